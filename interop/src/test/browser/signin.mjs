// Browser sign-in end to end (SPEC 9), run by BrowserSignInTest with one JSON object on stdin:
//   {mode, issuer, base, clientId, redirectUri, postLogoutRedirectUri, username, password,
//    introspection: {clientId, secret}, chromium, userDataDir, screenshot}
// mode "browser": Debian's chromium through playwright-core opens the authorize URL that
//   openid-client builds, axe-core checks the login page, the form is filled by keyboard and
//   submitted, the redirect is caught, openid-client redeems the code (PKCE, iss checked), the
//   token is introspected, a second authorize is answered at once from the browser session, the
//   cookie is exchanged through Amino, and logout revokes both tokens.
// mode "library": the same flow with no browser: fetch plays the browser, openid-client is used
//   unchanged (buildAuthorizationUrl + authorizationCodeGrant with PKCE).
// Prints one JSON object with every observation; BrowserSignInTest asserts on it.
import * as oidc from 'openid-client';

const input = JSON.parse(await new Promise((resolve) => {
  let s = '';
  process.stdin.on('data', (d) => { s += d; });
  process.stdin.on('end', () => resolve(s));
}));
const out = {};

const config = await oidc.discovery(new URL(input.issuer), input.clientId, undefined, oidc.None(),
  { execute: [oidc.allowInsecureRequests] });
const verifier = oidc.randomPKCECodeVerifier();
const state = oidc.randomState();
const authorizeUrl = oidc.buildAuthorizationUrl(config, {
  redirect_uri: input.redirectUri,
  scope: 'orders:read',
  code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
  code_challenge_method: 'S256',
  state,
});

async function introspect(token) {
  const r = await fetch(input.issuer + '/oauth2/introspect', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: 'Basic ' + Buffer.from(input.introspection.clientId + ':' + input.introspection.secret).toString('base64'),
    },
    body: new URLSearchParams({ token }),
  });
  return r.json();
}

async function redeem(callbackUrl) {
  const tokens = await oidc.authorizationCodeGrant(config, new URL(callbackUrl),
    { pkceCodeVerifier: verifier, expectedState: state });
  return tokens;
}

if (input.mode === 'library') {
  // fetch as the browser: the login page, its CSRF cookie and hidden fields, the form post
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  out.loginStatus = page.status;
  const html = await page.text();
  const csrfCookie = page.headers.get('set-cookie').split(';')[0];
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.append(m[1], m[2].replaceAll('&#34;', '"').replaceAll('&lt;', '<').replaceAll('&amp;', '&'));
  }
  form.append('username', input.username);
  form.append('password', input.password);
  const posted = await fetch(input.issuer + '/oauth2/authorize', {
    method: 'POST', redirect: 'manual', body: form,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie },
  });
  out.postStatus = posted.status;
  const callback = posted.headers.get('location');
  out.callbackParams = [...new URL(callback).searchParams.keys()];
  const tokens = await redeem(callback);
  out.tokenType = tokens.token_type;
  out.scope = tokens.scope;
  out.hasRefreshToken = typeof tokens.refresh_token === 'string';
  out.introspection = await introspect(tokens.access_token);
  // openid-client refuses a callback whose iss is not the issuer (RFC 9207)
  const forged = new URL(callback);
  forged.searchParams.set('iss', 'https://evil.example/realms/shop');
  try {
    await oidc.authorizationCodeGrant(config, forged, { pkceCodeVerifier: verifier, expectedState: state });
    out.forgedIss = 'accepted';
  } catch (e) {
    out.forgedIss = e.code || e.message;
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}

// The client's redirect URIs (http://spa.example/...) are served by this process: Chromium resolves
// spa.example to a loopback server that records every URL it is sent to (a Playwright route would
// not see the redirect that follows the form post).
const http = await import('node:http');
const callbacks = [];
const app = http.createServer((req, res) => {
  const url = 'http://spa.example' + req.url;
  if (req.url.startsWith('/bye')) {
    out.postLogoutUrl = url;
  } else if (req.url.startsWith('/cb')) {
    callbacks.push(url); // not /favicon.ico
  }
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('ok');
});
await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
const appPort = app.address().port;
const { chromium } = await import('playwright-core');
const axe = (await import('axe-core')).default;
// a fresh profile (Playwright passes it as --user-data-dir); without the background-networking
// flags Chromium keeps calling home, which a closed network answers with nothing but delay
const context = await chromium.launchPersistentContext(input.userDataDir, {
  executablePath: input.chromium,
  headless: true,
  viewport: { width: 720, height: 640 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--host-resolver-rules=MAP spa.example 127.0.0.1:' + appPort],
});
try {
  const page = context.pages()[0] || await context.newPage();
  // every error answer the pages' own requests got (the stylesheet, say), and any CSP report
  // in the console; the browser's own favicon probe is not the page's
  const failed = [];
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) failed.push(r.status() + ' ' + r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) failed.push(m.text());
  });

  const login = await page.goto(authorizeUrl.href);
  out.loginStatus = login.status();
  out.loginHeaders = {
    xFrameOptions: login.headers()['x-frame-options'],
    csp: login.headers()['content-security-policy'],
  };
  out.title = await page.title();
  out.scripts = await page.locator('script').count();

  // axe-core, evaluated through the DevTools protocol (the page's CSP allows no script tag)
  await page.evaluate(axe.source);
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  out.violations = results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  out.passes = results.passes.map((v) => v.id);
  await page.screenshot({ path: input.screenshot });

  // keyboard only: Tab from the top reaches username, password, then the button
  out.focusOrder = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    out.focusOrder.push(await page.evaluate(() => document.activeElement.id || document.activeElement.tagName.toLowerCase()));
  }
  await page.focus('#username');
  await page.keyboard.type(input.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(input.password);
  await Promise.all([page.waitForURL(input.redirectUri + '*'), page.keyboard.press('Enter')]);
  out.callbackParams = [...new URL(callbacks[0]).searchParams.keys()];
  const cookies = await context.cookies(input.base);
  const session = cookies.find((c) => c.name === 'jeton_session');
  out.sessionCookie = session && { httpOnly: session.httpOnly, sameSite: session.sameSite, path: session.path };

  const tokens = await redeem(callbacks[0]);
  out.introspection = await introspect(tokens.access_token);

  // a second authorization request with the live browser session: redirected at once, no form
  const second = oidc.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri, scope: 'orders:read', state: 'again',
    code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
  });
  await page.goto(second.href);
  out.secondRedirectedAtOnce = callbacks.length === 2 && new URL(callbacks[1]).searchParams.get('state') === 'again';

  // Amino's cookie exchange with the browser's own cookie
  const exchanged = await context.request.post(input.base + '/amino/token/exchange');
  out.exchangeStatus = exchanged.status();
  const doc = await exchanged.json();
  const aminoToken = doc.data[0].attributes.access_token;
  out.aminoIntrospection = await introspect(aminoToken);

  // logout, back to the client's registered post-logout URI
  await page.goto(input.issuer + '/oauth2/logout?' + new URLSearchParams({
    client_id: input.clientId, post_logout_redirect_uri: input.postLogoutRedirectUri, state: 'bye-1',
  }));
  out.afterLogout = (await introspect(tokens.access_token)).active;
  out.aminoAfterLogout = (await introspect(aminoToken)).active;
  const again = await context.request.post(input.base + '/amino/token/exchange');
  out.exchangeAfterLogout = again.status();
  out.failed = failed;
} finally {
  await context.close();
  app.close();
}
console.log(JSON.stringify(out));
