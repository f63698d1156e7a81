// Fil: writing in a group with a mention, reactions, comments and replies,
// moderation, the home feed's filters, the « new posts » banner, hashtags,
// and hostile text shown inert — as people see them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  needsStack, launch, newPage, signIn, Api, createUser, unique, eventually, watchDialogs, presetStorage, groupWith, signedInPage, apiFor, cardOf,
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


/** The card of the post whose text contains `text`. */

/** The same, pinned by its id: still found while its text is in an editor. */
async function pinned(scope, selector, text) {
  const first = scope.locator(selector, { hasText: text }).first();
  const id = await first.getAttribute('data-id');
  return scope.locator(`${selector}[data-id="${id}"]`);
}

/** Opens a group's page on its Fil tab and returns the tab panel. */
async function groupFeed(page, group) {
  await page.goto(`/groupes/${group.id}`);
  await page.getByRole('heading', { level: 1, name: group.name }).waitFor();
  const panel = page.getByRole('tabpanel', { name: 'Fil' });
  const feed = panel.getByRole('feed');
  await feed.waitFor({ state: 'attached' });
  await eventually(async () => (await feed.getAttribute('aria-busy')) === 'false', { message: 'the feed loaded' });
  return panel;
}

async function pressed(locator, value) {
  await eventually(async () => (await locator.getAttribute('aria-pressed')) === String(value),
    { message: `aria-pressed=${value}` });
}

