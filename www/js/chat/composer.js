// The chat's composer: the text (Markdown, @mentions), the message it
// answers (quoted above, « × » to drop it), files from the computer
// (PUT /conversations/{id}/files/{name}, with progress) or from the drive
// (POST /conversations/{id}/attachments), and « Envoyer ». Enter sends,
// Shift+Enter starts a new line. While the person types, onTyping() is
// called at most every 3 s. The errors of a send (413, 429, 409) are said
// here, in the composer's own live region.

import { h, replaceChildren, uid, icon } from '../dom.js';
import { t, formatNumber } from '../i18n.js';
import { get, post } from '../api.js';
import { alertBox, statusBox, errorMessage } from '../ui.js';
import { attachMentions } from '../mentions.js';
import { openDrivePicker } from '../attachments.js';
import { driveIcon, formatSize, uploadTo } from '../drive-util.js';
import { replyQuote } from './message.js';
import { MAX_BODY, MAX_FILES, enc } from './common.js';

const TYPING_EVERY_MS = 3000;

/**
 * createChatComposer({conv, me, signal, onSend(draft), onTyping()}) →
 * {element, focus(), setReply(m), say(box), setConversation(conv), restore(draft)}.
 * draft: {body, reply (a message or null), files: [{id, name, size, mime}]}.
 */
