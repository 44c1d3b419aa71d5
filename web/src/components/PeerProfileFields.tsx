// The fields of a peer-support profile (docs/peer-support.md), shared by the
// public request page (a person seeking support) and a volunteer's profile:
// who they are, the cancer, what they would like to talk about and how, in
// cards a phone shows one under the other. Labels come from the server's
// vocabulary (GET /peer-vocabulary, loaded once per page load). A server
// error naming a field ("treatments[1]", "profile.cancer_type") is shown
// under that field's group.
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { PeerProfile, PeerTerm, PeerVocabulary } from '../api/types';
import { COMMON_LANGUAGES, fieldMessage, formField, genderGiven, languageLabel, languageTag } from '../lib/peer';
import { browserTimeZone, isValidTimeZone, timeZones } from '../lib/time';
import { AvailabilityGrid } from './AvailabilityGrid';
import { Field, useId, useResource, type Resource } from './ui';

let vocabulary: Promise<PeerVocabulary> | null = null;
/** The peer-support lists, asked of the server once per page load. */
export function usePeerVocabulary(): Resource<PeerVocabulary> {
  return useResource(() => {
    if (!vocabulary) vocabulary = api.get<PeerVocabulary>('/peer-vocabulary').catch((e) => {
      vocabulary = null;
      throw e;
    });
    return vocabulary;
  }, []);
}
/** Forgets the cached vocabulary (tests). */
export function forgetPeerVocabulary(): void {
  vocabulary = null;
}

/** The message for `field` when the server's error names it (or an element of it), else null. */
export function peerFieldError(error: unknown, field: string): string | null {
  if (!(error instanceof ApiError) || formField(error.field) !== field) return null;
  return fieldMessage(error.field, error.message);
}

