// A program's events (docs/journey.md): orientation, webinars, kick-off,
// closing. Mentors and mentees see theirs and answer; coordinators plan,
// change and cancel them, record attendance (by hand or from a video
// platform's attendance report), and send the recording to whoever missed a
// required event.
import { useState } from 'preact/hooks';
import { ApiError, api, fieldError, request } from '../api/client';
import type { Invitee, ProgramEvent, Resource } from '../api/types';
import { ProblemTable } from '../components/ProblemTable';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { Button, ErrorMessage, Field, FormError, LiveMessage, Loading, optionsOf, StatusBadge, useResource, useSubmit } from '../components/ui';
import { browserTimeZone, formatDateTime, zoneLabel } from '../lib/time';
import { canCoordinate, useSession } from '../session';

const KINDS: [ProgramEvent['kind'], string][] = [
  ['orientation', 'Orientation'],
  ['webinar', 'Webinar'],
  ['kickoff', 'Kick-off'],
  ['closing', 'Closing session'],
  ['other', 'Other'],
];
const kindLabel = (k: string) => KINDS.find(([v]) => v === k)?.[1] ?? k;
const inputValue = (e: Event) => (e.target as HTMLInputElement).value;

/** Yes / no / maybe for one event, for an invited mentor or mentee. */
export function EventAnswer({ event, onChange }: { event: ProgramEvent; onChange: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const started = Date.parse(event.starts_at) <= Date.now();
  if (!event.invited || event.cancelled || started) return null;
  const answer = async (a: 'yes' | 'no' | 'maybe') => {
    setError(null);
    try {
      await api.post(`/events/${event.id}/answer`, { answer: a });
      onChange();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="event-answer" role="group" aria-label={`Will you come to ${event.title}?`}>
      <span>Will you come?</span>
      {(['yes', 'no', 'maybe'] as const).map((a) => (
        <button key={a} type="button" class={event.my_answer === a ? '' : 'secondary'} aria-pressed={event.my_answer === a} onClick={() => answer(a)}>
          {a === 'yes' ? 'Yes' : a === 'no' ? 'No' : 'Maybe'}
        </button>
      ))}
      <ErrorMessage error={error} />
    </div>
  );
}

/** One event's facts, as every reader sees them. */
export function EventSummary({ event }: { event: ProgramEvent }) {
  return (
    <>
      <p>
        <strong>{formatDateTime(event.starts_at)}</strong> ({event.minutes} minutes, {zoneLabel(browserTimeZone())}) · {kindLabel(event.kind)}
        {event.required && <span class="badge badge-warning">required</span>}
        {event.cancelled && <StatusBadge status="cancelled" />}
        {event.audience !== 'everyone' && <span class="muted"> · for {event.audience}</span>}
      </p>
      {event.location && (
        <p>
          {/^https?:\/\//.test(event.location) ? (
            <a href={event.location} target="_blank" rel="noopener noreferrer">
              {event.location}
            </a>
          ) : (
            event.location
          )}
        </p>
      )}
      {event.description && <p class="pre-line">{event.description}</p>}
      {event.materials.length > 0 && (
        <p>
          Materials:{' '}
          {event.materials.map((m, i) => (
            <span key={m.id}>
              {i > 0 && ' · '}
              <a href={m.href} target={m.href.startsWith('/') ? undefined : '_blank'} rel="noopener noreferrer">
                {m.title}
              </a>
            </span>
          ))}
        </p>
      )}
      {event.recording_url && (
        <p>
          <a href={event.recording_url} target="_blank" rel="noopener noreferrer">
            Watch the recording
          </a>
        </p>
      )}
    </>
  );
}

function EventForm({ programId, onDone }: { programId: number; onDone: () => void }) {
  const zone = browserTimeZone();
  const [e, setE] = useState({ kind: 'orientation', title: '', start: '', end: '', location: '', description: '', audience: 'everyone', required: true });
  const [msg, setMsg] = useState('');
  const [materials, setMaterials] = useState<number[]>([]);
  const library = useResource((signal) => api.get<{ resources: Resource[] }>('/resources', { signal, query: { program_id: programId } }), [programId]);
  const f = useSubmit(async () => {
    await api.post(`/programs/${programId}/events`, { ...e, time_zone: zone, end: e.end || undefined, materials });
    setMsg(`Planned ${e.title}. Everyone invited gets an e-mail.`);
    setE({ ...e, title: '', start: '', end: '', description: '' });
    onDone();
  });
  const fe = (k: string) => fieldError(f.error, k);
  const set = (k: keyof typeof e) => (ev: Event) => setE({ ...e, [k]: inputValue(ev) });
  return (
    <form class="card" onSubmit={f.submit} noValidate aria-label="Plan an event">
      <h2>Plan an event</h2>
      <div class="row">
        <Field label="Kind" error={fe('kind')}>
          {(a) => (
            <select {...a} value={e.kind} onChange={set('kind')}>
              {optionsOf(KINDS)}
            </select>
          )}
        </Field>
        <Field label="For" error={fe('audience')}>
          {(a) => (
            <select {...a} value={e.audience} onChange={set('audience')}>
              <option value="everyone">Mentors and mentees</option>
              <option value="mentors">Mentors</option>
              <option value="mentees">Mentees</option>
            </select>
          )}
        </Field>
      </div>
      <Field label="Title" error={fe('title')}>
        {(a) => <input {...a} type="text" value={e.title} onInput={set('title')} />}
      </Field>
      <div class="row">
        <Field label={`Starts (${zone})`} error={fe('start')}>
          {(a) => <input {...a} type="datetime-local" value={e.start} onInput={set('start')} />}
        </Field>
        <Field label={`Ends (${zone})`} error={fe('end')}>
          {(a) => <input {...a} type="datetime-local" value={e.end} onInput={set('end')} />}
        </Field>
      </div>
      <Field label="Video link or place" error={fe('location')}>
        {(a) => <input {...a} type="text" value={e.location} onInput={set('location')} />}
      </Field>
      <Field label="Description" error={fe('description')}>
        {(a) => <textarea {...a} rows={3} value={e.description} onInput={set('description')} />}
      </Field>
      {(library.data?.resources.length ?? 0) > 0 && (
        <fieldset>
          <legend>Materials from the resource library</legend>
          {library.data!.resources.map((r) => (
            <label class="checkbox" key={r.id}>
              <input
                type="checkbox"
                checked={materials.includes(r.id)}
                onChange={(ev) => setMaterials((ev.target as HTMLInputElement).checked ? [...materials, r.id] : materials.filter((x) => x !== r.id))}
              />{' '}
              {r.title}
            </label>
          ))}
          {fe('materials') && <p class="field-error">{fe('materials')}</p>}
        </fieldset>
      )}
      <label class="checkbox">
        <input type="checkbox" checked={e.required} onChange={(ev) => setE({ ...e, required: (ev.target as HTMLInputElement).checked })} /> Everyone invited is expected to attend
      </label>
      <FormError error={f.error} fields={['kind', 'audience', 'title', 'start', 'end', 'location', 'description', 'time_zone', 'materials']} />
      <Button type="submit" busy={f.busy} busyLabel="Planning…">
        Plan the event
      </Button>
      <LiveMessage>{msg}</LiveMessage>
    </form>
  );
}

function Attendance({ event, onChange }: { event: ProgramEvent; onChange: () => void }) {
  const invitees = useResource((signal) => api.get<{ invitees: Invitee[] }>(`/events/${event.id}/invitees`, { signal }), [event.id]);
  const [msg, setMsg] = useState('');
  const [recording, setRecording] = useState(event.recording_url ?? '');
  const work = useSubmit(async () => undefined);
  const run = async (what: () => Promise<string>) => {
    work.setError(null);
    setMsg('');
    try {
      setMsg(await what());
      invitees.reload();
      onChange();
    } catch (err) {
      work.setError(err);
    }
  };
  const started = Date.parse(event.starts_at) <= Date.now();
  const problems = work.error instanceof ApiError ? work.error.problems : [];
  const missed = (invitees.data?.invitees ?? []).filter((i) => i.attended === false).length;
  return (
    <details class="attendance">
      <summary>Invitees and attendance</summary>
      {invitees.loading && !invitees.data && <Loading />}
      {invitees.data && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`Invitees of ${event.title}`}>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Answer</th>
                <th scope="col">Attended</th>
              </tr>
            </thead>
            <tbody>
              {invitees.data.invitees.map((i) => (
                <tr key={i.person_id}>
                  <td>
                    {i.name} <span class="muted">({i.role})</span>
                  </td>
                  <td>{i.answer ?? '—'}</td>
                  <td>
                    <label class="checkbox">
                      <input
                        type="checkbox"
                        disabled={!started}
                        checked={i.attended === true}
                        aria-label={`${i.name} attended`}
                        onChange={(ev) =>
                          run(async () => {
                            await api.put(`/events/${event.id}/attendance`, { attendance: [{ person_id: i.person_id, attended: (ev.target as HTMLInputElement).checked }] });
                            return 'Saved.';
                          })
                        }
                      />
                      {i.minutes !== null && ` ${i.minutes} min`}
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {started ? (
        <>
          <Field label="Attendance report from the video platform (CSV)" hint="A column with each attendee's e-mail and, if present, their minutes. Invitees not in it did not attend. All or nothing.">
            {(a) => (
              <input
                {...a}
                type="file"
                accept=".csv,text/csv"
                onChange={(ev) => {
                  const file = (ev.target as HTMLInputElement).files?.[0];
                  if (file)
                    void run(async () => {
                      const r = await request<{ attended: number; absent: number }>('POST', `/events/${event.id}/attendance/import`, { text: await file.text(), contentType: 'text/csv' });
                      return `Recorded: ${r.attended} attended, ${r.absent} did not.`;
                    });
                }}
              />
            )}
          </Field>
          <form
            class="inline-form"
            aria-label="Recording"
            onSubmit={(ev) => {
              ev.preventDefault();
              void run(async () => {
                await api.patch(`/events/${event.id}`, { recording_url: recording });
                return 'Recording link saved.';
              });
            }}
          >
            <Field label="Recording link" error={fieldError(work.error, 'recording_url')}>
              {(a) => <input {...a} type="url" value={recording} onInput={(ev) => setRecording(inputValue(ev))} />}
            </Field>
            <button type="submit" class="secondary">
              Save the link
            </button>
          </form>
          {event.recording_url && missed > 0 && (
            <button
              type="button"
              onClick={() =>
                run(async () => {
                  const r = await api.post<{ sent: number }>(`/events/${event.id}/send-recording`);
                  return `Sent the recording to ${r.sent} people.`;
                })
              }
            >
              Send the recording to the {missed} who missed it
            </button>
          )}
        </>
      ) : (
        <p class="muted">Attendance can be recorded once the event has started.</p>
      )}
      <LiveMessage>{msg}</LiveMessage>
      <ErrorMessage error={problems.length || fieldError(work.error, 'recording_url') ? null : work.error} />
      {problems.length > 0 && <ProblemTable problems={problems} />}
    </details>
  );
}

export function EventsPage({ programId }: { programId: number }) {
  const program = useProgram(programId);
  const { me } = useSession();
  const events = useResource((signal) => api.get<{ events: ProgramEvent[] }>(`/programs/${programId}/events`, { signal }), [programId]);
  return (
    <ProgramFrame program={program} title="Events" forEveryMember>
      {(p) => {
        const coordinator = canCoordinate(me, p.id);
        if (!events.data) return events.error ? <ErrorMessage error={events.error} retry={events.reload} /> : <Loading />;
        const now = Date.now();
        const upcoming = events.data.events.filter((e) => Date.parse(e.ends_at) > now);
        const past = events.data.events.filter((e) => Date.parse(e.ends_at) <= now);
        const item = (e: ProgramEvent) => (
          <li key={e.id} class="card">
            <h3>{e.title}</h3>
            <EventSummary event={e} />
            <EventAnswer event={e} onChange={events.reload} />
            {coordinator && (
              <p class="muted">
                {e.counts.invitees} invited · {e.counts.answered_yes} yes · {e.counts.answered_maybe} maybe · {e.counts.answered_no} no
                {Date.parse(e.starts_at) <= now && ` · ${e.counts.attended} attended`}
              </p>
            )}
            {coordinator && !e.cancelled && Date.parse(e.starts_at) > now && (
              <button
                type="button"
                class="link-button"
                onClick={async () => {
                  if (!window.confirm(`Cancel ${e.title}? Everyone invited is told.`)) return;
                  await api.patch(`/events/${e.id}`, { cancelled: true }).catch(() => undefined);
                  events.reload();
                }}
              >
                Cancel this event
              </button>
            )}
            {coordinator && <Attendance event={e} onChange={events.reload} />}
          </li>
        );
        return (
          <>
            <h2>Coming up</h2>
            {upcoming.length === 0 ? <p>No event planned.</p> : <ul class="plain events">{upcoming.map(item)}</ul>}
            {past.length > 0 && (
              <>
                <h2>Past</h2>
                <ul class="plain events">{past.map(item)}</ul>
              </>
            )}
            {coordinator && <EventForm programId={p.id} onDone={events.reload} />}
          </>
        );
      }}
    </ProgramFrame>
  );
}