test('(a) a post in a group with a mention picked from the autocomplete: the card links to the person', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Roux-${tag}` });
  const bob = await createUser(admin, { name: `Bruno Caron-${tag}` });
  const group = await groupWith(await apiFor(alice), [bob], { name: `Atelier ${tag}` });
  const { context, page } = await pageFor(alice);
  try {
    const panel = await groupFeed(page, group);
    await panel.getByRole('button', { name: 'Écrire une publication…' }).click();
    const form = panel.getByRole('form', { name: 'Nouvelle publication' });
    await form.getByLabel('Titre (facultatif)').fill(`Réunion ${tag}`);
    const body = form.getByLabel('Message');
    await body.click();
    await page.keyboard.type(`Bonjour @caron-${tag}`);
    const option = page.getByRole('option', { name: new RegExp(bob.display_name) });
    await option.waitFor();
    await page.keyboard.press('ArrowDown');
    assert.equal(await option.getAttribute('aria-selected'), 'true');
    assert.equal(await body.getAttribute('aria-activedescendant'), await option.getAttribute('id'));
    await page.keyboard.press('Enter');
    assert.equal(await body.inputValue(), `Bonjour [@${bob.display_name}](mention:${bob.id}) `);
    await page.keyboard.type('à lundi.');
    await form.getByText(/\/ 20\s?000 caractères/).waitFor();
    await form.getByRole('button', { name: 'Publier' }).click();
    await form.getByRole('status').filter({ hasText: 'Votre publication est en ligne.' }).waitFor();
    assert.equal(await body.inputValue(), '', 'the composer is emptied');

    const card = cardOf(panel, `Réunion ${tag}`);
    await card.getByRole('heading', { name: `Réunion ${tag}` }).waitFor();
    await card.getByRole('link', { name: alice.display_name }).waitFor();
    const mention = card.locator('.post-body').getByRole('link', { name: `@${bob.display_name}` });
    assert.equal(await mention.getAttribute('href'), `/personnes/${bob.id}`);
    assert.match(await card.locator('.post-body').innerText(), /à lundi\./);

    // the mention is also found by clicking in the list
    await body.click();
    await page.keyboard.type(`Merci @roux-${tag}`);
    await page.getByRole('option', { name: new RegExp(alice.display_name) }).click();
    assert.equal(await body.inputValue(), `Merci [@${alice.display_name}](mention:${alice.id}) `);

    // the link leads to the person (the router keeps the page)
    await mention.click();
    await page.getByRole('heading', { level: 1, name: bob.display_name }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/personnes/${bob.id}`);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('(b) reacting changes the count and the pressed state, survives a reload; comments and replies', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Petit-${tag}` });
  const bob = await createUser(admin, { name: `Bruno Lemoine-${tag}` });
  const aliceApi = await apiFor(alice);
  const group = await groupWith(aliceApi, [bob]);
  const post = await aliceApi.request('POST', `/groups/${group.id}/posts`, { title: `Sortie ${tag}`, body: 'Qui vient samedi ?' });
  const b = await pageFor(bob);
  const a = await pageFor(alice);
  try {
    // Bob reacts
    let panel = await groupFeed(b.page, group);
    let card = cardOf(panel, `Sortie ${tag}`);
    const bar = card.getByRole('group', { name: 'Réactions' });
    assert.deepEqual(await bar.getByRole('button').allInnerTexts(), ['J\'aime', 'Bravo', 'Merci', 'Idée', 'Je soutiens']);
    const like = bar.getByRole('button', { name: /^J'aime/ });
    assert.equal(await like.getAttribute('aria-pressed'), 'false');
    await like.click();
    await pressed(like, true);
    await bar.getByRole('button', { name: 'J\'aime 1' }).waitFor();

    await b.page.reload();
    panel = b.page.getByRole('tabpanel', { name: 'Fil' });
    card = cardOf(panel, `Sortie ${tag}`);
    const bar2 = card.getByRole('group', { name: 'Réactions' });
    await bar2.getByRole('button', { name: 'J\'aime 1' }).waitFor();
    await pressed(bar2.getByRole('button', { name: /^J'aime/ }), true);

    // another kind replaces the first; pressing it again takes it back
    const bravo = bar2.getByRole('button', { name: /^Bravo/ });
    await bravo.click();
    await pressed(bravo, true);
    await pressed(bar2.getByRole('button', { name: /^J'aime/ }), false);
    await bar2.getByRole('button', { name: 'Bravo 1' }).waitFor();
    assert.equal(await bar2.getByRole('button', { name: /^J'aime/ }).innerText(), 'J\'aime');
    let saved = await (await apiFor(bob)).request('GET', `/posts/${post.id}`);
    assert.deepEqual(saved.reactions, { bravo: 1 });
    assert.equal(saved.my_reaction, 'bravo');

    // Bob comments
    const toggle = card.getByRole('button', { name: 'Commenter' });
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const commentBox = card.getByLabel('Votre commentaire');
    await eventually(async () => commentBox.evaluate((el) => el === document.activeElement), { message: 'focus in the comment box' });
    await commentBox.fill('Je viens, avec des gâteaux.');
    await card.getByRole('button', { name: 'Envoyer' }).click();
    const comments = card.getByRole('list', { name: 'Commentaires' });
    await comments.getByText('Je viens, avec des gâteaux.').waitFor();
    await card.getByRole('button', { name: '1 commentaire' }).waitFor();
    assert.equal(await commentBox.inputValue(), '');

    // Alice sees who reacted, then replies to Bob's comment and thanks him
    panel = await groupFeed(a.page, group);
    const aCard = cardOf(panel, `Sortie ${tag}`);
    await aCard.getByRole('button', { name: 'Voir qui a réagi (1)' }).click();
    const who = a.page.getByRole('dialog', { name: 'Réactions' });
    await who.getByRole('heading', { name: 'Bravo (1)' }).waitFor();
    await who.getByRole('link', { name: bob.display_name }).waitFor();
    await a.page.keyboard.press('Escape');
    await who.waitFor({ state: 'detached' });

    await aCard.getByRole('button', { name: '1 commentaire' }).click();
    const bobComment = aCard.locator('li.comment', { hasText: 'Je viens, avec des gâteaux.' });
    await bobComment.getByRole('button', { name: 'Répondre' }).click();
    const replyBox = aCard.getByLabel(`Votre réponse à ${bob.display_name}`);
    await eventually(async () => replyBox.evaluate((el) => el === document.activeElement), { message: 'focus in the reply box' });
    await replyBox.fill('Parfait, merci !');
    await bobComment.locator('form').getByRole('button', { name: 'Envoyer' }).click();
    const replies = aCard.getByRole('list', { name: `Réponses à ${bob.display_name}` });
    await replies.getByText('Parfait, merci !').waitFor();
    await aCard.getByRole('button', { name: '2 commentaires' }).waitFor();
    assert.equal(await bobComment.locator('.comment-main').first().getByRole('button', { name: 'Modifier' }).count(), 0, 'not her comment');
    const thanks = bobComment.getByRole('group', { name: 'Réactions' }).first().getByRole('button', { name: /^Merci/ });
    await thanks.click();
    await pressed(thanks, true);

    // Bob, after a reload: the reply is under his comment; he edits his comment
    await b.page.reload();
    const bCard = cardOf(b.page.getByRole('tabpanel', { name: 'Fil' }), `Sortie ${tag}`);
    await bCard.getByRole('button', { name: '2 commentaires' }).click();
    const mine = await pinned(bCard, 'li.comment', 'Je viens, avec des gâteaux.');
    await mine.getByRole('list', { name: `Réponses à ${bob.display_name}` }).getByText('Parfait, merci !').waitFor();
    await mine.getByRole('button', { name: 'Merci 1' }).first().waitFor();
    await mine.getByRole('button', { name: 'Modifier' }).click();
    const editor = mine.getByRole('form', { name: 'Modifier le commentaire' });
    await editor.getByLabel('Message').fill('Je viens, avec des crêpes.');
    await editor.getByRole('button', { name: 'Enregistrer' }).click();
    const edited = bCard.locator('li.comment', { hasText: 'Je viens, avec des crêpes.' });
    await edited.getByText('modifié').first().waitFor();

    // Alice deletes her reply
    await a.page.reload();
    const aCard2 = cardOf(a.page.getByRole('tabpanel', { name: 'Fil' }), `Sortie ${tag}`);
    await aCard2.getByRole('button', { name: '2 commentaires' }).click();
    const reply = aCard2.locator('.replies li.comment', { hasText: 'Parfait, merci !' });
    await reply.getByRole('button', { name: 'Supprimer' }).click();
    await a.page.getByRole('dialog', { name: 'Supprimer ce commentaire ?' }).getByRole('button', { name: 'Supprimer' }).click();
    await reply.waitFor({ state: 'detached' });
    await aCard2.getByRole('button', { name: '1 commentaire' }).waitFor();
    saved = await aliceApi.request('GET', `/posts/${post.id}`);
    assert.equal(saved.comments_count, 1);
    assert.deepEqual(a.page.problems, []);
    assert.deepEqual(b.page.problems, []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('moderation and editing: pin, close comments, edit one\'s own post, delete it', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Garnier-${tag}` });
  const bob = await createUser(admin, { name: `Bruno Faure-${tag}` });
  const group = await groupWith(await apiFor(alice), [bob]);
  const bobApi = await apiFor(bob);
  await bobApi.request('POST', `/groups/${group.id}/posts`, { body: `Ancienne idée ${tag}` });
  await bobApi.request('POST', `/groups/${group.id}/posts`, { body: `Nouvelle idée ${tag}` });
  const a = await pageFor(alice);
  const b = await pageFor(bob);
  try {
    // Alice, the manager, pins the older post: it comes first, badged
    let panel = await groupFeed(a.page, group);
    let card = cardOf(panel, `Ancienne idée ${tag}`);
    const menuButton = card.getByRole('button', { name: 'Actions sur la publication' });
    await menuButton.click();
    const menu = card.getByRole('menu');
    assert.deepEqual(await menu.getByRole('menuitem').allInnerTexts(),
      ['Épingler', 'Fermer les commentaires', 'Marquer « À lire obligatoirement »', 'Supprimer']);
    await menu.getByRole('menuitem', { name: 'Épingler' }).click();
    await card.getByText('Épinglé', { exact: true }).waitFor();
    await panel.getByRole('status').filter({ hasText: 'La publication est épinglée.' }).waitFor();
    // then closes its comments, from the keyboard
    await menuButton.focus();
    await a.page.keyboard.press('ArrowDown');
    await a.page.keyboard.press('ArrowDown');
    assert.equal(await a.page.evaluate(() => document.activeElement.textContent), 'Fermer les commentaires');
    await a.page.keyboard.press('Enter');
    await panel.getByRole('status').filter({ hasText: 'Les commentaires sont fermés.' }).waitFor();

    await b.page.reload();
    panel = await groupFeed(b.page, group);
    const articles = panel.getByRole('feed').locator('article');
    await eventually(async () => (await articles.count()) === 2, { message: 'two posts' });
    assert.match(await articles.first().innerText(), new RegExp(`Ancienne idée ${tag}`), 'the pinned post first');
    card = cardOf(panel, `Ancienne idée ${tag}`);
    await card.getByRole('button', { name: 'Commentaires fermés' }).click();
    await card.getByText('Les commentaires sont fermés.').waitFor();
    assert.equal(await card.getByLabel('Votre commentaire').count(), 0);

    // Bob edits his newer post inline, then deletes it
    const mine = await pinned(panel, 'article.post-card', `Nouvelle idée ${tag}`);
    await mine.getByRole('button', { name: 'Actions sur la publication' }).click();
    assert.deepEqual(await mine.getByRole('menuitem').allInnerTexts(), ['Modifier', 'Supprimer']);
    await mine.getByRole('menuitem', { name: 'Modifier' }).click();
    const editor = mine.getByRole('form', { name: 'Modifier la publication' });
    await editor.getByLabel('Titre (facultatif)').fill(`Idée ${tag}`);
    await editor.getByLabel('Message').fill(`Nouvelle idée ${tag}, **revue**.`);
    await editor.getByRole('button', { name: 'Enregistrer' }).click();
    await mine.getByRole('heading', { name: `Idée ${tag}` }).waitFor();
    await mine.locator('.post-body strong', { hasText: 'revue' }).waitFor();
    await mine.getByText('modifié', { exact: true }).waitFor();
    await mine.getByRole('button', { name: 'Actions sur la publication' }).click();
    await mine.getByRole('menuitem', { name: 'Supprimer' }).click();
    const confirm = b.page.getByRole('dialog', { name: 'Supprimer cette publication ?' });
    await confirm.getByRole('button', { name: 'Supprimer' }).click();
    await mine.waitFor({ state: 'detached' });
    const left = await bobApi.request('GET', `/groups/${group.id}/posts`);
    assert.deepEqual(left.items.map((p) => p.body), [`Ancienne idée ${tag}`]);
    assert.deepEqual(a.page.problems, []);
    assert.deepEqual(b.page.problems, []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('scheduling: a date typed in the reader\'s time zone reaches the server in UTC; the server\'s errors are shown', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Michel-${tag}` });
  const bob = await createUser(admin, { name: `Bruno Aubert-${tag}` });
  const aliceApi = await apiFor(alice);
  const group = await groupWith(aliceApi, [bob]);
  const { context, page } = await pageFor(alice, { timezoneId: 'Europe/Paris' });
  try {
    const panel = await groupFeed(page, group);
    await panel.getByRole('button', { name: 'Écrire une publication…' }).click();
    const form = panel.getByRole('form', { name: 'Nouvelle publication' });
    await form.getByLabel('Message').fill(`Fête d'été ${tag}`);
    await form.getByRole('checkbox', { name: 'Programmer la publication' }).check();
    // a date in the past: the server refuses, the message is shown by the form
    await form.getByLabel('Publier le').fill('2020-01-01T08:00');
    await form.getByRole('button', { name: 'Publier' }).click();
    await form.getByRole('alert').filter({ hasText: /passée/ }).waitFor();
    // 10:30 in Paris in June is 08:30 UTC
    await form.getByLabel('Publier le').fill('2099-06-15T10:30');
    await form.getByRole('button', { name: 'Publier' }).click();
    await form.getByRole('status').filter({ hasText: 'Votre publication paraîtra le 15 juin 2099' }).waitFor();
    const card = cardOf(panel, `Fête d'été ${tag}`);
    await card.getByText(/^Programmé pour le 15 juin 2099.*10:30$/).waitFor();
    const scheduled = await aliceApi.request('GET', `/posts/${await card.getAttribute('data-id')}`);
    assert.equal(scheduled.body, `Fête d'été ${tag}`);
    assert.equal(scheduled.publish_at, '2099-06-15T08:30:00Z');
    assert.equal(scheduled.published, false);
    await (await apiFor(bob)).request('GET', `/posts/${scheduled.id}`, undefined, { expect: 404 });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the home feed: filters and group kept in the address; hashtags lead to /tags', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Morel-${tag}` });
  const bob = await createUser(admin, { name: `Bruno Henry-${tag}` });
  const aliceApi = await apiFor(alice);
  const g1 = await groupWith(aliceApi, [bob], { name: `Jardin ${tag}` });
  const g2 = await groupWith(aliceApi, [bob], { name: `Cuisine ${tag}` });
  const hashtag = `potager${tag.replace(/[^a-z0-9]/g, '')}`;
  await aliceApi.request('POST', `/groups/${g1.id}/posts`, { body: `Semis de tomates #${hashtag}` });
  await aliceApi.request('POST', `/groups/${g2.id}/posts`, { body: `Recette pour [@${bob.display_name}](mention:${bob.id})` });
  const { context, page } = await pageFor(bob);
  try {
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Fil', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Fil' }).waitFor();
    const feed = page.getByRole('feed', { name: 'Publications' });
    await cardOf(feed, 'Semis de tomates').waitFor();
    await cardOf(feed, 'Recette pour').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Tout', exact: true }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByRole('form', { name: 'Publier une actualité' }).count(), 0, 'no news composer for a user');

    await page.getByRole('button', { name: 'Mentions', exact: true }).click();
    await eventually(() => new URL(page.url()).searchParams.get('filtre') === 'mentions', { message: 'filter in the address' });
    await cardOf(feed, 'Recette pour').waitFor();
    await eventually(async () => (await cardOf(feed, 'Semis de tomates').count()) === 0, { message: 'only mentions' });

    await page.getByRole('button', { name: 'Tout', exact: true }).click();
    await page.getByLabel('Groupe').selectOption({ label: `Jardin ${tag}` });
    await eventually(() => new URL(page.url()).searchParams.get('groupe') === String(g1.id), { message: 'group in the address' });
    await page.reload();
    await cardOf(page.getByRole('feed'), 'Semis de tomates').waitFor();
    assert.equal(await cardOf(page.getByRole('feed'), 'Recette pour').count(), 0);
    assert.equal(await page.getByLabel('Groupe').inputValue(), String(g1.id));

    // the hashtag is a link to its page, which lists the post
    await cardOf(page.getByRole('feed'), 'Semis de tomates').getByRole('link', { name: `#${hashtag}` }).click();
    await page.getByRole('heading', { level: 1, name: `#${hashtag}` }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/tags/${hashtag}`);
    await cardOf(page.getByRole('feed'), 'Semis de tomates').waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a long feed loads more as one scrolls, and with « Voir plus » from the keyboard', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Bonnet-${tag}` });
  const aliceApi = await apiFor(alice);
  const group = await groupWith(aliceApi, []);
  for (let i = 1; i <= 45; i += 1) {
    await aliceApi.request('POST', `/groups/${group.id}/posts`, { body: `Message n° ${i} ${tag}` });
  }
  const { context, page } = await pageFor(alice);
  try {
    const panel = await groupFeed(page, group);
    const articles = panel.getByRole('feed').locator('article');
    assert.equal(await articles.count(), 20, 'the first page');
    assert.match(await articles.first().innerText(), new RegExp(`Message n° 45 ${tag}`));
    // scrolling to the end brings the next page
    await articles.last().scrollIntoViewIfNeeded();
    await eventually(async () => (await articles.count()) === 40, { message: 'the second page' });
    // the button does the same from the keyboard
    const more = panel.getByRole('button', { name: 'Voir plus' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await more.focus();
    await page.keyboard.press('Enter');
    await eventually(async () => (await articles.count()) === 45, { message: 'the last page' });
    await more.waitFor({ state: 'hidden' });
    const texts = await articles.allInnerTexts();
    assert.equal(new Set(texts.map((x) => x.match(/Message n° (\d+)/)[1])).size, 45, 'no repeats');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('(f) the « new posts » banner appears when someone else posts, and loads them', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Blanc-${tag}` });
  const bob = await createUser(admin, { name: `Bruno Noir-${tag}` });
  const aliceApi = await apiFor(alice);
  const group = await groupWith(aliceApi, [bob]);
  await aliceApi.request('POST', `/groups/${group.id}/posts`, { body: `Premier message ${tag}` });
  // the poll runs every second for this test (production: 30 s)
  const { context, page } = await pageFor(bob, { path: '/fil', storage: { 'parvis.feedPoll': '1000' } });
  try {
    await page.getByRole('heading', { level: 1, name: 'Fil' }).waitFor();
    const feed = page.getByRole('feed', { name: 'Publications' });
    await cardOf(feed, `Premier message ${tag}`).waitFor();
    await page.waitForTimeout(1500);
    assert.equal(await page.getByRole('button', { name: /nouvelles? publications?/ }).count(), 0, 'nothing new yet');

    await aliceApi.request('POST', `/groups/${group.id}/posts`, { body: `Deuxième message ${tag}` });
    await aliceApi.request('POST', `/groups/${group.id}/posts`, { body: `Troisième message ${tag}` });
    const banner = page.getByRole('button', { name: '2 nouvelles publications' });
    await banner.waitFor({ timeout: 8000 });
    assert.equal(await cardOf(feed, `Troisième message ${tag}`).count(), 0, 'not shown before the click');
    await banner.click();
    await cardOf(feed, `Troisième message ${tag}`).waitFor();
    assert.match(await feed.locator('article').first().innerText(), new RegExp(`Troisième message ${tag}`));
    await banner.waitFor({ state: 'detached' });

    // the same banner on the group's page
    await page.goto(`/groupes/${group.id}`);
    const panel = page.getByRole('tabpanel', { name: 'Fil' });
    await cardOf(panel, `Troisième message ${tag}`).waitFor();
    await aliceApi.request('POST', `/groups/${group.id}/posts`, { body: `Quatrième message ${tag}` });
    await panel.getByRole('button', { name: '1 nouvelle publication' }).click({ timeout: 8000 });
    await cardOf(panel, `Quatrième message ${tag}`).waitFor();

    // without the test knob the interval is the production one
    const interval = await page.evaluate(async () => {
      localStorage.removeItem('parvis.feedPoll');
      return (await import('/js/new-posts.js')).pollInterval();
    });
    assert.equal(interval, 30000);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('(e) hostile text in posts, titles, comments, names, groups and hashtags stays inert', needsStack, async () => {
  const tag = unique();
  const payloads = [
    '<img src=x onerror="window.__xss=1">',
    '<script>window.__xss=2</script>',
    '[x](javascript:window.__xss=3)',
    '"><svg onload="window.__xss=4">',
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '[x](javascript:alert(1))',
    '"><svg onload=alert(1)>',
  ];
  const all = payloads.join(' ');
  const alice = await createUser(admin, { name: `Alice <img src=x onerror="window.__xss=5"> ${tag}` });
  const eve = await createUser(admin, { name: `Eve "><svg onload=alert(1)> ${tag}` });
  const aliceApi = await apiFor(alice);
  const eveApi = await apiFor(eve);
  const group = await groupWith(aliceApi, [eve], { name: `Groupe <script>alert(1)</script> ${tag}` });
  const hashtag = `xss${tag.replace(/[^a-z0-9]/g, '')}`;
  const post = await aliceApi.request('POST', `/groups/${group.id}/posts`, {
    title: `<img src=x onerror="window.__xss=6"> ${tag}`,
    body: `${all}\n\n#${hashtag}<img src=x onerror=alert(1)> [@${eve.display_name}](mention:${eve.id})\n\n<a href="javascript:alert(1)">lien</a>`,
    must_read: true,
  });
  await eveApi.request('POST', `/posts/${post.id}/comments`, { body: all });
  await eveApi.request('PUT', `/posts/${post.id}/reaction`, { kind: 'idee' });
  await admin.request('POST', '/news/posts', { title: `"><svg onload="window.__xss=7"> ${tag}`, body: all, featured: true });

  const { context, page } = await pageFor(alice);
  const dialogs = watchDialogs(page);
  async function inert(where) {
    await page.waitForTimeout(300);
    const report = await page.evaluate(() => {
      const bad = [];
      for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) if (/^on/i.test(attr.name)) bad.push(`${el.localName}[${attr.name}]`);
        if (el.localName === 'a' && /^\s*javascript:/i.test(el.getAttribute('href') || '')) bad.push('javascript: link');
      }
      const bodies = document.querySelectorAll('.post-body, .comment-body');
      for (const b of bodies) {
        if (b.querySelector('script, img, svg, iframe, object, embed')) bad.push(`element in ${b.className}`);
      }
      return { bad, xss: typeof window.__xss, bodies: bodies.length, scripts: document.querySelectorAll('main script').length };
    });
    assert.deepEqual(report.bad, [], `${where}: no event attribute, no script link`);
    assert.equal(report.scripts, 0, `${where}: no <script> in the page's content`);
    assert.equal(report.xss, 'undefined', `${where}: no payload ran`);
    assert.deepEqual(dialogs, [], `${where}: no dialog opened`);
    return report;
  }
  try {
    // the group's feed: the card, its comments, who reacted
    const panel = await groupFeed(page, group);
    const card = await pinned(panel, 'article.post-card', tag);
    await card.getByRole('heading', { name: `<img src=x onerror="window.__xss=6"> ${tag}` }).waitFor();
    await card.getByText('<script>window.__xss=2</script>', { exact: false }).first().waitFor();
    await card.locator('.post-body').getByRole('link', { name: `@${eve.display_name}` }).waitFor();
    await card.getByRole('button', { name: '1 commentaire' }).click();
    await card.locator('.comment-body', { hasText: '<img src=x onerror="window.__xss=1">' }).waitFor();
    await card.getByRole('link', { name: eve.display_name }).first().waitFor();
    await card.getByRole('button', { name: /Voir qui a réagi/ }).click();
    await page.getByRole('dialog', { name: 'Réactions' }).getByRole('link', { name: eve.display_name }).waitFor();
    assert.ok((await inert('group feed')).bodies >= 2);
    await page.keyboard.press('Escape');
    await card.getByRole('button', { name: 'Actions sur la publication' }).click();
    await card.getByRole('menuitem', { name: 'Rapport de lecture' }).click();
    await page.getByRole('dialog', { name: 'Rapport de lecture' }).getByRole('link', { name: eve.display_name }).waitFor();
    await inert('read report');
    await page.keyboard.press('Escape');

    // the inline editor shows the text as written
    await card.getByRole('button', { name: 'Actions sur la publication' }).click();
    await card.getByRole('menuitem', { name: 'Modifier' }).click();
    assert.equal(await card.getByLabel('Message').inputValue(), post.body);
    await inert('editor');

    // the home feed, the portal, the post's page and the tag pages
    await page.goto('/fil');
    await cardOf(page.getByRole('feed'), tag).first().waitFor();
    await inert('home feed');
    await page.goto('/');
    await page.getByRole('heading', { level: 2, name: 'À la une' }).waitFor();
    await page.getByRole('link', { name: `"><svg onload="window.__xss=7"> ${tag}` }).first().waitFor();
    await page.getByRole('link', { name: group.name }).first().waitFor();
    await inert('portal');
    await page.goto(`/publications/${post.id}`);
    await cardOf(page.locator('main'), tag).waitFor();
    await inert('post page');
    await page.goto(`/tags/${hashtag}`);
    await cardOf(page.getByRole('feed'), tag).waitFor();
    await inert('tag page');
    await page.goto(`/tags/${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
    await page.getByRole('heading', { level: 1, name: '#<img src=x onerror=alert(1)>' }).waitFor();
    await page.getByText('Aucune publication visible').waitFor();
    await inert('hostile tag');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
