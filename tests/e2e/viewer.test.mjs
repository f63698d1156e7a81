// The viewer, thumbnails and photos as a person sees them (docs/viewer.md),
// on one page reused throughout: a photo chosen on one's profile shows in
// the header; a drive's image opens in the viewer, zooms with + and the
// buttons, → goes to the next file (a PDF, shown page by page, its preview
// first « en préparation »), Escape closes and focus is back on the link
// that opened it; the grid view shows a thumbnail; axe finds nothing at
// 1280 and 360 px.
//
// The previews are made by the previewer (docs/previews.md): when this
// stack has no /files/{id}/preview or /pages route yet, the page's
// requests to them are answered here as the contract says (202 then the
// image), so that the browser's side is tested all the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import {
  browserTests, needsStack, BASE, createUser, eventually, apiFor, putFile, axeViolations, noSideways,
} from './helpers.mjs';

const stack = browserTests();

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
/** A width×height RGB PNG of one colour band per row third. */
function png(width, height, rgb = [40, 120, 200]) {
  const rows = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) {
      row[1 + x * 3] = (rgb[0] + y) & 0xff; row[2 + x * 3] = rgb[1]; row[3 + x * 3] = (rgb[2] + x) & 0xff;
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}
/** A two-page PDF, written by hand (objects and their offsets). */
function pdf() {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 7 0 R >> >> >>',
    null, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> >>',
    null, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = (text) => { const s = `BT /F1 18 Tf 40 100 Td (${text}) Tj ET`; return `<< /Length ${s.length} >>\nstream\n${s}\nendstream`; };
  objs[3] = stream('Page une');
  objs[5] = stream('Page deux');
  let out = '%PDF-1.4\n';
  const offsets = [];
  objs.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * When the stack has no preview routes (GET /files/{id}/preview answers
 * « Adresse inconnue »), answers them in the page as the contract says:
 * the first ask of a file's pages 202 (Retry-After: 1), then {count}; a
 * preview or a page: a PNG. Returns whether it does.
 */
async function previewsOrContract(page, api, fileId) {
  const probe = await fetch(`${BASE}/api/v1/files/${fileId}/preview?size=small`, { headers: { Cookie: api.cookieHeader() } });
  const text = await probe.text();
  if (!(probe.status === 404 && /Adresse inconnue|Unknown address/.test(text))) return false;
  const waited = new Set();
  await page.route(/\/api\/v1\/files\/\d+\/(preview|pages)/, (route) => {
    const url = new URL(route.request().url());
    const m = /\/files\/(\d+)\/pages(?:\/(\d+))?$/.exec(url.pathname);
    if (m && !m[2]) {
      if (!waited.has(m[1])) {
        waited.add(m[1]);
        return route.fulfill({ status: 202, headers: { 'Retry-After': '1' }, contentType: 'application/json', body: '{"status":"pending"}' });
      }
      return route.fulfill({ status: 200, contentType: 'application/json', body: '{"count":2}' });
    }
    return route.fulfill({ status: 200, contentType: 'image/png', body: png(120, 160, m ? [200, 200, 200] : [20, 160, 90]) });
  });
  return true;
}

test('photo in the header, the viewer from the drive (zoom, next, pages, Escape), grid thumbnails, axe', { skip: needsStack.skip }, async () => {
  const me = await createUser(stack.admin, { name: 'Inès Visionneuse' });
  const api = await apiFor(me);
  const drive = await api.request('GET', '/drive');
  const image = await putFile(api, drive.root_folder_id, 'a-plan-du-site.png', png(640, 400), { type: 'image/png' });
  await putFile(api, drive.root_folder_id, 'b-rapport.pdf', pdf(), { type: 'application/pdf' });
  await putFile(api, drive.root_folder_id, 'c-notes.txt', 'Réunion de chantier : lundi 9 h.\n', { type: 'text/plain' });

  const { page } = await stack.pageFor(me, { path: `/personnes/${me.id}` });
  const mocked = await previewsOrContract(page, api, image.id);

  // ---- the photo: chosen on the profile, in the header at once
  const header = page.locator('.user-button .avatar');
  assert.equal(await header.locator('img').count(), 0, 'initials before');
  await page.locator('.photo-controls input[type=file]').setInputFiles({ name: 'moi.png', mimeType: 'image/png', buffer: png(300, 200, [220, 60, 60]) });
  await page.getByText('Votre photo est enregistrée.').waitFor();
  await eventually(() => header.evaluate((el) => el.classList.contains('has-photo') && el.querySelector('img').naturalWidth === 64),
    { message: 'the 64 px photo in the header' });
  await page.getByRole('button', { name: 'Supprimer' }).waitFor();

  // ---- the drive's image in the viewer
  await page.goto('/drive');
  const imageLink = page.getByRole('link', { name: 'a-plan-du-site.png' });
  await imageLink.click();
  await page.getByRole('dialog', { name: 'a-plan-du-site.png' }).waitFor();
  const viewer = page.locator('dialog.viewer');
  await viewer.locator('img.viewer-image').evaluate((img) => img.complete || new Promise((r) => img.addEventListener('load', r)));
  assert.equal(await viewer.locator('.viewer-position').textContent(), '1 sur 3');
  assert.equal(await viewer.getByRole('link', { name: 'Télécharger a-plan-du-site.png' }).getAttribute('href'),
    `/api/v1/files/${image.id}/content?download=1`);
  await viewer.getByRole('link', { name: 'Ouvrir dans un nouvel onglet : a-plan-du-site.png' }).waitFor();
  const width = () => viewer.locator('img.viewer-image').evaluate((img) => img.getBoundingClientRect().width);
  const fit = await width();
  await page.keyboard.press('+');
  await eventually(async () => (await viewer.locator('.viewer-zoom-level').textContent()) === '150 %', { message: 'zoom 150 %' });
  assert.ok(await width() > fit * 1.4, 'the image is larger');
  await viewer.getByRole('button', { name: 'Zoomer', exact: true }).click();
  assert.equal(await viewer.locator('.viewer-zoom-level').textContent(), '200 %');
  await page.keyboard.press('0');
  assert.ok(Math.abs(await width() - fit) < 2, '0: back to the fitted size');
  assert.deepEqual(await axeViolations(page, 'dialog.viewer'), [], 'axe, the viewer at 1280 px');

  // → the next file: the PDF, page by page, « en préparation » first when made on demand
  await page.keyboard.press('ArrowRight');
  await page.getByRole('dialog', { name: 'b-rapport.pdf' }).waitFor();
  if (mocked) await viewer.getByText('Aperçu en préparation…').waitFor();
  await eventually(() => viewer.locator('img.viewer-page-img').first().evaluate((img) => img.complete && img.naturalWidth > 0).catch(() => false),
    { timeout: 15000, message: 'the first page shown' });
  assert.equal(await viewer.locator('li.viewer-page').count(), 2, 'two pages');
  assert.equal(await viewer.locator('img.viewer-page-img').first().getAttribute('alt'), 'Page 1 sur 2');

  // at 360 px: usable, nothing sideways, axe clean
  await page.setViewportSize({ width: 360, height: 740 });
  await noSideways(page);
  assert.ok(await viewer.getByRole('button', { name: 'Fichier suivant' }).isVisible());
  assert.deepEqual(await axeViolations(page, 'dialog.viewer'), [], 'axe, the viewer at 360 px');

  // Escape: closed, focus back on the link that opened it
  await page.keyboard.press('Escape');
  await eventually(async () => (await page.locator('dialog.viewer').count()) === 0, { message: 'the viewer closed' });
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.textContent), 'a-plan-du-site.png');
  await page.setViewportSize({ width: 1280, height: 800 });

  // ---- the grid view: the image's thumbnail; kept per browser
  await page.getByRole('button', { name: 'Grille' }).click();
  const tile = page.locator('.drive-items.is-grid .drive-item', { hasText: 'a-plan-du-site.png' });
  await eventually(() => tile.locator('.thumb-wrap').evaluate((el) => el.classList.contains('has-thumb')), { timeout: 15000, message: 'a thumbnail in the grid' });
  await page.reload();
  await page.locator('.drive-items.is-grid').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'axe, the drive in grid view');
  assert.deepEqual(page.problems, []);
});
