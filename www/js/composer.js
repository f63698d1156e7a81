// The composer: an optional title, the Markdown text with @mentions, and
// the options the person's rights allow (must-read, « À la une »,
// scheduling), drive files attached (attachments.js), a poll
// (poll-composer.js). Posts to a group or
// to the organisation's news.

import { h, replaceChildren, uid } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { post, del } from './api.js';
import { field, textareaField, checkboxField, alertBox, statusBox, errorMessage } from './ui.js';
import { attachMentions } from './mentions.js';
import { localInputToUtc, shortDateTime } from './dates.js';
import { createAttachmentField } from './attachments.js';
import { createPollFields } from './poll-composer.js';

export const MAX_BODY = 20000;
export const MAX_TITLE = 200;

/** Whether `user` may publish in the news (and use its options). */
export function isNewsEditor(user) {
  return !!user && (user.role === 'admin' || user.comm_editor === true);
}

/** A counter "n / 20 000" under a text area; returns {element, update()}. */
export function charCounter(input, max) {
  const element = h('p', { class: 'char-count', id: uid('count') });
  function update() {
    const n = Array.from(input.value).length;
    element.textContent = t('composer.count', { n: formatNumber(n), max: formatNumber(max) });
    element.classList.toggle('is-over', n > max);
    return n;
  }
  input.addEventListener('input', update);
  const described = input.getAttribute('aria-describedby');
  input.setAttribute('aria-describedby', [described, element.id].filter(Boolean).join(' '));
  update();
  return { element, update };
}

/**
 * createComposer({target: {group} | {news: true}, user, signal, onPosted})
 * → {element, focus(), open()}. The composer opens on demand: a single
 * « Écrire une publication » button stands for it until pressed, so that the
 * posts below are a few Tab presses away. `onPosted(post)` may return the
 * card it showed ({element}): focus goes to it; otherwise it stays in the
 * composer's text (never on the page's body).
 */
