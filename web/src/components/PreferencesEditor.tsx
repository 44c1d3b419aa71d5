// A person's own prefer and avoid lists (PUT /enrollments/{id}/preferences):
// people of the program's other side found by name, a ranked "would like"
// list and a "would rather not" list, with what each means for matching.
import { useState } from 'preact/hooks';
import { api, fieldError } from '../api/client';
import type { DirectoryEntry } from '../api/types';
import { DirectorySearch } from './DirectorySearch';
import { RankedList } from './RankedList';
import { Button, ErrorMessage, LiveMessage, useResource } from './ui';

/** Someone on a list: their participant id and, when the directory knows them, name and institution. */
export interface Person {
  id: string;
  name: string;
  institution: string;
}

/** The people behind `ids`, named from `known`; an id the directory does not know keeps a placeholder. */
export function peopleOf(ids: readonly string[], known: ReadonlyMap<string, DirectoryEntry>): Person[] {
  return ids.map((id) => known.get(id) ?? { id, name: `Someone no longer active in the program (${id})`, institution: '' });
}

/**
 * Names for the ids already on the lists: those people asked for by id
 * (`?ids=`, at most 50 at once), or, with no ids, the directory's first 50
 * people of the side. Nothing is asked while `enabled` is false.
 */
export function useDirectory(programId: number, side: 'mentor' | 'mentee', enabled = true, ids: readonly string[] = []) {
  const wanted = ids.slice(0, 50).join(',');
  return useResource(
    async (signal) => {
      if (!enabled) return new Map<string, DirectoryEntry>();
      const query = wanted ? { side, ids: wanted } : { side, limit: 50 };
      const r = await api.get<{ people: DirectoryEntry[] }>(`/programs/${programId}/directory`, { query, signal });
      return new Map(r.people.map((p) => [p.id, p]));
    },
    [programId, side, enabled, wanted],
  );
}

export function PreferencesEditor({
  enrollmentId,
  programId,
  role,
  prefer: initialPrefer,
  avoid: initialAvoid,
}: {
  enrollmentId: number;
  programId: number;
  role: 'mentor' | 'mentee';
  prefer: string[];
  avoid: string[];
}) {
  const side = role === 'mentee' ? 'mentor' : 'mentee';
  const others = side === 'mentor' ? 'mentors' : 'mentees';
  const directory = useDirectory(programId, side, true, [...initialPrefer, ...initialAvoid]);
  const [extra, setExtra] = useState<Map<string, DirectoryEntry>>(new Map());
  const known = new Map([...(directory.data ?? new Map()), ...extra]);
  const [prefer, setPrefer] = useState<string[]>(initialPrefer);
  const [avoid, setAvoid] = useState<string[]>(initialAvoid);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [note, setNote] = useState('');
  const remember = (p: DirectoryEntry) => setExtra((m) => new Map(m).set(p.id, p));
  const changed = (what = '') => {
    setSaved('');
    setNote(what);
  };

  const addPrefer = (p: DirectoryEntry) => {
    remember(p);
    setAvoid((a) => a.filter((x) => x !== p.id));
    setPrefer((l) => (l.includes(p.id) ? l : [...l, p.id]));
    changed(`${p.name} is on the people you would like, at rank ${prefer.includes(p.id) ? prefer.indexOf(p.id) + 1 : prefer.length + 1}. Save the lists to keep it.`);
  };
  const addAvoid = (p: DirectoryEntry) => {
    remember(p);
    setPrefer((l) => l.filter((x) => x !== p.id));
    setAvoid((l) => (l.includes(p.id) ? l : [...l, p.id]));
    changed(`${p.name} is on the people you would rather not be matched with. Save the lists to keep it.`);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.put(`/enrollments/${enrollmentId}/preferences`, { prefer, avoid });
      setSaved('Your lists are saved.');
      setNote('');
    } catch (err) {
      setError(err);
      setSaved('');
    }
    setBusy(false);
  };
  const fe = (f: string) => fieldError(error, f);
  const general = error && !fe('prefer') && !fe('avoid') ? error : null;

  return (
    <section class="card preferences" aria-labelledby="prefs-h">
      <h2 id="prefs-h">People you would like, or not like, to be matched with</h2>
      <p class="hint">
        Optional. <strong>Would like</strong>: the {others} you would most like, best first. Matching counts them toward the score — the higher on
        your list, the more — but cannot promise any of them. <strong>Would rather not</strong>: a hard rule — you will never be matched with
        anyone on this list. It is confidential: they are never told; only the program's coordinators can see your lists.
      </p>
      <DirectorySearch
        programId={programId}
        side={side}
        label={`Find ${others} by name`}
        actions={(p) => (
          <>
            <button type="button" class="secondary small" aria-label={`Would like ${p.name}`} aria-pressed={prefer.includes(p.id)} onClick={() => addPrefer(p)}>
              Would like
            </button>
            <button type="button" class="secondary small" aria-label={`Would rather not be matched with ${p.name}`} aria-pressed={avoid.includes(p.id)} onClick={() => addAvoid(p)}>
              Would rather not
            </button>
          </>
        )}
      />
      <LiveMessage class="hint">{note}</LiveMessage>
      {directory.error && <ErrorMessage error={directory.error} retry={directory.reload} />}
      <form onSubmit={save} noValidate>
        <div class="two-col">
          <div>
            <h3 id="prefer-h">Would like ({prefer.length})</h3>
            <RankedList
              items={peopleOf(prefer, known)}
              keyOf={(p) => p.id}
              nameOf={(p) => p.name}
              detail={(p) => p.institution}
              label="People you would like, best first"
              onChange={(list) => {
                setPrefer(list.map((p) => p.id));
                changed();
              }}
              onRemove={(p) => {
                setPrefer((l) => l.filter((x) => x !== p.id));
                changed();
              }}
              empty={`Nobody yet. Find ${others} above and choose Would like.`}
            />
            {fe('prefer') && <p class="field-error">{fe('prefer')}</p>}
          </div>
          <div>
            <h3 id="avoid-h">Would rather not ({avoid.length})</h3>
            {avoid.length === 0 ? (
              <p class="muted">Nobody.</p>
            ) : (
              <ul class="plain avoid-list" aria-labelledby="avoid-h">
                {peopleOf(avoid, known).map((p) => (
                  <li key={p.id} class="directory-person">
                    <span>
                      <strong>{p.name}</strong>
                      {p.institution && <span class="muted"> · {p.institution}</span>}
                    </span>
                    <button
                      type="button"
                      class="secondary small"
                      aria-label={`Remove ${p.name} from the people you would rather not be matched with`}
                      onClick={() => {
                        setAvoid((l) => l.filter((x) => x !== p.id));
                        changed(`${p.name} removed.`);
                      }}
                    >
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {fe('avoid') && <p class="field-error">{fe('avoid')}</p>}
          </div>
        </div>
        <ErrorMessage error={general} />
        <div class="form-actions">
          <Button type="submit" busy={busy} busyLabel="Saving…">
            Save these lists
          </Button>
          <LiveMessage class="saved">{saved}</LiveMessage>
        </div>
      </form>
    </section>
  );
}
