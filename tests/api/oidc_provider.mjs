// A real OpenID provider for the tests of single sign-on (docs/sso.md):
// the npm package oidc-provider (OpenID Certified), on a free port of
// 127.0.0.1, with two test clients of Parvis, RS256 and ES256 keys, and an
// interaction that signs in the account the test chose without a browser
// (the login and the consent are granted at once; the test follows the
// redirects with plain HTTP requests and a cookie jar: signIn below).
//
// Two hooks for the refusal tests: `forge(fn)` rewrites the ID token the
// real token endpoint answers (the discovery document and the key set stay
// the real provider's), and `rotate()` replaces the provider's keys on the
// same address, as a provider rotating its keys does.
import Provider from 'oidc-provider';
import { createHmac, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import http from 'node:http';

export const CLIENTS = {
  rs: { client_id: 'parvis-rs', client_secret: 'rs-' + randomBytes(12).toString('hex'), auth: 'client_secret_basic' },
  es: { client_id: 'parvis-es', client_secret: 'es-' + randomBytes(12).toString('hex'), auth: 'client_secret_post' },
};

export function rsaKey(kid) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}
export function ecKey(kid) {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
}

// the requests Parvis itself makes to the provider
const SERVER_PATHS = new Set(['/.well-known/openid-configuration', '/jwks', '/token', '/me']);

const b64u = (b) => Buffer.from(b).toString('base64url');
export function decode(jwt) {
  const [h, p] = jwt.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url')), payload: JSON.parse(Buffer.from(p, 'base64url')) };
}
// A compact JWS of header and payload signed with a private JWK (RS256 or ES256).
export function signJwt(header, payload, jwk) {
  const input = b64u(JSON.stringify(header)) + '.' + b64u(JSON.stringify(payload));
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  const sig = header.alg === 'ES256'
    ? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
    : sign('sha256', Buffer.from(input), key);
  return input + '.' + b64u(sig);
}
export function hmacJwt(header, payload, secret) {
  const input = b64u(JSON.stringify(header)) + '.' + b64u(JSON.stringify(payload));
  return input + '.' + b64u(createHmac('sha256', secret).update(input).digest());
}

