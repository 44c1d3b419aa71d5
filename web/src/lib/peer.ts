// Peer support (docs/peer-support.md) in words: the two sides' nouns, a
// request's and an offer's state, the vocabulary's labels, the form's
// fields as the server names them, the queue's counts and the score's
// facets — everything the peer-support pages need that asks no server.
import type {
  PeerAccessEntry,
  PeerOfferStatus,
  PeerProfile,
  PeerQueueEntry,
  PeerRequestStatus,
  PeerTerm,
  PeerVocabulary,
  Program,
} from '../api/types';
import { describeWindow } from './time';

type Kind = Program['kind'] | undefined | null;
type Side = 'mentee' | 'mentor' | 'coordinator' | 'evaluator' | string;

/**
 * The noun for a side of a program: in peer support "person seeking
 * support" (mentee) and "volunteer" (mentor), elsewhere "mentee" and
 * "mentor"; coordinators of a peer-support program are its specialists.
 */
export function roleNoun(kind: Kind, role: Side, { plural = false, capital = false } = {}): string {
  const peer = kind === 'peer_support';
  const words: Record<string, [string, string]> = peer
    ? {
        mentee: ['person seeking support', 'people seeking support'],
        mentor: ['volunteer', 'volunteers'],
        coordinator: ['specialist', 'specialists'],
        evaluator: ['evaluator', 'evaluators'],
      }
    : {
        mentee: ['mentee', 'mentees'],
        mentor: ['mentor', 'mentors'],
        coordinator: ['coordinator', 'coordinators'],
        evaluator: ['evaluator', 'evaluators'],
      };
  const w = words[role]?.[plural ? 1 : 0] ?? role;
  return capital ? w.charAt(0).toUpperCase() + w.slice(1) : w;
}

/** If someone is in crisis they should not wait for a volunteer: every public peer page says so. */
export const CRISIS_NOTE =
  'If you are in crisis or thinking about harming yourself, please do not wait for a volunteer: in the US call or text 988 (the Suicide & Crisis Lifeline), or call your care team or your local emergency number.';
/** The crisis line's number, for a tel: link. */
export const CRISIS_LINE = '988';

/** A request's state for specialists: a short label, a sentence, and the badge colour. */
export const REQUEST_STATES: Record<PeerRequestStatus, { label: string; text: string; badge: string }> = {
  new: { label: 'New', text: 'Nobody has looked for a volunteer yet.', badge: 'badge-queued' },
  suggested: { label: 'Suggested', text: 'Volunteers were suggested; none has been asked yet.', badge: 'badge-queued' },
  offered: { label: 'Offered', text: 'A volunteer has been asked and has not answered yet.', badge: 'badge-coming' },
  accepted: { label: 'Accepted', text: 'A volunteer accepted; the introduction is on its way.', badge: 'badge-active' },
  introduced: { label: 'Introduced', text: 'The person and their volunteer were introduced by e-mail.', badge: 'badge-active' },
  active: { label: 'Connected', text: 'Both said they have connected.', badge: 'badge-active' },
  waitlisted: { label: 'Waitlisted', text: 'No volunteer fits yet; it stays in the queue.', badge: 'badge-coming' },
  withdrawn: { label: 'Withdrawn', text: 'The request was withdrawn.', badge: 'badge-withdrawn' },
  closed: { label: 'Closed', text: 'The request is closed.', badge: 'badge-dropped' },
};

/** The queue's status filter, in the order of a request's way. */
export const STATUS_FILTERS: readonly (readonly [PeerRequestStatus | '', string])[] = [
  ['', 'Every status'],
  ['new', 'New'],
  ['suggested', 'Suggested'],
  ['offered', 'Offered'],
  ['accepted', 'Accepted'],
  ['introduced', 'Introduced'],
  ['active', 'Connected'],
  ['waitlisted', 'Waitlisted'],
  ['withdrawn', 'Withdrawn'],
  ['closed', 'Closed'],
];

/** True while the person still waits to be introduced (the server's IsWaiting). */
export const isWaiting = (s: PeerRequestStatus): boolean => s === 'new' || s === 'suggested' || s === 'offered' || s === 'waitlisted';

/** True when a specialist may offer the request to a volunteer now. */
export const canOffer = (s: PeerRequestStatus): boolean => isWaiting(s) && s !== 'offered';

