// Mentees choosing (docs/matching.md#how-people-are-matched) in words: the
// matching modes, request states and decline reasons as people read them,
// the note's length rule, and the ranked-list moves — everything the
// shortlist, requests and preference pages need that asks no server.
import type { ChoiceSettings, DeclineReason, MatchingMode, MentorRequest, Shortlist } from '../api/types';
import { formatDate, formatDateTime } from './time';

/** Each mode with its name in the set-up and a one-line explanation. */
export const MODES: readonly { mode: MatchingMode; label: string; explain: string }[] = [
  {
    mode: 'coordinator',
    label: 'Coordinator-led',
    explain: 'You run matchings and publish the pairs; mentees do not choose.',
  },
  {
    mode: 'mentee_led',
    label: 'Mentees request, mentors accept',
    explain: 'Each mentee sees a shortlist of mentors who fit and asks a few at once; the first mentor to accept becomes their mentor.',
  },
  {
    mode: 'both',
    label: 'Mentees rank, coordinator matches',
    explain: 'Mentees put a shortlist of mentors in order; their ranks count as preferences in your matching runs, and you publish the pairs.',
  },
];

/** True when mentees choose in this mode (a shortlist exists). */
export const menteesChoose = (mode: MatchingMode | undefined): boolean => mode === 'mentee_led' || mode === 'both';

/** The four reasons a mentor may give, in the mentor's words. */
export const DECLINE_REASONS: readonly (readonly [DeclineReason, string])[] = [
  ['no_room', 'I have no room for another mentee'],
  ['not_a_fit', 'Someone else could help them more'],
  ['timing', 'The timing does not work for me'],
  ['other', 'Another reason'],
];

/** The longest note or message, in bytes of UTF-8 (the server's rule). */
export const NOTE_MAX = 2000;

/** The length the server counts: UTF-8 bytes (é is 2, most emoji 4). */
export function noteBytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** What is wrong with a note or message, or null when it may be sent. */
export function noteError(text: string, what = 'note'): string | null {
  const n = noteBytes(text);
  if (n <= NOTE_MAX) return null;
  return `The ${what} is too long: shorten it by ${n - NOTE_MAX} characters (at most ${NOTE_MAX}; accented letters count as 2, emoji as 4).`;
}

/** "has 1 of 3 mentees". */
export function mentorLoad(mentees: number, capacity: number): string {
  return `has ${mentees} of ${capacity} ${capacity === 1 ? 'mentee' : 'mentees'}`;
}

/** "12 mentors match" — how many eligible mentors pass the filters. */
export function eligibleText(n: number, filtered: boolean): string {
  if (n === 0) return filtered ? 'No mentor matches these filters.' : 'No mentor with room fits the program’s rules for you just now.';
  const who = n === 1 ? '1 mentor' : `${n} mentors`;
  return filtered ? `${who} ${n === 1 ? 'matches' : 'match'} these filters.` : `${who} with room ${n === 1 ? 'fits' : 'fit'} the program’s rules for you.`;
}

/** "2 of 3 requests waiting" and what that allows. */
export function requestsCounter(list: Pick<Shortlist, 'pending_requests' | 'max_open_requests'>): { count: string; more: string; full: boolean } {
  const { pending_requests: n, max_open_requests: k } = list;
  const full = n >= k;
  return {
    count: `${n} of ${k} ${k === 1 ? 'request' : 'requests'} waiting`,
    more: full
      ? 'You have asked as many mentors as you can at once. Wait for an answer, or withdraw a request to ask someone else.'
      : `You can ask ${k - n} more ${k - n === 1 ? 'mentor' : 'mentors'} now.`,
    full,
  };
}

export type Viewer = 'mentee' | 'mentor' | 'coordinator';

