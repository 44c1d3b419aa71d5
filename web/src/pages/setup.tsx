// Program set-up: objectives, dates, cadence, mode, rules and matching weights.
import { useState } from 'preact/hooks';
import { ApiError, api, fieldError } from '../api/client';
import { FACETS, type Facet, type Program, type ProgramStatus, type ProgramSummary, type Weights } from '../api/types';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { WeightSliders } from '../components/WeightSliders';
import { QuestionWeights } from '../components/QuestionWeights';
import { facetNaming, sourceWords } from '../lib/vocabulary';
import type { Vocabulary } from '../api/types';
import { MatchingModeSection } from '../components/MatchingModeForm';
import { ChoosingCard, useMatchingMode } from '../components/Choosing';
import { MODES } from '../lib/choice';
import { Button, ErrorMessage, Field, LiveMessage, Loading, Notice, useResource } from '../components/ui';
import { formatScore } from '../components/BreakdownBar';
import { Link } from '../router';
import { canCoordinate, useSession } from '../session';
import { DEFAULT_WEIGHTS } from '../lib/facets';
import { formatDate, formatDateTime } from '../lib/time';
import { roleNoun } from '../lib/peer';
import { PeerSettingsSection } from '../components/PeerVolunteer';

const NEXT: Record<ProgramStatus, { to: ProgramStatus; label: string; explain: string }[]> = {
  draft: [{ to: 'enrolling', label: 'Open enrollment', explain: 'People can be invited and can fill in their profiles.' }],
  enrolling: [{ to: 'matching', label: 'Move to matching', explain: 'Enrollment is done; run matchings and publish pairs.' }],
  matching: [
    { to: 'active', label: 'Make the program active', explain: 'Published pairs start meeting.' },
    { to: 'enrolling', label: 'Back to enrollment', explain: 'Reopen enrollment to add people.' },
  ],
  active: [],
  closed: [],
};

/** The form's state: the program's settings, with the cadence empty (null) while the field is cleared. */
type Draft = Pick<
  Program,
  | 'name'
  | 'field'
  | 'objectives'
  | 'starts_on'
  | 'ends_on'
  | 'meeting_mode'
  | 'cross_institution'
  | 'weights'
  | 'max_time_zone_difference_hours'
  | 'min_score'
  | 'health_due_days'
  | 'health_at_risk_days'
  | 'health_stalled_days'
> & { cadence_days: number | null };

function toDraft(p: Program): Draft {
  return {
    name: p.name,
    field: p.field,
    objectives: p.objectives ?? '',
    starts_on: p.starts_on,
    ends_on: p.ends_on,
    cadence_days: p.cadence_days,
    meeting_mode: p.meeting_mode,
    cross_institution: p.cross_institution,
    weights: { ...DEFAULT_WEIGHTS, ...(p.weights ?? {}) },
    max_time_zone_difference_hours: p.max_time_zone_difference_hours,
    min_score: p.min_score,
    health_due_days: p.health_due_days,
    health_at_risk_days: p.health_at_risk_days,
    health_stalled_days: p.health_stalled_days,
  };
}

const numOrNull = (s: string) => (s.trim() === '' ? null : Number(s));

/** The server's defaults (core/program.h): due at 3/4 of the cadence, at risk at 1.5x, stalled at 2x. */
export function healthDefaults(cadence: number | null): [number, number, number] {
  const c = Math.max(cadence ?? 30, 1);
  return [Math.round(c * 0.75), Math.round(c * 1.5), 2 * c];
}