export function createChatComposer({ conv: initial, me, signal, onSend, onTyping }) {
  let conv = initial;
  let reply = null;
  let lastTyping = 0;
  const files = []; // {id|null, name, size, mime, li, job}
  const inputId = uid('chat-input');
  const messages = h('div', { class: 'messages chat-composer-messages', 'aria-live': 'polite' });
  const say = (box) => replaceChildren(messages, box);
  const replyBox = h('div', { class: 'chat-reply-box', hidden: true });
  const input = h('textarea', {
    id: inputId, class: 'input textarea chat-input', rows: '2', name: 'body',
    'aria-describedby': `${inputId}-hint`, maxlength: String(MAX_BODY * 2),
  });
  const chips = h('ul', { class: 'attach-chips chat-chips', 'aria-label': t('attach.chosen'), hidden: true });
  const fileInput = h('input', { type: 'file', multiple: true, class: 'sr-only', tabindex: '-1', 'aria-hidden': 'true' });
  const uploadBtn = h('button', { type: 'button', class: 'btn-icon chat-tool', 'aria-label': t('chat.attachComputer'), title: t('chat.attachComputer') },
    driveIcon('upload', 'icon'));
  const driveBtn = h('button', { type: 'button', class: 'btn-icon chat-tool', 'aria-label': t('chat.attachDrive'), title: t('chat.attachDrive') },
    driveIcon('folder', 'icon'));
  const sendBtn = h('button', { type: 'submit', class: 'btn btn-primary chat-send' }, t('chat.send'));
  const closedNote = h('p', { class: 'alert alert-info chat-closed-note', hidden: true });
  const fields = h('fieldset', { class: 'plain-fieldset chat-composer-fields' },
    replyBox,
    h('label', { for: inputId, class: 'sr-only' }, t('chat.inputLabel')),
    input,
    h('p', { id: `${inputId}-hint`, class: 'sr-only' }, t('chat.inputHint')),
    chips,
    h('div', { class: 'chat-composer-tools' }, uploadBtn, driveBtn, fileInput, sendBtn));
  const form = h('form', { class: 'chat-composer', novalidate: true, 'aria-label': t('chat.composerLabel') },
    messages, closedNote, fields);
  attachMentions(input, { signal });

  function setConversation(next) {
    conv = next;
    const can = conv.can || {};
    fields.disabled = !can.send;
    closedNote.hidden = !!can.send;
    closedNote.textContent = conv.closed ? t('chat.closedNote') : t('chat.cannotSend');
    uploadBtn.hidden = can.attach === false;
    driveBtn.hidden = can.attach === false;
  }

  function setReply(m) {
    reply = m;
    if (!m) {
      replyBox.hidden = true;
      replaceChildren(replyBox);
      return;
    }
    const cancel = h('button', {
      type: 'button', class: 'btn-icon chat-reply-cancel', 'aria-label': t('chat.replyCancel'),
    }, icon('close', 'icon icon-sm'));
    cancel.addEventListener('click', () => { setReply(null); input.focus(); });
    replaceChildren(replyBox, replyQuote({
      author: m.author, excerpt: String(m.body || '').slice(0, 200), deleted: m.deleted,
    }, 'chat-quote chat-quote-draft'), cancel);
    replyBox.hidden = false;
    input.focus();
  }

  // ---- files
  function updateFiles() {
    chips.hidden = !files.length;
    const full = files.length >= MAX_FILES;
    uploadBtn.disabled = full;
    driveBtn.disabled = full;
  }
  function chip(item) {
    const remove = h('button', {
      type: 'button', class: 'btn-icon attach-remove', 'aria-label': t('attach.removeNamed', { name: item.name }),
    }, icon('close', 'icon icon-sm'));
    remove.addEventListener('click', () => {
      if (item.job) item.job.abort();
      drop(item);
      input.focus();
    });
    item.li = h('li', { class: 'attach-chip' },
      h('span', { class: 'attach-chip-name' }, item.name),
      h('span', { class: 'attach-chip-size muted' }, formatSize(item.size)),
      remove);
    return item.li;
  }
  function drop(item) {
    const i = files.indexOf(item);
    if (i >= 0) files.splice(i, 1);
    if (item.li) item.li.remove();
    updateFiles();
  }
  function upload(file) {
    const item = { id: null, name: file.name, size: file.size, mime: file.type || '' };
    files.push(item);
    chips.append(chip(item));
    const progress = h('progress', { class: 'attach-progress', max: '100', value: '0', 'aria-label': t('drive.upload.progressOf', { name: file.name }) });
    item.li.classList.add('is-uploading');
    item.li.append(progress);
    item.job = uploadTo(`/api/v1/conversations/${enc(conv.id)}/files/${enc(file.name)}`, file, {
      onProgress: (loaded, total) => { progress.value = total ? Math.min(100, Math.floor((loaded / total) * 100)) : 0; },
    });
    item.job.promise.then((att) => {
      item.job = null;
      Object.assign(item, { id: att.id, name: att.name || item.name, size: att.size ?? item.size, mime: att.mime || item.mime });
      item.li.querySelector('.attach-chip-name').textContent = item.name;
      progress.remove();
      item.li.classList.remove('is-uploading');
      say(statusBox(t('attach.uploaded', { name: item.name }), 'sr-only'));
    }).catch((err) => {
      if (err && err.code === 'aborted') return;
      drop(item);
      say(alertBox(t('drive.upload.error', { name: file.name, message: (err && err.message) || t('error.generic') })));
    });
    updateFiles();
  }
  uploadBtn.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const list = Array.from(fileInput.files || []);
    fileInput.value = '';
    replaceChildren(messages);
    const room = MAX_FILES - files.length;
    if (list.length > room) say(alertBox(t('attach.tooMany', { max: MAX_FILES, n: list.length - room })));
    for (const f of list.slice(0, Math.max(0, room))) upload(f);
  });
  driveBtn.addEventListener('click', async () => {
    replaceChildren(messages);
    let drive;
    try {
      drive = await get('/drive', { signal });
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      say(alertBox(errorMessage(err)));
      return;
    }
    openDrivePicker({
      drive, me, room: MAX_FILES - files.length,
      onPick: async (nodes) => {
        for (const node of nodes) {
          const item = { id: null, name: node.name, size: node.size, mime: node.mime };
          files.push(item);
          chips.append(chip(item));
          item.li.classList.add('is-uploading');
          updateFiles();
          try {
            const att = await post(`/conversations/${enc(conv.id)}/attachments`, { file_id: node.id }, { signal });
            Object.assign(item, { id: att.id, name: att.name || item.name, size: att.size ?? item.size, mime: att.mime || item.mime });
            item.li.classList.remove('is-uploading');
          } catch (err) {
            if (err && err.name === 'AbortError') return;
            drop(item);
            say(alertBox(errorMessage(err)));
          }
        }
        say(statusBox(t('attach.picked', { n: nodes.length }), 'sr-only'));
      },
    });
  });

  // ---- typing and sending
  input.addEventListener('input', (event) => {
    if (!event.isTrusted || !input.value.trim()) return;
    const now = Date.now();
    if (now - lastTyping >= TYPING_EVERY_MS) {
      lastTyping = now;
      onTyping();
    }
  });
  input.addEventListener('keydown', (event) => {
    // the mention list takes Enter first (it prevents the default)
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.defaultPrevented) {
      event.preventDefault();
      form.requestSubmit();
    }
    if (event.key === 'Escape' && reply && !event.defaultPrevented) {
      event.preventDefault();
      setReply(null);
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    replaceChildren(messages);
    const body = input.value;
    const ready = files.filter((f) => f.id !== null);
    if (files.some((f) => f.id === null)) {
      say(alertBox(t('chat.waitFiles')));
      return;
    }
    if (!body.trim() && !ready.length) {
      input.focus();
      return;
    }
    if (Array.from(body).length > MAX_BODY) {
      say(alertBox(t('chat.error.tooLong', { max: formatNumber(MAX_BODY) })));
      input.focus();
      return;
    }
    const draft = { body: body.trim() ? body : '', reply, files: ready.map(({ id, name, size, mime }) => ({ id, name, size, mime })) };
    input.value = '';
    for (const f of files.splice(0)) if (f.li) f.li.remove();
    updateFiles();
    setReply(null);
    lastTyping = 0;
    onSend(draft);
    input.focus();
  });

  setConversation(conv);
  updateFiles();
  return {
    element: form,
    input,
    focus: () => input.focus(),
    setReply,
    say,
    setConversation,
    /** A draft the server refused for good (too long): back in the composer when it is empty. */
    restore(draft) {
      if (input.value.trim()) return;
      input.value = draft.body || '';
      if (draft.reply) setReply(draft.reply);
      input.focus();
    },
  };
}
