// Peer support (issue 20): the helpers of lib/peer.ts (the sides' nouns,
// server fields mapped to the form, the profile cleaned and in words, the
// queue's counts and order, a request's allowed changes, a volunteer's
// standing, settings, contact lines) and against a stubbed API the public
// request page (a refusal under the field it names with nothing lost, a
// caregiver's relationship, the sent request's follow link), following and
// withdrawing, answering an offer (the reason required), check-ins from the
// e-mail's answer, the specialists' queue (filters as the query, counts,
// markers) and request page (recorded, profile in words, suggestions with
// the next one highlighted, offers with a confirmation or by participant
// id, urgent and withdraw), the set-up's settings, a volunteer's standing
// and the admins' access log.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import type { ComponentChildren } from 'preact';
import type { Me, PeerProfile, PeerQueueEntry, PeerRequestView, PeerVocabulary, Program, VolunteerSuggestion } from '../src/api/types';
import { ApiError } from '../src/api/client';
import {
  contactLines,
  emptyPeerProfile,
  fieldMessage,
  formField,
  orderedBreakdown,
  peerProfileBody,
  profileFacts,
  queueCounts,
  queueSentence,
  requestActions,
  roleNoun,
  settingsBody,
  sortQueue,
  standingBlockers,
  waitingWords,
} from '../src/lib/peer';
import { forgetPeerVocabulary } from '../src/components/PeerProfileFields';
import { AskForVolunteerPage, CheckinPage, FollowPage, OfferPage, checkinThanks } from '../src/pages/peer_public';
import { PeerQueuePage } from '../src/pages/peer_queue';
import { PeerRequestPage } from '../src/pages/peer_request';
import { PeerAccessLogPage, viewerWords } from '../src/pages/peer_access';
import { ProgramSetup } from '../src/pages/setup';
import { ProfilePage } from '../src/pages/profile';
import { SessionContext } from '../src/session';

// ---------------------------------------------------------------- stubs --

type Handler = (body: unknown, url: URL) => unknown;
/** Stubs fetch with `routes` ("GET /programs/3" → answer or handler); records every call with its query. */
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

afterEach(() => {
  vi.unstubAllGlobals();
  forgetPeerVocabulary();
  window.history.replaceState(null, '', '/');
});

const PROGRAM = 'Survivor Peer Connect';
const coordinator = {
  user: { id: 70, email: 'coordinator@tandem.example', name: 'Demo Coordinator', is_admin: false, has_password: true },
  memberships: [{ enrollment_id: 1, program_id: 3, program_name: PROGRAM, program_kind: 'peer_support', role: 'coordinator', status: 'active', participant_id: 'C1' }],
  csrf_token: 't',
} as unknown as Me;
const volunteerMe = {
  user: { id: 349, email: 'betty.hill@mail.example.net', name: 'Betty Hill', is_admin: false, has_password: true },
  memberships: [{ enrollment_id: 351, program_id: 3, program_name: PROGRAM, program_kind: 'peer_support', role: 'mentor', status: 'active', participant_id: 'V1209' }],
  csrf_token: 't',
} as unknown as Me;
const adminMe = { user: { id: 1, email: 'admin@tandem.example', name: 'Demo Administrator', is_admin: true, has_password: true }, memberships: [], csrf_token: 't' } as unknown as Me;

function As({ me, children }: { me: Me | null; children: ComponentChildren }) {
  return <SessionContext.Provider value={{ me, refresh: async () => me, signOut: async () => {} }}>{children}</SessionContext.Provider>;
}

const terms = (...pairs: [string, string][]) => pairs.map(([code, label]) => ({ code, label }));
const vocab: PeerVocabulary = {
  person: terms(['patient', 'Patient (in treatment or newly diagnosed)'], ['survivor', 'Survivor (after treatment)'], ['caregiver', 'Caregiver (of someone with cancer)']),
  cancer_type: terms(['breast', 'Breast cancer'], ['lung', 'Lung cancer'], ['other', 'Another cancer']),
  stage: terms(['1', 'Stage I'], ['2', 'Stage II'], ['unknown', 'Not known']),
  treatments: terms(['surgery', 'Surgery'], ['chemotherapy', 'Chemotherapy'], ['radiation', 'Radiation']),
  time_since_diagnosis: terms(['under_6_months', 'Less than 6 months ago'], ['1_to_2_years', '1 to 2 years ago']),
  age_group: terms(['30_39', '30 to 39'], ['40_49', '40 to 49']),
  gender: terms(['woman', 'Woman'], ['man', 'Man'], ['undisclosed', 'Prefer not to say']),
  relationship: terms(['partner', 'Partner or spouse'], ['parent', 'Parent']),
  topics: terms(['fertility', 'Fertility'], ['fear_of_recurrence', 'Fear of recurrence']),
  contact: terms(['phone', 'Phone'], ['video', 'Video call'], ['messaging', 'Messages']),
};
const peerProgram = { id: 3, name: PROGRAM, status: 'active', kind: 'peer_support', objectives: 'Connect patients with volunteers.', created_at: '2026-01-01T00:00:00Z' } as unknown as Program;

