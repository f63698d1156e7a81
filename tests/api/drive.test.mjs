// Drives: uploads through nginx come back byte for byte with the type of
// their content, bad names and sizes are refused before anything is
// stored, versions, trash, shares, group drives follow the group, and
// downloads never run as a page.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { adminClient, newUser, unique, VAR, Client, sql, pidOf, childrenOf, eventually, killIfAlive, scratch } from './client.mjs';

const sha = (b) => createHash('sha256').update(b).digest('hex');
const put = (who, folder, name, bytes, headers = {}) =>
  who.request('PUT', `/folders/${folder}/files/${encodeURIComponent(name)}`, undefined, { raw: bytes, headers });
const rootOf = async (who) => (await who.get('/drive')).body.root_folder_id;
const files = (dir) => {
  assert.ok(existsSync(dir), `${dir} exists`);
  return execFileSync('find', [dir, '-type', 'f']).toString().trim().split('\n').filter(Boolean);
};
const bodyFiles = () => files(`${VAR}/nginx/body`).join('\n');
const blobCount = () => files(`${VAR}/blobs`).length;

// Sends the head of an upload declaring `total` bytes and no body; the
// answer's text.
function rawHead(who, folder, name, total) {
  const { port } = new URL(process.env.PARVIS_URL);
  return new Promise((resolve, reject) => {
    let answer = '';
    const s = net.connect(Number(port), '127.0.0.1', () => {
      s.write(`PUT /api/v1/folders/${folder}/files/${encodeURIComponent(name)} HTTP/1.1\r\nHost: x\r\n`
        + `Content-Length: ${total}\r\nCookie: ${[...who.cookies].map(([k, v]) => `${k}=${v}`).join('; ')}\r\n`
        + `X-CSRF-Token: ${who.csrf}\r\nConnection: close\r\n\r\n`);
    });
    s.on('data', (d) => { answer += d; });
    s.on('end', () => resolve(answer));
    s.on('error', reject);
    setTimeout(() => { s.destroy(); resolve(answer); }, 3000);
  });
}

// Sends the head of an upload and part of its body, calls whileOpen, then
// goes away.
function halfUpload(who, folder, name, total, sent, whileOpen) {
  const { port } = new URL(process.env.PARVIS_URL);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), '127.0.0.1', () => {
      s.write(`PUT /api/v1/folders/${folder}/files/${encodeURIComponent(name)} HTTP/1.1\r\nHost: x\r\n`
        + `Content-Length: ${total}\r\nCookie: ${[...who.cookies].map(([k, v]) => `${k}=${v}`).join('; ')}\r\n`
        + `X-CSRF-Token: ${who.csrf}\r\n\r\n`);
      s.write(Buffer.alloc(sent, 3), () => setTimeout(() => {
        try { whileOpen(); } catch (e) { s.destroy(); reject(e); return; }
        s.destroy();
        resolve();
      }, 300));
    });
    s.on('error', reject);
  });
}

// documents nobody on the project wrote, from Debian's packages
function realDocuments() {
  const docs = [];
  const pdf = '/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf';
  if (existsSync(pdf)) docs.push([pdf, 'application/pdf']);
  for (const png of ['/usr/share/gitweb/static/git-logo.png', '/usr/share/pixmaps/debian-logo.png'])
    if (existsSync(png)) { docs.push([png, 'image/png']); break; }
  const gz = readdirSync('/usr/share/doc/bash').find((f) => f.endsWith('.gz'));
  if (gz) docs.push([`/usr/share/doc/bash/${gz}`, 'application/gzip']);
  return docs;
}

