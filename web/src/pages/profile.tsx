// My profile (or, for a coordinator, anyone's): the facts matching uses; for a
// member who may only read someone's profile (their partner's), a read-only view.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api, fieldError } from '../api/client';
import type { Enrollment, IntakeQuestion, Profile, Program, Taxonomy, Vocabulary } from '../api/types';
import { AvailabilityGrid } from '../components/AvailabilityGrid';
import { ProfileView } from '../components/ProfileView';
import { TagPicker, canonicalTag, type TagOption } from '../components/TagPicker';
import { Button, ErrorMessage, Field, LiveMessage, Loaded, Page, useResource } from '../components/ui';
import { CalendarFeed } from '../components/Meetings';
import { QuestionFields } from '../components/QuestionFields';
import { cleanAnswers, missingAnswers, questionsFor } from '../lib/vocabulary';
import { NotificationPreferences } from '../components/NotificationPreferences';
import { PreferencesEditor } from '../components/PreferencesEditor';
import { Link, navigate } from '../router';
import { canCoordinate, coordinates, participantMemberships, useSession } from '../session';
import { PeerProfileEditor, VolunteerStandingSection } from '../components/PeerVolunteer';
import { roleNoun } from '../lib/peer';
import { browserTimeZone, convertWeekly, describeWindow, isValidTimeZone, timeZones } from '../lib/time';

