// / — Accueil, the portal: the organisation, what must be read, « À la
// une », the latest news, the latest activity of my groups, quick links and
// my groups with what is new (GET /portal).

import { h, replaceChildren, avatar, htmlText, uid, isSafeHref } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { pageTitle, alertBox, statusBox, loading, errorMessage, badge } from '../ui.js';
import { timeEl } from '../dates.js';
import { createPostCard, postMeta, postUrl, NEWS_URL } from '../post-card.js';
import { coverImage } from '../attachments.js';
import { upcomingEvents } from '../agenda-upcoming.js';
import { welcomeBanner } from './welcome.js';

const EXCERPT = 220;

function excerpt(p, max = EXCERPT) {
  const text = htmlText(p.body_html);
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** A titled section; `more` is an optional link under the heading. */
function section(key, content, { more = null, cls = '' } = {}) {
  const id = uid('portal');
  const heading = h('h2', { id, tabindex: '-1' }, t(key));
  return h('section', { class: `card portal-section ${cls}`.trim(), 'aria-labelledby': id },
    h('div', { class: 'portal-section-head' }, heading, more), content);
}

const empty = (key) => h('p', { class: 'muted portal-empty' }, t(key));

/** « À la une »: the cover (an article's first image), title, excerpt, who and when. */
function articleCard(p) {
  const cover = coverImage(p, 'article-cover');
  return h('li', { class: cover ? 'article has-cover' : 'article' },
    cover,
    h('h3', { class: 'article-title' }, h('a', { href: postUrl(p) }, p.title || excerpt(p, 80))),
    p.title ? h('p', { class: 'article-excerpt' }, excerpt(p)) : null,
    h('p', { class: 'article-meta muted' },
      h('a', { href: `/personnes/${encodeURIComponent(p.author.id)}` }, p.author.display_name || ''),
      ' · ', timeEl(p.publish_at || p.created_at)));
}

/**
 * A line of news or activity: who, where, when, and the title or the start
 * of the text; a news article's cover above it (`covers`).
 */
function briefItem(p, { covers = false } = {}) {
  const cover = covers ? coverImage(p, 'brief-cover') : null;
  return h('li', { class: cover ? 'brief has-cover' : 'brief' },
    avatar(p.author.display_name, 'avatar avatar-sm', p.author.avatar_url),
    h('div', { class: 'brief-text' },
      cover,
      h('p', { class: 'brief-meta' }, postMeta(p)),
      h('a', { href: postUrl(p), class: 'brief-link' }, p.title || excerpt(p, 140))));
}

export const home = {
  title: () => t('home.title'),
  async render(main, { user, signal }) {
    const head = h('section', { class: 'card portal-head' },
      h('img', { src: '/img/logo.svg', alt: '', class: 'portal-logo', width: 56, height: 56 }),
      h('div', { class: 'portal-head-text' },
        h('p', { class: 'portal-org' }, '\u00a0'),
        pageTitle(t('home.title')),
        h('p', { class: 'lead' }, t('home.welcome', { name: user.display_name }))));
    const body = h('div', { class: 'portal' }, loading());
    // a first sign-in: the welcome's invitation (docs/welcome.md), until done or skipped
    const banner = welcomeBanner(user, { signal, onClosed: () => head.querySelector('h1').focus() });
    main.append(head, ...(banner ? [banner] : []), body);

    let data;
    try {
      data = await get('/portal', { signal });
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      replaceChildren(body, alertBox(errorMessage(err)));
      return;
    }

    // the organisation
    const org = data.organisation || {};
    head.querySelector('.portal-org').textContent = org.name || t('app.name');
    const logo = head.querySelector('.portal-logo');
    if (org.logo_url && isSafeHref(org.logo_url)) {
      logo.addEventListener('error', () => { logo.src = '/img/logo.svg'; }, { once: true });
      logo.src = org.logo_url;
    }

    // must read: full cards with « J'ai lu »; a confirmed one leaves the section
    const mustList = h('div', { class: 'post-list' });
    const mustStatus = h('div', { class: 'messages', 'aria-live': 'polite' });
    const mustEmpty = empty('home.mustReadNone');
    const must = data.must_read || [];
    for (const p of must) {
      const card = createPostCard(p, {
        signal, headingLevel: 3,
        onAcked: () => {
          card.element.remove();
          replaceChildren(mustStatus, statusBox(t('home.acked')));
          if (!mustList.children.length) mustList.replaceWith(mustEmpty);
          mustSection.querySelector('h2').focus();
        },
      });
      mustList.append(card.element);
    }
    const mustSection = section('home.mustRead', [mustStatus, must.length ? mustList : mustEmpty], { cls: 'portal-must-read' });

    const featured = data.featured || [];
    const news = data.news || [];
    const activity = data.activity || [];
    const links = data.quick_links || [];
    const groups = data.my_groups || [];

    const mainCol = h('div', { class: 'portal-main' },
      mustSection,
      featured.length ? section('home.featured', h('ul', { class: 'article-list' }, featured.map(articleCard)), { cls: 'portal-featured' }) : null,
      // a guest without the news (docs/guests.md): no news section
      user.kind === 'guest' && user.sees_news !== true ? null : section('home.news',
        news.length ? h('ul', { class: 'brief-list' }, news.map((p) => briefItem(p, { covers: true }))) : empty('home.newsNone'),
        { more: h('a', { href: NEWS_URL, class: 'portal-more' }, t('home.allNews')), cls: 'portal-news' }),
      section('home.activity',
        activity.length ? h('ul', { class: 'brief-list' }, activity.map((p) => briefItem(p))) : empty(groups.length ? 'home.activityNone' : 'home.activityNoGroups'),
        { more: h('a', { href: '/fil', class: 'portal-more' }, t('home.openFeed')), cls: 'portal-activity' }));

    const side = h('div', { class: 'portal-side' },
      upcomingEvents({ signal }),
      section('home.links',
        links.length
          ? h('ul', { class: 'link-list' }, links.map((l) => h('li', {},
            isSafeHref(l.url) ? h('a', { href: l.url }, l.title || l.url) : h('span', {}, l.title || ''))))
          : empty(user.role === 'admin' ? 'home.linksNoneAdmin' : 'home.linksNone'),
        { more: user.role === 'admin' ? h('a', { href: '/admin/portail', class: 'portal-more' }, t('home.editPortal')) : null, cls: 'portal-links' }),
      section('home.myGroups',
        groups.length
          ? h('ul', { class: 'my-groups' }, groups.map((g) => h('li', {},
            h('a', { href: `/groupes/${encodeURIComponent(g.id)}` }, g.name || ''),
            g.archived ? badge(t('group.archived'), 'badge-archived') : null,
            g.new_posts ? badge(t('home.newPosts', { n: g.new_posts, count: g.new_posts >= 99 ? '99+' : String(g.new_posts) }), 'badge-new') : null)))
          : h('p', { class: 'muted portal-empty' }, t('home.noGroups'), ' ', h('a', { href: '/groupes?onglet=tous' }, t('home.findGroups'))),
        { cls: 'portal-groups' }));

    replaceChildren(body, mainCol, side);
  },
};
