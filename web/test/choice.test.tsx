// Mentees choosing (issue 24): the helpers of lib/choice.ts (notes counted
// in UTF-8 bytes, counters and states in words, moves in a ranked list),
// the ranked list by keyboard and by dragging, and against a stubbed API
// the set-up's "How people are matched", the shortlist (filters, asking with
// a note, the limit, a decline's kind sentence; ranking in both-mode), the
// requests page (accept makes a pair; decline needs a reason; withdraw),
// the profile's prefer and avoid lists and the home page's link.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ChoiceSettings, Me, MentorRequest, Program, Shortlist, ShortlistEntry } from '../src/api/types';
import { ApiError } from '../src/api/client';
import {
  NOTE_MAX,
  choosingDates,
  dropIndex,
  eligibleText,
  mentorLoad,
  moveAnnouncement,
  moveItem,
  noteBytes,
  noteError,
  requestState,
  requestsCounter,
} from '../src/lib/choice';
import { choiceBody } from '../src/components/MatchingModeForm';
import { MatchingModeSection } from '../src/components/MatchingModeForm';
import { RankedList } from '../src/components/RankedList';
import { PreferencesEditor, peopleOf } from '../src/components/PreferencesEditor';
import { ShortlistPage } from '../src/pages/shortlist';
import { RequestsPage } from '../src/pages/requests';
import { Home } from '../src/pages/home';
import { SessionContext } from '../src/session';

// ---------------------------------------------------------------- stubs --

type Handler = (body: unknown, url: URL) => unknown;
/** Stubs fetch with `routes` ("GET /programs/4" → answer or handler); records every call with its query. */
function stubApi(routes: Record<string, unknown>) {
  const calls: { key: string; path: string; query: URLSearchParams; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://tandem.test');
      const path = url.pathname.replace(/^\/api\/v1/, '');
      const key = `${init.method ?? 'GET'} ${path}`;
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ key, path, query: url.searchParams, body });
      const json = (status: number, b: unknown) => new Response(b === null ? null : JSON.stringify(b), { status, headers: { 'Content-Type': 'application/json' } });
      if (!(key in routes)) return json(404, { error: { code: 'not_found', message: `no stub for ${key}` } });
      const r = routes[key];
      const answer = typeof r === 'function' ? (r as Handler)(body, url) : r;
      if (answer instanceof ApiError) return json(answer.status, { error: { code: answer.code, message: answer.message, field: answer.field ?? undefined } });
      if (answer === null) return new Response(null, { status: 204 });
      return json(200, answer);
    }),
  );
  return calls;
}

/** jsdom has no PointerEvent: a MouseEvent with a pointer id and type is enough for the drag. */
beforeAll(() => {
  if (typeof window.PointerEvent === 'undefined') {
    class PointerEventPolyfill extends MouseEvent {
      pointerId: number;
      pointerType: string;
      constructor(type: string, init: PointerEventInit = {}) {
        super(type, init);
        this.pointerId = init.pointerId ?? 1;
        this.pointerType = init.pointerType ?? 'mouse';
      }
    }
    (window as unknown as { PointerEvent: unknown }).PointerEvent = PointerEventPolyfill;
  }
});

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

const membership = (role: 'mentor' | 'mentee' | 'coordinator', enrollment_id: number) => ({
  enrollment_id,
  program_id: 4,
  program_name: 'Early-Career Investigators Mentoring 2027',
  program_kind: 'cohort',
  role,
  status: 'active',
  participant_id: role === 'mentee' ? 'I401' : 'R301',
});
const person = (name: string, role: 'mentor' | 'mentee' | 'coordinator', enrollment_id = 544): Me =>
  ({ user: { id: 9, email: 'x@x.example', name, is_admin: false, has_password: true }, memberships: [membership(role, enrollment_id)], csrf_token: 't' }) as unknown as Me;
const mentee = person('Jasmine Martin', 'mentee', 544);
const mentor = person('Dr. Grace Quispe', 'mentor', 504);
const coordinator = person('Demo Coordinator', 'coordinator', 1);

function As({ me, children }: { me: Me; children: ComponentChildren }) {
  return <SessionContext.Provider value={{ me, refresh: async () => me, signOut: async () => {} }}>{children}</SessionContext.Provider>;
}

const program = { id: 4, name: 'Early-Career Investigators Mentoring 2027', status: 'matching', kind: 'cohort' } as unknown as Program;

const entry = (rank: number, mentor: string, name: string, extra: Partial<ShortlistEntry> = {}): ShortlistEntry => ({
  rank,
  enrollment_id: 500 + rank,
  mentor,
  name,
  institution: 'McGill University',
  career_stage: 'professor',
  time_zone: 'America/Toronto',
  interests: ['hemophilia', 'basic science'],
  specialties: ['classical hematology'],
  goals: ['clinical investigator'],
  languages: ['english'],
  bio: 'Principal investigator.',
  capacity: 2,
  mentees: 1,
  score: 60,
  breakdown: { interests: 20 },
  reasons: ['1 shared interest: hemophilia', 'at another institution'],
  request_status: null,
  request_id: null,
  ...extra,
});

