// A small fetch wrapper for /api/v1: sends the session's CSRF token on every
// request that changes something, parses the API's error shape into ApiError,
// and never throws anything else (network failures become ApiError too).
import type { Problem } from './types';

export const API_BASE = '/api/v1';

/** An error answer from the API, or a failure to reach it (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  readonly problems: Problem[];

  constructor(status: number, code: string, message: string, field: string | null = null, problems: Problem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.problems = problems;
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;

/** Remembers the token from sign-in, /me or accepting an invitation; null on sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

const FALLBACK: Record<number, string> = {
  400: 'The request was not accepted. Check the fields and try again.',
  401: 'You are not signed in, or your session has ended. Please sign in again.',
  403: 'You are not allowed to do this.',
  404: 'This was not found. It may have been removed, or the address is wrong.',
  409: 'This cannot be done in the current state. Reload the page and try again.',
  413: 'The file is too large.',
  422: 'The file has problems; nothing was imported.',
  429: 'Too many requests. Wait a moment and try again.',
  503: 'The service is busy or starting. Try again in a moment.',
};

/** Turns a non-2xx response into an ApiError, whatever its body looks like. */
export async function parseError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    const text = await res.text();
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const err = (body as { error?: Record<string, unknown> } | null)?.error;
  const fallback = FALLBACK[res.status] ?? `The server answered with an error (${res.status}). Try again later.`;
  if (err && typeof err === 'object') {
    const problems = Array.isArray(err.problems)
      ? (err.problems as unknown[])
          .filter((p): p is Record<string, unknown> => !!p && typeof p === 'object')
          .map((p) => ({
            row: Number(p.row ?? 0),
            column: String(p.column ?? ''),
            reason: String(p.reason ?? ''),
          }))
      : [];
    return new ApiError(
      res.status,
      typeof err.code === 'string' ? err.code : 'error',
      typeof err.message === 'string' && err.message ? err.message : fallback,
      typeof err.field === 'string' && err.field ? err.field : null,
      problems,
    );
  }
  return new ApiError(res.status, res.status >= 500 ? 'unavailable' : 'error', fallback);
}

export interface RequestOptions {
  body?: unknown;
  /** Raw text body (e.g. CSV) sent with this content type instead of JSON. */
  text?: string;
  contentType?: string;
  query?: Record<string, string | number | null | undefined>;
  signal?: AbortSignal;
}

/** Listeners told when any call answers 401 (the session ended). */
const unauthenticatedListeners = new Set<() => void>();
export function onUnauthenticated(fn: () => void): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  let url = API_BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
    }
    const s = params.toString();
    if (s) url += '?' + s;
  }
  return url;
}

/** Calls the API. Resolves with the parsed JSON (null for 204); rejects with ApiError. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (opts.text !== undefined) {
    body = opts.text;
    headers['Content-Type'] = opts.contentType ?? 'text/plain';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = 'application/json';
  }
  if (MUTATING.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'Tandem could not be reached. Check your connection and try again.');
  }
  if (!res.ok) {
    const err = await parseError(res);
    if (res.status === 401) unauthenticatedListeners.forEach((fn) => fn());
    throw err;
  }
  if (res.status === 204) return null as T;
  const type = res.headers.get('Content-Type') ?? '';
  if (type.includes('json')) return (await res.json()) as T;
  return (await res.text()) as unknown as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  del: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};

/** Finds the message for a form field in an ApiError ("weights.interests" matches "weights.interests" or "interests"). */
export function fieldError(err: unknown, field: string): string | null {
  if (!(err instanceof ApiError) || !err.field) return null;
  const f = err.field;
  if (f === field || f.startsWith(field + '.') || f.startsWith(field + '[')) return err.message;
  const last = f.split('.').pop();
  if (last === field) return err.message;
  return null;
}
