// /messagerie and /messagerie/{id} — « Messagerie »: the conversations and
// the open one. On a wide screen they sit side by side; on a phone they are
// two screens, as in a phone's chat: the list, then the conversation with a
// back link (CSS shows one or the other from the class set here).

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { takeFlash } from '../ui.js';
import { createConversationList } from '../chat/list.js';
import { createConversation } from '../chat/conversation.js';

/** The chat fills the window's height under the header: its own scrolling, not the page's. */
function fitHeight(layout, signal) {
  const fit = () => {
    if (!layout.isConnected) return;
    const top = layout.getBoundingClientRect().top + window.scrollY;
    layout.style.height = `${Math.max(420, window.innerHeight - top - 12)}px`;
  };
  window.addEventListener('resize', fit);
  signal.addEventListener('abort', () => window.removeEventListener('resize', fit), { once: true });
  requestAnimationFrame(fit);
  fit();
}

function render(main, { params, query, user: me, signal, navigate, setTitle }) {
  const current = params.id && /^\d+$/.test(params.id) ? params.id : null;
  const flash = takeFlash();
  const layout = h('div', { class: `chat-layout${current ? ' has-conv' : ''}` });
  main.classList.add('main-chat');
  signal.addEventListener('abort', () => main.classList.remove('main-chat'), { once: true });
  const list = createConversationList({ me, current, signal, navigate });
  layout.append(list.element);
  if (!current) {
    setTitle(t('chat.title'));
    main.append(h('h1', { class: 'sr-only', tabindex: '-1' }, t('chat.title')), flash || '', layout);
    layout.append(h('section', { class: 'chat-conv chat-conv-empty card' },
      h('p', { class: 'muted' }, t('chat.pick'))));
    fitHeight(layout, signal);
    return list.ready;
  }
  const conv = createConversation({
    id: current, me, query, signal, navigate, setTitle,
    onConv: (c) => list.update(c),
    onRead: (id) => list.setRead(id),
  });
  layout.append(conv.element);
  main.append(flash || '', layout);
  fitHeight(layout, signal);
  return conv.ready;
}

export const chat = { title: () => t('chat.title'), render };
