// Guest accounts (« Invités externes », docs/guests.md): a guest sees only
// the groups they were invited to (their posts, files and members), nothing
// of the others (404, public groups included), no directory beyond the
// members of their groups, no news unless the platform allows it; search
// finds nothing outside; they create no group, join none, write only to
// the people of their groups. An invitation with "guest": true makes a
// guest account in the invitation's groups; past its end an account's
// sessions end at once and it is disabled (audit row account.expire).
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, unique, sql, eventually, PASSWORD } from './client.mjs';
import { useRelay } from './mailbox.mjs';

async function newGuest(admin, extra = {}) {
  const email = `${unique('guest')}@example.org`;
  const r = await admin.post('/users', { email, display_name: `Invitée ${unique()}`, password: PASSWORD, kind: 'guest', ...extra });
  assert.equal(r.status, 201, r.text);
  const client = new Client();
  assert.equal((await client.login(email, PASSWORD)).status, 200);
  return { id: r.body.id, email, user: r.body, client };
}

const group = async (who, visibility, name = unique('Partenaires')) => {
  const r = await who.client.post('/groups', { name, visibility });
  assert.equal(r.status, 201, r.text);
  return r.body;
};

test('a guest sees their groups only: other groups, their posts, files and comments are 404; no directory beyond, no news', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin), outsider = await newUser(admin);
  const guest = await newGuest(admin);
  assert.equal(guest.user.kind, 'guest');
  assert.equal((await guest.client.get('/me')).body.user.kind, 'guest');
  assert.equal((await alice.client.get('/me')).body.user.kind, 'staff');

  const tag = unique('gx').toLowerCase();
  const mine = await group(alice, 'private', `Projet ${tag}`);
  const pub = await group(alice, 'public', `Public ${tag}`);
  assert.equal((await alice.client.put(`/groups/${mine.id}/members/${guest.id}`, {})).status, 200);
  const inMine = (await alice.client.post(`/groups/${mine.id}/posts`, { body: `dedans ${tag}` })).body;
  const inPub = (await alice.client.post(`/groups/${pub.id}/posts`, { body: `dehors ${tag}` })).body;
  const comment = (await alice.client.post(`/posts/${inPub.id}/comments`, { body: 'un commentaire' })).body;
  const news = await admin.post('/news/posts', { title: `Actualité ${tag}`, body: `actualite ${tag}` });
  assert.equal(news.status, 201, news.text);
  const upload = async (gid, name) => {
    const root = (await alice.client.get(`/groups/${gid}/drive`)).body.root_folder_id;
    const r = await alice.client.request('PUT', `/folders/${root}/files/${encodeURIComponent(name)}`, undefined, { raw: `fichier ${tag}` });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const fileMine = await upload(mine.id, `mine-${tag}.txt`), filePub = await upload(pub.id, `pub-${tag}.txt`);

  // their group: everything a member has
  assert.equal((await guest.client.get(`/groups/${mine.id}`)).status, 200);
  assert.equal((await guest.client.get(`/groups/${mine.id}/members`)).status, 200);
  assert.equal((await guest.client.get(`/posts/${inMine.id}`)).status, 200);
  assert.equal((await guest.client.post(`/groups/${mine.id}/posts`, { body: 'bonjour' })).status, 201);
  assert.equal((await guest.client.get(`/files/${fileMine.id}/content`)).status, 200);
  // anything else does not exist, the public group included
  for (const path of [`/groups/${pub.id}`, `/groups/${pub.id}/members`, `/groups/${pub.id}/posts`, `/groups/${pub.id}/drive`,
    `/posts/${inPub.id}`, `/posts/${inPub.id}/comments`, `/files/${filePub.id}`, `/files/${filePub.id}/content`,
    `/posts/${news.body.id}`, `/feed?group=${pub.id}`]) {
    assert.equal((await guest.client.get(path)).status, 404, path);
  }
  assert.equal((await guest.client.request('PUT', `/comments/${comment.id}/reaction`, { kind: 'like' })).status, 404);
  assert.equal((await guest.client.post(`/groups/${pub.id}/join`, {})).status, 404, 'cannot join a public group');
  const listed = (await guest.client.get('/groups?limit=100')).body.items.map((g) => g.id);
  assert.deepEqual(listed, [mine.id]);
  assert.equal((await guest.client.post('/groups', { name: unique('G'), visibility: 'public' })).status, 403);

  // the feed and the portal: their group, no news
  const feed = (await guest.client.get('/feed?limit=50')).body.items.map((p) => p.id);
  assert.ok(feed.includes(inMine.id) && !feed.includes(news.body.id) && !feed.includes(inPub.id), JSON.stringify(feed));
  assert.equal((await guest.client.get('/feed?filter=news')).body.items.length, 0);
  const portal = (await guest.client.get('/portal')).body;
  assert.equal(portal.news.length + portal.featured.length, 0);
  // unless the platform lets guests read the news
  assert.equal((await admin.patch('/settings', { guests_see_news: true })).status, 200);
  try {
    assert.equal((await guest.client.get(`/posts/${news.body.id}`)).status, 200);
    assert.ok((await guest.client.get('/feed?filter=news')).body.items.some((p) => p.id === news.body.id));
    assert.equal((await guest.client.post('/news/posts', { title: 'x', body: 'x' })).status, 403);
  } finally {
    assert.equal((await admin.patch('/settings', { guests_see_news: false })).body.guests_see_news, false);
  }
  assert.equal((await guest.client.get(`/posts/${news.body.id}`)).status, 404);

  // people: themselves and the members of their groups
  const people = (await guest.client.get('/users?limit=100')).body.items.map((u) => u.id).sort();
  assert.deepEqual(people, [alice.id, guest.id].sort());
  assert.equal((await guest.client.get(`/users/${alice.id}`)).status, 200);
  assert.deepEqual((await guest.client.get(`/users/${alice.id}`)).body.groups.map((g) => g.id), [mine.id]);
  assert.equal((await guest.client.get(`/users/${outsider.id}`)).status, 404);
  assert.equal((await guest.client.get(`/users?q=${encodeURIComponent(outsider.user.display_name)}`)).body.items.length, 0);
  assert.deepEqual((await guest.client.get('/directory/attributes')).body, { departments: [], sites: [] });
  // staff see the guest, marked as one; the end date is for administrators and themselves
  const seen = (await alice.client.get(`/users/${guest.id}`)).body;
  assert.equal(seen.kind, 'guest');
  assert.ok(!('expires_at' in seen));
  assert.equal((await admin.get(`/users/${guest.id}`)).body.expires_at, null);
  const members = (await alice.client.get(`/groups/${mine.id}/members`)).body.items;
  assert.equal(members.find((m) => m.user.id === guest.id).user.kind, 'guest');
  // their posts say so too (« Invité » beside the author)
  const byGuest = (await guest.client.post(`/groups/${mine.id}/posts`, { body: 'de la part de l\'invitée' })).body;
  assert.equal(byGuest.author.kind, 'guest');
  assert.equal((await alice.client.get(`/posts/${inMine.id}`)).body.author.kind, undefined, 'staff: no mark');
  const reply = (await guest.client.post(`/posts/${inMine.id}/comments`, { body: 'merci' })).body;
  assert.equal(reply.author.kind, 'guest');
  assert.equal((await alice.client.get(`/posts/${inMine.id}/comments`)).body.items.find((c) => c.id === reply.id).author.kind, 'guest');
  assert.equal((await alice.client.get(`/groups/${mine.id}/posts`)).body.items.find((p) => p.id === byGuest.id).author.kind, 'guest');
  assert.equal((await guest.client.get('/live/authorize?channels=news')).status, 403, 'no news live channel');

  // chat: with the people of their groups only (the others as unknown)
  const direct = (await guest.client.post('/conversations', { participants: [alice.id] }));
  assert.equal(direct.status, 201);
  // their messages carry « Invité » to the others, staff's do not
  const said = (await guest.client.post(`/conversations/${direct.body.id}/messages`, { body: 'bonjour', client_id: `g${tag}` })).body;
  assert.equal(said.author.kind, 'guest');
  await alice.client.post(`/conversations/${direct.body.id}/messages`, { body: 'bienvenue', client_id: `a${tag}` });
  const history = (await alice.client.get(`/conversations/${direct.body.id}/messages`)).body.items;
  assert.deepEqual(history.map((m) => [m.body, m.author.kind]), [['bienvenue', undefined], ['bonjour', 'guest']]);
  const refused = await guest.client.post('/conversations', { participants: [outsider.id] });
  assert.equal(refused.status, 400);
  assert.equal((await alice.client.post('/conversations', { participants: [guest.id] })).status, 200, 'staff write to guests');
  // sharing a file of their own drive: the same
  const myRoot = (await guest.client.get('/drive')).body.root_folder_id;
  const own = (await guest.client.request('PUT', `/folders/${myRoot}/files/note.txt`, undefined, { raw: 'note' })).body;
  assert.equal((await guest.client.put(`/nodes/${own.id}/shares/${outsider.id}`, {})).status, 404);
  assert.ok([200, 201].includes((await guest.client.put(`/nodes/${own.id}/shares/${alice.id}`, {})).status));

  // search: the posts of their group, nothing outside (public groups, news, people)
  await eventually(async () => (await admin.get(`/search?q=${tag}`)).body.items.length >= 4, 15000, 'indexed');
  const found = (await guest.client.get(`/search?q=${tag}`)).body.items;
  const outside = found.filter((h) => !(h.type === 'post' && h.id === inMine.id) && !(h.type === 'file' && h.id === fileMine.id)
    && !(h.type === 'group' && h.id === mine.id));
  assert.deepEqual(outside, [], 'nothing outside their group');
  assert.ok(found.some((h) => h.type === 'post' && h.id === inMine.id), JSON.stringify(found));
  assert.equal((await guest.client.get(`/search?q=${encodeURIComponent(outsider.user.display_name)}&type=person`)).body.items.length, 0);
});

