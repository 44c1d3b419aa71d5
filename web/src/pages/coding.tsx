// Qualitative coding (the "Coding" area of a program's evaluation, issue 19):
// documents (transcripts checked for identifiers before they are kept, or a
// survey's long answers), a document coded passage by passage (the caller's
// own coding, or the agreed coding of the consensus pass), the codebook
// nested one level, two coders' agreement (Cohen's kappa per code and
// pooled, read with Landis and Koch's bands, and the disagreements), and
// themes with codes and quotes. For the program's coordinators and
// evaluators; the API's offsets are code points (lib/qualitative.ts converts).
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, api, fieldError } from '../api/client';
import type { Enrollment, Program } from '../api/types';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { Button, ErrorMessage, Field, FormError, LiveMessage, Loading, Notice, useId, useResource, useSubmit } from '../components/ui';
import {
  KAPPA_BANDS,
  agreementReading,
  codeColours,
  codePath,
  codeTree,
  formatKappa,
  groupDisagreements,
  identifierKind,
  identifiersSummary,
  kappaBand,
  lineAt,
  linesOf,
  orderedCodes,
  placeholderFor,
  rangeInLine,
  replaceIdentifiers,
  runsOf,
  segmentMarks,
  selectionRange,
  shortQuote,
  sliceCodePoints,
  toCodePoint,
  toUtf16,
  type CoderAgreement,
  type Identifier,
  type Line,
  type Mark,
  type QualCode,
  type QualDocument,
  type QualDocumentView,
  type QualSegment,
  type QualTheme,
} from '../lib/qualitative';
import type { Survey } from '../lib/surveys';
import { formatDate } from '../lib/time';
import { Link, useLocation } from '../router';
import { canCoordinate, useSession } from '../session';

const value = (e: Event) => (e.target as HTMLInputElement).value;
const base = (programId: number) => `/programs/${programId}/coding`;

type Section = 'documents' | 'codebook' | 'agreement' | 'themes' | 'document';
const SECTIONS: [Exclude<Section, 'document'>, string, string][] = [
  ['documents', '', 'Documents'],
  ['codebook', '/codebook', 'Codebook'],
  ['agreement', '/agreement', 'Agreement'],
  ['themes', '/themes', 'Themes'],
];

/** The frame of every coding page: the program, who may use it, and the coding sections. */
function CodingFrame({ programId, title, section, children }: { programId: number; title: string; section: Section; children: (p: Program) => ComponentChildren }) {
  const program = useProgram(programId);
  const { me } = useSession();
  return (
    <ProgramFrame program={program} title={title} forEveryMember wide>
      {(p) => {
        const coordinator = canCoordinate(me, p.id);
        const evaluator = !!me?.memberships.some((m) => m.program_id === p.id && m.role === 'evaluator' && m.status === 'active');
        if (!coordinator && !evaluator)
          return (
            <>
              <p class="lead">The qualitative coding of {p.name} is for the program's evaluators and coordinators.</p>
              <p>
                <Link href="/">Go to your home page</Link>.
              </p>
            </>
          );
        return (
          <>
            <nav aria-label="Coding" class="coding-nav link-nav">
              <ul>
                {SECTIONS.map(([key, suffix, label]) => (
                  <li key={key}>
                    <Link href={base(p.id) + suffix} aria-current={section === key ? 'page' : undefined}>
                      {label}
                    </Link>
                  </li>
                ))}
                <li class="coding-nav-back">
                  <Link href={`/programs/${p.id}/evaluation`}>Back to the evaluation</Link>
                </li>
              </ul>
            </nav>
            {children(p)}
          </>
        );
      }}
    </ProgramFrame>
  );
}

/** The program's codebook. */
function useCodes(programId: number) {
  return useResource((signal) => api.get<QualCode[]>(`/programs/${programId}/qualitative/codes`, { signal }), [programId]);
}

/** A code's name with its colour as a swatch (colour is never the only cue: the name is written). */
function CodeChip({ code, codes, colours }: { code: QualCode | undefined; codes: QualCode[]; colours: Map<number, { tint: string; strong: string }> }) {
  if (!code) return <span class="code-chip">a removed code</span>;
  const c = colours.get(code.id);
  return (
    <span class="code-chip" style={c ? { background: c.tint, borderColor: c.strong } : undefined}>
      <span class="swatch" aria-hidden="true" style={c ? { background: c.strong } : undefined} />
      {codePath(code, codes)}
    </span>
  );
}

// ----------------------------------------------------------- documents --

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const isDocx = (name: string) => /\.docx$/i.test(name);

/** Reads a chosen .txt file as text (UTF-8). */
function readFile(file: File): Promise<string> {
  return new Promise((ok, fail) => {
    const reader = new FileReader();
    reader.onload = () => ok(String(reader.result ?? ''));
    reader.onerror = () => fail(reader.error);
    reader.readAsText(file);
  });
}

/** The file's bytes as standard base64 (what the API takes). */
function readBase64(file: File): Promise<string> {
  return new Promise((ok, fail) => {
    const reader = new FileReader();
    reader.onload = () => ok(String(reader.result ?? '').replace(/^data:[^,]*,/, ''));
    reader.onerror = () => fail(reader.error);
    reader.readAsDataURL(file);
  });
}

/** The text with what the check found highlighted, each highlight saying what it is. */
function IdentifierPreview({ text, identifiers }: { text: string; identifiers: Identifier[] }) {
  const marks: Mark[] = identifiers.map((id, i) => ({ id: i, start: toUtf16(text, id.start), end: toUtf16(text, id.end) }));
  return (
    <div class="identifier-preview" role="region" aria-label="The text with what the check found highlighted" tabIndex={0}>
      {linesOf(text).map((line) => (
        <p key={line.number} class="preview-line">
          {line.text === '' ? '\u00a0' : null}
          {runsOf(line.start, line.end, marks).map((r) => {
            const piece = text.slice(r.start, r.end);
            if (r.ids.length === 0) return <span key={r.start}>{piece}</span>;
            const kind = identifiers[r.ids[0]].kind;
            return (
              <mark key={r.start} class={`identifier identifier-${kind}`}>
                {piece}
                <span class="visually-hidden"> ({identifierKind(kind)})</span>
              </mark>
            );
          })}
        </p>
      ))}
    </div>
  );
}