const request = (id: number, status: MentorRequest['status'], extra: Partial<MentorRequest> = {}): MentorRequest => ({
  id,
  program_id: 4,
  mentee: 'I401',
  mentor: 'R301',
  mentee_name: 'Jasmine Martin',
  mentor_name: 'Dr. Grace Quispe',
  mentee_enrollment_id: 544,
  mentor_enrollment_id: 504,
  note: 'I would value your guidance.',
  status,
  reason: null,
  reason_text: null,
  message: '',
  created_at: '2026-12-06T21:22:00Z',
  answer_by: '2026-12-13T21:22:00Z',
  answered_at: null,
  pair_id: null,
  ...extra,
});

const shortlist = (extra: Partial<Shortlist> = {}): Shortlist => ({
  mode: 'mentee_led',
  open: true,
  eligible: 40,
  pending_requests: 0,
  max_open_requests: 3,
  mentors: [entry(1, 'R326', 'Dr. Kira Ibrahim'), entry(2, 'R301', 'Dr. Grace Quispe', { institution: 'Dana-Farber Cancer Institute', capacity: 1, mentees: 0 })],
  ...extra,
});

// -------------------------------------------------------------- helpers --

describe('choosing in words', () => {
  it('counts a note as the server does, in UTF-8 bytes', () => {
    expect(noteBytes('abc')).toBe(3);
    expect(noteBytes('é')).toBe(2);
    expect(noteBytes('🙂')).toBe(4);
    expect(noteError('x'.repeat(NOTE_MAX))).toBeNull();
    expect(noteError('x'.repeat(NOTE_MAX + 1))).toMatch(/^The note is too long: shorten it by 1 characters/);
    // 1000 é are 2000 bytes; one more is over.
    expect(noteError('é'.repeat(1000))).toBeNull();
    expect(noteError('é'.repeat(1001), 'message')).toMatch(/^The message is too long: shorten it by 2 /);
  });

  it('says how full a mentor is and how many mentors match', () => {
    expect(mentorLoad(0, 1)).toBe('has 0 of 1 mentee');
    expect(mentorLoad(1, 3)).toBe('has 1 of 3 mentees');
    expect(eligibleText(1, true)).toBe('1 mentor matches these filters.');
    expect(eligibleText(12, true)).toBe('12 mentors match these filters.');
    expect(eligibleText(0, true)).toBe('No mentor matches these filters.');
    expect(eligibleText(40, false)).toBe('40 mentors with room fit the program’s rules for you.');
  });

  it('counts the requests waiting and stops at the limit', () => {
    expect(requestsCounter({ pending_requests: 0, max_open_requests: 3 })).toEqual({ count: '0 of 3 requests waiting', more: 'You can ask 3 more mentors now.', full: false });
    expect(requestsCounter({ pending_requests: 2, max_open_requests: 3 }).more).toBe('You can ask 1 more mentor now.');
    const full = requestsCounter({ pending_requests: 3, max_open_requests: 3 });
    expect(full.full).toBe(true);
    expect(full.more).toMatch(/^You have asked as many mentors as you can at once/);
  });

  it('words each state for the one reading it', () => {
    const declined = request(1, 'declined', { reason: 'not_a_fit', reason_text: 'They think another mentor could help you more.', message: 'Try Dr. Kim.' });
    expect(requestState(declined, 'mentee')).toEqual({ label: 'Declined', text: 'They think another mentor could help you more.' });
    expect(requestState(declined, 'mentor').text).toBe('You declined: someone else could help them more.');
    const paired = request(2, 'withdrawn', { reason: 'paired' });
    expect(requestState(paired, 'mentee').text).toBe('You have found your mentor, so this request was withdrawn.');
    expect(requestState(paired, 'mentor').text).toBe('Jasmine Martin has found a mentor, so the request was withdrawn.');
    expect(requestState(request(3, 'withdrawn', { reason: 'mentor_full' }), 'mentee').text).toBe('Dr. Grace Quispe has no room left, so the request was withdrawn.');
    expect(requestState(request(4, 'withdrawn', { reason: 'by_mentee' }), 'mentee').text).toBe('You took this request back.');
    expect(requestState(request(5, 'accepted', { pair_id: 9 }), 'mentor').text).toBe('You and Jasmine Martin are a pair.');
    expect(requestState(request(6, 'pending'), 'mentor').text).toMatch(/^Please answer by \d+ Dec 2026, \d\d:22 \(your time\)/);
    expect(requestState(request(7, 'expired'), 'mentee').text).toMatch(/did not answer by .* so the request lapsed; you may ask someone else\.$/);
  });

  it('moves an item in a list and finds where a drag lands', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 9)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b', 'c'], 5, 0)).toEqual(['a', 'b', 'c']);
    expect(moveAnnouncement('Dr. Ana Ruiz', 0, 4)).toBe('Dr. Ana Ruiz moved to rank 1 of 4.');
    const boxes = [
      { top: 0, bottom: 40 },
      { top: 40, bottom: 80 },
      { top: 80, bottom: 120 },
    ];
    expect(dropIndex(boxes, 2, 5)).toBe(0); // the last row dragged to the top
    expect(dropIndex(boxes, 0, 110)).toBe(2); // the first row dragged below the third's middle
    expect(dropIndex(boxes, 0, 70)).toBe(1);
    expect(dropIndex(boxes, 1, 50)).toBe(1); // not past anyone: stays
  });

  it('says when choosing is open and checks the rules before sending them', () => {
    expect(choosingDates({ opens_on: null, closes_on: null })).toBeNull();
    expect(choosingDates({ opens_on: '2027-01-04', closes_on: '2027-01-31' })).toBe('Open from 4 Jan 2027 to 31 Jan 2027.');
    expect(choosingDates({ opens_on: null, closes_on: '2027-01-31' })).toBe('Open until 31 Jan 2027.');
    const draft = { mode: 'mentee_led' as const, shortlist_size: '10', max_open_requests: '3', answer_days: '7', opens_on: null as string | null, closes_on: null as string | null };
    expect(choiceBody(draft)).toEqual({ mode: 'mentee_led', shortlist_size: 10, max_open_requests: 3, answer_days: 7, opens_on: null, closes_on: null });
    const cases: [Partial<typeof draft>, string][] = [
      [{ shortlist_size: '0' }, 'shortlist_size'],
      [{ shortlist_size: '' }, 'shortlist_size'],
      [{ max_open_requests: '11' }, 'max_open_requests'],
      [{ answer_days: '2.5' }, 'answer_days'],
      [{ opens_on: '2027-02-01', closes_on: '2027-01-01' }, 'closes_on'],
    ];
    for (const [change, field] of cases) {
      const r = choiceBody({ ...draft, ...change });
      expect(r, JSON.stringify(change)).toBeInstanceOf(ApiError);
      expect((r as ApiError).field, JSON.stringify(change)).toBe(field);
    }
  });

  it('names the people on a list, with a placeholder for someone the directory does not know', () => {
    const known = new Map([['R301', { id: 'R301', name: 'Dr. Grace Quispe', institution: 'Dana-Farber' }]]);
    expect(peopleOf(['R301', 'R999'], known).map((p) => p.name)).toEqual(['Dr. Grace Quispe', 'Someone no longer active in the program (R999)']);
  });
});