test('uploads come back byte for byte, typed from their content; the same name makes a version', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = await rootOf(alice.client);
  const tmp = scratch('drive');
  execFileSync('mkdir', ['-p', `${tmp}/d`]);
  execFileSync('sh', ['-c', `echo "compte rendu" > ${tmp}/d/a.txt && cp /etc/hostname ${tmp}/d/b && bsdtar -a -cf ${tmp}/x.zip -C ${tmp} d`]);
  // an office document: its parts, zipped (libmagic looks at their names)
  execFileSync('sh', ['-c', [
    `mkdir -p ${tmp}/docx/_rels ${tmp}/docx/word && cd ${tmp}/docx`,
    `printf '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>' > '[Content_Types].xml'`,
    `printf '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>' > _rels/.rels`,
    `printf '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>' > word/document.xml`,
    `bsdtar --format zip -cf ${tmp}/x.docx '[Content_Types].xml' _rels word`].join(' && ')]);
  const docs = [...realDocuments(), [`${tmp}/x.zip`, 'application/zip'],
    [`${tmp}/x.docx`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['/usr/share/doc/bash/copyright', 'text/plain']];
  assert.ok(docs.length >= 4, 'real documents found');
  for (const [path, mime] of docs) {
    const bytes = readFileSync(path);
    // the client's Content-Type and the name's extension are not believed
    const r = await put(alice.client, root, `doc-${unique()}.jpg`, bytes, { 'Content-Type': 'image/jpeg' });
    assert.equal(r.status, 201, `${path}: ${r.text}`);
    assert.equal(r.body.mime, mime, path);
    assert.equal(r.body.size, bytes.length);
    const back = await alice.client.get(`/files/${r.body.id}/content`);
    assert.equal(back.status, 200);
    assert.equal(sha(back.bytes), sha(bytes), `${path} comes back whole`);
  }
  // a new version under the same name; the old one stays downloadable
  const v1 = await put(alice.client, root, 'rapport.txt', 'version un\n');
  const v2 = await put(alice.client, root, 'rapport.txt', 'version deux\n');
  assert.equal(v2.status, 201);
  assert.equal(v2.body.id, v1.body.id);
  assert.equal(v2.body.version, 2);
  const info = (await alice.client.get(`/files/${v1.body.id}`)).body;
  assert.deepEqual(info.versions.map((v) => [v.version, v.current]), [[2, true], [1, false]]);
  assert.equal((await alice.client.get(`/files/${v1.body.id}/content?version=1`)).text, 'version un\n');
  const restored = await alice.client.post(`/files/${v1.body.id}/versions/1/restore`);
  assert.equal(restored.status, 200, restored.text);
  assert.equal(restored.body.version, 3);
  assert.equal((await alice.client.get(`/files/${v1.body.id}/content`)).text, 'version un\n');
  // ranges: resumable downloads
  const part = await alice.client.get(`/files/${v1.body.id}/content`, { headers: { Range: 'bytes=0-6' } });
  assert.equal(part.status, 206);
  assert.equal(part.text, 'version');
});

test('bad names, no session, too large, over quota: refused before anything is stored', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = await rootOf(alice.client);
  const blobsBefore = blobCount();
  for (const name of ['a\\b', 'x.', 'x ', 'photo\u202egpj.exe', 'a\u0001b', 'n'.repeat(256)]) {
    const r = await put(alice.client, root, name, 'x');
    assert.equal(r.status, 400, `${JSON.stringify(name)}: ${r.text}`);
    assert.ok(r.body.error.message.length > 10);
  }
  const slash = await alice.client.request('PUT', `/folders/${root}/files/a%2Fb`, undefined, { raw: 'x' });
  assert.equal(slash.status, 400, slash.text);
  assert.match(slash.body.error.message, /«\s*\/\s*»/);
  // without a session: 401, and no byte reaches the disk
  const anon = new Client();
  const big = Buffer.alloc(3 * 1024 * 1024, 7);
  const r401 = await put(anon, root, 'anonyme.bin', big);
  assert.equal(r401.status, 401, r401.text);
  assert.equal(r401.body.error.code, 'unauthenticated');
  // someone else's folder: 404
  const bob = await newUser(admin);
  assert.equal((await put(bob.client, root, 'intrus.txt', 'x')).status, 404);
  assert.equal((await bob.client.get(`/folders/${root}`)).status, 404);
  // a quota of 1 MiB: the message says how much room is left
  const drive = (await alice.client.get('/drive')).body;
  const quota = (await admin.get('/settings')).body.drive_quota_person_mb;
  assert.equal((await admin.patch('/settings', { drive_quota_person_mb: 1 })).status, 200);
  const over = await put(alice.client, root, 'gros.bin', Buffer.alloc(2 * 1024 * 1024, 1));
  assert.equal(over.status, 413, over.text);
  assert.match(over.body.error.message, /il reste .* dans ce drive/);
  await admin.patch('/settings', { drive_quota_person_mb: quota });
  assert.equal(blobCount(), blobsBefore, 'nothing stored');
  assert.equal(bodyFiles(), '', 'no temporary file left');
  assert.equal((await alice.client.get('/drive')).body.used_bytes, drive.used_bytes);
  // over the size limit, said before a byte is sent: 413 from nginx, with a message
  const huge = await rawHead(alice.client, root, 'énorme.bin', 5 * 1024 ** 3);
  assert.match(huge, /^HTTP\/1\.1 413/);
  assert.match(huge, /"code":"too_large".*4 Gio au plus/);
  // a client that stops half-way: nothing recorded, no temporary file
  // (more than nginx's 1 MiB body buffer, so that it is writing the file)
  await halfUpload(alice.client, root, 'coupe.bin', 3000000, 1500000,
    () => assert.notEqual(bodyFiles(), '', 'nginx is writing the body while it comes'));
  await eventually(() => bodyFiles() === '', 10000, 'nginx removing the half upload\'s temporary file');
  const list = (await alice.client.get(`/folders/${root}`)).body;
  assert.ok(!list.files.some((f) => f.name === 'coupe.bin'));
});

