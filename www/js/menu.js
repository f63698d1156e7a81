// An actions menu (the WAI-ARIA menu button): a button opens a list of
// role="menuitem" buttons; Up/Down/Home/End move, Escape or Tab closes,
// a choice closes the menu and runs its action.

import { h, uid } from './dom.js';

/**
 * createMenu({label, text, items: [{label, onSelect, danger}]}) → {element}.
 * `label` is the button's accessible name, `text` its visible text.
 */
export function createMenu({ label, text, items }) {
  const menuId = uid('menu');
  const button = h('button', {
    type: 'button', class: 'btn-icon menu-button', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
    'aria-controls': menuId, 'aria-label': label,
  }, h('span', { 'aria-hidden': 'true', class: 'menu-dots' }, text || '⋯'));
  const entries = items.map((item) => h('button', {
    type: 'button', role: 'menuitem', tabindex: '-1', class: `menu-item${item.danger ? ' menu-item-danger' : ''}`,
  }, item.label));
  const list = h('div', { id: menuId, role: 'menu', class: 'menu-popup card', 'aria-label': label, hidden: true }, entries);
  const element = h('div', { class: 'menu' }, button, list);

  function open(focusIndex = 0) {
    list.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    entries[(focusIndex + entries.length) % entries.length].focus();
    document.addEventListener('click', onDocClick, true);
  }
  function close({ focus = true } = {}) {
    if (list.hidden) return;
    list.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('click', onDocClick, true);
    if (focus) button.focus();
  }
  function onDocClick(event) {
    if (!element.isConnected) { document.removeEventListener('click', onDocClick, true); return; }
    if (!element.contains(event.target)) close({ focus: false });
  }

  button.addEventListener('click', () => (list.hidden ? open(0) : close()));
  button.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') { event.preventDefault(); open(0); }
    if (event.key === 'ArrowUp') { event.preventDefault(); open(-1); }
  });
  entries.forEach((entry, i) => {
    entry.addEventListener('click', () => {
      close();
      items[i].onSelect();
    });
  });
  list.addEventListener('keydown', (event) => {
    const index = entries.indexOf(document.activeElement);
    let next = null;
    if (event.key === 'ArrowDown') next = index + 1;
    else if (event.key === 'ArrowUp') next = index - 1;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = entries.length - 1;
    else if (event.key === 'Escape') { event.preventDefault(); event.stopPropagation(); close(); return; }
    else if (event.key === 'Tab') { close({ focus: false }); return; }
    if (next === null) return;
    event.preventDefault();
    entries[(next + entries.length) % entries.length].focus();
  });
  return { element, close };
}
