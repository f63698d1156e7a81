// Curves drawn by hand as a small SVG (no library): a line per series over
// periods, the largest value and zero marked, the first and last periods
// named. The SVG is an image for screen readers (role="img", its caption);
// its numbers are in a table under « Voir les chiffres » (<details>), which
// the caller gets with the figure.

import { h } from './dom.js';
import { t } from './i18n.js';
import { tableScroll } from './ui.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 360, H = 180, LEFT = 34, RIGHT = 8, TOP = 10, BOTTOM = 24;
let seq = 0;

function svgEl(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const fmt = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString());

/**
 * lineChart({title, labels, series: [{name, values}], format}) → <figure>
 * labels: the periods' names; values: numbers (null: no value).
 * format(value) writes a value in the table and on the axis (default: a number).
 */
export function lineChart({ title, labels, series, format = fmt }) {
  const id = `chart-${++seq}`;
  const max = Math.max(1, ...series.flatMap((s) => s.values.filter((v) => v !== null && v !== undefined)));
  const n = labels.length;
  const x = (i) => LEFT + (n <= 1 ? (W - LEFT - RIGHT) / 2 : (i * (W - LEFT - RIGHT)) / (n - 1));
  const y = (v) => TOP + (H - TOP - BOTTOM) * (1 - v / max);
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-labelledby': `${id}-cap`, focusable: 'false' });
  for (const v of [0, max / 2, max]) {
    svg.append(svgEl('line', { x1: LEFT, x2: W - RIGHT, y1: y(v), y2: y(v), class: 'chart-grid' }));
    svg.append(svgEl('text', { x: LEFT - 4, y: y(v) + 4, class: 'chart-axis', 'text-anchor': 'end' },
      format !== fmt ? format(v) : Number.isInteger(v) ? fmt(v) : Number(v).toLocaleString(undefined, { maximumFractionDigits: 1 })));
  }
  if (n) {
    svg.append(svgEl('text', { x: LEFT, y: H - 6, class: 'chart-axis', 'text-anchor': 'start' }, labels[0]));
    if (n > 1) svg.append(svgEl('text', { x: W - RIGHT, y: H - 6, class: 'chart-axis', 'text-anchor': 'end' }, labels[n - 1]));
  }
  series.forEach((s, k) => {
    const points = s.values.map((v, i) => (v === null || v === undefined ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean);
    if (points.length === 1) {
      const [px, py] = points[0].split(',');
      svg.append(svgEl('circle', { cx: px, cy: py, r: 3, class: `chart-dot chart-s${k}` }));
    } else if (points.length) {
      svg.append(svgEl('polyline', { points: points.join(' '), class: `chart-line chart-s${k}` }));
    }
  });
  const legend = h('ul', { class: 'chart-legend' },
    series.map((s, k) => h('li', {}, h('span', { class: `chart-swatch chart-s${k}`, 'aria-hidden': 'true' }), s.name)));
  const table = h('table', { class: 'data-table' },
    h('caption', { class: 'sr-only' }, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('admin.statsPage.period')),
      series.map((s) => h('th', { scope: 'col' }, s.name)))),
    h('tbody', {}, labels.map((label, i) => h('tr', {}, h('th', { scope: 'row' }, label),
      series.map((s) => h('td', { class: 'num' }, format(s.values[i])))))));
  return h('figure', { class: 'chart-figure' },
    h('figcaption', { id: `${id}-cap`, class: 'chart-title' }, title),
    svg, legend,
    h('details', { class: 'chart-numbers' }, h('summary', {}, t('admin.statsPage.numbers', { title })),
      tableScroll(table, title)));
}
