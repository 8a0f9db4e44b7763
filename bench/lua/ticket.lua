-- GET /api/tickets/{id}<BENCH_SUFFIX> for an id drawn at random from 1..BENCH_MAX_ID
-- (the seeded ids). BENCH_SUFFIX is "" (one ticket) or "/comments" (its comments).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "common.lua")

local max_id = tonumber(env("BENCH_MAX_ID"))
local suffix = env("BENCH_SUFFIX", "")

function request()
  return wrk.format("GET", "/api/tickets/" .. math.random(1, max_id) .. suffix)
end
