// The Paramètres tab of a group (managers and administrators): name,
// description, visibility, posting, the members' default notification level
// and the must-read reminder delay, the default flag (administrators);
// archiving and restoring; the membership rules (administrators); deletion.

import { h, replaceChildren, uid } from '../dom.js';
import { t } from '../i18n.js';
import { get, patch, put, del } from '../api.js';
import {
  alertBox, statusBox, loading, errorMessage, confirmDialog, checkboxField, setFlash, field, selectField,
} from '../ui.js';
import { groupFields } from './group-create.js';
import { FOLLOW_LEVELS, levelLabel } from '../group-follow.js';
import { roomSettingsSection } from '../chat/group-room.js';
import { incomingHooksSection } from '../hooks-in-ui.js';
import { webhooksSection } from '../webhooks-panel.js';
import { veilleSection } from '../veille.js';

const MAX_RULES = 20;
const ATTRIBUTES = ['department', 'site'];
const MAX_REMINDER_DAYS = 30;

export function renderSettings(panel, { group, signal, navigate, refresh, membersChanged }) {
  const gid = encodeURIComponent(group.id);
  const can = group.can || {};
  panel.append(h('h2', { class: 'sr-only' }, t('group.tab.settings')));

  if (can.manage) panel.append(detailsSection());
  if (can.manage && !group.archived) panel.append(roomSettingsSection(group, { signal }));
  if (can.manage && !group.archived) panel.append(incomingHooksSection(group, { signal }));
  // « Veille »: the group's RSS/Atom feeds (docs/feeds.md); it hides itself for a guest manager
  if (can.manage) panel.append(veilleSection(group, { signal }));
  if (can.manage) panel.append(archiveSection());
  // outgoing webhooks of the group (docs/webhooks.md)
  if (can.manage && !group.archived) panel.append(webhooksSection({ groupId: group.id, signal }));
  if (can.set_default) panel.append(rulesSection());
  if (can.delete) panel.append(deleteSection());

  // ---- name, description, visibility, posting, default ----------------------
  function detailsSection() {
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const f = groupFields(group);
    const dflt = can.set_default
      ? checkboxField({ label: t('group.settings.default'), name: 'default', checked: group.default, hint: t('group.settings.defaultHint') })
      : null;
    // shown when the server knows them (GET /groups/{id} returns both)
    const hasFollow = 'follow_default' in group;
    const hasReminder = 'must_read_reminder_days' in group;
    const followDefault = selectField({
      label: t('follow.defaultLabel'), name: 'follow_default',
      value: FOLLOW_LEVELS.includes(group.follow_default) ? group.follow_default : 'all',
      options: FOLLOW_LEVELS.map((l) => ({ value: l, label: levelLabel(l) })),
    });
    const reminder = field({
      label: t('follow.reminderLabel'), name: 'must_read_reminder_days', type: 'number', hint: t('follow.reminderHint'),
      value: String(Number.isInteger(group.must_read_reminder_days) ? group.must_read_reminder_days : 0),
      attrs: { min: 0, max: MAX_REMINDER_DAYS, step: 1, inputmode: 'numeric' },
    });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('group.settings.save'));
    const fields = h('fieldset', { class: 'plain-fieldset', disabled: group.archived || null },
      f.name.wrap, f.description.wrap, f.visibility.wrap, f.posting.wrap,
      hasFollow ? followDefault.wrap : null, hasReminder ? reminder.wrap : null, dflt ? dflt.wrap : null,
      h('div', { class: 'form-actions' }, submit));
    const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'settings-title' },
      group.archived ? h('p', { class: 'alert alert-info' }, t('group.settings.archivedNote')) : null,
      messages, fields);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const wanted = {
        name: f.name.input.value.trim(),
        description: f.description.input.value,
        visibility: f.visibility.value(),
        posting: f.posting.value(),
      };
      if (hasFollow) wanted.follow_default = followDefault.select.value;
      if (hasReminder) wanted.must_read_reminder_days = Number(reminder.input.value);
      if (dflt) wanted.default = dflt.input.checked;
      if (!wanted.name) {
        replaceChildren(messages, alertBox(t('group.form.nameMissing')));
        f.name.input.focus();
        return;
      }
      const days = wanted.must_read_reminder_days;
      const badDays = reminder.input.value.trim() === '' || !Number.isInteger(days) || days < 0 || days > MAX_REMINDER_DAYS;
      if (hasReminder && badDays) {
        replaceChildren(messages, alertBox(t('follow.reminderInvalid', { max: MAX_REMINDER_DAYS })));
        reminder.input.focus();
        return;
      }
      const body = {};
      for (const [key, value] of Object.entries(wanted)) if (value !== group[key]) body[key] = value;
      if (!Object.keys(body).length) {
        replaceChildren(messages, statusBox(t('group.settings.unchanged'), 'alert alert-info'));
        return;
      }
      if (body.visibility === 'secret' && group.visibility !== 'secret') {
        const ok = await confirmDialog({
          title: t('group.settings.secretTitle'), message: t('group.settings.secretText'), confirm: t('group.settings.save'),
        });
        if (!ok) return;
      }
      submit.disabled = true;
      replaceChildren(messages);
      try {
        const updated = await patch(`/groups/${gid}`, body);
        Object.assign(group, updated || body);
        // the page's message: when visibility or posting changed, this tab is redrawn
        refresh(statusBox(t('group.settings.saved')));
      } catch (err) {
        replaceChildren(messages, alertBox(errorMessage(err)));
      } finally {
        submit.disabled = false;
      }
    });
    return h('section', { class: 'subsection', 'aria-labelledby': 'settings-title' },
      h('h3', { id: 'settings-title' }, t('group.settings.title')), form);
  }

  // ---- archive / restore --------------------------------------------------------
  function archiveSection() {
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const archived = !!group.archived;
    const button = h('button', { type: 'button', class: archived ? 'btn btn-primary' : 'btn btn-danger-outline' },
      t(archived ? 'group.settings.restore' : 'group.settings.archive'));
    button.addEventListener('click', async () => {
      if (!archived) {
        const ok = await confirmDialog({
          title: t('group.settings.archiveTitle'), message: t('group.settings.archiveText', { name: group.name }),
          confirm: t('group.settings.archive'),
        });
        if (!ok) return;
      }
      button.disabled = true;
      try {
        await patch(`/groups/${gid}`, { archived: !archived });
        refresh(statusBox(t(archived ? 'group.settings.restored' : 'group.settings.archivedDone', { name: group.name })));
      } catch (err) {
        button.disabled = false;
        replaceChildren(messages, alertBox(errorMessage(err)));
      }
    });
    return h('section', { class: 'subsection', 'aria-labelledby': 'archive-title' },
      h('h3', { id: 'archive-title' }, t('group.settings.archiveHeading')),
      h('p', { class: 'muted' }, t(archived ? 'group.settings.restoreHelp' : 'group.settings.archiveHelp')),
      messages, button);
  }

  // ---- membership rules (administrators) -----------------------------------------
  function rulesSection() {
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const body = h('div', {}, loading());
    const section = h('section', { class: 'subsection', 'aria-labelledby': 'rules-title' },
      h('h3', { id: 'rules-title' }, t('group.rules.title')),
      h('p', { class: 'muted' }, t('group.rules.help')),
      messages, body);
    const listIds = { department: uid('dl-department'), site: uid('dl-site') };
    const datalists = ATTRIBUTES.map((a) => h('datalist', { id: listIds[a] }));

    get('/directory/attributes', { signal }).then((attrs) => {
      const values = { department: (attrs && attrs.departments) || [], site: (attrs && attrs.sites) || [] };
      ATTRIBUTES.forEach((a, i) => replaceChildren(datalists[i], values[a].map((v) => h('option', { value: v.value }))));
    }).catch(() => {});

    get(`/groups/${gid}/rules`, { signal }).then((data) => {
      const rows = h('ul', { class: 'rule-list', 'aria-label': t('group.rules.title') });
      const addButton = h('button', { type: 'button', class: 'btn btn-small' }, t('group.rules.add'));
      const none = h('p', { class: 'muted' }, t('group.rules.none'));
      const sync = () => {
        none.hidden = rows.children.length > 0;
        addButton.disabled = rows.children.length >= MAX_RULES;
        Array.from(rows.children).forEach((li, i) => {
          li.querySelector('select').setAttribute('aria-label', t('group.rules.attribute', { n: i + 1 }));
          li.querySelector('input').setAttribute('aria-label', t('group.rules.value', { n: i + 1 }));
          li.querySelector('button').setAttribute('aria-label', t('group.rules.removeNamed', { n: i + 1 }));
        });
      };
      function ruleRow(rule = { attribute: 'department', value: '' }) {
        const select = h('select', { class: 'input', name: 'attribute' },
          ATTRIBUTES.map((a) => h('option', { value: a, selected: a === rule.attribute || null }, t(`profile.${a}`))));
        const input = h('input', { class: 'input', name: 'value', value: rule.value, maxlength: 100, autocomplete: 'off', list: listIds[rule.attribute] });
        select.addEventListener('change', () => input.setAttribute('list', listIds[select.value]));
        const remove = h('button', { type: 'button', class: 'btn btn-small btn-danger-outline' }, t('group.rules.remove'));
        const li = h('li', { class: 'rule' }, select, input, remove);
        remove.addEventListener('click', () => {
          const next = li.nextElementSibling || li.previousElementSibling;
          li.remove();
          sync();
          (next ? next.querySelector('input') : addButton).focus();
        });
        return li;
      }
      for (const rule of (data && data.items) || []) rows.append(ruleRow(rule));
      addButton.addEventListener('click', () => {
        const li = ruleRow();
        rows.append(li);
        sync();
        li.querySelector('select').focus();
      });
      const save = h('button', { type: 'submit', class: 'btn btn-primary' }, t('group.rules.save'));
      const form = h('form', { class: 'form rules-form', novalidate: true, 'aria-labelledby': 'rules-title' },
        rows, none, datalists, h('div', { class: 'form-actions' }, addButton, save));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const rules = Array.from(rows.children)
          .map((li) => ({ attribute: li.querySelector('select').value, value: li.querySelector('input').value.trim() }))
          .filter((r) => r.value);
        save.disabled = true;
        replaceChildren(messages);
        try {
          const answer = await put(`/groups/${gid}/rules`, { rules });
          replaceChildren(rows, ((answer && answer.items) || rules).map(ruleRow));
          sync();
          replaceChildren(messages, statusBox(t('group.rules.saved', {
            added: t('group.rules.added', { n: (answer && answer.added) || 0 }),
            removed: t('group.rules.removed', { n: (answer && answer.removed) || 0 }),
          })));
          refresh(null);
          membersChanged();
        } catch (err) {
          replaceChildren(messages, alertBox(errorMessage(err)));
        } finally {
          save.disabled = false;
        }
      });
      sync();
      replaceChildren(body, form);
    }).catch((err) => {
      if (err && err.name === 'AbortError') return;
      replaceChildren(body, alertBox(errorMessage(err)));
    });
    return section;
  }

  // ---- deletion ---------------------------------------------------------------------
  function deleteSection() {
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const button = h('button', { type: 'button', class: 'btn btn-danger' }, t('group.settings.delete'));
    button.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: t('group.settings.deleteTitle'),
        message: t('group.settings.deleteText', { name: group.name }),
        confirm: t('group.settings.deleteConfirm'),
        danger: true,
      });
      if (!ok) return;
      button.disabled = true;
      try {
        await del(`/groups/${gid}`);
        setFlash(t('group.settings.deleted', { name: group.name }));
        navigate('/groupes');
      } catch (err) {
        button.disabled = false;
        replaceChildren(messages, alertBox(errorMessage(err)));
      }
    });
    return h('section', { class: 'subsection subsection-danger', 'aria-labelledby': 'delete-title' },
      h('h3', { id: 'delete-title' }, t('group.settings.deleteHeading')),
      h('p', { class: 'muted' }, t('group.settings.deleteHelp')),
      messages, button);
  }
}
