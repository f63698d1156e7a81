// /bienvenue — the welcome of a person's first sign-in (docs/welcome.md):
// complete the profile (job, department, site) and join a few public groups
// (those of one's department and site first, then the most active). « Passer »
// ends it at once; « C'est fait » too: either is remembered on the server
// (POST /me/welcome) and the welcome is never offered again. Its first,
// skippable step: « Ajoutez une photo » (docs/viewer.md). Accueil shows
// its invitation while it is pending (welcomeBanner).

import { h, replaceChildren, uid } from '../dom.js';
import { t, formatNumber } from '../i18n.js';
import { get, post, patch } from '../api.js';
import { pageTitle, field, alertBox, statusBox, loading, errorMessage } from '../ui.js';
import { photoControls } from '../avatar-edit.js';

const PROFILE = [
  { name: 'job_title', autocomplete: 'organization-title' },
  { name: 'department', list: 'departments' },
  { name: 'site', list: 'sites' },
];

/** Ends the welcome ('done' or 'skipped'); the session's user forgets it too. */
async function finish(user, state, signal) {
  await post('/me/welcome', { state }, { signal });
  if (user) user.welcome_pending = false;
}

/**
 * Accueil's invitation while the welcome is pending: « Commencer » opens
 * /bienvenue, « Passer » ends it here. null when there is nothing to offer.
 */
export function welcomeBanner(user, { signal, onClosed = () => {} } = {}) {
  if (!user || user.welcome_pending !== true) return null;
  const headingId = uid('welcome');
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const skip = h('button', { type: 'button', class: 'btn' }, t('welcome.skip'));
  const element = h('section', { class: 'card welcome-banner', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, t('welcome.bannerTitle', { name: user.display_name || '' })),
    h('p', {}, t('welcome.bannerText')),
    messages,
    h('div', { class: 'form-actions' },
      h('a', { href: '/bienvenue', class: 'btn btn-primary' }, t('welcome.start')), skip));
  skip.addEventListener('click', async () => {
    skip.disabled = true;
    try {
      await finish(user, 'skipped', signal);
      element.remove();
      onClosed();
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      skip.disabled = false;
      replaceChildren(messages, alertBox(errorMessage(err)));
    }
  });
  return element;
}

function reasonText(g) {
  if (g.reason === 'department') return t('welcome.reason.department');
  if (g.reason === 'site') return t('welcome.reason.site');
  return g.recent_posts ? t('welcome.reason.active', { n: g.recent_posts, count: formatNumber(g.recent_posts) }) : t('welcome.reason.open');
}

