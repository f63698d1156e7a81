// « Veille » and Atom (docs/feeds.md), against a real HTTP server this test
// starts (node's http module, on loopback): RSS 2.0 with CDATA and HTML in
// its descriptions, RSS 1.0 (RDF), Atom with xhtml content, ISO-8859-1
// declared; malformed, huge (over 5 MB, no Content-Length), slow (over
// 10 s), redirecting (more than 3 times, and to an address the guard
// refuses); ETag / 304; an item never published twice, across polls and
// after the same feed is added again. SSRF: loopback, 10.x, the clouds'
// metadata address and a name that resolves to loopback are refused with
// the reason, until the administrator lists the host. Atom out is parsed
// by libxml2 (python3-lxml): the news, a public group, a private group's
// 404, a person's private feed and its revoked token's 404.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { lookup } from 'node:dns/promises';
import { Client, adminClient, newUser, unique, eventually, pidOf, childrenOf } from './client.mjs';

const admin = await adminClient();

// ---- the feeds' server ----
const rssItems = [];
for (let i = 1; i <= 7; i++) {
  rssItems.push({ guid: `urn:ministere:${i}`, title: `Communiqué n°${i} & annexe`, link: `https://www.example.gouv.fr/c/${i}`,
                  date: new Date(Date.UTC(2026, 10, i, 9, 0, 0)).toUTCString(),
                  html: `<p>Le <b>ministère</b> annonce la mesure ${i}.</p><script>alert(${i})</script><p><a href="javascript:evil()">Lire</a> [x](y) #tag</p>` });
}
let rssVersion = 1;
const seen = [];                                  // [path, if-none-match]
const rss2 = () => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel><title>Ministère — Actualités</title><link>https://www.example.gouv.fr/</link>
<atom:link rel="self" href="https://www.example.gouv.fr/rss.xml"/><description>Les communiqués</description>
${rssItems.map((it) => `<item><title>${it.title.replace('&', '&amp;')}</title><link>${it.link}</link>
<guid isPermaLink="false">${it.guid}</guid><pubDate>${it.date}</pubDate>
<description><![CDATA[${it.html}]]></description></item>`).join('\n')}
</channel></rss>`;
const rdf = `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example.org/"><title>Revue RDF</title><link>https://rdf.example.org/</link><description>d</description>
<items><rdf:Seq><rdf:li rdf:resource="https://rdf.example.org/1"/></rdf:Seq></items></channel>
<item rdf:about="https://rdf.example.org/1"><title>Article RDF</title><link>https://rdf.example.org/1</link>
<description>Résumé &lt;em&gt;RDF&lt;/em&gt;</description><dc:date>2026-11-20T08:00:00+01:00</dc:date></item>
</rdf:RDF>`;
const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog Atom</title><id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
<updated>2026-11-21T10:00:00Z</updated><link href="https://atom.example.org/"/>
<entry><title type="html">&lt;i&gt;Billet&lt;/i&gt; xhtml</title><id>tag:atom.example.org,2026:1</id><link rel="alternate" href="https://atom.example.org/1"/>
<updated>2026-11-21T10:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Un <strong>contenu</strong> riche</p><img src="x" onerror="alert(1)"/><ul><li>point</li></ul></div></content></entry>
</feed>`;
const latin1 = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?><rss version="0.91"><channel><title>Revue latine</title>
<link>https://latin.example.org/</link><item><title>Été à Besançon</title><link>https://latin.example.org/ete</link>
<description>Déjà-vu</description></item></channel></rss>`, 'latin1');

const server = http.createServer((rq, rs) => {
  const url = new URL(rq.url, 'http://x');
  seen.push([url.pathname, rq.headers['if-none-match'] ?? null, rq.headers['user-agent']]);
  const send = (type, body, headers = {}) => { rs.writeHead(200, { 'Content-Type': type, ...headers }); rs.end(body); };
  const redirect = url.pathname.match(/^\/hop\/(\d+)$/);
  if (redirect) {
    const n = Number(redirect[1]);
    rs.writeHead(302, { Location: n > 0 ? `/hop/${n - 1}` : '/rdf.xml' });
    return rs.end();
  }
  switch (url.pathname) {
  case '/rss2.xml': {
    const etag = `"v${rssVersion}"`;
    if (rq.headers['if-none-match'] === etag) { rs.writeHead(304, { ETag: etag }); return rs.end(); }
    return send('application/rss+xml; charset=utf-8', rss2(), { ETag: etag, 'Last-Modified': 'Tue, 01 Dec 2026 10:00:00 GMT' });
  }
  case '/rdf.xml': return send('application/rdf+xml', rdf);
  case '/atom.xml': return send('application/atom+xml', atom);
  case '/latin1.xml': return send('text/xml', latin1);
  case '/malformed.xml': return send('application/rss+xml', '<rss version="2.0"><channel><title>Cassé</title><item><title>x</titl></item></channel></rss>');
  case '/page.html': return send('text/html', '<html><body><p>Pas un flux</p></body></html>');
  case '/huge.xml': {
    // over 5 MB, chunked (no Content-Length): the write callback stops it
    rs.writeHead(200, { 'Content-Type': 'application/rss+xml' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const more = () => {
      while (sent < 7 * 1024 * 1024) {
        sent += chunk.length;
        if (!rs.write(chunk)) return rs.once('drain', more);
      }
      rs.end();
    };
    rs.on('error', () => {});
    return more();
  }
  case '/slow.xml': {
    // a byte a second: over the 10 s the guard allows in all
    rs.writeHead(200, { 'Content-Type': 'application/rss+xml' });
    rs.write('<rss version="2.0"><channel>');
    const t = setInterval(() => rs.write(' '), 1000);
    setTimeout(() => { clearInterval(t); rs.end('</channel></rss>'); }, 14000);
    rs.on('close', () => clearInterval(t));
    return;
  }
  case '/to-metadata':
    rs.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' });
    return rs.end();
  case '/gone.xml':
    rs.writeHead(404, { 'Content-Type': 'text/plain' });
    return rs.end('no');
  }
  rs.writeHead(404);
  rs.end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const PORT = server.address().port;
const local = (path) => `http://127.0.0.1:${PORT}${path}`;
test.after(() => server.close());

