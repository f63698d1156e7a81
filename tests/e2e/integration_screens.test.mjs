// The integration screens of issue #18 clicked through as their users do:
// Administration › Réglages › « Connexion unique » (docs/sso.md) and
// « Hôtes internes autorisés » (docs/feeds.md), Administration › Jetons de
// service (docs/api_tokens.md, in English on a 360 px phone), and a group's
// « Webhooks entrants » (its manager, Paramètres tab). Each: a wrong value
// refused and announced, then saved or made; the server asked through the
// API; what was made revoked; every setting changed put back in a finally.
// axe once per screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, ADMIN, needsStack, browserTests, newPage, signIn, createUser, groupWith, apiFor, unique, cardOf,
  axeViolations, noSideways,
} from './helpers.mjs';

const stack = browserTests();

const anonJson = async (path) => (await fetch(`${BASE}/api/v1${path}`, { headers: { Accept: 'application/json' } })).json();

test('Réglages › « Connexion unique » and « Hôtes internes autorisés »: a wrong value refused and announced, then saved; put back', needsStack, async () => {
  const admin = stack.admin;
  const ssoBefore = await admin.request('GET', '/admin/sso');
  const outBefore = await admin.request('GET', '/admin/outgoing');
  const { context, page } = await newPage(stack.browser);
  try {
    await signIn(page, ADMIN.email, ADMIN.password, { path: '/admin/reglages' });
    await page.getByRole('heading', { level: 1, name: 'Réglages' }).waitFor();

    // « Connexion unique »: an issuer in http:// is refused, the refusal announced and focused
    const sso = page.getByRole('region', { name: 'Connexion unique (SSO)' });
    const tag = unique();
    const label = `Annuaire ${tag}`;
    await sso.getByLabel('Activer la connexion unique').check();
    await sso.getByLabel('Nom du bouton').fill(label);
    const issuer = sso.getByLabel('Émetteur (issuer)');
    await issuer.fill('http://idp.exemple.fr/oidc');
    await sso.getByLabel('Identifiant client').fill(`parvis-${tag}`);
    if (!ssoBefore.client_secret_set) await sso.getByLabel('Secret client').fill(`secret-${tag}`);
    await sso.getByRole('radio', { name: 'client_secret_post' }).check();
    await sso.getByLabel('Service', { exact: true }).fill('organizational_unit');
    await sso.getByRole('button', { name: 'Appliquer la connexion unique' }).click();
    const refusal = sso.getByRole('alert').filter({ hasText: "L'émetteur doit être une adresse https://" });
    await refusal.waitFor();
    assert.equal(await refusal.evaluate((el) => el === document.activeElement), true, 'focus on the refusal, above the long form');
    assert.equal((await admin.request('GET', '/admin/sso')).enabled, ssoBefore.enabled, 'nothing saved');

    await issuer.fill('https://idp.exemple.fr/oidc');
    await sso.getByRole('button', { name: 'Appliquer la connexion unique' }).click();
    await sso.getByRole('status').filter({ hasText: 'Réglages de connexion unique enregistrés.' }).waitFor();
    const saved = await admin.request('GET', '/admin/sso');
    assert.equal(saved.enabled, true);
    assert.equal(saved.label, label);
    assert.equal(saved.issuer, 'https://idp.exemple.fr/oidc');
    assert.equal(saved.client_id, `parvis-${tag}`);
    assert.equal(saved.client_secret_set, true);
    assert.equal(saved.client_auth, 'client_secret_post');
    assert.equal(saved.claims_mapping.department, 'organizational_unit');
    // the form shown again from the answer: the secret kept, never shown
    await sso.getByText('Un secret est enregistré (chiffré) ; laissez vide pour le garder.').waitFor();
    assert.equal(await sso.getByLabel('Secret client').inputValue(), '');
    // the sign-in page learns of the button
    assert.equal((await anonJson('/auth/methods')).oidc.label, label);
    assert.deepEqual(await axeViolations(page, '.sso-settings'), [], 'axe on « Connexion unique »');

    // « Hôtes internes autorisés »: an unreadable entry refused with it, then a list saved
    const out = page.getByRole('region', { name: 'Hôtes internes autorisés' });
    const allow = out.getByLabel('Adresses, plages ou noms autorisés');
    await allow.fill('192.0.2.7\n10.0.0.0/99');
    await out.getByRole('button', { name: 'Autoriser ces hôtes' }).click();
    await out.getByRole('alert').filter({ hasText: '« 10.0.0.0/99 »' }).waitFor();
    assert.equal(await allow.evaluate((el) => el === document.activeElement), true, 'focus back on the list');
    assert.equal((await admin.request('GET', '/admin/outgoing')).allow, outBefore.allow, 'nothing saved');
    await allow.fill('192.0.2.7, 10.1.2.0/24');
    await out.getByRole('button', { name: 'Autoriser ces hôtes' }).click();
    await out.getByRole('status').filter({ hasText: 'Liste enregistrée : elle s\'applique dans la seconde.' }).waitFor();
    assert.equal((await admin.request('GET', '/admin/outgoing')).allow, '192.0.2.7, 10.1.2.0/24');
    assert.deepEqual(await axeViolations(page, 'section:has(> h2[id^="outgoing-title"])'), [], 'axe on « Hôtes internes autorisés »');

    // shown again as saved
    await page.reload();
    assert.equal(await page.getByRole('region', { name: 'Hôtes internes autorisés' }).getByLabel('Adresses, plages ou noms autorisés').inputValue(),
      '192.0.2.7, 10.1.2.0/24');
    assert.equal(await page.getByRole('region', { name: 'Connexion unique (SSO)' }).getByLabel('Nom du bouton').inputValue(), label);
    assert.deepEqual(page.problems, []);
  } finally {
    await admin.request('PUT', '/admin/outgoing', { allow: outBefore.allow });
    const { client_secret_set: secretWas, redirect_uri: _r, post_logout_redirect_uri: _p, ...fields } = ssoBefore;
    await admin.request('PUT', '/admin/sso', { ...fields, ...(secretWas ? {} : { client_secret: '' }) });
    await context.close();
  }
});

