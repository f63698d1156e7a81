// People's photos and groups' images (docs/viewer.md « Avatars »): sent as
// the body of PUT /me/avatar, checked from the header first, turned upright,
// cropped square, two sizes served by nginx to whoever may see the person;
// refused with a clear message otherwise; gone with DELETE; a group's image
// changed by its managers only.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { Client, adminClient, newUser, scratch, sql, eventually } from './client.mjs';
import { readZip } from './zip.mjs';

const dir = scratch('avatars');

// A landscape JPEG, its left half red and its right half blue, with an EXIF
// orientation of 6 (« turn 90° clockwise to show »): upright, red is on top.
function rotatedJpeg() {
  const plain = join(dir, 'plain.jpg');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=red:s=200x200', '-f', 'lavfi',
    '-i', 'color=blue:s=200x200', '-filter_complex', 'hstack', '-frames:v', '1', '-q:v', '3', plain]);
  const jpg = readFileSync(plain);
  // APP1 "Exif\0\0" + a little-endian TIFF with one IFD entry: Orientation = 6
  const tiff = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00,
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
  return Buffer.concat([jpg.subarray(0, 2), app1, jpg.subarray(2)]);
}

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
// A PNG whose header says 50,000 × 50,000 (2.5 billion pixels) and whose
// data is a few bytes: it must be refused before anything is decoded.
function bombPng() {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(50000, 0); ihdr.writeUInt32BE(50000, 4);
  ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1000))), chunk('IEND', Buffer.alloc(0))]);
}

// [width, height] and the colour at (x, y) of an image the server sent
function inspect(bytes, x, y) {
  const f = join(dir, `got-${Date.now()}-${Math.random()}.jpg`);
  writeFileSync(f, bytes);
  const width = Number(execFileSync('vipsheader', ['-f', 'width', f]).toString());
  const height = Number(execFileSync('vipsheader', ['-f', 'height', f]).toString());
  const px = execFileSync('vips', ['getpoint', f, String(x), String(y)]).toString().trim().split(/\s+/).map(Number);
  return { width, height, px };
}

test('a photo: upright, square, two sizes, seen by colleagues, cached by the version, removed', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin), bob = await newUser(admin);
  let me = await alice.client.get('/me');
  assert.equal(me.body.user.avatar_url, undefined, 'no photo yet: initials');

  const put = await alice.client.put('/me/avatar', undefined, { raw: rotatedJpeg(), headers: { 'Content-Type': 'image/jpeg' } });
  assert.equal(put.status, 200, put.text);
  const url = put.body.avatar_url;
  assert.match(url, new RegExp(`^/api/v1/users/${alice.id}/avatar\\?v=[0-9a-f]{12}$`));
  me = await alice.client.get('/me');
  assert.equal(me.body.user.avatar_url, url);
  assert.equal((await bob.client.get(`/users/${alice.id}`)).body.avatar_url, url, 'in the profile');

  // the large size: 256 × 256, upright (red on top, blue below)
  const large = await bob.client.get(`${url}&size=256`);
  assert.equal(large.status, 200);
  assert.equal(large.headers['content-type'], 'image/jpeg');
  assert.match(large.headers['cache-control'], /max-age=31536000/, 'the version in the URL: kept a year');
  const big = inspect(large.bytes, 128, 10);
  assert.deepEqual([big.width, big.height], [256, 256]);
  assert.ok(big.px[0] > 180 && big.px[2] < 80, `top is red: ${big.px}`);
  const bottom = inspect(large.bytes, 128, 245).px;
  assert.ok(bottom[2] > 180 && bottom[0] < 80, `bottom is blue: ${bottom}`);
  // no metadata left (EXIF stripped)
  assert.equal(large.bytes.includes(Buffer.from('Exif')), false);
  const small = await bob.client.get(url);
  assert.equal(small.status, 200);
  const s = inspect(small.bytes, 1, 1);
  assert.deepEqual([s.width, s.height], [64, 64]);
  assert.match((await bob.client.get(`/users/${alice.id}/avatar`)).headers['cache-control'], /no-cache/,
    'no version: asked again');

  // in post cards and comments
  const g = await alice.client.post('/groups', { name: `Photos ${Date.now()}`, visibility: 'public' });
  assert.equal(g.status, 201, g.text);
  const post = await alice.client.post(`/groups/${g.body.id}/posts`, { body: 'Avec ma photo' });
  assert.equal(post.status, 201, post.text);
  const seen = await bob.client.get(`/posts/${post.body.id}`);
  assert.equal(seen.body.author.avatar_url, url);
  const comment = await alice.client.post(`/posts/${post.body.id}/comments`, { body: 'Et en commentaire' });
  assert.equal(comment.status, 201, comment.text);
  assert.equal(comment.body.author.avatar_url, url);

  // signed out: nothing
  assert.equal((await new Client().get(url)).status, 401);

  // « Mes données »: the photo is in the export (its large size)
  assert.equal((await alice.client.post('/me/export')).status < 300, true);
  const ready = await eventually(async () => {
    const st = (await alice.client.get('/me/export')).body;
    assert.notEqual(st.state, 'failed');
    return st.state === 'ready' && st;
  }, 30000, 'the export ready');
  const zip = readZip((await alice.client.get(ready.url)).bytes);
  const photo = zip instanceof Map ? zip.get('photo.jpg') : zip['photo.jpg'];
  assert.ok(photo && Buffer.compare(Buffer.from(photo), large.bytes) === 0, 'photo.jpg in the export');

  // removed: back to initials, the files gone with their last reference
  const shas = sql(`SELECT sha_small, sha_large FROM avatars WHERE owner_kind = 'user' AND owner_id = ${alice.id}`).trim().split(/\s+/);
  const del = await alice.client.del('/me/avatar');
  assert.equal(del.status, 200);
  assert.equal(del.body.avatar_url, undefined);
  assert.equal((await bob.client.get(url)).status, 404);
  assert.equal(sql(`SELECT COUNT(*) FROM blobs WHERE sha256 IN ('${shas[0]}', '${shas[1]}')`).trim(), '0');
});

