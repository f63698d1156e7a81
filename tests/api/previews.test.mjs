// Previews (docs/previews.md): an image, a PDF, a video and a text file
// uploaded get their thumbnails (202 while made, then an image sent by
// nginx); a document's pages; the same content made once; 404 for whoever
// may not read the file; a hostile file refused with its reason (415) and
// the next file previewed; the previewer killed (it is supervised) loses
// nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { adminClient, newUser, unique, eventually, sql, scratch, pidOf, killIfAlive } from './client.mjs';

const put = (who, folder, name, bytes) =>
  who.request('PUT', `/folders/${folder}/files/${encodeURIComponent(name)}`, undefined, { raw: bytes });
const rootOf = async (who) => (await who.get('/drive')).body.root_folder_id;

// A preview once made: 202 (with Retry-After) until then.
async function ready(who, path, ms = 30000) {
  let first;
  const r = await eventually(async () => {
    const a = await who.get(path);
    first ??= a;
    if (a.status === 202) { assert.ok(Number(a.headers['retry-after']) > 0, 'Retry-After with 202'); return null; }
    return a;
  }, ms, `${path} made`);
  return { r, first };
}

const isWebp = (b) => b.length > 12 && b.subarray(0, 4).toString() === 'RIFF' && b.subarray(8, 12).toString() === 'WEBP';

// A PDF of n pages, its offsets counted.
function pdf(n, tag) {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${Array.from({ length: n }, (_, i) => `${3 + 2 * i} 0 R`).join(' ')}] /Count ${n} >>`];
  for (let i = 0; i < n; i++) {
    const text = `BT /F1 36 Tf 72 700 Td (Page ${i + 1} ${tag}) Tj ET`;
    objs.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${4 + 2 * i} 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>`);
    objs.push(`<< /Length ${text.length} >>\nstream\n${text}\nendstream`);
  }
  let out = '%PDF-1.4\n';
  const offsets = objs.map((o, i) => { const at = out.length; out += `${i + 1} 0 obj\n${o}\nendobj\n`; return at; });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// A PNG whose header says 50,000 × 50,000 pixels (7.5 GB decoded).
function pngBomb() {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (b) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(50000, 0); ihdr.writeUInt32BE(50000, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(2000))), chunk('IEND', Buffer.alloc(0))]);
}