// ---------------------------------------------------------- ranked list --

function Ranked({ initial = ['Ana', 'Ben', 'Cleo'], onChange }: { initial?: string[]; onChange?: (l: string[]) => void }) {
  const [items, setItems] = useState(initial);
  return (
    <RankedList
      items={items}
      keyOf={(x) => x}
      nameOf={(x) => x}
      label="Ranked people"
      onChange={(l) => {
        setItems(l);
        onChange?.(l);
      }}
      onRemove={(x) => setItems((l) => l.filter((y) => y !== x))}
    />
  );
}
const order = () => within(screen.getByRole('list', { name: 'Ranked people' })).getAllByRole('listitem').map((li) => li.querySelector('strong')!.textContent);

describe('a ranked list', () => {
  it('moves rows with Move up / Move down, announcing the move and keeping focus on the moved row', async () => {
    const user = userEvent.setup();
    render(<Ranked />);
    await user.click(screen.getByRole('button', { name: 'Move Cleo up' }));
    expect(order()).toEqual(['Ana', 'Cleo', 'Ben']);
    expect(screen.getByText('Cleo moved to rank 2 of 3.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move Cleo up' })));
    await user.keyboard('{Enter}');
    expect(order()).toEqual(['Cleo', 'Ana', 'Ben']);
    // At the top, Move up says it cannot (aria-disabled keeps focus) and does nothing.
    const up = screen.getByRole('button', { name: 'Move Cleo up' });
    expect(up.getAttribute('aria-disabled')).toBe('true');
    await user.click(up);
    expect(order()).toEqual(['Cleo', 'Ana', 'Ben']);
  });

  it('moves the row whose handle has focus with the arrow keys, Home and End', async () => {
    const user = userEvent.setup();
    render(<Ranked />);
    screen.getByRole('button', { name: /^Ana, rank 1 of 3: drag to reorder$/ }).focus();
    await user.keyboard('{ArrowDown}');
    expect(order()).toEqual(['Ben', 'Ana', 'Cleo']);
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Ana, rank 2 of 3: drag to reorder'));
    await user.keyboard('{End}');
    expect(order()).toEqual(['Ben', 'Cleo', 'Ana']);
    expect(screen.getByText('Ana moved to rank 3 of 3.')).toBeTruthy();
    await user.keyboard('{Home}');
    expect(order()).toEqual(['Ana', 'Ben', 'Cleo']);
  });

  it('drags a row by its handle (mouse or finger) to where it is dropped', () => {
    const changes: string[][] = [];
    render(<Ranked onChange={(l) => changes.push(l)} />);
    const rows = within(screen.getByRole('list', { name: 'Ranked people' })).getAllByRole('listitem');
    rows.forEach((r, i) => (r.getBoundingClientRect = () => ({ top: i * 40, bottom: i * 40 + 40, left: 0, right: 300, width: 300, height: 40, x: 0, y: i * 40, toJSON: () => ({}) })));
    const handle = screen.getByRole('button', { name: /^Cleo, rank 3 of 3/ });
    fireEvent.pointerDown(handle, { clientY: 100, pointerId: 1, pointerType: 'touch' });
    fireEvent.pointerMove(handle, { clientY: 10, pointerId: 1, pointerType: 'touch' });
    // While dragging, the rows show where Cleo would land.
    expect(order()).toEqual(['Cleo', 'Ana', 'Ben']);
    fireEvent.pointerUp(handle, { clientY: 10, pointerId: 1, pointerType: 'touch' });
    expect(changes).toEqual([['Cleo', 'Ana', 'Ben']]);
    expect(screen.getByText('Cleo moved to rank 1 of 3.')).toBeTruthy();
    // A cancelled drag changes nothing.
    fireEvent.pointerDown(screen.getByRole('button', { name: /^Ana, rank 2 of 3/ }), { clientY: 50 });
    fireEvent.pointerCancel(screen.getByRole('button', { name: /^Ana, rank 2 of 3/ }), { clientY: 0 });
    expect(changes).toHaveLength(1);
  });

  it('removes a row and moves focus to the one taking its place', async () => {
    const user = userEvent.setup();
    render(<Ranked />);
    await user.click(screen.getByRole('button', { name: 'Remove Ana' }));
    expect(order()).toEqual(['Ben', 'Cleo']);
    expect(screen.getByText('Ana removed.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Ben, rank 1 of 2: drag to reorder'));
  });
});

