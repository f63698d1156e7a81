// The results page for every type: posts, comments and files with their type,
// highlighted words and context; the type filter; a private group's post kept
// from non-members; « Rechercher dans ce groupe »; sort, dates, paging, 360 px.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, Api, needsStack, browserTests, createUser, unique, eventually, apiFor, groupWith, noSideways, putFile, searchUntil
} from './helpers.mjs';

const stack = browserTests();
const { pageFor } = stack;

const word = `quetzal${unique()}`;
let alice;     // member of both groups, author of everything
let bob;       // in no group
let team;      // public group
let secret;    // private group
let teamPost;
let secretPost;
let comment;
let file;
let root;

before(async () => {
  if (needsStack.skip) return;
  const admin = await Api.admin(); // stack's own before may not have run yet
  alice = await createUser(admin, { name: `Alice Recherche-${unique()}` });
  bob = await createUser(admin);
  const a = await apiFor(alice);
  team = await groupWith(a, [], { visibility: 'public', name: `Équipe voirie ${unique()}` });
  secret = await groupWith(a, [], { visibility: 'private', name: `Cellule privée ${unique()}` });
  teamPost = await a.request('POST', `/groups/${team.id}/posts`, { body: `Réunion ${word} à la salle des fêtes` }, { expect: 201 });
  comment = await a.request('POST', `/posts/${teamPost.id}/comments`, { body: `Je viendrai pour ${word}, promis` }, { expect: 201 });
  secretPost = await a.request('POST', `/groups/${secret.id}/posts`, { body: `Budget confidentiel ${word} du service` }, { expect: 201 });
  root = (await a.request('GET', '/drive')).root_folder_id;
  file = await putFile(a, root, `compte-rendu-${word}.txt`, `Le compte rendu ${word} est prêt pour la réunion.\n`);
  await searchUntil(a, { q: word, limit: '20' }, (d) => ['post', 'comment', 'file'].every((k) => d.items.some((it) => it.type === k)),
    'the post, the comment and the file in the index');
});

/** The result <li> of a type and id. */
const resultOf = (page, type, id) => page.locator(`li.result[data-type="${type}"][data-id="${id}"]`);

