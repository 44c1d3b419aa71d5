// Where mentors and mentees find choosing: on the home page and the
// program's overview, a mentee of a program where mentees choose is led to
// their shortlist, and a mentor of a mentee-led program to the requests
// waiting for them. Nothing shows in a coordinator-led program, or when the
// mode cannot be read (the rest of the page does not depend on it).
import { api } from '../api/client';
import type { ChoiceSettings, MentorRequest, Role } from '../api/types';
import { choosingDates, menteesChoose } from '../lib/choice';
import { Link } from '../router';
import { useResource } from './ui';

/** The program's matching mode and rules; undefined while loading, when they cannot be read, or when not `enabled` (nothing asked). */
export function useMatchingMode(programId: number, enabled = true): ChoiceSettings | undefined {
  return useResource(
    (signal) => (enabled ? api.get<ChoiceSettings>(`/programs/${programId}/matching-mode`, { signal }) : Promise.resolve(undefined)),
    [programId, enabled],
  ).data;
}

export function ChoosingCard({ programId, role, settings }: { programId: number; role: Role; settings: ChoiceSettings | undefined }) {
  const mentorAnswers = role === 'mentor' && settings?.mode === 'mentee_led';
  const pending = useResource(
    (signal) =>
      mentorAnswers
        ? api.get<{ requests: MentorRequest[] }>(`/programs/${programId}/requests`, { query: { status: 'pending' }, signal }).then((r) => r.requests.length)
        : Promise.resolve(0),
    [programId, mentorAnswers],
  );
  if (!settings || !menteesChoose(settings.mode)) return null;
  const dates = choosingDates(settings);
  if (role === 'mentee')
    return (
      <section class="card choosing" aria-labelledby={`choose-${programId}`}>
        <h3 id={`choose-${programId}`}>{settings.mode === 'mentee_led' ? 'Choose your mentor' : 'Rank the mentors you would like'}</h3>
        <p>
          {settings.mode === 'mentee_led'
            ? `Your shortlist shows the mentors with room who fit you best, and why. Ask up to ${settings.max_open_requests} at once with a short note; the first to accept becomes your mentor.`
            : 'Your shortlist shows the mentors who fit you best, and why. Put the ones you would like in order; your coordinator’s matching uses your ranking.'}
          {dates && ` ${dates}`}
        </p>
        <p>
          <Link href={`/programs/${programId}/shortlist`} class="button">
            Open your shortlist
          </Link>{' '}
          {settings.mode === 'mentee_led' && <Link href={`/programs/${programId}/requests`}>Your requests</Link>}
        </p>
      </section>
    );
  if (!mentorAnswers) return null;
  const n = pending.data ?? 0;
  return (
    <section class="card choosing" aria-labelledby={`requests-${programId}`}>
      <h3 id={`requests-${programId}`}>Requests from mentees</h3>
      <p>
        {n === 0
          ? 'Mentees in this program ask the mentors they would like. No request is waiting for you.'
          : `${n === 1 ? '1 mentee asks' : `${n} mentees ask`} you to be their mentor. Please answer within ${settings.answer_days} days.`}
      </p>
      <p>
        <Link href={`/programs/${programId}/requests`} class={n > 0 ? 'button' : undefined}>
          {n > 0 ? 'Answer the requests' : 'Your requests page'}
        </Link>
      </p>
    </section>
  );
}
