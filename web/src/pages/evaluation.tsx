// A program's evaluation (the Evaluation tab; the evaluator's workspace):
// the program's figures with their 95% intervals, the survey results item by
// item, the association of a predictor with outcome items (a 5-point item:
// Fisher's exact test on 2×2 tables; a pair measure: Wilcoxon–Mann–Whitney
// and Spearman; a grouping by meeting mode or background: the group table or
// why it is withheld, and its test; Holm-adjusted), and the printable report, its PDF and the
// de-identified analysis dataset, and a link to the qualitative coding
// (pages/coding.tsx). For the program's evaluators, coordinators
// and admins; what an evaluator sees is de-identified by the server, counts
// under the program's k hidden ("< k", lib/evaluation.ts).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, fieldError } from '../api/client';
import type { AssociationReport, Evaluation, ItemResult, OutcomeAssociation, Program, Proportion, SurveyResults } from '../api/types';
import { CountBars, IntervalChart, IntervalLegend, LikertBar, LikertLegend } from '../components/Charts';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { Button, ErrorMessage, Field, LiveMessage, Loading, StatusBadge, useId, useResource, useSubmit } from '../components/ui';
import {
  backgroundKeysOf,
  backgroundPredictors,
  countBars,
  defaultOutcomes,
  defaultPredictor,
  fivePointScales,
  formatCount,
  formatMedian,
  formatMeasure,
  formatP,
  formatPercent,
  groupName,
  groupReading,
  linksPeople,
  mcnemarText,
  measureReading,
  MEETING_MODE_RULE,
  methodsFor,
  oddsRatioText,
  PAIR_PREDICTORS,
  predictorKind,
  predictorText,
  pEquals,
  pending,
  plainReading,
  prePostProblem,
  prePostReading,
  proportionRows,
  proportionText,
  reportsOf,
  respondentsWord,
  comparableWaves,
  suppressionNote,
  testName,
  thresholdText,
  waveFigureName,
  wilcoxonText,
  words,
  type PredictorChoice,
  type PredictorKind,
  type PrePostReport,
  type ReportJob,
  type Scale,
} from '../lib/evaluation';
import type { Survey, SurveyWave } from '../lib/surveys';
import { formatDate, formatDateTime } from '../lib/time';
import { Link } from '../router';
import { canCoordinate, useSession } from '../session';

type SurveySummary = { survey: Survey; responses: number };

const inputValue = (e: Event) => (e.target as HTMLInputElement).value;

