// The chat's dialogs: « Nouvelle conversation » (people chosen with the
// person picker, an optional name: one person and no name is the direct
// conversation, otherwise a group conversation), the participants (added
// and removed as `can` allows), renaming, and « Signaler ».

import { h, replaceChildren, avatar, icon } from '../dom.js';
import { t } from '../i18n.js';
import { post, put, del, patch } from '../api.js';
import { openDialog } from '../dialog.js';
import { createPersonPicker } from '../person-picker.js';
import { field, textareaField, alertBox, statusBox, errorMessage, guestBadge } from '../ui.js';
import { enc, convHref } from './common.js';

const MAX_NAME = 200;
const MAX_REASON = 1000;

/** « Nouvelle conversation »: creates it, then goes there. */
export function openNewConversation({ me, navigate }) {
  const chosen = new Map(); // id → person
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const list = h('ul', { class: 'chat-chosen', 'aria-label': t('chat.new.chosen') });
  const none = h('p', { class: 'muted chat-chosen-none' }, t('chat.new.none'));
  const picker = createPersonPicker({
    label: t('chat.new.people'),
    name: 'person',
    onChange: (person) => {
      if (!person) return;
      if (String(person.id) !== String(me.id) && person.status !== 'disabled') {
        chosen.set(String(person.id), person);
        show();
        messages.replaceChildren(statusBox(t('chat.new.added', { name: person.display_name }), 'sr-only'));
      }
      picker.clear();
      picker.input.focus();
    },
  });
  const name = field({ label: t('chat.new.name'), name: 'name', hint: t('chat.new.nameHint'), attrs: { maxlength: String(MAX_NAME), autocomplete: 'off' } });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('chat.new.submit'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'form chat-new', novalidate: true },
    messages, picker.wrap, list, none, name.wrap,
    h('div', { class: 'form-actions dialog-actions' }, cancel, submit));

  function show() {
    replaceChildren(list, [...chosen.values()].map((p) => {
      const remove = h('button', {
        type: 'button', class: 'btn-icon attach-remove', 'aria-label': t('chat.new.remove', { name: p.display_name }),
      }, icon('close', 'icon icon-sm'));
      remove.addEventListener('click', () => {
        chosen.delete(String(p.id));
        show();
        picker.input.focus();
      });
      return h('li', { class: 'attach-chip' }, avatar(p.display_name, 'avatar avatar-sm', p.avatar_url), h('span', {}, p.display_name || ''), remove);
    }));
    none.hidden = chosen.size > 0;
    list.hidden = chosen.size === 0;
  }

  const d = openDialog({ title: t('chat.new.title'), content: form });
  cancel.addEventListener('click', () => d.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!chosen.size) {
      replaceChildren(messages, alertBox(t('chat.new.nobody')));
      picker.input.focus();
      return;
    }
    const participants = [...chosen.keys()].map(Number);
    const body = { participants };
    const wanted = name.input.value.trim();
    if (wanted) body.name = wanted;
    submit.disabled = true;
    try {
      const conv = await post('/conversations', body);
      d.close();
      navigate(convHref(conv.id));
    } catch (err) {
      submit.disabled = false;
      replaceChildren(messages, alertBox(errorMessage(err)));
    }
  });
  show();
  picker.input.focus();
}

