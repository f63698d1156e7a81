// The one way the application talks to the server: JSON over fetch, same
// origin, with the current language in Accept-Language and, for every
// request that changes state, the CSRF token kept in memory (never stored).

import { getLang, t } from './i18n.js';

const BASE = '/api/v1';
let csrfToken = null;
let onUnauthenticated = null;
let onCharterRequired = null;

export class ApiError extends Error {
  constructor(status, code, message, details = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    // the error object's other fields, e.g. {group: {id, name}} on a 409
    this.details = details;
  }
}

export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** The token kept here, for a request that cannot go through api() (an upload with progress). */
export function getCsrfToken() {
  return csrfToken;
}

/** Called when a request other than the session ones answers 401. */
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

/** Called when a request answers 403 charter_required (a charter to accept first). */
export function setCharterRequiredHandler(fn) {
  onCharterRequired = fn;
}

function buildUrl(path, query) {
  const url = new URL(BASE + path, window.location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
  }
  return url.pathname + url.search;
}

/**
 * api('GET', '/users', {query: {q: 'dup'}}) → parsed JSON (null for 204).
 * Throws ApiError(status, code, message) with the server's message (already
 * in the person's language) or a local one for network failures.
 */
export async function api(method, path, { query, body, raw, contentType, signal, quiet401 = false } = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': getLang() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  // raw: bytes sent as they are (a CSV file to import), of contentType
  if (raw !== undefined) headers['Content-Type'] = contentType || 'application/octet-stream';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res;
  try {
    res = await fetch(buildUrl(path, query), {
      method,
      headers,
      body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', t('error.network'));
  }

  if (res.status === 204) return null;
  let data = null;
  const type = res.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try { data = await res.json(); } catch { data = null; }
  }
  if (res.ok) return data;

  const err = data && data.error ? data.error : {};
  const { code, message, ...details } = err;
  const error = new ApiError(
    res.status,
    code || (res.status === 401 ? 'unauthenticated' : 'http_' + res.status),
    message || (res.status >= 500 || res.status === 0 ? t('error.server') : t('error.generic')),
    details,
  );
  if (res.status === 401 && !quiet401 && onUnauthenticated) onUnauthenticated(error);
  if (res.status === 403 && error.code === 'charter_required' && onCharterRequired) onCharterRequired(details.version);
  throw error;
}

export const get = (path, opts) => api('GET', path, opts);
export const post = (path, body, opts) => api('POST', path, { ...opts, body });
export const patch = (path, body, opts) => api('PATCH', path, { ...opts, body });
export const put = (path, body, opts) => api('PUT', path, { ...opts, body });
export const del = (path, opts) => api('DELETE', path, opts);
