// Chat permissions through the API, as a matrix: who (a participant, a
// former participant, a group's member, a non-member, an administrator, a
// disabled account) × what (read, send, react, edit, delete, add, remove,
// attach, search) × which conversation (direct, group, a group's
// discussion). Every cell is one request and its expected status; search
// cells wait for the indexer and then ask whether the message is found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client, adminClient, newUser, unique, eventually, PASSWORD } from './client.mjs';

const admin = await adminClient();
const adminUser = (await admin.get('/me')).body;

test('the chat\'s permission matrix', { timeout: 180000 }, async () => {
  const [alice, bruno, former, member, outsider, gone, extra] = await Promise.all(
    Array.from({ length: 7 }, () => newUser(admin)));
  const word = unique('matrice').replace(/[^a-z0-9]/gi, '');
  const send = async (who, conv, body) => {
    const r = await who.client.post(`/conversations/${conv}/messages`, { body, client_id: randomUUID() });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  // direct: alice and bruno; group: alice (creator), bruno, former (removed), gone (disabled later)
  const direct = (await alice.client.post('/conversations', { participants: [bruno.id] })).body.id;
  const group = (await alice.client.post('/conversations', { participants: [bruno.id, former.id, gone.id], name: 'Matrice' })).body.id;
  const g = (await alice.client.post('/groups', { name: unique('Groupe matrice '), visibility: 'private' })).body;
  assert.equal((await alice.client.put(`/groups/${g.id}/members/${member.id}`, { role: 'member' })).status, 200);
  assert.equal((await alice.client.put(`/groups/${g.id}/members/${bruno.id}`, { role: 'member' })).status, 200);
  // external guests (docs/guests.md): one outside everything, one member of the group
  const [guest, guestMember] = await Promise.all(['guest', 'guest_member'].map(async (name) => {
    const email = `${unique(name)}@example.org`;
    const r = await admin.post('/users', { email, display_name: `Matrice ${name}`, password: PASSWORD, kind: 'guest' });
    assert.equal(r.status, 201, r.text);
    const client = new Client();
    assert.equal((await client.login(email, PASSWORD)).status, 200);
    return { id: r.body.id, client };
  }));
  assert.equal((await alice.client.put(`/groups/${g.id}/members/${guestMember.id}`, { role: 'member' })).status, 200);
  const room = (await alice.client.post('/conversations', { group_id: g.id })).body.id;
  const convs = { direct, group, room };
  const words = {};
  const target = {};                                   // a message of alice's in each, to react to
  for (const [k, id] of Object.entries(convs)) {
    words[k] = `${word}${k}`;
    target[k] = await send(alice, id, `Le mot ${words[k]} est ici`);
  }
  assert.equal((await alice.client.del(`/conversations/${group}/participants/${former.id}`)).status, 204);
  assert.equal((await admin.patch(`/users/${gone.id}`, { status: 'disabled' })).status, 200);

  // who takes part in which: participant, or what they are to it
  const people = { participant: bruno, former, member, outsider, admin: { id: adminUser.id, client: admin }, disabled: gone,
    guest, guest_member: guestMember };
  const takesPart = {
    participant: { direct: true, group: true, room: true },
    former: {}, member: { room: true }, outsider: {}, admin: {}, disabled: {}, guest: {}, guest_member: { room: true },
  };
  const root = async (who) => (await who.client.get('/drive')).body.root_folder_id;
  const cells = [];
  for (const [role, who] of Object.entries(people)) {
    for (const [kind, conv] of Object.entries(convs)) {
      const inside = !!takesPart[role][kind];
      const gone = role === 'disabled';
      const hidden = gone ? 401 : 404;
      const expect = (ok) => (inside ? ok : hidden);
      const own = inside ? await send(who, conv, `de ${role}`) : target[kind];
      const r = {
        read: (await who.client.get(`/conversations/${conv}/messages`)).status,
        send: (await who.client.post(`/conversations/${conv}/messages`, { body: 'essai', client_id: randomUUID() })).status,
        react: (await who.client.put(`/messages/${target[kind].id}/reactions/${encodeURIComponent('👍')}`)).status,
        edit: (await who.client.patch(`/messages/${own.id}`, { body: 'modifié' })).status,
        edit_others: (await who.client.patch(`/messages/${target[kind].id}`, { body: 'piraté' })).status,
        delete: (await who.client.del(`/messages/${own.id}`)).status,
        add: (await who.client.put(`/conversations/${conv}/participants/${extra.id}`)).status,
        remove: (await who.client.del(`/conversations/${conv}/participants/${extra.id}`)).status,
      };
      let attach = hidden;
      if (!gone) {
        const up = await who.client.request('PUT', `/folders/${await root(who)}/files/${unique('f')}.txt`, undefined,
          { raw: 'x\n', headers: { 'Content-Type': 'application/octet-stream' } });
        assert.equal(up.status, 201, up.text);
        attach = (await who.client.post(`/conversations/${conv}/attachments`, { file_id: up.body.id })).status;
      }
      r.attach = attach;
      const want = {
        read: expect(200), send: expect(201), react: expect(204), edit: expect(200),
        edit_others: inside ? 403 : hidden, delete: expect(204),
        // people: group conversations only (any participant here), not the others
        add: inside ? (kind === 'group' ? 204 : 409) : hidden,
        remove: inside ? (kind === 'group' ? 204 : 409) : hidden,
        attach: expect(201),
      };
      for (const action of Object.keys(want)) cells.push({ role, kind, action, got: r[action], want: want[action] });
    }
  }
  const report = (list) => `cells that differ (of ${cells.length}):\n` +
    list.map((c) => `${c.role} × ${c.action} × ${c.kind}: got ${c.got}, want ${c.want}`).join('\n');
  assert.deepEqual(cells.filter((c) => c.got !== c.want), [], report(cells.filter((c) => c.got !== c.want)));
  // search: a participant finds each conversation's word, nobody else does
  for (const [role, who] of Object.entries(people)) {
    for (const kind of Object.keys(convs)) {
      if (role === 'disabled') {
        cells.push({ role, kind, action: 'search', got: (await who.client.get(`/search?q=${words[kind]}&type=message`)).status, want: 401 });
        continue;
      }
      const inside = !!takesPart[role][kind];
      let found;
      if (inside) {
        found = await eventually(async () => {
          const s = await who.client.get(`/search?q=${words[kind]}&type=message`);
          return s.body.items.some((i) => i.id === target[kind].id) && s;
        }, 15000, `${role} finding the message of the ${kind} conversation`).then(() => true, () => false);
      } else {
        // once the participant finds it, the index has it: then the others must not
        await eventually(async () => (await bruno.client.get(`/search?q=${words[kind]}&type=message`)).body.items.length > 0,
          15000, `the ${kind} message indexed`);
        found = (await who.client.get(`/search?q=${words[kind]}&type=message`)).body.items.some((i) => i.id === target[kind].id);
      }
      cells.push({ role, kind, action: 'search', got: found, want: inside });
    }
  }
  const wrong = cells.filter((c) => c.got !== c.want);
  assert.deepEqual(wrong, [], report(wrong));
  assert.equal(cells.length, 8 * 3 * 10);
});
