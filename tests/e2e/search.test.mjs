// The header search box: people suggestions as one types, and the results page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, needsStack, launch, newPage, signIn, Api, createUser, unique, eventually } from './helpers.mjs';

let browser;
let admin;
let viewer;
let helene;

before(async () => {
  if (needsStack.skip) return;
  browser = await launch();
  admin = await Api.admin();
  viewer = await createUser(admin);
  helene = await createUser(admin, { name: `Hélène Dupont-${unique()}` });
});
after(async () => { if (browser) await browser.close(); });

/**
 * Types `text` in the search box until an option for `name` is offered. The
 * indexer is asynchronous: like a person, retype while it catches up. After
 * a few seconds the unique part of the name is added, in case many earlier
 * Hélènes crowd the first eight suggestions.
 */
async function suggestionFor(page, text, name, { timeout = 8000 } = {}) {
  const box = page.getByRole('combobox', { name: 'Rechercher' });
  const option = page.getByRole('option').filter({ hasText: name });
  const started = Date.now();
  return eventually(async () => {
    const query = Date.now() - started > timeout / 2 ? `${text} ${name.split('-').pop()}` : text;
    await box.fill('');
    await box.fill(query);
    try {
      await option.first().waitFor({ timeout: 700 });
      return option.first();
    } catch {
      return null;
    }
  }, { timeout, interval: 100, message: `a suggestion for ${name}` });
}

test('typing "helene" suggests Hélène, and choosing her opens her profile', needsStack, async () => {
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, viewer.email, viewer.password);
    const box = page.getByRole('combobox', { name: 'Rechercher' });
    assert.equal(await box.getAttribute('type'), 'search');
    const option = await suggestionFor(page, 'helene', helene.display_name);
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    await page.getByRole('listbox').waitFor();
    assert.match(await option.textContent(), /Hélène Dupont-/);
    await option.click();

    await page.getByRole('heading', { level: 1, name: helene.display_name }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/personnes/${helene.id}`);
    await page.getByText(helene.email).first().waitFor();
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the suggestions work with the keyboard: arrows, Enter, Escape', needsStack, async () => {
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, viewer.email, viewer.password);
    const box = page.getByRole('combobox', { name: 'Rechercher' });
    const unique = helene.display_name.split('-').pop();
    await suggestionFor(page, 'helene', helene.display_name);
    // narrow to her alone, then Escape closes, ArrowDown reopens and selects
    await box.fill(`helene ${unique}`);
    await eventually(async () => (await page.getByRole('option').count()) === 1, { message: 'one suggestion' });
    await box.press('Escape');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    await box.press('ArrowDown');
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    const selected = page.getByRole('option', { selected: true });
    assert.match(await selected.textContent(), new RegExp(unique));
    assert.equal(await box.getAttribute('aria-activedescendant'), await selected.getAttribute('id'));
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: helene.display_name }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/personnes/${helene.id}`);
  } finally {
    await context.close();
  }
});

test('Enter without a selection opens the results page, hits marked', needsStack, async () => {
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, viewer.email, viewer.password);
    const box = page.getByRole('combobox', { name: 'Rechercher' });
    const unique = helene.display_name.split('-').pop();
    await suggestionFor(page, 'helene', helene.display_name);
    const query = `helene ${unique}`;
    await box.fill(query);
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Résultats de recherche' }).waitFor();
    const url = new URL(page.url());
    assert.equal(url.pathname, '/recherche');
    assert.equal(url.searchParams.get('q'), query);
    assert.equal(await box.inputValue(), query, 'the box keeps the query');

    const link = page.getByRole('link', { name: helene.display_name });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), `/personnes/${helene.id}`);

    // the same search through the API tells which snippet segments are hits
    const api = await Api.signIn(viewer.email, viewer.password);
    const data = await api.search(query, { type: 'person', limit: 20 });
    const item = data.items.find((it) => String(it.id) === String(helene.id));
    assert.ok(item, 'the API finds her too');
    const hits = (item.snippet || []).filter((s) => s.hit).map((s) => s.text);
    const result = page.locator('li').filter({ has: link });
    assert.deepEqual(await result.locator('mark').allTextContents(), hits);
    const snippetText = (item.snippet || []).map((s) => s.text).join('');
    if (snippetText) await result.getByText(snippetText.trim().slice(0, 20), { exact: false }).first().waitFor();

    await link.click();
    await page.getByRole('heading', { level: 1, name: helene.display_name }).waitFor();
  } finally {
    await context.close();
  }
});

test('the results page for a word nobody matches says so', needsStack, async () => {
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, viewer.email, viewer.password, { path: `/recherche?q=zzqx${unique()}` });
    await page.getByRole('heading', { level: 1, name: 'Résultats de recherche' }).waitFor();
    await page.getByText(/Aucun résultat/).waitFor();
  } finally {
    await context.close();
  }
});

test('the search box suggests groups too, and choosing one opens it', needsStack, async () => {
  const word = `Orchestre${unique().replace(/\W/g, '')}`;
  const created = await admin.request('POST', '/groups', { name: `${word} municipal`, visibility: 'public' }, { expect: 201 });
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, viewer.email, viewer.password);
    const option = await suggestionFor(page, word.toLowerCase().slice(0, 12), `${word} municipal`);
    assert.match(await option.textContent(), /Groupe/);
    await option.click();
    await page.getByRole('heading', { level: 1, name: `${word} municipal` }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/groupes/${created.id}`);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