const profile = (extra: Partial<PeerProfile> = {}): PeerProfile => ({
  ...emptyPeerProfile('America/Chicago'),
  person: 'patient',
  cancer_type: 'breast',
  cancer_subtype: 'triple negative',
  stage: '2',
  treatments: ['surgery', 'chemotherapy'],
  time_since_diagnosis: 'under_6_months',
  age_group: '30_39',
  gender: 'woman',
  same_gender: true,
  topics: ['fear_of_recurrence'],
  languages: ['english', 'spanish'],
  contact: ['video'],
  ...extra,
});

const entry = (id: number, status: PeerQueueEntry['request']['status'], extra: Partial<PeerQueueEntry['request']> = {}, more: Partial<PeerQueueEntry> = {}): PeerQueueEntry => ({
  request: {
    id,
    program_id: 3,
    enrollment_id: 2000 + id,
    participant_id: `seeker-${id}`,
    name: `Person ${id}`,
    email: `p${id}@example.net`,
    status,
    urgent: false,
    source: 'form',
    phone: '',
    note: '',
    suggested_volunteer_id: null,
    pair_id: null,
    created_at: `2026-12-0${Math.min(9, id)}T10:00:00Z`,
    introduced_at: null,
    ...extra,
  },
  person: 'patient',
  waiting_working_days: 1,
  overdue: false,
  ...more,
});

const suggestion = (n: number, name: string, extra: Partial<VolunteerSuggestion> = {}): VolunteerSuggestion => ({
  enrollment_id: 500 + n,
  participant_id: `V${1200 + n}`,
  name,
  score: 80 - n,
  breakdown: { topics: 5, cancer_type: 25, age: 10 },
  reasons: ['same cancer type: Breast cancer', `supporting 0 of 1 now, never matched before`],
  load: 0,
  capacity: 1,
  last_matched_at: null,
  ...extra,
});

// -------------------------------------------------------------- helpers --

