// Accueil (the portal): must-read posts and « J'ai lu », the read report,
// the organisation's news, the portal settings, communication editors, and
// small screens — as people see them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  needsStack, launch, newPage, signIn, Api, ADMIN, createUser, unique, eventually, groupWith, signedInPage, apiFor, cardOf, noSideways,
} from './helpers.mjs';

let browser;
let admin;

before(async () => {
  if (needsStack.skip) return;
  browser = await launch();
  admin = await Api.admin();
});
after(async () => { if (browser) await browser.close(); });

const pageFor = (person, opts) => signedInPage(browser, person, opts);

const section = (page, name) => page.getByRole('region', { name, exact: true });


test('(c) must-read: a member confirms from Accueil, the post leaves the section; the author reads the report', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Dumas-${tag}` });
  const bob = await createUser(admin, { name: `Bruno Vidal-${tag}` });
  const carol = await createUser(admin, { name: `Carole Roche-${tag}` });
  const group = await groupWith(await apiFor(alice), [bob, carol], { visibility: 'private', name: `Conseil ${tag}` });
  const a = await pageFor(alice, { path: `/groupes/${group.id}` });
  const b = { context: null };
  try {
    // Alice, a manager, writes a must-read post
    await a.page.getByRole('button', { name: 'Écrire une publication…' }).click();
    const form = a.page.getByRole('form', { name: 'Nouvelle publication' });
    await form.getByLabel('Titre (facultatif)').fill(`Convocation ${tag}`);
    await form.getByLabel('Message').fill('Conseil lundi à 18 h, salle des fêtes.');
    await form.getByRole('checkbox', { name: 'À lire obligatoirement' }).check();
    await form.getByRole('button', { name: 'Publier' }).click();
    const aCard = cardOf(a.page.getByRole('feed'), `Convocation ${tag}`);
    await aCard.getByText('À lire obligatoirement', { exact: true }).waitFor();

    // Bob finds it at the top of Accueil and confirms
    Object.assign(b, await pageFor(bob));
    const must = section(b.page, 'À lire obligatoirement');
    const card = cardOf(must, `Convocation ${tag}`);
    await card.getByText('Merci de confirmer votre lecture.').waitFor();
    await card.getByRole('button', { name: 'J\'ai lu' }).click();
    await must.getByRole('status').filter({ hasText: 'Merci, votre lecture est confirmée.' }).waitFor();
    await card.waitFor({ state: 'detached' });
    await b.page.reload();
    await section(b.page, 'À lire obligatoirement').waitFor();
    await section(b.page, 'Dans mes groupes').getByRole('link', { name: `Convocation ${tag}` }).waitFor();
    assert.equal(await cardOf(section(b.page, 'À lire obligatoirement'), `Convocation ${tag}`).count(), 0, 'confirmed: gone');

    // in the feed, Bob's card now says he read it
    await b.page.goto(`/groupes/${group.id}`);
    await cardOf(b.page.getByRole('feed'), `Convocation ${tag}`).getByText('Vous avez confirmé votre lecture.').waitFor();

    // Alice opens the read report
    await a.page.reload();
    const again = cardOf(a.page.getByRole('feed'), `Convocation ${tag}`);
    await again.getByRole('button', { name: 'Actions sur la publication' }).click();
    await again.getByRole('menuitem', { name: 'Rapport de lecture' }).click();
    const report = a.page.getByRole('dialog', { name: 'Rapport de lecture' });
    await report.getByText('1 sur 3 ont confirmé leur lecture.').waitFor();
    const confirmed = report.getByRole('region', { name: 'Ont confirmé (1)' });
    await confirmed.getByRole('link', { name: bob.display_name }).waitFor();
    const pending = report.getByRole('region', { name: 'En attente (2)' });
    await pending.getByRole('link', { name: carol.display_name }).waitFor();
    await pending.getByRole('link', { name: alice.display_name }).waitFor();
    assert.equal(await confirmed.getByRole('link', { name: carol.display_name }).count(), 0);
    const csvLink = report.getByRole('link', { name: 'Télécharger (CSV)' });
    const href = await csvLink.getAttribute('href');
    assert.match(href, /^\/api\/v1\/posts\/\d+\/reads\?format=csv$/);
    const csv = await a.page.request.get(href);
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), new RegExp(bob.email));
    await a.page.keyboard.press('Escape');
    await report.waitFor({ state: 'detached' });

    // Carol confirms from the « À lire » filter of the home feed: the card says when
    const c = await pageFor(carol, { path: '/fil?filtre=a-lire' });
    try {
      const cCard = cardOf(c.page.getByRole('feed'), `Convocation ${tag}`);
      await cCard.getByRole('button', { name: 'J\'ai lu' }).click();
      await cCard.getByText(/^Lu le /).waitFor();
      assert.deepEqual(c.page.problems, []);
    } finally {
      await c.context.close();
    }
    assert.deepEqual(a.page.problems, []);
    assert.deepEqual(b.page.problems, []);
  } finally {
    await a.context.close();
    if (b.context) await b.context.close();
  }
});

test('(d) an administrator publishes news with a title; a colleague sees it in Accueil', needsStack, async () => {
  const tag = unique();
  const reader = await createUser(admin, { name: `Denise Lopez-${tag}` });
  const adm = await pageFor({ email: ADMIN.email, password: ADMIN.password }, { path: '/fil' });
  try {
    await adm.page.getByRole('button', { name: 'Écrire une actualité…' }).click();
    const form = adm.page.getByRole('form', { name: 'Publier une actualité' });
    await form.getByLabel('Titre (facultatif)').fill(`La médiathèque rouvre ${tag}`);
    await form.getByLabel('Message').fill('Dès **lundi**, aux horaires habituels.');
    await form.getByRole('checkbox', { name: 'À la une' }).check();
    await form.getByRole('button', { name: 'Publier' }).click();
    await form.getByRole('status').filter({ hasText: 'Votre publication est en ligne.' }).waitFor();
    const card = cardOf(adm.page.getByRole('feed'), `La médiathèque rouvre ${tag}`);
    await card.getByRole('link', { name: 'Actualités' }).waitFor();
    await card.getByText('À la une', { exact: true }).waitFor();
  } finally {
    await adm.context.close();
  }
  const { context, page } = await pageFor(reader);
  try {
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    const featured = section(page, 'À la une');
    await featured.getByRole('link', { name: `La médiathèque rouvre ${tag}` }).waitFor();
    await featured.getByRole('listitem').filter({ hasText: `La médiathèque rouvre ${tag}` })
      .getByText('Dès lundi, aux horaires habituels.').waitFor();
    const news = section(page, 'Dernières actualités');
    await news.getByRole('link', { name: `La médiathèque rouvre ${tag}` }).click();
    await page.waitForURL(/\/publications\/\d+$/);
    const card = cardOf(page.locator('main'), `La médiathèque rouvre ${tag}`);
    await card.locator('.post-body strong', { hasText: 'lundi' }).waitFor();
    await card.getByLabel('Votre commentaire').waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('administration: the organisation\'s name and quick links; a communication editor publishes news', needsStack, async () => {
  const tag = unique();
  const before = await admin.request('GET', '/settings');
  const editor = await createUser(admin, { name: `Elise Perrin-${tag}` });
  const adm = await pageFor({ email: ADMIN.email, password: ADMIN.password });
  try {
    await adm.page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Administration' }).click();
    await adm.page.getByRole('navigation', { name: 'Sections de l\'administration' }).getByRole('link', { name: 'Portail' }).click();
    await adm.page.getByRole('heading', { level: 1, name: 'Portail' }).waitFor();
    assert.equal(new URL(adm.page.url()).pathname, '/admin/portail');
    const form = adm.page.getByRole('form', { name: 'Page d\'accueil' });
    await form.getByLabel('Nom de l\'organisation').fill(`Mairie de Tulle ${tag}`);
    await form.getByRole('button', { name: 'Ajouter un lien' }).click();
    await form.getByRole('textbox', { name: /^Titre du lien \d+$/ }).last().fill('Annuaire');
    await form.getByRole('textbox', { name: /^Adresse du lien \d+$/ }).last().fill('/personnes');
    await form.getByRole('button', { name: 'Ajouter un lien' }).click();
    await form.getByRole('textbox', { name: /^Titre du lien \d+$/ }).last().fill('Mauvais');
    await form.getByRole('textbox', { name: /^Adresse du lien \d+$/ }).last().fill('javascript:alert(1)');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await form.getByRole('alert').waitFor();
    await form.getByRole('button', { name: /^Retirer le lien \d+$/ }).last().click();
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await form.getByRole('status').filter({ hasText: 'La page d\'accueil est enregistrée.' }).waitFor();

    // the account page: make Elise a communication editor
    await adm.page.getByRole('link', { name: 'Comptes' }).click();
    await adm.page.getByLabel('Filtrer par nom ou adresse e-mail').fill(editor.email);
    const toggle = adm.page.getByRole('checkbox', { name: `Éditeur de la communication : ${editor.display_name}` });
    await toggle.check();
    await adm.page.getByRole('status').filter({ hasText: `${editor.display_name} peut publier des actualités.` }).waitFor();
    const saved = await admin.request('GET', `/users/${editor.id}`);
    assert.equal(saved.comm_editor, true);
  } finally {
    await adm.context.close();
  }

  const { context, page } = await pageFor(editor);
  try {
    // Accueil shows the organisation and its quick links
    await page.getByText(`Mairie de Tulle ${tag}`).waitFor();
    const links = section(page, 'Liens utiles');
    await links.getByRole('link', { name: 'Annuaire' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();

    // the editor publishes news from the Fil
    await page.goto('/fil');
    await page.getByRole('button', { name: 'Écrire une actualité…' }).click();
    const form = page.getByRole('form', { name: 'Publier une actualité' });
    await form.getByLabel('Message').fill(`Actualité de la communication ${tag}`);
    await form.getByRole('button', { name: 'Publier' }).click();
    const card = cardOf(page.getByRole('feed'), `Actualité de la communication ${tag}`);
    await card.getByRole('link', { name: 'Actualités' }).waitFor();
    await page.getByRole('button', { name: 'Actualités', exact: true }).click();
    await cardOf(page.getByRole('feed'), `Actualité de la communication ${tag}`).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
    await admin.request('PATCH', '/settings', {
      organisation_name: before.organisation_name, logo_url: before.logo_url, quick_links: before.quick_links,
    });
  }
});

test('Accueil and Fil on a 360 px screen, friendly when empty, and by keyboard', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Fontaine-${tag}` });
  const newcomer = await createUser(admin, { name: `Nina Collet-${tag}` });
  const aliceApi = await apiFor(alice);
  const group = await groupWith(aliceApi, [], { name: `Quartier ${tag}` });
  await aliceApi.request('POST', `/groups/${group.id}/posts`, {
    title: `Une très longue annonce ${tag}`, body: `${'Texte '.repeat(80)}https://example.org/${'x'.repeat(120)}`, must_read: true,
  });

  // someone with no group: every section says something useful
  const n = await pageFor(newcomer, { viewport: { width: 360, height: 740 } });
  try {
    await n.page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    await section(n.page, 'Mes groupes').getByText('Vous n\'êtes membre d\'aucun groupe pour l\'instant.').waitFor();
    await section(n.page, 'Mes groupes').getByRole('link', { name: 'Découvrir les groupes' }).waitFor();
    await section(n.page, 'À lire obligatoirement').getByText('Vous êtes à jour').waitFor();
    await noSideways(n.page);
    assert.deepEqual(n.page.problems, []);
  } finally {
    await n.context.close();
  }

  const { context, page } = await pageFor(alice, { viewport: { width: 360, height: 740 } });
  try {
    const must = section(page, 'À lire obligatoirement');
    const card = cardOf(must, `Une très longue annonce ${tag}`);
    await card.waitFor();
    await noSideways(page);
    await section(page, 'Mes groupes').getByRole('link', { name: `Quartier ${tag}` }).waitFor();

    // the keyboard reaches « J'ai lu » and the reactions, with a visible focus
    const ack = card.getByRole('button', { name: 'J\'ai lu' });
    const focused = () => page.evaluate(() => ({
      text: document.activeElement.textContent, outline: getComputedStyle(document.activeElement).outlineStyle,
    }));
    await ack.focus();
    await page.keyboard.press('Tab');
    let now = await focused();
    assert.equal(now.text, 'J\'aime');
    assert.notEqual(now.outline, 'none', 'a visible focus');
    await page.keyboard.press('Shift+Tab');
    now = await focused();
    assert.equal(now.text, 'J\'ai lu');
    assert.notEqual(now.outline, 'none', 'a visible focus');
    await page.keyboard.press('Enter');
    await must.getByRole('status').filter({ hasText: 'Merci, votre lecture est confirmée.' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'À lire obligatoirement', 'focus on the section');

    await page.goto(`/groupes/${group.id}`);
    await cardOf(page.getByRole('feed'), `Une très longue annonce ${tag}`).waitFor();
    await noSideways(page);
    await page.goto('/fil');
    await cardOf(page.getByRole('feed'), `Une très longue annonce ${tag}`).waitFor();
    await noSideways(page);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('Accueil in English', needsStack, async () => {
  const person = await createUser(admin);
  const { context, page } = await pageFor(person, { locale: 'en-GB' });
  try {
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    await section(page, 'Must read').waitFor();
    await section(page, 'Latest news').waitFor();
    await section(page, 'My groups').waitFor();
    await page.goto('/fil');
    await page.getByRole('button', { name: 'All', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Must read', exact: true }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a must-read post stays on top of the Fil until « J\'ai lu »', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Mercier-${tag}` });
  const bob = await createUser(admin, { name: `Bruno Faure-${tag}` });
  const aliceApi = await apiFor(alice);
  const group = await groupWith(aliceApi, [bob], { visibility: 'private', name: `Bureau ${tag}` });
  await aliceApi.request('POST', `/groups/${group.id}/posts`, { title: `Note ${tag}`, body: 'À lire avant jeudi.', must_read: true }, { expect: 201 });
  // newer posts push it down the feed, not out of the top section
  for (let i = 0; i < 3; i++) await aliceApi.request('POST', `/groups/${group.id}/posts`, { body: `Suite ${i} ${tag}` }, { expect: 201 });
  const b = await pageFor(bob, { path: '/fil' });
  try {
    const top = section(b.page, 'À lire obligatoirement');
    const card = cardOf(top, `Note ${tag}`);
    await card.waitFor();
    await card.getByRole('button', { name: 'J\'ai lu' }).click();
    await card.waitFor({ state: 'detached' });
    await b.page.reload();
    await cardOf(b.page.getByRole('feed'), `Suite 2 ${tag}`).waitFor();
    assert.equal(await section(b.page, 'À lire obligatoirement').count(), 0, 'nothing left to confirm');
    assert.deepEqual(b.page.problems, []);
  } finally {
    await b.context.close();
  }
});