// ---- people and groups ----
const manager = await newUser(admin, { name: 'Cellule veille' });
const member = await newUser(admin);
const outsider = await newUser(admin);
const pub = (await manager.client.post('/groups', { name: unique('Veille'), visibility: 'public', posting: 'members' })).body;
const priv = (await manager.client.post('/groups', { name: unique('Privé'), visibility: 'private', posting: 'members' })).body;
const sec = (await manager.client.post('/groups', { name: unique('Secret'), visibility: 'secret', posting: 'members' })).body;
for (const g of [pub, priv]) assert.equal((await manager.client.put(`/groups/${g.id}/members/${member.id}`, { role: 'member' })).status, 200);

const allow = async (list) => {
  const r = await admin.put('/admin/outgoing', { allow: list });
  assert.equal(r.status, 200, r.text);
};
const add = async (group, url, who = manager.client) => who.post(`/groups/${group.id}/feeds`, { url });
const feedOf = async (group, id) => (await manager.client.get(`/groups/${group.id}/feeds`)).body.items.find((f) => f.id === id);
// waits until the feed was fetched since `after` (its last fetch moved)
const fetched = async (group, id, after = null, ms = 8000) =>
  eventually(async () => { const f = await feedOf(group, id); return f && f.last_fetch && f.last_fetch !== after ? f : null; }, ms, `feed ${id} fetched`);
