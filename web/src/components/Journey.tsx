// A pair's journey on its page (docs/journey.md): the mentoring agreement
// both sign, goals with milestones and progress notes, scholarly projects,
// and the outputs (publications, presentations, grants, awards) of both
// members. Members change them; coordinators read them (not private goals)
// and may record projects and outputs.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, fieldError } from '../api/client';
import type { Agreement, AgreementSpecifics, Goal, Milestone, Output, Pair, Project } from '../api/types';
import { formatDate } from '../lib/time';
import { Link } from '../router';
import { Button, ErrorMessage, Field, FormActions, FormError, LiveMessage, Loading, optionsOf, StatusBadge, useResource, useSubmit } from './ui';

type Side = 'mentor' | 'mentee' | null;

const GOAL_CATEGORIES: [Goal['category'], string][] = [
  ['career', 'Career'],
  ['research', 'Research'],
  ['clinical_skills', 'Clinical skills'],
  ['education', 'Education'],
  ['leadership', 'Leadership'],
  ['well_being', 'Well-being'],
];
const GOAL_STATUSES: [Goal['status'], string][] = [
  ['not_started', 'Not started'],
  ['in_progress', 'In progress'],
  ['achieved', 'Achieved'],
  ['dropped', 'Dropped'],
];
const PROJECT_TYPES: [Project['type'], string][] = [
  ['research', 'Research'],
  ['quality_improvement', 'Quality improvement'],
  ['education', 'Education'],
  ['review', 'Review'],
  ['case_report', 'Case report'],
  ['other', 'Other'],
];
const PROJECT_STATUSES: Project['status'][] = ['planned', 'active', 'completed', 'stopped'];
const OUTPUT_KINDS: [Output['kind'], string][] = [
  ['publication', 'Publication'],
  ['presentation', 'Abstract or presentation'],
  ['grant', 'Grant'],
  ['award', 'Award'],
  ['other', 'Other'],
];

const label = (list: [string, string][], value: string) => list.find(([v]) => v === value)?.[1] ?? value;
const inputValue = (e: Event) => (e.target as HTMLInputElement).value;

/** **bold** inside a line of the template. */
function inline(text: string): ComponentChildren {
  return text.split(/(\*\*[^*]+\*\*)/g).map((part, i) => (part.startsWith('**') && part.endsWith('**') ? <strong key={i}>{part.slice(2, -2)}</strong> : part));
}

/** The small Markdown the agreement template uses: headings, lists, paragraphs, bold. Never HTML. */
export function Markdown({ text }: { text: string }) {
  const blocks: ComponentChildren[] = [];
  let para: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (para.length) blocks.push(<p key={blocks.length}>{inline(para.join(' '))}</p>);
    if (list.length)
      blocks.push(
        <ul key={blocks.length}>
          {list.map((l, i) => (
            <li key={i}>{inline(l)}</li>
          ))}
        </ul>,
      );
    para = [];
    list = [];
  };
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const Tag = heading[1].length === 1 ? 'h3' : 'h4';
      blocks.push(<Tag key={blocks.length}>{heading[2]}</Tag>);
    } else if (/^\s*[-*]\s+/.test(line)) {
      if (para.length) {
        const keep = list;
        list = [];
        flush();
        list = keep;
      }
      list.push(line.replace(/^\s*[-*]\s+/, ''));
    } else if (line.trim() === '') {
      flush();
    } else if (list.length && /^\s+/.test(raw)) {
      list[list.length - 1] += ' ' + line.trim();
    } else {
      if (list.length) flush();
      para.push(line.trim());
    }
  }
  flush();
  return <div class="markdown">{blocks}</div>;
}

const SPECIFIC_FIELDS: [keyof AgreementSpecifics, string, string][] = [
  ['cadence', 'How often and when we meet', 'e.g. monthly, the first Tuesday at 17:00 Eastern'],
  ['mode', 'How we meet', 'e.g. video; in person at ASH'],
  ['contact', 'How to reach each other', 'e.g. e-mail; text for anything urgent'],
  ['first_goals', 'Our first goals', 'What we will work on first'],
  ['other', 'Anything else we agree', ''],
];

