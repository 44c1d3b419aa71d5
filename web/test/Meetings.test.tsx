// The pair page's meetings: times in the viewer's zone, proposing a free
// slot, answering, and health in words, against a stubbed API.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import type { FreeTime, Meeting, Pair } from '../src/api/types';
import { HealthBadge, PairMeetings, localInputValue, wallTime } from '../src/components/Meetings';

afterEach(() => vi.unstubAllGlobals());

function stubApi(routes: Record<string, unknown>) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://tandem.test');
      const method = init.method ?? 'GET';
      const path = url.pathname.replace(/^\/api\/v1/, '');
      calls.push({ method, path, body: init.body ? JSON.parse(String(init.body)) : undefined });
      const r = routes[`${method} ${path}`];
      if (r === undefined) return new Response(JSON.stringify({ error: { code: 'not_found', message: `no stub for ${method} ${path}` } }), { status: 404, headers: { 'Content-Type': 'application/json' } });
      return new Response(JSON.stringify(r), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return calls;
}

const pair: Pair = {
  id: 7,
  program_id: 1,
  mentor: { enrollment_id: 11, participant_id: 'M1', name: 'Dr. Ana Ruiz' },
  mentee: { enrollment_id: 12, participant_id: 'F1', name: 'Sam Lee' },
  status: 'active',
  score: 50,
  breakdown: {},
  matching_run_id: null,
  started_on: '2027-01-01',
  ended_on: null,
  end_reason: null,
  created_at: '2027-01-01T00:00:00Z',
};

const free: FreeTime = {
  viewer_zone: 'America/Chicago',
  from: '2027-01-10T00:00:00Z',
  until: '2027-03-07T00:00:00Z',
  slots: [{ start: '2027-01-12T15:00:00Z', end: '2027-01-12T17:00:00Z', start_local: '2027-01-12T09:00-06:00', end_local: '2027-01-12T11:00-06:00', zone_abbreviation: 'CST', minutes: 120 }],
  mentor: { name: 'Dr. Ana Ruiz', role: 'mentor', time_zone: 'America/New_York', availability: [{ start_minute: 1 * 1440 + 600, minutes: 120 }] },
  mentee: { name: 'Sam Lee', role: 'mentee', time_zone: 'America/Chicago', availability: [{ start_minute: 1 * 1440 + 540, minutes: 180 }] },
};

const proposed: Meeting = {
  id: 3,
  pair_id: 7,
  program_id: 1,
  uid: 'meeting-x@tandem',
  sequence: 0,
  starts_at: '2099-01-13T15:00:00Z',
  ends_at: '2099-01-13T15:45:00Z',
  minutes: 45,
  mode: 'video',
  location: 'https://meet.test/x',
  agenda: '',
  status: 'proposed',
  mentor_answer: 'accepted',
  mentee_answer: 'needs-action',
  proposed_by: 1,
  note: '',
  created_at: '2027-01-01T00:00:00Z',
  updated_at: '2027-01-01T00:00:00Z',
};

describe('times', () => {
  it('are shown in the zone asked, with its abbreviation, across clock changes', () => {
    expect(wallTime('2027-01-12T15:00:00Z', 'America/Chicago')).toBe('Tue 12 Jan 2027 09:00 CST');
    expect(wallTime('2027-07-13T14:00:00Z', 'America/Chicago')).toBe('Tue 13 Jul 2027 09:00 CDT');
    expect(localInputValue('2027-01-12T03:30:00Z', 'Asia/Kolkata')).toBe('2027-01-12T09:00');
  });
  it('health says what it means', () => {
    const { container } = render(<HealthBadge health={{ status: 'stalled', expected: 3, held: 1, last_met: '2027-01-01T10:00:00Z', next_scheduled: null, days_without_meeting: 61 }} />);
    expect(screen.getByText('Stalled')).toBeTruthy();
    expect(container.textContent).toContain('held 1 of 3 expected · last met 61 days ago');
    const never = render(<HealthBadge health={{ status: 'on_track', expected: 0, held: 0, last_met: null, next_scheduled: null, days_without_meeting: 1 }} />);
    expect(never.container.textContent).toContain('no meeting yet, 1 day since the start');
  });
});

describe('a mentee on the pair page', () => {
  it('proposes a free slot in their own zone and accepts the mentor’s proposal', async () => {
    const user = userEvent.setup();
    const calls = stubApi({
      'GET /pairs/7/free-time': free,
      'GET /pairs/7/meetings': { meetings: [proposed] },
      'GET /pairs/7/meeting-logs': { logs: [] },
      'GET /pairs/7/health': { status: 'on_track', expected: 0, held: 0, last_met: null, next_scheduled: null, days_without_meeting: 9 },
      'POST /pairs/7/meetings': { ...proposed, id: 4 },
      'POST /meetings/3/accept': { ...proposed, status: 'scheduled', mentee_answer: 'accepted' },
    });
    render(<PairMeetings pair={pair} side="mentee" viewerZone="UTC" />);
    await user.click(await screen.findByRole('button', { name: 'Propose Tue 12 Jan 2027 09:00 CST · 120 min free' }));
    expect((screen.getByLabelText('Starts (America/Chicago)') as HTMLInputElement).value).toBe('2027-01-12T09:00');
    await user.type(screen.getByLabelText('Video link'), 'https://meet.test/y');
    await user.click(screen.getByRole('button', { name: 'Propose' }));
    await screen.findByText(/Proposed\. Dr\. Ana Ruiz gets an invitation/);
    const post = calls.find((c) => c.method === 'POST' && c.path === '/pairs/7/meetings');
    expect(post?.body).toMatchObject({ start: '2027-01-12T09:00', time_zone: 'America/Chicago', minutes: 45, mode: 'video', location: 'https://meet.test/y' });
    // The mentor's proposal waits for the mentee's answer, shown in the mentee's zone.
    expect(screen.getByText('Tue 13 Jan 2099 09:00 CST')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/meetings/3/accept')).toBe(true));
  });

  it('is told there is no common time and what each has', async () => {
    stubApi({
      'GET /pairs/7/free-time': { ...free, slots: [] },
      'GET /pairs/7/meetings': { meetings: [] },
      'GET /pairs/7/meeting-logs': { logs: [] },
      'GET /pairs/7/health': { status: 'due', expected: 1, held: 0, last_met: null, next_scheduled: null, days_without_meeting: 25 },
    });
    render(<PairMeetings pair={pair} side="mentee" viewerZone="UTC" />);
    expect(await screen.findByText(/no time in common in the next 8 weeks/)).toBeTruthy();
    expect(screen.getByText(/Dr\. Ana Ruiz \(mentor, America\/New_York\): Tue 10:00–12:00/)).toBeTruthy();
    expect(screen.getByText('Meeting due')).toBeTruthy();
  });
});
