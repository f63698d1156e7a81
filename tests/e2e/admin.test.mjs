// Administration → Comptes: create an account, pass on its password, disable it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN, needsStack, launch, newPage, signIn, Api, createUser, unique } from './helpers.mjs';

let browser;
let admin;

before(async () => {
  if (needsStack.skip) return;
  browser = await launch();
  admin = await Api.admin();
});
after(async () => { if (browser) await browser.close(); });

async function trySignIn(email, password) {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${BASE}/`);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const shell = page.getByRole('navigation', { name: 'Navigation principale' });
    const alert = page.getByRole('alert');
    await Promise.race([shell.waitFor(), alert.waitFor()]);
    if (await shell.count()) return { ok: true };
    return { ok: false, message: (await alert.textContent()).trim() };
  } finally {
    await context.close();
  }
}

test('an administrator creates an account, sees its password once, and disables it', needsStack, async () => {
  const tag = unique();
  const email = `compte-${tag}@example.org`;
  const name = `Léa Garnier-${tag}`;
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { level: 1, name: 'Comptes' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin/comptes');

    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Créer le compte' }) });
    await form.getByLabel('Adresse e-mail').fill(email);
    await form.getByLabel('Nom affiché').fill(name);
    assert.equal(await form.getByLabel('Rôle').inputValue(), 'user');
    await form.getByRole('button', { name: 'Créer le compte' }).click();

    await page.getByRole('status').filter({ hasText: name }).waitFor();
    const secretBox = page.getByRole('region', { name: 'Mot de passe provisoire' });
    await secretBox.waitFor();
    await secretBox.getByText(email).waitFor();
    const initialPassword = (await secretBox.locator('code').textContent()).trim();
    assert.ok(initialPassword.length >= 8, 'a real password is shown');
    await secretBox.getByText(/ne sera plus affiché/).waitFor();
    assert.equal(await form.getByLabel('Adresse e-mail').inputValue(), '', 'the form is ready for the next one');

    const row = page.getByRole('listitem').filter({ hasText: email });
    await row.getByText('Actif').waitFor();

    // the password shown works
    assert.deepEqual(await trySignIn(email, initialPassword), { ok: true });

    // disable: the row says so and the button turns into "Réactiver"
    await row.getByRole('button', { name: `Désactiver le compte de ${name}` }).click();
    await row.getByText('Désactivé').waitFor();
    await row.getByRole('button', { name: `Réactiver le compte de ${name}` }).waitFor();
    await page.getByRole('status').filter({ hasText: 'désactivé' }).waitFor();

    // after a reload the list still shows the account as disabled (found
    // with the filter: the platform may hold thousands of accounts)
    await page.reload();
    await page.getByLabel('Filtrer par nom ou adresse e-mail').fill(email);
    await page.getByRole('listitem').filter({ hasText: email }).getByText('Désactivé').waitFor();

    // and the person can no longer sign in
    const attempt = await trySignIn(email, initialPassword);
    assert.equal(attempt.ok, false);
    assert.ok(attempt.message.length > 0);

    // reactivate
    const again = page.getByRole('listitem').filter({ hasText: email });
    await again.getByRole('button', { name: `Réactiver le compte de ${name}` }).click();
    await again.getByText('Actif').waitFor();
    assert.deepEqual(await trySignIn(email, initialPassword), { ok: true });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('creating an account with an e-mail already in use shows the error', needsStack, async () => {
  const existing = await createUser(admin);
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, ADMIN.email, ADMIN.password, { path: '/admin/comptes' });
    await page.getByRole('heading', { level: 1, name: 'Comptes' }).waitFor();
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Créer le compte' }) });
    await form.getByLabel('Adresse e-mail').fill(existing.email);
    await form.getByLabel('Nom affiché').fill('Doublon');
    await form.getByRole('button', { name: 'Créer le compte' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    assert.ok((await alert.textContent()).trim().length > 0);
    assert.equal(await page.getByRole('region', { name: 'Mot de passe provisoire' }).count(), 0);
  } finally {
    await context.close();
  }
});

test('the accounts page is for administrators only', needsStack, async () => {
  const person = await createUser(admin);
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, person.email, person.password, { path: '/admin/comptes' });
    await page.getByRole('alert').filter({ hasText: 'réservée aux administrateurs' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Créer le compte' }).count(), 0);
  } finally {
    await context.close();
  }
});
