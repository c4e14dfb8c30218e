-- wrk script: POSTs DER OCSP requests (Content-Type application/ocsp-request, RFC 6960 Appendix A.1),
-- cycling through one request per certificate so the responder cannot answer from a single hot entry.
--   wrk -t1 -c64 -d30s --latency -s ocsp-post.lua http://127.0.0.1:18080/ocsp -- requests.txt
-- requests.txt lists one DER file per line (Myna.OcspLoad writes it).

-- wrk's own resolve() opens and at once closes a probe connection to each address. OpenSSL 3.0's
-- `openssl ocsp` responder then spins forever on that empty connection and answers nobody
-- (openssl/openssl#31129), so the probe is left out: the address is 127.0.0.1 and known to listen.
function wrk.resolve(host, service)
  wrk.addrs = wrk.lookup(host, service)
end

local threads = 0

-- Runs once per wrk thread, in the main Lua state: each thread starts at a different certificate.
function setup(thread)
  thread:set("first", threads * 7919)
  threads = threads + 1
end

local requests = {}
local count = 0
local next_index = 0

function init(args)
  local list = assert(io.open(args[1], "r"), "usage: -- requests.txt")
  for path in list:lines() do
    local file = assert(io.open(path, "rb"))
    local body = file:read("*a")
    file:close()
    count = count + 1
    -- Formatted once here, so each request costs wrk a table lookup, not a string build.
    requests[count] = wrk.format("POST", nil, { ["Content-Type"] = "application/ocsp-request" }, body)
  end
  list:close()
  assert(count > 0, "no requests listed")
  next_index = (first or 0) % count
end

function request()
  next_index = next_index % count + 1
  return requests[next_index]
end
