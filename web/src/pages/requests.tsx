// /programs/:id/requests — mentees' requests to mentors (the request e-mail's
// link). A mentor answers the requests to them; a mentee follows their own;
// a coordinator sees every request with a status filter.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Me, MentorRequest, Program, RequestStatus } from '../api/types';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { AnswerRequest, RequestBadge, RequestNote, RequestOutcome, TheirProfile, WithdrawButton, sentOn } from '../components/Requests';
import { ErrorMessage, Field, LiveMessage, Loading, useResource } from '../components/ui';
import type { Viewer } from '../lib/choice';
import { formatDateTime } from '../lib/time';
import { Link } from '../router';
import { canCoordinate, useSession } from '../session';

/** How the signed-in person takes part in the program's requests, or null. */
export function viewerIn(me: Me | null, programId: number): Viewer | null {
  if (canCoordinate(me, programId)) return 'coordinator';
  const roles = (me?.memberships ?? []).filter((m) => m.program_id === programId && m.status === 'active').map((m) => m.role);
  if (roles.includes('mentor')) return 'mentor';
  if (roles.includes('mentee')) return 'mentee';
  return null;
}

const STATUSES: [RequestStatus | '', string][] = [
  ['', 'Every request'],
  ['pending', 'Waiting for an answer'],
  ['accepted', 'Accepted'],
  ['declined', 'Declined'],
  ['withdrawn', 'Withdrawn'],
  ['expired', 'Not answered in time'],
];

export function RequestsPage({ programId }: { programId: number }) {
  const program = useProgram(programId);
  const { me } = useSession();
  const viewer = viewerIn(me, programId);
  return (
    <ProgramFrame program={program} title={viewer === 'mentee' ? 'Your requests' : 'Requests'} forEveryMember>
      {(p) =>
        viewer === null ? (
          <p class="lead">The requests of {p.name} are for its mentors, mentees and coordinators.</p>
        ) : (
          <RequestsList program={p} viewer={viewer} />
        )
      }
    </ProgramFrame>
  );
}

function RequestsList({ program, viewer }: { program: Program; viewer: Viewer }) {
  const [status, setStatus] = useState<RequestStatus | ''>('');
  const requests = useResource(
    (signal) => api.get<{ requests: MentorRequest[] }>(`/programs/${program.id}/requests`, { query: { status }, signal }).then((r) => r.requests),
    [program.id, status],
  );
  const [accepted, setAccepted] = useState<MentorRequest | null>(null);
  const [message, setMessage] = useState('');
  const answered = (r: MentorRequest) => {
    if (r.status === 'accepted') setAccepted(r);
    setMessage(r.status === 'accepted' ? `You and ${r.mentee_name} are now a pair.` : r.status === 'declined' ? `You declined ${r.mentee_name}'s request; they are told kindly.` : `Your request to ${r.mentor_name} is withdrawn.`);
    requests.reload();
  };
  const list = requests.data ?? [];
  const newestFirst = [...list].reverse();
  const pending = list.filter((r) => r.status === 'pending');
  const done = newestFirst.filter((r) => r.status !== 'pending');

  return (
    <>
      {viewer === 'mentor' && (
        <p class="lead">Mentees who would like you as their mentor. Accept to make the pair at once (you are both introduced by e-mail), or decline with a reason.</p>
      )}
      {viewer === 'mentee' && (
        <p class="lead">
          The mentors you asked and their answers.{' '}
          {!list.some((r) => r.status === 'accepted') && (
            <>
              <Link href={`/programs/${program.id}/shortlist`}>Open your shortlist</Link> to ask someone.
            </>
          )}
        </p>
      )}
      {accepted && (
        <div class="alert alert-success" role="status">
          <p>
            <strong>You and {accepted.mentee_name} are now a pair.</strong> You are both introduced by e-mail.
          </p>
          {accepted.pair_id !== null && (
            <p>
              <Link href={`/pairs/${accepted.pair_id}`}>Open your pair page with {accepted.mentee_name}</Link>
            </p>
          )}
        </div>
      )}
      <LiveMessage class="visually-hidden">{accepted ? '' : message}</LiveMessage>
      {viewer === 'coordinator' && (
        <div class="filters">
          <Field label="Show">
            {(a) => (
              <select {...a} value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as RequestStatus | '')}>
                {STATUSES.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}
      {requests.loading && !requests.data && <Loading />}
      {requests.error && <ErrorMessage error={requests.error} retry={requests.reload} />}
      {requests.data && viewer === 'mentor' && (
        <>
          <section aria-labelledby="waiting-h">
            <h2 id="waiting-h">Waiting for your answer ({pending.length})</h2>
            {pending.length === 0 && <p class="muted">No request is waiting for you.</p>}
            <ul class="plain requests">
              {pending.map((r) => (
                <li key={r.id} class="card request-card">
                  <h3>{r.mentee_name}</h3>
                  <p class="muted small">
                    {sentOn(r)} · answer by <strong>{formatDateTime(r.answer_by)}</strong> (your time)
                  </p>
                  <RequestNote request={r} viewer="mentor" />
                  <TheirProfile enrollmentId={r.mentee_enrollment_id} name={r.mentee_name} />
                  <AnswerRequest request={r} onAnswered={answered} />
                </li>
              ))}
            </ul>
          </section>
          {done.length > 0 && (
            <section aria-labelledby="answered-h">
              <h2 id="answered-h">Answered and closed ({done.length})</h2>
              <ul class="plain requests">
                {done.map((r) => (
                  <RequestItem key={r.id} request={r} viewer="mentor" />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      {requests.data && viewer !== 'mentor' && (
        <>
          {list.length === 0 && <p class="muted">{viewer === 'mentee' ? 'You have not asked any mentor yet.' : status ? 'No request has this status.' : 'No mentee has asked a mentor yet.'}</p>}
          <ul class="plain requests">
            {newestFirst.map((r) => (
              <RequestItem key={r.id} request={r} viewer={viewer} onWithdrawn={answered} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** One request, read-only but for the mentee's Withdraw. */
export function RequestItem({ request: r, viewer, onWithdrawn }: { request: MentorRequest; viewer: Viewer; onWithdrawn?: (r: MentorRequest) => void }) {
  const title = viewer === 'mentee' ? r.mentor_name : viewer === 'mentor' ? r.mentee_name : `${r.mentee_name} asked ${r.mentor_name}`;
  return (
    <li class="card request-card">
      <h3>
        {title} <RequestBadge request={r} viewer={viewer} />
      </h3>
      <p class="muted small">{sentOn(r)}</p>
      <RequestOutcome request={r} viewer={viewer} />
      <RequestNote request={r} viewer={viewer} />
      {viewer === 'mentee' && r.status === 'pending' && onWithdrawn && <WithdrawButton request={r} onDone={onWithdrawn} />}
    </li>
  );
}

/** A short line for the notice after a request is sent. */
export function sentNotice(r: MentorRequest): string {
  return `Your request to ${r.mentor_name} is sent. They have until ${formatDateTime(r.answer_by)} (your time) to answer.`;
}
