-- POST /api/auth/login with a JSON body, cycling over the demo accounts in BENCH_LOGIN_EMAILS
-- (comma-separated), all with the demo password. Every login is one bcrypt verification.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local emails = split_csv(env("BENCH_LOGIN_EMAILS"))
local password = env("BENCH_PASSWORD", "helpdesk-demo")

function request()
  local email = emails[math.random(1, #emails)]
  return wrk.format(nil, "/api/auth/login", nil,
    string.format('{"email":"%s","password":"%s"}', email, password))
end
