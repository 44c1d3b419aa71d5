// A program's Surveys tab (docs/surveys.md): the program's surveys with their
// versions, responses and files for analysis (the REDCap data dictionary;
// the responses, which go de-identified to evaluators and, for an identified
// survey, with names to coordinators); the survey builder (constructs from
// the item library and the program's own questions, and who may see the
// answers, explained before it is chosen); and waves — who is asked when,
// opened and closed by the coordinator, each with its response rate in
// numbers and a bar (counts only, never who).
import { useState } from 'preact/hooks';
import { ApiError, api, fieldError } from '../api/client';
import type { Program } from '../api/types';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { Button, ErrorMessage, Field, FormError, LiveMessage, Loading, optionsOf, StatusBadge, useId, useResource, useSubmit } from '../components/ui';
import { describeTiming, parseReminderDays, percent, todayUtc, type Survey, type SurveyConstruct, type SurveyItem, type SurveyWave } from '../lib/surveys';
import { Link } from '../router';
import { canCoordinate, useSession } from '../session';

type SurveySummary = { survey: Survey; responses: number };
type Anonymity = Survey['anonymity'];
type WaveCount = SurveyWave['counts']['all'];

const inputValue = (e: Event) => (e.target as HTMLInputElement).value;

export const ANONYMITY: [Anonymity, string, string][] = [
  [
    'confidential',
    'Confidential (recommended)',
    "Answers are kept with the person and their pair, so the evaluation can relate them to match scores and meetings. Coordinators see only counts and response rates; evaluators get the answers without names.",
  ],
  ['identified', 'Identified', 'Coordinators see who answered what (the responses file has names); evaluators get the answers without names. Say in the introduction why you need names.'],
  [
    'anonymous',
    'Anonymous',
    "Tandem keeps no link between an answer and its person: the answers can never be related to match data, meetings or pairs. No draft is saved on the server (it stays in the person's browser), and answers cannot be changed once sent.",
  ],
];
const anonymityLabel = (a: string) => ({ identified: 'identified', confidential: 'confidential', anonymous: 'anonymous' })[a] ?? a;

const KINDS: [string, string][] = [
  ['likert', 'Agreement (5 points)'],
  ['single', 'One choice'],
  ['multiple', 'Several choices'],
  ['number', 'Number'],
  ['date', 'Date'],
  ['short_text', 'Short text'],
  ['long_text', 'Long text'],
];

const AUDIENCES: [SurveyWave['audience'], string][] = [
  ['both', 'Mentees and mentors'],
  ['mentees', 'Mentees'],
  ['mentors', 'Mentors'],
];
const PAIR_STATUSES: [SurveyWave['pair_status'], string][] = [
  ['active', 'People in an active pair'],
  ['completed', 'People in a completed pair'],
  ['any', 'Anyone, with or without a pair'],
];
const TIMINGS: [SurveyWave['timing'], string][] = [
  ['dates', 'On a date'],
  ['program_start', "Days after the program's first day"],
  ['program_end', "Days before or after the program's last day"],
  ['pair_start', 'Days after each pair started'],
  ['after_meeting', 'After each meeting held'],
];
const label = (list: [string, string][], v: string) => list.find(([k]) => k === v)?.[1] ?? v;

/** The rate as a bar; its words are beside it. */
function RateBar({ answered, invited }: { answered: number; invited: number }) {
  return (
    <span class="rate-bar" aria-hidden="true">
      <span style={{ width: `${percent(answered, invited)}%` }} />
    </span>
  );
}

function rateText(c: WaveCount): string {
  return c.invited === 0 ? 'nobody invited' : `${c.answered} of ${c.invited} (${percent(c.answered, c.invited)}%)`;
}