/** A group of radio buttons or checkboxes with its legend, hint and error. */
export function ChoiceGroup({
  legend,
  hint,
  error,
  terms,
  multiple,
  value,
  onChange,
  name,
  class: cls,
}: {
  legend: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | null;
  terms: readonly PeerTerm[];
  multiple?: boolean;
  value: string | string[];
  onChange: (v: string | string[]) => void;
  name: string;
  class?: string;
}) {
  const id = useId('grp');
  const chosen = (code: string) => (Array.isArray(value) ? value.includes(code) : value === code);
  const describedBy = [error ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={`choice-group${error ? ' field-invalid' : ''}${cls ? ' ' + cls : ''}`} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div class={multiple ? 'check-columns' : undefined}>
        {terms.map((t) => (
          <label class="check" key={t.code}>
            <input
              type={multiple ? 'checkbox' : 'radio'}
              name={name}
              value={t.code}
              checked={chosen(t.code)}
              aria-invalid={error ? true : undefined}
              onChange={(e) => {
                const on = (e.target as HTMLInputElement).checked;
                if (!multiple) onChange(t.code);
                else {
                  const list = (value as string[]).filter((c) => c !== t.code);
                  onChange(on ? [...list, t.code] : list);
                }
              }}
            />
            <span>{t.label}</span>
          </label>
        ))}
      </div>
      {error && (
        <p class="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** A select of one list with an empty choice first. */
function TermSelect({ label, hint, error, terms, value, onChange, empty }: { label: string; hint?: string; error: string | null; terms: readonly PeerTerm[]; value: string; onChange: (v: string) => void; empty: string }) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(a) => (
        <select {...a} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
          <option value="">{empty}</option>
          {terms.map((t) => (
            <option key={t.code} value={t.code}>
              {t.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Languages as removable chips, with a box to add one (a list to choose from, any language allowed). */
export function LanguagesField({ value, onChange, error, label }: { value: string[]; onChange: (v: string[]) => void; error: string | null; label: string }) {
  const id = useId('lang');
  const [typed, setTyped] = useState('');
  const add = () => {
    const tag = languageTag(typed);
    if (tag && !value.includes(tag)) onChange([...value, tag]);
    setTyped('');
  };
  return (
    <fieldset class={`languages${error ? ' field-invalid' : ''}`} aria-describedby={error ? `${id}-err` : undefined}>
      <legend>{label}</legend>
      {value.length > 0 ? (
        <ul class="chips" aria-label="Languages chosen">
          {value.map((l) => (
            <li key={l} class="chip">
              {languageLabel(l)}
              <button type="button" aria-label={`Remove ${languageLabel(l)}`} onClick={() => onChange(value.filter((x) => x !== l))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="hint">No language yet: add at least one.</p>
      )}
      <div class="inline">
        <label class="visually-hidden" for={id}>
          Add a language
        </label>
        <input
          id={id}
          type="text"
          list={`${id}-list`}
          placeholder="e.g. Spanish"
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          value={typed}
          onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault(); // never send the form from this box
              add();
            }
          }}
        />
        <datalist id={`${id}-list`}>
          {COMMON_LANGUAGES.filter((l) => !value.includes(l)).map((l) => (
            <option key={l} value={languageLabel(l)} />
          ))}
        </datalist>
        <button type="button" class="secondary" onClick={add} aria-label={typed.trim() ? `Add ${languageLabel(languageTag(typed))}` : 'Add the language'}>
          Add
        </button>
      </div>
      {error && (
        <p class="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

export interface PeerProfileFieldsProps {
  value: PeerProfile;
  onChange: (p: PeerProfile) => void;
  vocab: PeerVocabulary;
  error: unknown;
  /** seeker: the person asking (their own words); volunteer: their experience, to support others. */
  side: 'seeker' | 'volunteer';
  /** More fields at the end of "What you would like to talk about" (the request's note). */
  talkExtra?: ComponentChildren;
}

/** The profile's fields in four cards. */
export function PeerProfileFields({ value: p, onChange, vocab, error, side, talkExtra }: PeerProfileFieldsProps) {
  const set = <K extends keyof PeerProfile>(k: K, v: PeerProfile[K]) => onChange({ ...p, [k]: v });
  const fe = (f: string) => peerFieldError(error, f);
  const zones = useMemo(() => timeZones(), []);
  const seeker = side === 'seeker';
  const caregiver = p.person === 'caregiver';
  const viewerTz = browserTimeZone();
  const tzOk = isValidTimeZone(p.time_zone);
  const [showTimes, setShowTimes] = useState(p.availability.length > 0);
  return (
    <>
      <section class="card" aria-labelledby="peer-about-h">
        <h2 id="peer-about-h">{seeker ? 'About you' : 'Your experience'}</h2>
        <ChoiceGroup
          legend={seeker ? 'I am…' : 'I volunteer as…'}
          name="person"
          terms={vocab.person}
          value={p.person}
          onChange={(v) => set('person', v as string)}
          error={fe('person')}
        />
        {caregiver && (
          <TermSelect
            label={seeker ? 'Who are you caring for?' : 'Who did you care for?'}
            terms={vocab.relationship}
            value={p.relationship}
            onChange={(v) => set('relationship', v)}
            error={fe('relationship')}
            empty="Choose…"
          />
        )}
        <div class="row">
          <TermSelect label="Age group (optional)" terms={vocab.age_group} value={p.age_group} onChange={(v) => set('age_group', v)} error={fe('age_group')} empty="Prefer not to say" />
          <TermSelect
            label="Gender (optional)"
            terms={vocab.gender}
            value={p.gender}
            onChange={(v) => onChange({ ...p, gender: v, same_gender: genderGiven(v) ? p.same_gender : false })}
            error={fe('gender')}
            empty="Not given"
          />
        </div>
        {seeker && genderGiven(p.gender) && (
          <label class="check">
            <input type="checkbox" checked={p.same_gender} onChange={(e) => set('same_gender', (e.target as HTMLInputElement).checked)} />
            <span>I would like someone of my own gender</span>
          </label>
        )}
      </section>

      <section class="card" aria-labelledby="peer-cancer-h">
        <h2 id="peer-cancer-h">{caregiver ? (seeker ? 'The cancer of the person you care for' : 'The cancer of the person you cared for') : seeker ? 'Your cancer' : 'The cancer you had'}</h2>
        <TermSelect
          label="Kind of cancer"
          hint="Choose “Another cancer” if yours is not in the list, and say more below."
          terms={vocab.cancer_type}
          value={p.cancer_type}
          onChange={(v) => set('cancer_type', v)}
          error={fe('cancer_type')}
          empty="Choose…"
        />
        <Field label="More about it, in your words (optional)" hint="For example: triple negative, HER2-positive, small cell." error={fe('cancer_subtype')}>
          {(a) => <input {...a} type="text" maxLength={200} value={p.cancer_subtype} onInput={(e) => set('cancer_subtype', (e.target as HTMLInputElement).value)} />}
        </Field>
        <div class="row">
          <TermSelect label="Stage at diagnosis (optional)" terms={vocab.stage} value={p.stage} onChange={(v) => set('stage', v)} error={fe('stage')} empty="Not given" />
          <TermSelect
            label={caregiver ? 'When was the diagnosis? (optional)' : seeker ? 'When were you diagnosed? (optional)' : 'When were you diagnosed? (optional)'}
            terms={vocab.time_since_diagnosis}
            value={p.time_since_diagnosis}
            onChange={(v) => set('time_since_diagnosis', v)}
            error={fe('time_since_diagnosis')}
            empty="Not given"
          />
        </div>
        <ChoiceGroup
          legend="Treatments (choose any)"
          hint={seeker ? 'Treatments so far or planned.' : undefined}
          name="treatments"
          multiple
          terms={vocab.treatments}
          value={p.treatments}
          onChange={(v) => set('treatments', v as string[])}
          error={fe('treatments')}
        />
      </section>

      <section class="card" aria-labelledby="peer-talk-h">
        <h2 id="peer-talk-h">{seeker ? 'What you would like to talk about' : 'What you can talk about'}</h2>
        <ChoiceGroup legend="Topics (choose any)" name="topics" multiple terms={vocab.topics} value={p.topics} onChange={(v) => set('topics', v as string[])} error={fe('topics')} />
        {talkExtra}
      </section>

      <section class="card" aria-labelledby="peer-how-h">
        <h2 id="peer-how-h">How you would like to talk</h2>
        <ChoiceGroup legend="By (choose any)" name="contact" multiple terms={vocab.contact} value={p.contact} onChange={(v) => set('contact', v as string[])} error={fe('contact')} />
        <LanguagesField label="Languages you can talk in" value={p.languages} onChange={(v) => set('languages', v)} error={fe('languages')} />
        <Field label="Your time zone" hint={p.time_zone === viewerTz ? 'Your browser’s time zone.' : `Your browser is in ${viewerTz}.`} error={fe('time_zone') ?? (tzOk ? null : 'Choose a time zone from the list.')}>
          {(a) => (
            <select {...a} value={p.time_zone} onChange={(e) => set('time_zone', (e.target as HTMLSelectElement).value)}>
              {!zones.includes(p.time_zone) && <option value={p.time_zone}>{p.time_zone || 'Choose…'}</option>}
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div class="availability-optional">
          <button type="button" class="secondary small" aria-expanded={showTimes} onClick={() => setShowTimes(!showTimes)}>
            {showTimes ? 'Hide the times' : 'When are you usually free? (optional)'}
          </button>
          {(showTimes || fe('availability')) && (
            <div class="availability-box">
              <p class="hint">Choose the half hours you are usually free, in {tzOk ? p.time_zone : 'UTC'}. It helps find someone who can talk when you can.</p>
              {fe('availability') && <p class="field-error">{fe('availability')}</p>}
              <AvailabilityGrid value={p.availability} onChange={(w) => set('availability', w)} timeZone={tzOk ? p.time_zone : 'UTC'} label="When you are usually free" />
            </div>
          )}
        </div>
      </section>
    </>
  );
}
