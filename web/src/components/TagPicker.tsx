// Picks values from a list (a program's taxonomy) with search, and allows a
// free value as a deliberate choice. Chosen values are removable chips.
//
// Keyboard (WAI-ARIA APG combobox with a listbox popup, list autocomplete
// with manual selection): typing filters the list and highlights nothing;
// Down/Up move the highlight through the list's options (Down from the
// text box goes to the first, Up to the last); Enter picks the highlighted
// option, or, with nothing highlighted, the option whose name is exactly
// what was typed; Escape closes the list, then clears the text; Backspace in
// an empty box removes the last chip. A tag that is not in the list is added
// only with its own button after the list ("Add “clin” as a new tag"),
// never by Enter, so a half-typed word never becomes a tag by accident.
import { useMemo, useState } from 'preact/hooks';
import { useId } from './ui';

export interface TagOption {
  value: string;
  label: string;
  hint?: string;
}

export interface TagPickerProps {
  label: string;
  hint?: string;
  options: TagOption[];
  value: string[];
  onChange: (v: string[]) => void;
  error?: string | null;
  allowFree?: boolean;
}

/** Canonical tag form (docs/import.md): trimmed, lower case, runs of spaces/underscores made one space. */
export function canonicalTag(s: string): string {
  return s.trim().toLowerCase().replace(/[\s_]+/g, ' ');
}

export function TagPicker({ label, hint, options, value, onChange, error, allowFree = true }: TagPickerProps) {
  const id = useId('tag');
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1); // highlighted option; -1: none
  const [closed, setClosed] = useState(false); // Escape closed the list
  const labelOf = (v: string) => options.find((o) => o.value === v)?.label ?? v;
  const q = canonicalTag(query);
  const matches = useMemo(() => {
    if (!q) return [];
    // Best first: starts with the text, then a word starts with it, then contains it.
    const rank = (o: TagOption) => {
      const l = o.label.toLowerCase();
      if (l.startsWith(q)) return 0;
      if (l.split(/[\s-]+/).some((w) => w.startsWith(q))) return 1;
      return 2;
    };
    return options
      .filter((o) => !value.includes(o.value) && (o.label.toLowerCase().includes(q) || o.value.includes(q)))
      .sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label))
      .slice(0, 8);
  }, [q, options, value]);
  const exact = options.find((o) => o.value === q || o.label.toLowerCase() === q);
  const free = allowFree && q && !exact && !value.includes(q) ? q : null;
  const choices = matches;

  const add = (v: string) => {
    if (!value.includes(v)) onChange([...value, v]);
    setQuery('');
    setActive(-1);
    setClosed(false);
  };
  const listId = `${id}-list`;
  const open = choices.length > 0 && !closed;
  return (
    <div class={`field tag-picker${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {value.length > 0 && (
        <ul class="chips" aria-label={`Chosen ${label.toLowerCase()}`}>
          {value.map((v) => (
            <li key={v} class="chip">
              {labelOf(v)}
              <button type="button" aria-label={`Remove ${labelOf(v)}`} onClick={() => onChange(value.filter((x) => x !== v))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="combo">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? `${id}-opt-${active}` : undefined}
          aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined}
          aria-invalid={error ? true : undefined}
          placeholder="Type to search"
          value={query}
          onInput={(e) => {
            setQuery((e.target as HTMLInputElement).value);
            setActive(-1);
            setClosed(false);
          }}
          onKeyDown={(e) => {
            const n = choices.length;
            if (e.key === 'ArrowDown' && n > 0) {
              e.preventDefault();
              setClosed(false);
              setActive((a) => (!open || a < 0 || a >= n - 1 ? 0 : a + 1));
            } else if (e.key === 'ArrowUp' && n > 0) {
              e.preventDefault();
              setClosed(false);
              setActive((a) => (!open || a <= 0 ? n - 1 : a - 1));
            } else if (e.key === 'Enter') {
              // Never submit the surrounding form from the search box.
              if (q) e.preventDefault();
              if (open && active >= 0 && active < n) add(choices[active].value);
              else if (exact && !value.includes(exact.value)) add(exact.value);
            } else if (e.key === 'Escape') {
              if (open) {
                setClosed(true);
                setActive(-1);
              } else setQuery('');
            } else if (e.key === 'Backspace' && !query && value.length) {
              onChange(value.slice(0, -1));
            }
          }}
        />
        <ul id={listId} role="listbox" class="combo-list" hidden={!open} aria-label={`${label} suggestions`}>
          {choices.map((c, i) => (
            <li
              key={c.value}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                add(c.value);
              }}
            >
              {c.label}
              {c.hint && <span class="hint"> — {c.hint}</span>}
            </li>
          ))}
        </ul>
      </div>
      {free && (
        <p class="free-tag">
          {matches.length === 0 ? <span class="hint">“{free}” is not in the program's list. </span> : null}
          <button type="button" class="link-button" onClick={() => add(free)}>
            Add “{free}” as a new tag
          </button>
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}