export const welcome = {
  title: () => t('welcome.title'),
  async render(main, { user, signal, navigate }) {
    const heading = pageTitle(t('welcome.title'));
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const skip = h('button', { type: 'button', class: 'btn' }, t('welcome.skip'));
    const body = h('div', { class: 'welcome' }, loading());
    main.append(heading, h('p', { class: 'lead' }, t('welcome.lead')),
      h('div', { class: 'form-actions welcome-skip' }, skip), messages, body);

    async function end(state, button) {
      button.disabled = true;
      try {
        await finish(user, state, signal);
        navigate('/');
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        button.disabled = false;
        replaceChildren(messages, alertBox(errorMessage(err)));
      }
    }
    skip.addEventListener('click', () => end('skipped', skip));

    let data;
    try {
      data = await get('/me/welcome', { signal });
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(body, alertBox(errorMessage(err)));
      return;
    }
    if (data.state !== 'pending') {
      replaceChildren(body, h('p', {}, t('welcome.already'), ' ', h('a', { href: '/' }, t('welcome.home'))));
      skip.hidden = true;
      return;
    }

    // ---- the profile
    const profile = { ...(data.profile || {}) };
    const profileMessages = h('div', { class: 'messages', 'aria-live': 'polite' });
    const lists = { departments: h('datalist', { id: uid('dl-dep') }), sites: h('datalist', { id: uid('dl-site') }) };
    const inputs = {};
    const wraps = PROFILE.map((f) => {
      const { wrap, input } = field({
        label: t(`profile.${f.name}`), name: f.name, autocomplete: f.autocomplete || 'off', value: profile[f.name] || '',
        attrs: { maxlength: '100', list: f.list ? lists[f.list].id : null },
      });
      inputs[f.name] = input;
      return wrap;
    });
    get('/directory/attributes', { signal }).then((attrs) => {
      replaceChildren(lists.departments, ((attrs && attrs.departments) || []).map((v) => h('option', { value: v.value })));
      replaceChildren(lists.sites, ((attrs && attrs.sites) || []).map((v) => h('option', { value: v.value })));
    }).catch(() => {});
    const save = h('button', { type: 'submit', class: 'btn btn-primary' }, t('welcome.saveProfile'));
    const profileTitle = uid('welcome-profile');
    const form = h('form', { class: 'form welcome-profile', novalidate: true, 'aria-labelledby': profileTitle },
      profileMessages, wraps, lists.departments, lists.sites, h('div', { class: 'form-actions' }, save));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const change = {};
      for (const [name, input] of Object.entries(inputs)) {
        const v = input.value.trim();
        if (v !== (profile[name] || '')) change[name] = v;
      }
      if (!Object.keys(change).length) {
        replaceChildren(profileMessages, statusBox(t('welcome.profileSaved')));
        return;
      }
      save.disabled = true;
      try {
        await patch(`/users/${encodeURIComponent(user.id)}`, change, { signal });
        Object.assign(profile, change);
        replaceChildren(profileMessages, statusBox(t('welcome.profileSaved')));
        // a department or a site changes the groups to suggest
        if ('department' in change || 'site' in change) await showGroups();
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        replaceChildren(profileMessages, alertBox(errorMessage(err)));
      } finally {
        save.disabled = false;
      }
      save.focus();
    });

    // ---- the groups
    const groupsBox = h('div', { class: 'welcome-groups-list' });
    const groupsTitle = uid('welcome-groups');
    async function showGroups(fresh = null) {
      let list = fresh;
      if (!list) {
        try {
          list = ((await get('/me/welcome', { signal })).suggestions) || [];
        } catch (err) {
          if (err && err.name === 'AbortError') return;
          replaceChildren(groupsBox, alertBox(errorMessage(err)));
          return;
        }
      }
      if (!list.length) {
        replaceChildren(groupsBox, h('p', { class: 'muted' }, t('welcome.noGroups'), ' ',
          h('a', { href: '/groupes?onglet=tous' }, t('welcome.allGroups'))));
        return;
      }
      replaceChildren(groupsBox, h('ul', { class: 'welcome-groups' }, list.map((g) => {
        const status = h('span', { class: 'welcome-joined', role: 'status' });
        const join = h('button', {
          type: 'button', class: 'btn btn-small', 'aria-label': t('welcome.joinNamed', { name: g.name }),
        }, t('welcome.join'));
        join.addEventListener('click', async () => {
          join.disabled = true;
          try {
            const r = await post(`/groups/${encodeURIComponent(g.id)}/join`, undefined, { signal });
            status.textContent = t(r && r.status === 'requested' ? 'group.requestSent' : 'group.joined', { name: g.name });
            status.tabIndex = -1;
            join.replaceWith(status);
            status.focus();
          } catch (err) {
            if (err && err.name === 'AbortError') return;
            join.disabled = false;
            replaceChildren(messages, alertBox(errorMessage(err)));
          }
        });
        return h('li', { class: 'welcome-group' },
          h('div', { class: 'welcome-group-text' },
            h('a', { href: `/groupes/${encodeURIComponent(g.id)}`, class: 'welcome-group-name' }, g.name),
            h('span', { class: 'muted' }, ` · ${reasonText(g)} · ${t('group.memberCount', { n: g.member_count || 0 })}`),
            g.description ? h('p', { class: 'welcome-group-desc muted' }, g.description) : null),
          join);
      })));
    }

    // ---- the photo (docs/viewer.md): optional, « Passer cette étape » folds it
    const photoTitle = uid('welcome-photo');
    const photo = photoControls({ name: user.display_name, url: user.avatar_url });
    const photoSkip = h('button', { type: 'button', class: 'btn btn-small welcome-photo-skip' }, t('avatar.skipStep'));
    const photoSection = h('section', { class: 'card welcome-section welcome-photo', 'aria-labelledby': photoTitle },
      h('h2', { id: photoTitle }, t('avatar.welcomeTitle')),
      h('p', { class: 'muted' }, t('avatar.welcomeText')), photo.element,
      h('div', { class: 'form-actions' }, photoSkip));
    const profileHeading = h('h2', { id: profileTitle, tabindex: '-1' }, t('welcome.profileTitle'));
    photoSkip.addEventListener('click', () => {
      photoSection.remove();
      profileHeading.focus();
    });

    const done = h('button', { type: 'button', class: 'btn btn-primary' }, t('welcome.done'));
    done.addEventListener('click', () => end('done', done));
    replaceChildren(body,
      photoSection,
      h('section', { class: 'card welcome-section', 'aria-labelledby': profileTitle },
        profileHeading,
        h('p', { class: 'muted' }, t('welcome.profileText')), form),
      h('section', { class: 'card welcome-section', 'aria-labelledby': groupsTitle },
        h('h2', { id: groupsTitle }, t('welcome.groupsTitle')),
        h('p', { class: 'muted' }, t('welcome.groupsText')), groupsBox),
      h('div', { class: 'form-actions' }, done));
    showGroups(data.suggestions || []);
  },
};
