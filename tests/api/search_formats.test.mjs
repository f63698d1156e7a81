// The formats the indexer reads besides plain text, HTML, PDF and the
// OOXML/OpenDocument family: legacy Word, Excel and PowerPoint, RTF,
// e-mail, EPUB, zips and unknown binaries that hide an office document,
// Markdown and CSV; and hostile ones (encrypted, huge, crashing a
// converter) that never stop the indexer. Each word looked for is in the
// document's text, never in its name; each file's type as libmagic named
// it is checked, so that the reader under test is the one that ran.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { adminClient, newUser, unique, eventually, sql, scratch } from './client.mjs';
import { pptWith } from '../fixtures/ppt.mjs';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const put = (who, folder, name, bytes) =>
  who.request('PUT', `/folders/${folder}/files/${encodeURIComponent(name)}`, undefined, { raw: bytes });
const files = async (who, q) => (await who.get(`/search?q=${encodeURIComponent(q)}&type=file`)).body.items.map((i) => i.id).sort();
const word = (p) => `${p}${unique().replace(/\W/g, '').toLowerCase()}`;
const mimeOf = (id) => sql(`SELECT mime FROM drive_nodes WHERE id = ${Number(id)}`).trim();
const sh = (script) => execFileSync('sh', ['-c', script]);

async function drive(admin) {
  const alice = await newUser(admin);
  return { alice: alice.client, root: (await alice.client.get('/drive')).body.root_folder_id };
}

/* Uploads, waits for the word, returns the file's id. */
async function found(who, root, name, bytes, w, mime, what) {
  const f = (await put(who, root, name, bytes)).body;
  assert.ok(f.id, `${what} uploaded`);
  await eventually(async () => (await files(who, w)).includes(f.id), 10000, what);
  assert.equal(mimeOf(f.id), mime, `${what}: the type stored`);
  return f.id;
}

test('legacy Word (.doc), Excel (.xls) and PowerPoint (.ppt) are read by their converters', async () => {
  const { alice, root } = await drive(await adminClient());
  const doc = await found(alice, root, 'ancien compte rendu.doc', readFileSync(`${FIXTURES}legacy.doc`), 'wombatdoc',
    'application/msword', 'the .doc');
  assert.deepEqual(await files(alice, 'cafe ete wombatdoc'), [doc], 'antiword in UTF-8: accents read');
  const xls = await found(alice, root, 'tableau.xls', readFileSync(`${FIXTURES}legacy.xls`), 'wombatxls',
    'application/vnd.ms-excel', 'the .xls');
  assert.deepEqual(await files(alice, 'eleve'), [xls], 'xls2csv in UTF-8');
  // libmagic cannot name this one: the converters are tried in turn
  const w = word('diapo');
  await found(alice, root, 'présentation.ppt', pptWith(`Diapositive ${w} réunion`), w,
    'application/x-ole-storage', 'the .ppt');
});

test('RTF is read by unrtf: accents and Unicode escapes, not its control words', async () => {
  const { alice, root } = await drive(await adminClient());
  const w = word('lemur');
  const rtf = `{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman Times;}}{\\colortbl;\\red255\\green0\\blue0;}
\\f0\\fs24 Proc\\'e8s-verbal de la r\\'e9union {\\b ${w}} \\u8364? \\par
Deuxi\\'e8me ligne.\\par}`;
  const id = await found(alice, root, 'pv.rtf', Buffer.from(rtf, 'latin1'), w, 'text/rtf', 'the RTF');
  assert.deepEqual(await files(alice, `proces verbal reunion ${w}`), [id], 'accents decoded');
  assert.deepEqual(await files(alice, `colortbl ${w}`), [], 'no control word');
});

