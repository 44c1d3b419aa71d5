// A coordinator's vocabulary page (issue 23): the program's taxonomy — topic
// tree, goals, career stages, languages — edited one change at a time, the
// free tags people typed that many share (adopted in one click), the
// taxonomy as a CSV file (download; import all or nothing, every problem by
// row and column), where it started and its revision; and, on its own tab,
// the intake questions.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, fieldError, request } from '../api/client';
import type { FreeTag, Program, TaxonomyEdit, TaxonomyEditAnswer, Vocabulary } from '../api/types';
import { ProblemTable } from '../components/ProblemTable';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { QuestionsEditor } from '../components/QuestionEditor';
import { TopicTree, ValueList, editMessage } from '../components/TaxonomyEditor';
import { VocabularySourcePicker, useCoordinatedPrograms, useTemplates } from '../components/VocabularySource';
import { Button, ErrorMessage, Field, LiveMessage, Loaded, Loading, Notice, useResource } from '../components/ui';
import { Link, setQuery, useLocation } from '../router';
import { formatDateTime } from '../lib/time';
import { listWord, sourceWords, topicChoices } from '../lib/vocabulary';

export function useVocabulary(programId: number) {
  return useResource((signal) => api.get<Vocabulary>(`/programs/${programId}/vocabulary`, { signal }), [programId]);
}

