// Importing people from a CSV file (docs/imports.md): the preview line by
// line, then all of it or nothing; the same file again changes nothing;
// errors named with their line; Windows-1252, semicolons, a BOM; a file
// too long refused at once; administrators only; disable_missing; a new
// person's invitation mail sets their password; a formula-like name
// comes back neutralised by the people export.
// parvis-notifier must run in the stack (it mails the invitations).
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, eventually, sql, unique, ADMIN } from './client.mjs';
import { useRelay } from './mailbox.mjs';

let admin, relay, smtp;
test.before(async () => {
  admin = await adminClient();
  relay = await useRelay(admin);
  smtp = relay.smtp;
});
test.after(async () => { await relay?.stop(); });

const importCsv = (bytes, query = 'dry_run=1', who = admin, type = 'text/csv') =>
  who.post(`/imports/people${query ? '?' + query : ''}`, undefined, { raw: bytes, headers: { 'Content-Type': type } });
const address = () => `${unique('imp')}@example.org`;
const count = (q) => Number(sql(q).trim());
const reasons = (body) => body.errors.map((e) => [e.line, e.reason]);

test('preview, apply, the same file again: nothing changes; the new person chooses a password from the mail', async () => {
  const g = await admin.post('/groups', { name: `Agents ${unique()}`, visibility: 'private' });
  assert.equal(g.status, 201, g.text);
  const known = await newUser(admin, { name: 'Déjà Là', signIn: false });
  const a = address(), b = address();
  const csv = [
    'Courriel,Nom,Fonction,Service,Site,Téléphone,Rôle,Groupes',
    `${a.toUpperCase()},Agnès Varda,Gardienne,Patrimoine,Nord,0102030405,utilisateur,${g.body.name}`,
    `${known.email},Déjà Là,,Voirie,,,,`,
    `${b},Bruno Ganz,,,,,,`,
  ].join('\r\n') + '\r\n';

  const p = await importCsv(csv);
  assert.equal(p.status, 200, p.text);
  assert.deepEqual([p.body.create, p.body.update, p.body.unchanged, p.body.disable, p.body.errors], [2, 1, 0, 0, []]);
  assert.deepEqual(p.body.lines.map((l) => [l.line, l.email, l.action]),
    [[2, a, 'create'], [3, known.email, 'update'], [4, b, 'create']]);
  assert.deepEqual(p.body.lines[1].changes, { department: { from: '', to: 'Voirie' } });
  assert.deepEqual(p.body.lines[0].groups_added, [g.body.name]);
  assert.equal(count(`SELECT COUNT(*) FROM users WHERE email IN ('${a}', '${b}')`), 0, 'a preview writes nothing');

  const r = await importCsv(csv, '');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.applied, true);
  const [id, job, phone, status] = sql(`SELECT id, job_title, phone, status FROM users WHERE email = '${a}'`).trim().split('\t');
  assert.deepEqual([job, phone, status], ['Gardienne', '0102030405', 'active']);
  assert.equal(count(`SELECT COUNT(*) FROM group_members WHERE group_id = ${g.body.id} AND user_id = ${id}`), 1);
  assert.equal((await admin.get(`/groups/${g.body.id}`)).body.member_count, g.body.member_count + 1, 'counted');
  assert.equal((await admin.get(`/users/${known.id}`)).body.department, 'Voirie');
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'account.create' AND target_id = ${id}`), 1);
  assert.match(sql(`SELECT detail FROM audit_log WHERE action = 'import.apply' ORDER BY id DESC LIMIT 1`),
    /create=2 update=1 unchanged=0 disable=0/);

  const again = await importCsv(csv, '');
  assert.equal(again.status, 200, again.text);
  assert.deepEqual([again.body.create, again.body.update, again.body.unchanged], [0, 0, 3]);
  assert.equal(count(`SELECT COUNT(*) FROM invitations WHERE email = '${a}'`), 1, 'no second invitation');

  // the invitation mail: its link sets the imported account's password
  const m = await eventually(() => smtp.messages().find((x) => x.envelope.rcpt_tos.includes(a)), 15000, 'the invitation mail');
  const token = /\/invitation#([A-Za-z0-9_-]{43})\s/.exec(m.parts.find((x) => x.type === 'text/plain').body)[1];
  const c = new Client();
  const acc = await c.post('/invitations/accept', { token, display_name: 'Agnès Varda', password: 'une phrase assez longue pour entrer' });
  assert.equal(acc.status, 200, acc.text);
  assert.equal(acc.body.user.id, Number(id));
  assert.equal((await new Client().login(a, 'une phrase assez longue pour entrer')).status, 200);
  assert.equal((await new Client().login(b, '!')).status, 401, 'no password before the invitation is accepted');
});

test('errors named with their line and reason; applying them writes nothing (all or nothing)', async () => {
  const ok = address(), dup = address();
  const long = 'x'.repeat(101);
  const csv = [
    'email;name;role;groups',
    `${ok};Valide;;`,
    `pas-une-adresse;Sans Adresse;;`,
    `${dup};Premier;;`,
    `${address()};Groupe;;Groupe qui n'existe pas ${unique()}`,
    `${dup.toUpperCase()};Second;;`,
    `${address()};Rôle;chef;`,
    `${address()};;;`,
    `${address()};${long};;`,
    `${address()};Trop;de;champs;ici`,
    `${address()},Virgules,,`,
    '',
    `${address()};"Guillemet jamais fermé;;`,
    `${address()};Perdu;;`,
  ].join('\n');
  const p = await importCsv(csv);
  assert.equal(p.status, 200, p.text);
  assert.deepEqual(reasons(p.body), [
    [3, 'bad_email'], [4, 'duplicate'], [5, 'unknown_group'], [6, 'duplicate'], [7, 'unknown_role'],
    [8, 'missing_name'], [9, 'too_long'], [10, 'field_count'], [11, 'mixed_separators'], [13, 'unterminated_quote'],
  ]);
  assert.match(p.body.errors[1].message, /ligne 6/);
  assert.match(p.body.errors[3].message, /ligne 4/);
  assert.equal(p.body.create, 1);

  const r = await importCsv(csv, '');
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.code, 'import_errors');
  assert.match(r.body.error.message, /Rien n'a été importé : 10 ligne/);
  assert.equal(r.body.error.import.errors.length, 10);
  assert.equal(count(`SELECT COUNT(*) FROM users WHERE email = '${ok}'`), 0, 'the valid line was not applied either');
});

