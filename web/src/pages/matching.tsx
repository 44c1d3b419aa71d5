// The matching workbench: run a matching, watch it, review the proposed pairs
// with their breakdown, lock or forbid pairs and run again, compare runs, publish.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, fieldError } from '../api/client';
import type { MatchingRun, Objective, PairRef, Program, Proposal, RunSummary } from '../api/types';
import { BreakdownBar, BreakdownDetails, BreakdownLegend, formatScore } from '../components/BreakdownBar';
import { useFacetNaming } from '../components/useFacetNaming';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { Button, ErrorMessage, Field, Loading, Notice, PAGE_SIZE, Pager, StatusBadge, useDebounced, useResource } from '../components/ui';
import { weightSum } from '../lib/facets';
import { Link, setQuery, useLocation } from '../router';
import { formatDateTime } from '../lib/time';

export const OBJECTIVES: { value: Objective; label: string; explain: string }[] = [
  { value: 'optimal', label: 'Best total', explain: 'As many mentees matched as possible; among those, the greatest total score.' },
  { value: 'fair', label: 'Fairest', explain: 'As many matched as possible; then nobody gets a poor match if it can be avoided (the lowest score as high as possible).' },
  { value: 'stable-mentee', label: 'Stable, mentee-first', explain: 'No mentee and mentor would both rather be together than with their partners; best for mentees.' },
  { value: 'stable-mentor', label: 'Stable, mentor-first', explain: 'The same stability, best for mentors.' },
];

const objectiveLabel = (o: string | undefined) => OBJECTIVES.find((x) => x.value === o)?.label ?? o ?? '—';
const samePair = (a: PairRef, b: PairRef) => a.mentee === b.mentee && a.mentor === b.mentor;
const active = (r: MatchingRun | undefined) => !!r && (r.status === 'queued' || r.status === 'running');
/** Rows of a result table a page (the server's limit is 1000). */

/** Polls GET /matching-runs/{id} while the run is queued or running: the run with the first page of each list. */
function useRun(runId: number | null, onFinished: () => void) {
  const [run, setRun] = useState<MatchingRun>();
  const [error, setError] = useState<unknown>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  useEffect(() => {
    setRun(undefined);
    setError(null);
    if (runId === null) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    let delay = 300;
    const ctl = new AbortController();
    const tick = async () => {
      try {
        const r = await api.get<MatchingRun>(`/matching-runs/${runId}`, { query: { limit: PAGE_SIZE }, signal: ctl.signal });
        if (stop) return;
        setRun(r);
        if (active(r)) {
          delay = Math.min(1500, delay * 1.5);
          timer = setTimeout(tick, delay);
        } else finished.current();
      } catch (e) {
        if (!stop && (e as Error)?.name !== 'AbortError') setError(e);
      }
    };
    tick();
    return () => {
      stop = true;
      ctl.abort();
      clearTimeout(timer);
    };
  }, [runId]);
  return { run, error, setRun };
}