/** The status changes a specialist may make from `status` (the server's rule), with their button words. */
export function requestActions(status: PeerRequestStatus): { to: 'new' | 'waitlisted' | 'withdrawn' | 'closed'; label: string; confirm?: string; explain: string }[] {
  const out: ReturnType<typeof requestActions> = [];
  if (status === 'new' || status === 'suggested')
    out.push({ to: 'waitlisted', label: 'Put on the waitlist', explain: 'No volunteer fits yet: keep it in the queue without an overdue marker.' });
  if (status === 'waitlisted') out.push({ to: 'new', label: 'Back to the queue', explain: 'Look for a volunteer again.' });
  if (isWaiting(status))
    out.push({ to: 'withdrawn', label: 'Withdraw the request', confirm: 'Yes, withdraw it', explain: 'The person no longer needs a volunteer (a pending offer is withdrawn too).' });
  if (status === 'introduced' || status === 'active')
    out.push({ to: 'closed', label: 'Close the request', confirm: 'Yes, close it', explain: 'The support has ended.' });
  return out;
}

/** An offer's state in words. */
export const OFFER_STATES: Record<PeerOfferStatus, string> = {
  pending: 'Waiting for an answer',
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Not answered in time',
  withdrawn: 'Withdrawn',
};

/** "under a working day", "1 working day", "4 working days". */
export function waitingWords(days: number): string {
  if (days <= 0) return 'under a working day';
  return days === 1 ? '1 working day' : `${days} working days`;
}

/** The label of `code` in one of the vocabulary's lists, or the code itself. */
export function termLabel(list: readonly PeerTerm[] | undefined, code: string): string {
  return list?.find((t) => t.code === code)?.label ?? code;
}

/** A language tag as people read it: "english" → "English". */
export function languageLabel(tag: string): string {
  return tag.replace(/(^|\s)\p{L}/gu, (c) => c.toUpperCase());
}

/** Languages offered in the form's list; anyone may add their own. */
export const COMMON_LANGUAGES = [
  'english',
  'spanish',
  'french',
  'mandarin',
  'cantonese',
  'arabic',
  'hindi',
  'portuguese',
  'vietnamese',
  'korean',
  'tagalog',
  'russian',
  'haitian creole',
  'american sign language',
];

/** A canonical language tag (the server's CanonicalTag): trimmed, lower case, single spaces. */
export const languageTag = (s: string): string => s.trim().toLowerCase().replace(/[\s_]+/g, ' ');

/** An empty profile for the form, in the browser's time zone, English preselected. */
export function emptyPeerProfile(timeZone: string): PeerProfile {
  return {
    person: '',
    cancer_type: '',
    cancer_subtype: '',
    stage: '',
    treatments: [],
    time_since_diagnosis: '',
    age_group: '',
    gender: '',
    same_gender: false,
    relationship: '',
    topics: [],
    languages: ['english'],
    contact: [],
    time_zone: timeZone,
    availability: [],
  };
}

/** True when "someone of my own gender" can be asked: a gender was given. */
export const genderGiven = (gender: string): boolean => gender !== '' && gender !== 'undisclosed';

/**
 * The profile as sent: a relationship only for caregivers, the same-gender
 * wish only with a gender, the subtype trimmed.
 */
export function peerProfileBody(p: PeerProfile): PeerProfile {
  return {
    ...p,
    cancer_subtype: p.cancer_subtype.trim(),
    relationship: p.person === 'caregiver' ? p.relationship : '',
    same_gender: genderGiven(p.gender) ? p.same_gender : false,
  };
}

/**
 * The part of the form a server error names: "treatments[1]" → "treatments",
 * "profile.cancer_type" → "cancer_type", "availability[0]" → "availability".
 */
export function formField(field: string | null | undefined): string | null {
  if (!field) return null;
  const last = field.split('.').pop() ?? field;
  return last.replace(/\[\d+\]$/, '');
}

const FIELD_WORDS: Record<string, string> = {
  person: 'Tell us whether you are a patient, a survivor or a caregiver.',
  cancer_type: 'Choose the kind of cancer (or “Another cancer”).',
  stage: 'Choose a stage from the list, or leave it empty.',
  treatments: 'Choose treatments from the list.',
  time_since_diagnosis: 'Choose when from the list, or leave it empty.',
  age_group: 'Choose an age group from the list, or leave it empty.',
  topics: 'Choose topics from the list.',
  contact: 'Choose how you would like to talk from the list.',
  relationship: 'Choose your relationship from the list.',
};

/**
 * The message shown under a field for a server error: the form's own words
 * where the server's would name codes ("cancer_type is required"), else
 * the server's sentence with a capital letter and a full stop.
 */
export function fieldMessage(field: string | null | undefined, message: string): string {
  const f = formField(field);
  if (f && FIELD_WORDS[f] && /is required|is not one of|caregivers only/.test(message)) return FIELD_WORDS[f];
  const m = message.trim();
  if (!m) return m;
  const s = m.charAt(0).toUpperCase() + m.slice(1);
  return /[.!?]$/.test(s) ? s : s + '.';
}

