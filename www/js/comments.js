// The comments of a post: oldest first, replies (one level) under their
// comment; writing, replying, editing and deleting one's own (per `can`),
// reactions on each; closed comments say so.

import { h, replaceChildren, avatar, safeHtml, uid } from './dom.js';
import { t } from './i18n.js';
import { get, post as apiPost, patch, del } from './api.js';
import { alertBox, loading, errorMessage, confirmDialog, badge, guestBadge } from './ui.js';
import { timeEl } from './dates.js';
import { createReactionBar } from './reactions.js';
import { createTextEditor } from './text-editor.js';
import { attachMentions } from './mentions.js';
import { charCounter } from './composer.js';
import { openReportDialog } from './report-dialog.js';
import { user as currentUser } from './session.js';

const MAX_COMMENT = 5000;
const PAGE = 50;

/**
 * createComments(post, {signal, onCount(n)}) → {element, load(), update(post), focusForm(), refresh(n)}.
 * The element starts empty; load() fetches the comments the first time;
 * refresh(n) (a live message: the post now has n comments) adds the new ones.
 */
export function createComments(initial, { signal, onCount = () => {} }) {
  let post = initial;
  const pid = encodeURIComponent(post.id);
  let closed = !!post.comments_closed;
  let count = post.comments_count || 0;
  let loaded = false;
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const list = h('ul', { class: 'comment-list', 'aria-label': t('comment.listLabel') });
  const moreSlot = h('div', {});
  const formSlot = h('div', { class: 'comment-form-slot' });
  const element = h('div', { class: 'comments' }, messages, list, moreSlot, formSlot);
  const nodes = new Map(); // comment id → {li, comment, replies}

  const mayComment = () => !closed && post.can && post.can.comment !== false;
  const say = (box) => replaceChildren(messages, box);
  const changeCount = (delta) => { count = Math.max(0, count + delta); onCount(count); };

  function commentForm({ parent = null, onDone = () => {}, onCancel = null } = {}) {
    const id = uid('comment');
    const label = parent ? t('comment.replyLabel', { name: parent.author.display_name }) : t('comment.label');
    const input = h('textarea', { id, name: 'body', rows: 2, class: 'input textarea comment-input' });
    const formMessages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('comment.submit'));
    const form = h('form', { class: 'comment-form', novalidate: true },
      formMessages,
      h('label', { for: id, class: 'label' }, label));
    form.append(input);
    attachMentions(input, { signal });
    const counter = charCounter(input, MAX_COMMENT);
    counter.element.classList.add('char-count-quiet');
    form.append(counter.element, h('div', { class: 'form-actions' }, submit,
      onCancel ? h('button', { type: 'button', class: 'btn btn-small', onclick: onCancel }, t('common.cancel')) : null));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      replaceChildren(formMessages);
      if (!input.value.trim()) {
        replaceChildren(formMessages, alertBox(t('comment.empty')));
        input.focus();
        return;
      }
      if (counter.update() > MAX_COMMENT) {
        replaceChildren(formMessages, alertBox(t('composer.tooLong', { max: MAX_COMMENT })));
        return;
      }
      submit.disabled = true;
      try {
        const body = { body: input.value };
        if (parent) body.parent_id = parent.id;
        const created = await apiPost(`/posts/${pid}/comments`, body, { signal });
        input.value = '';
        counter.update();
        addComment(created);
        changeCount(1);
        submit.disabled = false;
        onDone(created);
        // focus on the new comment (announced by its text), never the page's body
        focusComment(created.id, input);
      } catch (err) {
        submit.disabled = false;
        if (err && err.name === 'AbortError') return;
        replaceChildren(formMessages, alertBox(errorMessage(err)));
        if (err && err.status === 409) update({ ...post, comments_closed: true });
        if (!form.contains(document.activeElement) && input.isConnected) input.focus();
      }
    });
    return { form, input };
  }

  function commentNode(comment) {
    const li = h('li', { class: 'comment', id: `comment-${comment.id}`, dataset: { id: String(comment.id) } });
    const entry = { li, comment, replies: null, replySlot: h('div', { class: 'reply-slot' }) };
    if (!comment.parent_id) entry.replies = h('ul', { class: 'comment-list replies', 'aria-label': t('comment.repliesLabel', { name: comment.author.display_name }) });
    nodes.set(String(comment.id), entry);
    fill(entry);
    return entry;
  }

  function fill(entry, { editing = false } = {}) {
    const c = entry.comment;
    const can = c.can || {};
    const bodyEl = h('div', { class: 'comment-body rich-text' });
    safeHtml(bodyEl, c.body_html);
    const actions = [];
    if (!c.parent_id && mayComment()) {
      actions.push(h('button', { type: 'button', class: 'btn-link', onclick: () => openReply(entry) }, t('comment.reply')));
    }
    if (can.edit) actions.push(h('button', { type: 'button', class: 'btn-link', onclick: () => fill(entry, { editing: true }) }, t('common.edit')));
    if (can.delete) actions.push(h('button', { type: 'button', class: 'btn-link btn-link-danger', onclick: () => remove(entry) }, t('common.delete')));
    const me = currentUser();
    if (me && c.author && c.author.id !== me.id && !can.delete) {
      actions.push(h('button', { type: 'button', class: 'btn-link', onclick: () => openReportDialog({ type: 'comment', id: c.id, say }) }, t('signal.action')));
    }
    let editor = null;
    if (editing) {
      editor = createTextEditor({
        label: t('comment.editLabel'), body: c.body, max: MAX_COMMENT, signal,
        onCancel: () => { fill(entry); focusIn(entry, 'edit'); },
        save: async (payload) => {
          const saved = await patch(`/comments/${encodeURIComponent(c.id)}`, { body: payload.body }, { signal });
          entry.comment = { ...c, ...saved };
          fill(entry);
          focusIn(entry, 'edit');
        },
      });
    }
    replaceChildren(entry.li,
      h('div', { class: 'comment-main' },
        avatar(c.author.display_name, 'avatar avatar-sm', c.author.avatar_url),
        h('div', { class: 'comment-content' },
          h('p', { class: 'comment-head' },
            h('a', { href: `/personnes/${encodeURIComponent(c.author.id)}`, class: 'comment-author' }, c.author.display_name || ''),
            guestBadge(c.author),
            ' ', timeEl(c.created_at, 'time muted'),
            c.edited ? [' ', badge(t('post.edited'), 'badge-edited')] : null,
            c.hidden ? [' ', badge(t('signal.hiddenBadge'), 'badge-closed')] : null),
          editor ? editor.element : bodyEl,
          editor ? null : h('div', { class: 'comment-foot' },
            createReactionBar({
              item: c, path: `/comments/${encodeURIComponent(c.id)}`, small: true,
              canReact: !!(post.can && post.can.react), onError: (m) => say(alertBox(m)),
              onChange: (r) => { entry.comment = { ...entry.comment, ...r }; },
            }).element,
            actions.length ? h('div', { class: 'comment-actions' }, actions) : null))),
      entry.replies,
      entry.replySlot);
    if (editor) editor.focus();
  }

  /** Focus on comment `id` (focusable from script: tabindex=-1), else on `fallback`. */
  function focusComment(id, fallback) {
    const entry = nodes.get(String(id));
    if (entry && entry.li.isConnected) {
      entry.li.tabIndex = -1;
      entry.li.focus();
    } else if (fallback && fallback.isConnected) {
      fallback.focus();
    }
  }

  function focusIn(entry, what) {
    const buttons = Array.from(entry.li.querySelectorAll(':scope > .comment-main .comment-actions button'));
    const target = buttons.find((b) => b.textContent === t(what === 'edit' ? 'common.edit' : 'comment.reply')) || buttons[0];
    if (target) target.focus();
  }

  function openReply(entry) {
    if (entry.replySlot.firstChild) { entry.replySlot.querySelector('textarea').focus(); return; }
    const { form, input } = commentForm({
      parent: entry.comment,
      onDone: () => { replaceChildren(entry.replySlot); },
      onCancel: () => { replaceChildren(entry.replySlot); focusIn(entry, 'reply'); },
    });
    replaceChildren(entry.replySlot, form);
    input.focus();
  }

  function addComment(comment) {
    if (nodes.has(String(comment.id))) return;
    const entry = commentNode(comment);
    const parent = comment.parent_id ? nodes.get(String(comment.parent_id)) : null;
    if (parent && parent.replies) parent.replies.append(entry.li);
    else list.append(entry.li);
  }

  async function remove(entry) {
    const ok = await confirmDialog({
      title: t('comment.deleteTitle'), message: t('comment.deleteText'), confirm: t('common.delete'), danger: true,
    });
    if (!ok) return;
    try {
      await del(`/comments/${encodeURIComponent(entry.comment.id)}`, { signal });
      const gone = 1 + (entry.replies ? entry.replies.children.length : 0);
      if (entry.replies) for (const li of entry.replies.children) nodes.delete(li.dataset.id);
      nodes.delete(String(entry.comment.id));
      entry.li.remove();
      changeCount(-gone);
      say(h('p', { class: 'sr-only', role: 'status' }, t('comment.deleted')));
      const focusable = formSlot.querySelector('textarea') || element.closest('.post-card');
      if (focusable) focusable.focus();
    } catch (err) {
      say(alertBox(errorMessage(err)));
    }
  }

  function renderForm() {
    if (mayComment()) {
      replaceChildren(formSlot, commentForm().form);
    } else {
      replaceChildren(formSlot, h('p', { class: 'comments-closed muted' }, t('comment.closed')));
    }
  }

  async function loadPage(cursor) {
    try {
      const data = await get(`/posts/${pid}/comments`, { query: { limit: PAGE, cursor: cursor || undefined }, signal });
      if (!cursor) { replaceChildren(list); nodes.clear(); }
      for (const c of (data && data.items) || []) addComment(c);
      replaceChildren(moreSlot);
      if (data && data.next) {
        const more = h('button', { type: 'button', class: 'btn btn-small' }, t('comment.more'));
        more.addEventListener('click', () => { more.disabled = true; loadPage(data.next); });
        moreSlot.append(more);
      }
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(moreSlot, alertBox(errorMessage(err)));
    }
  }

  /** The post changed (comments closed or reopened, rights): forms follow. */
  function update(next) {
    post = next;
    closed = !!next.comments_closed;
    if (!loaded) return;
    renderForm();
    for (const entry of nodes.values()) {
      if (!entry.replySlot.contains(document.activeElement)) {
        if (closed) replaceChildren(entry.replySlot);
        if (!entry.li.querySelector(':scope > .comment-main form')) fill(entry);
      }
    }
  }

  /** Reads the comments again and adds those not shown (nothing shown is disturbed). */
  async function refresh(n) {
    if (typeof n === 'number' && n !== count) { count = Math.max(0, n); onCount(count); }
    if (!loaded) return;
    let cursor = null;
    try {
      for (let i = 0; i < 20; i += 1) {
        const data = await get(`/posts/${pid}/comments`, { query: { limit: PAGE, cursor: cursor || undefined }, signal });
        for (const c of (data && data.items) || []) addComment(c);
        if (!data || !data.next) break;
        cursor = data.next;
      }
      if (!moreSlot.querySelector('.alert')) replaceChildren(moreSlot);
    } catch {
      // the next message tries again
    }
  }

  return {
    element,
    refresh,
    async load() {
      if (loaded) return;
      loaded = true;
      replaceChildren(moreSlot, loading());
      renderForm();
      await loadPage(null);
    },
    update,
    focusForm() {
      const input = formSlot.querySelector('textarea');
      if (input) input.focus();
    },
  };
}
