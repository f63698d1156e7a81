// /tags/{tag} — the posts with a hashtag that the person may read.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { pageTitle } from '../ui.js';
import { createFeedList } from '../feed-list.js';

export const tag = {
  title: () => t('tag.title'),
  render(main, { params, signal, setTitle }) {
    const name = String(params.tag || '').replace(/^#/, '');
    setTitle(`#${name}`);
    main.append(
      h('p', { class: 'eyebrow' }, t('tag.title')),
      pageTitle(`#${name}`));
    const list = createFeedList({
      label: t('tag.listLabel', { tag: name }),
      signal,
      empty: h('div', { class: 'card card-empty' }, h('p', {}, t('tag.empty', { tag: name }))),
      load: (cursor) => get('/posts', { query: { tag: name, cursor: cursor || undefined }, signal }),
    });
    main.append(h('div', { class: 'feed' }, list.element));
    list.reload();
  },
};
