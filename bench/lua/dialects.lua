-- One Jeton operation through the standard endpoint or a seed dialect, for bench/dialects.sh.
-- Env: OP (introspect | c1-validate | onesait-check | refresh | c1-renew | ags-refresh),
--   BASIC_AUTH (base64 of client:secret), ACCESS_TOKEN (the validate ops), SEED_FILE (refresh ops:
--   unused refresh tokens, one a line, at least one per connection), REALM, USERNAME.
-- Refresh tokens rotate: each request spends a token from the thread's pool and the token in its
-- 200 answer goes back into the pool, so no token is ever sent twice. done() prints one line,
-- RESULT {json}, with the request rate, latencies and every status code seen.
local op = assert(os.getenv("OP"), "OP not set")
local realm = os.getenv("REALM") or "bench"
local username = os.getenv("USERNAME") or "bench-user"
local basic = "Basic " .. (os.getenv("BASIC_AUTH") or "")
local threads, next_id = {}, 0
codes, extra = {}, {}   -- per thread, globals so that thread:get can read them in done()
local pool, path, field

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function bump(name) extra[name] = (extra[name] or 0) + 1 end

function setup(thread)
  thread:set("id", next_id)
  thread:set("nthreads", tonumber(os.getenv("WRK_THREADS") or "1"))
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  wrk.headers["Accept"] = "application/json"
  local at = os.getenv("ACCESS_TOKEN") or ""
  if op == "introspect" then
    wrk.method, wrk.path = "POST", "/realms/" .. realm .. "/oauth2/introspect"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
    wrk.headers["Authorization"] = basic
    wrk.body = "token=" .. urlencode(at)
  elseif op == "c1-validate" then
    wrk.method, wrk.path = "GET", "/auth/validate?accessToken=" .. urlencode(at)
    wrk.headers["Authorization"] = basic
  elseif op == "onesait-check" then
    wrk.method, wrk.path = "GET", "/oauth-server/oauth/check_token?token=" .. urlencode(at)
    wrk.headers["Authorization"] = basic
  elseif op == "refresh" then
    wrk.method, path, field = "POST", "/realms/" .. realm .. "/oauth2/token", "refresh_token"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
    wrk.headers["Authorization"] = basic
  elseif op == "c1-renew" then
    wrk.method, path, field = "POST", "/auth/renew", "refreshToken"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = basic
  elseif op == "ags-refresh" then
    wrk.method, path, field = "POST", "/ags/refresh", "refresh_token"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["nv-tenant-id"] = realm
    wrk.headers["x-auth-service-id"] = os.getenv("AUTH_SERVICE") or "password"
    wrk.body = '{"parameters":[{"name":"username","value":"' .. username .. '"}]}'
  else
    error("unknown OP " .. op)
  end
  if field then
    pool = {}
    local i = 0
    local seed = assert(os.getenv("SEED_FILE"), "SEED_FILE not set")
    for line in io.lines(seed) do
      if line ~= "" then
        if i % nthreads == id then table.insert(pool, line) end
        i = i + 1
      end
    end
  end
end

function request()
  if not field then return wrk.format() end
  local tok = table.remove(pool)
  if not tok then bump("pool_empty"); tok = "none" end
  if op == "refresh" then
    return wrk.format(nil, path, nil, "grant_type=refresh_token&refresh_token=" .. urlencode(tok))
  elseif op == "c1-renew" then
    return wrk.format(nil, path, nil, '{"refreshToken":"' .. tok .. '"}')
  else
    wrk.headers["Authorization"] = "Bearer " .. tok
    return wrk.format(nil, path)
  end
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
  if field and status == 200 then
    local rt = body:match('"' .. field .. '"%s*:%s*"([^"]+)"')
    if rt then table.insert(pool, rt) else bump("no_token_in_answer") end
  end
end

function done(summary, latency, requests)
  local all, non200, cs, es, ex = {}, 0, {}, {}, {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("codes") or {}) do
      all[k] = (all[k] or 0) + v
      if k ~= 200 then non200 = non200 + v end
    end
    for k, v in pairs(t:get("extra") or {}) do ex[k] = (ex[k] or 0) + v end
  end
  for k, v in pairs(all) do table.insert(cs, string.format('"%d":%d', k, v)) end
  for k, v in pairs(ex) do table.insert(es, string.format('"%s":%d', k, v)) end
  local e, dur = summary.errors, summary.duration / 1e6
  io.write(string.format('RESULT {"op":"%s","requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,'
    .. '"p99_ms":%.3f,"mean_ms":%.3f,"codes":{%s},"non200":%d,"socket_errors":%d,"extra":{%s}}\n',
    op, summary.requests, dur, summary.requests / dur, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.mean / 1000, table.concat(cs, ","), non200,
    e.connect + e.read + e.write + e.timeout, table.concat(es, ",")))
end
