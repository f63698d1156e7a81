// A modal <dialog> with a title, some content and a close button: the
// browser keeps focus inside, Escape closes it, focus goes back to where it
// was. Used for "who reacted" and the read report.

import { h, uid, icon } from './dom.js';
import { t } from './i18n.js';

/**
 * openDialog({title, content, wide}) → {dialog, body, close()}.
 * `content` is a node (or an array of nodes) put in the dialog's body.
 */
export function openDialog({ title, content, wide = false, onClose } = {}) {
  const back = document.activeElement;
  const titleId = uid('dialog-title');
  const body = h('div', { class: 'dialog-body' }, content);
  const closeBtn = h('button', { type: 'button', class: 'btn-icon dialog-close', 'aria-label': t('common.close') }, icon('close'));
  const dialog = h('dialog', { class: `dialog card${wide ? ' dialog-wide' : ''}`, 'aria-labelledby': titleId },
    h('div', { class: 'dialog-head' }, h('h2', { id: titleId }, title), closeBtn),
    body);
  closeBtn.addEventListener('click', () => dialog.close());
  // following a link (a person, a post) leaves the dialog
  body.addEventListener('click', (event) => {
    const link = event.target.closest('a[href]');
    if (link && !link.hasAttribute('download')) dialog.close();
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (back && back.isConnected && typeof back.focus === 'function') back.focus();
    if (onClose) onClose();
  });
  document.body.append(dialog);
  dialog.showModal();
  closeBtn.focus();
  return { dialog, body, close: () => dialog.close() };
}
