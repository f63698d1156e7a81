// The results page's facets (groups, authors, kinds of file) and their
// removable chips, kept by sorting and paging, on a 360 px screen too; the
// search syntax help; the administration page « Recherche »: the index's
// figures, a file that could not be read and why, « Réconcilier l'index »;
// nothing of it for a non-administrator.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, Api, needsStack, browserTests, createUser, unique, eventually, apiFor, groupWith, noSideways, putFile, searchUntil
} from './helpers.mjs';

const stack = browserTests();
const { pageFor } = stack;

const word = `ocelot${unique()}`;
const many = `tapir${unique()}`;
let alice;      // member of both groups, author of a post, a text file and a broken PDF
let bob;        // member of both groups, author of two posts (and of the many)
let carol;      // not an administrator, in no group
let atelier;    // group: Alice's post and Bob's
let chantier;   // group: Bob's post
let alicePost;
let bobPostA;   // in atelier
let bobPostC;   // in chantier
let textFile;
let pdfFile;

before(async () => {
  if (needsStack.skip) return;
  const admin = await Api.admin();
  alice = await createUser(admin, { name: `Alice Facette-${unique()}` });
  bob = await createUser(admin, { name: `Bob Facette-${unique()}` });
  carol = await createUser(admin);
  const a = await apiFor(alice);
  const b = await apiFor(bob);
  atelier = await groupWith(a, [bob], { name: `Atelier reliure ${unique()}` });
  chantier = await groupWith(a, [bob], { name: `Chantier école ${unique()}` });
  alicePost = await a.request('POST', `/groups/${atelier.id}/posts`, { body: `Planning ${word} de l'atelier` }, { expect: 201 });
  bobPostA = await b.request('POST', `/groups/${atelier.id}/posts`, { body: `Matériel ${word} commandé` }, { expect: 201 });
  bobPostC = await b.request('POST', `/groups/${chantier.id}/posts`, { body: `Visite ${word} du chantier jeudi` }, { expect: 201 });
  const root = (await a.request('GET', '/drive')).root_folder_id;
  textFile = await putFile(a, root, `notes-${word}.txt`, `Les notes ${word} de la réunion.\n`, { type: 'text/plain' });
  // not a PDF at all behind its first line: its text cannot be read
  pdfFile = await putFile(a, root, `rapport-${word}.pdf`,
    Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 'A')]), 'application/pdf');
  // the many: 21 of Bob's posts and one of Alice's, for paging with a filter
  for (let i = 0; i < 21; i++) {
    await b.request('POST', `/groups/${chantier.id}/posts`, { body: `Relevé ${i} ${many}` }, { expect: 201 });
  }
  await a.request('POST', `/groups/${chantier.id}/posts`, { body: `Relevé d'Alice ${many}` }, { expect: 201 });

  await searchUntil(a, { q: word, limit: '20' }, (d) => d.items.length >= 5
    && [alicePost, bobPostA, bobPostC].every((p) => d.items.some((it) => it.type === 'post' && it.id === p.id))
    && [textFile, pdfFile].every((f) => d.items.some((it) => it.type === 'file' && it.id === f.id)),
  'the three posts and the two files in the index');
  await searchUntil(a, { q: many, limit: '1' }, (d) => d.total >= 22, 'the 22 posts');
  await eventually(async () => {
    const status = await admin.request('GET', '/search/status');
    return status.failures.some((f) => String(f.file_id) === String(pdfFile.id));
  }, { timeout: 20000, interval: 250, message: 'the PDF among the failures' });
});

const results = (page) => page.locator('li.result');
const resultOf = (page, type, id) => page.locator(`li.result[data-type="${type}"][data-id="${id}"]`);
const facet = (page, key) => page.locator(`.facet-group[data-facet="${key}"]`);
const param = (page, name) => new URL(page.url()).searchParams.get(name);

/** The ids of the results shown, as "type:id". */
async function shown(page) {
  return (await results(page).evaluateAll((lis) => lis.map((li) => `${li.dataset.type}:${li.dataset.id}`))).sort();
}

