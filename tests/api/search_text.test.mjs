// The text of documents, end to end (docs/search_text.md): decomposed Unicode
// (NFD, as macOS writes names and text) found as composed, both ways;
// text in the charsets people have (files made by iconv from known text);
// Chinese words inside sentences; scanned images and PDFs read by OCR and
// marked « texte reconnu »; unreadable files counted by reason for
// administrators.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { adminClient, newUser, unique, eventually, scratch } from './client.mjs';

const RENDER = new URL('../fixtures/render_scan.py', import.meta.url).pathname;
const put = (who, folder, name, bytes) =>
  who.request('PUT', `/folders/${folder}/files/${encodeURIComponent(name)}`, undefined, { raw: bytes });
const search = async (who, q) => (await who.get(`/search?q=${encodeURIComponent(q)}&type=file`)).body.items;
const ids = async (who, q) => (await search(who, q)).map((i) => i.id).sort();
const word = (p) => `${p}${unique().replace(/\W/g, '').toLowerCase()}`;
const iconv = (text, charset) => execFileSync('iconv', ['-f', 'UTF-8', '-t', charset], { input: text });
// a word OCR reads back as written: letters whose shapes no other letter
// or pair shares (not l/1, o/0, q/g/a, c/e, u/v/y, w/vv, m/rn, b/h...),
// never the same twice in a row (a full run read "qaqqrxe" as "qaqarxe")
const LETTERS = 'adfhkpstxz';
const ocrWord = (p) => {
  let w = p;
  while (w.length < p.length + 7) {
    const c = LETTERS[Math.floor(Math.random() * LETTERS.length)];
    if (c !== w[w.length - 1]) w += c;
  }
  return w;
};

async function drive() {
  const admin = await adminClient();
  const alice = await newUser(admin);
  return { admin, alice: alice.client, root: (await alice.client.get('/drive')).body.root_folder_id };
}

async function upload(who, root, name, bytes, w, what) {
  const f = (await put(who, root, name, bytes)).body;
  assert.ok(f.id, `${what} uploaded`);
  await eventually(async () => (await ids(who, w)).includes(f.id), 30000, what);
  return f.id;
}

test('decomposed Unicode (NFD) is found by composed queries and the other way round', async () => {
  const { alice, root } = await drive();
  const [w1, w2] = [word('nfd'), word('nfc')];
  const nfd = `Compte rendu ${w1} de la réunion d'été à Besançon`.normalize('NFD');
  assert.notEqual(nfd, nfd.normalize('NFC'), 'really decomposed');
  const a = await upload(alice, root, `Réunion d'été ${w1}.txt`.normalize('NFD'), Buffer.from(nfd), w1, 'the NFD file');
  const b = await upload(alice, root, `Comité ${w2}.txt`, Buffer.from(`Le comité ${w2} se réunit à Noël`), w2, 'the NFC file');
  assert.deepEqual(await ids(alice, `réunion été Besançon ${w1}`), [a], 'an NFC query finds the NFD text');
  assert.deepEqual(await ids(alice, `Besançon ${w1}`.normalize('NFD')), [a], 'an NFD query too');
  assert.deepEqual(await ids(alice, `comité Noël ${w2}`.normalize('NFD')), [b], 'an NFD query finds the NFC text');
  assert.deepEqual(await ids(alice, `réunion ${w2}`), [], 'and nothing else');
});

