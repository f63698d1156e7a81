// Sign-in throttling per account and per address; the counters live in
// MariaDB, so every worker shares them and a restart keeps them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, PASSWORD, pidOf, childrenOf, eventually, sleep } from './client.mjs';
import { execFileSync } from 'node:child_process';

test('five failures on an account: the sixth attempt is refused with 429, even with the right password', async () => {
  const admin = await adminClient();
  const u = await newUser(admin, { signIn: false });
  for (let i = 0; i < 5; i++) {
    const r = await new Client({ localAddress: '127.0.0.3' }).login(u.email, `wrong-${i}-password`);
    assert.equal(r.status, 401);
  }
  const r = await new Client({ localAddress: '127.0.0.3' }).login(u.email, PASSWORD);
  assert.equal(r.status, 429);
  assert.equal(r.body.error.code, 'rate_limited');
  assert.ok(Number(r.headers['retry-after']) > 0, 'Retry-After given');
  assert.match(r.body.error.message, /minute/);
  // another account from the same address is not affected
  const other = await newUser(admin, { signIn: false });
  assert.equal((await new Client({ localAddress: '127.0.0.3' }).login(other.email, PASSWORD)).status, 200);

  // the counter survives a restart of every worker
  const master = pidOf('fcgi');
  const before = childrenOf(master);
  execFileSync('kill', ['-HUP', String(master)]);
  await eventually(() => {
    const now = childrenOf(master);
    return now.length === before.length && now.every((p) => !before.includes(p));
  }, 15000, 'workers replaced');
  await sleep(200);
  const after = await new Client({ localAddress: '127.0.0.3' }).login(u.email, PASSWORD);
  assert.equal(after.status, 429, 'still throttled after the restart');
});

test('many failures from one address on many accounts: that address is refused with 429', async () => {
  const addr = '127.0.0.2';
  let last;
  for (let i = 0; i < 21; i++) {
    last = await new Client({ lang: 'en', localAddress: addr }).login(`nobody${i}-${Date.now()}@example.org`, 'wrong-password');
  }
  assert.equal(last.status, 429);
  assert.match(last.body.error.message, /Too many sign-in attempts/);
  const admin = await adminClient();
  const u = await newUser(admin, { signIn: false });
  assert.equal((await new Client({ localAddress: addr }).login(u.email, PASSWORD)).status, 429, 'blocked for everyone from there');
  assert.equal((await new Client({ localAddress: '127.0.0.4' }).login(u.email, PASSWORD)).status, 200, 'other addresses are fine');
});