test('Administration › Jetons de service, in English at 360 px: the account asked for, a token shown once, used, revoked', needsStack, async () => {
  const admin = stack.admin;
  const tag = unique();
  const account = `Payroll robot ${tag}`;
  const { context, page } = await newPage(stack.browser, { locale: 'en-GB', viewport: { width: 360, height: 740 } });
  let made = null;
  try {
    await signIn(page, ADMIN.email, ADMIN.password, { path: '/admin/jetons' });
    await page.getByRole('heading', { level: 1, name: 'Service tokens' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'New service token' }).waitFor();

    // no account: said, and the focus on its field
    const accountField = page.getByLabel('Service account');
    await page.getByLabel('Name', { exact: true }).fill('Payroll export');
    await page.getByRole('button', { name: 'Create the token' }).click();
    await page.getByRole('alert').filter({ hasText: "Give the service account's name." }).waitFor();
    assert.equal(await accountField.evaluate((el) => el === document.activeElement), true, 'focus on the account');

    await accountField.fill(account);
    await page.getByRole('checkbox', { name: 'Write' }).check();
    await page.getByRole('button', { name: 'Create the token' }).click();
    const shown = page.getByRole('region', { name: 'Token « Payroll export »:' });
    const secret = (await shown.locator('.secret-value').textContent()).trim();
    assert.match(secret, /^pvt_[A-Za-z0-9_-]{43}$/);
    assert.equal(await shown.getByRole('button', { name: 'Copy' }).evaluate((el) => el === document.activeElement), true, 'focus on « Copy »');
    const row = page.locator('.tokens-table tbody tr', { hasText: account });
    await row.waitFor();
    assert.match(await row.innerText(), /Payroll export[\s\S]*Read, Write/);
    assert.ok(!(await page.locator('.token-list').innerText()).includes(secret.slice(10)), 'the list does not show the secret');
    await noSideways(page);
    assert.deepEqual(await axeViolations(page), [], 'axe at 360 px, in English');

    // the server has it, for the service account; the token works
    made = (await admin.request('GET', '/admin/tokens')).items.find((x) => x.account && x.account.name === account);
    assert.ok(made, 'listed by GET /admin/tokens');
    assert.deepEqual(made.scopes, ['read', 'write']);
    const me = await fetch(`${BASE}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(me.status, 200);
    assert.equal((await me.json()).user.id, made.account.id);

    await row.getByRole('button', { name: 'Revoke Payroll export' }).click();
    await page.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('status').filter({ hasText: 'Token « Payroll export » revoked.' }).waitFor();
    assert.equal(await page.locator('.tokens-table tbody tr', { hasText: account }).count(), 0, 'said once gone from the list');
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Existing tokens' }).evaluate((el) => el === document.activeElement), true,
      'focus on the list, its button gone');
    assert.equal((await fetch(`${BASE}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })).status, 401);
    made = null;
    assert.deepEqual(page.problems, []);
  } finally {
    if (made) await admin.request('DELETE', `/admin/tokens/${made.id}`, undefined, { expect: 204 }).catch(() => {});
    await context.close();
  }
});

