// Outgoing webhooks (docs/webhooks.md) against a real HTTP receiver on
// loopback (node's http module): who may subscribe, the SSRF refusals, a
// signed delivery verified with node's crypto, a 500 then a 200 (retried,
// delivered once), a receiver that hangs (cut at 10 s), a group's
// subscription kept to its group, the delivery log, and a subscription
// switched off after failing for the whole window (shortened here through
// the settings webhook_backoff_ms and webhook_retry_seconds: the same code).
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { adminClient, newUser, unique, sql, eventually } from './client.mjs';

const received = [];            // {path, headers, raw, body, at}
const seen = {};                // path → requests so far
let server, port, admin;
const hanging = [];

const setting = (k, v) => (v === null
  ? sql(`DELETE FROM settings WHERE k = '${k}'`)
  : sql(`REPLACE INTO settings (k, v) VALUES ('${k}', '${v}')`));

before(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const path = req.url;
      seen[path] = (seen[path] ?? 0) + 1;
      received.push({ path, headers: req.headers, raw, body: JSON.parse(raw), at: performance.now() });
      if (path.startsWith('/hang')) { hanging.push(res); return; }   // never answers
      if (path.startsWith('/fail')) { res.writeHead(500); res.end('always down'); return; }
      if (path.startsWith('/flaky') && seen[path] === 1) { res.writeHead(500); res.end('{"error":"busy, try later"}'); return; }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('thanks');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  port = server.address().port;
  admin = await adminClient();
  setting('outgoing_allow', null);
  setting('webhook_backoff_ms', '200');
  setting('webhook_retry_seconds', '4');
});