const refresh = async (group, f) => {
  const before = (await feedOf(group, f.id)).last_fetch;
  // a second apart: last_fetch is to the second
  await eventually(async () => new Date().toISOString().slice(0, 19) + 'Z' !== before, 1500, 'the next second');
  const r = await manager.client.post(`/groups/${group.id}/feeds/${f.id}/refresh`);
  assert.equal(r.status, 202, r.text);
  return fetched(group, f.id, before);
};
const postsOf = async (group, who = manager.client) => (await who.get(`/groups/${group.id}/posts?limit=50`)).body.items;

let slow;
test('SSRF: loopback, private, metadata and a name resolving to loopback are refused with the reason; allowed once listed', async () => {
  await allow('');
  // a name that resolves to loopback: the machine's own, else localhost
  let name = hostname();
  try { if (!(await lookup(name)).address.startsWith('127.')) name = 'localhost'; } catch { name = 'localhost'; }
  const cases = [
    [local('/rss2.xml'), /adresse refusée : 127\.0\.0\.1 \(adresse de la machine elle-même\)/],
    ['http://10.20.30.40/feed.xml', /adresse refusée : 10\.20\.30\.40 \(réseau privé\)/],
    ['http://169.254.169.254/latest/meta-data/', /adresse refusée : 169\.254\.169\.254 \(réseau local de lien\)/],
    [`http://${name}:${PORT}/atom.xml`, /adresse refusée : 127\.\d+\.\d+\.\d+/],
  ];
  const feeds = [];
  for (const [url, reason] of cases) {
    const r = await add(pub, url);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.state, 'pending');
    feeds.push([r.body, reason]);
  }
  const before = seen.length;
  for (const [f, reason] of feeds) {
    const got = await fetched(pub, f.id);
    assert.equal(got.state, 'error');
    assert.match(got.last_error, reason);
    assert.equal(got.failures, 1);
    // retried after 15 minutes, then doubling
    const wait = (Date.parse(got.next_fetch) - Date.parse(got.last_fetch)) / 1000;
    assert.ok(wait >= 890 && wait <= 910, `next try in ${wait} s`);
  }
  assert.equal(seen.length, before, 'the server was never reached');
  // a second failure in a row: 30 minutes
  const again = await refresh(pub, feeds[0][0]);
  assert.equal(again.failures, 2);
  const wait = (Date.parse(again.next_fetch) - Date.parse(again.last_fetch)) / 1000;
  assert.ok(wait >= 1790 && wait <= 1810, `next try in ${wait} s`);

  // an allow list net_guard cannot read is refused with the entry
  const bad = await admin.put('/admin/outgoing', { allow: '127.0.0.1, 10.0.0.0/99' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /10\.0\.0\.0\/99/);
  assert.equal((await member.client.put('/admin/outgoing', { allow: '10.0.0.0/8' })).status, 403);

  await allow(`127.0.0.1 ${name}`);
  // the slow one first: its 10 s run while the rest of the tests go on
  slow = (await add(pub, local('/slow.xml'))).body;
  const ok = await refresh(pub, feeds[0][0]);
  assert.equal(ok.state, 'ok', ok.last_error);
  assert.equal(ok.failures, 0);
  assert.equal(ok.title, 'Ministère — Actualités');
  // the first fetch publishes the newest 5 of the 7 items
  assert.equal(ok.items_published, 5);
  const named = await refresh(pub, feeds[3][0]);
  assert.equal(named.state, 'ok', named.last_error);
  // still refused: not listed
  const still = await refresh(pub, feeds[1][0]);
  assert.match(still.last_error, /adresse refusée : 10\.20\.30\.40/);
  for (const [f] of feeds.slice(1)) assert.equal((await manager.client.del(`/groups/${pub.id}/feeds/${f.id}`)).status, 204);
});

