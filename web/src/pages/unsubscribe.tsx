// The unsubscribe page an e-mail's footer links to: no sign-in; says which
// e-mails stop and for whom, and stops them with one button (the same
// address a mail client's one-click unsubscribe posts to).
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { Button, Loaded, Page, useResource, useSubmit } from '../components/ui';
import { Link } from '../router';

interface Info {
  category: string;
  email: string;
  choice: string;
}

const WHAT: Record<string, string> = {
  meetings: 'meeting invitations, reminders and "log your meeting" prompts',
  nudges: 'reminders to meet and to sign your agreement',
  program: "news of your program's events, recordings and agreement",
  coordinator: 'reports about pairs for coordinators',
};

export function UnsubscribePage({ token }: { token: string }) {
  const info = useResource((signal) => api.get<Info>(`/unsubscribe/${token}`, { signal }), [token]);
  const [done, setDone] = useState(false);
  const f = useSubmit(async () => {
    await api.post(`/unsubscribe/${token}`);
    setDone(true);
  });
  return (
    <Loaded resource={info} what="this unsubscribe link">
      {(i) => (
        <Page title="Stop these e-mails" heading="Stop these e-mails">
          {done || i.choice === 'off' ? (
            <p class="lead" role="status">
              Done: {i.email} gets no more e-mails about {WHAT[i.category] ?? i.category}. They still appear under the bell in Tandem.
            </p>
          ) : (
            <form onSubmit={f.submit}>
              <p class="lead">
                Stop e-mails about {WHAT[i.category] ?? i.category} to {i.email}?
              </p>
              <p>Other e-mails from Tandem, and invitations and password resets, are not affected.</p>
              <Button type="submit" busy={f.busy}>
                Stop these e-mails
              </Button>
            </form>
          )}
          <p>
            You can also choose a daily digest instead, under <Link href="/profile">My profile</Link> once signed in.
          </p>
        </Page>
      )}
    </Loaded>
  );
}
