// The set-up's "How people are matched" (GET/PUT /programs/{id}/matching-mode):
// coordinator-led, mentees request and mentors accept, or mentees rank and
// the coordinator matches, with the rules of choosing. Saved on its own; a
// 400 is shown under the field it names.
import { useState } from 'preact/hooks';
import { ApiError, api, fieldError } from '../api/client';
import type { ChoiceSettings, MatchingMode } from '../api/types';
import { MODES } from '../lib/choice';
import { Button, ErrorMessage, Field, LiveMessage, Loaded, useId, useResource } from './ui';

/** The draft's whole numbers as typed ("" while a field is cleared). */
type Draft = Omit<ChoiceSettings, 'shortlist_size' | 'max_open_requests' | 'answer_days'> & {
  shortlist_size: string;
  max_open_requests: string;
  answer_days: string;
};

const toDraft = (s: ChoiceSettings): Draft => ({
  ...s,
  shortlist_size: String(s.shortlist_size),
  max_open_requests: String(s.max_open_requests),
  answer_days: String(s.answer_days),
});

/** The body to PUT, or the first field typed wrong (as an ApiError naming it, like the server's). */
export function choiceBody(d: Draft): ChoiceSettings | ApiError {
  const whole = (field: 'shortlist_size' | 'max_open_requests' | 'answer_days', min: number, max: number, what: string) => {
    const t = d[field].trim();
    const n = Number(t);
    if (t === '' || !Number.isInteger(n) || n < min || n > max) return new ApiError(400, 'invalid_argument', `Enter ${what}: a whole number from ${min} to ${max}.`, field);
    return n;
  };
  const size = whole('shortlist_size', 1, 50, 'how many mentors a shortlist shows');
  if (size instanceof ApiError) return size;
  const open = whole('max_open_requests', 1, 10, 'how many requests a mentee may have waiting');
  if (open instanceof ApiError) return open;
  const days = whole('answer_days', 1, 60, 'the days a mentor has to answer');
  if (days instanceof ApiError) return days;
  if (d.opens_on && d.closes_on && d.closes_on < d.opens_on) return new ApiError(400, 'invalid_argument', 'Choosing cannot close before it opens.', 'closes_on');
  return { mode: d.mode, shortlist_size: size, max_open_requests: open, answer_days: days, opens_on: d.opens_on || null, closes_on: d.closes_on || null };
}

export function MatchingModeSection({ programId }: { programId: number }) {
  const settings = useResource((signal) => api.get<ChoiceSettings>(`/programs/${programId}/matching-mode`, { signal }), [programId]);
  return (
    <section class="card" aria-labelledby="how-matched-h">
      <h2 id="how-matched-h">How people are matched</h2>
      <Loaded resource={settings} what="how this program matches people">
        {(s) => <MatchingModeForm programId={programId} settings={s} onSaved={settings.setData} />}
      </Loaded>
    </section>
  );
}

function MatchingModeForm({ programId, settings, onSaved }: { programId: number; settings: ChoiceSettings; onSaved: (s: ChoiceSettings) => void }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const name = useId('mode');
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setSaved('');
  };
  const fe = (f: string) => fieldError(error, f);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const body = choiceBody(draft);
    if (body instanceof ApiError) {
      setError(body);
      return;
    }
    setBusy(true);
    try {
      const s = await api.put<ChoiceSettings>(`/programs/${programId}/matching-mode`, body);
      onSaved(s);
      setDraft(toDraft(s));
      setSaved('Saved.');
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const chooses = draft.mode !== 'coordinator';
  // A refusal naming a field the form does not show now is written above the button.
  const shown = ['mode', ...(chooses ? ['shortlist_size', 'opens_on', 'closes_on'] : []), ...(draft.mode === 'mentee_led' ? ['max_open_requests', 'answer_days'] : [])];
  const general = error && !shown.some((f) => fe(f)) ? error : null;
  const num = (field: 'shortlist_size' | 'max_open_requests' | 'answer_days', label: string, hint: string, max: number) => (
    <Field label={label} hint={hint} error={fe(field)}>
      {(a) => <input {...a} type="number" min={1} max={max} inputMode="numeric" value={draft[field]} onInput={(e) => set(field, (e.target as HTMLInputElement).value)} />}
    </Field>
  );
  return (
    <form onSubmit={submit} noValidate class="matching-mode-form">
      <fieldset class={fe('mode') ? 'field-invalid' : undefined}>
        <legend>Who chooses</legend>
        {MODES.map((m) => (
          <label key={m.mode} class="check mode-option">
            <input type="radio" name={name} value={m.mode} checked={draft.mode === m.mode} onChange={() => set('mode', m.mode as MatchingMode)} />
            <span>
              <strong>{m.label}</strong>
              <span class="hint-inline"> — {m.explain}</span>
            </span>
          </label>
        ))}
        {fe('mode') && <p class="field-error">{fe('mode')}</p>}
      </fieldset>
      {settings.mode === 'mentee_led' && draft.mode !== 'mentee_led' && (
        <p class="alert alert-warning">Leaving this mode withdraws every request still waiting for an answer; each mentor is told.</p>
      )}
      {chooses && (
        <fieldset>
          <legend>The rules of choosing</legend>
          <div class="row">
            {num('shortlist_size', 'Mentors on a shortlist', 'The best-fitting mentors with room that a mentee sees first (1–50).', 50)}
            {draft.mode === 'mentee_led' && num('max_open_requests', 'Requests at once', 'How many mentors a mentee may ask before one answers (1–10).', 10)}
            {draft.mode === 'mentee_led' && num('answer_days', 'Days to answer', 'A request lapses when its mentor has not answered in this many days (1–60).', 60)}
          </div>
          <div class="row">
            <Field label="Choosing opens on (optional)" hint="Empty: now." error={fe('opens_on')}>
              {(a) => <input {...a} type="date" value={draft.opens_on ?? ''} onInput={(e) => set('opens_on', (e.target as HTMLInputElement).value || null)} />}
            </Field>
            <Field label="Choosing closes on (optional)" hint="The last day. Empty: while the program runs." error={fe('closes_on')}>
              {(a) => <input {...a} type="date" value={draft.closes_on ?? ''} onInput={(e) => set('closes_on', (e.target as HTMLInputElement).value || null)} />}
            </Field>
          </div>
        </fieldset>
      )}
      <ErrorMessage error={general} />
      <div class="form-actions">
        <Button type="submit" busy={busy} busyLabel="Saving…">
          Save how people are matched
        </Button>
        <LiveMessage class="saved">{saved}</LiveMessage>
      </div>
    </form>
  );
}
