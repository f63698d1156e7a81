// A post as a card: author, group (or « Actualités »), date, badges, title,
// the rendered text, the attached files, « J'ai lu » for must-read posts, reactions, comments,
// and the actions menu its `can` allows (edit, delete, pin, close comments,
// must-read, « À la une », read report), and its poll (poll.js).

import { h, replaceChildren, avatar, safeHtml, uid } from './dom.js';
import { t } from './i18n.js';
import { post as apiPost, patch, del } from './api.js';
import { alertBox, statusBox, errorMessage, confirmDialog, badge, guestBadge } from './ui.js';
import { timeEl, shortDateTime, fullDate } from './dates.js';
import { createReactionBar } from './reactions.js';
import { createComments } from './comments.js';
import { createMenu } from './menu.js';
import { createTextEditor } from './text-editor.js';
import { openReadReport } from './read-report.js';
import { MAX_BODY } from './composer.js';
import { renderAttachments } from './attachments.js';
import { openReportDialog } from './report-dialog.js';
import { user as currentUser } from './session.js';
import { createPoll } from './poll.js';

export const NEWS_URL = '/fil?filtre=actualites';
export const postUrl = (p) => `/publications/${encodeURIComponent(p.id)}`;

/**
 * Author link, where it was posted (unless `where` is false: the group's own
 * page, which already says it), and when.
 */
export function postMeta(p, { where = true } = {}) {
  return [
    h('a', { href: `/personnes/${encodeURIComponent(p.author.id)}`, class: 'post-author' }, p.author.display_name || ''),
    guestBadge(p.author),
    !where ? null : h('span', { class: 'post-where' },
      ` ${t('post.in')} `,
      p.group
        ? h('a', { href: `/groupes/${encodeURIComponent(p.group.id)}`, class: 'post-group' }, p.group.name || '')
        : h('a', { href: NEWS_URL, class: 'post-group post-news' }, t('post.news'))),
    h('span', { class: 'post-when' }, ' · ', h('a', { href: postUrl(p), class: 'post-date' }, timeEl(p.publish_at || p.created_at))),
  ];
}

const sameText = (a, b) => a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * A text that starts by repeating its title (a first line, or a first
 * heading, the same as the title above it): that first block is not shown
 * twice. Only the display changes; the text itself is kept as written.
 */
export function dropRepeatedTitle(body, title) {
  if (!title) return;
  const first = body.firstElementChild;
  if (!first || !/^(H[1-6]|P)$/.test(first.tagName)) return;
  if (sameText(first.textContent || '', title)) first.remove();
}

/**
 * createPostCard(post, {signal, headingLevel, commentsOpen, showWhere, onRemoved, onAcked})
 * → {element, post(), showComments(n), showReactions(reactions)}; the last
 * two take what a live message says (the post page listens to them).
 */