describe('peer support in words', () => {
  it('names the two sides of a peer-support program', () => {
    expect(roleNoun('peer_support', 'mentee')).toBe('person seeking support');
    expect(roleNoun('peer_support', 'mentee', { plural: true, capital: true })).toBe('People seeking support');
    expect(roleNoun('peer_support', 'mentor', { plural: true })).toBe('volunteers');
    expect(roleNoun('peer_support', 'coordinator')).toBe('specialist');
    expect(roleNoun('cohort', 'mentee')).toBe('mentee');
    expect(roleNoun('cohort', 'mentor', { capital: true, plural: true })).toBe('Mentors');
  });

  it('finds the form part a server error names, and says it in the form’s words', () => {
    expect(formField('treatments[1]')).toBe('treatments');
    expect(formField('profile.cancer_type')).toBe('cancer_type');
    expect(formField('availability[0]')).toBe('availability');
    expect(formField('consent_share')).toBe('consent_share');
    expect(formField(null)).toBeNull();
    expect(fieldMessage('cancer_type', 'cancer_type is required')).toBe('Choose the kind of cancer (or “Another cancer”).');
    expect(fieldMessage('treatments[1]', 'treatments[1] "x" is not one of: surgery')).toBe('Choose treatments from the list.');
    expect(fieldMessage('consent_share', 'we need your consent to share your details with the volunteer')).toBe('We need your consent to share your details with the volunteer.');
    expect(fieldMessage('email', 'you already have a request with us; follow it with the link in our e-mail')).toBe(
      'You already have a request with us; follow it with the link in our e-mail.',
    );
  });

  it('cleans a profile before sending it', () => {
    const p = peerProfileBody(profile({ relationship: 'partner', cancer_subtype: '  triple negative ' }));
    expect(p.relationship).toBe(''); // not a caregiver
    expect(p.cancer_subtype).toBe('triple negative');
    expect(p.same_gender).toBe(true);
    expect(peerProfileBody(profile({ person: 'caregiver', relationship: 'partner' })).relationship).toBe('partner');
    expect(peerProfileBody(profile({ gender: 'undisclosed', same_gender: true })).same_gender).toBe(false);
    expect(peerProfileBody(profile({ gender: '', same_gender: true })).same_gender).toBe(false);
    expect(emptyPeerProfile('Europe/Paris')).toMatchObject({ languages: ['english'], time_zone: 'Europe/Paris', person: '' });
  });

  it('says a profile in words with the vocabulary’s labels', () => {
    const facts = Object.fromEntries(profileFacts(profile({ availability: [{ start_minute: 1140, minutes: 60 }] }), vocab));
    expect(facts['Asking as']).toBe('Patient (in treatment or newly diagnosed)');
    expect(facts['Cancer']).toBe('Breast cancer');
    expect(facts['In their words']).toBe('triple negative');
    expect(facts['Stage at diagnosis']).toBe('Stage II');
    expect(facts['Treatments']).toBe('Surgery, Chemotherapy');
    expect(facts['Gender']).toBe('Woman — asks for a volunteer of the same gender');
    expect(facts['Languages']).toBe('English, Spanish');
    expect(facts['Usually free (America/Chicago)']).toBe('Mon 19:00–20:00');
    const caregiver = Object.fromEntries(profileFacts(profile({ person: 'caregiver', relationship: 'parent' }), vocab));
    expect(caregiver['Relationship']).toBe('Parent');
    expect(caregiver['Their loved one’s cancer']).toBe('Breast cancer');
  });

  it('counts the queue and orders it', () => {
    const list = [
      entry(1, 'new', { urgent: true }),
      entry(2, 'offered', {}, { overdue: true }),
      entry(3, 'introduced'),
      entry(4, 'waitlisted', { urgent: true }, { overdue: true }),
      entry(5, 'withdrawn'),
    ];
    expect(queueCounts(list)).toMatchObject({ total: 5, waiting: 3, overdue: 2, urgent: 2 });
    expect(queueSentence(list)).toBe('5 requests: 3 waiting (2 overdue, 2 urgent); 1 new, 1 offered, 1 introduced, 1 waitlisted, 1 withdrawn.');
    expect(queueSentence([])).toBe('No requests.');
    expect(sortQueue(list, 'newest').map((e) => e.request.id)).toEqual([5, 4, 3, 2, 1]);
    expect(sortQueue(list, 'queue').map((e) => e.request.id)).toEqual([1, 2, 3, 4, 5]);
    expect(waitingWords(0)).toBe('under a working day');
    expect(waitingWords(1)).toBe('1 working day');
    expect(waitingWords(4)).toBe('4 working days');
  });

  it('offers only the status changes the server allows', () => {
    const to = (s: Parameters<typeof requestActions>[0]) => requestActions(s).map((a) => a.to);
    expect(to('new')).toEqual(['waitlisted', 'withdrawn']);
    expect(to('suggested')).toEqual(['waitlisted', 'withdrawn']);
    expect(to('offered')).toEqual(['withdrawn']);
    expect(to('waitlisted')).toEqual(['new', 'withdrawn']);
    expect(to('introduced')).toEqual(['closed']);
    expect(to('active')).toEqual(['closed']);
    expect(to('withdrawn')).toEqual([]);
    expect(to('closed')).toEqual([]);
  });

  it('says why a volunteer cannot be offered anyone, and checks the settings', () => {
    const ok = { trained_on: '2026-01-01', screening: 'cleared' as const, screening_expires_on: null, paused: false, load: 0, capacity: 2 };
    expect(standingBlockers(ok, '2026-12-06')).toEqual([]);
    expect(standingBlockers({ ...ok, trained_on: null, screening: 'pending', paused: true }, '2026-12-06')).toEqual(['training not completed', 'screening pending', 'paused']);
    expect(standingBlockers({ ...ok, screening_expires_on: '2026-12-05' }, '2026-12-06')).toEqual(['screening expired']);
    expect(standingBlockers({ ...ok, load: 2 }, '2026-12-06')).toEqual(['supporting as many people as they can (2 of 2)']);
    expect(settingsBody({ target_working_days: '3', offer_hours: '48' })).toEqual({ target_working_days: 3, offer_hours: 48 });
    expect(settingsBody({ target_working_days: '0', offer_hours: '48' })).toMatchObject({ field: 'target_working_days' });
    expect(settingsBody({ target_working_days: '3', offer_hours: '337' })).toMatchObject({ field: 'offer_hours' });
    expect(settingsBody({ target_working_days: '2.5', offer_hours: '48' })).toMatchObject({ field: 'target_working_days' });
  });

  it('orders a breakdown by facet and links the contact an accepted offer shares', () => {
    expect(Object.keys(orderedBreakdown({ topics: 5, age: 10, cancer_type: 25, zzz: 1 }))).toEqual(['cancer_type', 'age', 'topics', 'zzz']);
    expect(contactLines('E-mail: maya@example.net\nPhone: +1 312 555 0142\nThey prefer: Video call')).toEqual([
      { text: 'maya@example.net', label: 'E-mail', href: 'mailto:maya@example.net' },
      { text: '+1 312 555 0142', label: 'Phone', href: 'tel:+13125550142' },
      { text: 'Video call', label: 'They prefer', href: null },
    ]);
    expect(checkinThanks({ weeks: 2, connected: true, other_name: 'Betty Hill' })).toBe('Thank you — you told us that you and Betty Hill have connected. We are glad.');
    const users = new Map([[70, { id: 70, name: 'Demo Coordinator', email: 'c@x' } as never]]);
    expect(viewerWords({ viewer: 'user:70', viewer_user_id: 70 }, users)).toEqual({ name: 'Demo Coordinator', email: 'c@x' });
    expect(viewerWords({ viewer: 'user:9', viewer_user_id: 9 }, users).name).toBe('a deleted account');
    expect(viewerWords({ viewer: 'cli', viewer_user_id: null }, users).name).toBe('the command line');
  });
});

// ------------------------------------------------------ the request page --

const publicRoutes = (post: unknown) => ({
  'GET /peer/programs/3': { id: 3, name: PROGRAM, objectives: 'Connect patients with volunteers.', open: true },
  'GET /peer-vocabulary': vocab,
  'POST /programs/3/peer-requests': post,
});

