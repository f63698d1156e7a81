// Reactions: the fixed set « J'aime », « Bravo », « Merci », « Idée »,
// « Je soutiens », as toggle buttons with their counts (mine is pressed);
// and, for posts, the list of who reacted in a dialog.

import { h, replaceChildren, avatar } from './dom.js';
import { t } from './i18n.js';
import { get, put, del } from './api.js';
import { openDialog } from './dialog.js';
import { loading, alertBox, errorMessage } from './ui.js';

export const KINDS = ['like', 'bravo', 'merci', 'idee', 'soutien'];

export const reactionLabel = (kind) => t(`reaction.${kind}`);

/**
 * createReactionBar({item, path, canReact, whoPath, onError, onChange}) → {element, set(reactions)}.
 * `item` carries `reactions` ({kind: count}) and `my_reaction`; `path` is
 * '/posts/ID' or '/comments/ID'. The counts follow the person's clicks,
 * and set() puts the server's counts (a live message) in their place.
 */
export function createReactionBar({ item, path, canReact = true, whoPath = null, small = false, onError = () => {}, onChange = () => {} }) {
  const counts = { ...(item.reactions || {}) };
  let mine = item.my_reaction || null;
  let busy = false;
  const element = h('div', { class: `reactions${small ? ' reactions-small' : ''}`, role: 'group', 'aria-label': t('reaction.label') });

  function total() {
    return KINDS.reduce((n, k) => n + (counts[k] || 0), 0);
  }

  function render() {
    const hadFocus = element.contains(document.activeElement) ? document.activeElement.dataset.kind || 'who' : null;
    const buttons = KINDS.map((kind) => {
      const n = counts[kind] || 0;
      if (!canReact && !n) return null;
      return h('button', {
        type: 'button',
        class: `reaction${mine === kind ? ' is-mine' : ''}`,
        'aria-pressed': String(mine === kind),
        disabled: !canReact || busy || null,
        dataset: { kind },
        onclick: () => toggle(kind),
      },
      h('span', { class: 'reaction-label' }, reactionLabel(kind)),
      n ? [' ', h('span', { class: 'reaction-count' }, String(n))] : null);
    });
    const who = whoPath && total() ? h('button', {
      type: 'button', class: 'btn-link reaction-who', onclick: () => showWho(whoPath),
    }, t('reaction.who', { n: total() })) : null;
    replaceChildren(element, buttons, who);
    if (hadFocus) {
      const again = hadFocus === 'who' ? element.querySelector('.reaction-who') : element.querySelector(`[data-kind="${hadFocus}"]`);
      if (again) again.focus();
    }
  }

  async function toggle(kind) {
    if (busy) return;
    busy = true;
    const before = { counts: { ...counts }, mine };
    try {
      if (mine === kind) {
        await del(`${path}/reaction`);
        counts[kind] = Math.max(0, (counts[kind] || 0) - 1);
        mine = null;
      } else {
        await put(`${path}/reaction`, { kind });
        if (mine) counts[mine] = Math.max(0, (counts[mine] || 0) - 1);
        counts[kind] = (counts[kind] || 0) + 1;
        mine = kind;
      }
    } catch (err) {
      Object.assign(counts, before.counts);
      mine = before.mine;
      onError(errorMessage(err));
    } finally {
      onChange({ reactions: { ...counts }, my_reaction: mine });
      busy = false;
      render();
    }
  }

  function set(reactions) {
    if (busy || !reactions || typeof reactions !== 'object') return;
    for (const k of KINDS) counts[k] = Math.max(0, Number(reactions[k]) || 0);
    render();
  }

  render();
  return { element, set };
}

/** The dialog listing who reacted, by kind. */
async function showWho(whoPath) {
  const { body } = openDialog({ title: t('reaction.whoTitle'), content: loading() });
  try {
    const data = await get(whoPath);
    const items = (data && data.items) || [];
    if (!items.length) {
      replaceChildren(body, h('p', { class: 'muted' }, t('reaction.nobody')));
      return;
    }
    replaceChildren(body, KINDS.map((kind) => {
      const people = items.filter((x) => x.kind === kind);
      if (!people.length) return null;
      return h('section', { class: 'who-section' },
        h('h3', {}, `${reactionLabel(kind)} (${people.length})`),
        h('ul', { class: 'who-list' }, people.map((x) => h('li', {},
          avatar(x.user.display_name, 'avatar avatar-sm', x.user.avatar_url),
          h('a', { href: `/personnes/${encodeURIComponent(x.user.id)}` }, x.user.display_name || '')))));
    }));
  } catch (err) {
    replaceChildren(body, alertBox(errorMessage(err)));
  }
}
