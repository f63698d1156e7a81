// « Éditeur de la communication »: a checkbox with which an administrator
// lets a person publish in the organisation's news (PATCH /users/{id}
// {"comm_editor"}).

import { h, uid } from './dom.js';
import { t } from './i18n.js';
import { patch } from './api.js';
import { errorMessage } from './ui.js';

/**
 * commEditorToggle(account, {onSaved(user, message), onError(message)}) → element.
 */
export function commEditorToggle(account, { onSaved = () => {}, onError = () => {} } = {}) {
  const id = uid('comm-editor');
  const input = h('input', {
    type: 'checkbox', id, class: 'choice-input', checked: account.comm_editor === true || null,
    'aria-label': t('admin.commEditorLabel', { name: account.display_name }),
  });
  input.addEventListener('change', async () => {
    const value = input.checked;
    input.disabled = true;
    try {
      const saved = await patch(`/users/${encodeURIComponent(account.id)}`, { comm_editor: value });
      const user = saved && saved.user ? saved.user : saved;
      account.comm_editor = user && typeof user.comm_editor === 'boolean' ? user.comm_editor : value;
      input.checked = account.comm_editor;
      onSaved(user, t(account.comm_editor ? 'admin.commEditorOn' : 'admin.commEditorOff', { name: account.display_name }));
    } catch (err) {
      input.checked = !value;
      onError(errorMessage(err));
    } finally {
      input.disabled = false;
    }
  });
  return h('div', { class: 'choice comm-editor' },
    input, h('label', { for: id, class: 'choice-label', 'aria-hidden': 'true' }, t('admin.commEditor')));
}
