-- Shared by every bench scenario (loaded with dofile from the scenario script).
--
-- * BENCH_TOKEN (optional): sent as "Authorization: Bearer <token>" on every request.
-- * Each wrk thread gets its own, fixed random seed, so runs repeat the same request sequence.
-- * done() prints one line "BENCH_JSON {...}" with throughput, latency percentiles and error counts;
--   bench/run.sh picks it out of wrk's output.

function env(name, default)
  local value = os.getenv(name)
  if value == nil or value == "" then
    if default == nil then error("bench: environment variable " .. name .. " is not set") end
    return default
  end
  return value
end

function split_csv(text)
  local items = {}
  for item in string.gmatch(text, "[^,]+") do items[#items + 1] = item end
  if #items == 0 then error("bench: empty list") end
  return items
end

local token = os.getenv("BENCH_TOKEN")
if token ~= nil and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
end

function init(args)
  -- thread_number is set by setup() before init() runs in the thread's own Lua state.
  math.randomseed(1000 + (thread_number or 0) * 7919)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_s":%.3f,"rps":%.1f,"bytes":%d,' ..
    '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"mean_ms":%.3f,"max_ms":%.3f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d}}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout, e.status))
end