test('previews: made ahead, served by nginx to readers only, once per content; hostile files refused; the previewer supervised', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin), eve = await newUser(admin);
  const root = await rootOf(alice.client);
  const dir = scratch('previews');
  const ffmpeg = (...args) => execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args]);
  ffmpeg('-f', 'lavfi', '-i', `testsrc=size=640x480`, '-frames:v', '1', `${dir}/p.png`);
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-t', '1', '-pix_fmt', 'yuv420p', `${dir}/v.mp4`);
  const png = readFileSync(`${dir}/p.png`);
  const files = {
    image: await put(alice.client, root, `photo-${unique()}.png`, png),
    pdf: await put(alice.client, root, `doc-${unique()}.pdf`, pdf(2, unique())),
    video: await put(alice.client, root, `clip-${unique()}.mp4`, readFileSync(`${dir}/v.mp4`)),
    text: await put(alice.client, root, `notes-${unique()}.txt`, Buffer.from(`Ordre du jour ${unique()}\n1. Budget\n2. Questions\n`)),
  };
  for (const [kind, f] of Object.entries(files)) assert.equal(f.status, 201, `${kind}: ${f.text}`);

  // each: an image, in both sizes, with nginx's headers
  for (const [kind, f] of Object.entries(files)) {
    for (const size of ['small', 'large']) {
      const { r } = await ready(alice.client, `/files/${f.body.id}/preview?size=${size}`);
      assert.equal(r.status, 200, `${kind} ${size}: ${r.text.slice(0, 200)}`);
      assert.equal(r.headers['content-type'], 'image/webp', kind);
      assert.ok(isWebp(r.bytes), `${kind} ${size}: a WebP`);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.match(r.headers['cache-control'], /private/);
      assert.doesNotMatch(r.headers['cache-control'], /no-store/, 'kept by the browser, revalidated');
      assert.ok(r.headers.etag, 'an ETag');
      const again = await alice.client.get(`/files/${f.body.id}/preview?size=${size}`, { headers: { 'If-None-Match': r.headers.etag } });
      assert.equal(again.status, 304, `${kind}: not sent again`);
    }
  }
  // a thumbnail in its box
  const small = (await alice.client.get(`/files/${files.image.body.id}/preview`)).bytes;
  assert.ok(small.length < png.length, 'the small thumbnail is smaller than the photo');

  // a document's pages, made on demand
  const pages = await alice.client.get(`/files/${files.pdf.body.id}/pages`);
  assert.deepEqual(pages.body, { count: 2 });
  const { r: page2, first } = await ready(alice.client, `/files/${files.pdf.body.id}/pages/2`);
  assert.equal(first.status, 202, 'page 2 made on demand');
  assert.equal(page2.status, 200);
  assert.ok(isWebp(page2.bytes));
  assert.equal((await alice.client.get(`/files/${files.pdf.body.id}/pages/3`)).status, 404);
  assert.equal((await alice.client.get(`/files/${files.image.body.id}/pages`)).status, 415, 'an image has no pages');

  // someone who cannot read the file: nothing, not even its existence
  for (const path of [`/files/${files.image.body.id}/preview`, `/files/${files.pdf.body.id}/pages`, `/files/${files.pdf.body.id}/pages/1`]) {
    assert.equal((await eve.client.get(path)).status, 404, path);
  }
  // shared with her: she sees it like the file
  assert.equal((await alice.client.put(`/nodes/${files.image.body.id}/shares/${eve.id}`, { can_edit: false })).status, 200);
  assert.equal((await eve.client.get(`/files/${files.image.body.id}/preview`)).status, 200);
  assert.equal((await alice.client.del(`/nodes/${files.image.body.id}/shares/${eve.id}`)).status, 204);
  assert.equal((await eve.client.get(`/files/${files.image.body.id}/preview`)).status, 404, 'the share taken back');

  // an attachment: its thumbnail for whoever reads the post, like its content
  const memo = await put(admin, await rootOf(admin), `memo-${unique()}.png`, png);
  const news = await admin.post('/news/posts', { body: 'Le plan du site', attachments: [memo.body.id] });
  assert.equal(news.status, 201, news.text);
  assert.equal((await eve.client.get(`/files/${memo.body.id}/preview`)).status, 404, 'not her drive');
  const att = await eve.client.get(`/posts/${news.body.id}/attachments/${memo.body.id}/preview`);
  assert.equal(att.status, 200, 'the same content: made already');
  assert.ok(isWebp(att.bytes));
  assert.equal((await eve.client.get(`/posts/${news.body.id}/attachments/${files.image.body.id}/preview`)).status, 404, 'not attached');

  // the same content again: made once
  const sha = sql(`SELECT sha256 FROM file_versions WHERE node_id = ${files.image.body.id}`).trim();
  const before = sql(`SELECT made_at FROM previews WHERE sha256 = '${sha}' AND page = 0`).trim();
  const copy = await put(alice.client, root, `copy-${unique()}.png`, png);
  assert.equal(copy.status, 201);
  assert.equal((await alice.client.get(`/files/${copy.body.id}/preview`)).status, 200, 'ready at once');
  assert.equal(sql(`SELECT made_at FROM previews WHERE sha256 = '${sha}' AND page = 0`).trim(), before, 'not made again');
  assert.equal(sql(`SELECT COUNT(*) FROM preview_queue WHERE sha256 = '${sha}'`).trim(), '0');

  // a preview's file gone (a backup restored without them): made again
  execFileSync('sh', ['-c', `rm -f ${process.env.PARVIS_VAR}/previews/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}-large.webp`]);
  const remade = await ready(alice.client, `/files/${copy.body.id}/preview?size=large`);
  assert.equal(remade.first.status, 202, 'asked again');
  assert.equal(remade.r.status, 200, 'made again');

  // a hostile file: refused with its reason, the previewer alive, the next one made
  const bomb = await put(alice.client, root, `bomb-${unique()}.png`, pngBomb());
  const after = await put(alice.client, root, `after-${unique()}.txt`, Buffer.from('la suite\n'));
  const { r: refused } = await ready(alice.client, `/files/${bomb.body.id}/preview`);
  assert.equal(refused.status, 415);
  assert.match(refused.body.error.reason, /^too_large: 50000 × 50000 pixels/);
  assert.match(refused.body.error.message, /trop grand/);
  assert.equal((await ready(alice.client, `/files/${after.body.id}/preview`)).r.status, 200, 'the next file previewed');
  // a type without previews: said at once
  const zip = await put(alice.client, root, `a-${unique()}.bin`, Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xff, 0xfe]));
  assert.equal((await alice.client.get(`/files/${zip.body.id}/preview`)).status, 415);

  // removed with the content: its rows and files
  const textSha = sql(`SELECT sha256 FROM file_versions WHERE node_id = ${files.text.body.id}`).trim();
  const textFile = `${process.env.PARVIS_VAR}/previews/${textSha.slice(0, 2)}/${textSha.slice(2, 4)}/${textSha}-small.webp`;
  assert.ok(existsSync(textFile), 'the text file\'s preview is on the disk');
  assert.equal((await alice.client.del(`/files/${files.text.body.id}`)).status, 204);
  assert.equal((await alice.client.del(`/trash/${files.text.body.id}`)).status, 204);
  assert.equal(sql(`SELECT COUNT(*) FROM previews WHERE sha256 = '${textSha}'`).trim(), '0', 'its rows gone');
  assert.ok(!existsSync(textFile), 'its files gone');

  // the previewer killed: restarted by the supervisor, nothing lost
  const old = pidOf('previewer');
  killIfAlive(old);
  const late = await put(alice.client, root, `late-${unique()}.txt`, Buffer.from('écrit pendant la panne\n'));
  await eventually(() => { try { const p = pidOf('previewer'); return p !== old && p; } catch { return false; } }, 30000, 'a new previewer');
  assert.equal((await ready(alice.client, `/files/${late.body.id}/preview`, 40000)).r.status, 200, 'made after the restart');
});

