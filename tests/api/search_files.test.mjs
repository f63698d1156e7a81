// Full-text search of files: their names and the text inside them (plain
// text in any charset, HTML, PDF, office documents), only for those who may
// read them, and hostile files that never stop the indexer.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { adminClient, newUser, unique, eventually, sql, scratch } from './client.mjs';

const put = (who, folder, name, bytes) =>
  who.request('PUT', `/folders/${folder}/files/${encodeURIComponent(name)}`, undefined, { raw: bytes });
const files = async (who, q) => (await who.get(`/search?q=${encodeURIComponent(q)}&type=file`)).body.items.map((i) => i.id).sort();
const word = (p) => `${p}${unique().replace(/\W/g, '').toLowerCase()}`;

test('the words inside files are found by those who may read them, and by nobody else', async () => {
  const admin = await adminClient();
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const root = (await alice.client.get('/drive')).body.root_folder_id;
  const w = word('quetzal');
  const f = (await put(alice.client, root, 'notes.txt', `Ordre du jour : ${w} et budget.`)).body;
  await eventually(async () => (await files(alice.client, w)).length === 1, 5000, 'the file in the index');
  const hit = (await alice.client.get(`/search?q=${w}&type=file`)).body.items[0];
  assert.equal(hit.title, 'notes.txt');
  assert.ok(hit.snippet.some((s) => s.hit && s.text === w), 'the words around it');
  assert.equal(hit.content_url, `/api/v1/files/${f.id}/content`);
  assert.deepEqual(await files(bob.client, w), [], 'not shared');
  assert.deepEqual(await files(admin, w), [], 'a personal drive, administrators included');
  await alice.client.put(`/nodes/${f.id}/shares/${bob.id}`, {});
  await eventually(async () => (await files(bob.client, w)).length === 1, 5000, 'shared: found');
  await alice.client.del(`/nodes/${f.id}/shares/${bob.id}`);
  assert.deepEqual(await files(bob.client, w), [], 'unshared: gone at once');
  // a group's drive: its members, not outsiders of a private group
  const g = (await alice.client.post('/groups', { name: unique('Docs'), visibility: 'private' })).body;
  await alice.client.put(`/groups/${g.id}/members/${carol.id}`, {});
  const groot = (await alice.client.get(`/groups/${g.id}/drive`)).body.root_folder_id;
  const w2 = word('ocelot');
  const gf = (await put(alice.client, groot, 'compte rendu.md', `# Réunion\n\nDécision : ${w2}.`)).body;
  await eventually(async () => (await files(carol.client, w2)).length === 1, 5000, 'the group file');
  assert.deepEqual(await files(bob.client, w2), []);
  // in the trash: gone
  await alice.client.del(`/files/${gf.id}`);
  await eventually(async () => (await files(carol.client, w2)).length === 0, 5000, 'trashed');
});

test('plain text in Latin-1, HTML without its scripts, a PDF and an office document are read', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = (await alice.client.get('/drive')).body.root_folder_id;
  const [w1, w2, w3, w4] = [word('lynx'), word('puma'), word('tapir'), word('okapi')];
  const latin1 = Buffer.from(`Compte rendu de la réunion ${w1} à l'école.\n`, 'latin1');
  const l = (await put(alice.client, root, 'ancien.txt', latin1)).body;
  const h = (await put(alice.client, root, 'page.html',
    `<!doctype html><html><head><title>Page</title><script>var x = "${w3}";</script></head><body><p>Texte ${w2}</p></body></html>`)).body;
  const tmp = scratch('docx');
  execFileSync('sh', ['-c', [
    `mkdir -p ${tmp}/_rels ${tmp}/word && cd ${tmp}`,
    `printf '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>' > '[Content_Types].xml'`,
    `printf '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>' > _rels/.rels`,
    `printf '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Procès-verbal ${w4}</w:t></w:r></w:p></w:body></w:document>' > word/document.xml`,
    `bsdtar --format zip -cf ${tmp}/pv.docx '[Content_Types].xml' _rels word`].join(' && ')]);
  const d = (await put(alice.client, root, 'pv.docx', readFileSync(`${tmp}/pv.docx`))).body;
  await eventually(async () => (await files(alice.client, w4)).length === 1, 8000, 'the docx');
  assert.deepEqual(await files(alice.client, w1), [l.id], 'Latin-1 read as such');
  assert.deepEqual(await files(alice.client, `reunion ${w1}`), [l.id], 'accents ignored');
  assert.deepEqual(await files(alice.client, `ecole ${w1}`), [l.id], 'elision split');
  assert.deepEqual(await files(alice.client, w2), [h.id]);
  assert.deepEqual(await files(alice.client, w3), [], 'a script is not text');
  assert.deepEqual(await files(alice.client, `proces verbal ${w4}`), [d.id]);
  const pdf = '/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf';
  if (existsSync(pdf)) {
    const sub = (await alice.client.post('/folders', { parent_id: root, name: word('pdf') })).body;
    const p = (await put(alice.client, sub.id, 'spec.pdf', readFileSync(pdf))).body;
    await eventually(async () => (await files(alice.client, 'subclass glob magic')).includes(p.id), 10000, 'the PDF');
  }
});

