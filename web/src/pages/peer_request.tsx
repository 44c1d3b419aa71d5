// /peer-requests/:id — one request as a specialist works on it
// (docs/peer-support.md): the person's profile in words (the vocabulary's
// labels), their note and consent, the offers and check-ins so far, the
// actions their status allows (urgent, waitlist, back to the queue,
// withdraw, close), and while no volunteer has been asked the suggested
// volunteers with their score's breakdown and reasons, each offered after a
// confirmation, or any volunteer by participant id. Every view of this page
// is recorded by the server in the access log; the page says so.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { PeerOffer, PeerRequestView, Program, VolunteerSuggestion } from '../api/types';
import { BreakdownBar, BreakdownLegend, formatScore } from '../components/BreakdownBar';
import { usePeerVocabulary } from '../components/PeerProfileFields';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { Button, ErrorMessage, Field, LiveMessage, Loading, StatusPage, useResource } from '../components/ui';
import { OFFER_STATES, PEER_FACETS, PEER_FACET_COLORS, REQUEST_STATES, canOffer, checkinWords, isWaiting, orderedBreakdown, peerFacetLabel, profileFacts, requestActions, waitingWords } from '../lib/peer';
import { formatDate, formatDateTime } from '../lib/time';
import { Link } from '../router';
import { RequestBadges, personWord } from './peer_queue';
import { polite } from './peer_public';

export function PeerRequestPage({ requestId }: { requestId: number }) {
  const req = useResource((signal) => api.get<PeerRequestView>(`/peer-requests/${requestId}`, { signal }), [requestId]);
  if (req.error && !req.data) return <StatusPage error={req.error} what="this request" />;
  if (!req.data) return <Loading />;
  return <InProgram view={req.data} setView={req.setData} reload={req.reload} />;
}

function InProgram({ view, setView, reload }: { view: PeerRequestView; setView: (v: PeerRequestView) => void; reload: () => void }) {
  const program = useProgram(view.entry.request.program_id);
  return (
    <ProgramFrame program={program} title={`Request of ${view.entry.request.name}`} wide>
      {(p) => <RequestBody program={p} view={view} setView={setView} reload={reload} />}
    </ProgramFrame>
  );
}

