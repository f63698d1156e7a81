// On a post's page: follow it (every comment notifies), stop following, or
// mute it (nothing about it notifies) — GET / PUT /posts/{id}/follow.

import { h, replaceChildren } from './dom.js';
import { t } from './i18n.js';
import { get, put } from './api.js';
import { alertBox, errorMessage } from './ui.js';

// for each state: the sentence shown and the buttons offered (label → next state)
const CHOICES = {
  follow: [['follow.post.unfollow', 'none'], ['follow.post.mute', 'mute']],
  none: [['follow.post.follow', 'follow'], ['follow.post.mute', 'mute']],
  mute: [['follow.post.follow', 'follow'], ['follow.post.unmute', 'none']],
};

/** createPostFollow(postId, {signal}) → {element} (empty until the state is known). */
export function createPostFollow(postId, { signal }) {
  const pid = encodeURIComponent(postId);
  const state = h('p', { class: 'post-follow-state muted', 'aria-live': 'polite' });
  const buttons = h('div', { class: 'post-follow-buttons' });
  const messages = h('div', { class: 'messages' });
  const element = h('section', { class: 'post-follow', 'aria-label': t('follow.post.label'), hidden: true }, state, buttons, messages);
  let current = null;

  function render({ focus = false } = {}) {
    state.textContent = t(`follow.post.state.${current}`);
    replaceChildren(buttons, CHOICES[current].map(([key, next]) => h('button', {
      type: 'button', class: 'btn btn-small', dataset: { state: next }, onclick: () => change(next),
    }, t(key))));
    if (focus) buttons.querySelector('button').focus();
  }

  async function change(next) {
    for (const b of buttons.querySelectorAll('button')) b.disabled = true;
    replaceChildren(messages);
    try {
      await put(`/posts/${pid}/follow`, { state: next }, { signal });
      current = next;
      render({ focus: true });
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      for (const b of buttons.querySelectorAll('button')) b.disabled = false;
      replaceChildren(messages, alertBox(errorMessage(err)));
    }
  }

  get(`/posts/${pid}/follow`, { signal }).then((data) => {
    if (!data || !CHOICES[data.state]) return;
    current = data.state;
    render();
    element.hidden = false;
  }).catch(() => { /* the post works without it */ });

  return { element };
}