// ---------------------------------------------------------------- set-up --

describe('how people are matched (set-up)', () => {
  const settings: ChoiceSettings = { mode: 'coordinator', shortlist_size: 10, max_open_requests: 3, answer_days: 7, opens_on: null, closes_on: null };

  it('explains each mode, shows the rules a mode needs and saves them', async () => {
    const calls = stubApi({ 'GET /programs/4/matching-mode': settings, 'PUT /programs/4/matching-mode': (b: unknown) => b });
    const user = userEvent.setup();
    render(<MatchingModeSection programId={4} />);
    const coord = await screen.findByRole('radio', { name: /^Coordinator-led — You run matchings/ });
    expect((coord as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByLabelText(/Mentors on a shortlist/)).toBeNull();
    await user.click(screen.getByRole('radio', { name: /^Mentees rank, coordinator matches/ }));
    expect(screen.getByLabelText(/Mentors on a shortlist/)).toBeTruthy();
    expect(screen.queryByLabelText(/Requests at once/)).toBeNull(); // only mentee-led has requests
    await user.click(screen.getByRole('radio', { name: /^Mentees request, mentors accept/ }));
    const days = screen.getByLabelText(/Days to answer/);
    await user.clear(days);
    await user.type(days, '10');
    await user.type(screen.getByLabelText(/Choosing closes on/), '2027-01-31');
    await user.click(screen.getByRole('button', { name: 'Save how people are matched' }));
    await screen.findByText('Saved.');
    expect(calls.find((c) => c.key === 'PUT /programs/4/matching-mode')!.body).toEqual({
      mode: 'mentee_led',
      shortlist_size: 10,
      max_open_requests: 3,
      answer_days: 10,
      opens_on: null,
      closes_on: '2027-01-31',
    });
  });

  it('writes a wrong value, and the field the server names, under that field', async () => {
    const calls = stubApi({
      'GET /programs/4/matching-mode': { ...settings, mode: 'mentee_led' },
      'PUT /programs/4/matching-mode': new ApiError(400, 'invalid_argument', 'opens_on is a date YYYY-MM-DD', 'opens_on'),
    });
    const user = userEvent.setup();
    render(<MatchingModeSection programId={4} />);
    const size = await screen.findByLabelText(/Mentors on a shortlist/);
    await user.clear(size);
    await user.type(size, '80');
    await user.click(screen.getByRole('button', { name: 'Save how people are matched' }));
    expect(await screen.findByText('Enter how many mentors a shortlist shows: a whole number from 1 to 50.')).toBeTruthy();
    expect(size.getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.key === 'PUT /programs/4/matching-mode')).toBe(false);
    await user.clear(size);
    await user.type(size, '12');
    await user.click(screen.getByRole('button', { name: 'Save how people are matched' }));
    expect(await screen.findByText('opens_on is a date YYYY-MM-DD')).toBeTruthy();
    expect(screen.getByLabelText(/Choosing opens on/).getAttribute('aria-invalid')).toBe('true');
    // Leaving mentee-led warns that waiting requests are withdrawn.
    await user.click(screen.getByRole('radio', { name: /^Coordinator-led/ }));
    expect(screen.getByText(/Leaving this mode withdraws every request still waiting/)).toBeTruthy();
  });
});

