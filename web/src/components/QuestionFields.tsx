// The program's intake questions in a profile form, each by its kind: one
// choice (radio buttons), several (checkboxes), a scale (a row of numbered
// radio buttons), short text, yes or no. Required ones are marked; an error
// for "answers.<code>" (the server's, or a required one left empty) shows
// under its question.
import type { IntakeQuestion } from '../api/types';
import type { Answers } from '../lib/vocabulary';
import { useId } from './ui';

export function QuestionField({ question: q, value, onChange, error }: { question: IntakeQuestion; value: string[]; onChange: (v: string[]) => void; error?: string | null }) {
  const id = useId('ans');
  const helpId = q.help ? `${id}-help` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [errId, helpId].filter(Boolean).join(' ') || undefined;
  const title = (
    <>
      {q.text}
      {q.required ? (
        <span class="required">
          {' '}
          <span aria-hidden="true">*</span>
          <span class="visually-hidden">(required)</span>
        </span>
      ) : (
        <span class="optional"> (optional)</span>
      )}
    </>
  );
  const help = q.help && (
    <p class="hint" id={helpId}>
      {q.help}
    </p>
  );
  const err = error && (
    <p class="field-error" id={errId}>
      {error}
    </p>
  );
  const cls = `question-field${error ? ' field-invalid' : ''}`;
  if (q.kind === 'text')
    return (
      <div class={`field ${cls}`} data-question={q.code}>
        <label for={id}>{title}</label>
        {help}
        <input
          id={id}
          type="text"
          value={value[0] ?? ''}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          aria-required={q.required || undefined}
          onInput={(e) => {
            const v = (e.target as HTMLInputElement).value;
            onChange(v ? [v] : []);
          }}
        />
        {err}
      </div>
    );
  let choices: { code: string; label: string }[];
  if (q.kind === 'yes_no')
    choices = [
      { code: 'yes', label: 'Yes' },
      { code: 'no', label: 'No' },
    ];
  else if (q.kind === 'scale') {
    choices = [];
    for (let n = q.scale_min; n <= q.scale_max && choices.length < 101; n++) choices.push({ code: String(n), label: String(n) });
  } else choices = q.options;
  const many = q.kind === 'multiple';
  return (
    <fieldset
      class={cls}
      data-question={q.code}
      aria-describedby={describedBy}
      aria-invalid={error ? true : undefined}
      aria-required={q.required || undefined}
      role={many ? 'group' : 'radiogroup'}
    >
      <legend>{title}</legend>
      {help}
      {q.kind === 'scale' && (
        <p class="hint">
          From {q.scale_min} (lowest) to {q.scale_max} (highest).
        </p>
      )}
      <div class={q.kind === 'scale' || q.kind === 'yes_no' ? 'choice-row' : 'choice-list'}>
        {choices.map((c) => (
          <label class="check" key={c.code}>
            <input
              type={many ? 'checkbox' : 'radio'}
              name={id}
              value={c.code}
              checked={value.includes(c.code)}
              onChange={(e) => {
                const on = (e.target as HTMLInputElement).checked;
                if (!many) onChange(on ? [c.code] : []);
                else onChange(on ? [...value.filter((v) => v !== c.code), c.code] : value.filter((v) => v !== c.code));
              }}
            />
            {c.label}
          </label>
        ))}
      </div>
      {!many && !q.required && value.length > 0 && (
        <button type="button" class="link-button small" onClick={() => onChange([])}>
          Clear the answer
        </button>
      )}
      {err}
    </fieldset>
  );
}

/** Every question asked of the person, with its answer and error. */
export function QuestionFields({
  questions,
  answers,
  onChange,
  errors,
}: {
  questions: IntakeQuestion[];
  answers: Answers;
  onChange: (a: Answers) => void;
  errors: Record<string, string | null | undefined>;
}) {
  return (
    <>
      {questions.map((q) => (
        <QuestionField key={q.code} question={q} value={answers[q.code] ?? []} error={errors[q.code]} onChange={(v) => onChange({ ...answers, [q.code]: v })} />
      ))}
    </>
  );
}
