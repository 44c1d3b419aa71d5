// The admin's pages for the deployment: Users (search, disable or enable,
// grant or remove admin rights, sign out everywhere) and Institutions (add,
// rename, merge two names of the same place). Every change is in the audit log.
import { useState } from 'preact/hooks';
import { ApiError, api, fieldError } from '../api/client';
import type { Institution, User } from '../api/types';
import { Button, ErrorMessage, Field, LiveMessage, Loading, Page, useResource, useSubmit } from '../components/ui';
import { Link, setQuery, useLocation } from '../router';
import { useSession } from '../session';
import { formatDate } from '../lib/time';

function AdminsOnly({ what }: { what: string }) {
  return (
    <Page title="Not allowed">
      <p class="lead">Only an administrator can see {what}.</p>
      <p>
        <Link href="/">Go to your home page</Link>.
      </p>
    </Page>
  );
}

/** One user's row: their state in words and the actions an admin may take. */
function UserRow({ user, self, onChanged, announce }: { user: User; self: boolean; onChanged: (u: User) => void; announce: (s: string) => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirmDisable, setConfirmDisable] = useState(false);
  const act = async (what: string, call: () => Promise<string>) => {
    setBusy(what);
    setError(null);
    try {
      announce(await call());
    } catch (err) {
      setError(err);
    }
    setBusy(null);
  };
  const patch = (body: Partial<Pick<User, 'disabled' | 'is_admin'>>, said: (u: User) => string) =>
    act(Object.keys(body)[0], async () => {
      const u = await api.patch<User>(`/users/${user.id}`, body);
      onChanged(u);
      return said(u);
    });
  return (
    <tr>
      <td data-label="Name">
        {user.name}
        {self && <span class="muted"> (you)</span>}
      </td>
      <td data-label="E-mail">{user.email || <span class="muted">no e-mail</span>}</td>
      <td data-label="State">
        <ul class="plain small">
          <li>{user.disabled ? <strong>disabled</strong> : 'active'}</li>
          {user.is_admin && <li>administrator</li>}
          {!user.has_password && <li class="muted">has not chosen a password</li>}
          {user.created_at && <li class="muted">since {formatDate(user.created_at)}</li>}
        </ul>
      </td>
      <td class="actions">
        <div class="button-row">
          {user.disabled ? (
            <Button type="button" class="secondary small" busy={busy === 'disabled'} busyLabel="Enabling…" onClick={() => patch({ disabled: false }, (u) => `${u.name} can sign in again.`)}>
              Enable<span class="visually-hidden"> {user.name}</span>
            </Button>
          ) : (
            !self &&
            (confirmDisable ? (
              <>
                <Button
                  type="button"
                  class="danger small"
                  busy={busy === 'disabled'}
                  busyLabel="Disabling…"
                  onClick={() => {
                    setConfirmDisable(false);
                    patch({ disabled: true }, (u) => `${u.name} is disabled: signed out everywhere and unable to sign in.`);
                  }}
                >
                  Yes, disable {user.name}
                </Button>
                <button type="button" class="secondary small" onClick={() => setConfirmDisable(false)}>
                  Keep<span class="visually-hidden"> {user.name}</span>
                </button>
              </>
            ) : (
              <button type="button" class="secondary small" onClick={() => setConfirmDisable(true)}>
                Disable…<span class="visually-hidden"> {user.name}</span>
              </button>
            ))
          )}
          {user.is_admin
            ? !self && (
                <Button type="button" class="secondary small" busy={busy === 'is_admin'} busyLabel="Saving…" onClick={() => patch({ is_admin: false }, (u) => `${u.name} is no longer an administrator.`)}>
                  Remove admin rights<span class="visually-hidden"> from {user.name}</span>
                </Button>
              )
            : !user.disabled && (
                <Button type="button" class="secondary small" busy={busy === 'is_admin'} busyLabel="Saving…" onClick={() => patch({ is_admin: true }, (u) => `${u.name} is now an administrator.`)}>
                  Make admin<span class="visually-hidden"> {user.name}</span>
                </Button>
              )}
          {!user.disabled && (
            <Button
              type="button"
              class="secondary small"
              busy={busy === 'sessions'}
              busyLabel="Signing out…"
              onClick={() =>
                act('sessions', async () => {
                  const r = await api.del<{ sessions_ended: number }>(`/users/${user.id}/sessions`);
                  const n = r?.sessions_ended ?? 0;
                  return `${user.name} is signed out everywhere (${n === 1 ? '1 session' : `${n} sessions`} ended).`;
                })
              }
            >
              Sign out everywhere<span class="visually-hidden"> {user.name}</span>
            </Button>
          )}
        </div>
        <ErrorMessage error={error} />
      </td>
    </tr>
  );
}