function RunForm({
  program,
  locks,
  forbids,
  setLocks,
  setForbids,
  onStarted,
  disabled,
  livePairs,
}: {
  program: Program;
  locks: PairRef[];
  forbids: PairRef[];
  setLocks: (l: PairRef[]) => void;
  setForbids: (f: PairRef[]) => void;
  onStarted: (r: MatchingRun) => void;
  disabled: boolean;
  /** The program has live pairs (it is active, or a run of it was published). */
  livePairs: boolean;
}) {
  const [objective, setObjective] = useState<Objective>('optimal');
  const [whatIf, setWhatIf] = useState(false);
  const [minScore, setMinScore] = useState(program.min_score === null ? '' : String(program.min_score));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { objective, locks, forbids };
      if (whatIf) body.what_if = true;
      if (minScore.trim() !== '') body.min_score = Number(minScore);
      const r = await api.post<MatchingRun>(`/programs/${program.id}/matching-runs`, body);
      onStarted(r);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const fe = (f: string) => fieldError(error, f);
  const general = error && !['objective', 'min_score', 'locks', 'forbids'].some((f) => fe(f)) ? error : null;
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="run-h">
      <h2 id="run-h">Run a matching</h2>
      <ErrorMessage error={general} />
      <fieldset>
        <legend>What should the matching aim for?</legend>
        {OBJECTIVES.map((o) => (
          <label class="check" key={o.value}>
            <input type="radio" name="objective" value={o.value} checked={objective === o.value} onChange={() => setObjective(o.value)} />
            <span>
              <strong>{o.label}</strong> — <span class="hint-inline">{o.explain}</span>
            </span>
          </label>
        ))}
        {fe('objective') && <p class="field-error">{fe('objective')}</p>}
      </fieldset>
      {livePairs && (
        <fieldset>
          <legend>The program has live pairs. What should this run do?</legend>
          <label class="check">
            <input type="radio" name="run-kind" checked={!whatIf} onChange={() => setWhatIf(false)} />
            <span>
              <strong>Place the mentees without a mentor</strong> — <span class="hint-inline">around the live pairs, which stay as they are; the result can be published.</span>
            </span>
          </label>
          <label class="check">
            <input type="radio" name="run-kind" checked={whatIf} onChange={() => setWhatIf(true)} />
            <span>
              <strong>What-if</strong> — <span class="hint-inline">match everyone anew as if no pair existed, to compare aims and weights with the other runs; never published, the live pairs are not touched.</span>
            </span>
          </label>
        </fieldset>
      )}
      <Field label="Lowest acceptable score (optional)" hint="Pairs scoring below this are never proposed." error={fe('min_score')}>
        {(a) => <input {...a} type="number" min={0} step={1} value={minScore} onInput={(e) => setMinScore((e.target as HTMLInputElement).value)} />}
      </Field>
      <div class="pair-rules">
        <div>
          <h3>Locked pairs ({locks.length})</h3>
          {locks.length === 0 ? (
            <p class="muted">None. Lock a proposed pair below to keep it in every new run.</p>
          ) : (
            <ul class="plain">
              {locks.map((l) => (
                <li key={`${l.mentee}:${l.mentor}`}>
                  <code>{l.mentee}</code> with <code>{l.mentor}</code>{' '}
                  <button type="button" class="link-button" onClick={() => setLocks(locks.filter((x) => !samePair(x, l)))} aria-label={`Unlock ${l.mentee} with ${l.mentor}`}>
                    unlock
                  </button>
                </li>
              ))}
            </ul>
          )}
          {fe('locks') && <p class="field-error">{fe('locks')}</p>}
        </div>
        <div>
          <h3>Forbidden pairs ({forbids.length})</h3>
          {forbids.length === 0 ? (
            <p class="muted">None.</p>
          ) : (
            <ul class="plain">
              {forbids.map((l) => (
                <li key={`${l.mentee}:${l.mentor}`}>
                  <code>{l.mentee}</code> with <code>{l.mentor}</code>{' '}
                  <button type="button" class="link-button" onClick={() => setForbids(forbids.filter((x) => !samePair(x, l)))} aria-label={`Allow ${l.mentee} with ${l.mentor} again`}>
                    allow again
                  </button>
                </li>
              ))}
            </ul>
          )}
          {fe('forbids') && <p class="field-error">{fe('forbids')}</p>}
        </div>
      </div>
      <div class="form-actions">
        <Button type="submit" busy={busy} disabled={disabled} busyLabel="Starting…">
          Run matching
        </Button>
        {disabled && <span class="hint">A run is in progress.</span>}
      </div>
    </form>
  );
}

