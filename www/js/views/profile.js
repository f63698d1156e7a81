// /personnes/{id} — one person's profile: job, department, site, phone,
// presentation and groups; editing (oneself or an administrator);
// « Changer mon mot de passe » on one's own; for administrators, sending
// a reset link and erasing the account.

import { h, replaceChildren, avatar } from '../dom.js';
import { t } from '../i18n.js';
import { get, del } from '../api.js';
import * as session from '../session.js';
import {
  pageTitle, alertBox, statusBox, loading, roleLabel, statusLabel, badge, errorMessage, confirmDialog, setFlash, takeFlash, guestBadge,
} from '../ui.js';
import { visibilityBadge } from '../group-ui.js';
import { profileForm } from './profile-edit.js';
import { photoControls } from '../avatar-edit.js';
import { passwordChangeForm, sendResetLinkButton } from './password.js';

/** A tel: address from what people type ("+33 1 23 45 67 89", "01.23.45.67.89"). */
function telHref(phone) {
  const digits = String(phone).replace(/[^0-9+]/g, '');
  return digits ? `tel:${digits}` : null;
}

const directoryLink = (param, value) => h('a', { href: `/personnes?${param}=${encodeURIComponent(value)}` }, value);

export const profile = {
  title: () => t('people.title'),
  async render(main, { params, user: me, signal, setTitle, navigate }) {
    const back = h('p', { class: 'back' }, h('a', { href: '/personnes' }, `← ${t('profile.back')}`));
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' }, takeFlash());
    const body = h('div', {}, loading());
    main.append(back, messages, body);
    const say = (box) => replaceChildren(messages, box);

    function show(person, { editing = false, changing = false, focus = null } = {}) {
      setTitle(person.display_name);
      const self = String(person.id) === String(me.id);
      const admin = me.role === 'admin';
      const mayEdit = self || admin;

      const rows = [
        person.job_title ? [t('profile.job_title'), person.job_title] : null,
        person.department ? [t('profile.department'), directoryLink('service', person.department)] : null,
        person.site ? [t('profile.site'), directoryLink('site', person.site)] : null,
        person.phone ? [t('profile.phone'), telHref(person.phone) ? h('a', { href: telHref(person.phone) }, person.phone) : person.phone] : null,
        person.manager ? [t('adminLdap.manager'), h('a', { href: `/personnes/${person.manager.id}` }, person.manager.display_name)] : null,
        [t('profile.email'), person.email ? h('a', { href: `mailto:${person.email}` }, person.email) : '—'],
        [t('profile.role'), roleLabel(person.role)],
        [t('profile.status'), badge(statusLabel(person.status), `badge-${person.status}`)],
      ].filter(Boolean);

      const editButton = mayEdit ? h('button', { type: 'button', class: 'btn', 'aria-expanded': String(editing) }, t('profile.edit')) : null;
      const deleteButton = admin && !self ? h('button', { type: 'button', class: 'btn btn-danger-outline' }, t('profile.delete')) : null;
      const editSlot = h('div', { class: 'profile-edit' });
      const passwordButton = self
        ? h('button', { type: 'button', class: 'btn', 'aria-expanded': String(changing) }, t('password.change')) : null;
      const linkButton = admin && !self && person.status === 'active' ? sendResetLinkButton(person, { say }) : null;
      if (passwordButton) {
        passwordButton.addEventListener('click', () => {
          if (passwordButton.getAttribute('aria-expanded') === 'true') show(person, { focus: 'password' });
          else show(person, { changing: true });
        });
      }

      if (editButton) {
        editButton.addEventListener('click', () => {
          if (editButton.getAttribute('aria-expanded') === 'true') show(person, { focus: 'edit' });
          else show(person, { editing: true });
        });
      }
      if (deleteButton) {
        deleteButton.addEventListener('click', async () => {
          const ok = await confirmDialog({
            title: t('profile.deleteTitle'),
            message: t('profile.deleteText', { name: person.display_name }),
            confirm: t('profile.deleteConfirm'),
            danger: true,
          });
          if (!ok) return;
          deleteButton.disabled = true;
          try {
            await del(`/users/${encodeURIComponent(person.id)}`);
            setFlash(t('profile.deleted', { name: person.display_name }));
            navigate('/personnes');
          } catch (err) {
            deleteButton.disabled = false;
            say(alertBox(errorMessage(err)));
          }
        });
      }

      const groups = Array.isArray(person.groups) ? person.groups : [];
      // one's own photo: « Changer ma photo », « Supprimer » (docs/viewer.md)
      const headAvatar = avatar(person.display_name, 'avatar avatar-lg', person.avatar_url);
      const photo = self ? photoControls({
        name: person.display_name, url: person.avatar_url, shown: headAvatar,
        onChanged: (url) => { person.avatar_url = url; },
      }) : null;
      replaceChildren(body,
        h('section', { class: 'card profile' },
          h('div', { class: 'profile-head' },
            headAvatar,
            h('div', { class: 'profile-head-text' },
              pageTitle(person.display_name || ''),
              guestBadge(person),
              person.job_title ? h('p', { class: 'muted profile-job' }, person.job_title) : null),
            editButton || deleteButton || passwordButton || linkButton
              ? h('div', { class: 'profile-actions' }, editButton, passwordButton, linkButton, deleteButton) : null),
          photo ? h('div', { class: 'profile-photo' }, photo.element) : null,
          editSlot,
          h('dl', { class: 'profile-facts' },
            rows.map(([label, value]) => h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, value))))),
        person.bio ? h('section', { class: 'card', 'aria-labelledby': 'bio-title' },
          h('h2', { id: 'bio-title' }, t('profile.bio')),
          h('p', { class: 'bio' }, person.bio)) : null,
        h('section', { class: 'card', 'aria-labelledby': 'groups-title' },
          h('h2', { id: 'groups-title' }, t('profile.groups')),
          groups.length
            ? h('ul', { class: 'profile-groups' }, groups.map((g) => h('li', {},
              h('a', { href: `/groupes/${encodeURIComponent(g.id)}` }, g.name || ''),
              ' ', visibilityBadge(g.visibility),
              g.role === 'manager' ? [' ', badge(t('group.role.manager'), 'badge-grole-manager')] : null)))
            : h('p', { class: 'muted' }, t(self ? 'profile.noGroupsSelf' : 'profile.noGroups'))));

      if (editing) {
        const edit = profileForm(person, {
          signal,
          onCancel: () => show(person, { focus: 'edit' }),
          onSaved: (saved, changed) => {
            if (self && changed.display_name) session.updateUser({ display_name: saved.display_name });
            say(statusBox(t(Object.keys(changed).length ? 'profile.saved' : 'profile.unchanged')));
            show(saved, { focus: 'edit' });
          },
        });
        replaceChildren(editSlot, h('div', { class: 'card-inset' }, edit.form));
        edit.focus();
      } else if (changing) {
        const change = passwordChangeForm({
          onCancel: () => show(person, { focus: 'password' }),
          onDone: () => {
            say(statusBox(t('password.changed')));
            show(person, { focus: 'password' });
          },
        });
        replaceChildren(editSlot, h('div', { class: 'card-inset' }, change.form));
        change.focus();
      } else if (focus === 'edit' && editButton) {
        editButton.focus();
      } else if (focus === 'password' && passwordButton) {
        passwordButton.focus();
      }
    }

    try {
      const data = await get(`/users/${encodeURIComponent(params.id)}`, { signal });
      show(data && data.user ? { ...data.user, groups: data.groups || data.user.groups } : data);
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      const message = err && err.status === 404 ? t('profile.notFound') : errorMessage(err);
      replaceChildren(body, pageTitle(t('people.title')), alertBox(message));
    }
  },
};
