// The access matrix of the drive, played through the HTTP API: every actor
// × every kind of drive × every action on a file, against what the rules
// of the issue say (computed here, independently of fcgi/acl.c). Each
// destructive action gets a file of its own.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, unique, PASSWORD } from './client.mjs';

const ACTIONS = ['read', 'list', 'download', 'version', 'rename', 'move', 'delete', 'restore', 'share'];
const DONE = { read: 200, list: 200, download: 200, version: 201, rename: 200, move: 200, delete: 204, restore: 200, share: 200 };
const SEEING = ['read', 'list', 'download'];

const put = (who, folder, name, text) =>
  who.request('PUT', `/folders/${folder}/files/${encodeURIComponent(name)}`, undefined, { raw: text });

// The rules, as the issue states them.
function expectPersonal(actor, action) {
  if (actor === 'stranger' || actor === 'admin') return 404;        // private, administrators included
  if (actor === 'owner' || SEEING.includes(action)) return DONE[action];
  if (actor === 'editor' && ['version', 'rename', 'move', 'delete'].includes(action)) return DONE[action];
  return 403;                                                        // readers read; only the owner restores and shares
}

function expectGroup(kind, archived, actor, action) {
  // an external guest (docs/guests.md): a group's drive they are not in does
  // not exist for them, public ones included; in the group, a member's rights
  if (actor === 'guest') return 404;
  if (actor === 'guest_member') actor = 'member';
  const member = ['manager', 'member', 'drive_manager'].includes(actor);
  const reads = member || actor === 'admin' || kind === 'public';
  if (!reads) return 404;
  if (SEEING.includes(action)) return 200;
  if (action === 'share') return 403;                                // shared by membership only
  const writes = member || actor === 'admin';
  const manages = ['manager', 'drive_manager', 'admin'].includes(actor);
  if (!writes) return 403;
  if (archived) return 409;                                          // read-only while archived
  if (action === 'restore') return manages ? 200 : 403;              // the file was deleted by the manager
  return DONE[action];
}

// An external guest's account, signed in: {id, client}.
async function newGuest(admin) {
  const email = `${unique('guest')}@example.org`;
  const r = await admin.post('/users', { email, display_name: `Invité ${unique()}`, password: PASSWORD, kind: 'guest' });
  assert.equal(r.status, 201, r.text);
  const client = new Client();
  assert.equal((await client.login(email, PASSWORD)).status, 200);
  return { id: r.body.id, client };
}

// Plays one action on a file of its own; returns the status.
async function play(who, action, c) {
  const f = c.file;
  switch (action) {
    case 'read': return (await who.get(`/files/${f.id}`)).status;
    case 'list': return (await who.get(`/folders/${c.folder}`)).status;
    case 'download': return (await who.get(`/files/${f.id}/content`)).status;
    case 'version': return (await put(who, c.folder, f.name, 'nouvelle version')).status;
    case 'rename': return (await who.patch(`/files/${f.id}`, { name: `renommé ${unique()}.txt` })).status;
    case 'move': return (await who.patch(`/files/${f.id}`, { folder_id: c.sub })).status;
    case 'delete': return (await who.del(`/files/${f.id}`)).status;
    case 'restore': return (await who.post(`/trash/${f.id}/restore`)).status;
    case 'share': return (await who.put(`/nodes/${f.id}/shares/${c.someone}`, { can_edit: false })).status;
  }
  throw new Error(action);
}

// A file for each (actor, action), made (and for "restore", deleted) by `by`.
async function files(by, folder, actors) {
  const out = {};
  for (const actor of actors) {
    for (const action of ACTIONS) {
      const r = await put(by, folder, `${actor}-${action}-${unique()}.txt`, 'contenu');
      assert.equal(r.status, 201, r.text);
      if (action === 'restore') assert.equal((await by.del(`/files/${r.body.id}`)).status, 204);
      out[`${actor}/${action}`] = r.body;
    }
  }
  return out;
}

test('drive access matrix: actors × drives × actions, as the issue says', async () => {
  const admin = await adminClient();
  const cells = [];
  const wrong = [];
  const check = (where, actor, action, got, want) => {
    cells.push(1);
    if (got !== want) wrong.push(`${where} ${actor} ${action}: ${got}, expected ${want}`);
  };

  // a personal drive: its owner, a reader and an editor of a shared folder,
  // a stranger, an administrator
  const [owner, reader, editor, stranger, someone] = await Promise.all([1, 2, 3, 4, 5].map(() => newUser(admin)));
  const root = (await owner.client.get('/drive')).body.root_folder_id;
  const shared = (await owner.client.post('/folders', { parent_id: root, name: `Partagé ${unique()}` })).body.id;
  const sub = (await owner.client.post('/folders', { parent_id: shared, name: 'Sous-dossier' })).body.id;
  await owner.client.put(`/nodes/${shared}/shares/${reader.id}`, { can_edit: false });
  await owner.client.put(`/nodes/${shared}/shares/${editor.id}`, { can_edit: true });
  const personalActors = { owner: owner.client, reader: reader.client, editor: editor.client, stranger: stranger.client, admin };
  const mine = await files(owner.client, shared, Object.keys(personalActors));
  for (const [actor, who] of Object.entries(personalActors)) {
    for (const action of ACTIONS) {
      const got = await play(who, action, { file: mine[`${actor}/${action}`], folder: shared, sub, someone: someone.id });
      check('personal', actor, action, got, expectPersonal(actor, action));
    }
  }

  // group drives of each kind, one of them archived; the same two guests in each
  const [guest, guestMember] = await Promise.all([newGuest(admin), newGuest(admin)]);
  for (const [kind, archived] of [['public', false], ['private', false], ['secret', false], ['public', true]]) {
    const [manager, member, dm, outsider] = await Promise.all([1, 2, 3, 4].map(() => newUser(admin)));
    const g = (await manager.client.post('/groups', { name: unique(`Matrice ${kind}`), visibility: kind })).body;
    await manager.client.put(`/groups/${g.id}/members/${member.id}`, {});
    await manager.client.put(`/groups/${g.id}/members/${dm.id}`, { drive_manager: true });
    const groot = (await manager.client.get(`/groups/${g.id}/drive`)).body.root_folder_id;
    const folder = (await manager.client.post('/folders', { parent_id: groot, name: 'Dossier' })).body.id;
    const gsub = (await manager.client.post('/folders', { parent_id: folder, name: 'Sous-dossier' })).body.id;
    await manager.client.put(`/groups/${g.id}/members/${guestMember.id}`, {});
    const actors = { manager: manager.client, member: member.client, drive_manager: dm.client, outsider: outsider.client, admin,
      guest: guest.client, guest_member: guestMember.client };
    const theirs = await files(manager.client, folder, Object.keys(actors));
    if (archived) assert.equal((await manager.client.patch(`/groups/${g.id}`, { archived: true })).status, 200);
    const where = `${kind}${archived ? ' archived' : ''}`;
    for (const [actor, who] of Object.entries(actors)) {
      for (const action of ACTIONS) {
        const got = await play(who, action, { file: theirs[`${actor}/${action}`], folder, sub: gsub, someone: someone.id });
        check(where, actor, action, got, expectGroup(kind, archived, actor, action));
      }
    }
  }
  console.log(`drive matrix: ${cells.length} cells, ${wrong.length} wrong`);
  assert.deepEqual(wrong, []);
  assert.equal(cells.length, 5 * 9 + 4 * 7 * 9);
});
