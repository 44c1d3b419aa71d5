// The audit log of one program (coordinators) or of all programs (admins),
// filtered by entity and action, paged with `before`.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { AuditEntry } from '../api/types';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { ErrorMessage, Loading, Page, useResource } from '../components/ui';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';
import { browserTimeZone, formatDateTime } from '../lib/time';

const PAGE = 50;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A stored value in words: yes/no, lists joined, "—" for nothing, long text cut. */
const words = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length ? v.map(words).join(', ') : 'none';
  const s = typeof v === 'string' ? v : isObject(v) ? Object.entries(v).map(([k, x]) => `${label(k)} ${words(x)}`).join(', ') : String(v);
  return s.length > 80 ? s.slice(0, 80) + '…' : s;
};

/** Field names as a coordinator says them. */
const FIELD_WORDS: Record<string, string> = {
  end_reason: 'reason',
  started_on: 'started',
  ended_on: 'ended',
  starts_on: 'starts',
  ends_on: 'ends',
  cadence_days: 'meets every (days)',
  meeting_mode: 'meetings',
  cross_institution: 'across institutions only',
  max_time_zone_difference_hours: 'largest time-zone difference (hours)',
  min_score: 'lowest acceptable score',
  is_admin: 'admin',
  has_password: 'has a password',
  participant_id: 'participant id',
  career_stage: 'career stage',
  time_zone: 'time zone',
  years_experience: 'years of experience',
  match_on: 'match on',
  sessions_ended: 'sessions ended',
  people_moved: 'people moved',
  merged: 'merged from',
  address: 'from address',
  locked: 'locked out',
};
const label = (k: string) => FIELD_WORDS[k] ?? k.replace(/_/g, ' ');

/** Bookkeeping that says nothing to a reader (ids, time stamps, internal scores). */
const HIDDEN = new Set(['id', 'program_id', 'user_id', 'enrollment_id', 'matching_run_id', 'created_at', 'updated_at', 'mentor', 'mentee', 'breakdown', 'settings']);

/** What an entry changed, in lines a person can read: "status: active → dissolved". */
export function describeChange(before: unknown, after: unknown): string[] {
  const described = (o: Record<string, unknown>) =>
    Object.keys(o)
      .filter((k) => !HIDDEN.has(k) && o[k] !== null && o[k] !== '' && !isObject(o[k]))
      .slice(0, 6)
      .map((k) => `${label(k)}: ${words(o[k])}`);
  // Two different records (a merge: the one removed, the one kept): what remains.
  if (isObject(before) && isObject(after) && 'id' in before && 'id' in after && before.id !== after.id) return described(after);
  if (isObject(before) && isObject(after)) {
    const lines: string[] = [];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !HIDDEN.has(k));
    for (const k of keys) {
      const b = before[k];
      const a = after[k];
      if (JSON.stringify(b) === JSON.stringify(a)) continue;
      if (isObject(b) && isObject(a)) {
        // One level down (the program's weights): "weight of interests: 30 → 40".
        for (const sub of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
          if (JSON.stringify(b[sub]) !== JSON.stringify(a[sub])) lines.push(`${k === 'weights' ? 'weight of' : label(k)} ${label(sub)}: ${words(b[sub])} → ${words(a[sub])}`);
        }
      } else lines.push(`${label(k)}: ${words(b)} → ${words(a)}`);
    }
    return lines.length ? lines : ['no change'];
  }
  if (isObject(after)) return described(after);
  if (isObject(before)) return ['removed'];
  if (before === null && after === null) return [];
  return [`${words(before)} → ${words(after)}`];
}

/** Actions as a coordinator says them. */
const ACTION_WORDS: Record<string, string> = {
  'program.create': 'created the program',
  'program.update': "changed the program's set-up",
  'program.transition': "changed the program's status",
  'participants.import': 'imported participants',
  'enrollment.invite': 'invited',
  'enrollment.reinvite': 'invited again',
  'enrollment.accept': 'accepted the invitation',
  'enrollment.apply': 'applied',
  'enrollment.approve': 'approved',
  'enrollment.withdraw': 'withdrew',
  'profile.update': 'updated the profile of',
  'preferences.update': 'updated the matching preferences of',
  'matching_run.start': 'started matching',
  'matching_run.finish': 'matching finished',
  'matching_run.fail': 'matching failed',
  'matching_run.publish': 'published the pairs of',
  'pair.create': 'paired',
  'pair.dissolve': 'dissolved the pair',
  'pair.complete': 'completed the pair',
  'institution.create': 'added the institution',
  'institution.rename': 'renamed the institution',
  'institution.merge': 'merged another institution into',
  'user.create': 'created the account of',
  'user.disable': 'disabled the account of',
  'user.enable': 'enabled the account of',
  'user.grant_admin': 'made an administrator:',
  'user.revoke_admin': 'removed admin rights from',
  'user.sign_in': 'signed in',
  'user.sign_in_failed': 'failed to sign in as',
  'user.sign_out': 'signed out',
  'user.sign_out_everywhere': 'signed out everywhere:',
  'user.password_reset': 'reset the password of',
};
export const actionWords = (action: string): string => ACTION_WORDS[action] ?? action.replace(/[._]/g, ' ');