test('folders: create, rename, move, never into themselves; the trash restores where it was', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = await rootOf(alice.client);
  const a = (await alice.client.post('/folders', { parent_id: root, name: 'Projets' })).body;
  const b = (await alice.client.post('/folders', { parent_id: a.id, name: 'Budget' })).body;
  assert.equal((await alice.client.post('/folders', { parent_id: root, name: 'Projets' })).status, 409);
  assert.equal((await alice.client.patch(`/folders/${a.id}`, { parent_id: b.id })).status, 409);
  assert.equal((await alice.client.patch(`/folders/${a.id}`, { parent_id: a.id })).status, 409);
  assert.equal((await alice.client.patch(`/folders/${root}`, { name: 'x' })).status, 403);
  for (const name of ['..', '.', 'a/b', 'fin.'])
    assert.equal((await alice.client.patch(`/folders/${b.id}`, { name })).status, 400, name);
  const f = (await put(alice.client, b.id, 'note.txt', 'texte')).body;
  assert.equal((await alice.client.patch(`/files/${f.id}`, { name: 'note finale.txt', folder_id: a.id })).status, 200);
  const page = (await alice.client.get(`/folders/${b.id}`)).body;
  assert.deepEqual(page.path.map((p) => p.id), [root, a.id, b.id]);
  // deleting a folder takes what is in it; restoring brings it back
  assert.equal((await alice.client.del(`/folders/${a.id}`)).status, 204);
  assert.equal((await alice.client.get(`/files/${f.id}`)).status, 404);
  const drive = (await alice.client.get('/drive')).body;
  const trash = (await alice.client.get(`/drives/${drive.id}/trash`)).body;
  assert.deepEqual(trash.items.map((i) => [i.id, i.original_path]), [[a.id, '/']]);
  assert.equal((await alice.client.post(`/trash/${a.id}/restore`)).status, 200);
  assert.equal((await alice.client.get(`/files/${f.id}`)).status, 200);
  // restored to the root when its folder is gone, under a free name
  assert.equal((await alice.client.del(`/files/${f.id}`)).status, 204);
  assert.equal((await alice.client.del(`/folders/${a.id}`)).status, 204);
  await alice.client.post(`/trash/${a.id}/restore`);
  await put(alice.client, a.id, 'note finale.txt', 'autre');
  await alice.client.del(`/folders/${a.id}`);
  const back = await alice.client.post(`/trash/${f.id}/restore`);
  assert.equal(back.status, 200, back.text);
  assert.equal(back.body.parent_id, root);
  // deleted for good: the bytes go when nothing uses them
  const used = (await alice.client.get('/drive')).body.used_bytes;
  assert.equal((await alice.client.del(`/trash/${a.id}`)).status, 204);
  assert.ok((await alice.client.get('/drive')).body.used_bytes < used);
});