function SourceCard({ program, vocabulary, onChanged }: { program: Program; vocabulary: Vocabulary; onChanged: (v: Vocabulary) => void }) {
  const templates = useTemplates();
  const programs = useCoordinatedPrograms();
  const [from, setFrom] = useState('template:hematology_oncology');
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const start = async (e: Event) => {
    e.preventDefault();
    if (!confirm) {
      setConfirm(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onChanged(await api.post<Vocabulary>(`/programs/${program.id}/vocabulary/start`, { from }));
      setConfirm(false);
      setDone('The vocabulary starts again. People keep their tags and answers.');
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const t = vocabulary.taxonomy;
  return (
    <section class="card" aria-labelledby="source-h">
      <h2 id="source-h">This program's vocabulary</h2>
      <p data-testid="vocabulary-source">
        Started from <strong>{sourceWords(vocabulary.source, templates.data, programs.data)}</strong>
        {vocabulary.built_in ? '; it becomes the program’s own with the first change.' : '.'} Revision {vocabulary.revision}
        {vocabulary.updated_at ? `, changed ${formatDateTime(vocabulary.updated_at)} (your time)` : ''}.
      </p>
      <p class="hint">
        {t.topics.length} topics, {t.goals.length} goals, {t.career_stages.length} career stages, {t.languages.length} languages; {vocabulary.questions.length} intake question
        {vocabulary.questions.length === 1 ? '' : 's'}. Changes reach matching at the next run.
      </p>
      <details class="start-again">
        <summary>Start again from a template or another program</summary>
        <form onSubmit={start} noValidate>
          <VocabularySourcePicker value={from} onChange={(v) => (setFrom(v), setConfirm(false))} except={program.id} legend="Start again from" />
          {confirm && (
            <p class="confirm-text" role="alert">
              Replace the whole vocabulary{from.startsWith('program:') ? ' and the intake questions' : ''}? People keep their tags; those outside the new vocabulary become their own tags.
            </p>
          )}
          <ErrorMessage error={error} />
          <div class="inline">
            <Button type="submit" class={confirm ? 'danger' : 'secondary'} busy={busy} busyLabel="Starting again…">
              {confirm ? 'Yes, start again' : 'Start again…'}
            </Button>
            {confirm && (
              <button type="button" class="secondary" onClick={() => setConfirm(false)}>
                Keep this one
              </button>
            )}
          </div>
          <LiveMessage class="saved">{done}</LiveMessage>
        </form>
      </details>
    </section>
  );
}

function FileCard({ program, onImported, onStart }: { program: Program; onImported: (v: Vocabulary) => void; onStart: () => void }) {
  const fileRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const [fileName, setFileName] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    onStart();
    setError(null);
    setDone('');
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setError(new ApiError(400, 'invalid_argument', 'Choose a CSV file first.', 'file'));
      return;
    }
    setBusy(true);
    try {
      const v = await request<Vocabulary>('POST', `/programs/${program.id}/taxonomy/import`, { text: await file.text(), contentType: 'text/csv' });
      onImported(v);
      const t = v.taxonomy;
      setDone(`Imported ${file.name}: ${t.topics.length} topics, ${t.goals.length} goals, ${t.career_stages.length} career stages, ${t.languages.length} languages.`);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const problems = error instanceof ApiError ? error.problems : [];
  return (
    <section class="card" aria-labelledby="file-h">
      <h2 id="file-h">The taxonomy as a file</h2>
      <p class="hint">
        A CSV file with the columns <code>list</code> (topic, goal, career_stage or language), <code>value</code> and <code>parent</code> (a topic's parent topic), career
        stages from the most junior.
      </p>
      <p>
        <a class="button secondary" href={`/api/v1/programs/${program.id}/taxonomy/export`} download={`program-${program.id}-taxonomy.csv`}>
          Download the taxonomy (CSV)
        </a>
      </p>
      <form onSubmit={submit} noValidate>
        <Field label="Replace it from a CSV file" hint="All or nothing: if any row has a problem, nothing changes and every problem is listed. People keep their tags." error={fieldError(error, 'file')}>
          {(a) => (
            <input
              {...a}
              ref={fileRef}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                setFileName((e.target as HTMLInputElement).files?.[0]?.name ?? '');
                setError(null);
                setDone('');
              }}
            />
          )}
        </Field>
        <Button type="submit" class="secondary" busy={busy} busyLabel="Importing…">
          Import the file
        </Button>
      </form>
      {error instanceof ApiError && error.status === 422 && (
        <>
          <div class="alert alert-error" role="alert">
            <p>
              <strong>Nothing changed.</strong> {fileName || 'The file'} has {problems.length} problem{problems.length === 1 ? '' : 's'}. Fix them in the file and import it
              again.
            </p>
          </div>
          {problems.length > 0 && <ProblemTable problems={problems} />}
        </>
      )}
      {error !== null && !(error instanceof ApiError && (error.status === 422 || error.field === 'file')) && <ErrorMessage error={error} />}
      {done && <Notice kind="success">{done}</Notice>}
    </section>
  );
}

function FreeTags({ program, vocabulary, edit }: { program: Program; vocabulary: Vocabulary; edit: (e: TaxonomyEdit) => Promise<TaxonomyEditAnswer> }) {
  const [min, setMin] = useState(2);
  const tags = useResource(
    (signal) => api.get<{ free_tags: FreeTag[] }>(`/programs/${program.id}/taxonomy/free-tags`, { signal, query: { min_people: min } }).then((r) => r.free_tags),
    [program.id, min, vocabulary.revision],
  );
  const [parents, setParents] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ key: string; error: unknown } | null>(null);
  const adopt = async (t: FreeTag) => {
    const key = `${t.list}:${t.value}`;
    setBusy(key);
    setError(null);
    try {
      await edit({ op: 'add', list: t.list, value: t.value, ...(t.list === 'topic' ? { parent: parents[key] || null } : {}) });
    } catch (err) {
      setError({ key, error: err });
    }
    setBusy(null);
  };
  const choices = topicChoices(vocabulary.taxonomy.topics);
  return (
    <section class="card" aria-labelledby="free-h">
      <h2 id="free-h">Free tags people typed</h2>
      <p class="hint">Values in people's profiles that the taxonomy lacks. They earn no partial credit in matching until adopted into the taxonomy.</p>
      <label class="inline-label">
        Shared by at least{' '}
        <select value={String(min)} onChange={(e) => setMin(Number((e.target as HTMLSelectElement).value))}>
          {[1, 2, 3, 5, 10].map((n) => (
            <option key={n} value={String(n)}>
              {n} {n === 1 ? 'person' : 'people'}
            </option>
          ))}
        </select>
      </label>
      {tags.loading && !tags.data && <Loading />}
      <ErrorMessage error={tags.error} retry={tags.reload} />
      {tags.data && tags.data.length === 0 && <p class="muted">None: every value shared by {min === 1 ? 'anyone' : `${min} or more people`} is in the taxonomy.</p>}
      {tags.data && tags.data.length > 0 && (
        <ul class="free-tags">
          {tags.data.map((t) => {
            const key = `${t.list}:${t.value}`;
            return (
              <li key={key} class="free-tag-row">
                <span class="free-tag-value">
                  <strong>{t.value}</strong>{' '}
                  <span class="hint">
                    {listWord(t.list)} · {t.people} {t.people === 1 ? 'person' : 'people'}
                  </span>
                </span>
                <span class="inline">
                  {t.list === 'topic' && (
                    <select
                      aria-label={`Parent topic for ${t.value}`}
                      value={parents[key] ?? ''}
                      onChange={(e) => setParents((p) => ({ ...p, [key]: (e.target as HTMLSelectElement).value }))}
                    >
                      <option value="">(top level)</option>
                      {choices.map(([id, label]) => (
                        <option key={id} value={id}>
                          {label}
                        </option>
                      ))}
                    </select>
                  )}
                  <Button type="button" class="small" busy={busy === key} busyLabel="Adopting…" aria-label={`Adopt ${t.value} as a ${listWord(t.list)}`} onClick={() => adopt(t)}>
                    Adopt
                  </Button>
                </span>
                {error?.key === key && <ErrorMessage error={error.error} />}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function VocabularyPage({ programId }: { programId: number }) {
  const program = useProgram(programId);
  const vocabulary = useVocabulary(programId);
  const { search } = useLocation();
  const tab = search.get('tab') === 'questions' ? 'questions' : 'taxonomy';
  const [message, setMessage] = useState('');
  // The message of the last edit stays a while, then leaves the page (it also says it in the live region).
  useEffect(() => {
    if (!message) return;
    const t = setTimeout(() => setMessage(''), 10_000);
    return () => clearTimeout(t);
  }, [message]);
  const replaced = (v: Vocabulary) => {
    setMessage('');
    vocabulary.setData(v);
  };
  const edit = async (e: TaxonomyEdit) => {
    setMessage('');
    const r = await api.post<TaxonomyEditAnswer>(`/programs/${programId}/taxonomy/edits`, e);
    vocabulary.setData(r.vocabulary);
    setMessage(editMessage(e, r.profiles_changed));
    return r;
  };
  return (
    <ProgramFrame program={program} title="Vocabulary">
      {(p) => (
        <Loaded resource={vocabulary} what="this program's vocabulary">
          {(v) => (
            <>
              <nav aria-label="Vocabulary sections" class="subtabs link-nav">
                <ul>
                  <li>
                    <Link href={`/programs/${p.id}/vocabulary`} aria-current={tab === 'taxonomy' ? 'page' : undefined} onClick={(e) => (e.preventDefault(), setQuery('tab', null))}>
                      Topics and lists
                    </Link>
                  </li>
                  <li>
                    <Link
                      href={`/programs/${p.id}/vocabulary?tab=questions`}
                      aria-current={tab === 'questions' ? 'page' : undefined}
                      onClick={(e) => (e.preventDefault(), setQuery('tab', 'questions'))}
                    >
                      Intake questions ({v.questions.length})
                    </Link>
                  </li>
                </ul>
              </nav>
              {tab === 'taxonomy' ? (
                <>
                  <SourceCard program={p} vocabulary={v} onChanged={replaced} />
                  <FreeTags program={p} vocabulary={v} edit={edit} />
                  <TopicTree taxonomy={v.taxonomy} edit={edit} />
                  <ValueList list="career_stage" taxonomy={v.taxonomy} edit={edit} />
                  <ValueList list="goal" taxonomy={v.taxonomy} edit={edit} />
                  <ValueList list="language" taxonomy={v.taxonomy} edit={edit} />
                  <FileCard program={p} onImported={replaced} onStart={() => setMessage('')} />
                </>
              ) : (
                <QuestionsEditor programId={p.id} vocabulary={v} onSaved={vocabulary.setData} />
              )}
              <div class={`toast${message ? ' shown' : ''}`}>
                <LiveMessage>{message}</LiveMessage>
                {message && (
                  <button type="button" class="link-button" aria-label="Dismiss the message" onClick={() => setMessage('')}>
                    ×
                  </button>
                )}
              </div>
            </>
          )}
        </Loaded>
      )}
    </ProgramFrame>
  );
}