/** The table of numbers behind a chart, folded under it. */
function DataTable({ label, head, rows }: { label: string; head: string[]; rows: (string | number)[][] }) {
  return (
    <details class="chart-data">
      <summary>
        The numbers<span class="visually-hidden"> of {label}</span>
      </summary>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={label}>
        <table class="data">
          <thead>
            <tr>
              {head.map((h, i) => (
                <th key={h} scope="col" class={i > 0 ? 'num' : undefined}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={String(r[0])}>
                <th scope="row">{r[0]}</th>
                {r.slice(1).map((c, i) => (
                  <td key={i} class="num">
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** A proportion: its share in large type, the counts and intervals in words, and its chart. */
function ProportionFigure({ name, p, of }: { name: string; p: Proportion | null; of: string }) {
  if (!p || p.n === 0) return <p class="muted">No {of} yet.</p>;
  return (
    <div class="proportion">
      <p class="big-number">
        {formatPercent(p.estimate)} <span class="muted">of {of}</span>
      </p>
      <p class="proportion-text">{proportionText(p)}</p>
      <IntervalChart name={name} p={p} />
    </div>
  );
}

function FigureCard({ title, children }: { title: string; children: ComponentChildren }) {
  const id = useId('fig');
  return (
    <section class="card figure-card" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

const STATUS_ORDER = ['active', 'completed', 'dissolved'];

function Figures({ ev }: { ev: Evaluation }) {
  const k = ev.k;
  const m = ev.meetings;
  const pairsBars = countBars(
    ev.pairs.by_status.slice().sort((a, b) => STATUS_ORDER.indexOf(a.label) - STATUS_ORDER.indexOf(b.label)),
    ev.pairs.started,
    k,
  );
  const adherenceBars = countBars(m.distribution, m.pairs, k);
  const goalBars = countBars(ev.goals_by_status, ev.goals, k);
  const money = (awarded: Record<string, number>) =>
    Object.entries(awarded)
      .map(([cur, sum]) => `${cur} ${sum.toLocaleString('en-CA', { maximumFractionDigits: 0 })}`)
      .join(', ') || '—';
  return (
    <section aria-labelledby="figures-h" class="evaluation-part">
      <h2 id="figures-h">Program figures</h2>
      <p>
        {formatDate(ev.starts_on)} to {formatDate(ev.ends_on)} · {ev.mentees} mentees in a pair that started. Each share comes with its 95% confidence interval:
        with cohorts this small the range of what the true rate could be matters as much as the rate.
      </p>
      <IntervalLegend />
      <div class="two-col">
        <FigureCard title="Pairs completed">
          <ProportionFigure name="Pairs completed, of pairs that started" p={ev.pairs.completion} of="pairs that started" />
          {ev.pairs.any_active && (
            <p class="hint">
              Some pairs are still active: the share completed is not final until the program ends.
            </p>
          )}
          <h4>Pairs by status</h4>
          <CountBars bars={pairsBars} k={k} total={ev.pairs.started} of="pairs that started" />
          <DataTable label="Pairs by status" head={['Status', 'Pairs']} rows={pairsBars.map((b) => [words(b.label), formatCount(b.count, k)])} />
          {ev.pairs.dissolved_reasons.length > 0 && (
            <>
              <h4>Why pairs were dissolved</h4>
              <ul class="quotes">
                {ev.pairs.dissolved_reasons.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            </>
          )}
        </FigureCard>
        <FigureCard title="Meetings held against expected">
          <p>
            <strong>
              {m.held} held of {m.expected} expected
            </strong>{' '}
            across {m.pairs} pairs{m.cadence_days > 0 && ` (a meeting every ${m.cadence_days} days)`}.
          </p>
          {m.expected === 0 && m.pairs > 0 && <p class="hint">No meeting was expected yet, so every pair counts as keeping up.</p>}
          {m.median_held !== null && (
            <p>
              Per pair: median {m.median_held} held of {m.median_expected} expected
              {m.median_adherence !== null && `; median adherence ${formatPercent(m.median_adherence, 0)}`}.
            </p>
          )}
          <h4>Pairs holding at least 75% of the meetings expected</h4>
          <ProportionFigure name="Pairs holding at least 75% of the meetings expected" p={m.adherent} of="pairs" />
          <h4>Pairs by share of meetings held</h4>
          <CountBars bars={adherenceBars} k={k} total={m.pairs} of="pairs" />
          <DataTable label="Pairs by share of meetings held" head={['Meetings held of expected', 'Pairs']} rows={adherenceBars.map((b) => [b.label, formatCount(b.count, k)])} />
        </FigureCard>
        <FigureCard title="Agreements signed">
          <ProportionFigure name="Pairs with a signed agreement" p={ev.agreements_signed} of="pairs" />
        </FigureCard>
        <FigureCard title="Goals achieved">
          <ProportionFigure name="Goals achieved, of goals set" p={ev.goals_achieved} of="goals set" />
          {ev.goals > 0 && (
            <>
              <h4>Goals by status</h4>
              <CountBars bars={goalBars} k={k} total={ev.goals} of="goals" />
              <DataTable label="Goals by status" head={['Status', 'Goals']} rows={goalBars.map((b) => [words(b.label), formatCount(b.count, k)])} />
            </>
          )}
        </FigureCard>
        <FigureCard title="Scholarly projects">
          <ProportionFigure name="Mentees with a scholarly project" p={ev.mentees_with_project} of="mentees" />
        </FigureCard>
        <FigureCard title={ev.retention ? `Retention: ${ev.retention.label}` : 'Retention'}>
          {ev.retention ? (
            <>
              <ProportionFigure name={`${ev.retention.label} (retention)`} p={ev.retention.retained} of="mentees" />
              <p class="hint">
                Positions are known for {ev.retention.known} of {ev.mentees} mentees; a mentee without a known position counts as not retained.
              </p>
            </>
          ) : (
            <p>The program has no retention indicator. Its coordinators define one on the Journey tab.</p>
          )}
        </FigureCard>
      </div>
      <section class="card" aria-labelledby="outputs-h">
        <h3 id="outputs-h">Outputs</h3>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Outputs by kind">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col" class="num">
                  Items
                </th>
                <th scope="col" class="num">
                  Mentees with one
                </th>
                <th scope="col" class="num">
                  Per mentee
                </th>
                <th scope="col" class="num">
                  Grants awarded
                </th>
                <th scope="col">Awarded</th>
              </tr>
            </thead>
            <tbody>
              {ev.outputs.map((o) => (
                <tr key={o.kind}>
                  <th scope="row">{words(o.kind)}</th>
                  <td class="num">{o.items}</td>
                  <td class="num">{formatCount(o.mentees, k)}</td>
                  <td class="num">{o.per_mentee === null ? '—' : o.per_mentee.toFixed(2)}</td>
                  <td class="num">{o.kind === 'grant' ? formatCount(o.awarded_grants, k) : '—'}</td>
                  <td>{o.kind === 'grant' ? money(o.awarded) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p class="hint">Per mentee: items per mentee in a pair that started. Sums awarded are shown by currency once {k} or more grants were awarded.</p>
      </section>
      <section class="card" aria-labelledby="rates-h">
        <h3 id="rates-h">Survey response rates</h3>
        {ev.surveys.length === 0 && <p>No survey wave yet.</p>}
        <ul class="plain waves-rates">
          {ev.surveys.map((s) => (
            <li key={s.wave_id}>
              <h4>
                {s.wave_name} <StatusBadge status={s.status} />
              </h4>
              <p class="muted">{s.survey_title}</p>
              <ProportionFigure name={waveFigureName(s)} p={s.response} of="people invited" />
            </li>
          ))}
        </ul>
      </section>
      <ProportionTable ev={ev} />
    </section>
  );
}

/** Every proportion with its intervals: the table behind the interval charts. */
function ProportionTable({ ev }: { ev: Evaluation }) {
  const pc = (x: number) => (x * 100).toFixed(1);
  return (
    <section class="card" aria-labelledby="all-h">
      <h3 id="all-h">The figures as a table</h3>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Every proportion with its 95% intervals">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" class="num">
                Count
              </th>
              <th scope="col" class="num">
                Of
              </th>
              <th scope="col" class="num">
                %
              </th>
              <th scope="col" class="num">
                95% CI (Wilson)
              </th>
              <th scope="col" class="num">
                95% CI (exact)
              </th>
            </tr>
          </thead>
          <tbody>
            {proportionRows(ev).map(([name, p]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {p && p.n > 0 ? (
                  <>
                    <td class="num">{p.successes}</td>
                    <td class="num">{p.n}</td>
                    <td class="num">{pc(p.estimate)}</td>
                    <td class="num">
                      {pc(p.wilson[0])}–{pc(p.wilson[1])}
                    </td>
                    <td class="num">
                      {pc(p.clopper_pearson[0])}–{pc(p.clopper_pearson[1])}
                    </td>
                  </>
                ) : (
                  <td colSpan={5}>no data yet</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// ---------------------------------------------------------------- surveys --

function medianText(item: ItemResult, labels: string[]): string {
  const m = item.median;
  if (m === null) return '';
  const label = Number.isInteger(m) ? labels[m - 1] : labels[Math.floor(m) - 1] && labels[Math.ceil(m) - 1] ? `between ${labels[Math.floor(m) - 1]} and ${labels[Math.ceil(m) - 1]}` : '';
  return `median ${m}${label ? ` (${label})` : ''}${item.q1 !== null && item.q3 !== null ? `, quartiles ${item.q1}–${item.q3}` : ''}`;
}

function ItemCard({ item, survey, k }: { item: ItemResult; survey: Survey; k: number }) {
  const source = survey.items.find((i) => i.code === item.code || i.rows.some((r) => r.code === item.code));
  const labels = source?.labels ?? item.counts.map((c) => c.label);
  const id = useId('item');
  const missing = `missing ${formatCount(item.missing, k)}`;
  const allowsNa = !!source?.allow_na || (item.not_applicable ?? 0) > 0;
  const na = allowsNa ? ` · not applicable ${formatCount(item.not_applicable, k)}` : '';
  return (
    <li class="card item-result">
      <h3 id={id} class="item-title">
        {item.text} <code>{item.code}</code>
      </h3>
      {item.kind === 'likert' && (
        <>
          <LikertBar item={item} />
          <p class="item-stats">
            {item.answered} answered · {missing}
            {na}
            {item.median !== null && ` · ${medianText(item, labels)}`}
            {item.percent_agree !== null && (
              <>
                {' · '}
                <strong>{item.percent_agree.toFixed(1)}% agree</strong>
              </>
            )}
          </p>
          <DataTable
            label={`the answers to ${item.code}`}
            head={['Answer', 'Count', 'Share']}
            rows={[
              ...item.counts.map((c) => [c.label, formatCount(c.count, k), c.count === null || item.answered === 0 ? '—' : formatPercent(c.count / item.answered)]),
              ['Missing', formatCount(item.missing, k), ''],
              ...(allowsNa ? [['Not applicable', formatCount(item.not_applicable, k), '']] : []),
            ]}
          />
        </>
      )}
      {(item.kind === 'single' || item.kind === 'multiple') && (
        <>
          <p class="item-stats">
            {item.answered} answered · {missing}
            {item.kind === 'multiple' && ' · several choices allowed: shares of those who answered'}
          </p>
          <CountBars bars={countBars(item.counts, item.answered, k)} k={k} total={item.answered} of="who answered" />
          <DataTable
            label={`the answers to ${item.code}`}
            head={['Choice', 'Count', 'Share']}
            rows={item.counts.map((c) => [c.label, formatCount(c.count, k), c.count === null || item.answered === 0 ? '—' : formatPercent(c.count / item.answered)])}
          />
        </>
      )}
      {item.kind === 'number' && (
        <p class="item-stats">
          {item.answered} answered · {missing}
          {item.mean !== null && ` · mean ${item.mean.toFixed(1)}`}
          {item.median !== null && ` · median ${item.median}`}
          {item.q1 !== null && item.q3 !== null && `, quartiles ${item.q1}–${item.q3}`}
        </p>
      )}
      {item.kind === 'long_text' && (
        <>
          <p class="item-stats">
            {item.answered} answered · {missing}
          </p>
          {item.texts.length > 0 ? (
            <details>
              <summary>
                Read the {item.texts.length} answers<span class="visually-hidden"> to {item.code}</span>
              </summary>
              <p class="hint">Names, e-mail addresses and phone numbers are replaced; the answers are in alphabetical order, not by person.</p>
              <ul class="quotes">
                {item.texts.map((t, i) => (
                  <li key={i}>{t}</li>
                ))}
              </ul>
            </details>
          ) : (
            item.answered > 0 && <p class="muted">Fewer than {k} answered, so the answers are not shown.</p>
          )}
        </>
      )}
      {(item.kind === 'short_text' || item.kind === 'date') && (
        <p class="item-stats">
          {item.answered} answered · {missing} (not summarised; the responses file has them)
        </p>
      )}
    </li>
  );
}

function SurveyResultsSection({ surveys, waves }: { surveys: SurveySummary[]; waves: SurveyWave[] }) {
  const [surveyId, setSurveyId] = useState(surveys[0]?.survey.id ?? 0);
  const [waveId, setWaveId] = useState('');
  const summary = surveys.find((s) => s.survey.id === surveyId) ?? surveys[0];
  const mine = waves.filter((w) => summary && (w.survey_id === summary.survey.id || w.survey_title === summary.survey.title));
  const results = useResource(
    (signal) => api.get<SurveyResults>(`/surveys/${surveyId}/results`, { signal, query: { wave_id: waveId || undefined } }),
    [surveyId, waveId],
  );
  const r = results.data;
  const firstScale = r?.items.find((i) => i.kind === 'likert');
  return (
    <section aria-labelledby="results-h" class="evaluation-part">
      <h2 id="results-h">Survey results</h2>
      <div class="row">
        <Field label="Survey">
          {(a) => (
            <select
              {...a}
              value={String(surveyId)}
              onChange={(e) => {
                setSurveyId(Number(inputValue(e)));
                setWaveId('');
              }}
            >
              {surveys.map((s) => (
                <option key={s.survey.id} value={String(s.survey.id)}>
                  {s.survey.title} ({s.responses} responses)
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Wave">
          {(a) => (
            <select {...a} value={waveId} onChange={(e) => setWaveId(inputValue(e))}>
              <option value="">All waves</option>
              {mine.map((w) => (
                <option key={w.id} value={String(w.id)}>
                  {w.title}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {results.loading && <Loading label="Loading the results…" />}
      <ErrorMessage error={results.error} retry={results.reload} />
      {r && (
        <>
          <p>
            <strong>{r.responses} responses</strong> to {r.survey.title}
            {waveId ? `, ${mine.find((w) => String(w.id) === waveId)?.title ?? 'this wave'}` : ', all waves'}.{' '}
            {r.suppressed ? '' : 'Counts are not hidden here: you coordinate this identified survey.'}
          </p>
          {firstScale && <LikertLegend labels={firstScale.counts.map((c) => c.label)} k={r.k} />}
          <ul class="plain item-results">
            {r.items.map((item) => (
              <ItemCard key={item.code} item={item} survey={r.survey} k={r.suppressed ? r.k : 0} />
            ))}
          </ul>
        </>
      )}
      {summary && <PrePostPanel key={summary.survey.id} survey={summary.survey} waves={waves} />}
    </section>
  );
}

// -------------------------------------------------------------- pre/post --

const waveLabel = (w: SurveyWave) => `${w.title} (${w.survey_title})`;

function PrePostPanel({ survey, waves }: { survey: Survey; waves: SurveyWave[] }) {
  const programId = survey.program_id;
  const scales = fivePointScales(survey);
  const [item, setItem] = useState(scales[0]?.code ?? '');
  const pair = comparableWaves(waves);
  const [before, setBefore] = useState(String(pair?.[0].id ?? ''));
  const [after, setAfter] = useState(String(pair?.[1].id ?? ''));
  const [agreeMin, setAgreeMin] = useState(4);
  const [report, setReport] = useState<PrePostReport | null>(null);
  const uid = useId('prepost');
  const f = useSubmit(async () => {
    setReport(null);
    setReport(
      await api.get<PrePostReport>(`/programs/${programId}/prepost`, { query: { item, before_wave: before, after_wave: after, agree_min: agreeMin } }),
    );
  });
  const problem = prePostProblem(f.error);
  const at = (field: string) => (problem?.field === field ? problem.message : null);
  const labels = scales.find((s) => s.code === item)?.labels ?? [];
  const waveName = (id: number) => {
    const w = waves.find((x) => x.id === id);
    return w ? waveLabel(w) : `wave ${id}`;
  };
  const waveSelect = (value: string, set: (v: string) => void) => (a: Record<string, unknown>) => (
    <select {...a} value={value} onChange={(e) => set(inputValue(e))}>
      {waves.map((w) => (
        <option key={w.id} value={String(w.id)}>
          {waveLabel(w)}
        </option>
      ))}
    </select>
  );
  return (
    <section class="card prepost" aria-labelledby={`${uid}-h`}>
      <h3 id={`${uid}-h`}>Compare two waves</h3>
      {!pair ? (
        <p>
          Comparing answers before and after needs two waves asked of the same people (mentees, mentors or both);{' '}
          {waves.length < 2
            ? `this program has ${waves.length === 0 ? 'no wave' : 'one wave'}.`
            : `this program's ${waves.length} waves are each for different people (${waves.map((w) => `${w.title}: ${w.audience}`).join('; ')}).`}
        </p>
      ) : scales.length === 0 ? (
        <p>{survey.title} has no 5-point agreement question to compare.</p>
      ) : (
        <>
          <p>
            Did the same people answer a question higher after than before? Only people who answered in both waves count: the Wilcoxon signed-rank test on their
            answers, and McNemar's test on agreeing or not.
          </p>
          <form onSubmit={f.submit} noValidate aria-labelledby={`${uid}-h`}>
            <Field label="Question to compare" hint={`A 5-point question of ${survey.title}`} error={at('item')}>
              {(a) => (
                <select {...a} value={item} onChange={(e) => setItem(inputValue(e))}>
                  {scales.map((s) => (
                    <option key={s.code} value={s.code}>
                      {s.code}: {s.text}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div class="row">
              <Field label="Before (wave)" error={at('before_wave')}>
                {waveSelect(before, setBefore)}
              </Field>
              <Field label="After (wave)" error={at('after_wave')}>
                {waveSelect(after, setAfter)}
              </Field>
              <Field label="Agreeing from" error={at('agree_min')}>
                {(a) => (
                  <select {...a} value={String(agreeMin)} onChange={(e) => setAgreeMin(Number(inputValue(e)))}>
                    {[2, 3, 4, 5].map((v) => (
                      <option key={v} value={String(v)}>
                        {thresholdText(v, labels)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            {!problem?.field && <ErrorMessage error={f.error} />}
            <div class="actions">
              <Button type="submit" busy={f.busy} busyLabel="Comparing…">
                Compare
              </Button>
            </div>
          </form>
          <LiveMessage>{report && !f.busy ? prePostReading(report) : ''}</LiveMessage>
          {report && <PrePostResult report={report} labels={labels} waveName={waveName} />}
        </>
      )}
    </section>
  );
}

function PrePostResult({ report: r, labels, waveName }: { report: PrePostReport; labels: string[]; waveName: (id: number) => string }) {
  const [[a, b], [c, d]] = r.agreement.length === 2 ? r.agreement : [[0, 0], [0, 0]];
  return (
    <div class="prepost-result">
      <p class="reading">
        <strong>{prePostReading(r)}</strong>
      </p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={`${r.item}: ${waveName(r.before_wave)} against ${waveName(r.after_wave)}`}>
        <table class="data">
          <tbody>
            {(
              [
                ['Answered in both waves', r.paired],
                ['Answered only before', r.only_before],
                ['Answered only after', r.only_after],
                ['Median before', formatMedian(r.median_before)],
                ['Median after', formatMedian(r.median_after)],
                ['Higher after', r.improved],
                ['Lower after', r.worsened],
                ['The same', r.unchanged],
                ['Wilcoxon signed-rank test', wilcoxonText(r.wilcoxon)],
                ["McNemar's test (agreeing or not)", mcnemarText(r.mcnemar)],
              ] as [string, string | number][]
            ).map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Agreeing before and after">
        <table>
          <caption>
            Agreeing ({thresholdText(r.agree_min, labels)}) before and after, people who answered both
          </caption>
          <thead>
            <tr>
              <th scope="col">Before</th>
              <th scope="col">Agreeing after</th>
              <th scope="col">Not agreeing after</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">agreeing</th>
              <td>{a}</td>
              <td>{b}</td>
              <td>{a + b}</td>
            </tr>
            <tr>
              <th scope="row">not agreeing</th>
              <td>{c}</td>
              <td>{d}</td>
              <td>{c + d}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}

// ----------------------------------------------------------- association --

interface Run {
  report: AssociationReport;
  survey: Survey;
  scales: Scale[];
  who: string;
  kind: PredictorKind;
  /** The predictor in words. */
  predictorText: string;
  /** The labels of the scale the threshold applies to. */
  labels: string[];
  /** The program's smallest shown count. */
  k: number;
}

/** The card of one outcome: its reading, the test line, the table (or why it is withheld) and warnings. */
function AssociationResult({ run, outcome }: { run: Run; outcome: OutcomeAssociation }) {
  const scale = run.scales.find((s) => s.code === outcome.outcome);
  const id = useId('assoc');
  const outcomeText = scale?.text ?? outcome.outcome;
  const holm = run.report.results.length > 1 && <>, Holm-adjusted {pEquals(outcome.p_adjusted)}</>;
  const answered = (
    <>
      {outcome.n} answered both
      {outcome.missing > 0 && `, ${outcome.missing} left out`}
    </>
  );
  return (
    <li class="card association">
      <h3 id={id}>
        {outcomeText} <code>{outcome.outcome}</code>
      </h3>
      {run.kind === 'item' && <ItemResult run={run} outcome={outcome} holm={holm} answered={answered} />}
      {run.kind === 'measure' && (
        <>
          <p class="reading">
            {measureReading({ who: run.who, predictor: run.report.predictor, predictorText: run.predictorText, outcomeText, result: outcome, outcomes: run.report.results.length })}
          </p>
          <p class="test-line">
            Wilcoxon–Mann–Whitney <strong>{pEquals(outcome.p_value)}</strong>
            {holm}
            {outcome.statistic !== null && ` (W = ${outcome.statistic})`} · Spearman's ρ{' '}
            {outcome.rho === null ? 'not defined' : `${outcome.rho.toFixed(2)} (${pEquals(outcome.rho_p_value)})`} · {answered}
          </p>
          <div class="table-scroll" tabIndex={0} role="region" aria-label={`${run.report.predictor} by ${outcome.outcome}`}>
            <table class="data">
              <caption class="visually-hidden">
                {run.predictorText} among those agreeing ({thresholdText(run.report.agree_min, run.labels)}) with {outcome.outcome} and the others
              </caption>
              <thead>
                <tr>
                  <th scope="col">
                    <code>{outcome.outcome}</code>
                  </th>
                  <th scope="col" class="num">
                    respondents
                  </th>
                  <th scope="col" class="num">
                    median
                  </th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">agreed</th>
                  <td class="num">{outcome.table[0]?.[0] ?? 0}</td>
                  <td class="num">{formatMeasure(run.report.predictor, outcome.median_agree)}</td>
                </tr>
                <tr>
                  <th scope="row">did not</th>
                  <td class="num">{outcome.table[0]?.[1] ?? 0}</td>
                  <td class="num">{formatMeasure(run.report.predictor, outcome.median_not)}</td>
                </tr>
              </tbody>
            </table>
          </div>
        </>
      )}
      {run.kind === 'grouping' && (
        <>
          <p class="reading">{groupReading({ predictorText: run.predictorText, outcomeText, result: outcome, outcomes: run.report.results.length, k: run.k })}</p>
          <p class="test-line">
            {testName(outcome)} <strong>{pEquals(outcome.p_value)}</strong>
            {holm}
            {outcome.test === 'chisq' && outcome.statistic !== null && ` (χ² = ${outcome.statistic.toFixed(2)})`}
            {outcome.categories.length === 2 && outcome.odds_ratio !== undefined && outcome.conf_int.length === 2 && (
              <> · odds ratio {oddsRatioText(outcome)}</>
            )}{' '}
            · {answered}
          </p>
          {outcome.table.length > 0 ? (
            <div class="table-scroll" tabIndex={0} role="region" aria-label={`${run.report.predictor} by ${outcome.outcome}`}>
              <table class="data">
                <caption class="visually-hidden">
                  Agreeing ({thresholdText(run.report.agree_min, run.labels)}) with {outcome.outcome}, by {run.report.predictor}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <code>{run.report.predictor}</code>
                    </th>
                    <th scope="col" class="num">
                      agreed
                    </th>
                    <th scope="col" class="num">
                      did not
                    </th>
                    <th scope="col" class="num">
                      total
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {outcome.categories.map((c, i) => (
                    <tr key={c}>
                      <th scope="row">{groupName(c)}</th>
                      <td class="num">{outcome.table[i][0]}</td>
                      <td class="num">{outcome.table[i][1]}</td>
                      <td class="num">{outcome.table[i][0] + outcome.table[i][1]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p class="muted withheld">
              The table is withheld: a group this small could tell who answered what. The test above uses every answer.
            </p>
          )}
        </>
      )}
      {outcome.warnings.length > 0 && (
        <div class="alert alert-warning" role="note">
          <ul class="plain">
            {outcome.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}

/** An item predictor's reading, test line and 2×2 table. */
function ItemResult({ run, outcome, holm, answered }: { run: Run; outcome: OutcomeAssociation; holm: ComponentChildren; answered: ComponentChildren }) {
  const scale = run.scales.find((s) => s.code === outcome.outcome);
  const [[a, b], [c, d]] = outcome.table;
  const threshold = thresholdText(run.report.agree_min, run.labels);
  return (
    <>
      <p class="reading">
        {plainReading({ who: run.who, predictorText: run.predictorText, outcomeText: scale?.text ?? outcome.outcome, result: outcome, outcomes: run.report.results.length })}
      </p>
      <p class="test-line">
        <strong>{pEquals(outcome.p_value)}</strong>
        {holm} · odds ratio {oddsRatioText(outcome)} · {answered}
      </p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={`${run.report.predictor} by ${outcome.outcome}`}>
        <table class="data two-by-two">
          <caption class="visually-hidden">
            Agreeing ({threshold}) on {run.report.predictor}, in rows, and on {outcome.outcome}, in columns
          </caption>
          <thead>
            <tr>
              <td />
              <th scope="colgroup" colSpan={2} class="center">
                <code>{outcome.outcome}</code>
              </th>
              <td />
            </tr>
            <tr>
              <th scope="col">
                <code>{run.report.predictor}</code>
              </th>
              <th scope="col" class="num">
                agreed
              </th>
              <th scope="col" class="num">
                did not
              </th>
              <th scope="col" class="num">
                total
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">agreed</th>
              <td class="num">{a}</td>
              <td class="num">{b}</td>
              <td class="num">{a + b}</td>
            </tr>
            <tr>
              <th scope="row">did not</th>
              <td class="num">{c}</td>
              <td class="num">{d}</td>
              <td class="num">{c + d}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Every outcome in one table, its columns by the kind of predictor. */
function AssociationSummary({ run }: { run: Run }) {
  const p = run.report.predictor;
  const head: string[] =
    run.kind === 'item'
      ? ['Outcome', 'n', `Agreed, if agreed on ${p}`, 'Agreed, if not', 'Odds ratio (95% CI)', 'p', 'Holm p']
      : run.kind === 'measure'
        ? ['Outcome', 'n', 'Agreed / not', `Median ${p}, if agreed`, 'Median, if not', "Spearman's ρ", 'p', 'Holm p']
        : ['Outcome', 'n', `Agreed, by ${p}`, 'Test', 'p', 'Holm p'];
  const cells = (o: OutcomeAssociation): string[] => {
    if (run.kind === 'item') {
      const [[a, b], [c, d]] = o.table;
      return [`${a} of ${a + b}`, `${c} of ${c + d}`, oddsRatioText(o)];
    }
    if (run.kind === 'measure')
      return [
        `${o.table[0]?.[0] ?? 0} / ${o.table[0]?.[1] ?? 0}`,
        formatMeasure(p, o.median_agree),
        formatMeasure(p, o.median_not),
        o.rho === null ? '—' : o.rho.toFixed(2),
      ];
    const groups = o.table.length ? o.categories.map((c, i) => `${groupName(c)} ${o.table[i][0]} of ${o.table[i][0] + o.table[i][1]}`).join('; ') : 'withheld (small groups)';
    return [groups, testName(o)];
  };
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="The association with each outcome">
      <table class="data stack">
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" class={i > 0 ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {run.report.results.map((o) => {
            const row = [String(o.n), ...cells(o), formatP(o.p_value), formatP(o.p_adjusted)];
            return (
              <tr key={o.outcome}>
                <th scope="row">
                  <code>{o.outcome}</code>
                </th>
                {row.map((c, i) => (
                  <td key={i} class="num" data-label={head[i + 1]}>
                    {c}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AssociationSection({ surveys, waves, backgroundKeys, k }: { surveys: SurveySummary[]; waves: SurveyWave[]; backgroundKeys: string[]; k: number }) {
  // A survey can be related when it has two 5-point questions, or one and answers linked to people (a pair measure or background as predictor).
  const usable = surveys.filter((s) => {
    const n = fivePointScales(s.survey).length;
    return n >= 2 || (n === 1 && linksPeople(s.survey));
  });
  const first = usable.find((s) => fivePointScales(s.survey).some((x) => x.code === 'good_match')) ?? usable[0];
  const [surveyId, setSurveyId] = useState(first?.survey.id ?? 0);
  const survey = usable.find((s) => s.survey.id === surveyId)?.survey;
  const scales = survey ? fivePointScales(survey) : [];
  const linked = !!survey && linksPeople(survey);
  const others: PredictorChoice[] = linked ? [...PAIR_PREDICTORS, ...backgroundPredictors(backgroundKeys)] : [];
  const [predictor, setPredictor] = useState(defaultPredictor(scales) || others[0]?.code || '');
  const [outcomes, setOutcomes] = useState<string[]>(defaultOutcomes(scales, predictor));
  const [agreeMin, setAgreeMin] = useState(4);
  const [waveId, setWaveId] = useState('');
  const [run, setRun] = useState<Run | null>(null);
  const uid = useId('assoc');
  const mine = waves.filter((w) => survey && (w.survey_id === survey.id || w.survey_title === survey.title));
  const kind = predictorKind(predictor);
  const chooseSurvey = (id: number) => {
    const s = usable.find((x) => x.survey.id === id)?.survey;
    const sc = s ? fivePointScales(s) : [];
    // A pair measure or background stays chosen when the new survey can use it.
    const keep = predictorKind(predictor) !== 'item' && !!s && linksPeople(s);
    const p = keep ? predictor : defaultPredictor(sc);
    setSurveyId(id);
    setPredictor(p);
    setOutcomes(defaultOutcomes(sc, p).length > 0 || !keep ? defaultOutcomes(sc, p) : sc.slice(0, 1).map((x) => x.code));
    setWaveId('');
  };
  const f = useSubmit(async () => {
    if (!survey) return;
    const report = await api.get<AssociationReport>(`/surveys/${survey.id}/association`, {
      query: { predictor, outcomes: outcomes.join(','), agree_min: agreeMin, test: kind === 'item' ? 'fisher' : undefined, wave_id: waveId || undefined },
    });
    const labels = scales.find((s) => s.code === (kind === 'item' ? predictor : outcomes[0]))?.labels ?? scales[0]?.labels ?? [];
    setRun({ report, survey, scales, who: respondentsWord(survey, waves), kind, predictorText: predictorText(predictor, scales, backgroundKeys), labels, k });
  });
  // The threshold reads in the predictor's labels for an item, else in the outcomes'.
  const labels = scales.find((s) => s.code === (kind === 'item' ? predictor : outcomes[0]))?.labels ?? scales[0]?.labels ?? [];
  if (usable.length === 0)
    return (
      <section aria-labelledby="assoc-h" class="evaluation-part">
        <h2 id="assoc-h">Associations</h2>
        <p>No survey of the program has 5-point agreement questions to relate.</p>
      </section>
    );
  const choosePredictor = (p: string) => {
    setPredictor(p);
    setOutcomes(outcomes.filter((o) => o !== p));
  };
  const hint = linked
    ? 'A 5-point agreement question, a measure of the respondent’s pair, or a background attribute'
    : 'A 5-point agreement question (this survey is anonymous: its answers are linked to no pair or person)';
  return (
    <section aria-labelledby="assoc-h" class="evaluation-part">
      <h2 id="assoc-h">Associations</h2>
      <p>
        Did those who agreed with one question (the predictor) agree more often with others (the outcomes)? Each outcome gets the 2×2 table of agreeing or
        not, Fisher's exact test, the odds ratio with its 95% interval, and the p-value adjusted for the number of outcomes tested (Holm).
      </p>
      <p>
        The predictor can also be a measure of the respondent's pair — compared between those who agreed with each outcome and the others
        (Wilcoxon–Mann–Whitney, with Spearman's ρ) — or a grouping of the respondents, by how their pair met most or a background attribute (a table of
        the groups; Fisher's exact test, chi-square or Fisher–Freeman–Halton, by the table).
      </p>
      <form class="card" onSubmit={f.submit} noValidate aria-labelledby={`${uid}-h`}>
        <h3 id={`${uid}-h`}>What to relate</h3>
        <div class="row">
          <Field label="Survey">
            {(a) => (
              <select {...a} value={String(surveyId)} onChange={(e) => chooseSurvey(Number(inputValue(e)))}>
                {usable.map((s) => (
                  <option key={s.survey.id} value={String(s.survey.id)}>
                    {s.survey.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Wave">
            {(a) => (
              <select {...a} value={waveId} onChange={(e) => setWaveId(inputValue(e))}>
                <option value="">All waves</option>
                {mine.map((w) => (
                  <option key={w.id} value={String(w.id)}>
                    {w.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div class="row">
          <Field label="Predictor" hint={hint} error={fieldError(f.error, 'predictor')}>
            {(a) => (
              <select {...a} value={predictor} onChange={(e) => choosePredictor(inputValue(e))}>
                {scales.length > 0 && (
                  <optgroup label="Survey questions">
                    {scales.map((s) => (
                      <option key={s.code} value={s.code}>
                        {s.code}: {s.text}
                      </option>
                    ))}
                  </optgroup>
                )}
                {linked && (
                  <optgroup label="The respondent's pair">
                    {PAIR_PREDICTORS.map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.text} ({c.code})
                      </option>
                    ))}
                  </optgroup>
                )}
                {linked && backgroundKeys.length > 0 && (
                  <optgroup label="The respondent's background">
                    {backgroundPredictors(backgroundKeys).map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.text} ({c.code})
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
            )}
          </Field>
          <Field label={kind === 'item' ? 'Agreeing means' : 'Agreeing with an outcome means'} error={fieldError(f.error, 'agree_min')}>
            {(a) => (
              <select {...a} value={String(agreeMin)} onChange={(e) => setAgreeMin(Number(inputValue(e)))}>
                {[2, 3, 4, 5].map((v) => (
                  <option key={v} value={String(v)}>
                    {thresholdText(v, labels)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {predictor === 'pair.meeting_mode' && <p class="hint">{MEETING_MODE_RULE}</p>}
        <fieldset class={fieldError(f.error, 'outcomes') ? 'field-invalid' : undefined}>
          <legend>Outcomes</legend>
          {scales
            .filter((s) => s.code !== predictor)
            .map((s) => (
              <label class="check" key={s.code}>
                <input
                  type="checkbox"
                  checked={outcomes.includes(s.code)}
                  onChange={(e) => setOutcomes((e.target as HTMLInputElement).checked ? [...outcomes, s.code] : outcomes.filter((o) => o !== s.code))}
                />{' '}
                <span>
                  {s.text} <code>{s.code}</code>
                </span>
              </label>
            ))}
          {fieldError(f.error, 'outcomes') && <p class="field-error">{fieldError(f.error, 'outcomes')}</p>}
        </fieldset>
        {!fieldError(f.error, 'predictor') && !fieldError(f.error, 'outcomes') && !fieldError(f.error, 'agree_min') && <ErrorMessage error={f.error} />}
        <div class="actions">
          <Button type="submit" busy={f.busy} busyLabel="Testing…" disabled={outcomes.length === 0}>
            Run the test
          </Button>
          {outcomes.length === 0 && <span class="hint-inline">Tick at least one outcome.</span>}
        </div>
      </form>
      <LiveMessage>{run && !f.busy ? `Tested ${run.report.results.length} outcome${run.report.results.length === 1 ? '' : 's'} against ${run.report.predictor}.` : ''}</LiveMessage>
      {run && (
        <div class="association-results">
          <p>
            {run.report.respondents} respondents;{' '}
            {run.kind === 'item' ? (
              <>
                agreeing means {thresholdText(run.report.agree_min, run.labels)} on <code>{run.report.predictor}</code>.
              </>
            ) : (
              <>
                predictor <code>{run.report.predictor}</code> ({run.predictorText}); agreeing with an outcome means {thresholdText(run.report.agree_min, run.labels)}.
              </>
            )}
          </p>
          <AssociationSummary run={run} />
          <ul class="plain">
            {run.report.results.map((o) => (
              <AssociationResult key={o.outcome} run={run} outcome={o} />
            ))}
          </ul>
          <section class="card methods" aria-labelledby={`${uid}-m`}>
            <h3 id={`${uid}-m`}>Methods</h3>
            <p>
              {methodsFor({
                kind: run.kind,
                predictor: run.report.predictor,
                outcomes: run.report.results.map((o) => o.outcome),
                agreeMin: run.report.agree_min,
                labels: run.labels,
              })}
            </p>
          </section>
        </div>
      )}
    </section>
  );
}

// --------------------------------------------------------------- reports --

function ReportSection({ program }: { program: Program }) {
  const base = `/api/v1/programs/${program.id}`;
  const reports = useResource(async (signal) => reportsOf(await api.get<unknown>(`/programs/${program.id}/reports`, { signal })), [program.id]);
  const [waiting, setWaiting] = useState<number | null>(null);
  const [msg, setMsg] = useState('');
  const [pollError, setPollError] = useState<unknown>(null);
  const make = useSubmit(async () => {
    const job = await api.post<ReportJob>(`/programs/${program.id}/reports`);
    setMsg('Making the PDF; this takes a few seconds.');
    setWaiting(job.id);
    reports.setData([job, ...(reports.data ?? []).filter((j) => j.id !== job.id)]);
  });
  useEffect(() => {
    if (waiting === null) return;
    let stopped = false;
    const poll = async () => {
      try {
        const list = reportsOf(await api.get<unknown>(`/programs/${program.id}/reports`));
        if (stopped) return;
        setPollError(null);
        reports.setData(list);
        const job = list.find((j) => j.id === waiting);
        if (job && !pending(job)) {
          setWaiting(null);
          setMsg(job.status === 'done' ? 'The PDF is ready.' : `The PDF could not be made${job.error ? `: ${job.error}` : '.'}`);
        }
      } catch (e) {
        if (!stopped) setPollError(e);
      }
    };
    const timer = setInterval(poll, 2000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [waiting, program.id]);
  const list = reports.data ?? [];
  const latest = list.find((j) => j.status === 'done');
  const earlier = list.filter((j) => j !== latest);
  return (
    <section aria-labelledby="report-h" class="evaluation-part">
      <h2 id="report-h">Report and downloads</h2>
      <div class="two-col">
        <section class="card" aria-labelledby="report-card-h">
          <h3 id="report-card-h">The report</h3>
          <p>The figures, the survey results and the associations above, in one printable page with its methods.</p>
          <p>
            <a href={`${base}/report.html`} target="_blank" rel="noopener">
              Open the printable report (new tab)
            </a>
          </p>
          <div class="actions report-actions">
            <Button type="button" onClick={() => void make.submit()} busy={make.busy || waiting !== null} busyLabel="Making the PDF…">
              Make a PDF
            </Button>
          </div>
          <LiveMessage>{msg}</LiveMessage>
          <ErrorMessage error={make.error} />
          <ErrorMessage error={pollError} />
          {waiting !== null && <Loading label="Making the PDF…" />}
          <ErrorMessage error={reports.error} retry={reports.reload} />
          {latest && (
            <p>
              <a href={`/api/v1/reports/${latest.id}/pdf`} download={`${program.name} report.pdf`}>
                Download the PDF
              </a>{' '}
              <span class="muted">made {formatDateTime(latest.finished_at ?? latest.created_at)}</span>
            </p>
          )}
          {earlier.length > 0 && (
            <details>
              <summary>Earlier PDFs ({earlier.length})</summary>
              <ul class="plain">
                {earlier.map((j) => (
                  <li key={j.id}>
                    {j.status === 'done' ? (
                      <a href={`/api/v1/reports/${j.id}/pdf`} download={`${program.name} report ${j.id}.pdf`}>
                        PDF of {formatDateTime(j.finished_at ?? j.created_at)}
                      </a>
                    ) : (
                      <>
                        Asked for {formatDateTime(j.created_at)} <StatusBadge status={j.status} />
                        {j.error && <span class="muted"> {j.error}</span>}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
        <section class="card" aria-labelledby="dataset-h">
          <h3 id="dataset-h">The analysis dataset</h3>
          <p>
            One row per participant (and pair), de-identified: pseudonyms instead of names, with match scores, meetings, agreement, goals, projects, outputs,
            retention and survey answers, for R, Stata or a spreadsheet.
          </p>
          <ul class="link-list">
            <li>
              <a href={`${base}/analysis.csv`} download={`program-${program.id}-analysis.csv`}>
                Analysis dataset (CSV)
              </a>
            </li>
            <li>
              <a href={`${base}/analysis-dictionary.csv`} download={`program-${program.id}-analysis-dictionary.csv`}>
                Its data dictionary (CSV)
              </a>
            </li>
          </ul>
        </section>
      </div>
    </section>
  );
}

// ------------------------------------------------------------------ page --

function Workspace({ program, coordinator }: { program: Program; coordinator: boolean }) {
  const ev = useResource((signal) => api.get<Evaluation>(`/programs/${program.id}/evaluation`, { signal }), [program.id]);
  const surveys = useResource((signal) => api.get<{ surveys: SurveySummary[] }>(`/programs/${program.id}/surveys`, { signal }), [program.id]);
  const waves = useResource((signal) => api.get<{ waves: SurveyWave[] }>(`/programs/${program.id}/survey-waves`, { signal }), [program.id]);
  const withAnswers = (surveys.data?.surveys ?? []).filter((s) => s.responses > 0);
  return (
    <>
      <p>
        {coordinator
          ? "The program's outcomes with their uncertainty, what the surveys say, and the report, with small counts hidden. The program's evaluators see the same page."
          : 'De-identified: no names, and small counts hidden. The figures come with their uncertainty; the surveys can be read item by item and related to each other.'}{' '}
        {!coordinator && (
          <>
            See also the program's <Link href={`/programs/${program.id}`}>overview</Link> and its <Link href={`/programs/${program.id}/surveys`}>surveys and response rates</Link>.
          </>
        )}
      </p>
      {ev.data && (
        <p class="alert alert-info suppression-note">
          <strong>“&lt; {ev.data.k}”:</strong> {suppressionNote(ev.data.k)}
        </p>
      )}
      <nav aria-label="On this page" class="page-contents">
        <ul>
          <li>
            <a href="#figures-h">Program figures</a>
          </li>
          <li>
            <a href="#results-h">Survey results</a>
          </li>
          <li>
            <a href="#assoc-h">Associations</a>
          </li>
          <li>
            <a href="#report-h">Report and downloads</a>
          </li>
        </ul>
      </nav>
      <p class="coding-link">
        Interviews, focus groups and long survey answers are coded in <Link href={`/programs/${program.id}/coding`}>Qualitative coding</Link>: documents,
        the codebook, two coders' agreement (Cohen's kappa) and themes with quotes.
      </p>
      {ev.loading && !ev.data && <Loading label="Loading the figures…" />}
      <ErrorMessage error={ev.error} retry={ev.reload} />
      {ev.data && <Figures ev={ev.data} />}
      {(surveys.loading || waves.loading) && !(surveys.data && waves.data) && <Loading label="Loading the surveys…" />}
      <ErrorMessage error={surveys.error ?? waves.error} retry={() => {
          surveys.reload();
          waves.reload();
        }} />
      {surveys.data && waves.data && (
        <>
          {withAnswers.length === 0 ? (
            <section aria-labelledby="results-h" class="evaluation-part">
              <h2 id="results-h">Survey results</h2>
              <p>No survey has answers yet.</p>
            </section>
          ) : (
            <SurveyResultsSection surveys={withAnswers} waves={waves.data.waves} />
          )}
          <AssociationSection surveys={withAnswers} waves={waves.data.waves} backgroundKeys={backgroundKeysOf(ev.data)} k={ev.data?.k ?? 5} />
        </>
      )}
      <ReportSection program={program} />
    </>
  );
}

export function EvaluationPage({ programId }: { programId: number }) {
  const program = useProgram(programId);
  const { me } = useSession();
  return (
    <ProgramFrame program={program} title="Evaluation" forEveryMember>
      {(p) => {
        const coordinator = canCoordinate(me, p.id);
        const evaluator = !!me?.memberships.some((m) => m.program_id === p.id && m.role === 'evaluator' && m.status === 'active');
        if (!coordinator && !evaluator)
          return (
            <>
              <p class="lead">The evaluation of {p.name} is for the program's evaluators and coordinators.</p>
              <p>
                <Link href="/">Go to your home page</Link>.
              </p>
            </>
          );
        return <Workspace program={p} coordinator={coordinator} />;
      }}
    </ProgramFrame>
  );
}
