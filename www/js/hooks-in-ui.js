// A group's incoming webhooks, in its Paramètres tab (managers): create an
// address (shown once, with a copy button and an example), list them with
// their use, revoke. docs/api_tokens.md

import { h, replaceChildren, uid } from './dom.js';
import { t } from './i18n.js';
import { get, post, del } from './api.js';
import { alertBox, statusBox, loading, errorMessage, confirmDialog, field, formatDate } from './ui.js';
import { secretBox } from './tokens-ui.js';

export function incomingHooksSection(group, { signal }) {
  const base = `/groups/${encodeURIComponent(group.id)}/webhooks/incoming`;
  const titleId = uid('hooks-title');
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const once = h('div', { class: 'secret-slot' });
  const listBox = h('div', {}, loading());
  const name = field({ label: t('hooksIn.name'), name: 'hook-name', required: true, hint: t('hooksIn.nameHint'), attrs: { maxlength: 100 } });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('hooksIn.create'));
  const form = h('form', { class: 'form', novalidate: true }, messages, name.wrap, h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replaceChildren(messages);
    replaceChildren(once);
    const value = name.input.value.trim();
    if (!value) { replaceChildren(messages, alertBox(t('hooksIn.nameMissing'))); name.input.focus(); return; }
    submit.disabled = true;
    try {
      const made = await post(base, { name: value }, { signal });
      const example = `curl -X POST -H 'Content-Type: application/json' -d '{"title":"…","text":"…"}' ${made.url}`;
      replaceChildren(once, secretBox(made.url, { label: t('hooksIn.shownOnce', { name: made.name }), note: t('hooksIn.shownOnceNote') }),
        h('p', { class: 'hint' }, t('hooksIn.example')), h('pre', { class: 'hook-example' }, h('code', {}, example)));
      name.input.value = '';
      once.querySelector('button').focus();
      await refresh();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(messages, alertBox(errorMessage(err)));
    } finally {
      submit.disabled = false;
    }
  });

  async function revoke(hook, button) {
    const ok = await confirmDialog({ title: t('hooksIn.revokeTitle'), message: t('hooksIn.revokeText', { name: hook.name }),
      confirm: t('hooksIn.revoke'), danger: true });
    if (!ok) return;
    button.disabled = true;
    try {
      await del(`${base}/${encodeURIComponent(hook.id)}`, { signal });
      replaceChildren(messages, statusBox(t('hooksIn.revoked', { name: hook.name })));
      await refresh();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      button.disabled = false;
      replaceChildren(messages, alertBox(errorMessage(err)));
    }
  }

  async function refresh() {
    try {
      const { items } = await get(base, { signal });
      if (!items.length) { replaceChildren(listBox, h('p', { class: 'muted' }, t('hooksIn.none'))); return; }
      replaceChildren(listBox, h('ul', { class: 'hooks-list' }, items.map((hook) => {
        const button = h('button', { type: 'button', class: 'btn btn-danger btn-small' }, t('hooksIn.revoke'),
          h('span', { class: 'sr-only' }, ` ${hook.name}`));
        button.addEventListener('click', () => revoke(hook, button));
        return h('li', { class: 'hooks-item' },
          h('span', {}, h('strong', {}, hook.name), ' — ',
            t('hooksIn.usage', { count: hook.posts, date: hook.last_used_at ? formatDate(hook.last_used_at) : t('tokens.neverUsed') })),
          button);
      })));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(listBox, alertBox(errorMessage(err)));
    }
  }
  refresh();

  return h('section', { class: 'card', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, t('hooksIn.title')),
    h('p', {}, t('hooksIn.intro')),
    form, once, listBox);
}
