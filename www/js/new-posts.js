// The « N nouvelles publications » banner: it asks how many posts appeared
// since the newest one shown at once when a live message says a post was
// published in one of the feed's channels (live.js), and every 30 seconds
// (while the page is visible) when live updates are not working; pressing it
// loads the top of the list again.
//
// Tests may shorten the interval: localStorage "parvis.feedPoll" in
// milliseconds (at least 1000). Without it, 30 s.

import { h } from './dom.js';
import { t } from './i18n.js';
import { watchChannels, onLive, onLiveOpen, isLive } from './live.js';

const DEFAULT_MS = 30000;

export function pollInterval() {
  try {
    const v = Number(localStorage.getItem('parvis.feedPoll'));
    if (Number.isFinite(v) && v >= 1000) return v;
  } catch { /* storage disabled */ }
  return DEFAULT_MS;
}

/**
 * createNewPostsBanner({count() → Promise<number>, onOpen(), signal, channels}) → {element, reset()}.
 * `count` answers how many posts are new; `onOpen` reloads the list;
 * `channels` (a list or a promise of one: 'news', 'g12') are the live
 * channels whose `post` messages make it ask at once.
 */
export function createNewPostsBanner({ count, onOpen, signal, channels = null }) {
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

  let again = false; // a message came while asking: ask once more after
  async function tick() {
    // the list was replaced (another tab of the group, another page): stop asking
    if (!element.isConnected) { stop(); return; }
    if (running) { again = true; return; }
    if (document.hidden) return;
    running = true;
    again = false;
    try {
      const n = await count();
      if (typeof n === 'number' && n !== shown) show(n);
    } catch {
      // the next tick tries again; a failed check is not worth a message
    } finally {
      running = false;
      if (again) tick();
    }
  }

  // live messages say when to ask; the timer is the fallback
  const live = channels && signal;
  const poll = () => { if (!(live && isLive())) tick(); };
  if (live) {
    watchChannels(channels, signal);
    onLive('post', () => tick(), signal);
    onLiveOpen(() => tick(), signal);
  }

  let timer = null;
  const onVisible = () => { if (!document.hidden) tick(); };
  function stop() {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
  }
  timer = setInterval(poll, pollInterval());
  document.addEventListener('visibilitychange', onVisible);
  if (signal) signal.addEventListener('abort', stop, { once: true });
  return { element, reset: () => show(0), check: tick, stop };
}
