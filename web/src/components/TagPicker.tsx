// Picks values from a list (a program's taxonomy) with search, and allows a
// free value when the list has no match. Chosen values are removable chips.
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
  const [active, setActive] = useState(0);
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
  const free = allowFree && q && !options.some((o) => o.value === q) && !value.includes(q) ? q : null;
  const choices: TagOption[] = [...matches, ...(free ? [{ value: free, label: `Add “${free}”`, hint: 'not in the list' }] : [])];

  const add = (v: string) => {
    if (!value.includes(v)) onChange([...value, v]);
    setQuery('');
    setActive(0);
  };
  const listId = `${id}-list`;
  const open = choices.length > 0;
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
          aria-activedescendant={open ? `${id}-opt-${active}` : undefined}
          aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined}
          aria-invalid={error ? true : undefined}
          placeholder="Type to search"
          value={query}
          onInput={(e) => {
            setQuery((e.target as HTMLInputElement).value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && open) {
              e.preventDefault();
              setActive((a) => Math.min(choices.length - 1, a + 1));
            } else if (e.key === 'ArrowUp' && open) {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === 'Enter') {
              if (open) {
                e.preventDefault();
                add(choices[Math.min(active, choices.length - 1)].value);
              }
            } else if (e.key === 'Escape') {
              setQuery('');
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
      {error && (
        <p class="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}
