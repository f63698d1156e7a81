// /fil — the home feed: the person's groups and the organisation's news,
// newest first; filters (Tout, Actualités, Mentions, À lire) and one group,
// kept in the address (?filtre=&groupe=); the news composer for editors.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { pageTitle } from '../ui.js';
import { createComposer, isNewsEditor } from '../composer.js';
import { mountFeed } from '../feed-source.js';
import { createPostCard } from '../post-card.js';

// the address's words → the API's filter
export const FILTERS = [
  { param: '', api: 'all', key: 'feed.filter.all' },
  { param: 'actualites', api: 'news', key: 'feed.filter.news' },
  { param: 'mentions', api: 'mentions', key: 'feed.filter.mentions' },
  { param: 'a-lire', api: 'must_read', key: 'feed.filter.mustRead' },
];

async function myGroups(signal) {
  const groups = [];
  let cursor;
  for (let i = 0; i < 5; i += 1) {
    const data = await get('/groups', { query: { mine: 1, limit: 100, cursor }, signal });
    groups.push(...((data && data.items) || []));
    if (!data || !data.next) break;
    cursor = data.next;
  }
  return groups;
}

export const feed = {
  title: () => t('feed.title'),
  render(main, { user, query, signal }) {
    // a guest reads the news only when the platform allows it (docs/guests.md)
    const seesNews = user.kind !== 'guest' || user.sees_news === true;
    const filters = FILTERS.filter((f) => seesNews || f.api !== 'news');
    let filter = filters.find((f) => f.param === (query.get('filtre') || '')) || filters[0];
    let groupId = /^\d+$/.test(query.get('groupe') || '') ? query.get('groupe') : '';
    main.append(pageTitle(t('feed.title')));

    let current = null;
    const feedSlot = h('div', { class: 'feed-slot' });
    // must-read posts not yet confirmed stay on top of « Tout » until « J'ai lu »
    const mustSlot = h('div', { class: 'feed-must-read' });

    if (isNewsEditor(user)) {
      const composer = createComposer({
        user, signal,
        onPosted: (p) => {
          if (current && p.published !== false && (filter.api === 'all' || filter.api === 'news') && !groupId) return current.list.prepend(p);
          return null;
        },
      });
      main.append(h('section', { class: 'card composer-card' }, composer.element));
    }

    // ---- filters -------------------------------------------------------------
    const chips = filters.map((f) => h('button', {
      type: 'button', class: 'chip', 'aria-pressed': String(f === filter), dataset: { filter: f.param },
      onclick: () => { filter = f; update(); },
    }, t(f.key)));
    const selectId = 'feed-group';
    const select = h('select', { id: selectId, class: 'input', name: 'groupe' },
      h('option', { value: '' }, t('feed.allGroups')));
    if (groupId) select.append(h('option', { value: groupId, selected: true }, t('feed.thisGroup')));
    select.addEventListener('change', () => { groupId = select.value; update(); });
    main.append(h('div', { class: 'feed-filters', role: 'group', 'aria-label': t('feed.filtersLabel') },
      h('div', { class: 'chips', role: 'group', 'aria-label': t('feed.filterLabel') }, chips),
      h('div', { class: 'field feed-group-field' },
        h('label', { for: selectId, class: 'label' }, t('feed.group')), select)),
    mustSlot, feedSlot);

    const groupsLoaded = myGroups(signal);
    // the live channels of a feed: the chosen group, or the news and every group of mine
    const channelsFor = (f, gid) => {
      if (gid) return [`g${gid}`];
      if (f.api === 'news') return ['news'];
      const news = seesNews ? ['news'] : [];
      return groupsLoaded.then((groups) => [...news, ...groups.map((g) => `g${g.id}`)], () => news);
    };

    groupsLoaded.then((groups) => {
      replaceChildren(select, h('option', { value: '' }, t('feed.allGroups')),
        groups.map((g) => h('option', { value: String(g.id) }, g.name || '')));
      if (groupId && !groups.some((g) => String(g.id) === groupId)) select.append(h('option', { value: groupId }, t('feed.thisGroup')));
      select.value = groupId;
    }).catch(() => { /* the select keeps "all groups"; the feed itself says what failed */ });

    function update() {
      for (const chip of chips) chip.setAttribute('aria-pressed', String(chip.dataset.filter === filter.param));
      const url = new URL(window.location.href);
      if (filter.param) url.searchParams.set('filtre', filter.param); else url.searchParams.delete('filtre');
      if (groupId) url.searchParams.set('groupe', groupId); else url.searchParams.delete('groupe');
      history.replaceState(history.state, '', url.pathname + url.search);
      mount();
    }

    async function showMustRead(sig) {
      const shownIn = current;
      replaceChildren(mustSlot);
      if (filter.api !== 'all') return;
      try {
        const data = await get('/feed', { query: { filter: 'must_read', group: groupId || undefined, limit: 10 }, signal: sig });
        const posts = (data && data.items) || [];
        if (!posts.length || sig.aborted) return;
        const list = h('div', { class: 'post-list' });
        for (const p of posts) {
          const card = createPostCard(p, {
            signal: sig, headingLevel: 3,
            onAcked: (read) => {
              card.element.remove();
              // back in its place in the list below, read; the focus follows it
              const back = shownIn ? shownIn.list.reveal(p.id, read) : null;
              if (!list.children.length) replaceChildren(mustSlot);
              const next = list.querySelector('article.post-card');
              if (back) back.element.focus();
              else if (next) next.focus();
            },
          });
          list.append(card.element);
          // on top only: not a second time in the list below
          if (shownIn) shownIn.list.hide(p.id);
        }
        replaceChildren(mustSlot, h('section', { class: 'card feed-must-read-section', 'aria-labelledby': 'feed-must-read-title' },
          h('h2', { id: 'feed-must-read-title' }, t('home.mustRead')), list));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        // the feed below still shows these posts in their place
      }
    }

    let controller = null;
    function mount() {
      if (controller) controller.abort();
      controller = new AbortController();
      signal.addEventListener('abort', () => controller.abort(), { once: true });
      const q = { filter: filter.api, group: groupId || undefined };
      current = mountFeed({
        label: t('feed.listLabel'),
        path: '/feed',
        query: q,
        newQuery: q,
        signal: controller.signal,
        channels: channelsFor(filter, groupId),
        empty: h('div', { class: 'card card-empty' }, h('p', {}, t(`feed.empty.${filter.api}`))),
      });
      replaceChildren(feedSlot, current.element);
      showMustRead(controller.signal);
    }
    mount();
  },
};