export function createPostCard(initial, {
  signal, headingLevel = 2, commentsOpen = false, showWhere = true, onRemoved = () => {}, onAcked = () => {},
} = {}) {
  let p = initial;
  let readAt = null;
  let editing = false;
  let reactionBar = null;
  // the poll keeps its own state (the person's vote, live counts) across renders
  const poll = p.poll ? createPoll(p.poll, { signal }) : null;
  const titleId = uid('post-title');
  const commentsId = uid('comments');
  const element = h('article', { class: 'card post-card', tabindex: '-1', dataset: { id: String(p.id) } });
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const say = (box) => replaceChildren(messages, box);
  const comments = createComments(p, {
    signal,
    onCount: (n) => { p = { ...p, comments_count: n }; updateToggle(); },
  });
  const commentsBox = h('div', { id: commentsId, class: 'post-comments', hidden: true }, comments.element);
  const toggle = h('button', {
    type: 'button', class: 'btn-link comments-toggle', 'aria-expanded': 'false', 'aria-controls': commentsId,
  });
  // « Commenter » (no comment yet) goes straight to the form; « N commentaires » shows them
  toggle.addEventListener('click', () => setCommentsOpen(commentsBox.hidden, { focus: !p.comments_count }));

  function updateToggle() {
    const n = p.comments_count || 0;
    toggle.textContent = n ? t('post.comments', { n }) : t(p.comments_closed ? 'post.noComments' : 'post.comment');
  }

  function setCommentsOpen(open, { focus = true } = {}) {
    commentsBox.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) {
      comments.load().then(() => { if (focus) comments.focusForm(); });
    }
  }

  function badges() {
    return [
      p.must_read ? badge(t('post.mustRead'), 'badge-must-read') : null,
      p.pinned ? badge(t('post.pinned'), 'badge-pinned') : null,
      p.featured ? badge(t('post.featured'), 'badge-featured') : null,
      p.published === false ? badge(t('post.scheduledFor', { date: shortDateTime(p.publish_at) }), 'badge-scheduled') : null,
      p.unpublish_at ? badge(t('post.until', { date: shortDateTime(p.unpublish_at) }), 'badge-scheduled') : null,
      p.edited ? h('span', { class: 'badge badge-edited', title: p.edited_at ? fullDate(p.edited_at) : null }, t('post.edited')) : null,
    ].filter(Boolean);
  }

  function readRow() {
    if (!p.must_read || p.published === false) return null;
    if (p.read_by_me) {
      return h('p', { class: 'post-read is-read', role: 'status' },
        readAt ? t('post.readOn', { date: shortDateTime(readAt) }) : t('post.read'));
    }
    const button = h('button', { type: 'button', class: 'btn btn-primary btn-small' }, t('post.ack'));
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const r = await apiPost(`/posts/${encodeURIComponent(p.id)}/ack`, undefined, { signal });
        readAt = (r && r.read_at) || new Date().toISOString();
        p = { ...p, read_by_me: true };
        render();
        const row = element.querySelector('.post-read');
        if (row) { row.tabIndex = -1; row.focus(); }
        onAcked(p);
      } catch (err) {
        button.disabled = false;
        say(alertBox(errorMessage(err)));
      }
    });
    return h('div', { class: 'post-read' }, h('span', { class: 'muted' }, t('post.ackPrompt')), button);
  }

  async function change(fields, doneKey) {
    try {
      p = await patch(`/posts/${encodeURIComponent(p.id)}`, fields, { signal });
      comments.update(p);
      render();
      say(statusBox(t(doneKey)));
      const again = element.querySelector('.menu-button');
      if (again) again.focus();
    } catch (err) {
      say(alertBox(errorMessage(err)));
    }
  }

  async function remove() {
    const ok = await confirmDialog({
      title: t('post.deleteTitle'), message: t('post.deleteText'), confirm: t('common.delete'), danger: true,
    });
    if (!ok) return;
    try {
      await del(`/posts/${encodeURIComponent(p.id)}`, { signal });
      onRemoved(p, element);
      element.remove();
    } catch (err) {
      say(alertBox(errorMessage(err)));
    }
  }

  function menu() {
    const can = p.can || {};
    const items = [];
    if (can.edit) items.push({ label: t('common.edit'), onSelect: () => { editing = true; render(); } });
    if (can.moderate) {
      items.push({ label: t(p.pinned ? 'post.unpin' : 'post.pin'), onSelect: () => change({ pinned: !p.pinned }, p.pinned ? 'post.unpinned' : 'post.pinnedDone') });
      items.push({
        label: t(p.comments_closed ? 'post.reopen' : 'post.close'),
        onSelect: () => change({ comments_closed: !p.comments_closed }, p.comments_closed ? 'post.reopened' : 'post.closed'),
      });
    }
    if (can.must_read) {
      items.push({ label: t(p.must_read ? 'post.unmarkMustRead' : 'post.markMustRead'), onSelect: () => change({ must_read: !p.must_read }, 'post.saved') });
    }
    if (can.feature && !p.group) {
      items.push({ label: t(p.featured ? 'post.unfeature' : 'post.feature'), onSelect: () => change({ featured: !p.featured }, 'post.saved') });
    }
    if (can.report && p.must_read) items.push({ label: t('post.report'), onSelect: () => openReadReport(p) });
    if (can.delete) items.push({ label: t('common.delete'), danger: true, onSelect: remove });
    // « Signaler » (docs/moderation.md): what others wrote, for whoever
    // may not remove it themselves (its moderators act directly)
    const me = currentUser();
    if (me && p.author && p.author.id !== me.id && !can.delete) {
      items.push({ label: t('signal.action'), onSelect: () => openReportDialog({ type: 'post', id: p.id, say }) });
    }
    if (!items.length) return null;
    return createMenu({ label: t('post.actions'), items }).element;
  }

  function bodyPart() {
    if (editing) {
      const editor = createTextEditor({
        label: t('post.editLabel'), title: p.title || '', body: p.body, max: MAX_BODY, signal,
        onCancel: () => { editing = false; render(); focusMenu(); },
        save: async (payload) => {
          p = await patch(`/posts/${encodeURIComponent(p.id)}`, payload, { signal });
          comments.update(p);
          editing = false;
          render();
          say(statusBox(t('post.saved')));
          focusMenu();
        },
      });
      queueMicrotask(() => editor.focus());
      return editor.element;
    }
    const Heading = `h${Math.min(6, Math.max(2, headingLevel))}`;
    const body = h('div', { class: 'post-body rich-text' });
    safeHtml(body, p.body_html);
    dropRepeatedTitle(body, p.title);
    return [p.title ? h(Heading, { class: 'post-title', id: titleId }, p.title) : null, body];
  }

  function focusMenu() {
    const target = element.querySelector('.menu-button') || element;
    target.focus();
  }

  function render() {
    updateToggle();
    const can = p.can || {};
    const b = badges();
    // a card is named by its title, or by who wrote it
    if (p.title && !editing) {
      element.setAttribute('aria-labelledby', titleId);
      element.removeAttribute('aria-label');
    } else {
      element.removeAttribute('aria-labelledby');
      element.setAttribute('aria-label', t('post.by', { name: p.author.display_name }));
    }
    element.classList.toggle('is-pinned', !!p.pinned);
    element.classList.toggle('is-must-read', !!p.must_read && !p.read_by_me);
    replaceChildren(element,
      h('header', { class: 'post-head' },
        avatar(p.author.display_name, 'avatar', p.author.avatar_url),
        h('p', { class: 'post-meta' }, postMeta(p, { where: showWhere })),
        menu()),
      b.length ? h('div', { class: 'badges post-badges' }, b) : null,
      messages,
      bodyPart(),
      poll ? poll.element : null,
      renderAttachments(p),
      readRow(),
      p.convocation && p.convocation.id ? h('p', { class: 'post-convocation' },
        h('a', { href: `/convocations/${encodeURIComponent(p.convocation.id)}`, class: 'btn btn-small' }, t('convocation.see'))) : null,
      h('footer', { class: 'post-foot' },
        (reactionBar = createReactionBar({
          item: p, path: `/posts/${encodeURIComponent(p.id)}`, whoPath: `/posts/${encodeURIComponent(p.id)}/reactions`,
          canReact: can.react !== false && p.published !== false, onError: (m) => say(alertBox(m)),
          onChange: (r) => { p = { ...p, ...r }; },
        })).element,
        toggle),
      commentsBox);
  }

  render();
  if (commentsOpen) setCommentsOpen(true, { focus: false });
  return {
    element,
    post: () => p,
    showComments: (n) => comments.refresh(n),
    showReactions: (reactions) => {
      if (!reactions || typeof reactions !== 'object') return;
      p = { ...p, reactions: { ...reactions } };
      if (reactionBar) reactionBar.set(reactions);
    },
  };
}
