// /programs/:id/shortlist — a mentee's ranked shortlist of mentors (the
// e-mails' link). Filters search every eligible mentor, not only the best.
// Mentee-led programs: ask a mentor with a short note, follow the answers,
// withdraw. Both-mode programs: put mentors in order instead; the order is
// saved as the mentee's `prefer` list, which the coordinator's matching uses.
// Coordinators look at any mentee's shortlist.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, api, fieldError } from '../api/client';
import type { MentorRequest, Profile, Program, Shortlist, ShortlistEntry, Taxonomy } from '../api/types';
import { DirectorySearch } from '../components/DirectorySearch';
import { peopleOf, useDirectory } from '../components/PreferencesEditor';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { RankedList } from '../components/RankedList';
import { NoteCounter, RequestOutcome, WithdrawButton } from '../components/Requests';
import { Button, ErrorMessage, Field, FormError, LiveMessage, Loading, useDebounced, useId, useResource, useSubmit } from '../components/ui';
import { eligibleText, mentorLoad, noteError, requestsCounter } from '../lib/choice';
import { formatDateTime, timeZones } from '../lib/time';
import { Link, setQuery, useLocation } from '../router';
import { canCoordinate, useSession } from '../session';
import { RequestItem, sentNotice } from './requests';

export function ShortlistPage({ programId }: { programId: number }) {
  const program = useProgram(programId);
  const { me } = useSession();
  const coordinator = canCoordinate(me, programId);
  const mentee = me?.memberships.find((m) => m.program_id === programId && m.role === 'mentee' && m.status === 'active');
  return (
    <ProgramFrame program={program} title={coordinator ? 'Shortlists' : 'Your shortlist of mentors'} forEveryMember>
      {(p) =>
        coordinator ? (
          <CoordinatorShortlists program={p} />
        ) : mentee ? (
          <MenteeShortlist program={p} enrollmentId={mentee.enrollment_id} />
        ) : (
          <p class="lead">The shortlists of {p.name} are for its mentees: each sees the mentors who fit them best.</p>
        )
      }
    </ProgramFrame>
  );
}

export interface Filters {
  q: string;
  interest: string;
  institution: '' | 'other' | 'same';
  time_zone: string;
}
const NO_FILTERS: Filters = { q: '', interest: '', institution: '', time_zone: '' };
const filtered = (f: Filters) => Object.values(f).some((v) => v !== '');

/** The shortlist with `filters` and at most `limit` mentors (the program's size when null). */
function useShortlist(programId: number, filters: Filters, limit: number | null, mentee?: string) {
  const f = useDebounced(filters, 300);
  return useResource(
    (signal) => api.get<Shortlist>(`/programs/${programId}/shortlist`, { query: { ...f, limit, mentee }, signal }),
    [programId, f.q, f.interest, f.institution, f.time_zone, limit, mentee],
  );
}

