// A program's intake questions (PUT …/questions, the whole list each time):
// add, edit, reorder, retire, delete. Each question says how it is asked
// (kind, options with codes derived from their labels, scale bounds), who is
// asked, and how it counts in matching, with a plain sentence per way and,
// for a mentees' question, the mentors' question it is compared with. The
// server's field errors ("questions[1].compare_with") show beside the field;
// a question or option people answered cannot be dropped (409): retire it.
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { IntakeQuestion, QuestionKind, QuestionMatch, Vocabulary } from '../api/types';
import { AUDIENCES, KINDS, MATCH_WAYS, codeFromLabel, compareCandidates, matchWaysFor, newQuestion, questionField, uniqueCode } from '../lib/vocabulary';
import { Button, ErrorMessage, Field, LiveMessage, useId } from './ui';

const kindLabel = (k: QuestionKind) => KINDS.find((x) => x.value === k)?.label ?? k;
const matchLabel = (m: QuestionMatch) => MATCH_WAYS.find((x) => x.value === m)?.label ?? m;
const audienceLabel = (a: string) => AUDIENCES.find((x) => x.value === a)?.label ?? a;

/** The message of an API error naming `questions[index].<rest…>`, for the field `rest`. */
export function questionError(error: unknown, index: number, rest: string): string | null {
  if (!(error instanceof ApiError)) return null;
  const f = questionField(error.field);
  if (!f || f.index !== index) return null;
  if (f.rest === rest || f.rest.startsWith(rest + '.') || f.rest.startsWith(rest + '[')) return error.message;
  return null;
}

/** One line about a question: its kind, who is asked, how it counts. */
export function questionSummary(q: IntakeQuestion): string {
  const parts = [kindLabel(q.kind), audienceLabel(q.audience).toLowerCase()];
  if (q.kind === 'scale') parts[0] += ` from ${q.scale_min} to ${q.scale_max}`;
  parts.push(q.match === 'none' ? 'not used in matching' : `${matchLabel(q.match).toLowerCase()}, ${q.weight} points`);
  if (q.compare_with) parts.push(`compared with “${q.compare_with}”`);
  if (q.required) parts.push('required');
  return parts.join(' · ');
}

interface OptionRow {
  code: string;
  label: string;
  /** The code was typed (or saved before): it no longer follows the label. */
  fixed: boolean;
}

