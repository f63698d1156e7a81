// @mention autocomplete for a text area: typing "@" then letters suggests
// people (GET /users?q=&limit=8); arrow keys move, Enter or a click
// inserts `[@Display Name](mention:ID)`, Escape closes the list.

import { h, replaceChildren, debounce, uid, avatar } from './dom.js';
import { t } from './i18n.js';
import { get } from './api.js';

const LIMIT = 8;
// "@" at the start or after a space or "(", then up to three words
const TRIGGER = /(?:^|[\s(])@([\p{L}\p{N}._'-]+(?: [\p{L}\p{N}._'-]*){0,2})$/u;

/** Markdown link text: the characters that would end or restyle it are escaped. */
export function mentionMarkdown(person) {
  const name = String(person.display_name || '').replace(/[\\[\]*_`<>]/g, (c) => `\\${c}`);
  return `[@${name}](mention:${person.id})`;
}

/**
 * attachMentions(textarea, {signal}) — wraps the text area in a box that
 * also holds the suggestion list. Returns {box, close()}.
 */
export function attachMentions(textarea, { signal } = {}) {
  const listId = uid('mentions');
  const list = h('ul', { id: listId, class: 'search-list', role: 'listbox', 'aria-label': t('mention.label') });
  const popup = h('div', { class: 'search-popup mention-popup', hidden: true }, list);
  const status = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const box = h('div', { class: 'mention-box' });
  if (textarea.parentNode) textarea.replaceWith(box);
  box.append(textarea, popup, status);
  textarea.setAttribute('aria-autocomplete', 'list');
  textarea.setAttribute('aria-controls', listId);

  let items = [];
  let active = -1;
  let range = null; // {start, end} of "@query" in the text
  let seq = 0;
  let controller = null;

  function close() {
    popup.hidden = true;
    items = [];
    active = -1;
    range = null;
    textarea.removeAttribute('aria-activedescendant');
  }

  function setActive(index) {
    const options = Array.from(list.children);
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    textarea.setAttribute('aria-activedescendant', options[active].id);
    options[active].scrollIntoView({ block: 'nearest' });
  }

  function choose(person) {
    if (!range) return;
    const text = `${mentionMarkdown(person)} `;
    // the query may have grown since the list came (typing goes on while
    // it is fetched): the mention replaces it up to the caret
    const { start } = range;
    const caret = textarea.selectionStart;
    const m = TRIGGER.exec(textarea.value.slice(0, caret));
    const end = m && caret - m[1].length - 1 === start ? caret : range.end;
    textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
    const after = start + text.length;
    textarea.focus();
    textarea.setSelectionRange(after, after);
    close();
    status.textContent = t('mention.inserted', { name: person.display_name });
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function render(found) {
    items = found;
    active = -1;
    textarea.removeAttribute('aria-activedescendant');
    if (!found.length) { close(); return; }
    replaceChildren(list, found.map((person, i) => {
      const li = h('li', { id: `${listId}-${i}`, role: 'option', class: 'search-option', 'aria-selected': 'false' },
        avatar(person.display_name, 'avatar avatar-sm', person.avatar_url),
        h('span', { class: 'search-option-text' },
          h('span', { class: 'search-option-title' }, person.display_name || ''),
          person.job_title ? h('span', { class: 'search-option-detail' }, person.job_title) : null));
      li.addEventListener('mousedown', (event) => event.preventDefault());
      li.addEventListener('click', () => choose(person));
      return li;
    }));
    popup.hidden = false;
    setActive(0);
    status.textContent = t('mention.count', { n: found.length });
  }

  const suggest = debounce(async () => {
    const caret = textarea.selectionStart;
    if (caret !== textarea.selectionEnd) { close(); return; }
    const m = TRIGGER.exec(textarea.value.slice(0, caret));
    const mine = ++seq;
    if (controller) controller.abort();
    if (!m) { close(); return; }
    const q = m[1].trim();
    const at = { start: caret - m[1].length - 1, end: caret };
    controller = new AbortController();
    if (signal) signal.addEventListener('abort', () => controller.abort(), { once: true });
    try {
      const data = await get('/users', { query: { q, limit: LIMIT }, signal: controller.signal });
      if (mine !== seq || document.activeElement !== textarea) return;
      range = at;
      // a disabled account would stay plain text: not offered
      render(((data && data.items) || []).filter((person) => person.status !== 'disabled'));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (mine === seq) close();
    }
  }, 150);

  // each keystroke makes the list in flight stale (it answers an older query)
  textarea.addEventListener('input', (event) => { if (event.isTrusted) { seq += 1; suggest(); } });
  textarea.addEventListener('click', () => { if (!popup.hidden) suggest(); });
  textarea.addEventListener('blur', () => { suggest.cancel(); close(); });
  textarea.addEventListener('keydown', (event) => {
    if (popup.hidden) return;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setActive(active + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActive(active - 1);
        break;
      case 'Enter':
        if (active >= 0 && items[active]) {
          event.preventDefault();
          choose(items[active]);
        }
        break;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        close();
        break;
      default:
        break;
    }
  });
  if (signal) signal.addEventListener('abort', () => suggest.cancel(), { once: true });
  return { box, close };
}