test('group drives follow the group; drive managers restore what others deleted; sharing a personal file', async () => {
  const admin = await adminClient();
  const [alice, bob, carol, dave] = [await newUser(admin), await newUser(admin), await newUser(admin), await newUser(admin)];
  const g = (await alice.client.post('/groups', { name: unique('Drive'), visibility: 'private' })).body;
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  await alice.client.put(`/groups/${g.id}/members/${carol.id}`, { drive_manager: true });
  const drive = (await bob.client.get(`/groups/${g.id}/drive`)).body;
  assert.equal(drive.kind, 'group');
  assert.equal((await dave.client.get(`/groups/${g.id}/drive`)).status, 403, 'outsiders of a private group');
  const f = (await put(bob.client, drive.root_folder_id, 'plan.txt', 'plan')).body;
  assert.equal((await dave.client.get(`/files/${f.id}`)).status, 404);
  assert.equal((await dave.client.get(`/files/${f.id}/content`)).status, 404);
  await bob.client.del(`/files/${f.id}`);
  const seen = (await carol.client.get(`/drives/${drive.id}/trash`)).body.items.map((i) => i.id);
  assert.ok(seen.includes(f.id), 'the drive manager sees what bob deleted');
  assert.equal((await carol.client.post(`/trash/${f.id}/restore`)).status, 200);
  // a member removed from the group loses the drive at once
  await alice.client.del(`/groups/${g.id}/members/${bob.id}`);
  assert.equal((await bob.client.get(`/files/${f.id}`)).status, 404);

  // sharing: read-only, then editable, then revoked
  const root = await rootOf(alice.client);
  const doc = (await put(alice.client, root, 'partagé.txt', 'v1')).body;
  assert.equal((await dave.client.get(`/files/${doc.id}`)).status, 404);
  assert.equal((await alice.client.put(`/nodes/${doc.id}/shares/${dave.id}`, { can_edit: false })).status, 200);
  const shared = (await dave.client.get('/drive/shared')).body.items;
  assert.ok(shared.some((i) => i.id === doc.id && i.can_edit === false));
  assert.equal((await dave.client.get(`/files/${doc.id}/content`)).text, 'v1');
  assert.equal((await put(dave.client, root, 'partagé.txt', 'v2')).status, 404, 'the folder is not shared');
  assert.equal((await dave.client.patch(`/files/${doc.id}`, { name: 'x.txt' })).status, 403);
  assert.equal((await dave.client.put(`/nodes/${doc.id}/shares/${bob.id}`, { can_edit: false })).status, 403);
  await alice.client.put(`/nodes/${doc.id}/shares/${dave.id}`, { can_edit: true });
  assert.equal((await dave.client.patch(`/files/${doc.id}`, { name: 'renommé.txt' })).status, 200);
  assert.equal((await alice.client.del(`/nodes/${doc.id}/shares/${dave.id}`)).status, 204);
  assert.equal((await dave.client.get(`/files/${doc.id}`)).status, 404, 'revoked at once');
  assert.equal((await admin.get(`/files/${doc.id}`)).status, 404, 'administrators do not enter personal drives');
});

test('downloads never run as a page: nosniff, a sandbox, and attachments for HTML, SVG and scripts', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = await rootOf(alice.client);
  const svg = (await put(alice.client, root, 'logo.svg',
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')).body;
  const html = (await put(alice.client, root, 'photo.jpg', '<!DOCTYPE html><html><body><script>alert(1)</script></body></html>')).body;
  const txt = (await put(alice.client, root, 'lisez « moi ».txt', 'bonjour')).body;
  assert.equal(html.mime, 'text/html', 'typed from the content, not from .jpg');
  for (const f of [svg, html]) {
    const r = await alice.client.get(`/files/${f.id}/content`);
    assert.equal(r.status, 200);
    assert.match(r.headers['content-disposition'], /^attachment;/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.match(r.headers['content-security-policy'], /sandbox/);
  }
  const t = await alice.client.get(`/files/${txt.id}/content`);
  assert.match(t.headers['content-disposition'], /^inline; filename="lisez _ moi _.txt"; filename\*=UTF-8''lisez%20%C2%AB%20moi%20%C2%BB\.txt$/);
  assert.match((await alice.client.get(`/files/${txt.id}/content?download=1`)).headers['content-disposition'], /^attachment;/);
});

test('the trash keeps what it holds for trash_days, then empties itself', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = await rootOf(alice.client);
  const box = (await alice.client.post('/folders', { parent_id: root, name: 'Anciens' })).body;
  const old = (await put(alice.client, box.id, `vieux-${unique()}.txt`, `contenu ${unique()}`)).body;
  const recent = (await put(alice.client, box.id, 'récent.txt', `autre ${unique()}`)).body;
  await alice.client.del(`/files/${old.id}`);
  await alice.client.del(`/files/${recent.id}`);
  const drive = (await alice.client.get('/drive')).body;
  const blobs = blobCount();
  // thirty-one days ago, for one of them
  sql(`UPDATE drive_nodes SET trashed_at = UTC_TIMESTAMP(3) - INTERVAL 31 DAY WHERE id = ${old.id}`);
  const trash = (await alice.client.get(`/drives/${drive.id}/trash`)).body.items;
  assert.deepEqual(trash.map((i) => [i.id, i.original_path]), [[recent.id, '/Anciens']]);
  assert.equal(blobCount(), blobs - 1, 'its bytes are gone from the disk');
  assert.equal((await alice.client.get('/drive')).body.used_bytes, drive.used_bytes - old.size);
});

test('moving to another drive counts its bytes there, within that drive\'s quota', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const g = (await alice.client.post('/groups', { name: unique('Quota'), visibility: 'public' })).body;
  const group = (await alice.client.get(`/groups/${g.id}/drive`)).body;
  const root = await rootOf(alice.client);
  const small = (await put(alice.client, root, 'petit.bin', Buffer.alloc(1000, 5))).body;
  const big = (await put(alice.client, root, 'gros.bin', Buffer.alloc(2 * 1024 * 1024, 6))).body;
  assert.equal((await alice.client.patch(`/files/${small.id}`, { folder_id: group.root_folder_id })).status, 200);
  assert.equal((await alice.client.get(`/groups/${g.id}/drive`)).body.used_bytes, 1000);
  const quota = (await admin.get('/settings')).body.drive_quota_group_mb;
  assert.equal((await admin.patch('/settings', { drive_quota_group_mb: 1 })).status, 200);
  try {
    const r = await alice.client.patch(`/files/${big.id}`, { folder_id: group.root_folder_id });
    assert.equal(r.status, 413, r.text);
    assert.match(r.body.error.message, /il reste/);
    assert.equal((await alice.client.get(`/files/${big.id}`)).body.parent_id, root, 'not moved');
  } finally {
    await admin.patch('/settings', { drive_quota_group_mb: quota });
  }
});

