// Searches one side of a program by name (GET /programs/{id}/directory):
// a labelled search box, the people found (name and institution only) each
// with the actions the page gives them, and how many were found announced.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { DirectoryEntry } from '../api/types';
import { ErrorMessage, Field, LiveMessage } from './ui';

export function DirectorySearch({
  programId,
  side,
  label,
  hint,
  actions,
  limit = 10,
}: {
  programId: number;
  side: 'mentor' | 'mentee';
  label: string;
  hint?: ComponentChildren;
  /** The buttons beside each person found. */
  actions: (person: DirectoryEntry) => ComponentChildren;
  limit?: number;
}) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<DirectoryEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setFound(null);
      setError(null);
      return;
    }
    const ctl = new AbortController();
    const t = setTimeout(() => {
      api.get<{ people: DirectoryEntry[] }>(`/programs/${programId}/directory`, { query: { side, q, limit }, signal: ctl.signal }).then(
        (r) => {
          setFound(r.people);
          setError(null);
        },
        (e) => {
          if ((e as Error)?.name !== 'AbortError') setError(e);
        },
      );
    }, 250);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [programId, side, query, limit]);
  const count = found === null ? '' : found.length === 0 ? 'Nobody found by that name.' : found.length === 1 ? '1 person found.' : `${found.length} people found${found.length === limit ? ' (the first ' + limit + '; type more of the name)' : ''}.`;
  return (
    <div class="directory-search">
      <Field label={label} hint={hint}>
        {(a) => <input {...a} type="search" autoComplete="off" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />}
      </Field>
      <ErrorMessage error={error} />
      <LiveMessage class="hint">{count}</LiveMessage>
      {found && found.length > 0 && (
        <ul class="plain directory-results">
          {found.map((p) => (
            <li key={p.id} class="directory-person">
              <span>
                <strong>{p.name}</strong>
                {p.institution && <span class="muted"> · {p.institution}</span>}
              </span>
              <span class="button-row">{actions(p)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