function AgreementCard({ pair, side }: { pair: Pair; side: Side }) {
  const res = useResource((signal) => api.get<Agreement>(`/pairs/${pair.id}/agreement`, { signal }), [pair.id]);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<AgreementSpecifics | null>(null);
  const [name, setName] = useState('');
  const [saved, setSaved] = useState('');
  const a = res.data;
  const save = useSubmit(async () => {
    if (!a || !draft) return;
    await api.put(`/pairs/${pair.id}/agreement`, { revision: a.revision, specifics: draft });
    setEditing(false);
    setSaved('Saved. Both of you now sign this version.');
    res.reload();
  });
  const sign = useSubmit(async () => {
    if (!a) return;
    await api.post(`/pairs/${pair.id}/agreement/sign`, { revision: a.revision, name });
    setName('');
    setSaved('Signed.');
    res.reload();
  });
  if (!a) return <section class="card">{res.error ? <ErrorMessage error={res.error} retry={res.reload} /> : <Loading />}</section>;
  const mine = side === 'mentor' ? a.mentor_signature : side === 'mentee' ? a.mentee_signature : null;
  const signedNow = (s: Agreement['mentor_signature']) => !!s && s.revision === a.revision;
  const active = pair.status === 'active';
  const sigLine = (who: string, s: Agreement['mentor_signature']) =>
    signedNow(s) ? (
      <li>
        {who}: signed as <strong>{s!.name}</strong> on {formatDate(s!.signed_at)}
      </li>
    ) : (
      <li>
        {who}: <span class="badge badge-warning">not signed</span>
        {s && ` (signed revision ${s.revision} on ${formatDate(s.signed_at)}; the agreement has changed since)`}
      </li>
    );
  return (
    <section class="card journey-agreement" aria-labelledby={`agreement-${pair.id}`}>
      <h3 id={`agreement-${pair.id}`}>
        Mentoring agreement {a.signed ? <StatusBadge status="signed" /> : <span class="badge badge-warning">{a.revision === 0 ? 'not written' : 'waiting for signatures'}</span>}
      </h3>
      <LiveMessage>{saved}</LiveMessage>
      <details open={!a.signed && !!side}>
        <summary>The program's agreement{a.template_version !== a.current_template_version && a.revision > 0 ? ' (changed since you saved yours)' : ''}</summary>
        <Markdown text={a.template} />
      </details>
      {editing && draft ? (
        <form onSubmit={save.submit} noValidate aria-label="Our specifics">
          {SPECIFIC_FIELDS.map(([key, text, hint]) => (
            <Field key={key} label={text} hint={hint || undefined} error={fieldError(save.error, key)}>
              {(attrs) => <textarea {...attrs} rows={2} value={draft[key]} onInput={(e) => setDraft({ ...draft, [key]: inputValue(e) })} />}
            </Field>
          ))}
          <ErrorMessage error={SPECIFIC_FIELDS.some(([k]) => fieldError(save.error, k)) ? null : save.error} />
          <div class="actions">
            <Button type="submit" busy={save.busy} busyLabel="Saving…">
              Save our specifics
            </Button>
            <button type="button" class="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          {a.revision > 0 ? (
            <dl class="facts">
              {SPECIFIC_FIELDS.filter(([k]) => a.specifics[k]).map(([k, text]) => (
                <>
                  <dt key={`t-${k}`}>{text}</dt>
                  <dd key={`d-${k}`} class="pre-line">
                    {a.specifics[k]}
                  </dd>
                </>
              ))}
            </dl>
          ) : (
            <p>{side ? 'Agree your specifics together, save them, then both sign.' : 'The pair has not written its specifics yet.'}</p>
          )}
          {a.revision > 0 && (
            <ul class="plain">
              {sigLine(`Mentor ${a.mentor_name}`, a.mentor_signature)}
              {sigLine(`Mentee ${a.mentee_name}`, a.mentee_signature)}
            </ul>
          )}
          {side && active && (
            <p>
              <button
                type="button"
                class="secondary"
                onClick={() => {
                  setDraft({ ...a.specifics });
                  setEditing(true);
                  setSaved('');
                }}
              >
                {a.revision === 0 ? 'Write our specifics' : 'Change our specifics'}
              </button>
              {a.revision > 0 && <span class="muted"> A change needs both signatures again.</span>}
            </p>
          )}
          {side && active && a.revision > 0 && !signedNow(mine) && (
            <form onSubmit={sign.submit} noValidate aria-label="Sign the agreement" class="inline-form">
              <Field label={`Type your full name to sign: ${side === 'mentor' ? a.mentor_name : a.mentee_name}`} error={fieldError(sign.error, 'name')}>
                {(attrs) => <input {...attrs} type="text" autoComplete="name" value={name} onInput={(e) => setName(inputValue(e))} />}
              </Field>
              <ErrorMessage error={fieldError(sign.error, 'name') ? null : sign.error} />
              <Button type="submit" busy={sign.busy} busyLabel="Signing…">
                Sign revision {a.revision}
              </Button>
            </form>
          )}
        </>
      )}
    </section>
  );
}

