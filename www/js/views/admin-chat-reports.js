// /admin/signalements — administrators: the conversations people reported
// (GET /admin/chat/reports: the conversation's kind, name, participants and
// the reason — never its messages), and « Fermer » / « Rouvrir » a
// conversation (POST / DELETE /admin/conversations/{id}/close): a closed one
// stays readable, nobody writes in it.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get, post, del } from '../api.js';
import { alertBox, statusBox, loading, errorMessage, badge, tableScroll } from '../ui.js';
import { shortDateTime, fullDate } from '../dates.js';
import { adminHeader } from '../admin-nav.js';

const PAGE = 50;
const when = (iso) => (iso ? h('time', { datetime: String(iso), title: fullDate(iso) }, shortDateTime(iso)) : '');
const names = (people) => (Array.isArray(people) ? people.map((p) => (p && p.display_name) || '').join(', ') : '');

export const adminChatReports = {
  title: () => `${t('admin.reports')} — ${t('admin.title')}`,
  render(main, { user: me, signal }) {
    main.append(...adminHeader('/admin/signalements', 'admin.reports'));
    if (me.role !== 'admin') {
      main.append(alertBox(t('admin.forbidden')));
      return;
    }
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const tbody = h('tbody', {});
    const status = h('div', {}, loading());
    const more = h('button', { type: 'button', class: 'btn more', hidden: true }, t('common.more'));
    const cols = ['colConversation', 'colPeople', 'colReporter', 'colReason', 'colDate', 'colState', 'colAction'];
    const table = h('table', { class: 'data-table chat-reports' },
      h('caption', { class: 'sr-only' }, t('admin.reportsPage.caption')),
      h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col' }, t(`admin.reportsPage.${k}`))))),
      tbody);
    const wrap = tableScroll(table, t('admin.reportsPage.caption'), { hidden: true });
    main.append(h('section', { class: 'card', 'aria-labelledby': 'reports-title' },
      h('h2', { id: 'reports-title' }, t('admin.reportsPage.heading')),
      h('p', { class: 'muted' }, t('admin.reportsPage.help'), ' ', h('a', { href: '/moderation' }, t('moderation.contentReports'))),
      messages, wrap, status, more));
    let next = null;
    const rows = []; // {conversation, tr, refresh()}

    function row(r) {
      const c = r.conversation || {};
      const state = h('td', {});
      const action = h('button', { type: 'button', class: 'btn btn-small' });
      const conversationName = c.name || names(c.participants) || t('chat.untitled');
      const item = { c, tr: null };
      item.refresh = () => {
        replaceChildren(state,
          c.closed ? badge(t('admin.reportsPage.closed'), 'badge-closed') : badge(t('admin.reportsPage.open')),
          r.handled ? [' ', badge(t('admin.reportsPage.handled'))] : null);
        action.textContent = t(c.closed ? 'admin.reportsPage.reopen' : 'admin.reportsPage.close');
        action.setAttribute('aria-label', t(c.closed ? 'admin.reportsPage.reopenNamed' : 'admin.reportsPage.closeNamed', { name: conversationName }));
      };
      action.addEventListener('click', async () => {
        action.disabled = true;
        replaceChildren(messages);
        const closing = !c.closed;
        try {
          if (closing) await post(`/admin/conversations/${encodeURIComponent(c.id)}/close`, undefined, { signal });
          else await del(`/admin/conversations/${encodeURIComponent(c.id)}/close`, { signal });
          // every report of that conversation shows its new state
          for (const other of rows) {
            if (String(other.c.id) === String(c.id)) {
              other.c.closed = closing;
              other.refresh();
            }
          }
          replaceChildren(messages, statusBox(t(closing ? 'admin.reportsPage.closedDone' : 'admin.reportsPage.reopenedDone', { name: conversationName })));
        } catch (err) {
          if (err && err.name === 'AbortError') return;
          replaceChildren(messages, alertBox(errorMessage(err)));
        } finally {
          action.disabled = false;
          action.focus();
        }
      });
      item.tr = h('tr', { dataset: { id: String(r.id) } },
        h('th', { scope: 'row' }, conversationName, h('br'), h('span', { class: 'muted' }, t(`admin.reportsPage.kind.${c.kind === 'room' || c.kind === 'group' ? c.kind : 'direct'}`))),
        h('td', {}, names(c.participants)),
        h('td', {}, (r.reporter && r.reporter.display_name) || ''),
        h('td', { class: 'chat-report-reason' }, String(r.reason || '')),
        h('td', {}, when(r.created)),
        state,
        h('td', {}, action));
      item.refresh();
      rows.push(item);
      return item.tr;
    }

    async function load(cursor) {
      more.disabled = true;
      try {
        const data = await get('/admin/chat/reports', { query: { limit: PAGE, cursor: cursor || undefined }, signal });
        for (const r of (data && data.items) || []) tbody.append(row(r));
        next = (data && data.next) || null;
        more.hidden = !next;
        wrap.hidden = !tbody.children.length;
        replaceChildren(status, tbody.children.length ? null : h('p', { class: 'muted' }, t('admin.reportsPage.empty')));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(status, alertBox(errorMessage(err)));
      } finally {
        more.disabled = false;
      }
    }
    more.addEventListener('click', () => load(next));
    return load(null);
  },
};
