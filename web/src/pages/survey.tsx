// Answering a survey (docs/surveys.md, "Answering"): the page an invitation's
// e-mail links to (/surveys/{invitation}), and the list of a person's open
// surveys on their home page. The page says first how the answers are kept
// (the survey's anonymity statement), shows the items under their headings
// (a condition hides or shows an item as the person answers), checks what
// can be checked as they type, saves as they go (a second after a change;
// an anonymous survey's draft stays in this browser, never on the server)
// and sends the answers; the server's refusal of an answer is shown under
// that item.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import { Button, ErrorMessage, Field, Loaded, LiveMessage, Page, useId, useResource } from '../components/ui';
import { formatDateTime } from '../lib/time';
import {
  answerProblem,
  answersToSend,
  codesOf,
  draftKey,
  isChosen,
  readDraft,
  scaleLabels,
  sections,
  shownItems,
  surveyProblems,
  toggleChoice,
  type Answers,
  type MySurvey,
  type SurveyItem,
} from '../lib/surveys';
import { Link } from '../router';

/** How long after the last change the answers are saved. */
const SAVE_DELAY_MS = 1000;

const storage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

/** The person's open surveys, for the home page; nothing when there are none. */
export function MySurveys() {
  const mine = useResource((signal) => api.get<{ surveys: MySurvey[] }>('/me/surveys', { signal }), []);
  if (mine.error) return <ErrorMessage error={mine.error} retry={mine.reload} />;
  const list = mine.data?.surveys ?? [];
  if (list.length === 0) return null;
  return (
    <section class="card my-surveys" aria-labelledby="my-surveys-h">
      <h2 id="my-surveys-h">Surveys for you</h2>
      <ul class="plain">
        {list.map((s) => (
          <li key={s.invitation_id}>
            <Link href={`/surveys/${s.invitation_id}`}>{s.survey.title}</Link>{' '}
            {s.submitted ? <span class="badge badge-done">answered</span> : <span class="badge badge-coming">not answered yet</span>}
            <br />
            <span class="muted">
              {s.program_name} · open until {formatDateTime(s.closes_at)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SurveyPage({ invitationId }: { invitationId: number }) {
  const mine = useResource((signal) => api.get<MySurvey>(`/me/surveys/${invitationId}`, { signal }), [invitationId]);
  return (
    <Loaded resource={mine} what="this survey">
      {(m) => <Answering key={m.invitation_id} initial={m} />}
    </Loaded>
  );
}

/** The code an API error names ("answers.good_match" → "good_match"), or null. */
function answerField(err: unknown): string | null {
  if (!(err instanceof ApiError) || !err.field?.startsWith('answers.')) return null;
  return err.field.slice('answers.'.length);
}

function focusQuestion(code: string) {
  const el = document.getElementById(`q-${code}`);
  const control = el?.querySelector<HTMLElement>('input, textarea, select');
  (control ?? el)?.focus();
}

function Answering({ initial }: { initial: MySurvey }) {
  const [mine, setMine] = useState(initial);
  const anonymous = mine.survey.anonymity === 'anonymous';
  const [answers, setAnswers] = useState<Answers>(() => (anonymous && !initial.submitted ? readDraft(storage(), initial.invitation_id) : initial.answers));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState(initial.submitted);
  const [saveMsg, setSaveMsg] = useState('');
  const [formError, setFormError] = useState<unknown>(null);
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState(false);
  const latest = useRef(answers);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const thanks = useRef<HTMLHeadingElement>(null);
  const items = mine.survey.items;

  /** Saves the answers as they are now: on the server as a draft, or for an anonymous survey in this browser. */
  const save = () => {
    timer.current = null;
    const now = answersToSend(items, latest.current);
    if (anonymous) {
      try {
        storage()?.setItem(draftKey(mine.invitation_id), JSON.stringify(now));
        setSaveMsg('Kept in this browser.');
      } catch {
        setSaveMsg('This browser could not keep your answers: send them before you leave the page.');
      }
      return chain.current;
    }
    // An answer that is wrong as typed waits until it is right; the others are saved.
    const problems = surveyProblems(items, latest.current, false);
    const body = Object.fromEntries(Object.entries(now).filter(([c]) => !problems[c]));
    chain.current = chain.current.then(async () => {
      try {
        const m = await api.put<MySurvey>(`/me/surveys/${mine.invitation_id}`, { answers: body, submit: false });
        setMine((old) => ({ ...old, open: m.open, closes_at: m.closes_at }));
        setSaveMsg('Saved.');
        setFormError(null);
      } catch (err) {
        const code = answerField(err);
        if (code) setErrors((e) => ({ ...e, [code]: (err as ApiError).message }));
        else setFormError(err);
        setSaveMsg('');
      }
    });
    return chain.current;
  };

  // Leaving the page saves what is waiting.
  useEffect(
    () => () => {
      if (timer.current) {
        clearTimeout(timer.current);
        void save();
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const change = (item: SurveyItem, code: string, value: string) => {
    const next = { ...latest.current, [code]: value };
    latest.current = next;
    setAnswers(next);
    setErrors((e) => {
      const copy = { ...e };
      const p = answerProblem(item, value);
      if (p) copy[code] = p;
      else delete copy[code];
      return copy;
    });
    setSaveMsg('');
    // Once sent, changes go with "Send my changed answers": a half-changed response is never saved over the sent one.
    if (mine.submitted) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(save, SAVE_DELAY_MS);
  };

  const send = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    setFormError(null);
    const problems = surveyProblems(items, latest.current, true);
    setErrors(problems);
    const codes = Object.keys(problems);
    if (codes.length > 0) {
      setSummary(codes.length === 1 ? 'One question needs your attention: see the message under it.' : `${codes.length} questions need your attention: see the messages under them.`);
      const first = shownItems(items, latest.current)
        .flatMap(codesOf)
        .find((c) => problems[c]);
      if (first) focusQuestion(first);
      return;
    }
    setSummary('');
    setBusy(true);
    try {
      await chain.current;
      const m = await api.put<MySurvey>(`/me/surveys/${mine.invitation_id}`, { answers: answersToSend(items, latest.current), submit: true });
      if (anonymous) storage()?.removeItem(draftKey(mine.invitation_id));
      setMine(m);
      if (!anonymous) {
        latest.current = m.answers;
        setAnswers(m.answers);
      }
      setSent(true);
      setSaveMsg('');
      setTimeout(() => thanks.current?.focus(), 0);
    } catch (err) {
      const code = answerField(err);
      if (code) {
        setErrors({ [code]: (err as ApiError).message });
        setSummary('One question needs your attention: see the message under it.');
        focusQuestion(code);
      } else setFormError(err);
    }
    setBusy(false);
  };

  const shown = new Set(shownItems(items, answers).map((i) => i.code));
  const closes = formatDateTime(mine.closes_at);
  const heading = (
    <>
      <span class="kicker">
        {mine.program_name} · {mine.wave_title}
      </span>
      {mine.survey.title}
    </>
  );

  if (sent)
    return (
      <Page title={mine.survey.title} heading={heading}>
        <div class="alert alert-success">
          <h2 tabIndex={-1} ref={thanks}>
            Thank you: your answers are sent.
          </h2>
          {anonymous ? (
            <p>They are anonymous, so they cannot be changed now.</p>
          ) : mine.open ? (
            <>
              <p>You can change them until {closes}.</p>
              <button type="button" class="secondary" onClick={() => setSent(false)}>
                Change my answers
              </button>
            </>
          ) : (
            <p>The survey is closed now.</p>
          )}
        </div>
        <p>
          <Link href="/">Back to your home page</Link>
        </p>
      </Page>
    );

  if (!mine.open)
    return (
      <Page title={mine.survey.title} heading={heading}>
        <p class="lead">This survey closed on {closes}. Thank you all the same.</p>
        <p>
          <Link href="/">Back to your home page</Link>
        </p>
      </Page>
    );

  return (
    <Page title={mine.survey.title} heading={heading}>
      {mine.survey.intro && <p class="lead pre-line">{mine.survey.intro}</p>}
      <div class="alert alert-info anonymity-statement">
        <p>{mine.survey.anonymity_statement}</p>
        {anonymous && <p>What you answer stays in this browser until you send it; once sent it cannot be changed.</p>}
      </div>
      <p class="muted">
        Open until {closes}. {mine.submitted ? 'Your changes count once you send them again.' : 'Your answers are saved as you go; they count once you send them.'}
      </p>
      <form class="survey-form" onSubmit={send} noValidate aria-label={mine.survey.title}>
        {sections(items).map((s, i) => {
          const visible = s.items.filter((it) => shown.has(it.code));
          if (visible.length === 0) return null;
          return (
            <section key={i} class="card survey-section" aria-labelledby={s.title ? `section-${i}` : undefined}>
              {s.title && <h2 id={`section-${i}`}>{s.title}</h2>}
              {visible.map((it) => (
                <Question key={it.code} item={it} answers={answers} errors={errors} onChange={change} />
              ))}
            </section>
          );
        })}
        {summary && (
          <div class="alert alert-error" role="alert">
            <p>{summary}</p>
          </div>
        )}
        <ErrorMessage error={formError} />
        <div class="actions form-actions">
          <Button type="submit" busy={busy} busyLabel="Sending…">
            {mine.submitted ? 'Send my changed answers' : 'Send my answers'}
          </Button>
          <LiveMessage class="saved">{saveMsg}</LiveMessage>
        </div>
      </form>
    </Page>
  );
}

const RequiredMark = ({ item }: { item: SurveyItem }) => (item.required ? <span class="required"> (required)</span> : null);

/** A group of choices (a Likert scale, a matrix row, single or multiple choice) with its legend, help and error. */
function ChoiceGroup({ id, legend, help, error, children, class: cls }: { id: string; legend: ComponentChildren; help?: string; error?: string; children: ComponentChildren; class?: string }) {
  const uid = useId('g');
  const described = [error ? `${uid}-err` : '', help ? `${uid}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset id={id} class={`question${error ? ' question-invalid' : ''}${cls ? ' ' + cls : ''}`} aria-describedby={described}>
      <legend>{legend}</legend>
      {help && (
        <p class="hint" id={`${uid}-hint`}>
          {help}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${uid}-err`}>
          {error}
        </p>
      )}
      {children}
    </fieldset>
  );
}

function Scale({ item, code, value, onPick }: { item: SurveyItem; code: string; value: string | undefined; onPick: (v: string) => void }) {
  const name = useId(`scale-${code}`);
  const points = scaleLabels(item).map((l, i) => [String(i + 1), l] as const);
  if (item.allow_na) points.push(['na', 'Not applicable']);
  return (
    <div class="scale">
      {points.map(([v, l]) => (
        <label class="check" key={v}>
          <input type="radio" name={name} value={v} checked={value === v} onChange={() => onPick(v)} /> {l}
        </label>
      ))}
    </div>
  );
}

function Question({
  item,
  answers,
  errors,
  onChange,
}: {
  item: SurveyItem;
  answers: Answers;
  errors: Record<string, string>;
  onChange: (item: SurveyItem, code: string, value: string) => void;
}) {
  const value = answers[item.code] ?? '';
  const error = errors[item.code];
  const set = (v: string) => onChange(item, item.code, v);
  const radioName = useId(`choice-${item.code}`);
  switch (item.kind) {
    case 'likert':
      return (
        <ChoiceGroup id={`q-${item.code}`} legend={<>{item.text}<RequiredMark item={item} /></>} help={item.help} error={error}>
          <Scale item={item} code={item.code} value={value} onPick={set} />
        </ChoiceGroup>
      );
    case 'matrix':
      return (
        <fieldset class="question matrix">
          <legend>
            {item.text}
            <RequiredMark item={item} />
          </legend>
          {item.help && <p class="hint">{item.help}</p>}
          {item.rows.map((r) => (
            <ChoiceGroup key={r.code} id={`q-${r.code}`} class="matrix-row" legend={r.text} error={errors[r.code]}>
              <Scale item={item} code={r.code} value={answers[r.code]} onPick={(v) => onChange(item, r.code, v)} />
            </ChoiceGroup>
          ))}
        </fieldset>
      );
    case 'single':
      return (
        <ChoiceGroup id={`q-${item.code}`} legend={<>{item.text}<RequiredMark item={item} /></>} help={item.help} error={error}>
          <div class="options">
            {item.options.map((o, i) => (
              <label class="check" key={i}>
                <input type="radio" name={radioName} value={String(i + 1)} checked={value === String(i + 1)} onChange={() => set(String(i + 1))} /> {o}
              </label>
            ))}
          </div>
        </ChoiceGroup>
      );
    case 'multiple':
      return (
        <ChoiceGroup id={`q-${item.code}`} legend={<>{item.text}<RequiredMark item={item} /></>} help={item.help || 'Choose all that apply.'} error={error}>
          <div class="options">
            {item.options.map((o, i) => (
              <label class="check" key={i}>
                <input type="checkbox" checked={isChosen(value, i + 1)} onChange={(e) => set(toggleChoice(value, i + 1, (e.target as HTMLInputElement).checked))} /> {o}
              </label>
            ))}
          </div>
        </ChoiceGroup>
      );
    default: {
      const range =
        item.kind === 'number' && (item.min !== null || item.max !== null)
          ? item.min !== null && item.max !== null
            ? `A number from ${item.min} to ${item.max}.`
            : item.min !== null
              ? `A number of at least ${item.min}.`
              : `A number of at most ${item.max}.`
          : '';
      const hint = [item.help, range].filter(Boolean).join(' ') || undefined;
      const input = (e: Event) => set((e.target as HTMLInputElement).value);
      return (
        <div id={`q-${item.code}`} class="question">
          <Field label={<>{item.text}<RequiredMark item={item} /></>} hint={hint} error={error}>
            {(a) =>
              item.kind === 'long_text' ? (
                <textarea {...a} rows={4} maxLength={10000} value={value} onInput={input} />
              ) : item.kind === 'date' ? (
                <input {...a} type="date" value={value} onInput={input} />
              ) : item.kind === 'number' ? (
                <input {...a} type="text" inputMode="decimal" class="number-input" value={value} onInput={input} />
              ) : (
                <input {...a} type="text" maxLength={500} value={value} onInput={input} />
              )
            }
          </Field>
        </div>
      );
    }
  }
}

