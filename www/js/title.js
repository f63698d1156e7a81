// The page's title: « Fil — Parvis », with the unread notifications in front
// when there are some: « (3) Fil — Parvis ». Views set their part, the bell
// sets the count; either change rewrites document.title.

let base = 'Parvis';
let count = 0;

function write() {
  document.title = count > 0 ? `(${count}) ${base}` : base;
}

/** The view's own title (« Fil »); without one, just « Parvis ». */
export function setPageTitle(text) {
  base = text ? `${text} — Parvis` : 'Parvis';
  write();
}

/** The number of unread notifications (0: no prefix). */
export function setTitleCount(n) {
  count = Math.max(0, Number(n) || 0);
  write();
}
