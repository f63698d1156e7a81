// /recherche?q= — the results page: people, groups, posts, comments and
// files and chat messages, each with its type, its title as a link, an excerpt with the
// matching words in <mark> and a line of context (group, author, date, size).
//
// The address holds the whole search, so that it can be shared and the back
// button works: q, type (post|comment|file|group|person|message), groupe (a group's
// id: only its content), auteur (a person's id: what they wrote or changed),
// fichier (pdf|document|…: a kind of file), tri=date (newest first; relevance
// otherwise), du and au (YYYY-MM-DD). The API's names (group, author,
// file_type) are read too. « Résultats suivants » asks for the next page with
// offset, with every filter kept.
//
// Beside the type bar, « Affiner la recherche » offers the groups, authors and
// kinds of file the results come from (the API's facets), each a link that
// adds its filter; active filters are chips with « × » to remove them. On a
// narrow screen the facets are a closed disclosure above the results.

import { h, replaceChildren, avatar, pathIcon, icon } from '../dom.js';
import { openViewer, plainClick } from '../viewer.js';
import { thumbnail } from '../viewer-util.js';
import { t, formatNumber } from '../i18n.js';
import { get } from '../api.js';
import { pageTitle, alertBox, loading, snippet, errorMessage } from '../ui.js';
import { timeEl } from '../dates.js';
import { formatSize } from '../drive-util.js';
import { visibilityBadge } from '../group-ui.js';

