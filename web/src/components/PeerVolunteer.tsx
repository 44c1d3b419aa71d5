// Peer support around a program's people (docs/peer-support.md): the set-up's
// peer settings and shareable request page, a volunteer's standing
// (specialists record training and screening; the volunteer pauses and
// resumes), and the peer-profile editor of a volunteer or a person seeking
// support. A specialist's view of someone's peer profile is recorded.
import { useState } from 'preact/hooks';
import { ApiError, api, fieldError } from '../api/client';
import type { PeerProfile, PeerSettings, Program, VolunteerStanding } from '../api/types';
import { SCREENING_WORDS, peerProfileBody, settingsBody, standingBlockers, todayIso } from '../lib/peer';
import { formatDate } from '../lib/time';
import { Link } from '../router';
import { PeerProfileFields, peerFieldError, usePeerVocabulary } from './PeerProfileFields';
import { Button, ErrorMessage, Field, LiveMessage, Loaded, Loading, useResource } from './ui';

// ---------------------------------------------------------------- set-up --

/** The public request page's address, for a specialist to share. */
export const requestPageUrl = (programId: number): string => `${window.location.origin}/peer/request/${programId}`;

export function PeerSettingsSection({ program }: { program: Program }) {
  const settings = useResource((signal) => api.get<PeerSettings>(`/programs/${program.id}/peer-settings`, { signal }), [program.id]);
  return (
    <section class="card" aria-labelledby="peer-settings-h">
      <h2 id="peer-settings-h">Peer support</h2>
      <p>
        People ask for a volunteer on the program's request page — share its address with care teams, on flyers or on your website (no account
        needed):
      </p>
      <p>
        <Link href={`/peer/request/${program.id}`} class="request-page-link">
          {requestPageUrl(program.id)}
        </Link>
      </p>
      <p class="hint">Specialists signed in can use the same page to enter a request after a call. The requests wait in the <Link href={`/programs/${program.id}/queue`}>queue</Link>.</p>
      <Loaded resource={settings} what="the peer-support settings">
        {(s) => <PeerSettingsForm programId={program.id} settings={s} onSaved={settings.setData} />}
      </Loaded>
    </section>
  );
}

