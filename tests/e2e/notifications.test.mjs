// Notifications as people see them: the bell counts what happens to them
// without a reload (live updates), the panel opens the target and marks it
// read, « Tout marquer comme lu », the settings page, a group's and a post's
// follow controls, live comments and new posts, the administration's
// Courriel page, and the unsubscribe page without signing in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unsubscribeToken } from '../smtp/token.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BASE, ADMIN, needsStack, newPage, signIn, createUser, unique, eventually, groupWith, apiFor, browserTests, cardOf,
} from './helpers.mjs';

const stack = browserTests();

// long enough for the delivery process and nchan; polling (60 s) would miss it
const LIVE_MS = 15000;

/** The bell: its accessible name says the count (« Notifications, 2 non lues »). */
const bellOf = (page) => page.locator('header').getByRole('button', { name: /^Notifications/ });

async function bellCount(page) {
  const label = await bellOf(page).getAttribute('aria-label');
  const m = /(\d+)/.exec(label || '');
  return m ? Number(m[1]) : 0;
}

async function waitCount(page, n, what) {
  await eventually(async () => (await bellCount(page)) === n,
    { timeout: LIVE_MS, interval: 200, message: `the bell to say ${n} unread (${what}); it says « ${await bellOf(page).getAttribute('aria-label')} »` });
}

