// A person picker: a combobox that suggests people from the directory
// (GET /users?q=) as one types. Arrow keys move through the suggestions,
// Enter or a click chooses one, Escape closes the list. The chosen person is
// given to onChange (null when the text no longer matches a choice).

import { h, replaceChildren, debounce, uid, avatar } from './dom.js';
import { t } from './i18n.js';
import { get } from './api.js';
import { guestBadge } from './ui.js';

const LIMIT = 8;

export function createPersonPicker({ label, name = 'person', onChange = () => {}, signal }) {
  const inputId = uid('picker');
  const listId = uid('picker-list');
  const input = h('input', {
    id: inputId, type: 'text', name, class: 'input', role: 'combobox',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
    autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${inputId}-hint`,
  });
  const list = h('ul', { id: listId, class: 'search-list picker-list', role: 'listbox', 'aria-label': label });
  const empty = h('p', { class: 'search-empty', hidden: true }, t('picker.none'));
  const popup = h('div', { class: 'search-popup picker-popup', hidden: true }, list, empty);
  const status = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const wrap = h('div', { class: 'field picker' },
    h('label', { for: inputId, class: 'label' }, label),
    h('p', { id: `${inputId}-hint`, class: 'hint' }, t('picker.hint')),
    h('div', { class: 'picker-box' }, input, popup),
    status);

  let items = [];
  let active = -1;
  let chosen = null;
  let seq = 0;
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
  }

  function setActive(index) {
    const options = Array.from(list.children);
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    input.setAttribute('aria-activedescendant', options[active].id);
    options[active].scrollIntoView({ block: 'nearest' });
  }

  function choose(person) {
    chosen = person;
    input.value = person.display_name || '';
    close();
    status.textContent = t('picker.chosen', { name: person.display_name });
    onChange(person);
  }

  function render(found) {
    items = found;
    active = -1;
    input.removeAttribute('aria-activedescendant');
    replaceChildren(list, found.map((person, i) => {
      const detail = [person.email, person.job_title].filter(Boolean).join(' · ');
      const li = h('li', { id: `${listId}-${i}`, role: 'option', class: 'search-option', 'aria-selected': 'false' },
        avatar(person.display_name, 'avatar avatar-sm', person.avatar_url),
        h('span', { class: 'search-option-text' },
          h('span', { class: 'search-option-title' }, person.display_name || '', guestBadge(person)),
          detail ? h('span', { class: 'search-option-detail' }, detail) : null));
      li.addEventListener('mousedown', (event) => event.preventDefault());
      li.addEventListener('click', () => choose(person));
      return li;
    }));
    list.hidden = found.length === 0;
    empty.hidden = found.length !== 0;
    status.textContent = t('search.count', { n: found.length });
    open();
  }

  const suggest = debounce(async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (controller) controller.abort();
    if (!q) { close(); items = []; return; }
    controller = new AbortController();
    if (signal) signal.addEventListener('abort', () => controller.abort(), { once: true });
    try {
      const data = await get('/users', { query: { q, limit: LIMIT }, signal: controller.signal });
      if (mine !== seq || document.activeElement !== input) return;
      render((data && data.items) || []);
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (mine === seq) close();
    }
  }, 150);

  input.addEventListener('input', () => {
    if (chosen) { chosen = null; onChange(null); }
    suggest();
  });
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
        if (expanded && active >= 0 && items[active]) {
          event.preventDefault();
          choose(items[active]);
        }
        break;
      case 'Escape':
        if (expanded) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
        break;
      default:
        break;
    }
  });
  if (signal) signal.addEventListener('abort', () => suggest.cancel(), { once: true });

  return {
    wrap,
    input,
    value: () => chosen,
    clear() {
      chosen = null;
      input.value = '';
      items = [];
      replaceChildren(list);
      close();
      onChange(null);
    },
  };
}
