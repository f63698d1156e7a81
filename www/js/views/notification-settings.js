// /notifications/reglages — « Réglages des notifications »: for each kind of
// notification, when an e-mail is sent (at once, in the daily or weekly
// digest, never). GET and PUT /me/notification-settings.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get, put } from '../api.js';
import { pageTitle, alertBox, statusBox, loading, errorMessage, selectField } from '../ui.js';
import { atomSection } from '../veille.js';

export const EMAIL_CHOICES = ['immediate', 'daily', 'weekly', 'never'];

/** « Quand on me mentionne »… (the kind's name when there is no label for it). */
export function kindLabel(kind) {
  const key = `notif.kind.${kind}`;
  const text = t(key);
  return text === key ? String(kind) : text;
}

export const notificationSettings = {
  title: () => t('notif.settings.title'),
  async render(main, { signal }) {
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const body = h('div', {}, loading());
    main.append(
      h('p', { class: 'back' }, h('a', { href: '/notifications' }, `← ${t('notif.title')}`)),
      pageTitle(t('notif.settings.title')),
      h('section', { class: 'card', 'aria-labelledby': 'notif-email-title' },
        h('h2', { id: 'notif-email-title' }, t('notif.settings.email')),
        h('p', { class: 'muted' }, t('notif.settings.emailHelp')),
        messages, body));
    // the private Atom feed of the home feed (docs/feeds.md)
    main.append(atomSection({ signal }));

    let data;
    try {
      data = await get('/me/notification-settings', { signal });
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(body, alertBox(errorMessage(err)));
      return;
    }

    const selects = new Map();
    function fields(settings) {
      const email = (settings && settings.email) || {};
      const kinds = Array.isArray(settings && settings.kinds) && settings.kinds.length ? settings.kinds : Object.keys(email);
      selects.clear();
      return kinds.map((kind) => {
        const f = selectField({
          label: kindLabel(kind),
          name: `email-${kind}`,
          value: email[kind] || 'daily',
          options: EMAIL_CHOICES.map((c) => ({ value: c, label: t(`notif.settings.choice.${c}`) })),
        });
        f.wrap.classList.add('notif-setting');
        f.wrap.dataset.kind = kind;
        selects.set(kind, f.select);
        return f.wrap;
      });
    }

    const list = h('div', { class: 'notif-settings-list' }, fields(data));
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('notif.settings.save'));
    const form = h('form', { class: 'form notif-settings-form', novalidate: true, 'aria-labelledby': 'notif-email-title' },
      list, h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const email = {};
      for (const [kind, select] of selects) email[kind] = select.value;
      submit.disabled = true;
      replaceChildren(messages);
      try {
        const saved = await put('/me/notification-settings', { email }, { signal });
        if (saved && saved.email) {
          for (const [kind, value] of Object.entries(saved.email)) {
            const select = selects.get(kind);
            if (select) select.value = value;
          }
        }
        replaceChildren(messages, statusBox(t('notif.settings.saved')));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(messages, alertBox(errorMessage(err)));
      } finally {
        submit.disabled = false;
      }
    });
    replaceChildren(body, form);
  },
};
