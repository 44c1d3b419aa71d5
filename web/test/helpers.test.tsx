import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/preact';
import { passwordProblem } from '../src/pages/auth';
import { canonicalTag } from '../src/components/TagPicker';
import { linkify } from '../src/pages/outbox';
import { matchPath } from '../src/router';
import { canCoordinate } from '../src/session';
import type { Me } from '../src/api/types';

describe('small rules', () => {
  it('checks a new password before sending it', () => {
    expect(passwordProblem('short', 'short')?.field).toBe('password');
    expect(passwordProblem('long enough pw', 'long enough pW')?.field).toBe('again');
    expect(passwordProblem('long enough pw', 'long enough pw')).toBeNull();
    // Emoji are one character each, as the server counts them.
    expect(passwordProblem('😀😁😂😀😁😂😀😁', '😀😁😂😀😁😂😀😁')?.field).toBe('password');
  });
  it('writes tags in the canonical form of the import', () => {
    expect(canonicalTag('  Sickle_Cell  Disease ')).toBe('sickle cell disease');
  });
  it('matches route patterns', () => {
    expect(matchPath('/programs/:id/pairs', '/programs/12/pairs')).toEqual({ id: '12' });
    expect(matchPath('/programs/:id/pairs', '/programs/12/pairs/')).toEqual({ id: '12' });
    expect(matchPath('/programs/:id', '/programs/12/pairs')).toBeNull();
    expect(matchPath('/invitations/:token', '/invitations/a%2Fb')).toEqual({ token: 'a/b' });
    expect(matchPath('/', '/')).toEqual({});
  });
  it('makes links in outbox messages clickable', () => {
    const { container } = render(<pre>{linkify('Open http://127.0.0.1:8080/invitations/abc. Thanks')}</pre>);
    const a = container.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('http://127.0.0.1:8080/invitations/abc');
    expect(container.textContent).toBe('Open http://127.0.0.1:8080/invitations/abc. Thanks');
  });
  it('knows who coordinates a program', () => {
    const me = (memberships: Me['memberships'], is_admin = false) =>
      ({ user: { id: 1, email: '', name: '', is_admin, has_password: true }, memberships, csrf_token: '' }) as Me;
    const m = (program_id: number, role: 'mentor' | 'coordinator') => ({ enrollment_id: 1, program_id, program_name: 'p', program_kind: 'cohort' as const, role, status: 'active' as const, participant_id: '' });
    expect(canCoordinate(me([], true), 5)).toBe(true);
    expect(canCoordinate(me([m(5, 'coordinator')]), 5)).toBe(true);
    expect(canCoordinate(me([m(5, 'mentor')]), 5)).toBe(false);
    expect(canCoordinate(me([m(4, 'coordinator')]), 5)).toBe(false);
    expect(canCoordinate(null, 5)).toBe(false);
  });
});

import { actionWords, actorWords, describeChange, entityWords } from '../src/pages/audit';
describe('audit entries', () => {
  it('say what changed in words', () => {
    expect(describeChange({ status: 'active', score: 78.3, mentor: 12 }, { status: 'dissolved', score: 78.3, mentor: 12, end_reason: 'moved' })).toEqual([
      'status: active → dissolved',
      'reason: — → moved',
    ]);
    expect(describeChange({ weights: { interests: 30, goals: 10 }, cross_institution: false }, { weights: { interests: 40, goals: 10 }, cross_institution: true })).toEqual([
      'weight of interests: 30 → 40',
      'across institutions only: no → yes',
    ]);
    expect(describeChange(null, { id: 4, name: 'Fellows', status: 'draft', program_id: 2 })).toEqual(['name: Fellows', 'status: draft']);
    expect(describeChange({ id: 33, name: 'Dana Farber Inst.' }, { id: 1, name: 'Dana-Farber', merged: 'Dana Farber Inst.', people_moved: 1 })).toEqual([
      'name: Dana-Farber',
      'merged from: Dana Farber Inst.',
      'people moved: 1',
    ]);
    expect(describeChange({ a: 1 }, null)).toEqual(['removed']);
    expect(describeChange(null, null)).toEqual([]);
  });
  // The walkthrough's "user:431": people by name, the e-mail only when the API gives it (to admins).
  it('name who did it and what it was about', () => {
    expect(actorWords({ actor: 'user:431', actor_name: 'Nadia Vasquez', actor_email: null })).toEqual({ name: 'Nadia Vasquez', email: null });
    expect(actorWords({ actor: 'user:431', actor_name: 'Nadia Vasquez', actor_email: 'nadia@x.example' }).email).toBe('nadia@x.example');
    expect(actorWords({ actor: 'system', actor_name: null, actor_email: null }).name).toBe('Tandem (automatic)');
    expect(actorWords({ actor: 'cli', actor_name: null, actor_email: null }).name).toBe('the command line');
    expect(actorWords({ actor: 'user:9', actor_name: null, actor_email: null }).name).not.toContain('user:');
    expect(entityWords({ entity: 'pair', entity_id: 7, entity_name: 'Ana Diaz and Ben Cole' })).toBe('Ana Diaz and Ben Cole');
    expect(entityWords({ entity: 'matching_run', entity_id: 3, entity_name: null })).toBe('matching run 3 (no longer exists)');
    expect(actionWords('pair.dissolve')).toBe('dissolved the pair');
    expect(actionWords('something.new_thing')).toBe('something new thing');
  });
});

import { App } from '../src/app';
import { screen, waitFor } from '@testing-library/preact';
import { vi } from 'vitest';
describe('the app frame', () => {
  it('shows the sign-in page to an anonymous visitor and a page, not a blank, when the server is down', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: { code: 'unauthenticated', message: 'sign in' } }), { status: 401, headers: { 'Content-Type': 'application/json' } })));
    const { unmount } = render(<App />);
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Sign in to Tandem'));
    expect(screen.getByLabelText('E-mail')).toBeTruthy();
    unmount();
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    render(<App />);
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Tandem is not reachable'));
    expect(screen.getByRole('alert').textContent).toMatch(/could not be reached/);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    vi.unstubAllGlobals();
  });
});
