// A list of post cards paged by cursor: more posts load as the end of the
// list comes into view (IntersectionObserver), and a « Voir plus » button
// does the same from the keyboard.

import { h, replaceChildren } from './dom.js';
import { t } from './i18n.js';
import { alertBox, loading, errorMessage } from './ui.js';
import { createPostCard } from './post-card.js';

/**
 * createFeedList({label, load(cursor) → {items, next}, signal, empty, card})
 * → {element, reload(), prepend(post), newestCursor(), size(), focusFirst()}.
 * `empty` is the node shown when there is nothing; `card` the options given
 * to every post card.
 */
export function createFeedList({ label, load, signal, empty, card = {} }) {
  const feed = h('div', { role: 'feed', class: 'post-list', 'aria-label': label, 'aria-busy': 'false' });
  const status = h('div', { class: 'feed-status' });
  const more = h('button', { type: 'button', class: 'btn more', hidden: true }, t('feed.more'));
  const sentinel = h('div', { class: 'feed-sentinel', 'aria-hidden': 'true' });
  const element = h('div', { class: 'feed-list' }, feed, status, more, sentinel);
  const cards = new Map(); // post id → {element, post()}
  const hiddenIds = new Set(); // posts shown elsewhere on the page (the must-read ones on top)
  let next = null;
  let newest = null; // the cursor of the newest post shown (not a pinned one)
  let busy = false;
  let generation = 0;

  function addCard(p, { atTop = false } = {}) {
    const key = String(p.id);
    if (cards.has(key)) return null;
    const c = createPostCard(p, {
      signal,
      ...card,
      onRemoved: (removed) => {
        cards.delete(key);
        if (!cards.size && !next) showEmpty();
        if (card.onRemoved) card.onRemoved(removed);
      },
    });
    cards.set(key, c);
    if (hiddenIds.has(key)) c.element.hidden = true;
    if (atTop) {
      // after the pinned posts, which stay on top
      const firstUnpinned = Array.from(feed.children).find((el) => !el.classList.contains('is-pinned'));
      feed.insertBefore(c.element, firstUnpinned || null);
    } else {
      feed.append(c.element);
    }
    return c;
  }

  function showEmpty() {
    replaceChildren(status, empty || h('p', { class: 'card card-empty' }, t('feed.empty')));
  }

  async function page(cursor) {
    const mine = generation;
    busy = true;
    feed.setAttribute('aria-busy', 'true');
    if (!cursor) replaceChildren(status, loading());
    more.disabled = true;
    try {
      const data = await load(cursor);
      if (mine !== generation) return;
      const items = (data && data.items) || [];
      for (const p of items) addCard(p);
      if (!cursor) {
        const top = items.find((p) => !p.pinned) || items[0];
        newest = top ? top.cursor || null : null;
      }
      next = (data && data.next) || null;
      if (!cursor && !items.length) showEmpty();
      else replaceChildren(status);
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (mine !== generation) return;
      replaceChildren(status, alertBox(errorMessage(err)));
    } finally {
      if (mine === generation) {
        busy = false;
        feed.setAttribute('aria-busy', 'false');
        more.hidden = !next;
        more.disabled = false;
        // the end of the list may still be in view (a tall screen): observing
        // it again reports it at once, and the next page follows
        if (observer && next) { observer.unobserve(sentinel); observer.observe(sentinel); }
      }
    }
  }

  function loadMore() {
    if (busy || !next) return;
    page(next);
  }
  more.addEventListener('click', loadMore);

  let observer = null;
  if ('IntersectionObserver' in window) {
    observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    }, { rootMargin: '400px 0px' });
    observer.observe(sentinel);
    if (signal) signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  }

  return {
    element,
    /** Loads the first page again (the banner's « new posts »). */
    reload() {
      generation += 1;
      busy = false;
      next = null;
      newest = null;
      cards.clear();
      replaceChildren(feed);
      return page(null);
    },
    /** Shows a post just written, at the top. */
    prepend(p) {
      replaceChildren(status);
      if (p.published !== false && p.cursor) newest = p.cursor;
      return addCard(p, { atTop: true });
    },
    /** The cursor of the newest post shown, for « new posts since »; null when none. */
    newestCursor: () => newest,
    /** Keeps post `id` out of sight (shown elsewhere on the page): now and in later pages. */
    hide(id) {
      const key = String(id);
      hiddenIds.add(key);
      const c = cards.get(key);
      if (c) c.element.hidden = true;
    },
    /** Shows post `id` again in its place, as `p` now is (e.g. confirmed read). */
    reveal(id, p) {
      const key = String(id);
      hiddenIds.delete(key);
      const old = cards.get(key);
      if (!old) return;
      cards.delete(key);
      const before = old.element.nextSibling;
      old.element.remove();
      const c = addCard(p || old.post());
      if (c) feed.insertBefore(c.element, before);
      return c;
    },
    size: () => cards.size,
    focusFirst() {
      const el = Array.from(feed.children).find((e) => !e.hidden);
      if (el) el.focus();
    },
  };
}