test('workers killed while they store uploads: every recorded file has all its bytes', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = await rootOf(alice.client);
  const master = pidOf('fcgi');
  const size = 64 * 1024 * 1024;
  const uploads = [];
  for (let i = 0; i < 3; i++)
    uploads.push(put(alice.client, root, `lourd-${i}.bin`, Buffer.alloc(size, 10 + i)).catch(() => ({ status: 0 })));
  // once nginx holds a whole body, its worker is hashing or storing it
  await eventually(() => {
    const sizes = files(`${VAR}/nginx/body`).map((f) => Number(execFileSync('stat', ['-c', '%s', f]).toString()));
    return sizes.some((n) => n === size);
  }, 20000, 'a body received whole');
  for (const p of childrenOf(master)) killIfAlive(p);
  const answers = await Promise.all(uploads);
  await eventually(async () => (await alice.client.get('/drive')).status === 200, 10000, 'the workers are back');
  const stored = answers.filter((a) => a.status === 201).length;
  assert.ok(stored < 3, `a kill landed on an upload (${answers.map((a) => a.status)})`);
  // what is listed downloads whole; no row names missing bytes
  const list = (await alice.client.get(`/folders/${root}`)).body.files;
  for (const f of list) {
    const back = await alice.client.get(`/files/${f.id}/content`);
    assert.equal(back.bytes.length, f.size, f.name);
    assert.equal(sha(back.bytes), sha(Buffer.alloc(size, 10 + Number(f.name.match(/\d/)[0]))), f.name);
  }
  const missing = sql('SELECT sha256 FROM blobs').trim().split('\n').filter(Boolean)
    .filter((h) => !existsSync(`${VAR}/blobs/${h.slice(0, 2)}/${h.slice(2, 4)}/${h}`));
  assert.deepEqual(missing, [], 'every blob row has its file');
  await eventually(() => bodyFiles() === '', 5000, 'no temporary file left');
});

test('a folder downloads as a zip made on the fly: every live file whole, the trash left out', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = await rootOf(alice.client);
  const top = (await alice.client.post('/folders', { parent_id: root, name: 'Réunions 2026' })).body;
  const sub = (await alice.client.post('/folders', { parent_id: top.id, name: 'Mars' })).body;
  const contents = { 'ordre du jour.txt': 'points 1 à 5\n', 'Mars/compte rendu.txt': 'décisions\n' };
  await put(alice.client, top.id, 'ordre du jour.txt', contents['ordre du jour.txt']);
  await put(alice.client, sub.id, 'compte rendu.txt', contents['Mars/compte rendu.txt']);
  const gone = (await put(alice.client, sub.id, 'brouillon.txt', 'jeté')).body;
  await alice.client.del(`/files/${gone.id}`);
  const r = await alice.client.get(`/folders/${top.id}/zip`);
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/zip');
  assert.match(r.headers['content-disposition'], /filename\*=UTF-8''R%C3%A9unions%202026\.zip/);
  const dir = scratch('zip');
  execFileSync('mkdir', ['-p', dir]);
  execFileSync('sh', ['-c', `cat > ${dir}/x.zip && cd ${dir} && bsdtar -xf x.zip`], { input: r.bytes });
  for (const [path, text] of Object.entries(contents)) assert.equal(readFileSync(`${dir}/${path}`, 'utf8'), text, path);
  assert.ok(!existsSync(`${dir}/Mars/brouillon.txt`), 'the trash stays out');
  const bob = await newUser(admin);
  assert.equal((await bob.client.get(`/folders/${top.id}/zip`)).status, 404);
});