test('Windows-1252 with semicolons, UTF-8 with a BOM, quotes around separators; the encoding is said', async () => {
  const a = address(), b = address();
  const cp = Buffer.from(`e-mail;nom;fonction\r\n${a};"Zoé L'Hôte; fille";Trésorière\r\n`, 'latin1');
  const p = await importCsv(cp, '');
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.encoding, 'windows-1252');
  assert.equal(p.body.separator, ';');
  assert.equal(sql(`SELECT CONCAT(display_name, '/', job_title) FROM users WHERE email = '${a}'`).trim(), "Zoé L'Hôte; fille/Trésorière");

  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`name,email\n"Ærø, Ægir",${b}\n`)]);
  const q = await importCsv(bom, '');
  assert.equal(q.status, 200, q.text);
  assert.equal(q.body.encoding, 'utf-8');
  assert.equal(sql(`SELECT display_name FROM users WHERE email = '${b}'`).trim(), 'Ærø, Ægir');

  // whole-file errors: a header without e-mail, an unknown column, no line
  const noEmail = await importCsv('nom,fonction\nA,B\n');
  assert.equal(noEmail.status, 400);
  assert.match(noEmail.body.error.message, /colonne « email »/);
  const unknown = await importCsv('email,nom,matricule\n');
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.error.message, /« matricule »/);
  assert.equal((await importCsv('email,nom\n\n')).status, 400);
  assert.equal((await importCsv('{"a":1}', 'dry_run=1', admin, 'application/json')).status, 415);
});

