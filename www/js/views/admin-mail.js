// /admin/courriel — administrators: the outgoing mail (GET / PUT
// /admin/mail: relay, STARTTLS, login, sender, quiet hours; with no relay the
// mails are written as files and the page says where), « Envoyer un message
// de test », the queue by state with « Réessayer » on failed mails, and a
// message to every account (POST /admin/messages).

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get, put, post } from '../api.js';
import {
  alertBox, statusBox, loading, errorMessage, field, checkboxField, textareaField, tableScroll,
} from '../ui.js';
import { shortDateTime, fullDate } from '../dates.js';
import { adminHeader } from '../admin-nav.js';
import { createTabs } from '../tabs.js';
import { kindLabel } from './notification-settings.js';

const STATES = ['waiting', 'sent', 'failed'];
const QUEUE_PAGE = 50;
const RELAY = /^(smtps?:\/\/\S+)?$/i;

const when = (iso) => (iso ? h('time', { datetime: String(iso), title: fullDate(iso) }, shortDateTime(iso)) : '');

// ---- relay settings -------------------------------------------------------------
function settingsSection(signal) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const modeNote = h('div', { class: 'mail-mode' });
  const body = h('div', {}, loading());
  const section = h('section', { class: 'card', 'aria-labelledby': 'mail-settings-title' },
    h('h2', { id: 'mail-settings-title' }, t('admin.mailPage.settings')), modeNote, messages, body);

  function showMode(cfg) {
    replaceChildren(modeNote, cfg.mode === 'files'
      ? h('p', { class: 'alert alert-info', role: 'status' }, t('admin.mailPage.filesMode', { dir: cfg.files_dir || '' }))
      : null);
  }

  function form(cfg) {
    const relay = field({
      label: t('admin.mailPage.relay'), name: 'relay', value: cfg.relay || '', hint: t('admin.mailPage.relayHint'),
      attrs: { autocomplete: 'off', spellcheck: 'false', placeholder: 'smtp://smtp.example.org:587' },
    });
    const starttls = checkboxField({ label: t('admin.mailPage.starttls'), name: 'starttls', checked: !!cfg.starttls, hint: t('admin.mailPage.starttlsHint') });
    const username = field({ label: t('admin.mailPage.username'), name: 'username', value: cfg.username || '', attrs: { autocomplete: 'off' } });
    const password = field({
      label: t('admin.mailPage.password'), name: 'password', type: 'password',
      hint: t(cfg.password_set ? 'admin.mailPage.passwordSet' : 'admin.mailPage.passwordNone'), attrs: { autocomplete: 'new-password' },
    });
    const fromAddress = field({ label: t('admin.mailPage.fromAddress'), name: 'from_address', type: 'email', value: cfg.from_address || '', attrs: { autocomplete: 'off' } });
    const fromName = field({ label: t('admin.mailPage.fromName'), name: 'from_name', value: cfg.from_name || '', attrs: { autocomplete: 'off' } });
    const quietStart = field({ label: t('admin.mailPage.quietStart'), name: 'quiet_start', type: 'time', value: cfg.quiet_start || '' });
    const quietEnd = field({ label: t('admin.mailPage.quietEnd'), name: 'quiet_end', type: 'time', value: cfg.quiet_end || '' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.mailPage.save'));
    const el = h('form', { class: 'form mail-form', novalidate: true, 'aria-labelledby': 'mail-settings-title' },
      relay.wrap, starttls.wrap, username.wrap, password.wrap, fromAddress.wrap, fromName.wrap,
      h('fieldset', { class: 'plain-fieldset mail-quiet' },
        h('legend', { class: 'label' }, t('admin.mailPage.quiet')),
        h('p', { class: 'hint' }, t('admin.mailPage.quietHint')),
        h('div', { class: 'mail-quiet-row' }, quietStart.wrap, quietEnd.wrap)),
      h('div', { class: 'form-actions' }, submit));
    el.addEventListener('submit', async (event) => {
      event.preventDefault();
      replaceChildren(messages);
      const relayValue = relay.input.value.trim();
      if (!RELAY.test(relayValue)) {
        replaceChildren(messages, alertBox(t('admin.mailPage.relayInvalid')));
        relay.input.focus();
        return;
      }
      const wanted = {
        relay: relayValue,
        starttls: starttls.input.checked,
        username: username.input.value.trim(),
        from_address: fromAddress.input.value.trim(),
        from_name: fromName.input.value.trim(),
        quiet_start: quietStart.input.value,
        quiet_end: quietEnd.input.value,
      };
      if (password.input.value) wanted.password = password.input.value;
      submit.disabled = true;
      try {
        const saved = await put('/admin/mail', wanted, { signal });
        const next = saved && typeof saved === 'object' ? saved : { ...cfg, ...wanted, password_set: cfg.password_set || !!wanted.password };
        showMode(next);
        replaceChildren(body, form(next));
        replaceChildren(messages, statusBox(t('admin.mailPage.saved')));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(messages, alertBox(errorMessage(err)));
      } finally {
        submit.disabled = false;
      }
    });
    return el;
  }

  get('/admin/mail', { signal }).then((cfg) => {
    showMode(cfg || {});
    replaceChildren(body, form(cfg || {}));
  }).catch((err) => {
    if (err && err.name === 'AbortError') return;
    replaceChildren(body, alertBox(errorMessage(err)));
  });
  return section;
}

// ---- test message ---------------------------------------------------------------
function testSection(me, signal) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const to = field({ label: t('admin.mailPage.testTo'), name: 'to', type: 'email', value: me.email || '', attrs: { autocomplete: 'email' } });
  const submit = h('button', { type: 'submit', class: 'btn' }, t('admin.mailPage.testSend'));
  const form = h('form', { class: 'form mail-test', novalidate: true, 'aria-labelledby': 'mail-test-title' },
    messages, to.wrap, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replaceChildren(messages);
    const address = to.input.value.trim();
    if (!address || !address.includes('@')) {
      replaceChildren(messages, alertBox(t('admin.mailPage.testMissing')));
      to.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      await post('/admin/mail/test', { to: address }, { signal });
      replaceChildren(messages, statusBox(t('admin.mailPage.testQueued', { to: address })));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(messages, alertBox(errorMessage(err)));
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'mail-test-title' },
    h('h2', { id: 'mail-test-title' }, t('admin.mailPage.test')), form);
}

