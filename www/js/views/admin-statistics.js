// /admin/statistiques — administrators: « Statistiques ». A period (a
// preset or two dates), grouped by day, week or month, optionally broken
// down by department or site (GET /admin/statistics); curves drawn as SVG
// (charts.js), each with its numbers in a table; the searches that found
// nothing; must-read confirmation rates; per group (GET
// /admin/statistics/groups); every table downloadable as CSV.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { alertBox, loading, errorMessage, selectField, field, tableScroll } from '../ui.js';
import { adminHeader } from '../admin-nav.js';
import { lineChart } from '../charts.js';

const COUNTS = ['signins', 'posts', 'comments', 'reactions', 'files', 'searches'];
const day = (d) => d.toISOString().slice(0, 10);
const daysAgo = (n) => day(new Date(Date.now() - n * 86400e3));
const pct = (v) => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10} %`);
const num = (v) => (v === null || v === undefined ? '—' : Number(v).toLocaleString());
const csvUrl = (path, query) => `/api/v1${path}?${new URLSearchParams({ ...query, format: 'csv' })}`;

function table(caption, cols, rows, { hideCaption = false } = {}) {
  return tableScroll(h('table', { class: 'data-table stats-table' },
    h('caption', { class: hideCaption ? 'sr-only' : null }, caption),
    h('thead', {}, h('tr', {}, cols.map((c, i) => h('th', { scope: 'col', class: i ? 'num' : null }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i ? h('td', { class: 'num' }, c) : h('th', { scope: 'row' }, c))))))), caption);
}

const download = (href, label) => h('a', { class: 'btn btn-small', href, download: '' }, label);

export const adminStatistics = {
  title: () => `${t('admin.statistics')} — ${t('admin.title')}`,
  render(main, { user: me, signal }) {
    main.append(...adminHeader('/admin/statistiques', 'admin.statistics'));
    if (me.role !== 'admin') {
      main.append(alertBox(t('admin.forbidden')));
      return;
    }
    const preset = selectField({ label: t('admin.statsPage.periodLabel'), name: 'preset', value: '30',
      options: [['7', 'last7'], ['30', 'last30'], ['90', 'last90'], ['365', 'last365'], ['custom', 'custom']]
        .map(([value, k]) => ({ value, label: t(`admin.statsPage.${k}`) })) });
    const from = field({ label: t('admin.statsPage.from'), name: 'from', type: 'date', value: daysAgo(29) });
    const to = field({ label: t('admin.statsPage.to'), name: 'to', type: 'date', value: day(new Date()) });
    const groupBy = selectField({ label: t('admin.statsPage.groupBy'), name: 'group_by', value: 'day',
      options: ['day', 'week', 'month'].map((v) => ({ value: v, label: t(`admin.statsPage.by.${v}`) })) });
    const dimension = selectField({ label: t('admin.statsPage.dimension'), name: 'dimension', value: '',
      options: ['', 'department', 'site'].map((v) => ({ value: v, label: t(`admin.statsPage.dim.${v || 'none'}`) })) });
    const dates = h('div', { class: 'stats-dates', hidden: true }, from.wrap, to.wrap);
    const form = h('form', { class: 'card stats-form', 'aria-label': t('admin.statsPage.formLabel') },
      h('div', { class: 'stats-fields' }, preset.wrap, dates, groupBy.wrap, dimension.wrap),
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.statsPage.show')));
    const out = h('div', { class: 'stats-out', 'aria-live': 'polite' });
    main.append(form, out);
    preset.select.addEventListener('change', () => {
      const v = preset.select.value;
      dates.hidden = v !== 'custom';
      if (v !== 'custom') {
        from.input.value = daysAgo(Number(v) - 1);
        to.input.value = day(new Date());
        if (v === '365' && groupBy.select.value === 'day') groupBy.select.value = 'month';
      }
    });

    async function show() {
      const query = { from: from.input.value, to: to.input.value, group_by: groupBy.select.value };
      const dim = dimension.select.value;
      replaceChildren(out, loading());
      try {
        const [all, byDim, groups] = await Promise.all([
          get('/admin/statistics', { query, signal }),
          dim ? get('/admin/statistics', { query: { ...query, dimension: dim }, signal }) : null,
          get('/admin/statistics/groups', { query: { from: query.from, to: query.to }, signal }),
        ]);
        replaceChildren(out, ...render(all, byDim, dim, groups, query));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(out, alertBox(errorMessage(err)));
      }
    }

    function render(all, byDim, dim, groups, query) {
      const labels = all.series.map((s) => s.period);
      const col = (k) => all.series.map((s) => s[k]);
      const parts = [];
      // the period's totals
      parts.push(h('section', { class: 'card', 'aria-labelledby': 'stats-totals' },
        h('h2', { id: 'stats-totals' }, t('admin.statsPage.totals', { from: all.from, to: all.to })),
        h('dl', { class: 'stats-kpis' }, COUNTS.map((k) => h('div', { class: 'stats-kpi' },
          h('dt', {}, t(`admin.statsPage.m.${k}`)), h('dd', {}, num(all.totals[k])))),
        h('div', { class: 'stats-kpi' }, h('dt', {}, t('admin.statsPage.mustReadRate')), h('dd', {}, pct(all.must_read.rate)))),
        h('p', {}, download(csvUrl('/admin/statistics', query), t('admin.statsPage.csv')))));
      // the curves
      parts.push(h('section', { class: 'card stats-charts', 'aria-labelledby': 'stats-curves' },
        h('h2', { id: 'stats-curves' }, t('admin.statsPage.curves')),
        lineChart({ title: t(`admin.statsPage.activeBy.${all.group_by}`), labels,
          series: [{ name: t('admin.statsPage.m.active'), values: col('active') },
            { name: t('admin.statsPage.m.accounts'), values: col('accounts') }] }),
        lineChart({ title: t('admin.statsPage.shareTitle'), labels, format: pct,
          series: [{ name: t('admin.statsPage.m.active_share'), values: col('active_share').map((v) => (v === null ? null : v)) }] }),
        lineChart({ title: t('admin.statsPage.contentTitle'), labels,
          series: ['posts', 'comments', 'reactions', 'files'].map((k) => ({ name: t(`admin.statsPage.m.${k}`), values: col(k) })) }),
        lineChart({ title: t('admin.statsPage.usageTitle'), labels,
          series: ['signins', 'searches'].map((k) => ({ name: t(`admin.statsPage.m.${k}`), values: col(k) })) })));
      // by department or site: the period's totals per value
      if (byDim) {
        const per = new Map();
        for (const s of byDim.series) {
          const v = per.get(s.value) || { active: 0, accounts: null, ...Object.fromEntries(COUNTS.map((k) => [k, 0])) };
          for (const k of COUNTS) v[k] += s[k];
          v.active = Math.max(v.active, s.active);
          if (s.accounts !== null) v.accounts = Math.max(v.accounts ?? 0, s.accounts);
          per.set(s.value, v);
        }
        const name = t(`admin.statsPage.dim.${dim}`);
        parts.push(h('section', { class: 'card', 'aria-labelledby': 'stats-dim' },
          h('h2', { id: 'stats-dim' }, t('admin.statsPage.byDim', { name })),
          h('p', { class: 'muted' }, t('admin.statsPage.byDimHelp')),
          table(t('admin.statsPage.byDim', { name }),
            [name, t('admin.statsPage.m.activeMax'), t('admin.statsPage.m.accounts'), ...COUNTS.map((k) => t(`admin.statsPage.m.${k}`))],
            [...per].map(([v, c]) => [v || t('admin.statsPage.unset'), num(c.active), num(c.accounts), ...COUNTS.map((k) => num(c[k]))]),
            { hideCaption: true }),
          h('p', {}, download(csvUrl('/admin/statistics', { ...query, dimension: dim }), t('admin.statsPage.csv')))));
      }
      // searches that found nothing
      parts.push(h('section', { class: 'card', 'aria-labelledby': 'stats-misses' },
        h('h2', { id: 'stats-misses' }, t('admin.statsPage.misses')),
        all.searches_without_results.length
          ? table(t('admin.statsPage.misses'), [t('admin.statsPage.query'), t('admin.statsPage.times')],
            all.searches_without_results.map((q) => [q.query, num(q.count)]), { hideCaption: true })
          : h('p', { class: 'muted' }, t('admin.statsPage.noMisses')),
        h('p', {}, download(csvUrl('/admin/statistics', { ...query, part: 'searches' }), t('admin.statsPage.csv')))));
      // must-read posts
      const mr = all.must_read;
      parts.push(h('section', { class: 'card', 'aria-labelledby': 'stats-mr' },
        h('h2', { id: 'stats-mr' }, t('admin.statsPage.mustRead')),
        mr.posts.length
          ? [h('p', {}, t('admin.statsPage.mustReadSummary', { confirmed: num(mr.confirmed), audience: num(mr.audience), rate: pct(mr.rate) })),
            table(t('admin.statsPage.mustRead'),
              [t('admin.statsPage.post'), t('admin.statsPage.where'), t('admin.statsPage.confirmed'), t('admin.statsPage.rate')],
              mr.posts.map((p) => [h('a', { href: `/publications/${p.id}` }, p.title || p.excerpt || `#${p.id}`),
                p.group ? p.group.name : t('admin.statsPage.news'), `${num(p.confirmed)} / ${num(p.audience)}`, pct(p.rate)]),
              { hideCaption: true })]
          : h('p', { class: 'muted' }, t('admin.statsPage.noMustRead')),
        h('p', {}, download(csvUrl('/admin/statistics', { ...query, part: 'must_read' }), t('admin.statsPage.csv')))));
      // groups
      const top = (g) => (g.top_posts[0] ? h('a', { href: `/publications/${g.top_posts[0].id}` }, g.top_posts[0].title || g.top_posts[0].excerpt) : '—');
      parts.push(h('section', { class: 'card', 'aria-labelledby': 'stats-groups' },
        h('h2', { id: 'stats-groups' }, t('admin.statsPage.groups')),
        groups.groups.length
          ? table(t('admin.statsPage.groups'),
            [t('admin.statsPage.group'), t('admin.statsPage.members'), t('admin.statsPage.activeMembers'),
              ...['posts', 'comments', 'reactions', 'files'].map((k) => t(`admin.statsPage.m.${k}`)), t('admin.statsPage.topPost')],
            groups.groups.map((g) => [h('a', { href: `/groupes/${g.id}` }, g.name), num(g.members), num(g.active_members),
              num(g.posts), num(g.comments), num(g.reactions), num(g.files), top(g)]), { hideCaption: true })
          : h('p', { class: 'muted' }, t('admin.statsPage.noGroups')),
        h('p', {}, download(csvUrl('/admin/statistics/groups', { from: query.from, to: query.to }), t('admin.statsPage.csv')))));
      return parts;
    }

    form.addEventListener('submit', (e) => { e.preventDefault(); show(); });
    return show();
  },
};