const LIMIT = 20;
const MAX_OFFSET = 1000;   // the API's limit
const TYPES = ['post', 'comment', 'file', 'group', 'person', 'message'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[1-9]\d{0,18}$/;
const FILE_TYPES = ['pdf', 'document', 'spreadsheet', 'presentation', 'text', 'image', 'audio', 'video', 'archive', 'email', 'other'];
// the facets are shown open beside the results from this width on
const WIDE = '(min-width: 900px)';

// 24×24 stroke paths, one per type of result
const TYPE_ICONS = {
  post: ['M5 4h14v16H5z', 'M8 8h8', 'M8 12h8', 'M8 16h5'],
  comment: ['M4 5h16v11H9l-5 4z', 'M8 9h8', 'M8 12h5'],
  file: ['M6 3h8l4 4v14H6z', 'M14 3v4h4'],
  group: ['M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6', 'M16 5.5a3 3 0 0 1 0 5.5', 'M18 14.3c1.8.9 3 2.9 3 5.2'],
  person: ['M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M4 21c0-4.4 3.6-8 8-8s8 3.6 8 8'],
  message: ['M4 5h16v11H9l-5 4z', 'M8 9h8', 'M8 12h5'],
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
  const group = query.get('groupe') || query.get('group') || '';
  const author = query.get('auteur') || query.get('author') || '';
  const fileType = query.get('fichier') || query.get('file_type') || '';
  const from = query.get('du') || '';
  const to = query.get('au') || '';
  return {
    q: (query.get('q') || '').trim(),
    type: TYPES.includes(type) ? type : '',
    group: ID.test(group) ? group : '',
    author: ID.test(author) ? author : '',
    fileType: FILE_TYPES.includes(fileType) ? fileType : '',
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
  if (s.author) p.set('auteur', s.author);
  if (s.fileType) p.set('fichier', s.fileType);
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
  if (state.author) query.author = state.author;
  if (state.fileType) query.file_type = state.fileType;
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
    // its text read in images (OCR): a word may be misread (doctext)
    if (type === 'file' && item.text_recognized === true) {
      parts.push(h('span', { class: 'badge result-recognized', title: t('searchText.recognizedHint') }, t('searchText.recognized')));
    }
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
    // opened in the viewer (docs/viewer.md); a new tab still takes the link
    const file = { id: item.id, name: item.title, mime: item.mime, size: item.size, content_url: item.content_url };
    titleLink.addEventListener('click', (event) => {
      if (!plainClick(event)) return;
      event.preventDefault();
      openViewer(file, { opener: titleLink });
    });
  } else {
    titleLink = h('a', { href, class: 'result-title' }, titleContent);
  }
  const showSnippet = hasText(item.snippet)
    && !personName && !(type === 'file' && item.snippet.map((s) => s && s.text).join('') === title);
  const typeIcon = h('span', { class: `result-icon result-icon-${type}`, 'aria-hidden': 'true' }, pathIcon(TYPE_ICONS[type], 'icon'));
  const mark = type === 'person'
    ? avatar(title, 'avatar result-icon', item.avatar_url)
    : type === 'file' && item.id ? thumbnail({ id: item.id, mime: item.mime }, typeIcon, 'result-thumb')
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

/** A chip of the active filters: its words and « × » that removes it. */
function filterChip(state, kind, changes, label, removeLabel) {
  return h('li', { class: 'filter-chip', dataset: { filter: kind } },
    h('span', { class: 'filter-chip-label' }, label),
    filterLink(resultsHref(state, changes), `remove:${kind}`, {
      class: 'filter-chip-remove',
      'aria-label': removeLabel,
      title: removeLabel,
    }, h('span', { 'aria-hidden': 'true' }, '×')));
}

/**
 * The active filters (group, author, kind of file) as chips, or null.
 * « Dans le groupe X × » keeps the words of « Rechercher dans ce groupe ».
 */
function activeFilters(state, names) {
  const chips = [];
  if (state.group) {
    const name = names.group;
    chips.push(filterChip(state, 'group', { group: '' },
      [icon('groups', 'icon results-scope-icon'), ' ', name
        ? [`${t('results.inGroup')} `, h('a', { href: `/groupes/${encodeURIComponent(state.group)}`, class: 'results-scope-name' }, name)]
        : t('results.inGroupUnknown')],
      name ? t('results.removeGroupNamed', { name }) : t('results.removeGroup')));
  }
  if (state.author) {
    const name = names.author || t('results.unknownAuthor', { id: state.author });
    chips.push(filterChip(state, 'author', { author: '' },
      [`${t('results.byAuthor')} `, h('a', { href: `/personnes/${encodeURIComponent(state.author)}`, class: 'results-scope-name' }, name)],
      t('results.removeFilter', { name })));
  }
  if (state.fileType) {
    const label = t(`results.fileType.${state.fileType}`);
    chips.push(filterChip(state, 'file_type', { fileType: '' },
      t('results.fileTypeChip', { label }), t('results.removeFilter', { name: label })));
  }
  if (!chips.length) return null;
  return h('div', { class: 'results-scope', role: 'group', 'aria-label': t('results.activeFilters') },
    h('ul', { class: 'filter-chips' }, chips),
    chips.length > 1
      ? filterLink(resultsHref(state, { group: '', author: '', fileType: '' }), 'filters-clear', { class: 'results-clear-filters' }, t('results.clearFilters'))
      : null);
}

/** One facet's values, most frequent first: [{value, label, n}]. */
function facetEntries(counts, label, valid = () => true) {
  return Object.entries(counts && typeof counts === 'object' ? counts : {})
    .map(([value, n]) => ({ value, n: Number(n) || 0 }))
    .filter((e) => e.n > 0 && valid(e.value))
    .map((e) => ({ ...e, label: label(e.value) }))
    .sort((a, b) => b.n - a.n || a.label.localeCompare(b.label));
}

/** « Groupes », « Auteurs », « Types de fichier »: links that add (or, when current, remove) a filter. */
function facetSection(state, key, field, title, entries) {
  if (!entries.length) return null;
  const titleId = `facet-title-${key}`;
  return h('section', { class: 'facet-group', dataset: { facet: key }, 'aria-labelledby': titleId },
    h('h2', { class: 'facet-title', id: titleId }, title),
    h('ul', { class: 'facet-list' }, entries.map((e) => {
      const current = state[field] === e.value;
      return h('li', {},
        filterLink(resultsHref(state, { [field]: current ? '' : e.value }), `${key}:${e.value}`, {
          class: 'facet-link',
          'aria-current': current ? 'true' : null,
          dataset: { facet: key, value: e.value },
        },
        h('span', { class: 'facet-label' }, e.label),
        h('span', { class: 'facet-count', 'aria-hidden': 'true' }, formatNumber(e.n)),
        h('span', { class: 'sr-only' }, ` (${t('results.facetCount', { n: e.n })})`)));
    })));
}

/** The disclosure « Affiner la recherche » with the groups, authors and kinds of file; null when none. */
function facetPanel(state, data, signal) {
  const facets = (data && data.facets) || {};
  const names = (data && data.facet_names) || {};
  const groupNames = names.group || {};
  const authorNames = names.author || {};
  const sections = [
    facetSection(state, 'group', 'group', t('results.facetGroups'),
      facetEntries(facets.group, (id) => String(groupNames[id] || t('results.unknownGroup', { id })), (id) => ID.test(id))),
    facetSection(state, 'author', 'author', t('results.facetAuthors'),
      facetEntries(facets.author, (id) => String(authorNames[id] || t('results.unknownAuthor', { id })), (id) => ID.test(id))),
    facetSection(state, 'file_type', 'fileType', t('results.facetFileTypes'),
      facetEntries(facets.file_type, (k) => t(`results.fileType.${k}`), (k) => FILE_TYPES.includes(k))),
  ].filter(Boolean);
  if (!sections.length) return null;
  const active = [state.group, state.author, state.fileType].filter(Boolean).length;
  const panel = h('details', { class: 'results-refine' },
    h('summary', { class: 'results-refine-summary' },
      h('span', {}, t('results.refine')),
      active ? h('span', { class: 'results-refine-active' }, t('results.refineActive', { n: active })) : null),
    h('div', { class: 'results-refine-body' }, sections));
  // open beside the results on a wide screen; closed above them on a narrow
  // one, unless the keyboard comes back to one of its links
  const wide = window.matchMedia ? window.matchMedia(WIDE) : null;
  const focusInside = typeof focusAfter === 'string' && /^(group|author|file_type):/.test(focusAfter);
  panel.open = Boolean((wide && wide.matches) || focusInside);
  if (wide) {
    wide.addEventListener('change', (event) => { if (event.matches) panel.open = true; }, { signal });
  }
  return panel;
}

/** « Aide à la recherche »: the syntax the search box understands. */
function searchHelp(open = false) {
  const keys = ['phrase', 'exclude', 'or', 'prefix', 'accents'];
  return h('details', { class: 'search-help', open: open || null },
    h('summary', {}, t('results.help.title')),
    h('ul', { class: 'search-help-list' }, keys.map((k) => h('li', { dataset: { help: k } }, t(`results.help.${k}`)))));
}

function restoreFocus(main) {
  const key = focusAfter;
  focusAfter = null;
  if (!key) return;
  const target = Array.from(main.querySelectorAll('[data-focus-key]')).find((el) => el.dataset.focusKey === key);
  if (target) target.focus();
}

// ---- the page ---------------------------------------------------------------------

/**
 * Nothing found: how to widen the search — the spelling (with the API's
 * « did you mean » as « Essayez : »), fewer words, and every type with no
 * filter when some are set. Announced (role=status) as it appears.
 */
function widenHelp(state, data, filtered) {
  const tips = [];
  const suggestion = data && data.suggestion ? String(data.suggestion) : '';
  tips.push(h('li', null, t('results.widen.spelling'),
    suggestion ? [' ', t('results.widen.try'), ' ',
      h('a', { href: resultsHref(state, { q: suggestion }), class: 'widen-suggestion' }, suggestion)] : null));
  if (String(state.q).trim().split(/\s+/).length > 1) tips.push(h('li', null, t('results.widen.fewerWords')));
  if (filtered) {
    tips.push(h('li', null, `${t('results.noneFiltered')} `,
      h('a', { href: resultsHref({ q: state.q }), class: 'widen-all' }, t('results.widen.allTypes'))));
  }
  return h('div', { class: 'results-none', role: 'status' },
    h('p', { class: 'results-none-lead' }, t('results.widen.lead')),
    h('ul', { class: 'results-none-tips' }, tips));
}

export const results = {
  title: () => t('results.title'),
  async render(main, { query, signal, navigate }) {
    const state = readState(query);
    const scope = h('div', { class: 'results-scope-wrap' });
    const controls = h('div', { class: 'results-controls' });
    const refine = h('div', { class: 'results-refine-wrap' });
    const body = h('div', { class: 'results', 'aria-live': 'polite' });
    main.append(pageTitle(t('results.title')), searchHelp(!state.q), scope, controls,
      h('div', { class: 'results-layout' }, refine, body));

    // the names of the filtered group and author, when the results do not tell them
    const nameOf = (path, key) => get(path, { signal }).then((v) => (v && v[key]) || '', () => '');
    const groupName = state.group ? nameOf(`/groups/${encodeURIComponent(state.group)}`, 'name') : null;
    const authorName = state.author ? nameOf(`/users/${encodeURIComponent(state.author)}`, 'display_name') : null;
    const showFilters = async (data) => {
      const names = (data && data.facet_names) || {};
      const known = {
        group: state.group && names.group && names.group[state.group],
        author: state.author && names.author && names.author[state.author],
      };
      const filterNames = {
        group: known.group || (groupName ? await groupName : ''),
        author: known.author || (authorName ? await authorName : ''),
      };
      if (!signal.aborted) replaceChildren(scope, activeFilters(state, filterNames));
    };
    if (!state.q) {
      await showFilters(null);
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
      await showFilters(null);
      return;
    }
    if (signal.aborted) return;
    if (state.type && !counts[state.type] && data && Number(data.total)) counts = { ...counts, [state.type]: data.total };

    const items = (data && Array.isArray(data.items)) ? data.items : [];
    const total = Number.isFinite(data && data.total) ? data.total : items.length;
    await showFilters(data);
    if (signal.aborted) return;

    const tools = h('div', { class: 'results-tools' });
    if (!unsupported.has('sort')) tools.append(sortSwitch(state));
    if (!unsupported.has('dates')) tools.append(dateRange(state, navigate));
    replaceChildren(controls, facetBar(state, counts), tools.childNodes.length ? tools : null);
    replaceChildren(refine, facetPanel(state, data, signal));

    const filtered = Boolean(state.type || state.group || state.author || state.fileType || state.from || state.to);
    const summary = h('p', { class: 'results-summary' }, t('results.summary', { n: total, q: state.q }));
    const parts = [summary];
    if (data && data.suggestion && items.length) {
      parts.push(h('p', { class: 'did-you-mean' }, `${t('results.didYouMean')} `,
        h('a', { href: resultsHref(state, { q: String(data.suggestion) }) }, String(data.suggestion))));
    }
    if (!items.length) parts.push(widenHelp(state, data, filtered));
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
