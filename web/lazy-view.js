// A view whose module is loaded when it is first shown (web/build.mjs puts
// it in place of the static import of a view that main.js only hands to
// route()). It has the shape of a view ({title, render}): main.js's
// renderRoute calls title() at once, then render(); until the module is
// there, the title is empty, the module's own title is set once it is
// loaded, and the focus that renderRoute gave the empty <main> moves to
// the view's heading as it would have without the wait. A chunk that
// cannot be loaded while the browser is online (the page outlived two
// upgrades) reloads the page once: the current build then serves it.

const RELOADED = 'parvis.reloadedForChunk';

/** The service worker checked for a new build, and the new one in control
 * (it takes over as soon as it has stored its build's files). A busy
 * machine may need several seconds for that, and a reload before it would
 * get the old build's page again: waits until the new worker is active or
 * has failed, at most 30 s (a server that does not answer). */
function newWorker() {
  const sw = navigator.serviceWorker;
  if (!sw || !sw.controller) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 30_000);
    const done = () => { clearTimeout(timer); resolve(); };
    sw.addEventListener('controllerchange', done, { once: true });
    sw.getRegistration()
      .then((reg) => (reg ? reg.update() : null))
      .then((reg) => {
        const next = reg ? reg.installing || reg.waiting : null;
        if (!next) { done(); return; }
        next.addEventListener('statechange', () => {
          if (next.state === 'activated' || next.state === 'redundant') done();
        });
      })
      .catch(done);
  });
}

export function lazyView(load, name) {
  let view = null;
  let pending = null;
  const get = () => {
    if (!pending) {
      pending = load().then((m) => {
        if (!m[name]) throw new Error(`lazy view: ${name} is not exported`);
        view = m[name];
        return view;
      }, (err) => {
        pending = null; // a failed load (network) is tried again next time
        // the page is older than the previous build (two upgrades since it
        // was loaded: its chunks are gone): load the current application
        // here, once (not again within a minute: then the error shows)
        let last = 0;
        try { last = Number(sessionStorage.getItem(RELOADED)) || 0; } catch { /* storage disabled */ }
        if (navigator.onLine !== false && Date.now() - last > 60_000) {
          try { sessionStorage.setItem(RELOADED, String(Date.now())); } catch { /* storage disabled */ }
          // the service worker answers page loads with its build's
          // index.html: the current build's worker first (docs/delivery.md)
          newWorker().then(() => window.location.reload());
          return new Promise(() => {}); // the page goes
        }
        throw err;
      });
    }
    return pending;
  };
  return {
    preload() { get().catch(() => {}); },
    title: () => (view ? view.title() : ''),
    render(main, ctx) {
      if (view) return view.render(main, ctx);
      return get().then((v) => {
        if (ctx.signal && ctx.signal.aborted) return undefined;
        ctx.setTitle(v.title());
        const focused = document.activeElement === main;
        const done = v.render(main, ctx);
        if (focused) {
          const heading = main.querySelector('h1');
          if (heading) heading.focus({ preventScroll: false });
        }
        return done;
      });
    },
  };
}
