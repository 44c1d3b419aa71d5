// Mentees' requests to mentors as each side reads them: a request's state in
// words, the mentee's note, withdrawing one (a confirming second press), a
// mentor's answer (accept; decline with a reason and optional words), and the
// mentee's profile for the mentor deciding.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, fieldError } from '../api/client';
import type { DeclineReason, MentorRequest, Profile } from '../api/types';
import { DECLINE_REASONS, NOTE_MAX, noteBytes, noteError, requestState, type Viewer } from '../lib/choice';
import { formatDateTime } from '../lib/time';
import { Link } from '../router';
import { ProfileView } from './ProfileView';
import { Button, ErrorMessage, Field, Loading } from './ui';

/** The badge class of a request status (the shared badge colours). */
const BADGE: Record<MentorRequest['status'], string> = {
  pending: 'badge-queued',
  accepted: 'badge-active',
  declined: 'badge-withdrawn',
  withdrawn: 'badge-withdrawn',
  expired: 'badge-coming',
};

export function RequestBadge({ request, viewer }: { request: MentorRequest; viewer: Viewer }) {
  return <span class={`badge ${BADGE[request.status]}`}>{requestState(request, viewer).label}</span>;
}

/** A request's state sentence, the mentor's words with a decline, and the pair it made. */
export function RequestOutcome({ request: r, viewer }: { request: MentorRequest; viewer: Viewer }) {
  const state = requestState(r, viewer);
  return (
    <div class="request-outcome">
      <p>{state.text}</p>
      {r.status === 'declined' && r.message && (
        <blockquote class="request-message">
          <p class="muted small">{viewer === 'mentor' ? 'Your words' : `${r.mentor_name} wrote`}:</p>
          <p>{r.message}</p>
        </blockquote>
      )}
      {r.status === 'accepted' && r.pair_id !== null && (
        <p>
          <Link href={`/pairs/${r.pair_id}`}>{viewer === 'mentor' ? `Open your pair page with ${r.mentee_name}` : viewer === 'mentee' ? `Open your pair page with ${r.mentor_name}` : 'Open their pair page'}</Link>
        </p>
      )}
    </div>
  );
}

/** The mentee's note, as sent. */
export function RequestNote({ request: r, viewer }: { request: MentorRequest; viewer: Viewer }) {
  if (!r.note) return <p class="muted">{viewer === 'mentee' ? 'You sent no note.' : 'No note.'}</p>;
  return (
    <blockquote class="request-note">
      <p class="muted small">{viewer === 'mentee' ? 'Your note' : `${r.mentee_name} wrote`}:</p>
      <p>{r.note}</p>
    </blockquote>
  );
}

/** Withdraw a pending request: the first press asks, the second withdraws. */
export function WithdrawButton({ request, onDone }: { request: MentorRequest; onDone: (r: MentorRequest) => void }) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async () => {
    if (!confirm) {
      setConfirm(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await api.post<MentorRequest>(`/requests/${request.id}/withdraw`));
    } catch (err) {
      setError(err);
    }
    setBusy(false);
    setConfirm(false);
  };
  return (
    <div class="withdraw">
      <span class="button-row">
        <Button type="button" class={confirm ? 'danger small' : 'secondary small'} busy={busy} busyLabel="Withdrawing…" onClick={go}>
          {confirm ? `Yes, withdraw my request to ${request.mentor_name}` : 'Withdraw request'}
        </Button>
        {confirm && (
          <button type="button" class="secondary small" onClick={() => setConfirm(false)}>
            Keep it
          </button>
        )}
      </span>
      <ErrorMessage error={error} />
    </div>
  );
}

/** A note's length as the server counts it, with the limit. */
export function NoteCounter({ text, id }: { text: string; id?: string }) {
  const n = noteBytes(text);
  return (
    <p class={`hint note-counter${n > NOTE_MAX ? ' over' : ''}`} id={id}>
      {n} of {NOTE_MAX} characters
    </p>
  );
}

