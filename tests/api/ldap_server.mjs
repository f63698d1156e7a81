// A real OpenLDAP server for the directory sync's tests (docs/ldap.md):
// slapd started in a private directory on free ports (ldap:// with
// StartTLS, and ldaps://), with a cn=config made here (mdb, the core,
// cosine and inetOrgPerson schemas, a size limit of 300 entries that only
// a paged search gets past), a test CA and a server certificate made with
// openssl, and a second CA that signed nothing of this server. The people
// (an LDIF generated here) are loaded with slapadd before slapd starts:
// far faster than ldapadd. Changes afterwards go through ldapmodify as the
// root DN.
//   const dir = await startSlapd({ people: 500, tag });
//   dir.url, dir.ldapsUrl, dir.caFile, dir.otherCaFile, dir.base, dir.bindDn,
//   dir.bindPassword, dir.person(i), await dir.modify(ldif), dir.stop()
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SUFFIX = 'dc=parvis,dc=test';
export const DEPARTMENTS = ['Voirie', 'Ressources humaines', 'Finances', 'Culture', 'Informatique'];
export const SITES = ['Hôtel de ville', 'Centre technique', 'Médiathèque'];

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

function openssl(args, cwd) {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

// a CA, and a server certificate for 127.0.0.1 it signs; another CA apart
function makeCerts(dir) {
  const days = ['-days', '2'];
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', ...days,
    '-subj', '/CN=Parvis test CA'], dir);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other-ca.key', '-out', 'other-ca.pem', ...days,
    '-subj', '/CN=Another CA'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr',
    '-subj', '/CN=127.0.0.1'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'server.pem', ...days, '-extfile', 'san.ext'], dir);
}

function configLdif(dir) {
  return `dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: ${dir}/slapd.pid
olcTLSCACertificateFile: ${dir}/ca.pem
olcTLSCertificateFile: ${dir}/server.pem
olcTLSCertificateKeyFile: ${dir}/server.key

dn: cn=module,cn=config
objectClass: olcModuleList
cn: module
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif

include: file:///etc/ldap/schema/cosine.ldif

include: file:///etc/ldap/schema/inetorgperson.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcDbDirectory: ${dir}/data
olcSuffix: ${SUFFIX}
olcRootDN: cn=admin,${SUFFIX}
olcRootPW: root-secret
olcDbMaxSize: 268435456
olcDbNoSync: TRUE
olcLimits: {0}* size.soft=300 size.hard=300 size.prtotal=unlimited
olcAccess: {0}to attrs=userPassword by anonymous auth by * none
olcAccess: {1}to * by dn.exact="cn=sync,ou=services,${SUFFIX}" read by self read by * none
`;
}

export function personLdif(base, i, tag, over = {}) {
  const uid = `p${String(i).padStart(5, '0')}`;
  const a = {
    cn: `Agent ${uid}`, sn: uid, givenName: 'Agent', displayName: `Agent ${uid} ${tag}`,
    mail: `${uid}@${tag}.ldap.test`, title: i % 7 === 0 ? 'Chef de service' : 'Agent',
    departmentNumber: `${DEPARTMENTS[i % DEPARTMENTS.length]} ${tag}`, l: SITES[i % SITES.length],
    telephoneNumber: `+33 1 00 00 ${String(i).padStart(4, '0')}`,
    manager: i > 1 ? `uid=p00001,ou=people,${base}` : null, userPassword: `pw-${uid}`, ...over,
  };
  let s = `dn: uid=${uid},ou=people,${base}\nobjectClass: inetOrgPerson\nuid: ${uid}\n`;
  for (const [k, v] of Object.entries(a)) if (v !== null && v !== undefined) s += `${k}: ${v}\n`;
  return s + '\n';
}

