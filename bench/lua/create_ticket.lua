-- POST /api/tickets with a JSON body: a new ticket on every request, as the signed-in user.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local words = { "printer", "invoice", "vpn", "laptop", "email", "backup", "monitor", "wifi" }
local sent = 0

function request()
  sent = sent + 1
  local subject = words[math.random(1, #words)]
  local body = string.format(
    '{"title":"Bench %s ticket %d-%d","description":"The %s stopped working during the benchmark ' ..
    '(thread %d, request %d).","priority":"normal"}',
    subject, thread_number or 0, sent, subject, thread_number or 0, sent)
  return wrk.format(nil, "/api/tickets", nil, body)
end
