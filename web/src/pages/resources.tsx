// The resource library (docs/journey.md): what a program offers its people —
// research materials, clinical guidelines, emotional support, career
// development, program documents — with search and filters; coordinators add
// links and files (checked by their bytes), admins for every program.
import { useState } from 'preact/hooks';
import { api, fieldError } from '../api/client';
import type { Resource } from '../api/types';
import { Button, ErrorMessage, Field, FormError, LiveMessage, Loading, optionsOf, Page, useResource, useSubmit } from '../components/ui';
import { navigate, useLocation } from '../router';
import { canCoordinate, useSession } from '../session';

export const RESOURCE_CATEGORIES: [Resource['category'], string][] = [
  ['emotional_support', 'Emotional support and well-being'],
  ['clinical_guidelines', 'Clinical guidelines'],
  ['research_materials', 'Research materials'],
  ['career_development', 'Career development'],
  ['program_documents', 'Program documents'],
];
const categoryLabel = (c: string) => RESOURCE_CATEGORIES.find(([v]) => v === c)?.[1] ?? c;
const inputValue = (e: Event) => (e.target as HTMLInputElement).value;

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The file's bytes as standard base64 (what the API takes). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function AddResource({ programId, maxBytes, onDone }: { programId: number | null; maxBytes: number; onDone: () => void }) {
  const [kind, setKind] = useState<'link' | 'file'>('link');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState<Resource['category']>('program_documents');
  const [audience, setAudience] = useState<Resource['audience']>('everyone');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [msg, setMsg] = useState('');
  const f = useSubmit(async () => {
    const body: Record<string, unknown> = { program_id: programId, title, description, category, audience };
    if (kind === 'link') body.url = url;
    else if (file) body.file = { name: file.name, content_base64: await readBase64(file) };
    else body.file = { name: '', content_base64: '' };
    await api.post('/resources', body);
    setMsg(`Added ${title}.`);
    setTitle('');
    setDescription('');
    setUrl('');
    setFile(null);
    onDone();
  });
  const fe = (k: string) => fieldError(f.error, k);
  return (
    <form class="card" onSubmit={f.submit} noValidate aria-label="Add a resource">
      <h2>Add a resource</h2>
      <fieldset>
        <legend>A link or a file?</legend>
        <label>
          <input type="radio" name="kind" checked={kind === 'link'} onChange={() => setKind('link')} /> A link
        </label>
        <label>
          <input type="radio" name="kind" checked={kind === 'file'} onChange={() => setKind('file')} /> A file (up to {sizeText(maxBytes)})
        </label>
      </fieldset>
      <Field label="Title" error={fe('title')}>
        {(a) => <input {...a} type="text" value={title} onInput={(e) => setTitle(inputValue(e))} />}
      </Field>
      {kind === 'link' ? (
        <Field label="Address" hint="https://…" error={fe('url')}>
          {(a) => <input {...a} type="url" value={url} onInput={(e) => setUrl(inputValue(e))} />}
        </Field>
      ) : (
        <Field label="File" hint="PDF, PNG, JPEG, Word, Excel, PowerPoint, text, Markdown or CSV" error={fe('file') ?? fe('file_name')}>
          {(a) => <input {...a} type="file" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />}
        </Field>
      )}
      <Field label="Description" error={fe('description')}>
        {(a) => <textarea {...a} rows={2} value={description} onInput={(e) => setDescription(inputValue(e))} />}
      </Field>
      <div class="row">
        <Field label="Category" error={fe('category')}>
          {(a) => (
            <select {...a} value={category} onChange={(e) => setCategory(inputValue(e) as Resource['category'])}>
              {optionsOf(RESOURCE_CATEGORIES)}
            </select>
          )}
        </Field>
        <Field label="For" error={fe('audience')}>
          {(a) => (
            <select {...a} value={audience} onChange={(e) => setAudience(inputValue(e) as Resource['audience'])}>
              <option value="everyone">Everyone</option>
              <option value="mentors">Mentors only</option>
              <option value="mentees">Mentees only</option>
            </select>
          )}
        </Field>
      </div>
      <FormError error={f.error} fields={['title', 'url', 'file', 'file_name', 'description', 'category', 'audience']} />
      <Button type="submit" busy={f.busy} busyLabel="Adding…">
        Add the resource
      </Button>
      <LiveMessage>{msg}</LiveMessage>
    </form>
  );
}

