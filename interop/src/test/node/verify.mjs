// Recipe 5 of docs/integrations.md: verify a Jeton access token in Node with panva's jose, the
// RFC 9068 way. NodeJoseTest runs this file: it reads {name: {jwksUri, issuer, audience, token}}
// as JSON on stdin and prints {name: {ok, sub, scope} | {ok: false, code, claim, message}}.
import { createRemoteJWKSet, jwtVerify } from 'jose';

// --- the recipe -------------------------------------------------------------------------------
export function accessTokenVerifier({ jwksUri, issuer, audience }) {
  const jwks = createRemoteJWKSet(new URL(jwksUri)); // fetched once, cached, refetched on a new kid
  return async (token) => {
    const { payload } = await jwtVerify(token, jwks, {
      issuer,
      audience,
      typ: 'at+jwt', // RFC 9068 section 4: "verify that the typ header value is at+jwt"
      algorithms: ['ES256'],
      requiredClaims: ['sub', 'exp', 'iat', 'jti', 'client_id'],
    });
    return payload; // payload.sub, payload.scope ("orders:read orders:write"), payload.client_id
  };
}
// ------------------------------------------------------------------------------------------------

const input = JSON.parse(await new Promise((resolve, reject) => {
  let data = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { data += chunk; });
  process.stdin.on('end', () => resolve(data));
  process.stdin.on('error', reject);
}));
const verifiers = new Map(); // one per realm, as an app would keep it
const out = {};
for (const [name, { token, ...realm }] of Object.entries(input)) {
  const key = JSON.stringify(realm);
  if (!verifiers.has(key)) {
    verifiers.set(key, accessTokenVerifier(realm));
  }
  try {
    const payload = await verifiers.get(key)(token);
    out[name] = { ok: true, sub: payload.sub, scope: payload.scope };
  } catch (e) {
    out[name] = { ok: false, code: e.code ?? e.name, claim: e.claim ?? null, message: e.message };
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
