// /moderation — « Modération »: the reported posts, comments and files the
// person moderates (GET /reports: their groups' as manager or feed
// moderator; administrators: the news, personal drives and every group),
// one entry per content with its count, reasons and reports; « Conserver »,
// « Masquer » (posts and comments) or « Supprimer », with an answer the
// reporters receive (POST /reports/{id}/decision). « Traités » lists the
// decided ones. The chat's reported conversations have their own
// administrators' page (/admin/signalements), linked from here.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get, post } from '../api.js';
import { alertBox, statusBox, loading, errorMessage, badge, pageTitle, textareaField, confirmDialog } from '../ui.js';
import { timeEl } from '../dates.js';

const PAGE = 20;

export const moderation = {
  title: () => t('moderation.title'),
  render(main, { user: me, query, signal }) {
    const status = query.get('etat') === 'traites' ? 'closed' : 'open';
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const say = (box) => replaceChildren(messages, box);
    const list = h('ul', { class: 'moderation-list', 'aria-label': t(status === 'open' ? 'moderation.openList' : 'moderation.closedList') });
    const state = h('div', {}, loading());
    const more = h('button', { type: 'button', class: 'btn more', hidden: true }, t('common.more'));
    const tab = (key, href, current) => h('li', {}, h('a', { href, class: 'subnav-link', 'aria-current': current ? 'page' : null }, t(key)));
    main.append(
      pageTitle(t('moderation.title')),
      h('p', { class: 'muted' }, t('moderation.help')),
      h('nav', { class: 'subnav', 'aria-label': t('moderation.views') },
        h('ul', {},
          tab('moderation.open', '/moderation', status === 'open'),
          tab('moderation.closed', '/moderation?etat=traites', status === 'closed'),
          me.role === 'admin' ? h('li', {}, h('a', { href: '/admin/signalements', class: 'subnav-link' }, t('moderation.chatReports'))) : null)),
      messages, list, state, more);

    function entry(c) {
      const li = h('li', { class: 'card moderation-case', dataset: { id: String(c.id) } });
      const kind = t(`moderation.kind.${c.target.type}`);
      const where = c.group ? t('moderation.inGroup', { name: c.group.name }) : t(c.target.type === 'file' ? 'moderation.personalDrive' : 'moderation.inNews');
      const reasons = Object.entries(c.reasons || {}).map(([r, n]) => badge(`${t(`signal.reasons.${r}`)} × ${n}`));
      const reports = h('details', { class: 'moderation-reports' },
        h('summary', {}, t('moderation.reportCount', { n: c.count })),
        h('ul', {}, (c.reports || []).map((r) => h('li', {},
          h('strong', {}, r.reporter || ''), ' — ', t(`signal.reasons.${r.reason}`),
          r.comment ? [' : ', h('q', {}, r.comment)] : null))));
      const head = h('h2', { class: 'moderation-title' }, `${kind} · ${where}`);
      const parts = [head,
        h('p', { class: 'muted' }, c.author ? t('moderation.by', { name: c.author.display_name }) : null,
          ' · ', timeEl(c.updated_at, 'time')),
        h('blockquote', { class: 'moderation-excerpt' }, c.excerpt || ''),
        c.target.url ? h('p', {}, h('a', { href: c.target.url }, t('moderation.see', { kind }))) : h('p', { class: 'muted' }, t('moderation.gone')),
        h('div', { class: 'badges' }, reasons),
        reports];
      if (c.status === 'open') {
        const answer = textareaField({ label: t('moderation.answer'), name: 'answer', rows: 2, hint: t('moderation.answerHint'), attrs: { maxlength: '1000' } });
        const buttons = ['keep', 'hide', 'delete']
          .filter((a) => !(a === 'hide' && c.target.type === 'file'))
          .map((a) => {
            const b = h('button', { type: 'button', class: a === 'delete' ? 'btn btn-danger' : a === 'hide' ? 'btn btn-primary' : 'btn' }, t(`moderation.action.${a}`));
            b.addEventListener('click', () => decide(c, a, answer.input.value, li, buttons));
            return b;
          });
        parts.push(answer.wrap, h('div', { class: 'form-actions' }, buttons));
      } else {
        parts.push(h('p', {}, badge(t(`moderation.decided.${c.decision}`), 'badge-closed'),
          c.answer ? [' ', h('q', {}, c.answer)] : null));
      }
      replaceChildren(li, parts);
      return li;
    }

    async function decide(c, action, answer, li, buttons) {
      if (action === 'delete') {
        const ok = await confirmDialog({
          title: t('moderation.deleteTitle'), message: t('moderation.deleteText'), confirm: t('common.delete'), danger: true,
        });
        if (!ok) return;
      }
      for (const b of buttons) b.disabled = true;
      try {
        await post(`/reports/${encodeURIComponent(c.id)}/decision`, { action, answer }, { signal });
        const next = li.nextElementSibling || li.previousElementSibling;
        li.remove();
        say(statusBox(t(`moderation.done.${action}`)));
        if (!list.children.length) replaceChildren(state, h('p', { class: 'muted' }, t('moderation.empty')));
        const focusTo = next ? next.querySelector('h2') : null;
        if (focusTo) { focusTo.tabIndex = -1; focusTo.focus(); }
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        for (const b of buttons) b.disabled = false;
        say(alertBox(errorMessage(err)));
      }
    }

    let next = null;
    async function load(cursor) {
      more.disabled = true;
      try {
        const data = await get('/reports', { query: { status, limit: PAGE, cursor: cursor || undefined }, signal });
        for (const c of (data && data.items) || []) list.append(entry(c));
        next = (data && data.next) || null;
        more.hidden = !next;
        replaceChildren(state, list.children.length ? null
          : h('p', { class: 'muted' }, t(status === 'open' ? 'moderation.empty' : 'moderation.emptyClosed')));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(state, alertBox(errorMessage(err)));
      } finally {
        more.disabled = false;
      }
    }
    more.addEventListener('click', () => load(next));
    return load(null);
  },
};
