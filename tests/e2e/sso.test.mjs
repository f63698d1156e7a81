// « Se connecter avec … » (docs/sso.md): the sign-in page's button when
// single sign-on is on, the round trip through the tests' real OpenID
// provider (tests/api/oidc_provider.mjs: its interaction signs the chosen
// account in without a form), signed in on Accueil, then signed out with
// the sign-out at the provider; passwords off: the form folded for the
// break-glass administrator. One page, one provider.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN, needsStack, launch, newPage, Api, eventually, axeViolations } from './helpers.mjs';
import { startProvider, CLIENTS } from '../api/oidc_provider.mjs';

let browser, admin, op;

before(async () => {
  if (needsStack.skip) return;
  browser = await launch();
  admin = await Api.admin();
  op = await startProvider({ redirectUri: `${BASE}/api/v1/auth/oidc/callback`, postLogoutUri: `${BASE}/` });
  const c = CLIENTS.rs;
  await admin.request('PUT', '/admin/sso', {
    enabled: true, label: 'ProConnect', issuer: op.issuer, client_id: c.client_id, client_secret: c.client_secret,
    client_auth: c.auth, scopes: 'openid email profile org', create_accounts: true, match_email: true, logout: true,
    claims_mapping: { email: 'email', name: 'name', department: 'department', site: 'site' },
  });
});

after(async () => {
  if (admin) await admin.request('PUT', '/admin/sso', { passwords_off: false, enabled: false, logout: false, breakglass_email: '' });
  if (browser) await browser.close();
  if (op) await op.stop();
});

test('« Se connecter avec ProConnect »: signed in through the provider, then out of both', needsStack, async () => {
  const sub = `e2e-${Date.now()}`;
  op.accounts.set(sub, { email: `${sub}@example.org`, email_verified: true, name: 'Louise Provider', department: 'Accueil', site: 'Brest' });
  op.use(sub);
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${BASE}/connexion`);
    const button = page.getByRole('link', { name: 'Se connecter avec ProConnect' });
    await button.waitFor();
    assert.deepEqual(await axeViolations(page, '.signin-card'), []);
    // the password form stays, after « ou »
    await page.getByLabel('Mot de passe').waitFor();
    await button.click();
    await page.locator('header .user-menu button').first().waitFor();
    assert.equal(new URL(page.url()).origin, BASE);
    assert.equal((await context.request.get(`${BASE}/api/v1/me`)).status(), 200);
    await page.getByRole('button', { name: 'Louise Provider' }).click();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    // the provider's sign-out page: the browser left Parvis for it
    await eventually(async () => page.url().startsWith(`${op.issuer}/session/end`), { message: 'the provider\'s sign-out' });
    // and the session at Parvis is over (the browser's own cookies)
    assert.equal((await context.request.get(`${BASE}/api/v1/me`)).status(), 401);

    // passwords off: the form is folded under « Connexion de secours »
    await admin.request('PUT', '/admin/sso', { passwords_off: true, breakglass_email: ADMIN.email });
    await page.goto(`${BASE}/connexion`);
    await page.getByRole('link', { name: 'Se connecter avec ProConnect' }).waitFor();
    const fold = page.getByText('Connexion de secours (administrateur)');
    await fold.waitFor();
    assert.equal(await page.getByLabel('Mot de passe').isVisible(), false);
    await fold.click();
    await page.getByLabel('Mot de passe').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Mot de passe oublié ?' }).count(), 0);
  } finally {
    await context.close();
  }
});