// start slapd with `people` people and `groups` ({cn: [person indexes]})
export async function startSlapd({ people = 500, tag, groups = {} }) {
  const dir = mkdtempSync(join(process.env.TMPDIR || tmpdir(), 'parvis-slapd-'));
  mkdirSync(join(dir, 'config'));
  mkdirSync(join(dir, 'data'));
  makeCerts(dir);
  writeFileSync(join(dir, 'config.ldif'), configLdif(dir));
  execFileSync('slapadd', ['-n0', '-F', join(dir, 'config'), '-l', join(dir, 'config.ldif')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const base = `ou=run-${tag},${SUFFIX}`;
  let ldif = `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: parvis\no: Parvis test\n\n`
    + `dn: ou=services,${SUFFIX}\nobjectClass: organizationalUnit\nou: services\n\n`
    + `dn: cn=sync,ou=services,${SUFFIX}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: sync\nuserPassword: sync-secret\n\n`
    + `dn: ${base}\nobjectClass: organizationalUnit\nou: run-${tag}\n\n`
    + `dn: ou=people,${base}\nobjectClass: organizationalUnit\nou: people\n\n`
    + `dn: ou=groups,${base}\nobjectClass: organizationalUnit\nou: groups\n\n`;
  for (let i = 1; i <= people; i++) ldif += personLdif(base, i, tag);
  for (const [cn, members] of Object.entries(groups)) {
    ldif += `dn: cn=${cn},ou=groups,${base}\nobjectClass: groupOfNames\ncn: ${cn}\n`;
    for (const i of members) ldif += `member: uid=p${String(i).padStart(5, '0')},ou=people,${base}\n`;
    ldif += '\n';
  }
  writeFileSync(join(dir, 'data.ldif'), ldif);
  execFileSync('slapadd', ['-q', '-F', join(dir, 'config'), '-b', SUFFIX, '-l', join(dir, 'data.ldif')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await freePort(), sport = await freePort();
  const url = `ldap://127.0.0.1:${port}`, ldapsUrl = `ldaps://127.0.0.1:${sport}`;
  const proc = spawn('slapd', ['-d', '0', '-F', join(dir, 'config'), '-h', `${url}/ ${ldapsUrl}/`],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (c) => { stderr += c; });
  // ready when it answers
  const end = performance.now() + 10000;
  for (;;) {
    try {
      execFileSync('ldapsearch', ['-x', '-H', url, '-D', `cn=admin,${SUFFIX}`, '-w', 'root-secret', '-b', SUFFIX, '-s', 'base', 'dn'],
        { stdio: 'ignore' });
      break;
    } catch {
      if (proc.exitCode !== null || performance.now() > end) throw new Error('slapd did not start: ' + stderr);
      await new Promise((r) => setTimeout(r, 100)); // lint-allow: sleep (polling slapd's start)
    }
  }
  const modify = (text) => execFileSync('ldapmodify', ['-x', '-H', url, '-D', `cn=admin,${SUFFIX}`, '-w', 'root-secret'],
    { input: text, encoding: 'utf8' });
  return {
    dir, url, ldapsUrl, base, port,
    caFile: join(dir, 'ca.pem'), otherCaFile: join(dir, 'other-ca.pem'),
    bindDn: `cn=sync,ou=services,${SUFFIX}`, bindPassword: 'sync-secret',
    groupDn: (cn) => `cn=${cn},ou=groups,${base}`,
    personDn: (i) => `uid=p${String(i).padStart(5, '0')},ou=people,${base}`,
    email: (i) => `p${String(i).padStart(5, '0')}@${tag}.ldap.test`,
    password: (i) => `pw-p${String(i).padStart(5, '0')}`,
    modify,
    // people removed (ldapmodify's changetype: delete, in one call)
    remove: (indexes) => modify(indexes.map((i) => `dn: uid=p${String(i).padStart(5, '0')},ou=people,${base}\nchangetype: delete\n`).join('\n')),
    add: (indexes, over) => modify(indexes.map((i) => personLdif(base, i, tag, over).replace(/^(dn: .*\n)/, '$1changetype: add\n')).join('')),
    stop() { if (proc.exitCode === null) proc.kill('SIGTERM'); },
  };
}
