// Sign-in throttling per account and per address; the counters live in
// MariaDB, so every worker shares them and a restart keeps them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, PASSWORD, pidOf, childrenOf, eventually, sleep } from './client.mjs';
import { execFileSync } from 'node:child_process';

test('five failures on an account from one address: that address is refused with 429, even with the right password; the owner elsewhere is not', async () => {
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
  // whoever guessed wrong cannot lock the owner out: from elsewhere, the
  // right password works
  assert.equal((await new Client({ localAddress: '127.0.0.5' }).login(u.email, PASSWORD)).status, 200,
    'the owner signs in from their own address');
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
  // (the new workers connect to MariaDB as they start: wait for an answer)
  const after = await eventually(async () => {
    const r = await new Client({ localAddress: '127.0.0.3' }).login(u.email, PASSWORD);
    return r.status !== 503 ? r : null;
  }, 15000, 'the new workers answering sign-ins');
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

test('an account tried from many addresses: past the ceiling, only addresses it signed in from before may try', async () => {
  const admin = await adminClient();
  const u = await newUser(admin, { signIn: false });
  // the owner's usual address
  assert.equal((await new Client({ localAddress: '127.0.1.1' }).login(u.email, PASSWORD)).status, 200);
  // fifty failures spread over addresses that each stay under their own limits
  for (let i = 0; i < 50; i++) {
    const r = await new Client({ localAddress: `127.0.2.${10 + (i % 25)}` }).login(u.email, `wrong-${i}-password`);
    assert.equal(r.status, 401, `attempt ${i}`);
  }
  const stranger = await new Client({ localAddress: '127.0.3.1' }).login(u.email, PASSWORD);
  assert.equal(stranger.status, 429, 'a new address is refused, even with the right password');
  assert.ok(Number(stranger.headers['retry-after']) > 0);
  assert.equal((await new Client({ localAddress: '127.0.1.1' }).login(u.email, PASSWORD)).status, 200,
    'the owner, from an address they signed in from, still gets in');
});