test('RSS 2.0: each new item a post by the feed, its HTML made safe; 304s; never twice, even re-added', async () => {
  const list = (await manager.client.get(`/groups/${pub.id}/feeds`)).body.items;
  const f = list.find((x) => x.url === local('/rss2.xml'));
  let posts = (await postsOf(pub)).filter((p) => p.author.display_name === 'Ministère — Actualités');
  assert.deepEqual(posts.map((p) => p.title).sort(), [3, 4, 5, 6, 7].map((i) => `Communiqué n°${i} & annexe`).sort());
  const p7 = posts.find((p) => p.title.startsWith('Communiqué n°7'));
  assert.ok(p7.publish_at.startsWith('2026-11-07T09:00:00'), p7.publish_at);
  assert.match(p7.body_html, /Le ministère annonce la mesure 7\./);
  assert.match(p7.body_html, /href="https:\/\/www\.example\.gouv\.fr\/c\/7"/);
  assert.doesNotMatch(p7.body_html, /<script|<b>|javascript:|class="hashtag"/);
  assert.match(p7.body_html, /\[x\]\(y\) #tag/);

  // nothing changed: a conditional GET answered 304
  const unchanged = await refresh(pub, f);
  assert.equal(unchanged.last_status, 304);
  assert.equal(seen.filter(([p, inm]) => p === '/rss2.xml' && inm === '"v1"').length >= 1, true);
  assert.match(seen.find(([p]) => p === '/rss2.xml')[2], /Parvis/);
  // a new item and a changed ETag: only the new one is published
  rssItems.unshift({ guid: 'urn:ministere:8', title: 'Communiqué n°8', link: 'https://www.example.gouv.fr/c/8',
                     date: new Date(Date.now() - 60000).toUTCString(), html: 'Nouveau' });
  rssVersion = 2;
  const changed = await refresh(pub, f);
  assert.equal(changed.last_status, 200);
  assert.equal(changed.items_published, 6);
  rssVersion = 3;                                 // a new ETag, the same items
  await refresh(pub, f);
  posts = (await postsOf(pub)).filter((p) => p.author.display_name === 'Ministère — Actualités');
  assert.equal(posts.length, 6);
  // removed and added again: its items are known, nothing is published
  assert.equal((await manager.client.del(`/groups/${pub.id}/feeds/${f.id}`)).status, 204);
  const again = (await add(pub, local('/rss2.xml'))).body;
  const read = await fetched(pub, again.id);
  assert.equal(read.state, 'ok');
  assert.equal(read.items_published, 0);
  assert.equal((await postsOf(pub)).filter((p) => p.author.display_name === 'Ministère — Actualités').length, 6);
  assert.equal((await add(pub, local('/rss2.xml'))).status, 409);
});

test('RSS 1.0, Atom xhtml, ISO-8859-1, a redirect within the limit', async () => {
  const made = {};
  for (const path of ['/atom.xml', '/latin1.xml', '/hop/2']) made[path] = (await add(priv, local(path))).body;
  for (const [path, f] of Object.entries(made)) {
    const got = await fetched(priv, f.id);
    assert.equal(got.state, 'ok', `${path}: ${got.last_error}`);
  }
  const posts = await postsOf(priv);
  const byAuthor = (n) => posts.filter((p) => p.author.display_name === n);
  const [a] = byAuthor('Blog Atom');
  assert.equal(a.title, 'Billet xhtml');
  assert.match(a.body_html, /Un contenu riche/);
  assert.match(a.body_html, /point/);
  assert.doesNotMatch(a.body_html, /onerror|<img|<strong>/);
  const [l] = byAuthor('Revue latine');
  assert.equal(l.title, 'Été à Besançon');
  assert.match(l.body_html, /Déjà-vu/);
  const [r] = byAuthor('Revue RDF');               // through two redirects
  assert.equal(r.title, 'Article RDF');
  assert.match(r.body_html, /Résumé RDF/);
  assert.ok(r.publish_at.startsWith('2026-11-20T07:00:00'), r.publish_at);
});

test('a feed in error says why: malformed, not a feed, too large, too slow, too many redirects, a refused redirect, HTTP 404', async () => {
  const cases = {
    '/malformed.xml': /^flux illisible : ligne 1 : /,
    '/page.html': /ni RSS ni Atom/,
    '/huge.xml': /trop volumineux \(plus de 5 Mo\)/,
    '/hop/5': /trop de redirections \(plus de 3\)/,
    '/to-metadata': /adresse refusée : 169\.254\.169\.254/,
    '/gone.xml': /^HTTP 404$/,
  };
  const made = {};
  for (const path of Object.keys(cases)) made[path] = (await add(priv, local(path))).body;
  for (const [path, reason] of Object.entries(cases)) {
    const got = await fetched(priv, made[path].id);
    assert.equal(got.state, 'error', path);
    assert.match(got.last_error, reason, path);
  }
  const s = await fetched(pub, slow.id, null, 20000);
  assert.equal(s.state, 'error');
  assert.match(s.last_error, /délai dépassé \(10 s\)/);
});

test('who manages feeds: managers and administrators; others 403, or 404 for a secret group', async () => {
  assert.equal((await add(pub, local('/rdf.xml'), member.client)).status, 403);
  assert.equal((await member.client.get(`/groups/${pub.id}/feeds`)).status, 403);
  assert.equal((await add(priv, local('/rdf.xml'), outsider.client)).status, 403);
  assert.equal((await add(sec, local('/rdf.xml'), outsider.client)).status, 404);
  assert.equal((await outsider.client.get(`/groups/${sec.id}/feeds`)).status, 404);
  const bad = await add(pub, 'file:///etc/passwd');
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /http:\/\/ ou https:\/\//);
  const byAdmin = await add(sec, local('/rdf.xml'), admin);
  assert.equal(byAdmin.status, 201, byAdmin.text);
  assert.equal((await admin.del(`/groups/${sec.id}/feeds/${byAdmin.body.id}`)).status, 204);
  assert.equal((await manager.client.del(`/groups/${pub.id}/feeds/999999`)).status, 404);
});

// Atom out, read by libxml2
const atomCheck = (xml) => JSON.parse(execFileSync('/usr/bin/python3', ['-c', `
import json, sys
from lxml import etree
doc = etree.fromstring(sys.stdin.buffer.read(), etree.XMLParser(resolve_entities=False, no_network=True))
A = '{http://www.w3.org/2005/Atom}'
assert doc.tag == A + 'feed', doc.tag
def one(e, name):
    found = e.findall(A + name)
    assert len(found) == 1, name
    return found[0]
for name in ('id', 'title', 'updated'): one(doc, name)
entries = []
for e in doc.findall(A + 'entry'):
    for name in ('id', 'title', 'updated'): one(e, name)
    assert e.find(A + 'author/' + A + 'name') is not None or doc.find(A + 'author') is not None
    link = [l.get('href') for l in e.findall(A + 'link') if l.get('rel') == 'alternate']
    content = one(e, 'content')
    assert content.get('type') in ('text', 'html')
    entries.append({'id': one(e, 'id').text, 'title': one(e, 'title').text, 'link': link[0], 'content': content.text,
                    'author': e.find(A + 'author/' + A + 'name').text})
print(json.dumps({'title': one(doc, 'title').text, 'base': doc.get('{http://www.w3.org/XML/1998/namespace}base'),
                  'entries': entries}))
`], { input: xml }).toString());

test('Atom out: the news and public groups without a session; private and secret groups 404', async () => {
  const anonymous = new Client();
  const r = await anonymous.get(`/groups/${pub.id}/atom`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers['content-type'], /^application\/atom\+xml/);
  const feed = atomCheck(r.bytes);
  assert.equal(feed.title, pub.name);
  assert.equal(feed.base, `${new URL(process.env.PARVIS_URL).origin}/`, 'relative links in posts resolve to the site');
  const e = feed.entries.find((x) => x.title === 'Communiqué n°8');
  assert.ok(e, JSON.stringify(feed.entries.map((x) => x.title)));
  assert.match(e.link, /\/publications\/\d+$/);
  assert.equal(e.id, e.link);
  assert.equal(e.author, 'Ministère — Actualités');
  assert.match(e.content, /<p>Nouveau<\/p>/);          // escaped safe HTML, read back as text
  for (const g of [priv, sec]) assert.equal((await anonymous.get(`/groups/${g.id}/atom`)).status, 404);
  assert.equal((await anonymous.get('/groups/99999999/atom')).status, 404);
  const title = unique('Annonce');
  assert.equal((await admin.post('/news/posts', { title, body: 'Le **portail** & <les> nouvelles' })).status, 201);
  const news = atomCheck((await anonymous.get('/news/atom')).bytes);
  const n = news.entries.find((x) => x.title === title);
  assert.ok(n);
  assert.match(n.content, /<strong>portail<\/strong> &amp; &lt;les&gt; nouvelles/);
});

test('a private Atom feed of the home feed at a secret address: renewed, revoked, 404 after', async () => {
  assert.deepEqual((await member.client.get('/me/atom-token')).body, { url: null });
  const made = await member.client.post('/me/atom-token');
  assert.equal(made.status, 200);
  const url = made.body.url;
  assert.match(url, /\/api\/v1\/atom\/[A-Za-z0-9_-]{43}$/);
  const path = new URL(url).pathname;
  const anonymous = new Client();
  const r = await anonymous.get(path);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers['cache-control'], /no-store/);
  const feed = atomCheck(r.bytes);
  const titles = feed.entries.map((x) => x.title);
  assert.ok(titles.includes('Communiqué n°8'), 'a public group of theirs');
  assert.ok(titles.includes('Été à Besançon'), 'a private group of theirs');
  // the outsider's feed has neither
  const other = atomCheck((await anonymous.get(new URL((await outsider.client.post('/me/atom-token')).body.url).pathname)).bytes);
  assert.ok(!other.entries.some((x) => x.title === 'Été à Besançon'));
  assert.equal((await member.client.get('/me/atom-token')).body.url, url);
  const renewed = (await member.client.post('/me/atom-token')).body.url;
  assert.notEqual(renewed, url);
  assert.equal((await anonymous.get(path)).status, 404);
  assert.equal((await anonymous.get(new URL(renewed).pathname)).status, 200);
  assert.equal((await member.client.del('/me/atom-token')).status, 204);
  assert.equal((await anonymous.get(new URL(renewed).pathname)).status, 404);
  assert.equal((await anonymous.get('/atom/' + 'A'.repeat(43))).status, 404);
});

