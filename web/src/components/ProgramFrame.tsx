// The frame of a program's pages: the program loaded once, its name and
// status, and tabs. Coordinators (and admins) get set-up, vocabulary (cohort
// programs: taxonomy and intake questions), enrollment,
// matching, pairs (then shortlists and requests when mentees choose),
// events, surveys, journey, evaluation, coding and audit; in a peer-support
// program the queue follows set-up and there is no choosing; anyone else who
// may see the program gets its read-only overview (evaluators also the
// surveys, evaluation and coding pages, reached by links; mentors and
// mentees the shortlist and requests), and a coordinator's page opened by
// address says plainly that it is not for them (no request is made,
// nothing to retry).
import type { ComponentChildren } from 'preact';
import { api } from '../api/client';
import type { ChoiceSettings, Program } from '../api/types';
import { menteesChoose } from '../lib/choice';
import { Link, useLocation } from '../router';
import { canCoordinate, useSession } from '../session';
import { Loaded, Page, StatusBadge, useResource, type Resource } from './ui';

export function useProgram(programId: number): Resource<Program> {
  return useResource((signal) => api.get<Program>(`/programs/${programId}`, { signal }), [programId]);
}

const TABS: [string, string][] = [
  ['', 'Set-up'],
  ['/enrollment', 'Enrollment'],
  ['/matching', 'Matching'],
  ['/pairs', 'Pairs'],
  ['/events', 'Events'],
  ['/surveys', 'Surveys'],
  ['/outcomes', 'Journey'],
  ['/evaluation', 'Evaluation'],
  ['/coding', 'Coding'],
  ['/audit', 'Audit log'],
];

/**
 * The coordinator's tabs; Shortlists and Requests only when mentees choose
 * (GET …/matching-mode); in a peer-support program the Queue after Set-up.
 */
function CoordinatorTabs({ programId, path, peer }: { programId: number; path: string; peer: boolean }) {
  const settings = useResource(
    (signal) => (peer ? Promise.resolve(null) : api.get<ChoiceSettings>(`/programs/${programId}/matching-mode`, { signal })),
    [programId, peer],
  );
  const mode = settings.data?.mode;
  const tabs = TABS.flatMap((t): [string, string][] =>
    t[0] === '' && peer
      ? [t, ['/queue', 'Queue']]
      : t[0] === ''
        ? [t, ['/vocabulary', 'Vocabulary']]
        : t[0] === '/pairs'
        ? [t, ...(menteesChoose(mode) ? [['/shortlist', 'Shortlists'] as [string, string]] : []), ...(mode === 'mentee_led' ? [['/requests', 'Requests'] as [string, string]] : [])]
        : [t],
  );
  return (
    <nav aria-label="Program sections" class="tabs link-nav">
      <ul>
        {tabs.map(([suffix, label]) => {
          const href = `/programs/${programId}${suffix}`;
          return (
            <li key={suffix}>
              <Link href={href} aria-current={path === href || (suffix === '/coding' && path.startsWith(href + '/')) ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function ProgramFrame({
  program,
  title,
  children,
  wide,
  forEveryMember,
}: {
  program: Resource<Program>;
  title: string;
  children: (p: Program) => ComponentChildren;
  wide?: boolean;
  /** The page itself decides what each member sees (the overview); otherwise it is for coordinators only. */
  forEveryMember?: boolean;
}) {
  const { path } = useLocation();
  const { me } = useSession();
  return (
    <Loaded resource={program} what="this program">
      {(p) => {
        const coordinator = canCoordinate(me, p.id);
        if (!coordinator && !forEveryMember)
          return (
            <Page title={`Not allowed — ${p.name}`} heading="Not allowed">
              <p class="lead">
                The {title.toLowerCase()} page of {p.name} is for the program's coordinators.
              </p>
              <p>
                <Link href={`/programs/${p.id}`}>Go to the program's overview</Link> or <Link href="/">to your home page</Link>.
              </p>
            </Page>
          );
        return (
          <Page
            title={`${title} — ${p.name}`}
            wide={wide}
            heading={
              <>
                <span class="kicker">
                  {p.name} <StatusBadge status={p.status} />
                </span>
                {title}
              </>
            }
          >
            {coordinator && <CoordinatorTabs programId={p.id} path={path} peer={p.kind === 'peer_support'} />}
            {children(p)}
          </Page>
        );
      }}
    </Loaded>
  );
}
