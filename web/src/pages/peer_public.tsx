// The peer-support pages people reach without an account (docs/peer-support.md):
//   /peer/request/:id        a person asks for a volunteer (phone first); a
//                            specialist signed in enters a request after a call
//   /peer/follow/:token      the person follows their request, or withdraws it
//   /peer/offers/:token      a volunteer answers an offer (accept, or "I can't" with why)
//   /peer/check-ins/:token   "have you connected?" (?answer=yes|no from the e-mail)
// The token in the address is the key; every page says where to turn in a crisis.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { CheckinAnswer, FollowedRequest, PeerOfferView, PeerProfile, PublicPeerProgram, SubmittedPeerRequest } from '../api/types';
import { NoteCounter } from '../components/Requests';
import { PeerProfileFields, peerFieldError, usePeerVocabulary } from '../components/PeerProfileFields';
import { Button, ErrorMessage, Field, LiveMessage, Loading, Page, StatusPage, useResource } from '../components/ui';
import { noteError } from '../lib/choice';
import { CRISIS_LINE, CRISIS_NOTE, contactLines, emptyPeerProfile, fieldMessage, formField, peerProfileBody } from '../lib/peer';
import { browserTimeZone, formatDate, formatDateTime, zoneLabel } from '../lib/time';
import { Link, useLocation } from '../router';
import { canCoordinate, useSession } from '../session';

/** Where to turn now, on every public peer page. */
export function CrisisNote() {
  return (
    <aside class="crisis-note" aria-label="In a crisis">
      <p>
        {CRISIS_NOTE.split(CRISIS_LINE)[0]}
        <a href={`tel:${CRISIS_LINE}`}>{CRISIS_LINE}</a>
        {CRISIS_NOTE.split(CRISIS_LINE).slice(1).join(CRISIS_LINE)}
      </p>
    </aside>
  );
}

/** The API's error with its sentence starting with a capital letter (the server writes them lower case). */
export function polite(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  return new ApiError(error.status, error.code, fieldMessage(null, error.message), error.field, error.problems);
}

/** Moves focus to the first control marked invalid inside `root` (after a refused send). */
function focusFirstInvalid(root: HTMLElement | null) {
  const el = root?.querySelector<HTMLElement>('[aria-invalid="true"], .field-invalid input, .field-invalid select, .field-invalid textarea');
  el?.focus();
}

// ------------------------------------------------------------ the request --

/** Fields of the request itself (the profile's are PeerProfileFields'). */
const REQUEST_FIELDS = ['name', 'email', 'phone', 'note', 'consent_contact', 'consent_share', 'urgent'];
const PROFILE_FIELDS = ['person', 'relationship', 'cancer_type', 'cancer_subtype', 'stage', 'treatments', 'time_since_diagnosis', 'age_group', 'gender', 'topics', 'contact', 'languages', 'time_zone', 'availability'];

interface Draft {
  name: string;
  email: string;
  phone: string;
  note: string;
  consent_contact: boolean;
  consent_share: boolean;
  urgent: boolean;
  profile: PeerProfile;
}

const emptyDraft = (): Draft => ({
  name: '',
  email: '',
  phone: '',
  note: '',
  consent_contact: false,
  consent_share: false,
  urgent: false,
  profile: emptyPeerProfile(browserTimeZone()),
});

/** The request as sent: the profile cleaned (relationship for caregivers only, …), an empty phone left out. */
export function requestBody(d: Draft, specialist: boolean) {
  return {
    name: d.name.trim(),
    email: d.email.trim(),
    ...(d.phone.trim() ? { phone: d.phone.trim() } : {}),
    consent_contact: d.consent_contact,
    consent_share: d.consent_share,
    ...(specialist && d.urgent ? { urgent: true } : {}),
    note: d.note,
    profile: peerProfileBody(d.profile),
  };
}