// accounts: Map sub -> claims. Returns { issuer, keys, accounts, use(sub),
// forge(fn|null), rotate(), lastAuthorization, stop() }.
export async function startProvider({ redirectUri, postLogoutUri }) {
  const server = http.createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const state = {
    issuer, accounts: new Map(), current: null, forger: null, lastAuthorization: null,
    keys: { rsa: rsaKey('rsa-1'), ec: ecKey('ec-1') }, providerMs: 0,
  };

  function build() {
    const provider = new Provider(issuer, {
      clients: [
        { ...CLIENTS.rs, auth: undefined, token_endpoint_auth_method: 'client_secret_basic',
          redirect_uris: [redirectUri], post_logout_redirect_uris: [postLogoutUri],
          id_token_signed_response_alg: 'RS256', grant_types: ['authorization_code'], response_types: ['code'] },
        { ...CLIENTS.es, auth: undefined, token_endpoint_auth_method: 'client_secret_post',
          redirect_uris: [redirectUri], post_logout_redirect_uris: [postLogoutUri],
          id_token_signed_response_alg: 'ES256', userinfo_signed_response_alg: 'ES256',
          grant_types: ['authorization_code'], response_types: ['code'] },
      ],
      jwks: { keys: [state.keys.rsa, state.keys.ec] },
      findAccount: async (ctx, sub) => {
        const claims = state.accounts.get(sub);
        return claims && { accountId: sub, claims: async () => ({ sub, ...claims }) };
      },
      claims: {
        openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'],
        org: ['department', 'site'],
      },
      scopes: ['openid', 'email', 'profile', 'org'],
      acrValues: ['eidas1'],
      conformIdTokenClaims: false,
      cookies: { keys: [randomBytes(16).toString('hex')] },
      features: {
        devInteractions: { enabled: false }, claimsParameter: { enabled: true }, jwtUserinfo: { enabled: true },
        rpInitiatedLogout: { enabled: true },
      },
      interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
      pkce: { required: () => true, methods: ['S256'] },
      renderError: async (ctx, out) => { ctx.type = 'json'; ctx.body = out; },
    });
    provider.use(async (ctx, next) => {
      if (ctx.path === '/auth') state.lastAuthorization = { ...ctx.query };
      if (ctx.path.startsWith('/interaction/')) {
        const details = await provider.interactionDetails(ctx.req, ctx.res);
        const accountId = state.current;
        let result;
        if (process.env.OIDC_DEBUG) console.log('interaction', details.prompt.name, details.prompt.reasons, details.prompt.details);
        if (details.prompt.name === 'login') {
          result = { login: { accountId, acr: 'eidas1', amr: ['pwd'] } };
        } else {
          const grant = details.grantId ? await provider.Grant.find(details.grantId)
            : new provider.Grant({ accountId, clientId: details.params.client_id });
          const d = details.prompt.details;
          if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
          if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
          result = { consent: { grantId: await grant.save() } };
        }
        const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
        ctx.status = 303;
        ctx.redirect(to);
        return;
      }
      const t0 = performance.now();
      await next();
      // the provider's own time on the server-to-server requests (bench/oidc.sh subtracts it)
      if (SERVER_PATHS.has(ctx.path)) state.providerMs += performance.now() - t0;
      // the refusal tests: the real answer's ID token rewritten by the test
      if (ctx.path === '/token' && ctx.status === 200 && state.forger && ctx.body?.id_token)
        ctx.body = { ...ctx.body, id_token: state.forger(ctx.body.id_token, state.keys) };
    });
    return provider;
  }

  let provider = build();
  server.on('request', provider.callback());
  return {
    issuer,
    accounts: state.accounts,
    get keys() { return state.keys; },
    get lastAuthorization() { return state.lastAuthorization; },
    // milliseconds the provider spent answering Parvis's own requests
    get providerMs() { return state.providerMs; },
    use(sub) { state.current = sub; },
    forge(fn) { state.forger = fn; },
    // new keys (new kids) on the same address: a provider's key rotation
    rotate() {
      state.keys = { rsa: rsaKey('rsa-' + randomBytes(4).toString('hex')), ec: ecKey('ec-' + randomBytes(4).toString('hex')) };
      server.removeAllListeners('request');
      provider = build();
      server.on('request', provider.callback());
    },
    stop() { return new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }); },
  };
}

// A browser's sign-in through the provider, with plain HTTP requests: from
// Parvis's /auth/oidc/login, following every redirect with one cookie jar,
// up to Parvis's callback, whose answer is returned ({status, headers,
// text, url, hops: [{path, ms}]}). jar: a Map name -> value (Parvis's session cookie lands in
// it). stopBeforeCallback: returns {callbackUrl} without calling it.
export async function signIn(base, jar, { lang = 'en', stopBeforeCallback = false } = {}) {
  let url = new URL('/api/v1/auth/oidc/login', base);
  const hops = [];   // {path, ms} of each request
  for (let hop = 0; hop < 15; hop++) {
    if (stopBeforeCallback && url.pathname === '/api/v1/auth/oidc/callback') return { callbackUrl: url.href };
    const t0 = performance.now();
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { 'Accept-Language': lang, Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq), value = pair.slice(eq + 1);
      if (/Max-Age=0/i.test(c) || /expires=Thu, 01 Jan 1970/i.test(c) || value === '') jar.delete(name); else jar.set(name, value);
    }
    const text = await res.text();
    hops.push({ path: url.pathname, ms: performance.now() - t0 });
    const at = url;
    const location = res.headers.get('location');
    if (at.pathname === '/api/v1/auth/oidc/callback' || !location || res.status < 300 || res.status > 399)
      return { status: res.status, headers: res.headers, text, url: at.href, location, hops };
    url = new URL(location, at);
  }
  throw new Error('too many redirects');
}
