// History-API routing: real paths, links intercepted, back/forward handled.

const routes = [];
let handler = null;

/** route('/personnes/:id', view) — `:name` segments become params. */
export function route(pattern, view) {
  const names = [];
  const source = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/:(\w+)/g, (m, name) => { names.push(name); return '([^/]+)'; });
  routes.push({ pattern, view, regex: new RegExp(`^${source}/?$`), names });
}

/** Finds the route for a path: {view, params, pattern} or null. */
export function match(pathname) {
  for (const r of routes) {
    const m = r.regex.exec(pathname);
    if (m) {
      const params = {};
      r.names.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
      return { view: r.view, params, pattern: r.pattern };
    }
  }
  return null;
}

export function currentLocation() {
  return {
    path: window.location.pathname,
    query: new URLSearchParams(window.location.search),
    href: window.location.pathname + window.location.search,
  };
}

/** Goes to `url` (same origin) and renders it. */
export function navigate(url, { replace = false, focus = true } = {}) {
  const target = new URL(url, window.location.origin);
  const href = target.pathname + target.search + target.hash;
  if (replace) history.replaceState({}, '', href);
  else if (href !== currentLocation().href) history.pushState({}, '', href);
  if (handler) handler({ focus });
}

/** Changes the address without rendering (e.g. /connexion while signed out). */
export function setAddress(url) {
  history.replaceState({}, '', url);
}

export function start(onRoute) {
  handler = onRoute;
  window.addEventListener('popstate', () => handler({ focus: true }));
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest('a[href]');
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, window.location.origin);
    if (url.origin !== window.location.origin) return;
    if (url.pathname.startsWith('/api/')) return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
  handler({ focus: false });
}