// ---- queue ----------------------------------------------------------------------
function queuePanel(panel, state, signal) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const tbody = h('tbody', {});
  const status = h('div', {}, loading());
  const more = h('button', { type: 'button', class: 'btn more', hidden: true }, t('common.more'));
  const refresh = h('button', { type: 'button', class: 'btn btn-small' }, t('admin.mailPage.refresh'));
  const cols = ['colTo', 'colSubject', 'colKind', 'colAttempts', 'colCreated',
    state === 'sent' ? 'colSent' : 'colNext', ...(state === 'failed' ? ['colError', 'colAction'] : [])];
  const table = h('table', { class: 'data-table mail-queue', dataset: { state } },
    h('caption', { class: 'sr-only' }, t(`admin.mailPage.state.${state}`)),
    h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col' }, t(`admin.mailPage.${k}`))))),
    tbody);
  const wrap = tableScroll(table, t(`admin.mailPage.state.${state}`), { hidden: true });
  panel.append(h('h3', { class: 'sr-only' }, t(`admin.mailPage.state.${state}`)),
    h('div', { class: 'mail-queue-tools' }, refresh), messages, wrap, status, more);
  let next = null;

  function row(m) {
    const cells = [
      h('th', { scope: 'row', class: 'mail-to' }, String(m.to || '')),
      h('td', { class: 'mail-subject' }, String(m.subject || '')),
      h('td', {}, kindLabel(String(m.kind || ''))),
      h('td', { class: 'num' }, String(m.attempts ?? 0)),
      h('td', {}, when(m.created)),
      h('td', {}, when(state === 'sent' ? m.sent_at : m.next_attempt)),
    ];
    const tr = h('tr', { dataset: { id: String(m.id) } }, cells);
    if (state === 'failed') {
      const retry = h('button', {
        type: 'button', class: 'btn btn-small', 'aria-label': t('admin.mailPage.retryLabel', { to: String(m.to || '') }),
      }, t('admin.mailPage.retry'));
      retry.addEventListener('click', async () => {
        retry.disabled = true;
        replaceChildren(messages);
        try {
          await post(`/admin/mail/queue/${encodeURIComponent(m.id)}/retry`, undefined, { signal });
          const after = tr.nextElementSibling || tr.previousElementSibling;
          tr.remove();
          replaceChildren(messages, statusBox(t('admin.mailPage.retried', { to: String(m.to || '') })));
          const focusNext = after ? after.querySelector('button') : null;
          (focusNext || refresh).focus();
          if (!tbody.children.length) showEmpty();
        } catch (err) {
          if (err && err.name === 'AbortError') return;
          retry.disabled = false;
          replaceChildren(messages, alertBox(errorMessage(err)));
        }
      });
      tr.append(h('td', { class: 'mail-error' }, String(m.last_error || '')), h('td', {}, retry));
    }
    return tr;
  }

  function showEmpty() {
    wrap.hidden = !tbody.children.length;
    replaceChildren(status, tbody.children.length ? null : h('p', { class: 'muted' }, t(`admin.mailPage.empty.${state}`)));
  }

  async function load(cursor) {
    more.disabled = true;
    try {
      const data = await get('/admin/mail/queue', { query: { state, limit: QUEUE_PAGE, cursor: cursor || undefined }, signal });
      if (!cursor) replaceChildren(tbody);
      for (const m of (data && data.items) || []) tbody.append(row(m));
      next = (data && data.next) || null;
      more.hidden = !next;
      showEmpty();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(status, alertBox(errorMessage(err)));
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', () => load(next));
  refresh.addEventListener('click', () => { replaceChildren(messages); load(null); });
  load(null);
  return { reload: () => load(null) };
}

function queueSection(signal) {
  const panels = {};
  const tabs = createTabs({
    label: t('admin.mailPage.queue'),
    tabs: STATES.map((state) => ({
      id: state,
      label: t(`admin.mailPage.state.${state}`),
      render: (panel) => { panels[state] = queuePanel(panel, state, signal); },
      show: () => panels[state] && panels[state].reload(),
    })),
    selected: new URLSearchParams(window.location.search).get('etat') || 'waiting',
    param: 'etat',
  });
  return h('section', { class: 'card mail-queue-card', 'aria-labelledby': 'mail-queue-title' },
    h('h2', { id: 'mail-queue-title' }, t('admin.mailPage.queue')), tabs.element);
}

// ---- message to every account ---------------------------------------------------
function broadcastSection(signal) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const title = field({ label: t('admin.mailPage.broadcastTitle'), name: 'title', attrs: { maxlength: 200 } });
  const text = textareaField({ label: t('admin.mailPage.broadcastBody'), name: 'body', rows: 4 });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.mailPage.broadcastSend'));
  const form = h('form', { class: 'form mail-broadcast', novalidate: true, 'aria-labelledby': 'mail-broadcast-title' },
    messages, title.wrap, text.wrap, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replaceChildren(messages);
    const wanted = { title: title.input.value.trim(), body: text.input.value.trim() };
    if (!wanted.title || !wanted.body) {
      replaceChildren(messages, alertBox(t('admin.mailPage.broadcastMissing')));
      (wanted.title ? text.input : title.input).focus();
      return;
    }
    submit.disabled = true;
    try {
      await post('/admin/messages', wanted, { signal });
      title.input.value = '';
      text.input.value = '';
      replaceChildren(messages, statusBox(t('admin.mailPage.broadcastDone')));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(messages, alertBox(errorMessage(err)));
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'mail-broadcast-title' },
    h('h2', { id: 'mail-broadcast-title' }, t('admin.mailPage.broadcast')),
    h('p', { class: 'muted' }, t('admin.mailPage.broadcastHelp')), form);
}

export const adminMail = {
  title: () => `${t('admin.mail')} — ${t('admin.title')}`,
  render(main, { user: me, signal }) {
    main.append(...adminHeader('/admin/courriel', 'admin.mail'));
    if (me.role !== 'admin') {
      main.append(alertBox(t('admin.forbidden')));
      return;
    }
    main.append(settingsSection(signal), testSection(me, signal), queueSection(signal), broadcastSection(signal));
  },
};
