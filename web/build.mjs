// Builds the browser application for nginx (docs/delivery.md):
//   node web/build.mjs [--src www] [--out var/www]
// - www/js/main.js bundled by Rollup and minified by esbuild (ES modules), split per
//   view: every view that main.js only hands to route() is loaded when it
//   is first shown (web/lazy-view.js), whatever view the source gains;
// - the stylesheets of www/index.html in one minified file (their small
//   SVG images inside it);
// - the dictionaries (www/i18n/*.json) under hashed names too;
// - every file under assets/ named by its content's hash (served
//   immutable), an index.html that refers to them (served no-cache);
// - the service worker (www/sw.js) with the list of the build's shell files;
// - each file precompressed: .gz (zlib level 9) and .br (Brotli 11), for
//   nginx's gzip_static and brotli_static;
// - the previous build's assets kept (one generation), so that a page
//   loaded before an upgrade still loads its lazy chunks; older ones removed.
// The source tree is not changed: the transformations happen as esbuild
// reads main.js and i18n.js.
import { build, transform } from 'esbuild';
import { rollup } from 'rollup';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : fallback;
}
const SRC = option('--src', path.join(ROOT, 'www'));
const OUT = option('--out', path.join(process.env.PARVIS_VAR || path.join(ROOT, 'var'), 'www'));
const ASSETS = path.join(OUT, 'assets');
const STATE = path.join(OUT, '.generations.json');
const CACHE = path.join(ROOT, 'build', 'web-cache');
const quiet = process.argv.includes('--quiet');