// ------------------------------------------------------------- shortlist --

describe('the shortlist (mentee-led)', () => {
  const routes = (list: Shortlist | ApiError | ((b: unknown, url: URL) => unknown), requests: MentorRequest[] = []) => ({
    'GET /programs/4': program,
    'GET /programs/4/shortlist': list,
    'GET /programs/4/requests': { requests },
    'GET /programs/4/taxonomy': { topics: [{ id: 'hemophilia', label: 'hemophilia', parent: null }], career_stages: [], goals: [], languages: [] },
  });

  it('shows each mentor with why they fit and how full they are, and asks one with a note', async () => {
    let pending = 0;
    const calls = stubApi({
      ...routes(() => shortlist({ pending_requests: pending })),
      'POST /programs/4/requests': (b: unknown) => {
        pending++;
        return request(11, 'pending', { note: (b as { note: string }).note });
      },
    });
    const user = userEvent.setup();
    render(
      <As me={mentee}>
        <ShortlistPage programId={4} />
      </As>,
    );
    const card = (await screen.findByRole('heading', { level: 3, name: 'Dr. Grace Quispe' })).closest('li')!;
    expect(within(card).getByText('Has 0 of 1 mentee')).toBeTruthy();
    expect(within(card).getByText('1 shared interest: hemophilia')).toBeTruthy();
    expect(within(card).getByText('Dana-Farber Cancer Institute · professor · America/Toronto')).toBeTruthy();
    expect(screen.getByText('0 of 3 requests waiting.')).toBeTruthy();
    expect(screen.getByText('40 mentors with room fit the program’s rules for you.')).toBeTruthy();

    await user.click(within(card).getByRole('button', { name: 'Ask Dr. Grace Quispe to be my mentor' }));
    const note = within(card).getByLabelText('A short note to Dr. Grace Quispe');
    expect(document.activeElement).toBe(note);
    // Too long: refused here, under the note, without asking the server.
    fireEvent.input(note, { target: { value: 'x'.repeat(2001) } });
    expect(within(card).getByText('2001 of 2000 characters')).toBeTruthy();
    await user.click(within(card).getByRole('button', { name: 'Send request' }));
    expect(await within(card).findByText(/^The note is too long: shorten it by 1 characters/)).toBeTruthy();
    expect(note.getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.key === 'POST /programs/4/requests')).toBe(false);

    fireEvent.input(note, { target: { value: 'I am building a program in sickle cell disease.' } });
    await user.click(within(card).getByRole('button', { name: 'Send request' }));
    await screen.findByText('1 of 3 requests waiting.');
    expect(calls.find((c) => c.key === 'POST /programs/4/requests')!.body).toEqual({ mentor: 'R301', note: 'I am building a program in sickle cell disease.' });
    expect(screen.getByText(/^Your request to Dr. Grace Quispe is sent\./)).toBeTruthy();
  });

  it('shows a pending request with Withdraw, a decline with its kind sentence and words, and stops asking at the limit', async () => {
    const declined = request(2, 'declined', { mentor: 'R326', mentor_name: 'Dr. Kira Ibrahim', reason: 'no_room', reason_text: 'They have no room for another mentee this year.', message: 'Ask me next year!' });
    const pending = request(3, 'pending');
    const calls = stubApi({
      ...routes(
        shortlist({
          pending_requests: 3,
          mentors: [
            entry(1, 'R326', 'Dr. Kira Ibrahim', { request_status: 'declined', request_id: 2 }),
            entry(2, 'R301', 'Dr. Grace Quispe', { request_status: 'pending', request_id: 3 }),
            entry(3, 'R340', 'Dr. Noah Kim'),
          ],
        }),
        [declined, pending],
      ),
      'POST /requests/3/withdraw': request(3, 'withdrawn', { reason: 'by_mentee' }),
    });
    const user = userEvent.setup();
    render(
      <As me={mentee}>
        <ShortlistPage programId={4} />
      </As>,
    );
    const kira = (await screen.findByRole('heading', { level: 3, name: 'Dr. Kira Ibrahim' })).closest('li')!;
    expect(within(kira).getByText('They have no room for another mentee this year.')).toBeTruthy();
    expect(within(kira).getByText('Ask me next year!')).toBeTruthy();
    expect(within(kira).queryByRole('button', { name: /to be my mentor/ })).toBeNull();
    expect(screen.getByText('3 of 3 requests waiting.')).toBeTruthy();
    expect(screen.getByText(/You have asked as many mentors as you can at once/)).toBeTruthy();
    const ask = screen.getByRole('button', { name: 'Ask Dr. Noah Kim to be my mentor' }) as HTMLButtonElement;
    expect(ask.disabled).toBe(true);

    const grace = screen.getByRole('heading', { level: 3, name: 'Dr. Grace Quispe' }).closest('li')!;
    await user.click(within(grace).getByRole('button', { name: 'Withdraw request' }));
    await user.click(within(grace).getByRole('button', { name: 'Yes, withdraw my request to Dr. Grace Quispe' }));
    await waitFor(() => expect(calls.some((c) => c.key === 'POST /requests/3/withdraw')).toBe(true));
  });

  it('searches every eligible mentor with the filters and says how many match', async () => {
    const calls = stubApi(routes((_b: unknown, url: URL) => shortlist({ eligible: url.searchParams.get('q') ? 1 : 40, mentors: url.searchParams.get('q') ? [entry(1, 'R301', 'Dr. Grace Quispe')] : shortlist().mentors })));
    const user = userEvent.setup();
    render(
      <As me={mentee}>
        <ShortlistPage programId={4} />
      </As>,
    );
    await screen.findByRole('heading', { level: 3, name: 'Dr. Kira Ibrahim' });
    await user.type(screen.getByRole('searchbox', { name: /^Search/ }), 'Quispe');
    await user.selectOptions(screen.getByLabelText('Institution'), 'other');
    await user.selectOptions(screen.getByLabelText('Topic'), 'hemophilia');
    expect(await screen.findByText('1 mentor matches these filters.', {}, { timeout: 3000 })).toBeTruthy();
    const last = calls.filter((c) => c.key === 'GET /programs/4/shortlist').pop()!;
    expect(Object.fromEntries(last.query)).toEqual({ q: 'Quispe', interest: 'hemophilia', institution: 'other' });
    expect(screen.queryByRole('heading', { level: 3, name: 'Dr. Kira Ibrahim' })).toBeNull();
  });

  it('says why there is no shortlist when choosing is not open', async () => {
    stubApi({ ...routes(new ApiError(409, 'failed_precondition', 'in Hematology Fellows the coordinator matches people; there is no shortlist')) });
    render(
      <As me={mentee}>
        <ShortlistPage programId={4} />
      </As>,
    );
    expect(await screen.findByText('In Hematology Fellows the coordinator matches people; there is no shortlist.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });
});

describe('the shortlist (both mode)', () => {
  it('builds a ranked list from the shortlist, reorders it and saves it as prefer, keeping avoid', async () => {
    const calls = stubApi({
      'GET /programs/4': program,
      'GET /programs/4/shortlist': shortlist({ mode: 'both', mentors: [entry(1, 'R326', 'Dr. Kira Ibrahim'), entry(2, 'R301', 'Dr. Grace Quispe'), entry(3, 'R340', 'Dr. Noah Kim')] }),
      'GET /programs/4/requests': { requests: [] },
      'GET /programs/4/taxonomy': { topics: [], career_stages: [], goals: [], languages: [] },
      'GET /enrollments/544/profile': { prefer: ['R340'], avoid: ['R999'] },
      'GET /programs/4/directory': { people: [{ id: 'R340', name: 'Dr. Noah Kim', institution: 'University of Manitoba' }] },
      'PUT /enrollments/544/preferences': null,
    });
    const user = userEvent.setup();
    render(
      <As me={mentee}>
        <ShortlistPage programId={4} />
      </As>,
    );
    expect(await screen.findByText(/counts your ranking as your preferences/)).toBeTruthy();
    const ranked = await screen.findByRole('list', { name: 'Your ranked mentors, first choice first' });
    expect(within(ranked).getByText('Dr. Noah Kim')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /to be my mentor/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Add Dr. Grace Quispe to my ranking' }));
    expect(screen.getByText('No. 2 on your ranking.')).toBeTruthy();
    expect(screen.getByText('You have changes that are not saved yet.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Move Dr. Grace Quispe up' }));
    expect(screen.getByText('Dr. Grace Quispe moved to rank 1 of 2.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save my ranking' }));
    await screen.findByText(/Your ranking is saved/);
    expect(calls.find((c) => c.key === 'PUT /enrollments/544/preferences')!.body).toEqual({ prefer: ['R301', 'R340'], avoid: ['R999'] });
  });
});

// -------------------------------------------------------------- requests --

describe('the requests page', () => {
  it("lets a mentor accept: they are told they are a pair, with their pair page's link", async () => {
    const calls = stubApi({
      'GET /programs/4': program,
      'GET /programs/4/requests': () => ({ requests: calls.some((c) => c.key === 'POST /requests/1/accept') ? [request(1, 'accepted', { pair_id: 71 })] : [request(1, 'pending')] }),
      'POST /requests/1/accept': request(1, 'accepted', { pair_id: 71 }),
    });
    const user = userEvent.setup();
    render(
      <As me={mentor}>
        <RequestsPage programId={4} />
      </As>,
    );
    await screen.findByRole('heading', { name: 'Waiting for your answer (1)' });
    const card = screen.getByRole('heading', { level: 3, name: 'Jasmine Martin' }).closest('li')!;
    expect(within(card).getByText('I would value your guidance.')).toBeTruthy();
    expect(within(card).getByText(/answer by/).textContent).toMatch(/answer by \d+ Dec 2026, \d\d:22 \(your time\)/);
    await user.click(within(card).getByRole('button', { name: 'Accept Jasmine Martin' }));
    expect(await screen.findByText('You and Jasmine Martin are now a pair.')).toBeTruthy();
    const links = screen.getAllByRole('link', { name: 'Open your pair page with Jasmine Martin' });
    expect(links[0].getAttribute('href')).toBe('/pairs/71');
    await screen.findByRole('heading', { name: 'Waiting for your answer (0)' });
  });

  it('asks a mentor for a reason before declining, then sends it with their words', async () => {
    const calls = stubApi({
      'GET /programs/4': program,
      'GET /programs/4/requests': { requests: [request(1, 'pending')] },
      'POST /requests/1/decline': (b: unknown) => request(1, 'declined', { ...(b as object) }),
    });
    const user = userEvent.setup();
    render(
      <As me={mentor}>
        <RequestsPage programId={4} />
      </As>,
    );
    await user.click(await screen.findByRole('button', { name: 'Decline…' }));
    const reason = screen.getByLabelText('Why you decline');
    expect(document.activeElement).toBe(reason);
    expect(within(reason).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Choose a reason…',
      'I have no room for another mentee',
      'Someone else could help them more',
      'The timing does not work for me',
      'Another reason',
    ]);
    await user.click(screen.getByRole('button', { name: 'Decline the request' }));
    expect(await screen.findByText('Choose a reason; the mentee reads a kind sentence for it.')).toBeTruthy();
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    await user.selectOptions(reason, 'timing');
    await user.type(screen.getByLabelText('A few words to Jasmine Martin (optional)'), 'Ask me in spring.');
    await user.click(screen.getByRole('button', { name: 'Decline the request' }));
    await waitFor(() => expect(calls.find((c) => c.key === 'POST /requests/1/decline')?.body).toEqual({ reason: 'timing', message: 'Ask me in spring.' }));
  });

  it("shows a mentor the mentee's profile when the server allows it, and says when it does not yet", async () => {
    stubApi({
      'GET /programs/4': program,
      'GET /programs/4/requests': { requests: [request(1, 'pending')] },
      'GET /enrollments/544/profile': new ApiError(403, 'permission_denied', 'you may not see this enrollment'),
    });
    const user = userEvent.setup();
    render(
      <As me={mentor}>
        <RequestsPage programId={4} />
      </As>,
    );
    await user.click(await screen.findByRole('button', { name: "Show Jasmine Martin's profile" }));
    expect(await screen.findByText(/You will see Jasmine Martin's full profile once you are a pair/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a mentee their requests: accepted with the pair, the other withdrawn', async () => {
    stubApi({
      'GET /programs/4': program,
      'GET /programs/4/requests': {
        requests: [request(1, 'accepted', { pair_id: 71 }), request(2, 'withdrawn', { mentor: 'R326', mentor_name: 'Dr. Kira Ibrahim', reason: 'paired' })],
      },
    });
    render(
      <As me={mentee}>
        <RequestsPage programId={4} />
      </As>,
    );
    const kira = (await screen.findByRole('heading', { level: 3, name: /^Dr. Kira Ibrahim/ })).closest('li')!;
    expect(within(kira).getByText('Withdrawn')).toBeTruthy();
    expect(within(kira).getByText('You have found your mentor, so this request was withdrawn.')).toBeTruthy();
    const grace = screen.getByRole('heading', { level: 3, name: /^Dr. Grace Quispe/ }).closest('li')!;
    expect(within(grace).getByText('Accepted')).toBeTruthy();
    expect(within(grace).getByRole('link', { name: 'Open your pair page with Dr. Grace Quispe' }).getAttribute('href')).toBe('/pairs/71');
  });

  it('lets a coordinator filter every request by status', async () => {
    const calls = stubApi({
      'GET /programs/4': program,
      'GET /programs/4/matching-mode': { mode: 'mentee_led', shortlist_size: 10, max_open_requests: 3, answer_days: 7, opens_on: null, closes_on: null },
      'GET /programs/4/requests': (_b: unknown, url: URL) => ({ requests: url.searchParams.get('status') === 'accepted' ? [request(1, 'accepted', { pair_id: 71 })] : [request(1, 'accepted', { pair_id: 71 }), request(2, 'pending')] }),
    });
    const user = userEvent.setup();
    render(
      <As me={{ ...coordinator, memberships: [{ ...coordinator.memberships[0], role: 'coordinator' }] } as Me}>
        <RequestsPage programId={4} />
      </As>,
    );
    expect(await screen.findAllByRole('heading', { level: 3, name: /^Jasmine Martin asked Dr. Grace Quispe/ })).toHaveLength(2);
    // The coordinator's tabs gain Shortlists and Requests in a mentee-led program.
    expect((await screen.findByRole('link', { name: 'Requests' })).getAttribute('aria-current')).toBe(null);
    expect(screen.getByRole('link', { name: 'Shortlists' }).getAttribute('href')).toBe('/programs/4/shortlist');
    await user.selectOptions(screen.getByLabelText('Show'), 'accepted');
    await waitFor(() => expect(screen.getAllByRole('heading', { level: 3, name: /^Jasmine Martin asked/ })).toHaveLength(1));
    expect(calls.filter((c) => c.key === 'GET /programs/4/requests').pop()!.query.get('status')).toBe('accepted');
  });
});

// -------------------------------------------------------------- profile --

describe('prefer and avoid in the profile', () => {
  it('finds people of the other side by name, ranks the preferred, keeps the avoided apart, and saves both', async () => {
    const calls = stubApi({
      'GET /programs/4/directory': (_b: unknown, url: URL) => ({
        people: url.searchParams.get('q')
          ? [
              { id: 'R340', name: 'Dr. Noah Kim', institution: 'University of Manitoba' },
              { id: 'R327', name: 'Dr. Laila Kim', institution: 'Northwestern University' },
            ]
          : [{ id: 'R301', name: 'Dr. Grace Quispe', institution: 'Dana-Farber' }],
      }),
      'PUT /enrollments/544/preferences': null,
    });
    const user = userEvent.setup();
    render(<PreferencesEditor enrollmentId={544} programId={4} role="mentee" prefer={['R301']} avoid={[]} />);
    expect(screen.getByText(/a hard rule — you will never be matched with anyone on this list/)).toBeTruthy();
    expect(screen.getByText(/It is confidential: they are never told/)).toBeTruthy();
    await screen.findByText('Dr. Grace Quispe'); // named from the directory
    await user.type(screen.getByRole('searchbox', { name: 'Find mentors by name' }), 'kim');
    expect(await screen.findByText('2 people found.', {}, { timeout: 3000 })).toBeTruthy();
    expect(calls.find((c) => c.query.get('q') === 'kim')!.query.get('side')).toBe('mentor');
    await user.click(screen.getByRole('button', { name: 'Would like Dr. Noah Kim' }));
    await user.click(screen.getByRole('button', { name: 'Would rather not be matched with Dr. Laila Kim' }));
    // Someone moved from one list to the other leaves the first.
    await user.click(screen.getByRole('button', { name: 'Would rather not be matched with Dr. Noah Kim' }));
    await user.click(screen.getByRole('button', { name: 'Would like Dr. Noah Kim' }));
    await user.click(screen.getByRole('button', { name: 'Move Dr. Noah Kim up' }));
    await user.click(screen.getByRole('button', { name: 'Save these lists' }));
    await screen.findByText('Your lists are saved.');
    expect(calls.find((c) => c.key === 'PUT /enrollments/544/preferences')!.body).toEqual({ prefer: ['R340', 'R301'], avoid: ['R327'] });
  });

  it('shows a refusal naming a list under that list', async () => {
    stubApi({
      'GET /programs/4/directory': { people: [] },
      'PUT /enrollments/544/preferences': new ApiError(400, 'invalid_argument', 'avoid names someone who is not a mentor of this program', 'avoid'),
    });
    const user = userEvent.setup();
    render(<PreferencesEditor enrollmentId={544} programId={4} role="mentee" prefer={[]} avoid={['X1']} />);
    await user.click(screen.getByRole('button', { name: 'Save these lists' }));
    const error = await screen.findByText('avoid names someone who is not a mentor of this program');
    expect(error.className).toBe('field-error');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

// ----------------------------------------------------------------- home --

describe('the home page', () => {
  it("leads a mentee of a mentee-led program to their shortlist, and a mentor to the requests waiting", async () => {
    const settings = { mode: 'mentee_led', shortlist_size: 10, max_open_requests: 3, answer_days: 7, opens_on: null, closes_on: '2027-01-31' };
    stubApi({
      'GET /programs/4/pairs': { pairs: [] },
      'GET /enrollments/544': { id: 544, profile_complete: true },
      'GET /enrollments/504': { id: 504, profile_complete: true },
      'GET /programs/4/matching-mode': settings,
      'GET /programs/4/events': { events: [] },
      'GET /programs/4/requests': { requests: [request(1, 'pending'), request(2, 'pending')] },
      'GET /me/surveys': { surveys: [] },
    });
    const { unmount } = render(
      <As me={mentee}>
        <Home />
      </As>,
    );
    const card = (await screen.findByRole('heading', { name: 'Choose your mentor' })).closest('section')!;
    expect(within(card).getByRole('link', { name: 'Open your shortlist' }).getAttribute('href')).toBe('/programs/4/shortlist');
    expect(within(card).getByText(/Ask up to 3 at once with a short note/).textContent).toContain('Open until 31 Jan 2027.');
    expect(screen.getByText(/Your pair starts as soon as a mentor you ask accepts\./)).toBeTruthy();
    unmount();
    render(
      <As me={mentor}>
        <Home />
      </As>,
    );
    expect(await screen.findByText('2 mentees ask you to be their mentor. Please answer within 7 days.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Answer the requests' }).getAttribute('href')).toBe('/programs/4/requests');
  });
});
