-- Mints the token population of bench/pop.sh: the token request BODY (client_credentials) again
-- and again; the access_token of each 200 answer goes to OUT_PREFIX.<thread id>, one a line, until
-- this thread has written QUOTA of them. Then the thread writes OUT_PREFIX.<thread id>.done and
-- stops its own event loop; pop.sh ends wrk (SIGINT) once every thread is done, so the mint takes
-- as long as it needs and no longer. Uses ../shared/peers/lua/common.lua (PEERS_LUA) for the
-- headers, the status counts and the RESULT line.
-- Env: PEERS_LUA, BODY, OUT_PREFIX, QUOTA, BASIC_AUTH, WRK_THREADS.
package.path = assert(os.getenv("PEERS_LUA"), "PEERS_LUA not set") .. "/?.lua;" .. package.path
local c = require("common")
c.form_headers()
wrk.body = assert(os.getenv("BODY"), "BODY not set")
local prefix = assert(os.getenv("OUT_PREFIX"), "OUT_PREFIX not set")
local quota = assert(tonumber(os.getenv("QUOTA")), "QUOTA not set")
local out, n = nil, 0

function init(args)
  out = assert(io.open(prefix .. "." .. id, "w"))
  out:setvbuf("full")
end

function response(status, headers, body)
  c.count(status)
  if status ~= 200 or n >= quota then return end
  local t = body:match('"access_token"%s*:%s*"([^"]+)"')
  if not t then c.bump("no_access_token"); return end
  out:write(t, "\n")
  n = n + 1
  if n == quota then
    out:close()
    local d = assert(io.open(prefix .. "." .. id .. ".done", "w")); d:close()
    wrk.thread:stop()
  end
end
