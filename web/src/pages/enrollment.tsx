// Enrollment: invite one person, import the participant CSV, and see who has
// completed a profile; approve or withdraw.
import { useRef, useState } from 'preact/hooks';
import { ApiError, api, fieldError, request } from '../api/client';
import type { Enrollment, EnrollmentList, EnrollmentStatus, ImportResult, Program, Role } from '../api/types';
import { ProblemTable } from '../components/ProblemTable';
import { ProgramFrame, useProgram } from '../components/ProgramFrame';
import { Button, ErrorMessage, Field, Loading, Notice, PAGE_SIZE, Pager, StatusBadge, useDebounced, useResource } from '../components/ui';
import { Link, setQuery, useLocation } from '../router';
import { roleNoun } from '../lib/peer';

function InviteForm({ program, onInvited }: { program: Program; onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('mentee');
  const [capacity, setCapacity] = useState('1');
  const [pid, setPid] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ enrollment: Enrollment; link: string | null } | null>(null);
  const fe = (f: string) => fieldError(error, f);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    setBusy(true);
    try {
      const body: Record<string, unknown> = { email: email.trim(), name: name.trim(), role };
      if (role === 'mentor' || role === 'mentee') body.capacity = Number(capacity) || 1;
      if (pid.trim()) body.participant_id = pid.trim();
      const r = await api.post<{ enrollment: Enrollment; link: string | null }>(`/programs/${program.id}/invitations`, body);
      setResult(r);
      setEmail('');
      setName('');
      setPid('');
      onInvited();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const general = error && !['email', 'name', 'role', 'capacity', 'participant_id'].some((f) => fe(f)) ? error : null;
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="invite-h">
      <h2 id="invite-h">Invite one person</h2>
      <ErrorMessage error={general} />
      <div class="row">
        <Field label="Name" error={fe('name')}>
          {(a) => <input {...a} type="text" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="E-mail" error={fe('email')}>
          {(a) => <input {...a} type="email" value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />}
        </Field>
      </div>
      <div class="row">
        <Field label="Role" error={fe('role')}>
          {(a) => (
            <select {...a} value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
              {(['mentee', 'mentor', 'coordinator', 'evaluator'] as const).map((r) => (
                <option key={r} value={r}>
                  {roleNoun(program.kind, r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {(role === 'mentor' || role === 'mentee') && (
          <Field
            label={
              program.kind === 'peer_support'
                ? role === 'mentor'
                  ? 'People they can support at once'
                  : 'Volunteers they may have'
                : role === 'mentor'
                  ? 'Mentees they can take'
                  : 'Mentors they may have'
            }
            error={fe('capacity')}
          >
            {(a) => <input {...a} type="number" min={1} max={1000} value={capacity} onInput={(e) => setCapacity((e.target as HTMLInputElement).value)} />}
          </Field>
        )}
        <Field label="Participant id (optional)" hint="Their id in the CSV, e.g. F12. Left empty, Tandem picks one." error={fe('participant_id')}>
          {(a) => <input {...a} type="text" value={pid} onInput={(e) => setPid((e.target as HTMLInputElement).value)} />}
        </Field>
      </div>
      <div class="form-actions">
        <Button type="submit" busy={busy} busyLabel="Inviting…">
          Send the invitation
        </Button>
      </div>
      {result && (
        <Notice kind="success">
          {result.link ? (
            <>
              <p>
                {result.enrollment.name} is invited. The invitation e-mail is in the outbox; you can also send this link yourself:
              </p>
              <p>
                <a href={result.link} class="invitation-link">
                  {new URL(result.link, window.location.origin).href}
                </a>
              </p>
            </>
          ) : (
            <p>
              {result.enrollment.name} is invited. Their account is also used elsewhere, so the link goes only by the invitation e-mail (in the outbox).
            </p>
          )}
        </Notice>
      )}
    </form>
  );
}

function ImportForm({ program, onImported }: { program: Program; onImported: () => void }) {
  const fileRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [fileName, setFileName] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setError(new ApiError(400, 'invalid_argument', 'Choose a CSV file first.', 'file'));
      return;
    }
    setBusy(true);
    try {
      const text = await file.text();
      const r = await request<ImportResult>('POST', `/programs/${program.id}/participants/import`, { text, contentType: 'text/csv' });
      setResult(r);
      onImported();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const problems = error instanceof ApiError ? error.problems : [];
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="import-h">
      <h2 id="import-h">Import participants from a CSV file</h2>
      <p class="hint">
        One row per person with at least the columns <code>role</code>, <code>id</code> and <code>name</code>. An import is all or nothing:
        if any row has a problem, nobody is added and every problem is listed. Importing again updates people by <code>id</code>. The
        program's <Link href={`/programs/${program.id}/vocabulary?tab=questions`}>intake questions</Link> have one column each, named by the question's code
        (several choices separated by <code>;</code>).
      </p>
      <Field label="CSV file" error={fieldError(error, 'file')}>
        {(a) => (
          <input
            {...a}
            ref={fileRef}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              setFileName((e.target as HTMLInputElement).files?.[0]?.name ?? '');
              setResult(null);
              setError(null);
            }}
          />
        )}
      </Field>
      <div class="form-actions">
        <Button type="submit" busy={busy} busyLabel="Importing…">
          Import
        </Button>
      </div>
      {busy && <Loading label="Checking and importing the file…" delay={0} />}
      {error instanceof ApiError && error.status === 422 && (
        <div class="alert alert-error" role="alert">
          <p>
            <strong>Nothing was imported.</strong> {fileName || 'The file'} has {problems.length} problem{problems.length === 1 ? '' : 's'}. Fix them in the file and
            import it again.
          </p>
        </div>
      )}
      {error instanceof ApiError && error.status === 422 && problems.length > 0 && <ProblemTable problems={problems} />}
      {error !== null && !(error instanceof ApiError && (error.status === 422 || error.field === 'file')) && <ErrorMessage error={error} />}
      {result && (
        <Notice kind="success">
          <p>
            Imported {result.rows} row{result.rows === 1 ? '' : 's'}: {result.added} added, {result.updated} updated.
            {result.welcomed > 0 && ` ${result.welcomed} new ${result.welcomed === 1 ? 'person gets' : 'people get'} an invitation by e-mail to choose a password.`}
            {result.invited > 0 && ` ${result.invited} with an account used elsewhere ${result.invited === 1 ? 'is' : 'are'} invited and join${result.invited === 1 ? 's' : ''} when they accept.`}
          </p>
        </Notice>
      )}
      {result && result.warnings.length > 0 && (
        <details open={result.warnings.length <= 10}>
          <summary>
            {result.warnings.length} warning{result.warnings.length === 1 ? '' : 's'} (imported anyway; check for typos)
          </summary>
          <ProblemTable problems={result.warnings} caption="Warnings" />
        </details>
      )}
    </form>
  );
}

function WithdrawButton({ enrollment, onDone }: { enrollment: Enrollment; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button type="button" class="secondary small" onClick={() => setOpen(true)} aria-label={`Withdraw ${enrollment.name}`}>
        Withdraw
      </button>
    );
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(`/enrollments/${enrollment.id}/withdraw`, { reason: reason.trim() });
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} class="inline-form" noValidate>
      <Field label={`Why is ${enrollment.name} withdrawn?`} error={fieldError(error, 'reason')}>
        {(a) => <input {...a} type="text" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />}
      </Field>
      {!fieldError(error, 'reason') && <ErrorMessage error={error} />}
      <Button type="submit" class="danger small" busy={busy}>
        Withdraw
      </Button>
      <button type="button" class="secondary small" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

function EnrollmentTable({ program, version }: { program: Program; version: number }) {
  const { search } = useLocation();
  const role = search.get('role') ?? '';
  const status = search.get('status') ?? '';
  // The server pages the list (a peer program has thousands of volunteers) and
  // finds people by name, e-mail or id once typing pauses; a new search or
  // filter starts at the first page.
  const [filter, setFilter] = useState('');
  const q = useDebounced(filter.trim(), 250);
  const listKey = `${role}|${status}|${q}`;
  const [at, setAt] = useState({ key: listKey, offset: 0 });
  const offset = at.key === listKey ? at.offset : 0;
  const list = useResource(
    (signal) =>
      api.get<EnrollmentList>(`/programs/${program.id}/enrollments`, {
        query: { role, status, q: q || undefined, offset, limit: PAGE_SIZE },
        signal,
      }),
    [program.id, role, status, q, offset, version],
  );
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const approve = async (en: Enrollment) => {
    setBusy(en.id);
    setActionError(null);
    try {
      await api.post(`/enrollments/${en.id}/approve`);
      list.reload();
    } catch (err) {
      setActionError(err);
    }
    setBusy(null);
  };
  const rows = list.data?.enrollments ?? [];
  const total = list.data?.total ?? 0;
  const participants = list.data?.participants ?? 0;
  const complete = list.data?.profiles_complete ?? 0;
  const people = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'person' : 'people'}`;
  return (
    <section class="card" aria-labelledby="people-h">
      <h2 id="people-h">People in the program</h2>
      <div class="filters">
        <label>
          Role{' '}
          <select value={role} onChange={(e) => setQuery('role', (e.target as HTMLSelectElement).value)}>
            <option value="">all</option>
            {(['mentee', 'mentor', 'coordinator', 'evaluator'] as const).map((r) => (
              <option key={r} value={r}>
                {roleNoun(program.kind, r, { plural: true })}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setQuery('status', (e.target as HTMLSelectElement).value as EnrollmentStatus)}>
            <option value="">all</option>
            <option value="invited">invited</option>
            <option value="applied">applied</option>
            <option value="active">active</option>
            <option value="withdrawn">withdrawn</option>
          </select>
        </label>
        <label>
          Find a person{' '}
          <input type="search" value={filter} placeholder="name, e-mail or id" onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      {list.loading && <Loading />}
      {list.error && <ErrorMessage error={list.error} retry={list.reload} />}
      <ErrorMessage error={actionError} />
      {list.data && (
        <>
          <p aria-live="polite">
            {q ? `${total === 0 ? 'Nobody' : people(total)} with “${q}”` : people(total)}
            {participants > 0 &&
              `; ${complete.toLocaleString('en-US')} of ${participants.toLocaleString('en-US')} ${program.kind === 'peer_support' ? 'volunteers and people seeking support' : 'mentors and mentees'} have completed their profile`}
            .
          </p>
          {rows.length > 0 && (
            <div class="table-scroll" tabIndex={0} role="region" aria-label="People table">
              <table class="data">
                <caption class="visually-hidden">People in the program</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Id</th>
                    <th scope="col">Role</th>
                    <th scope="col">Status</th>
                    <th scope="col">Profile</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((en) => (
                    <tr key={en.id}>
                      <td>
                        {en.name}
                        {en.email && <div class="muted small">{en.email}</div>}
                      </td>
                      <td>
                        <code>{en.participant_id ?? '—'}</code>
                      </td>
                      <td>{roleNoun(program.kind, en.role)}</td>
                      <td>
                        <StatusBadge status={en.status} />
                      </td>
                      <td>
                        {en.role === 'mentor' || en.role === 'mentee' ? (
                          <Link href={`/enrollments/${en.id}/profile`} aria-label={`Profile of ${en.name}: ${en.profile_complete ? 'complete' : 'incomplete'}`}>
                            {en.profile_complete ? '✓ complete' : 'incomplete'}
                          </Link>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td class="actions">
                        {en.status === 'applied' && (
                          <Button type="button" class="small" busy={busy === en.id} onClick={() => approve(en)} aria-label={`Approve ${en.name}`}>
                            Approve
                          </Button>
                        )}
                        {en.status !== 'withdrawn' && <WithdrawButton enrollment={en} onDone={list.reload} />}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager label="Pages of people" top="people-h" offset={offset} total={total} onPage={(o) => setAt({ key: listKey, offset: o })} />
        </>
      )}
    </section>
  );
}

export function Enrollment({ programId }: { programId: number }) {
  const program = useProgram(programId);
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  return (
    <ProgramFrame program={program} title="Enrollment" wide>
      {(p) => (
        <>
          <div class="two-col">
            <InviteForm program={p} onInvited={bump} />
            <ImportForm program={p} onImported={bump} />
          </div>
          <EnrollmentTable program={p} version={version} />
          <p>
            <a href={`/api/v1/programs/${p.id}/participants/export`} download>
              Download everyone as CSV
            </a>
          </p>
        </>
      )}
    </ProgramFrame>
  );
}
