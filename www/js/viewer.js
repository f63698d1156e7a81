// The viewer (docs/viewer.md): a file shown without downloading it, in a
// modal dialog named after the file. Images with zoom (buttons, + - 0),
// PDFs and office documents page by page (GET /files/{id}/pages, each page
// an image loaded as it comes into view), text as text, anything else by
// its large preview. Previous and next within the list it was opened from
// (buttons, ← →). « Télécharger » and « Ouvrir dans un nouvel onglet »
// stay. A preview being made (202) is waited for, as Retry-After says, a
// limited number of times; none possible (415) says why, with the download.
// Escape closes; focus goes back to what opened it.

import { h, replaceChildren, uid, icon } from './dom.js';
import { t, getLang } from './i18n.js';
import {
  previewUrl, pagesUrl, pageUrl, fetchPreview, viewerKind, formatBytes,
} from './viewer-util.js';

const enc = encodeURIComponent;
const ZOOMS = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8];
const TEXT_MAX = 512 * 1024;     // bytes of a text file shown (the rest: download)

function contentHref(file, download = false) {
  const base = file.content_url || `/api/v1/files/${enc(file.id)}/content`;
  return download ? `${base}${base.includes('?') ? '&' : '?'}download=1` : base;
}

/**
 * openViewer(file, {files, opener}) — `file` {id, name, mime, size};
 * `files` the list it belongs to (previous/next), `opener` the element
 * focus returns to.
 */
