-- POST /api/tickets/{id}/comments with a JSON body, spread over the few ticket ids in
-- BENCH_TICKET_IDS (comma-separated). Each comment also bumps its ticket's updated_at.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local ids = split_csv(env("BENCH_TICKET_IDS"))
local sent = 0

function request()
  sent = sent + 1
  local id = ids[math.random(1, #ids)]
  local body = string.format('{"text":"Benchmark comment %d-%d: we are looking into it."}', thread_number or 0, sent)
  return wrk.format(nil, "/api/tickets/" .. id .. "/comments", nil, body)
end
