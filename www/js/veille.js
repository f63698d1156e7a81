// « Veille » (docs/feeds.md): the RSS and Atom feeds a group follows, in
// its Paramètres tab for managers — add an address, each feed's state
// (last fetch, the reason of an error, the next try), « Actualiser »,
// remove; and a person's private Atom feed of their home feed (the secret
// address to give a feed reader: shown, renewed, switched off).

import { h, replaceChildren, uid } from './dom.js';
import { t } from './i18n.js';
import { get, post, put, del } from './api.js';
import { alertBox, statusBox, loading, errorMessage, confirmDialog, field, textareaField } from './ui.js';

const enc = encodeURIComponent;

function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(document.documentElement.lang || 'fr', { dateStyle: 'short', timeStyle: 'short' }).format(d);
}

/** The « Veille » section of a group's settings (managers, administrators). */
export function veilleSection(group, { signal }) {
  const gid = enc(group.id);
  const titleId = uid('veille-title');
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const list = h('div', { class: 'veille-list' }, loading());
  const url = field({ label: t('veille.url'), name: 'url', type: 'url', hint: t('veille.urlHint'),
                      attrs: { placeholder: 'https://', spellcheck: 'false', autocomplete: 'off', inputmode: 'url' } });
  const addBtn = h('button', { type: 'submit', class: 'btn btn-primary' }, t('veille.add'));
  const form = h('form', { class: 'form veille-add', novalidate: true },
    h('fieldset', { class: 'plain-fieldset', disabled: group.archived || null }, url.wrap, h('div', { class: 'form-actions' }, addBtn)));
  const say = (box) => replaceChildren(messages, box || '');

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = url.input.value.trim();
    if (!value) { say(alertBox(t('veille.urlMissing'))); url.input.focus(); return; }
    addBtn.disabled = true;
    try {
      await post(`/groups/${gid}/feeds`, { url: value }, { signal });
      url.input.value = '';
      say(statusBox(t('veille.added')));
      await load();
      // its first fetch comes within seconds: show its state then
      setTimeout(() => { if (!signal || !signal.aborted) load(); }, 3000);
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      say(alertBox(errorMessage(err)));
      url.input.focus();
    } finally {
      addBtn.disabled = false;
    }
  });

  function stateOf(f) {
    if (f.state === 'error') {
      return h('p', { class: 'veille-state veille-error' },
        h('strong', {}, t('veille.error')), ' ', f.last_error,
        h('br'), t('veille.retry', { at: when(f.next_fetch), n: f.failures }));
    }
    if (f.state === 'pending') return h('p', { class: 'veille-state muted' }, t('veille.pending'));
    return h('p', { class: 'veille-state' },
      t('veille.ok', { at: when(f.last_fetch) }), ' · ', t('veille.published', { n: f.items_published }),
      ' · ', t('veille.next', { at: when(f.next_fetch) }));
  }

  function row(f) {
    const name = f.title || f.url;
    const refresh = h('button', { type: 'button', class: 'btn btn-small' }, t('veille.refresh'));
    const remove = h('button', { type: 'button', class: 'btn btn-small btn-danger-outline' }, t('veille.remove'));
    refresh.setAttribute('aria-label', t('veille.refreshOf', { name }));
    remove.setAttribute('aria-label', t('veille.removeOf', { name }));
    refresh.addEventListener('click', async () => {
      refresh.disabled = true;
      try {
        await post(`/groups/${gid}/feeds/${enc(f.id)}/refresh`, {}, { signal });
        say(statusBox(t('veille.refreshing', { name })));
        setTimeout(() => { if (!signal || !signal.aborted) load(f.id); }, 2500);
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        say(alertBox(errorMessage(err)));
        refresh.disabled = false;
      }
    });
    remove.addEventListener('click', async () => {
      const yes = await confirmDialog({ title: t('veille.removeTitle'), message: t('veille.removeText', { name }),
                                        confirm: t('veille.remove'), danger: true });
      if (!yes) return;
      try {
        await del(`/groups/${gid}/feeds/${enc(f.id)}`, { signal });
        say(statusBox(t('veille.removed', { name })));
        await load();
        url.input.focus();
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        say(alertBox(errorMessage(err)));
      }
    });
    return h('li', { class: 'veille-item', 'data-feed': String(f.id) },
      h('p', { class: 'veille-name' }, h('strong', {}, name)),
      f.title ? h('p', { class: 'veille-url muted' }, f.url) : null,
      stateOf(f),
      group.archived ? null : h('div', { class: 'form-actions' }, refresh, remove));
  }

  async function load(focusId) {
    try {
      const data = await get(`/groups/${gid}/feeds`, { signal });
      const items = data.items || [];
      replaceChildren(list, items.length
        ? h('ul', { class: 'veille-items', 'aria-labelledby': titleId }, ...items.map(row))
        : h('p', { class: 'muted' }, t('veille.none')));
      if (focusId) {
        const b = list.querySelector(`[data-feed="${focusId}"] button`);
        if (b) b.focus();
      }
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      // a guest manager: feeds are for staff (acl_group_feeds)
      if (err && err.status === 403) { section.remove(); return; }
      replaceChildren(list, alertBox(errorMessage(err)));
    }
  }
  load();

  const section = h('section', { class: 'subsection veille', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, t('veille.title')),
    h('p', { class: 'muted' }, t('veille.help')),
    messages, form, list);
  return section;
}

