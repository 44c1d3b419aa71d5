// A pair's meetings on its page: health, when both are free (in the viewer's
// zone), proposing, answering, moving and cancelling, logging what happened,
// and the personal calendar feed. Times come from the API in UTC and are
// shown in the viewer's zone with its abbreviation (docs/meetings.md).
import { useState } from 'preact/hooks';
import { api, fieldError } from '../api/client';
import type { FreeTime, Meeting, MeetingLog, Pair, PairHealthInfo } from '../api/types';
import { browserTimeZone, describeWindow } from '../lib/time';
import { Link } from '../router';
import { Button, ErrorMessage, Field, FormActions, FormError, Loading, Notice, StatusBadge, useResource } from './ui';

export const MEETING_TOPICS = ['career planning', 'research project', 'clinical question', 'work-life balance', 'networking', 'grant or paper writing'];

const HEALTH_WORDS: Record<string, string> = { on_track: 'On track', due: 'Meeting due', at_risk: 'At risk', stalled: 'Stalled' };

/** "Tue 12 Jan 2027 09:00 CST" in `zone` (the zone's abbreviation as American English writes it, "GMT+5:30" where it has none). */
export function wallTime(iso: string, zone: string): string {
  const d = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? zone;
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')} ${get('hour')}:${get('minute')} ${name}`;
}

