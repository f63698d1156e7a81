// Drive files attached to posts, as people see them: the composer sends a
// file from the computer into the group's drive (with its progress) and
// picks another from the drive; the card shows both (name, type, size), the
// image inline; another member downloads one; a news article's image is its
// cover on Accueil; everything fits a 360 px screen and works by keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import {
  browserTests, needsStack, BASE, createUser, unique, eventually, groupWith, apiFor, cardOf, noSideways, putFile
} from './helpers.mjs';

const stack = browserTests();
const { pageFor } = stack;

// ---- a real PNG, built here (no fixture file) ------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A width×height RGB PNG; `noisy` pixels do not compress (a file of some size, for the progress). */
function png(width, height, { noisy = false, seed = 1 } = {}) {
  const rows = [];
  let x = seed;
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let i = 1; i < row.length; i += 1) {
      if (noisy) { x = (x * 1103515245 + 12345) >>> 0; row[i] = x >>> 24; } else row[i] = (i * 7 + y * 3) & 0xff;
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The size as the French pages write it (drive-util.js formatSize). */
function frSize(bytes) {
  const units = ['o', 'Ko', 'Mo', 'Go', 'To'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
  const digits = i === 0 || n >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat('fr', { maximumFractionDigits: digits }).format(n)} ${units[i]}`;
}

/** Records the highest value each chip's bar reached while its file was being sent. */
function watchProgress(page) {
  return page.evaluate(() => {
    window.progressSeen = {};
    new MutationObserver(() => {
      for (const li of document.querySelectorAll('.attach-chip.is-uploading')) {
        const bar = li.querySelector('progress');
        if (bar) window.progressSeen[li.dataset.name] = Math.max(window.progressSeen[li.dataset.name] || 0, bar.value);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/** Sends `files` through the composer's « Envoyer depuis l'ordinateur » (the file chooser). */
async function sendFromComputer(page, form, files) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    form.getByRole('button', { name: 'Envoyer depuis l\'ordinateur' }).click(),
  ]);
  assert.equal(chooser.isMultiple(), true);
  await chooser.setFiles(files);
}

/** The chip of `name` once its file is sent (no bar any more, a « Retirer » button). */
async function chipSent(form, name) {
  const chips = form.getByRole('list', { name: 'Fichiers joints' });
  await chips.getByRole('button', { name: `Retirer ${name} des pièces jointes` }).waitFor({ timeout: 20_000 });
  const chip = chips.locator('.attach-chip', { hasText: name });
  assert.equal(await chip.locator('progress').count(), 0);
  return chip;
}

/** Waits until `img` is loaded and returns its natural width (lazy images are scrolled to first). */
async function loadedWidth(img) {
  await img.scrollIntoViewIfNeeded();
  return eventually(() => img.evaluate((el) => (el.complete && el.naturalWidth > 0 ? el.naturalWidth : 0)), { message: 'the image to load' });
}

test('(a) a group post with a file sent from the computer and one picked in the drive: both on the card, the image inline; a colleague downloads one', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Garnier-${tag}` });
  const bob = await createUser(stack.admin, { name: `Bruno Lemoine-${tag}` });
  const a = await apiFor(alice);
  const group = await groupWith(a, [bob], { visibility: 'private', name: `Comité des fêtes ${tag}` });
  const drive = await a.request('GET', `/groups/${group.id}/drive`);
  const meetings = await a.request('POST', '/folders', { parent_id: drive.root_folder_id, name: 'Réunions' }, { expect: 201 });
  const minutesText = `Ordre du jour ${tag} : la fête de la musique.`;
  const minutes = await putFile(a, meetings.id, 'compte-rendu.txt', minutesText);
  const image = png(400, 300, { noisy: true });

  const { context, page } = await pageFor(alice, { path: `/groupes/${group.id}` });
  let b = null;
  try {
    await page.getByRole('button', { name: 'Écrire une publication…' }).click();
    const form = page.getByRole('form', { name: 'Nouvelle publication' });
    await form.getByLabel('Message').fill(`Préparation de la fête ${tag}`);
    const attach = form.getByRole('group', { name: 'Joindre des fichiers' });
    await attach.getByText('drive du groupe').waitFor();

    // from the computer: the file goes to the group's drive, with its progress
    await watchProgress(page);
    await sendFromComputer(page, form, { name: 'plan-salle.png', mimeType: 'image/png', buffer: image });
    await chipSent(form, 'plan-salle.png');
    const seen = await page.evaluate(() => window.progressSeen);
    assert.equal(seen['plan-salle.png'], 100, 'the bar showed the upload going to its end');

    // from the drive: a folder browser in a dialog
    await attach.getByRole('button', { name: 'Choisir dans le drive' }).click();
    const dialog = page.getByRole('dialog', { name: `Choisir des fichiers — Drive du groupe ${group.name}` });
    await dialog.getByRole('button', { name: 'Réunions' }).click();
    await dialog.getByRole('navigation').getByText('Réunions').waitFor();
    await dialog.getByRole('checkbox', { name: /compte-rendu\.txt/ }).check();
    await dialog.getByRole('button', { name: 'Joindre 1 fichier' }).click();
    await dialog.waitFor({ state: 'detached' });
    await chipSent(form, 'compte-rendu.txt');

    await form.getByRole('button', { name: 'Publier' }).click();
    await form.getByRole('status').filter({ hasText: 'Votre publication est en ligne.' }).waitFor();
    assert.equal(await form.getByRole('list', { name: 'Fichiers joints' }).isHidden(), true, 'the chips are cleared');

    // the card: both files with name, type and size, the image inline
    const card = cardOf(page.getByRole('feed'), `Préparation de la fête ${tag}`);
    const files = card.getByRole('region', { name: '2 pièces jointes' });
    await files.getByRole('link', { name: 'plan-salle.png', exact: true }).waitFor();
    await files.getByRole('link', { name: 'compte-rendu.txt', exact: true }).waitFor();
    await files.getByText(`Image PNG · ${frSize(image.length)}`).waitFor();
    await files.getByText(`Texte · ${frSize(Buffer.byteLength(minutesText))}`).waitFor();
    const img = files.locator('img[alt="plan-salle.png"]');
    assert.equal(await img.getAttribute('loading'), 'lazy');
    assert.equal(await loadedWidth(img), 400, 'the image shows (its sandbox CSP does not stop an <img>)');
    const open = files.getByRole('link', { name: 'compte-rendu.txt', exact: true });
    assert.equal(await open.getAttribute('target'), '_blank');

    // the server has the post with both files; the sent one is in « Pièces jointes » of the group's drive
    const [created] = (await a.request('GET', `/groups/${group.id}/posts`)).items;
    assert.deepEqual(created.attachments.map((f) => f.name).sort(), ['compte-rendu.txt', 'plan-salle.png']);
    assert.ok(created.attachments.some((f) => f.id === minutes.id), 'the picked file is the drive\'s file');
    const root = await a.request('GET', `/folders/${drive.root_folder_id}`);
    const folder = root.folders.find((f) => f.name === 'Pièces jointes');
    assert.ok(folder, 'a « Pièces jointes » folder in the group\'s drive');
    const inFolder = await a.request('GET', `/folders/${folder.id}`);
    assert.deepEqual(inFolder.files.map((f) => f.name), ['plan-salle.png']);
    assert.equal(created.cover_url, null, 'no title: no cover');
    assert.deepEqual(page.problems, []);

    // Bob, another member, sees the image and downloads the minutes
    b = await pageFor(bob, { path: `/groupes/${group.id}` });
    const bCard = cardOf(b.page.getByRole('feed'), `Préparation de la fête ${tag}`);
    assert.equal(await loadedWidth(bCard.locator('img[alt="plan-salle.png"]')), 400);
    const link = bCard.getByRole('link', { name: 'Télécharger compte-rendu.txt' });
    const href = await link.getAttribute('href');
    assert.match(href, /^\/api\/v1\/posts\/\d+\/attachments\/\d+\/content\?download=1$/);
    const [download] = await Promise.all([b.page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), 'compte-rendu.txt');
    assert.equal(await readFile(await download.path(), 'utf8'), minutesText);
    const res = await b.page.request.get(href);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-disposition'] || '', /^attachment/);
    assert.equal(await res.text(), minutesText);
    assert.deepEqual(b.page.problems, []);
  } finally {
    await context.close();
    if (b) await b.context.close();
  }
});