function Progress({ run }: { run: MatchingRun }) {
  const pct = Math.round((run.progress ?? 0) * 100);
  return (
    <div class="run-progress">
      <p>
        Run #{run.id} is {run.status === 'queued' ? 'waiting to start' : 'running'}…
      </p>
      <div class="progress" role="progressbar" aria-label={`Matching run ${run.id}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div class="progress-bar" style={{ width: `${Math.max(3, pct)}%` }} />
      </div>
      <p class="muted" aria-live="polite">
        {pct}% done
      </p>
    </div>
  );
}

/**
 * How a run left each side, in words: people who need a partner (mentees;
 * in peer support, people looking for support) and people who offer one
 * (mentors; volunteers). A spare volunteer is not an unmatched person: when
 * everyone who needed a partner got one, the rest were simply not needed.
 */
export function sidesOfRun(summary: RunSummary, kind: Program['kind']): { seekers: [string, string]; offerers: [string, string] } {
  const peer = kind === 'peer_support';
  const mentees = summary.unmatched_mentees ?? 0;
  const mentors = summary.unmatched_mentors ?? 0;
  const seekerWord = peer ? 'People looking for support' : 'Mentees';
  const offererWord = peer ? 'Volunteers' : 'Mentors';
  const offererNoun = (n: number) => (peer ? (n === 1 ? 'volunteer' : 'volunteers') : n === 1 ? 'mentor' : 'mentors');
  const total = summary.matched + mentees;
  const seekers: [string, string] =
    mentees === 0
      ? [seekerWord, total === 0 ? 'nobody was waiting' : `all ${total} matched`]
      : [seekerWord, `${summary.matched} of ${total} matched; ${mentees} without a partner (reasons below)`];
  const offerers: [string, string] =
    mentors === 0
      ? [offererWord, 'every one has a partner']
      : mentees === 0
        ? [offererWord, `${mentors} ${offererNoun(mentors)} not needed this time`]
        : [offererWord, `${mentors} ${offererNoun(mentors)} without a partner (reasons below)`];
  return { seekers, offerers };
}

function Summary({ run, program }: { run: MatchingRun; program: Program }) {
  const s = run.summary;
  if (!s) return null;
  const { seekers, offerers } = sidesOfRun(s, program.kind);
  return (
    <dl class="summary-grid">
      <div class="summary-words">
        <dt>{seekers[0]}</dt>
        <dd>{seekers[1]}</dd>
      </div>
      <div class="summary-words">
        <dt>{offerers[0]}</dt>
        <dd>{offerers[1]}</dd>
      </div>
      <div>
        <dt>Lowest score</dt>
        <dd>{formatScore(s.min_score)}</dd>
      </div>
      <div>
        <dt>Mean score</dt>
        <dd>{formatScore(s.mean_score)}</dd>
      </div>
      <div>
        <dt>Total</dt>
        <dd>{formatScore(s.total_score)}</dd>
      </div>
      <div>
        <dt>Blocking pairs</dt>
        <dd>{s.blocking_pairs}</dd>
      </div>
    </dl>
  );
}

/**
 * The pages of a run's proposals and of its unmatched the coordinator looks
 * at, each list at its own offset, both found by `q`. The first page of both
 * without a search is `run` itself (what the poll brought); any other is one
 * request (one for both when they are at the same offset).
 */
function useRunPages(run: MatchingRun, q: string, offset: number, unmatchedOffset: number) {
  const first = q === '' && offset === 0 && unmatchedOffset === 0;
  const res = useResource(
    async (signal) => {
      if (first) return { q, proposals: run, unmatched: run };
      const load = (at: number) => api.get<MatchingRun>(`/matching-runs/${run.id}`, { query: { q: q || undefined, offset: at, limit: PAGE_SIZE }, signal });
      const [proposals, unmatched] = offset === unmatchedOffset ? [load(offset), null] : [load(offset), load(unmatchedOffset)];
      return { q, proposals: await proposals, unmatched: await (unmatched ?? proposals) };
    },
    [run.id, run.status, q, offset, unmatchedOffset],
  );
  // While the next answer is on its way the last one stays on screen (`data.q` says which search it is).
  return { ...res, data: first ? { q, proposals: run, unmatched: run } : res.data, loading: !first && res.loading };
}

function RunResult({
  program,
  run,
  locks,
  forbids,
  lock,
  forbid,
  onPublished,
}: {
  program: Program;
  run: MatchingRun;
  locks: PairRef[];
  forbids: PairRef[];
  lock: (p: Proposal) => void;
  forbid: (p: Proposal) => void;
  onPublished: (r: MatchingRun) => void;
}) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [published, setPublished] = useState<number | null>(null);
  const [filter, setFilter] = useState('');
  // "Find a person" asks the server once typing pauses; a new search starts both lists at their first page.
  const q = useDebounced(filter.trim(), 250);
  const [at, setAt] = useState({ q: '', proposals: 0, unmatched: 0 });
  const offset = at.q === q ? at.proposals : 0;
  const unmatchedOffset = at.q === q ? at.unmatched : 0;
  useEffect(() => setAt((a) => (a.q === q ? a : { q, proposals: 0, unmatched: 0 })), [q]);
  const pages = useRunPages(run, q, offset, unmatchedOffset);
  const naming = useFacetNaming(program.id);
  const max = weightSum(run.settings?.weights ?? program.weights) + naming.questionPoints || 100;
  const allProposals = run.proposals_total ?? run.proposals?.length ?? 0;
  const page = pages.data?.proposals;
  const shown = page?.proposals ?? [];
  const shownTotal = page?.proposals_total ?? shown.length;
  // Every facet of the whole run (not only this page's): the built-in facets in their order, then the program's questions ("question:<code>", named by their text).
  const facets = [...(run.facets ?? [])].sort(naming.order);
  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ pairs: unknown[] }>(`/matching-runs/${run.id}/publish`);
      setPublished(r.pairs.length);
      setConfirm(false);
      onPublished({ ...run, status: 'published' });
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return (
    <section class="card" aria-labelledby="result-h">
      <h2 id="result-h">
        Run #{run.id}: {objectiveLabel(run.settings?.objective)}
        {run.settings?.what_if ? ' (what-if)' : ''} <StatusBadge status={run.status} />
      </h2>
      <p class="muted">
        Started {formatDateTime(run.created_at)}
        {run.finished_at && `, finished ${formatDateTime(run.finished_at)}`} (your time)
        {run.settings?.locks?.length ? ` · ${run.settings.locks.length} locked` : ''}
        {run.settings?.forbids?.length ? ` · ${run.settings.forbids.length} forbidden` : ''}
      </p>
      {run.status === 'failed' && (
        <div class="alert alert-error" role="alert">
          <p>This run failed: {run.error || 'no reason given'}.</p>
        </div>
      )}
      <Summary run={run} program={program} />
      {run.status === 'done' && run.settings?.what_if && (
        <p class="muted">A what-if run: compare it with the other runs. It is never published; the live pairs stay as they are.</p>
      )}
      {run.status === 'done' && !run.settings?.what_if && (
        <div class="publish">
          <ErrorMessage error={error} />
          {!confirm ? (
            <button type="button" onClick={() => setConfirm(true)}>
              Publish these pairs…
            </button>
          ) : (
            <div class="confirm" role="group" aria-labelledby="confirm-h">
              <p id="confirm-h">
                Publish {allProposals.toLocaleString('en-US')} pairs? Mentors and mentees will see their partner. Later changes are made pair by pair.
              </p>
              <Button type="button" busy={busy} busyLabel="Publishing…" onClick={publish}>
                Yes, publish
              </Button>{' '}
              <button type="button" class="secondary" onClick={() => setConfirm(false)}>
                Not yet
              </button>
            </div>
          )}
        </div>
      )}
      {(published !== null || run.status === 'published') && (
        <Notice kind="success">
          <p>
            {published !== null ? `${published} pairs are published.` : 'This run is published.'} <Link href={`/programs/${program.id}/pairs`}>See the pairs</Link>
          </p>
        </Notice>
      )}
      {allProposals > 0 && (
        <>
          <h3 id="proposals-h">Proposed pairs ({allProposals.toLocaleString('en-US')})</h3>
          <div class="filters">
            <label>
              Find a person{' '}
              <input type="search" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
            </label>
            {q && pages.data?.q === q && !pages.loading && (
              <p class="muted" aria-live="polite">
                {shownTotal === 0 ? `No proposed pair with “${q}”.` : `${shownTotal.toLocaleString('en-US')} proposed ${shownTotal === 1 ? 'pair' : 'pairs'} with “${q}”.`}
              </p>
            )}
          </div>
          <ErrorMessage error={pages.error} retry={pages.reload} />
          <BreakdownLegend facets={facets} labelOf={naming.labelOf} colors={naming.colors} />
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Proposed pairs table" aria-busy={pages.loading}>
            <table class="data proposals">
              <caption class="visually-hidden">Proposed pairs with score and breakdown</caption>
              <thead>
                <tr>
                  <th scope="col">Mentee</th>
                  <th scope="col">Mentor</th>
                  <th scope="col" class="num">
                    Score
                  </th>
                  <th scope="col">Breakdown</th>
                  {run.status === 'done' && <th scope="col">Next run</th>}
                </tr>
              </thead>
              <tbody>
                {shown.map((p) => {
                  const ref = { mentee: p.mentee, mentor: p.mentor };
                  const isLocked = locks.some((l) => samePair(l, ref));
                  const isForbidden = forbids.some((l) => samePair(l, ref));
                  return (
                    <tr key={`${p.mentee}:${p.mentor}`}>
                      <td>
                        {p.mentee_name} <code class="muted">{p.mentee}</code>
                      </td>
                      <td>
                        {p.mentor_name} <code class="muted">{p.mentor}</code>
                      </td>
                      <td class="num">
                        {formatScore(p.score)}
                        {p.locked && (
                          <span class="badge" title="Locked in this run">
                            locked
                          </span>
                        )}
                      </td>
                      <td class="breakdown-cell">
                        <BreakdownBar breakdown={p.breakdown} max={max} labelOf={naming.labelOf} colors={naming.colors} />
                        <BreakdownDetails breakdown={p.breakdown} labelOf={naming.labelOf} order={naming.order} />
                      </td>
                      {run.status === 'done' && (
                        <td class="actions">
                          <button
                            type="button"
                            class={`small ${isLocked ? '' : 'secondary'}`}
                            aria-pressed={isLocked}
                            onClick={() => lock(p)}
                            aria-label={`Lock ${p.mentee_name} with ${p.mentor_name}`}
                            title={isLocked ? 'Locked for the next run; press again to unlock' : 'Keep this pair in the next run'}
                          >
                            Lock
                          </button>
                          <button
                            type="button"
                            class="small secondary"
                            aria-pressed={isForbidden}
                            onClick={() => forbid(p)}
                            aria-label={`Forbid ${p.mentee_name} with ${p.mentor_name}`}
                            title={isForbidden ? 'Forbidden in the next run; press again to allow' : 'Never propose this pair again'}
                          >
                            Forbid
                          </button>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager label="Pages of proposed pairs" top="proposals-h" offset={offset} total={shownTotal} onPage={(o) => setAt({ q, proposals: o, unmatched: unmatchedOffset })} />
        </>
      )}
      {(run.unmatched_total ?? run.unmatched?.length ?? 0) > 0 && pages.data && (
        <UnmatchedTable
          run={pages.data.unmatched}
          peer={program.kind === 'peer_support'}
          q={pages.data.q}
          pager={<Pager label="Pages of people not matched" top="unmatched" offset={unmatchedOffset} total={pages.data.unmatched.unmatched_total ?? 0} onPage={(o) => setAt({ q, proposals: offset, unmatched: o })} />}
        />
      )}
    </section>
  );
}

/**
 * Who was left without a partner, and why: one page of them (`pager` moves
 * through the rest; the counts come from the run's summary when given). In
 * peer support a volunteer left over is not a problem to solve (issue 14,
 * item 10): the people looking for support come first (the server lists
 * them first), and the spare volunteers are folded away.
 */
export function UnmatchedTable({ run, peer, pager, q = '' }: { run: Pick<MatchingRun, 'unmatched' | 'summary' | 'unmatched_total'>; peer: boolean; pager?: ComponentChildren; q?: string }) {
  const all = run.unmatched ?? [];
  // While a search is on, the lists hold only who it finds: counts of the whole run would not describe them.
  const found = run.unmatched_total ?? all.length;
  const count = (n: number) => (q ? '' : ` (${n.toLocaleString('en-US')})`);
  const seekers = peer ? all.filter((u) => u.role === 'mentee') : all;
  const spare = peer ? all.filter((u) => u.role !== 'mentee') : [];
  const seekerCount = run.summary?.unmatched_mentees ?? seekers.length;
  const spareCount = run.summary?.unmatched_mentors ?? spare.length;
  const allCount = run.summary?.unmatched ?? all.length;
  // In peer support the pager goes with the volunteers, unless the people looking for support fill more than a page.
  const pagerWithSeekers = !peer || seekerCount > PAGE_SIZE;
  const table = (rows: typeof all, caption: string) => (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table class="data">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Role</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((u) => (
            <tr key={u.id}>
              <td>
                {u.name} <code class="muted">{u.id}</code>
              </td>
              <td>{peer ? (u.role === 'mentee' ? 'looking for support' : 'volunteer') : u.role}</td>
              <td>{u.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <div id="unmatched">
      {(!peer || seekerCount > 0) && (
        <>
          <h3>{peer ? `People looking for support not matched${count(seekerCount)}` : `Not matched${count(allCount)}`}</h3>
          {q && (
            <p class="muted" aria-live="polite">
              {found === 0 ? `Nobody left without a partner matches “${q}”.` : `${found.toLocaleString('en-US')} ${found === 1 ? 'person' : 'people'} with “${q}”.`}
            </p>
          )}
          {seekers.length > 0 && table(seekers, 'People without a partner and why')}
          {pagerWithSeekers && pager}
        </>
      )}
      {peer && spareCount > 0 && (
        <details>
          <summary>{q ? 'Volunteers not needed this time' : `${spareCount.toLocaleString('en-US')} volunteer${spareCount === 1 ? '' : 's'} not needed this time`}</summary>
          {spare.length > 0 && table(spare, 'Volunteers not needed this time')}
          {!pagerWithSeekers && pager}
        </details>
      )}
    </div>
  );
}

function RunsTable({ runs, selected, compare, setCompare }: { runs: MatchingRun[]; selected: number | null; compare: number[]; setCompare: (c: number[]) => void }) {
  return (
    <section class="card" aria-labelledby="runs-h">
      <h2 id="runs-h">Runs</h2>
      <p class="hint">Tick two or more finished runs to compare them.</p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Runs table">
        <table class="data">
          <caption class="visually-hidden">Matching runs of this program</caption>
          <thead>
            <tr>
              <th scope="col">Compare</th>
              <th scope="col">Run</th>
              <th scope="col">Aim</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Matched
              </th>
              <th scope="col">Started (your time)</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} class={r.id === selected ? 'selected' : ''}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare run ${r.id}`}
                    disabled={!r.summary}
                    checked={compare.includes(r.id)}
                    onChange={(e) => setCompare((e.target as HTMLInputElement).checked ? [...compare, r.id] : compare.filter((x) => x !== r.id))}
                  />
                </td>
                <td>
                  <Link href={`?run=${r.id}`} aria-current={r.id === selected ? 'true' : undefined}>
                    #{r.id}
                  </Link>
                </td>
                <td>
                  {objectiveLabel(r.settings?.objective)}
                  {r.settings?.what_if ? ' (what-if)' : ''}
                </td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td class="num">{r.summary?.matched ?? '—'}</td>
                <td>{formatDateTime(r.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Comparison({ chosen }: { chosen: MatchingRun[] }) {
  return (
    <section class="card compare" aria-labelledby="compare-h">
      <h2 id="compare-h">Comparison of runs {chosen.map((r) => `#${r.id}`).join(', ')}</h2>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Comparison table">
        <table class="data" aria-label="Comparison of the chosen runs">
          <thead>
            <tr>
              <th scope="col">Measure</th>
              {chosen.map((r) => (
                <th scope="col" key={r.id} class="num">
                  #{r.id} {objectiveLabel(r.settings?.objective)}
                  {r.settings?.what_if ? ' (what-if)' : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(
              [
                ['Matched', (r: MatchingRun) => String(r.summary?.matched ?? '—'), (r: MatchingRun) => r.summary?.matched ?? 0],
                ['Lowest score', (r: MatchingRun) => formatScore(r.summary?.min_score), (r: MatchingRun) => r.summary?.min_score ?? 0],
                ['Mean score', (r: MatchingRun) => formatScore(r.summary?.mean_score), (r: MatchingRun) => r.summary?.mean_score ?? 0],
                ['Total score', (r: MatchingRun) => formatScore(r.summary?.total_score), (r: MatchingRun) => r.summary?.total_score ?? 0],
                ['Blocking pairs (fewer is better)', (r: MatchingRun) => String(r.summary?.blocking_pairs ?? '—'), (r: MatchingRun) => -(r.summary?.blocking_pairs ?? 0)],
              ] as [string, (r: MatchingRun) => string, (r: MatchingRun) => number][]
            ).map(([label, show, value]) => {
              const best = Math.max(...chosen.map(value));
              return (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {chosen.map((r) => (
                    <td key={r.id} class={`num${value(r) === best ? ' best' : ''}`}>
                      {show(r)}
                      {value(r) === best && <span class="visually-hidden"> (best)</span>}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="hint">The best value in each row is in bold.</p>
        </section>
  );
}

function WorkbenchBody({ program }: { program: Program }) {
  const { search } = useLocation();
  const runParam = search.get('run');
  const selected = runParam && /^\d+$/.test(runParam) ? Number(runParam) : null;
  const runs = useResource((signal) => api.get<{ runs: MatchingRun[] }>(`/programs/${program.id}/matching-runs`, { signal }), [program.id]);
  const { run, error, setRun } = useRun(selected, runs.reload);
  const [locks, setLocks] = useState<PairRef[]>([]);
  const [forbids, setForbids] = useState<PairRef[]>([]);
  const [compare, setCompare] = useState<number[]>([]);
  const initFor = useRef<number | null>(null);

  // Show the newest run when none is chosen.
  useEffect(() => {
    if (selected === null && runs.data?.runs.length) {
      const newest = [...runs.data.runs].sort((a, b) => b.id - a.id)[0];
      setQuery('run', String(newest.id));
    }
  }, [selected, runs.data]);
  // Take the locks and forbids of the run being looked at, once per run.
  useEffect(() => {
    if (run && !active(run) && initFor.current !== run.id) {
      initFor.current = run.id;
      setLocks(run.settings?.locks ?? []);
      setForbids(run.settings?.forbids ?? []);
    }
  }, [run]);

  const lock = (p: Proposal) => {
    const ref = { mentee: p.mentee, mentor: p.mentor };
    if (locks.some((l) => samePair(l, ref))) setLocks(locks.filter((l) => !samePair(l, ref)));
    else {
      setLocks([...locks, ref]);
      setForbids(forbids.filter((l) => !samePair(l, ref)));
    }
  };
  const forbid = (p: Proposal) => {
    const ref = { mentee: p.mentee, mentor: p.mentor };
    if (forbids.some((l) => samePair(l, ref))) setForbids(forbids.filter((l) => !samePair(l, ref)));
    else {
      setForbids([...forbids, ref]);
      setLocks(locks.filter((l) => !samePair(l, ref)));
    }
  };
  const list = [...(runs.data?.runs ?? [])].sort((a, b) => b.id - a.id);
  return (
    <>
      <div class="two-col wb-top">
        <RunForm
          program={program}
          locks={locks}
          forbids={forbids}
          setLocks={setLocks}
          setForbids={setForbids}
          disabled={active(run)}
          livePairs={program.status === 'active' || list.some((r) => r.status === 'published')}
          onStarted={(r) => {
            initFor.current = r.id;
            setRun(r);
            setQuery('run', String(r.id));
            runs.reload();
          }}
        />
        {runs.loading && !runs.data ? <Loading /> : runs.error ? <ErrorMessage error={runs.error} retry={runs.reload} /> : list.length > 0 ? (
          <RunsTable runs={list} selected={selected} compare={compare} setCompare={setCompare} />
        ) : (
          <section class="card">
            <h2>Runs</h2>
            <p>No matching has been run yet. Choose an aim and press “Run matching”.</p>
          </section>
        )}
      </div>
      {list.filter((r) => compare.includes(r.id)).length >= 2 && <Comparison chosen={list.filter((r) => compare.includes(r.id))} />}
      {selected !== null && !run && !error && <Loading label="Loading the run…" />}
      {error !== null && <ErrorMessage error={error} />}
      {run && active(run) && <Progress run={run} />}
      {run && !active(run) && (
        <RunResult
          key={run.id}
          program={program}
          run={run}
          locks={locks}
          forbids={forbids}
          lock={lock}
          forbid={forbid}
          onPublished={(r) => {
            setRun(r);
            runs.reload();
          }}
        />
      )}
    </>
  );
}

export function Workbench({ programId }: { programId: number }) {
  const program = useProgram(programId);
  return (
    <ProgramFrame program={program} title="Matching" wide>
      {(p) => <WorkbenchBody program={p} />}
    </ProgramFrame>
  );
}
