// The directory sync and LDAP sign-in (docs/ldap.md) against a real
// OpenLDAP (tests/api/ldap_server.mjs): 500 people, a size limit of 300
// that only the paged search gets past, StartTLS and LDAPS with a test CA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, Client, eventually, sql, unique } from './client.mjs';
import { startSlapd, DEPARTMENTS } from './ldap_server.mjs';
import { readZip } from './zip.mjs';

const tag = unique('l').toLowerCase();
const PEOPLE = 500;
// the LDAP group « team »: people 1..60; « chefs »: 1, 2, 3
const TEAM = Array.from({ length: 60 }, (_, i) => i + 1);
let dir, admin, teamGroup, chefsGroup, ruleGroup;

const count = (q) => Number(sql(q).trim());
const accounts = (status = 'active') =>
  count(`SELECT COUNT(*) FROM users WHERE email LIKE '%@${tag}.ldap.test' AND status = '${status}'`);

async function syncNow(body = {}) {
  const r = await admin.post('/admin/ldap/sync', body);
  assert.equal(r.status, 202, r.text);
  return eventually(async () => {
    const g = await admin.get(`/admin/ldap/runs/${r.body.id}`);
    return ['done', 'failed', 'refused'].includes(g.body.status) && g.body;
  }, 30000, 'the sync run');
}

before(async () => {
  dir = await startSlapd({ people: PEOPLE, tag, groups: { team: TEAM, chefs: [1, 2, 3] } });
  admin = await adminClient();
  // an earlier run on the same stack synced another directory: forgotten
  sql('DELETE FROM ldap_accounts');
  const mk = async (name) => {
    const r = await admin.post('/groups', { name, visibility: 'private' });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  };
  teamGroup = await mk(`Équipe ${tag}`);
  chefsGroup = await mk(`Chefs ${tag}`);
  ruleGroup = await mk(`Voirie ${tag}`);
  // the existing membership rules do the departments
  const rr = await admin.put(`/groups/${ruleGroup}/rules`, { rules: [{ attribute: 'department', value: `${DEPARTMENTS[0]} ${tag}` }] });
  assert.equal(rr.status, 200, rr.text);
  const put = await admin.put('/admin/ldap', {
    uri: dir.url, starttls: true, ca_file: dir.caFile, bind_dn: dir.bindDn, password: dir.bindPassword,
    base_dn: dir.base, filter: '(objectClass=inetOrgPerson)', bind_auth: true, max_disable_percent: 10,
    groups: [{ dn: dir.groupDn('team'), group_id: teamGroup }, { dn: dir.groupDn('chefs'), group_id: chefsGroup }],
  });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.body.password_set, true);
  assert.equal(put.body.password, undefined, 'the password is never given back');
  assert.equal(put.body.groups.length, 2);
});

after(() => dir?.stop());

