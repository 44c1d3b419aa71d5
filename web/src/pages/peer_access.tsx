// /access-log — who looked at whose health information in peer support, and
// when (admins; GET /peer-access-log): a request opened, its suggestions,
// a peer profile, an export with health details. Newest first, one program
// or all. Entries name the viewer; the page adds their e-mail from the
// admin's list of users when it has it.
import { useMemo, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { PeerAccessEntry, Program, User } from '../api/types';
import { ErrorMessage, Field, LiveMessage, Loading, Page, useResource } from '../components/ui';
import { accessWords } from '../lib/peer';
import { formatDateTime } from '../lib/time';
import { Link } from '../router';
import { useSession } from '../session';

/** Who looked, in words: the account's name (and e-mail) when known. */
export function viewerWords(e: Pick<PeerAccessEntry, 'viewer' | 'viewer_user_id'> & { viewer_name?: string }, users: Map<number, User>): { name: string; email: string | null } {
  const u = e.viewer_user_id !== null ? users.get(e.viewer_user_id) : undefined;
  if (u) return { name: u.name, email: u.email };
  if (e.viewer_name) return { name: e.viewer_name, email: null };
  if (e.viewer === 'cli') return { name: 'the command line', email: null };
  if (e.viewer === 'system') return { name: 'Tandem (automatic)', email: null };
  return { name: e.viewer_user_id !== null ? 'a deleted account' : e.viewer || '—', email: null };
}

const LIMITS = [50, 200, 1000];

export function PeerAccessLogPage() {
  const { me } = useSession();
  if (!me?.user.is_admin)
    return (
      <Page title="Not allowed">
        <p class="lead">The access log is for administrators.</p>
        <p>
          <Link href="/">Go to your home page</Link>.
        </p>
      </Page>
    );
  return <AccessLog />;
}

function AccessLog() {
  const [program, setProgram] = useState('');
  const [limit, setLimit] = useState(200);
  const programs = useResource((signal) => api.get<{ programs: Program[] }>('/programs', { signal }).then((r) => r.programs.filter((p) => p.kind === 'peer_support')), []);
  const users = useResource((signal) => api.get<{ users: User[] }>('/users', { signal }).then((r) => new Map(r.users.map((u) => [u.id, u]))), []);
  const log = useResource(
    (signal) => api.get<{ entries: PeerAccessEntry[] }>('/peer-access-log', { query: { program_id: program || null, limit }, signal }).then((r) => r.entries),
    [program, limit],
  );
  const names = useMemo(() => new Map((programs.data ?? []).map((p) => [p.id, p.name])), [programs.data]);
  const who = users.data ?? new Map<number, User>();
  return (
    <Page title="Access log" wide>
      <p class="lead">Who looked at whose health information in peer support, and when: every request opened, every list of suggestions, every peer profile and every export with health details by a specialist or administrator. Newest first.</p>
      <div class="filters">
        <Field label="Program">
          {(a) => (
            <select {...a} value={program} onChange={(e) => setProgram((e.target as HTMLSelectElement).value)}>
              <option value="">Every peer-support program</option>
              {(programs.data ?? []).map((p) => (
                <option key={p.id} value={String(p.id)}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Show">
          {(a) => (
            <select {...a} value={String(limit)} onChange={(e) => setLimit(Number((e.target as HTMLSelectElement).value))}>
              {LIMITS.map((n) => (
                <option key={n} value={String(n)}>
                  the newest {n}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {programs.error && <ErrorMessage error={programs.error} retry={programs.reload} />}
      {users.error && <ErrorMessage error={users.error} retry={users.reload} />}
      {log.error && <ErrorMessage error={log.error} retry={log.reload} />}
      {log.loading && !log.data && <Loading />}
      <LiveMessage class="muted">{log.data ? `${log.data.length} ${log.data.length === 1 ? 'entry' : 'entries'}.` : ''}</LiveMessage>
      {log.data && log.data.length === 0 && <p class="muted">Nobody has looked at health information {program ? 'in this program ' : ''}yet.</p>}
      {log.data && log.data.length > 0 && (
        <div class="table-scroll">
          <table class="data stack access-log">
            <caption class="visually-hidden">Views of health information, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When (your time)</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Whose</th>
                <th scope="col">Program</th>
              </tr>
            </thead>
            <tbody>
              {log.data.map((e) => {
                const v = viewerWords(e, who);
                return (
                  <tr key={e.id}>
                    <td data-label="When (your time)">{formatDateTime(e.viewed_at)}</td>
                    <td data-label="Who">
                      {v.name}
                      {v.email && <span class="muted small"> ({v.email})</span>}
                    </td>
                    <td data-label="What">{accessWords(e.what)}</td>
                    <td data-label="Whose">
                      {e.subject_name || '—'}
                      {e.request_id !== null && <span class="muted small"> (request {e.request_id})</span>}
                    </td>
                    <td data-label="Program">{names.get(e.program_id) ?? `program ${e.program_id}`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