/** The participants, with « Retirer » and « Ajouter » as `can` allows. onChanged() after a change. */
export function openParticipants({ conv, me, onChanged }) {
  const can = conv.can || {};
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const list = h('ul', { class: 'chat-people', 'aria-label': t('chat.people.list') });
  const people = [...(conv.participants || [])];
  let adder = null;

  function row(p) {
    const isMe = String(p.id) === String(me.id);
    const remove = can.remove && !isMe && conv.kind === 'group' ? h('button', {
      type: 'button', class: 'btn btn-small btn-danger-outline', 'aria-label': t('chat.people.removeNamed', { name: p.display_name }),
    }, t('chat.people.remove')) : null;
    if (remove) {
      remove.addEventListener('click', async () => {
        remove.disabled = true;
        try {
          await del(`/conversations/${enc(conv.id)}/participants/${enc(p.id)}`);
          const i = people.findIndex((x) => String(x.id) === String(p.id));
          if (i >= 0) people.splice(i, 1);
          render();
          replaceChildren(messages, statusBox(t('chat.people.removed', { name: p.display_name })));
          onChanged();
        } catch (err) {
          remove.disabled = false;
          replaceChildren(messages, alertBox(errorMessage(err)));
        }
      });
    }
    return h('li', { class: 'chat-person' },
      avatar(p.display_name, 'avatar avatar-sm', p.avatar_url),
      h('a', { href: `/personnes/${enc(p.id)}` }, p.display_name || ''),
      guestBadge(p),
      isMe ? h('span', { class: 'muted' }, ` (${t('admin.you')})`) : null,
      remove);
  }
  function render() {
    replaceChildren(list, people.map(row));
  }

  if (can.add && conv.kind === 'group') {
    adder = createPersonPicker({
      label: t('chat.people.add'),
      name: 'add',
      onChange: async (person) => {
        if (!person) return;
        try {
          await put(`/conversations/${enc(conv.id)}/participants/${enc(person.id)}`, undefined);
          if (!people.some((x) => String(x.id) === String(person.id))) people.push(person);
          render();
          replaceChildren(messages, statusBox(t('chat.people.added', { name: person.display_name })));
          adder.clear();
          onChanged();
        } catch (err) {
          replaceChildren(messages, alertBox(errorMessage(err)));
        }
      },
    });
  }
  render();
  const count = conv.participant_count || people.length;
  openDialog({
    title: t('chat.people.title', { n: count }),
    content: [
      messages,
      conv.kind === 'room' ? h('p', { class: 'muted' }, t('chat.people.room')) : null,
      adder ? adder.wrap : null,
      list,
      conv.kind === 'room' && count > people.length ? h('p', { class: 'muted' }, t('chat.people.more', { n: count - people.length })) : null,
    ],
  });
}

/** Renames a group conversation. onDone(conv). */
export function openRename({ conv, onDone }) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const name = field({ label: t('chat.rename.label'), name: 'name', value: conv.name || '', attrs: { maxlength: String(MAX_NAME), autocomplete: 'off' } });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.save'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'form', novalidate: true }, messages, name.wrap, h('div', { class: 'form-actions dialog-actions' }, cancel, submit));
  const d = openDialog({ title: t('chat.rename.title'), content: form });
  cancel.addEventListener('click', () => d.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = name.input.value.trim();
    if (!value) {
      replaceChildren(messages, alertBox(t('chat.rename.missing')));
      name.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const updated = await patch(`/conversations/${enc(conv.id)}`, { name: value });
      d.close();
      onDone(updated);
    } catch (err) {
      submit.disabled = false;
      replaceChildren(messages, alertBox(errorMessage(err)));
    }
  });
  name.input.focus();
}

/** « Signaler »: a reason, sent to the administrators. onDone() once sent. */
export function openReport({ conv, onDone }) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const reason = textareaField({ label: t('chat.report.reason'), name: 'reason', rows: 4, hint: t('chat.report.hint'), attrs: { maxlength: String(MAX_REASON) } });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('chat.report.submit'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'form', novalidate: true }, messages, reason.wrap, h('div', { class: 'form-actions dialog-actions' }, cancel, submit));
  const d = openDialog({ title: t('chat.report.title'), content: form });
  cancel.addEventListener('click', () => d.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = reason.input.value.trim();
    if (!value) {
      replaceChildren(messages, alertBox(t('chat.report.missing')));
      reason.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      await post(`/conversations/${enc(conv.id)}/report`, { reason: value });
      d.close();
      onDone();
    } catch (err) {
      submit.disabled = false;
      replaceChildren(messages, alertBox(errorMessage(err)));
    }
  });
  reason.input.focus();
}