test('parvis-feeds killed with SIGKILL during a fetch: the supervisor starts it again; the feed is read, nothing twice', async () => {
  const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
  const before = seen.length;
  const f = (await add(pub, local('/slow.xml?again'))).body;       // a fetch in progress
  await eventually(() => seen.slice(before).some(([p]) => p === '/slow.xml'), 5000, 'the fetch started');
  const count = (await postsOf(pub)).length;
  const old = pidOf('feeds');
  const children = childrenOf(old);
  process.kill(old, 'SIGKILL');
  for (const c of children) { try { process.kill(c, 'SIGKILL'); } catch { /* gone */ } }
  await eventually(() => { try { const p = pidOf('feeds'); return p !== old && alive(p); } catch { return false; } },
                   30000, 'var/run/feeds.pid naming a new parvis-feeds');
  // the new poller works: an ordinary feed read, the RSS feed's items still known
  const rss = (await manager.client.get(`/groups/${pub.id}/feeds`)).body.items.find((x) => x.url === local('/rss2.xml'));
  const again = await refresh(pub, rss);
  assert.equal(again.state, 'ok', again.last_error);
  assert.equal((await postsOf(pub)).length, count);
  assert.equal((await manager.client.del(`/groups/${pub.id}/feeds/${f.id}`)).status, 204);
});
