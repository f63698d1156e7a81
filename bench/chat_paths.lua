-- wrk -s bench/chat_paths.lua: each request a line drawn at random from
-- the file named by BENCH_PATHS ("cookie<TAB>path": a person and what they
-- ask), so that the requests are many people's, on many conversations.
-- At the end, one JSON line: requests/s, p50/p95/p99/max in ms, errors.
local lines = {}

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or os.time())
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    local cookie, path = line:match("^([^\t]+)\t(.+)$")
    if cookie then lines[#lines + 1] = { cookie, path } end
  end
end

function request()
  local l = lines[math.random(1, #lines)]
  return wrk.format("GET", l[2], { Cookie = l[1] })
end

function done(summary, latency, requests)
  local ms = function(us) return string.format("%.2f", us / 1000) end
  io.write(string.format('{"requests":%d,"rps":%.0f,"p50":%s,"p95":%s,"p99":%s,"max":%s,"non2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.requests / (summary.duration / 1e6),
    ms(latency:percentile(50)), ms(latency:percentile(95)), ms(latency:percentile(99)), ms(latency.max),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
