// Dates as people read them: relative ("il y a 5 min") with the full date
// in the title, in the reader's time zone and language (Intl). The server
// speaks UTC ISO 8601 ("2026-11-24T08:00:00Z").

import { h } from './dom.js';
import { getLang } from './i18n.js';

const STEPS = [
  ['second', 60], ['minute', 60], ['hour', 24], ['day', 7],
];

/** "à l'instant", "il y a 5 minutes", "hier"… or the date when older than a week. */
export function relativeDate(iso, now = Date.now()) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  let value = (d.getTime() - now) / 1000;
  const rtf = new Intl.RelativeTimeFormat(getLang(), { numeric: 'auto', style: 'long' });
  if (Math.abs(value) < 45) return rtf.format(0, 'second');
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return rtf.format(Math.round(value), unit);
    value /= size;
  }
  return new Intl.DateTimeFormat(getLang(), { dateStyle: 'medium' }).format(d);
}

/** "mardi 24 novembre 2026 à 09:00". */
export function fullDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(getLang(), { dateStyle: 'full', timeStyle: 'short' }).format(d);
}

/** "24 nov. 2026, 09:00". */
export function shortDateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(getLang(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A <time> showing the relative date, the full one in its title. */
export function timeEl(iso, cls = 'time') {
  return h('time', { datetime: iso, title: fullDate(iso), class: cls }, relativeDate(iso));
}

/** A datetime-local value ("2026-11-24T09:00", the reader's time) → UTC "2026-11-24T08:00:00Z". */
export function localInputToUtc(value) {
  if (!value) return null;
  const d = new Date(value); // a date-time without offset is read as local time
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