describe('the public request page', () => {
  it('shows a refusal under the field it names, keeps everything typed, then sends and shows the follow link', async () => {
    let sends = 0;
    const calls = stubApi(
      publicRoutes(() =>
        ++sends === 1
          ? new ApiError(400, 'invalid_argument', 'we need your consent to share your details with the volunteer', 'consent_share')
          : { id: 41, status: 'new', follow_link: 'http://tandem.test/peer/follow/abc' },
      ),
    );
    const user = userEvent.setup();
    render(
      <As me={null}>
        <AskForVolunteerPage programId={3} />
      </As>,
    );
    await screen.findByRole('heading', { level: 1, name: /Talk with someone who has been there/ });
    expect(screen.getByText(/in the US call or text/)).toBeTruthy();
    expect(screen.getByRole('link', { name: '988' }).getAttribute('href')).toBe('tel:988');
    await user.type(screen.getByLabelText('Your name'), 'Maya Thompson');
    await user.type(screen.getByLabelText('E-mail'), 'maya@example.net');
    await user.click(screen.getByRole('radio', { name: 'Patient (in treatment or newly diagnosed)' }));
    // Same gender is offered only once a gender is given.
    expect(screen.queryByRole('checkbox', { name: 'I would like someone of my own gender' })).toBeNull();
    await user.selectOptions(screen.getByLabelText('Gender (optional)'), 'woman');
    await user.click(screen.getByRole('checkbox', { name: 'I would like someone of my own gender' }));
    await user.selectOptions(screen.getByLabelText('Kind of cancer'), 'breast');
    await user.click(screen.getByRole('checkbox', { name: 'Chemotherapy' }));
    await user.click(screen.getByRole('checkbox', { name: 'Fertility' }));
    await user.type(screen.getByLabelText('Add a language'), 'Spanish');
    await user.click(screen.getByRole('button', { name: 'Add Spanish' }));
    expect(within(screen.getByRole('list', { name: 'Languages chosen' })).getByText('Spanish')).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: /^You may contact me by e-mail/ }));
    await user.click(screen.getByRole('button', { name: 'Send my request' }));

    const share = screen.getByRole('checkbox', { name: /^You may share my name/ });
    expect(await screen.findByText('We need your consent to share your details with the volunteer.')).toBeTruthy();
    expect(share.getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(share));
    expect((screen.getByLabelText('Your name') as HTMLInputElement).value).toBe('Maya Thompson');
    expect((screen.getByRole('checkbox', { name: 'Chemotherapy' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText(/Nothing you entered is lost\./)).toBeTruthy();

    await user.click(share);
    await user.click(screen.getByRole('button', { name: 'Send my request' }));
    expect(await screen.findByRole('heading', { name: 'We have your request' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'http://tandem.test/peer/follow/abc' })).toBeTruthy();
    expect(screen.getByText(/Check your e-mail:/)).toBeTruthy();
    const body = calls.filter((c) => c.key === 'POST /programs/3/peer-requests')[1].body as Record<string, unknown>;
    expect(body).toMatchObject({ name: 'Maya Thompson', email: 'maya@example.net', consent_contact: true, consent_share: true });
    expect(body).not.toHaveProperty('phone');
    expect(body).not.toHaveProperty('urgent');
    expect(body.profile).toMatchObject({
      person: 'patient',
      cancer_type: 'breast',
      treatments: ['chemotherapy'],
      topics: ['fertility'],
      gender: 'woman',
      same_gender: true,
      languages: ['english', 'spanish'],
      relationship: '',
    });
  });

  it('puts an element’s refusal under its group and asks caregivers who they care for', async () => {
    stubApi(publicRoutes(new ApiError(400, 'invalid_argument', 'treatments[1] "bogus" is not one of: surgery', 'treatments[1]')));
    const user = userEvent.setup();
    render(
      <As me={null}>
        <AskForVolunteerPage programId={3} />
      </As>,
    );
    await screen.findByRole('heading', { level: 1, name: /Talk with someone/ });
    expect(screen.queryByLabelText('Who are you caring for?')).toBeNull();
    await user.click(screen.getByRole('radio', { name: 'Caregiver (of someone with cancer)' }));
    expect(screen.getByLabelText('Who are you caring for?')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'The cancer of the person you care for' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Send my request' }));
    const group = (await screen.findByText('Choose treatments from the list.')).closest('fieldset')!;
    expect(within(group).getByText('Treatments (choose any)')).toBeTruthy();
  });

  it('says so when the program takes no requests, and lets a specialist mark one urgent', async () => {
    stubApi({ ...publicRoutes(null), 'GET /peer/programs/3': { id: 3, name: PROGRAM, objectives: '', open: false } });
    const { unmount } = render(
      <As me={null}>
        <AskForVolunteerPage programId={3} />
      </As>,
    );
    expect(await screen.findByText(/is not taking requests just now/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Send my request' })).toBeNull();
    unmount();
    const calls = stubApi(publicRoutes({ id: 42, status: 'new', follow_link: 'http://tandem.test/peer/follow/x' }));
    const user = userEvent.setup();
    render(
      <As me={coordinator}>
        <AskForVolunteerPage programId={3} />
      </As>,
    );
    await user.click(await screen.findByRole('checkbox', { name: /^Urgent: put this request at the top/ }));
    await user.click(screen.getByRole('button', { name: 'Send my request' }));
    await screen.findByRole('link', { name: 'Open the request in the queue' });
    expect((calls.find((c) => c.key === 'POST /programs/3/peer-requests')!.body as { urgent: boolean }).urgent).toBe(true);
  });
});

// ----------------------------------------------- follow, offer, check-in --

describe('the links in the e-mails', () => {
  it('follows a request and withdraws it after a confirmation', async () => {
    const calls = stubApi({
      'GET /peer/follow/tok': { program_name: PROGRAM, status: 'new', status_text: 'A specialist is looking for a volunteer for you.', created_at: '2026-12-06T10:00:00Z', can_withdraw: true },
      'POST /peer/follow/tok/withdraw': { program_name: PROGRAM, status: 'withdrawn', status_text: 'This request was withdrawn.', created_at: '2026-12-06T10:00:00Z', can_withdraw: false },
    });
    const user = userEvent.setup();
    render(<FollowPage token="tok" />);
    expect(await screen.findByText('A specialist is looking for a volunteer for you.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Withdraw my request' }));
    expect(calls.some((c) => c.key === 'POST /peer/follow/tok/withdraw')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Yes, withdraw my request' }));
    expect(await screen.findByText('This request was withdrawn.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Withdraw my request' })).toBeNull();
  });

  it('answers an offer: a decline needs a reason, acceptance shows the name and contact', async () => {
    const pending = { status: 'pending', respond_by: '2026-12-08T21:56:00Z', program_name: PROGRAM, summary: ['Patient (in treatment or newly diagnosed)', 'Breast cancer'], requester_name: null, contact: null };
    const calls = stubApi({
      'GET /peer/offers/tok': pending,
      'POST /peer/offers/tok/decline': { ...pending, status: 'declined' },
      'POST /peer/offers/tok/accept': { ...pending, status: 'accepted', requester_name: 'Maya Thompson', contact: 'E-mail: maya@example.net' },
    });
    const user = userEvent.setup();
    const { unmount } = render(<OfferPage token="tok" />);
    expect(await screen.findByRole('heading', { level: 1, name: /Could you support someone\?/ })).toBeTruthy();
    expect(screen.getByText('Breast cancer')).toBeTruthy();
    expect(screen.getByText(/^Please answer by/).textContent).toMatch(/8 Dec 2026, \d\d:56 \(your time,/);
    await user.click(screen.getByRole('button', { name: "I can't" }));
    const reason = screen.getByLabelText("Why can't you? (required)");
    expect(document.activeElement).toBe(reason);
    await user.click(screen.getByRole('button', { name: 'Send my answer' }));
    expect(await screen.findByText(/^Please tell us why, in a few words/)).toBeTruthy();
    expect(calls.some((c) => c.key === 'POST /peer/offers/tok/decline')).toBe(false);
    await user.type(reason, 'I am away this month');
    await user.click(screen.getByRole('button', { name: 'Send my answer' }));
    expect(await screen.findByText('Thank you for letting us know. We will ask another volunteer.')).toBeTruthy();
    expect(calls.find((c) => c.key === 'POST /peer/offers/tok/decline')!.body).toEqual({ reason: 'I am away this month' });
    unmount();

    render(<OfferPage token="tok" />);
    await user.click(await screen.findByRole('button', { name: 'Yes, I can support them' }));
    expect(await screen.findByRole('heading', { name: 'How to reach Maya Thompson' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'maya@example.net' }).getAttribute('href')).toBe('mailto:maya@example.net');
  });

  it('records the check-in answer from the link and lets the person change it', async () => {
    window.history.replaceState(null, '', '/peer/check-ins/tok?answer=no');
    const calls = stubApi({ 'POST /peer/check-ins/tok': (b: { connected: boolean }) => ({ weeks: 2, connected: b.connected, other_name: 'Betty Hill' }) });
    const user = userEvent.setup();
    render(<CheckinPage token="tok" />);
    expect(await screen.findByText(/you and Betty Hill have not connected yet/)).toBeTruthy();
    expect(calls[0].body).toEqual({ connected: false });
    await user.click(screen.getByRole('button', { name: 'Change my answer to “Yes, we have connected”' }));
    expect(await screen.findByText(/you told us that you and Betty Hill have connected/)).toBeTruthy();
    expect(calls[1].body).toEqual({ connected: true });
  });

  it('asks when the link carries no answer, and says a broken link is not found', async () => {
    window.history.replaceState(null, '', '/peer/check-ins/tok');
    const calls = stubApi({ 'POST /peer/check-ins/tok': { weeks: 6, connected: true, other_name: 'Maya Thompson' } });
    const user = userEvent.setup();
    const { unmount } = render(<CheckinPage token="tok" />);
    expect(calls).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Yes, we have connected' }));
    expect(await screen.findByText(/six weeks after your introduction/)).toBeTruthy();
    unmount();
    stubApi({});
    render(<FollowPage token="nope" />);
    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeTruthy();
  });
});

// ------------------------------------------------------------- the queue --

describe('the specialists’ pages', () => {
  const queue = [
    entry(1, 'new', { urgent: true, name: 'Sofia Clark' }),
    entry(2, 'offered', { name: 'Noah Campbell' }, { overdue: true, waiting_working_days: 4 }),
    entry(3, 'introduced', { name: 'Mei Wilson' }),
  ];

  it('lists the queue with counts and markers, sends the filters as the query, and warns before the health export', async () => {
    window.history.replaceState(null, '', '/programs/3/queue');
    const calls = stubApi({
      'GET /programs/3': peerProgram,
      'GET /programs/3/peer-requests': (_b: unknown, url: URL) => (url.searchParams.get('overdue') ? { requests: [queue[1]] } : { requests: queue }),
    });
    const user = userEvent.setup();
    render(
      <As me={coordinator}>
        <PeerQueuePage programId={3} />
      </As>,
    );
    const row = (await screen.findByRole('link', { name: 'Noah Campbell' })).closest('tr')!;
    expect(within(row).getByText('Offered')).toBeTruthy();
    expect(within(row).getByText('Overdue')).toBeTruthy();
    expect(within(row).getByText('4 working days')).toBeTruthy();
    expect(within(screen.getByRole('link', { name: 'Sofia Clark' }).closest('tr')!).getByText('Urgent')).toBeTruthy();
    expect(screen.getByText('3 requests: 2 waiting (1 overdue, 1 urgent); 1 new, 1 offered, 1 introduced.')).toBeTruthy();
    const tabs = screen.getByRole('navigation', { name: 'Program sections' });
    expect(within(tabs).getByRole('link', { name: 'Queue' }).getAttribute('aria-current')).toBe('page');
    expect(within(tabs).queryByRole('link', { name: 'Shortlists' })).toBeNull();
    expect(calls.some((c) => c.path.endsWith('/matching-mode'))).toBe(false);

    await user.click(screen.getByRole('checkbox', { name: 'Overdue only' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Sofia Clark' })).toBeNull());
    const filtered = calls.filter((c) => c.key === 'GET /programs/3/peer-requests').pop()!;
    expect(filtered.query.get('overdue')).toBe('true');
    expect(window.location.search).toBe('?overdue=1');
    expect(screen.getByText('Showing 1 request that match the filters.')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Status'), 'offered');
    await waitFor(() => expect(calls.filter((c) => c.key === 'GET /programs/3/peer-requests').pop()!.query.get('status')).toBe('offered'));

    expect(screen.getByRole('link', { name: 'Download without health details' }).getAttribute('href')).toBe('/api/v1/programs/3/peer-requests.csv');
    expect(screen.queryByRole('link', { name: 'Yes, download with health details' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Download with health details…' }));
    expect(screen.getByText(/It is recorded: each person's details count as viewed by you/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Yes, download with health details' }).getAttribute('href')).toBe('/api/v1/programs/3/peer-requests.csv?health=true');
  });

  const view = (extra: Partial<PeerRequestView['entry']['request']> = {}, offers: PeerRequestView['offers'] = []): PeerRequestView => ({
    entry: { ...entry(41, 'suggested', { name: 'Maya Thompson', note: 'I start chemotherapy next month.', phone: '+1 312 555 0142', suggested_volunteer_id: 502, ...extra }), person: 'patient', waiting_working_days: 0, overdue: false },
    profile: profile(),
    offers,
    checkins: [],
  });

  it('shows a request in words with its suggestions, the next one highlighted, and offers after a confirmation', async () => {
    let offered = false;
    const declined = { id: 7, request_id: 41, volunteer_id: 501, volunteer_name: 'Ann First', status: 'declined' as const, reason: 'away', created_at: '2026-12-05T10:00:00Z', respond_by: '2026-12-07T10:00:00Z', answered_at: '2026-12-05T12:00:00Z' };
    const calls = stubApi({
      'GET /peer-requests/41': () => (offered ? view({ status: 'offered' }, [declined, { ...declined, id: 8, volunteer_id: 502, volunteer_name: 'Bea Next', status: 'pending', reason: '', answered_at: null }]) : view({}, [declined])),
      'GET /programs/3': peerProgram,
      'GET /peer-vocabulary': vocab,
      'GET /peer-requests/41/suggestions': { suggestions: [suggestion(1, 'Cara Top'), suggestion(2, 'Bea Next')] },
      'POST /peer-requests/41/offers': () => {
        offered = true;
        return { id: 8, request_id: 41, volunteer_id: 502, volunteer_name: 'Bea Next', status: 'pending', reason: '', created_at: '2026-12-06T10:00:00Z', respond_by: '2026-12-08T10:00:00Z', answered_at: null };
      },
    });
    const user = userEvent.setup();
    render(
      <As me={coordinator}>
        <PeerRequestPage requestId={41} />
      </As>,
    );
    expect(await screen.findByRole('heading', { level: 1, name: /Request of Maya Thompson/ })).toBeTruthy();
    expect(screen.getByText('Your view of this is recorded.')).toBeTruthy();
    expect(await screen.findByText('Woman — asks for a volunteer of the same gender')).toBeTruthy();
    expect(screen.getByText('Surgery, Chemotherapy')).toBeTruthy();
    expect(screen.getByText('I start chemotherapy next month.')).toBeTruthy();
    expect(screen.getByText('Ann First declined; the next suggestion is highlighted.')).toBeTruthy();
    const bea = (await screen.findByRole('heading', { level: 3, name: /Bea Next/ })).closest('li')!;
    expect(within(bea).getByText('Suggested next')).toBeTruthy();
    expect(bea.className).toContain('suggested-next');
    expect(within(bea).getByRole('img').getAttribute('aria-label')).toBe('Score breakdown: Same cancer 25.0, Age group 10.0, Topics 5.0');
    const cara = screen.getByRole('heading', { level: 3, name: /Cara Top/ }).closest('li')!;
    expect(within(cara).queryByText('Suggested next')).toBeNull();

    await user.click(within(bea).getByRole('button', { name: 'Offer to Bea Next' }));
    expect(calls.some((c) => c.key === 'POST /peer-requests/41/offers')).toBe(false);
    await user.click(within(bea).getByRole('button', { name: 'Yes, offer to Bea Next' }));
    expect(await screen.findByRole('heading', { name: 'Waiting for Bea Next' })).toBeTruthy();
    expect(calls.find((c) => c.key === 'POST /peer-requests/41/offers')!.body).toEqual({ volunteer: 'V1202' });
    expect(screen.getByText(/^Offered to Bea Next: they have until/)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Suggested volunteers' })).toBeNull();
  });

  it('offers to a volunteer by participant id (a refusal under the field), marks urgent and withdraws after a confirmation', async () => {
    const calls = stubApi({
      'GET /peer-requests/41': view(),
      'GET /programs/3': peerProgram,
      'GET /peer-vocabulary': vocab,
      'GET /peer-requests/41/suggestions': { suggestions: [] },
      'POST /peer-requests/41/offers': new ApiError(409, 'failed_precondition', 'Betty Hill shares no language with the person', 'volunteer'),
      'PATCH /peer-requests/41': (b: { urgent?: boolean; status?: string }) => view({ urgent: b.urgent ?? false, status: (b.status as never) ?? 'suggested' }),
    });
    const user = userEvent.setup();
    render(
      <As me={coordinator}>
        <PeerRequestPage requestId={41} />
      </As>,
    );
    expect(await screen.findByText(/No volunteer passes the hard rules/)).toBeTruthy();
    const id = screen.getByLabelText("Volunteer's participant id");
    await user.click(screen.getByRole('button', { name: 'Offer' }));
    expect(await screen.findByText('Enter the volunteer’s participant id, e.g. V1209.')).toBeTruthy();
    await user.type(id, 'V1209');
    await user.click(screen.getByRole('button', { name: 'Offer' }));
    expect(await screen.findByText('Betty Hill shares no language with the person.')).toBeTruthy();
    expect(id.getAttribute('aria-invalid')).toBe('true');

    await user.click(screen.getByRole('button', { name: 'Mark as urgent' }));
    expect(await screen.findByRole('button', { name: 'No longer urgent' })).toBeTruthy();
    expect(calls.find((c) => c.key === 'PATCH /peer-requests/41')!.body).toEqual({ urgent: true });
    await user.click(screen.getByRole('button', { name: 'Withdraw the request' }));
    await user.click(screen.getByRole('button', { name: 'Yes, withdraw it' }));
    await waitFor(() => expect(calls.filter((c) => c.key === 'PATCH /peer-requests/41').pop()!.body).toEqual({ status: 'withdrawn' }));
  });

  it('says a request is not theirs to see', async () => {
    stubApi({ 'GET /peer-requests/41': new ApiError(403, 'permission_denied', 'only the program’s specialists') });
    render(
      <As me={volunteerMe}>
        <PeerRequestPage requestId={41} />
      </As>,
    );
    expect(await screen.findByText('You are not allowed to see this request.')).toBeTruthy();
  });

  it('keeps the peer settings in the set-up, refusing a bad number under its field', async () => {
    window.history.replaceState(null, '', '/programs/3');
    const calls = stubApi({
      'GET /programs/3': { ...peerProgram, field: 'oncology', weights: {}, cross_institution: false, meeting_mode: 'virtual', cadence_days: null, starts_on: null, ends_on: null },
      'GET /programs/3/peer-settings': { target_working_days: 3, offer_hours: 48 },
      'PUT /programs/3/peer-settings': (b: unknown) => b,
    });
    const user = userEvent.setup();
    render(
      <As me={coordinator}>
        <ProgramSetup programId={3} />
      </As>,
    );
    const card = (await screen.findByRole('heading', { name: 'Peer support' })).closest('section')!;
    expect(within(card).getByRole('link', { name: /\/peer\/request\/3$/ })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'How people are matched' })).toBeNull();
    const days = await within(card).findByLabelText(/^Overdue after/);
    fireEvent.input(days, { target: { value: '0' } });
    await user.click(within(card).getByRole('button', { name: 'Save the peer-support settings' }));
    expect(within(card).getByText('Enter the working days a request may wait: a whole number from 1 to 30.')).toBeTruthy();
    expect(calls.some((c) => c.key === 'PUT /programs/3/peer-settings')).toBe(false);
    fireEvent.input(days, { target: { value: '5' } });
    await user.click(within(card).getByRole('button', { name: 'Save the peer-support settings' }));
    expect(await within(card).findByText('Saved.')).toBeTruthy();
    expect(calls.find((c) => c.key === 'PUT /programs/3/peer-settings')!.body).toEqual({ target_working_days: 5, offer_hours: 48 });
  });
});

// ---------------------------------------------------- volunteers, admins --

describe('volunteers and the access log', () => {
  const standing = { trained_on: '2026-09-15', screening: 'cleared', screening_expires_on: null, paused: false, capacity: 2, load: 1, last_matched_at: '2026-11-10T15:00:00Z' };
  const routes = (extra: Record<string, unknown> = {}) => ({
    'GET /enrollments/351': { id: 351, program_id: 3, role: 'mentor', participant_id: 'V1209', status: 'active', name: 'Betty Hill' },
    'GET /enrollments/351/profile': { participant_id: 'V1209', name: 'Betty Hill', role: 'mentor', capacity: 2, bio: 'Survivor.', languages: ['english'], availability: [], interests: [], specialties: [], goals: [], background: {}, match_on: [], prefer: [], avoid: [], time_zone: 'America/Vancouver', institution: '', career_stage: '', years_experience: null },
    'GET /enrollments/351/volunteer': standing,
    'GET /enrollments/351/peer-profile': profile({ person: 'survivor', same_gender: false }),
    'GET /peer-vocabulary': vocab,
    ...extra,
  });

  it('lets a volunteer pause and resume, and nothing else of their standing', async () => {
    const calls = stubApi(routes({ 'PATCH /enrollments/351/volunteer': (b: { paused: boolean }) => ({ ...standing, paused: b.paused }) }));
    const user = userEvent.setup();
    render(
      <As me={volunteerMe}>
        <ProfilePage enrollmentId={351} />
      </As>,
    );
    const card = (await screen.findByRole('heading', { name: 'Volunteer standing' })).closest('section')!;
    expect(await within(card).findByText(/^completed on 15 Sept? 2026$/)).toBeTruthy();
    expect(within(card).getByText('You can be offered people now.')).toBeTruthy();
    expect(within(card).queryByLabelText('Screening')).toBeNull();
    expect(screen.getByText(/You are a/).textContent).toMatch(/You are a volunteer in Survivor Peer Connect/);
    expect(screen.queryByText('Your view of this is recorded.')).toBeNull();
    await user.click(within(card).getByRole('button', { name: 'Pause new offers' }));
    expect(await within(card).findByRole('button', { name: 'Resume: I can take offers again' })).toBeTruthy();
    expect(calls.find((c) => c.key === 'PATCH /enrollments/351/volunteer')!.body).toEqual({ paused: true });
    expect(within(card).getByText(/cannot be offered anyone now: paused/)).toBeTruthy();
    // The experience: the volunteer's own words, saved as a peer profile.
    expect(await screen.findByRole('heading', { name: 'The cancer you had' })).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: 'I would like someone of my own gender' })).toBeNull();
  });

  it('lets a specialist record training and screening, saying their view of the profile is recorded', async () => {
    const calls = stubApi(routes({ 'PATCH /enrollments/351/volunteer': (b: Record<string, unknown>) => ({ ...standing, ...b }) }));
    const user = userEvent.setup();
    render(
      <As me={coordinator}>
        <ProfilePage enrollmentId={351} />
      </As>,
    );
    const card = (await screen.findByRole('heading', { name: 'Volunteer standing' })).closest('section')!;
    expect(await screen.findByText('Your view of this is recorded.')).toBeTruthy();
    await user.selectOptions(within(card).getByLabelText('Screening'), 'expired');
    await user.click(within(card).getByRole('button', { name: 'Save the standing' }));
    expect(await within(card).findByText(/Betty Hill cannot be offered anyone now: screening expired/)).toBeTruthy();
    expect(calls.find((c) => c.key === 'PATCH /enrollments/351/volunteer')!.body).toEqual({ trained_on: '2026-09-15', screening: 'expired', screening_expires_on: null, paused: false });
  });

  it('shows the access log to admins with names, and to nobody else', async () => {
    const calls = stubApi({
      'GET /programs': { programs: [peerProgram, { id: 2, name: 'Fellows', kind: 'cohort' }] },
      'GET /users': { users: [{ id: 70, name: 'Demo Coordinator', email: 'coordinator@tandem.example' }] },
      'GET /peer-access-log': {
        entries: [
          { id: 2, program_id: 3, viewer_user_id: 70, viewer: 'user:70', subject_enrollment_id: 2286, subject_name: 'Maya Thompson', request_id: 41, what: 'suggestions', viewed_at: '2026-12-06T22:00:00Z' },
          { id: 1, program_id: 3, viewer_user_id: 70, viewer: 'user:70', subject_enrollment_id: 2286, subject_name: 'Maya Thompson', request_id: 41, what: 'request', viewed_at: '2026-12-06T21:59:00Z' },
        ],
      },
    });
    const user = userEvent.setup();
    const { unmount } = render(
      <As me={adminMe}>
        <PeerAccessLogPage />
      </As>,
    );
    const row = (await screen.findByText('looked at suggestions for')).closest('tr')!;
    expect(within(row).getByText('Maya Thompson')).toBeTruthy();
    expect(await within(row).findByText('Demo Coordinator')).toBeTruthy();
    expect(screen.getByText('opened the request of')).toBeTruthy();
    const program = screen.getByLabelText('Program') as HTMLSelectElement;
    expect([...program.options].map((o) => o.textContent)).toEqual(['Every peer-support program', PROGRAM]);
    await user.selectOptions(program, '3');
    await waitFor(() => expect(calls.filter((c) => c.key === 'GET /peer-access-log').pop()!.query.get('program_id')).toBe('3'));
    unmount();
    render(
      <As me={coordinator}>
        <PeerAccessLogPage />
      </As>,
    );
    expect(screen.getByText('The access log is for administrators.')).toBeTruthy();
  });
});
