// Invitations in the browser: an administrator invites addresses from
// « Administration › Invitations » (pasted, separated by new lines, commas
// or semicolons, with a group), the invited person opens the link of the
// mail received by a real SMTP server, chooses a name and a password (the
// errors said and announced) and lands signed in; the administrator then
// sees the other address still pending and revokes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, needsStack, launch, newPage, signIn, Api, eventually, strongPassword, useMailRelay, unique } from './helpers.mjs';

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

async function linkInMail(email) {
  const m = await eventually(() => smtp.messages().find((x) => x.envelope.rcpt_tos.includes(email)),
    { timeout: 15000, message: `invitation mail to ${email}` });
  const text = m.parts.find((p) => p.type === 'text/plain').body;
  const found = /(\S+\/invitation#[A-Za-z0-9_-]{43})\s/.exec(text);
  assert.ok(found, 'a link in the mail');
  return found[1];
}

test('an administrator invites; the invited person opens the mail\'s link, chooses a password and lands signed in', needsStack, async () => {
  const tag = unique();
  const group = await admin.request('POST', '/groups', { name: `Accueil ${tag}`, visibility: 'public' });
  const first = `camille.${tag}@example.org`, second = `dominique.${tag}@example.org`;
  const { context: adminContext, page: adminPage } = await newPage(browser);
  const { context, page } = await newPage(browser);
  try {
    await signIn(adminPage, admin.user.email, process.env.PARVIS_ADMIN_PASSWORD, { path: '/admin/invitations' });
    await adminPage.getByRole('heading', { level: 1, name: 'Invitations' }).waitFor();
    assert.equal(await adminPage.getByRole('link', { name: 'Invitations' }).getAttribute('aria-current'), 'page');
    await adminPage.getByLabel('Adresses e-mail').fill(`${first} ;\n${second}, pas-une-adresse`);
    await adminPage.getByLabel(`Accueil ${tag}`).check();
    await adminPage.getByRole('button', { name: 'Envoyer les invitations' }).click();
    await adminPage.getByRole('status').filter({ hasText: 'Invitations envoyées : 2' }).waitFor();
    await adminPage.getByText('pas-une-adresse — adresse invalide').waitFor();
    const list = adminPage.getByRole('list', { name: 'Invitations' });
    await list.getByText(first).waitFor();
    await list.getByText(second).waitFor();

    const link = await linkInMail(first);
    assert.ok(link.startsWith(`${BASE}/invitation#`));
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Rejoindre Parvis' }).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the token no longer shows in the address bar');
    assert.equal(await page.title(), 'Rejoindre Parvis — Parvis');
    const name = page.getByLabel('Nom affiché');
    const pw1 = page.getByLabel('Nouveau mot de passe', { exact: true });
    const pw2 = page.getByLabel('Nouveau mot de passe, une seconde fois');
    // no name: said, the field marked and focused
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('alert').filter({ hasText: 'Saisissez le nom' }).waitFor();
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    assert.equal(await name.evaluate((el) => el === document.activeElement), true);
    // a common password: the server's reason
    await name.fill('Camille Nouvelle');
    await pw1.fill('Password1234');
    await pw2.fill('Password1234');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('alert').filter({ hasText: 'les plus courants' }).waitFor();
    assert.equal(await pw1.getAttribute('aria-invalid'), 'true');

    const fresh = `${strongPassword()} invitée`;
    await pw1.fill(fresh);
    await pw2.fill(fresh);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    // signed in: the shell with the person's menu, on the home page
    await page.locator('header .user-menu button').first().waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    assert.equal(me.user.email, first);
    assert.equal(me.user.display_name, 'Camille Nouvelle');
    const members = await admin.request('GET', `/groups/${group.id}/members`);
    assert.ok(members.items.some((m) => m.user.email === first), 'a member of the chosen group');

    // the link used again: said, with the way back to signing in
    await page.goto(link);
    await name.fill('Quelqu\'un d\'autre');
    await pw1.fill(fresh);
    await pw2.fill(fresh);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('alert').filter({ hasText: "n'est plus valable" }).waitFor();
    await page.getByRole('link', { name: 'Retour à la connexion' }).waitFor();

    // the administrator: the first accepted, the second pending, revoked
    await adminPage.reload();
    await list.getByText(second).waitFor();
    assert.equal(await list.getByText(first).count(), 0, 'accepted: no longer pending');
    await adminPage.getByRole('button', { name: `Révoquer l'invitation de ${second}` }).click();
    await adminPage.getByRole('status').filter({ hasText: `L'invitation de ${second} est révoquée` }).waitFor();
    assert.equal(await list.getByText(second).count(), 0);
    assert.deepEqual(page.problems, []);
    assert.deepEqual(adminPage.problems, []);
  } finally {
    await context.close();
    await adminContext.close();
  }
});
