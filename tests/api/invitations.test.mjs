// Invitations (docs/invitations.md): administrators invite addresses (a
// status per address), the mail received by a real SMTP server in the
// inviter's language carries a link valid 14 days, the invited person
// chooses a name and a password there and is signed in with the
// invitation's role and groups; a link works once, dies when expired,
// revoked or sent again; only administrators invite.
// parvis-notifier must run in the stack (it makes the links and mails).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Client, adminClient, newUser, PASSWORD, BASE, eventually, sql, unique } from './client.mjs';
import { useRelay, decodeWords } from './mailbox.mjs';

const CHOSEN = 'une phrase assez longue pour entrer';

let smtp, admin, relay;
test.before(async () => {
  admin = await adminClient();
  relay = await useRelay(admin);
  smtp = relay.smtp;
});
test.after(async () => { await relay?.stop(); });

const address = () => `${unique('inv')}@example.org`;
const mailsTo = (email) => smtp.messages().filter((m) => m.envelope.rcpt_tos.includes(email));
const text = (m) => m.parts.find((p) => p.type === 'text/plain').body;
const linkOf = (m) => {
  const found = /(\S+\/invitation#([A-Za-z0-9_-]{43}))\s/.exec(text(m));
  assert.ok(found, 'a link in the mail');
  return { url: found[1], token: found[2] };
};
const mailNumber = (email, n) => eventually(() => mailsTo(email)[n - 1], 15000, `mail ${n} to ${email}`);
const accept = (token, display_name = 'Invitée Test', password = CHOSEN, c = new Client()) =>
  c.post('/invitations/accept', { token, display_name, password }).then((r) => {
    if (r.status === 200) c.csrf = r.body.csrf_token;
    return Object.assign(r, { client: c });
  });
const invite = (emails, more = {}, who = admin) => who.post('/invitations', { emails, role: 'user', groups: [], ...more });
const idOf = (email) => Number(sql(`SELECT id FROM invitations WHERE email = '${email}' ORDER BY id DESC LIMIT 1`).trim());

test('an invitation: the mail in French with a link; the person chooses a name and password, is signed in, with role and groups', async () => {
  const g = await admin.post('/groups', { name: `Invités ${unique()}`, visibility: 'private' });
  assert.equal(g.status, 201, g.text);
  const email = address();
  const r = await invite([email.toUpperCase()], { role: 'admin', groups: [g.body.id] });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.items, [{ email, status: 'invited' }]);

  const m = await mailNumber(email, 1);
  assert.equal(decodeWords(m.headers.subject), 'Parvis : vous êtes invité·e');
  assert.match(text(m), /vous invite à rejoindre Parvis/);
  assert.match(text(m), /pendant 14 jours/);
  assert.equal(m.headers['list-unsubscribe'], undefined);
  const { url, token } = linkOf(m);
  assert.equal(url, `${BASE}/invitation#${token}`);
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  // only the token's SHA-256, valid 14 days
  const hash = createHash('sha256').update(Buffer.from(token, 'base64url')).digest('hex').toUpperCase();
  assert.equal(sql(`SELECT HEX(token_hash), TIMESTAMPDIFF(DAY, sent_at, expires_at) FROM invitations WHERE email = '${email}'`).trim(),
    `${hash}\t14`);

  // pending in the list, with who invited
  const list = await admin.get('/invitations');
  assert.equal(list.status, 200);
  const mine = list.body.items.find((i) => i.email === email);
  assert.equal(mine.status, 'pending');
  assert.equal(mine.role, 'admin');
  assert.equal(mine.invited_by.id, (await admin.get('/me')).body.user.id);
  assert.deepEqual(mine.groups.map((x) => x.id), [g.body.id]);
  assert.ok(mine.expires > mine.created);

  // the password policy applies, and leaves the link usable
  const weak = await accept(token, 'Camille', 'Password1234');
  assert.equal(weak.status, 400);
  assert.equal(weak.body.error.code, 'weak_password');
  assert.equal((await accept(token, 'Camille', 'court')).body.error.code, 'weak_password');
  assert.equal((await accept(token, '   ', CHOSEN)).status, 400);

  const ok = await accept(token, ' Camille Invitée ');
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.user.email, email);
  assert.equal(ok.body.user.display_name, 'Camille Invitée');
  assert.equal(ok.body.user.role, 'admin');
  assert.ok(ok.body.csrf_token);
  const me = await ok.client.get('/me');
  assert.equal(me.status, 200, 'signed in by the cookie');
  const uid = me.body.user.id;
  assert.equal((await ok.client.patch(`/users/${uid}`, { job_title: 'Nouvelle' })).status, 200, 'with its CSRF token');
  const members = await admin.get(`/groups/${g.body.id}/members`);
  assert.ok(members.body.items.some((x) => x.user.id === uid), 'a member of the invitation\'s group');
  assert.equal((await admin.get(`/groups/${g.body.id}`)).body.member_count, 2, 'the group counted the member');
  assert.equal((await new Client().login(email, CHOSEN)).status, 200, 'the chosen password signs in');

  // a link works once
  const again = await accept(token, 'Encore', CHOSEN);
  assert.equal(again.status, 400);
  assert.equal(again.body.error.code, 'invalid_token');
  assert.match(again.body.error.message, /plus valable/);
  const accepted = (await admin.get('/invitations?status=accepted')).body.items.find((i) => i.email === email);
  assert.equal(accepted.user_id, uid);
  assert.equal((await admin.get('/invitations')).body.items.find((i) => i.email === email), undefined, 'no longer pending');
  const id = idOf(email);
  assert.equal(sql(`SELECT token_hash IS NULL FROM invitations WHERE id = ${id}`).trim(), '1');
  assert.equal(sql(`SELECT GROUP_CONCAT(action ORDER BY id) FROM audit_log WHERE target_type = 'invitation' AND target_id = ${id}`).trim(),
    'invitation.create,invitation.accept');
  // users.test.mjs counts the active administrators: this one goes
  assert.equal((await admin.patch(`/users/${uid}`, { status: 'disabled' })).status, 200);
});

