// The charter and « Signaler » as people meet them (docs/moderation.md):
// signing in while a charter is in force shows it full page until « J'accepte »,
// then the application; « Signaler » on a post opens a small dialog, and the
// report waits in the group manager's « Modération » page (at 360 px), where
// « Masquer » settles it. The charter is withdrawn at the end, whatever
// happens, for the tests that run after this file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  needsStack, newPage, createUser, unique, eventually, groupWith, apiFor, cardOf, noSideways, browserTests, BASE,
} from './helpers.mjs';

const stack = browserTests();

test('charter screen at sign-in, then « Signaler » a post and its moderator hides it from « Modération »', needsStack, async () => {
  const { browser, admin } = stack;
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Modère-${tag}` });
  const bob = await createUser(admin, { name: `Bruno Auteur-${tag}` });
  const carol = await createUser(admin, { name: `Carole Lectrice-${tag}` });
  const aliceApi = await apiFor(alice);
  const group = await groupWith(aliceApi, [bob], { name: `Quartier ${tag}` });
  const post = await (await apiFor(bob)).request('POST', `/groups/${group.id}/posts`, { body: `Promo imbattable ${tag}` }, { expect: 201 });
  const charter = await admin.request('POST', '/charter', { body: `# Charte ${tag}\n\nSoyez **courtois**.` }, { expect: 201 });
  const { context, page } = await newPage(browser);
  try {
    // signing in: the charter, full page, before anything else
    await page.goto(`${BASE}/fil`);
    const form = page.locator('form').filter({ has: page.locator('input[type="password"]') });
    await form.locator('input[name="email"]').fill(carol.email);
    await form.locator('input[name="password"]').fill(carol.password);
    await form.locator('button[type="submit"]').click();
    await page.getByRole('heading', { level: 1, name: "Charte d'utilisation" }).waitFor();
    await page.getByRole('region', { name: `Texte de la charte, version ${charter.version}` }).getByText('courtois').waitFor();
    assert.equal(await page.locator('nav.nav').count(), 0, 'nothing of the application yet');
    await page.getByRole('button', { name: "J'accepte" }).click();
    await page.locator('nav.nav').waitFor();
    assert.equal(new URL(page.url()).pathname, '/fil');

    // « Signaler » from the post's menu, by keyboard
    await page.goto(`${BASE}/publications/${post.id}`);
    const card = cardOf(page, `Promo imbattable ${tag}`);
    await card.getByRole('button', { name: 'Actions sur la publication' }).click();
    await page.getByRole('menuitem', { name: 'Signaler' }).click();
    const dialog = page.getByRole('dialog', { name: 'Signaler un contenu' });
    await dialog.getByLabel('Spam ou publicité').check();
    await dialog.getByLabel('Commentaire (facultatif)').fill('De la publicité');
    await dialog.getByLabel('Commentaire (facultatif)').press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'votre signalement a été envoyé' }).waitFor();
    assert.equal(await dialog.count(), 0);
  } finally {
    await context.close();
  }

  // the group's manager (who accepted the charter) sees it in « Modération », on a phone
  await aliceApi.request('POST', '/charter/accept', { version: charter.version });
  const mod = await newPage(browser, { viewport: { width: 360, height: 740 } });
  try {
    await admin.request('DELETE', '/charter', undefined, { expect: 204 });
    const p = mod.page;
    await p.goto(`${BASE}/connexion`);
    const form = p.locator('form').filter({ has: p.locator('input[type="password"]') });
    await form.locator('input[name="email"]').fill(alice.email);
    await form.locator('input[name="password"]').fill(alice.password);
    await form.locator('button[type="submit"]').click();
    await p.locator('header .user-menu button').first().waitFor();
    await p.goto(`${BASE}/moderation`);
    await p.getByRole('heading', { level: 1, name: 'Modération' }).waitFor();
    const entry = p.locator('.moderation-case', { hasText: `Promo imbattable ${tag}` });
    await entry.waitFor();
    await entry.getByText('Spam ou publicité × 1').waitFor();
    await noSideways(p);
    await entry.getByLabel('Réponse aux personnes qui ont signalé (facultatif)').fill('Merci, c\'est masqué.');
    await entry.getByRole('button', { name: 'Masquer' }).click();
    await p.getByRole('status').filter({ hasText: 'Contenu masqué' }).waitFor();
    await eventually(async () => (await entry.count()) === 0, { message: 'the entry gone from the queue' });
    const carolApi = await apiFor(carol);
    await carolApi.request('GET', `/posts/${post.id}`, undefined, { expect: 404 });
  } finally {
    await mod.context.close();
    await admin.request('DELETE', '/charter', undefined, { expect: 204 });
  }
});

test('« Administration › Charte »: publish a version from the page, its acceptance count, withdraw it', needsStack, async () => {
  const { browser, admin } = stack;
  const tag = unique();
  const { context, page } = await newPage(browser);
  try {
    const form0 = async () => {
      await page.goto(`${BASE}/connexion`);
      const form = page.locator('form').filter({ has: page.locator('input[type="password"]') });
      await form.locator('input[name="email"]').fill(process.env.PARVIS_ADMIN_EMAIL);
      await form.locator('input[name="password"]').fill(process.env.PARVIS_ADMIN_PASSWORD);
      await form.locator('button[type="submit"]').click();
      await page.locator('header .user-menu button').first().waitFor();
    };
    await form0();
    await page.goto(`${BASE}/admin/charte`);
    await page.getByRole('heading', { level: 1, name: 'Charte' }).waitFor();
    await page.getByLabel('Texte de la charte (Markdown)').fill(`# Charte ${tag}\n\nRespectez **chacun**.`);
    await page.getByRole('button', { name: 'Publier la nouvelle version' }).click();
    await page.getByRole('dialog', { name: 'Publier cette version ?' }).getByRole('button', { name: 'Publier la nouvelle version' }).click();
    await page.getByRole('status').filter({ hasText: 'publiée' }).waitFor();
    const current = await admin.request('GET', '/charter');
    assert.match(current.body, new RegExp(tag));
    const row = page.getByRole('row', { name: new RegExp(`Version ${current.version}`) });
    await row.getByText('En vigueur').waitFor();
    await row.getByText(/^1 sur [\d\s\u202f]+ comptes actifs$/).waitFor();
    assert.match(await row.getByRole('link').getAttribute('href'), new RegExp(`version=${current.version}&format=csv`));
    await page.getByRole('button', { name: 'Retirer la charte' }).click();
    await page.getByRole('dialog', { name: 'Retirer la charte ?' }).getByRole('button', { name: 'Retirer la charte' }).click();
    await page.getByRole('status').filter({ hasText: 'Charte retirée.' }).waitFor();
    assert.equal((await admin.request('GET', '/charter')).in_force, false);
  } finally {
    await context.close();
    await admin.request('DELETE', '/charter', undefined, { expect: 204 });
  }
});
