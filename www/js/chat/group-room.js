// A group's discussion (« Discussion du groupe », a conversation of kind
// `room` whose participants are the group's members): the button on the
// group's page that opens it — switching it on when a manager presses it —
// and, in the group's settings, its managers' switch (PATCH enabled).

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get, post, patch } from '../api.js';
import { alertBox, statusBox, loading, errorMessage, confirmDialog } from '../ui.js';
import { convHref, enc } from './common.js';

/** The room of group `groupId` among the person's conversations (only enabled rooms are listed), or null. */
async function findRoom(groupId, signal) {
  let cursor;
  for (let page = 0; page < 5; page += 1) {
    const data = await get('/conversations', { query: { limit: 100, cursor }, signal });
    const room = ((data && data.items) || []).find((c) => c.kind === 'room' && c.group && String(c.group.id) === String(groupId));
    if (room) return room;
    cursor = data && data.next;
    if (!cursor) return null;
  }
  return null;
}

/** « Discussion du groupe »: for members (POST {group_id} answers the room; 403 while it is off). */
export function roomButton(g, { navigate, say }) {
  if (!g.my_role || !g.can || !g.can.read) return null;
  const manager = !!g.can.manage;
  const button = h('button', { type: 'button', class: 'btn chat-room-btn' }, t('chat.room.open'));
  button.addEventListener('click', async () => {
    if (manager) {
      // a manager's first press switches it on for every member: asked once
      let on = null;
      try { on = await findRoom(g.id); } catch { on = null; }
      if (!on) {
        const ok = await confirmDialog({
          title: t('chat.room.enableTitle'), message: t('chat.room.enableText', { name: g.name }), confirm: t('chat.room.enable'),
        });
        if (!ok) return;
      }
    }
    button.disabled = true;
    try {
      const room = await post('/conversations', { group_id: g.id });
      navigate(convHref(room.id));
    } catch (err) {
      button.disabled = false;
      say(alertBox(err && err.status === 403 ? t('chat.room.off') : errorMessage(err)));
    }
  });
  return button;
}

/** The managers' switch in the group's settings. */
export function roomSettingsSection(g, { signal }) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const body = h('div', {}, loading());
  const section = h('section', { class: 'subsection', 'aria-labelledby': 'room-title' },
    h('h3', { id: 'room-title' }, t('chat.room.title')),
    h('p', { class: 'muted' }, t('chat.room.help')),
    messages, body);

  function show(room) {
    const on = !!room && room.enabled !== false;
    const state = h('p', { class: 'chat-room-state' }, t(on ? 'chat.room.isOn' : 'chat.room.isOff'));
    const button = h('button', { type: 'button', class: on ? 'btn btn-danger-outline' : 'btn btn-primary' },
      t(on ? 'chat.room.disable' : 'chat.room.enable'));
    button.addEventListener('click', async () => {
      button.disabled = true;
      replaceChildren(messages);
      try {
        if (on) {
          await patch(`/conversations/${enc(room.id)}`, { enabled: false }, { signal });
          show(null);
          replaceChildren(messages, statusBox(t('chat.room.disabled')));
        } else {
          let next = await post('/conversations', { group_id: g.id }, { signal });
          // switched off before: on again
          if (next && next.enabled === false) next = await patch(`/conversations/${enc(next.id)}`, { enabled: true }, { signal });
          show(next || {});
          replaceChildren(messages, statusBox(t('chat.room.enabled')));
        }
        const again = body.querySelector('button');
        if (again) again.focus();
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        button.disabled = false;
        replaceChildren(messages, alertBox(errorMessage(err)));
      }
    });
    const link = on ? h('a', { href: convHref(room.id) }, t('chat.room.open')) : null;
    replaceChildren(body, state, h('div', { class: 'form-actions' }, button, link));
  }

  findRoom(g.id, signal).then(show).catch((err) => {
    if (err && err.name === 'AbortError') return;
    replaceChildren(body, alertBox(errorMessage(err)));
  });
  return section;
}