/** "2027-01-12T09:00" in `zone`, for a datetime-local input. */
export function localInputValue(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** Health as a badge and words: "At risk · held 1 of 2 expected · last met 50 days ago". */
export function HealthBadge({ health }: { health: PairHealthInfo }) {
  const days = health.days_without_meeting;
  const since = health.last_met ? `last met ${days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'} ago`}` : `no meeting yet, ${days} day${days === 1 ? '' : 's'} since the start`;
  return (
    <span class="health">
      <span class={`badge health-${health.status}`}>{HEALTH_WORDS[health.status] ?? health.status}</span>{' '}
      <span class="muted small">
        held {health.held} of {health.expected} expected · {since}
      </span>
    </span>
  );
}

/** For the home page: the next meeting, proposals waiting for an answer, and health. */
export function MeetingSummary({ pair, side }: { pair: Pair; side: 'mentor' | 'mentee' }) {
  const meetings = useResource((signal) => api.get<{ meetings: Meeting[] }>(`/pairs/${pair.id}/meetings`, { signal }), [pair.id]);
  const health = useResource((signal) => api.get<PairHealthInfo>(`/pairs/${pair.id}/health`, { signal }), [pair.id]);
  const zone = browserTimeZone();
  const now = Date.now();
  const open = (meetings.data?.meetings ?? []).filter((m) => new Date(m.ends_at).getTime() > now && (m.status === 'proposed' || m.status === 'scheduled'));
  const waiting = open.filter((m) => m.status === 'proposed' && (side === 'mentor' ? m.mentor_answer : m.mentee_answer) === 'needs-action');
  const next = open.find((m) => m.status === 'scheduled');
  return (
    <div class="meeting-summary">
      <h3>Meetings</h3>
      {(meetings.loading || health.loading) && !meetings.data && <Loading />}
      <ErrorMessage error={meetings.error ?? health.error} />
      {health.data && pair.status === 'active' && (
        <p>
          <HealthBadge health={health.data} />
        </p>
      )}
      {meetings.data && (
        <p>
          {next ? (
            <>
              Next: <strong>{wallTime(next.starts_at, zone)}</strong>
            </>
          ) : (
            'No meeting planned.'
          )}
          {waiting.length > 0 && (
            <>
              {' '}
              <strong>
                {waiting.length} proposal{waiting.length === 1 ? '' : 's'} waiting for your answer.
              </strong>
            </>
          )}{' '}
          <Link href={`/pairs/${pair.id}`}>{next || waiting.length ? 'See your meetings' : 'Plan a meeting'}</Link>
        </p>
      )}
    </div>
  );
}

function FreeSlots({ free: f, onPick }: { free: FreeTime; onPick: (localStart: string) => void }) {
  const [all, setAll] = useState(false);
  return (
    <section aria-labelledby="free-h">
      <h3 id="free-h">When you are both free</h3>
      <p class="hint">
        The next 8 weeks, in <strong>{f.viewer_zone}</strong>, from each person's weekly availability in their own time zone (clock changes included). Choose a time to propose it.
      </p>
      {f.slots.length === 0 ? (
        <Notice kind="warning">
          <p>You have no time in common in the next 8 weeks. Each of you can widen your weekly availability on your profile, or propose any time below.</p>
          <ul>
            {[f.mentor, f.mentee].map((p) => (
              <li key={p.role}>
                {p.name} ({p.role}, {p.time_zone ?? 'no time zone'}):{' '}
                {p.availability.length ? p.availability.map((w) => describeWindow(w)).join(', ') : 'no availability given'}
              </li>
            ))}
          </ul>
        </Notice>
      ) : (
        <ul class="free-slots">
          {f.slots.slice(0, all ? f.slots.length : 12).map((s) => (
            <li key={s.start}>
              <button type="button" class="secondary small" onClick={() => onPick(s.start_local.slice(0, 16))}>
                <span class="visually-hidden">Propose </span>
                {wallTime(s.start, f.viewer_zone)} · {s.minutes} min free
              </button>
            </li>
          ))}
          {!all && f.slots.length > 12 && (
            <li>
              <button type="button" class="link-button small" onClick={() => setAll(true)}>
                Show all {f.slots.length}
              </button>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}

interface MeetingDraft {
  start: string;
  minutes: number;
  mode: 'video' | 'phone' | 'in_person';
  location: string;
  agenda: string;
  note: string;
}

function MeetingForm({
  title,
  initial,
  zone,
  withNote,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  title: string;
  initial: MeetingDraft;
  zone: string;
  withNote?: boolean;
  submitLabel: string;
  onSubmit: (d: MeetingDraft) => Promise<void>;
  onCancel?: () => void;
}) {
  const [d, setD] = useState<MeetingDraft>(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof MeetingDraft>(k: K, v: MeetingDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await onSubmit(d);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const fe = (f: string) => fieldError(error, f);
  const shown = ['start', 'minutes', 'mode', 'location', 'agenda', 'note', 'time_zone'].some((f) => fe(f));
  return (
    <form class="card meeting-form" onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <div class="row">
        <Field label={`Starts (${zone})`} error={fe('start') ?? fe('time_zone')}>
          {(a) => <input {...a} type="datetime-local" value={d.start} onInput={(e) => set('start', (e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="Length" error={fe('minutes')}>
          {(a) => (
            <select {...a} value={d.minutes} onChange={(e) => set('minutes', Number((e.target as HTMLSelectElement).value))}>
              {[15, 30, 45, 60, 90, 120].map((m) => (
                <option key={m} value={m}>
                  {m} minutes
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="How" error={fe('mode')}>
          {(a) => (
            <select {...a} value={d.mode} onChange={(e) => set('mode', (e.target as HTMLSelectElement).value as MeetingDraft['mode'])}>
              <option value="video">Video call</option>
              <option value="phone">Phone call</option>
              <option value="in_person">In person</option>
            </select>
          )}
        </Field>
      </div>
      <Field label={d.mode === 'video' ? 'Video link' : d.mode === 'phone' ? 'Phone number' : 'Place'} error={fe('location')}>
        {(a) => <input {...a} type="text" value={d.location} onInput={(e) => set('location', (e.target as HTMLInputElement).value)} />}
      </Field>
      <Field label="Agenda (optional)" error={fe('agenda')}>
        {(a) => <textarea {...a} rows={2} value={d.agenda} onInput={(e) => set('agenda', (e.target as HTMLTextAreaElement).value)} />}
      </Field>
      {withNote && (
        <Field label="Note to your partner (optional)" error={fe('note')}>
          {(a) => <input {...a} type="text" value={d.note} onInput={(e) => set('note', (e.target as HTMLInputElement).value)} />}
        </Field>
      )}
      {!shown && <ErrorMessage error={error} />}
      <div class="actions">
        <Button type="submit" busy={busy} busyLabel="Sending…">
          {submitLabel}
        </Button>
        {onCancel && (
          <button type="button" class="secondary" onClick={onCancel}>
            Close
          </button>
        )}
      </div>
    </form>
  );
}

function LogForm({ pairId, meeting, zone, onDone, onCancel }: { pairId: number; meeting: Meeting | null; zone: string; onDone: () => void; onCancel: () => void }) {
  const [held, setHeld] = useState(true);
  const [reason, setReason] = useState('rescheduled');
  const [metAt, setMetAt] = useState('');
  const [minutes, setMinutes] = useState(meeting ? String(meeting.minutes) : '45');
  const [topics, setTopics] = useState<string[]>([]);
  const [other, setOther] = useState('');
  const [shared, setShared] = useState('');
  const [priv, setPriv] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const tags = [...topics, ...other.split(',').map((t) => t.trim()).filter(Boolean)];
    try {
      await api.post(`/pairs/${pairId}/meeting-logs`, {
        ...(meeting ? { meeting_id: meeting.id } : { met_at: metAt, time_zone: zone }),
        held,
        ...(held ? {} : { not_held_reason: reason }),
        minutes: held && minutes ? Number(minutes) : null,
        topics: held ? tags : [],
        shared_notes: shared,
        private_notes: priv,
      });
      onDone();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const fe = (f: string) => fieldError(error, f);
  const title = meeting ? `Log the meeting of ${wallTime(meeting.starts_at, zone)}` : 'Log a meeting that was not scheduled here';
  return (
    <form class="card meeting-form" onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      {!meeting && (
        <Field label={`When did you meet? (${zone})`} error={fe('met_at')}>
          {(a) => <input {...a} type="datetime-local" value={metAt} onInput={(e) => setMetAt((e.target as HTMLInputElement).value)} />}
        </Field>
      )}
      <fieldset>
        <legend>Did the meeting take place?</legend>
        <label>
          <input type="radio" name="held" checked={held} onChange={() => setHeld(true)} /> Yes, we met
        </label>
        <label>
          <input type="radio" name="held" checked={!held} onChange={() => setHeld(false)} /> No
        </label>
      </fieldset>
      {!held && (
        <Field label="Why not?" error={fe('not_held_reason')}>
          {(a) => (
            <select {...a} value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value)}>
              <option value="rescheduled">It was moved</option>
              <option value="no_show">Someone did not come</option>
              <option value="cancelled">It was called off</option>
            </select>
          )}
        </Field>
      )}
      {held && (
        <>
          <Field label="How long (minutes)" error={fe('minutes')}>
            {(a) => <input {...a} type="number" min={1} max={1440} inputMode="numeric" value={minutes} onInput={(e) => setMinutes((e.target as HTMLInputElement).value)} />}
          </Field>
          <fieldset>
            <legend>What did you talk about?</legend>
            {MEETING_TOPICS.map((t) => (
              <label key={t} class="checkbox">
                <input type="checkbox" checked={topics.includes(t)} onChange={(e) => setTopics((x) => ((e.target as HTMLInputElement).checked ? [...x, t] : x.filter((y) => y !== t)))} /> {t}
              </label>
            ))}
          </fieldset>
          <Field label="Other topics (comma-separated)" error={fe('topics')}>
            {(a) => <input {...a} type="text" value={other} onInput={(e) => setOther((e.target as HTMLInputElement).value)} />}
          </Field>
        </>
      )}
      <Field label="Shared notes" hint="Your partner and the program's coordinators read these." error={fe('shared_notes')}>
        {(a) => <textarea {...a} rows={3} value={shared} onInput={(e) => setShared((e.target as HTMLTextAreaElement).value)} />}
      </Field>
      <Field label="Private notes" hint="Only you read these." error={fe('private_notes')}>
        {(a) => <textarea {...a} rows={2} value={priv} onInput={(e) => setPriv((e.target as HTMLTextAreaElement).value)} />}
      </Field>
      <FormError error={error} fields={['met_at', 'not_held_reason', 'minutes', 'topics', 'shared_notes', 'private_notes']} />
      <FormActions busy={busy} label="Save the log" onCancel={onCancel} cancelLabel="Close" />
    </form>
  );
}

const MODE_WORDS: Record<string, string> = { video: 'Video call', phone: 'Phone call', in_person: 'In person' };
const ANSWER_WORDS: Record<string, string> = { 'needs-action': 'not answered yet', accepted: 'accepted', declined: 'declined' };

/** The person's private calendar-feed address: shown once, and a new one stops the old (pair page, own profile). */
export function CalendarFeed() {
  const [feed, setFeed] = useState<{ url: string; webcal_url: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const reset = async () => {
    setBusy(true);
    setError(null);
    try {
      setFeed(await api.post<{ url: string; webcal_url: string }>('/me/calendar-feed'));
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return (
    <section class="card" aria-labelledby="feed-h">
      <h3 id="feed-h">Your meetings in your calendar</h3>
      <p class="hint">
        A private address for Outlook, Google Calendar or Apple Calendar ("subscribe" or "add calendar from URL"): all your meetings, kept up to date. It is shown once; getting a new one stops the old one.
      </p>
      {feed && (
        <Notice kind="success">
          <p>
            Subscribe: <a class="feed-url" href={feed.webcal_url}>{feed.webcal_url}</a>
          </p>
          <p>
            Or copy: <code class="feed-url">{feed.url}</code>
          </p>
        </Notice>
      )}
      <ErrorMessage error={error} />
      <Button type="button" class="secondary" busy={busy} onClick={reset}>
        {feed ? 'Get another address' : 'Get my calendar address'}
      </Button>
    </section>
  );
}

/** Everything about a pair's meetings, for its members (`side` set) or a coordinator. */
export function PairMeetings({ pair, side, viewerZone }: { pair: Pair; side: 'mentor' | 'mentee' | null; viewerZone: string }) {
  // A member reads times in their profile's zone, which the free-time answer names.
  const free = useResource(
    (signal) => (side ? api.get<FreeTime>(`/pairs/${pair.id}/free-time`, { query: { weeks: 8 }, signal }) : Promise.resolve(null)),
    [pair.id, side],
  );
  const zone = free.data?.viewer_zone ?? viewerZone;
  const meetings = useResource((signal) => api.get<{ meetings: Meeting[] }>(`/pairs/${pair.id}/meetings`, { signal }), [pair.id]);
  const logs = useResource((signal) => api.get<{ logs: MeetingLog[] }>(`/pairs/${pair.id}/meeting-logs`, { signal }), [pair.id]);
  const health = useResource((signal) => api.get<PairHealthInfo>(`/pairs/${pair.id}/health`, { signal }), [pair.id]);
  const [picked, setPicked] = useState('');
  const [moving, setMoving] = useState<number | null>(null);
  const [logging, setLogging] = useState<Meeting | 'unscheduled' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const active = pair.status === 'active';
  const myEnrollment = side === 'mentor' ? pair.mentor.enrollment_id : side === 'mentee' ? pair.mentee.enrollment_id : 0;
  const partner = side === 'mentor' ? pair.mentee.name : pair.mentor.name;
  const reload = () => {
    meetings.reload();
    logs.reload();
    health.reload();
    free.reload();
  };
  const act = async (work: () => Promise<unknown>, done: string) => {
    setError(null);
    setMessage(null);
    try {
      await work();
      setMessage(done);
      reload();
    } catch (err) {
      setError(err);
    }
  };
  const body = (d: MeetingDraft) => ({ start: d.start, time_zone: zone, minutes: d.minutes, mode: d.mode, location: d.location, agenda: d.agenda });
  const now = Date.now();
  const list = meetings.data?.meetings ?? [];
  const loggedByMe = new Set((logs.data?.logs ?? []).filter((l) => l.author_enrollment_id === myEnrollment).map((l) => l.meeting_id));
  const upcoming = list.filter((m) => new Date(m.ends_at).getTime() > now && (m.status === 'proposed' || m.status === 'scheduled'));
  const past = list.filter((m) => !upcoming.includes(m));
  const blank: MeetingDraft = { start: picked, minutes: 45, mode: 'video', location: '', agenda: '', note: '' };
  return (
    <section aria-labelledby="meetings-h" class="meetings">
      <h2 id="meetings-h">Meetings</h2>
      {health.data && active && (
        <p>
          <HealthBadge health={health.data} />
          {health.data.next_scheduled && <span class="muted small"> · next: {wallTime(health.data.next_scheduled, zone)}</span>}
        </p>
      )}
      <p class="hint">Times are shown in {zone}.</p>
      {message && <Notice kind="success">{message}</Notice>}
      <ErrorMessage error={error} />
      {meetings.loading && !meetings.data && <Loading />}
      {meetings.error && <ErrorMessage error={meetings.error} retry={meetings.reload} />}
      <h3>Coming up</h3>
      {meetings.data && upcoming.length === 0 && <p>No meeting planned.</p>}
      <ul class="meeting-list">
        {upcoming.map((m) => {
          const mine = side === 'mentor' ? m.mentor_answer : side === 'mentee' ? m.mentee_answer : null;
          return (
            <li key={m.id} class="card meeting">
              <p>
                <strong>{wallTime(m.starts_at, zone)}</strong>, {m.minutes} min · {MODE_WORDS[m.mode]}
                {m.location && <> · {m.mode === 'video' && /^https?:\/\//.test(m.location) ? <a href={m.location}>{m.location}</a> : m.location}</>} <StatusBadge status={m.status} />
              </p>
              <p class="muted small">
                Mentor {ANSWER_WORDS[m.mentor_answer]}, mentee {ANSWER_WORDS[m.mentee_answer]}
                {m.note && <> · “{m.note}”</>}
              </p>
              {m.agenda && <p class="agenda">{m.agenda}</p>}
              {active && (
                <div class="actions">
                  {mine === 'needs-action' && m.status === 'proposed' && (
                    <>
                      <button type="button" class="small" onClick={() => act(() => api.post(`/meetings/${m.id}/accept`), 'Accepted. Both of you have the invitation in your calendar messages.')}>
                        Accept
                      </button>
                      <button type="button" class="secondary small" onClick={() => act(() => api.post(`/meetings/${m.id}/decline`), 'Declined.')}>
                        Decline
                      </button>
                    </>
                  )}
                  <button type="button" class="secondary small" onClick={() => setMoving(moving === m.id ? null : m.id)}>
                    {mine === 'needs-action' ? 'Propose another time' : 'Move'}
                  </button>
                  <button type="button" class="secondary small" onClick={() => act(() => api.post(`/meetings/${m.id}/cancel`), 'Cancelled; both of you were told.')}>
                    Cancel the meeting
                  </button>
                </div>
              )}
              {moving === m.id && (
                <MeetingForm
                  title="A new time"
                  zone={zone}
                  withNote
                  initial={{ start: '', minutes: m.minutes, mode: m.mode, location: m.location, agenda: m.agenda, note: '' }}
                  submitLabel="Send the new time"
                  onCancel={() => setMoving(null)}
                  onSubmit={async (d) => {
                    await api.post(`/meetings/${m.id}/reschedule`, { ...body(d), note: d.note });
                    setMoving(null);
                    setMessage('The new time was sent to both of you.');
                    reload();
                  }}
                />
              )}
            </li>
          );
        })}
      </ul>
      {active && (side || meetings.data) && (
        <>
          {side && free.loading && !free.data && <Loading />}
          {side && free.error && <ErrorMessage error={free.error} retry={free.reload} />}
          {side && free.data && <FreeSlots free={free.data} onPick={setPicked} />}
          <MeetingForm
            key={picked}
            title={side ? `Propose a meeting to ${partner}` : 'Schedule a meeting for the pair'}
            zone={zone}
            initial={blank}
            submitLabel={side ? 'Propose' : 'Schedule'}
            onSubmit={async (d) => {
              await api.post(`/pairs/${pair.id}/meetings`, body(d));
              setPicked('');
              setMessage(side ? `Proposed. ${partner} gets an invitation to accept.` : 'Scheduled; both are asked to accept.');
              reload();
            }}
          />
        </>
      )}
      <h3>Past meetings and logs</h3>
      {meetings.data && past.length === 0 && (logs.data?.logs.length ?? 0) === 0 && <p>Nothing logged yet.</p>}
      <ul class="meeting-list">
        {past.map((m) => (
          <li key={m.id} class="card meeting">
            <p>
              <strong>{wallTime(m.starts_at, zone)}</strong>, {m.minutes} min <StatusBadge status={m.status} />
            </p>
            {side && m.status !== 'declined' && new Date(m.starts_at).getTime() <= now && !loggedByMe.has(m.id) && (
              <button type="button" class="small" onClick={() => setLogging(m)}>
                Log this meeting
              </button>
            )}
          </li>
        ))}
      </ul>
      {logs.data && logs.data.logs.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Meeting logs">
          <table class="data">
            <caption class="visually-hidden">Meeting logs</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">By</th>
                <th scope="col">Held</th>
                <th scope="col">Topics</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {logs.data.logs.map((l) => (
                <tr key={l.id}>
                  <td>{wallTime(l.met_at, zone)}</td>
                  <td>{l.author_enrollment_id === pair.mentor.enrollment_id ? pair.mentor.name : pair.mentee.name}</td>
                  <td>{l.held ? `yes${l.minutes ? `, ${l.minutes} min` : ''}` : `no (${(l.not_held_reason ?? '').replace('_', '-')})`}</td>
                  <td>{l.topics.join(', ')}</td>
                  <td>
                    {l.shared_notes}
                    {l.private_notes && <div class="muted small">Private: {l.private_notes}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {side && logging === null && (
        <button type="button" class="secondary" onClick={() => setLogging('unscheduled')}>
          Log a meeting that was not scheduled here
        </button>
      )}
      {side && logging !== null && (
        <LogForm
          pairId={pair.id}
          meeting={logging === 'unscheduled' ? null : logging}
          zone={zone}
          onCancel={() => setLogging(null)}
          onDone={() => {
            setLogging(null);
            setMessage('Logged. Thank you.');
            reload();
          }}
        />
      )}
      {side && <CalendarFeed />}
    </section>
  );
}