export function AskForVolunteerPage({ programId }: { programId: number }) {
  const program = useResource((signal) => api.get<PublicPeerProgram>(`/peer/programs/${programId}`, { signal }), [programId]);
  const vocab = usePeerVocabulary();
  if (program.error) return <StatusPage error={program.error} what="this program's request page" />;
  if (vocab.error) return <StatusPage error={vocab.error} />;
  if (!program.data || !vocab.data) return <Loading />;
  const p = program.data;
  return (
    <Page
      title={`Ask for a peer volunteer — ${p.name}`}
      heading={
        <>
          <span class="kicker">{p.name}</span>
          Talk with someone who has been there
        </>
      }
    >
      <div class="peer-public">
        {p.objectives && <p class="lead">{p.objectives}</p>}
        <CrisisNote />
        {p.open ? (
          <RequestForm program={p} vocab={vocab.data} />
        ) : (
          <div class="alert alert-info" role="status">
            <p>{p.name} is not taking requests just now. Please ask your care team about other support.</p>
          </div>
        )}
      </div>
    </Page>
  );
}

function RequestForm({ program, vocab }: { program: PublicPeerProgram; vocab: NonNullable<ReturnType<typeof usePeerVocabulary>['data']> }) {
  const { me } = useSession();
  const specialist = canCoordinate(me, program.id);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<(SubmittedPeerRequest & { email: string; name: string }) | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const sentHeading = useRef<HTMLHeadingElement>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const fe = (f: string) => peerFieldError(error, f);
  const noteProblem = noteError(draft.note);

  useEffect(() => {
    if (error) focusFirstInvalid(form.current);
  }, [error]);
  useEffect(() => {
    if (sent) sentHeading.current?.focus();
  }, [sent]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (noteProblem) {
      setError(new ApiError(400, 'invalid_argument', noteProblem, 'note'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<SubmittedPeerRequest>(`/programs/${program.id}/peer-requests`, requestBody(draft, specialist));
      setSent({ ...r, email: draft.email.trim(), name: draft.name.trim() });
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  if (sent)
    return (
      <section class="card request-sent" aria-labelledby="sent-h">
        <h2 id="sent-h" tabIndex={-1} ref={sentHeading}>
          We have your request
        </h2>
        <p>
          Thank you{specialist ? '' : `, ${sent.name}`}. A peer-support specialist will look for a trained volunteer who has been through something like
          {specialist ? ' what this person is going through' : ' what you are going through'}, and {specialist ? 'they' : 'you'} will hear from us when
          someone has agreed to talk.
        </p>
        <p>
          <strong>Check {specialist ? 'their' : 'your'} e-mail:</strong> we sent a confirmation to {sent.email} with the link below (look in the spam
          folder if it is not there).
        </p>
        <p>{specialist ? 'They can follow the request' : 'Follow your request'} here at any time, no account needed:</p>
        <p>
          <a class="follow-link" href={sent.follow_link}>
            {sent.follow_link}
          </a>
        </p>
        {specialist && (
          <p>
            <Link href={`/peer-requests/${sent.id}`}>Open the request in the queue</Link>{' '}
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setDraft(emptyDraft());
                setSent(null);
              }}
            >
              Enter another request
            </button>
          </p>
        )}
      </section>
    );

  const known = [...REQUEST_FIELDS, ...PROFILE_FIELDS];
  const field = error instanceof ApiError ? formField(error.field) : null;
  const general = error && !(field && known.includes(field)) ? polite(error) : null;
  const consent = (key: 'consent_contact' | 'consent_share', text: string) => {
    const err = fe(key);
    const errId = `${key}-err`;
    return (
      <div class={`field consent${err ? ' field-invalid' : ''}`}>
        <label class="check">
          <input
            type="checkbox"
            name={key}
            checked={draft[key]}
            aria-invalid={err ? true : undefined}
            aria-describedby={err ? errId : undefined}
            onChange={(e) => set(key, (e.target as HTMLInputElement).checked)}
          />
          <span>{text}</span>
        </label>
        {err && (
          <p class="field-error" id={errId}>
            {err}
          </p>
        )}
      </div>
    );
  };

  return (
    <form ref={form} onSubmit={submit} noValidate class="peer-request-form">
      {specialist && (
        <div class="alert alert-info">
          <p>You are signed in as a specialist of {program.name}: this request is entered on the person's behalf, after a call.</p>
        </div>
      )}
      <p>
        Tell us a little about {specialist ? 'the person' : 'yourself'} and a specialist will look for a trained volunteer — a survivor or caregiver — who
        has been through something similar. It takes about five minutes; only your name, e-mail and a few answers are needed.
      </p>
      {general !== null && <ErrorMessage error={general} />}
      {error !== null && general === null && (
        <div class="alert alert-error" role="alert">
          <p>Please check the answer marked below, then send again. Nothing you entered is lost.</p>
        </div>
      )}
      <section class="card" aria-labelledby="reach-h">
        <h2 id="reach-h">How we reach you</h2>
        <Field label="Your name" error={fe('name')}>
          {(a) => <input {...a} type="text" autoComplete={specialist ? 'off' : 'name'} maxLength={200} value={draft.name} onInput={(e) => set('name', (e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="E-mail" hint="We write here with a link to follow your request." error={fe('email')}>
          {(a) => <input {...a} type="email" autoComplete={specialist ? 'off' : 'email'} inputMode="email" value={draft.email} onInput={(e) => set('email', (e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="Phone (optional)" hint="If you would like a call." error={fe('phone')}>
          {(a) => <input {...a} type="tel" autoComplete={specialist ? 'off' : 'tel'} maxLength={40} value={draft.phone} onInput={(e) => set('phone', (e.target as HTMLInputElement).value)} />}
        </Field>
      </section>
      <PeerProfileFields
        value={draft.profile}
        onChange={(p) => set('profile', p)}
        vocab={vocab}
        error={error}
        side="seeker"
        talkExtra={
          <Field
            label="Anything else you would like us to know? (optional)"
            hint="In your own words: what is on your mind, or what would help. Your volunteer sees it once they accept."
            error={fe('note')}
          >
            {(a) => (
              <>
                <textarea {...a} rows={4} value={draft.note} onInput={(e) => set('note', (e.target as HTMLTextAreaElement).value)} />
                <NoteCounter text={draft.note} />
              </>
            )}
          </Field>
        }
      />
      <section class="card" aria-labelledby="consent-h">
        <h2 id="consent-h">Your consent</h2>
        <p class="hint">
          Your health details are seen only by the program's peer-support specialists and, once they accept, by your volunteer. We need both of these
          to find you a volunteer.
        </p>
        {consent('consent_contact', 'You may contact me by e-mail — and by phone, if I gave a number — about this request.')}
        {consent('consent_share', 'You may share my name, how to reach me and what I wrote here with the volunteer who agrees to talk with me.')}
        {specialist && (
          <label class="check">
            <input type="checkbox" checked={draft.urgent} onChange={(e) => set('urgent', (e.target as HTMLInputElement).checked)} />
            <span>Urgent: put this request at the top of the queue</span>
          </label>
        )}
      </section>
      <div class="form-actions">
        <Button type="submit" busy={busy} busyLabel="Sending…">
          Send my request
        </Button>
      </div>
    </form>
  );
}

// ------------------------------------------------------------- following --

/** A token from an address may hold anything: always escape it in a path. */
const tokenPath = (base: string, token: string, rest = '') => `${base}/${encodeURIComponent(token)}${rest}`;

export function FollowPage({ token }: { token: string }) {
  const res = useResource((signal) => api.get<FollowedRequest>(tokenPath('/peer/follow', token), { signal }), [token]);
  if (res.error && !res.data) return <StatusPage error={res.error} what="this request (the link may be incomplete: copy the whole link from our e-mail)" />;
  if (!res.data) return <Loading />;
  const f = res.data;
  return (
    <Page
      title="Your request"
      heading={
        <>
          <span class="kicker">{f.program_name}</span>
          Your request
        </>
      }
    >
      <div class="peer-public">
        <section class="card" aria-labelledby="where-h">
          <h2 id="where-h">Where it stands</h2>
          <p class="lead follow-status">{f.status_text}</p>
          <p class="muted">Sent on {formatDate(f.created_at)}.</p>
          {f.can_withdraw && <WithdrawFollowed token={token} onDone={res.setData} />}
          {!f.can_withdraw && f.status !== 'withdrawn' && <p>Questions? Reply to our e-mail and a specialist will answer.</p>}
        </section>
        <CrisisNote />
      </div>
    </Page>
  );
}

function WithdrawFollowed({ token, onDone }: { token: string; onDone: (f: FollowedRequest) => void }) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [said, setSaid] = useState('');
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirm) box.current?.querySelector('button')?.focus();
  }, [confirm]);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      const f = await api.post<FollowedRequest>(tokenPath('/peer/follow', token, '/withdraw'));
      setSaid('Your request is withdrawn.');
      onDone(f);
    } catch (err) {
      setError(polite(err));
    }
    setBusy(false);
    setConfirm(false);
  };
  return (
    <div class="withdraw">
      <LiveMessage class="visually-hidden">{said}</LiveMessage>
      {!confirm ? (
        <button type="button" class="secondary" onClick={() => setConfirm(true)}>
          Withdraw my request
        </button>
      ) : (
        <div class="confirm" ref={box}>
          <p>Withdraw your request? A specialist will stop looking for a volunteer for you. You can ask again at any time.</p>
          <span class="button-row">
            <Button type="button" class="danger" busy={busy} busyLabel="Withdrawing…" onClick={go}>
              Yes, withdraw my request
            </Button>
            <button type="button" class="secondary" onClick={() => setConfirm(false)}>
              Keep my request
            </button>
          </span>
        </div>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}

// ---------------------------------------------------------------- offers --

export function OfferPage({ token }: { token: string }) {
  const res = useResource((signal) => api.get<PeerOfferView>(tokenPath('/peer/offers', token), { signal }), [token]);
  if (res.error && !res.data) return <StatusPage error={res.error} what="this offer (the link may be incomplete: copy the whole link from our e-mail)" />;
  if (!res.data) return <Loading />;
  const o = res.data;
  return (
    <Page
      title={o.status === 'accepted' ? 'Thank you for accepting' : 'Could you support someone?'}
      heading={
        <>
          <span class="kicker">{o.program_name}</span>
          {o.status === 'accepted' ? 'Thank you for accepting' : 'Could you support someone?'}
        </>
      }
    >
      <div class="peer-public">
        <OfferBody token={token} offer={o} onAnswered={res.setData} />
      </div>
    </Page>
  );
}

function OfferSummary({ offer }: { offer: PeerOfferView }) {
  return (
    <section class="card" aria-labelledby="summary-h">
      <h2 id="summary-h">About the person</h2>
      <ul class="offer-summary">
        {offer.summary.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}

function OfferBody({ token, offer: o, onAnswered }: { token: string; offer: PeerOfferView; onAnswered: (o: PeerOfferView) => void }) {
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<'accept' | 'decline' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reasonBox = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (declining) reasonBox.current?.focus();
  }, [declining]);
  const accept = async () => {
    setBusy('accept');
    setError(null);
    try {
      onAnswered(await api.post<PeerOfferView>(tokenPath('/peer/offers', token, '/accept')));
    } catch (err) {
      setError(polite(err));
    }
    setBusy(null);
  };
  const decline = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError(new ApiError(400, 'invalid_argument', 'Please tell us why, in a few words: it helps the specialist find someone else.', 'reason'));
      reasonBox.current?.focus();
      return;
    }
    setBusy('decline');
    setError(null);
    try {
      onAnswered(await api.post<PeerOfferView>(tokenPath('/peer/offers', token, '/decline'), { reason: reason.trim() }));
    } catch (err) {
      setError(polite(err));
      if (err instanceof ApiError && err.field === 'reason') reasonBox.current?.focus();
    }
    setBusy(null);
  };
  const reasonError = peerFieldError(error, 'reason');

  if (o.status === 'accepted')
    return (
      <>
        <div class="alert alert-success" role="status">
          <p>
            <strong>You have accepted.</strong> We have e-mailed you both an introduction.
          </p>
        </div>
        <section class="card" aria-labelledby="reach-h">
          <h2 id="reach-h">How to reach {o.requester_name}</h2>
          <ul class="plain contact-lines">
            {contactLines(o.contact ?? '').map((l) => (
              <li key={l.text}>
                {l.label && `${l.label}: `}
                {l.href ? <a href={l.href}>{l.text}</a> : l.text}
              </li>
            ))}
          </ul>
          <p>Please get in touch within two days. We will check in with you both in two weeks.</p>
        </section>
        <OfferSummary offer={o} />
      </>
    );
  if (o.status !== 'pending')
    return (
      <>
        <div class="alert alert-info" role="status">
          <p>
            {o.status === 'declined'
              ? 'Thank you for letting us know. We will ask another volunteer.'
              : o.status === 'expired'
                ? 'The time to answer this offer has passed, so we asked another volunteer. Thank you all the same.'
                : 'This request was withdrawn, so there is nothing to answer. Thank you.'}
          </p>
        </div>
        <OfferSummary offer={o} />
      </>
    );
  return (
    <>
      <p class="lead">A specialist thinks you could be a good peer volunteer for someone who asked {o.program_name} for support.</p>
      <OfferSummary offer={o} />
      <p>You will see their name and how to reach them only if you accept.</p>
      <p class="answer-by">
        Please answer by <strong>{formatDateTime(o.respond_by)}</strong> (your time, {zoneLabel(browserTimeZone())}). After that we ask someone else.
      </p>
      {error !== null && !reasonError && <ErrorMessage error={error} />}
      {!declining ? (
        <div class="button-row offer-answer">
          <Button type="button" busy={busy === 'accept'} busyLabel="Accepting…" onClick={accept}>
            Yes, I can support them
          </Button>
          <button type="button" class="secondary" onClick={() => setDeclining(true)}>
            I can't
          </button>
        </div>
      ) : (
        <form class="card decline-form" onSubmit={decline} noValidate>
          <Field label="Why can't you? (required)" hint="A few words help the specialist, e.g. “I am away this month” or “it is too close to my own experience right now”." error={reasonError}>
            {(a) => <textarea {...a} ref={reasonBox} rows={3} maxLength={1000} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />}
          </Field>
          <div class="button-row">
            <Button type="submit" busy={busy === 'decline'} busyLabel="Sending…">
              Send my answer
            </Button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setDeclining(false);
                setError(null);
              }}
            >
              Back
            </button>
          </div>
        </form>
      )}
    </>
  );
}

// -------------------------------------------------------------- check-ins --

/** What a check-in answer says back: a sentence for the answer given. */
export function checkinThanks(a: CheckinAnswer): string {
  return a.connected
    ? `Thank you — you told us that you and ${a.other_name} have connected. We are glad.`
    : `Thank you for telling us that you and ${a.other_name} have not connected yet. A specialist will be in touch to help.`;
}

export function CheckinPage({ token }: { token: string }) {
  const { search } = useLocation();
  const asked = search.get('answer');
  const initial = asked === 'yes' ? true : asked === 'no' ? false : null;
  const [answer, setAnswer] = useState<CheckinAnswer | null>(null);
  const [busy, setBusy] = useState(initial !== null);
  const [error, setError] = useState<unknown>(null);
  const last = useRef<boolean>(initial ?? true);
  const record = async (connected: boolean) => {
    last.current = connected;
    setBusy(true);
    setError(null);
    try {
      setAnswer(await api.post<CheckinAnswer>(tokenPath('/peer/check-ins', token), { connected }));
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  useEffect(() => {
    if (initial !== null) void record(initial);
  }, [token]);
  if (error instanceof ApiError && (error.status === 404 || error.status === 400) && !answer)
    return <StatusPage error={error} what="this check-in (the link may be incomplete: copy the whole link from our e-mail)" />;
  const weeks = answer ? (answer.weeks === 2 ? 'two weeks' : answer.weeks === 6 ? 'six weeks' : `${answer.weeks} weeks`) : null;
  return (
    <Page title="Have you connected?">
      <div class="peer-public">
        {busy && !answer && <Loading label="Saving your answer…" />}
        {answer ? (
          <section class="card" aria-labelledby="thanks-h">
            <h2 id="thanks-h">Your answer is saved</h2>
            <LiveMessage>
              <p class="lead">{checkinThanks(answer)}</p>
            </LiveMessage>
            <p class="muted">This was our check-in {weeks} after your introduction.</p>
            <Button type="button" class="secondary" busy={busy} busyLabel="Saving…" onClick={() => record(!answer.connected)}>
              {answer.connected ? 'Change my answer to “No, not yet”' : 'Change my answer to “Yes, we have connected”'}
            </Button>
          </section>
        ) : (
          !busy && (
            <section class="card" aria-labelledby="ask-h">
              <h2 id="ask-h">Have you and your peer connected?</h2>
              <p>Tell us whether you have talked with each other since we introduced you.</p>
              <div class="button-row">
                <button type="button" onClick={() => record(true)}>
                  Yes, we have connected
                </button>
                <button type="button" class="secondary" onClick={() => record(false)}>
                  No, not yet
                </button>
              </div>
            </section>
          )
        )}
        <ErrorMessage error={polite(error)} retry={() => record(last.current)} />
        <CrisisNote />
      </div>
    </Page>
  );
}
