// /programs/:id/queue — the specialists' queue of a peer-support program
// (docs/peer-support.md): every request with its status, who is asking
// (patient, survivor, caregiver), working days waiting, the Overdue and
// Urgent markers, filters the server applies (status, urgent, overdue,
// waiting; kept in the address), the counts, and the exports (without
// health details; with them only after a warning, since that export is
// recorded). No health details here: they are on each request's page.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { PeerQueueEntry, PeerRequestStatus, Program } from '../api/types';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { ErrorMessage, Field, LiveMessage, Loading, useResource } from '../components/ui';
import { REQUEST_STATES, STATUS_FILTERS, isWaiting, queueCounts, queueSentence, requestsWord, sortQueue, waitingWords } from '../lib/peer';
import { formatDateTime } from '../lib/time';
import { Link, setQuery, useLocation } from '../router';

export function PeerQueuePage({ programId }: { programId: number }) {
  const program = useProgram(programId);
  return (
    <ProgramFrame program={program} title="Queue" wide>
      {(p) =>
        p.kind === 'peer_support' ? (
          <Queue program={p} />
        ) : (
          <p class="lead">
            {p.name} is a cohort program: people are matched together on the <Link href={`/programs/${p.id}/matching`}>Matching</Link> page. The queue is
            for peer-support programs.
          </p>
        )
      }
    </ProgramFrame>
  );
}

/** The short word for who is asking. */
export const personWord = (person: string): string => (person ? person.charAt(0).toUpperCase() + person.slice(1) : '—');

/** Status and its markers, never colour alone. */
export function RequestBadges({ entry: e }: { entry: PeerQueueEntry }) {
  const s = REQUEST_STATES[e.request.status];
  return (
    <span class="request-badges">
      <span class={`badge ${s.badge}`}>{s.label}</span>
      {e.request.urgent && <span class="badge badge-urgent">Urgent</span>}
      {e.overdue && <span class="badge badge-overdue">Overdue</span>}
    </span>
  );
}

