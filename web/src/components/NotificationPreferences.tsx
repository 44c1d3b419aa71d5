// A person's e-mail choices per category: at once, a daily digest at 08:00
// in their zone, or not by e-mail (the bell still shows everything).
// Invitations, password resets and introductions always go at once.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { Button, ErrorMessage, LiveMessage, Loading, useResource, useSubmit } from './ui';

const CATEGORIES: [string, string][] = [
  ['meetings', 'Meetings: invitations, changes, reminders, "log your meeting"'],
  ['nudges', 'Reminders to meet and to sign your agreement'],
  ['program', "Your program's events, recordings and agreement"],
  ['coordinator', 'For coordinators: stalled pairs'],
];

export function NotificationPreferences() {
  const prefs = useResource((signal) => api.get<{ preferences: Record<string, string> }>('/me/notification-preferences', { signal }), []);
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const [msg, setMsg] = useState('');
  const current = draft ?? prefs.data?.preferences ?? null;
  const f = useSubmit(async () => {
    if (!current) return;
    const r = await api.put<{ preferences: Record<string, string> }>('/me/notification-preferences', { preferences: current });
    setDraft(r.preferences);
    setMsg('Saved.');
  });
  return (
    <section class="card" aria-labelledby="email-prefs">
      <h2 id="email-prefs">E-mail from Tandem</h2>
      <p class="muted">Invitations, password resets and introductions to a new partner always come at once. Everything also appears under the bell.</p>
      {!current && (prefs.error ? <ErrorMessage error={prefs.error} retry={prefs.reload} /> : <Loading />)}
      {current && (
        <form onSubmit={f.submit}>
          {CATEGORIES.map(([key, label]) => (
            <fieldset key={key}>
              <legend>{label}</legend>
              {(
                [
                  ['immediately', 'At once'],
                  ['daily', 'In a daily digest'],
                  ['off', 'Not by e-mail'],
                ] as const
              ).map(([v, l]) => (
                <label key={v}>
                  <input type="radio" name={`pref-${key}`} checked={current[key] === v} onChange={() => setDraft({ ...current, [key]: v })} /> {l}
                </label>
              ))}
            </fieldset>
          ))}
          <ErrorMessage error={f.error} />
          <Button type="submit" busy={f.busy} busyLabel="Saving…">
            Save my e-mail choices
          </Button>
          <LiveMessage>{msg}</LiveMessage>
        </form>
      )}
    </section>
  );
}
