// The frame of a page showing one thing read from the API (an event, a
// convocation): « ← Mon agenda », the messages' live region, a head card
// and the rest; reading it with its « introuvable » and error states, and
// the keyboard put on its title when the page was reached by a link.

import { h, replaceChildren } from './dom.js';
import { t } from './i18n.js';
import { get } from './api.js';
import { pageTitle, alertBox, loading, errorMessage, takeFlash } from './ui.js';

/** Appends the frame to main: {back, head, rest, messages, say(box)}. `cls`: the
 * class prefix of the head and the rest (`event` → event-head, event-rest). */
export function detailFrame(main, cls) {
  const back = h('p', { class: 'back' }, h('a', { href: '/agenda' }, `← ${t('agenda.mine')}`));
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' }, takeFlash());
  const head = h('section', { class: `card ${cls}-head` }, loading());
  const rest = h('div', { class: `${cls}-rest` });
  main.append(back, messages, head, rest);
  return { back, head, rest, messages, say: (box) => replaceChildren(messages, box) };
}

/**
 * Reads `path` into the frame: show(data) draws it (the first time, the
 * keyboard then lands on its h1 if it was on the page itself). A 404 shows
 * keys.notFound and keys.notFoundText, another error keys.title and the
 * message. Returns whether it was read.
 */
export async function loadDetail(frame, main, path, { signal, setTitle }, keys, show) {
  const { head, rest } = frame;
  let data;
  try {
    data = await get(path, { signal });
  } catch (err) {
    if (err && err.name === 'AbortError') return false;
    if (err && err.status === 404) {
      setTitle(t(keys.notFound));
      replaceChildren(head, pageTitle(t(keys.notFound)), h('p', { class: 'muted' }, t(keys.notFoundText)));
      replaceChildren(rest);
      return false;
    }
    replaceChildren(head, pageTitle(t(keys.title)), alertBox(errorMessage(err)));
    return false;
  }
  const first = !head.querySelector('h1');
  show(data);
  // arrived by a link: the keyboard lands on the title, not on <main>
  if (first && (document.activeElement === main || document.activeElement === document.body)) head.querySelector('h1').focus();
  return true;
}