after(async () => {
  setting('webhook_backoff_ms', null);
  setting('webhook_retry_seconds', null);
  setting('outgoing_allow', null);
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const url = (path) => `http://127.0.0.1:${port}${path}`;
const at = (path) => received.filter((r) => r.path === path);
const hookLog = async (client, id) => (await client.get(`/webhooks/${id}`)).body;

// Parvis-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>, within 5 minutes
function verify(req, secret) {
  const parts = Object.fromEntries(req.headers['parvis-signature'].split(',').map((p) => p.split('=')));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${req.raw}`).digest('hex');
  const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
  return fresh && timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1));
}

let hangHook, failHook;

test('the refusals: plain http or the cloud metadata address without the allow list, an organisation subscription by a non-administrator', async () => {
  let r = await admin.post('/webhooks', { url: url('/ok'), events: ['post.created'] });
  assert.equal(r.status, 400, 'the receiver on loopback, not allowed yet');
  assert.equal(r.body.error.code, 'unsafe_url');
  r = await admin.post('/webhooks', { url: 'http://hooks.example.org/in', events: ['post.created'] });
  assert.equal(r.status, 400, 'plain http to a host the administrators did not allow');
  assert.match(r.body.error.message, /https/);
  r = await admin.post('/webhooks', { url: 'https://169.254.169.254/latest/meta-data/', events: ['post.created'] });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'unsafe_url');
  r = await admin.post('/webhooks', { url: 'ftp://example.org/', events: ['post.created'] });
  assert.equal(r.status, 400);
  r = await admin.post('/webhooks', { url: 'https://example.org/', events: ['post.exploded'] });
  assert.equal(r.status, 400);
  const bob = await newUser(admin);
  r = await bob.client.post('/webhooks', { url: 'https://example.org/', events: ['post.created'] });
  assert.equal(r.status, 403, 'the whole organisation: administrators only');

  setting('outgoing_allow', '127.0.0.1');
  // the 10 s limit and the switching off run in the background from now
  hangHook = (await admin.post('/webhooks', { url: url('/hang'), events: ['post.deleted'] })).body;
  failHook = (await admin.post('/webhooks', { url: url('/fail'), events: ['post.deleted'] })).body;
  assert.equal((await admin.post(`/webhooks/${hangHook.id}/test`)).status, 202);
  assert.equal((await admin.post(`/webhooks/${failHook.id}/test`)).status, 202);
});

test('a group\'s managers subscribe their group; a member may not; a post is delivered signed, and another group\'s is not', async () => {
  const alice = await newUser(admin), bob = await newUser(admin);
  const g1 = (await alice.client.post('/groups', { name: unique('Atelier'), visibility: 'public' })).body;
  const g2 = (await alice.client.post('/groups', { name: unique('Voisins'), visibility: 'public' })).body;
  assert.equal((await bob.client.post(`/groups/${g1.id}/join`)).status < 300, true);
  let r = await bob.client.post('/webhooks', { url: url('/g1'), events: ['post.created'], group_id: g1.id });
  assert.equal(r.status, 403, 'a member who does not manage the group');
  r = await alice.client.post('/webhooks', { url: url('/g1'), events: ['member.joined', 'post.created', 'comment.created'], group_id: g1.id });
  assert.equal(r.status, 201);
  const hook = r.body;
  assert.match(hook.secret, /^whsec_/);
  assert.deepEqual(hook.events, ['post.created', 'comment.created', 'member.joined']);
  const shown = await alice.client.get(`/webhooks/${hook.id}`);
  assert.equal(shown.body.secret, undefined, 'the secret is shown once');
  assert.deepEqual((await alice.client.get('/webhooks')).body.items.map((h) => h.id), [hook.id], 'her list: her group\'s');
  assert.equal((await bob.client.get(`/webhooks/${hook.id}`)).status, 404);

  const p2 = (await alice.client.post(`/groups/${g2.id}/posts`, { body: 'Dans l\'autre groupe' })).body;
  const p1 = (await alice.client.post(`/groups/${g1.id}/posts`, { title: 'Réunion', body: 'Jeudi **10 h**' })).body;
  const got = await eventually(() => at('/g1').find((q) => q.body.data.post?.id === p1.id), 8000, 'the post delivered');
  assert.equal(got.headers['parvis-event'], 'post.created');
  assert.equal(got.headers['parvis-delivery'], got.body.id);
  assert.equal(got.body.event, 'post.created');
  assert.equal(got.body.data.post.title, 'Réunion');
  assert.equal(got.body.data.post.author.id, alice.id);
  assert.equal(got.body.data.group.id, g1.id);
  assert.ok(verify(got, hook.secret), 'the signature verifies with the secret');
  assert.ok(!verify(got, 'whsec_another'), 'and not with another');
  assert.ok(!at('/g1').some((q) => q.body.data.post?.id === p2.id), 'the other group\'s post never reaches it');

  const c = (await bob.client.post(`/posts/${p1.id}/comments`, { body: 'J\'y serai' })).body;
  const commented = await eventually(() => at('/g1').find((q) => q.body.data.comment?.id === c.id), 8000, 'comment.created');
  assert.equal(commented.body.data.comment.post_id, p1.id);
  assert.equal(commented.body.data.comment.author.id, bob.id);
  assert.ok(verify(commented, hook.secret));

  // a file in the group's drive: file.added (a new subscription to it)
  const files = (await alice.client.post('/webhooks', { url: url('/files'), events: ['file.added'], group_id: g1.id })).body;
  const root = (await alice.client.get(`/groups/${g1.id}/drive`)).body.root_folder_id;
  const up = await alice.client.request('PUT', `/folders/${root}/files/${encodeURIComponent('compte-rendu.txt')}`, undefined,
    { raw: 'Compte rendu de la réunion\n' });
  assert.equal(up.status, 201);
  const added = await eventually(() => at('/files').find((q) => q.body.data.file?.id === up.body.id), 8000, 'file.added');
  assert.equal(added.body.data.file.name, 'compte-rendu.txt');
  assert.equal(added.body.data.group.id, g1.id);
  assert.ok(verify(added, files.secret));

  const carol = await newUser(admin);
  await carol.client.post(`/groups/${g1.id}/join`);
  const joined = await eventually(() => at('/g1').find((q) => q.body.event === 'member.joined' && q.body.data.member.id === carol.id),
    8000, 'member.joined delivered');
  assert.equal(joined.body.data.role, 'member');

  const log = await hookLog(alice.client, hook.id);
  assert.ok(log.attempts.length >= 2, 'the log shows the attempts');
  assert.deepEqual(log.attempts.map((a) => a.status), log.attempts.map(() => 200));
  assert.equal(log.attempts[0].answer, 'thanks');
  // switched off, no more deliveries; deleted, gone
  assert.equal((await alice.client.patch(`/webhooks/${hook.id}`, { active: false })).body.active, false);
  assert.equal((await alice.client.post(`/webhooks/${hook.id}/test`)).status, 409);
  assert.equal((await alice.client.del(`/webhooks/${hook.id}`)).status, 204);
  assert.equal((await alice.client.get(`/webhooks/${hook.id}`)).status, 404);
});

test('a 500 then a 200: retried with the same delivery id, delivered once, both attempts in the log', async () => {
  const hook = (await admin.post('/webhooks', { url: url('/flaky'), events: ['comment.created'] })).body;
  assert.equal((await admin.post(`/webhooks/${hook.id}/test`)).status, 202);
  await eventually(() => at('/flaky').length === 2, 8000, 'a second attempt');
  const [first, second] = at('/flaky');
  assert.equal(first.headers['parvis-delivery'], second.headers['parvis-delivery'], 'a stable delivery id');
  assert.equal(first.raw, second.raw, 'the same body');
  assert.ok(verify(second, hook.secret));
  const log = await eventually(async () => { const l = await hookLog(admin, hook.id); return l.attempts.length === 2 && l; },
    5000, 'two attempts logged');
  assert.deepEqual(log.attempts.map((a) => a.status), [200, 500], 'newest first');
  assert.match(log.attempts[1].answer, /busy/);
  assert.equal(log.attempts[0].state, 'delivered');
  assert.equal(log.failing_since, null, 'the success clears the failure');
});

test('a post deleted: post.deleted to the organisation\'s subscription', async () => {
  const hook = (await admin.post('/webhooks', { url: url('/org'), events: ['post.deleted'] })).body;
  const post = (await admin.post('/news/posts', { body: unique('Annonce') })).body;
  assert.equal((await admin.del(`/posts/${post.id}`)).status, 204);
  const got = await eventually(() => at('/org').find((q) => q.body.data.post.id === post.id), 8000, 'post.deleted');
  assert.equal(got.body.event, 'post.deleted');
  assert.ok(verify(got, hook.secret));
  await admin.del(`/webhooks/${hook.id}`);
});

test('a receiver that hangs is cut at 10 s; a subscription failing for the whole window is switched off and its creator told', async () => {
  const cut = await eventually(async () => (await hookLog(admin, hangHook.id)).attempts[0], 16000, 'the hanging attempt logged');
  assert.equal(cut.status, null);
  assert.ok(cut.duration_ms >= 9000 && cut.duration_ms < 13000, `cut after ${cut.duration_ms} ms`);
  assert.match(cut.answer, /time/i);
  const off = await eventually(async () => { const h = await hookLog(admin, failHook.id); return !h.active && h; },
    16000, 'the failing subscription switched off');
  assert.equal(off.off_reason, 'failing');
  assert.ok(off.attempts.length >= 2, 'retried before');
  assert.ok(off.attempts.every((a) => a.status === 500));
  await eventually(async () => (await admin.get('/notifications')).body.items.some((n) => n.kind === 'webhook_off'),
    5000, 'the creator told');
});

test('the guard at delivery time: the allow list withdrawn, the next delivery to loopback is refused and logged', async () => {
  const hook = (await admin.post('/webhooks', { url: url('/late'), events: ['file.added'] })).body;
  setting('outgoing_allow', null);
  const refused = await eventually(async () => {
    await admin.post(`/webhooks/${hook.id}/test`);
    return (await hookLog(admin, hook.id)).attempts.find((a) => /refus/.test(a.answer));
  }, 8000, 'a refusal in the log');
  assert.equal(refused.status, null);
  assert.match(refused.answer, /127\.0\.0\.1/);
  assert.equal(at('/late').length, 0, 'nothing reached the receiver');
  await admin.del(`/webhooks/${hook.id}`);
});

test('who may subscribe and see a subscription: administrator, manager, member, outsider (a matrix)', async () => {
  const [manager, member, outsider] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const priv = (await manager.client.post('/groups', { name: unique('Privé'), visibility: 'private' })).body;
  const secret = (await manager.client.post('/groups', { name: unique('Secret'), visibility: 'secret' })).body;
  for (const g of [priv, secret]) assert.equal((await manager.client.put(`/groups/${g.id}/members/${member.id}`, {})).status, 200);
  await eventually(async () => (await member.client.get(`/groups/${secret.id}`)).status === 200, 5000, 'the member sees the secret group');
  const who = { admin: { client: admin }, manager, member, outsider };
  const hookOf = (g) => ({ url: 'https://hooks.example.org/in', events: ['post.created'], group_id: g.id });
  // [organisation, private group, secret group] → status of POST /webhooks
  const create = {
    admin: [201, 201, 201], manager: [403, 201, 201], member: [403, 403, 403], outsider: [403, 403, 404],
  };
  const made = {};
  for (const [name, want] of Object.entries(create)) {
    const c = who[name].client;
    const got = [
      (await c.post('/webhooks', { url: 'https://hooks.example.org/org', events: ['post.created'] })).status,
      (await c.post('/webhooks', hookOf(priv))).status,
      (await c.post('/webhooks', hookOf(secret))).status,
    ];
    assert.deepEqual(got, want, `${name} creating`);
  }
  made.priv = (await manager.client.post('/webhooks', hookOf(priv))).body.id;
  // reading, changing, testing, deleting the private group's: its managers and administrators
  const see = { admin: 200, manager: 200, member: 404, outsider: 404 };
  for (const [name, want] of Object.entries(see)) {
    const c = who[name].client;
    assert.equal((await c.get(`/webhooks/${made.priv}`)).status, want, `${name} reading`);
    assert.equal((await c.patch(`/webhooks/${made.priv}`, { active: true })).status, want, `${name} changing`);
    assert.equal((await c.post(`/webhooks/${made.priv}/test`)).status, want === 200 ? 202 : 404, `${name} testing`);
    assert.equal((await c.get('/webhooks')).body.items.some((h) => h.id === made.priv), want === 200, `${name} listing`);
  }
  assert.equal((await member.client.del(`/webhooks/${made.priv}`)).status, 404);
  assert.equal((await manager.client.del(`/webhooks/${made.priv}`)).status, 204);
});