test('hostile files never stop the indexer: each is found by its name, and the next document is indexed', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = (await alice.client.get('/drive')).body.root_folder_id;
  const tmp = scratch('hostile');
  const docx = (dir, documentXml) => [
    `mkdir -p ${tmp}/${dir}/_rels ${tmp}/${dir}/word && cd ${tmp}/${dir}`,
    `printf '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>' > '[Content_Types].xml'`,
    `printf '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>' > _rels/.rels`,
    documentXml,
    `bsdtar --format zip -cf ${tmp}/${dir}.docx '[Content_Types].xml' _rels word`].join(' && ');
  const laughs = '<!DOCTYPE d [<!ENTITY a "hahahahahahahahahahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>';
  execFileSync('sh', ['-c', [
    docx('bomb', `printf '<?xml version="1.0"?>${laughs}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&c;</w:document>' > word/document.xml`),
    // 100 MB of zeros in the text part: a few hundred kilobytes zipped
    docx('huge', `(printf '<?xml version="1.0"?><w:document xmlns:w="x"><w:t>'; head -c 104857600 /dev/zero | tr '\\\\0' 'a'; printf '</w:t></w:document>') > word/document.xml`),
    `head -c 3000 ${tmp}/bomb.docx > ${tmp}/truncated.docx`,
    `head -c 200000 /dev/urandom > ${tmp}/junk.txt`,
  ].join(' && ')]);
  const names = {};
  for (const file of ['bomb.docx', 'huge.docx', 'truncated.docx', 'junk.txt']) {
    const n = `${word('hostile')}-${file}`;
    names[file] = n;
    assert.equal((await put(alice.client, root, n, readFileSync(`${tmp}/${file}`))).status, 201, file);
  }
  const w = word('gnou');
  const next = (await put(alice.client, root, 'après.txt', `Le document suivant ${w}`)).body;
  await eventually(async () => (await files(alice.client, w)).length === 1, 30000, 'the next document indexed');
  assert.deepEqual(await files(alice.client, w), [next.id]);
  // files are indexed as they are read (on both cores): a slow one may
  // come after the next document
  for (const [file, n] of Object.entries(names))
    await eventually(async () => (await files(alice.client, n.split('-')[0])).length === 1, 30000, `${file} found by its name`);
  assert.deepEqual(await files(alice.client, 'hahahahahahahahahahahahaha'), [], 'no entity expanded');
  const reasons = sql(`SELECT f.reason FROM index_failures f JOIN drive_nodes n ON n.id = f.node_id
                       WHERE n.name IN ('${names['bomb.docx']}', '${names['huge.docx']}', '${names['truncated.docx']}')`);
  assert.match(reasons, /DTD/);
  assert.match(reasons, /over \d+ MiB/);
  assert.equal(reasons.trim().split('\n').length, 3, reasons);
  assert.equal((await alice.client.get('/health')).status, 200);
});

test('the entries of archives are read too: names and text, archives inside archives, within limits', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = (await alice.client.get('/drive')).body.root_folder_id;
  const [w1, w2, w3, w4] = [word('zebu'), word('gnu'), word('emeu'), word('dingo')];
  const tmp = scratch('arch');
  execFileSync('sh', ['-c', [
    `mkdir -p ${tmp}/a/sous ${tmp}/inner ${tmp}/t && cd ${tmp}`,
    `printf 'Procès-verbal ${w1}' > a/pv.txt`,
    `printf '<html><body><p>Page ${w2}</p><script>var z="${w4}"</script></body></html>' > inner/page.html`,
    `bsdtar -a -cf a/sous/inner.zip -C inner page.html`,
    `bsdtar -a -cf archive.zip -C a .`,
    `printf 'Rapport ${w3}' > t/rapport-${w3}.txt && bsdtar -a -cf archive.tar.gz -C t .`,
    // ten zips, each inside the next: read to a few levels, never stuck
    `printf 'fond' > level0.txt && cp level0.txt deep && for i in 1 2 3 4 5 6 7 8 9 10; do bsdtar -a -cf deep$i.zip deep && mv deep$i.zip deep; done && mv deep deep.zip`,
  ].join(' && ')]);
  const zip = (await put(alice.client, root, 'archive.zip', readFileSync(`${tmp}/archive.zip`))).body;
  const tgz = (await put(alice.client, root, 'archive.tar.gz', readFileSync(`${tmp}/archive.tar.gz`))).body;
  const deep = (await put(alice.client, root, 'deep.zip', readFileSync(`${tmp}/deep.zip`))).body;
  await eventually(async () => (await files(alice.client, w3)).length === 1, 8000, 'the tar.gz');
  await eventually(async () => (await files(alice.client, w1)).length === 1, 8000, 'the zip');
  await eventually(async () => (await files(alice.client, 'deep.zip')).length === 1, 8000, 'the deep zip');
  assert.deepEqual(await files(alice.client, w1), [zip.id], 'a text entry');
  assert.deepEqual(await files(alice.client, w2), [zip.id], 'HTML in a zip inside the zip');
  assert.deepEqual(await files(alice.client, w4), [], 'not its script');
  assert.deepEqual(await files(alice.client, w3), [tgz.id], 'an entry of a tar.gz, and its name');
  assert.deepEqual(await files(alice.client, 'pv'), [zip.id], 'entry names');
  assert.deepEqual(await files(alice.client, 'deep.zip'), [deep.id], 'ten levels deep: found by name, the indexer alive');
});
