// The admin's outbox: every e-mail Tandem wrote (invitations, password resets,
// meetings), how its delivery went, and resending a failed or kept one.
import type { ComponentChildren } from 'preact';
import { api } from '../api/client';
import type { OutboxMessage } from '../api/types';
import { useState } from 'preact/hooks';
import { Button, ErrorMessage, Loaded, Notice, Page, StatusBadge, useResource } from '../components/ui';
import { useSession } from '../session';
import { formatDateTime } from '../lib/time';

/** Message text with its http(s) links made clickable. */
export function linkify(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  const re = /https?:\/\/[^\s<>"]+/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const url = m[0].replace(/[.,)]+$/, '');
    out.push(
      <a href={url} key={m.index}>
        {url}
      </a>,
    );
    out.push(m[0].slice(url.length));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

const STATUS_WORDS: Record<string, string> = {
  queued: 'waiting to be sent',
  sent: 'sent',
  failed: 'not delivered',
  kept: 'kept here (no mail server was set up)',
};

function Resend({ message, onDone }: { message: OutboxMessage; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <Button
        type="button"
        class="secondary small"
        busy={busy}
        busyLabel="Queuing…"
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await api.post(`/outbox/${message.id}/resend`);
            onDone();
          } catch (err) {
            setError(err);
          }
          setBusy(false);
        }}
      >
        Send again
      </Button>
      <ErrorMessage error={error} />
    </>
  );
}

export function Outbox() {
  const { me } = useSession();
  const res = useResource((signal) => api.get<{ messages: OutboxMessage[]; delivery: 'smtp' | 'off' }>('/outbox', { signal }), []);
  if (!me?.user.is_admin)
    return (
      <Page title="Not allowed">
        <p class="lead">Only an administrator can read the outbox.</p>
      </Page>
    );
  return (
    <Page title="Outbox" actions={<button type="button" class="secondary" onClick={res.reload}>Refresh</button>}>
      <p class="hint">Every e-mail Tandem has written, newest first, and how its delivery went. Times are in your time zone.</p>
      <Loaded resource={res} what="the outbox">
        {({ messages, delivery }) => (
          <>
            {delivery === 'off' && (
              <Notice kind="warning">
                <p>
                  E-mail delivery is not set up: messages are kept here and nobody receives them. Start Tandem with <code>--smtp-url</code> and{' '}
                  <code>--mail-from</code> (docs/email.md), then send the kept ones again.
                </p>
              </Notice>
            )}
            {messages.length === 0 ? (
              <p>No e-mails yet.</p>
            ) : (
              <ul class="outbox">
                {[...messages]
                  .sort((a, b) => b.id - a.id)
                  .map((m) => (
                    <li key={m.id} class="card">
                      <h2 class="h3">{m.subject}</h2>
                      <p class="muted">
                        To {m.to} · {m.kind} · written {formatDateTime(m.created_at)}
                        {m.attachment_name && ` · with ${m.attachment_name}`}
                      </p>
                      <p>
                        <StatusBadge status={m.status} /> {STATUS_WORDS[m.status] ?? m.status}
                        {m.sent_at && ` ${formatDateTime(m.sent_at)}`}
                        {m.attempts > 1 && ` · ${m.attempts} attempts`}
                      </p>
                      {m.last_error && (m.status === 'failed' || m.status === 'queued') && <p class="field-error">{m.last_error}</p>}
                      {(m.status === 'failed' || m.status === 'kept') && <Resend message={m} onDone={res.reload} />}
                      <pre class="mail-body">{linkify(m.body)}</pre>
                    </li>
                  ))}
              </ul>
            )}
          </>
        )}
      </Loaded>
    </Page>
  );
}
