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

const short = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 60) + '…' : s;
};

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** What an entry changed, in lines a person can read: "status: active → dissolved". */
export function describeChange(before: unknown, after: unknown): string[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const changed = keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    return changed.length ? changed.map((k) => `${k}: ${short(before[k])} → ${short(after[k])}`) : ['no change'];
  }
  if (isObject(after)) {
    const keys = ['name', 'status', 'role', 'email', 'mentee', 'mentor', 'reason'].filter((k) => k in after);
    return ['created' + (keys.length ? ': ' + keys.map((k) => `${k} ${short(after[k])}`).join(', ') : '')];
  }
  if (isObject(before)) return ['removed'];
  if (before === null && after === null) return [];
  return [`${short(before)} → ${short(after)}`];
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
              {res.data.entries.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.at, tz)}</td>
                  <td>{e.actor ?? '—'}</td>
                  <td>{e.action}</td>
                  <td>
                    {e.entity}
                    {e.entity_id !== null && e.entity_id !== undefined && ` #${e.entity_id}`}
                  </td>
                  {!programId && <td>{e.program_id ?? '—'}</td>}
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
              ))}
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
