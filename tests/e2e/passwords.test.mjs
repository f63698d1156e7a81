// Passwords in the browser: « Mot de passe oublié ? » from the sign-in page,
// the mail received by a real SMTP server (tests/smtp/server.py), its link
// opening the page where the new password is typed twice (errors said and
// announced), then signing in with it; the used link refused; « Changer mon
// mot de passe » on one's profile; an administrator's « Envoyer un lien de
// réinitialisation ».
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, needsStack, launch, newPage, signIn, Api, createUser, eventually, strongPassword, useMailRelay } from './helpers.mjs';

let browser, admin, relay, smtp;

before(async () => {
  if (needsStack.skip) return;
  browser = await launch();
  admin = await Api.admin();
  relay = await useMailRelay(admin);
  smtp = relay.smtp;
});
after(async () => {
  await relay?.stop();
  if (browser) await browser.close();
});

/** The link of the n-th reset mail to `email` (1: the first). */
async function linkInMail(email, n = 1) {
  const m = await eventually(() => smtp.messages().filter((x) => x.envelope.rcpt_tos.includes(email))[n - 1],
    { timeout: 15000, message: `reset mail ${n} to ${email}` });
  const text = m.parts.find((p) => p.type === 'text/plain').body;
  const found = /(\S+\/mot-de-passe\/nouveau#[A-Za-z0-9_-]{43})\s/.exec(text);
  assert.ok(found, 'a link in the mail');
  return found[1];
}

test('forgotten password: from the sign-in page, through the mail\'s link, to signing in with the new one', needsStack, async () => {
  const person = await createUser(admin, { name: `Odile Oubli ${Date.now()}` });
  const fresh = `${strongPassword()} nouveau`;
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await page.getByLabel('Adresse e-mail').fill(person.email);
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/mot-de-passe-oublie');
    assert.equal(await page.title(), 'Mot de passe oublié — Parvis');
    // the address typed on the sign-in page came along
    assert.equal(await page.getByLabel('Adresse e-mail').inputValue(), person.email);
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    const sent = page.getByRole('status').filter({ hasText: `Si un compte utilise l'adresse ${person.email}` });
    await sent.waitFor();

    const link = await linkInMail(person.email);
    assert.ok(link.startsWith(`${BASE}/mot-de-passe/nouveau#`));
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Choisir un nouveau mot de passe' }).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the token no longer shows in the address bar');
    const first = page.getByLabel('Nouveau mot de passe', { exact: true });
    const second = page.getByLabel('Nouveau mot de passe, une seconde fois');
    await page.getByText(/Au moins 12 caractères/).waitFor();

    // two different passwords: said, and the second field marked and focused
    await first.fill(fresh);
    await second.fill(`${fresh}x`);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByRole('alert').filter({ hasText: 'ne sont pas identiques' }).waitFor();
    assert.equal(await second.getAttribute('aria-invalid'), 'true');
    assert.equal(await second.evaluate((el) => el === document.activeElement), true);
    // a common password: the server's reason
    await first.fill('Password1234');
    await second.fill('Password1234');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByRole('alert').filter({ hasText: 'les plus courants' }).waitFor();
    assert.equal(await first.getAttribute('aria-invalid'), 'true');

    await first.fill(fresh);
    await second.fill(fresh);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await page.getByText('Votre mot de passe a été changé. Connectez-vous avec le nouveau.').waitFor();
    assert.equal(new URL(page.url()).pathname, '/connexion');

    // the old password no longer works, the new one does
    const form = page.locator('form').filter({ has: page.locator('input[type="password"]') });
    await form.getByLabel('Adresse e-mail').fill(person.email);
    await form.getByLabel('Mot de passe').fill(person.password);
    await form.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').waitFor();
    await signIn(page, person.email, fresh);

    // the link again: dead, and the page says what to do
    await page.goto(link);
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(`${fresh} encore`);
    await page.getByLabel('Nouveau mot de passe, une seconde fois').fill(`${fresh} encore`);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByRole('alert').filter({ hasText: "Ce lien n'est plus valable" }).waitFor();
    await page.getByRole('link', { name: 'Demander un nouveau lien' }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('« Changer mon mot de passe » on one\'s own profile; an administrator sends a reset link from the accounts page', needsStack, async () => {
  const person = await createUser(admin, { name: `Marc Change ${Date.now()}` });
  const fresh = `${strongPassword()} changé`;
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, person.email, person.password, { path: `/personnes/${person.id}` });
    await page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
    await page.getByRole('heading', { level: 2, name: 'Changer mon mot de passe' }).waitFor();
    const current = page.getByLabel('Mot de passe actuel');
    assert.equal(await current.evaluate((el) => el === document.activeElement), true, 'focus on the first field');
    await current.fill('not my password at all');
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(fresh);
    await page.getByLabel('Nouveau mot de passe, une seconde fois').fill(fresh);
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.getByRole('alert').filter({ hasText: 'Le mot de passe actuel est incorrect.' }).waitFor();
    assert.equal(await current.getAttribute('aria-invalid'), 'true');
    await current.fill(person.password);
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.getByRole('status').filter({ hasText: 'Votre mot de passe a été changé.' }).waitFor();
    assert.equal(await page.getByLabel('Mot de passe actuel').count(), 0, 'the form closed');
    await Api.signIn(person.email, fresh);          // throws unless the new password works

    // the administrator sends a link (and sees no password)
    const { context: adminContext, page: adminPage } = await newPage(browser);
    try {
      await signIn(adminPage, admin.user.email, process.env.PARVIS_ADMIN_PASSWORD, { path: '/admin/comptes' });
      await adminPage.getByLabel('Filtrer par nom ou adresse e-mail').fill(person.email);
      await adminPage.getByRole('button', { name: `Envoyer un lien de réinitialisation à ${person.display_name}` }).click();
      await adminPage.getByRole('status').filter({ hasText: `Un lien de réinitialisation a été envoyé à ${person.email}` }).waitFor();
      const link = await linkInMail(person.email);
      assert.match(link, /\/mot-de-passe\/nouveau#/);
      assert.deepEqual(adminPage.problems, []);
    } finally {
      await adminContext.close();
    }
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
