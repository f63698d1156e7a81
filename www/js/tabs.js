// Tabs (the WAI-ARIA pattern): a role="tablist" of buttons, one tabpanel per
// tab; Left/Right (and Home/End) move between tabs and show them at once.
// The chosen tab is kept in the address (e.g. ?onglet=membres) without
// reloading the page.

import { h, uid } from './dom.js';

/**
 * createTabs({label, tabs: [{id, label, render(panel), show(panel)?}], selected, param})
 * → {element, select(id), focus()}. `render` runs the first time a tab is shown,
 * `show` (if any) every later time.
 * `param` names the query parameter that records the tab (none: not kept).
 */
export function createTabs({ label, tabs, selected, param }) {
  const base = uid('tabs');
  const entries = tabs.map((tab) => {
    const tabId = `${base}-tab-${tab.id}`;
    const panelId = `${base}-panel-${tab.id}`;
    const button = h('button', {
      type: 'button', role: 'tab', id: tabId, class: 'tab',
      'aria-controls': panelId, 'aria-selected': 'false', tabindex: '-1', dataset: { tab: tab.id },
    }, tab.label);
    const panel = h('div', { role: 'tabpanel', id: panelId, class: 'tabpanel', 'aria-labelledby': tabId, tabindex: '0', hidden: true });
    return { tab, button, panel, rendered: false };
  });
  const list = h('div', { role: 'tablist', class: 'tablist', 'aria-label': label }, entries.map((e) => e.button));
  const element = h('div', { class: 'tabs' }, list, entries.map((e) => e.panel));

  let current = null;

  function select(id, { focus = false, record = true } = {}) {
    const entry = entries.find((e) => e.tab.id === id) || entries[0];
    if (!entry) return;
    current = entry;
    for (const e of entries) {
      const on = e === entry;
      e.button.setAttribute('aria-selected', String(on));
      e.button.tabIndex = on ? 0 : -1;
      e.panel.hidden = !on;
    }
    if (!entry.rendered) {
      entry.rendered = true;
      entry.tab.render(entry.panel);
    } else if (entry.tab.show) {
      entry.tab.show(entry.panel);
    }
    if (focus) entry.button.focus();
    // on a narrow screen the tab list scrolls sideways: keep the chosen tab in
    // view (sideways only: the page itself does not move)
    requestAnimationFrame(() => {
      const lr = list.getBoundingClientRect();
      const br = entry.button.getBoundingClientRect();
      if (br.left < lr.left) list.scrollLeft -= lr.left - br.left;
      else if (br.right > lr.right) list.scrollLeft += br.right - lr.right;
    });
    if (param && record) {
      const url = new URL(window.location.href);
      if (entry === entries[0]) url.searchParams.delete(param);
      else url.searchParams.set(param, entry.tab.id);
      history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    }
  }

  list.addEventListener('click', (event) => {
    const button = event.target.closest('[role="tab"]');
    if (button) select(button.dataset.tab);
  });
  list.addEventListener('keydown', (event) => {
    const index = entries.indexOf(current);
    let next = null;
    if (event.key === 'ArrowRight') next = entries[(index + 1) % entries.length];
    else if (event.key === 'ArrowLeft') next = entries[(index - 1 + entries.length) % entries.length];
    else if (event.key === 'Home') next = entries[0];
    else if (event.key === 'End') next = entries[entries.length - 1];
    if (!next) return;
    event.preventDefault();
    select(next.tab.id, { focus: true });
  });

  select(selected && entries.some((e) => e.tab.id === selected) ? selected : entries[0].tab.id, { record: false });
  return { element, select, focus: () => current && current.button.focus() };
}
