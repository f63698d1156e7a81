// « Signaler »: a small dialog (a reason, an optional comment) that reports
// a post, a comment or a file to its moderators (POST /reports,
// docs/moderation.md). Focus stays inside, Escape cancels, focus goes back
// to the menu; the outcome is said by the caller's `say`.

import { h, uid } from './dom.js';
import { t } from './i18n.js';
import { post } from './api.js';
import { alertBox, statusBox, radioGroup, textareaField, errorMessage } from './ui.js';
import { openDialog } from './dialog.js';

export const REPORT_REASONS = ['spam', 'harassment', 'inappropriate', 'confidential', 'other'];

/** openReportDialog({type: 'post'|'comment'|'file', id, say}) */
export function openReportDialog({ type, id, say = () => {} }) {
  const messages = h('div', { 'aria-live': 'polite' });
  const reasons = radioGroup({
    legend: t('signal.reason'), name: 'reason', value: 'spam',
    options: REPORT_REASONS.map((r) => ({ value: r, label: t(`signal.reasons.${r}`) })),
  });
  const comment = textareaField({ label: t('signal.comment'), name: 'comment', rows: 3, hint: t('signal.commentHint'), attrs: { maxlength: '1000' } });
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const send = h('button', { type: 'submit', class: 'btn btn-primary' }, t('signal.send'));
  const form = h('form', { class: 'report-form', id: uid('report') },
    h('p', { class: 'muted' }, t(`signal.intro.${type}`)),
    messages, reasons.wrap, comment.wrap,
    h('div', { class: 'form-actions dialog-actions' }, cancel, send));
  const dlg = openDialog({ title: t('signal.title'), content: form });
  cancel.addEventListener('click', () => dlg.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    send.disabled = true;
    try {
      await post('/reports', { target_type: type, target_id: id, reason: reasons.value(), comment: comment.input.value });
      dlg.close();
      say(statusBox(t('signal.sent')));
    } catch (err) {
      send.disabled = false;
      messages.replaceChildren(alertBox(err && err.status === 409 ? t('signal.already') : errorMessage(err)));
    }
  });
  queueMicrotask(() => reasons.inputs[0].focus());
  return dlg;
}
