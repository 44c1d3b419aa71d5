-- wrk script of the mixed-workload benchmark (bench/api_benchmark.sh): cycles
-- through the requests bench/mixed_setup.mjs wrote to the file named by
-- TANDEM_MIX (method, path, session cookie, CSRF token, body), each thread
-- from its own starting point. Per-route figures come from the server's
-- access log; wrk reports the whole mix.
local requests = {}
local next_index = 1

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 997)
end

function init(args)
  local list = dofile(os.getenv("TANDEM_MIX"))
  for i, r in ipairs(list) do
    local headers = { ["Cookie"] = r[3], ["X-CSRF-Token"] = r[4] }
    if r[5] ~= nil then headers["Content-Type"] = "application/json" end
    requests[i] = wrk.format(r[1], r[2], headers, r[5])
  end
  next_index = (offset or 0) % #requests + 1
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