test('a file of 100,000 lines is refused at once, with a clear message; so is one over 10 MiB', async () => {
  const lines = ['email,name'];
  for (let i = 0; i < 100000; i++) lines.push(`p${i}@big.example.org,Personne ${i}`);
  const t0 = performance.now();
  const r = await importCsv(lines.join('\n'));
  assert.equal(r.status, 413, r.text);
  assert.equal(r.body.error.code, 'too_many_lines');
  assert.match(r.body.error.message, /20000 personnes au plus/);
  assert.ok(performance.now() - t0 < 5000, `answered in ${Math.round(performance.now() - t0)} ms`);
  const huge = await importCsv(Buffer.alloc(10.5 * 1024 * 1024, 'a'));
  assert.equal(huge.status, 413);
  assert.match(huge.body.error.message, /10 Mio au plus/);
  assert.equal(count(`SELECT COUNT(*) FROM users WHERE email LIKE '%@big.example.org'`), 0);
});

test('administrators only: a member gets 403, nobody signed in 401', async () => {
  const u = await newUser(admin);
  const csv = `email,name\n${address()},X\n`;
  const r = await importCsv(csv, 'dry_run=1', u.client);
  assert.equal(r.status, 403, r.text);
  assert.equal((await importCsv(csv, '', new Client())).status, 401);
  assert.equal((await u.client.get('/users?format=csv')).status, 403);
});

test('disable_missing: the active accounts absent from the file are shown, then disabled; never the importer nor a guest', async () => {
  const gone = await newUser(admin, { name: 'Partie', signIn: true });
  // an external guest is on no staff file: never disabled by it (docs/guests.md)
  const guest = await admin.post('/users', { email: `invitee-${Date.now()}@example.org`, display_name: 'Invitée', kind: 'guest' });
  assert.equal(guest.status, 201, guest.text);
  // every active account but one, as the export writes them
  const exp = await admin.get('/users?format=csv');
  assert.equal(exp.status, 200, exp.text);
  assert.match(exp.headers['content-type'], /text\/csv/);
  // the e-mail and name of each (the other tests' groups may share names)
  const kept = exp.text.split('\r\n').filter((l) => l && !l.includes(`"${gone.email}"`) && !l.includes(`"${ADMIN.email}"`) && !l.includes(`"${guest.body.email}"`))
    .map((l) => [...l.matchAll(/"((?:[^"]|"")*)"/g)].slice(0, 2).map((m) => m[0]).join(','));
  const p = await importCsv(kept.join('\r\n'), 'dry_run=1&disable_missing=1');
  assert.equal(p.status, 200, p.text);
  assert.deepEqual(p.body.disabled.map((d) => d.email), [gone.email], 'the importer is never disabled');
  assert.equal(p.body.disable, 1);
  assert.equal(p.body.create + p.body.update, 0, 'an export imported back changes nothing');
  const r = await importCsv(kept.join('\r\n'), 'disable_missing=1');
  assert.equal(r.status, 200, r.text);
  assert.equal((await admin.get(`/users/${gone.id}`)).body.status, 'disabled');
  assert.equal((await admin.get(`/users/${guest.body.id}`)).body.status, 'active', 'the guest kept');
  assert.equal((await gone.client.get('/me')).status, 401, 'their sessions ended');
  assert.equal((await admin.get('/me')).status, 200);
  assert.equal((await importCsv('email,name\nx@y.z,X\n', 'disable_missing=maybe')).status, 400);
});

test('a formula-like name is imported as text and comes back neutralised by the people export', async () => {
  const a = address();
  const evil = "=cmd|' /C calc'!A0";
  const r = await importCsv(`email,name\n${a},"${evil}"\n`, '');
  assert.equal(r.status, 200, r.text);
  assert.equal(sql(`SELECT display_name FROM users WHERE email = '${a}'`).trim(), evil);
  const exp = await admin.get('/users?format=csv');
  const line = exp.text.split('\r\n').find((l) => l.startsWith(`"${a}"`));
  assert.equal(line.split(',')[1], `"'${evil}"`, 'a leading apostrophe: a spreadsheet shows it as text');
  // and that export imported again changes nothing (the apostrophe taken off)
  const back = await importCsv(`${exp.text.split('\r\n')[0]}\r\n${line}\r\n`);
  assert.equal(back.body.unchanged, 1, back.text);
});
