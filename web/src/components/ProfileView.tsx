// A person's profile as others see it; availability shown in the viewer's zone.
import type { IntakeQuestion, Profile, Taxonomy } from '../api/types';
import { answerWords, questionsFor } from '../lib/vocabulary';
import { AvailabilityGrid } from './AvailabilityGrid';
import { browserTimeZone, convertWeekly, describeWindow, isValidTimeZone, totalMinutes } from '../lib/time';

function List({ items, empty = 'Not given' }: { items: string[]; empty?: string }) {
  if (!items?.length) return <span class="muted">{empty}</span>;
  return (
    <ul class="chips chips-static">
      {items.map((i) => (
        <li class="chip" key={i}>
          {i}
        </li>
      ))}
    </ul>
  );
}

export function topicLabel(tax: Taxonomy | undefined, id: string): string {
  return tax?.topics.find((t) => t.id === id)?.label ?? id;
}

export function ProfileView({
  profile,
  taxonomy,
  showGrid = false,
  questions,
}: {
  profile: Profile;
  taxonomy?: Taxonomy;
  showGrid?: boolean;
  /** The program's intake questions: their answers are listed too (for the program's coordinators). */
  questions?: IntakeQuestion[];
}) {
  const viewerTz = browserTimeZone();
  const ownTz = isValidTimeZone(profile.time_zone) ? profile.time_zone : 'UTC';
  const shown = convertWeekly(profile.availability ?? [], ownTz, viewerTz);
  const hours = totalMinutes(shown) / 60;
  return (
    <div class="profile-view">
      <dl class="facts">
        <dt>Role</dt>
        <dd>{profile.role}</dd>
        <dt>Career stage</dt>
        <dd>{profile.career_stage || <span class="muted">Not given</span>}</dd>
        <dt>Institution</dt>
        <dd>{profile.institution || <span class="muted">Not given</span>}</dd>
        <dt>Time zone</dt>
        <dd>{profile.time_zone || <span class="muted">Not given</span>}</dd>
        {profile.years_experience !== null && profile.years_experience !== undefined && (
          <>
            <dt>Years of experience</dt>
            <dd>{profile.years_experience}</dd>
          </>
        )}
        <dt>Interests</dt>
        <dd>
          <List items={(profile.interests ?? []).map((t) => topicLabel(taxonomy, t))} />
        </dd>
        <dt>Specialties</dt>
        <dd>
          <List items={(profile.specialties ?? []).map((t) => topicLabel(taxonomy, t))} />
        </dd>
        <dt>Career goals</dt>
        <dd>
          <List items={profile.goals ?? []} />
        </dd>
        <dt>Languages</dt>
        <dd>
          <List items={profile.languages ?? []} />
        </dd>
        {questionsFor(profile.role, questions ?? []).map((q) => (
          <div key={q.code}>
            <dt>{q.text}</dt>
            <dd>{answerWords(q, profile.answers?.[q.code])}</dd>
          </div>
        ))}
        <dt>Available</dt>
        <dd>
          {shown.length === 0 ? (
            <span class="muted">No weekly times given</span>
          ) : (
            <>
              {hours} h a week: {shown.map(describeWindow).join('; ')}{' '}
              <span class="muted">(in your time zone, {viewerTz})</span>
            </>
          )}
        </dd>
      </dl>
      {profile.bio && (
        <>
          <h4>About</h4>
          <p class="bio">{profile.bio}</p>
        </>
      )}
      {showGrid && shown.length > 0 && (
        <details>
          <summary>Weekly availability as a grid</summary>
          <AvailabilityGrid value={shown} timeZone={viewerTz} readOnly label={`${profile.name}'s availability`} />
        </details>
      )}
    </div>
  );
}
