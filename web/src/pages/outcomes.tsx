// A program's journey and outcomes (docs/journey.md). Coordinators: every
// pair's agreement, goals, projects and outputs at a glance; career positions
// and the retention figure; exports and the outputs import; the agreement
// template, career fields and retention indicator. Mentors and mentees: their
// own positions, and the program's figure.
import { useState } from 'preact/hooks';
import { ApiError, api, fieldError, request } from '../api/client';
import type { JourneySettings, Outcomes, Pair, PairJourney, Program } from '../api/types';
import { Markdown } from '../components/Journey';
import { ProblemTable } from '../components/ProblemTable';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { Button, ErrorMessage, Field, FormError, LiveMessage, Loading, StatusBadge, useResource, useSubmit } from '../components/ui';
import { formatDate } from '../lib/time';
import { Link } from '../router';
import { canCoordinate, useSession } from '../session';

const SETTINGS = ['academic', 'community', 'industry', 'other'];
const inputValue = (e: Event) => (e.target as HTMLInputElement).value;

function RetentionFigure({ outcomes }: { outcomes: Outcomes }) {
  if (!outcomes.indicator) return <p>The program has not defined a retention indicator yet.</p>;
  const pct = outcomes.mentees ? Math.round((100 * outcomes.retained) / outcomes.mentees) : 0;
  const ind = outcomes.indicator;
  return (
    <div class="figure">
      <p class="big-number" aria-label={`${ind.label}: ${outcomes.retained} of ${outcomes.mentees} mentees`}>
        {pct}% <span class="muted">({outcomes.retained} of {outcomes.mentees} mentees)</span>
      </p>
      <p>
        <strong>{ind.label}</strong>: a position in {ind.fields.join(' or ')}
        {ind.settings.length > 0 && ` (${ind.settings.join(' or ')})`}
        {ind.title_words.length > 0 && ` with a title containing ${ind.title_words.map((w) => `“${w}”`).join(' or ')}`}, started within {ind.months_after_end} months of the
        program's end. Positions are known for {outcomes.known} of {outcomes.mentees} mentees.
      </p>
    </div>
  );
}