/** A profile in words for a specialist or the person, [label, text] in reading order; empty parts left out. */
export function profileFacts(p: PeerProfile, v: PeerVocabulary | undefined, { seeker = true } = {}): [string, string][] {
  const caregiver = p.person === 'caregiver';
  const list = (codes: string[], terms: readonly PeerTerm[] | undefined) => codes.map((c) => termLabel(terms, c)).join(', ');
  const out: [string, string][] = [];
  out.push([seeker ? 'Asking as' : 'Supports as', p.person ? termLabel(v?.person, p.person) : 'not given']);
  if (caregiver && p.relationship) out.push(['Relationship', termLabel(v?.relationship, p.relationship)]);
  out.push([caregiver ? 'Their loved one’s cancer' : 'Cancer', p.cancer_type ? termLabel(v?.cancer_type, p.cancer_type) : 'not given']);
  if (p.cancer_subtype) out.push(['In their words', p.cancer_subtype]);
  if (p.stage) out.push(['Stage at diagnosis', termLabel(v?.stage, p.stage)]);
  if (p.treatments.length) out.push(['Treatments', list(p.treatments, v?.treatments)]);
  if (p.time_since_diagnosis) out.push(['Diagnosed', termLabel(v?.time_since_diagnosis, p.time_since_diagnosis)]);
  if (p.age_group) out.push(['Age group', termLabel(v?.age_group, p.age_group)]);
  if (p.gender)
    out.push(['Gender', termLabel(v?.gender, p.gender) + (seeker && p.same_gender ? ' — asks for a volunteer of the same gender' : '')]);
  if (p.topics.length) out.push([seeker ? 'Would like to talk about' : 'Can talk about', list(p.topics, v?.topics)]);
  out.push(['Languages', p.languages.map(languageLabel).join(', ') || 'not given']);
  if (p.contact.length) out.push(['Would like to talk by', list(p.contact, v?.contact)]);
  if (p.time_zone) out.push(['Time zone', p.time_zone]);
  if (p.availability.length) out.push([`Usually free (${p.time_zone || 'UTC'})`, p.availability.map(describeWindow).join('; ')]);
  return out;
}

/** The queue's counts: all, waiting, overdue and urgent among the waiting, and by status. */
export function queueCounts(entries: readonly PeerQueueEntry[]) {
  const by: Partial<Record<PeerRequestStatus, number>> = {};
  let waiting = 0;
  let overdue = 0;
  let urgent = 0;
  for (const e of entries) {
    const s = e.request.status;
    by[s] = (by[s] ?? 0) + 1;
    if (isWaiting(s)) {
      waiting++;
      if (e.overdue) overdue++;
      if (e.request.urgent) urgent++;
    }
  }
  return { total: entries.length, waiting, overdue, urgent, by };
}

/** "3 requests" / "1 request". */
export const requestsWord = (n: number): string => (n === 1 ? '1 request' : `${n} requests`);

/** The queue's counts in one sentence: "40 requests: 28 waiting (3 overdue, 4 urgent); 12 new, …". */
export function queueSentence(entries: readonly PeerQueueEntry[]): string {
  const c = queueCounts(entries);
  if (c.total === 0) return 'No requests.';
  const flags = [c.overdue ? `${c.overdue} overdue` : '', c.urgent ? `${c.urgent} urgent` : ''].filter(Boolean).join(', ');
  const states = STATUS_FILTERS.filter(([s]) => s && c.by[s as PeerRequestStatus])
    .map(([s]) => `${c.by[s as PeerRequestStatus]} ${REQUEST_STATES[s as PeerRequestStatus].label.toLowerCase()}`)
    .join(', ');
  return `${requestsWord(c.total)}: ${c.waiting} waiting${flags ? ` (${flags})` : ''}; ${states}.`;
}

/** Newest first, or the server's order (urgent first, then waiting longest). */
export function sortQueue(entries: readonly PeerQueueEntry[], order: 'queue' | 'newest'): PeerQueueEntry[] {
  if (order === 'queue') return entries.slice();
  return entries.slice().sort((a, b) => (a.request.created_at < b.request.created_at ? 1 : a.request.created_at > b.request.created_at ? -1 : b.request.id - a.request.id));
}

