// Groupes: creating a group, adding a colleague, requests and approval,
// leaving, the tabs, the settings, and small screens — as people see them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  needsStack, launch, newPage, signIn, Api, createUser, unique, eventually, signedInPage, noSideways,
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

/** Opens /groupes, shows the tab `tab` and filters on `q`; returns the list's group links. */
async function groupsTab(page, tab, q) {
  await page.goto('/groupes');
  await page.getByRole('heading', { level: 1, name: 'Groupes' }).waitFor();
  await page.getByRole('tab', { name: tab }).click();
  if (q) {
    await page.getByLabel('Filtrer par nom').fill(q);
    // the filter is applied once it is in the address
    await eventually(() => new URL(page.url()).searchParams.get('q') === q, { message: 'the filter in the address' });
  }
  return page.getByRole('tabpanel', { name: tab });
}

/** Waits until the tab's list shows (or no longer shows) a link named `name`. */
async function listShows(panel, name, present = true) {
  await eventually(async () => ((await panel.getByRole('link', { name, exact: true }).count()) === 1) === present
    && (await panel.getAttribute('aria-busy')) !== 'true'
    && (await panel.locator('.group-results').getAttribute('aria-busy')) === 'false',
  { message: `${name} ${present ? 'listed' : 'gone'}` });
}


