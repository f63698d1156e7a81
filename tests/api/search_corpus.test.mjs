// Real documents that nobody on the project wrote (issue #6): Debian's
// reference manual in French and in English (every HTML chapter and both
// PDFs), and ../shared/corpus/real/ when that directory exists (its
// MANIFEST.tsv may give a phrase per document). Each document is uploaded
// to a person's drive, then found by a phrase of its own text, quoted.
//
// The phrases are chosen by this test, from the document itself, with
// readers independent of the indexer: the HTML's paragraphs with their
// tags stripped here, the PDF's lines as poppler-utils' pdftotext reads
// them by default (in reading order, a word hyphenated at a line's end
// joined: with -layout a line could start with « ments », half of
// « documents », which no search should find). For HTML the phrase runs
// across an inline element (« e.g. <code>penguin</code>, and press »): it
// is found only if the file is read as HTML, not as text with its markup.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, relative, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminClient, newUser, eventually } from './client.mjs';

const MANUALS = '/usr/share/debian-reference';
const REAL = process.env.PARVIS_REAL_CORPUS
  ?? fileURLToPath(new URL('../../../shared/corpus/real/', import.meta.url));

// ---- phrases, chosen mechanically ------------------------------------------

const TAG = '\u0001';                       // where markup stood
const WORD = /^[A-Za-zÀ-ÖØ-öø-ÿŒœÆæ]{2,}$/;  // letters only: no digit, dot, hyphen, apostrophe
const ASCII_WORD = /^[A-Za-z]{2,}$/;           // the same in every charset that extends ASCII
const LENGTH = 5;

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decode = (s) => s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) =>
  e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
    : ENTITIES[e.toLowerCase()] ?? m);

// Windows of LENGTH words of a piece of text, each word letters only, the
// words separated by spaces, commas, semicolons or colons (and markup), so
// that any tokenizer cuts them the same way. sep: what may stand between.
// ascii: words of ASCII letters only, for a text whose charset this test
// does not know (the same bytes then read the same in any charset).
function windows(text, sep, ascii = false) {
  const tokens = [], seps = [];
  const re = /[^\s,;:\u0001]+/g;
  let m, last = 0;
  while ((m = re.exec(text))) {
    seps.push(text.slice(last, m.index));
    tokens.push(m[0]);
    last = m.index + m[0].length;
  }
  const out = [];
  for (let i = 0; i + LENGTH <= tokens.length; i++) {
    const words = tokens.slice(i, i + LENGTH), between = seps.slice(i + 1, i + LENGTH);
    if (!words.every((w) => (ascii ? ASCII_WORD : WORD).test(w))) continue;
    if (!between.every((s) => sep.test(s))) continue;
    if (words.filter((w) => w.length >= 4).length < 3) continue;          // not only little words
    out.push({ phrase: words.join(' ').toLowerCase(), acrossMarkup: between.some((s) => s.includes(TAG)) });
  }
  return out;
}

// The middle one of the candidates, narrowed by each preference that
// leaves some: across markup (HTML), with an accented letter (French).
const ACCENTED = /[À-ÖØ-öø-ÿŒœÆæ]/;
function pick(candidates, { markup = false, accents = false } = {}) {
  let pool = candidates;
  const prefer = (keep) => { const p = pool.filter(keep); if (p.length) pool = p; };
  if (markup) prefer((c) => c.acrossMarkup);
  if (accents) prefer((c) => ACCENTED.test(c.phrase));
  return pool.length ? pool[Math.floor(pool.length / 2)] : null;
}

const HTML_SEP = /^[\s\u0001]*[\s,;:][\s,;:\u0001]*$/;   // a real space or comma somewhere: not a word cut by a tag