test('a group\'s « Webhooks entrants »: its manager makes an address, a tool posts through it as « Connecteur », revoked it answers 404', needsStack, async () => {
  const tag = unique();
  const manager = await createUser(stack.admin, { name: `Gaëlle Astreinte-${tag}` });
  const group = await groupWith(await apiFor(manager), [], { name: `Astreinte ${tag}` });
  const hookName = `Supervision ${tag}`;
  const { context, page } = await stack.pageFor(manager, { path: `/groupes/${group.id}?onglet=parametres` });
  try {
    const hooks = page.getByRole('region', { name: 'Webhooks entrants' });
    await hooks.getByText('Aucun webhook entrant.').waitFor();
    const name = hooks.getByLabel('Nom du webhook');
    await hooks.getByRole('button', { name: "Créer l'adresse" }).click();
    await hooks.getByRole('alert').filter({ hasText: 'Donnez un nom au webhook.' }).waitFor();
    assert.equal(await name.evaluate((el) => el === document.activeElement), true, 'focus on the name');

    await name.fill(hookName);
    await hooks.getByRole('button', { name: "Créer l'adresse" }).click();
    const shown = hooks.getByRole('region', { name: `Adresse du webhook « ${hookName} » :` });
    const address = (await shown.locator('.secret-value').textContent()).trim();
    assert.match(address, /\/api\/v1\/hooks\/in\/[A-Za-z0-9_-]{43}$/);
    assert.equal(await shown.getByRole('button', { name: 'Copier' }).evaluate((el) => el === document.activeElement), true, 'focus on « Copier »');
    await hooks.locator('.hook-example', { hasText: address }).waitFor();
    const item = hooks.getByRole('listitem').filter({ hasText: hookName });
    await item.getByText('0 publication(s), dernière : jamais').waitFor();
    assert.deepEqual(await axeViolations(page, 'section:has(> h3[id^="hooks-title"])'), [], 'axe on « Webhooks entrants »');
    const listed = (await (await apiFor(manager)).request('GET', `/groups/${group.id}/webhooks/incoming`)).items;
    assert.deepEqual(listed.map((x) => x.name), [hookName]);

    // a tool posts through it (no session): a post of the group, « Connecteur »
    const hookUrl = new URL(new URL(address).pathname, BASE).href;
    const text = `Le disque /var est plein (${tag}).`;
    const posted = await fetch(hookUrl, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Alerte disque', text }),
    });
    assert.equal(posted.status, 201, await posted.clone().text());
    await page.goto(`/groupes/${group.id}`);
    const card = cardOf(page, text);
    await card.waitFor();
    await card.getByRole('link', { name: hookName }).waitFor();
    assert.equal(await card.locator('.badge-connector').innerText(), 'Connecteur');

    // revoked after a confirmation: the address answers 404
    await page.goto(`/groupes/${group.id}?onglet=parametres`);
    await item.getByText(/1 publication\(s\), dernière : /).waitFor();
    await item.getByRole('button', { name: `Révoquer ${hookName}` }).click();
    await page.getByRole('dialog', { name: 'Révoquer ce webhook ?' }).getByRole('button', { name: 'Révoquer' }).click();
    await hooks.getByRole('status').filter({ hasText: `Webhook « ${hookName} » révoqué.` }).waitFor();
    await hooks.getByText('Aucun webhook entrant.').waitFor();
    const again = await fetch(hookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'encore' }) });
    assert.equal(again.status, 404);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
