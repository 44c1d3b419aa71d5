// One pair: both people, status, and (for a member) the partner's profile.
import { api } from '../api/client';
import type { Enrollment, Pair, Profile, Vocabulary } from '../api/types';
import { BreakdownBar, BreakdownDetails, formatScore } from '../components/BreakdownBar';
import { useFacetNaming } from '../components/useFacetNaming';
import { ProfileView } from '../components/ProfileView';
import { PairJourneySections } from '../components/Journey';
import { ErrorMessage, Loaded, Loading, Page, StatusBadge, useResource } from '../components/ui';
import { Link } from '../router';
import { canCoordinate, useSession } from '../session';
import { browserTimeZone, formatDate } from '../lib/time';
import { PairMeetings } from '../components/Meetings';

function PersonProfile({ enrollmentId, title, programId }: { enrollmentId: number; title: string; /** For a coordinator: the answers to the program's questions too. */ programId?: number }) {
  const vocabulary = useResource(
    (signal) => (programId ? api.get<Vocabulary>(`/programs/${programId}/vocabulary`, { signal }).catch(() => null) : Promise.resolve(null)),
    [programId],
  );
  const profile = useResource((signal) => api.get<Profile>(`/enrollments/${enrollmentId}/profile`, { signal }), [enrollmentId]);
  const enrollment = useResource((signal) => api.get<Enrollment>(`/enrollments/${enrollmentId}`, { signal }), [enrollmentId]);
  return (
    <section class="card">
      <h2>{title}</h2>
      {enrollment.data?.email && (
        <p>
          E-mail: <a href={`mailto:${enrollment.data.email}`}>{enrollment.data.email}</a>
        </p>
      )}
      {profile.loading && !profile.data && <Loading />}
      {profile.error && <ErrorMessage error={profile.error} retry={profile.reload} />}
      {profile.data && <ProfileView profile={profile.data} showGrid questions={vocabulary.data?.questions} />}
    </section>
  );
}

/** A pair's score: its bar and, folded, the points of each facet named in the program's words. */
function PairScore({ pair }: { pair: Pair }) {
  const naming = useFacetNaming(pair.program_id);
  return (
    <>
      {formatScore(pair.score)} <BreakdownBar breakdown={pair.breakdown} labelOf={naming.labelOf} colors={naming.colors} />
      <BreakdownDetails breakdown={pair.breakdown} labelOf={naming.labelOf} order={naming.order} />
    </>
  );
}

export function PairPage({ pairId }: { pairId: number }) {
  const { me } = useSession();
  const pair = useResource((signal) => api.get<Pair>(`/pairs/${pairId}`, { signal }), [pairId]);
  return (
    <Loaded resource={pair} what="this pair">
      {(p) => {
        const coordinator = canCoordinate(me, p.program_id);
        const mine = me?.memberships.find((m) => m.enrollment_id === p.mentor.enrollment_id || m.enrollment_id === p.mentee.enrollment_id);
        const partner = mine ? (mine.enrollment_id === p.mentor.enrollment_id ? p.mentee : p.mentor) : null;
        return (
          <Page title={`Pair: ${p.mentee.name} and ${p.mentor.name}`} heading={`${p.mentee.name} and ${p.mentor.name}`}>
            <p>
              Mentee <strong>{p.mentee.name}</strong>, mentor <strong>{p.mentor.name}</strong> <StatusBadge status={p.status} />
            </p>
            <dl class="facts">
              <dt>Started</dt>
              <dd>{formatDate(p.started_on)}</dd>
              {p.ended_on && (
                <>
                  <dt>Ended</dt>
                  <dd>
                    {formatDate(p.ended_on)}
                    {p.end_reason && ` — ${p.end_reason}`}
                  </dd>
                </>
              )}
              {coordinator && p.score !== null && (
                <>
                  <dt>Match score</dt>
                  <dd>
                    <PairScore pair={p} />
                  </dd>
                </>
              )}
            </dl>
            {coordinator && (
              <p>
                <Link href={`/programs/${p.program_id}/pairs`}>Back to all pairs of the program</Link>
              </p>
            )}
            {(partner || coordinator) && (
              <PairMeetings pair={p} side={mine ? (mine.enrollment_id === p.mentor.enrollment_id ? 'mentor' : 'mentee') : null} viewerZone={browserTimeZone()} />
            )}
            {partner && <PersonProfile enrollmentId={partner.enrollment_id} title={`${partner.name}'s profile`} />}
            {!partner && coordinator && (
              <div class="two-col">
                <PersonProfile enrollmentId={p.mentee.enrollment_id} title={`Mentee: ${p.mentee.name}`} programId={p.program_id} />
                <PersonProfile enrollmentId={p.mentor.enrollment_id} title={`Mentor: ${p.mentor.name}`} programId={p.program_id} />
              </div>
            )}
            {(partner || coordinator) && <PairJourneySections pair={p} side={mine ? (mine.enrollment_id === p.mentor.enrollment_id ? 'mentor' : 'mentee') : null} coordinator={coordinator} />}
          </Page>
        );
      }}
    </Loaded>
  );
}
