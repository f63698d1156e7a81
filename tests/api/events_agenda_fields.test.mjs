// The agenda's two shapes (docs/events.md « The agenda's answer »): the
// whole event objects, read for the window's events as a list (with their
// attachments and the people invited by name counted for the whole list at
// once), must be the objects GET /events/{id} gives; ?fields=summary gives
// each event's summary with the same occurrences. Who sees what is the
// same in both.
import test from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, unique } from './client.mjs';

const admin = await adminClient();
const putFile = (who, folder, name, bytes) =>
  who.request('PUT', `/folders/${folder}/files/${encodeURIComponent(name)}`, undefined, { raw: Buffer.from(bytes), headers: {} });
const SUMMARY_KEYS = ['all_day', 'group', 'id', 'place', 'status', 'title', 'tz'];

test('the agenda: whole objects equal to the event\'s own, the summary with the same occurrences, the same people', async () => {
  const [alice, bob, carol, dave] = [await newUser(admin), await newUser(admin), await newUser(admin), await newUser(admin)];
  const g = (await alice.client.post('/groups', { name: unique('Conseil'), visibility: 'public' })).body;
  assert.equal((await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {})).status, 200);
  const drive = (await alice.client.get(`/groups/${g.id}/drive`)).body;
  const doc = await putFile(alice.client, drive.root_folder_id, 'ordre du jour.txt', 'points');
  assert.equal(doc.status, 201, doc.text);

  const made = async (body) => {
    const r = await alice.client.post(`/groups/${g.id}/events`, body);
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  // weekly across the October change, a place, a file
  const weekly = await made({ title: 'Commission', start: '2026-10-15T10:00:00+02:00', end: '2026-10-15T11:30:00+02:00',
    rrule: 'FREQ=WEEKLY;COUNT=4', place: 'Salle du conseil', attachments: [doc.body.id] });
  // all day, later cancelled
  const allDay = await made({ title: 'Journée portes ouvertes', start: '2026-10-20', end: '2026-10-21', all_day: true });
  // Carol, not a member, invited by name: counted beside the group
  const named = await made({ title: 'Audition', start: '2026-10-22T14:00:00+02:00', end: '2026-10-22T15:00:00+02:00',
    invitees: { group: true, users: [carol.id] } });
  assert.equal(named.counts.pending, 3);
  assert.equal((await alice.client.del(`/events/${allDay.id}`)).status, 204);

  const window = 'from=2026-10-01&to=2026-11-30';
  for (const [who, path, ids] of [[bob, `/events?${window}`, [weekly.id, allDay.id, named.id]],
    [bob, `/groups/${g.id}/events?${window}`, [weekly.id, allDay.id, named.id]],
    [carol, `/events?${window}`, [named.id]], [dave, `/events?${window}`, []]]) {
    const full = await who.client.get(path);
    assert.equal(full.status, 200, full.text);
    const summary = await who.client.get(`${path}&fields=summary`);
    assert.equal(summary.status, 200, summary.text);
    const mine = (items) => items.filter((i) => [weekly.id, allDay.id, named.id].includes(i.event.id));
    const f = mine(full.body.items), s = mine(summary.body.items);
    assert.deepEqual([...new Set(f.map((i) => i.event.id))].sort(), [...ids].sort(), `${who.email} ${path}`);
    // the same occurrences, in the same order
    assert.deepEqual(s.map((i) => [i.start, i.end, i.event.id]), f.map((i) => [i.start, i.end, i.event.id]));
    for (const id of ids) {
      const own = await who.client.get(`/events/${id}`);
      assert.equal(own.status, 200, own.text);
      for (const item of f.filter((i) => i.event.id === id)) assert.deepEqual(item.event, own.body, `event ${id} in ${path}`);
      for (const item of s.filter((i) => i.event.id === id)) {
        assert.deepEqual(Object.keys(item.event).sort(), SUMMARY_KEYS);
        for (const k of SUMMARY_KEYS) assert.deepEqual(item.event[k], own.body[k], `${k} of event ${id}`);
      }
    }
    if (ids.includes(weekly.id)) {
      assert.deepEqual(f.filter((i) => i.event.id === weekly.id).map((i) => i.start), ['2026-10-15T10:00:00+02:00',
        '2026-10-22T10:00:00+02:00', '2026-10-29T10:00:00+01:00', '2026-11-05T10:00:00+01:00']);
      const w = f.find((i) => i.event.id === weekly.id).event;
      assert.deepEqual(w.attachments.map((a) => [a.id, a.name]), [[doc.body.id, 'ordre du jour.txt']]);
      const d = s.find((i) => i.event.id === allDay.id);
      assert.deepEqual([d.start, d.end, d.event.all_day, d.event.status], ['2026-10-20', '2026-10-21', true, 'cancelled']);
    }
    if (ids.includes(named.id)) assert.equal(f.find((i) => i.event.id === named.id).event.counts.pending, 3);
  }

  const bad = await bob.client.get(`/events?${window}&fields=all`);
  assert.equal(bad.status, 400, bad.text);
  assert.match(bad.body.error.message, /summary/);
});

// The summaries come from each worker's memory (fcgi/events/events_cache.h):
// every change must show at once, whichever worker answers. Each read is
// asked several times so that every worker of the stack answers one.
test('the summary follows every change at once, on every worker: created, changed, cancelled, renamed, left', async () => {
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = (await alice.client.post('/groups', { name: unique('Voirie'), visibility: 'private' })).body;
  assert.equal((await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {})).status, 200);
  const window = 'from=2027-05-01&to=2027-05-31&fields=summary';
  const seen = async (what) => {
    const answers = [];
    for (let k = 0; k < 8; k++) {
      const r = await bob.client.get(`/events?${window}`);
      assert.equal(r.status, 200, r.text);
      answers.push(JSON.stringify(r.body.items.map((i) => [i.start, i.event.title, i.event.status, i.event.group && i.event.group.name])));
    }
    assert.equal(new Set(answers).size, 1, `${what}: every worker answers the same (${[...new Set(answers)].join(' | ')})`);
    return JSON.parse(answers[0]);
  };
  assert.deepEqual(await seen('before'), []);
  const e = (await alice.client.post(`/groups/${g.id}/events`, { title: 'Tournée', start: '2027-05-10T09:00:00+02:00',
    end: '2027-05-10T10:00:00+02:00', rrule: 'FREQ=WEEKLY;COUNT=2' })).body;
  assert.deepEqual(await seen('created'), [['2027-05-10T09:00:00+02:00', 'Tournée', 'confirmed', g.name],
    ['2027-05-17T09:00:00+02:00', 'Tournée', 'confirmed', g.name]]);
  assert.equal((await alice.client.put(`/events/${e.id}`, { title: 'Tournée des quartiers' })).status, 200);
  assert.deepEqual((await seen('changed')).map((i) => i[1]), ['Tournée des quartiers', 'Tournée des quartiers']);
  const renamed = unique('Voirie et propreté');
  assert.equal((await alice.client.patch(`/groups/${g.id}`, { name: renamed })).status, 200);
  assert.deepEqual((await seen('renamed')).map((i) => i[3]), [renamed, renamed]);
  assert.equal((await alice.client.del(`/events/${e.id}`)).status, 204);
  assert.deepEqual((await seen('cancelled')).map((i) => i[2]), ['cancelled', 'cancelled']);
  assert.equal((await alice.client.del(`/groups/${g.id}/members/${bob.id}`)).status, 204);
  assert.deepEqual(await seen('left'), []);
});
