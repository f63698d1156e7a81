// /admin/annuaire — administrators: the directory sync (docs/ldap.md).
// The settings (GET / PUT /admin/ldap: address, StartTLS, CA file, service
// account, base DN, filter, attributes, LDAP groups → Parvis groups,
// schedule, safety limit, sign-in by the directory), « Aperçu » (POST
// /admin/ldap/preview: what a sync would change, nothing written),
// « Synchroniser maintenant » (POST /admin/ldap/sync, then the run followed
// until it ends) and the last runs' reports (GET /admin/ldap/runs).

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get, put, post } from '../api.js';
import { alertBox, statusBox, loading, errorMessage, field, checkboxField, tableScroll } from '../ui.js';
import { shortDateTime, fullDate } from '../dates.js';
import { adminHeader } from '../admin-nav.js';

const ATTRS = ['email', 'name', 'job', 'department', 'site', 'phone', 'manager'];
const COUNTS = ['entries', 'created', 'updated', 'disabled', 'enabled', 'unchanged', 'skipped', 'members_added', 'members_removed'];
const when = (iso) => (iso ? h('time', { datetime: String(iso), title: fullDate(iso) }, shortDateTime(iso)) : '');

function countsTable(report, captionKey) {
  return h('table', { class: 'data-table ldap-counts' },
    h('caption', {}, t(captionKey)),
    h('tbody', {}, COUNTS.map((k) => h('tr', {}, h('th', { scope: 'row' }, t(`adminLdap.count.${k}`)), h('td', {}, String(report[k] ?? 0))))));
}

function errorsList(errors) {
  if (!errors || !errors.length) return null;
  return h('details', { class: 'ldap-errors' },
    h('summary', {}, t('adminLdap.errors', { n: errors.length })),
    h('ul', {}, errors.map((e) => h('li', {}, h('code', {}, e.dn), ' — ', t(`adminLdap.reason.${e.reason}`) || e.reason))));
}

function listSection(titleKey, items, line) {
  if (!items || !items.length) return null;
  return h('details', { class: 'ldap-list' },
    h('summary', {}, t(titleKey, { n: items.length })),
    h('ul', {}, items.map((x) => h('li', {}, line(x)))));
}

function previewView(p) {
  const pv = p.preview || {};
  return h('div', { class: 'ldap-preview' },
    p.status === 'refused' ? alertBox(p.message) : statusBox(t('adminLdap.previewNothingWritten'), 'alert alert-info'),
    countsTable(p, 'adminLdap.previewCaption'),
    listSection('adminLdap.listCreate', pv.create, (x) => `${x.name} <${x.email}> — ${x.department || '—'}, ${x.site || '—'}`),
    listSection('adminLdap.listUpdate', pv.update, (x) => `${x.email}: ${Object.entries(x.changes || {})
      .map(([k, v]) => (v && typeof v === 'object' ? `${t(`adminLdap.attr.${k}`)} « ${v.from} » → « ${v.to} »` : t(`adminLdap.attr.${k}`))).join(', ')
      || t('adminLdap.linked')}`),
    listSection('adminLdap.listEnable', pv.enable, (x) => `${x.name} <${x.email}>`),
    listSection('adminLdap.listDisable', pv.disable, (x) => `${x.name} <${x.email}>`),
    errorsList(p.errors));
}

function runsTable(runs) {
  if (!runs.length) return h('p', { class: 'muted' }, t('adminLdap.noRuns'));
  return tableScroll(h('table', { class: 'data-table' },
    h('caption', { class: 'visually-hidden' }, t('adminLdap.runs')),
    h('thead', {}, h('tr', {}, ['when', 'trigger', 'status', 'created', 'updated', 'disabled', 'unchanged', 'duration']
      .map((k) => h('th', { scope: 'col' }, t(`adminLdap.col.${k}`))))),
    h('tbody', {}, runs.map((r) => h('tr', {},
      h('td', {}, when(r.finished_at || r.requested_at)),
      h('td', {}, t(`adminLdap.trigger.${r.trigger}`)),
      h('td', {}, t(`adminLdap.status.${r.status}`), r.message ? h('div', { class: 'hint' }, r.message) : null, errorsList(r.errors)),
      h('td', {}, String(r.created)), h('td', {}, String(r.updated)), h('td', {}, String(r.disabled)),
      h('td', {}, String(r.unchanged)), h('td', {}, `${(r.duration_ms / 1000).toFixed(1)} s`))))), t('adminLdap.runs'));
}