/** The form of one question; `index` is its place in the list the server checks. */
export function QuestionForm({
  initial,
  index,
  all,
  isNew,
  error,
  busy,
  onSave,
  onCancel,
}: {
  initial: IntakeQuestion;
  index: number;
  all: IntakeQuestion[];
  isNew: boolean;
  error: unknown;
  busy: boolean;
  onSave: (q: IntakeQuestion) => void;
  onCancel: () => void;
}) {
  const [q, setQ] = useState<IntakeQuestion>(initial);
  const [codeFixed, setCodeFixed] = useState(!isNew);
  const [options, setOptions] = useState<OptionRow[]>(() => initial.options.map((o) => ({ ...o, fixed: true })));
  const [local, setLocal] = useState<Record<string, string>>({});
  const base = useId('q');
  const taken = all.filter((_, i) => i !== index).map((x) => x.code);
  const set = <K extends keyof IntakeQuestion>(k: K, v: IntakeQuestion[K]) => setQ((d) => ({ ...d, [k]: v }));
  const fe = (rest: string) => local[rest] ?? questionError(error, index, rest);
  /** The server's error about one option ("options[1].code"): which part, and its message. */
  const optionError = (i: number): { part: string; message: string } | null => {
    const m = questionError(error, index, `options[${i}]`);
    if (!m || !(error instanceof ApiError)) return null;
    return { part: /\.(code|label)$/.exec(error.field ?? '')?.[1] ?? '', message: m };
  };
  const rowError = options.some((_, i) => optionError(i));
  const choices = q.kind === 'single' || q.kind === 'multiple';
  const ways = matchWaysFor(q.kind);
  const candidates = compareCandidates({ ...q, options: options.map(({ code, label }) => ({ code, label })) }, all.filter((_, i) => i !== index));

  const setText = (text: string) =>
    setQ((d) => ({ ...d, text, code: codeFixed ? d.code : uniqueCode(codeFromLabel(text) || 'question', taken) }));
  const setKind = (kind: QuestionKind) =>
    setQ((d) => ({ ...d, kind, match: matchWaysFor(kind).includes(d.match) ? d.match : 'none', compare_with: null }));
  const setOption = (i: number, patch: Partial<OptionRow>) =>
    setOptions((rows) =>
      rows.map((r, j) => {
        if (j !== i) return r;
        const next = { ...r, ...patch };
        if (patch.label !== undefined && !r.fixed) {
          const others = rows.filter((_, k) => k !== i).map((x) => x.code);
          next.code = uniqueCode(codeFromLabel(patch.label) || 'option', others);
        }
        return next;
      }),
    );

  const submit = (e: Event) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!q.text.trim()) problems.text = 'Write the question as people will read it.';
    if (!/^[a-z][a-z0-9_]*$/.test(q.code)) problems.code = 'Use a-z, 0-9 and _, starting with a letter.';
    else if (taken.includes(q.code)) problems.code = 'Another question has this code.';
    if (choices) {
      if (options.length < 2) problems.options = 'Offer at least two options.';
      else if (options.some((o) => !o.label.trim())) problems.options = 'Give every option a label.';
      else if (new Set(options.map((o) => o.code)).size !== options.length) problems.options = 'Two options have the same code.';
    }
    if (q.kind === 'scale' && !(q.scale_min < q.scale_max)) problems.scale_max = 'The top of the scale must be above its bottom.';
    if (!(q.weight >= 0 && q.weight <= 1000)) problems.weight = 'A weight from 0 to 1000 points.';
    setLocal(problems);
    if (Object.keys(problems).length) return;
    onSave({
      ...q,
      text: q.text.trim(),
      help: q.help.trim(),
      options: choices ? options.map(({ code, label }) => ({ code, label: label.trim() })) : [],
      compare_with: q.audience === 'mentees' && q.match !== 'none' ? q.compare_with || null : null,
    });
  };
  const generalError = error instanceof ApiError && questionField(error.field)?.index === index ? null : error;

  return (
    <form class="question-form" onSubmit={submit} noValidate aria-label={isNew ? 'New question' : `Edit “${initial.text}”`}>
      {Object.keys(local).length > 0 && (
        <div class="alert alert-error" role="alert">
          <p>Please fix the fields marked below.</p>
        </div>
      )}
      <ErrorMessage error={generalError} />
      {error instanceof ApiError && !generalError && !['text', 'help', 'code', 'kind', 'options', 'scale_min', 'scale_max', 'required', 'audience', 'match', 'compare_with', 'weight', 'retired'].some((r) => fe(r)) && (
        <ErrorMessage error={error} />
      )}
      <Field label="Question" hint="As people read it in their profile, e.g. “Which shift do you work?”" error={fe('text')}>
        {(a) => <input {...a} type="text" value={q.text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />}
      </Field>
      <Field label="Help (optional)" hint="A line under the question." error={fe('help')}>
        {(a) => <input {...a} type="text" value={q.help} onInput={(e) => set('help', (e.target as HTMLInputElement).value)} />}
      </Field>
      <Field label="Code" hint="The participant file's column for this question; made from the question until you change it." error={fe('code')}>
        {(a) => (
          <input
            {...a}
            type="text"
            class="code-input"
            autoComplete="off"
            spellcheck={false}
            value={q.code}
            onInput={(e) => {
              setCodeFixed(true);
              set('code', (e.target as HTMLInputElement).value.trim());
            }}
          />
        )}
      </Field>
      <div class="row">
        <Field label="Kind of answer" error={fe('kind')}>
          {(a) => (
            <select {...a} value={q.kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as QuestionKind)}>
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Asked of" error={fe('audience')}>
          {(a) => (
            <select {...a} value={q.audience} onChange={(e) => set('audience', (e.target as HTMLSelectElement).value as IntakeQuestion['audience'])}>
              {AUDIENCES.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {choices && (
        <fieldset class={`options-editor${fe('options') && !rowError ? ' field-invalid' : ''}`}>
          <legend>Options</legend>
          <p class="hint">Each option's code is what the participant file holds; it is made from the label until you change it.</p>
          {options.length > 0 && (
            <ol class="option-rows">
              {options.map((o, i) => {
                const oe = optionError(i);
                const errId = `${base}-opt-${i}-err`;
                const bad = (part: string) => (oe && (oe.part === part || oe.part === '') ? { 'aria-invalid': true, 'aria-describedby': errId } : {});
                return (
                  <li key={i} class="option-row">
                    <label>
                      Label
                      <input type="text" {...bad('label')} value={o.label} onInput={(e) => setOption(i, { label: (e.target as HTMLInputElement).value })} />
                    </label>
                    <label>
                      Code
                      <input
                        type="text"
                        class="code-input"
                        spellcheck={false}
                        {...bad('code')}
                        value={o.code}
                        onInput={(e) => setOption(i, { code: (e.target as HTMLInputElement).value.trim(), fixed: true })}
                      />
                    </label>
                    <button type="button" class="secondary small" aria-label={`Remove option ${o.label || i + 1}`} onClick={() => setOptions((rows) => rows.filter((_, j) => j !== i))}>
                      Remove
                    </button>
                    {oe && (
                      <p class="field-error" id={errId}>
                        {oe.message}
                      </p>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
          <button type="button" class="secondary small" onClick={() => setOptions((rows) => [...rows, { code: uniqueCode('option', rows.map((r) => r.code)), label: '', fixed: false }])}>
            Add an option
          </button>
          {fe('options') && !rowError && <p class="field-error">{fe('options')}</p>}
        </fieldset>
      )}
      {q.kind === 'scale' && (
        <div class="row">
          <Field label="From" error={fe('scale_min')}>
            {(a) => <input {...a} type="number" step={1} value={q.scale_min} onInput={(e) => set('scale_min', Math.round(Number((e.target as HTMLInputElement).value)))} />}
          </Field>
          <Field label="To" error={fe('scale_max')}>
            {(a) => <input {...a} type="number" step={1} value={q.scale_max} onInput={(e) => set('scale_max', Math.round(Number((e.target as HTMLInputElement).value)))} />}
          </Field>
        </div>
      )}
      <label class="check">
        <input type="checkbox" checked={q.required} onChange={(e) => set('required', (e.target as HTMLInputElement).checked)} />
        Required: a profile is not complete without an answer
      </label>
      <fieldset class={`match-ways${fe('match') ? ' field-invalid' : ''}`}>
        <legend>How it counts in matching</legend>
        {MATCH_WAYS.filter((w) => ways.includes(w.value)).map((w) => (
          <label class="check" key={w.value}>
            <input type="radio" name={`${base}-match`} value={w.value} checked={q.match === w.value} onChange={() => set('match', w.value)} />
            <span>
              <strong>{w.label}</strong> — <span class="hint">{w.explain}</span>
            </span>
          </label>
        ))}
        {fe('match') && <p class="field-error">{fe('match')}</p>}
      </fieldset>
      {q.match !== 'none' && q.audience === 'mentees' && (
        <Field
          label="Compare with the mentors' question"
          hint={
            candidates.length
              ? 'The mentee’s answer here is compared with the mentor’s answer there (e.g. “areas you want help with” with “areas you can help with”).'
              : 'To compare with a mentors’ question, first add one asked of mentors only, of the same kind with the same options.'
          }
          error={fe('compare_with')}
        >
          {(a) => (
            <select {...a} value={q.compare_with ?? ''} onChange={(e) => set('compare_with', (e.target as HTMLSelectElement).value || null)}>
              <option value="">(nothing: mentors are not asked this)</option>
              {candidates.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.text} ({c.code})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {q.match !== 'none' && (
        <Field
          label="Weight (points)"
          hint={q.match === 'must_match' ? 'Points for a shared answer, beside the rule. 0 to 1000.' : 'The most points a pair earns on this question, beside the set-up weights. 0 to 1000.'}
          error={fe('weight')}
        >
          {(a) => <input {...a} type="number" min={0} max={1000} step={1} inputMode="numeric" value={q.weight} onInput={(e) => set('weight', Number((e.target as HTMLInputElement).value))} />}
        </Field>
      )}
      <div class="form-actions">
        <Button type="submit" busy={busy} busyLabel="Saving…">
          {isNew ? 'Add the question' : 'Save the question'}
        </Button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Every question of the program with its tools, and a form for a new one. */
export function QuestionsEditor({ programId, vocabulary, onSaved }: { programId: number; vocabulary: Vocabulary; onSaved: (v: Vocabulary) => void }) {
  const questions = vocabulary.questions;
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [fresh, setFresh] = useState<IntakeQuestion | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [errorAt, setErrorAt] = useState<number | null>(null); // the question a list action failed on
  const [confirmDelete, setConfirmDelete] = useState<number | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  const save = async (list: IntakeQuestion[], what: string, at: number, done: string) => {
    setBusy(what);
    setError(null);
    setErrorAt(null);
    setMessage('');
    try {
      const v = await api.put<Vocabulary>(`/programs/${programId}/questions`, { questions: list });
      onSaved(v);
      setEditing(null);
      setFresh(null);
      setConfirmDelete(null);
      setMessage(done);
    } catch (err) {
      setError(err);
      setErrorAt(at);
      setConfirmDelete(null);
    }
    setBusy(null);
  };
  const move = (i: number, j: number) => {
    const list = [...questions];
    const [q] = list.splice(i, 1);
    list.splice(j, 0, q);
    save(list, `move-${i}`, i, `Moved “${q.text}”.`);
  };
  const retire = (i: number, retired: boolean) =>
    save(
      questions.map((q, j) => (j === i ? { ...q, retired } : q)),
      `retire-${i}`,
      i,
      retired ? `Retired “${questions[i].text}”: no longer asked nor used in matching; the answers stay.` : `“${questions[i].text}” is asked again.`,
    );
  const remove = (i: number) => save(questions.filter((_, j) => j !== i), `delete-${i}`, i, `Deleted “${questions[i].text}”.`);
  const answered = error instanceof ApiError && error.status === 409;

  return (
    <section class="card questions" aria-labelledby="questions-h">
      <h2 id="questions-h">Intake questions ({questions.length})</h2>
      <p class="hint">
        The program's own profile questions, asked of mentors, mentees or both. The participant file has one column per question code (several choices separated by
        “;”).
      </p>
      <LiveMessage class="saved">{message}</LiveMessage>
      {errorAt === null && error !== null && editing === null && <ErrorMessage error={error} />}
      {questions.length === 0 && <p class="muted">No questions yet.</p>}
      <ol class="question-list">
        {questions.map((q, i) =>
          editing === i ? (
            <li key={q.code} class="question-item editing">
              <QuestionForm
                initial={q}
                index={i}
                all={questions}
                isNew={false}
                error={errorAt === i ? error : null}
                busy={busy === `edit-${i}`}
                onCancel={() => {
                  setEditing(null);
                  setError(null);
                }}
                onSave={(nq) => save(questions.map((x, j) => (j === i ? nq : x)), `edit-${i}`, i, `Saved “${nq.text}”.`)}
              />
            </li>
          ) : (
            <li key={q.code} class={`question-item${q.retired ? ' retired' : ''}`}>
              <h3>
                {q.text}
                {q.retired && <span class="badge">retired</span>}
              </h3>
              <p class="hint">
                <code>{q.code}</code> · {questionSummary(q)}
              </p>
              {q.options.length > 0 && <p class="option-preview">{q.options.map((o) => o.label).join(' · ')}</p>}
              {errorAt === i && error !== null && (
                <div class="alert alert-error" role="alert">
                  <p>{error instanceof ApiError ? error.message : 'Saving failed.'}</p>
                  {answered && !q.retired && (
                    <>
                      <p>People have answered this question, so it stays. Retire it instead: it is no longer asked nor used in matching, and the answers are kept.</p>
                      <Button type="button" class="secondary small" busy={busy === `retire-${i}`} busyLabel="Retiring…" onClick={() => retire(i, true)}>
                        Retire it instead
                      </Button>
                    </>
                  )}
                </div>
              )}
              {confirmDelete === i && (
                <p class="confirm-text" role="alert">
                  Delete “{q.text}”? If nobody has answered it yet it goes for good.
                </p>
              )}
              <div class="inline question-actions">
                <button type="button" class="small" onClick={() => (setEditing(i), setError(null), setErrorAt(null), setConfirmDelete(null))} aria-label={`Edit ${q.text}`}>
                  Edit
                </button>
                <Button type="button" class="small secondary" disabled={i === 0} busy={busy === `move-${i}`} busyLabel="…" aria-label={`Move ${q.text} up`} onClick={() => move(i, i - 1)}>
                  ↑
                </Button>
                <Button
                  type="button"
                  class="small secondary"
                  disabled={i === questions.length - 1}
                  busy={busy === `move-${i}`}
                  busyLabel="…"
                  aria-label={`Move ${q.text} down`}
                  onClick={() => move(i, i + 1)}
                >
                  ↓
                </Button>
                <Button type="button" class="small secondary" busy={busy === `retire-${i}`} busyLabel="…" onClick={() => retire(i, !q.retired)} aria-label={`${q.retired ? 'Ask again' : 'Retire'} ${q.text}`}>
                  {q.retired ? 'Ask again' : 'Retire'}
                </Button>
                <Button
                  type="button"
                  class={`small ${confirmDelete === i ? 'danger' : 'secondary'}`}
                  busy={busy === `delete-${i}`}
                  busyLabel="Deleting…"
                  aria-label={confirmDelete === i ? `Yes, delete ${q.text}` : `Delete ${q.text}`}
                  onClick={() => (confirmDelete === i ? remove(i) : setConfirmDelete(i))}
                >
                  {confirmDelete === i ? 'Yes, delete' : 'Delete…'}
                </Button>
                {confirmDelete === i && (
                  <button type="button" class="small secondary" onClick={() => setConfirmDelete(null)}>
                    Keep it
                  </button>
                )}
              </div>
            </li>
          ),
        )}
      </ol>
      {editing === 'new' && fresh ? (
        <QuestionForm
          initial={fresh}
          index={questions.length}
          all={[...questions, fresh]}
          isNew
          error={errorAt === questions.length ? error : null}
          busy={busy === 'new'}
          onCancel={() => {
            setEditing(null);
            setFresh(null);
            setError(null);
          }}
          onSave={(nq) => save([...questions, nq], 'new', questions.length, `Added “${nq.text}”.`)}
        />
      ) : (
        <button
          type="button"
          onClick={() => {
            setFresh(newQuestion(questions.map((q) => q.code)));
            setEditing('new');
            setError(null);
            setErrorAt(null);
          }}
        >
          Add a question
        </button>
      )}
    </section>
  );
}