test('a group facet narrows to that group, shown as a chip; removing the chip brings every result back', needsStack, async () => {
  const { context, page } = await pageFor(alice, { path: `/recherche?q=${word}` });
  try {
    await resultOf(page, 'post', alicePost.id).waitFor();
    await eventually(async () => (await results(page).count()) === 5, { message: 'five results' });
    const groups = facet(page, 'group');
    assert.equal(await groups.getByRole('heading', { level: 2 }).textContent(), 'Groupes');
    const atelierLink = groups.getByRole('link', { name: new RegExp(`^${atelier.name} \\(2 résultats\\)`) });
    await groups.getByRole('link', { name: new RegExp(`^${chantier.name} \\(1 résultat\\)`) }).waitFor();
    assert.equal(await page.locator('.results-refine').evaluate((d) => d.open), true, 'open on a wide screen');
    assert.equal(await page.locator('.results-scope').count(), 0, 'no filter yet');

    await atelierLink.click();
    await eventually(async () => param(page, 'groupe') === String(atelier.id), { message: 'groupe= in the address' });
    await eventually(async () => JSON.stringify(await shown(page))
      === JSON.stringify([`post:${alicePost.id}`, `post:${bobPostA.id}`].sort()), { message: 'only the atelier\'s posts' });
    const chip = page.locator('.results-scope .filter-chip[data-filter="group"]');
    assert.match(await chip.textContent(), new RegExp(`Dans le groupe ${atelier.name}`));
    assert.equal(await groups.getByRole('link', { name: new RegExp(`^${atelier.name}`) }).getAttribute('aria-current'), 'true');

    // sorting keeps the filter
    await page.getByRole('link', { name: 'Date', exact: true }).click();
    await eventually(async () => param(page, 'tri') === 'date', { message: 'tri=date' });
    assert.equal(param(page, 'groupe'), String(atelier.id), 'the group kept by the sort');
    await eventually(async () => (await results(page).count()) === 2, { message: 'still two' });

    await chip.getByRole('link', { name: `Retirer le filtre « ${atelier.name} » : chercher partout` }).click();
    await eventually(async () => (await results(page).count()) === 5, { message: 'every result again' });
    assert.equal(param(page, 'groupe'), null);
    assert.equal(param(page, 'tri'), 'date', 'the sort kept');
    assert.equal(await page.locator('.results-scope').count(), 0, 'no chip left');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the file type facet: PDF and Texte, each of one file; an author facet; both chips together', needsStack, async () => {
  const { context, page } = await pageFor(alice, { path: `/recherche?q=${word}` });
  try {
    const types = facet(page, 'file_type');
    await types.waitFor();
    assert.equal(await types.getByRole('heading', { level: 2 }).textContent(), 'Types de fichier');
    assert.deepEqual(await types.locator('.facet-label').allTextContents(), ['PDF', 'Texte']);
    await types.getByRole('link', { name: /^Texte \(1 résultat\)$/ }).click();
    await eventually(async () => param(page, 'fichier') === 'text', { message: 'fichier=text' });
    await eventually(async () => JSON.stringify(await shown(page)) === JSON.stringify([`file:${textFile.id}`]), { message: 'the text file only' });
    const typeChip = page.locator('.filter-chip[data-filter="file_type"]');
    assert.match(await typeChip.textContent(), /Fichiers : Texte/);
    await typeChip.getByRole('link', { name: 'Retirer le filtre « Texte »' }).click();
    await eventually(async () => (await results(page).count()) === 5, { message: 'five again' });
    assert.equal(param(page, 'fichier'), null);

    // Bob wrote two of them
    const authors = facet(page, 'author');
    assert.equal(await authors.getByRole('heading', { level: 2 }).textContent(), 'Auteurs');
    await authors.getByRole('link', { name: new RegExp(`^${bob.display_name} \\(2 résultats\\)`) }).click();
    await eventually(async () => param(page, 'auteur') === String(bob.id), { message: 'auteur= in the address' });
    await eventually(async () => JSON.stringify(await shown(page))
      === JSON.stringify([`post:${bobPostA.id}`, `post:${bobPostC.id}`].sort()), { message: 'Bob\'s posts only' });
    const authorChip = page.locator('.filter-chip[data-filter="author"]');
    assert.match(await authorChip.textContent(), new RegExp(`Par ${bob.display_name}`));

    // and a group on top: his post in the chantier, two chips
    await facet(page, 'group').getByRole('link', { name: new RegExp(`^${chantier.name}`) }).click();
    await eventually(async () => JSON.stringify(await shown(page)) === JSON.stringify([`post:${bobPostC.id}`]), { message: 'Bob\'s chantier post' });
    assert.equal(param(page, 'auteur'), String(bob.id));
    assert.equal(param(page, 'groupe'), String(chantier.id));
    assert.equal(await page.locator('.results-scope .filter-chip').count(), 2);
    assert.match(await page.locator('.results-refine-summary').textContent(), /2 filtres actifs/);
    await page.getByRole('link', { name: 'Retirer tous les filtres' }).click();
    await eventually(async () => (await results(page).count()) === 5, { message: 'five again' });
    assert.equal(param(page, 'auteur'), null);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('an author filter is kept by « Résultats suivants », and the syntax help is there', needsStack, async () => {
  const { context, page } = await pageFor(alice, { path: `/recherche?q=${many}` });
  try {
    await page.getByText('22 résultats pour').waitFor();
    const help = page.locator('details.search-help');
    await help.locator('summary', { hasText: 'Aide à la recherche' }).click();
    const tips = await help.locator('li').allTextContents();
    assert.ok(tips.some((s) => s.includes('"phrase exacte"')), tips.join('|'));
    assert.ok(tips.some((s) => s.includes('-mot')));
    assert.ok(tips.some((s) => s.includes('OR')));
    assert.ok(tips.some((s) => s.includes('*')));

    await facet(page, 'author').getByRole('link', { name: new RegExp(`^${bob.display_name} \\(21 résultats\\)`) }).click();
    await page.getByText('21 résultats pour').waitFor();
    assert.equal(await results(page).count(), 20);
    const asked = page.waitForRequest((r) => r.url().includes('/api/v1/search?') && r.url().includes('offset=20'));
    await page.getByRole('button', { name: 'Résultats suivants' }).click();
    const next = new URL((await asked).url());
    assert.equal(next.searchParams.get('author'), String(bob.id), 'the next page asked with the author');
    await eventually(async () => (await results(page).count()) === 21, { message: '21 results' });
    assert.equal(await page.getByText('Relevé d\'Alice').count(), 0, 'none of Alice\'s');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('on a 360 px screen the facets are a closed disclosure above the results; a facet still works', needsStack, async () => {
  const { context, page } = await pageFor(alice, {
    path: `/recherche?q=${word}`, locale: 'en-GB', viewport: { width: 360, height: 740 }, storage: { 'parvis.lang': 'en' },
  });
  try {
    await page.getByRole('heading', { level: 1, name: 'Search results' }).waitFor();
    await eventually(async () => (await results(page).count()) === 5, { message: 'five results' });
    await noSideways(page);
    const refine = page.locator('details.results-refine');
    assert.equal(await refine.evaluate((d) => d.open), false, 'closed');
    assert.ok(await results(page).first().isVisible(), 'the results are visible');
    const box = await results(page).first().boundingBox();
    assert.ok(box.width <= 360 && box.x >= 0, `result inside the screen: ${JSON.stringify(box)}`);

    await refine.locator('summary', { hasText: 'Refine the search' }).click();
    const types = facet(page, 'file_type');
    assert.deepEqual(await types.locator('.facet-label').allTextContents(), ['PDF', 'Text']);
    await types.getByRole('link', { name: /^PDF \(1 result\)$/ }).click();
    await eventually(async () => JSON.stringify(await shown(page)) === JSON.stringify([`file:${pdfFile.id}`]), { message: 'the PDF only' });
    assert.match(await page.locator('.filter-chip[data-filter="file_type"]').textContent(), /Files: PDF/);
    assert.ok(await results(page).first().isVisible());
    await noSideways(page);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('« Recherche » in the administration: the figures, the PDF that could not be read and why, a reconciliation', needsStack, async () => {
  const admin = stack.admin;
  const before = await admin.request('GET', '/search/status');
  const failure = before.failures.find((f) => String(f.file_id) === String(pdfFile.id));
  assert.ok(failure && failure.reason, 'the API keeps a reason');
  const person = { email: process.env.PARVIS_ADMIN_EMAIL, password: process.env.PARVIS_ADMIN_PASSWORD };
  const { context, page } = await pageFor(person, { path: '/admin/portail' });
  try {
    const sections = page.getByRole('navigation', { name: 'Sections de l\'administration' });
    await sections.getByRole('link', { name: 'Recherche' }).click();
    await page.getByRole('heading', { level: 1, name: 'Recherche' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin/recherche');
    assert.equal(await sections.getByRole('link', { name: 'Recherche' }).getAttribute('aria-current'), 'page');

    const docs = page.locator('.search-figure[data-figure="documents"] dd');
    await docs.waitFor();
    assert.ok(Number((await docs.textContent()).replace(/\D/g, '')) > 0, 'documents in the index');
    await page.locator('.search-figure[data-figure="pending"] dd').waitFor();
    assert.ok(Number((await page.locator('.search-figure[data-figure="failures"] dd').textContent()).replace(/\D/g, '')) >= 1);

    const row = page.locator(`table.search-failures tr[data-file-id="${pdfFile.id}"]`);
    await row.waitFor();
    const link = row.getByRole('link', { name: new RegExp(`rapport-${word}\\.pdf`) });
    assert.equal(await link.getAttribute('href'), `/api/v1/files/${pdfFile.id}/content`);
    assert.match(await row.textContent(), /application\/pdf/);
    assert.equal((await row.locator('.search-failure-reason').textContent()).trim(), failure.reason);
    assert.ok(await row.locator('time[datetime]').count(), 'the date');
    for (const col of ['Nom', 'Type', 'Raison', 'Date']) await page.getByRole('columnheader', { name: col }).waitFor();
    // the failures counted by reason, labelled: the PDF poppler refuses is « endommagé »
    const damaged = page.locator('table.search-reasons tr[data-code="damaged"]');
    await damaged.waitFor();
    assert.match(await damaged.locator('th').textContent(), /Fichier endommagé/);
    assert.ok(Number((await damaged.locator('td').textContent()).replace(/\D/g, '')) >= 1);
    assert.equal(await row.getAttribute('data-code'), 'damaged');

    // the report before, then « Réconcilier l'index »
    const report = page.locator('.search-report');
    const earlier = before.last_reconcile;
    if (earlier) assert.equal(await report.getAttribute('data-report'), earlier);
    else assert.match(await report.textContent(), /Aucune réconciliation/);
    await page.getByRole('button', { name: 'Réconcilier l\'index' }).click();
    await page.getByRole('status').filter({ hasText: 'Réconciliation demandée' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Réconciliation terminée' }).waitFor({ timeout: 25000 });
    const after = await admin.request('GET', '/search/status');
    assert.notEqual(after.last_reconcile, earlier);
    assert.equal(await report.getAttribute('data-report'), after.last_reconcile);
    assert.match(await report.textContent(), /\d+ vérifiés, \d+ orphelins retirés, \d+ manquants indexés, \d+ droits périmés corrigés/);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a non-administrator sees no link to « Recherche » and the page tells them it is reserved', needsStack, async () => {
  const c = await apiFor(carol);
  await assert.rejects(c.request('GET', '/search/status'), /403/);
  const { context, page } = await pageFor(carol, { path: '/' });
  try {
    await page.getByRole('navigation').first().waitFor();
    assert.equal(await page.locator('a[href="/admin/recherche"]').count(), 0);
    assert.equal(await page.locator('a[href^="/admin"]').count(), 0, 'no administration link');
    await page.goto('/admin/recherche');
    await page.getByRole('alert').filter({ hasText: 'réservée aux administrateurs' }).waitFor();
    assert.equal(await page.locator('a[href="/admin/recherche"]').count(), 0, 'not in the sections either');
    assert.equal(await page.getByRole('navigation', { name: 'Sections de l\'administration' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Réconcilier l\'index' }).count(), 0);
    assert.equal(await page.locator('table.search-failures').count(), 0);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
