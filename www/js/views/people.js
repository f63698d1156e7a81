// /personnes — the directory: filtered by name or e-mail, department
// (?service=) and site (?site=), page by page.

import { h, replaceChildren, debounce, avatar } from '../dom.js';
import { t, formatNumber } from '../i18n.js';
import { get } from '../api.js';
import { pageTitle, field, selectField, alertBox, loading, errorMessage, takeFlash, guestBadge } from '../ui.js';

const LIMIT = 50;

export function personCard(person) {
  const place = [person.department, person.site].filter(Boolean).join(' · ');
  return h('li', { class: 'person' },
    avatar(person.display_name, 'avatar', person.avatar_url),
    h('span', { class: 'person-text' },
      h('a', { href: `/personnes/${encodeURIComponent(person.id)}`, class: 'person-name' }, person.display_name || ''),
      guestBadge(person),
      person.job_title ? h('span', { class: 'person-job' }, person.job_title) : null,
      place ? h('span', { class: 'person-place muted' }, place) : null,
      person.email ? h('span', { class: 'person-email muted' }, person.email) : null));
}

/** Fills a <select> with "all" then the values in use, keeping `selected`. */
function fillSelect(select, allLabel, values, selected) {
  const options = [h('option', { value: '' }, allLabel)];
  const known = new Set();
  for (const v of values || []) {
    if (!v || !v.value) continue;
    known.add(v.value);
    options.push(h('option', { value: v.value }, `${v.value} (${formatNumber(v.count || 0)})`));
  }
  if (selected && !known.has(selected)) options.push(h('option', { value: selected }, selected));
  replaceChildren(select, options);
  select.value = selected || '';
}

export const people = {
  title: () => t('people.title'),
  render(main, { query, signal }) {
    const filter = field({
      label: t('people.filter'), name: 'q', type: 'search', value: query.get('q') || '',
      attrs: { autocomplete: 'off', spellcheck: 'false' },
    });
    const department = selectField({ label: t('people.department'), name: 'department', options: [] });
    const site = selectField({ label: t('people.site'), name: 'site', options: [] });
    fillSelect(department.select, t('people.allDepartments'), [], query.get('service'));
    fillSelect(site.select, t('people.allSites'), [], query.get('site'));

    const results = h('div', { class: 'people-results', 'aria-live': 'polite', 'aria-busy': 'false' });
    const filterForm = h('form', { class: 'filter-form people-filters', role: 'search', 'aria-label': t('people.title') },
      filter.wrap, department.wrap, site.wrap);
    filterForm.addEventListener('submit', (event) => event.preventDefault());

    main.append(
      pageTitle(t('people.title')),
      h('p', { class: 'muted' }, t('people.intro')),
      h('div', { class: 'messages' }, takeFlash()),
      filterForm,
      results,
    );

    get('/directory/attributes', { signal }).then((attrs) => {
      fillSelect(department.select, t('people.allDepartments'), attrs && attrs.departments, department.select.value);
      fillSelect(site.select, t('people.allSites'), attrs && attrs.sites, site.select.value);
    }).catch(() => { /* the name filter still works */ });

    let seq = 0;
    let controller = null;

    async function load(cursor, list) {
      const mine = cursor ? seq : ++seq;
      if (!cursor) {
        if (controller) controller.abort();
        controller = new AbortController();
        signal.addEventListener('abort', () => controller.abort(), { once: true });
        replaceChildren(results, loading());
      }
      results.setAttribute('aria-busy', 'true');
      const q = filter.input.value.trim();
      try {
        const data = await get('/users', {
          query: {
            q,
            department: department.select.value || undefined,
            site: site.select.value || undefined,
            limit: LIMIT,
            cursor: cursor || undefined,
          },
          signal: controller.signal,
        });
        if (mine !== seq) return;
        const items = (data && data.items) || [];
        if (!cursor) {
          list = h('ul', { class: 'people-list', 'aria-label': t('people.listLabel') });
          replaceChildren(results, items.length ? list : h('p', { class: 'muted empty' }, t('people.none')));
        }
        for (const person of items) list.append(personCard(person));
        const old = results.querySelector('.more');
        if (old) old.remove();
        if (data && data.next) {
          const more = h('button', { type: 'button', class: 'btn more' }, t('common.more'));
          more.addEventListener('click', () => { more.disabled = true; load(data.next, list); });
          results.append(more);
        }
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        if (mine === seq) replaceChildren(results, alertBox(errorMessage(err)));
      } finally {
        if (mine === seq) results.setAttribute('aria-busy', 'false');
      }
    }

    function recordAndLoad() {
      const params = new URLSearchParams();
      const q = filter.input.value.trim();
      if (q) params.set('q', q);
      if (department.select.value) params.set('service', department.select.value);
      if (site.select.value) params.set('site', site.select.value);
      const search = params.toString();
      history.replaceState({}, '', search ? `/personnes?${search}` : '/personnes');
      load(null);
    }
    const reload = debounce(recordAndLoad, 200);
    filter.input.addEventListener('input', reload);
    department.select.addEventListener('change', () => { reload.cancel(); recordAndLoad(); });
    site.select.addEventListener('change', () => { reload.cancel(); recordAndLoad(); });
    signal.addEventListener('abort', () => reload.cancel(), { once: true });
    load(null);
  },
};