/** A person's private Atom feed of their home feed (their settings). */
export function atomSection({ signal }) {
  const titleId = uid('atom-title');
  const inputId = uid('atom-url');
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const input = h('input', { id: inputId, type: 'text', class: 'input', readonly: true, spellcheck: 'false',
                             autocomplete: 'off', 'aria-describedby': `${inputId}-hint` });
  const showBtn = h('button', { type: 'button', class: 'btn' }, t('veille.atom.show'));
  const renewBtn = h('button', { type: 'button', class: 'btn btn-small' }, t('veille.atom.renew'));
  const offBtn = h('button', { type: 'button', class: 'btn btn-small btn-danger-outline' }, t('veille.atom.off'));
  const shown = h('div', { hidden: true },
    h('div', { class: 'field' }, h('label', { for: inputId, class: 'label' }, t('veille.atom.address')),
      h('p', { class: 'hint', id: `${inputId}-hint` }, t('veille.atom.secret')), input),
    h('div', { class: 'form-actions' }, renewBtn, offBtn));
  const say = (box) => replaceChildren(messages, box || '');
  const showUrl = (u) => { input.value = new URL(u, window.location.origin).href; shown.hidden = false; showBtn.hidden = true; input.focus(); input.select(); };
  const fail = (err) => { if (!err || err.name !== 'AbortError') say(alertBox(errorMessage(err))); };

  showBtn.addEventListener('click', async () => {
    try {
      let data = await get('/me/atom-token', { signal });
      if (!data.url) data = await post('/me/atom-token', {}, { signal });
      say();
      showUrl(data.url);
    } catch (err) { fail(err); }
  });
  renewBtn.addEventListener('click', async () => {
    const yes = await confirmDialog({ title: t('veille.atom.renewTitle'), message: t('veille.atom.renewText'), confirm: t('veille.atom.renew') });
    if (!yes) return;
    try {
      const data = await post('/me/atom-token', {}, { signal });
      showUrl(data.url);
      say(statusBox(t('veille.atom.renewed')));
    } catch (err) { fail(err); }
  });
  offBtn.addEventListener('click', async () => {
    const yes = await confirmDialog({ title: t('veille.atom.offTitle'), message: t('veille.atom.offText'), confirm: t('veille.atom.off'), danger: true });
    if (!yes) return;
    try {
      await del('/me/atom-token', { signal });
      input.value = '';
      shown.hidden = true;
      showBtn.hidden = false;
      say(statusBox(t('veille.atom.offDone')));
      showBtn.focus();
    } catch (err) { fail(err); }
  });
  return h('section', { class: 'card', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, t('veille.atom.title')),
    h('p', { class: 'muted' }, t('veille.atom.intro')),
    messages, showBtn, shown);
}

/** « Hôtes internes autorisés »: the allow list of outgoing requests (administrators). */
export function outgoingSection({ signal }) {
  const titleId = uid('outgoing-title');
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const body = h('div', {}, loading());
  get('/admin/outgoing', { signal }).then((data) => {
    const area = textareaField({ label: t('veille.outgoing.label'), name: 'allow', value: data.allow || '',
                                 hint: t('veille.outgoing.hint'), rows: 3, attrs: { spellcheck: 'false' } });
    const save = h('button', { type: 'submit', class: 'btn btn-primary' }, t('veille.outgoing.save'));
    const form = h('form', { class: 'form', novalidate: true }, area.wrap, h('div', { class: 'form-actions' }, save));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      save.disabled = true;
      try {
        await put('/admin/outgoing', { allow: area.input.value }, { signal });
        replaceChildren(messages, statusBox(t('veille.outgoing.saved')));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(messages, alertBox(errorMessage(err)));
        area.input.focus();
      } finally {
        save.disabled = false;
      }
    });
    replaceChildren(body, form);
  }).catch((err) => {
    if (err && err.name === 'AbortError') return;
    replaceChildren(body, alertBox(errorMessage(err)));
  });
  return h('section', { class: 'card', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, t('veille.outgoing.title')),
    h('p', { class: 'muted' }, t('veille.outgoing.intro')),
    messages, body);
}
