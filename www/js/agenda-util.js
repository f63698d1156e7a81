// Dates of the agenda. The server gives an event's times in RFC 3339 with
// the offset of the event's own zone ("2026-12-10T14:00:00+01:00") and an
// all-day event's days as dates ("2026-12-10", the end exclusive). The
// agenda shows them as the organiser wrote them: the day and the hour of
// the event's zone (read from the text, never moved into the reader's
// zone), the zone named beside the hour when it is not the reader's.
// Calendar arithmetic is done on civil dates ("YYYY-MM-DD") through UTC,
// so that a daylight-saving change never shifts a day.

import { getLang } from './i18n.js';

export const DEFAULT_TZ = 'Europe/Paris';

const pad = (n) => String(n).padStart(2, '0');
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})/;

/** "YYYY-MM-DD" of a UTC-based Date. */
function ymdOfUtc(d) {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A civil date → a Date at midnight UTC (for arithmetic and formatting only). */
export function civil(ymd) {
  const m = DATE_RE.exec(String(ymd || ''));
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

export function isDate(ymd) {
  const d = civil(ymd);
  return !!d && ymdOfUtc(d) === String(ymd).slice(0, 10);
}

export function addDays(ymd, n) {
  const d = civil(ymd);
  d.setUTCDate(d.getUTCDate() + n);
  return ymdOfUtc(d);
}

/** Today in the reader's own zone. */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "YYYY-MM" of a date; the month `n` months later. */
export const monthOf = (ymd) => String(ymd).slice(0, 7);
export function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}
export const isMonth = (s) => /^\d{4}-(0[1-9]|1[0-2])$/.test(String(s || ''));

/**
 * The weeks shown for a month (Monday first): an array of 4 to 6 weeks of
 * 7 dates, the days of the neighbouring months included.
 */
export function monthWeeks(month) {
  const first = civil(`${month}-01`);
  const shift = (first.getUTCDay() + 6) % 7; // days since Monday
  let day = addDays(`${month}-01`, -shift);
  const weeks = [];
  do {
    const week = [];
    for (let i = 0; i < 7; i += 1) { week.push(day); day = addDays(day, 1); }
    weeks.push(week);
  } while (monthOf(day) === month);
  return weeks;
}

const fmt = (opts) => new Intl.DateTimeFormat(getLang(), { timeZone: 'UTC', ...opts });

/** The first letter in capitals (a heading: « Jeudi 10 décembre 2026 »). */
export const cap = (s) => (s ? s[0].toLocaleUpperCase(getLang()) + s.slice(1) : s);
/** "Décembre 2026". */
export const monthTitle = (month) => cap(fmt({ month: 'long', year: 'numeric' }).format(civil(`${month}-01`)));
/** "jeudi 10 décembre 2026". */
export const dayTitle = (ymd) => fmt({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(civil(ymd));
/** "jeu. 10 déc." */
export const dayShort = (ymd) => fmt({ weekday: 'short', day: 'numeric', month: 'short' }).format(civil(ymd));
/** The seven weekday names, Monday first: [{short, long}]. */
export function weekdays() {
  const monday = '2024-01-01'; // a Monday
  return Array.from({ length: 7 }, (_, i) => {
    const d = civil(addDays(monday, i));
    return { short: cap(fmt({ weekday: 'short' }).format(d)), long: fmt({ weekday: 'long' }).format(d) };
  });
}

/** The date and the hour ("HH:MM") an RFC 3339 time shows, as written. */
export const datePart = (s) => String(s || '').slice(0, 10);
export const timePart = (s) => (String(s || '').length > 10 ? String(s).slice(11, 16) : '');

/** "14:00" (fr) or "2:00 PM" (en). */
export function hourText(hhmm) {
  const [hh, mm] = String(hhmm).split(':').map(Number);
  return fmt({ hour: 'numeric', minute: '2-digit' }).format(new Date(Date.UTC(2024, 0, 1, hh, mm)));
}

/** The dates an occurrence covers (at most 62): all-day end exclusive; a timed end at midnight excluded. */
export function daysOf(start, end, allDay) {
  const first = datePart(start);
  let last = datePart(end || start);
  if (!isDate(first)) return [];
  if (!isDate(last) || last < first) last = first;
  if (last > first && (allDay || timePart(end) === '00:00')) last = addDays(last, -1);
  const days = [];
  for (let d = first; d <= last && days.length < 62; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The reader's own zone. */
export function readerZone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch { return ''; }
}

/** The zones to choose from (the event's default first). */
export function zones() {
  let list = [];
  try { list = Intl.supportedValuesOf('timeZone'); } catch { list = []; }
  if (!list.includes(DEFAULT_TZ)) list.unshift(DEFAULT_TZ);
  if (!list.includes('UTC')) list.push('UTC');
  return list;
}

/** The offset (minutes east of UTC) of zone `tz` at the instant `ms`. */
function offsetAt(tz, ms) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms));
  const v = Object.fromEntries(parts.map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(v.year), Number(v.month) - 1, Number(v.day), Number(v.hour) % 24, Number(v.minute), Number(v.second));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/**
 * A wall time of zone `tz` ("2026-12-10", "14:00") → RFC 3339 with the
 * zone's offset then ("2026-12-10T14:00:00+01:00"); null when not a time.
 */
export function zonedTime(ymd, hhmm, tz) {
  if (!isDate(ymd) || !/^\d{2}:\d{2}$/.test(hhmm || '')) return null;
  const [y, mo, d] = ymd.split('-').map(Number);
  const [hh, mm] = hhmm.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, hh, mm);
  let offset = 0;
  try {
    offset = offsetAt(tz, wall);
    offset = offsetAt(tz, wall - offset * 60000);
  } catch {
    return null;
  }
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${ymd}T${pad(hh)}:${pad(mm)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "14:00 – 16:00", "Toute la journée"-like texts are built by the callers; this gives the parts. */
export function occurrenceHours(start, end) {
  const from = timePart(start);
  const to = timePart(end);
  if (!from) return null;
  const sameDay = datePart(start) === datePart(end);
  return { from: hourText(from), to: to ? hourText(to) : null, toDay: to && !sameDay ? datePart(end) : null };
}