function AddTranscript({ program, onAdded }: { program: Program; onAdded: (d: QualDocument) => void }) {
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [checked, setChecked] = useState<{ text: string; identifiers: Identifier[] } | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [problem, setProblem] = useState<{ field: 'check' | 'confirm'; message: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const checkId = useId('check');
  const confirmId = useId('confirm');

  const runCheck = async (t: string) => {
    const r = await api.post<{ identifiers: Identifier[] }>(`/programs/${program.id}/qualitative/check`, { text: t });
    setChecked({ text: t, identifiers: r.identifiers });
    setConfirmed(false);
  };
  const check = useSubmit(async () => {
    setProblem(null);
    if (!text.trim()) {
      setProblem({ field: 'check', message: 'Paste the text or load a file first.' });
      return;
    }
    await runCheck(text);
  });
  const replace = async (ids: Identifier[]) => {
    if (!checked) return;
    const next = replaceIdentifiers(checked.text, ids);
    setText(next);
    try {
      await runCheck(next);
    } catch (e) {
      check.setError(e);
    }
  };
  const save = useSubmit(async () => {
    setProblem(null);
    if (!checked || checked.text !== text) {
      setProblem({ field: 'check', message: checked ? 'The text changed after the check: check it again before saving.' : 'Check the text for identifiers before saving it.' });
      return;
    }
    if (!confirmed) {
      setProblem({ field: 'confirm', message: 'Tick “I confirm the text names nobody” to save: replace what identifies anyone first.' });
      document.getElementById(confirmId)?.focus();
      return;
    }
    const d = await api.post<QualDocument>(`/programs/${program.id}/qualitative/documents`, { title: title.trim(), text, confirmed_deidentified: true });
    setTitle('');
    setText('');
    setChecked(null);
    setConfirmed(false);
    onAdded(d);
  });
  const stale = checked !== null && checked.text !== text;

  return (
    <form class="card add-transcript" aria-labelledby="add-h" onSubmit={save.submit} noValidate>
      <h3 id="add-h">Add a transcript</h3>
      <p class="hint">
        An interview or focus group as plain text or a Word file, one speaker turn a line (“Interviewer: …”, “P1: …”): agreement between coders is counted line by line. Tandem
        first shows what in it looks like an e-mail address, a phone number or a name of the program's people; replace those (e.g. with [name]) and confirm the
        text names nobody before it is kept.
      </p>
      <Field label="Title" error={fieldError(save.error, 'title')}>
        {(a) => <input type="text" {...a} value={title} maxLength={200} onInput={(e) => setTitle(value(e))} />}
      </Field>
      <Field label="Text" error={fieldError(save.error, 'text')} class="transcript-field">
        {(a) => (
          <textarea
            {...a}
            rows={10}
            value={text}
            onInput={(e) => {
              setText(value(e));
              setConfirmed(false);
            }}
          />
        )}
      </Field>
      <Field
        label="Or load a file (.txt or Word .docx)"
        error={fileError}
        hint="Its text replaces what is in the box above; a Word file is converted by Tandem (one paragraph a line) and checked for identifiers at once."
      >
        {(a) => (
          <input
            type="file"
            accept={`.txt,text/plain,.docx,${DOCX}`}
            {...a}
            aria-busy={reading ? 'true' : undefined}
            onChange={async (e) => {
              const input = e.target as HTMLInputElement;
              const file = input.files?.[0];
              if (!file) return;
              setFileError(null);
              setProblem(null);
              const docx = isDocx(file.name);
              setReading(docx);
              try {
                if (docx) {
                  const r = await api.post<{ text: string; identifiers: Identifier[] }>(`/programs/${program.id}/qualitative/read`, {
                    file_name: file.name,
                    content_base64: await readBase64(file),
                  });
                  setText(r.text);
                  setChecked({ text: r.text, identifiers: r.identifiers });
                } else {
                  setText(await readFile(file));
                }
                setConfirmed(false);
                if (!title.trim()) setTitle(file.name.replace(/\.(txt|docx)$/i, ''));
              } catch (err) {
                setFileError(
                  err instanceof ApiError
                    ? err.status === 400 || err.status === 413
                      ? `${file.name}: ${err.message}`
                      : `${file.name} could not be read: ${err.message}`
                    : `${file.name} could not be read. Save it as plain text (.txt) or a Word document (.docx) and try again.`,
                );
              } finally {
                setReading(false);
              }
            }}
          />
        )}
      </Field>
      {reading && <Loading label="Reading the Word file…" />}
      <div class="form-actions">
        <Button type="button" class="secondary" busy={check.busy} busyLabel="Checking…" onClick={() => check.submit()} aria-describedby={problem?.field === 'check' ? checkId : undefined}>
          Check for identifiers
        </Button>
      </div>
      {problem?.field === 'check' && (
        <p class="field-error" id={checkId}>
          {problem.message}
        </p>
      )}
      <ErrorMessage error={check.error} />
      {checked && (
        <section class="identifier-check" aria-labelledby="found-h">
          <h4 id="found-h">What the check found</h4>
          {stale ? (
            <p class="alert alert-warning">You changed the text after the check. Check it again to see what it finds now.</p>
          ) : (
            <>
              <p>
                Tandem found {identifiersSummary(checked.identifiers)}
                {checked.identifiers.length > 0 ? ', highlighted below.' : '.'} It cannot find everything: read the text for other details that identify someone
                (a rare event, an institution named with a role).
              </p>
              {checked.identifiers.length > 0 && (
                <>
                  <ul class="identifier-list">
                    {checked.identifiers.map((id, i) => (
                      <li key={`${id.start}-${i}`}>
                        <span>
                          {identifierKind(id.kind)} “{id.text}” on line {lineAt(checked.text, id.start)}
                        </span>{' '}
                        <button type="button" class="secondary small" onClick={() => replace([id])}>
                          Replace with {placeholderFor(id.kind)}
                          <span class="visually-hidden"> ({id.text})</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                  {checked.identifiers.length > 1 && (
                    <p>
                      <button type="button" class="secondary small" onClick={() => replace(checked.identifiers)}>
                        Replace all {checked.identifiers.length}
                      </button>
                    </p>
                  )}
                </>
              )}
              <IdentifierPreview text={checked.text} identifiers={checked.identifiers} />
            </>
          )}
          <div class={`field${problem?.field === 'confirm' ? ' field-invalid' : ''}`}>
            <label class="check">
              <input
                type="checkbox"
                id={confirmId}
                checked={confirmed}
                aria-describedby={problem?.field === 'confirm' || fieldError(save.error, 'confirmed_deidentified') ? `${confirmId}-err` : undefined}
                onChange={(e) => {
                  setConfirmed((e.target as HTMLInputElement).checked);
                  if (problem?.field === 'confirm') setProblem(null);
                }}
              />
              <span>I confirm the text names nobody</span>
            </label>
            {(problem?.field === 'confirm' || fieldError(save.error, 'confirmed_deidentified')) && (
              <p class="field-error" id={`${confirmId}-err`}>
                {problem?.field === 'confirm' ? problem.message : fieldError(save.error, 'confirmed_deidentified')}
              </p>
            )}
          </div>
          <FormError error={save.error} fields={['title', 'text', 'confirmed_deidentified']} />
          <div class="form-actions">
            <Button type="submit" busy={save.busy} busyLabel="Saving…">
              Save the document
            </Button>
          </div>
        </section>
      )}
    </form>
  );
}

function FromSurvey({ program, onAdded }: { program: Program; onAdded: (d: QualDocument) => void }) {
  const surveys = useResource(
    (signal) => api.get<{ surveys: { survey: Survey; responses: number }[] }>(`/programs/${program.id}/surveys`, { signal }),
    [program.id],
  );
  const usable = (surveys.data?.surveys ?? []).filter((s) => s.responses > 0 && s.survey.items.some((i) => i.kind === 'long_text'));
  const [surveyId, setSurveyId] = useState('');
  const [item, setItem] = useState('');
  const chosen = usable.find((s) => String(s.survey.id) === surveyId) ?? usable[0];
  const items = chosen ? chosen.survey.items.filter((i) => i.kind === 'long_text') : [];
  const itemCode = items.some((i) => i.code === item) ? item : items[0]?.code ?? '';
  const make = useSubmit(async () => {
    if (!chosen || !itemCode) return;
    onAdded(await api.post<QualDocument>(`/surveys/${chosen.survey.id}/qualitative-document`, { item: itemCode }));
  });
  return (
    <form class="card" aria-labelledby="survey-doc-h" onSubmit={make.submit} noValidate>
      <h3 id="survey-doc-h">From a survey</h3>
      <p class="hint">The answers to one long-text question, one answer a line, de-identified as evaluators read them and out of response order.</p>
      {surveys.loading && !surveys.data && <Loading label="Loading the surveys…" />}
      <ErrorMessage error={surveys.error} retry={surveys.reload} />
      {surveys.data && usable.length === 0 && <p>No survey of this program has answers to a long-text question yet.</p>}
      {usable.length > 0 && chosen && (
        <>
          <Field label="Survey">
            {(a) => (
              <select {...a} value={String(chosen.survey.id)} onChange={(e) => setSurveyId(value(e))}>
                {usable.map((s) => (
                  <option key={s.survey.id} value={String(s.survey.id)}>
                    {s.survey.title} ({s.responses} responses)
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Question" error={fieldError(make.error, 'item')}>
            {(a) => (
              <select {...a} value={itemCode} onChange={(e) => setItem(value(e))}>
                {items.map((i) => (
                  <option key={i.code} value={i.code}>
                    {i.text}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <FormError error={make.error} fields={['item']} />
          <Button type="submit" busy={make.busy} busyLabel="Making the document…">
            Make a document of the answers
          </Button>
        </>
      )}
    </form>
  );
}

export function CodingDocumentsPage({ programId }: { programId: number }) {
  return (
    <CodingFrame programId={programId} title="Coding: documents" section="documents">
      {(p) => <Documents program={p} />}
    </CodingFrame>
  );
}

function Documents({ program }: { program: Program }) {
  const docs = useResource((signal) => api.get<QualDocument[]>(`/programs/${program.id}/qualitative/documents`, { signal }), [program.id]);
  const [added, setAdded] = useState('');
  const onAdded = (d: QualDocument) => {
    setAdded(`Added “${d.title}”. Open it to code it.`);
    docs.setData([...(docs.data ?? []), { ...d, text: '' }]);
  };
  return (
    <>
      <p>
        Interview and focus-group transcripts and long survey answers, coded by two coders on their own, then compared: the codes per line, Cohen's kappa, the
        disagreements to talk through, an agreed coding, and themes with quotes. Nobody else sees a coder's segments until the agreement.
      </p>
      <section aria-labelledby="docs-h">
        <h2 id="docs-h">Documents</h2>
        {docs.loading && !docs.data && <Loading label="Loading the documents…" />}
        <ErrorMessage error={docs.error} retry={docs.reload} />
        {docs.data && docs.data.length === 0 && <p>No document yet. Add a transcript or make one from a survey below.</p>}
        {docs.data && docs.data.length > 0 && (
          <ul class="plain document-list">
            {docs.data.map((d) => (
              <li key={d.id}>
                <Link href={`${base(program.id)}/documents/${d.id}`}>{d.title}</Link>
                <span class="muted small">
                  {' '}
                  · {d.source === 'survey' ? 'survey answers' : 'transcript'} · added {formatDate(d.created_at)}
                </span>
              </li>
            ))}
          </ul>
        )}
        <LiveMessage class="saved">{added}</LiveMessage>
      </section>
      <div class="two-col add-documents">
        <AddTranscript program={program} onAdded={onAdded} />
        <FromSurvey program={program} onAdded={onAdded} />
      </div>
    </>
  );
}

// -------------------------------------------------------- coding a text --

export function CodingDocumentPage({ programId, documentId }: { programId: number; documentId: number }) {
  return (
    <CodingFrame programId={programId} title="Coding: document" section="document">
      {(p) => <CodeDocument program={p} documentId={documentId} />}
    </CodingFrame>
  );
}

interface Picked {
  /** UTF-16 range of the document text. */
  start: number;
  end: number;
  how: 'selection' | 'line';
}

function CodeDocument({ program, documentId }: { program: Program; documentId: number }) {
  const { me } = useSession();
  const { search } = useLocation();
  const view = useResource((signal) => api.get<QualDocumentView>(`/qualitative/documents/${documentId}`, { signal }), [documentId]);
  const codes = useCodes(program.id);
  const [agreed, setAgreed] = useState(search.get('agreed') === '1');
  const [picked, setPicked] = useState<Picked | null>(null);
  const [lineNo, setLineNo] = useState('');
  const [words, setWords] = useState('');
  const [codeId, setCodeId] = useState('');
  const [said, setSaid] = useState('');
  const [removing, setRemoving] = useState<number | null>(null);
  const [removeError, setRemoveError] = useState<unknown>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const codeSelect = useRef<HTMLSelectElement>(null);
  const text = view.data?.document.text ?? '';
  const lines = useMemo(() => linesOf(text), [text]);
  const all = codes.data ?? [];
  const ordered = useMemo(() => orderedCodes(all), [all]);
  const colours = useMemo(() => codeColours(all), [all]);
  const byId = useMemo(() => new Map(all.map((c) => [c.id, c])), [all]);

  // The segments of the pass shown: the caller's own, or the agreed coding.
  const mine = (view.data?.segments ?? []).filter((s) => s.coder_id !== null && s.coder_id === me?.user.id);
  const agreedSegments = (view.data?.segments ?? []).filter((s) => s.coder_id === null);
  const shown = (agreed ? agreedSegments : mine).slice().sort((a, b) => a.start - b.start || a.end - b.end);
  const marks = segmentMarks(text, shown);
  const segmentById = new Map(shown.map((s) => [s.id, s]));

  const pickLine = (line: Line, w: string): Picked | null => {
    const r = rangeInLine(line, w);
    return r ? { ...r, how: 'line' } : null;
  };

  // A text selection in the document becomes the passage to code.
  const textNow = useRef(text);
  textNow.current = text;
  useEffect(() => {
    const onChange = () => {
      const root = textRef.current;
      if (!root) return;
      const r = selectionRange(root, document.getSelection(), textNow.current);
      if (!r) return;
      setPicked({ ...r, how: 'selection' });
      setLineNo('');
      setWords('');
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, []);

  // ?at=CODE_POINT (from the disagreements): that line, chosen and in view.
  useEffect(() => {
    const at = search.get('at');
    if (!text || at === null) return;
    const n = lineAt(text, Number(at));
    setLineNo(String(n));
    const line = lines.find((l) => l.number === n);
    if (line) setPicked(pickLine(line, ''));
    requestAnimationFrame(() => document.getElementById(`line-${n}`)?.scrollIntoView({ block: 'center' }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  const chooseLine = (n: string, w: string) => {
    setLineNo(n);
    setWords(w);
    const line = lines.find((l) => String(l.number) === n);
    setPicked(line ? pickLine(line, w) : null);
  };
  const wordsMissing = lineNo !== '' && words.trim() !== '' && picked === null;

  const save = useSubmit(async () => {
    setSaid('');
    if (!picked) throw new ApiError(400, 'invalid_argument', 'Choose a passage first: select words in the text, or choose a line.', 'passage');
    const code = byId.get(Number(codeId));
    if (!code) throw new ApiError(400, 'invalid_argument', 'Choose a code for the passage.', 'code_id');
    const s = await api.post<QualSegment>(`/qualitative/documents/${documentId}/segments`, {
      code_id: code.id,
      start: toCodePoint(text, picked.start),
      end: toCodePoint(text, picked.end),
      agreed,
    });
    if (view.data) view.setData({ ...view.data, segments: [...view.data.segments, s] });
    setSaid(`Coded ${shortQuote(sliceCodePoints(text, s.start, s.end), 60)} as ${codePath(code, all)}${agreed ? ' in the agreed coding' : ''}.`);
    setPicked(null);
    setLineNo('');
    setWords('');
    document.getSelection()?.removeAllRanges();
  });

  const remove = async (s: QualSegment) => {
    setRemoving(s.id);
    setRemoveError(null);
    try {
      await api.del(`/qualitative/segments/${s.id}`);
      if (view.data) view.setData({ ...view.data, segments: view.data.segments.filter((x) => x.id !== s.id) });
      const c = byId.get(s.code_id);
      setSaid(`Removed ${shortQuote(sliceCodePoints(text, s.start, s.end), 60)}${c ? ` (${codePath(c, all)})` : ''}.`);
    } catch (e) {
      setRemoveError(e);
    }
    setRemoving(null);
  };

  if (view.error && !view.data) return <ErrorMessage error={view.error} retry={view.reload} />;
  if (!view.data || !codes.data) return <Loading label="Loading the document…" />;
  const doc = view.data.document;
  const code = byId.get(Number(codeId));
  const pickedText = picked ? text.slice(picked.start, picked.end) : '';

  return (
    <>
      <h2 class="document-title">{doc.title}</h2>
      <p class="muted small">
        {doc.source === 'survey' ? 'Survey answers, one a line' : 'Transcript'} · added {formatDate(doc.created_at)} · {lines.filter((l) => l.text.trim()).length} lines
      </p>
      <div class="pass-switch card">
        <label class="check switch">
          <input type="checkbox" role="switch" checked={agreed} onChange={(e) => setAgreed((e.target as HTMLInputElement).checked)} />
          <span>
            <strong>Agreed coding</strong> (the consensus pass)
          </span>
        </label>
        <p class="hint">
          {agreed
            ? 'You see and change the coding the coders agreed on, which every coder sees. Turn this off to code on your own.'
            : 'You code on your own: nobody sees your segments until they compare them in the agreement. Turn this on after the coders have met, to record what they agreed on.'}
        </p>
      </div>
      {all.length === 0 && (
        <Notice kind="warning">
          The codebook is empty. <Link href={`${base(program.id)}/codebook`}>Add codes to the codebook</Link> before coding.
        </Notice>
      )}
      <div class="coding-layout">
        <div class="coding-text-column">
          <h3 class="visually-hidden">The text</h3>
          <p class="hint">
            {agreed ? 'The agreed coding' : 'Your coding'} is highlighted; each line's codes are named beside it. Select words with the mouse (or your finger) to
            code them, or choose a line in “Code a passage”.
          </p>
          <div class="doc-text" ref={textRef}>
            {lines.map((line) => {
              const onLine = runsOf(line.start, line.end, marks);
              const lineCodes = [...new Set(marks.filter((m) => m.start < line.end && m.end > line.start).map((m) => segmentById.get(m.id)!.code_id))];
              return (
                <div key={line.number} id={`line-${line.number}`} class={`doc-line${String(line.number) === lineNo ? ' doc-line-chosen' : ''}`}>
                  <span class="line-no" aria-hidden="true">
                    {line.number}
                  </span>
                  <p class="line-text">
                    {line.text === '' && '\u00a0'}
                    {onLine.map((r) => {
                      const piece = text.slice(r.start, r.end);
                      if (r.ids.length === 0)
                        return (
                          <span key={r.start} data-start={r.start}>
                            {piece}
                          </span>
                        );
                      const segs = r.ids.map((id) => segmentById.get(id)!);
                      const first = colours.get(segs[0].code_id);
                      const names = [...new Set(segs.map((s) => codePath(byId.get(s.code_id)!, all)))];
                      return (
                        <mark
                          key={r.start}
                          data-start={r.start}
                          class={`coded${names.length > 1 ? ' coded-many' : ''}`}
                          title={names.join('; ')}
                          style={first ? { background: first.tint, boxShadow: `inset 0 -3px 0 ${first.strong}` } : undefined}
                        >
                          {piece}
                        </mark>
                      );
                    })}
                  </p>
                  {lineCodes.length > 0 && (
                    <ul class="line-codes" aria-label={`Codes on line ${line.number}`}>
                      {lineCodes.map((id) => (
                        <li key={id}>
                          <CodeChip code={byId.get(id)} codes={all} colours={colours} />
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              );
            })}
          </div>
          {picked?.how === 'selection' && (
            <div class="selection-bar">
              <span>
                Selected: {shortQuote(pickedText, 50)}
              </span>
              <button
                type="button"
                class="small"
                onClick={() => {
                  codeSelect.current?.scrollIntoView({ block: 'center' });
                  codeSelect.current?.focus();
                }}
              >
                Choose its code
              </button>
            </div>
          )}
        </div>
        <form class="card coding-panel" aria-labelledby="code-h" onSubmit={save.submit} noValidate>
          <h3 id="code-h">Code a passage</h3>
          <Field label="Line" hint="Or select words in the text.">
            {(a) => (
              <select {...a} value={lineNo} onChange={(e) => chooseLine(value(e), words)}>
                <option value="">{picked?.how === 'selection' ? 'Your selection in the text' : 'Choose a line…'}</option>
                {lines
                  .filter((l) => l.text.trim())
                  .map((l) => (
                    <option key={l.number} value={String(l.number)}>
                      {l.number}. {shortQuote(l.text, 48).slice(1, -1)}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          {lineNo !== '' && (
            <Field label="Only these words (optional)" hint="Leave empty for the whole turn after the speaker." error={wordsMissing ? 'The line does not hold these words.' : null}>
              {(a) => <input type="text" {...a} value={words} onInput={(e) => chooseLine(lineNo, value(e))} />}
            </Field>
          )}
          <div class="picked">
            <p class="label-like">Passage</p>
            {picked ? (
              <p class="picked-text">
                {shortQuote(pickedText, 160)} <span class="muted small">(line {lineAt(text, toCodePoint(text, picked.start))})</span>
              </p>
            ) : (
              <p class="muted">None chosen yet.</p>
            )}
            {fieldError(save.error, 'passage') && <p class="field-error">{fieldError(save.error, 'passage')}</p>}
          </div>
          <Field label="Code" error={fieldError(save.error, 'code_id')} hint={code?.definition || undefined}>
            {(a) => (
              <select {...a} ref={codeSelect} value={codeId} onChange={(e) => setCodeId(value(e))}>
                <option value="">Choose a code…</option>
                {ordered.map((c) => (
                  <option key={c.id} value={String(c.id)}>
                    {codePath(c, all)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <FormError error={save.error} fields={['passage', 'code_id', 'start', 'end']} />
          {(fieldError(save.error, 'start') || fieldError(save.error, 'end')) && <ErrorMessage error={save.error} />}
          <Button type="submit" busy={save.busy} busyLabel="Saving…">
            {agreed ? 'Add to the agreed coding' : 'Code the passage'}
          </Button>
          <p>
            <LiveMessage class="saved">{said}</LiveMessage>
          </p>
        </form>
      </div>
      <section aria-labelledby="segments-h" class="segments">
        <h3 id="segments-h">
          {agreed ? 'The agreed coding' : 'Your segments'} ({shown.length})
        </h3>
        {!agreed && agreedSegments.length > 0 && (
          <p class="hint">
            The agreed coding has {agreedSegments.length} segment{agreedSegments.length === 1 ? '' : 's'}: turn on “Agreed coding” to see {agreedSegments.length === 1 ? 'it' : 'them'}.
          </p>
        )}
        <ErrorMessage error={removeError} />
        {shown.length === 0 ? (
          <p>{agreed ? 'Nothing is in the agreed coding of this document yet.' : 'You have not coded this document yet.'}</p>
        ) : (
          <ul class="segment-list">
            {shown.map((s) => {
              const c = byId.get(s.code_id);
              const quote = shortQuote(sliceCodePoints(text, s.start, s.end), 120);
              return (
                <li key={s.id}>
                  <CodeChip code={c} codes={all} colours={colours} />
                  <span class="segment-quote">
                    {quote} <span class="muted small">line {lineAt(text, s.start)}</span>
                  </span>
                  <Button type="button" class="secondary small" busy={removing === s.id} busyLabel="Removing…" onClick={() => remove(s)}>
                    Remove<span class="visually-hidden"> {quote} ({c ? codePath(c, all) : 'code'})</span>
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </>
  );
}

// ------------------------------------------------------------- codebook --

export function CodebookPage({ programId }: { programId: number }) {
  return (
    <CodingFrame programId={programId} title="Coding: codebook" section="codebook">
      {(p) => <Codebook program={p} />}
    </CodingFrame>
  );
}

function CodeForm({
  program,
  codes,
  code,
  onSaved,
  onCancel,
}: {
  program: Program;
  codes: QualCode[];
  code?: QualCode;
  onSaved: (c: QualCode) => void;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(code?.name ?? '');
  const [definition, setDefinition] = useState(code?.definition ?? '');
  const [example, setExample] = useState(code?.example ?? '');
  const [parent, setParent] = useState(code?.parent_id ? String(code.parent_id) : '');
  const hasChildren = !!code && codes.some((c) => c.parent_id === code.id);
  const parents = codes.filter((c) => c.parent_id === null && c.id !== code?.id);
  const save = useSubmit(async () => {
    const body = { name: name.trim(), definition: definition.trim(), example: example.trim(), parent_id: parent ? Number(parent) : null };
    const saved = code ? await api.put<QualCode>(`/qualitative/codes/${code.id}`, body) : await api.post<QualCode>(`/programs/${program.id}/qualitative/codes`, body);
    if (!code) {
      setName('');
      setDefinition('');
      setExample('');
      setParent('');
    }
    onSaved(saved);
  });
  return (
    <form class="code-form" onSubmit={save.submit} noValidate aria-label={code ? `Change the code ${code.name}` : 'Add a code'}>
      <div class="row">
        <Field label="Name" error={fieldError(save.error, 'name')}>
          {(a) => <input type="text" {...a} value={name} maxLength={100} onInput={(e) => setName(value(e))} />}
        </Field>
        <Field label="Under" error={fieldError(save.error, 'parent_id')} hint={hasChildren ? 'Codes under it keep it at the top level.' : 'Codes nest one level.'}>
          {(a) => (
            <select {...a} value={parent} onChange={(e) => setParent(value(e))} disabled={hasChildren}>
              <option value="">Nothing: a top-level code</option>
              {parents.map((c) => (
                <option key={c.id} value={String(c.id)}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Definition" hint="When to apply the code, and when not." error={fieldError(save.error, 'definition')}>
        {(a) => <textarea {...a} rows={2} value={definition} onInput={(e) => setDefinition(value(e))} />}
      </Field>
      <Field label="Example" hint="A typical passage." error={fieldError(save.error, 'example')}>
        {(a) => <textarea {...a} rows={2} value={example} onInput={(e) => setExample(value(e))} />}
      </Field>
      <FormError error={save.error} fields={['name', 'parent_id', 'definition', 'example']} />
      <div class="actions form-actions">
        <Button type="submit" busy={save.busy}>
          {code ? 'Save the code' : 'Add the code'}
        </Button>
        {onCancel && (
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function CodeEntry({
  program,
  code,
  codes,
  colours,
  onSaved,
}: {
  program: Program;
  code: QualCode;
  codes: QualCode[];
  colours: Map<number, { tint: string; strong: string }>;
  onSaved: (c: QualCode) => void;
}) {
  const Heading = code.parent_id ? 'h4' : 'h3';
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  if (editing)
    return (
      <div class="code-entry editing">
        <CodeForm
          program={program}
          codes={codes}
          code={code}
          onSaved={(c) => {
            setEditing(false);
            onSaved(c);
            setTimeout(() => editButton.current?.focus());
          }}
          onCancel={() => {
            setEditing(false);
            setTimeout(() => editButton.current?.focus());
          }}
        />
      </div>
    );
  return (
    <div class="code-entry">
      <div class="code-entry-head">
        <Heading>
          <CodeChip code={code} codes={[code]} colours={colours} />
        </Heading>
        <button type="button" class="secondary small" ref={editButton} onClick={() => setEditing(true)}>
          Edit<span class="visually-hidden"> {code.name}</span>
        </button>
      </div>
      {code.definition ? <p class="code-definition">{code.definition}</p> : <p class="muted">No definition yet.</p>}
      {code.example && (
        <p class="code-example">
          <span class="muted">Example:</span> “{code.example}”
        </p>
      )}
    </div>
  );
}

function Codebook({ program }: { program: Program }) {
  const codes = useCodes(program.id);
  const [said, setSaid] = useState('');
  const all = codes.data ?? [];
  const colours = codeColours(all);
  const onSaved = (c: QualCode, added: boolean) => {
    const next = added ? [...all, c] : all.map((x) => (x.id === c.id ? c : x));
    codes.setData(next);
    setSaid(added ? `Added the code “${c.name}”.` : `Saved the code “${c.name}”.`);
  };
  return (
    <>
      <p>
        The codes coders apply, each with a definition (when to use it) and an example; a code may sit under a top-level code (one level). Change a definition
        when the coders' disagreements show it is unclear.
      </p>
      {codes.loading && !codes.data && <Loading label="Loading the codebook…" />}
      <ErrorMessage error={codes.error} retry={codes.reload} />
      <LiveMessage class="saved">{said}</LiveMessage>
      {codes.data && (
        <>
          <h2 class="visually-hidden">Codes</h2>
          {all.length === 0 && <p>The codebook is empty.</p>}
          <ul class="codebook">
            {codeTree(all).map((node) => (
              <li key={node.code.id} class="card">
                <CodeEntry program={program} code={node.code} codes={all} colours={colours} onSaved={(c) => onSaved(c, false)} />
                {node.children.length > 0 && (
                  <ul class="codebook-children" aria-label={`Codes under ${node.code.name}`}>
                    {node.children.map((child) => (
                      <li key={child.id}>
                        <CodeEntry program={program} code={child} codes={all} colours={colours} onSaved={(c) => onSaved(c, false)} />
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
          <section class="card" aria-labelledby="add-code-h">
            <h2 id="add-code-h">Add a code</h2>
            <CodeForm program={program} codes={all} onSaved={(c) => onSaved(c, true)} />
          </section>
        </>
      )}
    </>
  );
}

// ------------------------------------------------------------ agreement --

export function AgreementPage({ programId }: { programId: number }) {
  return (
    <CodingFrame programId={programId} title="Coding: agreement" section="agreement">
      {(p) => <Agreement program={p} />}
    </CodingFrame>
  );
}

function KappaBands() {
  return (
    <p class="hint kappa-bands">
      Landis and Koch's (1977) words for kappa:{' '}
      {KAPPA_BANDS.map(([range, band], i) => (
        <span key={band}>
          {range} {band}
          {i < KAPPA_BANDS.length - 1 ? ' · ' : '.'}
        </span>
      ))}{' '}
      Kappa is the agreement beyond what chance would give: 1 is perfect, 0 no better than chance.
    </p>
  );
}

function Agreement({ program }: { program: Program }) {
  const { me } = useSession();
  const [pair, setPair] = useState<{ a: number; b: number } | null>(null);
  const result = useResource(
    (signal) =>
      api.get<CoderAgreement>(`/programs/${program.id}/qualitative/agreement`, {
        signal,
        query: pair ? { coder_a: pair.a, coder_b: pair.b } : undefined,
      }),
    [program.id, pair?.a, pair?.b],
  );
  // Everyone who coded (from the agreement), and for coordinators the program's staff too.
  const staff = useResource(
    (signal) =>
      canCoordinate(me, program.id)
        ? api.get<{ enrollments: Enrollment[] }>(`/programs/${program.id}/enrollments`, { signal }).then((r) => r.enrollments)
        : Promise.resolve([] as Enrollment[]),
    [program.id],
  );
  const [known, setKnown] = useState<Map<number, string>>(new Map());
  useEffect(() => {
    const next = new Map(known);
    if (me) next.set(me.user.id, me.user.name);
    for (const e of staff.data ?? []) if ((e.role === 'coordinator' || e.role === 'evaluator') && e.status !== 'withdrawn') next.set(e.user_id, e.name || `user ${e.user_id}`);
    if (result.data) {
      for (const c of result.data.coders) next.set(c.id, c.name);
      next.set(result.data.coder_a, result.data.coder_a_name);
      next.set(result.data.coder_b, result.data.coder_b_name);
    }
    if (next.size !== known.size || [...next].some(([k, v]) => known.get(k) !== v)) setKnown(next);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me, staff.data, result.data]);
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  useEffect(() => {
    if (result.data) {
      setA(String(result.data.coder_a));
      setB(String(result.data.coder_b));
    }
  }, [result.data]);
  const [formError, setFormError] = useState<string | null>(null);
  const compare = (e: Event) => {
    e.preventDefault();
    if (!a || !b) return setFormError('Choose two coders.');
    if (a === b) return setFormError('Choose two different coders.');
    setFormError(null);
    setPair({ a: Number(a), b: Number(b) });
  };
  const none = result.error instanceof ApiError && result.error.status === 409;
  const data = result.data;
  const options = [...known].sort((x, y) => x[1].localeCompare(y[1]));

  return (
    <>
      <p>
        Two coders' agreement over the documents both coded, line by line: for each code, whether each coder applied it to a line. Cohen's kappa says how much
        they agree beyond chance; the disagreements are the lines to talk through before recording the agreed coding.
      </p>
      {options.length >= 2 && (
        <form class="inline-form coder-form card" onSubmit={compare} aria-label="Choose the coders">
          <Field label="Coder A">
            {(attrs) => (
              <select {...attrs} value={a} onChange={(e) => setA(value(e))}>
                {!a && <option value="">Choose…</option>}
                {options.map(([id, name]) => (
                  <option key={id} value={String(id)}>
                    {name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Coder B" error={formError}>
            {(attrs) => (
              <select {...attrs} value={b} onChange={(e) => setB(value(e))}>
                {!b && <option value="">Choose…</option>}
                {options.map(([id, name]) => (
                  <option key={id} value={String(id)}>
                    {name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Button type="submit" busy={result.loading && !!data}>
            Compare
          </Button>
        </form>
      )}
      {result.loading && !data && <Loading label="Comparing the coders…" />}
      {none ? (
        <Notice>
          <p>
            No agreement yet: it needs two coders who coded the same document{pair ? ' (these two have none in common)' : ''}. Each coder codes the documents on
            their own first, with “Agreed coding” off.
          </p>
        </Notice>
      ) : (
        <ErrorMessage error={result.error} retry={result.reload} />
      )}
      {data && !result.error && <AgreementResult program={program} data={data} />}
    </>
  );
}

function AgreementResult({ program, data }: { program: Program; data: CoderAgreement }) {
  const groups = groupDisagreements(data.disagreements);
  const row = (c: CoderAgreement['overall'], pooled = false) => {
    const band = kappaBand(c.kappa);
    return (
      <tr key={c.code_id ?? 'pooled'} class={pooled ? 'pooled' : undefined}>
        {pooled ? <th scope="row">All codes (pooled)</th> : <th scope="row">{c.code}</th>}
        <td class="num">{formatKappa(c.kappa)}</td>
        <td class="num">{formatKappa(c.standard_error)}</td>
        <td class="num">{c.units}</td>
        <td class="num">{c.both}</td>
        <td class="num">{c.only_a}</td>
        <td class="num">{c.only_b}</td>
        <td>{band ?? 'not used by either coder'}</td>
      </tr>
    );
  };
  return (
    <>
      <section aria-labelledby="kappa-h" class="card">
        <h2 id="kappa-h">Agreement per code</h2>
        <p class="coders">
          <strong>A</strong>: {data.coder_a_name} · <strong>B</strong>: {data.coder_b_name} · {data.documents} document{data.documents === 1 ? '' : 's'} coded by both
        </p>
        <p class="big-number pooled-kappa">
          κ = {formatKappa(data.overall.kappa)} <span class="muted">pooled, {kappaBand(data.overall.kappa) ?? 'no codes applied'}</span>
        </p>
        <p class="reading">{agreementReading(data)}</p>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Cohen's kappa per code">
          <table class="data kappa-table">
            <caption class="visually-hidden">
              Cohen's kappa per code between {data.coder_a_name} (A) and {data.coder_b_name} (B)
            </caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col" class="num">
                  κ
                </th>
                <th scope="col" class="num">
                  SE
                </th>
                <th scope="col" class="num">
                  Lines
                </th>
                <th scope="col" class="num">
                  Both
                </th>
                <th scope="col" class="num">
                  Only A
                </th>
                <th scope="col" class="num">
                  Only B
                </th>
                <th scope="col">Reading</th>
              </tr>
            </thead>
            <tbody>{data.codes.map((c) => row(c))}</tbody>
            <tfoot>{row(data.overall, true)}</tfoot>
          </table>
        </div>
        <p class="hint">
          Lines: the lines compared (for the pooled row, every line with every code). Both: lines both coders gave the code; Only A, Only B: lines one gave it and
          the other did not. SE: Cohen's large-sample standard error.
        </p>
        <KappaBands />
      </section>
      <section aria-labelledby="disagree-h">
        <h2 id="disagree-h">Disagreements ({groups.length} lines)</h2>
        {groups.length === 0 ? (
          <p>The two coders agree on every line.</p>
        ) : (
          <>
            <p class="hint">Lines one coder gave a code and the other did not. Open a line to record what you agree on in the agreed coding.</p>
            <ul class="plain disagreements">
              {groups.map((g) => (
                <li key={`${g.document_id}-${g.start}`} class="card">
                  <p class="muted small">{g.document}</p>
                  <p class="disagreement-excerpt">{shortQuote(g.excerpt, 220)}</p>
                  <ul class="disagreement-codes">
                    {g.codes.map((c) => (
                      <li key={c.code_id}>
                        <strong>{c.code}</strong>: only {c.coded_by} ({c.coded_by === 'A' ? data.coder_a_name : data.coder_b_name})
                      </li>
                    ))}
                  </ul>
                  <Link href={`${base(program.id)}/documents/${g.document_id}?agreed=1&at=${g.start}`}>
                    Open this line for the agreed coding<span class="visually-hidden"> ({g.document})</span>
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}

// --------------------------------------------------------------- themes --

export function ThemesPage({ programId }: { programId: number }) {
  return (
    <CodingFrame programId={programId} title="Coding: themes" section="themes">
      {(p) => <Themes program={p} />}
    </CodingFrame>
  );
}

interface QuoteChoice {
  id: number;
  document: string;
  quote: string;
  code: string;
  agreed: boolean;
}

function Themes({ program }: { program: Program }) {
  const { me } = useSession();
  const themes = useResource((signal) => api.get<QualTheme[]>(`/programs/${program.id}/qualitative/themes`, { signal }), [program.id]);
  const codes = useCodes(program.id);
  // Quotes are segments of the agreed coding or the caller's own, from every document.
  const quotes = useResource(
    async (signal) => {
      const docs = await api.get<QualDocument[]>(`/programs/${program.id}/qualitative/documents`, { signal });
      const views = await Promise.all(docs.map((d) => api.get<QualDocumentView>(`/qualitative/documents/${d.id}`, { signal })));
      return views;
    },
    [program.id],
  );
  const all = codes.data ?? [];
  const choices: QuoteChoice[] = (quotes.data ?? []).flatMap((v) =>
    v.segments
      .filter((s) => s.coder_id === null || s.coder_id === me?.user.id)
      .sort((x, y) => Number(x.coder_id !== null) - Number(y.coder_id !== null) || x.start - y.start)
      .map((s) => {
        const c = all.find((x) => x.id === s.code_id);
        return { id: s.id, document: v.document.title, quote: sliceCodePoints(v.document.text, s.start, s.end), code: c ? codePath(c, all) : '', agreed: s.coder_id === null };
      }),
  );
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [codeIds, setCodeIds] = useState<number[]>([]);
  const [quoteIds, setQuoteIds] = useState<number[]>([]);
  const [said, setSaid] = useState('');
  const toggle = (list: number[], id: number, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));
  const save = useSubmit(async () => {
    const t = await api.post<QualTheme>(`/programs/${program.id}/qualitative/themes`, { name: name.trim(), description: description.trim(), code_ids: codeIds, quote_ids: quoteIds });
    themes.setData([...(themes.data ?? []), t]);
    setSaid(`Added the theme “${t.name}”.`);
    setName('');
    setDescription('');
    setCodeIds([]);
    setQuoteIds([]);
  });
  const byDocument = new Map<string, QuoteChoice[]>();
  for (const c of choices) byDocument.set(c.document, [...(byDocument.get(c.document) ?? []), c]);

  return (
    <>
      <p>Themes gather codes and the quotes that show them best: what the report says the interviews found.</p>
      <p>
        <a class="button secondary" href={`/api/v1/programs/${program.id}/qualitative/segments.csv`} download={`program-${program.id}-coded-segments.csv`}>
          Download coded segments (CSV)
        </a>{' '}
        <span class="hint-inline">Every segment: document, coder (“agreed” for the agreed coding), code, its parent, offsets and text.</span>
      </p>
      <section aria-labelledby="themes-h">
        <h2 id="themes-h">Themes</h2>
        {themes.loading && !themes.data && <Loading label="Loading the themes…" />}
        <ErrorMessage error={themes.error} retry={themes.reload} />
        {themes.data && themes.data.length === 0 && <p>No theme yet.</p>}
        <LiveMessage class="saved">{said}</LiveMessage>
        {themes.data && themes.data.length > 0 && (
          <ul class="plain themes">
            {themes.data.map((t) => (
              <li key={t.id} class="card theme">
                <h3>{t.name}</h3>
                {t.description && <p>{t.description}</p>}
                {t.codes.length > 0 && (
                  <p>
                    <span class="muted">Codes:</span> {t.codes.join(', ')}
                  </p>
                )}
                {t.quotes.length > 0 && (
                  <ul class="plain theme-quotes" aria-label={`Quotes of ${t.name}`}>
                    {t.quotes.map((q, i) => (
                      <li key={i}>
                        <blockquote>{q}</blockquote>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <form class="card" aria-labelledby="add-theme-h" onSubmit={save.submit} noValidate>
        <h2 id="add-theme-h">Add a theme</h2>
        <Field label="Name" error={fieldError(save.error, 'name')}>
          {(a) => <input type="text" {...a} value={name} maxLength={200} onInput={(e) => setName(value(e))} />}
        </Field>
        <Field label="Description" error={fieldError(save.error, 'description')}>
          {(a) => <textarea {...a} rows={3} value={description} onInput={(e) => setDescription(value(e))} />}
        </Field>
        <fieldset>
          <legend>Codes</legend>
          {codes.loading && !codes.data && <Loading />}
          {all.length === 0 && codes.data && <p>The codebook is empty.</p>}
          <div class="check-columns">
            {orderedCodes(all).map((c) => (
              <label key={c.id} class="check">
                <input type="checkbox" checked={codeIds.includes(c.id)} onChange={(e) => setCodeIds(toggle(codeIds, c.id, (e.target as HTMLInputElement).checked))} />
                <span>{codePath(c, all)}</span>
              </label>
            ))}
          </div>
          {fieldError(save.error, 'code_ids') && <p class="field-error">{fieldError(save.error, 'code_ids')}</p>}
        </fieldset>
        <fieldset>
          <legend>Quotes</legend>
          <p class="hint">From the agreed coding and your own segments.</p>
          {quotes.loading && !quotes.data && <Loading label="Loading the coded segments…" />}
          <ErrorMessage error={quotes.error} retry={quotes.reload} />
          {quotes.data && choices.length === 0 && <p>No coded segment yet: code the documents first.</p>}
          {[...byDocument].map(([doc, list]) => (
            <div key={doc} class="quote-group">
              <p class="quote-document">{doc}</p>
              {list.map((c) => (
                <label key={c.id} class="check">
                  <input type="checkbox" checked={quoteIds.includes(c.id)} onChange={(e) => setQuoteIds(toggle(quoteIds, c.id, (e.target as HTMLInputElement).checked))} />
                  <span>
                    {shortQuote(c.quote, 160)}{' '}
                    <span class="muted small">
                      {c.code} · {c.agreed ? 'agreed' : 'yours'}
                    </span>
                  </span>
                </label>
              ))}
            </div>
          ))}
          {fieldError(save.error, 'quote_ids') && <p class="field-error">{fieldError(save.error, 'quote_ids')}</p>}
        </fieldset>
        <FormError error={save.error} fields={['name', 'description', 'code_ids', 'quote_ids']} />
        <Button type="submit" busy={save.busy}>
          Add the theme
        </Button>
      </form>
    </>
  );
}
