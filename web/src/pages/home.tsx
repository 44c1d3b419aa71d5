// The home page: the person's open surveys, programs a coordinator runs, and
// a mentor's or mentee's pairs.
import { api } from '../api/client';
import type { Enrollment, Membership, Pair, Profile, Program } from '../api/types';
import { ProfileView } from '../components/ProfileView';
import { JourneySummary } from '../components/Journey';
import { EventAnswer, EventSummary } from './events';
import type { ProgramEvent } from '../api/types';
import { MeetingSummary } from '../components/Meetings';
import { MySurveys } from './survey';
import { ErrorMessage, Loading, Page, StatusBadge, useResource } from '../components/ui';
import { Link } from '../router';
import { coordinates, participantMemberships, useSession } from '../session';
import { formatDate } from '../lib/time';
import { ChoosingCard, useMatchingMode } from '../components/Choosing';

function PartnerCard({ pair, me }: { pair: Pair; me: Membership }) {
  const partner = me.role === 'mentee' ? pair.mentor : pair.mentee;
  const profile = useResource((signal) => api.get<Profile>(`/enrollments/${partner.enrollment_id}/profile`, { signal }), [partner.enrollment_id]);
  return (
    <article class="card pair-card">
      <h3>
        Your {me.role === 'mentee' ? 'mentor' : 'mentee'}: {partner.name} <StatusBadge status={pair.status} />
      </h3>
      {pair.started_on && <p class="muted">Together since {formatDate(pair.started_on)}</p>}
      {profile.loading && !profile.data && <Loading label="Loading their profile…" />}
      {profile.error && <ErrorMessage error={profile.error} retry={profile.reload} />}
      {profile.data && <ProfileView profile={profile.data} />}
      <p>
        {/* A mentor with several mentees sees one card each: the link says whose pair it is. */}
        <Link href={`/pairs/${pair.id}`}>Open your pair page with {partner.name}</Link>
      </p>
    </article>
  );
}

/** The next events the person is invited to, with their answer. */
function UpcomingEvents({ programId }: { programId: number }) {
  const events = useResource((signal) => api.get<{ events: ProgramEvent[] }>(`/programs/${programId}/events`, { signal }), [programId]);
  const next = (events.data?.events ?? []).filter((e) => e.invited && !e.cancelled && Date.parse(e.ends_at) > Date.now()).slice(0, 3);
  if (next.length === 0) return null;
  return (
    <section class="card" aria-labelledby={`events-${programId}`}>
      <h3 id={`events-${programId}`}>Program events</h3>
      <ul class="plain">
        {next.map((e) => (
          <li key={e.id}>
            <h4>{e.title}</h4>
            <EventSummary event={e} />
            <EventAnswer event={e} onChange={events.reload} />
          </li>
        ))}
      </ul>
      <p>
        <Link href={`/programs/${programId}/events`}>All events</Link>
      </p>
    </section>
  );
}