test('what is not a photo is refused with a clear message', async () => {
  const admin = await adminClient();
  const carol = await newUser(admin);
  const en = new Client({ lang: 'en' });
  en.cookies = carol.client.cookies; en.csrf = carol.client.csrf;

  const bomb = await carol.client.put('/me/avatar', undefined, { raw: bombPng(), headers: { 'Content-Type': 'image/png' } });
  assert.equal(bomb.status, 422, bomb.text);
  assert.match(bomb.body.error.message, /Image trop grande : 40 millions de pixels au plus/);
  const bombEn = await en.put('/me/avatar', undefined, { raw: bombPng() });
  assert.match(bombEn.body.error.message, /Image too large: 40 million pixels at most/);

  const text = await carol.client.put('/me/avatar', undefined, { raw: 'Bonjour, je ne suis pas une image.\n'.repeat(20) });
  assert.equal(text.status, 415, text.text);
  assert.match(text.body.error.message, /n'est pas une photo/);
  const svg = await en.put('/me/avatar', undefined, { raw: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>' });
  assert.equal(svg.status, 415);
  assert.match(svg.body.error.message, /not a photo/);

  const truncated = rotatedJpeg().subarray(0, 300);
  const broken = await carol.client.put('/me/avatar', undefined, { raw: truncated });
  assert.ok([422, 415].includes(broken.status), broken.text);

  const huge = await carol.client.put('/me/avatar', undefined, { raw: Buffer.alloc(10 * 1024 * 1024 + 10, 0xff) });
  assert.equal(huge.status, 413, huge.text);
  assert.match(huge.body.error.message, /10 Mo au plus/);
  assert.equal((await carol.client.get('/me')).body.user.avatar_url, undefined, 'nothing stored');
});

test('a group\'s image: its managers change it, members see it, others may not', async () => {
  const admin = await adminClient();
  const mgr = await newUser(admin), member = await newUser(admin), outsider = await newUser(admin);
  const g = await mgr.client.post('/groups', { name: `Images ${Date.now()}`, visibility: 'secret' });
  assert.equal(g.status, 201, g.text);
  const gid = g.body.id;
  assert.equal((await mgr.client.put(`/groups/${gid}/members/${member.id}`, {})).status, 200);
  const img = rotatedJpeg();
  assert.equal((await member.client.put(`/groups/${gid}/image`, undefined, { raw: img })).status, 403, 'a member may not');
  assert.equal((await outsider.client.put(`/groups/${gid}/image`, undefined, { raw: img })).status, 404, 'an outsider may not know the group');
  const put = await mgr.client.put(`/groups/${gid}/image`, undefined, { raw: img });
  assert.equal(put.status, 200, put.text);
  assert.match(put.body.image_url, new RegExp(`^/api/v1/groups/${gid}/image\\?v=`));
  const got = await member.client.get(`/groups/${gid}`);
  assert.equal(got.body.image_url, put.body.image_url);
  assert.equal((await member.client.get(put.body.image_url)).status, 200);
  assert.equal((await outsider.client.get(put.body.image_url)).status, 404, 'a secret group\'s image: its members');
  assert.equal((await member.client.del(`/groups/${gid}/image`)).status, 403);
  const adminDel = await admin.del(`/groups/${gid}/image`);
  assert.equal(adminDel.status, 200, 'an administrator may');
  assert.equal(adminDel.body.image_url, undefined);
});

test('an account erased takes its photo with it', async () => {
  const admin = await adminClient();
  const dave = await newUser(admin);
  assert.equal((await dave.client.put('/me/avatar', undefined, { raw: rotatedJpeg() })).status, 200);
  const shas = sql(`SELECT sha_small, sha_large FROM avatars WHERE owner_kind = 'user' AND owner_id = ${dave.id}`).trim().split(/\s+/);
  assert.equal(shas.length, 2);
  assert.equal((await admin.del(`/users/${dave.id}`)).status, 204);
  assert.equal(sql(`SELECT COUNT(*) FROM avatars WHERE owner_kind = 'user' AND owner_id = ${dave.id}`).trim(), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM blobs WHERE sha256 IN ('${shas[0]}', '${shas[1]}')`).trim(), '0');
});