function GoalForm({ pairId, onDone, onCancel }: { pairId: number; onDone: () => void; onCancel: () => void }) {
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<Goal['category']>('career');
  const [success, setSuccess] = useState('');
  const [target, setTarget] = useState('');
  const [priv, setPriv] = useState(false);
  const [milestones, setMilestones] = useState<Milestone[]>([]);
  const f = useSubmit(async () => {
    await api.post(`/pairs/${pairId}/goals`, {
      title,
      category,
      success,
      target_on: target || null,
      private: priv,
      milestones: milestones.filter((m) => m.title.trim()).map((m) => ({ title: m.title, due_on: m.due_on || null, done: false })),
    });
    onDone();
  });
  const fe = (k: string) => fieldError(f.error, k);
  return (
    <form class="card" onSubmit={f.submit} noValidate aria-label="New goal">
      <h4>New goal</h4>
      <Field label="Goal" error={fe('title')}>
        {(a) => <input {...a} type="text" value={title} onInput={(e) => setTitle(inputValue(e))} />}
      </Field>
      <Field label="Category" error={fe('category')}>
        {(a) => (
          <select {...a} value={category} onChange={(e) => setCategory(inputValue(e) as Goal['category'])}>
            {optionsOf(GOAL_CATEGORIES)}
          </select>
        )}
      </Field>
      <Field label="What success looks like" error={fe('success')}>
        {(a) => <textarea {...a} rows={2} value={success} onInput={(e) => setSuccess(inputValue(e))} />}
      </Field>
      <Field label="Target date" error={fe('target_on')}>
        {(a) => <input {...a} type="date" value={target} onInput={(e) => setTarget(inputValue(e))} />}
      </Field>
      <fieldset>
        <legend>Milestones</legend>
        {milestones.map((m, i) => (
          <div class="row" key={i}>
            <input type="text" aria-label={`Milestone ${i + 1}`} value={m.title} onInput={(e) => setMilestones(milestones.map((x, j) => (j === i ? { ...x, title: inputValue(e) } : x)))} />
            <input type="date" aria-label={`Milestone ${i + 1} due`} value={m.due_on ?? ''} onInput={(e) => setMilestones(milestones.map((x, j) => (j === i ? { ...x, due_on: inputValue(e) } : x)))} />
          </div>
        ))}
        <button type="button" class="secondary" onClick={() => setMilestones([...milestones, { title: '', due_on: null, done: false }])}>
          Add a milestone
        </button>
        {fe('milestones') && <p class="field-error">{fe('milestones')}</p>}
      </fieldset>
      <label class="checkbox">
        <input type="checkbox" checked={priv} onChange={(e) => setPriv((e.target as HTMLInputElement).checked)} /> Private to the two of us (the coordinator sees only that it exists)
      </label>
      <FormError error={f.error} fields={['title', 'category', 'success', 'target_on', 'milestones']} />
      <FormActions busy={f.busy} label="Add the goal" onCancel={onCancel} />
    </form>
  );
}