test('administrators make guests: kind and end date checked, never an administrator, filtered in the list', async () => {
  const admin = await adminClient();
  for (const [body, status] of [
    [{ kind: 'visitor' }, 400], [{ kind: 'guest', role: 'admin' }, 400], [{ kind: 'guest', expires_at: 'demain' }, 400],
    [{ kind: 'guest', expires_at: '2099-13-01' }, 400], [{ kind: 'guest', expires_at: 7 }, 400],
  ]) {
    const r = await admin.post('/users', { email: `${unique('b')}@example.org`, display_name: 'X', ...body });
    assert.equal(r.status, status, JSON.stringify(body) + r.text);
  }
  const g = await newGuest(admin, { expires_at: '2099-06-30' });
  assert.equal(g.user.expires_at, '2099-06-30T00:00:00Z');
  assert.equal((await g.client.get('/me')).body.user.expires_at, '2099-06-30T00:00:00Z');
  // no default group for a guest
  assert.equal(Number(sql(`SELECT COUNT(*) FROM group_members WHERE user_id = ${g.id}`).trim()), 0);
  const s = await newUser(admin);
  assert.equal((await admin.patch(`/users/${s.id}`, { kind: 'guest', expires_at: '2099-01-01T12:30:00Z' })).body.kind, 'guest');
  assert.equal((await admin.get(`/users/${s.id}`)).body.expires_at, '2099-01-01T12:30:00Z');
  assert.equal((await admin.patch(`/users/${s.id}`, { role: 'admin' })).status, 400, 'a guest is never an administrator');
  assert.equal((await admin.patch(`/users/${s.id}`, { kind: 'staff', expires_at: null })).body.kind, 'staff');
  assert.equal((await admin.get(`/users/${s.id}`)).body.expires_at, null);
  assert.equal((await g.client.patch(`/users/${g.id}`, { kind: 'staff' })).status, 403);
  assert.equal((await s.client.patch(`/users/${s.id}`, { expires_at: null })).status, 403);
  const guests = (await admin.get('/users?kind=guest&limit=100')).body.items;
  assert.ok(guests.length >= 1 && guests.every((u) => u.kind === 'guest'));
  assert.ok(guests.some((u) => u.id === g.id));
  assert.equal((await admin.get('/users?kind=nope')).status, 400);
  assert.match(sql(`SELECT detail FROM audit_log WHERE target_id = ${s.id} AND action = 'account.update' ORDER BY id DESC LIMIT 1`), /kind=staff expires_at=none/);
});