test('settings: only administrators; bad values refused with a reason', async () => {
  const someone = new Client();
  assert.equal((await someone.get('/admin/ldap')).status, 401);
  const bad = await admin.put('/admin/ldap', { uri: 'http://example.org' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /ldap:\/\//);
  assert.equal((await admin.put('/admin/ldap', { filter: '(objectClass=*' })).status, 400);
  assert.equal((await admin.put('/admin/ldap', { groups: [{ dn: 'cn=x,dc=y', group_id: 999999999 }] })).status, 400);
});

test('the preview lists what a first sync would do and changes nothing', async () => {
  const r = await admin.post('/admin/ldap/preview', {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.entries, PEOPLE, 'all 500 read through the 300-entry size limit (paged)');
  assert.equal(r.body.created, PEOPLE);
  assert.equal(r.body.status, 'ok');
  assert.equal(r.body.members_added, TEAM.length + 3);
  assert.equal(r.body.preview.create[0].email, dir.email(1));
  assert.equal(accounts(), 0, 'nothing written');
});

test('first sync: 500 accounts with department, site, manager and groups; sign-in by LDAP bind', async () => {
  const run = await syncNow();
  assert.equal(run.status, 'done', run.message);
  assert.equal(run.created, PEOPLE);
  assert.equal(accounts(), PEOPLE);
  const row = sql(`SELECT u.department, u.site, u.job_title, u.password_hash, l.dn, m.email FROM users u
    JOIN ldap_accounts l ON l.user_id = u.id LEFT JOIN users m ON m.id = l.manager_id WHERE u.email = '${dir.email(7)}'`).trim().split('\t');
  assert.deepEqual(row.slice(0, 3), [`Finances ${tag}`, 'Centre technique', 'Chef de service']);
  assert.equal(row[3], '!', 'no local password');
  assert.equal(row[4], dir.personDn(7));
  assert.equal(row[5], dir.email(1), 'the manager named by the entry');
  const seven = Number(sql(`SELECT id FROM users WHERE email = '${dir.email(7)}'`).trim());
  const profile = await admin.get(`/users/${seven}`);
  assert.equal(profile.body.manager.display_name, `Agent p00001 ${tag}`, 'the profile shows the manager');
  const members = (g, source) => count(`SELECT COUNT(*) FROM group_members WHERE group_id = ${g}${source ? ` AND source = '${source}'` : ''}`);
  assert.equal(members(teamGroup, 'ldap'), TEAM.length);
  assert.equal(members(chefsGroup, 'ldap'), 3);
  assert.equal(members(ruleGroup, 'rule'), PEOPLE / DEPARTMENTS.length, 'the membership rule on department');
  assert.equal(count(`SELECT member_count FROM \`groups\` WHERE id = ${teamGroup}`), TEAM.length + 1, 'the count kept (and the creator)');
  // the report in Administration
  const g = await admin.get('/admin/ldap');
  assert.equal(g.body.last_run.created, PEOPLE);

  const p = new Client();
  const ok = await p.login(dir.email(5), dir.password(5));
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.user.email, dir.email(5));
  // what is kept of the directory is in the person's data export
  assert.equal((await p.post('/me/export')).status, 202);
  const ready = await eventually(async () => {
    const s = (await p.get('/me/export')).body;
    return s.state === 'ready' && s;
  }, 20000, 'the export');
  const kept = JSON.parse(readZip((await p.get(ready.url)).bytes).get('directory.json').toString('utf8'));
  assert.equal(kept[0].dn, dir.personDn(5));
  const wrong = await new Client().login(dir.email(6), 'not-the-password');
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error.code, 'bad_credentials');
  assert.equal(count(`SELECT failures FROM login_throttle WHERE kind = 'account' AND k = '${dir.email(6)}'`), 1,
    'counted for the lockout like a local wrong password');
  assert.equal((await new Client().login(dir.email(6), '')).status, 401, 'an empty password never binds');
});

test('changes in the directory: updated, disabled, created, memberships follow; a removed person cannot sign in', async () => {
  // signed in before their entry goes: the session ends with the sync
  const leaver = new Client();
  assert.equal((await leaver.login(dir.email(202), dir.password(202))).status, 200);
  // 10 people move, 20 leave (4 % < 10 %), 15 arrive, two leave « team »
  let ldif = '';
  for (let i = 101; i <= 110; i++)
    ldif += `dn: ${dir.personDn(i)}\nchangetype: modify\nreplace: departmentNumber\ndepartmentNumber: ${DEPARTMENTS[0]} ${tag}\n-\nreplace: title\ntitle: Responsable\n\n`;
  ldif += `dn: ${dir.groupDn('team')}\nchangetype: modify\ndelete: member\nmember: ${dir.personDn(59)}\nmember: ${dir.personDn(60)}\n\n`;
  dir.modify(ldif);
  const gone = Array.from({ length: 20 }, (_, i) => 201 + i);
  dir.remove(gone);
  dir.add(Array.from({ length: 15 }, (_, i) => PEOPLE + 1 + i));
  const before = count(`SELECT COUNT(*) FROM users`);
  const preview = await admin.post('/admin/ldap/preview', {});
  assert.equal(preview.status, 200, preview.text);
  assert.deepEqual([preview.body.created, preview.body.updated, preview.body.disabled, preview.body.members_removed], [15, 10, 20, 2]);
  const moved = preview.body.preview.update.find((u) => u.email === dir.email(101));
  assert.deepEqual(moved.changes.department, { from: `${DEPARTMENTS[1]} ${tag}`, to: `${DEPARTMENTS[0]} ${tag}` });
  assert.equal(count(`SELECT COUNT(*) FROM users`), before, 'the preview wrote nothing');

  assert.equal((await new Client().login(dir.email(201), dir.password(201))).status, 401, 'no entry, no bind');
  const run = await syncNow();
  assert.equal(run.status, 'done', run.message);
  assert.deepEqual([run.created, run.updated, run.disabled, run.members_removed], [15, 10, 20, 2]);
  assert.equal(accounts(), PEOPLE + 15 - 20);
  assert.equal(accounts('disabled'), 20);
  assert.equal(sql(`SELECT department FROM users WHERE email = '${dir.email(101)}'`).trim(), `${DEPARTMENTS[0]} ${tag}`);
  assert.equal(count(`SELECT COUNT(*) FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = ${ruleGroup} AND u.email = '${dir.email(101)}'`), 1,
    'moved into the rule group');
  assert.equal(count(`SELECT COUNT(*) FROM group_members WHERE group_id = ${teamGroup} AND source = 'ldap'`), TEAM.length - 2);
  assert.equal((await leaver.get('/me')).status, 401, 'the session ended');
  assert.equal((await new Client().login(dir.email(201), dir.password(201))).status, 401);
  // the same directory again: nothing to do
  const again = await syncNow();
  assert.deepEqual([again.created, again.updated, again.disabled, again.unchanged], [0, 0, 0, PEOPLE + 15 - 20]);
});

test('the safety limit refuses a sync that would disable too many; a person back is enabled again', async () => {
  dir.remove(Array.from({ length: 60 }, (_, i) => 301 + i));          // 60 of 495: 12 % > 10 %
  dir.add([201]);                                                        // came back
  const run = await syncNow();
  assert.equal(run.status, 'refused');
  assert.match(run.message, /safety limit: 60 of 495/);
  assert.equal(accounts('disabled'), 20, 'nothing disabled, nothing enabled');
  const forced = await syncNow({ force: true });
  assert.equal(forced.status, 'done', forced.message);
  assert.deepEqual([forced.disabled, forced.enabled], [60, 1]);
  assert.equal(sql(`SELECT status FROM users WHERE email = '${dir.email(201)}'`).trim(), 'active');
  assert.equal((await new Client().login(dir.email(201), dir.password(201))).status, 200);
  assert.equal((await admin.get('/admin/ldap/runs')).body.items[1].status, 'refused');
});

test('the schedule: a sync runs by itself once its interval passed, and not before', async () => {
  sql('UPDATE ldap_runs SET finished_at = finished_at - INTERVAL 2 HOUR');
  assert.equal((await admin.put('/admin/ldap', { enabled: true, interval_minutes: 60 })).status, 200);
  const run = await eventually(async () => {
    const last = (await admin.get('/admin/ldap/runs?limit=1')).body.items[0];
    return last.trigger === 'schedule' && !['queued', 'running'].includes(last.status) && last;
  }, 15000, 'a scheduled run');
  assert.equal(run.status, 'done', run.message);
  assert.equal(run.created + run.updated + run.disabled, 0);
  const runs = count('SELECT COUNT(*) FROM ldap_runs');
  await new Promise((r) => setTimeout(r, 2500)); // lint-allow: sleep (the notifier looks every 2 s: nothing more may come)
  assert.equal(count('SELECT COUNT(*) FROM ldap_runs'), runs, 'not again within the hour');
  await admin.put('/admin/ldap', { enabled: false });
});

test('TLS: LDAPS with the test CA works; a certificate from another CA is refused; the directory away is said', async () => {
  assert.equal((await admin.put('/admin/ldap', { uri: dir.ldapsUrl, starttls: false })).status, 200);
  const ok = await admin.post('/admin/ldap/preview', {});
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.unchanged, PEOPLE + 15 - 80 + 1);
  assert.equal((await admin.put('/admin/ldap', { uri: dir.url, starttls: true, ca_file: dir.otherCaFile })).status, 200);
  const refused = await admin.post('/admin/ldap/preview', {});
  assert.equal(refused.status, 502);
  assert.equal(refused.body.error.code, 'ldap_failed');
  assert.match(refused.body.error.message, /TLS/);
  // a sign-in whose directory cannot be reached: a clear 503
  assert.equal((await admin.put('/admin/ldap', { uri: 'ldap://127.0.0.1:1', ca_file: dir.caFile })).status, 200);
  const away = await new Client().login(dir.email(5), dir.password(5));
  assert.equal(away.status, 503);
  assert.equal(away.body.error.code, 'directory_unavailable');
  assert.match(away.body.error.message, /annuaire/);
  // the break-glass administrator has a local password: unaffected
  assert.equal((await adminClient()) instanceof Client, true);
  await admin.put('/admin/ldap', { bind_auth: false, enabled: false });
});