export function MyProfileRedirect() {
  const { me } = useSession();
  const mine = participantMemberships(me);
  useEffect(() => {
    if (mine.length === 1) navigate(`/enrollments/${mine[0].enrollment_id}/profile`, { replace: true });
  }, [mine.length]);
  if (mine.length === 1) return null;
  return (
    <Page title="My profile">
      {mine.length === 0 ? (
        <p>You are not a mentor or mentee in any program, so there is no profile to fill in.</p>
      ) : (
        <>
          <p>You take part in several programs; each has its own profile.</p>
          <ul class="link-list">
            {mine.map((m) => (
              <li key={m.enrollment_id}>
                <Link href={`/enrollments/${m.enrollment_id}/profile`}>
                  {m.program_name} ({roleNoun(m.program_kind, m.role)})
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}

interface Loaded {
  enrollment: Enrollment;
  profile: Profile;
  taxonomy: Taxonomy;
  /** The program's intake questions (all of them; the form asks those of the person's role). */
  questions: IntakeQuestion[];
  institutions: string[];
}

/** The program's kind, from the person's memberships when known, else from the program. */
async function programOf(me: ReturnType<typeof useSession>['me'], programId: number, signal: AbortSignal): Promise<Pick<Program, 'id' | 'name' | 'kind'>> {
  const m = me?.memberships.find((x) => x.program_id === programId);
  if (m) return { id: programId, name: m.program_name, kind: m.program_kind };
  const p = await api.get<Program>(`/programs/${programId}`, { signal });
  return { id: p.id, name: p.name, kind: p.kind };
}

export function ProfilePage({ enrollmentId }: { enrollmentId: number }) {
  const { me } = useSession();
  const res = useResource(async (signal): Promise<Loaded | PeerLoaded> => {
    const [enrollment, profile] = await Promise.all([
      api.get<Enrollment>(`/enrollments/${enrollmentId}`, { signal }),
      api.get<Profile>(`/enrollments/${enrollmentId}/profile`, { signal }),
    ]);
    const program = await programOf(me, enrollment.program_id, signal);
    if (program.kind === 'peer_support') return { peer: true, enrollment, profile, program };
    const [vocabulary, inst] = await Promise.all([
      // The program's own taxonomy and questions.
      api.get<Vocabulary>(`/programs/${enrollment.program_id}/vocabulary`, { signal }),
      // The list of institutions is for coordinators and admins; others type theirs.
      coordinates(me)
        ? api.get<{ institutions: { id: number; name: string }[] }>('/institutions', { signal }).catch(() => ({ institutions: [] }))
        : Promise.resolve({ institutions: [] as { id: number; name: string }[] }),
    ]);
    return { enrollment, profile, taxonomy: vocabulary.taxonomy, questions: vocabulary.questions, institutions: inst.institutions.map((i) => i.name) };
  }, [enrollmentId]);
  const mayEdit = (e: Enrollment) => !!me?.memberships.some((m) => m.enrollment_id === e.id) || canCoordinate(me, e.program_id);
  return (
    <Loaded resource={res} what="this profile">
      {(d) => ('peer' in d ? <PeerProfilePage {...d} /> : mayEdit(d.enrollment) ? <ProfileForm {...d} /> : <SharedProfile {...d} />)}
    </Loaded>
  );
}

/**
 * Someone else's profile for a member who may read it but not change it (a
 * pair partner; a mentor a mentee asked; a mentor a mentee may choose): what
 * the server shares with them, not a form whose save would be refused.
 */
function SharedProfile({ profile, taxonomy, questions }: Loaded) {
  const title = `Profile of ${profile.name}`;
  return (
    <Page title={title} heading={title}>
      <p class="lead">
        {profile.name} is a <strong>{profile.role}</strong> in this program.
      </p>
      <ProfileView profile={profile} taxonomy={taxonomy} showGrid questions={questions} />
      <p>
        <Link href="/">Back to home</Link>
      </p>
    </Page>
  );
}

interface PeerLoaded {
  peer: true;
  enrollment: Enrollment;
  profile: Profile;
  program: Pick<Program, 'id' | 'name' | 'kind'>;
}

/**
 * A profile in a peer-support program: a volunteer's standing (specialists
 * record training and screening; the volunteer pauses and resumes), the
 * peer profile (their experience, or what a person seeking support asked
 * with), and their name, how many people they can support and a few words.
 */
function PeerProfilePage({ enrollment, profile, program }: PeerLoaded) {
  const { me } = useSession();
  const isMine = !!me?.memberships.some((m) => m.enrollment_id === enrollment.id);
  const specialist = canCoordinate(me, program.id);
  const volunteer = enrollment.role === 'mentor';
  const noun = roleNoun(program.kind, enrollment.role);
  const title = isMine ? 'My profile' : `Profile of ${profile.name}`;
  return (
    <Page title={title} heading={<><span class="kicker">{program.name}</span>{title}</>}>
      <p class="lead">
        {isMine ? 'You are' : `${profile.name} is`} a <strong>{noun}</strong> in {program.name}.{' '}
        {volunteer
          ? `Specialists use ${isMine ? 'your' : 'their'} experience below to suggest ${isMine ? 'you' : 'them'} to people who have been through something similar.`
          : `A specialist looks for a volunteer who has been through something similar.`}
      </p>
      {volunteer && <VolunteerStandingSection enrollmentId={enrollment.id} specialist={specialist} name={isMine ? null : profile.name} />}
      <PeerProfileEditor enrollmentId={enrollment.id} side={volunteer ? 'volunteer' : 'seeker'} staff={specialist && !isMine} />
      <AboutPeer enrollment={enrollment} profile={profile} volunteer={volunteer} isMine={isMine} />
      {!isMine && (
        <p>
          <Link href={specialist && !volunteer ? `/programs/${program.id}/queue` : `/programs/${program.id}/enrollment`}>
            {specialist && !volunteer ? 'Back to the queue' : 'Back to enrollment'}
          </Link>
        </p>
      )}
      {isMine && <NotificationPreferences />}
    </Page>
  );
}

/** Name, how many people a volunteer can support, and a few words: the account's profile, the rest kept as it is. */
function AboutPeer({ enrollment, profile, volunteer, isMine }: { enrollment: Enrollment; profile: Profile; volunteer: boolean; isMine: boolean }) {
  const [draft, setDraft] = useState({ name: profile.name ?? '', capacity: String(profile.capacity ?? 1), bio: profile.bio ?? '' });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof draft, v: string) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setSaved('');
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const capacity = Number(draft.capacity);
    if (volunteer && (!Number.isInteger(capacity) || capacity < 1 || capacity > 1000)) {
      setError(new ApiError(400, 'invalid_argument', 'Enter how many people, a whole number from 1.', 'capacity'));
      return;
    }
    setBusy(true);
    try {
      // The peer profile keeps parts of this profile in step (languages, availability, …): start from the server's copy.
      const now = await api.get<Profile>(`/enrollments/${enrollment.id}/profile`);
      const { participant_id: _id, role: _role, prefer: _prefer, avoid: _avoid, ...rest } = now;
      await api.put<Profile>(`/enrollments/${enrollment.id}/profile`, { ...rest, name: draft.name, bio: draft.bio, ...(volunteer ? { capacity } : {}) });
      setSaved('Saved.');
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const fe = (f: string) => fieldError(error, f);
  return (
    <form onSubmit={submit} noValidate class="card about-peer" aria-labelledby="about-peer-h">
      <h2 id="about-peer-h">{isMine ? 'About you' : 'Name and a few words'}</h2>
      <Field label="Full name" error={fe('name')}>
        {(a) => <input {...a} type="text" autoComplete={isMine ? 'name' : 'off'} value={draft.name} onInput={(e) => set('name', (e.target as HTMLInputElement).value)} />}
      </Field>
      {volunteer && (
        <Field label="How many people can you support at once?" hint="You are never offered more than this." error={fe('capacity')}>
          {(a) => <input {...a} type="number" min={1} max={1000} inputMode="numeric" value={draft.capacity} onInput={(e) => set('capacity', (e.target as HTMLInputElement).value)} />}
        </Field>
      )}
      <Field label="A few words (optional)" hint="The program's specialists can read it." error={fe('bio')}>
        {(a) => <textarea {...a} rows={3} value={draft.bio} onInput={(e) => set('bio', (e.target as HTMLTextAreaElement).value)} />}
      </Field>
      {error !== null && !['name', 'capacity', 'bio'].some((f) => fe(f)) && <ErrorMessage error={error} />}
      <div class="form-actions">
        <Button type="submit" busy={busy} busyLabel="Saving…">
          Save
        </Button>
        <LiveMessage class="saved">{saved}</LiveMessage>
      </div>
    </form>
  );
}

type Draft = Omit<Profile, 'participant_id' | 'role' | 'prefer' | 'avoid'>;

function toDraft(p: Profile): Draft {
  return {
    name: p.name ?? '',
    institution: p.institution ?? '',
    career_stage: p.career_stage ?? '',
    time_zone: p.time_zone || browserTimeZone(),
    years_experience: p.years_experience ?? null,
    capacity: p.capacity ?? 1,
    interests: p.interests ?? [],
    specialties: p.specialties ?? [],
    goals: p.goals ?? [],
    background: p.background ?? {},
    match_on: p.match_on ?? [],
    languages: p.languages ?? [],
    availability: p.availability ?? [],
    bio: p.bio ?? '',
    answers: p.answers ?? {},
  };
}

function BackgroundEditor({
  background,
  matchOn,
  onChange,
  isMentee,
  error,
}: {
  background: Record<string, string>;
  matchOn: string[];
  onChange: (bg: Record<string, string>, matchOn: string[]) => void;
  isMentee: boolean;
  error: string | null;
}) {
  const [rows, setRows] = useState(() => Object.entries(background).map(([k, v]) => ({ k, v })));
  const push = (next: { k: string; v: string }[], mo = matchOn) => {
    setRows(next);
    const bg: Record<string, string> = {};
    for (const r of next) if (canonicalTag(r.k)) bg[canonicalTag(r.k)] = r.v.trim();
    onChange(bg, mo.filter((k) => k in bg));
  };
  return (
    <fieldset class={`background${error ? ' field-invalid' : ''}`}>
      <legend>Background (optional)</legend>
      <p class="hint">
        Some people would like a {isMentee ? 'mentor' : 'mentee'} who shares part of their background — for example gender, or being the
        first in the family to go to university. Add only what you are comfortable sharing; your program coordinators can see it.
        {isMentee
          ? ' Tick “Match me on this” for the things you want matching to look for in a mentor. Anything not ticked is never used to choose your mentor.'
          : ' Mentees choose whether matching looks at this; it is never held against anyone.'}
      </p>
      {rows.length > 0 && (
        <ul class="bg-rows">
          {rows.map((r, i) => (
            <li key={i} class="bg-row">
              <label>
                What (e.g. gender)
                <input type="text" value={r.k} onInput={(e) => push(rows.map((x, j) => (j === i ? { ...x, k: (e.target as HTMLInputElement).value } : x)))} />
              </label>
              <label>
                Yours (e.g. woman)
                <input type="text" value={r.v} onInput={(e) => push(rows.map((x, j) => (j === i ? { ...x, v: (e.target as HTMLInputElement).value } : x)))} />
              </label>
              {isMentee && (
                <label class="check">
                  <input
                    type="checkbox"
                    checked={matchOn.includes(canonicalTag(r.k))}
                    disabled={!canonicalTag(r.k)}
                    onChange={(e) => {
                      const key = canonicalTag(r.k);
                      const on = (e.target as HTMLInputElement).checked;
                      push(rows, on ? [...matchOn.filter((k) => k !== key), key] : matchOn.filter((k) => k !== key));
                    }}
                  />
                  Match me on this
                </label>
              )}
              <button type="button" class="secondary small" onClick={() => push(rows.filter((_, j) => j !== i))} aria-label={`Remove ${r.k || 'this line'}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" class="secondary small" onClick={() => setRows([...rows, { k: '', v: '' }])}>
        Add a line
      </button>
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}

function ProfileForm({ enrollment, profile, taxonomy, questions, institutions }: Loaded) {
  const { me } = useSession();
  const [draft, setDraft] = useState<Draft>(() => toDraft(profile));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setSaved(false);
  };
  const isMine = me?.memberships.some((m) => m.enrollment_id === enrollment.id);
  const isMentor = profile.role === 'mentor';
  const zones = useMemo(() => timeZones(), []);
  const topicOptions: TagOption[] = useMemo(() => {
    const label = new Map(taxonomy.topics.map((t) => [t.id, t.label]));
    return taxonomy.topics.map((t) => ({ value: t.id, label: t.label, hint: t.parent ? `in ${label.get(t.parent) ?? t.parent}` : undefined }));
  }, [taxonomy]);
  const simple = (xs: string[] | undefined): TagOption[] => (xs ?? []).map((x) => ({ value: x, label: x }));
  const tzOk = isValidTimeZone(draft.time_zone);
  const viewerTz = browserTimeZone();
  const asked = useMemo(() => questionsFor(profile.role, questions), [profile.role, questions]);
  const [missing, setMissing] = useState<Record<string, string>>({});

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!tzOk) {
      setError(new ApiError(400, 'invalid_argument', 'Choose a time zone from the list, e.g. America/Chicago.', 'time_zone'));
      return;
    }
    const unanswered = missingAnswers(asked, draft.answers);
    setMissing(unanswered);
    if (Object.keys(unanswered).length) {
      // Each question says what it lacks (missing); the error only marks the form.
      setError(new ApiError(400, 'invalid_argument', 'Answer the required questions.', 'answers'));
      return;
    }
    setBusy(true);
    try {
      const p = await api.put<Profile>(`/enrollments/${enrollment.id}/profile`, { ...draft, answers: cleanAnswers(draft.answers) });
      if (p) setDraft(toDraft(p));
      setSaved(true);
    } catch (err) {
      setError(err);
      setSaved(false);
    }
    setBusy(false);
  };
  const fe = (f: string) => fieldError(error, f);
  const known = ['name', 'institution', 'career_stage', 'time_zone', 'years_experience', 'capacity', 'interests', 'specialties', 'goals', 'background', 'match_on', 'languages', 'availability', 'bio', 'answers'];
  const answerErrors: Record<string, string | null> = { ...missing };
  if (error instanceof ApiError && error.field?.startsWith('answers.')) answerErrors[error.field.slice('answers.'.length)] = error.message;
  const general = error && !known.some((k) => fe(k)) ? error : null;

  return (
    <Page title={isMine ? 'My profile' : `Profile of ${profile.name}`} heading={isMine ? 'My profile' : `Profile of ${profile.name}`}>
      <p class="lead">
        {isMine ? 'You are' : `${profile.name} is`} a <strong>{profile.role}</strong> in this program. Matching uses this profile to suggest{' '}
        {profile.role === 'mentee' ? 'a mentor' : 'mentees'}.
      </p>
      <form onSubmit={submit} noValidate class="profile-form">
        {error !== null && (
          <div class="alert alert-error" role="alert">
            <p>{general ? (general instanceof ApiError ? general.message : 'Saving failed.') : 'Please fix the field marked below, then save again.'}</p>
          </div>
        )}
        <section class="card">
          <h2>About you</h2>
          <Field label="Full name" error={fe('name')}>
            {(a) => <input {...a} type="text" autoComplete="name" value={draft.name} onInput={(e) => set('name', (e.target as HTMLInputElement).value)} />}
          </Field>
          <Field label="Career stage" error={fe('career_stage')}>
            {(a) => (
              <select {...a} value={draft.career_stage} onChange={(e) => set('career_stage', (e.target as HTMLSelectElement).value)}>
                <option value="">Choose…</option>
                {!taxonomy.career_stages.includes(draft.career_stage) && draft.career_stage && <option value={draft.career_stage}>{draft.career_stage}</option>}
                {taxonomy.career_stages.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Institution" hint="Where you work or are treated." error={fe('institution')}>
            {(a) => (
              <>
                <input {...a} type="text" list="institutions" autoComplete="organization" value={draft.institution} onInput={(e) => set('institution', (e.target as HTMLInputElement).value)} />
                <datalist id="institutions">
                  {institutions.map((i) => (
                    <option key={i} value={i} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field
            label="Time zone"
            hint={draft.time_zone !== viewerTz ? `Your browser is in ${viewerTz}.` : 'Your availability below is in this zone.'}
            error={fe('time_zone') ?? (tzOk ? null : 'Choose a time zone from the list.')}
          >
            {(a) => (
              <div class="inline">
                <select {...a} value={draft.time_zone} onChange={(e) => set('time_zone', (e.target as HTMLSelectElement).value)}>
                  {!zones.includes(draft.time_zone) && <option value={draft.time_zone}>{draft.time_zone}</option>}
                  {zones.map((z) => (
                    <option key={z} value={z}>
                      {z}
                    </option>
                  ))}
                </select>
                {draft.time_zone !== viewerTz && (
                  <button type="button" class="secondary small" onClick={() => set('time_zone', viewerTz)}>
                    Use {viewerTz}
                  </button>
                )}
              </div>
            )}
          </Field>
          <Field label="Years of experience (optional)" error={fe('years_experience')}>
            {(a) => (
              <input
                {...a}
                type="number"
                min={0}
                max={80}
                inputMode="numeric"
                value={draft.years_experience ?? ''}
                onInput={(e) => {
                  const v = (e.target as HTMLInputElement).value;
                  set('years_experience', v === '' ? null : Number(v));
                }}
              />
            )}
          </Field>
          {isMentor && (
            <Field label="How many mentees can you take?" hint="Matching never gives you more than this." error={fe('capacity')}>
              {(a) => (
                <input {...a} type="number" min={1} max={1000} inputMode="numeric" value={draft.capacity} onInput={(e) => set('capacity', Number((e.target as HTMLInputElement).value))} />
              )}
            </Field>
          )}
        </section>

        <section class="card">
          <h2>Interests and goals</h2>
          <TagPicker
            label="Interests"
            hint="Topics you want to talk about. Type to search the program's list; you may add your own."
            options={topicOptions}
            value={draft.interests}
            onChange={(v) => set('interests', v)}
            error={fe('interests')}
          />
          <TagPicker
            label="Specialties"
            hint="Areas you practise or train in."
            options={topicOptions}
            value={draft.specialties}
            onChange={(v) => set('specialties', v)}
            error={fe('specialties')}
          />
          <TagPicker label="Career goals" hint="For example: clinician educator, physician scientist." options={simple(taxonomy.goals)} value={draft.goals} onChange={(v) => set('goals', v)} error={fe('goals')} />
          <TagPicker label="Languages" hint="Languages you can meet in." options={simple(taxonomy.languages)} value={draft.languages} onChange={(v) => set('languages', v)} error={fe('languages')} />
          <BackgroundEditor
            background={draft.background}
            matchOn={draft.match_on}
            isMentee={profile.role === 'mentee'}
            error={fe('background') ?? fe('match_on')}
            onChange={(bg, mo) => setDraft((d) => ({ ...d, background: bg, match_on: mo }))}
          />
        </section>

        {asked.length > 0 && (
          <section class="card program-questions" aria-labelledby="questions-h">
            <h2 id="questions-h">The program's questions</h2>
            <p class="hint">
              Questions {isMine ? 'your' : 'the'} program asks of {profile.role === 'mentor' ? 'mentors' : 'mentees'}. Questions marked <span aria-hidden="true">*</span>
              <span class="visually-hidden">required</span> need an answer.
            </p>
            <QuestionFields
              questions={asked}
              answers={draft.answers}
              errors={answerErrors}
              onChange={(a) => {
                set('answers', a);
                setMissing((m) => Object.fromEntries(Object.entries(m).filter(([code]) => !(a[code] ?? []).some((v) => v.trim()))));
              }}
            />
          </section>
        )}

        <section class="card">
          <h2 id="availability-h">Weekly availability</h2>
          <p class="hint">When are you usually free to meet? Choose the half hours in your own time zone; matching compares them with the other person's.</p>
          {fe('availability') && <p class="field-error">{fe('availability')}</p>}
          <AvailabilityGrid value={draft.availability} onChange={(w) => set('availability', w)} timeZone={tzOk ? draft.time_zone : 'UTC'} label="Your weekly availability" />
          {tzOk && draft.time_zone !== viewerTz && draft.availability.length > 0 && (
            <p class="hint">
              In your browser's time zone ({viewerTz}) that is: {convertWeekly(draft.availability, draft.time_zone, viewerTz).map(describeWindow).join('; ')}.
            </p>
          )}
        </section>

        <section class="card">
          <h2>A few words about you</h2>
          <Field label="Bio (optional)" hint="Shown to your partner once you are paired." error={fe('bio')}>
            {(a) => <textarea {...a} rows={4} value={draft.bio} onInput={(e) => set('bio', (e.target as HTMLTextAreaElement).value)} />}
          </Field>
        </section>

        <div class="form-actions sticky-actions">
          <Button type="submit" busy={busy} busyLabel="Saving…">
            Save profile
          </Button>
          <LiveMessage class="saved">{saved && `Saved${isMine ? ' — your coordinator can see your profile.' : '.'}`}</LiveMessage>
          {isMine && <Link href="/">Back to home</Link>}
          {!isMine && <Link href={`/programs/${enrollment.program_id}/enrollment`}>Back to enrollment</Link>}
        </div>
      </form>
      {!(error instanceof ApiError) && error !== null && <ErrorMessage error={error} />}
      {isMine && (profile.role === 'mentor' || profile.role === 'mentee') && (
        <PreferencesEditor enrollmentId={enrollment.id} programId={enrollment.program_id} role={profile.role} prefer={profile.prefer ?? []} avoid={profile.avoid ?? []} />
      )}
      {isMine && <CalendarFeed />}
      {isMine && <NotificationPreferences />}
    </Page>
  );
}