export function ShortlistFilters({ value, onChange, topics }: { value: Filters; onChange: (f: Filters) => void; topics: string[] }) {
  const zones = useMemo(() => timeZones(), []);
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => onChange({ ...value, [k]: v });
  return (
    <form class="filters shortlist-filters" role="search" aria-label="Search the mentors" onSubmit={(e) => e.preventDefault()}>
      <Field label="Search" hint="Words in a mentor's name, institution, topics or bio.">
        {(a) => <input {...a} type="search" value={value.q} onInput={(e) => set('q', (e.target as HTMLInputElement).value)} />}
      </Field>
      <Field label="Topic">
        {(a) => (
          <select {...a} value={value.interest} onChange={(e) => set('interest', (e.target as HTMLSelectElement).value)}>
            <option value="">Any topic</option>
            {topics.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Institution">
        {(a) => (
          <select {...a} value={value.institution} onChange={(e) => set('institution', (e.target as HTMLSelectElement).value as Filters['institution'])}>
            <option value="">Any institution</option>
            <option value="other">At another institution</option>
            <option value="same">At mine</option>
          </select>
        )}
      </Field>
      <Field label="Time zone">
        {(a) => (
          <select {...a} value={value.time_zone} onChange={(e) => set('time_zone', (e.target as HTMLSelectElement).value)}>
            <option value="">Any time zone</option>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        )}
      </Field>
      {filtered(value) && (
        <button type="button" class="secondary" onClick={() => onChange(NO_FILTERS)}>
          Clear the filters
        </button>
      )}
    </form>
  );
}

function Chips({ items }: { items: string[] }) {
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

/** One mentor on a shortlist: who they are, why they fit, how full they are; `children` are the actions. */
export function MentorCard({ entry: m, children }: { entry: ShortlistEntry; children?: ComponentChildren }) {
  const load = mentorLoad(m.mentees, m.capacity);
  return (
    <li class="card mentor-card">
      <p class="rank-line muted small">No. {m.rank}</p>
      <h3>{m.name}</h3>
      <p class="mentor-facts">{[m.institution, m.career_stage, m.time_zone].filter(Boolean).join(' · ')}</p>
      <p class="mentor-load">{load.charAt(0).toUpperCase() + load.slice(1)}</p>
      {m.reasons.length > 0 && (
        <>
          <h4>Why they may fit</h4>
          <ul class="reasons">
            {m.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      )}
      {m.interests.length > 0 && (
        <>
          <h4>Interests</h4>
          <Chips items={m.interests} />
        </>
      )}
      <details class="more-about">
        <summary>More about {m.name}</summary>
        <dl class="facts">
          <dt>Specialties</dt>
          <dd>{m.specialties.join(', ') || <span class="muted">Not given</span>}</dd>
          <dt>Career goals they know</dt>
          <dd>{m.goals.join(', ') || <span class="muted">Not given</span>}</dd>
          <dt>Languages</dt>
          <dd>{m.languages.join(', ') || <span class="muted">Not given</span>}</dd>
        </dl>
        {m.bio && <p class="bio">{m.bio}</p>}
      </details>
      {children}
    </li>
  );
}

/** The mentee's note to a mentor: checked here first (length), then sent; a refusal is shown under the note. */
function AskForm({ programId, entry, onSent, onCancel }: { programId: number; entry: ShortlistEntry; onSent: (r: MentorRequest) => void; onCancel: () => void }) {
  const [note, setNote] = useState('');
  const counterId = useId('note-count');
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => box.current?.focus(), []);
  const { busy, error, setError, submit } = useSubmit(async () => {
    const tooLong = noteError(note);
    if (tooLong) {
      setError(new ApiError(400, 'invalid_argument', tooLong, 'note'));
      box.current?.focus();
      return;
    }
    onSent(await api.post<MentorRequest>(`/programs/${programId}/requests`, { mentor: entry.mentor, note: note.trim() }));
  });
  return (
    <form class="ask-form" onSubmit={submit} noValidate>
      <Field label={`A short note to ${entry.name}`} hint="What you hope to work on together and why them. They read it with your profile." error={fieldError(error, 'note')}>
        {(a) => (
          <>
            <textarea {...a} aria-describedby={[a['aria-describedby'], counterId].filter(Boolean).join(' ')} ref={box} rows={4} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
            <NoteCounter text={note} id={counterId} />
          </>
        )}
      </Field>
      <FormError error={error} fields={['note']} />
      <div class="button-row">
        <Button type="submit" busy={busy} busyLabel="Sending…">
          Send request
        </Button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function MenteeShortlist({ program, enrollmentId }: { program: Program; enrollmentId: number }) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [limit, setLimit] = useState<number | null>(null);
  const shortlist = useShortlist(program.id, filters, limit);
  const requests = useResource(
    (signal) => api.get<{ requests: MentorRequest[] }>(`/programs/${program.id}/requests`, { signal }).then((r) => r.requests),
    [program.id],
  );
  const taxonomy = useResource((signal) => api.get<Taxonomy>(`/programs/${program.id}/taxonomy`, { signal }), [program.id]);
  const [asking, setAsking] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const counterId = useId('requests-count');
  const list = shortlist.data;
  const mode = list?.mode;
  const byId = new Map((requests.data ?? []).map((r) => [r.id, r]));
  const accepted = (requests.data ?? []).filter((r) => r.status === 'accepted');
  const refresh = () => {
    shortlist.reload();
    requests.reload();
  };
  const focusAsk = (mentor: string) => setTimeout(() => [...document.querySelectorAll<HTMLElement>('[data-ask]')].find((b) => b.dataset.ask === mentor)?.focus());

  // Not open (a coordinator-led program, or outside the dates): the server says why.
  const closed = shortlist.error instanceof ApiError && shortlist.error.status === 409 ? shortlist.error : null;
  const counter = list && mode === 'mentee_led' ? requestsCounter(list) : null;
  const ranking = useRanking(program.id, enrollmentId, mode === 'both', list?.mentors ?? []);

  return (
    <>
      {accepted.map((r) => (
        <div key={r.id} class="alert alert-success" role="status">
          <p>
            <strong>{r.mentor_name} accepted: they are your mentor.</strong>
          </p>
          {r.pair_id !== null && (
            <p>
              <Link href={`/pairs/${r.pair_id}`}>Open your pair page with {r.mentor_name}</Link>
            </p>
          )}
        </div>
      ))}
      {closed && (
        <div class="alert alert-info" role="status">
          <p>{closed.message.charAt(0).toUpperCase() + closed.message.slice(1)}.</p>
          <p>
            <Link href="/">Go to your home page</Link>
          </p>
        </div>
      )}
      {shortlist.error && !closed && <ErrorMessage error={shortlist.error} retry={shortlist.reload} />}
      {mode === 'mentee_led' && (
        <p class="lead">
          The mentors with room who fit you best, from your profile and the program's rules. Ask up to {list!.max_open_requests} at once with a short
          note; the first to accept becomes your mentor and your other requests are withdrawn.
        </p>
      )}
      {mode === 'both' && (
        <p class="lead">
          The mentors who fit you best, from your profile and the program's rules. Put the ones you would like in order: your coordinator's matching
          counts your ranking as your preferences — the higher a mentor on your list, the more it counts — and the coordinator then publishes the
          pairs, so your first choice is likely but not promised.
        </p>
      )}
      {counter && (
        <div class="request-counter" id={counterId}>
          <p>
            <strong>{counter.count}.</strong> {counter.more}
          </p>
        </div>
      )}
      <LiveMessage class="visually-hidden">{announce}</LiveMessage>
      {mode === 'both' && <RankingPanel state={ranking} />}
      {requests.data && requests.data.length > 0 && mode !== 'both' && (
        <section class="my-requests" aria-labelledby="my-requests-h">
          <h2 id="my-requests-h">Your requests ({requests.data.length})</h2>
          <ul class="plain requests">
            {[...requests.data].reverse().map((r) => (
              <RequestItem
                key={r.id}
                request={r}
                viewer="mentee"
                onWithdrawn={(w) => {
                  setAnnounce(`Your request to ${w.mentor_name} is withdrawn.`);
                  refresh();
                }}
              />
            ))}
          </ul>
          <p>
            <Link href={`/programs/${program.id}/requests`}>All your requests on their own page</Link>
          </p>
        </section>
      )}
      {requests.error && <ErrorMessage error={requests.error} retry={requests.reload} />}
      {!closed && (
        <section aria-labelledby="mentors-h">
          <h2 id="mentors-h">Mentors for you</h2>
          <ShortlistFilters value={filters} onChange={(f) => (setFilters(f), setLimit(null))} topics={(taxonomy.data?.topics ?? []).map((t) => t.label)} />
          {list && (
            <LiveMessage class="eligible">
              <strong>{eligibleText(list.eligible, filtered(filters))}</strong>
              {list.mentors.length > 0 && list.mentors.length < list.eligible && ` Showing the best ${list.mentors.length}.`}
            </LiveMessage>
          )}
          {shortlist.loading && <Loading label="Finding mentors…" />}
          {list && (
            <ol class="plain shortlist" aria-labelledby="mentors-h">
              {list.mentors.map((m) => {
                const request = m.request_id !== null ? byId.get(m.request_id) : undefined;
                return (
                  <MentorCard key={m.mentor} entry={m}>
                    {mode === 'mentee_led' && (
                      <div class="mentor-actions">
                        {request && request.status !== 'withdrawn' && request.status !== 'expired' && (
                          <div class={`request-state request-${request.status}`}>
                            <p>
                              <strong>
                                {request.status === 'pending' ? `You asked on ${formatDateTime(request.created_at)}: waiting for an answer.` : request.status === 'declined' ? 'Declined.' : 'Accepted.'}
                              </strong>
                            </p>
                            <RequestOutcome request={request} viewer="mentee" />
                            {request.status === 'pending' && (
                              <WithdrawButton
                                request={request}
                                onDone={(w) => {
                                  setAnnounce(`Your request to ${w.mentor_name} is withdrawn.`);
                                  refresh();
                                }}
                              />
                            )}
                          </div>
                        )}
                        {(!request || request.status === 'withdrawn' || request.status === 'expired') &&
                          (asking === m.mentor ? (
                            <AskForm
                              programId={program.id}
                              entry={m}
                              onCancel={() => {
                                setAsking(null);
                                focusAsk(m.mentor);
                              }}
                              onSent={(r) => {
                                setAsking(null);
                                setAnnounce(`${sentNotice(r)} ${requestsCounter({ ...list, pending_requests: list.pending_requests + 1 }).count}.`);
                                refresh();
                              }}
                            />
                          ) : (
                            <button
                              type="button"
                              data-ask={m.mentor}
                              disabled={counter?.full || !list.open}
                              aria-describedby={counter ? counterId : undefined}
                              onClick={() => setAsking(m.mentor)}
                            >
                              Ask {m.name} to be my mentor
                            </button>
                          ))}
                      </div>
                    )}
                    {mode === 'both' && ranking.ranking && <RankButton entry={m} ranking={ranking.ranking} />}
                  </MentorCard>
                );
              })}
            </ol>
          )}
          {list && list.mentors.length < list.eligible && list.mentors.length < 50 && (
            <button type="button" class="secondary" onClick={() => setLimit(Math.min(50, list.mentors.length + 10))}>
              Show {Math.min(10, list.eligible - list.mentors.length, 50 - list.mentors.length)} more
            </button>
          )}
          {list && list.mentors.length >= 50 && list.eligible > 50 && <p class="hint">These are the best 50; use the search and filters to find others.</p>}
        </section>
      )}
    </>
  );
}

// ------------------------------------------------------------ both mode --

/** The ranking being edited (both mode): the mentee's prefer list, the names behind it, and saving it with their avoid list kept. */
interface Ranking {
  ids: string[];
  set: (ids: string[]) => void;
  names: Map<string, { id: string; name: string; institution: string }>;
  message: string;
  unsaved: boolean;
}

function useRanking(programId: number, enrollmentId: number, enabled: boolean, mentors: ShortlistEntry[]) {
  const profile = useResource(
    (signal) => (enabled ? api.get<Profile>(`/enrollments/${enrollmentId}/profile`, { signal }) : Promise.resolve(null)),
    [enrollmentId, enabled],
  );
  const [ids, setIds] = useState<string[] | null>(null);
  const directory = useDirectory(programId, 'mentor', enabled, profile.data?.prefer ?? []);
  const [savedIds, setSavedIds] = useState<string[]>([]);
  const [seen] = useState(() => new Map<string, { id: string; name: string; institution: string }>());
  const [message, setMessage] = useState('');
  for (const m of mentors) seen.set(m.mentor, { id: m.mentor, name: m.name, institution: m.institution });
  useEffect(() => {
    if (profile.data && ids === null) {
      setIds(profile.data.prefer);
      setSavedIds(profile.data.prefer);
    }
  }, [profile.data]);
  const names = new Map([...(directory.data ?? new Map()), ...seen]);
  const current = ids ?? [];
  const set = (next: string[]) => {
    const added = next.find((x) => !current.includes(x));
    setIds(next);
    setMessage(added ? `${names.get(added)?.name ?? 'The mentor'} is No. ${next.indexOf(added) + 1} on your ranking. Save it to keep it.` : '');
  };
  const save = useSubmit(async () => {
    await api.put(`/enrollments/${enrollmentId}/preferences`, { prefer: current, avoid: profile.data?.avoid ?? [] });
    setSavedIds(current);
    setMessage('Your ranking is saved. Your coordinator’s next matching run uses it.');
  });
  const ranking: Ranking | null = profile.data ? { ids: current, set, names, message, unsaved: JSON.stringify(current) !== JSON.stringify(savedIds) } : null;
  return { ranking, profile, save };
}

/** A card's "Add to my ranking" / "Remove from my ranking". */
function RankButton({ entry, ranking: r }: { entry: ShortlistEntry; ranking: Ranking }) {
  const at = r.ids.indexOf(entry.mentor);
  return (
    <div class="mentor-actions">
      {at >= 0 ? (
        <p>
          <strong>No. {at + 1} on your ranking.</strong>{' '}
          <button type="button" class="secondary small" aria-label={`Remove ${entry.name} from my ranking`} onClick={() => r.set(r.ids.filter((x) => x !== entry.mentor))}>
            Remove
          </button>
        </p>
      ) : (
        <button type="button" onClick={() => r.set([...r.ids, entry.mentor])}>
          Add {entry.name} to my ranking
        </button>
      )}
    </div>
  );
}

/** The mentee's ranked mentors with Save. */
function RankingPanel({ state: { ranking, profile, save } }: { state: ReturnType<typeof useRanking> }) {
  return (
    <section class="card ranking" aria-labelledby="ranking-h">
      <h2 id="ranking-h">Your ranking ({ranking?.ids.length ?? 0})</h2>
      {profile.loading && !profile.data && <Loading />}
      {profile.error && <ErrorMessage error={profile.error} retry={profile.reload} />}
      {ranking && (
        <form onSubmit={save.submit} noValidate>
          <RankedList
            items={peopleOf(ranking.ids, ranking.names)}
            keyOf={(p) => p.id}
            nameOf={(p) => p.name}
            detail={(p) => p.institution}
            label="Your ranked mentors, first choice first"
            onChange={(list) => ranking.set(list.map((p) => p.id))}
            onRemove={(p) => ranking.set(ranking.ids.filter((x) => x !== p.id))}
            empty="Nobody yet. Add mentors from the list below."
          />
          {fieldError(save.error, 'prefer') && <p class="field-error">{fieldError(save.error, 'prefer')}</p>}
          <FormError error={save.error} fields={['prefer']} />
          <div class="form-actions">
            <Button type="submit" busy={save.busy} busyLabel="Saving…">
              Save my ranking
            </Button>
            {ranking.unsaved && <span class="hint">You have changes that are not saved yet.</span>}
          </div>
          <LiveMessage class={ranking.unsaved ? 'hint' : 'saved'}>{ranking.message}</LiveMessage>
        </form>
      )}
    </section>
  );
}

// ---------------------------------------------------------- coordinators --

function CoordinatorShortlists({ program }: { program: Program }) {
  const { search } = useLocation();
  const mentee = search.get('mentee') ?? '';
  const names = useDirectory(program.id, 'mentee');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const taxonomy = useResource((signal) => api.get<Taxonomy>(`/programs/${program.id}/taxonomy`, { signal }), [program.id]);
  return (
    <>
      <p class="lead">
        The shortlist each mentee sees: the mentors with room who fit them best by the program's scores and rules, with the reasons they read.{' '}
        <Link href={`/programs/${program.id}/requests`}>Mentees' requests</Link> are on their own page.
      </p>
      <DirectorySearch
        programId={program.id}
        side="mentee"
        label="Whose shortlist? Find a mentee by name"
        actions={(p) => (
          <button type="button" class="secondary small" aria-label={`Show the shortlist of ${p.name}`} onClick={() => setQuery('mentee', p.id)}>
            Show the shortlist
          </button>
        )}
      />
      {mentee && (
        <section aria-labelledby="whose-h">
          <h2 id="whose-h">Shortlist of {names.data?.get(mentee)?.name ?? mentee}</h2>
          <ShortlistFilters value={filters} onChange={setFilters} topics={(taxonomy.data?.topics ?? []).map((t) => t.label)} />
          <CoordinatorList programId={program.id} mentee={mentee} filters={filters} />
        </section>
      )}
    </>
  );
}

function CoordinatorList({ programId, mentee, filters }: { programId: number; mentee: string; filters: Filters }) {
  const [limit, setLimit] = useState<number | null>(null);
  const shortlist = useShortlist(programId, filters, limit, mentee);
  const list = shortlist.data;
  return (
    <>
      {shortlist.error && <ErrorMessage error={shortlist.error} retry={shortlist.reload} />}
      {list && (
        <LiveMessage class="eligible">
          <strong>{eligibleText(list.eligible, filtered(filters))}</strong>
        </LiveMessage>
      )}
      {shortlist.loading && <Loading label="Finding mentors…" />}
      {list && (
        <ol class="plain shortlist">
          {list.mentors.map((m) => (
            <MentorCard key={m.mentor} entry={m} />
          ))}
        </ol>
      )}
      {list && list.mentors.length < list.eligible && list.mentors.length < 50 && (
        <button type="button" class="secondary" onClick={() => setLimit(Math.min(50, list.mentors.length + 10))}>
          Show more
        </button>
      )}
    </>
  );
}
