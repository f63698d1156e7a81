// /admin/recherche — administrators see the state of the search index
// (GET /search/status): documents, rows waiting for the indexer, the last
// reconciliation's report, the files whose text could not be read counted by
// reason (labelled from the reason's code) and listed (name, type, reason,
// date). « Réconcilier l'index » asks for a reconciliation
// (POST /search/reconcile) and polls the status until its report changes.

import { h, replaceChildren } from '../dom.js';
import { t, formatNumber, getLang } from '../i18n.js';
import { get, post } from '../api.js';
import { alertBox, statusBox, loading, errorMessage, tableScroll } from '../ui.js';
import { fullDate, shortDateTime } from '../dates.js';
import { adminHeader } from '../admin-nav.js';

const POLL_MS = 1000;
const POLL_TIMES = 20;
const REPORT = /^(\S+)\s+(\d+) checked, (\d+) orphans removed, (\d+) missing indexed, (\d+) stale scopes repaired\s*$/;
const ID = /^[1-9]\d{0,18}$/;

/** A <time> to the second (two reports may be a minute apart). */
function preciseTime(iso, cls) {
  const d = new Date(iso);
  const text = new Intl.DateTimeFormat(getLang(), { dateStyle: 'medium', timeStyle: 'medium' }).format(d);
  return h('time', { datetime: iso, title: fullDate(iso), class: cls }, text);
}

/** The last reconciliation: its date and its counts in words (the server's text when it cannot be read). */
function reconcileReport(text) {
  if (!text) return h('p', { class: 'muted search-report' }, t('admin.searchPage.never'));
  const m = REPORT.exec(String(text));
  if (!m || Number.isNaN(Date.parse(m[1]))) return h('p', { class: 'search-report' }, String(text));
  const [, at, checked, orphans, missing, stale] = m;
  return h('p', { class: 'search-report', dataset: { report: String(text) } },
    preciseTime(at, 'time search-report-date'), ' — ',
    t('admin.searchPage.report', {
      checked: Number(checked), orphans: Number(orphans), missing: Number(missing), stale: Number(stale),
    }));
}

function figure(key, value, name) {
  return h('div', { class: 'search-figure', dataset: { figure: name } },
    h('dt', {}, t(key)),
    h('dd', {}, formatNumber(Number(value) || 0)));
}

const REASON_CODES = ['protected', 'ocr_limit', 'ocr_failed', 'time_limit', 'too_large', 'no_text', 'charset',
  'damaged', 'system', 'other'];

/** A reason code's label (an unknown code: « Autre raison »). */
function reasonLabel(code) {
  return t(`searchText.reasons.${REASON_CODES.includes(code) ? code : 'other'}`);
}

/** The count of unreadable files by reason (failures_by_reason). */
function reasonsTable(status) {
  const rows = (Array.isArray(status.failures_by_reason) ? status.failures_by_reason : [])
    .filter((r) => Number(r.count) > 0);
  if (!rows.length) return null;
  return tableScroll(
    h('table', { class: 'data-table search-reasons' },
      h('caption', {}, t('searchText.byReason')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('searchText.colCode')),
        h('th', { scope: 'col', class: 'num' }, t('searchText.colCount')))),
      h('tbody', {}, rows.map((r) => h('tr', { dataset: { code: String(r.code || '') } },
        h('th', { scope: 'row' }, reasonLabel(r.code)),
        h('td', { class: 'num' }, formatNumber(Number(r.count) || 0)))))),
    t('searchText.byReason'));
}

