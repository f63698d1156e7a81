#!/usr/bin/env node
// Adds to docs/openapi.json an entry for each route of fcgi/core/routes.c
// that it lacks (and lists the entries whose route is gone), so that a new
// route starts with its path parameters, public or not, a summary from its
// handler's name and a generic answer; then write its description, body and
// answer schema by hand (docs/api_tokens.md « The published API »).
//   node scripts/openapi-add.mjs          adds, and says what it added
//   node scripts/openapi-add.mjs --check  changes nothing; exit 1 when out of step
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const docPath = path.join(ROOT, 'docs', 'openapi.json');
const doc = JSON.parse(fs.readFileSync(docPath, 'utf8'));
const text = fs.readFileSync(path.join(ROOT, 'fcgi', 'core', 'routes.c'), 'utf8');
const routes = [...text.slice(text.indexOf('api_routes[]')).matchAll(/\{\s*"([A-Z]+)",\s*"([^"]+)",\s*(\w+),\s*(ROUTE_\w+)\s*\}/g)]
  .map((m) => ({ method: m[1], pattern: m[2], handler: m[3], pub: m[4] === 'ROUTE_PUBLIC' }));
const norm = (p) => p.replace(/\{[^}]+\}/g, '{}');
const singular = (w) => w.replace(/ies$/, 'y').replace(/s$/, '');
const have = new Set();
for (const [p, item] of Object.entries(doc.paths)) for (const m of Object.keys(item)) have.add(`${m.toUpperCase()} ${norm(p)}`);
const want = new Set(routes.map((r) => `${r.method} ${norm(r.pattern)}`));
const added = [];
for (const r of routes) {
  if (have.has(`${r.method} ${norm(r.pattern)}`)) continue;
  const segs = r.pattern.split('/');
  const params = [];
  const named = segs.map((s, i) => {
    if (s === '{id}') {
      let n = `${singular(segs[i - 1]).replace(/-/g, '_')}_id`;
      while (params.some((p) => p.name === n)) n += '2';
      params.push({ name: n, in: 'path', required: true, schema: { type: 'integer', minimum: 1 } });
      return `{${n}}`;
    }
    if (s === '{name}') { params.push({ name: 'name', in: 'path', required: true, schema: { type: 'string' } }); return '{name}'; }
    return s;
  });
  // an existing path item of the same route keeps its parameter names
  const existing = Object.keys(doc.paths).find((p) => norm(p) === norm(r.pattern));
  const p = existing || named.join('/');
  const human = r.handler.replace(/^h_/, '').replace(/_/g, ' ');
  const op = { operationId: r.handler.replace(/^h_/, ''), tags: [segs[1]], summary: human.charAt(0).toUpperCase() + human.slice(1) };
  if (params.length) op.parameters = existing ? Object.values(doc.paths[existing])[0].parameters : params;
  if (r.pub) op.security = [];
  if (['POST', 'PUT', 'PATCH'].includes(r.method)) op.requestBody = { required: false, content: { 'application/json': { schema: { type: 'object' } } } };
  op.responses = { '2XX': { description: 'Success (the answer\'s fields: docs/api.md)' }, default: { $ref: '#/components/responses/Error' } };
  doc.paths[p] ??= {};
  doc.paths[p][r.method.toLowerCase()] = op;
  added.push(`${r.method} ${p}`);
}
const gone = [...have].filter((k) => !want.has(k));
if (process.argv.includes('--check')) {
  for (const a of added) console.log(`missing: ${a}`);
  for (const g of gone) console.log(`no such route: ${g}`);
  process.exit(added.length || gone.length ? 1 : 0);
}
if (added.length) fs.writeFileSync(docPath, JSON.stringify(doc, null, 1) + '\n');
for (const a of added) console.log(`added: ${a}`);
for (const g of gone) console.log(`no such route (remove it by hand): ${g}`);