test('the mail in the inviter\'s language (English), the statuses of many addresses, duplicates and bad ones', async () => {
  const en = await newUser(admin, { role: 'admin' });
  assert.equal((await en.client.patch(`/users/${en.id}`, { locale: 'en' })).status, 200);
  const member = await newUser(admin, { signIn: false });
  const a = address(), b = address();
  const r = await invite([a, b, member.email, 'pas une adresse', ` ${a.toUpperCase()} `], {}, en.client);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.items.map((i) => i.status), ['invited', 'invited', 'already_member', 'invalid', 'invited']);
  assert.equal(r.body.items[3].email, 'pas une adresse');
  const m = await mailNumber(a, 1);
  assert.equal(decodeWords(m.headers.subject), 'Parvis: you are invited');
  assert.match(text(m), /invites you to join Parvis/);
  assert.match(text(m), /for 14 days/);
  await mailNumber(b, 1);
  assert.equal(mailsTo(member.email).length, 0, 'no mail to an existing account');

  // invited again: already_invited, a new mail, the old link dead
  const old = linkOf(m).token;
  const again = await invite([a], {}, en.client);
  assert.deepEqual(again.body.items, [{ email: a, status: 'already_invited' }]);
  const m2 = await mailNumber(a, 2);
  const fresh = linkOf(m2).token;
  assert.notEqual(fresh, old);
  assert.equal((await accept(old)).body.error.code, 'invalid_token');
  assert.equal((await accept(fresh, 'Alex')).status, 200);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM invitations WHERE email = '${a}'`).trim()), 1, 'one invitation per address');
  assert.equal((await admin.patch(`/users/${en.id}`, { status: 'disabled' })).status, 200, 'no administrator left behind');
});

test('resend: a new link for 14 more days, the old one dead; revoke: the link dead, the invitation listed as revoked', async () => {
  const email = address();
  await invite([email]);
  const first = linkOf(await mailNumber(email, 1)).token;
  const id = idOf(email);
  sql(`UPDATE invitations SET sent_at = sent_at - INTERVAL 5 DAY, expires_at = expires_at - INTERVAL 5 DAY WHERE id = ${id}`);
  const r = await admin.post(`/invitations/${id}/resend`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'pending');
  const left = Number(sql(`SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), expires_at) FROM invitations WHERE id = ${id}`).trim());
  assert.ok(left >= 14 * 24 * 60 - 2 && left <= 14 * 24 * 60, `14 days again (${left} minutes left)`);
  const second = linkOf(await mailNumber(email, 2)).token;
  assert.notEqual(second, first);
  assert.equal((await accept(first)).body.error.code, 'invalid_token', 'the old link died');

  assert.equal((await admin.del(`/invitations/${id}`)).status, 204);
  const dead = await accept(second);
  assert.equal(dead.status, 400);
  assert.equal(dead.body.error.code, 'invalid_token');
  assert.ok((await admin.get('/invitations?status=revoked')).body.items.some((i) => i.id === id));
  assert.equal((await admin.del(`/invitations/${id}`)).status, 409, 'revoked already');
  assert.equal((await admin.post(`/invitations/${id}/resend`)).status, 409);
  assert.equal((await admin.del('/invitations/999999999')).status, 404);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE target_type = 'invitation' AND target_id = ${id} AND action = 'invitation.revoke'`).trim(), '1');
});

