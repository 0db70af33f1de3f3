-- wrk script for the engine benchmarks.
-- args: <mode: get|put|list> <ids file> <bearer token>
-- get: GET one connection, ids drawn in turn; put: PUT a changed nfs_timeo on a different
-- connection each time (threads interleave so no two requests in flight share one); list: GET all.
-- done() prints one JSON line the runner reads.

local threads = {}
local mode, ids, n, token, step, i

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  mode, token = args[1], args[3]
  ids = {}
  for line in io.lines(args[2]) do ids[#ids + 1] = line end
  n = #ids
  step = 97 -- walk the ids in a scattered order
  i = tid * 7919
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Accept"] = "application/json"
  if mode == "put" then wrk.headers["Content-Type"] = "application/json" end
end

local base = "/ovirt-engine/api/storageconnections"

function request()
  i = i + step
  local id = ids[(i % n) + 1]
  if mode == "get" then
    return wrk.format("GET", base .. "/" .. id)
  elseif mode == "put" then
    local body = string.format('{"nfs_timeo":"%d"}', 100 + (i % 500))
    -- (headers nil: wrk.format then uses wrk.headers, which carry the token)
    return wrk.format("PUT", base .. "/" .. id, nil, body)
  else
    return wrk.format("GET", base)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"errors_status":%d,"errors_connect":%d,' ..
    '"errors_read":%d,"errors_write":%d,"errors_timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end
