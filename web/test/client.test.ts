import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, buildUrl, fieldError, onUnauthenticated, parseError, request, setCsrfToken } from '../src/api/client';

type Call = { url: string; init: RequestInit };
let calls: Call[];

function answer(status: number, body?: unknown, type = 'application/json') {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': type } });
}

function stubFetch(...responses: (Response | Error)[]) {
  const queue = [...responses];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      const r = queue.shift();
      if (!r) throw new Error('unexpected fetch');
      if (!(r instanceof Response)) throw r;
      return r;
    }),
  );
}

const header = (c: Call, name: string) => (c.init.headers as Record<string, string>)[name];

beforeEach(() => {
  calls = [];
  setCsrfToken(null);
});
afterEach(() => vi.unstubAllGlobals());

describe('CSRF header', () => {
  it('is sent on every changing method and never on GET', async () => {
    setCsrfToken('tok-123');
    stubFetch(answer(200, {}), answer(200, {}), answer(200, {}), answer(200, {}), answer(204));
    await api.get('/me');
    await api.post('/programs', { name: 'x' });
    await api.put('/enrollments/1/profile', {});
    await api.patch('/programs/1', {});
    await api.del('/session');
    expect(calls.map((c) => [c.init.method, header(c, 'X-CSRF-Token')])).toEqual([
      ['GET', undefined],
      ['POST', 'tok-123'],
      ['PUT', 'tok-123'],
      ['PATCH', 'tok-123'],
      ['DELETE', 'tok-123'],
    ]);
    expect(calls.every((c) => c.init.credentials === 'same-origin')).toBe(true);
  });

  it('is left out before sign-in (the session call does not need it)', async () => {
    stubFetch(answer(200, { user: {}, csrf_token: 'new' }));
    await api.post('/session', { email: 'a@x.test', password: 'p' });
    expect(header(calls[0], 'X-CSRF-Token')).toBeUndefined();
    expect(header(calls[0], 'Content-Type')).toBe('application/json');
    expect(calls[0].init.body).toBe('{"email":"a@x.test","password":"p"}');
  });

  it('sends CSV as text with its content type', async () => {
    setCsrfToken('t');
    stubFetch(answer(200, { rows: 1, added: 1, updated: 0, warnings: [] }));
    await request('POST', '/programs/3/participants/import', { text: 'role,id,name\n', contentType: 'text/csv' });
    expect(calls[0].url).toBe('/api/v1/programs/3/participants/import');
    expect(header(calls[0], 'Content-Type')).toBe('text/csv');
    expect(calls[0].init.body).toBe('role,id,name\n');
    expect(header(calls[0], 'X-CSRF-Token')).toBe('t');
  });
});

describe('answers', () => {
  it('parses JSON, and 204 as null', async () => {
    stubFetch(answer(200, { programs: [{ id: 1 }] }), answer(204));
    expect(await api.get('/programs')).toEqual({ programs: [{ id: 1 }] });
    expect(await api.del('/session')).toBeNull();
  });

  it('builds query strings and leaves out empty values', () => {
    expect(buildUrl('/programs/1/audit', { entity: 'pair', action: '', before: null, limit: 50 })).toBe('/api/v1/programs/1/audit?entity=pair&limit=50');
    expect(buildUrl('/me')).toBe('/api/v1/me');
  });
});

describe('errors', () => {
  it('carries code, message and field', async () => {
    stubFetch(answer(400, { error: { code: 'invalid_argument', message: 'must be between 0 and 100', field: 'weights.interests' } }));
    const err = (await api.patch('/programs/1', {}).catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect([err.status, err.code, err.message, err.field]).toEqual([400, 'invalid_argument', 'must be between 0 and 100', 'weights.interests']);
    expect(fieldError(err, 'weights.interests')).toBe('must be between 0 and 100');
    expect(fieldError(err, 'interests')).toBe('must be between 0 and 100');
    expect(fieldError(err, 'weights')).toBe('must be between 0 and 100');
    expect(fieldError(err, 'name')).toBeNull();
  });

  it('carries every row problem of a rejected import', async () => {
    const problems = [
      { row: 2, column: 'capacity', reason: 'not a number' },
      { row: 3, column: 'time_zone', reason: 'unknown time zone' },
    ];
    stubFetch(answer(422, { error: { code: 'invalid_argument', message: '2 problems; nothing was imported', problems } }));
    const err = (await request('POST', '/programs/1/participants/import', { text: 'x' }).catch((e) => e)) as ApiError;
    expect(err.status).toBe(422);
    expect(err.problems).toEqual(problems);
  });

  it('gives a readable message when the body is not the API shape', async () => {
    const cases: [Response, number, RegExp][] = [
      [answer(502, '<html>Bad gateway</html>', 'text/html'), 502, /error \(502\)/],
      [answer(503, ''), 503, /busy or starting/],
      [answer(404, { nope: 1 }), 404, /not found/i],
      [answer(403, { error: { code: 'permission_denied' } }), 403, /not allowed/],
    ];
    for (const [res, status, msg] of cases) {
      const err = await parseError(res);
      expect(err.status, String(status)).toBe(status);
      expect(err.message, String(status)).toMatch(msg);
    }
  });

  it('turns a network failure into an ApiError with status 0', async () => {
    stubFetch(new TypeError('Failed to fetch'));
    const err = (await api.get('/me').catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(0);
    expect(err.message).toMatch(/could not be reached/);
  });

  it('tells listeners when the session has ended (401)', async () => {
    const seen = vi.fn();
    const off = onUnauthenticated(seen);
    stubFetch(answer(401, { error: { code: 'unauthenticated', message: 'sign in' } }), answer(403, { error: { code: 'permission_denied', message: 'no' } }));
    await api.get('/programs').catch(() => {});
    await api.get('/pairs/9').catch(() => {});
    expect(seen).toHaveBeenCalledTimes(1);
    off();
  });

  it('lets an abort through unchanged', async () => {
    const abort = new DOMException('aborted', 'AbortError');
    stubFetch(abort as unknown as Error);
    await expect(api.get('/me')).rejects.toBe(abort);
  });
});
