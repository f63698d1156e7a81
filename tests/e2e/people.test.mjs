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

test('(d) a person fills in their profile; the directory filter by department finds them', needsStack, async () => {
  const tag = unique();
  const person = await createUser(admin, { name: `Hugo Lambert-${tag}` });
  const department = `Urbanisme ${tag}`;
  const site = `Mairie annexe ${tag}`;
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, person.email, person.password);
    await page.getByRole('button', { name: person.display_name }).click();
    await page.getByRole('link', { name: 'Mon profil' }).click();
    await page.getByRole('heading', { level: 1, name: person.display_name }).waitFor();
    await page.getByText("Vous n'êtes membre d'aucun groupe.").waitFor();

    const edit = page.getByRole('button', { name: 'Modifier' });
    await edit.click();
    assert.equal(await edit.getAttribute('aria-expanded'), 'true');
    const form = page.getByRole('form', { name: 'Modifier le profil' });
    assert.equal(await page.evaluate(() => document.activeElement.name), 'display_name');
    await form.getByLabel('Fonction').fill('Instructeur des permis');
    await form.getByLabel('Service').fill(department);
    await form.getByLabel('Site').fill(site);
    await form.getByLabel('Téléphone').fill('+33 1 23 45 67 89');
    await form.getByLabel('Présentation').fill('Première ligne.\n<b>pas du HTML</b>');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('status').filter({ hasText: 'Le profil est enregistré.' }).waitFor();
    assert.equal(await page.getByRole('form', { name: 'Modifier le profil' }).count(), 0, 'the form closes');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Modifier', 'focus back on the button');

    const facts = page.locator('dl');
    await facts.getByText('Instructeur des permis').waitFor();
    await facts.getByRole('link', { name: department }).waitFor();
    await facts.getByRole('link', { name: site }).waitFor();
    assert.equal(await facts.getByRole('link', { name: '+33 1 23 45 67 89' }).getAttribute('href'), 'tel:+33123456789');
    const bio = page.locator('.bio');
    assert.equal(await bio.innerText(), 'Première ligne.\n<b>pas du HTML</b>', 'text kept as text, newline kept');
    assert.equal(await bio.locator('b').count(), 0);
    // the server has it
    const saved = await admin.request('GET', `/users/${person.id}`);
    assert.equal(saved.department, department);
    assert.equal(saved.bio, 'Première ligne.\n<b>pas du HTML</b>');

    // the directory: filter by department
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Personnes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    const select = page.getByRole('combobox', { name: 'Service' });
    await eventually(async () => (await select.locator('option', { hasText: department }).count()) === 1,
      { message: 'the department among the choices' });
    await select.selectOption(department);
    const items = page.getByRole('list', { name: 'Annuaire' }).getByRole('listitem');
    await eventually(async () => (await items.count()) === 1
      && (await items.first().getByRole('link', { name: person.display_name }).count()) === 1,
    { message: 'the filtered directory to show him alone' });
    assert.equal(new URL(page.url()).searchParams.get('service'), department);
    await items.first().getByText('Instructeur des permis').waitFor();
    await items.first().getByText(`${department} · ${site}`).waitFor();

    // the link on the profile leads to the same filter
    await page.goto(`/personnes/${person.id}`);
    await page.locator('dl').getByRole('link', { name: department }).click();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    await eventually(async () => (await page.getByRole('combobox', { name: 'Service' }).inputValue()) === department,
      { message: 'the select set from the address' });
    await eventually(async () => (await items.count()) === 1, { message: 'one person' });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the profile shows the groups; a person may not edit someone else', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin);
  const bob = await createUser(admin);
  const aliceApi = await Api.signIn(alice.email, alice.password);
  const name = `Club photo ${tag}`;
  const group = await aliceApi.request('POST', '/groups', { name, visibility: 'public' }, { expect: 201 });
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, bob.email, bob.password, { path: `/personnes/${alice.id}` });
    await page.getByRole('heading', { level: 1, name: alice.display_name }).waitFor();
    const groups = page.getByRole('region', { name: 'Groupes' });
    await groups.getByRole('link', { name }).waitFor();
    await groups.getByText('Gestionnaire').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Modifier' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Supprimer le compte' }).count(), 0);
    await groups.getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/groupes/${group.id}`);
  } finally {
    await context.close();
  }
});

test('an administrator edits and erases accounts; the last manager of a group is kept, with the reason', needsStack, async () => {
  const tag = unique();
  const keeper = await createUser(admin, { name: `Inès Moreau-${tag}` });
  const leaving = await createUser(admin, { name: `Jules Renard-${tag}` });
  const keeperApi = await Api.signIn(keeper.email, keeper.password);
  const groupName = `Conseil de quartier ${tag}`;
  await keeperApi.request('POST', '/groups', { name: groupName, visibility: 'private' }, { expect: 201 });
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, process.env.PARVIS_ADMIN_EMAIL, process.env.PARVIS_ADMIN_PASSWORD, { path: `/personnes/${leaving.id}` });
    await page.getByRole('heading', { level: 1, name: leaving.display_name }).waitFor();
    // an administrator edits someone else's profile
    await page.getByRole('button', { name: 'Modifier' }).click();
    await page.getByRole('form', { name: 'Modifier le profil' }).getByLabel('Fonction').fill('Agent d\'accueil');
    await page.getByRole('form', { name: 'Modifier le profil' }).getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('dl').getByText('Agent d\'accueil').waitFor();

    // erasing asks first
    await page.getByRole('button', { name: 'Supprimer le compte' }).click();
    const dialog = page.getByRole('dialog', { name: 'Supprimer ce compte ?' });
    await dialog.getByRole('button', { name: 'Supprimer le compte' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    await page.getByRole('status').filter({ hasText: `Le compte de ${leaving.display_name} a été supprimé.` }).waitFor();
    await page.goto(`/personnes/${leaving.id}`);
    await page.getByRole('alert').filter({ hasText: 'introuvable' }).waitFor();

    // the last manager of a group: the server's message
    await page.goto(`/personnes/${keeper.id}`);
    await page.getByRole('button', { name: 'Supprimer le compte' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Supprimer le compte' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), new RegExp(tag));
    assert.equal((await admin.request('GET', `/users/${keeper.id}`)).id, keeper.id);
  } finally {
    await context.close();
  }
});

test('at 360 px the directory and a profile being edited fit the screen', needsStack, async () => {
  const person = await createUser(admin, { name: `Marie-Christine Vanderhaegen-Beaulieu-${unique()}` });
  const { context, page } = await newPage(browser, { viewport: { width: 360, height: 740 } });
  try {
    await signIn(page, person.email, person.password, { path: '/personnes' });
    await page.getByRole('combobox', { name: 'Service' }).waitFor();
    let width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `directory is ${width}px wide`);
    await page.goto(`/personnes/${person.id}`);
    await page.getByRole('button', { name: 'Modifier' }).click();
    await page.getByRole('form', { name: 'Modifier le profil' }).waitFor();
    width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `profile is ${width}px wide`);
  } finally {
    await context.close();
  }
});