test('looking inside archives lists their entries without expanding them; hostile ones list safely', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = await rootOf(alice.client);
  const dir = scratch('arch');
  execFileSync('sh', ['-c', [
    `mkdir -p ${dir}/d/sous && cd ${dir}`,
    'printf "bonjour" > d/a.txt && printf "au revoir" > d/sous/b.txt',
    'bsdtar -a -cf x.zip d && bsdtar -a -cf x.tar.gz d && bsdtar -a -cf x.7z d',
    // an entry that climbs out, and ten megabytes of zeros that compress to nothing
    'head -c 10485760 /dev/zero > zeros && bsdtar -a -cf evil.zip -s ",^zeros$,../../etc/zeros," zeros',
    'head -c 3000 x.zip > truncated.zip && head -c 5000 /dev/urandom > junk.txt',
    // a tar cut inside its second header: one entry, then an error
    'bsdtar -cf plain.tar d/a.txt d/sous/b.txt && head -c 1300 plain.tar > cut.tar',
    'mkdir many && (cd many && seq 1 10050 | xargs touch) && bsdtar -cf many.tar many',
  ].join(' && ')]);
  const up = async (file) => (await put(alice.client, root, `${unique()}-${file}`, readFileSync(`${dir}/${file}`))).body;
  for (const [file, format] of [['x.zip', /zip/i], ['x.tar.gz', /tar/i], ['x.7z', /7-?zip/i]]) {
    const r = await alice.client.get(`/files/${(await up(file)).id}/entries`);
    assert.equal(r.status, 200, `${file}: ${r.text}`);
    assert.match(r.body.format, format, file);
    const files = r.body.items.filter((i) => !i.directory).map((i) => [i.name, i.size]).sort();
    assert.deepEqual(files, [['d/a.txt', 7], ['d/sous/b.txt', 9]], file);
    assert.equal(r.body.truncated, false);
  }
  const evil = await alice.client.get(`/files/${(await up('evil.zip')).id}/entries`);
  assert.equal(evil.status, 200, evil.text);
  assert.deepEqual(evil.body.items.map((i) => [i.name, i.size]), [['../../etc/zeros', 10485760]], 'shown as text, sized, not expanded');
  assert.ok(!existsSync('/etc/zeros'));
  for (const file of ['junk.txt']) {
    const r = await alice.client.get(`/files/${(await up(file)).id}/entries`);
    assert.equal(r.status, 400, `${file}: ${r.text}`);
    assert.equal(r.body.error.code, 'bad_request');
  }
  const cut = await alice.client.get(`/files/${(await up('truncated.zip')).id}/entries`);
  assert.ok(cut.status === 200 || cut.status === 400, `a truncated zip: ${cut.status}`);
  const broken = await alice.client.get(`/files/${(await up('cut.tar')).id}/entries`);
  assert.equal(broken.status, 200, broken.text);
  assert.deepEqual(broken.body.items.map((i) => i.name), ['d/a.txt'], 'the entry before the break');
  assert.equal(broken.body.truncated, true, 'a listing that stopped at a broken entry says so');
  const many = await alice.client.get(`/files/${(await up('many.tar')).id}/entries`);
  assert.equal(many.status, 200);
  assert.equal(many.body.items.length, 10000);
  assert.equal(many.body.truncated, true);
  assert.equal((await alice.client.get('/health')).status, 200, 'the workers are fine');
});

