// Pairs overview: every pair with its status and meeting health (filter, sort,
// the pairs that need attention), completing pairs one by one or all at once,
// dissolving a pair with a reason, and re-matching a mentee.
import { useState } from 'preact/hooks';
import { api, fieldError } from '../api/client';
import type { Enrollment, Pair, PairHealthInfo, PairStatus, Profile, Program } from '../api/types';
import { HealthBadge, wallTime } from '../components/Meetings';
import { BreakdownBar, formatScore } from '../components/BreakdownBar';
import { useFacetNaming } from '../components/useFacetNaming';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { Button, ErrorMessage, Field, Loading, Notice, StatusBadge, useResource } from '../components/ui';
import { weightSum } from '../lib/facets';
import { Link, setQuery, useLocation } from '../router';
import { browserTimeZone, formatDate } from '../lib/time';

function DissolveForm({ pair, onDone, onCancel }: { pair: Pair; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!reason.trim()) {
      setError({ local: 'Say briefly why the pair ends; it is kept in the audit log.' });
      return;
    }
    setBusy(true);
    try {
      await api.post(`/pairs/${pair.id}/dissolve`, { reason: reason.trim() });
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const local = (error as { local?: string })?.local ?? null;
  const fieldMsg = local ?? fieldError(error, 'reason');
  return (
    <form class="inline-form" onSubmit={submit} noValidate>
      <Field label={`Why does the pair ${pair.mentee.name} – ${pair.mentor.name} end?`} error={fieldMsg}>
        {(a) => <input {...a} type="text" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />}
      </Field>
      {!fieldMsg && <ErrorMessage error={error} />}
      <Button type="submit" class="danger small" busy={busy} busyLabel="Dissolving…">
        Dissolve
      </Button>
      <button type="button" class="secondary small" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

/**
 * A pair's health: only an active pair has one (a proposed pair has not
 * started; a completed or dissolved one has ended). Computed by the server
 * from meetings and logs (docs/meetings.md).
 */
export function PairHealth({ pair, health }: { pair: Pick<Pair, 'status'>; health?: PairHealthInfo }) {
  if (pair.status !== 'active') return <span class="muted">—<span class="visually-hidden">not an active pair</span></span>;
  if (!health) return <span class="muted">…</span>;
  return <HealthBadge health={health} />;
}

const HEALTH_ORDER: Record<string, number> = { stalled: 0, at_risk: 1, due: 2, on_track: 3 };

/** The confirmation after pairing by hand: names on both sides, from the pair the API created. */
export function pairedMessage(pair: Pick<Pair, 'mentee' | 'mentor'>): string {
  return `${pair.mentee.name} is now paired with ${pair.mentor.name}.`;
}

interface Suggestion {
  mentee: string;
  mentor: string;
  mentee_name?: string;
  mentor_name?: string;
  score: number;
  breakdown?: Record<string, number>;
}

function Rematch({ program, pairs, onPaired }: { program: Program; pairs: Pair[]; onPaired: () => void }) {
  const mentees = useResource(
    (signal) => api.get<{ enrollments: Enrollment[] }>(`/programs/${program.id}/enrollments`, { query: { role: 'mentee' }, signal }),
    [program.id, pairs.length],
  );
  const paired = new Set(pairs.filter((p) => p.status === 'active' || p.status === 'proposed').map((p) => p.mentee.participant_id));
  const free = (mentees.data?.enrollments ?? []).filter((e) => e.status !== 'withdrawn' && e.participant_id && !paired.has(e.participant_id));
  const [mentee, setMentee] = useState('');
  const [proposals, setProposals] = useState<Suggestion[] | null>(null);
  const [ifRaised, setIfRaised] = useState<{ proposal: Suggestion; capacity: number }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const chosen = mentee || free[0]?.participant_id || '';
  const chosenName = free.find((m) => m.participant_id === chosen)?.name ?? chosen;
  const suggest = async (e: Event) => {
    e.preventDefault();
    setBusy('suggest');
    setError(null);
    setProposals(null);
    setDone(null);
    try {
      const r = await api.post<{ proposals: Suggestion[]; if_raised: { proposal: Suggestion; capacity: number }[] }>(`/programs/${program.id}/rematch`, {
        mentee: chosen,
        limit: 5,
      });
      setProposals(r.proposals);
      setIfRaised(r.if_raised ?? []);
    } catch (err) {
      setError(err);
    }
    setBusy(null);
  };
  const pair = async (s: Suggestion) => {
    setBusy(s.mentor);
    setError(null);
    try {
      const created = await api.post<Pair>(`/programs/${program.id}/pairs`, { mentee: s.mentee ?? chosen, mentor: s.mentor });
      setDone(pairedMessage(created));
      setProposals(null);
      setMentee('');
      onPaired();
    } catch (err) {
      setError(err);
    }
    setBusy(null);
  };
  // Gives the mentor one more place (their profile's capacity), then pairs them.
  const raiseAndPair = async (s: Suggestion, capacity: number) => {
    setBusy(s.mentor);
    setError(null);
    try {
      const mentors = await api.get<{ enrollments: Enrollment[] }>(`/programs/${program.id}/enrollments`, { query: { role: 'mentor' } });
      const mentor = mentors.enrollments.find((e) => e.participant_id === s.mentor);
      if (!mentor) throw new Error(`${s.mentor_name ?? s.mentor} is no longer a mentor of this program.`);
      const { participant_id: _id, role: _role, prefer: _prefer, avoid: _avoid, ...profile } = await api.get<Profile>(`/enrollments/${mentor.id}/profile`);
      await api.put<Profile>(`/enrollments/${mentor.id}/profile`, { ...profile, capacity: capacity + 1 });
    } catch (err) {
      setError(err);
      setBusy(null);
      return;
    }
    await pair(s);
  };
  const naming = useFacetNaming(program.id);
  const max = weightSum(program.weights) + naming.questionPoints || 100;
  return (
    <section class="card" aria-labelledby="rematch-h">
      <h2 id="rematch-h">Re-match a mentee</h2>
      <p class="hint">For a mentee whose pair ended or who joined late: Tandem suggests mentors with capacity left, keeping every other pair as it is. A mentor whose pair with this mentee was dissolved is not suggested again.</p>
      {mentees.loading && !mentees.data && <Loading />}
      {mentees.error && <ErrorMessage error={mentees.error} retry={mentees.reload} />}
      {done && <Notice kind="success">{done}</Notice>}
      {mentees.data && free.length === 0 && <p>Every mentee has a partner.</p>}
      {free.length > 0 && (
        <form onSubmit={suggest} noValidate class="inline-form">
          <Field label="Mentee without a partner" error={fieldError(error, 'mentee')}>
            {(a) => (
              <select {...a} value={chosen} onChange={(e) => setMentee((e.target as HTMLSelectElement).value)}>
                {free.map((m) => (
                  <option key={m.id} value={m.participant_id!}>
                    {m.name} ({m.participant_id})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Button type="submit" class="secondary" busy={busy === 'suggest'} busyLabel="Finding mentors…">
            Suggest mentors
          </Button>
        </form>
      )}
      {error !== null && !fieldError(error, 'mentee') && <ErrorMessage error={error} />}
      {proposals && proposals.length === 0 && ifRaised.length === 0 && (
        <p>No mentor can take this mentee under the program's rules, even with one more place (a mentor they were paired with before is not suggested again).</p>
      )}
      {proposals && proposals.length === 0 && ifRaised.length > 0 && (
        <>
          <p>No mentor with room left can take {chosenName}. These mentors would fit if they took one more mentee:</p>
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Mentors who would fit with one more place">
            <table class="data">
              <caption class="visually-hidden">Mentors who would fit with one more place</caption>
              <thead>
                <tr>
                  <th scope="col">Mentor</th>
                  <th scope="col" class="num">
                    Score
                  </th>
                  <th scope="col" class="num">
                    Capacity now
                  </th>
                  <th scope="col">Pair</th>
                </tr>
              </thead>
              <tbody>
                {ifRaised.map(({ proposal: s, capacity }) => (
                  <tr key={s.mentor}>
                    <td>
                      {s.mentor_name ?? s.mentor} <code class="muted">{s.mentor}</code>
                    </td>
                    <td class="num">{formatScore(s.score)}</td>
                    <td class="num">{capacity}</td>
                    <td>
                      <Button type="button" class="small" busy={busy === s.mentor} onClick={() => raiseAndPair(s, capacity)} aria-label={`Raise ${s.mentor_name ?? s.mentor}'s capacity to ${capacity + 1} and pair them with ${chosenName}`}>
                        Raise to {capacity + 1} and pair
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {proposals && proposals.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Suggested mentors table">
          <table class="data">
            <caption class="visually-hidden">Suggested mentors</caption>
            <thead>
              <tr>
                <th scope="col">Mentor</th>
                <th scope="col" class="num">
                  Score
                </th>
                <th scope="col">Breakdown</th>
                <th scope="col">Pair</th>
              </tr>
            </thead>
            <tbody>
              {proposals.map((s) => (
                <tr key={s.mentor}>
                  <td>
                    {s.mentor_name ?? s.mentor} <code class="muted">{s.mentor}</code>
                  </td>
                  <td class="num">{formatScore(s.score)}</td>
                  <td class="breakdown-cell">{s.breakdown && <BreakdownBar breakdown={s.breakdown} max={max} labelOf={naming.labelOf} colors={naming.colors} />}</td>
                  <td>
                    <Button type="button" class="small" busy={busy === s.mentor} onClick={() => pair(s)} aria-label={`Pair them: ${s.mentee_name ?? chosenName} with ${s.mentor_name ?? s.mentor}`}>
                      Pair them
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function PairsBody({ program }: { program: Program }) {
  const { search } = useLocation();
  const status = (search.get('status') ?? '') as PairStatus | '';
  const healthFilter = search.get('health') ?? '';
  const sort = search.get('sort') ?? '';
  const pairs = useResource((signal) => api.get<{ pairs: Pair[] }>(`/programs/${program.id}/pairs`, { query: { status }, signal }), [program.id, status]);
  const health = useResource(
    (signal) => api.get<{ pairs: (PairHealthInfo & { pair: Pair })[] }>(`/programs/${program.id}/pair-health`, { signal }),
    [program.id, pairs.data],
  );
  const [dissolving, setDissolving] = useState<number | null>(null);
  const [completing, setCompleting] = useState<number | 'all' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const naming = useFacetNaming(program.id);
  const max = weightSum(program.weights) + naming.questionPoints || 100;
  const healthOf = new Map((health.data?.pairs ?? []).map((h) => [h.pair.id, h]));
  let list = pairs.data?.pairs ?? [];
  if (healthFilter) list = list.filter((p) => healthOf.get(p.id)?.status === healthFilter);
  if (sort === 'health') {
    list = [...list].sort((a, b) => (HEALTH_ORDER[healthOf.get(a.id)?.status ?? ''] ?? 9) - (HEALTH_ORDER[healthOf.get(b.id)?.status ?? ''] ?? 9));
  }
  const atRisk = (health.data?.pairs ?? []).filter((h) => h.status === 'at_risk' || h.status === 'stalled');
  const activeCount = (pairs.data?.pairs ?? []).filter((p) => p.status === 'active').length;
  const complete = async (ids: number[], what: number | 'all') => {
    setCompleting(what);
    setError(null);
    setDone(null);
    let n = 0;
    try {
      for (const id of ids) {
        await api.post(`/pairs/${id}/complete`);
        n++;
      }
      setDone(`${n} pair${n === 1 ? '' : 's'} marked completed today.`);
    } catch (err) {
      setError(err);
    }
    setCompleting(null);
    pairs.reload();
  };
  const zone = browserTimeZone();
  return (
    <>
      {atRisk.length > 0 && (
        <section class="card" aria-labelledby="risk-h">
          <h2 id="risk-h">Pairs that need attention</h2>
          <p class="hint">No meeting held for 1.5 times the program's cadence (at risk), twice the cadence or two no-shows in a row (stalled).</p>
          <ul class="link-list">
            {atRisk.map((h) => (
              <li key={h.pair.id}>
                <Link href={`/pairs/${h.pair.id}`}>
                  {h.pair.mentee.name} and {h.pair.mentor.name}
                </Link>{' '}
                <HealthBadge health={h} />
                {h.last_met && <span class="muted small"> · last met {wallTime(h.last_met, zone)}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section class="card" aria-labelledby="pairs-h">
        <h2 id="pairs-h">Pairs</h2>
        <div class="filters">
          <label>
            Status{' '}
            <select value={status} onChange={(e) => setQuery('status', (e.target as HTMLSelectElement).value)}>
              <option value="">all</option>
              <option value="active">active</option>
              <option value="proposed">proposed</option>
              <option value="completed">completed</option>
              <option value="dissolved">dissolved</option>
            </select>
          </label>
          <label>
            Health{' '}
            <select value={healthFilter} onChange={(e) => setQuery('health', (e.target as HTMLSelectElement).value)}>
              <option value="">any</option>
              <option value="on_track">on track</option>
              <option value="due">meeting due</option>
              <option value="at_risk">at risk</option>
              <option value="stalled">stalled</option>
            </select>
          </label>
          <label>
            Order{' '}
            <select value={sort} onChange={(e) => setQuery('sort', (e.target as HTMLSelectElement).value)}>
              <option value="">as paired</option>
              <option value="health">most at risk first</option>
            </select>
          </label>
          {activeCount > 0 && (
            <Button
              type="button"
              class="secondary small"
              busy={completing === 'all'}
              busyLabel="Completing…"
              onClick={() => {
                if (window.confirm(`Mark all ${activeCount} active pairs completed today? This is how a program year ends.`)) {
                  complete((pairs.data?.pairs ?? []).filter((p) => p.status === 'active').map((p) => p.id), 'all');
                }
              }}
            >
              Complete all active pairs…
            </Button>
          )}
        </div>
        {done && <Notice kind="success">{done}</Notice>}
        <ErrorMessage error={error} />
        {pairs.loading && <Loading />}
        {pairs.error && <ErrorMessage error={pairs.error} retry={pairs.reload} />}
        {pairs.data && list.length === 0 && (
          <p>
            No pairs{status ? ` with status ${status}` : ''} yet. Pairs appear when a matching run is published on the{' '}
            <Link href={`/programs/${program.id}/matching`}>matching</Link> page.
          </p>
        )}
        {list.length > 0 && (
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Pairs table">
            <table class="data">
              <caption class="visually-hidden">Pairs of the program</caption>
              <thead>
                <tr>
                  <th scope="col">Mentee</th>
                  <th scope="col">Mentor</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">
                    Score
                  </th>
                  <th scope="col">Since</th>
                  <th scope="col">Health</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {list.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link href={`/pairs/${p.id}`}>{p.mentee.name}</Link>
                    </td>
                    <td>{p.mentor.name}</td>
                    <td>
                      <StatusBadge status={p.status} />
                      {p.end_reason && <div class="muted small">{p.end_reason}</div>}
                    </td>
                    <td class="num">
                      {formatScore(p.score)}
                      {p.score !== null && <BreakdownBar breakdown={p.breakdown} max={max} labelOf={naming.labelOf} colors={naming.colors} />}
                    </td>
                    <td>{formatDate(p.started_on)}</td>
                    <td>
                      <PairHealth pair={p} health={healthOf.get(p.id)} />
                    </td>
                    <td class="actions">
                      {dissolving === p.id ? (
                        <DissolveForm
                          pair={p}
                          onCancel={() => setDissolving(null)}
                          onDone={() => {
                            setDissolving(null);
                            pairs.reload();
                          }}
                        />
                      ) : (
                        (p.status === 'active' || p.status === 'proposed') && (
                          <>
                            {p.status === 'active' && (
                              <Button
                                type="button"
                                class="secondary small"
                                busy={completing === p.id}
                                onClick={() => {
                                  if (window.confirm(`Mark ${p.mentee.name} and ${p.mentor.name} completed today? A completed pair cannot be reopened.`)) complete([p.id], p.id);
                                }}
                                aria-label={`Mark completed: ${p.mentee.name} and ${p.mentor.name}`}
                              >
                                Mark completed…
                              </Button>
                            )}
                            <button type="button" class="secondary small" onClick={() => setDissolving(p.id)} aria-label={`Dissolve ${p.mentee.name} and ${p.mentor.name}`}>
                              Dissolve…
                            </button>
                          </>
                        )
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {pairs.data && <Rematch program={program} pairs={list} onPaired={pairs.reload} />}
    </>
  );
}

export function PairsOverview({ programId }: { programId: number }) {
  const program = useProgram(programId);
  return (
    <ProgramFrame program={program} title="Pairs" wide>
      {(p) => <PairsBody program={p} />}
    </ProgramFrame>
  );
}
