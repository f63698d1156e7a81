// Languages: French by default, English second. Before sign-in, the choice
// made in this browser is remembered in localStorage "parvis.lang"; without
// one, a browser whose language starts with "en" gets English, every other
// gets French. Signed in, the person's saved language (their account's
// `language`, once they chose one: session.js) wins on every device.

export const LANGS = ['fr', 'en'];
const STORAGE_KEY = 'parvis.lang';

const dictionaries = {};
let current = 'fr';
const listeners = new Set();

function storedLang() {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return LANGS.includes(v) ? v : null;
  } catch {
    return null; // storage may be disabled
  }
}

export function initialLang() {
  const stored = storedLang();
  if (stored) return stored;
  const nav = (navigator.language || '').toLowerCase();
  return nav.startsWith('en') ? 'en' : 'fr';
}

async function load(lang) {
  if (!dictionaries[lang]) {
    const res = await fetch(`/i18n/${lang}.json`, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`i18n: cannot load ${lang} (${res.status})`);
    dictionaries[lang] = await res.json();
  }
  return dictionaries[lang];
}

/** Loads the dictionary and makes `lang` the current language. */
export async function setLang(lang, { remember = false, quiet = false } = {}) {
  if (!LANGS.includes(lang)) lang = 'fr';
  await load(lang);
  if (lang !== 'fr') await load('fr').catch(() => {}); // fallback for missing keys
  current = lang;
  document.documentElement.lang = lang;
  if (remember) rememberLang(lang);
  // quiet: nothing is drawn yet (a sign-in's answer, before the first page)
  if (!quiet) for (const fn of listeners) fn(lang);
}

/** Records the person's choice without changing anything else. */
export function rememberLang(lang) {
  try { localStorage.setItem(STORAGE_KEY, lang); } catch { /* ignore */ }
}

export function getLang() {
  return current;
}

/** Called after every language change. Returns an unsubscribe function. */
export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * t('people.count', {n: 3}) — looks the key up in the current dictionary
 * (falls back to French, then to the key), then replaces {name} placeholders.
 * A value that is an object {one, other} is chosen with Intl.PluralRules on
 * params.n.
 */
export function t(key, params = {}) {
  let value = lookup(dictionaries[current], key);
  if (value === undefined) value = lookup(dictionaries.fr, key);
  if (value === undefined) return key;
  if (typeof value === 'object') {
    const n = Number(params.n ?? 0);
    const form = n === 0 && value.zero !== undefined
      ? 'zero'
      : new Intl.PluralRules(current).select(n);
    value = value[form] ?? value.other;
  }
  return String(value).replace(/\{(\w+)\}/g, (m, name) => {
    const v = params[name];
    if (v === undefined) return m;
    return typeof v === 'number' ? formatNumber(v) : String(v);
  });
}

function lookup(dict, key) {
  if (!dict) return undefined;
  return key.split('.').reduce((node, part) => (node == null ? undefined : node[part]), dict);
}

/** Formats a number for the current language. */
export function formatNumber(n) {
  return new Intl.NumberFormat(current).format(n);
}