test('the results page lists a post, a comment and a file with their types, the word highlighted, group, author, date and size', needsStack, async () => {
  const { context, page } = await pageFor(alice, { path: `/recherche?q=${word}` });
  try {
    await page.getByRole('heading', { level: 1, name: 'Résultats de recherche' }).waitFor();
    const post = resultOf(page, 'post', teamPost.id);
    const com = resultOf(page, 'comment', comment.id);
    const doc = resultOf(page, 'file', file.id);
    await post.waitFor();
    // the type, said in words
    assert.equal((await post.locator('.result-kind').textContent()).trim(), 'Publication');
    assert.match(await com.locator('.result-kind').textContent(), /^Commentaire/);
    assert.equal((await doc.locator('.result-kind').textContent()).trim(), 'Fichier');
    // the word in <mark>, as text
    for (const li of [post, com, doc]) {
      const marks = await li.locator('.result-snippet mark').allTextContents();
      assert.ok(marks.length >= 1 && marks.every((m) => m.toLowerCase() === word), `marks: ${marks}`);
    }
    assert.match(await post.locator('.result-snippet').textContent(), /salle des fêtes/);
    assert.match(await com.locator('.result-snippet').textContent(), /Je viendrai pour/);
    // titles are links to the post, the comment in its post, the file's content (new tab)
    assert.equal(await post.locator('a.result-title').getAttribute('href'), `/publications/${teamPost.id}`);
    assert.equal(await com.locator('a.result-title').getAttribute('href'), `/publications/${teamPost.id}#commentaire-${comment.id}`);
    const fileLink = doc.locator('a.result-title');
    assert.equal(await fileLink.getAttribute('href'), file.content_url);
    assert.equal(await fileLink.getAttribute('target'), '_blank');
    assert.deepEqual(await fileLink.locator('mark').allTextContents(), [word], 'the name carries the hit too');
    const folder = doc.getByRole('link', { name: 'Ouvrir le dossier' });
    assert.equal(await folder.getAttribute('href'), `/drive/dossiers/${root}`);
    // the line of context
    const meta = await post.locator('.result-meta').textContent();
    assert.match(meta, new RegExp(`dans ${team.name}`));
    assert.match(meta, new RegExp(`par ${alice.display_name}`));
    assert.ok(await post.locator('.result-meta time[datetime]').count(), 'a date');
    assert.equal(await post.locator('.result-meta a', { hasText: team.name }).getAttribute('href'), `/groupes/${team.id}`);
    assert.match(await doc.locator('.result-meta').textContent(), /\d+ o\b/, 'the size');
    // no script ran from the text, nothing was refused
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the type filter shows the counts and narrows to files, in the address; keyboard focus stays on it', needsStack, async () => {
  const { context, page } = await pageFor(alice, { path: `/recherche?q=${word}` });
  try {
    const bar = page.getByRole('navigation', { name: 'Type de résultat' });
    await bar.waitFor();
    const files = bar.getByRole('link', { name: /^Fichiers 1\b/ });
    assert.match((await bar.getByRole('link', { name: /^Publications/ }).textContent()).replace(/\s+/g, ' '), /Publications 2/);
    assert.equal(await bar.getByRole('link', { name: /^Tout/ }).getAttribute('aria-current'), 'page');
    await files.focus();
    await page.keyboard.press('Enter');
    await eventually(async () => new URL(page.url()).searchParams.get('type') === 'file', { message: 'type=file' });
    await eventually(async () => (await page.locator('li.result').count()) === 1
      && (await resultOf(page, 'file', file.id).count()) === 1, { message: 'only the file' });
    await eventually(async () => (await bar.getByRole('link', { name: /^Fichiers/ }).getAttribute('aria-current')) === 'page', { message: 'Fichiers current' });
    // the other counts are still offered, and focus came back to the filter
    await bar.getByRole('link', { name: /^Commentaires 1\b/ }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.dataset.type), 'file');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await eventually(async () => !new URL(page.url()).searchParams.has('type'), { message: 'back to Tout' });
    await eventually(async () => (await page.locator('li.result').count()) >= 4, { message: 'every type again' });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a private group\'s post is not shown to a non-member', needsStack, async () => {
  const b = await apiFor(bob);
  const data = await searchUntil(b, { q: word, limit: '50' }, (d) => d.items.some((it) => it.type === 'post'), 'the public post for Bob');
  assert.ok(!data.items.some((it) => it.type === 'post' && it.id === secretPost.id), 'the API keeps it from him');
  const { context, page } = await pageFor(bob, { path: `/recherche?q=${word}` });
  try {
    await resultOf(page, 'post', teamPost.id).waitFor();
    assert.equal(await resultOf(page, 'post', secretPost.id).count(), 0);
    assert.equal(await page.getByText('Budget confidentiel').count(), 0);
    assert.equal(await resultOf(page, 'file', file.id).count(), 0, 'nor Alice\'s own file');
    const bar = page.getByRole('navigation', { name: 'Type de résultat' });
    assert.match((await bar.getByRole('link', { name: /^Publications/ }).textContent()).replace(/\s+/g, ' '), /Publications 1/);
  } finally {
    await context.close();
  }
});

test('« Rechercher dans ce groupe » on a group page finds that group\'s post only, and the filter can be removed', needsStack, async () => {
  const { context, page } = await pageFor(alice, { path: `/groupes/${team.id}` });
  try {
    const box = page.getByRole('searchbox', { name: 'Rechercher dans ce groupe' });
    await box.fill(word);
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Résultats de recherche' }).waitFor();
    const url = new URL(page.url());
    assert.equal(url.pathname, '/recherche');
    assert.equal(url.searchParams.get('q'), word);
    assert.equal(url.searchParams.get('groupe'), String(team.id));
    const scope = page.locator('.results-scope');
    await scope.getByRole('link', { name: team.name, exact: true }).waitFor();
    assert.match(await scope.textContent(), new RegExp(`Dans le groupe ${team.name}`));
    await resultOf(page, 'post', teamPost.id).waitFor();
    await resultOf(page, 'comment', comment.id).waitFor();
    assert.equal(await resultOf(page, 'post', secretPost.id).count(), 0, 'not the other group\'s post');
    assert.equal(await resultOf(page, 'file', file.id).count(), 0, 'not her own drive\'s file');
    assert.equal(await page.locator('li.result').count(), 2);

    await scope.getByRole('link', { name: new RegExp(`Retirer le filtre « ${team.name} »`) }).click();
    await resultOf(page, 'post', secretPost.id).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('groupe'), null);
    assert.equal(await page.locator('.results-scope').count(), 0, 'no group filter shown');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('sort by date, a date range, « More results » paging, in English on a 360 px screen', needsStack, async () => {
  const many = `paging${unique()}`;
  const a = await apiFor(alice);
  for (let i = 0; i < 23; i++) {
    await a.request('POST', `/groups/${team.id}/posts`, { body: `Note ${i} ${many}` }, { expect: 201 });
  }
  await searchUntil(a, { q: many, limit: '1' }, (d) => d.total >= 23, '23 posts indexed');
  const { context, page } = await pageFor(alice, {
    path: `/recherche?q=${many}`, locale: 'en-GB', viewport: { width: 360, height: 740 }, storage: { 'parvis.lang': 'en' },
  });
  try {
    await page.getByRole('heading', { level: 1, name: 'Search results' }).waitFor();
    await page.getByText('23 results for').waitFor();
    assert.equal(await page.locator('li.result').count(), 20);
    await noSideways(page);

    // the next page, and the keyboard goes to its first result
    await page.getByRole('button', { name: 'More results' }).click();
    await eventually(async () => (await page.locator('li.result').count()) === 23, { message: '23 results' });
    assert.equal(await page.evaluate(() => document.activeElement.closest('li.result') === document.querySelectorAll('li.result')[20]), true);
    assert.equal(await page.getByRole('button', { name: 'More results' }).count(), 0, 'no more');
    await noSideways(page);

    // newest first, in the address
    await page.getByRole('link', { name: 'Date', exact: true }).click();
    await eventually(async () => new URL(page.url()).searchParams.get('tri') === 'date', { message: 'tri=date' });
    await eventually(async () => (await page.getByRole('link', { name: 'Date', exact: true }).getAttribute('aria-current')) === 'true', { message: 'Date chosen' });
    assert.equal(await page.getByRole('link', { name: 'Relevance' }).getAttribute('aria-current'), null);

    // a range in the future: nothing, and a way back
    await page.getByLabel('From').fill('2999-01-01');
    await page.getByRole('button', { name: 'Apply' }).click();
    await eventually(async () => new URL(page.url()).searchParams.get('du') === '2999-01-01', { message: 'du=' });
    await page.getByText('No results with these filters.').waitFor();
    await page.getByRole('link', { name: 'Any date' }).click();
    await eventually(async () => (await page.locator('li.result').count()) === 20, { message: 'results again' });
    assert.equal(new URL(page.url()).searchParams.get('tri'), 'date', 'the sort is kept');
    await noSideways(page);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the results page says when the search fails', needsStack, async () => {
  const { context, page } = await pageFor(alice);
  try {
    await page.route('**/api/v1/search?*', (route) => route.fulfill({
      status: 503, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'unavailable', message: 'Index indisponible (test).' } }),
    }));
    await page.goto(`/recherche?q=${word}`);
    await page.getByRole('alert').filter({ hasText: 'Index indisponible (test).' }).waitFor();
    await page.unroute('**/api/v1/search?*');
    await page.getByRole('button', { name: 'Réessayer' }).click();
    await resultOf(page, 'post', teamPost.id).waitFor();
  } finally {
    await context.close();
  }
});
