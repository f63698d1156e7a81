// /publications/{id} — one post, its comments open (the portal's articles
// and the date of every card lead here). Opening it marks the notifications
// about it read; while it is open, new comments and reaction counts arrive
// live (channel p<id>, read again whenever the connection opens); « Suivre
// / Mettre en sourdine » below the card.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { pageTitle, alertBox, loading, errorMessage } from '../ui.js';
import { createPostCard, NEWS_URL } from '../post-card.js';
import { createPostFollow } from '../post-follow.js';
import { markRead } from '../unread.js';
import { watchChannels, onLive, onLiveOpen } from '../live.js';

export const postView = {
  title: () => t('post.title'),
  async render(main, { params, signal, setTitle, navigate }) {
    const heading = pageTitle(t('post.title'));
    heading.classList.add('sr-only');
    const body = h('div', { class: 'feed' }, loading());
    main.append(heading, body);
    try {
      const p = await get(`/posts/${encodeURIComponent(params.id)}`, { signal });
      if (p.title) setTitle(p.title);
      const back = p.group
        ? h('a', { href: `/groupes/${encodeURIComponent(p.group.id)}` }, `← ${p.group.name || ''}`)
        : h('a', { href: NEWS_URL }, `← ${t('post.news')}`);
      const card = createPostCard(p, {
        signal, commentsOpen: true, headingLevel: 2,
        onRemoved: () => navigate(p.group ? `/groupes/${encodeURIComponent(p.group.id)}` : '/fil'),
      });
      replaceChildren(body, h('p', { class: 'back' }, back), card.element, createPostFollow(p.id, { signal }).element);

      // opening the target marks what notified about it read
      markRead({ target: { type: 'post', id: p.id } }, { signal }).catch(() => {});
      const mine = (msg) => String(msg.post) === String(p.id) && msg.comment === undefined;
      watchChannels([`p${p.id}`], signal);
      // messages counted: a re-read that a newer message overtook is not applied
      let heard = 0;
      onLive('comments', (msg) => { if (mine(msg)) { heard++; card.showComments(Number(msg.count)); } }, signal);
      onLive('reactions', (msg) => { if (mine(msg)) { heard++; card.showReactions(msg.reactions); } }, signal);
      // a (re)connection may have missed messages: read the counts again
      onLiveOpen(async () => {
        const before = heard;
        try {
          const now = await get(`/posts/${encodeURIComponent(p.id)}`, { signal });
          if (heard !== before) return;
          card.showReactions(now.reactions || {});
          card.showComments(Number(now.comments_count) || 0);
        } catch {
          // the next message brings them
        }
      }, signal);
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      heading.classList.remove('sr-only');
      replaceChildren(body, alertBox(err && err.status === 404 ? t('post.notFound') : errorMessage(err)));
    }
  },
};
