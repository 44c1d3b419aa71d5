import { describe, expect, it } from 'vitest';
import {
  MINUTES_PER_WEEK,
  convertWeekly,
  describeWindow,
  normalizeWindows,
  offsetMinutes,
  slotsToWindows,
  windowsToSlots,
  zoneLabel,
} from '../src/lib/time';

const winter = new Date('2026-01-14T12:00:00Z');
const summer = new Date('2026-07-15T12:00:00Z');
const MON = 0;
const SAT = 5 * 1440;
const SUN = 6 * 1440;

describe('offsetMinutes', () => {
  const cases: [string, Date, number][] = [
    ['UTC', winter, 0],
    ['America/Toronto', winter, -300],
    ['America/Toronto', summer, -240],
    ['America/Chicago', winter, -360],
    ['Asia/Kolkata', winter, 330],
    ['Europe/Berlin', summer, 120],
  ];
  for (const [tz, at, want] of cases) {
    it(`${tz} at ${at.toISOString()} is ${want}`, () => expect(offsetMinutes(tz, at)).toBe(want));
  }
});

describe('convertWeekly', () => {
  it('shows Toronto evening one hour earlier in Chicago', () => {
    const w = [{ start_minute: MON + 18 * 60, minutes: 120 }];
    expect(convertWeekly(w, 'America/Toronto', 'America/Chicago', winter)).toEqual([{ start_minute: 17 * 60, minutes: 120 }]);
  });
  it('moves a window to the next day when crossing midnight', () => {
    // Saturday 20:00-22:00 in Vancouver (UTC-8 in winter) is Sunday 04:00-06:00 UTC.
    const w = [{ start_minute: SAT + 20 * 60, minutes: 120 }];
    expect(convertWeekly(w, 'America/Vancouver', 'UTC', winter)).toEqual([{ start_minute: SUN + 4 * 60, minutes: 120 }]);
  });
  it('wraps around the end of the week and splits the window', () => {
    // Sunday 23:00-Monday 01:00 UTC seen from Kolkata (+05:30): Monday 04:30-06:30.
    const w = [{ start_minute: SUN + 23 * 60, minutes: 120 }];
    expect(convertWeekly(w, 'UTC', 'Asia/Kolkata', winter)).toEqual([{ start_minute: 4 * 60 + 30, minutes: 120 }]);
    // The other direction: Monday 01:00-03:00 in Tokyo is Sunday 16:00-18:00 UTC.
    expect(convertWeekly([{ start_minute: 60, minutes: 120 }], 'Asia/Tokyo', 'UTC', winter)).toEqual([{ start_minute: SUN + 16 * 60, minutes: 120 }]);
    // Sunday 22:00-Monday 02:00 UTC is Monday 07:00-11:00 in Tokyo (+9).
    const moved = convertWeekly([{ start_minute: SUN + 22 * 60, minutes: 4 * 60 }], 'UTC', 'Asia/Tokyo', winter);
    expect(moved).toEqual([{ start_minute: 7 * 60, minutes: 4 * 60 }]);
    // Sunday 20:00-Monday 02:00 UTC is Sunday 21:00-Monday 03:00 in Berlin (+1): split at the end of the week.
    const across = convertWeekly([{ start_minute: SUN + 20 * 60, minutes: 6 * 60 }], 'UTC', 'Europe/Berlin', winter);
    expect(across).toEqual([
      { start_minute: 0, minutes: 3 * 60 },
      { start_minute: SUN + 21 * 60, minutes: 3 * 60 },
    ]);
  });
  it('follows daylight-saving time on the reference date', () => {
    const w = [{ start_minute: 9 * 60, minutes: 60 }];
    expect(convertWeekly(w, 'America/New_York', 'Europe/London', winter)[0].start_minute).toBe(14 * 60);
    expect(convertWeekly(w, 'America/New_York', 'Europe/London', summer)[0].start_minute).toBe(14 * 60);
    expect(convertWeekly(w, 'America/New_York', 'UTC', summer)[0].start_minute).toBe(13 * 60);
  });
  it('is the identity within one zone and keeps the total time', () => {
    const w = [
      { start_minute: 100, minutes: 50 },
      { start_minute: 5000, minutes: 200 },
    ];
    expect(convertWeekly(w, 'Asia/Kolkata', 'Asia/Kolkata', winter)).toEqual(w);
    const there = convertWeekly(w, 'Asia/Kolkata', 'America/Los_Angeles', winter);
    expect(there.reduce((a, x) => a + x.minutes, 0)).toBe(250);
    expect(convertWeekly(there, 'America/Los_Angeles', 'Asia/Kolkata', winter)).toEqual(w);
  });
});

describe('slots', () => {
  it('round-trips aligned windows', () => {
    const w = [
      { start_minute: 18 * 60, minutes: 120 },
      { start_minute: SAT + 9 * 60, minutes: 120 },
    ];
    expect(slotsToWindows(windowsToSlots(w))).toEqual(w);
  });
  it('rounds a partly covered slot outwards', () => {
    expect([...windowsToSlots([{ start_minute: 10, minutes: 25 }])].sort((a, b) => a - b)).toEqual([0, 1]);
  });
  it('joins consecutive slots across midnight', () => {
    const slots = new Set([47, 48]);
    expect(slotsToWindows(slots)).toEqual([{ start_minute: 47 * 30, minutes: 60 }]);
  });
  it('normalizes overlapping windows', () => {
    expect(
      normalizeWindows([
        { start_minute: 60, minutes: 60 },
        { start_minute: 90, minutes: 60 },
        { start_minute: MINUTES_PER_WEEK - 10, minutes: 30 },
      ]),
    ).toEqual([
      { start_minute: 60, minutes: 90 },
      { start_minute: MINUTES_PER_WEEK - 10, minutes: 10 },
    ]);
  });
});

describe('labels', () => {
  it('describes windows like the CSV', () => {
    expect(describeWindow({ start_minute: 18 * 60, minutes: 120 })).toBe('Mon 18:00–20:00');
    expect(describeWindow({ start_minute: 4 * 1440 + 22 * 60, minutes: 180 })).toBe('Fri 22:00–Sat 01:00');
    expect(describeWindow({ start_minute: SUN + 22 * 60, minutes: 120 })).toBe('Sun 22:00–24:00');
  });
  it('labels a zone with its offset', () => {
    expect(zoneLabel('America/Toronto', winter)).toBe('America/Toronto (UTC−05:00)');
    expect(zoneLabel('Asia/Kolkata', winter)).toBe('Asia/Kolkata (UTC+05:30)');
  });
});
