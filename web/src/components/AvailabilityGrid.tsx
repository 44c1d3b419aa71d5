// Weekly availability as a grid of 30-minute slots (rows) by day (columns), in
// one named time zone. Mouse: click or drag to paint. Keyboard: the grid is one
// tab stop; arrow keys move (up/down: half an hour, left/right: a day),
// Home/End go to the first/last shown slot of the day, Page Up/Down move four
// hours, Space or Enter toggles the slot.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  DAYS,
  DAYS_SHORT,
  SLOT_MINUTES,
  SLOTS_PER_DAY,
  describeWindow,
  minuteOfDayLabel,
  slotsToWindows,
  totalMinutes,
  windowsToSlots,
  type Window,
} from '../lib/time';

export interface AvailabilityGridProps {
  value: Window[];
  onChange?: (windows: Window[]) => void;
  /** The zone the windows are in, shown in the caption. */
  timeZone: string;
  readOnly?: boolean;
  /** Accessible name of the grid. */
  label?: string;
}

const DAY_START = 6 * 2; // 06:00 in slots
const DAY_END = 22 * 2; // 22:00

export function AvailabilityGrid({ value, onChange, timeZone, readOnly, label = 'Weekly availability' }: AvailabilityGridProps) {
  const slots = useMemo(() => windowsToSlots(value), [value]);
  // The newest slots, also between a change and the re-render it causes (fast drags).
  const latest = useRef(slots);
  latest.current = slots;
  const hasNight = useMemo(() => [...slots].some((s) => s % SLOTS_PER_DAY < DAY_START || s % SLOTS_PER_DAY >= DAY_END), [slots]);
  const [fullDay, setFullDay] = useState(hasNight);
  useEffect(() => {
    if (hasNight) setFullDay(true);
  }, [hasNight]);
  const firstRow = fullDay ? 0 : DAY_START;
  const lastRow = fullDay ? SLOTS_PER_DAY - 1 : DAY_END - 1;
  const [focus, setFocus] = useState<{ day: number; row: number }>({ day: 0, row: 18 * 2 });
  const cellRefs = useRef(new Map<string, HTMLButtonElement>());
  const drag = useRef<{ value: boolean; start: number; moved: boolean } | null>(null);
  const focusRow = Math.min(lastRow, Math.max(firstRow, focus.row));

  const setSlots = (changes: Map<number, boolean>) => {
    if (readOnly || !onChange) return;
    const next = new Set(latest.current);
    for (const [s, on] of changes) {
      if (on) next.add(s);
      else next.delete(s);
    }
    latest.current = next;
    onChange(slotsToWindows(next));
  };

  const slotOf = (day: number, row: number) => day * SLOTS_PER_DAY + row;

  const moveFocus = (day: number, row: number) => {
    const d = Math.min(6, Math.max(0, day));
    const r = Math.min(lastRow, Math.max(firstRow, row));
    setFocus({ day: d, row: r });
    cellRefs.current.get(`${d}:${r}`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent, day: number, row: number) => {
    const keys: Record<string, () => void> = {
      ArrowUp: () => moveFocus(day, row - 1),
      ArrowDown: () => moveFocus(day, row + 1),
      ArrowLeft: () => moveFocus(day - 1, row),
      ArrowRight: () => moveFocus(day + 1, row),
      Home: () => moveFocus(day, firstRow),
      End: () => moveFocus(day, lastRow),
      PageUp: () => moveFocus(day, row - 8),
      PageDown: () => moveFocus(day, row + 8),
    };
    const fn = keys[e.key];
    if (fn) {
      e.preventDefault();
      fn();
    }
  };

  useEffect(() => {
    const up = () => {
      setTimeout(() => (drag.current = null), 0);
    };
    window.addEventListener('pointerup', up);
    return () => window.removeEventListener('pointerup', up);
  }, []);

  const windows = slotsToWindows(slots);
  const hours = totalMinutes(windows) / 60;
  const rows: number[] = [];
  for (let r = firstRow; r <= lastRow; r++) rows.push(r);

  return (
    <div class="availability">
      <p class="availability-zone" id={`tz-${timeZone}`}>
        Times are in <strong>{timeZone}</strong>.
        {!readOnly && ' Click or drag over the half hours you are usually free; with the keyboard, use the arrow keys and Space.'}
      </p>
      <div class="availability-scroll">
        <table class="availability-grid" role="grid" aria-label={`${label} (${timeZone})`} aria-readonly={readOnly || undefined}>
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">Time</span>
              </th>
              {DAYS_SHORT.map((d, i) => (
                <th scope="col" key={d}>
                  <abbr title={DAYS[i]}>{d}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row}>
                <th scope="row" class={row % 2 ? 'half' : ''}>
                  {row % 2 ? <span class="visually-hidden">{minuteOfDayLabel(row * SLOT_MINUTES)}</span> : minuteOfDayLabel(row * SLOT_MINUTES)}
                </th>
                {DAYS.map((dayName, day) => {
                  const s = slotOf(day, row);
                  const on = slots.has(s);
                  const isFocus = focus.day === day && focusRow === row;
                  const name = `${dayName} ${minuteOfDayLabel(row * SLOT_MINUTES)} to ${minuteOfDayLabel((row + 1) * SLOT_MINUTES)}`;
                  return (
                    <td key={day} role="gridcell" class={on ? 'on' : ''}>
                      {readOnly ? (
                        <span class="slot" aria-label={`${name}: ${on ? 'free' : 'not free'}`} role="img" />
                      ) : (
                        <button
                          type="button"
                          class="slot"
                          data-slot={s}
                          ref={(el) => {
                            if (el) cellRefs.current.set(`${day}:${row}`, el);
                            else cellRefs.current.delete(`${day}:${row}`);
                          }}
                          tabIndex={isFocus ? 0 : -1}
                          aria-pressed={on}
                          aria-label={name}
                          onKeyDown={(e) => onKeyDown(e as unknown as KeyboardEvent, day, row)}
                          onFocus={() => setFocus({ day, row })}
                          onPointerDown={(e) => {
                            if (e.button > 0) return; // left button, touch or pen only
                            drag.current = { value: !on, start: s, moved: false };
                          }}
                          onPointerEnter={() => {
                            const d = drag.current;
                            if (!d || d.start === s) return;
                            const changes = new Map<number, boolean>([[s, d.value]]);
                            if (!d.moved) changes.set(d.start, d.value);
                            d.moved = true;
                            setSlots(changes);
                          }}
                          onClick={() => {
                            if (drag.current?.moved) return;
                            setSlots(new Map([[s, !on]]));
                          }}
                        />
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="availability-foot">
        <button type="button" class="link-button" onClick={() => setFullDay(!fullDay)} aria-expanded={fullDay}>
          {fullDay ? 'Show 06:00–22:00 only' : 'Show night hours too'}
        </button>
        <p aria-live="polite" class="availability-summary">
          {windows.length === 0
            ? 'No times chosen yet.'
            : `${hours} hour${hours === 1 ? '' : 's'} a week: ${windows.map(describeWindow).join('; ')}.`}
        </p>
      </div>
    </div>
  );
}