function MembershipSection({ m }: { m: Membership }) {
  const data = useResource(
    async (signal) => {
      const [pairs, enrollment] = await Promise.all([
        api.get<{ pairs: Pair[] }>(`/programs/${m.program_id}/pairs`, { signal }),
        api.get<Enrollment>(`/enrollments/${m.enrollment_id}`, { signal }),
      ]);
      return { pairs: pairs.pairs, enrollment };
    },
    [m.program_id, m.enrollment_id],
  );
  const mine = (data.data?.pairs ?? []).filter(
    (p) => (p.mentor.enrollment_id === m.enrollment_id || p.mentee.enrollment_id === m.enrollment_id) && p.status !== 'proposed',
  );
  const current = mine.filter((p) => p.status === 'active');
  const past = mine.filter((p) => p.status !== 'active');
  const settings = useMatchingMode(m.program_id);
  const choosing = settings?.mode === 'mentee_led' || settings?.mode === 'both';
  return (
    <section class="membership" aria-labelledby={`prog-${m.program_id}`}>
      <h2 id={`prog-${m.program_id}`}>
        {m.program_name} <span class="muted">· you are a {m.role}</span>
      </h2>
      {data.loading && !data.data && <Loading />}
      {data.error && <ErrorMessage error={data.error} retry={data.reload} />}
      {data.data && (
        <>
          {!data.data.enrollment.profile_complete && (
            <div class="alert alert-warning" role="status">
              <p>
                Your profile is not complete yet. Matching uses it to find you a good {m.role === 'mentee' ? 'mentor' : 'mentee'}.{' '}
                <Link href={`/enrollments/${m.enrollment_id}/profile`}>Complete your profile</Link>
              </p>
            </div>
          )}
          {(m.role === 'mentor' || current.length === 0) && <ChoosingCard programId={m.program_id} role={m.role} settings={settings} />}
          {current.length === 0 ? (
            <p>
              You have no {m.role === 'mentee' ? 'mentor' : 'mentee'} yet.{' '}
              {settings?.mode === 'mentee_led'
                ? m.role === 'mentee'
                  ? 'Your pair starts as soon as a mentor you ask accepts.'
                  : 'Your pair starts as soon as you accept a mentee who asks you.'
                : choosing && m.role === 'mentee'
                  ? 'Your coordinator will publish the pairs once matching is done, using your ranking.'
                  : 'Your coordinator will publish the pairs once matching is done.'}
            </p>
          ) : (
            current.map((p) => (
              <div key={p.id}>
                <PartnerCard pair={p} me={m} />
                <MeetingSummary pair={p} side={m.role === 'mentor' ? 'mentor' : 'mentee'} />
                <JourneySummary pair={p} />
              </div>
            ))
          )}
          {past.length > 0 && (
            <details>
              <summary>Earlier pairs ({past.length})</summary>
              <ul>
                {past.map((p) => (
                  <li key={p.id}>
                    <Link href={`/pairs/${p.id}`}>{m.role === 'mentee' ? p.mentor.name : p.mentee.name}</Link> <StatusBadge status={p.status} />
                  </li>
                ))}
              </ul>
            </details>
          )}
          <UpcomingEvents programId={m.program_id} />
          <p>
            <Link href={`/resources?program=${m.program_id}&category=emotional_support`}>Emotional support and well-being</Link> ·{' '}
            <Link href={`/resources?program=${m.program_id}`}>All resources</Link> ·{' '}
            <Link href={`/programs/${m.program_id}/outcomes`}>Your positions and the program's outcomes</Link>
          </p>
        </>
      )}
    </section>
  );
}

function CoordinatorPrograms() {
  const programs = useResource((signal) => api.get<{ programs: Program[] }>('/programs', { signal }), []);
  const { me } = useSession();
  const list = (programs.data?.programs ?? []).filter(
    (p) => me?.user.is_admin || me?.memberships.some((m) => m.program_id === p.id && m.role === 'coordinator'),
  );
  return (
    <section aria-labelledby="coord-h">
      <h2 id="coord-h">Programs you {me?.user.is_admin ? 'administer' : 'coordinate'}</h2>
      {programs.loading && !programs.data && <Loading />}
      {programs.error && <ErrorMessage error={programs.error} retry={programs.reload} />}
      {programs.data && list.length === 0 && <p>No programs yet.</p>}
      <ul class="link-list">
        {list.map((p) => (
          <li key={p.id}>
            <Link href={`/programs/${p.id}`}>{p.name}</Link> <StatusBadge status={p.status} />
          </li>
        ))}
      </ul>
      <p>
        <Link href="/programs">All programs</Link>
        {me?.user.is_admin && (
          <>
            {' · '}
            <Link href="/programs/new">Create a program</Link>
          </>
        )}
      </p>
    </section>
  );
}

export function Home() {
  const { me } = useSession();
  if (!me) return null;
  const participant = participantMemberships(me);
  const others = me.memberships.filter((m) => m.role === 'evaluator' && m.status !== 'withdrawn');
  return (
    <Page title="Home" heading={`Welcome, ${me.user.name}`}>
      <MySurveys />
      {coordinates(me) && <CoordinatorPrograms />}
      {participant.map((m) => (
        <MembershipSection key={m.enrollment_id} m={m} />
      ))}
      {others.length > 0 && (
        <section>
          <h2>Evaluation</h2>
          <p>
            You evaluate these programs. Each one's evaluation has its figures with their uncertainty, the survey results, the associations between
            survey questions, the report and the analysis dataset, all de-identified.
          </p>
          <ul class="plain evaluations">
            {others.map((o) => (
              <li key={o.enrollment_id} class="card">
                <h3>
                  <Link href={`/programs/${o.program_id}`}>{o.program_name}</Link>
                </h3>
                <p class="evaluation-links">
                  <Link href={`/programs/${o.program_id}/evaluation`} class="button">
                    Open the evaluation
                  </Link>{' '}
                  <Link href={`/programs/${o.program_id}/surveys`}>Surveys and response rates</Link>
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {!coordinates(me) && participant.length === 0 && others.length === 0 && (
        <p class="lead">You are not part of any program yet. When a coordinator invites you, the program will appear here.</p>
      )}
    </Page>
  );
}