function GoalItem({ goal, member, active, onChange }: { goal: Goal; member: boolean; active: boolean; onChange: () => void }) {
  const [note, setNote] = useState('');
  const update = useSubmit(async () => undefined);
  const change = async (body: Record<string, unknown>) => {
    update.setError(null);
    try {
      await api.patch(`/goals/${goal.id}`, body);
      onChange();
    } catch (err) {
      update.setError(err);
    }
  };
  const addNote = useSubmit(async () => {
    await api.post(`/goals/${goal.id}/notes`, { text: note });
    setNote('');
    onChange();
  });
  const editable = member && active;
  return (
    <li class="goal">
      <div class="goal-head">
        <strong>{goal.title}</strong> <span class="muted">· {label(GOAL_CATEGORIES, goal.category)}</span> <StatusBadge status={goal.status} />
        {goal.private && <span class="badge">private</span>}
        {goal.target_on && <span class="muted"> · by {formatDate(goal.target_on)}</span>}
      </div>
      {goal.success && <p class="pre-line">{goal.success}</p>}
      {goal.milestones.length > 0 && (
        <ul class="plain milestones">
          {goal.milestones.map((m, i) => (
            <li key={i}>
              <label class="checkbox">
                <input
                  type="checkbox"
                  checked={m.done}
                  disabled={!editable}
                  onChange={(e) =>
                    change({ milestones: goal.milestones.map((x, j) => ({ title: x.title, due_on: x.due_on, done: j === i ? (e.target as HTMLInputElement).checked : x.done })) })
                  }
                />{' '}
                {m.title}
                {m.due_on && <span class="muted"> · {formatDate(m.due_on)}</span>}
              </label>
            </li>
          ))}
        </ul>
      )}
      {goal.notes.length > 0 && (
        <details>
          <summary>Progress notes ({goal.notes.length})</summary>
          <ul class="plain">
            {goal.notes.map((n, i) => (
              <li key={i}>
                <span class="muted">{formatDate(n.date)}:</span> {n.text}
              </li>
            ))}
          </ul>
        </details>
      )}
      {editable && (
        <div class="goal-actions">
          <label>
            Status{' '}
            <select value={goal.status} onChange={(e) => change({ status: inputValue(e) })} aria-label={`Status of ${goal.title}`}>
              {optionsOf(GOAL_STATUSES)}
            </select>
          </label>
          <form onSubmit={addNote.submit} noValidate class="inline-form" aria-label={`Add a progress note to ${goal.title}`}>
            <input type="text" aria-label={`Progress note on ${goal.title}`} placeholder="A progress note" value={note} onInput={(e) => setNote(inputValue(e))} />
            <Button type="submit" busy={addNote.busy} class="secondary">
              Add note
            </Button>
          </form>
          <ErrorMessage error={addNote.error ?? update.error} />
        </div>
      )}
    </li>
  );
}

