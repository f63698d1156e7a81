// The header's search box: a combobox with people suggestions as one types.
// Arrow keys move through the suggestions, Enter opens the chosen one (or the
// results page when none is chosen), Escape closes the list.

import { h, replaceChildren, debounce, uid, avatar } from './dom.js';
import { t } from './i18n.js';
import { get } from './api.js';
import { snippet } from './ui.js';

const DEBOUNCE_MS = 150;
const LIMIT = 8;

export function createSearchBox({ navigate }) {
  const inputId = uid('search');
  const listId = uid('search-list');
  const statusId = uid('search-status');

  const input = h('input', {
    id: inputId,
    type: 'search',
    name: 'q',
    class: 'search-input',
    placeholder: t('search.placeholder'),
    'aria-label': t('search.label'),
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    autocomplete: 'off',
    spellcheck: 'false',
    enterkeyhint: 'search',
  });
  const list = h('ul', { id: listId, class: 'search-list', role: 'listbox', 'aria-label': t('search.suggestions') });
  const empty = h('p', { class: 'search-empty', hidden: true }, t('search.none'));
  const hint = h('p', { class: 'search-hint', 'aria-hidden': 'true' }, t('search.hint'));
  const popup = h('div', { class: 'search-popup', hidden: true }, list, empty, hint);
  const status = h('p', { id: statusId, class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'search', role: 'search', action: '/recherche', method: 'get' },
    input, popup, status);

  let items = [];
  let active = -1;
  let seq = 0; // only the answer to the latest request is shown
  let controller = null;

  function open() {
    popup.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function close() {
    popup.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
    for (const li of list.children) li.setAttribute('aria-selected', 'false');
  }

  function setActive(index) {
    const options = Array.from(list.children);
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    const li = options[active];
    input.setAttribute('aria-activedescendant', li.id);
    li.scrollIntoView({ block: 'nearest' });
  }

  function choose(item) {
    close();
    input.value = '';
    items = [];
    replaceChildren(list);
    // the server gives each hit its page (a person, a group...); a path of
    // this site only
    const url = typeof item.url === 'string' && item.url.startsWith('/') && !item.url.startsWith('//')
      ? item.url : `/personnes/${encodeURIComponent(item.id)}`;
    navigate(url);
  }

  function showResults() {
    const q = input.value.trim();
    if (!q) return;
    close();
    navigate(`/recherche?q=${encodeURIComponent(q)}`);
  }

  function render(found) {
    // an answer that arrives after an arrow key keeps the chosen one
    // chosen when it is still there (Enter opens what the person sees
    // selected, never the results page in its place)
    const kept = active >= 0 && !popup.hidden ? items[active] : null;
    items = found;
    active = -1;
    input.removeAttribute('aria-activedescendant');
    replaceChildren(list, found.map((item, i) => {
      const details = item.type === 'group'
        ? t('search.kindGroup')
        : [item.email, item.job || item.job_title].filter(Boolean).join(' · ');
      const hasSnippet = Array.isArray(item.snippet) && item.snippet.some((seg) => seg && seg.text);
      const li = h('li', {
        id: `${listId}-${i}`,
        role: 'option',
        class: 'search-option',
        'aria-selected': 'false',
      },
      avatar(item.title, 'avatar avatar-sm'),
      h('span', { class: 'search-option-text' },
        h('span', { class: 'search-option-title' }, item.title || ''),
        details ? h('span', { class: 'search-option-detail' }, details)
          : hasSnippet ? snippet(item.snippet, 'search-option-detail') : null));
      // mousedown would blur the input before the click lands
      li.addEventListener('mousedown', (event) => event.preventDefault());
      li.addEventListener('click', () => choose(item));
      return li;
    }));
    list.hidden = found.length === 0;
    empty.hidden = found.length !== 0;
    status.textContent = t('search.count', { n: found.length });
    open();
    const again = kept ? found.findIndex((x) => x.type === kept.type && x.id === kept.id) : -1;
    if (again >= 0) setActive(again);
  }

  const suggest = debounce(async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (controller) controller.abort();
    if (!q) { close(); status.textContent = ''; return; }
    controller = new AbortController();
    try {
      const data = await get('/search', {
        query: { q, limit: LIMIT, type: 'person,group' },   // suggestions: people and groups only
        signal: controller.signal,
      });
      if (mine !== seq || document.activeElement !== input) return;
      render((data && data.items) || []);
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (mine === seq) close(); // suggestions are a convenience: stay quiet
    }
  }, DEBOUNCE_MS);

  input.addEventListener('input', suggest);
  input.addEventListener('focus', () => { if (input.value.trim() && items.length) open(); });
  input.addEventListener('blur', () => close());

  input.addEventListener('keydown', (event) => {
    const expanded = !popup.hidden;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!expanded && items.length) open();
        setActive(active + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!expanded && items.length) open();
        setActive(active < 0 ? -1 : active - 1);
        break;
      case 'Enter':
        event.preventDefault();
        if (expanded && active >= 0 && items[active]) choose(items[active]);
        else showResults();
        break;
      case 'Escape':
        if (expanded) {
          event.preventDefault();
          event.stopPropagation();
          // suggestions still on their way do not open the list again
          seq++;
          if (controller) controller.abort();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = '';
        }
        break;
      default:
        break;
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    showResults();
  });

  return {
    element: form,
    input,
    setValue(value) { input.value = value || ''; },
  };
}