function SetupForm({ program, onSaved }: { program: Program; onSaved: (p: Program) => void }) {
  const vocabulary = useResource((signal) => api.get<Vocabulary>(`/programs/${program.id}/vocabulary`, { signal }), [program.id]);
  const questionPoints = facetNaming(vocabulary.data?.questions).questionPoints;
  const [draft, setDraft] = useState<Draft>(() => toDraft(program));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setSaved(null);
  };
  const fe = (f: string) => fieldError(error, f);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (draft.starts_on && draft.ends_on && draft.ends_on < draft.starts_on) {
      setError(new ApiError(400, 'invalid_argument', 'The end date is before the start date.', 'ends_on'));
      return;
    }
    setBusy(true);
    try {
      const body: Partial<Draft> = { ...draft };
      if (body.cadence_days === null) delete body.cadence_days; // the API takes a number or nothing
      const p = await api.patch<Program>(`/programs/${program.id}`, body);
      onSaved(p);
      setDraft(toDraft(p));
      setSaved('Saved.');
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const weightErrors: Partial<Record<Facet, string>> = {};
  for (const f of FACETS) {
    const m = error instanceof ApiError && error.field === `weights.${f}` ? error.message : null;
    if (m) weightErrors[f] = m;
  }
  const knownFields = ['name', 'field', 'objectives', 'starts_on', 'ends_on', 'cadence_days', 'meeting_mode', 'cross_institution', 'weights', 'max_time_zone_difference_hours', 'min_score'];
  const general = error && !knownFields.some((f) => fe(f)) ? error : null;
  return (
    <form onSubmit={submit} noValidate class="setup-form">
      <ErrorMessage error={general} />
      {error !== null && !general && (
        <div class="alert alert-error" role="alert">
          <p>Please fix the field marked below, then save again.</p>
        </div>
      )}
      <section class="card">
        <h2>The program</h2>
        <Field label="Name" error={fe('name')}>
          {(a) => <input {...a} type="text" value={draft.name} onInput={(e) => set('name', (e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="Field" error={fe('field')}>
          {(a) => <input {...a} type="text" value={draft.field} onInput={(e) => set('field', (e.target as HTMLInputElement).value)} />}
        </Field>
        <Field
          label="Objectives"
          hint={program.kind === 'peer_support' ? 'What the program offers people seeking support; shown on the request page.' : 'What the program wants mentees to gain; shown to participants.'}
          error={fe('objectives')}
        >
          {(a) => <textarea {...a} rows={4} value={draft.objectives} onInput={(e) => set('objectives', (e.target as HTMLTextAreaElement).value)} />}
        </Field>
        <div class="row">
          <Field label="Starts on" error={fe('starts_on')}>
            {(a) => <input {...a} type="date" value={draft.starts_on ?? ''} onInput={(e) => set('starts_on', (e.target as HTMLInputElement).value || null)} />}
          </Field>
          <Field label="Ends on" error={fe('ends_on')}>
            {(a) => <input {...a} type="date" value={draft.ends_on ?? ''} onInput={(e) => set('ends_on', (e.target as HTMLInputElement).value || null)} />}
          </Field>
        </div>
        <div class="row">
          <Field label="Meet every … days" hint="The expected meeting cadence, e.g. 30." error={fe('cadence_days')}>
            {(a) => (
              <input {...a} type="number" min={1} max={365} inputMode="numeric" value={draft.cadence_days ?? ''} onInput={(e) => set('cadence_days', numOrNull((e.target as HTMLInputElement).value))} />
            )}
          </Field>
          <Field label="Meetings are" error={fe('meeting_mode')}>
            {(a) => (
              <select {...a} value={draft.meeting_mode} onChange={(e) => set('meeting_mode', (e.target as HTMLSelectElement).value as Program['meeting_mode'])}>
                <option value="virtual">virtual</option>
                <option value="in_person">in person</option>
                <option value="hybrid">hybrid</option>
              </select>
            )}
          </Field>
        </div>
        <fieldset class="health-days">
          <legend>Pair health</legend>
          <p class="hint">
            Days without a held meeting after which a pair shows as due, at risk and stalled on the pairs page. Empty: from the cadence (
            {healthDefaults(draft.cadence_days).join(', ')} days for every {draft.cadence_days ?? 30} days).
          </p>
          <div class="row">
            {(
              [
                ['health_due_days', 'Due after … days', 0],
                ['health_at_risk_days', 'At risk after … days', 1],
                ['health_stalled_days', 'Stalled after … days', 2],
              ] as const
            ).map(([key, label, i]) => (
              <Field key={key} label={label} error={fe(key)}>
                {(a) => (
                  <input
                    {...a}
                    type="number"
                    min={1}
                    max={1000}
                    inputMode="numeric"
                    placeholder={String(healthDefaults(draft.cadence_days)[i])}
                    value={draft[key] ?? ''}
                    onInput={(e) => set(key, numOrNull((e.target as HTMLInputElement).value))}
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
      </section>
      <section class="card">
        <h2>Matching rules</h2>
        <label class="check">
          <input type="checkbox" checked={draft.cross_institution} onChange={(e) => set('cross_institution', (e.target as HTMLInputElement).checked)} />
          Cross-institution: never pair two people from the same institution
        </label>
        {fe('cross_institution') && <p class="field-error">{fe('cross_institution')}</p>}
        <div class="row">
          <Field label="Largest time-zone difference (hours, optional)" hint="Never pair people further apart than this. Empty: no limit." error={fe('max_time_zone_difference_hours')}>
            {(a) => (
              <input
                {...a}
                type="number"
                min={0}
                max={26}
                step={0.5}
                value={draft.max_time_zone_difference_hours ?? ''}
                onInput={(e) => set('max_time_zone_difference_hours', numOrNull((e.target as HTMLInputElement).value))}
              />
            )}
          </Field>
          <Field label="Lowest acceptable score (optional)" hint="Never propose a pair scoring below this. Empty: no minimum." error={fe('min_score')}>
            {(a) => <input {...a} type="number" min={0} step={1} value={draft.min_score ?? ''} onInput={(e) => set('min_score', numOrNull((e.target as HTMLInputElement).value))} />}
          </Field>
        </div>
        <WeightSliders value={draft.weights} onChange={(w: Weights) => set('weights', w)} errors={weightErrors} extraPoints={questionPoints} />
        {fe('weights') && !Object.keys(weightErrors).length && <p class="field-error">{fe('weights')}</p>}
        <button type="button" class="link-button" onClick={() => set('weights', { ...DEFAULT_WEIGHTS })}>
          Reset the weights to the defaults
        </button>
        {vocabulary.data && <QuestionWeights programId={program.id} vocabulary={vocabulary.data} onSaved={vocabulary.setData} />}
      </section>
      <div class="form-actions sticky-actions">
        <Button type="submit" busy={busy} busyLabel="Saving…">
          Save set-up
        </Button>
        <LiveMessage class="saved">{saved}</LiveMessage>
      </div>
    </form>
  );
}

function StatusControl({ program, onChanged }: { program: Program; onChanged: (p: Program) => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmClose, setConfirmClose] = useState(false);
  const next =
    program.status === 'closed'
      ? []
      : [...(NEXT[program.status] ?? []), { to: 'closed' as const, label: 'Close the program', explain: 'The program ends for good; its data stays for evaluation.' }];
  const go = async (to: ProgramStatus) => {
    if (to === 'closed' && !confirmClose) {
      setConfirmClose(true);
      return;
    }
    setConfirmClose(false);
    setBusy(to);
    setError(null);
    try {
      onChanged(await api.post<Program>(`/programs/${program.id}/transition`, { status: to }));
    } catch (err) {
      setError(err);
    }
    setBusy(null);
  };
  return (
    <section class="card" aria-labelledby="status-h">
      <h2 id="status-h">Status</h2>
      <p>
        The program is <strong>{program.status}</strong>. Created {formatDateTime(program.created_at)} (your time).
      </p>
      <ErrorMessage error={error} />
      {next.length === 0 && <p class="muted">A closed program does not change any more.</p>}
      <ul class="plain">
        {next.map((n) => (
          <li key={n.to}>
            <Button type="button" class={n.to === 'closed' && confirmClose ? 'danger' : 'secondary'} busy={busy === n.to} onClick={() => go(n.to)}>
              {n.to === 'closed' && confirmClose ? 'Yes, close it for good' : n.label}
            </Button>{' '}
            {n.to === 'closed' && confirmClose && (
              <button type="button" class="secondary" onClick={() => setConfirmClose(false)}>
                Keep it open
              </button>
            )}{' '}
            <span class="hint">{n.explain}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The enrollment counts of a summary, by role, in words: "mentee: 35 active, 2 invited". */
function countsByRole(enrollments: Record<string, number>): [string, string][] {
  const roles = new Map<string, string[]>();
  for (const [key, n] of Object.entries(enrollments)) {
    const [role, status] = key.split('.');
    roles.set(role, [...(roles.get(role) ?? []), `${n} ${status}`]);
  }
  const order = ['mentee', 'mentor', 'coordinator', 'evaluator'];
  return [...roles.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([role, parts]) => [role, parts.join(', ')]);
}

/** De-identified figures for evaluators: counts only, no names or ids. */
function SummaryFigures({ program }: { program: Program }) {
  const summary = useResource((signal) => api.get<ProgramSummary>(`/programs/${program.id}/summary`, { signal }), [program.id]);
  const peer = program.kind === 'peer_support';
  const roleWord = (role: string) => roleNoun(program.kind, role, { plural: true, capital: true });
  return (
    <section class="card" aria-labelledby="figures-h">
      <h2 id="figures-h">Figures</h2>
      <p>
        <Link href={`/programs/${program.id}/evaluation`} class="button">
          Open the evaluation
        </Link>
      </p>
      <p class="hint">The figures with their uncertainty, the survey results, associations between questions, the report and the analysis dataset.</p>
      <p class="hint">
        De-identified: counts and scores only, no names. Survey response rates and de-identified responses are on the{' '}
        <Link href={`/programs/${program.id}/surveys`}>surveys page</Link>.
      </p>
      {summary.loading && !summary.data && <Loading />}
      {summary.error && <ErrorMessage error={summary.error} retry={summary.reload} />}
      {summary.data && (
        <dl class="facts">
          {countsByRole(summary.data.enrollments).map(([role, text]) => (
            <div key={role}>
              <dt>{roleWord(role)}</dt>
              <dd>{text}</dd>
            </div>
          ))}
          <div>
            <dt>Pairs</dt>
            <dd>
              {Object.entries(summary.data.pairs)
                .map(([status, n]) => `${n} ${status}`)
                .join(', ') || 'none yet'}
            </dd>
          </div>
          <div>
            <dt>{peer ? 'People matched' : 'Mentees matched'}</dt>
            <dd>{summary.data.mentees_matched}</dd>
          </div>
          <div>
            <dt>Meetings</dt>
            <dd>
              {summary.data.meetings.held} held, {summary.data.meetings.not_held} not held, {summary.data.meetings.scheduled} scheduled
            </dd>
          </div>
          <div>
            <dt>Pair health (active pairs)</dt>
            <dd>
              {Object.entries(summary.data.pair_health)
                .map(([status, n]) => `${n} ${status.replace('_', ' ')}`)
                .join(', ') || 'no active pairs'}
            </dd>
          </div>
          <div>
            <dt>Match scores (pairs not dissolved)</dt>
            <dd>
              {summary.data.mean_score === null ? 'no scored pairs yet' : `mean ${formatScore(summary.data.mean_score)}, lowest ${formatScore(summary.data.min_score)}`}
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}

/** What every member may read about a program; evaluators also get its figures. */
function ProgramOverview({ program }: { program: Program }) {
  const { me } = useSession();
  const evaluator = me?.memberships.some((m) => m.program_id === program.id && m.role === 'evaluator' && m.status === 'active');
  const mode: Record<string, string> = { virtual: 'virtual', in_person: 'in person', hybrid: 'hybrid' };
  const participant = me?.memberships.find((m) => m.program_id === program.id && (m.role === 'mentor' || m.role === 'mentee') && m.status === 'active');
  // Evaluators see the overview without asking how people are matched.
  const settings = useMatchingMode(program.id, !!participant);
  const matched = MODES.find((m) => m.mode === settings?.mode);
  return (
    <>
      <section class="card" aria-labelledby="about-h">
        <h2 id="about-h">About the program</h2>
        {program.objectives && <p>{program.objectives}</p>}
        <dl class="facts">
          <div>
            <dt>Kind</dt>
            <dd>{program.kind === 'peer_support' ? 'peer support: people are matched one at a time with trained volunteers' : 'cohort: everyone is matched at once'}</dd>
          </div>
          <div>
            <dt>Field</dt>
            <dd>{program.field}</dd>
          </div>
          <div>
            <dt>Dates</dt>
            <dd>{program.starts_on || program.ends_on ? `${formatDate(program.starts_on)} to ${formatDate(program.ends_on)}` : 'not set'}</dd>
          </div>
          <div>
            <dt>Meetings</dt>
            <dd>
              {mode[program.meeting_mode] ?? program.meeting_mode}
              {program.cadence_days ? `, every ${program.cadence_days} days` : ''}
            </dd>
          </div>
          {participant && matched && (
            <div>
              <dt>How people are matched</dt>
              <dd>{matched.label.toLowerCase()}</dd>
            </div>
          )}
          <div>
            <dt>Pairs across institutions</dt>
            <dd>{program.cross_institution ? 'yes: never two people from the same institution' : 'not required'}</dd>
          </div>
        </dl>
      </section>
      {participant && <ChoosingCard programId={program.id} role={participant.role} settings={settings} />}
      {evaluator ? (
        <SummaryFigures program={program} />
      ) : (
        <p>
          <Link href="/">Go to your home page</Link> for your pair and profile.
        </p>
      )}
    </>
  );
}

/** Where the program's topics, lists and intake questions are changed. */
function VocabularyLink({ program }: { program: Program }) {
  const vocabulary = useResource((signal) => api.get<Vocabulary>(`/programs/${program.id}/vocabulary`, { signal }), [program.id]);
  const v = vocabulary.data;
  return (
    <section class="card" aria-labelledby="vocabulary-h">
      <h2 id="vocabulary-h">Vocabulary and intake questions</h2>
      <p>
        {v ? (
          <>
            People describe themselves with {v.taxonomy.topics.length} topics, {v.taxonomy.career_stages.length} career stages and {v.taxonomy.goals.length} goals, started from{' '}
            {sourceWords(v.source)}; {v.questions.filter((q) => !q.retired).length} intake question{v.questions.filter((q) => !q.retired).length === 1 ? '' : 's'}.
          </>
        ) : (
          'The topics, career stages, goals and languages people choose from, and the program’s own profile questions.'
        )}
      </p>
      <p class="inline">
        <Link href={`/programs/${program.id}/vocabulary`} class="button secondary">
          Edit the vocabulary
        </Link>
        <Link href={`/programs/${program.id}/vocabulary?tab=questions`} class="button secondary">
          Edit the intake questions
        </Link>
      </p>
    </section>
  );
}

export function ProgramSetup({ programId }: { programId: number }) {
  const program = useProgram(programId);
  const { me } = useSession();
  if (!canCoordinate(me, programId))
    return (
      <ProgramFrame program={program} title="Overview" forEveryMember>
        {(p) => <ProgramOverview program={p} />}
      </ProgramFrame>
    );
  return (
    <ProgramFrame program={program} title="Set-up">
      {(p) => (
        <>
          {p.kind === 'peer_support' && (
            <Notice>
              This is a peer-support program: people seeking support ask one at a time and wait in the <Link href={`/programs/${p.id}/queue`}>queue</Link>;
              a specialist offers each request to a volunteer.
            </Notice>
          )}
          <StatusControl program={p} onChanged={program.setData} />
          {p.kind === 'peer_support' && <PeerSettingsSection program={p} />}
          {p.kind !== 'peer_support' && <VocabularyLink program={p} />}
          <SetupForm key={p.id} program={p} onSaved={program.setData} />
          {p.kind !== 'peer_support' && <MatchingModeSection programId={p.id} />}
        </>
      )}
    </ProgramFrame>
  );
}
