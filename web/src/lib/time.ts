// Time zones and weekly availability. A profile stores weekly windows as
// minutes after Monday 00:00 in the person's own time zone; the grid works in
// 30-minute slots; showing someone's week in another zone shifts it by the
// difference of the two UTC offsets on a reference date.

export const MINUTES_PER_WEEK = 7 * 24 * 60;
export const SLOT_MINUTES = 30;
export const SLOTS_PER_DAY = (24 * 60) / SLOT_MINUTES;
export const SLOTS_PER_WEEK = 7 * SLOTS_PER_DAY;
export const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const DAYS_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export interface Window {
  start_minute: number;
  minutes: number;
}

/** The browser's own IANA time zone (UTC when unknown). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function isValidTimeZone(tz: string): boolean {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Every IANA zone the browser knows, for pickers. */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const list = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
  return list.includes('UTC') ? list : ['UTC', ...list];
}

/** UTC offset of `tz` at `at`, in minutes east of UTC (Toronto in winter: -300). */
export function offsetMinutes(tz: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/**
 * Shows weekly windows kept in `fromTz` as they fall in `toTz`, with the
 * offsets in force at `reference`. Windows that cross the end of the week are
 * split so that every result lies within [0, MINUTES_PER_WEEK); the result is
 * sorted and merged.
 */
export function convertWeekly(windows: Window[], fromTz: string, toTz: string, reference: Date = new Date()): Window[] {
  const shift = offsetMinutes(toTz, reference) - offsetMinutes(fromTz, reference);
  const out: Window[] = [];
  for (const w of windows) {
    if (w.minutes <= 0) continue;
    const start = mod(w.start_minute + shift, MINUTES_PER_WEEK);
    const end = start + Math.min(w.minutes, MINUTES_PER_WEEK);
    if (end <= MINUTES_PER_WEEK) out.push({ start_minute: start, minutes: end - start });
    else {
      out.push({ start_minute: start, minutes: MINUTES_PER_WEEK - start });
      out.push({ start_minute: 0, minutes: end - MINUTES_PER_WEEK });
    }
  }
  return normalizeWindows(out);
}

/** Sorts, clips to the week and merges touching or overlapping windows. */
export function normalizeWindows(windows: Window[]): Window[] {
  const list = windows
    .map((w) => ({ start: Math.max(0, w.start_minute), end: Math.min(MINUTES_PER_WEEK, w.start_minute + w.minutes) }))
    .filter((w) => w.end > w.start)
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const w of list) {
    const last = merged[merged.length - 1];
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else merged.push({ ...w });
  }
  return merged.map((w) => ({ start_minute: w.start, minutes: w.end - w.start }));
}

/** The 30-minute slots a set of windows touches (a partly covered slot counts). */
export function windowsToSlots(windows: Window[]): Set<number> {
  const slots = new Set<number>();
  for (const w of windows) {
    if (w.minutes <= 0) continue;
    const first = Math.floor(w.start_minute / SLOT_MINUTES);
    const last = Math.ceil((w.start_minute + w.minutes) / SLOT_MINUTES) - 1;
    for (let s = first; s <= last; s++) slots.add(mod(s, SLOTS_PER_WEEK));
  }
  return slots;
}

/** Turns slots back into the fewest windows (consecutive slots join, also across midnight). */
export function slotsToWindows(slots: Set<number>): Window[] {
  const sorted = [...slots].filter((s) => s >= 0 && s < SLOTS_PER_WEEK).sort((a, b) => a - b);
  const out: Window[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && last.start_minute + last.minutes === s * SLOT_MINUTES) last.minutes += SLOT_MINUTES;
    else out.push({ start_minute: s * SLOT_MINUTES, minutes: SLOT_MINUTES });
  }
  return out;
}

export function minuteOfDayLabel(m: number): string {
  const h = Math.floor(m / 60);
  const mm = m % 60;
  return `${String(h).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
}

/** "Mon 18:00–20:00" for a window (end may fall on a later day). */
export function describeWindow(w: Window): string {
  const day = Math.floor(w.start_minute / 1440) % 7;
  const start = w.start_minute % 1440;
  const endAbs = w.start_minute + w.minutes;
  const endDay = Math.floor((endAbs - 1) / 1440) % 7;
  let end = endAbs % 1440;
  const endLabel = end === 0 ? '24:00' : minuteOfDayLabel(end);
  if (end === 0) end = 1440;
  const sameDay = endDay === day;
  return `${DAYS_SHORT[day]} ${minuteOfDayLabel(start)}–${sameDay ? '' : DAYS_SHORT[(endDay + 7) % 7] + ' '}${endLabel}`;
}

export function totalMinutes(windows: Window[]): number {
  return windows.reduce((a, w) => a + Math.max(0, w.minutes), 0);
}

/** A UTC ISO time shown in the viewer's zone, e.g. "23 Nov 2026, 09:05". */
export function formatDateTime(iso: string | null | undefined, tz: string = browserTimeZone()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

/** A short zone label for headings: "America/Toronto (UTC−05:00)". */
export function zoneLabel(tz: string, at: Date = new Date()): string {
  const off = offsetMinutes(tz, at);
  const sign = off < 0 ? '−' : '+';
  const a = Math.abs(off);
  return `${tz} (UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')})`;
}

/** A YYYY-MM-DD date for display ("1 Jul 2026"), without time-zone shifts. */
export function formatDate(d: string | null | undefined): string {
  if (!d) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d);
  if (!m) return d;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(date);
}