function PeerSettingsForm({ programId, settings, onSaved }: { programId: number; settings: PeerSettings; onSaved: (s: PeerSettings) => void }) {
  const [draft, setDraft] = useState({ target_working_days: String(settings.target_working_days), offer_hours: String(settings.offer_hours) });
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
    const body = settingsBody(draft);
    if ('field' in body) {
      setError(new ApiError(400, 'invalid_argument', body.message, body.field));
      return;
    }
    setBusy(true);
    try {
      const s = await api.put<PeerSettings>(`/programs/${programId}/peer-settings`, body);
      onSaved(s);
      setDraft({ target_working_days: String(s.target_working_days), offer_hours: String(s.offer_hours) });
      setSaved('Saved.');
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const fe = (f: string) => fieldError(error, f);
  return (
    <form onSubmit={submit} noValidate class="peer-settings">
      <div class="row">
        <Field label="Overdue after … working days" hint="A request still waiting longer (Monday to Friday) is marked Overdue in the queue." error={fe('target_working_days')}>
          {(a) => <input {...a} type="number" min={1} max={30} inputMode="numeric" value={draft.target_working_days} onInput={(e) => set('target_working_days', (e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="Hours a volunteer has to answer an offer" hint="After that the offer lapses and the request comes back with the next suggestion." error={fe('offer_hours')}>
          {(a) => <input {...a} type="number" min={1} max={336} inputMode="numeric" value={draft.offer_hours} onInput={(e) => set('offer_hours', (e.target as HTMLInputElement).value)} />}
        </Field>
      </div>
      {error !== null && !fe('target_working_days') && !fe('offer_hours') && <ErrorMessage error={error} />}
      <div class="form-actions">
        <Button type="submit" busy={busy} busyLabel="Saving…">
          Save the peer-support settings
        </Button>
        <LiveMessage class="saved">{saved}</LiveMessage>
      </div>
    </form>
  );
}

// ------------------------------------------------------------- standing --

/** A volunteer's standing: specialists record training and screening; the volunteer pauses and resumes. */
export function VolunteerStandingSection({ enrollmentId, specialist, name }: { enrollmentId: number; specialist: boolean; name: string | null }) {
  const standing = useResource((signal) => api.get<VolunteerStanding>(`/enrollments/${enrollmentId}/volunteer`, { signal }), [enrollmentId]);
  const [said, setSaid] = useState('');
  return (
    <section class="card volunteer-standing" aria-labelledby="standing-h">
      <h2 id="standing-h">Volunteer standing</h2>
      {standing.loading && !standing.data && <Loading />}
      {standing.error && <ErrorMessage error={standing.error} retry={standing.reload} />}
      {standing.data && (
        <>
          <StandingFacts standing={standing.data} who={name} />
          {specialist ? (
            <StandingForm
              enrollmentId={enrollmentId}
              standing={standing.data}
              onSaved={(s) => {
                standing.setData(s);
                setSaid('Saved.');
              }}
            />
          ) : (
            <PauseButton
              enrollmentId={enrollmentId}
              standing={standing.data}
              onSaved={(s) => {
                standing.setData(s);
                setSaid(s.paused ? 'You are paused: no new offers until you resume.' : 'Welcome back: you can be offered people again.');
              }}
            />
          )}
          <LiveMessage class="saved">{said}</LiveMessage>
        </>
      )}
    </section>
  );
}

function StandingFacts({ standing: s, who }: { standing: VolunteerStanding; who: string | null }) {
  const blockers = standingBlockers(s, todayIso());
  return (
    <>
      <dl class="facts">
        <div>
          <dt>Training</dt>
          <dd>{s.trained_on ? `completed on ${formatDate(s.trained_on)}` : 'not completed yet'}</dd>
        </div>
        <div>
          <dt>Screening</dt>
          <dd>
            {SCREENING_WORDS[s.screening]}
            {s.screening_expires_on ? `, ${s.screening_expires_on < todayIso() ? 'expired on' : 'until'} ${formatDate(s.screening_expires_on)}` : s.screening === 'cleared' ? ', does not expire' : ''}
          </dd>
        </div>
        <div>
          <dt>Taking offers</dt>
          <dd>{s.paused ? 'paused' : 'yes'}</dd>
        </div>
        <div>
          <dt>Supporting</dt>
          <dd>
            {s.load} of {s.capacity} {s.capacity === 1 ? 'person' : 'people'} now
          </dd>
        </div>
        <div>
          <dt>Last matched</dt>
          <dd>{s.last_matched_at ? formatDate(s.last_matched_at) : 'never'}</dd>
        </div>
      </dl>
      <p class={blockers.length ? 'standing-blocked' : 'standing-ok'}>
        {blockers.length
          ? `${who ?? 'You'} cannot be offered anyone now: ${blockers.join('; ')}.`
          : `${who ?? 'You'} can be offered people now.`}
      </p>
    </>
  );
}

function StandingForm({ enrollmentId, standing, onSaved }: { enrollmentId: number; standing: VolunteerStanding; onSaved: (s: VolunteerStanding) => void }) {
  const [draft, setDraft] = useState({
    trained_on: standing.trained_on ?? '',
    screening: standing.screening,
    screening_expires_on: standing.screening_expires_on ?? '',
    paused: standing.paused,
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fe = (f: string) => fieldError(error, f);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved(
        await api.patch<VolunteerStanding>(`/enrollments/${enrollmentId}/volunteer`, {
          trained_on: draft.trained_on || null,
          screening: draft.screening,
          screening_expires_on: draft.screening_expires_on || null,
          paused: draft.paused,
        }),
      );
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return (
    <form onSubmit={submit} noValidate class="standing-form">
      <div class="row">
        <Field label="Training completed on" hint="Empty: not trained yet." error={fe('trained_on')}>
          {(a) => <input {...a} type="date" value={draft.trained_on} onInput={(e) => setDraft({ ...draft, trained_on: (e.target as HTMLInputElement).value })} />}
        </Field>
        <Field label="Screening" error={fe('screening')}>
          {(a) => (
            <select {...a} value={draft.screening} onChange={(e) => setDraft({ ...draft, screening: (e.target as HTMLSelectElement).value as VolunteerStanding['screening'] })}>
              {(['pending', 'cleared', 'expired'] as const).map((s) => (
                <option key={s} value={s}>
                  {SCREENING_WORDS[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Screening expires on (optional)" hint="Empty: it does not expire." error={fe('screening_expires_on')}>
          {(a) => <input {...a} type="date" value={draft.screening_expires_on} onInput={(e) => setDraft({ ...draft, screening_expires_on: (e.target as HTMLInputElement).value })} />}
        </Field>
      </div>
      <label class="check">
        <input type="checkbox" checked={draft.paused} onChange={(e) => setDraft({ ...draft, paused: (e.target as HTMLInputElement).checked })} />
        <span>Paused: no new offers</span>
      </label>
      {error !== null && !['trained_on', 'screening', 'screening_expires_on', 'paused'].some((f) => fe(f)) && <ErrorMessage error={error} />}
      <div class="form-actions">
        <Button type="submit" busy={busy} busyLabel="Saving…">
          Save the standing
        </Button>
      </div>
    </form>
  );
}

function PauseButton({ enrollmentId, standing, onSaved }: { enrollmentId: number; standing: VolunteerStanding; onSaved: (s: VolunteerStanding) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await api.patch<VolunteerStanding>(`/enrollments/${enrollmentId}/volunteer`, { paused: !standing.paused }));
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return (
    <div class="pause">
      <p class="hint">
        {standing.paused
          ? 'You are taking a break: nobody is offered to you until you resume. The people you support now are not affected.'
          : 'Need a break? Pause and nobody new is offered to you until you resume. The people you support now are not affected.'}
      </p>
      <Button type="button" class="secondary" busy={busy} busyLabel="Saving…" onClick={go}>
        {standing.paused ? 'Resume: I can take offers again' : 'Pause new offers'}
      </Button>
      <p class="hint">Your training and screening are recorded by the program's specialists.</p>
      <ErrorMessage error={error} />
    </div>
  );
}

// --------------------------------------------------------------- profile --

/** A peer profile's editor: the person themself, or a specialist (whose view is recorded). */
export function PeerProfileEditor({ enrollmentId, side, staff }: { enrollmentId: number; side: 'seeker' | 'volunteer'; staff: boolean }) {
  const vocab = usePeerVocabulary();
  const profile = useResource((signal) => api.get<PeerProfile>(`/enrollments/${enrollmentId}/peer-profile`, { signal }), [enrollmentId]);
  if (profile.error) return <ErrorMessage error={profile.error} retry={profile.reload} />;
  if (vocab.error) return <ErrorMessage error={vocab.error} />;
  if (!profile.data || !vocab.data) return <Loading />;
  return (
    <>
      {staff && (
        <div class="alert alert-info recorded" role="note">
          <p>
            <strong>Your view of this is recorded.</strong> Opening someone's peer profile goes into the access log that administrators read.
          </p>
        </div>
      )}
      <PeerProfileForm enrollmentId={enrollmentId} profile={profile.data} vocab={vocab.data} side={side} onSaved={profile.setData} />
    </>
  );
}

function PeerProfileForm({
  enrollmentId,
  profile,
  vocab,
  side,
  onSaved,
}: {
  enrollmentId: number;
  profile: PeerProfile;
  vocab: NonNullable<ReturnType<typeof usePeerVocabulary>['data']>;
  side: 'seeker' | 'volunteer';
  onSaved: (p: PeerProfile) => void;
}) {
  const [draft, setDraft] = useState<PeerProfile>(() => ({ ...profile, languages: profile.languages.length ? profile.languages : ['english'] }));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const p = await api.put<PeerProfile>(`/enrollments/${enrollmentId}/peer-profile`, peerProfileBody(draft));
      onSaved(p);
      setDraft(p);
      setSaved('Saved.');
    } catch (err) {
      setError(err);
      setSaved('');
    }
    setBusy(false);
  };
  const known = ['person', 'relationship', 'cancer_type', 'cancer_subtype', 'stage', 'treatments', 'time_since_diagnosis', 'age_group', 'gender', 'topics', 'contact', 'languages', 'time_zone', 'availability'];
  const named = known.some((f) => peerFieldError(error, f));
  return (
    <form onSubmit={submit} noValidate class="peer-profile-form">
      {error !== null && (named ? (
        <div class="alert alert-error" role="alert">
          <p>Please check the answer marked below, then save again.</p>
        </div>
      ) : (
        <ErrorMessage error={error} />
      ))}
      <PeerProfileFields
        value={draft}
        onChange={(p) => {
          setDraft(p);
          setSaved('');
        }}
        vocab={vocab}
        error={error}
        side={side}
      />
      <div class="form-actions sticky-actions">
        <Button type="submit" busy={busy} busyLabel="Saving…">
          {side === 'volunteer' ? 'Save the experience' : 'Save'}
        </Button>
        <LiveMessage class="saved">{saved}</LiveMessage>
      </div>
    </form>
  );
}
