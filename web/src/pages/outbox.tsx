// The admin's outbox: every e-mail Tandem wrote (invitations, password resets).
import type { ComponentChildren } from 'preact';
import { api } from '../api/client';
import type { OutboxMessage } from '../api/types';
import { Loaded, Page, useResource } from '../components/ui';
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

export function Outbox() {
  const { me } = useSession();
  const res = useResource((signal) => api.get<{ messages: OutboxMessage[] }>('/outbox', { signal }), []);
  if (!me?.user.is_admin)
    return (
      <Page title="Not allowed">
        <p class="lead">Only an administrator can read the outbox.</p>
      </Page>
    );
  return (
    <Page title="Outbox" actions={<button type="button" class="secondary" onClick={res.reload}>Refresh</button>}>
      <p class="hint">Every e-mail Tandem has written, newest first. Times are in your time zone.</p>
      <Loaded resource={res} what="the outbox">
        {({ messages }) =>
          messages.length === 0 ? (
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
                      {m.sent_at ? ` · sent ${formatDateTime(m.sent_at)}` : ' · not sent (kept here)'}
                    </p>
                    <pre class="mail-body">{linkify(m.body)}</pre>
                  </li>
                ))}
            </ul>
          )
        }
      </Loaded>
    </Page>
  );
}