test('an expired link (the row aged by SQL) answers invalid_token and is listed as expired; resending revives it', async () => {
  const email = address();
  await invite([email]);
  const token = linkOf(await mailNumber(email, 1)).token;
  const id = idOf(email);
  sql(`UPDATE invitations SET created_at = created_at - INTERVAL 15 DAY, sent_at = sent_at - INTERVAL 15 DAY,
       expires_at = expires_at - INTERVAL 15 DAY WHERE id = ${id}`);
  const r = await accept(token);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'invalid_token');
  assert.ok((await admin.get('/invitations?status=expired')).body.items.some((i) => i.id === id));
  assert.ok(!(await admin.get('/invitations')).body.items.some((i) => i.id === id), 'not pending');
  assert.equal((await admin.post(`/invitations/${id}/resend`)).status, 200);
  assert.equal((await accept(linkOf(await mailNumber(email, 2)).token)).status, 200);
});

test('an address that got an account meanwhile: 409, and no account made twice', async () => {
  const email = address();
  await invite([email]);
  const token = linkOf(await mailNumber(email, 1)).token;
  const made = await admin.post('/users', { email, display_name: 'Déjà là', password: PASSWORD });
  assert.equal(made.status, 201);
  const r = await accept(token);
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'conflict');
  assert.equal(sql(`SELECT COUNT(*) FROM users WHERE email = '${email}'`).trim(), '1');
});

test('bad tokens, bad input, more than 500 addresses, and only administrators', async () => {
  for (const token of ['', 'abc', 'A'.repeat(43), 'é'.repeat(43)]) {
    const r = await new Client().post('/invitations/accept', { token, display_name: 'X', password: CHOSEN });
    assert.equal(r.status, 400, token);
  }
  assert.equal((await new Client().post('/invitations/accept', { token: 'A'.repeat(43), display_name: 'X', password: CHOSEN })).body.error.code,
    'invalid_token');
  assert.equal((await new Client().post('/invitations/accept', { token: 'A'.repeat(43) })).body.error.code, 'bad_request');

  const many = Array.from({ length: 501 }, (_, i) => `n${i}.${unique()}@example.org`);
  const tooMany = await invite(many);
  assert.equal(tooMany.status, 400);
  assert.match(tooMany.body.error.message, /Au plus 500 adresses/);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM invitations WHERE email = '${many[0]}'`).trim()), 0, 'nothing done');
  for (const [body, why] of [
    [{ emails: [] }, /au moins une adresse/],
    [{ emails: 'a@example.org' }, /liste d'adresses/],
    [{ emails: [42] }, /liste d'adresses/],
    [{ emails: ['a@example.org'], groups: ['x'] }, /identifiants de groupes/],
    [{ emails: ['a@example.org'], role: 'root' }, /role/],
    [{ emails: ['a@example.org'], expires: 'demain' }, /AAAA-MM-JJ/],
    [{ emails: ['a@example.org'], colour: 'red' }, /colour/],
  ]) {
    const r = await admin.post('/invitations', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.body.error.message, why, JSON.stringify(body));
  }
  assert.equal((await admin.post('/invitations', { emails: ['a@example.org'], groups: [999999999] })).status, 404);
  assert.equal((await admin.get('/invitations?status=whatever')).status, 400);

  // a guest is never an administrator (guests.test.mjs: a guest's invitation): refused, nothing stored
  const guest = `g.${unique()}@example.org`;
  const refused = await invite([guest], { guest: true, role: 'admin' });
  assert.equal(refused.status, 400, refused.text);
  assert.match(refused.body.error.message, /invité externe ne peut pas être administrateur/);
  assert.equal(sql(`SELECT COUNT(*) FROM invitations WHERE email = '${guest}'`).trim(), '0');

  // 500 is accepted, with the account's end date stored
  const five = Array.from({ length: 500 }, (_, i) => `f${i}.${unique()}@example.org`);
  const ok = await invite(five, { expires: '2099-01-31' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.items.filter((i) => i.status === 'invited').length, 500);
  assert.equal(sql(`SELECT guest, account_expires FROM invitations WHERE email = '${five[0]}'`).trim(), '0\t2099-01-31');
  const page = await admin.get('/invitations?limit=2');
  assert.equal(page.body.items.length, 2);
  const next = await admin.get(`/invitations?limit=2&cursor=${page.body.next}`);
  assert.ok(next.body.items[0].id < page.body.items[1].id, 'the next page goes on');
  sql(`UPDATE invitations SET status = 'revoked' WHERE email LIKE 'f%' AND status = 'pending' AND id >= ${idOf(five[0])}`);

  const u = await newUser(admin);
  assert.equal((await invite([address()], {}, u.client)).status, 403);
  assert.equal((await u.client.get('/invitations')).status, 403);
  assert.equal((await u.client.post(`/invitations/${idOf(five[1])}/resend`)).status, 403);
  assert.equal((await u.client.del(`/invitations/${idOf(five[1])}`)).status, 403);
  assert.equal((await new Client().get('/invitations')).status, 401);
});