test('past its end an account is refused at once, then disabled (account.expire)', async () => {
  const admin = await adminClient();
  const g = await newGuest(admin, { expires_at: '2099-01-01' });
  assert.equal((await g.client.get('/me')).status, 200);
  // the end set three seconds ahead: the session works until then, and ends at that moment on every worker
  const end = new Date(Date.now() + 3000).toISOString().slice(0, 19) + 'Z';
  assert.equal((await admin.patch(`/users/${g.id}`, { expires_at: end })).status, 200);
  assert.equal((await g.client.get('/me')).status, 200);
  await eventually(async () => (await g.client.get('/me')).status === 401, 8000, 'session refused');
  for (let i = 0; i < 4; i++) assert.equal((await g.client.get('/me')).status, 401);
  const again = await new Client().login(g.email, PASSWORD);
  assert.equal(again.status, 403);
  assert.match(again.body.error.message, /a pris fin/);
  assert.equal((await admin.get(`/users/${g.id}`)).body.status, 'disabled');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'account.expire' AND target_id = ${g.id}`).trim(), '1');

  // an account nobody signs in to: the notifier's pass disables it (every 2 s in the test stack)
  const h = await newGuest(admin);
  const soon = new Date(Date.now() + 1000).toISOString().slice(0, 19) + 'Z';
  assert.equal((await admin.patch(`/users/${h.id}`, { expires_at: soon })).status, 200);
  await eventually(async () => (await admin.get(`/users/${h.id}`)).body.status === 'disabled', 10000, 'disabled by the notifier');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'account.expire' AND target_id = ${h.id}`).trim(), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM sessions WHERE user_id = ${h.id}`).trim(), '0', 'its sessions deleted');
});

test('an invitation with "guest": true makes a guest account in its groups, ending when it says', async () => {
  const admin = await adminClient();
  const relay = await useRelay(admin);
  try {
    const alice = await newUser(admin);
    const mine = await group(alice, 'secret');
    const email = `${unique('ginv')}@example.org`;
    const r = await admin.post('/invitations', { emails: [email], role: 'user', groups: [mine.id], guest: true, expires: '2099-03-01' });
    assert.equal(r.status, 201, r.text);
    const listed = (await admin.get('/invitations')).body.items.find((i) => i.email === email);
    assert.equal(listed.guest, true);
    assert.equal(listed.account_expires, '2099-03-01');
    const mail = await eventually(() => relay.smtp.messages().find((m) => m.envelope.rcpt_tos.includes(email)), 15000, 'mail');
    const token = /\/invitation#([A-Za-z0-9_-]{43})\s/.exec(mail.parts.find((p) => p.type === 'text/plain').body)[1];
    const c = new Client();
    const a = await c.post('/invitations/accept', { token, display_name: 'Élue Partenaire', password: 'une phrase assez longue pour entrer' });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.body.user.kind, 'guest');
    assert.equal(a.body.user.expires_at, '2099-03-01T00:00:00Z');
    c.csrf = a.body.csrf_token;
    assert.deepEqual((await c.get('/groups?limit=100')).body.items.map((g) => g.id), [mine.id]);
  } finally {
    await relay.stop();
  }
});