// The text of a file and whether its charset is known: UTF-8 when the
// bytes are valid UTF-8, Latin-1 when the file declares a Latin charset
// and the bytes are not UTF-8. Otherwise (no declaration, or one that
// lies, as in Tika's testArabicMisleadingCharset.html: Windows-1256
// declared UTF-8) this test does not guess: the text is read as Latin-1
// and only ASCII words may make its phrase. Parvis itself detects the
// charset (uchardet), which its unit tests check on files made for it.
const LATIN = /^(iso-8859-1|iso-8859-15|latin-?1|windows-1252|cp1252)$/i;
function decodeText(bytes, declared) {
  const utf8 = bytes.toString('utf8');
  if (!utf8.includes('\uFFFD')) return { text: utf8, known: true };
  return { text: bytes.toString('latin1'), known: LATIN.test(declared ?? '') };
}

function htmlPhrase(bytes, accents) {
  const head = bytes.subarray(0, 2048).toString('latin1');
  const declared = head.match(/<meta\b[^>]*charset\s*=\s*["']?([\w-]+)/i)?.[1];
  let { text, known } = decodeText(bytes, declared);
  text = text.replace(/<(script|style|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ');
  const candidates = [];
  for (const [, inner] of text.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p\s*>/gi))
    candidates.push(...windows(decode(inner.replace(/<[^>]*>/g, TAG)), HTML_SEP, !known));
  return pick(candidates, { markup: true, accents });
}

// One line at a time: a phrase never crosses a line (nor two columns: a
// single space between the words).
const LINE_SEP = /^[,;:]? $/;
function linesPhrase(text, accents, ascii = false) {
  return pick(text.split('\n').flatMap((line) => windows(line.trim(), LINE_SEP, ascii)), { accents });
}

function pdfText(path) {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
}


// The phrase of a document from its own text, or null (a format this test
// cannot read by itself); throws when the test's own reader fails on it
// (a broken or hostile file: the caller reports it and skips it).
function phraseOf(path, lang) {
  const ext = extname(path).toLowerCase(), accents = lang !== 'en';
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') return htmlPhrase(readFileSync(path), accents)?.phrase ?? null;
  if (ext === '.pdf') return linesPhrase(pdfText(path), accents)?.phrase ?? null;
  if (['.txt', '.md', '.csv', '.text'].includes(ext)) {
    const { text, known } = decodeText(readFileSync(path));
    return linesPhrase(text, accents, !known)?.phrase ?? null;
  }
  return null;
}

// ---- the documents ---------------------------------------------------------

function manuals() {
  assert.ok(existsSync(MANUALS), `${MANUALS} missing: debian-reference-fr and -en (scripts/deps.sh)`);
  return readdirSync(MANUALS)
    .filter((f) => /\.(fr|en)\.(html|pdf)$/.test(f))
    .sort()
    .map((f) => ({ path: join(MANUALS, f), name: f, lang: f.match(/\.(fr|en)\./)[1] }));
}

function walk(dir) {
  return readdirSync(dir).sort().flatMap((f) => {
    const p = join(dir, f);
    if (f.startsWith('.')) return [];
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

// MANIFEST.tsv: a document's path (relative to real/) and a phrase; a
// header line naming the columns is followed when there is one.
function manifest(dir) {
  const file = join(dir, 'MANIFEST.tsv');
  const phrases = new Map();
  if (!existsSync(file)) return phrases;
  const rows = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('\t'));
  let fileCol = 0, phraseCol = -1;
  const head = rows[0]?.map((c) => c.trim().toLowerCase()) ?? [];
  if (head.includes('phrase')) {
    phraseCol = head.indexOf('phrase');
    fileCol = Math.max(0, head.findIndex((c) => ['file', 'path', 'name', 'document', 'filename'].includes(c)));
    rows.shift();
  }
  for (const r of rows) {
    const p = (phraseCol >= 0 ? r[phraseCol] : r.length > 1 ? r[r.length - 1] : '')?.replace(/["«»]/g, ' ').trim();
    if (r[fileCol] && p) phrases.set(r[fileCol].trim().replace(/^\.\//, ''), p);
  }
  return phrases;
}

function realCorpus() {
  if (!existsSync(REAL)) return [];
  const phrases = manifest(REAL);
  return walk(REAL).filter((p) => relative(REAL, p) !== 'MANIFEST.tsv').map((p) => {
    const rel = relative(REAL, p);
    return { path: p, name: `real ${rel.replaceAll('/', ' - ')}`, lang: 'real', phrase: phrases.get(rel) ?? phrases.get(rel.split('/').pop()) };
  });
}

// ---- the test --------------------------------------------------------------

const put = (who, folder, name, bytes) =>
  who.request('PUT', `/folders/${folder}/files/${encodeURIComponent(name)}`, undefined, { raw: bytes });
const found = async (who, phrase) =>
  (await who.get(`/search?q=${encodeURIComponent(`"${phrase}"`)}&type=file&limit=100`)).body.items.map((i) => i.id);

test('real documents, French and English, HTML and PDF: each is found by a phrase of its own text, by its owner only', async (t) => {
  let hasPdftotext = true;
  try { execFileSync('pdftotext', ['-v'], { stdio: 'ignore' }); } catch { hasPdftotext = false; }
  assert.ok(hasPdftotext, 'pdftotext missing: poppler-utils (scripts/deps.sh) reads the PDFs on the test side');

  const docs = [...manuals(), ...realCorpus()];
  for (const d of docs) {
    try {
      d.phrase ??= phraseOf(d.path, d.lang);
    } catch (err) {
      // the test's reader (pdftotext...) refused it: no phrase to look for;
      // it is still uploaded (Parvis must survive it) and reported here
      d.phrase = null;
      d.unreadable = String(err.stderr || err.message).trim().split('\n').slice(-1)[0];
    }
  }
  for (const d of docs.filter((x) => x.unreadable))
    t.diagnostic(`skipped ${d.name}: the test's own reader cannot read it (${d.unreadable})`);
  for (const d of docs.filter((x) => !x.phrase && !x.unreadable))
    t.diagnostic(`no phrase for ${d.name} (a format, or a charset, this test does not read by itself, and none in MANIFEST.tsv)`);
  const checked = docs.filter((d) => d.phrase);
  for (const lang of ['fr', 'en']) {
    assert.ok(checked.some((d) => d.lang === lang && d.name.endsWith('.html')), `${lang} HTML`);
    assert.ok(checked.some((d) => d.lang === lang && d.name.endsWith('.pdf')), `${lang} PDF`);
  }

  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const root = (await alice.client.get('/drive')).body.root_folder_id;
  for (let i = 0; i < docs.length; i += 8) {
    await Promise.all(docs.slice(i, i + 8).map(async (d) => {
      const r = await put(alice.client, root, d.name, readFileSync(d.path));
      assert.equal(r.status, 201, `${d.name}: ${r.text}`);
      d.id = r.body.id;
    }));
  }

  // the queue drained (each row goes only once the index has committed it),
  // then every phrase asked once
  await eventually(async () => (await alice.client.get('/health')).body?.index?.pending === 0, 120000, 'the index queue drained (about 150 documents, OCR included)');
  const left = [];
  for (const d of checked) if (!(await found(alice.client, d.phrase)).includes(d.id)) left.push(d);
  for (const d of checked) t.diagnostic(`${left.includes(d) ? 'MISSED' : 'found '} ${d.name}: "${d.phrase}"`);
  assert.deepEqual(left.map((d) => `${d.name}: "${d.phrase}"`), [], 'each document found by its phrase');

  // nobody else: not a single document for a person who was not given them
  const others = [];
  for (const d of checked) if ((await found(bob.client, d.phrase)).some((id) => docs.some((x) => x.id === id))) others.push(d.name);
  assert.deepEqual(others, [], 'found by someone who may not read them');
});
