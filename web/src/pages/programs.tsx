// Programs list and (admin) creating a program, with where its vocabulary starts.
import { useState } from 'preact/hooks';
import { api, fieldError } from '../api/client';
import type { Program } from '../api/types';
import { Button, ErrorMessage, Field, Loaded, Page, StatusBadge, useResource } from '../components/ui';
import { Link, navigate } from '../router';
import { VocabularySourcePicker } from '../components/VocabularySource';
import { useSession } from '../session';
import { formatDate } from '../lib/time';

export function ProgramList() {
  const { me } = useSession();
  const programs = useResource((signal) => api.get<{ programs: Program[] }>('/programs', { signal }), []);
  return (
    <Page
      title="Programs"
      actions={
        me?.user.is_admin && (
          <Link href="/programs/new" class="button">
            Create a program
          </Link>
        )
      }
    >
      <Loaded resource={programs} what="the programs">
        {({ programs: list }) =>
          list.length === 0 ? (
            <p>There are no programs yet.{me?.user.is_admin && ' Create the first one.'}</p>
          ) : (
            <div class="table-scroll" tabIndex={0} role="region" aria-label="Programs table">
              <table class="data">
                <caption class="visually-hidden">Programs</caption>
                <thead>
                  <tr>
                    <th scope="col">Program</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Status</th>
                    <th scope="col">Dates</th>
                    <th scope="col">Your role</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((p) => {
                    const role = me?.memberships.find((m) => m.program_id === p.id)?.role ?? (me?.user.is_admin ? 'admin' : '');
                    const coord = me?.user.is_admin || role === 'coordinator';
                    return (
                      <tr key={p.id}>
                        <td>{coord ? <Link href={`/programs/${p.id}`}>{p.name}</Link> : p.name}</td>
                        <td>{p.kind === 'peer_support' ? 'peer support' : 'cohort'}</td>
                        <td>
                          <StatusBadge status={p.status} />
                        </td>
                        <td>
                          {formatDate(p.starts_on)} – {formatDate(p.ends_on)}
                        </td>
                        <td>{role}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </Page>
  );
}

const DEFAULT_VOCABULARY = 'template:hematology_oncology';
/** The field a template suggests while the field has not been typed. */
const FIELD_OF: Record<string, string> = {
  'template:hematology_oncology': 'hematology',
  'template:oncology_nursing': 'oncology nursing',
  'template:cancer_research': 'cancer research',
  'template:radiation_oncology': 'radiation oncology',
  'template:peer_support': 'peer support',
};

export function CreateProgram() {
  const { me } = useSession();
  const [name, setName] = useState('');
  const [field, setField] = useState('hematology');
  const [kind, setKind] = useState<'cohort' | 'peer_support'>('cohort');
  const [cross, setCross] = useState(true);
  // The built-in hematology and oncology vocabulary unless another is chosen.
  const [vocabularyFrom, setVocabularyFrom] = useState(DEFAULT_VOCABULARY);
  const [fieldTouched, setFieldTouched] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!me?.user.is_admin)
    return (
      <Page title="Not allowed">
        <p class="lead">Only an administrator can create a program.</p>
      </Page>
    );
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!name.trim()) {
      setError({ field: 'name' });
      return;
    }
    setBusy(true);
    try {
      const p = await api.post<Program>('/programs', {
        name: name.trim(),
        field: field.trim(),
        kind,
        cross_institution: cross,
        ...(kind === 'cohort' && vocabularyFrom !== DEFAULT_VOCABULARY ? { vocabulary_from: vocabularyFrom } : {}),
      });
      navigate(`/programs/${p.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const nameErr = (error as { field?: string })?.field === 'name' && !(error instanceof Error) ? 'Give the program a name.' : fieldError(error, 'name');
  const known = nameErr || fieldError(error, 'field') || fieldError(error, 'kind') || fieldError(error, 'vocabulary_from');
  return (
    <Page title="Create a program">
      <form class="card narrow" onSubmit={submit} noValidate>
        {error instanceof Error && !known && <ErrorMessage error={error} />}
        <Field label="Name" hint="For example: Hematology Fellows Mentoring 2026-27" error={nameErr}>
          {(a) => <input {...a} type="text" required value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="Field" hint="The clinical field, e.g. hematology, oncology, nursing." error={fieldError(error, 'field')}>
          {(a) => (
            <input
              {...a}
              type="text"
              required
              value={field}
              onInput={(e) => {
                setField((e.target as HTMLInputElement).value);
                setFieldTouched(true);
              }}
            />
          )}
        </Field>
        <fieldset>
          <legend>Kind of program</legend>
          <label class="check">
            <input type="radio" name="kind" value="cohort" checked={kind === 'cohort'} onChange={() => setKind('cohort')} />
            Cohort — everyone is matched at once and the coordinator publishes the pairs
          </label>
          <label class="check">
            <input type="radio" name="kind" value="peer_support" checked={kind === 'peer_support'} onChange={() => setKind('peer_support')} />
            Peer support — requests arrive one at a time and are matched against a pool of volunteers
          </label>
          {fieldError(error, 'kind') && <p class="field-error">{fieldError(error, 'kind')}</p>}
        </fieldset>
        {kind === 'cohort' && (
          <VocabularySourcePicker
            value={vocabularyFrom}
            legend="Vocabulary: where the program's topics, career stages and goals start"
            error={fieldError(error, 'vocabulary_from')}
            onChange={(v) => {
              setVocabularyFrom(v);
              const field = FIELD_OF[v];
              if (!fieldTouched && field) setField(field);
            }}
          />
        )}
        <label class="check">
          <input type="checkbox" checked={cross} onChange={(e) => setCross((e.target as HTMLInputElement).checked)} />
          Cross-institution: never pair two people from the same institution
        </label>
        <div class="form-actions">
          <Button type="submit" busy={busy} busyLabel="Creating…">
            Create the program
          </Button>
          <Link href="/programs">Cancel</Link>
        </div>
      </form>
    </Page>
  );
}
