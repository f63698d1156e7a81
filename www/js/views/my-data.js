// /mes-donnees — « Mes données »: the person asks for an export of all that
// Parvis holds about them (POST /me/export), sees its state (GET
// /me/export, asked again every two seconds while it is being prepared)
// and downloads the zip once ready (a plain link: the browser downloads
// it, nginx sends it). docs/gdpr.md.

import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { get, post } from '../api.js';
import { pageTitle, alertBox, statusBox, loading, errorMessage } from '../ui.js';
import { shortDateTime } from '../dates.js';

const POLL_MS = 2000;

function size(bytes) {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} Gio`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} Mio`;
  return `${Math.max(1, Math.round(bytes / 1024))} kio`;
}

export const myData = {
  title: () => t('gdpr.myData'),
  async render(main, { signal }) {
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const state = h('div', { class: 'export-state', 'aria-live': 'polite' }, loading());
    const prepare = h('button', { type: 'button', class: 'btn btn-primary' }, t('gdpr.prepare'));
    main.append(
      pageTitle(t('gdpr.myData')),
      h('section', { class: 'card', 'aria-labelledby': 'export-title' },
        h('h2', { id: 'export-title' }, t('gdpr.exportTitle')),
        h('p', {}, t('gdpr.exportIntro')),
        messages, state,
        h('div', { class: 'form-actions' }, prepare)),
      h('p', {}, h('a', { href: '/donnees-personnelles' }, t('gdpr.registerLink'))));

    let timer = null;
    signal.addEventListener('abort', () => clearTimeout(timer));

    function show(s) {
      clearTimeout(timer);
      const running = s.state === 'queued' || s.state === 'building';
      prepare.disabled = running;
      prepare.textContent = t(s.state === 'ready' || s.state === 'failed' ? 'gdpr.prepareAgain' : 'gdpr.prepare');
      if (s.state === 'ready') {
        replaceChildren(state,
          statusBox(t('gdpr.ready', { date: shortDateTime(s.expires_at) })),
          h('p', {}, h('a', { href: s.url, class: 'btn btn-primary', download: '' },
            t('gdpr.download'), ` (${size(s.size)})`)));
      } else if (running) {
        replaceChildren(state, statusBox(t('gdpr.preparing'), 'alert alert-info'));
        timer = setTimeout(refresh, POLL_MS);
      } else if (s.state === 'failed') {
        replaceChildren(state, alertBox(t('gdpr.failed')));
      } else {
        replaceChildren(state, h('p', { class: 'muted' }, t('gdpr.none')));
      }
    }

    async function refresh() {
      try {
        show(await get('/me/export', { signal }));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(state, alertBox(errorMessage(err)));
      }
    }

    prepare.addEventListener('click', async () => {
      prepare.disabled = true;
      replaceChildren(messages);
      try {
        show(await post('/me/export', undefined, { signal }));
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        prepare.disabled = false;
        replaceChildren(messages, alertBox(errorMessage(err)));
      }
    });
    await refresh();
  },
};