/** Who did it, in words: the person's name (and, for admins, their e-mail), or what acted. */
export function actorWords(e: Pick<AuditEntry, 'actor' | 'actor_name' | 'actor_email'>): { name: string; email: string | null } {
  if (e.actor_name) return { name: e.actor_name, email: e.actor_email ?? null };
  const a = String(e.actor ?? '');
  if (a === 'cli') return { name: 'the command line', email: null };
  if (a === 'system') return { name: 'Tandem (automatic)', email: null };
  if (a === 'anonymous') return { name: 'someone not signed in', email: null };
  return { name: a.startsWith('user:') ? 'a deleted account' : a || '—', email: null };
}

/** What the entry is about: its name when known, else its kind and number. */
export function entityWords(e: Pick<AuditEntry, 'entity' | 'entity_id' | 'entity_name'>): string {
  if (e.entity_name) return e.entity_name;
  const kind = e.entity.replace(/_/g, ' ');
  return e.entity_id !== null && e.entity_id !== undefined ? `${kind} ${e.entity_id} (no longer exists)` : kind;
}

function AuditBody({ programId }: { programId?: number }) {
  const { path, search } = useLocation();
  const entity = search.get('entity') ?? '';
  const action = search.get('action') ?? '';
  const before = search.get('before') ?? '';
  const [entityDraft, setEntity] = useState(entity);
  const [actionDraft, setAction] = useState(action);
  const url = programId ? `/programs/${programId}/audit` : '/audit';
  const res = useResource(
    (signal) => api.get<{ entries: AuditEntry[]; next_before: string | number | null }>(url, { query: { entity, action, before, limit: PAGE }, signal }),
    [url, entity, action, before],
  );
  const go = (params: Record<string, string>) => {
    const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
    const s = q.toString();
    navigate(path + (s ? '?' + s : ''));
  };
  const tz = browserTimeZone();
  return (
    <>
      <form
        class="filters card"
        onSubmit={(e) => {
          e.preventDefault();
          go({ entity: entityDraft.trim(), action: actionDraft.trim() });
        }}
      >
        <label>
          Entity <input type="text" value={entityDraft} placeholder="e.g. pair" onInput={(e) => setEntity((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Action <input type="text" value={actionDraft} placeholder="e.g. publish" onInput={(e) => setAction((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Filter</button>
        {(entity || action) && (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setEntity('');
              setAction('');
              go({});
            }}
          >
            Clear
          </button>
        )}
      </form>
      {res.loading && <Loading />}
      {res.error && <ErrorMessage error={res.error} retry={res.reload} />}
      {res.data && res.data.entries.length === 0 && <p>No entries{entity || action ? ' match the filter' : ''}.</p>}
      {res.data && res.data.entries.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Audit entries table">
          <table class="data audit">
            <caption class="visually-hidden">Audit entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When ({tz})</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">What</th>
                {!programId && <th scope="col">Program</th>}
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {res.data.entries.map((e) => {
                const who = actorWords(e);
                return (
                <tr key={e.id}>
                  <td>{formatDateTime(e.at, tz)}</td>
                  <td>
                    {who.name}
                    {who.email && <div class="muted small">{who.email}</div>}
                  </td>
                  <td>
                    {actionWords(e.action)} <code class="muted small">{e.action}</code>
                  </td>
                  <td>{entityWords(e)}</td>
                  {!programId && <td>{e.program_name ?? (e.program_id ? `program ${e.program_id}` : '—')}</td>}
                  <td class="change">
                    <ul class="plain small">
                      {describeChange(e.before, e.after).map((line, i) => (
                        <li key={i}>{line}</li>
                      ))}
                    </ul>
                    {(e.before !== null || e.after !== null) && (
                      <details>
                        <summary class="small">Full record</summary>
                        <pre class="small record">{JSON.stringify({ before: e.before, after: e.after }, null, 2)}</pre>
                      </details>
                    )}
                  </td>
                </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="Audit pages">
        {before && (
          <button type="button" class="secondary" onClick={() => window.history.back()}>
            Newer entries
          </button>
        )}
        {res.data?.next_before !== null && res.data?.next_before !== undefined && (
          <button type="button" class="secondary" onClick={() => go({ entity, action, before: String(res.data!.next_before) })}>
            Older entries
          </button>
        )}
      </nav>
    </>
  );
}

export function AuditLog({ programId }: { programId?: number }) {
  if (programId !== undefined) return <ProgramAudit programId={programId} />;
  return <AllAudit />;
}

function ProgramAudit({ programId }: { programId: number }) {
  const program = useProgram(programId);
  return (
    <ProgramFrame program={program} title="Audit log" wide>
      {(p) => <AuditBody programId={p.id} />}
    </ProgramFrame>
  );
}

function AllAudit() {
  const { me } = useSession();
  if (!me?.user.is_admin)
    return (
      <Page title="Not allowed">
        <p class="lead">Only an administrator can see the audit log of every program.</p>
      </Page>
    );
  return (
    <Page title="Audit log" heading="Audit log of every program" wide>
      <AuditBody />
    </Page>
  );
}