test('an e-mail: its headers, its text and HTML parts decoded, its attachments by name', async () => {
  const { alice, root } = await drive(await adminClient());
  const [subject, plain, html, script, attached] = [word('sujet'), word('texte'), word('html'), word('script'), word('pj')];
  const b64 = (s) => Buffer.from(s).toString('base64').replace(/.{76}/g, '$&\r\n');
  const eml = [
    'From: =?UTF-8?Q?Z=C3=A9lie_Martin?= <zelie@example.org>',
    'To: Bob <bob.dupont@example.org>',
    `Subject: =?ISO-8859-1?Q?R=E9union_${subject}?=`,
    'Date: Tue, 3 Mar 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"', '',
    '--b1', 'Content-Type: multipart/alternative; boundary="b2"', '',
    '--b2', 'Content-Type: text/plain; charset=ISO-8859-1', 'Content-Transfer-Encoding: quoted-printable', '',
    `Ordre du jour : caf=E9 et ${plain}.`,
    '--b2', 'Content-Type: text/html; charset=UTF-8', 'Content-Transfer-Encoding: base64', '',
    b64(`<html><body><p>Réunion ${html}</p><script>var s = "${script}";</script></body></html>`),
    '--b2--',
    '--b1', 'Content-Type: application/pdf; name="annexe.pdf"',
    `Content-Disposition: attachment; filename="budget-${attached}.pdf"`, 'Content-Transfer-Encoding: base64', '',
    b64('%PDF-1.4\n'), '--b1--', ''].join('\r\n');
  const id = await found(alice, root, 'message.eml', Buffer.from(eml), plain, 'message/rfc822', 'the e-mail');
  assert.deepEqual(await files(alice, `reunion ${subject}`), [id], 'the subject, its encoded word decoded');
  assert.deepEqual(await files(alice, `cafe ${plain}`), [id], 'quoted-printable Latin-1');
  assert.deepEqual(await files(alice, html), [id], 'the HTML part, base64');
  assert.deepEqual(await files(alice, script), [], 'not its script');
  assert.deepEqual(await files(alice, attached), [id], "an attachment's name");
  assert.deepEqual(await files(alice, 'zelie martin'), [id], 'the sender');
  assert.deepEqual(await files(alice, 'dupont'), [id], 'the recipient');
});

/* An EPUB's files in dir: mimetype first and stored, as libmagic wants it
 * (zip -X: no extra fields), or in another order when scrambled. */
function epub(dir, title, chapter, scrambled) {
  mkdirSync(`${dir}/META-INF`, { recursive: true });
  mkdirSync(`${dir}/OEBPS`, { recursive: true });
  writeFileSync(`${dir}/mimetype`, 'application/epub+zip');
  writeFileSync(`${dir}/META-INF/container.xml`, '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>');
  writeFileSync(`${dir}/OEBPS/content.opf`, `<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:1</dc:identifier><dc:title>Livre ${title}</dc:title><dc:language>fr</dc:language></metadata><manifest><item id="c1" href="ch1.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>`);
  writeFileSync(`${dir}/OEBPS/ch1.xhtml`, `<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Un</title><style>p { color: red }</style></head><body><p>Chapitre&nbsp;un : ${chapter} à l’école.</p></body></html>`);
  const out = `${dir}.epub`;
  sh(scrambled ? `cd ${dir} && zip -qX ${out} OEBPS/ch1.xhtml OEBPS/content.opf META-INF/container.xml mimetype`
    : `cd ${dir} && zip -qX0 ${out} mimetype && zip -qXr9 ${out} META-INF OEBPS`);
  return readFileSync(out);
}

test('an EPUB: its title and its chapters, HTML entities and all', async () => {
  const { alice, root } = await drive(await adminClient());
  const [title, chapter] = [word('titre'), word('chapitre')];
  const id = await found(alice, root, 'livre.epub', epub(scratch('epub'), title, chapter), chapter, 'application/epub+zip', 'the EPUB');
  assert.deepEqual(await files(alice, title), [id], 'the title, from the package');
  assert.deepEqual(await files(alice, `un ${chapter} ecole`), [id], 'the chapter: &nbsp; and accents');
  assert.deepEqual(await files(alice, 'idpf'), [], 'no markup');
});

test('a zip or an unknown binary is looked into: an office document or an EPUB that libmagic did not name', async () => {
  const { alice, root } = await drive(await adminClient());
  // an OpenDocument text whose entries are in an unusual order: libmagic
  // says zip; the blob store types it from its entries (lib/office_sniff.c)
  const w1 = word('odt');
  const dir = scratch('odt');
  writeFileSync(`${dir}/mimetype`, 'application/vnd.oasis.opendocument.text');
  writeFileSync(`${dir}/content.xml`, `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text><text:p>Rapport ${w1}</text:p></office:text></office:body></office:document-content>`);
  sh(`cd ${dir} && zip -qX ${dir}.odt content.xml mimetype`);
  const odt = await found(alice, root, 'document', readFileSync(`${dir}.odt`), w1, 'application/vnd.oasis.opendocument.text',
    'the odt in a zip');
  assert.deepEqual(await files(alice, 'oasis'), [], 'read as a document, not as an archive of XML files');
  // an EPUB with bytes before and after: libmagic says octet-stream, libarchive finds the zip
  const w2 = word('binaire');
  const book = epub(scratch('epub2'), word('titre'), w2, true);
  const blob = Buffer.concat([Buffer.alloc(5000, 0x9c), book, Buffer.alloc(100, 0x9c)]);
  const bin = await found(alice, root, 'donnees.bin', blob, w2, 'application/octet-stream', 'the EPUB in a binary');
  assert.notEqual(bin, odt);
  // a binary that is nothing: no text, and no failure recorded
  const junk = (await put(alice, root, 'rien.bin', Buffer.alloc(4096, 0x9c))).body;
  const w3 = word('apres');
  await found(alice, root, 'après.txt', Buffer.from(`suivant ${w3}`), w3, 'text/plain', 'the next file');
  assert.equal(sql(`SELECT COUNT(*) FROM index_failures WHERE node_id = ${Number(junk.id)}`).trim(), '0');
});