test('names that look alike are one name: « café » composed or decomposed is one file; invisible characters are refused', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = await rootOf(alice.client);
  const nfc = 'café.txt', nfd = 'cafe\u0301.txt';
  const first = await put(alice.client, root, nfc, 'un');
  assert.equal(first.status, 201);
  const second = await put(alice.client, root, nfd, 'deux');
  assert.equal(second.status, 201);
  assert.equal(second.body.id, first.body.id, 'the decomposed name is the same file');
  assert.equal(second.body.version, 2, 'a new version of it');
  assert.equal(second.body.name, nfc, 'kept composed');
  const folder = await alice.client.post('/folders', { parent_id: root, name: 'Re\u0301union' });
  assert.equal(folder.status, 201);
  assert.equal(folder.body.name, 'Réunion');
  assert.equal((await alice.client.post('/folders', { parent_id: root, name: 'Réunion' })).status, 409, 'taken, whatever the form');
  for (const name of ['a\u200bb.txt', 'rap\u00adport.txt', '\ufeffnote.txt']) {
    const r = await put(alice.client, root, name, 'x');
    assert.equal(r.status, 400, JSON.stringify(name));
    assert.match(r.body.error.message, /invisible/);
  }
  const listed = (await alice.client.get(`/folders/${root}`)).body;
  assert.deepEqual(listed.files.filter((f) => f.name.startsWith('caf')).map((f) => f.name), [nfc]);
});

test('archives whose entry names are not ASCII are listed and indexed whole, every entry after them too', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = await rootOf(alice.client);
  const dir = scratch('arch');
  const last = `dernier${unique().replace(/\W/g, '').toLowerCase()}`;
  // names in UTF-8, flagged so in the zip (as a French user's zip tool
  // writes them); the readers run without a UTF-8 locale of their own
  execFileSync('sh', ['-c', [
    `mkdir -p "${dir}/Dossier réunion" && cd ${dir}`,
    'printf "premier" > café.txt && printf "compte rendu" > "Dossier réunion/compte-rendu.txt"',
    `printf "le ${last} mot" > zzz-fin.txt`,
    'bsdtar --format zip -cf noms.zip café.txt "Dossier réunion" zzz-fin.txt',
    'bsdtar --format 7zip -cf noms.7z café.txt "Dossier réunion" zzz-fin.txt',
  ].join(' && ')], { env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  // a zip made on Windows: names in its code page (CP437), no UTF-8 flag
  execFileSync('/usr/bin/python3', ['-c', `
import zipfile
class Win(zipfile.ZipInfo):
    def _encodeFilenameFlags(self):
        return self.filename.encode('cp437'), self.flag_bits
with zipfile.ZipFile('windows.zip', 'w') as z:
    for name in ('café.txt', 'Dossier réunion/compte-rendu.txt', 'zzz-fin.txt'):
        z.writestr(Win(name), open(name, 'rb').read())
`], { cwd: dir });
  for (const file of ['noms.zip', 'noms.7z', 'windows.zip']) {
    const f = (await put(alice.client, root, `${unique()}-${file}`, readFileSync(`${dir}/${file}`))).body;
    const r = await alice.client.get(`/files/${f.id}/entries`);
    assert.equal(r.status, 200, `${file}: ${r.text}`);
    assert.deepEqual(r.body.items.filter((i) => !i.directory).map((i) => i.name).sort(),
      ['Dossier réunion/compte-rendu.txt', 'café.txt', 'zzz-fin.txt'], `${file}: every entry, with its name`);
    assert.equal(r.body.truncated, false, file);
    // the indexer reads the entry after the accented names too
    await eventually(async () => (await alice.client.get(`/search?q=${last}&type=file`)).body.items.some((i) => i.id === f.id),
      20000, `${file}: the last entry's text found`);
    assert.ok((await alice.client.get(`/search?q=${encodeURIComponent('réunion')}&type=file`)).body.items.some((i) => i.id === f.id),
      `${file}: found by an accented entry's name`);
  }
});

test('an administrator sets a drive\'s own quota, or gives it back the default', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const drive = (await alice.client.get('/drive')).body;
  assert.equal((await alice.client.patch(`/drives/${drive.id}`, { quota_bytes: 10 })).status, 403);
  for (const bad of [{ quota_bytes: -1 }, { quota_bytes: 'x' }, {}, { quota_bytes: 1, autre: 1 }])
    assert.equal((await admin.patch(`/drives/${drive.id}`, bad)).status, 400, JSON.stringify(bad));
  const set = await admin.patch(`/drives/${drive.id}`, { quota_bytes: 1024 * 1024 });
  assert.equal(set.status, 200, set.text);
  assert.equal((await alice.client.get('/drive')).body.quota_bytes, 1024 * 1024);
  const over = await put(alice.client, drive.root_folder_id, 'gros.bin', Buffer.alloc(2 * 1024 * 1024, 1));
  assert.equal(over.status, 413);
  assert.equal((await admin.patch(`/drives/${drive.id}`, { quota_bytes: null })).status, 200);
  const def = (await admin.get('/settings')).body.drive_quota_person_mb;
  assert.equal((await alice.client.get('/drive')).body.quota_bytes, def * 1024 * 1024);
  assert.equal((await put(alice.client, drive.root_folder_id, 'gros.bin', Buffer.alloc(2 * 1024 * 1024, 1))).status, 201);
  assert.equal((await admin.patch('/drives/999999999', { quota_bytes: 5 })).status, 404);
});

