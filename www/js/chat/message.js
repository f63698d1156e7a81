// One chat message as a list entry: author, time, « modifié », the reply it
// quotes, the text (the server's rendered Markdown, through safeHtml — the
// only markup from the server), « Rejoindre la visio » for a meeting, the
// attached files as cards, the reactions, and the actions menu (reply,
// react, edit and delete one's own, mark as unread from here). A message
// being sent shows « envoi… »; one that failed offers « Réessayer ».
// Names, file names and excerpts are always inserted as text.

import { h, append, safeHtml, uid } from '../dom.js';
import { t } from '../i18n.js';
import { createMenu } from '../menu.js';
import { guestBadge } from '../ui.js';
import { renderAttachments } from '../attachments.js';
import { EMOJI, messageTime, meetingHref } from './common.js';

/** The reactions of `m` as toggle buttons (mine pressed), or null. */
function reactionRow(m, { me, canReact, onToggle }) {
  const list = Array.isArray(m.reactions) ? m.reactions.filter((r) => r && r.count > 0) : [];
  if (!list.length) return null;
  return h('div', { class: 'chat-reactions', role: 'group', 'aria-label': t('chat.reactions') }, list.map((r) => {
    const mine = Array.isArray(r.users) && r.users.some((u) => String(u) === String(me.id));
    return h('button', {
      type: 'button',
      class: `chat-reaction${mine ? ' is-mine' : ''}`,
      'aria-pressed': String(mine),
      'aria-label': t('chat.reactionLabel', { emoji: r.emoji, n: r.count }),
      disabled: !canReact || null,
      dataset: { emoji: r.emoji },
      onclick: () => onToggle(r.emoji, mine),
    }, h('span', { class: 'chat-reaction-emoji', 'aria-hidden': 'true' }, r.emoji),
    h('span', { class: 'chat-reaction-count', 'aria-hidden': 'true' }, String(r.count)));
  }));
}

/** « Réagir »: a menu of a few common emoji (one already given by me is taken back). */
function reactMenu(m, { me, onToggle }) {
  const list = Array.isArray(m.reactions) ? m.reactions : [];
  const element = createMenu({
    label: t('chat.react'),
    text: '☺',
    items: EMOJI.map((emoji) => ({
      label: emoji,
      onSelect: () => {
        const r = list.find((x) => x.emoji === emoji);
        const mine = !!r && Array.isArray(r.users) && r.users.some((u) => String(u) === String(me.id));
        onToggle(emoji, mine);
      },
    })),
  }).element;
  element.classList.add('chat-react-menu');
  return element;
}

/** The quoted message a reply answers. */
export function replyQuote(reply, cls = 'chat-quote') {
  if (!reply) return null;
  const author = reply.author && reply.author.display_name ? reply.author.display_name : t('chat.someone');
  return h('blockquote', { class: cls },
    h('span', { class: 'chat-quote-author' }, t('chat.replyTo', { name: author })),
    h('span', { class: 'chat-quote-text' }, reply.deleted ? t('chat.deleted') : String(reply.excerpt || '')));
}

/**
 * messageEntry(m, {me, conv, onReply, onEdit, onDelete, onUnread, onReact,
 * onRetry, onDiscard, highlight}) → <li>. `m.pending` (being sent) and
 * `m.failed` (an error message) are the page's own fields.
 */
