-- wrk script: rotate over the paths given in the PATHS environment variable (space-separated), and report
-- p50/p95/p99 latency, requests/s, and every non-2xx answer.
local paths = {}
for path in string.gmatch(os.getenv("PATHS") or "/", "%S+") do table.insert(paths, path) end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.1f p50=%.2f p95=%.2f p99=%.2f requests=%d errors=%d non2xx=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
