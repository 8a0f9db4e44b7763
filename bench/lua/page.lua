-- GET /api/tickets?limit=20&cursor=<c>: a page deep in the list. The cursors (one per line in the
-- file BENCH_CURSORS) are the ones the server itself hands out, for tickets spread over the whole
-- table, so every request starts its page at a random depth.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "common.lua")

local cursors = {}
for line in io.lines(env("BENCH_CURSORS")) do
  if line ~= "" then cursors[#cursors + 1] = line end
end
if #cursors == 0 then error("bench: no cursors in " .. env("BENCH_CURSORS")) end
local limit = env("BENCH_LIMIT", "20")

function request()
  return wrk.format("GET", "/api/tickets?limit=" .. limit .. "&cursor=" .. cursors[math.random(1, #cursors)])
end
