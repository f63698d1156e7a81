// The permission matrix: every actor × every group type × every action,
// through the HTTP API, against an expected answer computed here from the
// rules of the issue (not from the server's code). Prints how many cells
// it checked and lists every cell that disagrees.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, unique, sql, PASSWORD } from './client.mjs';

const TYPES = {
  public: { visibility: 'public', posting: 'members' },
  private: { visibility: 'private', posting: 'members' },
  secret: { visibility: 'secret', posting: 'members' },
  announcements: { visibility: 'public', posting: 'managers' },
};
const ACTORS = ['anonymous', 'user', 'member', 'feed_moderator', 'drive_manager', 'manager',
  'other_manager', 'admin', 'disabled', 'removed_member', 'guest', 'guest_member'];
// actions that change the group are each played on a fresh group
const DESTRUCTIVE = new Set(['join', 'approve', 'manage_members', 'edit', 'archive', 'delete']);
const ACTIONS = ['see', 'list_members', 'read', 'post', 'join', 'request', 'approve', 'manage_members',
  'edit', 'archive', 'delete', 'drive', 'manage_drive', 'moderate'];

// What the issue says each actor may do. Outcomes: ok, forbidden (403),
// hidden (404), unauthenticated (401), and for join: member / requested.
function expected(actor, type, action) {
  if (actor === 'anonymous' || actor === 'disabled') return 'unauthenticated';
  // an external guest (docs/guests.md): a group they are not in does not
  // exist for them, public ones included; in it, they are a member
  if (actor === 'guest') return 'hidden';
  if (actor === 'guest_member') actor = 'member';
  const { visibility, posting } = TYPES[type];
  const member = ['member', 'feed_moderator', 'drive_manager', 'manager'].includes(actor);
  const admin = actor === 'admin';
  const managing = actor === 'manager' || admin;
  if (visibility === 'secret' && !member && !admin) return 'hidden';
  const yes = (c) => (c ? 'ok' : 'forbidden');
  switch (action) {
    case 'see': return 'ok';
    case 'list_members':
    case 'read': return yes(member || admin || visibility === 'public');
    case 'post': return yes((member || admin) && (posting === 'members' || managing));
    case 'join':
      if (member || admin || visibility === 'public') return 'member';
      return 'requested';                      // private: a request a manager answers
    case 'request': return yes(!member && !admin && visibility === 'private');
    case 'approve':
    case 'manage_members':
    case 'edit':
    case 'archive':
    case 'delete': return yes(managing);
    case 'drive': return yes(member || admin);
    case 'manage_drive': return yes(managing || actor === 'drive_manager');
    case 'moderate': return yes(managing || actor === 'feed_moderator');
    default: throw new Error('unknown action ' + action);
  }
}

function outcomeOf(r) {
  if (r.status === 401) return 'unauthenticated';
  if (r.status === 403) return 'forbidden';
  if (r.status === 404) return 'hidden';
  if (r.status === 409) return 'archived';
  if (r.status >= 200 && r.status < 300) return 'ok';
  return `status ${r.status}`;
}

// Capabilities with no endpoint of their own yet (the feed and the drive
// come with the next issues) are read from the group's `can` object.
async function capability(client, gid, key) {
  const r = await client.get(`/groups/${gid}`);
  if (r.status !== 200) return outcomeOf(r);
  return r.body.can[key] ? 'ok' : 'forbidden';
}