function PositionForm({ program, people, fields, onDone }: { program: Program; people: Outcomes['people']; fields: string[]; onDone: () => void }) {
  const [p, setP] = useState({ person_id: people[0]?.person_id ?? 0, title: '', institution: '', field: fields[0] ?? '', setting: 'academic', starts_on: '' });
  const [msg, setMsg] = useState('');
  const f = useSubmit(async () => {
    await api.post(`/programs/${program.id}/positions`, p);
    setMsg(`Recorded ${p.title}.`);
    setP({ ...p, title: '', institution: '', starts_on: '' });
    onDone();
  });
  const fe = (k: string) => fieldError(f.error, k);
  const set = (k: keyof typeof p) => (e: Event) => setP({ ...p, [k]: inputValue(e) });
  return (
    <form class="card" onSubmit={f.submit} noValidate aria-label="Record a career position">
      <h3>Record a career position</h3>
      {people.length > 1 && (
        <Field label="Person" error={fe('person_id')}>
          {(a) => (
            <select {...a} value={String(p.person_id)} onChange={(e) => setP({ ...p, person_id: Number(inputValue(e)) })}>
              {people.map((x) => (
                <option key={x.person_id} value={String(x.person_id)}>
                  {x.name} ({x.role})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Title" hint="e.g. Assistant Professor of Medicine" error={fe('title')}>
        {(a) => <input {...a} type="text" value={p.title} onInput={set('title')} />}
      </Field>
      <Field label="Institution" error={fe('institution')}>
        {(a) => <input {...a} type="text" value={p.institution} onInput={set('institution')} />}
      </Field>
      <div class="row">
        <Field label="Field" error={fe('field')}>
          {(a) => (
            <select {...a} value={p.field} onChange={set('field')}>
              {fields.map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Setting" error={fe('setting')}>
          {(a) => (
            <select {...a} value={p.setting} onChange={set('setting')}>
              {SETTINGS.map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Started" error={fe('starts_on')}>
          {(a) => <input {...a} type="date" value={p.starts_on} onInput={set('starts_on')} />}
        </Field>
      </div>
      <FormError error={f.error} fields={['person_id', 'title', 'institution', 'field', 'setting', 'starts_on']} />
      <Button type="submit" busy={f.busy} busyLabel="Saving…">
        Record the position
      </Button>
      <LiveMessage>{msg}</LiveMessage>
    </form>
  );
}

function People({ outcomes, canDelete, onChange }: { outcomes: Outcomes; canDelete: boolean; onChange: () => void }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="Career positions">
      <table class="data">
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Positions</th>
            {outcomes.indicator && <th scope="col">{outcomes.indicator.label}</th>}
          </tr>
        </thead>
        <tbody>
          {outcomes.people.map((x) => (
            <tr key={x.person_id}>
              <td>
                {x.name} <span class="muted">({x.role})</span>
              </td>
              <td>
                {x.positions.length === 0 ? (
                  <span class="muted">none recorded</span>
                ) : (
                  <ul class="plain">
                    {x.positions.map((p) => (
                      <li key={p.id}>
                        {p.title}
                        {p.institution && `, ${p.institution}`} <span class="muted">· {p.field} · {p.setting} · since {formatDate(p.starts_on)}</span>
                        {canDelete && (
                          <button
                            type="button"
                            class="link-button"
                            aria-label={`Delete ${p.title} of ${x.name}`}
                            onClick={async () => {
                              await api.del(`/positions/${p.id}`).catch(() => undefined);
                              onChange();
                            }}
                          >
                            delete
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              {outcomes.indicator && <td>{x.role === 'mentee' ? (x.retained ? 'yes' : 'no') : '—'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PairTable({ program }: { program: Program }) {
  const res = useResource(
    async (signal) => {
      const [j, pairs] = await Promise.all([
        api.get<{ pairs: PairJourney[] }>(`/programs/${program.id}/pair-journeys`, { signal }),
        api.get<{ pairs: Pair[] }>(`/programs/${program.id}/pairs`, { signal }),
      ]);
      return { journeys: j.pairs, pairs: new Map(pairs.pairs.map((p) => [p.id, p])) };
    },
    [program.id],
  );
  if (!res.data) return res.error ? <ErrorMessage error={res.error} retry={res.reload} /> : <Loading />;
  const { journeys, pairs } = res.data;
  if (journeys.length === 0) return <p>No pairs yet.</p>;
  const signed = journeys.filter((j) => j.agreement_signed).length;
  return (
    <>
      <p>
        {signed} of {journeys.length} pairs have signed their agreement.
      </p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Each pair's journey">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Pair</th>
              <th scope="col">Agreement</th>
              <th scope="col">Goals</th>
              <th scope="col" class="num">
                Projects
              </th>
              <th scope="col" class="num">
                Outputs
              </th>
            </tr>
          </thead>
          <tbody>
            {journeys.map((j) => {
              const p = pairs.get(j.pair_id);
              return (
                <tr key={j.pair_id}>
                  <td>
                    <Link href={`/pairs/${j.pair_id}`}>{p ? `${p.mentee.name} and ${p.mentor.name}` : `Pair ${j.pair_id}`}</Link> {p && p.status !== 'active' && <StatusBadge status={p.status} />}
                  </td>
                  <td>
                    {j.agreement_signed ? (
                      <StatusBadge status="signed" />
                    ) : j.agreement_revision === 0 ? (
                      <span class="badge badge-warning">not written</span>
                    ) : (
                      <span class="badge badge-warning">
                        {j.mentor_signed ? 'mentee to sign' : j.mentee_signed ? 'mentor to sign' : 'unsigned'}
                      </span>
                    )}
                  </td>
                  <td>
                    {j.goals === 0
                      ? '—'
                      : Object.entries(j.goals_by_status)
                          .map(([s, n]) => `${n} ${s.replace(/_/g, ' ')}`)
                          .join(', ')}
                    {j.private_goals > 0 && <span class="muted"> ({j.private_goals} private)</span>}
                  </td>
                  <td class="num">{j.projects}</td>
                  <td class="num">{j.outputs}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function OutputsImport({ program }: { program: Program }) {
  const [result, setResult] = useState('');
  const f = useSubmit(async () => undefined);
  const upload = async (file: File) => {
    setResult('');
    f.setError(null);
    try {
      const r = await request<{ imported: number }>('POST', `/programs/${program.id}/outputs/import`, { text: await file.text(), contentType: 'text/csv' });
      setResult(`Imported ${r.imported} output(s).`);
    } catch (err) {
      f.setError(err);
    }
  };
  const problems = f.error instanceof ApiError ? f.error.problems : [];
  return (
    <div>
      <Field label="Import outputs from a CSV file" hint="Columns: email, kind, title and any of year, authors, journal, doi, pmid, meeting, format, funder, mechanism, amount, currency, grant_status, starts_on, ends_on, awarding_body, notes, role. All or nothing.">
        {(a) => <input {...a} type="file" accept=".csv,text/csv" onChange={(e) => { const file = (e.target as HTMLInputElement).files?.[0]; if (file) void upload(file); }} />}
      </Field>
      <LiveMessage>{result}</LiveMessage>
      <ErrorMessage error={f.error} />
      {problems.length > 0 && <ProblemTable problems={problems} />}
    </div>
  );
}

function SettingsForm({ program, settings, onSaved }: { program: Program; settings: JourneySettings; onSaved: () => void }) {
  const [fields, setFields] = useState(settings.career_fields.join('\n'));
  const [template, setTemplate] = useState(settings.agreement_template);
  const ind = settings.retention;
  const [defined, setDefined] = useState(!!ind);
  const [label, setLabel] = useState(ind?.label ?? 'Stayed in the field');
  const [indFields, setIndFields] = useState<string[]>(ind?.fields ?? []);
  const [indSettings, setIndSettings] = useState<string[]>(ind?.settings ?? []);
  const [words, setWords] = useState((ind?.title_words ?? []).join(', '));
  const [months, setMonths] = useState(String(ind?.months_after_end ?? 12));
  const [msg, setMsg] = useState('');
  const f = useSubmit(async () => {
    const list = fields.split('\n').map((x) => x.trim()).filter(Boolean);
    await api.patch(`/programs/${program.id}/journey-settings`, {
      career_fields: list,
      agreement_template: template,
      retention: defined
        ? { label, fields: indFields, settings: indSettings, title_words: words.split(',').map((w) => w.trim()).filter(Boolean), months_after_end: Number(months) }
        : null,
    });
    setMsg('Saved.');
    onSaved();
  });
  const fe = (k: string) => fieldError(f.error, k);
  const toggle = (list: string[], set: (x: string[]) => void, v: string) => (e: Event) => set((e.target as HTMLInputElement).checked ? [...list, v] : list.filter((x) => x !== v));
  const current = fields.split('\n').map((x) => x.trim()).filter(Boolean);
  return (
    <form onSubmit={f.submit} noValidate aria-label="Journey settings">
      <Field label="Career fields (one per line)" hint="The fields a position can be in." error={fe('career_fields')}>
        {(a) => <textarea {...a} rows={4} value={fields} onInput={(e) => setFields(inputValue(e))} />}
      </Field>
      <fieldset>
        <legend>Retention indicator</legend>
        <label class="checkbox">
          <input type="checkbox" checked={defined} onChange={(e) => setDefined((e.target as HTMLInputElement).checked)} /> Count mentees who stayed in the field
        </label>
        {defined && (
          <>
            <Field label="Name" error={fe('retention.label')}>
              {(a) => <input {...a} type="text" value={label} onInput={(e) => setLabel(inputValue(e))} />}
            </Field>
            <fieldset>
              <legend>A position in</legend>
              {current.map((x) => (
                <label class="checkbox" key={x}>
                  <input type="checkbox" checked={indFields.includes(x)} onChange={toggle(indFields, setIndFields, x)} /> {x}
                </label>
              ))}
              {fe('retention.fields') && <p class="field-error">{fe('retention.fields')}</p>}
            </fieldset>
            <fieldset>
              <legend>In the setting (none ticked: any)</legend>
              {SETTINGS.map((x) => (
                <label class="checkbox" key={x}>
                  <input type="checkbox" checked={indSettings.includes(x)} onChange={toggle(indSettings, setIndSettings, x)} /> {x}
                </label>
              ))}
            </fieldset>
            <Field label="With a title containing (comma-separated; empty: any title)" hint="e.g. professor, instructor, faculty" error={fe('retention.title_words')}>
              {(a) => <input {...a} type="text" value={words} onInput={(e) => setWords(inputValue(e))} />}
            </Field>
            <Field label="Started within … months of the program's end" error={fe('retention.months_after_end')}>
              {(a) => <input {...a} type="number" min={0} max={120} inputMode="numeric" value={months} onInput={(e) => setMonths(inputValue(e))} />}
            </Field>
          </>
        )}
      </fieldset>
      <Field
        label="Agreement template (Markdown)"
        hint={`Version ${settings.agreement_version}${settings.default_template ? ", Tandem's default" : ''}. A change asks pairs who sign afterwards to agree to the new text; empty restores the default.`}
        error={fe('agreement_template')}
      >
        {(a) => <textarea {...a} rows={12} value={template} onInput={(e) => setTemplate(inputValue(e))} />}
      </Field>
      <details>
        <summary>Preview the agreement</summary>
        <Markdown text={template} />
      </details>
      <FormError error={f.error} fields={['career_fields', 'retention', 'agreement_template']} />
      <Button type="submit" busy={f.busy} busyLabel="Saving…">
        Save the settings
      </Button>
      <LiveMessage>{msg}</LiveMessage>
    </form>
  );
}

export function OutcomesPage({ programId }: { programId: number }) {
  const program = useProgram(programId);
  const { me } = useSession();
  const data = useResource(
    async (signal) => {
      const [outcomes, settings] = await Promise.all([
        api.get<Outcomes>(`/programs/${programId}/outcomes`, { signal }),
        api.get<JourneySettings>(`/programs/${programId}/journey-settings`, { signal }),
      ]);
      return { outcomes, settings };
    },
    [programId],
  );
  return (
    <ProgramFrame program={program} title="Journey and outcomes" forEveryMember wide>
      {(p) => {
        const coordinator = canCoordinate(me, p.id);
        if (!data.data) return data.error ? <ErrorMessage error={data.error} retry={data.reload} /> : <Loading />;
        const { outcomes, settings } = data.data;
        return (
          <>
            <section class="card" aria-labelledby="retention-h">
              <h2 id="retention-h">Career outcomes</h2>
              <RetentionFigure outcomes={outcomes} />
            </section>
            {coordinator && (
              <section aria-labelledby="pairs-h">
                <h2 id="pairs-h">Each pair</h2>
                <PairTable program={p} />
              </section>
            )}
            <section aria-labelledby="positions-h">
              <h2 id="positions-h">{coordinator ? 'Positions' : 'Your positions'}</h2>
              <People outcomes={outcomes} canDelete onChange={data.reload} />
              {outcomes.people.length > 0 && <PositionForm program={p} people={outcomes.people} fields={settings.career_fields} onDone={data.reload} />}
            </section>
            {coordinator && (
              <section class="card" aria-labelledby="data-h">
                <h2 id="data-h">Outputs and outcomes as files</h2>
                <p>
                  <a href={`/api/v1/programs/${p.id}/outputs/export`} download>
                    Download outputs (CSV)
                  </a>{' '}
                  ·{' '}
                  <a href={`/api/v1/programs/${p.id}/outcomes/export`} download>
                    Download career outcomes (CSV)
                  </a>
                </p>
                <OutputsImport program={p} />
              </section>
            )}
            {coordinator && (
              <section class="card" aria-labelledby="settings-h">
                <h2 id="settings-h">Agreement, career fields and retention</h2>
                <SettingsForm program={p} settings={settings} onSaved={data.reload} />
              </section>
            )}
          </>
        );
      }}
    </ProgramFrame>
  );
}