test('(b) a news article with a title and an image: its cover on Accueil, in « À la une » and the news', needsStack, async () => {
  const tag = unique();
  const editor = await createUser(stack.admin, { name: `Élise Perrin-${tag}` });
  await stack.admin.request('PATCH', `/users/${editor.id}`, { comm_editor: true });
  const reader = await createUser(stack.admin, { name: `Denis Caron-${tag}` });
  const title = `Le marché de Noël ${tag}`;

  const ed = await pageFor(editor, { path: '/fil' });
  try {
    await ed.page.getByRole('button', { name: 'Écrire une actualité…' }).click();
    const form = ed.page.getByRole('form', { name: 'Publier une actualité' });
    await form.getByLabel('Titre (facultatif)').fill(title);
    await form.getByLabel('Message').fill('Du 12 au 24 décembre, place de la mairie.');
    await form.getByRole('checkbox', { name: 'À la une' }).check();
    await form.getByRole('group', { name: 'Joindre des fichiers' }).getByText('votre drive').waitFor();
    await sendFromComputer(ed.page, form, { name: 'affiche.png', mimeType: 'image/png', buffer: png(320, 180, { seed: 7 }) });
    await chipSent(form, 'affiche.png');
    await form.getByRole('button', { name: 'Publier' }).click();
    await form.getByRole('status').filter({ hasText: 'Votre publication est en ligne.' }).waitFor();
    const card = cardOf(ed.page.getByRole('feed'), title);
    assert.equal(await loadedWidth(card.locator('img[alt="affiche.png"]')), 320);
    assert.deepEqual(ed.page.problems, []);
  } finally {
    await ed.context.close();
  }

  // the file went to the editor's own drive, folder « Pièces jointes »
  const e = await apiFor(editor);
  const mine = await e.request('GET', '/drive');
  const root = await e.request('GET', `/folders/${mine.root_folder_id}`);
  const folder = root.folders.find((f) => f.name === 'Pièces jointes');
  assert.ok(folder, 'a « Pièces jointes » folder in the editor\'s drive');
  assert.deepEqual((await e.request('GET', `/folders/${folder.id}`)).files.map((f) => f.name), ['affiche.png']);

  const { context, page } = await pageFor(reader);
  try {
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    const featured = page.getByRole('region', { name: 'À la une', exact: true });
    const article = featured.getByRole('listitem').filter({ has: page.getByRole('link', { name: title }) });
    const cover = article.locator('img.article-cover');
    // its large preview, through the post (a reader may not open the editor's drive)
    assert.match(await cover.getAttribute('src'), /^\/api\/v1\/posts\/\d+\/attachments\/\d+\/preview\?size=large/);
    assert.equal(await loadedWidth(cover), 320);
    // the cover comes first in its card
    assert.equal(await article.evaluate((li) => li.firstElementChild.classList.contains('article-cover')), true);
    const news = page.getByRole('region', { name: 'Dernières actualités', exact: true });
    const brief = news.getByRole('listitem').filter({ has: page.getByRole('link', { name: title }) });
    assert.equal(await loadedWidth(brief.locator('img.brief-cover')), 320);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('(c) on a 360 px screen, by keyboard: pick a file in the dialog, send and remove another, publish; nothing scrolls sideways', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Besson-${tag}` });
  const a = await apiFor(alice);
  const group = await groupWith(a, [], { name: `Atelier ${tag}` });
  const drive = await a.request('GET', `/groups/${group.id}/drive`);
  const longName = 'horaires-d-ouverture-de-la-mediatheque-pendant-les-vacances-scolaires.txt';
  await putFile(a, drive.root_folder_id, longName, 'Lundi 14 h – 18 h');
  // « Pièces jointes » exists already, with a brouillon.txt of an earlier post
  const attachDir = await a.request('POST', '/folders', { parent_id: drive.root_folder_id, name: 'Pièces jointes' }, { expect: 201 });
  const earlier = await putFile(a, attachDir.id, 'brouillon.txt', 'version d\'un autre message');

  const { context, page } = await pageFor(alice, { path: `/groupes/${group.id}`, viewport: { width: 360, height: 740 } });
  try {
    await page.getByRole('button', { name: 'Écrire une publication…' }).click();
    const form = page.getByRole('form', { name: 'Nouvelle publication' });
    await form.getByLabel('Message').fill(`Horaires d'été ${tag}`);

    // the drive picker, by keyboard only
    await form.getByRole('button', { name: 'Choisir dans le drive' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /^Choisir des fichiers/ });
    const box = dialog.getByRole('checkbox', { name: new RegExp(longName) });
    await box.waitFor();
    const dialogBox = await dialog.boundingBox();
    assert.ok(dialogBox.x >= 0 && dialogBox.x + dialogBox.width <= 360, `the dialog fits (${JSON.stringify(dialogBox)})`);
    const focusOn = async (locator, what) => {
      for (let i = 0; i < 12 && !(await locator.evaluate((el) => el === document.activeElement)); i += 1) await page.keyboard.press('Tab');
      assert.equal(await locator.evaluate((el) => el === document.activeElement), true, `${what} reached by Tab`);
    };
    await focusOn(box, 'the file');
    await page.keyboard.press('Space');
    assert.equal(await box.isChecked(), true);
    const submit = dialog.getByRole('button', { name: 'Joindre 1 fichier' });
    await focusOn(submit, 'the confirm button');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await chipSent(form, longName);
    assert.equal(await form.getByRole('button', { name: 'Choisir dans le drive' }).evaluate((el) => el === document.activeElement), true,
      'focus back on the button');

    // a file sent (the existing folder is used; the earlier brouillon.txt is not replaced), then removed by keyboard
    await sendFromComputer(page, form, { name: 'brouillon.txt', mimeType: 'text/plain', buffer: Buffer.from('à jeter') });
    const remove = form.getByRole('button', { name: 'Retirer brouillon (2).txt des pièces jointes' });
    await remove.waitFor({ timeout: 20_000 });
    const kept = await a.request('GET', `/files/${earlier.id}`);
    assert.equal(kept.version, 1, 'the earlier post\'s file keeps its one version');
    const names = (await a.request('GET', `/folders/${attachDir.id}`)).files.map((f) => f.name).sort();
    assert.deepEqual(names, ['brouillon (2).txt', 'brouillon.txt']);
    assert.equal((await a.request('GET', `/folders/${drive.root_folder_id}`)).folders.filter((f) => f.name === 'Pièces jointes').length, 1);
    await noSideways(page);
    await remove.focus();
    await page.keyboard.press('Enter');
    await form.locator('.attach-chip', { hasText: 'brouillon' }).waitFor({ state: 'detached' });
    assert.equal(await form.getByRole('button', { name: 'Choisir dans le drive' }).evaluate((el) => el === document.activeElement)
      || await form.getByRole('button', { name: /^Retirer / }).first().evaluate((el) => el === document.activeElement), true,
    'focus stays in the attachments');

    await form.getByRole('button', { name: 'Publier' }).click();
    await form.getByRole('status').filter({ hasText: 'Votre publication est en ligne.' }).waitFor();
    const card = cardOf(page.getByRole('feed'), `Horaires d'été ${tag}`);
    const files = card.getByRole('region', { name: '1 pièce jointe' });
    await files.getByRole('link', { name: longName, exact: true }).waitFor();
    await files.getByRole('link', { name: `Télécharger ${longName}` }).waitFor();
    assert.equal(await card.getByRole('link', { name: /brouillon/ }).count(), 0, 'the removed file is not attached');
    await noSideways(page);
    const cardBox = await card.boundingBox();
    assert.ok(cardBox.x + cardBox.width <= 360, 'the card fits');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('(d) in English: an SVG attached is a file to download, never an inline image; a PNG is', needsStack, async () => {
  const tag = unique();
  const alice = await createUser(stack.admin, { name: `Alice Moreau-${tag}` });
  const a = await apiFor(alice);
  const group = await groupWith(a, [], { name: `Design ${tag}` });
  const drive = await a.request('GET', `/groups/${group.id}/drive`);
  const svg = await putFile(a, drive.root_folder_id, 'logo.svg',
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
  const pic = await putFile(a, drive.root_folder_id, 'photo.png', png(40, 30));
  await a.request('POST', `/groups/${group.id}/posts`, { body: `Logo ${tag}`, attachments: [svg.id, pic.id] }, { expect: 201 });

  const { context, page } = await pageFor(alice, { path: `/groupes/${group.id}`, locale: 'en-US' });
  try {
    await page.getByRole('button', { name: 'Write a post…' }).click();
    const form = page.getByRole('form', { name: 'New post' });
    const attach = form.getByRole('group', { name: 'Attach files' });
    await attach.getByRole('button', { name: 'Send from this computer' }).waitFor();
    await attach.getByRole('button', { name: 'Choose from the drive' }).waitFor();
    const card = cardOf(page.getByRole('feed'), `Logo ${tag}`);
    const files = card.getByRole('region', { name: '2 attachments' });
    await files.getByRole('link', { name: 'logo.svg', exact: true }).waitFor();
    await files.getByText(/^SVG image · \d+ B$/).waitFor();
    await files.getByRole('link', { name: 'Download logo.svg' }).waitFor();
    // (the small thumbnails beside the names are the previewer's own images, docs/viewer.md)
    assert.equal(await files.locator('img:not(.thumb-img)').count(), 1, 'one inline image: the PNG');
    assert.equal(await loadedWidth(files.locator('img[alt="photo.png"]')), 40);
    assert.equal(await files.locator('img[src*="/attachments/' + svg.id + '/content"]').count(), 0, 'never the SVG itself');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