async function play(client, action, g, people) {
  const id = g.id;
  switch (action) {
    case 'see': return outcomeOf(await client.get(`/groups/${id}`));
    case 'list_members': return outcomeOf(await client.get(`/groups/${id}/members`));
    case 'read': return capability(client, id, 'read');
    case 'post': return capability(client, id, 'post');
    case 'request': return capability(client, id, 'request');
    case 'drive': return capability(client, id, 'drive');
    case 'manage_drive': return capability(client, id, 'manage_drive');
    case 'moderate': return capability(client, id, 'moderate');
    case 'join': {
      const r = await client.post(`/groups/${id}/join`);
      return r.status === 200 ? r.body.status : outcomeOf(r);
    }
    case 'approve': return outcomeOf(await client.post(`/groups/${id}/requests/${people.requester.id}/approve`));
    case 'manage_members': return outcomeOf(await client.put(`/groups/${id}/members/${people.invitee.id}`, { role: 'member' }));
    case 'edit': return outcomeOf(await client.patch(`/groups/${id}`, { description: 'changed by ' + unique() }));
    case 'archive': return outcomeOf(await client.patch(`/groups/${id}`, { archived: true }));
    case 'delete': return outcomeOf(await client.del(`/groups/${id}`));
    default: throw new Error(action);
  }
}

test('permission matrix: actors × group types × actions', async () => {
  const admin = await adminClient();
  const people = {};
  for (const name of ['user', 'member', 'feed_moderator', 'drive_manager', 'manager', 'other_manager',
    'disabled', 'removed_member', 'requester', 'invitee']) {
    people[name] = await newUser(admin, { name: `Matrix ${name} ${unique()}` });
  }
  for (const name of ['guest', 'guest_member']) {
    const email = `${unique(name)}@example.org`;
    const r = await admin.post('/users', { email, display_name: `Matrix ${name} ${unique()}`, password: PASSWORD, kind: 'guest' });
    assert.equal(r.status, 201, r.text);
    people[name] = { id: r.body.id, client: new Client() };
    assert.equal((await people[name].client.login(email, PASSWORD)).status, 200);
  }
  people.admin = { client: admin };
  people.anonymous = { client: new Client() };
  const otherGroup = await people.other_manager.client.post('/groups', { name: unique('Other'), visibility: 'private' });
  assert.equal(otherGroup.status, 201);

  // A group of the given type with every actor in place. The admin sets the
  // memberships (as an outsider, which the audit log records).
  async function world(type) {
    const r = await people.manager.client.post('/groups', { name: unique(`Matrix ${type}`), ...TYPES[type] });
    assert.equal(r.status, 201, r.text);
    const id = r.body.id;
    const put = async (who, body) => {
      const p = await admin.put(`/groups/${id}/members/${people[who].id}`, body);
      assert.equal(p.status, 200, p.text);
    };
    await put('member', { role: 'member' });
    await put('guest_member', { role: 'member' });
    await put('feed_moderator', { feed_moderator: true });
    await put('drive_manager', { drive_manager: true });
    await put('removed_member', { role: 'member' });
    assert.equal((await admin.del(`/groups/${id}/members/${people.removed_member.id}`)).status, 204);
    // the disabled account was a member when it was disabled
    sql(`INSERT INTO group_members (group_id, user_id) VALUES (${id}, ${people.disabled.id})`);
    sql(`INSERT INTO group_requests (group_id, user_id) VALUES (${id}, ${people.requester.id})`);
    return r.body;
  }

  const disable = await admin.patch(`/users/${people.disabled.id}`, { status: 'disabled' });
  assert.equal(disable.status, 200);

  let cells = 0;
  const wrong = [];
  for (const type of Object.keys(TYPES)) {
    const shared = await world(type);
    for (const action of ACTIONS) {
      for (const actor of ACTORS) {
        const g = DESTRUCTIVE.has(action) ? await world(type) : shared;
        const want = expected(actor, type, action);
        const got = await play(people[actor].client, action, g, people);
        cells++;
        if (got !== want) wrong.push(`${actor} × ${type} × ${action}: expected ${want}, got ${got}`);
      }
    }
  }
  console.log(`permission matrix: ${cells} cells checked, ${wrong.length} disagree`);
  assert.equal(cells, ACTORS.length * Object.keys(TYPES).length * ACTIONS.length);
  assert.deepEqual(wrong, []);
});
