// bench/ldap.sh's directory: slapd with N people (tests/api/ldap_server.mjs,
// its 300-entry size limit: the paged search is what reads them) and an
// LDAP group of N/10 members; prints its facts as one JSON line, then
// runs until SIGTERM.
import { startSlapd } from '../tests/api/ldap_server.mjs';

const n = Number(process.argv[2] || 10000);
const dir = await startSlapd({ people: n, tag: 'bench', groups: { staff: Array.from({ length: n / 10 }, (_, i) => i + 1) } });
console.log(JSON.stringify({ url: dir.url, base: dir.base, bindDn: dir.bindDn, bindPassword: dir.bindPassword,
  caFile: dir.caFile, groupDn: dir.groupDn('staff') }));
process.on('SIGTERM', () => { dir.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);
