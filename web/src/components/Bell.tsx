// The bell: what Tandem told the person recently (also what it did not
// e-mail, by their choice), so that someone who ignores e-mail still sees
// what was asked of them. Checks every minute while the page is open.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { NotificationItem } from '../api/types';
import { formatDateTime } from '../lib/time';

interface List {
  notifications: NotificationItem[];
  unread: number;
}

export function Bell() {
  const [list, setList] = useState<List | null>(null);
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const load = () =>
    api
      .get<List>('/me/notifications', { query: { limit: 15 } })
      .then(setList)
      .catch(() => undefined);
  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  useEffect(() => {
    if (!open) return;
    const close = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [open]);
  const unread = list?.unread ?? 0;
  const markRead = async () => {
    const r = await api.post<{ unread: number }>('/me/notifications/read', {}).catch(() => null);
    if (r && list) setList({ notifications: list.notifications.map((n) => ({ ...n, read: true })), unread: r.unread });
  };
  return (
    <div class="bell">
      <button
        type="button"
        class="secondary small"
        aria-expanded={open}
        aria-controls="bell-panel"
        aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
        onClick={() => {
          setOpen(!open);
          if (!open) void load();
        }}
      >
        <svg class="bell-icon" aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unread > 0 && <span class="bell-count">{unread}</span>}
      </button>
      {open && (
        <div id="bell-panel" class="bell-panel card" ref={panel} role="region" aria-label="Notifications">
          <div class="bell-head">
            <strong>Notifications</strong>
            {unread > 0 && (
              <button type="button" class="link-button" onClick={markRead}>
                Mark all read
              </button>
            )}
          </div>
          {!list || list.notifications.length === 0 ? (
            <p class="muted">Nothing yet.</p>
          ) : (
            <ul class="plain">
              {list.notifications.map((n) => (
                <li key={n.id} class={n.read ? 'read' : 'unread'}>
                  <details>
                    <summary>
                      {!n.read && <span class="visually-hidden">Unread: </span>}
                      {n.subject}
                      <span class="muted"> · {formatDateTime(n.created_at)}</span>
                    </summary>
                    <p class="pre-line">{n.body}</p>
                  </details>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