function page(main, signal) {
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const body = h('div', {}, loading());
  const result = h('div', { class: 'ldap-result', 'aria-live': 'polite' });
  const runsBox = h('div', {}, loading());
  main.append(
    h('section', { class: 'card', 'aria-labelledby': 'ldap-settings-title' },
      h('h2', { id: 'ldap-settings-title' }, t('adminLdap.settings')),
      h('p', { class: 'muted' }, t('adminLdap.intro')), messages, body),
    h('section', { class: 'card', 'aria-labelledby': 'ldap-actions-title' },
      h('h2', { id: 'ldap-actions-title' }, t('adminLdap.actions')), result),
    h('section', { class: 'card', 'aria-labelledby': 'ldap-runs-title' },
      h('h2', { id: 'ldap-runs-title' }, t('adminLdap.runs')), runsBox));

  const loadRuns = () => get('/admin/ldap/runs', { signal, query: { limit: 10 } })
    .then((r) => replaceChildren(runsBox, runsTable(r.items || [])))
    .catch((err) => { if (err?.name !== 'AbortError') replaceChildren(runsBox, alertBox(errorMessage(err))); });

  function mapRow(groups, row = {}) {
    const dn = field({ label: t('adminLdap.groupDn'), name: 'group_dn', value: row.dn || '', attrs: { spellcheck: 'false', placeholder: 'cn=equipe,ou=groupes,dc=exemple,dc=fr' } });
    const id = `ldap-g-${Math.random().toString(36).slice(2)}`;
    const select = h('select', { id, name: 'group_id', class: 'input' },
      h('option', { value: '' }, t('adminLdap.groupChoose')),
      groups.map((g) => h('option', { value: String(g.id), selected: g.id === row.group_id || null }, g.name)));
    const remove = h('button', { type: 'button', class: 'btn btn-small' }, t('adminLdap.groupRemove'));
    const el = h('div', { class: 'ldap-map-row' }, dn.wrap,
      h('div', { class: 'field' }, h('label', { for: id, class: 'label' }, t('adminLdap.groupParvis')), select), remove);
    remove.addEventListener('click', () => el.remove());
    el.value = () => ({ dn: dn.input.value.trim(), group_id: Number(select.value) });
    return el;
  }

  function form(cfg, groups) {
    const f = (name, value, attrs = {}, hint) => field({ label: t(`adminLdap.${name}`), name, value: value ?? '', hint, attrs: { autocomplete: 'off', spellcheck: 'false', ...attrs } });
    const uri = f('uri', cfg.uri, { placeholder: 'ldaps://annuaire.exemple.fr:636' }, t('adminLdap.uriHint'));
    const starttls = checkboxField({ label: t('adminLdap.starttls'), name: 'starttls', checked: !!cfg.starttls });
    const ca = f('ca_file', cfg.ca_file, { placeholder: '/etc/parvis/ldap-ca.pem' }, t('adminLdap.caHint'));
    const bindDn = f('bind_dn', cfg.bind_dn);
    const password = field({ label: t('adminLdap.password'), name: 'password', type: 'password',
      hint: t(cfg.password_set ? 'adminLdap.passwordSet' : 'adminLdap.passwordNone'), attrs: { autocomplete: 'new-password' } });
    const base = f('base_dn', cfg.base_dn, { placeholder: 'ou=personnes,dc=exemple,dc=fr' });
    const filter = f('filter', cfg.filter);
    const attrs = Object.fromEntries(ATTRS.map((k) => [k, field({ label: t(`adminLdap.attr.${k}`), name: `attr_${k}`, value: cfg.attributes?.[k] ?? '', attrs: { autocomplete: 'off', spellcheck: 'false' } })]));
    const memberAttr = f('group_member_attr', cfg.group_member_attr);
    const rows = h('div', { class: 'ldap-map' }, (cfg.groups || []).map((g) => mapRow(groups, g)));
    const addRow = h('button', { type: 'button', class: 'btn btn-small' }, t('adminLdap.groupAdd'));
    addRow.addEventListener('click', () => { const r = mapRow(groups); rows.append(r); r.querySelector('input').focus(); });
    const enabled = checkboxField({ label: t('adminLdap.enabled'), name: 'enabled', checked: !!cfg.enabled });
    const interval = f('interval_minutes', String(cfg.interval_minutes ?? 60), { type: 'number', min: '5', max: '10080', inputmode: 'numeric' });
    const maxPct = f('max_disable_percent', String(cfg.max_disable_percent ?? 10), { type: 'number', min: '0', max: '100', inputmode: 'numeric' }, t('adminLdap.maxHint'));
    const bindAuth = checkboxField({ label: t('adminLdap.bind_auth'), name: 'bind_auth', checked: !!cfg.bind_auth, hint: t('adminLdap.bindAuthHint') });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('adminLdap.save'));
    const el = h('form', { class: 'form ldap-form', novalidate: true, 'aria-labelledby': 'ldap-settings-title' },
      uri.wrap, starttls.wrap, ca.wrap, bindDn.wrap, password.wrap, base.wrap, filter.wrap,
      h('fieldset', { class: 'plain-fieldset' }, h('legend', { class: 'label' }, t('adminLdap.attributes')),
        ...ATTRS.map((k) => attrs[k].wrap)),
      h('fieldset', { class: 'plain-fieldset' }, h('legend', { class: 'label' }, t('adminLdap.groups')),
        h('p', { class: 'hint' }, t('adminLdap.groupsHint')), memberAttr.wrap, rows, addRow),
      h('fieldset', { class: 'plain-fieldset' }, h('legend', { class: 'label' }, t('adminLdap.schedule')),
        enabled.wrap, interval.wrap, maxPct.wrap),
      bindAuth.wrap,
      h('div', { class: 'form-actions' }, submit));
    el.addEventListener('submit', async (event) => {
      event.preventDefault();
      replaceChildren(messages);
      const wanted = {
        uri: uri.input.value.trim(), starttls: starttls.input.checked, ca_file: ca.input.value.trim(),
        bind_dn: bindDn.input.value.trim(), base_dn: base.input.value.trim(), filter: filter.input.value.trim(),
        attributes: Object.fromEntries(ATTRS.map((k) => [k, attrs[k].input.value.trim()])),
        group_member_attr: memberAttr.input.value.trim(),
        groups: [...rows.children].map((r) => r.value()).filter((g) => g.dn || g.group_id),
        enabled: enabled.input.checked, bind_auth: bindAuth.input.checked,
        interval_minutes: Number(interval.input.value), max_disable_percent: Number(maxPct.input.value),
      };
      if (password.input.value) wanted.password = password.input.value;
      submit.disabled = true;
      try {
        const saved = await put('/admin/ldap', wanted, { signal });
        replaceChildren(body, form(saved, groups));
        replaceChildren(messages, statusBox(t('adminLdap.saved')));
      } catch (err) {
        if (err?.name !== 'AbortError') replaceChildren(messages, alertBox(errorMessage(err)));
      } finally {
        submit.disabled = false;
      }
    });
    return el;
  }

  // the actions
  const previewBtn = h('button', { type: 'button', class: 'btn' }, t('adminLdap.preview'));
  const syncBtn = h('button', { type: 'button', class: 'btn btn-primary' }, t('adminLdap.syncNow'));
  const force = checkboxField({ label: t('adminLdap.force'), name: 'force', hint: t('adminLdap.forceHint') });
  result.before(h('div', { class: 'form-actions' }, previewBtn, syncBtn), force.wrap);
  previewBtn.addEventListener('click', async () => {
    previewBtn.disabled = true;
    replaceChildren(result, loading());
    try {
      replaceChildren(result, previewView(await post('/admin/ldap/preview', {}, { signal })));
    } catch (err) {
      if (err?.name !== 'AbortError') replaceChildren(result, alertBox(errorMessage(err)));
    } finally {
      previewBtn.disabled = false;
    }
  });
  syncBtn.addEventListener('click', async () => {
    syncBtn.disabled = true;
    try {
      let run = await post('/admin/ldap/sync', { force: force.input.checked }, { signal });
      replaceChildren(result, statusBox(t('adminLdap.queued'), 'alert alert-info'));
      while (run && (run.status === 'queued' || run.status === 'running')) {
        await new Promise((r) => setTimeout(r, 1000));
        if (signal.aborted) return;
        run = await get(`/admin/ldap/runs/${run.id}`, { signal });
      }
      force.input.checked = false;
      replaceChildren(result, run.status === 'done' ? statusBox(t('adminLdap.runDone')) : alertBox(`${t(`adminLdap.status.${run.status}`)} ${run.message || ''}`),
        countsTable(run, 'adminLdap.runCaption'), errorsList(run.errors));
      loadRuns();
    } catch (err) {
      if (err?.name !== 'AbortError') replaceChildren(result, alertBox(errorMessage(err)));
    } finally {
      syncBtn.disabled = false;
    }
  });

  Promise.all([get('/admin/ldap', { signal }), get('/groups', { signal, query: { limit: 100 } })])
    .then(([cfg, g]) => replaceChildren(body, form(cfg || {}, (g && g.items) || [])))
    .catch((err) => { if (err?.name !== 'AbortError') replaceChildren(body, alertBox(errorMessage(err))); });
  loadRuns();
}

export const adminLdap = {
  title: () => `${t('adminLdap.title')} — ${t('admin.title')}`,
  render(main, { user: me, signal }) {
    main.append(...adminHeader('/admin/annuaire', 'adminLdap.title'));
    if (me.role !== 'admin') {
      main.append(alertBox(t('admin.forbidden')));
      return;
    }
    page(main, signal);
  },
};
