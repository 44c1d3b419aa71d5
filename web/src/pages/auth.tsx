// Signing in, accepting an invitation, and resetting a password.
import { useState } from 'preact/hooks';
import { ApiError, api, fieldError, setCsrfToken } from '../api/client';
import type { Invitation, User } from '../api/types';
import { Button, ErrorMessage, Field, Loaded, Notice, Page, useResource } from '../components/ui';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { formatDateTime } from '../lib/time';

export const MIN_PASSWORD = 10;

/** Checks a new password in the browser first, so the person hears about it before sending. */
export function passwordProblem(pw: string, again: string): { field: 'password' | 'again'; message: string } | null {
  // Characters as the server counts them (code points: an emoji is one).
  if ([...pw].length < MIN_PASSWORD) return { field: 'password', message: `Use at least ${MIN_PASSWORD} characters.` };
  if (pw !== again) return { field: 'again', message: 'The two passwords are different. Type the same password twice.' };
  return null;
}

export function SignIn() {
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ user: User; csrf_token: string }>('/session', { email: email.trim(), password });
      setCsrfToken(r.csrf_token);
      await session.refresh();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const emailErr = fieldError(error, 'email');
  const pwErr = fieldError(error, 'password');
  const general = error && !emailErr && !pwErr ? error : null;
  return (
    <Page title="Sign in" heading="Sign in to Tandem">
      <div class="narrow">
        <p class="lead">Tandem runs mentorship programs in cancer care. Sign in with the e-mail address your program invited.</p>
        <form onSubmit={submit} noValidate class="card">
          {general instanceof ApiError && general.status === 401 ? (
            <div class="alert alert-error" role="alert">
              <p>That e-mail and password do not match an account. Check both, or reset your password.</p>
            </div>
          ) : (
            <ErrorMessage error={general} />
          )}
          <Field label="E-mail" error={emailErr}>
            {(a) => (
              <input {...a} type="email" name="email" autoComplete="username" required value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
            )}
          </Field>
          <Field label="Password" error={pwErr}>
            {(a) => (
              <input
                {...a}
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
              />
            )}
          </Field>
          <div class="form-actions">
            <Button type="submit" busy={busy} busyLabel="Signing in…">
              Sign in
            </Button>
            <Link href="/reset-password">Forgot your password?</Link>
          </div>
        </form>
      </div>
    </Page>
  );
}

function NewPasswordFields({
  password,
  again,
  setPassword,
  setAgain,
  error,
}: {
  password: string;
  again: string;
  setPassword: (s: string) => void;
  setAgain: (s: string) => void;
  error: { field: string; message: string } | null;
}) {
  return (
    <>
      <Field label="New password" hint={`At least ${MIN_PASSWORD} characters.`} error={error?.field === 'password' ? error.message : null}>
        {(a) => (
          <input {...a} type="password" name="new-password" autoComplete="new-password" required value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        )}
      </Field>
      <Field label="Type it again" error={error?.field === 'again' ? error.message : null}>
        {(a) => (
          <input {...a} type="password" name="new-password-again" autoComplete="new-password" required value={again} onInput={(e) => setAgain((e.target as HTMLInputElement).value)} />
        )}
      </Field>
    </>
  );
}

function apiFieldProblem(err: unknown): { field: string; message: string } | null {
  const m = fieldError(err, 'password');
  return m ? { field: 'password', message: m } : null;
}

