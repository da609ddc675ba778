-- RFC 7662 introspection of tokens drawn uniformly at random from the population that
-- pop-mint.lua minted (bench/pop.sh, scenario introspect-pop). TOKENS_FILE holds POP records of
-- RECORD_LEN bytes each (a token padded with spaces, then a newline), so a draw is one seek and one
-- read of the page-cached file: no thread holds the population in memory (10^6 Keycloak tokens
-- of 1.2 KB would be 1.2 GB per thread). Every answer is counted: extra.active for a 200 whose body
-- says "active":true, extra.inactive for anything else; pop.sh calls a run valid only when
-- inactive is 0, since every token of the population is live.
-- Env: PEERS_LUA, TOKENS_FILE, RECORD_LEN, POP, REQ_PATH, BASIC_AUTH, WRK_THREADS.
package.path = assert(os.getenv("PEERS_LUA"), "PEERS_LUA not set") .. "/?.lua;" .. package.path
local c = require("common")
c.form_headers()
local path = assert(os.getenv("REQ_PATH"), "REQ_PATH not set")
local len = assert(tonumber(os.getenv("RECORD_LEN")), "RECORD_LEN not set")
local pop = assert(tonumber(os.getenv("POP")), "POP not set")
local f

function init(args)
  f = assert(io.open(assert(os.getenv("TOKENS_FILE"), "TOKENS_FILE not set"), "rb"))
  -- each thread its own sequence: seed from the kernel, not from the clock both threads share
  local r = assert(io.open("/dev/urandom", "rb"))
  local b = r:read(4); r:close()
  math.randomseed(b:byte(1) + 256 * (b:byte(2) + 256 * (b:byte(3) + 256 * b:byte(4))) + id)
end

function request()
  f:seek("set", (math.random(pop) - 1) * len)
  local tok = f:read(len - 1):match("^(%S+)")
  return wrk.format(nil, path, nil, "token=" .. c.urlencode(tok) .. "&token_type_hint=access_token")
end

function response(status, headers, body)
  c.count(status)
  if status == 200 and body:find('"active"%s*:%s*true') then c.bump("active") else c.bump("inactive") end
end