const USERS_PAGE = 50;

export function UsersPage() {
  const { me } = useSession();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const [said, setSaid] = useState('');
  const users = useResource((signal) => api.get<{ users: User[] }>('/users', { query: { q }, signal }), [q]);
  // A page of accounts at a time: a deployment with two programs has hundreds.
  const [shown, setShown] = useState(USERS_PAGE);
  if (!me?.user.is_admin) return <AdminsOnly what="the accounts" />;
  const list = users.data?.users ?? [];
  return (
    <Page title="Users" wide>
      <p class="lead">
        Everyone with an account. Disabling ends a person's sessions and keeps them from signing in; every change is in the{' '}
        <Link href="/audit?entity=user">audit log</Link>.
      </p>
      <form
        class="filters card"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery('q', draft.trim());
        }}
      >
        <label>
          Name or e-mail <input type="search" value={draft} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Search</button>
        {q && (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setDraft('');
              setQuery('q', '');
            }}
          >
            Show everyone
          </button>
        )}
      </form>
      <LiveMessage class="saved">{said}</LiveMessage>
      {users.loading && !users.data && <Loading />}
      {users.error && <ErrorMessage error={users.error} retry={users.reload} />}
      {users.data && (
        <p>
          {list.length === 0 ? (q ? `Nobody matches “${q}”.` : 'No accounts yet.') : `${list.length} ${list.length === 1 ? 'account' : 'accounts'}${q ? ` matching “${q}”` : ''}.`}
        </p>
      )}
      {list.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Users table">
          <table class="data stack">
            <caption class="visually-hidden">Accounts{q ? ` matching ${q}` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.slice(0, shown).map((u) => (
                <UserRow
                  key={u.id}
                  user={u}
                  self={u.id === me.user.id}
                  announce={setSaid}
                  onChanged={(changed) => users.setData({ users: list.map((x) => (x.id === changed.id ? changed : x)) })}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.length > shown && (
        <p>
          Showing {shown} of {list.length}.{' '}
          <button type="button" class="secondary" onClick={() => setShown((n) => n + USERS_PAGE)}>
            Show {Math.min(USERS_PAGE, list.length - shown)} more
          </button>
        </p>
      )}
    </Page>
  );
}

function RenameForm({ institution, onDone, onCancel }: { institution: Institution; onDone: (i: Institution) => void; onCancel: () => void }) {
  const [name, setName] = useState(institution.name);
  const { busy, error, submit } = useSubmit(async () => onDone(await api.patch<Institution>(`/institutions/${institution.id}`, { name })));
  return (
    <form class="inline-form" onSubmit={submit} noValidate>
      <Field label={`New name for ${institution.name}`} error={fieldError(error, 'name')}>
        {(a) => <input {...a} type="text" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />}
      </Field>
      {!fieldError(error, 'name') && <ErrorMessage error={error} />}
      <Button type="submit" class="small" busy={busy} busyLabel="Renaming…">
        Rename
      </Button>
      <button type="button" class="secondary small" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function MergeForm({ institution, others, onDone, onCancel }: { institution: Institution; others: Institution[]; onDone: (said: string) => void; onCancel: () => void }) {
  const [into, setInto] = useState('');
  const target = others.find((o) => String(o.id) === into);
  const { busy, error, submit } = useSubmit(async () => {
    if (!target) throw new ApiError(400, 'invalid_argument', 'Choose the institution to keep.', 'into');
    const r = await api.post<{ institution: Institution; moved: number }>(`/institutions/${institution.id}/merge`, { into: target.id });
    onDone(`${institution.name} is merged into ${r.institution.name}: ${r.moved === 1 ? '1 person' : `${r.moved} people`} moved.`);
  });
  return (
    <form class="inline-form" onSubmit={submit} noValidate>
      <Field
        label={`Merge ${institution.name} into`}
        hint={`Everyone at ${institution.name} (${institution.people}) moves to the one you keep, and the name ${institution.name} goes away.`}
        error={fieldError(error, 'into')}
      >
        {(a) => (
          <select {...a} value={into} onChange={(e) => setInto((e.target as HTMLSelectElement).value)}>
            <option value="">Choose the institution to keep…</option>
            {others.map((o) => (
              <option key={o.id} value={String(o.id)}>
                {o.name} ({o.people})
              </option>
            ))}
          </select>
        )}
      </Field>
      {!fieldError(error, 'into') && <ErrorMessage error={error} />}
      <Button type="submit" class="danger small" busy={busy} busyLabel="Merging…">
        {target ? `Merge into ${target.name}` : 'Merge'}
      </Button>
      <button type="button" class="secondary small" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function AddInstitution({ onAdded }: { onAdded: (i: Institution) => void }) {
  const [name, setName] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    const i = await api.post<Institution>('/institutions', { name });
    setName('');
    onAdded(i);
  });
  return (
    <form class="inline-form card" onSubmit={submit} noValidate>
      <Field label="Add an institution" hint="Where people work or are treated, as it should appear in profiles." error={fieldError(error, 'name')}>
        {(a) => <input {...a} type="text" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />}
      </Field>
      {!fieldError(error, 'name') && <ErrorMessage error={error} />}
      <Button type="submit" busy={busy} busyLabel="Adding…">
        Add
      </Button>
    </form>
  );
}

export function InstitutionsPage() {
  const { me } = useSession();
  const [said, setSaid] = useState('');
  const [editing, setEditing] = useState<{ id: number; what: 'rename' | 'merge' } | null>(null);
  const institutions = useResource((signal) => api.get<{ institutions: Institution[] }>('/institutions', { signal }), []);
  if (!me?.user.is_admin) return <AdminsOnly what="the institutions" />;
  const list = institutions.data?.institutions ?? [];
  const done = (message: string) => {
    setEditing(null);
    setSaid(message);
    institutions.reload();
  };
  return (
    <Page title="Institutions" wide>
      <p class="lead">
        The places people work or are treated, as profiles name them; the cross-institution rule compares them. Two names for the same place? Merge
        them. Every change is in the <Link href="/audit?entity=institution">audit log</Link>.
      </p>
      <AddInstitution onAdded={(i) => done(`${i.name} is added.`)} />
      <LiveMessage class="saved">{said}</LiveMessage>
      {institutions.loading && !institutions.data && <Loading />}
      {institutions.error && <ErrorMessage error={institutions.error} retry={institutions.reload} />}
      {institutions.data && list.length === 0 && <p>No institutions yet; they are added when profiles name them, or here.</p>}
      {list.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Institutions table">
          <table class="data stack">
            <caption class="visually-hidden">Institutions by name</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" class="num">
                  People
                </th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={i.id}>
                  <td data-label="Name">{i.name}</td>
                  <td class="num" data-label="People">
                    {i.people}
                  </td>
                  <td class="actions">
                    {editing?.id === i.id && editing.what === 'rename' ? (
                      <RenameForm institution={i} onCancel={() => setEditing(null)} onDone={(r) => done(`${i.name} is now called ${r.name}.`)} />
                    ) : editing?.id === i.id && editing.what === 'merge' ? (
                      <MergeForm institution={i} others={list.filter((o) => o.id !== i.id)} onCancel={() => setEditing(null)} onDone={done} />
                    ) : (
                      <div class="button-row">
                        <button type="button" class="secondary small" onClick={() => setEditing({ id: i.id, what: 'rename' })}>
                          Rename…<span class="visually-hidden"> {i.name}</span>
                        </button>
                        {list.length > 1 && (
                          <button type="button" class="secondary small" onClick={() => setEditing({ id: i.id, what: 'merge' })}>
                            Merge…<span class="visually-hidden"> {i.name}</span>
                          </button>
                        )}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