/** A wave's response rate: the total in words and a bar, then by role and by the state of the pair. */
export function ResponseRate({ wave }: { wave: SurveyWave }) {
  const c = wave.counts;
  const rows: [string, WaveCount][] = [
    ['Mentees', c.mentees],
    ['Mentors', c.mentors],
    ['In active pairs', c.active_pairs],
    ['In completed pairs', c.completed_pairs],
  ];
  return (
    <div class="response-rate">
      <p class="rate-total">
        <strong>
          {c.all.answered} of {c.all.invited} answered
        </strong>{' '}
        ({percent(c.all.answered, c.all.invited)}%)
      </p>
      <RateBar answered={c.all.answered} invited={c.all.invited} />
      <div class="table-scroll" tabIndex={0} role="region" aria-label={`Response rate of ${wave.title}`}>
        <table class="data rates">
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">Answered of invited</th>
              <th scope="col">
                <span class="visually-hidden">Bar</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([who, n]) => (
              <tr key={who}>
                <th scope="row">{who}</th>
                <td class="num">{rateText(n)}</td>
                <td class="rate-cell">{n.invited > 0 && <RateBar answered={n.answered} invited={n.invited} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The files for analysis, and what a coordinator may not download and why. */
function Downloads({ s, coordinator, evaluator }: { s: SurveySummary; coordinator: boolean; evaluator: boolean }) {
  const id = s.survey.id;
  const name = (what: string) => `survey-${id}-${what}.csv`;
  return (
    <>
      <ul class="link-list">
        <li>
          <a href={`/api/v1/surveys/${id}/dictionary.csv`} download={name('dictionary')}>
            Data dictionary for REDCap (CSV)
          </a>
        </li>
        {evaluator && (
          <li>
            <a href={`/api/v1/surveys/${id}/responses.csv`} download={name('responses')}>
              Responses, de-identified (CSV)
            </a>
          </li>
        )}
        {!evaluator && coordinator && s.survey.anonymity === 'identified' && (
          <li>
            <a href={`/api/v1/surveys/${id}/responses.csv`} download={name('responses')}>
              Responses with names (CSV)
            </a>
          </li>
        )}
      </ul>
      {!evaluator && coordinator && s.survey.anonymity !== 'identified' && (
        <p class="hint">
          The answers to {s.survey.anonymity === 'anonymous' ? 'an anonymous' : 'a confidential'} survey go to the program's evaluators, de-identified; you see the
          response rates of its waves below.
        </p>
      )}
    </>
  );
}

function SurveyCard({ s, coordinator, evaluator }: { s: SurveySummary; coordinator: boolean; evaluator: boolean }) {
  const { survey } = s;
  return (
    <li class="card">
      <h3>{survey.title}</h3>
      <p class="muted">
        Version {survey.version} · {survey.items.length} question{survey.items.length === 1 ? '' : 's'} · {anonymityLabel(survey.anonymity)} · {s.responses} response
        {s.responses === 1 ? '' : 's'}
      </p>
      <details>
        <summary>Its questions</summary>
        <ol class="survey-items">
          {survey.items.map((i) => (
            <li key={i.code}>
              {i.text} <code>{i.code}</code>
              {i.required && <span class="muted"> · required</span>}
            </li>
          ))}
        </ol>
      </details>
      <Downloads s={s} coordinator={coordinator} evaluator={evaluator} />
    </li>
  );
}

export interface OwnItem {
  kind: string;
  code: string;
  text: string;
  required: boolean;
  options: string;
  min: string;
  max: string;
}
const emptyItem = (): OwnItem => ({ kind: 'likert', code: '', text: '', required: false, options: '', min: '', max: '' });

/** The item the API takes for one of the program's own questions. */
export function ownItemInput(o: OwnItem): Record<string, unknown> {
  const item: Record<string, unknown> = { code: o.code.trim(), kind: o.kind, text: o.text.trim(), required: o.required };
  if (o.kind === 'single' || o.kind === 'multiple')
    item.options = o.options
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
  if (o.kind === 'number') {
    item.min = o.min.trim() === '' ? null : Number(o.min);
    item.max = o.max.trim() === '' ? null : Number(o.max);
  }
  return item;
}

function OwnItemEditor({ n, item, error, onChange, onRemove }: { n: number; item: OwnItem; error: (field: string) => string | null; onChange: (i: OwnItem) => void; onRemove: () => void }) {
  const set = (k: keyof OwnItem) => (e: Event) => onChange({ ...item, [k]: inputValue(e) });
  return (
    <fieldset class="own-item">
      <legend>Your question {n}</legend>
      <div class="row">
        <Field label="Kind" error={error('kind')}>
          {(a) => (
            <select {...a} value={item.kind} onChange={set('kind')}>
              {optionsOf(KINDS)}
            </select>
          )}
        </Field>
        <Field label="Code" hint="Its column in the files: a-z first, then a-z, 0-9 and _" error={error('code')}>
          {(a) => <input {...a} type="text" autoCapitalize="none" spellcheck={false} value={item.code} onInput={set('code')} />}
        </Field>
      </div>
      <Field label="Question" error={error('text')}>
        {(a) => <input {...a} type="text" value={item.text} onInput={set('text')} />}
      </Field>
      {(item.kind === 'single' || item.kind === 'multiple') && (
        <Field label="Options" hint="One per line, 2 to 50" error={error('options')}>
          {(a) => <textarea {...a} rows={4} value={item.options} onInput={set('options')} />}
        </Field>
      )}
      {item.kind === 'number' && (
        <div class="row">
          <Field label="Lowest allowed (optional)" error={error('min')}>
            {(a) => <input {...a} type="text" inputMode="decimal" value={item.min} onInput={set('min')} />}
          </Field>
          <Field label="Highest allowed (optional)" error={error('max')}>
            {(a) => <input {...a} type="text" inputMode="decimal" value={item.max} onInput={set('max')} />}
          </Field>
        </div>
      )}
      <label class="check">
        <input type="checkbox" checked={item.required} onChange={(e) => onChange({ ...item, required: (e.target as HTMLInputElement).checked })} /> An answer is required
      </label>
      <button type="button" class="link-button" onClick={onRemove}>
        Remove your question {n}
      </button>
    </fieldset>
  );
}

function SurveyBuilder({ program, onDone, onCancel }: { program: Program; onDone: (s: Survey) => void; onCancel: () => void }) {
  const library = useResource((signal) => api.get<{ constructs: SurveyConstruct[] }>('/survey-library', { signal }), []);
  const [title, setTitle] = useState('');
  const [intro, setIntro] = useState('');
  const [anonymity, setAnonymity] = useState<Anonymity>('confidential');
  const [chosen, setChosen] = useState<string[]>([]);
  const [own, setOwn] = useState<OwnItem[]>([]);
  const uid = useId('build');
  const constructs = library.data?.constructs ?? [];
  const libraryItems: SurveyItem[] = constructs.filter((c) => chosen.includes(c.code)).flatMap((c) => c.items);
  const f = useSubmit(async () => {
    const s = await api.post<Survey>(`/programs/${program.id}/surveys`, { title, intro, anonymity, items: [...libraryItems, ...own.map(ownItemInput)] });
    onDone(s);
  });
  const fe = (k: string) => fieldError(f.error, k);
  const ownField = (i: number, k: string) => {
    const err = f.error;
    return err instanceof ApiError && err.field === `items[${libraryItems.length + i}].${k}` ? err.message : null;
  };
  const ownFields = own.flatMap((_, i) => ['kind', 'code', 'text', 'options', 'min', 'max'].map((k) => `items[${libraryItems.length + i}].${k}`));
  const noItems = f.error instanceof ApiError && f.error.field === 'items' ? f.error.message : null;
  return (
    <form class="card builder" onSubmit={f.submit} noValidate aria-labelledby={`${uid}-h`}>
      <h2 id={`${uid}-h`}>Build a survey</h2>
      <Field label="Title" error={fe('title')}>
        {(a) => <input {...a} type="text" value={title} onInput={(e) => setTitle(inputValue(e))} />}
      </Field>
      <Field label="Introduction (optional)" hint="Shown at the top of the survey, above what it says about who sees the answers." error={fe('intro')}>
        {(a) => <textarea {...a} rows={3} value={intro} onInput={(e) => setIntro(inputValue(e))} />}
      </Field>
      <fieldset>
        <legend>Who may see the answers</legend>
        {ANONYMITY.map(([v, l, explain]) => (
          <div class="choice-explained" key={v}>
            <label class="check">
              <input type="radio" name={`${uid}-anonymity`} value={v} checked={anonymity === v} onChange={() => setAnonymity(v)} aria-describedby={`${uid}-${v}`} /> {l}
            </label>
            <p class="hint" id={`${uid}-${v}`}>
              {explain}
            </p>
          </div>
        ))}
        {fe('anonymity') && <p class="field-error">{fe('anonymity')}</p>}
      </fieldset>
      <fieldset>
        <legend>Questions from the library</legend>
        <p class="hint">Tick what the survey should measure; each brings its questions, written for mentoring programs.</p>
        {library.loading && !library.data && <Loading />}
        <ErrorMessage error={library.error} retry={library.reload} />
        {constructs.map((c) => (
          <div class="construct" key={c.code}>
            <label class="check">
              <input
                type="checkbox"
                checked={chosen.includes(c.code)}
                aria-describedby={`${uid}-c-${c.code}`}
                onChange={(e) => setChosen((e.target as HTMLInputElement).checked ? [...chosen, c.code] : chosen.filter((x) => x !== c.code))}
              />{' '}
              {c.name}
            </label>
            <p class="hint" id={`${uid}-c-${c.code}`}>
              {c.description} Scale: {c.scale}.{c.peer_support && ' For peer-support programs.'}
            </p>
            <details>
              <summary>
                Its {c.items.length} question{c.items.length === 1 ? '' : 's'}
                <span class="visually-hidden"> ({c.name})</span>
              </summary>
              <ol class="survey-items">
                {c.items.map((i) => (
                  <li key={i.code}>
                    {i.text} <code>{i.code}</code>
                  </li>
                ))}
              </ol>
            </details>
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>Your own questions</legend>
        {own.length === 0 && <p class="hint">Add questions of your program's own, after those from the library.</p>}
        {own.map((o, i) => (
          <OwnItemEditor
            key={i}
            n={i + 1}
            item={o}
            error={(k) => ownField(i, k)}
            onChange={(x) => setOwn(own.map((y, j) => (j === i ? x : y)))}
            onRemove={() => setOwn(own.filter((_, j) => j !== i))}
          />
        ))}
        <button type="button" class="secondary" onClick={() => setOwn([...own, emptyItem()])}>
          Add your own question
        </button>
      </fieldset>
      <p class="muted">
        {libraryItems.length + own.length} question{libraryItems.length + own.length === 1 ? '' : 's'} in all.
      </p>
      {noItems && <p class="field-error">{noItems}</p>}
      <FormError error={noItems ? null : f.error} fields={['title', 'intro', 'anonymity', ...ownFields]} />
      <div class="actions form-actions">
        <Button type="submit" busy={f.busy} busyLabel="Creating…">
          Create the survey
        </Button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function WaveForm({ surveys, program, onDone }: { surveys: SurveySummary[]; program: Program; onDone: (w: SurveyWave) => void }) {
  const [w, setW] = useState({
    survey_id: String(surveys[0]?.survey.id ?? ''),
    title: '',
    audience: 'both',
    pair_status: 'active',
    timing: 'dates',
    opens_on: todayUtc(),
    offset_days: '0',
    every_days: '0',
    length_days: '14',
    reminder_days: '3, 7',
  });
  const uid = useId('wave');
  const whole = (field: string, text: string) => {
    if (!/^-?\d+$/.test(text.trim())) throw new ApiError(400, 'invalid_argument', 'a whole number of days', field);
    return Number(text);
  };
  const f = useSubmit(async () => {
    const reminders = parseReminderDays(w.reminder_days);
    if (!reminders) throw new ApiError(400, 'invalid_argument', 'whole numbers of days, separated by commas: 3, 7', 'reminder_days');
    const created = await api.post<SurveyWave>(`/programs/${program.id}/survey-waves`, {
      survey_id: Number(w.survey_id),
      title: w.title,
      audience: w.audience,
      pair_status: w.pair_status,
      timing: w.timing,
      opens_on: w.timing === 'dates' ? w.opens_on : null,
      offset_days: ['program_start', 'program_end', 'pair_start'].includes(w.timing) ? whole('offset_days', w.offset_days) : 0,
      every_days: w.timing === 'pair_start' ? whole('every_days', w.every_days) : 0,
      length_days: whole('length_days', w.length_days),
      reminder_days: reminders,
      status: 'draft',
    });
    setW({ ...w, title: '' });
    onDone(created);
  });
  const fe = (k: string) => fieldError(f.error, k);
  const set = (k: keyof typeof w) => (e: Event) => setW({ ...w, [k]: inputValue(e) });
  const offset = ['program_start', 'program_end', 'pair_start'].includes(w.timing);
  return (
    <form class="card" onSubmit={f.submit} noValidate aria-labelledby={`${uid}-h`}>
      <h2 id={`${uid}-h`}>Schedule a wave</h2>
      <p class="hint">A wave asks one survey of a group of people for a number of days. It stays a draft until you open it.</p>
      <div class="row">
        <Field label="Survey" error={fe('survey_id')}>
          {(a) => (
            <select {...a} value={w.survey_id} onChange={set('survey_id')}>
              {surveys.map((s) => (
                <option key={s.survey.id} value={String(s.survey.id)}>
                  {s.survey.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Title of the wave" hint="e.g. End of the program 2027" error={fe('title')}>
          {(a) => <input {...a} type="text" value={w.title} onInput={set('title')} />}
        </Field>
      </div>
      <div class="row">
        <Field label="Who is asked" error={fe('audience')}>
          {(a) => (
            <select {...a} value={w.audience} onChange={set('audience')}>
              {optionsOf(AUDIENCES)}
            </select>
          )}
        </Field>
        <Field label="Whose pairs" error={fe('pair_status')}>
          {(a) => (
            <select {...a} value={w.pair_status} onChange={set('pair_status')}>
              {optionsOf(PAIR_STATUSES)}
            </select>
          )}
        </Field>
      </div>
      <div class="row">
        <Field label="When it opens" error={fe('timing')}>
          {(a) => (
            <select {...a} value={w.timing} onChange={set('timing')}>
              {optionsOf(TIMINGS)}
            </select>
          )}
        </Field>
        {w.timing === 'dates' && (
          <Field label="Opens on (UTC)" error={fe('opens_on')}>
            {(a) => <input {...a} type="date" value={w.opens_on} onInput={set('opens_on')} />}
          </Field>
        )}
        {offset && (
          <Field label={w.timing === 'program_end' ? 'Days after the last day (negative: before)' : 'Days after'} error={fe('offset_days')}>
            {(a) => <input {...a} type="text" inputMode="numeric" value={w.offset_days} onInput={set('offset_days')} />}
          </Field>
        )}
        {w.timing === 'pair_start' && (
          <Field label="Again every … days" hint="0: once; otherwise 7 to 366" error={fe('every_days')}>
            {(a) => <input {...a} type="text" inputMode="numeric" value={w.every_days} onInput={set('every_days')} />}
          </Field>
        )}
      </div>
      <div class="row">
        <Field label="Open for (days)" hint="1 to 366" error={fe('length_days')}>
          {(a) => <input {...a} type="text" inputMode="numeric" value={w.length_days} onInput={set('length_days')} />}
        </Field>
        <Field label="Reminders (days after it opens)" hint="e.g. 3, 7 — to those who have not answered; empty: none" error={fe('reminder_days')}>
          {(a) => <input {...a} type="text" value={w.reminder_days} onInput={set('reminder_days')} />}
        </Field>
      </div>
      <FormError error={f.error} fields={['survey_id', 'title', 'audience', 'pair_status', 'timing', 'opens_on', 'offset_days', 'every_days', 'length_days', 'reminder_days']} />
      <Button type="submit" busy={f.busy} busyLabel="Scheduling…">
        Schedule the wave
      </Button>
    </form>
  );
}

/** Open or close a wave, after a second press that says what happens. */
function WaveControl({ wave, onChanged }: { wave: SurveyWave; onChanged: (w: SurveyWave, msg: string) => void }) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (wave.status === 'closed') return null;
  const opening = wave.status === 'draft';
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      const w = await api.patch<SurveyWave>(`/survey-waves/${wave.id}`, { status: opening ? 'open' : 'closed' });
      setConfirm(false);
      onChanged(w, opening ? `${w.title} is open: ${w.counts.all.invited} people invited so far.` : `${w.title} is closed.`);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return (
    <div class="wave-control">
      {!confirm ? (
        <button type="button" class={opening ? '' : 'secondary'} onClick={() => setConfirm(true)}>
          {opening ? 'Open the wave…' : 'Close the wave…'}
        </button>
      ) : (
        <div class="confirm" role="group" aria-labelledby={`confirm-${wave.id}`}>
          <p id={`confirm-${wave.id}`}>
            {opening
              ? `Open ${wave.title}? Everyone it asks now gets an e-mail invitation; the others get theirs when their time comes.`
              : `Close ${wave.title}? Nobody can answer it or change their answers afterwards.`}
          </p>
          <Button type="button" busy={busy} busyLabel={opening ? 'Opening…' : 'Closing…'} onClick={go}>
            {opening ? 'Yes, open it' : 'Yes, close it'}
          </Button>{' '}
          <button type="button" class="secondary" onClick={() => setConfirm(false)}>
            Not yet
          </button>
        </div>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}

function WaveCard({ wave, coordinator, onChanged }: { wave: SurveyWave; coordinator: boolean; onChanged: (w: SurveyWave, msg: string) => void }) {
  const reminders = wave.reminder_days.length === 0 ? 'no reminders' : `reminders on day${wave.reminder_days.length === 1 ? '' : 's'} ${wave.reminder_days.join(' and ')}`;
  return (
    <li class="card wave">
      <h3>
        {wave.title} <StatusBadge status={wave.status} />
      </h3>
      <p class="muted">
        {wave.survey_title} · {label(AUDIENCES, wave.audience).toLowerCase()}, {label(PAIR_STATUSES, wave.pair_status).toLowerCase()} · {describeTiming(wave)}, for {wave.length_days}{' '}
        days · {reminders}
      </p>
      <ResponseRate wave={wave} />
      {coordinator && <WaveControl wave={wave} onChanged={onChanged} />}
    </li>
  );
}

function Workspace({ program, coordinator, evaluator }: { program: Program; coordinator: boolean; evaluator: boolean }) {
  const surveys = useResource((signal) => api.get<{ surveys: SurveySummary[] }>(`/programs/${program.id}/surveys`, { signal }), [program.id]);
  const waves = useResource((signal) => api.get<{ waves: SurveyWave[] }>(`/programs/${program.id}/survey-waves`, { signal }), [program.id]);
  const [building, setBuilding] = useState(false);
  const [msg, setMsg] = useState('');
  const list = surveys.data?.surveys ?? [];
  return (
    <>
      <p>
        {coordinator
          ? 'Build surveys from the item library and your own questions, then schedule waves that ask them. People find their open surveys on their home page and in the invitation e-mail.'
          : "The program's surveys, their response rates and the files for analysis: the responses come without names or e-mail addresses, with pseudonyms that join waves."}
      </p>
      <LiveMessage>{msg}</LiveMessage>
      <section aria-labelledby="surveys-h">
        <h2 id="surveys-h">The program's surveys</h2>
        {surveys.loading && !surveys.data && <Loading />}
        <ErrorMessage error={surveys.error} retry={surveys.reload} />
        {surveys.data && list.length === 0 && <p>No survey yet.</p>}
        {list.length > 0 && (
          <ul class="plain">
            {list.map((s) => (
              <SurveyCard key={s.survey.id} s={s} coordinator={coordinator} evaluator={evaluator} />
            ))}
          </ul>
        )}
        {coordinator &&
          (building ? (
            <SurveyBuilder
              program={program}
              onCancel={() => setBuilding(false)}
              onDone={(s) => {
                setBuilding(false);
                setMsg(`Created ${s.title} with ${s.items.length} questions.`);
                surveys.reload();
              }}
            />
          ) : (
            <button type="button" onClick={() => setBuilding(true)}>
              Build a survey
            </button>
          ))}
      </section>
      <section aria-labelledby="waves-h" class="waves">
        <h2 id="waves-h">Waves and response rates</h2>
        {waves.loading && !waves.data && <Loading />}
        <ErrorMessage error={waves.error} retry={waves.reload} />
        {waves.data && waves.data.waves.length === 0 && <p>No wave yet.</p>}
        {waves.data && waves.data.waves.length > 0 && (
          <ul class="plain">
            {waves.data.waves.map((w) => (
              <WaveCard
                key={w.id}
                wave={w}
                coordinator={coordinator}
                onChanged={(changed, m) => {
                  setMsg(m);
                  waves.setData({ waves: waves.data!.waves.map((x) => (x.id === changed.id ? changed : x)) });
                }}
              />
            ))}
          </ul>
        )}
        {coordinator && list.length > 0 && (
          <WaveForm
            key={list.length}
            surveys={list}
            program={program}
            onDone={(w) => {
              setMsg(`Scheduled ${w.title}. Open it when it should start.`);
              waves.reload();
            }}
          />
        )}
      </section>
    </>
  );
}

export function SurveysPage({ programId }: { programId: number }) {
  const program = useProgram(programId);
  const { me } = useSession();
  return (
    <ProgramFrame program={program} title="Surveys" forEveryMember>
      {(p) => {
        const coordinator = canCoordinate(me, p.id);
        const evaluator = !!me?.memberships.some((m) => m.program_id === p.id && m.role === 'evaluator' && m.status === 'active');
        if (!coordinator && !evaluator)
          return (
            <>
              <p class="lead">The surveys page of {p.name} is for the program's coordinators and evaluators.</p>
              <p>
                Your own surveys are on <Link href="/">your home page</Link>.
              </p>
            </>
          );
        return <Workspace program={p} coordinator={coordinator} evaluator={evaluator} />;
      }}
    </ProgramFrame>
  );
}
