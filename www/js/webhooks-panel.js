// « Webhooks » (docs/webhooks.md): the subscriptions of the whole
// organisation (Administration › Webhooks, groupId null) or of one group
// (its Paramètres tab, for its managers). Create (URL, events) and see the
// secret once; each subscription's delivery log (the last 50 attempts),
// « Tester » (a ping), switch off / on, delete.

import { h, replaceChildren, uid } from './dom.js';
import { t } from './i18n.js';
import { get, post, patch, del } from './api.js';
import { alertBox, statusBox, loading, errorMessage, field, confirmDialog, badge, tableScroll } from './ui.js';
import { timeEl } from './dates.js';

const T = (k, p) => t(`webhooks.${k}`, p);

/** The section, as a card; groupId null: the organisation's. */
export function webhooksSection({ groupId = null, signal } = {}) {
  const headingId = uid('webhooks');
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const say = (box) => replaceChildren(messages, box);
  const list = h('div', { class: 'webhooks-list' }, loading());
  const url = field({ label: T('url'), name: 'url', type: 'url', hint: T('urlHint'), attrs: { inputmode: 'url', spellcheck: 'false' } });
  const boxes = h('div', { class: 'webhooks-events' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, T('create'));
  const form = h('form', { class: 'form', novalidate: true },
    url.wrap,
    h('fieldset', { class: 'field fieldset' }, h('legend', { class: 'label' }, T('events')), boxes),
    h('div', { class: 'form-actions' }, submit));
  const section = h('section', { class: 'card webhooks', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, T('title')),
    h('p', { class: 'muted' }, groupId ? T('helpGroup') : T('helpOrg')),
    messages, list,
    h('h3', {}, T('newTitle')), form);

  const query = groupId ? `?group_id=${encodeURIComponent(groupId)}` : '';
  let events = [];

  function eventBoxes() {
    if (boxes.childElementCount || !events.length) return;
    for (const e of events) {
      const id = uid('wh-ev');
      boxes.append(h('div', { class: 'field choice' },
        h('input', { type: 'checkbox', id, name: 'events', value: e, class: 'choice-input', checked: e === 'post.created' || null }),
        h('span', { class: 'choice-text' }, h('label', { for: id, class: 'choice-label' }, eventLabel(e)),
          h('span', { class: 'hint choice-hint' }, h('code', {}, e)))));
    }
  }

  function eventLabel(e) {
    const k = `event_${e.replace('.', '_')}`;
    const text = T(k);
    return text === `webhooks.${k}` ? e : text;
  }

  async function load() {
    try {
      const data = await get(`/webhooks${query}`, { signal });
      events = data.events || [];
      eventBoxes();
      const mine = (data.items || []).filter((w) => (groupId ? w.group && String(w.group.id) === String(groupId) : !w.group));
      form.hidden = data.can_create === false;
      if (!mine.length) { replaceChildren(list, h('p', { class: 'muted' }, T('none'))); return; }
      replaceChildren(list, h('ul', { class: 'webhooks-items' }, mine.map(item)));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(list, alertBox(errorMessage(err)));
    }
  }

  function item(w) {
    const logId = uid('wh-log');
    const log = h('div', { id: logId, class: 'webhooks-log', hidden: true });
    const state = w.active ? badge(T('on'), 'badge-active')
      : badge(w.off_reason === 'failing' ? T('offFailing') : T('off'), 'badge-disabled');
    const toggleLog = h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'aria-expanded': 'false', 'aria-controls': logId }, T('log'));
    const test = h('button', { type: 'button', class: 'btn btn-secondary btn-small', disabled: !w.active || null }, T('test'));
    const onOff = h('button', { type: 'button', class: 'btn btn-secondary btn-small' }, w.active ? T('switchOff') : T('switchOn'));
    const remove = h('button', { type: 'button', class: 'btn btn-danger btn-small' }, T('delete'));
    toggleLog.addEventListener('click', async () => {
      const open = log.hidden;
      log.hidden = !open;
      toggleLog.setAttribute('aria-expanded', String(open));
      if (open) await showLog(w.id, log);
    });
    test.addEventListener('click', async () => {
      try {
        await post(`/webhooks/${w.id}/test`, {}, { signal });
        say(statusBox(T('tested')));
        if (!log.hidden) setTimeout(() => showLog(w.id, log), 1500); // lint-allow: sleep (the ping's answer, shown when it came)
      } catch (err) { say(alertBox(errorMessage(err))); }
    });
    onOff.addEventListener('click', async () => {
      try {
        await patch(`/webhooks/${w.id}`, { active: !w.active }, { signal });
        say(statusBox(w.active ? T('switchedOff') : T('switchedOn')));
        await load();
      } catch (err) { say(alertBox(errorMessage(err))); }
    });
    remove.addEventListener('click', async () => {
      const ok = await confirmDialog({ title: T('deleteTitle'), message: T('deleteText', { url: w.url }), confirm: T('delete'), danger: true });
      if (!ok) return;
      try {
        await del(`/webhooks/${w.id}`, { signal });
        say(statusBox(T('deleted')));
        await load();
        url.input.focus();
      } catch (err) { say(alertBox(errorMessage(err))); }
    });
    return h('li', { class: 'webhooks-item' },
      h('p', { class: 'webhooks-url' }, h('code', {}, w.url), ' ', state),
      h('p', { class: 'muted' }, T('eventsList', { events: w.events.map(eventLabel).join(', ') }),
        w.failing_since ? [' · ', T('failingSince'), ' ', timeEl(w.failing_since)] : null,
        w.waiting ? [' · ', T('waiting', { count: w.waiting })] : null),
      h('div', { class: 'form-actions webhooks-actions' }, toggleLog, test, onOff, remove),
      log);
  }

  async function showLog(id, box) {
    replaceChildren(box, loading());
    try {
      const w = await get(`/webhooks/${id}`, { signal });
      const rows = (w.attempts || []).map((a) => h('tr', {},
        h('td', {}, timeEl(a.at)),
        h('td', {}, h('code', {}, a.event)),
        h('td', {}, a.status === null ? T('noAnswer') : String(a.status), ' ', a.ok ? badge(T('ok'), 'badge-active') : null),
        h('td', {}, T('ms', { ms: a.duration_ms })),
        h('td', { class: 'webhooks-answer' }, a.answer)));
      if (!rows.length) { replaceChildren(box, h('p', { class: 'muted' }, T('noAttempts'))); return; }
      replaceChildren(box, tableScroll(h('table', { class: 'data-table' },
        h('caption', {}, T('logCaption')),
        h('thead', {}, h('tr', {}, ['colAt', 'colEvent', 'colStatus', 'colDuration', 'colAnswer']
          .map((k) => h('th', { scope: 'col' }, T(k))))),
        h('tbody', {}, rows)), T('logCaption')));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(box, alertBox(errorMessage(err)));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = [...boxes.querySelectorAll('input:checked')].map((i) => i.value);
    if (!url.input.value.trim()) { say(alertBox(T('urlMissing'))); url.input.focus(); return; }
    if (!chosen.length) { say(alertBox(T('eventsMissing'))); boxes.querySelector('input')?.focus(); return; }
    submit.disabled = true;
    try {
      const body = { url: url.input.value.trim(), events: chosen };
      if (groupId) body.group_id = Number(groupId);
      const w = await post('/webhooks', body, { signal });
      const secretId = uid('wh-secret');
      const secret = h('input', { id: secretId, class: 'input webhooks-secret', readonly: true, value: w.secret, spellcheck: 'false' });
      say(h('div', { class: 'alert alert-success', role: 'status' },
        h('p', {}, T('created')),
        h('label', { for: secretId, class: 'label' }, T('secret')), secret,
        h('p', { class: 'hint' }, T('secretOnce'))));
      url.input.value = '';
      await load();
      secret.focus();
      secret.select();
    } catch (err) {
      say(alertBox(errorMessage(err)));
    } finally {
      submit.disabled = false;
    }
  });

  load();
  return section;
}
