// Polish people notice: search results and the bell read as text (never
// Markdown nor mention codes); a search with no result says how to widen
// it; join requests counted for managers and done once answered; the
// person's saved language on a second browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  needsStack, browserTests, newPage, signIn, createUser, unique, eventually, apiFor, groupWith, searchUntil, axeViolations,
} from './helpers.mjs';

const stack = browserTests();
const MARKUP = /\*\*|mention:|\]\(|```|!\[/;
const bellOf = (page) => page.locator('header').getByRole('button', { name: /^Notifications/ });

test('search results and the bell show text; no result says how to widen the search', needsStack, async () => {
  const tag = unique().replace(/[^a-z]/g, '').slice(-5);
  const w = `budgetplain${tag}`;
  const news = `parapluiesque${tag}`;
  const alice = await createUser(stack.admin, { name: `Alice Texte ${tag}` });
  const julie = await createUser(stack.admin, { name: `Julie Relit ${tag}` });
  const a = await apiFor(alice);
  const g = await groupWith(a, [julie], { visibility: 'public' });
  const post = await a.request('POST', `/groups/${g.id}/posts`, {
    body: `**Relire** le [budget ${w}](https://example.org/b) avec [@${julie.display_name}](mention:${julie.id})\n\n\`\`\`\ncode\n\`\`\``,
  }, { expect: 201 });
  await stack.admin.request('POST', '/news/posts', { body: `Pensez au ${news} demain.` }, { expect: 201 });
  const j = await apiFor(julie);
  await searchUntil(j, { q: news }, (d) => d.items.length === 1, 'the news post in the index');
  await searchUntil(j, { q: w }, (d) => d.items.some((i) => i.type === 'post'), 'the post in the index');

  const { context, page } = await stack.pageFor(julie, { path: `/recherche?q=${w}` });
  try {
    const hit = page.locator(`li.result[data-type="post"][data-id="${post.id}"]`);
    await hit.waitFor();
    const title = (await hit.locator('.result-title').innerText()).trim();
    const snippet = (await hit.locator('.result-snippet').innerText()).trim();
    assert.match(title, new RegExp(`^Relire le budget ${w} avec @Julie Relit`));
    assert.match(snippet, new RegExp(`Relire le budget ${w} avec @${julie.display_name} code`));
    assert.doesNotMatch(`${title} ${snippet}`, MARKUP);
    assert.equal((await hit.locator('.result-snippet mark').allTextContents()).join(), w);

    // the bell: the untitled post named by its words, as text
    await j.request('GET', '/notifications').then((d) => d.items.some((n) => n.kind === 'mention')
      || eventually(async () => (await j.request('GET', '/notifications')).items.some((n) => n.kind === 'mention'),
        { timeout: 10000, message: 'the mention told' }));
    await bellOf(page).click();
    const entry = page.getByRole('region', { name: 'Notifications' }).locator('li.notif[data-kind="mention"]');
    await entry.waitFor();
    const sentence = await entry.locator('.notif-sentence').innerText();
    assert.match(sentence, /mentionné dans la publication «\sRelire le budget/);
    assert.doesNotMatch(sentence, MARKUP);
    await page.keyboard.press('Escape');

    // nothing found, with a filter: the ways to widen it, announced
    await page.goto(`/recherche?q=${news.slice(0, 5)}${news.slice(6)}+zzqx&type=post`);
    const none = page.getByRole('status').filter({ hasText: 'Pour élargir la recherche' });
    await none.waitFor();
    assert.match(await none.innerText(), /Vérifiez l'orthographe/);
    assert.match(await none.innerText(), /Utilisez moins de mots/);
    const all = none.getByRole('link', { name: 'Chercher dans tous les types, sans filtre' });
    assert.equal(await all.getAttribute('href'), `/recherche?q=${news.slice(0, 5)}${news.slice(6)}+zzqx`);
    assert.deepEqual(await axeViolations(page, '.results'), []);
    // one misspelt word of the news: « Essayez : » the right one
    await page.goto(`/recherche?q=${news.slice(0, 5)}${news.slice(6)}`);
    const tip = page.getByRole('status').filter({ hasText: 'Essayez' });
    await tip.waitFor();
    assert.equal((await tip.getByRole('link', { name: news }).getAttribute('href')), `/recherche?q=${news}`);
    assert.doesNotMatch(await tip.innerText(), /tous les types/, 'no filter to remove');
  } finally {
    await context.close();
  }
});

test('join requests: counted for the manager on the group and its Membres tab, done in the bell once answered', needsStack, async () => {
  const alice = await createUser(stack.admin);
  const [bob, carol] = [await createUser(stack.admin), await createUser(stack.admin)];
  const a = await apiFor(alice);
  const g = await groupWith(a, [], { visibility: 'private' });
  for (const who of [bob, carol]) await (await apiFor(who)).request('POST', `/groups/${g.id}/join`);
  const { context, page } = await stack.pageFor(alice, { path: `/groupes/${g.id}` });
  try {
    const head = page.locator('.group-head');
    await head.locator('.badge-pending', { hasText: '2 demandes en attente' }).waitFor();
    const tab = page.getByRole('tab', { name: /Membres/ });
    assert.equal(await tab.locator('.badge-count [aria-hidden="true"]').textContent(), '2');
    assert.match(await tab.textContent(), /^Membres 2 ?2 demandes en attente$/, 'the tab\'s name says it in words');
    await head.getByRole('link', { name: '2 demandes en attente' }).click();
    await page.getByRole('button', { name: `Approuver la demande de ${bob.display_name}` }).click();
    await head.locator('.badge-pending', { hasText: '1 demande en attente' }).waitFor();
    await page.getByRole('button', { name: `Refuser la demande de ${carol.display_name}` }).click();
    await eventually(async () => (await head.locator('.badge-pending').count()) === 0, { message: 'no count left' });
    assert.equal((await tab.textContent()).trim(), 'Membres');
    // the bell: the request's notification read and marked done
    await page.goto('/notifications');
    const note = page.locator('li.notif[data-kind="request"]');
    await eventually(async () => /Traitée/.test(await note.innerText()), { timeout: 10000, message: 'the request marked done' });
    assert.equal(await note.evaluate((li) => li.classList.contains('is-unread')), false);
  } finally {
    await context.close();
  }
});

test('the language chosen on one browser is the person\'s on another', needsStack, async () => {
  const dana = await createUser(stack.admin);
  const first = await newPage(stack.browser);
  const second = await newPage(stack.browser);
  try {
    await signIn(first.page, dana.email, dana.password);
    await first.page.locator('header .user-menu .user-button').click();
    const saved = first.page.waitForResponse((r) => r.request().method() === 'PATCH' && /\/api\/v1\/me$/.test(r.url()));
    await first.page.locator('.lang-btn[data-lang="en"]').click();
    assert.equal((await saved).status(), 200);
    await eventually(() => first.page.evaluate(() => document.documentElement.lang === 'en'), { message: 'English on the first browser' });
    // a second browser, French by its own settings: French until sign-in, then English
    await second.page.goto('/');
    await second.page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await second.page.evaluate(() => document.documentElement.lang), 'fr');
    await signIn(second.page, dana.email, dana.password);
    assert.equal(await second.page.evaluate(() => document.documentElement.lang), 'en');
    await second.page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    assert.equal(await second.page.evaluate(() => localStorage.getItem('parvis.lang')), 'en', 'kept for the next sign-in page');
  } finally {
    await first.context.close();
    await second.context.close();
  }
});
