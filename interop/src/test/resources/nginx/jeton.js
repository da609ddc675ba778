// Recipe 6 of docs/integrations.md: nginx checks each request's bearer token with Jeton's RFC 7662
// introspection (auth_request + njs). NginxIntrospectionTest runs nginx with this file and
// nginx.conf beside it.

const AUDIENCE = 'orders-api'; // the API's name: the realm's `audience`

// auth_request handler: 204 with the caller in X-Jeton-* headers, 401 for no, a bad, an expired,
// a revoked or another API's token; a failed introspection is answered 500 by nginx (fail closed).
async function check(r) {
  const m = /^Bearer +([A-Za-z0-9\-._~+\/]+=*)$/i.exec(r.headersIn.Authorization || '');
  if (!m) {
    r.return(401);
    return;
  }
  const reply = await r.subrequest('/_jeton_introspect', {
    method: 'POST',
    body: 'token=' + encodeURIComponent(m[1]),
  });
  if (reply.status !== 200) {
    r.error('jeton introspection answered ' + reply.status);
    r.return(502);
    return;
  }
  const token = JSON.parse(reply.responseText);
  const aud = [].concat(token.aud || []);
  if (token.active !== true || aud.indexOf(AUDIENCE) < 0) {
    r.return(401);
    return;
  }
  r.headersOut['X-Jeton-Sub'] = token.sub;
  r.headersOut['X-Jeton-Client-Id'] = token.client_id;
  r.headersOut['X-Jeton-Scope'] = token.scope || '';
  r.return(204);
}

export default { check };