/** A request's state as its reader reads it: a short label and a sentence. */
export function requestState(r: MentorRequest, viewer: Viewer): { label: string; text: string } {
  const mentee = viewer === 'mentee' ? 'you' : r.mentee_name;
  switch (r.status) {
    case 'pending':
      return {
        label: 'Waiting for an answer',
        text:
          viewer === 'mentor'
            ? `Please answer by ${formatDateTime(r.answer_by)} (your time); after that the request lapses.`
            : `${r.mentor_name} has until ${formatDateTime(r.answer_by)} (your time) to answer.`,
      };
    case 'accepted':
      return {
        label: 'Accepted',
        text: viewer === 'mentor' ? `You and ${r.mentee_name} are a pair.` : viewer === 'mentee' ? `${r.mentor_name} is your mentor.` : `${r.mentor_name} mentors ${r.mentee_name}.`,
      };
    case 'declined':
      return {
        label: 'Declined',
        text: viewer === 'mentor' ? `You declined: ${declineLabel(r.reason)}.` : r.reason_text || `${r.mentor_name} cannot take ${mentee === 'you' ? 'you' : mentee} on.`,
      };
    case 'expired':
      return {
        label: 'Not answered in time',
        text:
          viewer === 'mentor'
            ? 'The time to answer ran out, so the request lapsed.'
            : `${r.mentor_name} did not answer by ${formatDateTime(r.answer_by)}, so the request lapsed${viewer === 'mentee' ? '; you may ask someone else' : ''}.`,
      };
    case 'withdrawn':
      return { label: 'Withdrawn', text: withdrawnText(r, viewer) };
  }
}

function withdrawnText(r: MentorRequest, viewer: Viewer): string {
  switch (r.reason) {
    case 'paired':
      return viewer === 'mentee' ? 'You have found your mentor, so this request was withdrawn.' : `${r.mentee_name} has found a mentor, so the request was withdrawn.`;
    case 'mentor_full':
      return viewer === 'mentor' ? 'You have no room left, so the request was withdrawn.' : `${r.mentor_name} has no room left, so the request was withdrawn.`;
    case 'by_mentee':
      return viewer === 'mentee' ? 'You took this request back.' : `${r.mentee_name} took the request back.`;
    case 'closed':
      return 'Choosing closed in this program, so the request was withdrawn.';
    default:
      return 'The request was withdrawn.';
  }
}

/** The mentor's words for a decline reason code. */
export function declineLabel(reason: string | null): string {
  const found = DECLINE_REASONS.find(([code]) => code === reason);
  return found ? found[1].charAt(0).toLowerCase() + found[1].slice(1) : 'no reason given';
}

/** When choosing is open, in words ("Open until 31 Jan 2027."); null when always open. */
export function choosingDates(s: Pick<ChoiceSettings, 'opens_on' | 'closes_on'>): string | null {
  if (s.opens_on && s.closes_on) return `Open from ${formatDate(s.opens_on)} to ${formatDate(s.closes_on)}.`;
  if (s.opens_on) return `Open from ${formatDate(s.opens_on)}.`;
  if (s.closes_on) return `Open until ${formatDate(s.closes_on)}.`;
  return null;
}

/** `list` with the item at `from` moved to `to` (both clamped); a new array. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = list.slice();
  if (from < 0 || from >= out.length) return out;
  const target = Math.max(0, Math.min(out.length - 1, to));
  const [item] = out.splice(from, 1);
  out.splice(target, 0, item);
  return out;
}

/** What a screen reader hears after a move: "Dr. Ana Ruiz moved to rank 1 of 4." */
export function moveAnnouncement(name: string, index: number, total: number): string {
  return `${name} moved to rank ${index + 1} of ${total}.`;
}

/**
 * Where a dragged item lands: the index of the first item whose middle is
 * below `y` (the pointer), among the items' [top, bottom] boxes, not counting
 * the dragged one itself; the end when none.
 */
export function dropIndex(boxes: readonly { top: number; bottom: number }[], from: number, y: number): number {
  let to = 0;
  for (let i = 0; i < boxes.length; i++) {
    if (i === from) continue;
    if (y > (boxes[i].top + boxes[i].bottom) / 2) to++;
  }
  return to;
}
