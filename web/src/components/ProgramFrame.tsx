// The frame of a program's coordinator pages: the program loaded once, its
// name and status, and tabs to set-up, enrolment, matching, pairs and audit.
import type { ComponentChildren } from 'preact';
import { api } from '../api/client';
import type { Program } from '../api/types';
import { Link, useLocation } from '../router';
import { Loaded, Page, StatusBadge, useResource, type Resource } from './ui';

export function useProgram(programId: number): Resource<Program> {
  return useResource((signal) => api.get<Program>(`/programs/${programId}`, { signal }), [programId]);
}

const TABS: [string, string][] = [
  ['', 'Set-up'],
  ['/enrolment', 'Enrolment'],
  ['/matching', 'Matching'],
  ['/pairs', 'Pairs'],
  ['/audit', 'Audit log'],
];

export function ProgramFrame({
  program,
  title,
  children,
  wide,
}: {
  program: Resource<Program>;
  title: string;
  children: (p: Program) => ComponentChildren;
  wide?: boolean;
}) {
  const { path } = useLocation();
  return (
    <Loaded resource={program} what="this program">
      {(p) => (
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
          <nav aria-label="Program sections" class="tabs link-nav">
            <ul>
              {TABS.map(([suffix, label]) => {
                const href = `/programs/${p.id}${suffix}`;
                return (
                  <li key={suffix}>
                    <Link href={href} aria-current={path === href ? 'page' : undefined}>
                      {label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
          {children(p)}
        </Page>
      )}
    </Loaded>
  );
}
