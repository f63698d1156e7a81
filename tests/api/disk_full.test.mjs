// A full disk: an upload that does not fit is refused with 507 and a clear
// message before a byte is written, nothing is left half-written, and the
// next upload once space is freed works. The test runs its own stack on a
// small filesystem (a tmpfs mounted for it), filled with a ballast file.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { Client, eventually, scratch } from './client.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const BUILD = process.env.PARVIS_BUILD || 'build/test';
const MiB = 1024 * 1024;
const sha = (b) => createHash('sha256').update(b).digest('hex');

function free(dir) {
  return Number(execFileSync('df', ['-B1', '--output=avail', dir], { encoding: 'utf8' }).split('\n')[1].trim());
}

test('a full disk: 507 with a clear message, nothing half-written, and uploads work again once space is freed', async (t) => {
  const dir = scratch('full');
  const varDir = `${dir}/var`;
  execFileSync('mkdir', ['-p', varDir]);
  // the whole var/ on a filesystem of its own: MariaDB, the blob store and
  // nginx's upload bodies (which must share one, for the rename)
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=400m', 'tmpfs', varDir]);
  try {
    execFileSync(`${ROOT}/tests/stack.sh`, ['start', dir, BUILD],
      { cwd: ROOT, env: { ...process.env, PARVIS_DISK_RESERVE_MB: '16' }, stdio: 'ignore' });
    const env = Object.fromEntries(readFileSync(`${dir}/env`, 'utf8').trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
    const admin = new Client({ base: env.PARVIS_URL, lang: 'fr' });
    assert.equal((await admin.login(env.PARVIS_ADMIN_EMAIL, env.PARVIS_ADMIN_PASSWORD)).status, 200);
    const root = (await admin.get('/drive')).body.root_folder_id;
    const put = (name, bytes) => admin.request('PUT', `/folders/${root}/files/${name}`, undefined, { raw: bytes });
    const bodies = () => readdirSync(`${varDir}/nginx/body`, { recursive: true })
      .filter((f) => /\d{10}$/.test(String(f)));

    // 40 MiB left on the disk, 16 of them kept in reserve
    execFileSync('fallocate', ['-l', String(free(varDir) - 40 * MiB), `${varDir}/ballast`]);
    t.diagnostic(`free: ${(free(varDir) / MiB).toFixed(1)} MiB`);
    const big = Buffer.alloc(30 * MiB, 7);
    const refused = await put('gros.bin', big);
    assert.equal(refused.status, 507, refused.text);
    assert.equal(refused.body.error.code, 'insufficient_storage');
    assert.match(refused.body.error.message, /plus assez d'espace disque.*libres/);
    const en = new Client({ base: env.PARVIS_URL, lang: 'en' });
    await en.login(env.PARVIS_ADMIN_EMAIL, env.PARVIS_ADMIN_PASSWORD);
    const refusedEn = await en.request('PUT', `/folders/${root}/files/gros.bin`, undefined, { raw: big });
    assert.match(refusedEn.body.error.message, /not have enough disk space/);
    assert.deepEqual(bodies(), [], 'no body written');
    assert.ok(!(await admin.get(`/folders/${root}`)).body.files.some((f) => f.name === 'gros.bin'), 'no file recorded');

    // what fits still goes in
    const small = Buffer.alloc(4 * MiB, 9);
    assert.equal((await put('petit.bin', small)).status, 201);

    // space freed: the big one goes in, whole
    rmSync(`${varDir}/ballast`);
    const stored = await put('gros.bin', big);
    assert.equal(stored.status, 201, stored.text);
    const back = await admin.get(`/files/${stored.body.id}/content`);
    assert.equal(back.status, 200);
    assert.equal(sha(back.bytes), sha(big), 'every byte');
    await eventually(() => bodies().length === 0, 5000, 'no temporary body left');
    assert.equal((await admin.get('/health')).status, 200);
  } finally {
    try { execFileSync(`${ROOT}/tests/stack.sh`, ['stop', dir], { cwd: ROOT, stdio: 'ignore' }); } catch { /* stopped */ }
    execFileSync('umount', ['-l', varDir]);
    rmSync(dir, { recursive: true, force: true });
  }
});