/** The table of the files that could not be read. */
function failuresTable(status) {
  const failures = Array.isArray(status.failures) ? status.failures : [];
  if (!failures.length) return h('p', { class: 'muted' }, t('admin.searchPage.failuresNone'));
  const total = Number(status.failures_total) || failures.length;
  const rows = failures.map((f) => {
    const id = String(f.file_id ?? '');
    const name = String(f.name || id);
    const link = ID.test(id)
      ? h('a', { href: `/api/v1/files/${id}/content`, target: '_blank', rel: 'noopener' },
        name, h('span', { class: 'sr-only' }, ` ${t('results.newTab')}`))
      : name;
    return h('tr', { dataset: { fileId: id, code: String(f.code || '') } },
      h('th', { scope: 'row', class: 'search-failure-name' }, link),
      h('td', {}, h('code', { class: 'search-failure-mime' }, String(f.mime || ''))),
      h('td', { class: 'search-failure-reason', title: f.code ? reasonLabel(f.code) : null }, String(f.reason || '')),
      h('td', {}, f.at ? h('time', { datetime: String(f.at), title: fullDate(f.at) }, shortDateTime(f.at)) : ''));
  });
  return [
    reasonsTable(status),
    h('p', { class: 'muted' }, t('admin.searchPage.failuresNote'),
      total > failures.length ? ` ${t('admin.searchPage.failuresShown', { shown: failures.length, total })}` : ''),
    tableScroll(
      h('table', { class: 'data-table search-failures' },
        h('thead', {}, h('tr', {},
          ['colName', 'colType', 'colReason', 'colDate'].map((k) => h('th', { scope: 'col' }, t(`admin.searchPage.${k}`))))),
        h('tbody', {}, rows)),
      t('admin.searchPage.failures')),
  ];
}

export const adminSearch = {
  title: () => `${t('admin.search')} — ${t('admin.title')}`,
  async render(main, { user: me, signal }) {
    main.append(...adminHeader('/admin/recherche', 'admin.search'));
    if (me.role !== 'admin') {
      main.append(alertBox(t('admin.forbidden')));
      return;
    }
    const figures = h('dl', { class: 'search-figures' });
    const report = h('div', { class: 'search-report-wrap' }, loading());
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const failures = h('div', { class: 'search-failures-wrap' }, loading());
    const reconcile = h('button', { type: 'button', class: 'btn btn-primary' }, t('admin.searchPage.reconcile'));
    const refresh = h('button', { type: 'button', class: 'btn' }, t('admin.searchPage.refresh'));
    main.append(
      h('section', { class: 'card search-state', 'aria-labelledby': 'search-state-title' },
        h('h2', { id: 'search-state-title' }, t('admin.searchPage.state')), figures,
        h('div', { class: 'form-actions' }, refresh)),
      h('section', { class: 'card search-reconcile', 'aria-labelledby': 'search-reconcile-title' },
        h('h2', { id: 'search-reconcile-title' }, t('admin.searchPage.reconcileTitle')), report,
        h('p', { class: 'hint' }, t('admin.searchPage.reconcileHint')),
        messages,
        h('div', { class: 'form-actions' }, reconcile)),
      h('section', { class: 'card search-failures-card', 'aria-labelledby': 'search-failures-title' },
        h('h2', { id: 'search-failures-title' }, t('admin.searchPage.failures')), failures));

    let last = null;
    const show = (status) => {
      last = status;
      replaceChildren(figures,
        figure('admin.searchPage.documents', status.documents, 'documents'),
        figure('admin.searchPage.pending', status.pending, 'pending'),
        figure('admin.searchPage.failuresTotal', status.failures_total, 'failures'));
      replaceChildren(report, reconcileReport(status.last_reconcile));
      replaceChildren(failures, failuresTable(status));
    };
    const load = async () => {
      try {
        show(await get('/search/status', { signal }));
        return true;
      } catch (err) {
        if (err && err.name === 'AbortError') return false;
        replaceChildren(messages, alertBox(errorMessage(err)));
        return false;
      }
    };

    refresh.addEventListener('click', async () => {
      refresh.disabled = true;
      replaceChildren(messages);
      await load();
      refresh.disabled = false;
    });

    reconcile.addEventListener('click', async () => {
      const before = last ? last.last_reconcile : null;
      reconcile.disabled = true;
      replaceChildren(messages);
      try {
        await post('/search/reconcile', {}, { signal });
        replaceChildren(messages, statusBox(t('admin.searchPage.requested'), 'alert alert-info'));
        // the indexer does it in the background: ask again until the report changes
        for (let i = 0; i < POLL_TIMES; i++) {
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          if (signal.aborted) return;
          const status = await get('/search/status', { signal });
          if (status.last_reconcile && status.last_reconcile !== before) {
            show(status);
            replaceChildren(messages, statusBox(t('admin.searchPage.done')));
            return;
          }
        }
        replaceChildren(messages, statusBox(t('admin.searchPage.stillRunning'), 'alert alert-info'));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(messages, alertBox(errorMessage(err)));
      } finally {
        reconcile.disabled = false;
      }
    });

    if (!(await load()) && !signal.aborted) {
      replaceChildren(report);
      replaceChildren(failures);
    }
  },
};