test('(a) a person creates a private group, adds a colleague, who finds it under "Mes groupes"', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Bernard-${tag}` });
  const bob = await createUser(admin, { name: `Bruno Caron-${tag}` });
  const name = `Comité des fêtes ${tag}`;
  const a = await pageFor(alice);
  const b = { context: null };
  try {
    const { page } = a;
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Groupes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Groupes' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/groupes');
    assert.equal(await page.getByRole('tab', { name: 'Mes groupes' }).getAttribute('aria-selected'), 'true');

    // the creation form
    const open = page.getByRole('button', { name: 'Créer un groupe' });
    await open.click();
    assert.equal(await open.getAttribute('aria-expanded'), 'true');
    const form = page.getByRole('form', { name: 'Nouveau groupe' });
    assert.equal(await page.evaluate(() => document.activeElement.name), 'name', 'focus goes to the name');
    await form.getByRole('button', { name: 'Créer le groupe' }).click();
    await form.getByRole('alert').filter({ hasText: 'Saisissez le nom du groupe.' }).waitFor();
    await form.getByLabel('Nom du groupe').fill(name);
    await form.getByLabel('Description').fill('Préparer la fête du village.\nRéunion le mardi.');
    await form.getByRole('radio', { name: 'Privé' }).check();
    await form.getByRole('radio', { name: /Seuls les gestionnaires/ }).check();
    await form.getByRole('button', { name: 'Créer le groupe' }).click();

    // the new group's page
    await page.getByRole('heading', { level: 1, name }).waitFor();
    assert.match(new URL(page.url()).pathname, /^\/groupes\/\d+$/);
    const groupPath = new URL(page.url()).pathname;
    await page.getByRole('status').filter({ hasText: 'Vous en êtes le gestionnaire' }).waitFor();
    const head = page.locator('.group-head');
    await head.getByText('Privé', { exact: true }).waitFor();
    await head.getByText('1 membre').waitFor();
    await head.getByText('Votre rôle : Gestionnaire', { exact: false }).waitFor();
    await head.getByRole('link', { name: alice.display_name }).waitFor();
    // newlines kept, as text
    assert.equal(await head.locator('.group-description').innerText(), 'Préparer la fête du village.\nRéunion le mardi.');

    // the tabs: Fil first, honest about what is coming; arrows move; the address follows
    const tabs = page.getByRole('tablist');
    assert.deepEqual(await tabs.getByRole('tab').allTextContents(), ['Fil', 'Drive', 'Membres', 'Agenda', 'Paramètres']);
    await page.getByRole('tabpanel', { name: 'Fil' }).getByRole('button', { name: 'Écrire une publication…' }).waitFor();
    await page.getByRole('tabpanel', { name: 'Fil' }).getByText('Aucune publication pour le moment').waitFor();
    await page.getByRole('tab', { name: 'Fil' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByRole('tab', { name: 'Drive' }).getAttribute('aria-selected'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Drive');
    assert.equal(new URL(page.url()).searchParams.get('onglet'), 'drive');
    // the Drive panel loaded: the keyboard is still on its tab (a panel
    // that took the focus as it loaded would leave the arrows dead)
    await page.getByRole('tabpanel', { name: 'Drive' }).getByText('Ce dossier est vide.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Drive', 'the focus stays on the tab');
    await page.keyboard.press('ArrowRight');
    assert.equal(new URL(page.url()).searchParams.get('onglet'), 'membres');
    const members = page.getByRole('tabpanel', { name: 'Membres' });
    await members.getByRole('heading', { name: 'Demandes en attente' }).waitFor();
    await members.getByText('Aucune demande en attente.').waitFor();

    // adding Bob with the person picker
    const picker = members.getByRole('combobox', { name: 'Personne à ajouter' });
    const add = members.getByRole('button', { name: 'Ajouter', exact: true });
    assert.equal(await add.isDisabled(), true, 'nobody chosen yet');
    await picker.fill(`caron-${tag}`);
    const option = page.getByRole('option', { name: new RegExp(bob.display_name) });
    await option.waitFor();
    await picker.press('ArrowDown');
    await picker.press('Enter');
    assert.equal(await picker.inputValue(), bob.display_name);
    await add.click();
    await members.getByRole('status').filter({ hasText: `${bob.display_name} est membre du groupe.` }).waitFor();
    const list = members.getByRole('list', { name: /^Membres/ });
    await list.getByRole('link', { name: bob.display_name }).waitFor();
    await head.getByText('2 membres').waitFor();
    assert.equal(await list.getByRole('listitem').first().getByRole('link').first().textContent(), alice.display_name,
      'managers come first');

    // a reload keeps the tab
    await page.reload();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Membres' }).getAttribute('aria-selected'), 'true');

    // Bob signs in: the group is under "Mes groupes", and opens
    Object.assign(b, await pageFor(bob));
    const mine = await groupsTab(b.page, 'Mes groupes');
    await listShows(mine, name);
    const card = mine.getByRole('listitem').filter({ has: b.page.getByRole('link', { name, exact: true }) });
    await card.getByText('Privé', { exact: true }).waitFor();
    await card.getByText('Votre rôle : Membre', { exact: false }).waitFor();
    await card.getByRole('link', { name, exact: true }).click();
    await b.page.getByRole('heading', { level: 1, name }).waitFor();
    assert.equal(new URL(b.page.url()).pathname, groupPath);
    // a plain member has no Paramètres tab and no management controls
    assert.deepEqual(await b.page.getByRole('tab').allTextContents(), ['Fil', 'Drive', 'Membres', 'Agenda']);
    await b.page.getByRole('tab', { name: 'Membres' }).click();
    await b.page.getByRole('tabpanel', { name: 'Membres' }).getByRole('link', { name: alice.display_name }).waitFor();
    assert.equal(await b.page.getByRole('button', { name: /^Gérer/ }).count(), 0);
    assert.deepEqual(a.page.problems, []);
    assert.deepEqual(b.page.problems, []);
  } finally {
    await a.context.close();
    if (b.context) await b.context.close();
  }
});

test('(b) a colleague asks to join a private group; the manager approves on the Membres tab', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Alice Durand-${tag}` });
  const carol = await createUser(admin, { name: `Carole Petit-${tag}` });
  const aliceApi = await Api.signIn(alice.email, alice.password);
  const name = `Atelier vélo ${tag}`;
  const group = await aliceApi.request('POST', '/groups', { name, visibility: 'private' }, { expect: 201 });
  const c = await pageFor(carol);
  const a = { context: null };
  try {
    const { page } = c;
    const all = await groupsTab(page, 'Tous les groupes', tag);
    await listShows(all, name);
    assert.equal(new URL(page.url()).searchParams.get('onglet'), 'tous');
    assert.equal(new URL(page.url()).searchParams.get('q'), tag);
    const card = all.getByRole('listitem').filter({ has: page.getByRole('link', { name, exact: true }) });
    await card.getByRole('button', { name: `Demander à rejoindre le groupe ${name}` }).click();
    await page.getByRole('status').filter({ hasText: 'Votre demande pour rejoindre' }).waitFor();
    await card.getByText('Demande envoyée').waitFor();
    await card.getByRole('button', { name: /Retirer ma demande/ }).waitFor();
    // not a member yet
    const mine = await groupsTab(page, 'Mes groupes');
    await listShows(mine, name, false);
    // the group's page says the request is pending, and shows no content
    await page.goto(`/groupes/${group.id}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByText('Votre demande est en attente').waitFor();
    assert.equal(await page.getByRole('tablist').count(), 0);

    // Alice sees the request and approves it
    Object.assign(a, await pageFor(alice, { path: `/groupes/${group.id}?onglet=membres` }));
    const members = a.page.getByRole('tabpanel', { name: 'Membres' });
    const requests = members.getByRole('list', { name: 'Demandes en attente' });
    await requests.getByRole('link', { name: carol.display_name }).waitFor();
    await requests.getByRole('button', { name: `Approuver la demande de ${carol.display_name}` }).click();
    await members.getByRole('status').filter({ hasText: `${carol.display_name} est maintenant membre du groupe.` }).waitFor();
    await members.getByText('Aucune demande en attente.').waitFor();
    await members.getByRole('list', { name: /^Membres/ }).getByRole('link', { name: carol.display_name }).waitFor();
    await a.page.locator('.group-head').getByText('2 membres').waitFor();

    // Carol now finds it under "Mes groupes" and reads it
    const mineAgain = await groupsTab(page, 'Mes groupes');
    await listShows(mineAgain, name);
    await mineAgain.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('tab', { name: 'Membres' }).waitFor();
    assert.deepEqual(c.page.problems, []);
    assert.deepEqual(a.page.problems, []);
  } finally {
    await c.context.close();
    if (a.context) await a.context.close();
  }
});

test('(b2) a request can be withdrawn, and a manager can decline one', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin);
  const dan = await createUser(admin, { name: `Daniel Roux-${tag}` });
  const aliceApi = await Api.signIn(alice.email, alice.password);
  const danApi = await Api.signIn(dan.email, dan.password);
  const name = `Chorale ${tag}`;
  const group = await aliceApi.request('POST', '/groups', { name, visibility: 'private' }, { expect: 201 });
  await danApi.request('POST', `/groups/${group.id}/join`);
  const d = await pageFor(dan, { path: `/groupes/${group.id}` });
  try {
    await d.page.getByRole('heading', { level: 1, name }).waitFor();
    await d.page.getByRole('button', { name: 'Retirer ma demande' }).click();
    await d.page.getByRole('status').filter({ hasText: 'est retirée' }).waitFor();
    await d.page.getByRole('button', { name: 'Demander à rejoindre' }).waitFor();
    assert.equal((await aliceApi.request('GET', `/groups/${group.id}/requests`)).items.length, 0);

    await d.page.getByRole('button', { name: 'Demander à rejoindre' }).click();
    await d.page.getByText('Demande envoyée').waitFor();
    const a = await pageFor(alice, { path: `/groupes/${group.id}?onglet=membres` });
    try {
      const members = a.page.getByRole('tabpanel', { name: 'Membres' });
      await members.getByRole('button', { name: `Refuser la demande de ${dan.display_name}` }).click();
      await members.getByRole('status').filter({ hasText: 'est refusée' }).waitFor();
      assert.equal((await aliceApi.request('GET', `/groups/${group.id}/requests`)).items.length, 0);
      assert.equal((await danApi.request('GET', `/groups/${group.id}`)).my_role, null);
    } finally {
      await a.context.close();
    }
  } finally {
    await d.context.close();
  }
});

test('(c) a member leaves a group and it disappears from their "Mes groupes"', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin);
  const bob = await createUser(admin, { name: `Bertrand Leroy-${tag}` });
  const aliceApi = await Api.signIn(alice.email, alice.password);
  const name = `Jardins partagés ${tag}`;
  const group = await aliceApi.request('POST', '/groups', { name, visibility: 'public' }, { expect: 201 });
  await aliceApi.request('PUT', `/groups/${group.id}/members/${bob.id}`, {});
  const b = await pageFor(bob);
  try {
    const { page } = b;
    const mine = await groupsTab(page, 'Mes groupes');
    await listShows(mine, name);
    await mine.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();

    // leaving asks first; cancelling changes nothing
    await page.getByRole('button', { name: 'Quitter le groupe' }).click();
    const dialog = page.getByRole('dialog', { name: 'Quitter le groupe ?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Quitter le groupe', 'focus comes back');
    await page.getByRole('button', { name: 'Quitter le groupe' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Quitter le groupe' }).click();
    await page.getByRole('status').filter({ hasText: `Vous avez quitté le groupe « ${name} ».` }).waitFor();
    // a public group: Bob may join again
    await page.getByRole('button', { name: 'Rejoindre', exact: true }).waitFor();

    const after = await groupsTab(page, 'Mes groupes');
    await listShows(after, name, false);
    // still listed among all groups, with the Rejoindre button
    const all = await groupsTab(page, 'Tous les groupes', tag);
    await listShows(all, name);
    await all.getByRole('button', { name: `Rejoindre le groupe ${name}` }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await b.context.close();
  }
});

test('the last manager cannot leave: the server says why', needsStack, async () => {
  const alice = await createUser(admin);
  const aliceApi = await Api.signIn(alice.email, alice.password);
  const name = `Seule aux commandes ${unique()}`;
  const group = await aliceApi.request('POST', '/groups', { name, visibility: 'public' }, { expect: 201 });
  const a = await pageFor(alice, { path: `/groupes/${group.id}` });
  try {
    await a.page.getByRole('button', { name: 'Quitter le groupe' }).click();
    await a.page.getByRole('dialog').getByRole('button', { name: 'Quitter le groupe' }).click();
    const alert = a.page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /gestionnaire/i);
    assert.equal((await aliceApi.request('GET', `/groups/${group.id}`)).my_role, 'manager');
  } finally {
    await a.context.close();
  }
});

test('a name already taken: the message, and a link to the group that has it', needsStack, async () => {
  const alice = await createUser(admin);
  const bob = await createUser(admin);
  const aliceApi = await Api.signIn(alice.email, alice.password);
  const name = `Fanfare ${unique()}`;
  const group = await aliceApi.request('POST', '/groups', { name, visibility: 'public' }, { expect: 201 });
  const b = await pageFor(bob, { path: '/groupes' });
  try {
    await b.page.getByRole('button', { name: 'Créer un groupe' }).click();
    const form = b.page.getByRole('form', { name: 'Nouveau groupe' });
    await form.getByLabel('Nom du groupe').fill(name.toUpperCase());
    await form.getByRole('button', { name: 'Créer le groupe' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /déjà/);
    await alert.getByRole('link', { name: `Voir le groupe « ${name} »` }).click();
    await b.page.getByRole('heading', { level: 1, name }).waitFor();
    assert.equal(new URL(b.page.url()).pathname, `/groupes/${group.id}`);
  } finally {
    await b.context.close();
  }
});

test('a manager edits, archives, restores and deletes a group; roles and rights on the Membres tab', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin);
  const eve = await createUser(admin, { name: `Ève Garnier-${tag}` });
  const aliceApi = await Api.signIn(alice.email, alice.password);
  const name = `Bibliothèque ${tag}`;
  const group = await aliceApi.request('POST', '/groups', { name, visibility: 'public' }, { expect: 201 });
  await aliceApi.request('PUT', `/groups/${group.id}/members/${eve.id}`, {});
  const a = await pageFor(alice, { path: `/groupes/${group.id}?onglet=membres` });
  try {
    const { page } = a;
    // rights and role of Eve
    const members = page.getByRole('tabpanel', { name: 'Membres' });
    const row = members.getByRole('listitem').filter({ has: page.getByRole('link', { name: eve.display_name }) });
    await row.getByRole('button', { name: `Gérer ${eve.display_name}` }).click();
    await row.getByRole('checkbox', { name: 'Gestionnaire du drive' }).check();
    await members.getByRole('status').filter({ hasText: 'accordé' }).waitFor();
    await row.getByText('Gestionnaire du drive', { exact: true }).first().waitFor();
    let entry = (await aliceApi.request('GET', `/groups/${group.id}/members?limit=100`)).items.find((m) => m.user.id === eve.id);
    assert.equal(entry.drive_manager, true);
    await row.getByRole('button', { name: 'Nommer gestionnaire' }).click();
    await members.getByRole('status').filter({ hasText: 'est maintenant gestionnaire' }).waitFor();
    await page.locator('.group-managers').getByRole('link', { name: eve.display_name }).waitFor();
    entry = (await aliceApi.request('GET', `/groups/${group.id}/members?limit=100`)).items.find((m) => m.user.id === eve.id);
    assert.equal(entry.role, 'manager');

    // settings: rename and describe
    await page.getByRole('tab', { name: 'Paramètres' }).click();
    assert.equal(new URL(page.url()).searchParams.get('onglet'), 'parametres');
    const settings = page.getByRole('tabpanel', { name: 'Paramètres' });
    const renamed = `${name} (annexe)`;
    await settings.getByLabel('Nom du groupe').fill(renamed);
    await settings.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'enregistrées' }).waitFor();
    await page.getByRole('heading', { level: 1, name: renamed }).waitFor();

    // archive, then restore
    await settings.getByRole('button', { name: 'Archiver le groupe' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archiver le groupe' }).click();
    await page.getByRole('status').filter({ hasText: 'est archivé' }).waitFor();
    await page.locator('.group-head').getByText('Archivé', { exact: true }).waitFor();
    const settingsAgain = page.getByRole('tabpanel', { name: 'Paramètres' });
    assert.equal(await settingsAgain.getByLabel('Nom du groupe').isDisabled(), true, 'read-only while archived');
    await settingsAgain.getByRole('button', { name: 'Restaurer le groupe' }).click();
    await page.getByRole('status').filter({ hasText: 'est restauré' }).waitFor();
    // the status may be announced before the header is drawn again
    await page.locator('.group-head').getByText('Archivé', { exact: true }).waitFor({ state: 'detached' });

    // delete
    await page.getByRole('tabpanel', { name: 'Paramètres' }).getByRole('button', { name: /Supprimer le groupe/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Supprimer définitivement' }).click();
    await page.getByRole('heading', { level: 1, name: 'Groupes' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'a été supprimé' }).waitFor();
    await page.goto(`/groupes/${group.id}`);
    await page.getByRole('heading', { level: 1, name: 'Groupe introuvable' }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await a.context.close();
  }
});

test('an administrator sets membership rules and sees who was added', needsStack, async () => {
  const tag = unique();
  const department = `Voirie ${tag}`;
  const agent = await createUser(admin, { name: `Gilles Faure-${tag}` });
  await admin.request('PATCH', `/users/${agent.id}`, { department });
  const name = `Agents de la voirie ${tag}`;
  const group = await admin.request('POST', '/groups', { name, visibility: 'private' }, { expect: 201 });
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, process.env.PARVIS_ADMIN_EMAIL, process.env.PARVIS_ADMIN_PASSWORD, { path: `/groupes/${group.id}?onglet=parametres` });
    const settings = page.getByRole('tabpanel', { name: 'Paramètres' });
    await settings.getByText('Groupe par défaut').first().waitFor();
    await settings.getByText(/^Aucune règle/).waitFor();
    await settings.getByRole('button', { name: 'Ajouter une règle' }).click();
    await settings.getByRole('combobox', { name: 'Critère de la règle 1' }).selectOption('department');
    await settings.getByRole('combobox', { name: 'Valeur de la règle 1' }).fill(department);
    await settings.getByRole('button', { name: 'Enregistrer les règles' }).click();
    await settings.getByRole('status').filter({ hasText: 'Règles enregistrées : 1 membre ajouté, aucun membre retiré.' }).waitFor();
    await page.locator('.group-head').getByText('2 membres').waitFor();
    const rules = await admin.request('GET', `/groups/${group.id}/rules`);
    assert.deepEqual(rules.items, [{ attribute: 'department', value: department }]);
    await page.getByRole('tab', { name: 'Membres' }).click();
    await page.getByRole('tabpanel', { name: 'Membres' }).getByRole('link', { name: agent.display_name }).waitFor();
  } finally {
    await context.close();
  }
});

test('an unknown group says "Groupe introuvable"', needsStack, async () => {
  const person = await createUser(admin);
  const { context, page } = await pageFor(person, { path: '/groupes/999999999' });
  try {
    await page.getByRole('heading', { level: 1, name: 'Groupe introuvable' }).waitFor();
  } finally {
    await context.close();
  }
});

test('at 360 px the groups pages fit the screen', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(admin, { name: `Anne-Sophie Delacroix-Montagnac-${tag}` });
  const bob = await createUser(admin, { name: `Barthélémy Vandenberghe-Lefebvre-${tag}` });
  const aliceApi = await Api.signIn(alice.email, alice.password);
  const name = `Commission intercommunale d'aménagement du territoire ${tag}`;
  const group = await aliceApi.request('POST', '/groups', {
    name, visibility: 'private', description: 'Une description assez longue pour passer à la ligne plusieurs fois sur un petit écran.',
  }, { expect: 201 });
  await aliceApi.request('PUT', `/groups/${group.id}/members/${bob.id}`, {});
  const { context, page } = await pageFor(alice, { viewport: { width: 360, height: 740 } });
  try {
    await page.goto('/groupes');
    await page.getByRole('link', { name, exact: true }).waitFor();
    await noSideways(page);
    await page.getByRole('button', { name: 'Créer un groupe' }).click();
    await page.getByRole('form', { name: 'Nouveau groupe' }).waitFor();
    await noSideways(page);
    for (const tab of ['fil', 'membres', 'parametres']) {
      await page.goto(`/groupes/${group.id}?onglet=${tab}`);
      await page.getByRole('heading', { level: 1, name }).waitFor();
      if (tab === 'membres') {
        const row = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: bob.display_name }) });
        await row.getByRole('button', { name: /^Gérer/ }).click();
        await row.getByRole('button', { name: 'Retirer du groupe' }).waitFor();
      }
      await noSideways(page);
    }
  } finally {
    await context.close();
  }
});

test('when only administrators may create groups, others get no "Créer un groupe" button', needsStack, async () => {
  const person = await createUser(admin);
  const before = await admin.request('GET', '/settings');
  await admin.request('PATCH', '/settings', { group_creation: 'admins' });
  try {
    const { context, page } = await pageFor(person, { path: '/groupes' });
    try {
      await page.getByRole('tab', { name: 'Mes groupes' }).waitFor();
      await page.getByText("Vous n'êtes membre d'aucun groupe pour l'instant.").waitFor();
      await page.waitForLoadState('networkidle');
      assert.equal(await page.getByRole('button', { name: 'Créer un groupe' }).count(), 0);
    } finally {
      await context.close();
    }
    const { context: c2, page: adminPage } = await newPage(browser);
    try {
      await signIn(adminPage, process.env.PARVIS_ADMIN_EMAIL, process.env.PARVIS_ADMIN_PASSWORD, { path: '/groupes' });
      await adminPage.getByRole('button', { name: 'Créer un groupe' }).waitFor();
    } finally {
      await c2.close();
    }
  } finally {
    await admin.request('PATCH', '/settings', { group_creation: before.group_creation });
  }
});