/** The mentor's answer to a pending request: Accept, or Decline with a reason and optional words. */
export function AnswerRequest({ request: r, onAnswered }: { request: MentorRequest; onAnswered: (r: MentorRequest) => void }) {
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState<DeclineReason | ''>('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState<'accept' | 'decline' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const select = useRef<HTMLSelectElement>(null);
  const declineButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (declining) select.current?.focus();
  }, [declining]);
  const accept = async () => {
    setBusy('accept');
    setError(null);
    try {
      onAnswered(await api.post<MentorRequest>(`/requests/${r.id}/accept`));
    } catch (err) {
      setError(err);
    }
    setBusy(null);
  };
  const decline = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!reason) {
      setError(new ApiError(400, 'invalid_argument', 'Choose a reason; the mentee reads a kind sentence for it.', 'reason'));
      select.current?.focus();
      return;
    }
    const tooLong = noteError(message, 'message');
    if (tooLong) {
      setError(new ApiError(400, 'invalid_argument', tooLong, 'message'));
      return;
    }
    setBusy('decline');
    try {
      onAnswered(await api.post<MentorRequest>(`/requests/${r.id}/decline`, { reason, message }));
    } catch (err) {
      setError(err);
    }
    setBusy(null);
  };
  const fe = (f: string) => fieldError(error, f);
  const general = error && !fe('reason') && !fe('message') ? error : null;
  return (
    <div class="answer">
      {!declining && (
        <div class="button-row">
          <Button type="button" busy={busy === 'accept'} busyLabel="Accepting…" onClick={accept}>
            Accept {r.mentee_name}
          </Button>
          <button type="button" class="secondary" ref={declineButton} onClick={() => setDeclining(true)}>
            Decline…
          </button>
        </div>
      )}
      {declining && (
        <form class="decline-form" onSubmit={decline} noValidate>
          <Field label="Why you decline" hint={`${r.mentee_name} reads a kind sentence for the reason, not these words.`} error={fe('reason')}>
            {(a) => (
              <select {...a} ref={select} value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value as DeclineReason)}>
                <option value="">Choose a reason…</option>
                {DECLINE_REASONS.map(([code, label]) => (
                  <option key={code} value={code}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={`A few words to ${r.mentee_name} (optional)`} hint="They read these with the reason." error={fe('message')}>
            {(a) => (
              <>
                <textarea {...a} rows={3} value={message} onInput={(e) => setMessage((e.target as HTMLTextAreaElement).value)} />
                <NoteCounter text={message} />
              </>
            )}
          </Field>
          <ErrorMessage error={general} />
          <div class="button-row">
            <Button type="submit" class="danger" busy={busy === 'decline'} busyLabel="Declining…">
              Decline the request
            </Button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setDeclining(false);
                setError(null);
                setTimeout(() => declineButton.current?.focus());
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
      {!declining && <ErrorMessage error={general} />}
    </div>
  );
}

/**
 * The mentee's profile, loaded when the mentor asks for it. The server shows
 * a profile to the person, their coordinators and their pair partners; when
 * it refuses, the mentor is told they see it once they are a pair.
 */
export function TheirProfile({ enrollmentId, name }: { enrollmentId: number; name: string }) {
  const [open, setOpen] = useState(false);
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const toggle = async () => {
    const next = !open;
    setOpen(next);
    if (!next || profile || loading) return;
    setLoading(true);
    setError(null);
    try {
      setProfile(await api.get<Profile>(`/enrollments/${enrollmentId}/profile`));
    } catch (err) {
      setError(err);
    }
    setLoading(false);
  };
  return (
    <div class="their-profile">
      <button type="button" class="link-button" aria-expanded={open} onClick={toggle}>
        {open ? `Hide ${name}'s profile` : `Show ${name}'s profile`}
      </button>
      {open && loading && <Loading label="Loading their profile…" />}
      {open && profile && <ProfileView profile={profile} />}
      {open && error instanceof ApiError && error.status === 403 && (
        <p class="muted">You will see {name}'s full profile once you are a pair; for now their note is what they wrote to you.</p>
      )}
      {open && error !== null && !(error instanceof ApiError && error.status === 403) && <ErrorMessage error={error} />}
    </div>
  );
}

/** When the request was sent, in the reader's time. */
export function sentOn(r: MentorRequest): string {
  return `Sent ${formatDateTime(r.created_at)}`;
}