export function messageEntry(m, ctx) {
  const { me, conv } = ctx;
  const can = (conv && conv.can) || {};
  const mine = !!m.author && String(m.author.id) === String(me.id);
  const when = messageTime(m.created || new Date().toISOString());
  const headId = uid('msg');
  const classes = ['chat-msg'];
  if (mine) classes.push('is-mine');
  if (m.pending) classes.push('is-pending');
  if (m.failed) classes.push('is-failed');
  if (m.deleted) classes.push('is-deleted');
  if (m.kind === 'meeting') classes.push('is-meeting');

  const li = h('li', {
    class: classes.join(' '),
    tabindex: '-1',
    'aria-labelledby': headId,
    dataset: {
      id: m.id !== undefined && m.id !== null ? String(m.id) : '',
      seq: m.seq !== undefined && m.seq !== null ? String(m.seq) : '',
      clientId: m.client_id ? String(m.client_id) : '',
    },
  });

  // actions: only on messages the server knows
  let menu = null;
  if (!m.pending && !m.failed && m.id) {
    const items = [];
    if (!m.deleted && can.send) items.push({ label: t('chat.reply'), onSelect: () => ctx.onReply(m) });
    if (mine && !m.deleted && can.send && m.kind !== 'meeting') items.push({ label: t('common.edit'), onSelect: () => ctx.onEdit(m, li) });
    items.push({ label: t('chat.markUnread'), onSelect: () => ctx.onUnread(m) });
    if (mine && !m.deleted) items.push({ label: t('common.delete'), danger: true, onSelect: () => ctx.onDelete(m) });
    menu = createMenu({ label: t('chat.actionsFor', { name: m.author ? m.author.display_name : '' }), items }).element;
    menu.classList.add('chat-msg-menu');
  }

  const canReact = !!can.send && !m.deleted && !m.pending && !m.failed && !!m.id;
  const onToggle = (emoji, isMine) => ctx.onReact(m, emoji, isMine);
  const head = h('div', { class: 'chat-msg-head' },
    h('span', { id: headId, class: 'chat-msg-who' },
      h('span', { class: 'chat-author' }, m.author ? String(m.author.display_name || '') : t('chat.someone')),
      m.author ? guestBadge(m.author) : null,
      ' ',
      h('time', { class: 'chat-time', datetime: m.created || '', title: when.title }, when.text)),
    m.edited && !m.deleted ? h('span', { class: 'chat-edited', title: m.edited_at ? messageTime(m.edited_at).title : null }, t('chat.edited')) : null,
    canReact ? reactMenu(m, { me, onToggle }) : null,
    menu);

  let body;
  if (m.deleted) {
    body = h('p', { class: 'chat-tombstone' }, t('chat.deleted'));
  } else if (m.pending || m.failed) {
    // not rendered yet: the text as typed, as text
    body = m.body ? h('div', { class: 'chat-body chat-body-plain' }, String(m.body)) : null;
  } else if (m.body_html) {
    body = safeHtml(h('div', { class: 'chat-body rich-text' }), m.body_html);
  } else {
    body = null;
  }

  const meeting = m.kind === 'meeting' && !m.deleted ? h('p', { class: 'chat-meeting' },
    h('span', { class: 'chat-meeting-text' }, t('chat.meetingStarted')), ' ',
    meetingHref(m.meeting_url)
      ? h('a', { class: 'btn btn-primary btn-small', href: meetingHref(m.meeting_url), target: '_blank', rel: 'noopener' }, t('chat.joinMeeting'))
      : null) : null;

  const files = !m.deleted && !m.pending && !m.failed ? renderAttachments(m) : null;
  const pendingFiles = (m.pending || m.failed) && Array.isArray(m.pendingFiles) && m.pendingFiles.length
    ? h('ul', { class: 'chat-pending-files' }, m.pendingFiles.map((f) => h('li', {}, String(f.name || '')))) : null;

  let status = null;
  if (m.pending) {
    status = h('p', { class: 'chat-msg-status muted' }, t('chat.sending'));
  } else if (m.failed) {
    status = h('div', { class: 'chat-msg-status chat-msg-failed' },
      h('span', {}, t('chat.notSent')), ' ',
      h('button', { type: 'button', class: 'btn-link', onclick: () => ctx.onRetry(m) }, t('common.retry')), ' ',
      h('button', { type: 'button', class: 'btn-link', onclick: () => ctx.onDiscard(m) }, t('chat.discard')));
  }

  const reactions = !m.deleted && !m.pending && !m.failed && m.id ? reactionRow(m, { me, canReact, onToggle }) : null;

  append(li, [head, m.reply_to && !m.deleted ? replyQuote(m.reply_to) : null,
    body, meeting, files, pendingFiles, reactions, status]);
  return li;
}