test('Markdown and CSV are read as the plain text they are', async () => {
  const { alice, root } = await drive(await adminClient());
  const [w1, w2] = [word('markdown'), word('csv')];
  const md = await found(alice, root, 'notes.md', Buffer.from(`# Titre\n\n* point **${w1}**\n* [lien](https://example.org)\n`), w1,
    'text/plain', 'the Markdown file');
  const csv = await found(alice, root, 'liste.csv', Buffer.from(`nom,ville,code\n${w2},Nîmes,30000\nautre,Brest,29200\n`), w2,
    'text/csv', 'the CSV file');
  assert.deepEqual(await files(alice, `nimes ${w2}`), [csv]);
  assert.notEqual(md, csv);
});

test('encrypted, huge and converter-crashing files never stop the indexer: each is found by its name', async () => {
  const { alice, root } = await drive(await adminClient());
  const tmp = scratch('hostile');
  const [secret, start] = [word('secret'), word('debut')];
  writeFileSync(`${tmp}/confidentiel.txt`, `Le mot de passe est ${secret}`);
  sh(`cd ${tmp} && bsdtar --format zip --options zip:encryption=zipcrypt --passphrase motdepasse -cf chiffre.zip confidentiel.txt`);
  const samples = {
    'chiffre.zip': readFileSync(`${tmp}/chiffre.zip`),
    // 30 MB of text: its beginning is kept
    'enorme.txt': Buffer.concat([Buffer.from(`Début : ${start}. `), Buffer.alloc(30 << 20, 'lorem ipsum ')]),
    'tronque.doc': readFileSync(`${FIXTURES}legacy.doc`).subarray(0, 3000),
    // 500,000 nested groups: unrtf dies, the indexer does not
    'profond.rtf': Buffer.from(`{\\rtf1 ${'{'.repeat(500000)}x${'}'.repeat(500000)}}`),
    'tronque.xls': readFileSync(`${FIXTURES}legacy.xls`).subarray(0, 2000),
  };
  // an encrypted PDF, where qpdf is there
  let pdf = false;
  try { execFileSync('qpdf', ['--empty', '--encrypt', 'lecture', 'proprietaire', '256', '--', `${tmp}/protege.pdf`]); pdf = true; } catch {}
  if (pdf) samples['protege.pdf'] = readFileSync(`${tmp}/protege.pdf`);
  const names = {}, ids = {};
  for (const [file, bytes] of Object.entries(samples)) {
    names[file] = `${word('hostile')}-${file}`;
    const r = await put(alice, root, names[file], bytes);
    assert.equal(r.status, 201, file);
    ids[file] = r.body.id;
  }
  const w = word('gnou');
  const next = (await put(alice, root, 'suivant.txt', Buffer.from(`Le document suivant ${w}`))).body;
  await eventually(async () => (await files(alice, w)).length === 1, 60000, 'the next document indexed');
  assert.deepEqual(await files(alice, w), [next.id]);
  // files are read on both cores and indexed as they are read: the slow
  // ones may come after the next document
  for (const [file, n] of Object.entries(names))
    await eventually(async () => (await files(alice, n.split('-')[0])).length === 1, 60000, `${file} found by its name`);
  assert.deepEqual(await files(alice, secret), [], 'the encrypted entry is not read');
  assert.deepEqual(await files(alice, 'confidentiel'), [ids['chiffre.zip']], 'its name is');
  assert.deepEqual(await files(alice, start), [ids['enorme.txt']], 'the huge text: its beginning');
  const reason = (file) => sql(`SELECT f.reason FROM index_failures f JOIN drive_nodes n ON n.id = f.node_id
                                WHERE n.name = '${names[file]}'`).trim();
  assert.match(reason('tronque.doc'), /.+/, 'a truncated .doc: a reason');
  assert.match(reason('profond.rtf'), /converter/, 'the converter crashed');
  assert.match(reason('tronque.xls'), /OLE/, 'a truncated .xls: a reason');
  if (pdf) assert.match(reason('protege.pdf'), /^encrypted: protégé par un mot de passe$/);
  assert.match(reason('chiffre.zip'), /^encrypted: /, 'a zip with a password: the reason, its names indexed');
  assert.equal((await alice.get('/health')).status, 200);
});