test('files attached to posts: shown with the post, opened by its readers, following the drive', async () => {
  const admin = await adminClient();
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const g = (await alice.client.post('/groups', { name: unique('Pièces'), visibility: 'private' })).body;
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  const gdrive = (await alice.client.get(`/groups/${g.id}/drive`)).body;
  const png = readFileSync(realDocuments().find(([, m]) => m === 'image/png')[0]);
  const photo = (await put(alice.client, gdrive.root_folder_id, 'photo.png', png)).body;
  const doc = (await put(alice.client, gdrive.root_folder_id, 'ordre du jour.txt', 'points')).body;
  const mine = (await put(alice.client, await rootOf(alice.client), 'perso.txt', 'à moi')).body;
  // bad attachments: nothing posted
  for (const [attachments, n] of [[[mine.id], 1], [[doc.id, doc.id], 2], [[999999999], 1], [['x'], 1],
    [Array.from({ length: 11 }, () => doc.id), 0]]) {
    const r = await alice.client.post(`/groups/${g.id}/posts`, { body: 'avec pièce', attachments });
    assert.equal(r.status, 400, JSON.stringify(attachments));
    if (n) assert.match(r.body.error.message, new RegExp(`n° ${n}`));
  }
  const post = await alice.client.post(`/groups/${g.id}/posts`, { title: 'La fête', body: 'Photos', attachments: [doc.id, photo.id] });
  assert.equal(post.status, 201, post.text);
  assert.deepEqual(post.body.attachments.map((a) => [a.name, a.size, a.mime]),
    [['ordre du jour.txt', 6, 'text/plain'], ['photo.png', png.length, 'image/png']]);
  assert.equal(post.body.cover_url, post.body.attachments[1].content_url, 'an article: its first image is its cover');
  const got = await bob.client.get(post.body.attachments[1].content_url);
  assert.equal(got.status, 200);
  assert.equal(sha(got.bytes), sha(png));
  assert.equal((await carol.client.get(post.body.attachments[1].content_url)).status, 404, 'not a reader of the post');
  // the drive's changes show in the post at once, in every worker
  const feeds = async () => {
    const out = [];
    for (let i = 0; i < 12; i++) out.push((await bob.client.get(`/feed?group=${g.id}&limit=1`)).body.items[0].attachments.map((a) => a.name));
    return out;
  };
  await feeds();
  await alice.client.patch(`/files/${doc.id}`, { name: 'programme.txt' });
  assert.deepEqual(await feeds(), Array(12).fill(['programme.txt', 'photo.png']));
  await alice.client.del(`/files/${photo.id}`);
  assert.deepEqual(await feeds(), Array(12).fill(['programme.txt']));
  assert.equal((await bob.client.get(post.body.attachments[1].content_url)).status, 404, 'in the trash');
  await alice.client.post(`/trash/${photo.id}/restore`);
  assert.deepEqual(await feeds(), Array(12).fill(['programme.txt', 'photo.png']));
  // the news: a file of the author's own drive, opened by everyone through the post only
  const news = await admin.post('/news/posts', { body: 'Note de service', attachments: [(await put(admin, await rootOf(admin), `note-${unique()}.txt`, 'note')).body.id] });
  assert.equal(news.status, 201, news.text);
  assert.equal(news.body.cover_url, null, 'no title, no image: not an article');
  assert.equal((await carol.client.get(news.body.attachments[0].content_url)).text, 'note');
  assert.equal((await carol.client.get(`/files/${news.body.attachments[0].id}`)).status, 404, 'the drive stays private');
  // editing replaces the list
  const edited = await alice.client.patch(`/posts/${post.body.id}`, { attachments: [] });
  assert.equal(edited.status, 200, edited.text);
  assert.deepEqual(edited.body.attachments, []);
  assert.equal((await bob.client.patch(`/posts/${post.body.id}`, { attachments: [doc.id] })).status, 403);
});
