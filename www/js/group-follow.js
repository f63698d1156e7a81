// « Notifications : Toutes les publications / Seulement l'essentiel / Rien »
// on a group's page, for its members (GET / PUT /groups/{id}/follow). The
// first choice follows the group's default level (PUT {"level": null}).

import { h, replaceChildren, uid } from './dom.js';
import { t } from './i18n.js';
import { get, put } from './api.js';
import { alertBox, statusBox, errorMessage } from './ui.js';

export const FOLLOW_LEVELS = ['all', 'essential', 'none'];

export const levelLabel = (level) => t(`follow.level.${level}`);

/** createGroupFollow(group, {signal}) → {element} (empty until the level is known). */
export function createGroupFollow(group, { signal }) {
  const gid = encodeURIComponent(group.id);
  const id = uid('group-follow');
  const select = h('select', { id, class: 'input input-inline', name: 'follow' });
  const messages = h('span', { class: 'follow-status', 'aria-live': 'polite' });
  const element = h('div', { class: 'group-follow', hidden: true },
    h('label', { for: id, class: 'label label-inline' }, t('follow.groupLabel')), select, messages);
  let state = null;

  function fill() {
    replaceChildren(select,
      h('option', { value: '' }, t('follow.groupDefault', { level: levelLabel(state.default) })),
      FOLLOW_LEVELS.map((l) => h('option', { value: l }, levelLabel(l))));
    select.value = state.explicit ? state.level : '';
  }

  select.addEventListener('change', async () => {
    const level = select.value || null;
    select.disabled = true;
    replaceChildren(messages);
    try {
      await put(`/groups/${gid}/follow`, { level }, { signal });
      state = { ...state, explicit: !!level, level: level || state.default };
      replaceChildren(messages, statusBox(t('follow.saved'), 'follow-saved muted'));
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      select.value = state.explicit ? state.level : '';
      replaceChildren(messages, alertBox(errorMessage(err)));
    } finally {
      select.disabled = false;
    }
  });

  get(`/groups/${gid}/follow`, { signal }).then((data) => {
    if (!data || !FOLLOW_LEVELS.includes(data.level)) return;
    state = {
      level: data.level,
      default: FOLLOW_LEVELS.includes(data.default) ? data.default : 'all',
      explicit: !!data.explicit,
    };
    fill();
    element.hidden = false;
  }).catch(() => { /* the control stays hidden: the group works without it */ });

  return { element };
}