function GoalsCard({ pair, side }: { pair: Pair; side: Side }) {
  const res = useResource((signal) => api.get<{ goals: Goal[]; private_goals: number }>(`/pairs/${pair.id}/goals`, { signal }), [pair.id]);
  const [adding, setAdding] = useState(false);
  const active = pair.status === 'active';
  return (
    <section class="card" aria-labelledby={`goals-${pair.id}`}>
      <h3 id={`goals-${pair.id}`}>Goals</h3>
      {res.loading && !res.data && <Loading />}
      {res.error && <ErrorMessage error={res.error} retry={res.reload} />}
      {res.data && (
        <>
          {res.data.goals.length === 0 && res.data.private_goals === 0 && <p>No goals yet. Set them in your first meetings.</p>}
          <ul class="plain goals">
            {res.data.goals.map((g) => (
              <GoalItem key={g.id} goal={g} member={!!side} active={active} onChange={res.reload} />
            ))}
          </ul>
          {res.data.private_goals > 0 && <p class="muted">{res.data.private_goals} more goal(s) private to the pair.</p>}
        </>
      )}
      {side && active && !adding && (
        <button type="button" class="secondary" onClick={() => setAdding(true)}>
          Add a goal
        </button>
      )}
      {adding && (
        <GoalForm
          pairId={pair.id}
          onDone={() => {
            setAdding(false);
            res.reload();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
    </section>
  );
}

function ProjectForm({ pairId, onDone, onCancel }: { pairId: number; onDone: () => void; onCancel: () => void }) {
  const [p, setP] = useState({ title: '', type: 'research', status: 'planned', starts_on: '', ends_on: '', lead: '', description: '' });
  const f = useSubmit(async () => {
    await api.post(`/pairs/${pairId}/projects`, { ...p, starts_on: p.starts_on || null, ends_on: p.ends_on || null });
    onDone();
  });
  const fe = (k: string) => fieldError(f.error, k);
  const set = (k: keyof typeof p) => (e: Event) => setP({ ...p, [k]: inputValue(e) });
  return (
    <form class="card" onSubmit={f.submit} noValidate aria-label="New project">
      <h4>New scholarly project</h4>
      <Field label="Title" error={fe('title')}>
        {(a) => <input {...a} type="text" value={p.title} onInput={set('title')} />}
      </Field>
      <Field label="Type" error={fe('type')}>
        {(a) => (
          <select {...a} value={p.type} onChange={set('type')}>
            {optionsOf(PROJECT_TYPES)}
          </select>
        )}
      </Field>
      <Field label="Who leads" error={fe('lead')}>
        {(a) => (
          <select {...a} value={p.lead} onChange={set('lead')}>
            <option value="">Both</option>
            <option value="mentee">The mentee</option>
            <option value="mentor">The mentor</option>
          </select>
        )}
      </Field>
      <div class="row">
        <Field label="Starts" error={fe('starts_on')}>
          {(a) => <input {...a} type="date" value={p.starts_on} onInput={set('starts_on')} />}
        </Field>
        <Field label="Ends" error={fe('ends_on')}>
          {(a) => <input {...a} type="date" value={p.ends_on} onInput={set('ends_on')} />}
        </Field>
      </div>
      <Field label="Description" error={fe('description')}>
        {(a) => <textarea {...a} rows={2} value={p.description} onInput={set('description')} />}
      </Field>
      <FormError error={f.error} fields={['title', 'type', 'lead', 'starts_on', 'ends_on', 'description']} />
      <FormActions busy={f.busy} label="Add the project" onCancel={onCancel} />
    </form>
  );
}

const EMPTY_OUTPUT = {
  kind: 'publication' as Output['kind'],
  title: '',
  year: '',
  authors: '',
  journal: '',
  doi: '',
  pmid: '',
  meeting: '',
  format: '',
  funder: '',
  mechanism: '',
  amount: '',
  currency: 'USD',
  grant_status: 'submitted',
  awarding_body: '',
  project_id: '',
};

function OutputForm({ pair, side, projects, onDone, onCancel }: { pair: Pair; side: Side; projects: Project[]; onDone: () => void; onCancel: () => void }) {
  const [o, setO] = useState({ ...EMPTY_OUTPUT });
  const [person, setPerson] = useState<number>(side === 'mentor' ? pair.mentor.enrollment_id : pair.mentee.enrollment_id);
  const f = useSubmit(async () => {
    const k = o.kind;
    await api.post(`/programs/${pair.program_id}/outputs`, {
      person_id: person,
      pair_id: pair.id,
      project_id: o.project_id ? Number(o.project_id) : null,
      kind: k,
      title: o.title,
      year: o.year ? Number(o.year) : null,
      ...(k === 'publication' ? { authors: o.authors, journal: o.journal, doi: o.doi, pmid: o.pmid } : {}),
      ...(k === 'presentation' ? { meeting: o.meeting, format: o.format } : {}),
      ...(k === 'grant' ? { funder: o.funder, mechanism: o.mechanism, amount: o.amount === '' ? null : Number(o.amount), currency: o.amount === '' ? '' : o.currency, grant_status: o.grant_status } : {}),
      ...(k === 'award' ? { awarding_body: o.awarding_body } : {}),
    });
    onDone();
  });
  const fe = (k: string) => fieldError(f.error, k);
  const set = (k: keyof typeof o) => (e: Event) => setO({ ...o, [k]: inputValue(e) });
  const text = (k: keyof typeof o, l: string, hint?: string) => (
    <Field label={l} hint={hint} error={fe(k)}>
      {(a) => <input {...a} type="text" value={o[k]} onInput={set(k)} />}
    </Field>
  );
  const fields = ['title', 'year', 'authors', 'journal', 'doi', 'pmid', 'meeting', 'format', 'funder', 'mechanism', 'amount', 'currency', 'grant_status', 'awarding_body', 'project_id', 'person_id'];
  return (
    <form class="card" onSubmit={f.submit} noValidate aria-label="New output">
      <h4>Record an output</h4>
      <Field label="Whose" error={fe('person_id')}>
        {(a) => (
          <select {...a} value={String(person)} onChange={(e) => setPerson(Number(inputValue(e)))}>
            <option value={String(pair.mentee.enrollment_id)}>{pair.mentee.name} (mentee)</option>
            <option value={String(pair.mentor.enrollment_id)}>{pair.mentor.name} (mentor)</option>
          </select>
        )}
      </Field>
      <Field label="Kind" error={fe('kind')}>
        {(a) => (
          <select {...a} value={o.kind} onChange={set('kind')}>
            {optionsOf(OUTPUT_KINDS)}
          </select>
        )}
      </Field>
      {text('title', 'Title')}
      <Field label="Year" error={fe('year')}>
        {(a) => <input {...a} type="number" inputMode="numeric" min={1950} max={2100} value={o.year} onInput={set('year')} />}
      </Field>
      {o.kind === 'publication' && (
        <>
          {text('authors', 'Authors')}
          {text('journal', 'Journal')}
          {text('doi', 'DOI', 'e.g. 10.1182/blood.2023021234 or its https://doi.org/ address')}
          {text('pmid', 'PMID', 'PubMed id, digits only')}
        </>
      )}
      {o.kind === 'presentation' && (
        <>
          {text('meeting', 'Meeting', 'e.g. ASH Annual Meeting')}
          <Field label="Format" error={fe('format')}>
            {(a) => (
              <select {...a} value={o.format} onChange={set('format')}>
                <option value="">—</option>
                <option value="oral">Oral</option>
                <option value="poster">Poster</option>
              </select>
            )}
          </Field>
        </>
      )}
      {o.kind === 'grant' && (
        <>
          {text('funder', 'Funder')}
          {text('mechanism', 'Mechanism', 'e.g. K08, ASH Scholar Award')}
          <div class="row">
            <Field label="Amount" error={fe('amount')}>
              {(a) => <input {...a} type="number" min={0} step="any" inputMode="decimal" value={o.amount} onInput={set('amount')} />}
            </Field>
            <Field label="Currency" hint="ISO code: USD, CAD, EUR…" error={fe('currency')}>
              {(a) => <input {...a} type="text" maxLength={3} value={o.currency} onInput={(e) => setO({ ...o, currency: inputValue(e).toUpperCase() })} />}
            </Field>
          </div>
          <Field label="Grant status" error={fe('grant_status')}>
            {(a) => (
              <select {...a} value={o.grant_status} onChange={set('grant_status')}>
                <option value="submitted">Submitted</option>
                <option value="awarded">Awarded</option>
                <option value="declined">Declined</option>
              </select>
            )}
          </Field>
        </>
      )}
      {o.kind === 'award' && text('awarding_body', 'Awarded by')}
      {projects.length > 0 && (
        <Field label="From project" error={fe('project_id')}>
          {(a) => (
            <select {...a} value={o.project_id} onChange={set('project_id')}>
              <option value="">—</option>
              {projects.map((p) => (
                <option key={p.id} value={String(p.id)}>
                  {p.title}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <FormError error={f.error} fields={fields} />
      <FormActions busy={f.busy} label="Record it" onCancel={onCancel} />
    </form>
  );
}

function describeOutput(o: Output): string {
  const parts: string[] = [];
  if (o.kind === 'publication') parts.push([o.journal, o.year].filter(Boolean).join(' '), o.doi ? `doi:${o.doi}` : '', o.pmid ? `PMID ${o.pmid}` : '');
  if (o.kind === 'presentation') parts.push([o.meeting, o.year].filter(Boolean).join(' '), o.format);
  if (o.kind === 'grant')
    parts.push(
      [o.funder, o.mechanism].filter(Boolean).join(', '),
      o.amount !== null ? `${o.amount.toLocaleString()} ${o.currency}` : '',
      o.grant_status,
    );
  if (o.kind === 'award') parts.push([o.awarding_body, o.year].filter(Boolean).join(' '));
  return parts.filter(Boolean).join(' · ');
}

function ProjectsAndOutputs({ pair, side, coordinator }: { pair: Pair; side: Side; coordinator: boolean }) {
  const data = useResource(
    async (signal) => {
      const [projects, outputs] = await Promise.all([
        api.get<{ projects: Project[] }>(`/pairs/${pair.id}/projects`, { signal }),
        api.get<{ outputs: Output[] }>(`/programs/${pair.program_id}/outputs`, { signal }),
      ]);
      const people = new Set([pair.mentor.enrollment_id, pair.mentee.enrollment_id]);
      return { projects: projects.projects, outputs: outputs.outputs.filter((o) => people.has(o.person_id) && (o.pair_id === null || o.pair_id === pair.id)) };
    },
    [pair.id],
  );
  const [adding, setAdding] = useState<'project' | 'output' | null>(null);
  const canWrite = (!!side || coordinator) && pair.status === 'active';
  const nameOf = (id: number) => (id === pair.mentor.enrollment_id ? pair.mentor.name : pair.mentee.name);
  const done = () => {
    setAdding(null);
    data.reload();
  };
  return (
    <section class="card" aria-labelledby={`scholarly-${pair.id}`}>
      <h3 id={`scholarly-${pair.id}`}>Scholarly projects and outputs</h3>
      {data.loading && !data.data && <Loading />}
      {data.error && <ErrorMessage error={data.error} retry={data.reload} />}
      {data.data && (
        <>
          <h4>Projects</h4>
          {data.data.projects.length === 0 ? (
            <p>No project yet. A project is optional: research, quality improvement, education, a review or a case report.</p>
          ) : (
            <ul class="plain">
              {data.data.projects.map((p) => (
                <li key={p.id}>
                  <strong>{p.title}</strong> <span class="muted">· {label(PROJECT_TYPES, p.type)}</span> <StatusBadge status={p.status} />
                  {p.lead && <span class="muted"> · led by the {p.lead}</span>}
                  {canWrite && (
                    <select aria-label={`Status of ${p.title}`} value={p.status} onChange={async (e) => {
                      await api.patch(`/projects/${p.id}`, { status: inputValue(e) }).catch(() => undefined);
                      data.reload();
                    }}>
                      {PROJECT_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {s}
                        </option>
                      ))}
                    </select>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h4>Outputs</h4>
          {data.data.outputs.length === 0 ? (
            <p>No publication, presentation, grant or award recorded yet.</p>
          ) : (
            <ul class="plain outputs">
              {data.data.outputs.map((o) => (
                <li key={o.id}>
                  <span class="badge">{label(OUTPUT_KINDS, o.kind)}</span> <strong>{o.title}</strong> <span class="muted">— {nameOf(o.person_id)}</span>
                  <br />
                  <span class="muted">{describeOutput(o)}</span>
                </li>
              ))}
            </ul>
          )}
          {canWrite && !adding && (
            <p class="actions">
              <button type="button" class="secondary" onClick={() => setAdding('project')}>
                Add a project
              </button>
              <button type="button" class="secondary" onClick={() => setAdding('output')}>
                Record an output
              </button>
            </p>
          )}
          {adding === 'project' && <ProjectForm pairId={pair.id} onDone={done} onCancel={() => setAdding(null)} />}
          {adding === 'output' && <OutputForm pair={pair} side={side} projects={data.data.projects} onDone={done} onCancel={() => setAdding(null)} />}
        </>
      )}
    </section>
  );
}

/** Everything the pair does besides meeting, for its page. */
export function PairJourneySections({ pair, side, coordinator }: { pair: Pair; side: Side; coordinator: boolean }) {
  return (
    <div class="journey">
      <h2>Together</h2>
      <AgreementCard pair={pair} side={side} />
      <GoalsCard pair={pair} side={side} />
      <ProjectsAndOutputs pair={pair} side={side} coordinator={coordinator} />
      <p>
        <Link href={`/programs/${pair.program_id}/outcomes`}>Career outcomes in this program</Link>
      </p>
    </div>
  );
}

/** A line on the home page: the agreement and goals at a glance, with the way to them. */
export function JourneySummary({ pair }: { pair: Pair }) {
  const data = useResource(
    async (signal) => {
      const [agreement, goals] = await Promise.all([
        api.get<Agreement>(`/pairs/${pair.id}/agreement`, { signal }),
        api.get<{ goals: Goal[] }>(`/pairs/${pair.id}/goals`, { signal }),
      ]);
      return { agreement, goals: goals.goals };
    },
    [pair.id],
  );
  if (!data.data) return data.error ? <ErrorMessage error={data.error} retry={data.reload} /> : null;
  const { agreement, goals } = data.data;
  const open = goals.filter((g) => g.status === 'not_started' || g.status === 'in_progress').length;
  const achieved = goals.filter((g) => g.status === 'achieved').length;
  return (
    <p class="journey-summary">
      Agreement: {agreement.signed ? <StatusBadge status="signed" /> : <span class="badge badge-warning">{agreement.revision === 0 ? 'not written' : 'waiting for signatures'}</span>} · Goals:{' '}
      {goals.length === 0 ? 'none yet' : `${open} open, ${achieved} achieved`} · <Link href={`/pairs/${pair.id}`}>Agreement, goals and projects</Link>
    </p>
  );
}
