// Where a program's vocabulary starts: one of the built-in templates (each
// with its title, description and size), another program the person
// coordinates, or empty. The value is what the API takes as vocabulary_from
// or {from}: "template:<code>", "program:<id>" or "empty".
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Program, TaxonomyTemplate } from '../api/types';
import { canCoordinate, useSession } from '../session';
import { ErrorMessage, Loading, useId, useResource } from './ui';

export function useTemplates() {
  return useResource((signal) => api.get<{ templates: TaxonomyTemplate[] }>('/taxonomy-templates', { signal }).then((r) => r.templates), []);
}

/** The programs `me` coordinates, but `except`. */
export function useCoordinatedPrograms(except?: number) {
  const { me } = useSession();
  return useResource(
    (signal) => api.get<{ programs: Program[] }>('/programs', { signal }).then((r) => r.programs.filter((p) => p.id !== except && canCoordinate(me, p.id))),
    [except, me?.user.id],
  );
}

export function VocabularySourcePicker({
  value,
  onChange,
  except,
  legend = 'Where the vocabulary starts',
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  /** A program not to offer (the one being changed). */
  except?: number;
  legend?: string;
  error?: string | null;
}) {
  const templates = useTemplates();
  const programs = useCoordinatedPrograms(except);
  const name = useId('vocab');
  const fromProgram = value.startsWith('program:');
  const [programId, setProgramId] = useState(fromProgram ? value.slice(8) : '');
  const firstProgram = programs.data?.[0]?.id;
  return (
    <fieldset class={`vocabulary-source${error ? ' field-invalid' : ''}`}>
      <legend>{legend}</legend>
      <p class="hint">The topics, career stages, goals and languages people choose from in their profiles. The program's coordinators can change them at any time.</p>
      {templates.loading && !templates.data && <Loading />}
      <ErrorMessage error={templates.error} retry={templates.reload} />
      {templates.data?.map((t) => (
        <label class="check source-option" key={t.code}>
          <input type="radio" name={name} value={`template:${t.code}`} checked={value === `template:${t.code}`} onChange={() => onChange(`template:${t.code}`)} />
          <span>
            <strong>{t.title}</strong>
            <span class="hint">
              {' '}
              — {t.description} ({t.topics} topics, {t.career_stages} career stages, {t.goals} goals)
            </span>
          </span>
        </label>
      ))}
      {(programs.data?.length ?? 0) > 0 && (
        <div class="source-program">
          <label class="check source-option">
            <input
              type="radio"
              name={name}
              value="program"
              checked={fromProgram}
              onChange={() => {
                const id = programId || String(firstProgram ?? '');
                setProgramId(id);
                onChange(`program:${id}`);
              }}
            />
            <span>
              <strong>A copy of another program's</strong>
              <span class="hint"> — its taxonomy and intake questions</span>
            </span>
          </label>
          {fromProgram && (
            <label class="indent">
              Program{' '}
              <select
                value={programId}
                onChange={(e) => {
                  const id = (e.target as HTMLSelectElement).value;
                  setProgramId(id);
                  onChange(`program:${id}`);
                }}
              >
                {programs.data!.map((p) => (
                  <option key={p.id} value={String(p.id)}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      <label class="check source-option">
        <input type="radio" name={name} value="empty" checked={value === 'empty'} onChange={() => onChange('empty')} />
        <span>
          <strong>Empty</strong>
          <span class="hint"> — build it yourself, or import a CSV file</span>
        </span>
      </label>
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}
