// The charter (« Charte d'utilisation », docs/moderation.md): without a
// charter in force there is no gate; once one is published every person
// who has not accepted its version gets 403 charter_required, except on
// the session, /me and /charter*; a new version asks again; who accepted
// which version is exported as CSV (formulas neutralised). The test leaves
// the platform without a charter in force (DELETE /charter) for the test
// files that run after it on the same stack.
import test from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, createHash } from 'node:crypto';
import { adminClient, newUser, Client, PASSWORD, sql, unique } from './client.mjs';

// An invitation written straight into the table, with a link token we know
// (the mails are invitations.test.mjs's business).
function invitationToken() {
  const raw = randomBytes(32);
  const email = `${unique('charte')}@example.org`;
  sql(`INSERT INTO invitations (email, token_hash, expires_at) VALUES ('${email}',
       UNHEX('${createHash('sha256').update(raw).digest('hex')}'), UTC_TIMESTAMP() + INTERVAL 1 DAY)`);
  return raw.toString('base64url');
}

test('charter: no gate without one; publish, accept, new version, export, withdraw', async () => {
  const admin = await adminClient();
  const bob = await newUser(admin);
  const formula = await newUser(admin, { name: '=HYPERLINK("http://x")' });
  try {
    // nothing in force (never published, or withdrawn): no gate at all
    const none = await bob.client.get('/charter');
    assert.ok(none.status === 404 || none.body.in_force === false, none.text);
    assert.equal((await bob.client.get('/feed')).status, 200);
    assert.equal((await bob.client.get('/me')).body.charter_required, null);

    // only administrators publish
    assert.equal((await bob.client.post('/charter', { body: 'Ma charte' })).status, 403);
    assert.equal((await admin.post('/charter', { body: '   ' })).status, 400);
    let r = await admin.post('/charter', { body: '# Charte\n\nSoyez **courtois**.' });
    assert.equal(r.status, 201, r.text);
    const v1 = r.body.version;
    assert.match(r.body.body_html, /<strong>courtois<\/strong>/);
    assert.equal(r.body.in_force, true);
    assert.equal(r.body.accepted, true, 'its publisher accepted it');
    assert.equal((await admin.get('/feed')).status, 200);

    // bob, already signed in, is stopped at once, everywhere but the charter
    r = await bob.client.get('/feed');
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'charter_required');
    assert.equal(r.body.error.version, v1);
    assert.equal((await bob.client.post('/groups', { name: 'Pas encore' })).body.error.code, 'charter_required');
    assert.equal((await bob.client.get('/me')).body.charter_required, v1);
    r = await bob.client.get('/charter');
    assert.equal(r.status, 200);
    assert.equal(r.body.required, true);
    assert.equal(r.body.accepted, false);
    // signing in says so too
    const again = new Client();
    r = await again.login(bob.email, PASSWORD);
    assert.equal(r.status, 200);
    assert.equal(r.body.charter_required, v1);

    // accepting another version than the one in force: 409
    r = await bob.client.post('/charter/accept', { version: v1 + 1 });
    assert.equal(r.status, 409);
    assert.equal(r.body.error.version, v1);
    r = await bob.client.post('/charter/accept', { version: v1 });
    assert.equal(r.status, 200, r.text);
    assert.match(r.body.accepted_at, /^\d{4}-\d\d-\d\dT/);
    assert.equal((await bob.client.get('/feed')).status, 200);
    assert.equal((await again.get('/feed')).status, 200, 'every session of the person');

    // a new version: asked again
    r = await admin.post('/charter', { body: 'Version 2 : **soyez** bienveillants.' });
    assert.equal(r.status, 201);
    const v2 = r.body.version;
    assert.equal(v2, v1 + 1);
    r = await bob.client.get('/feed');
    assert.equal(r.status, 403);
    assert.equal(r.body.error.version, v2);
    assert.equal((await bob.client.post('/charter/accept', { version: v2 })).status, 200);
    assert.equal((await bob.client.get('/feed')).status, 200);
    assert.equal((await formula.client.post('/charter/accept', { version: v2 })).status, 200);

    // the invitation page shows the version in force (public) and its acceptance comes with the account
    const anonymous = new Client();
    r = await anonymous.get('/charter/current');
    assert.equal(r.status, 200);
    assert.equal(r.body.version, v2);
    assert.match(r.body.body_html, /<strong>soyez<\/strong>/);
    const invited = new Client();
    r = await invited.post('/invitations/accept', { token: invitationToken(), display_name: 'Invitée charte', password: PASSWORD, charter_version: v2 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.charter_required, null);
    invited.csrf = r.body.csrf_token;
    assert.equal((await invited.get('/feed')).status, 200);
    const unaware = new Client();
    r = await unaware.post('/invitations/accept', { token: invitationToken(), display_name: 'Sans charte', password: PASSWORD });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.charter_required, v2, 'not accepted with the invitation: asked at once');
    assert.equal((await unaware.get('/feed')).body.error.code, 'charter_required');

    // the export: who accepted which version, when; formulas neutralised
    assert.equal((await bob.client.get(`/charter/acceptances?version=${v2}&format=csv`)).status, 403);
    assert.equal((await bob.client.get('/charter/versions')).status, 403);
    r = await admin.get(`/charter/acceptances?version=${v2}&format=csv`);
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /text\/csv/);
    const lines = r.text.trim().split('\r\n');
    assert.equal(lines[0], '"name","email","version","accepted_at"');
    assert.ok(lines.some((l) => l.includes(`"${bob.email}","${v2}"`)), r.text);
    assert.ok(lines.some((l) => l.startsWith(`"'=HYPERLINK(""http://x"")","${formula.email}"`)), r.text);
    r = await admin.get(`/charter/acceptances?version=${v1}`);
    assert.ok(r.body.items.some((i) => i.user.id === bob.id));
    assert.ok(!r.body.items.some((i) => i.user.id === formula.id));
    r = await admin.get('/charter/versions');
    assert.equal(r.status, 200);
    const [latest, previous] = r.body.items;
    assert.equal(latest.version, v2);
    assert.equal(latest.in_force, true);
    assert.ok(latest.accepted_count >= 3, 'the administrator, bob and the other person');
    assert.equal(previous.in_force, false);
    assert.ok(r.body.active_accounts >= latest.accepted_count);

    // withdrawn: no gate again, for a person who never accepted either
    assert.equal((await bob.client.del('/charter')).status, 403);
    assert.equal((await admin.del('/charter')).status, 204);
    const carol = await newUser(admin);
    assert.equal((await carol.client.get('/feed')).status, 200);
    assert.equal((await carol.client.get('/me')).body.charter_required, null);
    assert.equal((await carol.client.post('/charter/accept', { version: v2 })).status, 409);
  } finally {
    // whatever happened above: the next test files find no charter in force
    await admin.del('/charter');
  }
});
