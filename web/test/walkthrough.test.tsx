// The defects a first walkthrough of Tandem found (issue 14), each shown on
// the page that had it, against a stubbed API.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../src/api/client';
import type { Me, Membership, Pair, Program, ProgramSummary } from '../src/api/types';
import { Button, ErrorMessage } from '../src/components/ui';
import { SessionContext } from '../src/session';
import { ProgramSetup } from '../src/pages/setup';
import { PairsOverview, PairHealth } from '../src/pages/pairs';
import { Home } from '../src/pages/home';
import { Pager } from '../src/components/ui';
import { UnmatchedTable, sidesOfRun } from '../src/pages/matching';
import { InstitutionsPage, UsersPage } from '../src/pages/admin';

type Handler = (body: unknown, url: URL) => unknown;
/** Stubs fetch with `routes` ("GET /programs/1" → answer or handler); records every call. */
function stubApi(routes: Record<string, unknown>) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://tandem.test');
      const method = init.method ?? 'GET';
      const path = url.pathname.replace(/^\/api\/v1/, '');
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, path, body });
      const key = `${method} ${path}`;
      if (!(key in routes)) return new Response(JSON.stringify({ error: { code: 'not_found', message: `no stub for ${key}` } }), { status: 404, headers: { 'Content-Type': 'application/json' } });
      const r = routes[key];
      const answer = typeof r === 'function' ? (r as Handler)(body, url) : r;
      if (answer instanceof ApiError)
        return new Response(JSON.stringify({ error: { code: answer.code, message: answer.message } }), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

const membership = (program_id: number, role: Membership['role'], enrollment_id = 50): Membership => ({
  enrollment_id,
  program_id,
  program_name: 'Hematology Fellows',
  program_kind: 'cohort',
  role,
  status: 'active',
  participant_id: '',
});
const meWith = (memberships: Membership[], is_admin = false): Me =>
  ({ user: { id: 9, email: 'me@x.example', name: 'Me Myself', is_admin, has_password: true }, memberships, csrf_token: 't' }) as Me;

function As({ me, children }: { me: Me; children: ComponentChildren }) {
  return <SessionContext.Provider value={{ me, refresh: async () => me, signOut: async () => {} }}>{children}</SessionContext.Provider>;
}

const program: Program = {
  id: 1,
  name: 'Hematology Fellows',
  field: 'hematology',
  kind: 'cohort',
  objectives: 'Research careers.',
  starts_on: '2026-07-01',
  ends_on: '2027-06-30',
  cadence_days: 30,
  meeting_mode: 'virtual',
  cross_institution: true,
  status: 'active',
  weights: { interests: 30, specialties: 15, goals: 15, experience: 10, background: 10, language: 5, availability: 10, preference: 5 },
  max_time_zone_difference_hours: null,
  min_score: null,
  health_due_days: null,
  health_at_risk_days: null,
  health_stalled_days: null,
  created_at: '2026-06-01T10:00:00Z',
};

const person = (enrollment_id: number, participant_id: string, name: string) => ({ enrollment_id, participant_id, name });
const pair = (id: number, status: Pair['status'], mentee: ReturnType<typeof person>, mentor: ReturnType<typeof person>): Pair => ({
  id,
  program_id: 1,
  mentee,
  mentor,
  status,
  score: 70,
  breakdown: { interests: 30, goals: 40 },
  matching_run_id: 1,
  started_on: '2026-07-01',
  ended_on: null,
  end_reason: status === 'dissolved' ? 'Moved away' : null,
  created_at: '2026-07-01T10:00:00Z',
});

describe('2. each role sees only what it may use', () => {
  it('offers "Try again" only when trying again can help, never for a refusal', () => {
    const retry = vi.fn();
    const { unmount } = render(<ErrorMessage error={new ApiError(403, 'permission_denied', 'only a coordinator can read the audit log')} retry={retry} />);
    expect(screen.getByRole('alert').textContent).toContain('only a coordinator');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    unmount();
    for (const status of [400, 401, 404, 409]) {
      const r = render(<ErrorMessage error={new ApiError(status, 'x', 'no')} retry={retry} />);
      expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
      r.unmount();
    }
    for (const status of [0, 408, 429, 500, 503]) {
      const r = render(<ErrorMessage error={new ApiError(status, 'x', 'later')} retry={retry} />);
      expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
      r.unmount();
    }
  });

  it("shows an evaluator the program's read-only summary, not the coordinator's set-up", async () => {
    const calls = stubApi({
      'GET /programs/1': program,
      'GET /programs/1/summary': {
        program_id: 1,
        enrollments: { 'mentee.active': 35, 'mentor.active': 34, 'coordinator.active': 1 },
        pairs: { active: 33, dissolved: 2 },
        mentees_matched: 33,
        mean_score: 61.25,
        min_score: 40,
        meetings: { scheduled: 4, held: 120, not_held: 9 },
        pair_health: { on_track: 30, at_risk: 2, stalled: 1 },
      } satisfies ProgramSummary,
    });
    render(
      <As me={meWith([membership(1, 'evaluator')])}>
        <ProgramSetup programId={1} />
      </As>,
    );
    await screen.findByRole('heading', { name: 'Figures' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Overview');
    expect(await screen.findByText('35 active')).toBeTruthy();
    expect(screen.getByText('mean 61.3, lowest 40.0')).toBeTruthy();
    expect(screen.getByText('120 held, 9 not held, 4 scheduled')).toBeTruthy();
    expect(screen.getByText('30 on track, 2 at risk, 1 stalled')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Close the program/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Save/ })).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('navigation', { name: 'Program sections' })).toBeNull();
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it("says a coordinator's page is not for an evaluator without asking the API or offering to try again", async () => {
    const calls = stubApi({ 'GET /programs/1': program, 'GET /programs/1/pairs': new ApiError(403, 'permission_denied', 'no') });
    render(
      <As me={meWith([membership(1, 'evaluator')])}>
        <PairsOverview programId={1} />
      </As>,
    );
    await screen.findByRole('heading', { name: 'Not allowed' });
    expect(screen.getByText(/is for the program's coordinators/)).toBeTruthy();
    expect(screen.getByRole('link', { name: "Go to the program's overview" }).getAttribute('href')).toBe('/programs/1');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(calls.map((c) => c.path)).toEqual(['/programs/1']);
  });
});

describe('5. saving keeps the keyboard focus on the form', () => {
  it('keeps a busy button focusable (aria-disabled, not disabled) and ignores a second press', async () => {
    const user = userEvent.setup();
    let finish: () => void = () => {};
    const submitted = vi.fn();
    function Form() {
      const [busy, setBusy] = useState(false);
      return (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submitted();
            setBusy(true);
            finish = () => setBusy(false);
          }}
        >
          <Button type="submit" busy={busy} busyLabel="Saving…">
            Save profile
          </Button>
        </form>
      );
    }
    render(<Form />);
    const button = screen.getByRole('button', { name: 'Save profile' });
    await user.click(button);
    const busy = screen.getByRole('button', { name: 'Saving…' });
    expect(busy.hasAttribute('disabled')).toBe(false);
    expect(busy.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(busy);
    await user.click(busy);
    expect(submitted).toHaveBeenCalledTimes(1);
    finish();
    await screen.findByRole('button', { name: 'Save profile' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Save profile' }));
  });
});

describe('7. a mentor with two mentees', () => {
  it('sees one pair link per mentee, each saying whose pair it is', async () => {
    const mentor = person(50, 'M1', 'Dr. Chloe Tremblay');
    stubApi({
      'GET /programs/1/pairs': { pairs: [pair(1, 'active', person(61, 'F1', 'Priya Desai'), mentor), pair(2, 'active', person(62, 'F2', 'Omar Haddad'), mentor)] },
      'GET /enrollments/50': { id: 50, program_id: 1, profile_complete: true },
      'GET /me/surveys': { surveys: [] },
      'GET /enrollments/61/profile': { name: 'Priya Desai', role: 'mentee', interests: [], specialties: [], goals: [], languages: [], availability: [], background: {}, match_on: [], prefer: [], avoid: [] },
      'GET /enrollments/62/profile': { name: 'Omar Haddad', role: 'mentee', interests: [], specialties: [], goals: [], languages: [], availability: [], background: {}, match_on: [], prefer: [], avoid: [] },
    });
    render(
      <As me={meWith([membership(1, 'mentor')])}>
        <Home />
      </As>,
    );
    const first = await screen.findByRole('link', { name: 'Open your pair page with Priya Desai' });
    const second = screen.getByRole('link', { name: 'Open your pair page with Omar Haddad' });
    expect(first.getAttribute('href')).toBe('/pairs/1');
    expect(second.getAttribute('href')).toBe('/pairs/2');
    expect(screen.queryByRole('link', { name: 'Open your pair page' })).toBeNull();
  });
});

describe('8. health is for active pairs only', () => {
  it('shows no health for dissolved, completed or proposed pairs', () => {
    for (const status of ['dissolved', 'completed', 'proposed'] as const) {
      const { container, unmount } = render(<PairHealth pair={{ status }} />);
      expect(container.textContent).not.toContain('meetings');
      unmount();
    }
    const health = { status: 'at_risk' as const, expected: 2, held: 0, last_met: null, next_scheduled: null, days_without_meeting: 50 };
    const { container } = render(<PairHealth pair={{ status: 'active' }} health={health} />);
    expect(container.textContent).toContain('At risk');
    expect(container.textContent).toContain('no meeting yet, 50 days since the start');
  });
});

describe('9. a hand-made pair is confirmed with names on both sides', () => {
  it('says "Priya Desai is now paired with Dr. Ana Ruiz", not "F3 is now paired with …"', async () => {
    const user = userEvent.setup();
    const priya = person(63, 'F3', 'Priya Desai');
    const ana = person(40, 'M4', 'Dr. Ana Ruiz');
    stubApi({
      'GET /programs/1': program,
      'GET /programs/1/pairs': { pairs: [pair(5, 'dissolved', priya, person(41, 'M2', 'Dr. Chloe Tremblay'))] },
      'GET /programs/1/enrollments': { enrollments: [{ id: 63, program_id: 1, role: 'mentee', participant_id: 'F3', status: 'active', name: 'Priya Desai' }] },
      'POST /programs/1/rematch': { proposals: [{ mentee: 'F3', mentor: 'M4', mentee_name: 'Priya Desai', mentor_name: 'Dr. Ana Ruiz', score: 55, breakdown: {}, locked: false }] },
      'POST /programs/1/pairs': pair(6, 'active', priya, ana),
    });
    render(
      <As me={meWith([], true)}>
        <PairsOverview programId={1} />
      </As>,
    );
    await user.click(await screen.findByRole('button', { name: 'Suggest mentors' }));
    await user.click(await screen.findByRole('button', { name: 'Pair them: Priya Desai with Dr. Ana Ruiz' }));
    expect(await screen.findByText('Priya Desai is now paired with Dr. Ana Ruiz.')).toBeTruthy();
    // Health: the dissolved pair has none.
    const row = screen.getByRole('row', { name: /Moved away/ });
    expect(row.textContent).not.toContain('expected');
  });
});

describe('10. a run counts the two sides separately', () => {
  it('lists the people looking for support first and folds the spare volunteers away', () => {
    const unmatched = [
      { id: 'P7', name: 'Pat Seeker', role: 'mentee' as const, reason: 'no volunteer within the time-zone limit' },
      { id: 'V1', name: 'Val One', role: 'mentor' as const, reason: 'not needed: every person looking for support has a partner' },
      { id: 'V2', name: 'Val Two', role: 'mentor' as const, reason: 'not needed: every person looking for support has a partner' },
    ];
    const peer = render(<UnmatchedTable run={{ unmatched }} peer />);
    expect(peer.getByRole('heading', { name: 'People looking for support not matched (1)' })).toBeTruthy();
    expect(peer.getByText('2 volunteers not needed this time')).toBeTruthy();
    expect(peer.container.querySelector('details')?.hasAttribute('open')).toBe(false);
    peer.unmount();
    const cohort = render(<UnmatchedTable run={{ unmatched }} peer={false} />);
    expect(cohort.getByRole('heading', { name: 'Not matched (3)' })).toBeTruthy();
    expect(cohort.container.querySelector('details')).toBeNull();
  });

  it('counts the whole run from the summary and shows one page of the list with its pager', () => {
    const onPage = vi.fn();
    const unmatched = [{ id: 'V51', name: 'Val Fifty', role: 'mentor' as const, reason: 'not needed: every person looking for support has a partner' }];
    const summary = { matched: 40, unmatched: 1960, unmatched_mentees: 0, unmatched_mentors: 1960, total_score: 0, min_score: 0, mean_score: 0, blocking_pairs: 0, seconds: 1 };
    const pager = <Pager label="Pages of people not matched" offset={50} total={1960} onPage={onPage} />;
    const peer = render(<UnmatchedTable run={{ unmatched, summary }} peer pager={pager} />);
    expect(peer.getByText('1,960 volunteers not needed this time')).toBeTruthy();
    expect(peer.queryByRole('heading', { name: /People looking for support/ })).toBeNull();
    expect(peer.getByText('51–100 of 1,960')).toBeTruthy();
    fireEvent.click(peer.getByRole('button', { name: 'Next', hidden: true }));
    fireEvent.click(peer.getByRole('button', { name: 'Previous', hidden: true }));
    expect(onPage.mock.calls).toEqual([[100], [0]]);
    peer.unmount();
    // One page or less: no pager; the last page: no Next.
    expect(render(<Pager label="p" offset={0} total={50} onPage={onPage} />).container.textContent).toBe('');
    const last = render(<Pager label="Last" offset={1950} total={1960} onPage={onPage} />);
    expect(last.getByText('1,951–1,960 of 1,960')).toBeTruthy();
    expect((last.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('while a search is on, says what it found instead of the whole run\'s counts', () => {
    const summary = { matched: 55, unmatched: 5, unmatched_mentees: 5, unmatched_mentors: 0, total_score: 0, min_score: 0, mean_score: 0, blocking_pairs: 0, seconds: 1 };
    const none = render(<UnmatchedTable run={{ unmatched: [], summary, unmatched_total: 0 }} peer={false} q="castillo" />);
    expect(none.getByRole('heading', { name: 'Not matched' })).toBeTruthy();
    expect(none.getByText('Nobody left without a partner matches “castillo”.')).toBeTruthy();
    expect(none.queryByRole('table')).toBeNull();
    none.unmount();
    const one = [{ id: 'F9', name: 'Priya Walker', role: 'mentee' as const, reason: 'no mentor left' }];
    const found = render(<UnmatchedTable run={{ unmatched: one, summary, unmatched_total: 1 }} peer={false} q="priya" />);
    expect(found.getByText('1 person with “priya”.')).toBeTruthy();
    expect(found.getAllByRole('row')).toHaveLength(2);
    found.unmount();
    const spare = { ...summary, unmatched: 1960, unmatched_mentees: 0, unmatched_mentors: 1960 };
    const peer = render(<UnmatchedTable run={{ unmatched: [], summary: spare, unmatched_total: 59 }} peer q="garcia" />);
    expect(peer.getByText('Volunteers not needed this time')).toBeTruthy();
    expect(peer.queryByText(/1,960/)).toBeNull();
  });

  it('says everyone seeking support was matched and the spare volunteers were not needed', () => {
    const base = { matched: 60, unmatched: 247, total_score: 0, min_score: 0, mean_score: 0, blocking_pairs: 0, seconds: 1 };
    expect(sidesOfRun({ ...base, unmatched_mentees: 0, unmatched_mentors: 247 }, 'peer_support')).toEqual({
      seekers: ['People looking for support', 'all 60 matched'],
      offerers: ['Volunteers', '247 volunteers not needed this time'],
    });
    expect(sidesOfRun({ ...base, matched: 33, unmatched: 3, unmatched_mentees: 2, unmatched_mentors: 1 }, 'cohort')).toEqual({
      seekers: ['Mentees', '33 of 35 matched; 2 without a partner (reasons below)'],
      offerers: ['Mentors', '1 mentor without a partner (reasons below)'],
    });
    expect(sidesOfRun({ ...base, matched: 35, unmatched: 0, unmatched_mentees: 0, unmatched_mentors: 0 }, 'cohort').offerers[1]).toBe('every one has a partner');
  });
});

describe('1. the admin pages', () => {
  it('shows the accounts a page at a time', async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: 120 }, (_, i) => ({ id: i + 100, email: `p${i}@x.example`, name: `Person ${i}`, is_admin: false, disabled: false, has_password: true, created_at: '2026-01-02T03:04:05Z' }));
    stubApi({ 'GET /users': { users: many } });
    render(
      <As me={meWith([], true)}>
        <UsersPage />
      </As>,
    );
    await screen.findByText('120 accounts.');
    expect(screen.getAllByRole('row')).toHaveLength(51);  // the header and 50
    expect(screen.getByText(/Showing 50 of 120\./)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show 50 more' }));
    await user.click(screen.getByRole('button', { name: 'Show 20 more' }));
    expect(screen.getAllByRole('row')).toHaveLength(121);
    expect(screen.queryByText(/Showing/)).toBeNull();
  });

  it('lists and searches users, grants admin rights and signs a user out everywhere', async () => {
    const user = userEvent.setup();
    const ana = { id: 31, email: 'ana@x.example', name: 'Ana Diaz', is_admin: false, disabled: false, has_password: true, created_at: '2026-01-02T03:04:05Z' };
    const self = { id: 9, email: 'me@x.example', name: 'Me Myself', is_admin: true, disabled: false, has_password: true };
    const calls = stubApi({
      'GET /users': (_: unknown, url: URL) => ({ users: url.searchParams.get('q') === 'ana' ? [ana] : [self, ana] }),
      'PATCH /users/31': (body: unknown) => ({ ...ana, ...(body as object) }),
      'DELETE /users/31/sessions': { sessions_ended: 2 },
    });
    render(
      <As me={meWith([], true)}>
        <UsersPage />
      </As>,
    );
    await screen.findByText('2 accounts.');
    // No way to lock yourself out.
    expect(screen.queryByRole('button', { name: 'Disable… Me Myself' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove admin rights from Me Myself/ })).toBeNull();
    await user.type(screen.getByRole('searchbox', { name: 'Name or e-mail' }), 'ana');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByText('1 account matching “ana”.');
    await user.click(screen.getByRole('button', { name: 'Make admin Ana Diaz' }));
    expect(await screen.findByText('Ana Diaz is now an administrator.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Sign out everywhere Ana Diaz' }));
    expect(await screen.findByText('Ana Diaz is signed out everywhere (2 sessions ended).')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Disable… Ana Diaz' }));
    await user.click(screen.getByRole('button', { name: 'Yes, disable Ana Diaz' }));
    expect(await screen.findByText(/Ana Diaz is disabled/)).toBeTruthy();
    expect(calls.filter((c) => c.method !== 'GET').map((c) => [c.method, c.path, c.body])).toEqual([
      ['PATCH', '/users/31', { is_admin: true }],
      ['DELETE', '/users/31/sessions', undefined],
      ['PATCH', '/users/31', { disabled: true }],
    ]);
  });

  it('adds, renames and merges institutions', async () => {
    const user = userEvent.setup();
    let list = [
      { id: 1, name: 'Emory University', people: 4 },
      { id: 2, name: 'Emory Univ.', people: 2 },
    ];
    const calls = stubApi({
      'GET /institutions': () => ({ institutions: list }),
      'POST /institutions': (b: unknown) => {
        const i = { id: 3, name: (b as { name: string }).name, people: 0 };
        list = [...list, i];
        return i;
      },
      'PATCH /institutions/3': (b: unknown) => {
        list = list.map((i) => (i.id === 3 ? { ...i, name: (b as { name: string }).name } : i));
        return list.find((i) => i.id === 3);
      },
      'POST /institutions/2/merge': () => {
        list = list.filter((i) => i.id !== 2).map((i) => (i.id === 1 ? { ...i, people: 6 } : i));
        return { institution: list[0], moved: 2 };
      },
    });
    render(
      <As me={meWith([], true)}>
        <InstitutionsPage />
      </As>,
    );
    await screen.findByRole('cell', { name: 'Emory Univ.' });
    await user.type(screen.getByRole('textbox', { name: 'Add an institution' }), 'Mayo Clinc');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('Mayo Clinc is added.')).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: 'Rename… Mayo Clinc' }));
    const name = screen.getByRole('textbox', { name: 'New name for Mayo Clinc' });
    await user.clear(name);
    await user.type(name, 'Mayo Clinic');
    await user.click(screen.getByRole('button', { name: 'Rename' }));
    expect(await screen.findByText('Mayo Clinc is now called Mayo Clinic.')).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: 'Merge… Emory Univ.' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Merge Emory Univ. into' }), { target: { value: '1' } });
    await user.click(screen.getByRole('button', { name: 'Merge into Emory University' }));
    expect(await screen.findByText('Emory Univ. is merged into Emory University: 2 people moved.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('cell', { name: 'Emory Univ.' })).toBeNull());
    expect(calls.filter((c) => c.method !== 'GET').map((c) => [c.method, c.path, c.body])).toEqual([
      ['POST', '/institutions', { name: 'Mayo Clinc' }],
      ['PATCH', '/institutions/3', { name: 'Mayo Clinic' }],
      ['POST', '/institutions/2/merge', { into: 1 }],
    ]);
  });
});