/** Two people, a group, and a post of Alice's in it. */
async function scene(title = 'Budget') {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Morel-${tag}` });
  const bob = await createUser(stack.admin, { name: `Bruno Vidal-${tag}` });
  const aliceApi = await apiFor(alice);
  const bobApi = await apiFor(bob);
  const group = await groupWith(aliceApi, [bob], { name: `Équipe ${tag}` });
  const post = await aliceApi.request('POST', `/groups/${group.id}/posts`, { title: `${title} ${tag}`, body: 'Les chiffres de 2027.' });
  return { tag, alice, bob, aliceApi, bobApi, group, post };
}

test('the bell counts a comment and a mention without a reload; the panel opens the target and marks it read', needsStack, async () => {
  const s = await scene();
  const { context, page } = await stack.pageFor(s.alice);
  try {
    const bell = bellOf(page);
    await bell.waitFor();
    assert.equal(await bellCount(page), 0, 'nothing unread at first');
    assert.equal(await page.locator('.bell-badge').isVisible(), false, 'no badge at 0');
    assert.doesNotMatch(await page.title(), /^\(\d+\)/);

    // Bob comments on Alice's post, then mentions her in one of his
    await s.bobApi.request('POST', `/posts/${s.post.id}/comments`, { body: 'Je relis ce soir.' }, { expect: 201 });
    await waitCount(page, 1, 'after Bob commented');
    assert.equal(await bell.getAttribute('aria-label'), 'Notifications, 1 non lue');
    assert.equal((await page.locator('.bell-badge').innerText()).trim(), '1');
    await eventually(async () => (await page.title()).startsWith('(1) '), { message: 'the title to start with « (1) »' });

    await s.bobApi.request('POST', `/groups/${s.group.id}/posts`,
      { title: `Relance ${s.tag}`, body: `Bonjour [@${s.alice.display_name}](mention:${s.alice.id}), tu as vu ?` });
    await waitCount(page, 2, 'after Bob mentioned her');
    assert.equal(await bell.getAttribute('aria-label'), 'Notifications, 2 non lues');

    // the panel: newest first, each entry a link to its target, unread marked
    await bell.click();
    assert.equal(await bell.getAttribute('aria-expanded'), 'true');
    const panel = page.getByRole('region', { name: 'Notifications' });
    await panel.waitFor();
    const entries = panel.locator('li.notif');
    await eventually(async () => (await entries.count()) === 2, { message: 'two entries in the panel' });
    assert.equal(await panel.locator('li.notif.is-unread').count(), 2);
    const commentEntry = panel.locator('li.notif', { has: page.locator(`a[href="/publications/${s.post.id}"]`) });
    assert.equal(await commentEntry.count(), 1, `an entry links to /publications/${s.post.id}`);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Notifications', 'focus on the panel heading');

    // Escape closes it and gives the focus back to the bell
    await page.keyboard.press('Escape');
    assert.equal(await bell.getAttribute('aria-expanded'), 'false');
    assert.equal(await bell.evaluate((el) => el === document.activeElement), true, 'focus back on the bell');

    // clicking the comment's entry marks it read and opens the post
    await bell.click();
    await commentEntry.getByRole('link').click();
    await page.waitForURL(`**/publications/${s.post.id}`);
    await cardOf(page.locator('main'), `Budget ${s.tag}`).waitFor();
    await waitCount(page, 1, 'after opening the commented post');
    await eventually(async () => (await page.title()).startsWith('(1) '), { message: 'the title to say (1)' });
    const list = await s.aliceApi.request('GET', '/notifications');
    const comment = list.items.find((n) => n.kind === 'comment' && n.target && String(n.target.id) === String(s.post.id));
    assert.ok(comment && comment.read, 'the comment notification is read on the server');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('opening a post marks its notifications read; « Tout marquer comme lu » on the page; the list follows live', needsStack, async () => {
  const s = await scene('Planning');
  const post2 = await s.aliceApi.request('POST', `/groups/${s.group.id}/posts`, { title: `Congés ${s.tag}`, body: 'Qui part en août ?' });
  const { context, page } = await stack.pageFor(s.alice, { path: '/notifications' });
  try {
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const list = page.getByRole('list', { name: 'Vos notifications' });
    await page.getByText('Aucune notification pour l\'instant.').waitFor();

    await s.bobApi.request('POST', `/posts/${s.post.id}/comments`, { body: 'Vu.' }, { expect: 201 });
    await s.bobApi.request('POST', `/posts/${post2.id}/comments`, { body: 'Moi.' }, { expect: 201 });
    await waitCount(page, 2, 'two comments on two posts');
    // the page's list follows without a reload
    await eventually(async () => (await list.locator('li.notif.is-unread').count()) === 2,
      { timeout: LIVE_MS, message: 'the page to list two unread notifications' });

    // « Non lues seulement »
    await page.getByLabel('Non lues seulement').check();
    await eventually(async () => new URL(page.url()).searchParams.get('non-lues') === '1', { message: '?non-lues=1 in the address' });
    await eventually(async () => (await list.locator('li.notif').count()) === 2, { message: 'two unread entries' });

    // opening the post (not the notification) marks what is about it read
    await page.goto(`/publications/${s.post.id}`);
    await cardOf(page.locator('main'), `Planning ${s.tag}`).waitFor();
    await waitCount(page, 1, 'after opening the first post');

    await page.goto('/notifications');
    await eventually(async () => (await list.locator('li.notif.is-unread').count()) === 1, { message: 'one unread entry left' });
    await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await page.getByRole('status').filter({ hasText: 'Toutes vos notifications sont marquées comme lues.' }).waitFor();
    await waitCount(page, 0, 'after « Tout marquer comme lu »');
    assert.equal(await list.locator('li.notif.is-unread').count(), 0);
    assert.equal(await list.locator('li.notif').count(), 2, 'read ones stay in the list');
    assert.doesNotMatch(await page.title(), /^\(\d+\)/, 'no count in the title');
    const unread = await s.aliceApi.request('GET', '/notifications/unread');
    assert.equal(unread.count, 0);

    // the settings link
    await page.getByRole('link', { name: 'Réglages des notifications' }).click();
    await page.getByRole('heading', { level: 1, name: 'Réglages des notifications' }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the settings page saves an e-mail choice', needsStack, async () => {
  const person = await createUser(stack.admin);
  const api = await apiFor(person);
  const { context, page } = await stack.pageFor(person, { path: '/notifications/reglages' });
  try {
    await page.getByRole('heading', { level: 1, name: 'Réglages des notifications' }).waitFor();
    const select = page.getByLabel('Commentaires et réponses');
    await select.waitFor();
    assert.deepEqual(await select.locator('option').allInnerTexts(),
      ['Tout de suite', 'Dans le résumé quotidien', 'Dans le résumé hebdomadaire', 'Jamais']);
    const before = await api.request('GET', '/me/notification-settings');
    for (const kind of before.kinds) {
      assert.equal(await page.locator(`.notif-setting[data-kind="${kind}"] select`).count(), 1, `a choice for ${kind}`);
      assert.doesNotMatch(await page.locator(`.notif-setting[data-kind="${kind}"] label`).innerText(), /^[a-z_]+$/, `${kind} has a label`);
    }
    await select.selectOption('never');
    await page.getByLabel('Publications à lire').selectOption('weekly');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('status').filter({ hasText: 'Vos réglages sont enregistrés.' }).waitFor();
    const after = await api.request('GET', '/me/notification-settings');
    assert.equal(after.email.comment, 'never');
    assert.equal(after.email.must_read, 'weekly');
    await page.reload();
    await eventually(async () => (await page.getByLabel('Commentaires et réponses').inputValue()) === 'never', { message: 'the choice kept after a reload' });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a member chooses the group\'s notification level; a post is followed and muted', needsStack, async () => {
  const s = await scene('Réunion');
  const { context, page } = await stack.pageFor(s.bob, { path: `/groupes/${s.group.id}` });
  try {
    await page.getByRole('heading', { level: 1, name: s.group.name }).waitFor();
    const level = page.locator('main').getByLabel('Notifications', { exact: true });
    await level.waitFor();
    await level.selectOption('none');
    await page.getByText('Enregistré.').waitFor();
    let follow = await s.bobApi.request('GET', `/groups/${s.group.id}/follow`);
    assert.equal(follow.level, 'none');
    assert.equal(follow.explicit, true);
    await level.selectOption('');
    await eventually(async () => {
      follow = await s.bobApi.request('GET', `/groups/${s.group.id}/follow`);
      return follow.explicit === false;
    }, { message: 'the level back to the group\'s default' });

    await page.goto(`/publications/${s.post.id}`);
    const region = page.getByRole('region', { name: 'Notifications de cette publication' });
    await region.getByRole('button', { name: 'Suivre' }).click();
    await region.getByRole('button', { name: 'Ne plus suivre' }).waitFor();
    assert.equal((await s.bobApi.request('GET', `/posts/${s.post.id}/follow`)).state, 'follow');
    await region.getByRole('button', { name: 'Mettre en sourdine' }).click();
    await region.getByRole('button', { name: 'Retirer la sourdine' }).waitFor();
    assert.equal((await s.bobApi.request('GET', `/posts/${s.post.id}/follow`)).state, 'mute');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('an open post shows new comments and reaction counts live; an open feed shows the new posts banner at once', needsStack, async () => {
  const s = await scene('Sortie');
  const { context, page } = await stack.pageFor(s.bob, { path: `/publications/${s.post.id}` });
  try {
    const card = cardOf(page.locator('main'), `Sortie ${s.tag}`);
    await card.waitFor();
    await s.aliceApi.request('POST', `/posts/${s.post.id}/comments`, { body: `Rendez-vous à 9 h ${s.tag}` }, { expect: 201 });
    await card.getByText(`Rendez-vous à 9 h ${s.tag}`).waitFor({ timeout: LIVE_MS });
    await card.getByRole('button', { name: '1 commentaire' }).waitFor();
    await s.aliceApi.request('PUT', `/posts/${s.post.id}/reaction`, { kind: 'bravo' });
    await card.getByRole('group', { name: 'Réactions' }).first().getByRole('button', { name: 'Bravo 1' }).waitFor({ timeout: LIVE_MS });

    // the feed (its poll is 30 s: only a live message brings the banner this fast)
    await page.goto('/fil');
    await page.getByRole('heading', { level: 1, name: 'Fil' }).waitFor();
    await page.getByRole('feed').waitFor({ state: 'attached' });
    await eventually(async () => (await page.getByRole('feed').getAttribute('aria-busy')) === 'false', { message: 'the feed loaded' });
    // wait for the live connection with the feed's channels before posting
    await eventually(() => page.evaluate(() => performance.getEntriesByType('resource')
      .some((e) => e.name.includes('/api/v1/live?') && decodeURIComponent(e.name).includes('news'))),
    { timeout: 5000, message: 'an EventSource on the feed\'s channels' }).catch(() => {});
    await s.aliceApi.request('POST', `/groups/${s.group.id}/posts`, { title: `Nouveau ${s.tag}`, body: 'Tout frais.' });
    await page.getByRole('button', { name: '1 nouvelle publication' }).waitFor({ timeout: LIVE_MS });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('Administration › Courriel: the relay settings, a test message in the queue, a message to everyone', needsStack, async () => {
  const tag = unique();
  const to = `essai-${tag}@example.org`;
  const { context, page } = await newPage(stack.browser);
  try {
    await signIn(page, ADMIN.email, ADMIN.password, { path: '/admin/comptes' });
    await page.getByRole('navigation', { name: 'Sections de l\'administration' }).getByRole('link', { name: 'Courriel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Courriel' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin/courriel');
    const cfg = await stack.admin.request('GET', '/admin/mail');
    await page.getByLabel('Relais SMTP').waitFor();
    assert.equal(await page.getByLabel('Relais SMTP').inputValue(), cfg.relay || '');
    if (cfg.mode === 'files') await page.getByText(`Aucun relais configuré : les messages sont écrits dans ${cfg.files_dir}`).waitFor();

    // the quiet hours are saved
    await page.getByLabel('Début').fill('22:00');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('status').filter({ hasText: 'Les réglages du courriel sont enregistrés.' }).waitFor();
    assert.equal((await stack.admin.request('GET', '/admin/mail')).quiet_start, '22:00');
    // back as it was (the read-only fields, password_set, mode and files_dir, are not sent)
    const { password_set: _p, mode: _m, files_dir: _d, ...editable } = cfg;
    await stack.admin.request('PUT', '/admin/mail', editable);

    // a test message, then the queue shows it (waiting or already sent)
    await page.getByLabel('Adresse du destinataire').fill(to);
    await page.getByRole('button', { name: 'Envoyer un message de test' }).click();
    await page.getByRole('status').filter({ hasText: `Le message de test pour ${to} est dans la file d'envoi.` }).waitFor();
    const tabs = page.getByRole('tablist', { name: 'File d\'envoi' });
    assert.deepEqual(await tabs.getByRole('tab').allInnerTexts(), ['En attente', 'Envoyés', 'En échec']);
    await eventually(async () => {
      for (const name of ['En attente', 'Envoyés']) {
        await tabs.getByRole('tab', { name }).click();
        const panel = page.getByRole('tabpanel', { name });
        await panel.getByRole('button', { name: 'Actualiser' }).click();
        if (await panel.getByRole('row', { name: new RegExp(to) }).count()) return true;
      }
      return false;
    }, { timeout: 15000, interval: 500, message: `a row for ${to} in « En attente » or « Envoyés »` });

    // a message to every account
    await page.getByLabel('Titre').fill(`Coupure réseau ${tag}`);
    await page.getByLabel('Message', { exact: true }).fill('Samedi de 8 h à 10 h.');
    await page.getByRole('button', { name: 'Envoyer à tous les comptes' }).click();
    await page.getByRole('status').filter({ hasText: 'Le message part vers tous les comptes.' }).waitFor();

    // the page's old address leads to it
    await page.goto(`${BASE}/admin/messagerie`);
    await page.getByRole('heading', { level: 1, name: 'Courriel' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin/courriel');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

/** An unsubscribe token for the stack's secret (PARVIS_VAR). */
const stackToken = (userId, kind) => unsubscribeToken(readFileSync(join(process.env.PARVIS_VAR, 'secret.key')), userId, kind);

test('the unsubscribe page works without signing in and says when its link is not valid', needsStack, async () => {
  const person = await createUser(stack.admin);
  const { context, page } = await newPage(stack.browser);
  try {
    if (process.env.PARVIS_VAR) {
      await page.goto(`${BASE}/desabonnement?t=${stackToken(person.id, 'comment')}`);
      await page.getByRole('heading', { level: 1, name: 'Désabonnement' }).waitFor();
      await page.getByText(/des e-mails pour : Commentaires et réponses\./).waitFor();
      await page.getByRole('button', { name: 'Ne plus recevoir ces e-mails' }).click();
      await page.getByRole('status').filter({ hasText: 'ne recevra plus d\'e-mails pour : Commentaires et réponses' }).waitFor();
      const settings = await (await apiFor(person)).request('GET', '/me/notification-settings');
      assert.equal(settings.email.comment, 'never', 'the kind is switched off');
    }

    await page.goto(`${BASE}/desabonnement?t=nope-${unique()}`);
    await page.getByRole('heading', { level: 1, name: 'Désabonnement' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'n\'est pas valable' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/desabonnement', 'not sent to the sign-in page');
    await page.getByRole('link', { name: 'Aller à Parvis' }).click();
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
