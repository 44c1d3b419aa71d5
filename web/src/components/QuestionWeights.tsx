// Beside the set-up's weight sliders: the program's intake questions that
// count in matching, each with its weight (points for a full match). Saving
// writes the questions (PUT …/questions) with the new weights; an error for
// "questions[i].weight" shows beside its question.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { IntakeQuestion, Vocabulary } from '../api/types';
import { Link } from '../router';
import { MATCH_WAYS, counts } from '../lib/vocabulary';
import { questionError } from './QuestionEditor';
import { Button, LiveMessage, useId } from './ui';

const weightsOf = (qs: IntakeQuestion[]) => Object.fromEntries(qs.map((q) => [q.code, q.weight]));

export function QuestionWeights({ programId, vocabulary, onSaved }: { programId: number; vocabulary: Vocabulary; onSaved: (v: Vocabulary) => void }) {
  const base = useId('qw');
  const [weights, setWeights] = useState<Record<string, number>>(() => weightsOf(vocabulary.questions));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  useEffect(() => setWeights(weightsOf(vocabulary.questions)), [vocabulary.revision, vocabulary.questions]);
  const counting = vocabulary.questions.map((q, i) => ({ q, i })).filter(({ q }) => counts(q));
  const dirty = counting.some(({ q }) => weights[q.code] !== q.weight);
  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved('');
    try {
      const v = await api.put<Vocabulary>(`/programs/${programId}/questions`, {
        questions: vocabulary.questions.map((q) => ({ ...q, weight: weights[q.code] ?? q.weight })),
      });
      onSaved(v);
      setSaved('Question weights saved.');
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return (
    <fieldset class="weights question-weights">
      <legend>The program's questions</legend>
      {counting.length === 0 ? (
        <p class="hint">
          No intake question counts in matching. <Link href={`/programs/${programId}/vocabulary?tab=questions`}>Add or edit the questions</Link>.
        </p>
      ) : (
        <>
          <p class="hint">
            Points for a full match on each question, beside the weights above (0 to 1000). <Link href={`/programs/${programId}/vocabulary?tab=questions`}>Edit the questions</Link>.
          </p>
          {counting.map(({ q, i }) => {
            const id = `${base}-${q.code}`;
            const err = questionError(error, i, 'weight');
            const w = weights[q.code] ?? 0;
            return (
              <div class={`weight${err ? ' field-invalid' : ''}`} key={q.code}>
                <label for={id}>{q.text}</label>
                <input
                  id={id}
                  type="range"
                  min={0}
                  max={Math.max(100, w)}
                  step={1}
                  value={w}
                  aria-describedby={`${id}-explain${err ? ` ${id}-err` : ''}`}
                  aria-valuetext={`${w} points`}
                  onInput={(e) => setWeights((x) => ({ ...x, [q.code]: Number((e.target as HTMLInputElement).value) }))}
                />
                <input
                  type="number"
                  class="weight-number"
                  min={0}
                  max={1000}
                  step={1}
                  value={w}
                  aria-label={`${q.text} points`}
                  onChange={(e) => setWeights((x) => ({ ...x, [q.code]: Math.max(0, Math.min(1000, Math.round(Number((e.target as HTMLInputElement).value) || 0))) }))}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault(); // not the set-up form's submit
                      (e.target as HTMLInputElement).blur();
                    }
                  }}
                />
                <span class="weight-share" aria-hidden="true" />
                <p class="hint weight-explain" id={`${id}-explain`}>
                  {MATCH_WAYS.find((m) => m.value === q.match)?.label}: {MATCH_WAYS.find((m) => m.value === q.match)?.explain}
                </p>
                {err && (
                  <p class="field-error" id={`${id}-err`}>
                    {err}
                  </p>
                )}
              </div>
            );
          })}
          {error !== null && !counting.some(({ i }) => questionError(error, i, 'weight')) && (
            <p class="field-error" role="alert">
              {error instanceof Error ? error.message : 'Saving failed.'}
            </p>
          )}
          <div class="inline">
            <Button type="button" class="secondary" busy={busy} busyLabel="Saving…" disabled={!dirty && !busy} onClick={save}>
              Save question weights
            </Button>
            <LiveMessage class="saved">{saved}</LiveMessage>
          </div>
        </>
      )}
    </fieldset>
  );
}