/** What the build's result depends on: the sources, this script, the tools. */
function fingerprint() {
  const h = createHash('sha256');
  const files = fs.readdirSync(SRC, { recursive: true }).map(String).sort()
    .map((f) => path.join(SRC, f)).filter((f) => fs.statSync(f).isFile());
  // the API's document and reference page (docs/api_tokens.md)
  const apiDoc = path.join(ROOT, 'docs', 'openapi.json');
  if (fs.existsSync(apiDoc)) files.push(apiDoc);
  for (const f of [...files, fileURLToPath(import.meta.url), path.join(HERE, 'lazy-view.js'), path.join(HERE, 'package-lock.json')]) {
    h.update(path.relative(ROOT, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  }
  return h.digest('hex').slice(0, 32);
}
const say = (...a) => { if (!quiet) console.log('web:', ...a); };

const hash = (buf) => createHash('sha256').update(buf).digest('base64url').slice(0, 10).replace(/[-_]/g, 'x');

/** main.js: `import { a } from './views/x.js'` becomes a lazily loaded view
 * when every other use of each imported name is `route('...', name)`. */
function lazyMain(source) {
  const lines = source.split('\n');
  const lazy = [];
  const out = lines.map((line) => {
    const m = /^import\s*\{([^}]+)\}\s*from\s*'(\.\/views\/[\w-]+\.js)';\s*$/.exec(line);
    if (!m) return line;
    const names = m[1].split(',').map((s) => s.trim()).filter(Boolean);
    if (names.some((n) => !/^\w+$/.test(n))) return line;
    const rest = source.replace(line, '');
    // the view of '/' (Accueil, where people land) stays in the main bundle
    if (names.some((n) => new RegExp(`\\broute\\(\\s*'/',\\s*${n}\\s*\\)`).test(source))) return line;
    const onlyRouted = names.every((n) => {
      const routed = new RegExp(`\\broute\\(\\s*'[^']*',\\s*${n}\\s*\\)`, 'g');
      if (!routed.test(rest)) return false;
      // no other use in the code (comments and strings aside)
      const code = rest.replace(routed, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')
        .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
      return !new RegExp(`\\b${n}\\b`).test(code);
    });
    if (!onlyRouted) return line;
    lazy.push(...names);
    return names.map((n) => `const ${n} = __lazyView(() => import('${m[2]}'), '${n}');`).join(' ');
  });
  if (!lazy.length) return { source, lazy };
  const head = `import { lazyView as __lazyView } from ${JSON.stringify(path.join(HERE, 'lazy-view.js'))};\n`
    + `import { match as __match } from './router.js';\n`;
  // the current page's view starts loading at once, beside the dictionary
  // and the session (boot() waits for those before it renders)
  const tail = '\n;(() => { const f = __match(window.location.pathname); '
    + "if (f && f.view && typeof f.view.preload === 'function') f.view.preload(); })();\n";
  return { source: head + out.join('\n') + tail, lazy };
}

/** Builds the application into `tmp` (compressed files beside). */
async function buildInto(tmp) {
  // the dictionaries, hashed
  const dicts = {};
  for (const f of fs.readdirSync(path.join(SRC, 'i18n')).filter((x) => x.endsWith('.json')).sort()) {
    const buf = fs.readFileSync(path.join(SRC, 'i18n', f));
    JSON.parse(buf.toString('utf8')); // a broken dictionary stops the build
    const name = `${f.replace(/\.json$/, '')}-${hash(buf)}.json`;
    fs.mkdirSync(path.join(tmp, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'assets', name), buf);
    dicts[f.replace(/\.json$/, '')] = `/assets/${name}`;
  }
  let lazyCount = 0;
  let i18nRewritten = false;
  const target = ['chrome100', 'firefox100', 'safari15'];
  const bundle = await rollup({
    input: path.join(SRC, 'js', 'main.js'),
    // main.js starts the application: nothing is exported from it
    preserveEntrySignatures: false,
    onLog(level, log, handler) { if (level !== 'info' && log.code !== 'CIRCULAR_DEPENDENCY') handler(level, log); },
    plugins: [{
      name: 'parvis',
      load(id) {
        if (id === path.join(SRC, 'js', 'main.js')) {
          const r = lazyMain(fs.readFileSync(id, 'utf8'));
          lazyCount = r.lazy.length;
          return r.source;
        }
        if (id === path.join(SRC, 'js', 'i18n.js')) {
          const src = fs.readFileSync(id, 'utf8');
          const pattern = '`/i18n/${lang}.json`';
          if (!src.includes(pattern)) return null; // unhashed /i18n/ then (served no-cache)
          i18nRewritten = true;
          return src.replace(pattern, `(${JSON.stringify(dicts)}[lang] || \`/i18n/\${lang}.json\`)`);
        }
        return null;
      },
      // esbuild minifies each chunk (Rollup names it by the result's hash)
      async renderChunk(code) {
        const r = await transform(code, { minify: true, format: 'esm', target, legalComments: 'none' });
        return { code: r.code, map: null };
      },
    }],
  });
  const { output } = await bundle.write({
    dir: path.join(tmp, 'assets'), format: 'es',
    entryFileNames: '[name]-[hash].js', chunkFileNames: '[name]-[hash].js',
    // shared chunks under 10 kB go into a neighbour (Accueil, the first
    // page, lands in main): fewer requests, measured in bench/RESULTS.md
    experimentalMinChunkSize: 10000,
  });
  await bundle.close();
  const entry = output.find((o) => o.type === 'chunk' && o.isEntry);
  const entryFile = path.join(tmp, 'assets', entry.fileName);
  // the stylesheets of index.html, in their order, in one file
  const html = fs.readFileSync(path.join(SRC, 'index.html'), 'utf8');
  const links = [...html.matchAll(/<link rel="stylesheet" href="\/([^"]+)">/g)];
  const css = await build({
    stdin: { contents: links.map((l) => `@import "./${l[1]}";`).join('\n'), resolveDir: SRC, loader: 'css' },
    bundle: true, minify: true, outdir: path.join(tmp, 'assets'), entryNames: 'app-[hash]',
    metafile: true, logLevel: 'warning', target,
    // the stylesheet's small images inside it (one request less each)
    loader: { '.svg': 'dataurl', '.png': 'file' },
    plugins: [{
      name: 'img',
      setup(b) {
        b.onResolve({ filter: /^\/img\// }, (args) => {
          const file = path.join(SRC, args.path);
          if (/\.svg$/.test(file) && fs.existsSync(file) && fs.statSync(file).size <= 4096) return { path: file };
          return { path: args.path, external: true };
        });
      },
    }],
  });
  const rel = (p) => path.relative(tmp, path.resolve(p)).split(path.sep).join('/');
  const cssFile = Object.keys(css.metafile.outputs).find((f) => f.endsWith('.css'));
  // the entry's static imports, fetched at once rather than after it
  const preloads = entry.imports.map((f) => `/assets/${f}`);
  let page = html;
  links.forEach((l, i) => {
    page = page.replace(new RegExp(`[ \\t]*${l[0].trim().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\n?`),
      i === 0 ? `  <link rel="stylesheet" href="/${rel(cssFile)}">\n` : '');
  });
  const script = '<script type="module" src="/js/main.js"></script>';
  if (!page.includes(script)) throw new Error(`index.html: ${script} not found`);
  page = page.replace(script, [
    ...preloads.map((p) => `<link rel="modulepreload" href="${p}">`),
    `<script type="module" src="/${rel(entryFile)}"></script>`,
  ].join('\n  '));
  fs.writeFileSync(path.join(tmp, 'index.html'), page);
  // the same page under its hashed name: what the service worker answers
  // navigations with (never another build's files beside it)
  const indexName = `index-${hash(Buffer.from(page))}.html`;
  fs.writeFileSync(path.join(tmp, 'assets', indexName), page);
  // the service worker, with this build's shell files: a new build is a new
  // worker (docs/delivery.md)
  const swSource = fs.readFileSync(path.join(SRC, 'sw.js'), 'utf8');
  const shellFiles = [`/assets/${indexName}`, `/${rel(entryFile)}`, ...preloads, `/${rel(cssFile)}`,
    ...Object.values(dicts), '/img/logo.svg'];
  const build_ = hash(Buffer.from(shellFiles.join('\n')));
  const sw = swSource.replace("const BUILD = 'dev';", `const BUILD = ${JSON.stringify(build_)};`)
    .replace('const SHELL_FILES = [];', `const SHELL_FILES = ${JSON.stringify(shellFiles)};`);
  if (!sw.includes(JSON.stringify(build_)) || !sw.includes(JSON.stringify(shellFiles))) throw new Error('sw.js: the BUILD and SHELL_FILES lines were not found');
  fs.writeFileSync(path.join(tmp, 'sw.js'), sw);

  // the unhashed files: images, and the dictionaries under their own names
  for (const dir of ['img', 'i18n']) {
    if (!fs.existsSync(path.join(SRC, dir))) continue;
    fs.mkdirSync(path.join(tmp, dir), { recursive: true });
    for (const f of fs.readdirSync(path.join(SRC, dir))) fs.copyFileSync(path.join(SRC, dir, f), path.join(tmp, dir, f));
  }
  // the API reference (/api/docs/, docs/api_tokens.md): its page, Swagger UI
  // from web/node_modules, and docs/openapi.json (GET /api/v1/openapi.json)
  if (fs.existsSync(path.join(SRC, 'api-docs'))) {
    const dir = path.join(tmp, 'api-docs');
    fs.mkdirSync(dir, { recursive: true });
    for (const f of fs.readdirSync(path.join(SRC, 'api-docs'))) fs.copyFileSync(path.join(SRC, 'api-docs', f), path.join(dir, f));
    const swagger = path.join(HERE, 'node_modules', 'swagger-ui-dist');
    for (const f of ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE']) fs.copyFileSync(path.join(swagger, f), path.join(dir, f));
    const apiDoc = path.join(ROOT, 'docs', 'openapi.json');
    if (fs.existsSync(apiDoc)) fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(JSON.parse(fs.readFileSync(apiDoc, 'utf8'))));
  }
  // each text file precompressed
  for (const rel of fs.readdirSync(tmp, { recursive: true }).map(String)) {
    if (!/\.(js|css|html|json|svg|txt)$/.test(rel)) continue;
    const buf = fs.readFileSync(path.join(tmp, rel));
    fs.writeFileSync(path.join(tmp, `${rel}.gz`), zlib.gzipSync(buf, { level: 9 }));
    fs.writeFileSync(path.join(tmp, `${rel}.br`), zlib.brotliCompressSync(buf, { params: {
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      // the API reference's 1.4 MB Swagger UI at 11 would add seconds to
      // every build (and each stack's start) for a page few people open
      [zlib.constants.BROTLI_PARAM_QUALITY]: rel.startsWith('api-docs') ? 5 : 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }));
  }
  return { lazyCount, i18nRewritten };
}

async function main() {
  const started = Date.now();
  fs.mkdirSync(ASSETS, { recursive: true });
  // what a build stopped midway left (one build at a time per var/)
  for (const f of fs.readdirSync(OUT)) if (f.startsWith('.build-')) fs.rmSync(path.join(OUT, f), { recursive: true, force: true });
  const tmp = fs.mkdtempSync(path.join(OUT, '.build-'));
  try {
    // the same sources (and build script and tools) were built before for
    // another var/ of this tree (the tests' stacks): copied from the cache
    const fp = fingerprint();
    const cached = path.join(CACHE, fp);
    let info = { cached: true };
    if (fs.existsSync(path.join(cached, 'index.html'))) {
      fs.cpSync(cached, tmp, { recursive: true });
      fs.utimesSync(cached, new Date(), new Date());
    } else {
      info = await buildInto(tmp);
      try {
        fs.mkdirSync(CACHE, { recursive: true });
        const staging = `${cached}.${process.pid}`;
        fs.cpSync(tmp, staging, { recursive: true });
        try { fs.renameSync(staging, cached); } catch { fs.rmSync(staging, { recursive: true, force: true }); }
        // the four most recent kept
        const entries = fs.readdirSync(CACHE).filter((f) => /^[\w-]+$/.test(f))
          .map((f) => ({ f, t: fs.statSync(path.join(CACHE, f)).mtimeMs })).sort((x, y) => y.t - x.t);
        for (const e of entries.slice(4)) fs.rmSync(path.join(CACHE, e.f), { recursive: true, force: true });
      } catch (err) {
        say(`cache not written: ${err.message}`);
      }
    }
    // into place: assets first (new names), then the unhashed files, the
    // index last; each with its .gz and .br
    const place = (relName) => {
      const from = path.join(tmp, relName);
      const to = path.join(OUT, relName);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      const hashed = relName.startsWith('assets/');
      const zipped = fs.existsSync(`${from}.gz`);
      // a file already there as it is stays untouched (its ETag with it)
      const there = fs.existsSync(to) && (!zipped || (fs.existsSync(`${to}.gz`) && fs.existsSync(`${to}.br`)))
        && (hashed || fs.readFileSync(to).equals(fs.readFileSync(from)));
      if (there) return;
      if (zipped) {
        fs.renameSync(`${from}.gz`, `${to}.gz`);
        fs.renameSync(`${from}.br`, `${to}.br`);
      }
      fs.renameSync(from, to);
    };
    const listed = (dir) => (fs.existsSync(path.join(tmp, dir)) ? fs.readdirSync(path.join(tmp, dir)) : [])
      .filter((f) => !/\.(gz|br)$/.test(f)).sort().map((f) => `${dir}/${f}`);
    const assets = listed('assets');
    assets.forEach(place);
    [...listed('img'), ...listed('i18n'), ...listed('api-docs')].forEach(place);
    // the new worker once its files are there, with the index
    place('sw.js');
    place('index.html');

    // generations: this build's assets and the previous build's are kept
    let state = { current: [], previous: [] };
    try { state = JSON.parse(fs.readFileSync(STATE, 'utf8')); } catch { /* first build */ }
    const same = state.current.length === assets.length && state.current.every((f, i) => f === assets[i]);
    if (!same) state = { current: assets, previous: state.current };
    const keep = new Set([...state.current, ...state.previous]);
    let removed = 0;
    for (const f of fs.readdirSync(ASSETS)) {
      const base = `assets/${f.replace(/\.(gz|br)$/, '')}`;
      if (!keep.has(base)) { fs.rmSync(path.join(ASSETS, f), { force: true }); removed++; }
    }
    fs.writeFileSync(`${STATE}.tmp`, JSON.stringify(state, null, 1));
    fs.renameSync(`${STATE}.tmp`, STATE);

    const size = (f) => fs.statSync(path.join(OUT, f)).size;
    const total = assets.reduce((n, f) => n + size(f), 0);
    const totalBr = assets.reduce((n, f) => n + size(`${f}.br`), 0);
    say(`${assets.length} assets (${info.cached ? 'as built before, from build/web-cache' : `${info.lazyCount} views loaded on demand${info.i18nRewritten ? ', dictionaries hashed' : ''}`}), `
      + `${Math.round(total / 1024)} KiB, ${Math.round(totalBr / 1024)} KiB in Brotli; `
      + `${removed} old files removed; ${OUT} in ${Date.now() - started} ms`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error('web: the build failed:', err && err.message ? err.message : err);
  process.exit(1);
});