test('attachments\' previews through what holds them: a conversation\'s for its participants, a post\'s pages for its readers', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin), bruno = await newUser(admin), eve = await newUser(admin);
  const tag = unique();
  const conv = await alice.client.post('/conversations', { participants: [bruno.id] });
  assert.equal(conv.status, 201, conv.text);
  const c = conv.body.id;

  // a PDF sent from the computer: its previews made ahead, for both participants
  const up = await alice.client.request('PUT', `/conversations/${c}/files/${encodeURIComponent(`ordre du jour ${tag}.pdf`)}`, undefined,
    { raw: pdf(2, tag), headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(up.status, 201, up.text);
  const base = `/conversations/${c}/attachments/${up.body.id}`;
  const sha = sql(`SELECT sha256 FROM chat_attachments WHERE id = ${up.body.id}`).trim();
  await eventually(() => sql(`SELECT COUNT(*) FROM previews WHERE sha256 = '${sha}' AND page = 0`).trim() === '1', 30000,
    'the sent PDF previewed ahead, without anyone asking');
  assert.equal((await bruno.client.get(`${base}/preview`)).status, 404, 'not sent yet: its uploader\'s alone');
  const { r: own } = await ready(alice.client, `${base}/preview?size=large`);
  assert.equal(own.status, 200, own.text);
  const sent = await alice.client.post(`/conversations/${c}/messages`, { body: `Voici ${tag}`, client_id: randomUUID(), attachments: [up.body.id] });
  assert.equal(sent.status, 201, sent.text);
  assert.equal(sent.body.attachments[0].content_url, `/api/v1${base}/content`);

  const thumb = await bruno.client.get(`${base}/preview`);
  assert.equal(thumb.status, 200, thumb.text);
  assert.ok(isWebp(thumb.bytes));
  assert.equal(thumb.headers['content-type'], 'image/webp');
  assert.deepEqual((await bruno.client.get(`${base}/pages`)).body, { count: 2 });
  const { r: page2 } = await ready(bruno.client, `${base}/pages/2`);
  assert.equal(page2.status, 200);
  assert.ok(isWebp(page2.bytes));
  assert.equal((await bruno.client.get(`${base}/pages/3`)).status, 404, 'a page past the end');

  // whoever is not in the conversation: nothing; nor through another conversation
  for (const path of [`${base}/preview`, `${base}/pages`, `${base}/pages/1`]) {
    assert.equal((await eve.client.get(path)).status, 404, `${path} for someone outside`);
  }
  const other = (await bruno.client.post('/conversations', { participants: [eve.id] })).body.id;
  assert.equal((await eve.client.get(`/conversations/${other}/attachments/${up.body.id}/preview`)).status, 404,
    'an attachment of another conversation');
  // the message deleted: its files' previews with it
  assert.equal((await alice.client.del(`/messages/${sent.body.id}`)).status, 204);
  assert.equal((await bruno.client.get(`${base}/preview`)).status, 404, 'a deleted message\'s file');

  // a post's attachment: its pages for whoever reads the post, not only its thumbnail
  const memo = await put(admin, await rootOf(admin), `memo-${tag}.pdf`, pdf(3, tag));
  assert.equal(memo.status, 201, memo.text);
  const news = await admin.post('/news/posts', { body: `La note ${tag}`, attachments: [memo.body.id] });
  assert.equal(news.status, 201, news.text);
  assert.equal((await eve.client.get(`/files/${memo.body.id}/pages`)).status, 404, 'not her drive');
  const att = `/posts/${news.body.id}/attachments/${memo.body.id}`;
  assert.deepEqual((await ready(eve.client, `${att}/pages`)).r.body, { count: 3 });
  const { r: p3 } = await ready(eve.client, `${att}/pages/3`);
  assert.equal(p3.status, 200);
  assert.ok(isWebp(p3.bytes));
  assert.equal((await eve.client.get(`/posts/${news.body.id}/attachments/${up.body.id}/pages`)).status, 404, 'not attached');
});