test('text and HTML that are not UTF-8 are read in their charset', async () => {
  const { alice, root } = await drive();
  const [ru, jp, gr, html] = [word('ru'), word('jp'), word('gr'), word('koi')];
  const russian = (w) => `Протокол заседания правления ${w}. Обсуждали бюджет на следующий год и ремонт здания.`;
  const a = await upload(alice, root, 'protocol.txt', iconv(russian(ru), 'CP1251'), ru, 'the cp1251 text');
  assert.deepEqual(await ids(alice, `бюджет ремонт ${ru}`), [a], 'Cyrillic words from Windows-1251');
  const b = await upload(alice, root, 'gijiroku.txt',
    iconv(`取締役会の議事録 ${jp}。来年度の予算と建物の修繕について話し合いました。`, 'SHIFT_JIS'), jp, 'the Shift-JIS text');
  assert.deepEqual(await ids(alice, `予算 ${jp}`), [b], 'Japanese from Shift-JIS');
  const c = await upload(alice, root, 'praktika.txt',
    iconv(`Πρακτικά της συνεδρίασης ${gr}. Συζητήθηκε ο προϋπολογισμός του επόμενου έτους.`, 'ISO-8859-7'), gr,
    'the Greek text');
  assert.deepEqual(await ids(alice, `συνεδρίασης ${gr}`), [c], 'Greek from ISO-8859-7');
  // a page declared ISO-8859-1 whose bytes are KOI8-R
  const page = Buffer.concat([Buffer.from('<html><head><meta charset="iso-8859-1"></head><body><p>'),
    iconv(russian(html), 'KOI8-R'), Buffer.from('</p></body></html>')]);
  const d = await upload(alice, root, 'page.html', page, html, 'the wrongly declared page');
  assert.deepEqual(await ids(alice, `заседания ${html}`), [d], 'the bytes win over a wrong declaration');
});

test('Chinese and Japanese words are found inside sentences', async () => {
  const { alice, root } = await drive();
  const w = word('cjk');
  const id = await upload(alice, root, 'huiyi.txt', Buffer.from(`我们明天在北京开会讨论预算问题 ${w} 東京で会議の議事録を作成しました`),
    w, 'the CJK text');
  assert.deepEqual(await ids(alice, `北京 ${w}`), [id]);
  assert.deepEqual(await ids(alice, `预算 ${w}`), [id]);
  assert.deepEqual(await ids(alice, `議事録 ${w}`), [id]);
  assert.deepEqual(await ids(alice, `上海 ${w}`), [], 'a word it has not');
  const hit = (await search(alice, `预算 ${w}`))[0];
  assert.ok(hit.snippet.some((s) => s.hit), 'the snippet marks the words');
});

test('scanned images and PDFs are read by OCR, marked « texte reconnu »; failures counted by reason', async () => {
  const { admin, alice, root } = await drive();
  const dir = scratch('ocr');
  const [p, q] = [ocrWord('scan'), ocrWord('page')];
  execFileSync('/usr/bin/python3', [RENDER, 'png', join(dir, 'a.png'), `Facture ${p} du déménagement`, 'des archives municipales']);
  execFileSync('/usr/bin/python3', [RENDER, 'pdf', join(dir, 'b.pdf'), `Procès-verbal ${q} de la réunion`, 'du conseil de quartier']);
  const png = await upload(alice, root, 'facture.png', readFileSync(join(dir, 'a.png')), p, 'the scanned PNG');
  const pdf = await upload(alice, root, 'scan.pdf', readFileSync(join(dir, 'b.pdf')), q, 'the scanned PDF');
  assert.deepEqual(await ids(alice, `archives municipales ${p}`), [png]);
  assert.deepEqual(await ids(alice, `conseil quartier ${q}`), [pdf]);
  for (const [w, id] of [[p, png], [q, pdf]]) {
    const hit = (await search(alice, w)).find((h) => h.id === id);
    assert.equal(hit.text_recognized, true, 'marked as recognised text');
  }
  const typed = word('typed');
  const plain = await upload(alice, root, 'typed.txt', Buffer.from(`Texte saisi ${typed}`), typed, 'a typed text');
  assert.equal((await search(alice, typed)).find((h) => h.id === plain).text_recognized, false);

  // an image cut in half: its reason, counted by its code
  const whole = readFileSync(join(dir, 'a.png'));
  const broken = (await put(alice, root, `${unique('cassée')}.png`, whole.subarray(0, whole.length >> 1))).body;
  const s = await eventually(async () => {
    const st = (await admin.get('/search/status')).body;
    return st.failures.some((f) => f.file_id === broken.id) ? st : null;
  }, 30000, 'the broken image recorded');
  assert.equal(s.failures.find((f) => f.file_id === broken.id).code, 'damaged');
  const damaged = s.failures_by_reason.find((r) => r.code === 'damaged');
  assert.ok(damaged && damaged.count >= 1, 'counted by reason');
  assert.equal(s.failures_by_reason.reduce((n, r) => n + r.count, 0), s.failures_total, 'every failure counted once');
});
