// Makes the installed application's icons (www/img/icon-*.png, committed:
// the build does not need this script) from www/img/logo.svg, drawn by
// Debian's Chromium (tests/node_modules/playwright-core):
//   node web/icons.mjs
// - icon-192.png, icon-512.png: the logo as it is (rounded square);
// - icon-maskable-512.png: the logo's drawing on a full square of its blue,
//   inside the central 80 % that every mask keeps (a « maskable » icon).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(path.join(ROOT, 'tests', 'package.json'));
const { chromium } = require('playwright-core');

const logo = fs.readFileSync(path.join(ROOT, 'www/img/logo.svg'), 'utf8');
const inner = logo.replace(/^[\s\S]*?<rect[^>]*\/>/, '').replace(/<\/svg>\s*$/, '');
// the drawing (64×64) scaled to 60 % of the square, centred
const maskable = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
  + '<rect width="64" height="64" fill="#1b5bd0"/>'
  + `<g transform="translate(12.8 10.8) scale(0.6)">${inner}</g></svg>`;

const browser = await chromium.launch({ executablePath: process.env.PARVIS_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  for (const [name, svg, size] of [['icon-192.png', logo, 192], ['icon-512.png', logo, 512], ['icon-maskable-512.png', maskable, 512]]) {
    await page.setViewportSize({ width: size, height: size });
    const url = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${url}" width="${size}" height="${size}" style="display:block"></body></html>`);
    await page.locator('img').evaluate((img) => img.decode());
    fs.writeFileSync(path.join(ROOT, 'www/img', name), await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    console.log(`www/img/${name}`);
  }
} finally {
  await browser.close();
}