function RequestBody({ program, view, setView, reload }: { program: Program; view: PeerRequestView; setView: (v: PeerRequestView) => void; reload: () => void }) {
  const vocab = usePeerVocabulary();
  const r = view.entry.request;
  const [message, setMessage] = useState('');
  const lapsed = view.offers.filter((o) => o.status === 'declined' || o.status === 'expired');
  const accepted = view.offers.find((o) => o.status === 'accepted');
  return (
    <>
      <p>
        <Link href={`/programs/${program.id}/queue`}>Back to the queue</Link>
      </p>
      <div class="alert alert-info recorded" role="note">
        <p>
          <strong>Your view of this is recorded.</strong> Every look at a person's health information — this page and its suggestions — goes into the
          access log that administrators read.
        </p>
      </div>
      <LiveMessage class="request-said">{message}</LiveMessage>
      <div class="two-col">
        <section class="card" aria-labelledby="request-h">
          <h2 id="request-h">The request</h2>
          <p class="request-status">
            <RequestBadges entry={view.entry} /> {REQUEST_STATES[r.status].text}
          </p>
          <dl class="facts">
            <div>
              <dt>Asking as</dt>
              <dd>{personWord(view.entry.person)}</dd>
            </div>
            <div>
              <dt>Received</dt>
              <dd>
                {formatDateTime(r.created_at)} (your time){r.source === 'specialist' ? ', entered by a specialist after a call' : ', through the request page'}
              </dd>
            </div>
            {isWaiting(r.status) && (
              <div>
                <dt>Waiting</dt>
                <dd>
                  {waitingWords(view.entry.waiting_working_days)}
                  {view.entry.overdue ? ' — past the program’s target' : ''}
                </dd>
              </div>
            )}
            {accepted && (
              <div>
                <dt>Volunteer</dt>
                <dd>
                  <Link href={`/enrollments/${accepted.volunteer_id}/profile`}>{accepted.volunteer_name}</Link>
                  {r.introduced_at ? `, introduced ${formatDateTime(r.introduced_at)}` : ', accepted'}
                </dd>
              </div>
            )}
            <div>
              <dt>E-mail</dt>
              <dd>
                <a href={`mailto:${r.email}`}>{r.email}</a>
              </dd>
            </div>
            {r.phone && (
              <div>
                <dt>Phone</dt>
                <dd>
                  <a href={`tel:${r.phone.replace(/[^\d+]/g, '')}`}>{r.phone}</a>
                </dd>
              </div>
            )}
            <div>
              <dt>Consent</dt>
              <dd>Agreed to be contacted, and to their details being shared with the volunteer who accepts.</dd>
            </div>
          </dl>
          {r.note ? (
            <blockquote class="request-note">
              <p class="muted small">In their words:</p>
              <p>{r.note}</p>
            </blockquote>
          ) : (
            <p class="muted">No note.</p>
          )}
          <RequestActions view={view} onChanged={(v, said) => {
            setView(v);
            setMessage(said);
          }} />
        </section>
        <section class="card" aria-labelledby="profile-h">
          <h2 id="profile-h">Their experience</h2>
          {vocab.error && <ErrorMessage error={vocab.error} />}
          <dl class="facts peer-profile-facts">
            {profileFacts(view.profile, vocab.data).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
      {canOffer(r.status) && (
        <Suggestions
          view={view}
          lapsed={lapsed}
          onOffered={(o) => {
            setMessage(`Offered to ${o.volunteer_name}: they have until ${formatDateTime(o.respond_by)} (your time) to answer.`);
            reload();
          }}
          onSuggested={(first) => {
            // The server marks a new request "suggested" with its first suggestion when suggestions are first asked for.
            if (r.status === 'new' && first) setView({ ...view, entry: { ...view.entry, request: { ...r, status: 'suggested', suggested_volunteer_id: first.enrollment_id } } });
          }}
        />
      )}
      {r.status === 'offered' && <PendingOffer offers={view.offers} />}
      <OffersHistory offers={view.offers} />
      <Checkins view={view} />
    </>
  );
}

/** Urgent on or off, and the status changes its status allows (a confirming second press for withdraw and close). */
function RequestActions({ view, onChanged }: { view: PeerRequestView; onChanged: (v: PeerRequestView, said: string) => void }) {
  const r = view.entry.request;
  const [busy, setBusy] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const change = async (key: string, body: { urgent?: boolean; status?: string }, said: string) => {
    setBusy(key);
    setError(null);
    try {
      onChanged(await api.patch<PeerRequestView>(`/peer-requests/${r.id}`, body), said);
      setConfirm(null);
    } catch (err) {
      setError(polite(err));
    }
    setBusy(null);
  };
  const actions = requestActions(r.status);
  return (
    <div class="request-actions">
      <h3>Actions</h3>
      <div class="button-row">
        {(isWaiting(r.status) || r.urgent) && (
          <Button
            type="button"
            class="secondary"
            busy={busy === 'urgent'}
            busyLabel="Saving…"
            onClick={() => change('urgent', { urgent: !r.urgent }, r.urgent ? 'No longer marked urgent.' : 'Marked urgent: it leads the queue.')}
          >
            {r.urgent ? 'No longer urgent' : 'Mark as urgent'}
          </Button>
        )}
        {actions.map((a) =>
          confirm === a.to ? (
            <span class="confirm-inline" key={a.to}>
              <Button type="button" class="danger" busy={busy === a.to} busyLabel="Saving…" onClick={() => change(a.to, { status: a.to }, `${REQUEST_STATES[a.to].label}.`)}>
                {a.confirm}
              </Button>
              <button type="button" class="secondary" onClick={() => setConfirm(null)}>
                Keep it
              </button>
            </span>
          ) : (
            <Button
              key={a.to}
              type="button"
              class="secondary"
              busy={busy === a.to}
              busyLabel="Saving…"
              title={a.explain}
              onClick={() => (a.confirm ? setConfirm(a.to) : change(a.to, { status: a.to }, `${REQUEST_STATES[a.to].label}.`))}
            >
              {a.label}
            </Button>
          ),
        )}
      </div>
      {confirm && <p class="hint">{actions.find((a) => a.to === confirm)?.explain}</p>}
      {isWaiting(r.status) && <p class="hint">Urgent requests lead the queue.</p>}
      <ErrorMessage error={error} />
    </div>
  );
}

function Suggestions({
  view,
  lapsed,
  onOffered,
  onSuggested,
}: {
  view: PeerRequestView;
  lapsed: PeerOffer[];
  onOffered: (o: PeerOffer) => void;
  onSuggested: (first: VolunteerSuggestion | undefined) => void;
}) {
  const r = view.entry.request;
  const list = useResource(
    (signal) => api.get<{ suggestions: VolunteerSuggestion[] }>(`/peer-requests/${r.id}/suggestions`, { query: { limit: 10 }, signal }).then((x) => x.suggestions),
    [r.id],
  );
  useEffect(() => {
    if (list.data) onSuggested(list.data[0]);
  }, [list.data]);
  const [confirm, setConfirm] = useState<VolunteerSuggestion | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const offer = async (volunteer: string) => {
    setBusy(true);
    setError(null);
    try {
      const o = await api.post<PeerOffer>(`/peer-requests/${r.id}/offers`, { volunteer });
      setConfirm(null);
      onOffered(o);
    } catch (err) {
      setError(polite(err));
    }
    setBusy(false);
  };
  const next = r.suggested_volunteer_id;
  const last = lapsed[lapsed.length - 1];
  return (
    <section class="suggestions-part" aria-labelledby="suggestions-h">
      <h2 id="suggestions-h">Suggested volunteers</h2>
      <p class="hint">
        The best volunteers for this request who pass every hard rule (trained, screening cleared, not paused, with room, a shared language, the gender
        asked for, not offered this request before). Offer one: they get an e-mail with a short summary — no name or contact details until they
        accept.
      </p>
      {last && (
        <p class="next-note">
          {last.volunteer_name} {last.status === 'declined' ? 'declined' : 'did not answer in time'}; the next suggestion is highlighted.
        </p>
      )}
      {list.loading && !list.data && <Loading label="Finding volunteers…" />}
      {list.error && <ErrorMessage error={list.error} retry={list.reload} />}
      {list.data && list.data.length === 0 && <p class="muted">No volunteer passes the hard rules for this request just now. Consider the waitlist.</p>}
      {list.data && list.data.length > 0 && (
        <>
          <BreakdownLegend facets={PEER_FACETS.map((f) => f.facet)} labelOf={peerFacetLabel} colors={PEER_FACET_COLORS} />
          <ol class="suggestions">
            {list.data.map((s, i) => {
              const highlighted = next !== null && s.enrollment_id === next;
              return (
                <li key={s.enrollment_id} class={`card suggestion${highlighted ? ' suggested-next' : ''}`}>
                  <h3>
                    <span class="rank-line muted">{i + 1}.</span> {s.name} {highlighted && <span class="badge badge-next">Suggested next</span>}
                  </h3>
                  <p class="muted small">Participant {s.participant_id}</p>
                  <p class="score-line">
                    Score <strong>{formatScore(s.score)}</strong> of 100
                  </p>
                  <BreakdownBar breakdown={orderedBreakdown(s.breakdown)} labelOf={peerFacetLabel} colors={PEER_FACET_COLORS} />
                  <ul class="reasons">
                    {s.reasons.map((x) => (
                      <li key={x}>{x}</li>
                    ))}
                  </ul>
                  {confirm?.enrollment_id === s.enrollment_id ? (
                    <div class="confirm">
                      <p>
                        Offer this request to {s.name}? They get an e-mail with a short summary and a link to accept or decline; the person's name and
                        contact details are shared only if they accept.
                      </p>
                      <div class="button-row">
                        <Button type="button" busy={busy} busyLabel="Offering…" onClick={() => offer(s.participant_id)}>
                          Yes, offer to {s.name}
                        </Button>
                        <button type="button" class="secondary" onClick={() => setConfirm(null)}>
                          Cancel
                        </button>
                      </div>
                    </div>
                  ) : (
                    <button type="button" class={highlighted || (next === null && i === 0) ? undefined : 'secondary'} onClick={() => setConfirm(s)}>
                      Offer to {s.name}
                    </button>
                  )}
                  {confirm?.enrollment_id === s.enrollment_id && <ErrorMessage error={error} />}
                </li>
              );
            })}
          </ol>
        </>
      )}
      <OfferByParticipant onOffer={offer} busy={busy && confirm === null} error={confirm === null ? error : null} />
    </section>
  );
}

/** "Offer to another volunteer": any volunteer of the program by participant id (the server checks the hard rules). */
function OfferByParticipant({ onOffer, busy, error }: { onOffer: (id: string) => Promise<void>; busy: boolean; error: unknown }) {
  const [id, setId] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const fieldErr = local ?? (error instanceof ApiError && error.field === 'volunteer' ? (error as ApiError).message : null);
  useEffect(() => {
    if (fieldErr) input.current?.focus();
  }, [fieldErr]);
  return (
    <form
      class="card offer-other"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!id.trim()) {
          setLocal('Enter the volunteer’s participant id, e.g. V1209.');
          return;
        }
        setLocal(null);
        void onOffer(id.trim());
      }}
    >
      <h3>Offer to another volunteer</h3>
      <p class="hint">Anyone of the program's volunteers; Tandem checks the same hard rules and says why if one is not met.</p>
      <div class="inline-form">
        <Field label="Volunteer's participant id" hint="From the enrollment page, e.g. V1209." error={fieldErr}>
          {(a) => <input {...a} ref={input} type="text" autoComplete="off" value={id} onInput={(e) => setId((e.target as HTMLInputElement).value)} />}
        </Field>
        <Button type="submit" class="secondary" busy={busy} busyLabel="Offering…">
          Offer
        </Button>
      </div>
      {error !== null && !fieldErr && <ErrorMessage error={error} />}
    </form>
  );
}

