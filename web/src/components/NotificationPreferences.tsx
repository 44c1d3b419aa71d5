// A person's e-mail choices per category: at once, a daily digest at 08:00
// in their zone, or not by e-mail (the bell still shows everything).
// Invitations, password resets and introductions always go at once.
import { useState } from 'preact/hooks';
import { api, fieldError } from '../api/client';
import { timeZones } from '../lib/time';
import { Button, ErrorMessage, Field, LiveMessage, Loading, useResource, useSubmit } from './ui';

const CATEGORIES: [string, string][] = [
  ['meetings', 'Meetings: invitations, changes, reminders, "log your meeting"'],
  ['nudges', 'Reminders to meet and to sign your agreement'],
  ['program', "Your program's events, recordings and agreement"],
  ['coordinator', 'For coordinators: stalled pairs'],
];

interface Settings {
  preferences: Record<string, string>;
  time_zone: string;
  time_zone_chosen: boolean;
}

export function NotificationPreferences() {
  const prefs = useResource((signal) => api.get<Settings>('/me/notification-preferences', { signal }), []);
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const [zone, setZone] = useState<string | null>(null);
  const [msg, setMsg] = useState('');
  const current = draft ?? prefs.data?.preferences ?? null;
  const currentZone = zone ?? (prefs.data?.time_zone_chosen ? prefs.data.time_zone : '');
  const f = useSubmit(async () => {
    if (!current) return;
    const r = await api.put<Settings>('/me/notification-preferences', { preferences: current, time_zone: currentZone });
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
          <Field label="Digests arrive at 08:00 in" hint="Daily digests, and the coordinators' Monday digest." error={fieldError(f.error, 'time_zone')}>
            {(a) => (
              <select {...a} value={currentZone} onChange={(e) => setZone((e.target as HTMLSelectElement).value)}>
                <option value="">My profile's time zone{prefs.data && !prefs.data.time_zone_chosen ? ` (${prefs.data.time_zone})` : ''}</option>
                {timeZones().map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <ErrorMessage error={fieldError(f.error, 'time_zone') ? null : f.error} />
          <Button type="submit" busy={f.busy} busyLabel="Saving…">
            Save my e-mail choices
          </Button>
          <LiveMessage>{msg}</LiveMessage>
        </form>
      )}
    </section>
  );
}