function Queue({ program }: { program: Program }) {
  const { search } = useLocation();
  const status = (search.get('status') ?? '') as PeerRequestStatus | '';
  const urgent = search.get('urgent') === '1';
  const overdue = search.get('overdue') === '1';
  const waiting = search.get('waiting') === '1';
  const order = search.get('order') === 'newest' ? 'newest' : 'queue';
  const filtered = !!status || urgent || overdue || waiting;
  const all = useResource(
    (signal) => api.get<{ requests: PeerQueueEntry[] }>(`/programs/${program.id}/peer-requests`, { signal }).then((r) => r.requests),
    [program.id],
  );
  const some = useResource(
    (signal) =>
      filtered
        ? api
            .get<{ requests: PeerQueueEntry[] }>(`/programs/${program.id}/peer-requests`, {
              query: { status, urgent: urgent ? 'true' : null, overdue: overdue ? 'true' : null, waiting: waiting ? 'true' : null },
              signal,
            })
            .then((r) => r.requests)
        : Promise.resolve(null),
    [program.id, status, urgent, overdue, waiting],
  );
  const list = filtered ? some.data ?? undefined : all.data;
  const shown = list ? sortQueue(list, order) : undefined;
  const counts = all.data ? queueCounts(all.data) : null;
  const toggle = (name: string, on: boolean) => setQuery(name, on ? '1' : null);

  return (
    <>
      <p class="lead">
        People seeking support, one request at a time: open a request to see its details and the volunteers suggested for it.{' '}
        <Link href={`/peer/request/${program.id}`}>Enter a request after a call</Link>.
      </p>
      {all.error && <ErrorMessage error={all.error} retry={all.reload} />}
      {counts && all.data && (
        <section aria-labelledby="counts-h">
          <h2 id="counts-h" class="visually-hidden">
            Counts
          </h2>
          <dl class="summary-grid queue-counts">
            <div>
              <dt>Waiting</dt>
              <dd>{counts.waiting}</dd>
            </div>
            <div>
              <dt>Overdue</dt>
              <dd>{counts.overdue}</dd>
            </div>
            <div>
              <dt>Urgent</dt>
              <dd>{counts.urgent}</dd>
            </div>
            <div>
              <dt>Introduced</dt>
              <dd>{(counts.by.introduced ?? 0) + (counts.by.active ?? 0)}</dd>
            </div>
            <div>
              <dt>All requests</dt>
              <dd>{counts.total}</dd>
            </div>
          </dl>
          <p class="muted">{queueSentence(all.data)}</p>
        </section>
      )}
      <div class="filters queue-filters" role="group" aria-label="Filters">
        <Field label="Status">
          {(a) => (
            <select {...a} value={status} onChange={(e) => setQuery('status', (e.target as HTMLSelectElement).value || null)}>
              {STATUS_FILTERS.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label class="check">
          <input type="checkbox" checked={waiting} onChange={(e) => toggle('waiting', (e.target as HTMLInputElement).checked)} />
          Still waiting
        </label>
        <label class="check">
          <input type="checkbox" checked={urgent} onChange={(e) => toggle('urgent', (e.target as HTMLInputElement).checked)} />
          Urgent only
        </label>
        <label class="check">
          <input type="checkbox" checked={overdue} onChange={(e) => toggle('overdue', (e.target as HTMLInputElement).checked)} />
          Overdue only
        </label>
        <Field label="Order">
          {(a) => (
            <select {...a} value={order} onChange={(e) => setQuery('order', (e.target as HTMLSelectElement).value === 'newest' ? 'newest' : null)}>
              <option value="queue">Urgent first, then waiting longest</option>
              <option value="newest">Newest first</option>
            </select>
          )}
        </Field>
        {(filtered || order !== 'queue') && (
          <button
            type="button"
            class="secondary small"
            onClick={() => {
              for (const k of ['status', 'urgent', 'overdue', 'waiting', 'order']) setQuery(k, null);
            }}
          >
            Clear the filters
          </button>
        )}
      </div>
      <LiveMessage class="queue-shown">{shown ? `Showing ${requestsWord(shown.length)}${filtered ? ' that match the filters' : ''}.` : ''}</LiveMessage>
      {some.error && <ErrorMessage error={some.error} retry={some.reload} />}
      {!shown && !all.error && !some.error && <Loading />}
      {shown && shown.length === 0 && <p class="muted">{filtered ? 'No request matches these filters.' : 'No one has asked for support yet.'}</p>}
      {shown && shown.length > 0 && (
        <div class="table-scroll">
          <table class="data stack peer-queue">
            <caption class="visually-hidden">Requests for support</caption>
            <thead>
              <tr>
                <th scope="col">Person seeking support</th>
                <th scope="col">Asking as</th>
                <th scope="col">Status</th>
                <th scope="col">Waiting</th>
                <th scope="col">Received</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.request.id} class={e.overdue || e.request.urgent ? 'flagged' : undefined}>
                  <td data-label="Person seeking support">
                    <Link href={`/peer-requests/${e.request.id}`}>{e.request.name}</Link>
                  </td>
                  <td data-label="Asking as">{personWord(e.person)}</td>
                  <td data-label="Status">
                    <RequestBadges entry={e} />
                  </td>
                  <td data-label="Waiting">{isWaiting(e.request.status) ? waitingWords(e.waiting_working_days) : '—'}</td>
                  <td data-label="Received">{formatDateTime(e.request.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <QueueExport programId={program.id} />
    </>
  );
}

/** The two exports: without health details, and with them after a warning (that one is recorded). */
function QueueExport({ programId }: { programId: number }) {
  const [warn, setWarn] = useState(false);
  const base = `/api/v1/programs/${programId}/peer-requests.csv`;
  return (
    <section class="card queue-export" aria-labelledby="export-h">
      <h2 id="export-h">Export</h2>
      <p class="hint">Every request with its status, dates and markers as a spreadsheet (CSV).</p>
      <div class="button-row">
        <a class="button secondary" href={base} download={`program-${programId}-peer-requests.csv`}>
          Download without health details
        </a>
        {!warn && (
          <button type="button" class="secondary" onClick={() => setWarn(true)}>
            Download with health details…
          </button>
        )}
      </div>
      {warn && (
        <div class="confirm" role="alert">
          <p>
            <strong>This export includes health details</strong> (cancer, stage, treatments, age group, gender, topics) of every person. It is recorded:
            each person's details count as viewed by you in the access log administrators read. Keep the file safe and delete it when done.
          </p>
          <div class="button-row">
            <a class="button danger" href={`${base}?health=true`} download={`program-${programId}-peer-requests-with-health.csv`} onClick={() => setWarn(false)}>
              Yes, download with health details
            </a>
            <button type="button" class="secondary" onClick={() => setWarn(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
