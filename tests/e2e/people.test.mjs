// Personnes: the directory and a profile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { needsStack, launch, newPage, signIn, Api, createUser, unique, eventually } from './helpers.mjs';

let browser;
let admin;

before(async () => {
  if (needsStack.skip) return;
  browser = await launch();
  admin = await Api.admin();
});
after(async () => { if (browser) await browser.close(); });

test('the directory lists people, filters them, and opens a profile', needsStack, async () => {
  const viewer = await createUser(admin);
  const tag = unique();
  const person = await createUser(admin, { name: `Élodie Lefèvre-${tag}` });
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, viewer.email, viewer.password);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Personnes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/personnes');

    await page.getByLabel('Filtrer par nom ou adresse e-mail').fill(tag);
    const link = page.getByRole('link', { name: person.display_name });
    const items = page.getByRole('list', { name: 'Annuaire' }).getByRole('listitem');
    await eventually(async () => (await items.count()) === 1 && (await link.count()) === 1,
      { message: 'the filtered directory to show her alone' });
    assert.equal(new URL(page.url()).searchParams.get('q'), tag, 'the filter is in the address');
    await page.getByText(person.email).waitFor();

    await link.click();
    await page.getByRole('heading', { level: 1, name: person.display_name }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/personnes/${person.id}`);
    const facts = page.locator('dl');
    await facts.getByText(person.email).waitFor();
    await facts.getByText('Membre').waitFor();
    await facts.getByText('Actif').waitFor();

    await page.getByRole('link', { name: "Retour à l'annuaire" }).click();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
  } finally {
    await context.close();
  }
});

test('a profile that does not exist says so', needsStack, async () => {
  const viewer = await createUser(admin);
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, viewer.email, viewer.password, { path: '/personnes/999999999' });
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').textContent(), /introuvable/i);
  } finally {
    await context.close();
  }
});