function PendingOffer({ offers }: { offers: PeerOffer[] }) {
  const o = offers.find((x) => x.status === 'pending');
  if (!o) return null;
  return (
    <section class="card" aria-labelledby="pending-h">
      <h2 id="pending-h">Waiting for {o.volunteer_name}</h2>
      <p>
        Offered on {formatDateTime(o.created_at)}; {o.volunteer_name} has until <strong>{formatDateTime(o.respond_by)}</strong> (your time) to answer.
        If they decline or do not answer, the request comes back to the queue with the next suggestion.
      </p>
    </section>
  );
}

function OffersHistory({ offers }: { offers: PeerOffer[] }) {
  return (
    <section class="card" aria-labelledby="offers-h">
      <h2 id="offers-h">Offers ({offers.length})</h2>
      {offers.length === 0 ? (
        <p class="muted">No volunteer has been asked yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="data stack">
            <thead>
              <tr>
                <th scope="col">Volunteer</th>
                <th scope="col">Answer</th>
                <th scope="col">Offered</th>
                <th scope="col">Answer by</th>
                <th scope="col">Answered</th>
                <th scope="col">Their words</th>
              </tr>
            </thead>
            <tbody>
              {offers.map((o) => (
                <tr key={o.id}>
                  <td data-label="Volunteer">{o.volunteer_name}</td>
                  <td data-label="Answer">{OFFER_STATES[o.status]}</td>
                  <td data-label="Offered">{formatDateTime(o.created_at)}</td>
                  <td data-label="Answer by">{formatDateTime(o.respond_by)}</td>
                  <td data-label="Answered">{formatDateTime(o.answered_at)}</td>
                  <td data-label="Their words">{o.reason || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Checkins({ view }: { view: PeerRequestView }) {
  if (view.checkins.length === 0 && !view.entry.request.introduced_at) return null;
  const volunteer = view.offers.find((o) => o.status === 'accepted');
  const nameOf = (enrollment: number) =>
    enrollment === view.entry.request.enrollment_id ? view.entry.request.name : enrollment === volunteer?.volunteer_id ? `${volunteer.volunteer_name} (volunteer)` : 'Someone';
  return (
    <section class="card" aria-labelledby="checkins-h">
      <h2 id="checkins-h">Check-ins</h2>
      {view.checkins.length === 0 ? (
        <p class="muted">Both are asked whether they have connected two and six weeks after the introduction.</p>
      ) : (
        <ul class="plain">
          {view.checkins.map((c) => (
            <li key={`${c.enrollment_id}-${c.week}`}>
              <strong>{nameOf(c.enrollment_id)}</strong> — {checkinWords(c)} <span class="muted small">(asked {formatDate(c.sent_at)})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
