// /recherche?q= — the results page: people, groups, posts, comments and
// files, each with its type, its title as a link, an excerpt with the
// matching words in <mark> and a line of context (group, author, date, size).
//
// The address holds the whole search, so that it can be shared and the back
// button works: q, type (post|comment|file|group|person), groupe (a group's
// id: only its content), tri=date (newest first; relevance otherwise), du and
// au (YYYY-MM-DD). « Résultats suivants » asks for the next page with offset.

import { h, replaceChildren, avatar, pathIcon, icon } from '../dom.js';
import { t, formatNumber } from '../i18n.js';
import { get } from '../api.js';
import { pageTitle, alertBox, loading, snippet, errorMessage } from '../ui.js';
import { timeEl } from '../dates.js';
import { formatSize } from '../drive-util.js';
import { visibilityBadge } from '../group-ui.js';

const LIMIT = 20;
const MAX_OFFSET = 1000;   // the API's limit
const TYPES = ['post', 'comment', 'file', 'group', 'person'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[1-9]\d{0,18}$/;

// 24×24 stroke paths, one per type of result
const TYPE_ICONS = {
  post: ['M5 4h14v16H5z', 'M8 8h8', 'M8 12h8', 'M8 16h5'],
  comment: ['M4 5h16v11H9l-5 4z', 'M8 9h8', 'M8 12h5'],
  file: ['M6 3h8l4 4v14H6z', 'M14 3v4h4'],
  group: ['M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6', 'M16 5.5a3 3 0 0 1 0 5.5', 'M18 14.3c1.8.9 3 2.9 3 5.2'],
  person: ['M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M4 21c0-4.4 3.6-8 8-8s8 3.6 8 8'],
  other: ['M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z', 'M16 16l4 4'],
};

// Parameters the server refused (an older API answers 400 to sort, from or
// to): their controls are left out for the rest of the visit.
const unsupported = new Set();

// After a filter changed the address, the control to give focus back to (the
// page is drawn again; a keyboard user stays where they were).
let focusAfter = null;

/** A path of this site, or null (never another origin, never a script). */
function sitePath(url) {
  return typeof url === 'string' && /^\/(?![/\\])/.test(url) ? url : null;
}

/** The search as the address tells it; invalid parts are ignored. */
function readState(query) {
  const type = query.get('type') || '';
  const group = query.get('groupe') || '';
  const from = query.get('du') || '';
  const to = query.get('au') || '';
  return {
    q: (query.get('q') || '').trim(),
    type: TYPES.includes(type) ? type : '',
    group: ID.test(group) ? group : '',
    sort: query.get('tri') === 'date' ? 'date' : '',
    from: DAY.test(from) ? from : '',
    to: DAY.test(to) ? to : '',
  };
}

/** The address of a search: `state` with `changes` applied. */
export function resultsHref(state, changes = {}) {
  const s = { ...state, ...changes };
  const p = new URLSearchParams();
  p.set('q', s.q || '');
  if (s.type) p.set('type', s.type);
  if (s.group) p.set('groupe', s.group);
  if (s.sort) p.set('tri', s.sort);
  if (s.from) p.set('du', s.from);
  if (s.to) p.set('au', s.to);
  return `/recherche?${p}`;
}

/** The API's query for `state`. */
function apiQuery(state, { offset = 0, limit = LIMIT, withType = true } = {}) {
  const query = { q: state.q, limit };
  if (offset) query.offset = offset;
  if (withType && state.type) query.type = state.type;
  if (state.group) query.group = state.group;
  if (state.sort && !unsupported.has('sort')) query.sort = state.sort;
  if (state.from && !unsupported.has('dates')) query.from = state.from;
  if (state.to && !unsupported.has('dates')) query.to = state.to;
  return query;
}

/**
 * GET /search; a 400 while sorting or limiting by date means an API without
 * them: asked again without, and their controls left out.
 */
async function search(state, opts, signal) {
  try {
    return await get('/search', { query: apiQuery(state, opts), signal });
  } catch (err) {
    const optional = (state.sort && !unsupported.has('sort')) || ((state.from || state.to) && !unsupported.has('dates'));
    if (!(err && err.status === 400 && optional)) throw err;
    const message = String(err.message || '');
    const named = ['sort', 'from', 'to'].filter((p) => message.includes(p));
    if (named.includes('sort') || !named.length) unsupported.add('sort');
    if (named.includes('from') || named.includes('to') || !named.length) unsupported.add('dates');
    return get('/search', { query: apiQuery(state, opts), signal });
  }
}

// ---- one result ---------------------------------------------------------------

function typeOf(item) {
  return TYPES.includes(item && item.type) ? item.type : 'other';
}

function hasText(segments) {
  return Array.isArray(segments) && segments.some((s) => s && typeof s.text === 'string' && s.text.trim());
}

function personLink(person) {
  if (!person || person.id === undefined || person.id === null) return null;
  return h('a', { href: `/personnes/${encodeURIComponent(person.id)}` }, person.display_name || '');
}

function groupLink(group) {
  if (!group || group.id === undefined || group.id === null) return null;
  return h('a', { href: `/groupes/${encodeURIComponent(group.id)}` }, group.name || '');
}

/** « dans Bibliothèque · par Alice Martin · il y a 5 min · 12 Ko ». */
function metaLine(item, type) {
  const parts = [];
  if (type === 'person') {
    for (const v of [item.job_title, item.department]) if (v) parts.push(String(v));
  } else if (type === 'group') {
    if (item.visibility) parts.push(visibilityBadge(item.visibility));
  } else {
    const g = groupLink(item.group);
    if (g) parts.push([`${t('results.metaIn')} `, g]);
    else if (type === 'file') parts.push(t('results.personal'));
    const a = personLink(item.author);
    if (a) parts.push([`${t('results.metaBy')} `, a]);
    if (item.date) parts.push(timeEl(item.date, 'time result-date'));
    if (type === 'file' && Number.isFinite(Number(item.size))) parts.push(h('span', { class: 'result-size' }, formatSize(item.size)));
  }
  if (!parts.length) return null;
  return h('p', { class: 'result-meta muted' }, parts.map((p, i) => [i ? h('span', { class: 'result-sep', 'aria-hidden': 'true' }, ' · ') : null, p]));
}

function resultItem(item, fallbackHref) {
  const type = typeOf(item);
  const href = sitePath(item.url) || fallbackHref(item);
  const title = item.title || '';
  // a file's or a group's name carries the hits too, and a person's snippet is their name
  const personName = type === 'person' && hasText(item.snippet) && item.snippet.map((s) => s && s.text).join('') === title;
  const titleSegments = hasText(item.title_snippet) ? item.title_snippet : personName ? item.snippet : null;
  const titleContent = titleSegments ? snippet(titleSegments, 'result-title-text') : title;
  let titleLink;
  let extra = null;
  if (type === 'file' && sitePath(item.content_url)) {
    titleLink = h('a', { href: item.content_url, class: 'result-title', target: '_blank', rel: 'noopener' },
      titleContent, h('span', { class: 'sr-only' }, ` ${t('results.newTab')}`));
    if (sitePath(item.url)) extra = h('a', { href: item.url, class: 'result-folder' }, t('results.openFolder'));
  } else {
    titleLink = h('a', { href, class: 'result-title' }, titleContent);
  }
  const showSnippet = hasText(item.snippet)
    && !personName && !(type === 'file' && item.snippet.map((s) => s && s.text).join('') === title);
  const mark = type === 'person'
    ? avatar(title, 'avatar result-icon')
    : h('span', { class: `result-icon result-icon-${type}`, 'aria-hidden': 'true' }, pathIcon(TYPE_ICONS[type], 'icon'));
  return h('li', { class: `result card result-${type}`, dataset: { type, id: String(item.id ?? '') } },
    mark,
    h('div', { class: 'result-text' },
      h('p', { class: 'result-kind' }, t(`results.type.${type}`),
        type === 'comment' ? h('span', { class: 'sr-only' }, ` ${t('results.comment')}`) : null),
      h('h2', { class: 'result-heading' }, titleLink),
      showSnippet ? snippet(item.snippet, 'snippet result-snippet') : null,
      metaLine(item, type),
      extra ? h('p', { class: 'result-actions' }, extra) : null));
}

const defaultHref = (item) => (item.type === 'group'
  ? `/groupes/${encodeURIComponent(item.id)}` : `/personnes/${encodeURIComponent(item.id)}`);

// ---- the controls ---------------------------------------------------------------

/** A link that changes the search without losing the keyboard's place. */
function filterLink(href, key, attrs, ...children) {
  return h('a', {
    href,
    onclick: (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      focusAfter = key;
    },
    ...attrs,
    dataset: { ...(attrs.dataset || {}), focusKey: key },
  }, ...children);
}

/** « Tout 12 · Publications 3 · Fichiers 2 … »: links that set type=. */
function facetBar(state, counts) {
  const all = TYPES.reduce((n, k) => n + (Number(counts[k]) || 0), 0);
  const entries = [{ type: '', label: t('results.facet.all'), n: all }];
  for (const k of TYPES) {
    const n = Number(counts[k]) || 0;
    if (n > 0 || state.type === k) entries.push({ type: k, label: t(`results.facet.${k}`), n });
  }
  return h('nav', { class: 'results-facets', 'aria-label': t('results.facetsLabel') },
    h('ul', { class: 'chips' }, entries.map((e) => h('li', {},
      filterLink(resultsHref(state, { type: e.type }), `type:${e.type}`, {
        class: 'chip facet',
        'aria-current': e.type === state.type ? 'page' : null,
        dataset: { type: e.type || 'all' },
      },
      h('span', { class: 'facet-label' }, e.label), ' ',
      h('span', { class: 'facet-count' }, formatNumber(e.n)))))));
}

/** Pertinence / Date: two links, the current one marked. */
function sortSwitch(state) {
  const option = (value, label) => filterLink(resultsHref(state, { sort: value }), `sort:${value}`, {
    class: 'sort-btn', 'aria-current': state.sort === value ? 'true' : null,
  }, label);
  return h('div', { class: 'results-sort' },
    h('span', { class: 'results-control-label', id: 'results-sort-label' }, t('results.sortLabel')),
    h('div', { class: 'sort-switch', role: 'group', 'aria-labelledby': 'results-sort-label' },
      option('', t('results.sortRelevance')), option('date', t('results.sortDate'))));
}

/** Du … au …, applied together; « Toutes les dates » clears them. */
function dateRange(state, navigate) {
  const from = h('input', { type: 'date', id: 'results-from', name: 'du', class: 'input input-date', value: state.from || null, max: state.to || null });
  const to = h('input', { type: 'date', id: 'results-to', name: 'au', class: 'input input-date', value: state.to || null, min: state.from || null });
  const problem = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const apply = h('button', { type: 'submit', class: 'btn btn-small', dataset: { focusKey: 'dates' } }, t('results.applyDates'));
  const form = h('form', { class: 'results-dates', 'aria-label': t('results.datesLabel') },
    h('div', { class: 'date-field' }, h('label', { for: from.id, class: 'results-control-label' }, t('results.from')), from),
    h('div', { class: 'date-field' }, h('label', { for: to.id, class: 'results-control-label' }, t('results.to')), to),
    apply,
    state.from || state.to
      ? filterLink(resultsHref(state, { from: '', to: '' }), 'dates-clear', { class: 'results-clear-dates' }, t('results.clearDates'))
      : null,
    problem);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const f = DAY.test(from.value) ? from.value : '';
    const tv = DAY.test(to.value) ? to.value : '';
    if (f && tv && f > tv) {
      problem.textContent = t('results.badDates');
      problem.hidden = false;
      from.focus();
      return;
    }
    focusAfter = 'dates';
    navigate(resultsHref(state, { from: f, to: tv }), { focus: false });
  });
  return form;
}

