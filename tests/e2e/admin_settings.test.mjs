// « Administration › Réglages » (the settings PATCH /settings takes that had
// no screen, the installed application's colour among them), « Drives de mes groupes » on /drive, and the first sign-in's
// welcome (Accueil's invitation, « Passer », /bienvenue and « Rejoindre ») —
// French and English, axe at 360 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  needsStack, launch, newPage, signIn, Api, ADMIN, createUser, unique, eventually, groupWith, signedInPage, apiFor, axeViolations, noSideways,
} from './helpers.mjs';

let browser;
let admin;

before(async () => {
  if (needsStack.skip) return;
  browser = await launch();
  admin = await Api.admin();
});
after(async () => { if (browser) await browser.close(); });

test('Réglages: every setting on screen, a wrong number said next to its field and announced, saved; in English at 360 px; axe clean', needsStack, async () => {
  const before = await admin.request('GET', '/settings');
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, ADMIN.email, ADMIN.password, { path: '/admin/reglages' });
    await page.getByRole('heading', { level: 1, name: 'Réglages' }).waitFor();
    const nav = page.getByRole('navigation', { name: /Sections/ });
    assert.equal(await nav.getByRole('link', { name: 'Réglages' }).getAttribute('aria-current'), 'page');
    const who = page.getByRole('group', { name: 'Qui peut créer des groupes' });
    assert.equal(await who.getByRole('radio', { name: 'Tout le monde' }).isChecked(), before.group_creation === 'everyone');
    const person = page.getByLabel('Quota du drive de chaque personne (Mo)');
    const groupQuota = page.getByLabel('Quota du drive de chaque groupe (Mo)');
    const trash = page.getByLabel('Durée de conservation de la corbeille (jours)');
    assert.equal(await person.inputValue(), String(before.drive_quota_person_mb));
    assert.equal(await trash.inputValue(), String(before.trash_days));
    const colour = page.getByLabel("Couleur de l'application installée");
    assert.equal(await colour.inputValue(), before.theme_colour);
    assert.deepEqual(await axeViolations(page), [], 'axe at 1280 px');

    // two wrong numbers: each said next to its field, the count announced, focus on the first
    await trash.fill('0');
    await groupQuota.fill('-3');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('alert').filter({ hasText: '2 champs à corriger.' }).waitFor();
    assert.equal(await groupQuota.getAttribute('aria-invalid'), 'true');
    assert.equal(await trash.getAttribute('aria-invalid'), 'true');
    assert.equal(await person.getAttribute('aria-invalid'), null);
    const describedBy = (await trash.getAttribute('aria-describedby')).split(' ');
    const said = await page.locator(`[id="${describedBy[1]}"]`).innerText();
    assert.match(said, /de 1 à 3\s?650/);
    assert.equal(await page.evaluate(() => document.activeElement.name), 'drive_quota_group_mb');
    assert.deepEqual(await axeViolations(page), [], 'axe with the errors shown');

    // corrected: saved, the server has it
    await groupQuota.fill('5000');
    await trash.fill('45');
    await who.getByRole('radio', { name: 'Les administrateurs seulement' }).check();
    await page.getByLabel("Les invités lisent les actualités de l'organisation").check();
    await colour.fill('#0b6e4f');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('status').filter({ hasText: 'Réglages enregistrés.' }).waitFor();
    assert.equal(await trash.getAttribute('aria-invalid'), null);
    const now = await admin.request('GET', '/settings');
    assert.equal(now.drive_quota_group_mb, 5000);
    assert.equal(now.trash_days, 45);
    assert.equal(now.group_creation, 'admins');
    assert.equal(now.guests_see_news, true);
    // the installed application takes the colour (its manifest)
    assert.equal(now.theme_colour, '#0b6e4f');
    const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
    assert.equal(manifest.theme_color, '#0b6e4f');

    // in English, on a phone: the same screen, no sideways scroll, axe clean
    const en = await newPage(browser, { locale: 'en-GB', viewport: { width: 360, height: 740 } });
    try {
      await signIn(en.page, ADMIN.email, ADMIN.password, { path: '/admin/reglages' });
      await en.page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
      await en.page.getByLabel('How long the trash keeps files (days)').fill('99999');
      await en.page.getByRole('button', { name: 'Save' }).click();
      await en.page.getByRole('alert').filter({ hasText: '1 field to correct.' }).waitFor();
      await en.page.getByText('A whole number from 1 to 3,650.').waitFor();
      await noSideways(en.page);
      assert.deepEqual(await axeViolations(en.page), [], 'axe at 360 px, in English');
    } finally {
      await en.context.close();
    }
    assert.deepEqual(page.problems, []);
  } finally {
    await admin.request('PATCH', '/settings', {
      group_creation: before.group_creation, drive_quota_person_mb: before.drive_quota_person_mb,
      drive_quota_group_mb: before.drive_quota_group_mb, trash_days: before.trash_days, guests_see_news: before.guests_see_news,
      theme_colour: before.theme_colour,
    });
    await context.close();
  }
});

