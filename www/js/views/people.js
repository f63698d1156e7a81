// /personnes — the directory, with a filter.

import { h, replaceChildren, debounce, avatar } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { pageTitle, field, alertBox, loading, errorMessage } from '../ui.js';

const LIMIT = 50;

export function personCard(person) {
  return h('li', { class: 'person' },
    avatar(person.display_name),
    h('span', { class: 'person-text' },
      h('a', { href: `/personnes/${encodeURIComponent(person.id)}`, class: 'person-name' }, person.display_name || ''),
      person.email ? h('span', { class: 'person-email muted' }, person.email) : null));
}

export const people = {
  title: () => t('people.title'),
  render(main, { query, signal }) {
    const filter = field({
      label: t('people.filter'), name: 'q', type: 'search', value: query.get('q') || '',
      attrs: { autocomplete: 'off', spellcheck: 'false' },
    });
    const results = h('div', { class: 'people-results', 'aria-live': 'polite', 'aria-busy': 'false' });
    const filterForm = h('form', { class: 'filter-form', role: 'search', 'aria-label': t('people.title') }, filter.wrap);
    filterForm.addEventListener('submit', (event) => event.preventDefault());

    main.append(
      pageTitle(t('people.title')),
      h('p', { class: 'muted' }, t('people.intro')),
      filterForm,
      results,
    );

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
        const data = await get('/users', { query: { q, limit: LIMIT, cursor: cursor || undefined }, signal: controller.signal });
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

    const reload = debounce(() => {
      const q = filter.input.value.trim();
      history.replaceState({}, '', q ? `/personnes?q=${encodeURIComponent(q)}` : '/personnes');
      load(null);
    }, 200);
    filter.input.addEventListener('input', reload);
    signal.addEventListener('abort', () => reload.cancel(), { once: true });
    load(null);
  },
};
