// Drive: uploads (drag and drop and the picker) with their progress and the
// server's refusals, versions, the trash, sharing, a group's drive that never
// looks like « Mon drive », small screens, and files that must never run a
// script in the browser — as people see them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  needsStack, browserTests, BASE, createUser, unique, eventually, noSideways, apiFor, groupWith, watchDialogs, putFile
} from './helpers.mjs';

const stack = browserTests();
const { pageFor } = stack;

/** Opens /drive and waits for its listing. */
async function openMyDrive(page) {
  await page.goto('/drive');
  await page.locator('.drive-head.drive-kind-personal').waitFor();
  await eventually(async () => (await page.locator('.drive-listing').getAttribute('aria-busy')) === 'false', { message: 'the listing' });
}

/** The row of `name` in the folder view. */
const rowOf = (page, name) => page.locator('.drive-listing .drive-item', { has: page.getByRole('link', { name, exact: true }) });

/** Opens the actions menu of `name` and chooses `item`. */
async function act(page, name, item) {
  await page.getByRole('button', { name: `Actions pour ${name}`, exact: true }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

/**
 * Drops files (built in the page: [{name, size, text}]) on the folder view,
 * as a person dragging them from their desktop would.
 */
async function dropFiles(page, files) {
  const dt = await page.evaluateHandle((specs) => {
    const data = new DataTransfer();
    for (const f of specs) {
      const body = f.text !== undefined ? [f.text] : [new Uint8Array(f.size).fill(65)];
      data.items.add(new File(body, f.name, { type: f.type || 'application/octet-stream' }));
    }
    return data;
  }, files);
  const zone = page.locator('.drive-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer: dt });
  await zone.dispatchEvent('dragover', { dataTransfer: dt });
  assert.equal(await zone.evaluate((el) => el.classList.contains('is-dragover')), true, 'the view shows where to drop');
  await zone.dispatchEvent('drop', { dataTransfer: dt });
}

/** The upload entry of `name`. */
const uploadOf = (page, name) => page.locator('.drive-upload', { has: page.locator('.drive-upload-name', { hasText: name }) });

/**
 * Records, in the page, the highest value each upload's bar reached while it
 * was being sent (the page sets the bar full itself once the file is there:
 * only the progress reported during the upload counts).
 */
function watchProgress(page) {
  return page.evaluate(() => {
    window.progressSeen = {};
    new MutationObserver(() => {
      for (const li of document.querySelectorAll('.drive-upload.is-running')) {
        const bar = li.querySelector('progress');
        if (bar) window.progressSeen[li.dataset.name] = Math.max(window.progressSeen[li.dataset.name] || 0, bar.value);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/** Waits until the upload of `name` says it is done, its bar full and no alert. */
async function uploaded(page, name) {
  const up = uploadOf(page, name);
  await up.locator('.drive-upload-status', { hasText: 'Envoyé' }).waitFor({ timeout: 20_000 });
  assert.equal(await up.locator('progress').evaluate((p) => p.value === p.max), true, `${name}: the bar is full`);
  assert.equal(await up.getByRole('alert').count(), 0);
}

test('(a) several files dropped on « Mon drive » upload with their progress; a name the server refuses says why while the others arrive', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Martin-${tag}` });
  const a = await apiFor(alice);
  const mine = await a.request('GET', '/drive');
  assert.equal(mine.kind, 'personal');
  const { context, page } = await pageFor(alice);
  try {
    await openMyDrive(page);
    await page.getByText('Ce dossier est vide.').waitFor();
    await page.locator('.drive-usage-text').filter({ hasText: /^0 o utilisés/ }).waitFor();

    await watchProgress(page);
    const refused = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('rapport%20final.'));
    await dropFiles(page, [
      { name: 'notes de réunion.txt', text: 'Ordre du jour : la fête du village.', type: 'text/plain' },
      { name: 'budget.csv', size: 1536 * 1024, type: 'text/csv' },
      { name: 'rapport final.', text: 'un nom qui finit par un point' },
      { name: 'affiche été 2026.txt', text: 'Fête le 21 juin' },
    ]);

    for (const name of ['notes de réunion.txt', 'budget.csv', 'affiche été 2026.txt']) await uploaded(page, name);
    const seen = await page.evaluate(() => window.progressSeen);
    assert.equal(seen['budget.csv'], 100, 'the progress of budget.csv reached the end');

    // the refusal names the file and gives the server's reason
    assert.equal((await refused).status(), 400);
    const badName = uploadOf(page, 'rapport final.');
    await badName.getByRole('alert')
      .filter({ hasText: /^rapport final\. n'a pas été envoyé : Un nom ne peut pas .*finir par une espace ou un point/ }).waitFor();
    assert.equal(await badName.locator('.drive-upload-status').textContent(), 'Échec');

    // the folder lists what arrived, and only that
    for (const name of ['notes de réunion.txt', 'budget.csv', 'affiche été 2026.txt']) await rowOf(page, name).waitFor();
    assert.equal(await page.locator('.drive-listing .drive-item').count(), 3);
    assert.match(await rowOf(page, 'budget.csv').locator('.drive-item-meta').textContent(), /^1,5 Mo · /);
    await page.locator('.drive-usage-text').filter({ hasText: /^1,5 Mo utilisés sur \d/ }).waitFor();
    const listed = await a.request('GET', `/folders/${mine.root_folder_id}`);
    assert.deepEqual(listed.files.map((f) => f.name).sort(), ['affiche été 2026.txt', 'budget.csv', 'notes de réunion.txt']);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('(a2) after an administrator lowered a drive\'s quota, an over-quota file says how much room is left while the others arrive', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Blanc-${tag}` });
  const a = await apiFor(alice);
  const mine = await a.request('GET', '/drive');
  // 1 Mo for this drive, half of it already used
  await stack.admin.request('PATCH', `/drives/${mine.id}`, { quota_bytes: 1024 * 1024 });
  await putFile(a, mine.root_folder_id, 'archives-2025.bin', Buffer.alloc(500 * 1024, 1));
  const { context, page } = await pageFor(alice);
  try {
    await openMyDrive(page);
    await rowOf(page, 'archives-2025.bin').waitFor();
    await page.locator('.drive-usage-text').filter({ hasText: 'utilisés sur 1 Mo' }).waitFor();
    assert.equal(await page.locator('meter.drive-usage-bar').getAttribute('max'), String(1024 * 1024));

    await watchProgress(page);
    const refused = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('gros-fichier.bin'));
    await dropFiles(page, [
      { name: 'budget.csv', size: 300 * 1024, type: 'text/csv' },
      { name: 'gros-fichier.bin', size: 900 * 1024 },
      { name: 'notes.txt', text: 'à relire' },
    ]);
    for (const name of ['budget.csv', 'notes.txt']) await uploaded(page, name);
    assert.equal((await refused).status(), 413);
    await uploadOf(page, 'gros-fichier.bin').getByRole('alert')
      .filter({ hasText: /^gros-fichier\.bin n'a pas été envoyé : .*\d/ }).waitFor();

    for (const name of ['archives-2025.bin', 'budget.csv', 'notes.txt']) await rowOf(page, name).waitFor();
    assert.equal(await rowOf(page, 'gros-fichier.bin').count(), 0);
    await page.locator('.drive-usage-text').filter({ hasText: /^80\d Ko utilisés sur 1 Mo$/ }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('(b) the same name uploaded again is a new version; the versions list; an old version restored', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Renard-${tag}` });
  const a = await apiFor(alice);
  const mine = await a.request('GET', '/drive');
  const { context, page } = await pageFor(alice);
  try {
    await openMyDrive(page);
    const picker = page.locator('input.drive-file-input');
    await picker.setInputFiles({ name: 'compte-rendu.txt', mimeType: 'text/plain', buffer: Buffer.from('version un') });
    await uploadOf(page, 'compte-rendu.txt').locator('.drive-upload-status', { hasText: /^Envoyé$/ }).waitFor();
    await rowOf(page, 'compte-rendu.txt').waitFor();
    await page.getByRole('button', { name: 'Effacer la liste' }).click();

    await picker.setInputFiles({ name: 'compte-rendu.txt', mimeType: 'text/plain', buffer: Buffer.from('version deux, plus longue') });
    await uploadOf(page, 'compte-rendu.txt').locator('.drive-upload-status', { hasText: 'Envoyé (version 2)' }).waitFor();
    await eventually(async () => /25 o/.test(await rowOf(page, 'compte-rendu.txt').locator('.drive-item-meta').textContent()),
      { message: 'the list shows the new size' });
    assert.equal(await page.locator('.drive-listing .drive-item').count(), 1, 'one file, two versions');

    await act(page, 'compte-rendu.txt', 'Détails et versions');
    const dialog = page.getByRole('dialog', { name: 'compte-rendu.txt' });
    const versions = dialog.getByRole('list', { name: 'Versions' });
    await versions.getByRole('listitem').nth(1).waitFor();
    const items = versions.getByRole('listitem');
    assert.equal(await items.count(), 2);
    assert.match(await items.nth(0).textContent(), /Version 2\s*Actuelle/);
    assert.match(await items.nth(0).textContent(), new RegExp(`${alice.display_name}.*25 o`));
    assert.match(await items.nth(1).textContent(), /Version 1.*10 o/);
    // every version downloads; only the old one can be restored
    assert.match(await dialog.getByRole('link', { name: 'Télécharger la version 1' }).getAttribute('href'), /\/content\?version=1&download=1$/);
    assert.equal(await dialog.getByRole('button', { name: 'Rétablir la version 2' }).count(), 0);
    await dialog.getByRole('button', { name: 'Rétablir la version 1' }).click();
    await dialog.getByRole('status').filter({ hasText: 'La version 1 est rétablie' }).waitFor();
    await dialog.getByRole('listitem').nth(2).waitFor();
    assert.match(await items.nth(0).textContent(), /Version 3\s*Actuelle.*10 o/);
    await page.keyboard.press('Escape');
    await eventually(async () => /10 o/.test(await rowOf(page, 'compte-rendu.txt').locator('.drive-item-meta').textContent()),
      { message: 'the list shows the restored size' });

    // the current content is version 1's
    const listed = await a.request('GET', `/folders/${mine.root_folder_id}`);
    const file = listed.files.find((f) => f.name === 'compte-rendu.txt');
    assert.equal(file.version, 3);
    assert.equal(await a.request('GET', `/files/${file.id}/content`), 'version un');
    // the name opens the content in a new tab, the download is a separate action
    const link = rowOf(page, 'compte-rendu.txt').getByRole('link', { name: 'compte-rendu.txt' });
    assert.equal(await link.getAttribute('href'), `/api/v1/files/${file.id}/content`);
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('(c) a file goes to the trash after a confirmation that says how long it is kept, and comes back', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Morel-${tag}` });
  const a = await apiFor(alice);
  const mine = await a.request('GET', '/drive');
  await putFile(a, mine.root_folder_id, 'a-supprimer.txt', 'bientôt dans la corbeille');
  await putFile(a, mine.root_folder_id, 'a-garder.txt', 'reste là');
  const { context, page } = await pageFor(alice);
  try {
    await openMyDrive(page);
    await rowOf(page, 'a-supprimer.txt').waitFor();
    await act(page, 'a-supprimer.txt', 'Placer dans la corbeille');
    const confirm = page.getByRole('dialog', { name: 'Placer le fichier dans la corbeille ?' });
    await confirm.getByText(/vidée automatiquement après \d+ jours/).waitFor();
    await confirm.getByRole('button', { name: 'Placer dans la corbeille' }).click();
    await page.getByRole('status').filter({ hasText: '« a-supprimer.txt » est dans la corbeille.' }).waitFor();
    await eventually(async () => (await rowOf(page, 'a-supprimer.txt').count()) === 0, { message: 'the file gone from the folder' });
    await rowOf(page, 'a-garder.txt').waitFor();

    await page.getByRole('navigation', { name: 'Drive' }).getByRole('link', { name: 'Corbeille' }).click();
    await page.getByRole('heading', { level: 1, name: 'Corbeille' }).waitFor();
    await page.getByText(/la corbeille est vidée automatiquement après \d+ jours/).waitFor();
    assert.match(await page.locator('.drive-breadcrumb').textContent(), new RegExp(`^Mon drive — ${alice.display_name}`));
    const trashed = page.getByRole('list', { name: 'Éléments dans la corbeille' }).getByRole('listitem');
    await trashed.first().waitFor();
    assert.equal(await trashed.count(), 1);
    assert.match(await trashed.first().textContent(), /a-supprimer\.txt/);
    await page.getByRole('button', { name: 'Restaurer a-supprimer.txt' }).click();
    await page.getByRole('status').filter({ hasText: '« a-supprimer.txt » est restauré.' }).waitFor();
    await page.getByText('La corbeille est vide.').waitFor();

    await page.getByRole('navigation', { name: 'Drive' }).getByRole('link', { name: 'Mon drive' }).click();
    await rowOf(page, 'a-supprimer.txt').waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('(d) Alice shares a file with Bruno, read-only; Bruno finds it under « Shared with me » (in English)', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Perrin-${tag}` });
  const bruno = await createUser(stack.admin, { name: `Bruno Caron-${tag}` });
  const a = await apiFor(alice);
  const mine = await a.request('GET', '/drive');
  const file = await putFile(a, mine.root_folder_id, 'planning-des-salles.txt', 'Lundi : salle A');
  const al = await pageFor(alice);
  let br = null;
  try {
    const { page } = al;
    await openMyDrive(page);
    await act(page, 'planning-des-salles.txt', 'Partager');
    const dialog = page.getByRole('dialog', { name: 'Partager « planning-des-salles.txt »' });
    await dialog.getByText('Partagé avec personne pour l\'instant.').waitFor();
    const picker = dialog.getByRole('combobox', { name: 'Personne' });
    await picker.fill(`caron-${tag}`);
    await page.getByRole('option', { name: new RegExp(bruno.display_name) }).waitFor();
    await picker.press('ArrowDown');
    await picker.press('Enter');
    assert.equal(await dialog.getByRole('radio', { name: 'Lecture seule' }).isChecked(), true);
    await dialog.getByRole('button', { name: 'Partager', exact: true }).click();
    await dialog.getByRole('status').filter({ hasText: `Partagé avec ${bruno.display_name}.` }).waitFor();
    const shares = dialog.getByRole('list', { name: 'Personnes avec qui c\'est partagé' });
    await shares.getByText(bruno.display_name).waitFor();
    assert.equal(await shares.getByRole('combobox', { name: `Droits de ${bruno.display_name}` }).inputValue(), 'read');
    const listed = await a.request('GET', `/nodes/${file.id}/shares`);
    assert.deepEqual(listed.items.map((s) => [s.user.id, s.can_edit]), [[bruno.id, false]]);
    await page.keyboard.press('Escape');

    br = await pageFor(bruno, { locale: 'en-US' });
    const b = br.page;
    await b.goto('/drive');
    await b.getByRole('navigation', { name: 'Drive' }).getByRole('link', { name: 'Shared with me' }).click();
    await b.getByRole('heading', { level: 1, name: 'Shared with me' }).waitFor();
    const entry = b.locator('.drive-item', { has: b.getByRole('link', { name: 'planning-des-salles.txt' }) });
    await entry.waitFor();
    assert.match(await entry.textContent(), new RegExp(`Shared by ${alice.display_name}`));
    assert.match(await entry.textContent(), /Read only/);
    assert.deepEqual(b.problems, []);
    assert.deepEqual(page.problems, []);
  } finally {
    await al.context.close();
    if (br) await br.context.close();
  }
});

test('(e) a group\'s drive never looks like « Mon drive »: its own breadcrumb, colour and icon; its folders open as pages', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Garnier-${tag}` });
  const a = await apiFor(alice);
  const groupName = `Bibliothèque ${tag}`;
  const group = await groupWith(a, [], { name: groupName });
  const { context, page } = await pageFor(alice);
  try {
    await openMyDrive(page);
    const personal = page.locator('.drive-head');
    assert.match(await personal.locator('.drive-breadcrumb li').first().textContent(), new RegExp(`^Mon drive — ${alice.display_name}$`));
    const personalLook = await personal.evaluate((el) => ({
      bg: getComputedStyle(el).backgroundColor,
      border: getComputedStyle(el).borderLeftColor,
      badge: el.querySelector('.drive-badge').className,
      icon: el.querySelector('.drive-badge svg').innerHTML,
    }));

    await page.goto(`/groupes/${group.id}?onglet=drive`);
    const panel = page.getByRole('tabpanel', { name: 'Drive' });
    const head = panel.locator('.drive-head.drive-kind-group');
    await head.waitFor();
    assert.equal(await head.locator('.drive-breadcrumb li').first().textContent(), `Drive du groupe ${groupName}`);
    await head.getByText('Drive de groupe').waitFor();
    const groupLook = await head.evaluate((el) => ({
      bg: getComputedStyle(el).backgroundColor,
      border: getComputedStyle(el).borderLeftColor,
      badge: el.querySelector('.drive-badge').className,
      icon: el.querySelector('.drive-badge svg').innerHTML,
    }));
    assert.notEqual(groupLook.bg, personalLook.bg, 'another background');
    assert.notEqual(groupLook.border, personalLook.border, 'another accent');
    assert.notEqual(groupLook.badge, personalLook.badge);
    assert.notEqual(groupLook.icon, personalLook.icon, 'another icon');

    // a folder created in the group's drive, then opened: the breadcrumb starts with the group's drive
    await panel.getByRole('button', { name: 'Nouveau dossier' }).click();
    const ask = page.getByRole('dialog', { name: 'Nouveau dossier' });
    await ask.getByLabel('Nom du dossier').fill('Catalogue 2026');
    await ask.getByRole('button', { name: 'Créer' }).click();
    await panel.getByRole('status').filter({ hasText: 'Le dossier « Catalogue 2026 » est créé.' }).waitFor();
    await panel.getByRole('link', { name: 'Catalogue 2026' }).click();
    await page.getByRole('heading', { level: 1, name: 'Catalogue 2026' }).waitFor();
    assert.match(new URL(page.url()).pathname, /^\/drive\/dossiers\/\d+$/);
    const crumbs = page.locator('.drive-head.drive-kind-group .drive-breadcrumb li');
    assert.deepEqual(await crumbs.allTextContents(), [`Drive du groupe ${groupName}`, 'Catalogue 2026']);
    assert.equal(await page.title(), 'Catalogue 2026 — Parvis');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('(f) 360 px: the drive, its uploads, a file\'s details and the trash fit; list or grid is remembered', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Lefèvre-Dumoulin-${tag}` });
  const a = await apiFor(alice);
  const mine = await a.request('GET', '/drive');
  await a.request('POST', '/folders', { parent_id: mine.root_folder_id, name: 'Un dossier au nom vraiment très long pour un petit écran' }, { expect: 201 });
  await putFile(a, mine.root_folder_id, 'photo-du-repas-de-fin-d-annee-du-service-technique.txt', 'x'.repeat(2000));
  const { context, page } = await pageFor(alice, { viewport: { width: 360, height: 740 } });
  try {
    await openMyDrive(page);
    await rowOf(page, 'photo-du-repas-de-fin-d-annee-du-service-technique.txt').waitFor();
    await noSideways(page);
    await page.locator('input.drive-file-input').setInputFiles([
      { name: 'un-autre-fichier-au-nom-tres-long-pour-voir.txt', mimeType: 'text/plain', buffer: Buffer.from('bonjour') },
    ]);
    await uploadOf(page, 'un-autre-fichier-au-nom-tres-long-pour-voir.txt').locator('.drive-upload-status', { hasText: 'Envoyé' }).waitFor();
    await noSideways(page);

    // the grid, chosen once, stays chosen
    await page.getByRole('button', { name: 'Grille' }).click();
    assert.equal(await page.getByRole('button', { name: 'Grille' }).getAttribute('aria-pressed'), 'true');
    await noSideways(page);
    await page.reload();
    await page.locator('.drive-items.is-grid').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Liste' }).getAttribute('aria-pressed'), 'false');
    await noSideways(page);

    // by keyboard: the actions menu, the details dialog
    await page.getByRole('button', { name: 'Actions pour photo-du-repas-de-fin-d-annee-du-service-technique.txt' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Détails et versions' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'photo-du-repas-de-fin-d-annee-du-service-technique.txt' });
    await dialog.getByRole('list', { name: 'Versions' }).getByRole('listitem').first().waitFor();
    const box = await dialog.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360, `the dialog fits (${box.x}, ${box.width})`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.goto('/drive/corbeille');
    await page.getByRole('heading', { level: 1, name: 'Corbeille' }).waitFor();
    await noSideways(page);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('(g) an SVG with a script, an HTML page named photo.jpg and a GIF/script polyglot, opened in the browser, run nothing', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Roux-${tag}` });
  const a = await apiFor(alice);
  const mine = await a.request('GET', '/drive');
  const svg = await putFile(a, mine.root_folder_id, 'dessin.svg',
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>');
  const fake = await putFile(a, mine.root_folder_id, 'photo.jpg',
    '<!doctype html><html><body><script>alert(2)</script><img src="x" onerror="alert(3)"><p>pas une photo</p></body></html>');
  const { context, page } = await pageFor(alice);
  // every page of the context, tabs included, records its dialogs (none expected)
  const watched = [watchDialogs(page)];
  context.on('page', (p) => watched.push(watchDialogs(p)));
  const pause = (ms) => new Promise((r) => setTimeout(r, ms));
  try {
    for (const file of [svg, fake]) {
      const url = file.content_url || `/api/v1/files/${file.id}/content`;
      // straight to the content's address (a download, when served as an attachment, is fine)
      try {
        await page.goto(url);
      } catch (err) {
        if (!/Download is starting|net::ERR_ABORTED/.test(err.message)) throw err;
      }
      await pause(500);
      // and from the drive, by its name: the viewer (docs/viewer.md), then its
      // « Ouvrir dans un nouvel onglet » (a new tab; it may close itself when the file downloads)
      await openMyDrive(page);
      await rowOf(page, file.name).getByRole('link', { name: file.name }).click();
      const viewer = page.getByRole('dialog', { name: file.name });
      await viewer.waitFor();
      const opened = context.waitForEvent('page');
      await viewer.getByRole('link', { name: `Ouvrir dans un nouvel onglet : ${file.name}` }).click();
      const tab = await opened;
      await tab.waitForLoadState('load').catch(() => {});
      await pause(500);
      if (!tab.isClosed()) await tab.close();
      await page.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });
    }
    assert.ok(watched.length >= 3, 'the new tabs were watched too');
    assert.deepEqual(watched.flat(), [], 'no dialog opened, in the page or a new tab');

    // the SVG comes as an attachment (the contract), never as a page
    const res = await fetch(`${BASE}/api/v1/files/${svg.id}/content`, {
      headers: { Cookie: a.cookieHeader() },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') || '', /^attachment/);
    const fakeRes = await fetch(`${BASE}/api/v1/files/${fake.id}/content`, {
      headers: { Cookie: a.cookieHeader() },
    });
    assert.equal(fakeRes.status, 200);
    const type = fakeRes.headers.get('content-type') || '';
    assert.ok(/^attachment/.test(fakeRes.headers.get('content-disposition') || '') || !/html|xml|svg/.test(type),
      `photo.jpg is not served as a page (${type}, ${fakeRes.headers.get('content-disposition')})`);

    // a polyglot: a GIF to libmagic, a script to a JavaScript engine. Opened,
    // it is an image; loaded as a script by a page of the site (what an
    // attacker who found a way to add a tag would do), nosniff refuses it.
    const poly = await putFile(a, mine.root_folder_id, 'anim.gif', 'GIF89a=1;window.__pwned=1;alert(6)//');
    assert.equal(poly.mime, 'image/gif');
    try { await page.goto(`/api/v1/files/${poly.id}/content`); } catch (err) {
      if (!/Download is starting|net::ERR_ABORTED/.test(err.message)) throw err;
    }
    await openMyDrive(page);
    const outcome = await page.evaluate((src) => new Promise((resolve) => {
      const el = document.createElement('script');
      el.src = src;
      el.onload = () => resolve('loaded');
      el.onerror = () => resolve('refused');
      document.head.append(el);
    }), `/api/v1/files/${poly.id}/content`);
    assert.equal(outcome, 'refused');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(watched.flat(), [], 'no dialog from the polyglot');
  } finally {
    await context.close();
  }
});