export function ResourcesPage() {
  const { me } = useSession();
  const { search } = useLocation();
  const programs = new Map<number, string>();
  for (const m of me?.memberships ?? []) if (m.status === 'active') programs.set(m.program_id, m.program_name);
  const programParam = search.get('program');
  const programId = programParam ? Number(programParam) : programs.size > 0 ? [...programs.keys()][0] : null;
  const category = search.get('category') ?? '';
  const [q, setQ] = useState(search.get('q') ?? '');
  const go = (p: number | null, c: string, text: string) => {
    const params = new URLSearchParams();
    if (p) params.set('program', String(p));
    if (c) params.set('category', c);
    if (text) params.set('q', text);
    navigate(`/resources${params.toString() ? '?' + params.toString() : ''}`, { replace: true });
  };
  const list = useResource(
    (signal) => api.get<{ resources: Resource[]; max_file_bytes: number }>('/resources', { signal, query: { program_id: programId, category: category || null, q: search.get('q') } }),
    [programId, category, search.get('q')],
  );
  const editor = programId ? canCoordinate(me, programId) : !!me?.user.is_admin;
  const remove = async (r: Resource) => {
    await api.del(`/resources/${r.id}`).catch(() => undefined);
    list.reload();
  };
  return (
    <Page title="Resources" heading="Resources">
      <form
        class="filters row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go(programId, category, q.trim());
        }}
      >
        {programs.size > 0 && (
          <Field label="Program">
            {(a) => (
              <select {...a} value={programId ? String(programId) : ''} onChange={(e) => go(inputValue(e) ? Number(inputValue(e)) : null, category, q)}>
                {[...programs.entries()].map(([id, name]) => (
                  <option key={id} value={String(id)}>
                    {name}
                  </option>
                ))}
                <option value="">Every program's</option>
              </select>
            )}
          </Field>
        )}
        <Field label="Category">
          {(a) => (
            <select {...a} value={category} onChange={(e) => go(programId, inputValue(e), q)}>
              <option value="">All</option>
              {optionsOf(RESOURCE_CATEGORIES)}
            </select>
          )}
        </Field>
        <Field label="Search">
          {(a) => <input {...a} type="search" value={q} onInput={(e) => setQ(inputValue(e))} />}
        </Field>
        <div class="field">
          <button type="submit" class="secondary">
            Search
          </button>
        </div>
      </form>
      {list.loading && !list.data && <Loading />}
      {list.error && <ErrorMessage error={list.error} retry={list.reload} />}
      {list.data && list.data.resources.length === 0 && <p>Nothing here{category ? ` in ${categoryLabel(category).toLowerCase()}` : ''} yet.</p>}
      {list.data && (
        <ul class="plain resources">
          {list.data.resources.map((r) => (
            <li key={r.id} class="card">
              <h3>
                {r.url ? (
                  <a href={r.url} target="_blank" rel="noopener noreferrer">
                    {r.title}
                  </a>
                ) : (
                  <a href={r.download ?? '#'} download={r.file_name ?? undefined}>
                    {r.title}
                  </a>
                )}
              </h3>
              <p class="muted">
                {categoryLabel(r.category)}
                {r.audience !== 'everyone' && ` · for ${r.audience}`}
                {r.program_id === null && ' · every program'}
                {r.file_name && ` · ${r.file_name}, ${sizeText(r.size)}`}
              </p>
              {r.description && <p>{r.description}</p>}
              {editor && (r.program_id !== null || me?.user.is_admin) && (
                <button type="button" class="link-button" onClick={() => remove(r)} aria-label={`Delete ${r.title}`}>
                  Delete
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editor && list.data && <AddResource programId={programId} maxBytes={list.data.max_file_bytes} onDone={list.reload} />}
    </Page>
  );
}