/** The facets of a peer score (matching/peer.h), with their points at most and colours (3:1 on white). */
export const PEER_FACETS: readonly { facet: string; label: string; points: number; color: string }[] = [
  { facet: 'cancer_type', label: 'Same cancer', points: 25, color: '#1f5f99' },
  { facet: 'subtype', label: 'Same subtype', points: 5, color: '#283593' },
  { facet: 'treatments', label: 'Shared treatments', points: 15, color: '#2e7d32' },
  { facet: 'experience', label: 'Experience', points: 10, color: '#8a4b00' },
  { facet: 'age', label: 'Age group', points: 10, color: '#6a3d9a' },
  { facet: 'gender', label: 'Gender', points: 5, color: '#b0265e' },
  { facet: 'time_since_diagnosis', label: 'Time since diagnosis', points: 5, color: '#00695c' },
  { facet: 'topics', label: 'Topics', points: 10, color: '#b23c17' },
  { facet: 'availability', label: 'Availability', points: 5, color: '#5d4037' },
  { facet: 'balance', label: 'Load balancing', points: 10, color: '#4e5b6a' },
];
export const peerFacetLabel = (f: string): string => PEER_FACETS.find((x) => x.facet === f)?.label ?? f.replace(/_/g, ' ');
export const PEER_FACET_COLORS: Record<string, string> = Object.fromEntries(PEER_FACETS.map((f) => [f.facet, f.color]));

/** A breakdown in the facets' order (the server's JSON is alphabetical), unknown facets last. */
export function orderedBreakdown(b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of PEER_FACETS) if (f.facet in b) out[f.facet] = b[f.facet];
  for (const [k, v] of Object.entries(b)) if (!(k in out)) out[k] = v;
  return out;
}

/**
 * The contact an accepted offer shares, line by line, each with a link
 * where it is an address: "E-mail: x" (mailto:) and "Phone: y" (tel:).
 */
export function contactLines(contact: string): { text: string; label: string; href: string | null }[] {
  return contact
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^([^:]+):\s*(.+)$/.exec(line);
      if (!m) return { text: line, label: '', href: null };
      const [, label, value] = m;
      if (/e-?mail/i.test(label) && value.includes('@')) return { text: value, label, href: `mailto:${value}` };
      if (/phone/i.test(label) && /\d/.test(value)) return { text: value, label, href: `tel:${value.replace(/[^\d+]/g, '')}` };
      return { text: value, label, href: null };
    });
}

/** What a view in the access log was, as a verb phrase: "opened the request of". */
export function accessWords(what: PeerAccessEntry['what']): string {
  switch (what) {
    case 'request':
      return 'opened the request of';
    case 'suggestions':
      return 'looked at suggestions for';
    case 'profile':
      return 'opened the peer profile of';
    case 'export':
      return 'exported the health details of';
    default:
      return `${what} —`;
  }
}

/** A check-in's answer in words for a specialist. */
export function checkinWords(c: { week: number; answered_at: string | null; connected: boolean | null }): string {
  const when = c.week === 2 ? 'two weeks' : c.week === 6 ? 'six weeks' : `${c.week} weeks`;
  if (!c.answered_at || c.connected === null) return `At ${when}: not answered yet`;
  return `At ${when}: ${c.connected ? 'yes, connected' : 'not connected'}`;
}

/**
 * Why a volunteer cannot be offered anyone today, in words (the server's
 * VolunteerUnavailableReason, all of them); empty when they can. `today`
 * is "YYYY-MM-DD".
 */
export function standingBlockers(
  s: { trained_on: string | null; screening: 'pending' | 'cleared' | 'expired'; screening_expires_on: string | null; paused: boolean; load: number; capacity: number },
  today: string,
): string[] {
  const out: string[] = [];
  if (!s.trained_on) out.push('training not completed');
  if (s.screening === 'pending') out.push('screening pending');
  if (s.screening === 'expired' || (s.screening_expires_on && s.screening_expires_on < today)) out.push('screening expired');
  if (s.paused) out.push('paused');
  if (s.load >= s.capacity) out.push(`supporting as many people as they can (${s.load} of ${s.capacity})`);
  return out;
}

/** The screening states in words. */
export const SCREENING_WORDS: Record<'pending' | 'cleared' | 'expired', string> = {
  pending: 'Pending',
  cleared: 'Cleared',
  expired: 'Expired',
};

/** Today in the browser's zone as "YYYY-MM-DD". */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** The peer settings as typed, checked like the server: the body, or the field and what to fix. */
export function settingsBody(d: { target_working_days: string; offer_hours: string }):
  | { target_working_days: number; offer_hours: number }
  | { field: 'target_working_days' | 'offer_hours'; message: string } {
  const whole = (t: string, min: number, max: number) => {
    const n = Number(t.trim());
    return t.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? n : null;
  };
  const days = whole(d.target_working_days, 1, 30);
  if (days === null) return { field: 'target_working_days', message: 'Enter the working days a request may wait: a whole number from 1 to 30.' };
  const hours = whole(d.offer_hours, 1, 336);
  if (hours === null) return { field: 'offer_hours', message: 'Enter the hours a volunteer has to answer: a whole number from 1 to 336 (two weeks).' };
  return { target_working_days: days, offer_hours: hours };
}
