// « Changer ma photo » / « Supprimer » (docs/viewer.md « Avatars »): the
// person's photo sent as the body of PUT /me/avatar (the server checks,
// turns upright and crops it square), removed by DELETE /me/avatar. The
// header's avatar follows (session.updateUser). Used on one's profile and
// in the welcome's photo step.

import { h, replaceChildren, avatar, setAvatarPhoto, uid } from './dom.js';
import { t } from './i18n.js';
import { api, del } from './api.js';
import { alertBox, statusBox, errorMessage } from './ui.js';
import * as session from './session.js';

const MAX_BYTES = 10 * 1024 * 1024;    // AVATAR_MAX_BYTES (fcgi/accounts/avatar_image.h)

/**
 * photoControls({name, url, large, onChanged}) → {element, focus()}:
 * the current photo (or initials), « Changer ma photo », « Supprimer »
 * when there is one, and what happened, said in a live region.
 */
export function photoControls({
  name, url = null, large = true, onChanged = null, shown = null,
  endpoint = '/me/avatar', urlKey = 'avatar_url', labels = {},
} = {}) {
  const mine = endpoint === '/me/avatar';   // a group's image (PUT /groups/{id}/image) otherwise
  let current = url;
  // `shown`: an avatar already on the page (the profile's), kept up to date
  const preview = shown || avatar(name, large ? 'avatar avatar-lg' : 'avatar', current);
  const input = h('input', { type: 'file', accept: 'image/jpeg,image/png,image/webp,image/gif,image/heic,image/heif,image/tiff', class: 'sr-only', tabindex: '-1', 'aria-hidden': 'true' });
  const change = h('button', { type: 'button', class: 'btn photo-change' }, labels.change || t('avatar.change'));
  const remove = h('button', { type: 'button', class: 'btn btn-danger-outline photo-remove', hidden: !current }, labels.remove || t('avatar.remove'));
  const hintId = uid('photo-hint');
  const hint = h('p', { id: hintId, class: 'muted photo-hint' }, t('avatar.hint'));
  change.setAttribute('aria-describedby', hintId);
  const said = h('div', { class: 'photo-status', 'aria-live': 'polite' });
  const say = (box) => replaceChildren(said, box);

  function applied(user) {
    current = user && user[urlKey] ? user[urlKey] : null;
    setAvatarPhoto(preview, current);
    remove.hidden = !current;
    if (mine) session.updateUser({ avatar_url: current });
    if (onChanged) onChanged(current);
  }

  change.addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_BYTES) { say(alertBox(t('avatar.tooLarge', { n: 10 }))); change.focus(); return; }
    change.disabled = true;
    say(statusBox(t('avatar.sending')));
    try {
      const data = await api('PUT', endpoint, { raw: file, contentType: file.type || 'application/octet-stream' });
      applied(data && data.user ? data.user : data);
      say(statusBox(t('avatar.changed')));
    } catch (err) {
      say(alertBox(errorMessage(err)));
    } finally {
      change.disabled = false;
      change.focus();
    }
  });
  remove.addEventListener('click', async () => {
    remove.disabled = true;
    try {
      const data = await del(endpoint);
      applied(data && data.user ? data.user : data);
      say(statusBox(t('avatar.removed')));
      change.focus();
    } catch (err) {
      say(alertBox(errorMessage(err)));
    } finally {
      remove.disabled = false;
    }
  });

  const element = h('div', { class: 'photo-controls' }, shown ? null : preview,
    h('div', { class: 'photo-controls-side' }, h('div', { class: 'photo-buttons' }, change, remove, input), hint, said));
  return { element, focus: () => change.focus(), preview };
}
