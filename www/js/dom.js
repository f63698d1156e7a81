// Small DOM helpers. Everything that comes from people is inserted as text:
// strings passed as children become text nodes; there is no innerHTML here.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * h('button', {class: 'btn', type: 'button', onclick: fn}, 'Label', child)
 * Attributes: class, text (textContent), dataset ({...}), on<event> (function),
 * boolean true sets an empty attribute, false/null/undefined skip it.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'value' && 'value' in el) {
      el.value = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
}

/** Appends children: nodes as they are, strings and numbers as text nodes. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of `parent` with `children`. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

// Icons: a few stroke paths (24×24), drawn as inline SVG elements.
const ICONS = {
  menu: ['M4 7h16', 'M4 12h16', 'M4 17h16'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  home: ['M4 11l8-7 8 7', 'M6 9.5V20h12V9.5'],
  feed: ['M5 6h14', 'M5 12h14', 'M5 18h9'],
  groups: ['M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6', 'M16 5.5a3 3 0 0 1 0 5.5', 'M18 14.3c1.8.9 3 2.9 3 5.2'],
  drive: ['M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z'],
  people: ['M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M4 21c0-4.4 3.6-8 8-8s8 3.6 8 8'],
  admin: ['M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z', 'M9 12l2 2 4-4'],
  chevron: ['M6 9l6 6 6-6'],
  signout: ['M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3', 'M10 16l-4-4 4-4', 'M6 12h10'],
  person: ['M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M4 21c0-4.4 3.6-8 8-8s8 3.6 8 8'],
  chat: ['M4 5h16v11H9l-5 4z', 'M8 9h8', 'M8 12h5'],
  flag: ['M5 21V4', 'M5 4h11l-2 4 2 4H5'],
  calendar: ['M4 6h16v14H4z', 'M4 10h16', 'M8 3v4', 'M16 3v4'],
};

export function icon(name, cls = 'icon') {
  return pathIcon(ICONS[name] || [], cls);
}

/** An icon from its own stroke paths (24×24), for a module's icons (e.g. the drive's). */
export function pathIcon(paths, cls = 'icon') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', cls);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of paths) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

/** Two-letter initials for an avatar (text only). */
export function initials(name) {
  const parts = String(name || '?').trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((p) => Array.from(p)[0] || '').join('').toUpperCase() || '?';
}

export function avatar(name, cls = 'avatar', url = null) {
  const el = h('span', { class: cls, 'aria-hidden': 'true' }, initials(name));
  setAvatarPhoto(el, url);
  return el;
}

/**
 * Shows the person's photo (`avatar_url` of the API, docs/viewer.md) in an
 * avatar, the initials staying under it until it loads and if it fails;
 * the 256 px size for a large avatar. No URL: the initials alone.
 */
export function setAvatarPhoto(el, url) {
  const old = el.querySelector('img.avatar-photo');
  if (old) old.remove();
  el.classList.remove('has-photo');
  if (!url || !/^\/api\/v1\//.test(url)) return el;
  const large = /avatar-lg|avatar-xl/.test(el.className);
  const img = document.createElement('img');
  img.className = 'avatar-photo';
  img.alt = '';
  img.decoding = 'async';
  img.loading = 'lazy';
  img.src = large ? `${url}${url.includes('?') ? '&' : '?'}size=256` : url;
  img.addEventListener('load', () => el.classList.add('has-photo'));
  img.addEventListener('error', () => { img.remove(); el.classList.remove('has-photo'); });
  el.append(img);
  return el;
}

/** A unique id for label/aria wiring. */
let idCounter = 0;
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Returns a function that runs `fn` once no call came for `ms` milliseconds. */
export function debounce(fn, ms) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

// ---- the server's rendered Markdown -----------------------------------------
//
// Posts and comments come with `body_html`: HTML the server rendered from
// Markdown with md4c, raw HTML off, links limited to http, https, mailto and
// the site's own paths. It is the ONLY markup from the server that the
// application inserts, and it goes through safeHtml() below and nowhere else.
// As a second line of defence the HTML is parsed in an inert document (no
// script runs, no image loads) and only the elements and attributes the
// renderer produces are kept before the nodes are moved into the page.

const SAFE_TAGS = new Set([
  'p', 'br', 'hr', 'blockquote', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'pre', 'code', 'em', 'strong', 'del', 'a',
]);
const SAFE_ATTRS = { a: ['href', 'class', 'rel'], ol: ['start'] };
const SAFE_HREF = /^(https?:|mailto:|\/(?!\/))/i;

function cleanTree(parent) {
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) continue;
    if (node.nodeType !== Node.ELEMENT_NODE) { node.remove(); continue; }
    const tag = node.localName;
    if (!SAFE_TAGS.has(tag)) {
      // an unknown element keeps its text, never its markup
      node.replaceWith(document.createTextNode(node.textContent));
      continue;
    }
    const allowed = SAFE_ATTRS[tag] || [];
    for (const attr of Array.from(node.attributes)) {
      if (!allowed.includes(attr.name)) node.removeAttribute(attr.name);
    }
    if (tag === 'a' && !isSafeHref(node.getAttribute('href'))) node.removeAttribute('href');
    cleanTree(node);
  }
}

/** Whether an address from the server may be a link: http, https, mailto or a path of the site. */
export function isSafeHref(url) {
  return SAFE_HREF.test(String(url || '').trim());
}

function parseInert(html) {
  const doc = new DOMParser().parseFromString(`<body>${String(html || '')}</body>`, 'text/html');
  cleanTree(doc.body);
  return doc.body;
}

/**
 * Puts the server's rendered Markdown (`body_html` of a post or a comment)
 * into `container`, replacing what was there. Use it for nothing else: any
 * other text from people goes through h() as text.
 */
export function safeHtml(container, html) {
  const body = parseInert(html);
  container.replaceChildren(...Array.from(body.childNodes).map((n) => document.importNode(n, true)));
  return container;
}

/** The plain text of the server's rendered Markdown (for excerpts). */
export function htmlText(html) {
  return parseInert(html).textContent.replace(/\s+/g, ' ').trim();
}
