// The published API (docs/api_tokens.md): docs/openapi.json names every
// route of fcgi/core/routes.c and no other, public routes as public; it is
// served at /api/v1/openapi.json; its schemas hold for real answers (ajv,
// JSON Schema 2020-12 as OpenAPI 3.1 uses), over a representative set of
// routes; the reference page /api/docs/ is served under the application's CSP.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Client } from './client.mjs';
import { samples } from './openapi_samples.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs', 'openapi.json'), 'utf8'));
const norm = (p) => p.replace(/\{[^}]+\}/g, '{}');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function routesOfC() {
  const text = fs.readFileSync(path.join(ROOT, 'fcgi', 'core', 'routes.c'), 'utf8');
  const table = text.slice(text.indexOf('api_routes[]'));
  return [...table.matchAll(/\{\s*"([A-Z]+)",\s*"([^"]+)",\s*(\w+),\s*(ROUTE_\w+)\s*\}/g)]
    .map((m) => ({ key: `${m[1]} ${norm(m[2])}`, pattern: m[2], pub: m[4] === 'ROUTE_PUBLIC' }));
}

function operation(method, pattern) {
  for (const [p, item] of Object.entries(doc.paths)) {
    if (norm(p) === norm(pattern) && item[method.toLowerCase()]) return item[method.toLowerCase()];
  }
  return null;
}

test('docs/openapi.json names every route of routes.c, and no route that does not exist', () => {
  assert.equal(doc.openapi, '3.1.0');
  const routes = routesOfC();
  assert.ok(routes.length > 150, `routes.c parsed (${routes.length})`);
  const inC = new Map(routes.map((r) => [r.key, r]));
  const inDoc = new Map();
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const m of Object.keys(item).filter((k) => METHODS.includes(k))) {
      const op = item[m];
      inDoc.set(`${m.toUpperCase()} ${norm(p)}`, { p, op });
      // every {param} of the template is declared, as a path parameter
      const names = [...p.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]);
      const declared = (op.parameters || []).filter((x) => x.in === 'path').map((x) => x.name);
      assert.deepEqual(declared.sort(), names.sort(), `${m} ${p}: path parameters`);
      assert.ok(op.responses && Object.keys(op.responses).length, `${m} ${p}: responses`);
      assert.ok(op.operationId && op.summary, `${m} ${p}: operationId and summary`);
    }
  }
  const missing = [...inC.keys()].filter((k) => !inDoc.has(k));
  const extra = [...inDoc.keys()].filter((k) => !inC.has(k));
  assert.deepEqual(missing, [], 'routes of routes.c missing from docs/openapi.json (node scripts/openapi-add.mjs adds their entries)');
  assert.deepEqual(extra, [], 'routes in docs/openapi.json that routes.c does not have');
  // public routes need no credentials, the others do
  for (const [k, r] of inC) {
    const { op } = inDoc.get(k);
    assert.equal(Array.isArray(op.security) && op.security.length === 0, r.pub, `${k}: public or not`);
  }
  // every $ref resolves
  const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) || [];
  for (const ref of new Set(refs)) {
    const target = ref.slice(8, -1).replace(/^#\//, '').split('/').reduce((o, k) => (o ? o[k] : undefined), doc);
    assert.ok(target, `${ref} resolves`);
  }
});

test('GET /api/v1/openapi.json serves the document; /api/docs/ the reference page under the CSP', async () => {
  const c = new Client();
  const r = await c.get('/openapi.json');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^application\/json/);
  assert.deepEqual(r.body, doc, 'the document in the tree, as it is');
  const page = await c.get('/api/docs/');
  assert.equal(page.status, 200);
  assert.match(page.text, /swagger-ui-bundle\.js/);
  assert.match(page.headers['content-security-policy'], /script-src 'self'/);
  assert.ok(!/<script>[^<]/.test(page.text) && !/<style>/.test(page.text), 'no inline script or style');
  for (const f of ['swagger-ui-bundle.js', 'swagger-ui.css', 'api-docs.js']) {
    assert.equal((await c.get(`/api/docs/${f}`)).status, 200, f);
  }
});

test('the schemas hold for real answers', async () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'https://parvis.invalid/openapi.json', components: doc.components });
  const answers = await samples();
  const kinds = new Set();
  for (const a of answers) {
    const [method, pattern] = a.route.split(' ');
    const op = operation(method, pattern);
    assert.ok(op, `${a.route} in the document`);
    const res = op.responses[String(a.status)] || (a.status >= 400 ? op.responses.default : null);
    assert.ok(res, `${a.route}: the document says what ${a.status} answers`);
    const resolved = res.$ref ? doc.components.responses[res.$ref.split('/').pop()] : res;
    const schema = resolved.content && resolved.content['application/json'] && resolved.content['application/json'].schema;
    assert.ok(schema, `${a.route} ${a.status}: a schema`);
    const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"https://parvis.invalid/openapi.json#/components/'));
    const validate = ajv.compile(rebased);
    const ok = validate(a.whole);
    assert.ok(ok, `${a.route} ${a.status}: ${ajv.errorsText(validate.errors)}`);
    JSON.stringify(schema).replace(/schemas\/(\w+)/g, (_, n) => kinds.add(n));
  }
  for (const k of ['User', 'Group', 'Post', 'Comment', 'File', 'Folder', 'Notification', 'Conversation', 'Message', 'Event', 'Error']) {
    assert.ok(kinds.has(k), `${k} checked against a real answer`);
  }
  // and a schema that does not hold is caught: the check can fail
  const validate = ajv.compile({ $ref: 'https://parvis.invalid/openapi.json#/components/schemas/Post' });
  const post = answers.find((a) => a.name === 'post').whole;
  assert.equal(validate({ ...post, id: 'x' }), false);
});