export function AcceptInvitation({ token }: { token: string }) {
  const session = useSession();
  const invitation = useResource((signal) => api.get<Invitation>(`/invitations/${encodeURIComponent(token)}`, { signal }), [token]);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  return (
    <Loaded resource={invitation} what="this invitation (the link may have expired or been used already)">
      {(inv) => {
        const submit = async (e: Event) => {
          e.preventDefault();
          setError(null);
          const p = inv.needs_password ? passwordProblem(password, again) : null;
          setProblem(p);
          if (p) return;
          setBusy(true);
          try {
            const r = await api.post<{ user: User; csrf_token: string }>(`/invitations/${encodeURIComponent(token)}/accept`, { password });
            setCsrfToken(r.csrf_token);
            await session.refresh();
            navigate(inv.role === 'mentor' || inv.role === 'mentee' ? '/profile' : '/', { replace: true });
          } catch (err) {
            setProblem(apiFieldProblem(err));
            if (!apiFieldProblem(err)) setError(err);
            setBusy(false);
          }
        };
        return (
          <Page title="Accept your invitation" heading={`Join ${inv.program_name}`}>
            <div class="narrow">
              <p class="lead">
                {inv.name}, you are invited to <strong>{inv.program_name}</strong> as a <strong>{inv.role}</strong>.
              </p>
              <p class="hint">
                This invitation is for {inv.email} and is valid until {formatDateTime(inv.expires_at)} (your time).
              </p>
              <form class="card" onSubmit={submit} noValidate>
                <ErrorMessage error={error} />
                {inv.needs_password ? (
                  <>
                    <p>Choose a password for your Tandem account.</p>
                    <NewPasswordFields password={password} again={again} setPassword={setPassword} setAgain={setAgain} error={problem} />
                  </>
                ) : (
                  <>
                    <p>You already have a Tandem account; accepting adds this program to it. Confirm with your current password.</p>
                    <Field label="Your current password" error={problem?.field === 'password' ? problem.message : null}>
                      {(a) => (
                        <input {...a} type="password" name="current-password" autoComplete="current-password" required value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
                      )}
                    </Field>
                  </>
                )}
                <div class="form-actions">
                  <Button type="submit" busy={busy} busyLabel="Accepting…">
                    Accept the invitation
                  </Button>
                </div>
              </form>
            </div>
          </Page>
        );
      }}
    </Loaded>
  );
}

export function RequestReset() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/password-reset', { email: email.trim() });
      setSent(true);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return (
    <Page title="Reset your password">
      <div class="narrow">
        {sent ? (
          <Notice kind="success">
            <p>
              If an account uses <strong>{email}</strong>, we have sent it a link to choose a new password. The link works
              for a limited time.
            </p>
            <p>
              <Link href="/">Back to sign in</Link>
            </p>
          </Notice>
        ) : (
          <form class="card" onSubmit={submit} noValidate>
            <p>Type the e-mail address you sign in with. We will send a link to choose a new password.</p>
            <ErrorMessage error={error && !fieldError(error, 'email') ? error : null} />
            <Field label="E-mail" error={fieldError(error, 'email')}>
              {(a) => <input {...a} type="email" autoComplete="username" required value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />}
            </Field>
            <div class="form-actions">
              <Button type="submit" busy={busy} busyLabel="Sending…">
                Send the link
              </Button>
              <Link href="/">Back to sign in</Link>
            </div>
          </form>
        )}
      </div>
    </Page>
  );
}

export function CompleteReset({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const p = passwordProblem(password, again);
    setProblem(p);
    if (p) return;
    setBusy(true);
    try {
      await api.post('/password-reset/complete', { token, password });
      setDone(true);
    } catch (err) {
      const fp = apiFieldProblem(err);
      setProblem(fp);
      if (!fp) setError(err);
    }
    setBusy(false);
  };
  return (
    <Page title="Choose a new password">
      <div class="narrow">
        {done ? (
          <Notice kind="success">
            <p>Your password is changed. You can sign in with it now.</p>
            <p>
              <Link href="/">Sign in</Link>
            </p>
          </Notice>
        ) : (
          <form class="card" onSubmit={submit} noValidate>
            {error instanceof ApiError && (error.status === 404 || error.field === 'token') ? (
              <div class="alert alert-error" role="alert">
                <p>
                  This link has expired or was already used. <Link href="/reset-password">Ask for a new link</Link>.
                </p>
              </div>
            ) : (
              <ErrorMessage error={error} />
            )}
            <NewPasswordFields password={password} again={again} setPassword={setPassword} setAgain={setAgain} error={problem} />
            <div class="form-actions">
              <Button type="submit" busy={busy} busyLabel="Saving…">
                Save the new password
              </Button>
            </div>
          </form>
        )}
      </div>
    </Page>
  );
}