export function createComposer({ group = null, user, signal, onPosted = () => {} }) {
  const news = !group;
  const editor = isNewsEditor(user);
  const mayMustRead = news ? editor : !!(group.can && group.can.manage);
  const mayFeature = news && editor;
  const formTitleId = uid('composer-title');

  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const title = field({
    label: t('composer.title'), name: 'title', autocomplete: 'off', attrs: { maxlength: String(MAX_TITLE) },
  });
  const body = textareaField({ label: t('composer.body'), name: 'body', rows: 4, hint: t('composer.hint') });
  attachMentions(body.input, { signal });
  const counter = charCounter(body.input, MAX_BODY);
  body.wrap.append(counter.element);
  const attachments = createAttachmentField({ group, me: user, signal });

  const mustRead = mayMustRead ? checkboxField({ label: t('composer.mustRead'), name: 'must_read', hint: t('composer.mustReadHint') }) : null;
  const featured = mayFeature ? checkboxField({ label: t('composer.featured'), name: 'featured', hint: t('composer.featuredHint') }) : null;
  const schedule = checkboxField({ label: t('composer.schedule'), name: 'schedule' });
  const publishAt = field({ label: t('composer.publishAt'), name: 'publish_at', type: 'datetime-local' });
  const unpublishAt = field({ label: t('composer.unpublishAt'), name: 'unpublish_at', type: 'datetime-local', hint: t('composer.unpublishHint') });
  const scheduleBox = h('div', { class: 'composer-schedule', hidden: true }, publishAt.wrap, unpublishAt.wrap);
  schedule.input.setAttribute('aria-expanded', 'false');
  schedule.input.addEventListener('change', () => {
    scheduleBox.hidden = !schedule.input.checked;
    schedule.input.setAttribute('aria-expanded', String(schedule.input.checked));
    if (schedule.input.checked) publishAt.input.focus();
  });

  // « Ajouter un sondage » (docs/polls.md)
  const pollFields = createPollFields();

  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('composer.submit'));
  const formId = uid('composer');
  const form = h('form', { id: formId, class: 'composer form', novalidate: true, 'aria-labelledby': formTitleId, hidden: true },
    h('h2', { id: formTitleId, class: 'composer-heading' }, t(news ? 'composer.newsHeading' : 'composer.heading')),
    messages,
    title.wrap,
    body.wrap,
    attachments.element,
    h('div', { class: 'composer-options' }, mustRead && mustRead.wrap, featured && featured.wrap, schedule.wrap, pollFields.toggle),
    scheduleBox,
    pollFields.element,
    h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replaceChildren(messages);
    const text = body.input.value;
    if (!text.trim()) {
      replaceChildren(messages, alertBox(t('composer.empty')));
      body.input.focus();
      return;
    }
    if (counter.update() > MAX_BODY) {
      replaceChildren(messages, alertBox(t('composer.tooLong', { max: formatNumber(MAX_BODY) })));
      body.input.focus();
      return;
    }
    if (attachments.pending()) {
      replaceChildren(messages, alertBox(t('attach.wait')));
      return;
    }
    const poll = pollFields.read();
    if (poll && poll.error) {
      replaceChildren(messages, alertBox(poll.error));
      poll.focus.focus();
      return;
    }
    const payload = { body: text };
    const files = attachments.ids();
    if (files.length) payload.attachments = files;
    if (title.input.value.trim()) payload.title = title.input.value.trim();
    if (mustRead && mustRead.input.checked) payload.must_read = true;
    if (featured && featured.input.checked) payload.featured = true;
    if (schedule.input.checked) {
      const at = localInputToUtc(publishAt.input.value);
      if (!at) {
        replaceChildren(messages, alertBox(t('composer.publishAtMissing')));
        publishAt.input.focus();
        return;
      }
      payload.publish_at = at;
      const until = localInputToUtc(unpublishAt.input.value);
      if (until) payload.unpublish_at = until;
    }
    submit.disabled = true;
    submit.textContent = t('composer.submitting');
    try {
      const created = await post(news ? '/news/posts' : `/groups/${encodeURIComponent(group.id)}/posts`, payload, { signal });
      if (poll) {
        // a post and its poll go together: a refused poll takes the post back
        try {
          created.poll = await post(`/posts/${encodeURIComponent(created.id)}/poll`, poll.body, { signal });
        } catch (err) {
          await del(`/posts/${encodeURIComponent(created.id)}`, { signal }).catch(() => {});
          throw err;
        }
      }
      form.reset();
      pollFields.reset();
      attachments.reset();
      scheduleBox.hidden = true;
      counter.update();
      replaceChildren(messages, statusBox(created.published === false
        ? t('composer.scheduled', { date: shortDateTime(created.publish_at) })
        : t('composer.done')));
      const shown = onPosted(created);
      submit.disabled = false;
      submit.textContent = t('composer.submit');
      // the new post (its card takes focus: tabindex=-1), or the text again
      if (shown && shown.element && shown.element.isConnected) shown.element.focus();
      else body.input.focus();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(messages, alertBox(errorMessage(err)));
      submit.disabled = false;
      submit.textContent = t('composer.submit');
      // the disabled button lost the focus: back to the text, not the page's body
      if (!form.contains(document.activeElement)) body.input.focus();
    }
  });

  // ---- on demand ---------------------------------------------------------------------
  const opener = h('button', {
    type: 'button', class: 'composer-opener', 'aria-expanded': 'false', 'aria-controls': formId,
  }, t(news ? 'composer.openNews' : 'composer.open'));
  function open() {
    form.hidden = false;
    opener.hidden = true;
    opener.setAttribute('aria-expanded', 'true');
    body.input.focus();
  }
  opener.addEventListener('click', open);
  const element = h('div', { class: 'composer-wrap' }, opener, form);

  return { element, open, focus: open };
}