export function openViewer(file, { files = null, opener = document.activeElement } = {}) {
  const list = (files && files.length ? files : [file]).filter((f) => f && f.kind !== 'folder');
  let index = Math.max(0, list.findIndex((f) => String(f.id) === String(file.id)));
  if (!list[index]) list.splice(0, 0, file);

  const titleId = uid('viewer-title');
  const title = h('h2', { id: titleId, class: 'viewer-title' });
  const position = h('span', { class: 'viewer-position muted', 'aria-live': 'polite' });
  const closeBtn = h('button', { type: 'button', class: 'btn-icon viewer-close', 'aria-label': t('viewer.close'), title: t('viewer.close') }, icon('close'));
  const prevBtn = h('button', { type: 'button', class: 'btn viewer-prev', 'aria-label': t('viewer.previous') }, '‹', h('span', { class: 'viewer-btn-text' }, t('viewer.previousShort')));
  const nextBtn = h('button', { type: 'button', class: 'btn viewer-next', 'aria-label': t('viewer.next') }, h('span', { class: 'viewer-btn-text' }, t('viewer.nextShort')), '›');
  const zoomOut = h('button', { type: 'button', class: 'btn-icon viewer-zoom-out', 'aria-label': t('viewer.zoomOut'), title: t('viewer.zoomOut') + ' (-)' }, '−');
  const zoomLevel = h('output', { class: 'viewer-zoom-level', 'aria-live': 'polite' });
  const zoomIn = h('button', { type: 'button', class: 'btn-icon viewer-zoom-in', 'aria-label': t('viewer.zoomIn'), title: t('viewer.zoomIn') + ' (+)' }, '+');
  const zoomReset = h('button', { type: 'button', class: 'btn btn-small viewer-zoom-reset', title: t('viewer.zoomReset') + ' (0)' }, t('viewer.fit'));
  const zoomBar = h('div', { class: 'viewer-zoom', role: 'group', 'aria-label': t('viewer.zoom') }, zoomOut, zoomLevel, zoomIn, zoomReset);
  const download = h('a', { class: 'btn viewer-download', download: '' }, t('viewer.download'));
  const newTab = h('a', { class: 'btn viewer-newtab', target: '_blank', rel: 'noopener' }, t('viewer.newTab'));
  const stage = h('div', { class: 'viewer-stage', tabindex: '0', 'aria-label': t('viewer.content') });
  const status = h('div', { class: 'viewer-status', role: 'status' });

  const dialog = h('dialog', { class: 'viewer', 'aria-labelledby': titleId },
    h('div', { class: 'viewer-head' }, h('div', { class: 'viewer-heading' }, title, position), closeBtn),
    h('div', { class: 'viewer-toolbar' }, h('div', { class: 'viewer-nav' }, prevBtn, nextBtn), zoomBar,
      h('div', { class: 'viewer-actions' }, download, newTab)),
    status,
    stage);

  let generation = 0;
  let zoom = 1;
  let zoomable = null;      // the <img> that zooms, when an image is shown
  let pageObserver = null;

  function releaseUrls() {
    if (pageObserver) { pageObserver.disconnect(); pageObserver = null; }
  }

  function setZoom(z) {
    if (!zoomable) return;
    zoom = Math.min(ZOOMS[ZOOMS.length - 1], Math.max(ZOOMS[0], z));
    zoomable.classList.toggle('is-zoomed', zoom !== 1);
    if (zoom === 1) {
      zoomable.style.width = '';
      zoomable.style.maxWidth = '';
      zoomable.style.maxHeight = '';
    } else {
      const natural = zoomable.dataset.fitWidth ? Number(zoomable.dataset.fitWidth) : zoomable.naturalWidth || 600;
      zoomable.style.maxWidth = 'none';
      zoomable.style.maxHeight = 'none';
      zoomable.style.width = `${Math.round(natural * zoom)}px`;
    }
    zoomLevel.value = `${Math.round(zoom * 100)} %`;
    zoomLevel.textContent = zoomLevel.value;
    zoomOut.disabled = zoom <= ZOOMS[0];
    zoomIn.disabled = zoom >= ZOOMS[ZOOMS.length - 1];
  }
  const step = (dir) => {
    const i = ZOOMS.findIndex((z) => z >= zoom - 1e-9);
    const at = i < 0 ? ZOOMS.length - 1 : i;
    setZoom(ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, at + dir))]);
  };
  zoomIn.addEventListener('click', () => step(1));
  zoomOut.addEventListener('click', () => step(-1));
  zoomReset.addEventListener('click', () => setZoom(1));

  function say(node) { replaceChildren(status, node); }

  function noPreview(f, reason) {
    const box = h('div', { class: 'viewer-none' },
      h('p', { class: 'viewer-none-title' }, t('viewer.none')),
      reason ? h('p', { class: 'muted viewer-none-reason' }, reason) : null,
      h('a', { class: 'btn btn-primary', href: contentHref(f, true), download: '' }, t('viewer.downloadNamed', { name: f.name })));
    replaceChildren(stage, box);
  }

  function waiting(attempt) {
    say(h('p', { class: 'viewer-wait' }, attempt > 0 ? t('viewer.preparingAgain', { n: attempt }) : t('viewer.preparing')));
  }

  async function showImage(f, mine) {
    // an image the browser shows and of a sensible size: itself; otherwise
    // (HEIC, TIFF, very large) its large preview
    const direct = /^image\/(jpeg|png|gif|webp|avif|bmp)$/.test(f.mime || '') && (!f.size || f.size <= 8 * 1024 * 1024);
    let src = contentHref(f);
    if (!direct) {
      const got = await fetchPreview(previewUrl(f, 'large'), { onWait: waiting });
      if (mine !== generation) return;
      if (!got.ok) { say(null); noPreview(f, got.reason); return; }
      src = got.url;
    }
    const img = h('img', { class: 'viewer-image', src, alt: f.name, decoding: 'async' });
    img.addEventListener('load', () => {
      if (mine !== generation) return;
      say(null);
      img.dataset.fitWidth = String(Math.round(img.getBoundingClientRect().width) || img.naturalWidth);
      setZoom(1);
    });
    img.addEventListener('error', () => { if (mine === generation) { say(null); noPreview(f, t('viewer.unreadable')); } });
    zoomable = img;
    zoomBar.hidden = false;
    replaceChildren(stage, h('div', { class: 'viewer-canvas' }, img));
  }

  async function showPages(f, mine) {
    const got = await fetchPreview(pagesUrl(f), { json: true, onWait: waiting });
    if (mine !== generation) return;
    say(null);
    if (!got.ok) { noPreview(f, got.reason); return; }
    const count = Math.max(1, Number(got.data && got.data.count) || 1);
    const pages = h('ol', { class: 'viewer-pages', 'aria-label': t('viewer.pages', { n: count }) });
    pageObserver = 'IntersectionObserver' in window
      ? new IntersectionObserver((entries) => {
        for (const e of entries) if (e.isIntersecting) { pageObserver.unobserve(e.target); loadPage(e.target); }
      }, { root: stage, rootMargin: '600px 0px' })
      : null;
    for (let n = 1; n <= count; n++) {
      const li = h('li', { class: 'viewer-page', dataset: { n: String(n) } },
        h('span', { class: 'viewer-page-wait muted' }, t('viewer.page', { n, count })));
      pages.append(li);
      if (pageObserver) pageObserver.observe(li); else loadPage(li);
    }
    replaceChildren(stage, pages);

    async function loadPage(li) {
      const n = Number(li.dataset.n);
      const page = await fetchPreview(pageUrl(f, n), {});
      if (mine !== generation) return;
      if (!page.ok) { replaceChildren(li, h('p', { class: 'muted' }, t('viewer.pageMissing', { n }), page.reason ? ` ${page.reason}` : '')); return; }
      replaceChildren(li, h('img', { class: 'viewer-page-img', src: page.url, alt: t('viewer.page', { n, count }) }));
    }
  }

  async function showText(f, mine) {
    try {
      const res = await fetch(contentHref(f), { credentials: 'same-origin', headers: { Range: `bytes=0-${TEXT_MAX - 1}`, 'Accept-Language': getLang() } });
      if (!res.ok && res.status !== 206) throw new Error(String(res.status));
      const text = await res.text();
      if (mine !== generation) return;
      say(null);
      const cut = (f.size || 0) > TEXT_MAX;
      replaceChildren(stage, h('pre', { class: 'viewer-text', tabindex: '0', 'aria-label': t('viewer.textOf', { name: f.name }) }, text),
        cut ? h('p', { class: 'muted viewer-cut' }, t('viewer.textCut', { size: formatBytes(TEXT_MAX) })) : null);
    } catch {
      if (mine !== generation) return;
      say(null);
      noPreview(f, t('viewer.unreadable'));
    }
  }

  async function showOther(f, mine) {
    const got = await fetchPreview(previewUrl(f, 'large'), { onWait: waiting });
    if (mine !== generation) return;
    say(null);
    if (!got.ok) { noPreview(f, got.reason); return; }
    const img = h('img', { class: 'viewer-image', src: got.url, alt: t('viewer.previewOf', { name: f.name }) });
    zoomable = img;
    zoomBar.hidden = false;
    img.addEventListener('load', () => { img.dataset.fitWidth = String(Math.round(img.getBoundingClientRect().width) || img.naturalWidth); setZoom(1); });
    replaceChildren(stage, h('div', { class: 'viewer-canvas' }, img));
  }

  function show(i) {
    index = (i + list.length) % list.length;
    const f = list[index];
    const mine = ++generation;
    releaseUrls();
    zoomable = null;
    zoom = 1;
    zoomBar.hidden = true;
    title.textContent = f.name || '';
    position.textContent = list.length > 1 ? t('viewer.position', { i: index + 1, n: list.length }) : '';
    prevBtn.hidden = nextBtn.hidden = list.length < 2;
    download.href = contentHref(f, true);
    download.setAttribute('aria-label', t('viewer.downloadNamed', { name: f.name }));
    newTab.href = contentHref(f);
    newTab.setAttribute('aria-label', t('viewer.newTabNamed', { name: f.name }));
    replaceChildren(stage);
    say(h('p', { class: 'viewer-wait' }, t('viewer.loading')));
    const kind = viewerKind(f);
    const run = kind === 'image' ? showImage : kind === 'pages' ? showPages : kind === 'text' ? showText : showOther;
    run(f, mine).catch(() => { if (mine === generation) { say(null); noPreview(f, t('viewer.unreadable')); } });
  }

  prevBtn.addEventListener('click', () => show(index - 1));
  nextBtn.addEventListener('click', () => show(index + 1));
  closeBtn.addEventListener('click', () => dialog.close());

  dialog.addEventListener('keydown', (event) => {
    const target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
    const key = event.key;
    if (key === 'ArrowRight' && list.length > 1) { event.preventDefault(); show(index + 1); nextBtn.focus(); }
    else if (key === 'ArrowLeft' && list.length > 1) { event.preventDefault(); show(index - 1); prevBtn.focus(); }
    else if (zoomable && (key === '+' || key === '=')) { event.preventDefault(); step(1); }
    else if (zoomable && (key === '-' || key === '_')) { event.preventDefault(); step(-1); }
    else if (zoomable && key === '0') { event.preventDefault(); setZoom(1); }
  });
  dialog.addEventListener('close', () => {
    generation++;
    releaseUrls();
    dialog.remove();
    document.body.classList.remove('viewer-open');
    if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
  });

  document.body.append(dialog);
  document.body.classList.add('viewer-open');
  dialog.showModal();
  show(index);
  closeBtn.focus();
  return { dialog, close: () => dialog.close(), show: (i) => show(i) };
}

/** Whether a click should open the viewer (not a new tab, not a download). */
export function plainClick(event) {
  return event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey && !event.altKey;
}
