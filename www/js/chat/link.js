// The header's « Messagerie » entry: a link to /messagerie with the number
// of conversations that have unread messages (a badge, hidden at 0, and in
// the link's name). The count follows chat/unread.js.

import { h, pathIcon } from '../dom.js';
import { t } from '../i18n.js';
import { onChatUnread, chatUnreadCount } from './unread.js';

export const CHAT_ICON = ['M4 5h16v11H9l-5 4z', 'M8 9h8', 'M8 12h5'];

/** createChatLink() → {element, setCurrent(bool)}. */
export function createChatLink() {
  const badge = h('span', { class: 'chat-badge', 'aria-hidden': 'true', hidden: true });
  const element = h('a', { href: '/messagerie', class: 'btn-icon chat-link' }, pathIcon(CHAT_ICON), badge);
  const announce = h('span', { class: 'sr-only', 'aria-live': 'polite' });
  const wrap = h('div', { class: 'chat-entry' }, element, announce);
  let shown = null;

  function show(n) {
    const count = Math.max(0, Number(n) || 0);
    element.setAttribute('aria-label', t('chat.linkLabel', { n: count }));
    badge.textContent = count > 99 ? '99+' : String(count);
    badge.hidden = count === 0;
    if (shown !== null && count > shown) announce.textContent = t('chat.announce', { n: count });
    shown = count;
  }
  const off = onChatUnread((n) => {
    if (!wrap.isConnected && shown !== null) { off(); return; }
    show(n);
  });
  show(chatUnreadCount() || 0);
  return {
    element: wrap,
    setCurrent: (yes) => { if (yes) element.setAttribute('aria-current', 'page'); else element.removeAttribute('aria-current'); },
  };
}
