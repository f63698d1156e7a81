// A view whose module is loaded when it is first shown (web/build.mjs puts
// it in place of the static import of a view that main.js only hands to
// route()). It has the shape of a view ({title, render}): main.js's
// renderRoute calls title() at once, then render(); until the module is
// there, the title is empty, the module's own title is set once it is
// loaded, and the focus that renderRoute gave the empty <main> moves to
// the view's heading as it would have without the wait.

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
