// The « N nouvelles publications » banner: every 30 seconds (while the page
// is visible) it asks how many posts appeared since the newest one shown;
// pressing it loads the top of the list again.
//
// Tests may shorten the interval: localStorage "parvis.feedPoll" in
// milliseconds (at least 1000). Without it, 30 s.

import { h } from './dom.js';
import { t } from './i18n.js';

const DEFAULT_MS = 30000;

export function pollInterval() {
  try {
    const v = Number(localStorage.getItem('parvis.feedPoll'));
    if (Number.isFinite(v) && v >= 1000) return v;
  } catch { /* storage disabled */ }
  return DEFAULT_MS;
}

/**
 * createNewPostsBanner({count() → Promise<number>, onOpen(), signal}) → {element, reset()}.
 * `count` answers how many posts are new; `onOpen` reloads the list.
 */
export function createNewPostsBanner({ count, onOpen, signal }) {
  const button = h('button', { type: 'button', class: 'btn new-posts' });
  const element = h('div', { class: 'new-posts-slot', 'aria-live': 'polite' });
  let shown = 0;
  let running = false;

  function show(n) {
    shown = n;
    if (!n) { element.replaceChildren(); return; }
    button.textContent = t('feed.newPosts', { n });
    if (!button.isConnected) element.replaceChildren(button);
  }

  button.addEventListener('click', async () => {
    show(0);
    await onOpen();
  });

  async function tick() {
    // the list was replaced (another tab of the group, another page): stop asking
    if (!element.isConnected) { stop(); return; }
    if (running || document.hidden) return;
    running = true;
    try {
      const n = await count();
      if (typeof n === 'number' && n !== shown) show(n);
    } catch {
      // the next tick tries again; a failed check is not worth a message
    } finally {
      running = false;
    }
  }

  let timer = null;
  const onVisible = () => { if (!document.hidden) tick(); };
  function stop() {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
  }
  timer = setInterval(tick, pollInterval());
  document.addEventListener('visibilitychange', onVisible);
  if (signal) signal.addEventListener('abort', stop, { once: true });
  return { element, reset: () => show(0), check: tick, stop };
}