test('a first sign-in: the welcome on Accueil, « Rejoindre » a group of one\'s department, « C\'est fait », never again; the group drives on /drive', needsStack, async () => {
  const tag = unique();
  const dept = `Espaces verts ${tag}`;
  const carol = await createUser(admin, { name: `Carole Vidal-${tag}` });
  await admin.request('PATCH', `/users/${carol.id}`, { department: dept });
  const group = await groupWith(await apiFor(carol), [], { name: `Jardiniers ${tag}` });
  const alice = await createUser(admin, { name: `Alice Noël-${tag}` });
  await admin.request('PATCH', `/users/${alice.id}`, { department: dept });
  const skipper = await createUser(admin, { name: `Sam Passe-${tag}` });

  // « Passer » on Accueil: gone at once, and after a new sign-in
  const s = await signedInPage(browser, skipper);
  try {
    const banner = s.page.getByRole('region', { name: `Bienvenue, ${skipper.display_name} !` });
    await banner.waitFor();
    await banner.getByRole('button', { name: 'Passer' }).click();
    await banner.waitFor({ state: 'detached' });
    assert.equal(await s.page.evaluate(() => document.activeElement.tagName), 'H1');
    await s.page.reload();
    await s.page.getByRole('heading', { level: 2, name: 'À lire obligatoirement' }).waitFor();
    assert.equal(await s.page.getByRole('region', { name: /^Bienvenue/ }).count(), 0);
  } finally {
    await s.context.close();
  }

  const { context, page } = await signedInPage(browser, alice, { viewport: { width: 360, height: 740 } });
  try {
    const banner = page.getByRole('region', { name: `Bienvenue, ${alice.display_name} !` });
    await banner.getByRole('link', { name: 'Commencer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bienvenue' }).waitFor();
    assert.equal(await page.getByLabel('Service').inputValue(), dept);
    const groups = page.getByRole('region', { name: 'Des groupes pour vous' });
    const first = groups.getByRole('listitem').first();
    await first.getByRole('link', { name: group.name }).waitFor();
    await first.getByText('votre service').waitFor();
    await noSideways(page);
    assert.deepEqual(await axeViolations(page), [], 'the welcome at 360 px');
    await first.getByRole('button', { name: `Rejoindre le groupe ${group.name}` }).click();
    await first.getByRole('status').filter({ hasText: `Vous avez rejoint le groupe « ${group.name} ».` }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'status');
    await page.getByLabel('Fonction').fill('Jardinière');
    await page.getByRole('button', { name: 'Enregistrer le profil' }).click();
    await page.getByRole('status').filter({ hasText: 'Profil enregistré.' }).waitFor();
    await page.getByRole('button', { name: "C'est fait" }).click();
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    assert.equal(await page.getByRole('region', { name: /^Bienvenue/ }).count(), 0, 'not offered again');
    const me = await (await apiFor(alice)).request('GET', `/users/${alice.id}`);
    assert.equal((me.user || me).job_title, 'Jardinière');

    // « Drive »: her own drive, and a link into the drive of the group she joined
    await page.goto('/drive');
    const drives = page.getByRole('navigation', { name: 'Drives de mes groupes' });
    await drives.getByRole('link', { name: `Drive du groupe ${group.name}` }).click();
    await eventually(() => page.url().endsWith(`/groupes/${group.id}?onglet=drive`), { message: 'the group drive tab' });
    await page.getByRole('tab', { name: 'Drive', selected: true }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