/** « Dans le groupe X » with a link that removes the filter. */
function groupScope(state, name) {
  const href = resultsHref(state, { group: '', type: state.type });
  return h('p', { class: 'results-scope' },
    icon('groups', 'icon results-scope-icon'),
    h('span', {}, name
      ? [`${t('results.inGroup')} `, h('a', { href: `/groupes/${encodeURIComponent(state.group)}`, class: 'results-scope-name' }, name)]
      : t('results.inGroupUnknown')),
    ' ',
    filterLink(href, 'group-remove', {
      class: 'btn btn-small results-scope-remove',
      'aria-label': name ? t('results.removeGroupNamed', { name }) : t('results.removeGroup'),
    }, h('span', { 'aria-hidden': 'true' }, '× '), t('results.removeGroup')));
}

function restoreFocus(main) {
  const key = focusAfter;
  focusAfter = null;
  if (!key) return;
  const target = Array.from(main.querySelectorAll('[data-focus-key]')).find((el) => el.dataset.focusKey === key);
  if (target) target.focus();
}

// ---- the page ---------------------------------------------------------------------

export const results = {
  title: () => t('results.title'),
  async render(main, { query, signal, navigate }) {
    const state = readState(query);
    const scope = h('div', { class: 'results-scope-wrap' });
    const controls = h('div', { class: 'results-controls' });
    const body = h('div', { class: 'results', 'aria-live': 'polite' });
    main.append(pageTitle(t('results.title')), scope, controls, body);

    const groupName = state.group
      ? get(`/groups/${encodeURIComponent(state.group)}`, { signal }).then((g) => (g && g.name) || '', () => '')
      : null;
    if (!state.q) {
      if (groupName) replaceChildren(scope, groupScope(state, await groupName));
      body.append(h('p', { class: 'muted' }, t('results.empty')));
      return;
    }
    body.append(loading());

    const load = async () => {
      // with a type chosen, the counts of the other types come from the same search without it
      const [data, all] = await Promise.all([
        search(state, {}, signal),
        state.type ? search(state, { withType: false, limit: 1 }, signal).catch((err) => {
          if (err && err.name === 'AbortError') throw err;
          return null;
        }) : null,
      ]);
      return { data, counts: ((all || data || {}).facets || {}).type || {} };
    };

    let data;
    let counts;
    try {
      ({ data, counts } = await load());
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      const retry = h('button', { type: 'button', class: 'btn btn-small', onclick: () => navigate(resultsHref(state), { replace: true }) }, t('common.retry'));
      replaceChildren(body, alertBox(errorMessage(err), ' ', retry));
      if (groupName) replaceChildren(scope, groupScope(state, await groupName));
      return;
    }
    if (signal.aborted) return;
    if (state.type && !counts[state.type] && data && Number(data.total)) counts = { ...counts, [state.type]: data.total };

    const items = (data && Array.isArray(data.items)) ? data.items : [];
    const total = Number.isFinite(data && data.total) ? data.total : items.length;
    if (groupName) replaceChildren(scope, groupScope(state, await groupName));
    if (signal.aborted) return;

    const tools = h('div', { class: 'results-tools' });
    if (!unsupported.has('sort')) tools.append(sortSwitch(state));
    if (!unsupported.has('dates')) tools.append(dateRange(state, navigate));
    replaceChildren(controls, facetBar(state, counts), tools.childNodes.length ? tools : null);

    const filtered = Boolean(state.type || state.group || state.from || state.to);
    const summary = h('p', { class: 'results-summary' }, t('results.summary', { n: total, q: state.q }));
    const parts = [summary];
    if (data && data.suggestion) {
      parts.push(h('p', { class: 'did-you-mean' }, `${t('results.didYouMean')} `,
        h('a', { href: resultsHref(state, { q: String(data.suggestion) }) }, String(data.suggestion))));
    }
    if (!items.length && filtered) {
      parts.push(h('p', { class: 'results-none' }, `${t('results.noneFiltered')} `,
        h('a', { href: resultsHref({ q: state.q }) }, t('results.withoutFilters'))));
    }
    const list = h('ol', { class: 'result-list', 'aria-label': t('results.listLabel') });
    const shownNote = h('p', { class: 'results-shown muted' });
    const moreWrap = h('div', { class: 'results-more' });
    let shown = 0;

    const addItems = (found) => {
      const lis = found.map((item) => resultItem(item, defaultHref));
      list.append(...lis);
      shown += found.length;
      return lis;
    };
    const updatePaging = (lastCount) => {
      const more = lastCount > 0 && shown < total && shown <= MAX_OFFSET;
      shownNote.textContent = shown && shown < total ? t('results.shown', { shown, total }) : '';
      if (!more) { replaceChildren(moreWrap); return; }
      const button = h('button', { type: 'button', class: 'btn results-more-btn' }, t('results.more'));
      button.addEventListener('click', async () => {
        button.disabled = true;
        button.textContent = t('results.moreLoading');
        try {
          const next = await search(state, { offset: shown }, signal);
          const found = (next && Array.isArray(next.items)) ? next.items : [];
          const lis = addItems(found);
          updatePaging(found.length);
          const first = lis[0] && lis[0].querySelector('.result-title');
          if (first) first.focus();
        } catch (err) {
          if (err && err.name === 'AbortError') return;
          button.disabled = false;
          button.textContent = t('results.more');
          replaceChildren(moreWrap, alertBox(errorMessage(err)), button);
          button.focus();
        }
      });
      replaceChildren(moreWrap, button);
    };

    if (items.length) {
      addItems(items);
      parts.push(list, shownNote, moreWrap);
    }
    replaceChildren(body, parts);
    updatePaging(items.length);
    restoreFocus(main);
  },
};
