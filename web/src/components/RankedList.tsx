// A list a person puts in order: dragged by its handle with a mouse or a
// finger (pointer events, so touch screens work too), or moved by keyboard —
// Up and Down buttons on every row (named "Move … up" / "Move … down"), and
// the arrow keys, Home and End on the focused handle. Every move is announced ("Dr. Ana Ruiz moved to
// rank 1 of 4.") from a live region that is always in the page, and focus
// stays with the moved row.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { dropIndex, moveAnnouncement, moveItem } from '../lib/choice';
import { LiveMessage, useId } from './ui';

export interface RankedListProps<T> {
  items: T[];
  keyOf: (item: T) => string;
  nameOf: (item: T) => string;
  onChange: (items: T[]) => void;
  /** The list's accessible name, e.g. "Your ranked mentors". */
  label: string;
  /** More of a row after its name (institution, a note). */
  detail?: (item: T) => ComponentChildren;
  /** Shows a Remove button per row. */
  onRemove?: (item: T) => void;
  empty?: ComponentChildren;
}

type Focus = { key: string; part: 'up' | 'down' | 'handle' } | null;

export function RankedList<T>({ items, keyOf, nameOf, onChange, label, detail, onRemove, empty }: RankedListProps<T>) {
  const hintId = useId('rank-hint');
  const listRef = useRef<HTMLOListElement>(null);
  const [message, setMessage] = useState('');
  const [focus, setFocus] = useState<Focus>(null);
  // While dragging: the row's index, where it would land, and the rows' boxes when the drag began.
  const [drag, setDrag] = useState<{ from: number; to: number; boxes: { top: number; bottom: number }[] } | null>(null);

  useEffect(() => {
    if (!focus || !listRef.current) return;
    const row = [...listRef.current.querySelectorAll<HTMLElement>('li[data-key]')].find((li) => li.dataset.key === focus.key);
    row?.querySelector<HTMLElement>(`[data-part="${focus.part}"]`)?.focus();
    setFocus(null);
  }, [focus, items]);

  const move = (from: number, to: number, part: NonNullable<Focus>['part']) => {
    const target = Math.max(0, Math.min(items.length - 1, to));
    if (target === from) return;
    const item = items[from];
    onChange(moveItem(items, from, target));
    setMessage(moveAnnouncement(nameOf(item), target, items.length));
    setFocus({ key: keyOf(item), part });
  };

  const onHandleKey = (e: KeyboardEvent, i: number) => {
    const to = { ArrowUp: i - 1, ArrowDown: i + 1, Home: 0, End: items.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    move(i, to, 'handle');
  };

  const startDrag = (e: PointerEvent, i: number) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    const rows = [...(listRef.current?.querySelectorAll<HTMLElement>('li[data-key]') ?? [])];
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    setDrag({ from: i, to: i, boxes: rows.map((r) => r.getBoundingClientRect()) });
    e.preventDefault();
  };
  const dragMove = (e: PointerEvent) => {
    if (!drag) return;
    const to = dropIndex(drag.boxes, drag.from, e.clientY);
    if (to !== drag.to) setDrag({ ...drag, to });
  };
  const endDrag = (e: PointerEvent, commit: boolean) => {
    if (!drag) return;
    (e.currentTarget as HTMLElement).releasePointerCapture?.(e.pointerId);
    const { from } = drag;
    const to = commit ? dropIndex(drag.boxes, from, e.clientY) : from;
    setDrag(null);
    if (to !== from) move(from, to, 'handle');
  };

  // While dragging, the rows are shown where they would be after the drop.
  const shown = drag ? moveItem(items, drag.from, drag.to) : items;
  const dragged = drag ? keyOf(items[drag.from]) : null;

  return (
    <div class="ranked">
      {items.length === 0 ? (
        <p class="muted">{empty ?? 'Nobody yet.'}</p>
      ) : (
        <>
          <p class="hint" id={hintId}>
            Drag a row by its ⠿ handle, or use its Up and Down buttons. With the handle focused, the arrow keys, Home and End move the row.
          </p>
          <ol class="ranked-list" aria-label={label} ref={listRef}>
            {shown.map((item, shownIndex) => {
              const key = keyOf(item);
              const i = items.indexOf(item);
              const name = nameOf(item);
              return (
                <li key={key} data-key={key} class={`ranked-row${dragged === key ? ' dragging' : ''}`}>
                  <button
                    type="button"
                    class="drag-handle secondary small"
                    data-part="handle"
                    aria-label={`${name}, rank ${i + 1} of ${items.length}: drag to reorder`}
                    aria-describedby={hintId}
                    onKeyDown={(e) => onHandleKey(e, i)}
                    onPointerDown={(e) => startDrag(e, i)}
                    onPointerMove={dragMove}
                    onPointerUp={(e) => endDrag(e, true)}
                    onPointerCancel={(e) => endDrag(e, false)}
                  >
                    <span aria-hidden="true">⠿</span>
                  </button>
                  <span class="rank" aria-hidden="true">
                    {shownIndex + 1}
                  </span>
                  <span class="ranked-name">
                    <strong>{name}</strong>
                    {detail && <span class="muted small"> · {detail(item)}</span>}
                  </span>
                  <span class="ranked-actions">
                    <button
                      type="button"
                      class="secondary small"
                      data-part="up"
                      aria-label={`Move ${name} up`}
                      aria-disabled={i === 0 || undefined}
                      onClick={() => move(i, i - 1, 'up')}
                    >
                      ↑ Up
                    </button>
                    <button
                      type="button"
                      class="secondary small"
                      data-part="down"
                      aria-label={`Move ${name} down`}
                      aria-disabled={i === items.length - 1 || undefined}
                      onClick={() => move(i, i + 1, 'down')}
                    >
                      ↓ Down
                    </button>
                    {onRemove && (
                      <button
                        type="button"
                        class="secondary small"
                        aria-label={`Remove ${name}`}
                        onClick={() => {
                          // Focus goes to the row that takes this one's place (or the one above).
                          const next = items[i + 1] ?? items[i - 1];
                          onRemove(item);
                          setMessage(`${name} removed.`);
                          if (next) setFocus({ key: keyOf(next), part: 'handle' });
                        }}
                      >
                        Remove
                      </button>
                    )}
                  </span>
                </li>
              );
            })}
          </ol>
        </>
      )}
      <LiveMessage class="visually-hidden">{message}</LiveMessage>
    </div>
  );
}
