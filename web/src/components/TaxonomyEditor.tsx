// A program's taxonomy, edited one change at a time (POST …/taxonomy/edits):
// the topic tree (add a topic or a subtopic, rename, move under another
// parent, merge into another, remove) and the goals, career stages (ordered
// most junior first, moved up and down) and languages with the same
// operations. A rename or merge moves every profile's tag; the answer says
// how many profiles changed. Merging and removing ask first.
import { useState } from 'preact/hooks';
import { ApiError, fieldError } from '../api/client';
import type { Taxonomy, TaxonomyEdit, TaxonomyEditAnswer, TaxonomyListName, Topic } from '../api/types';
import { LISTS, subtree, topicChoices, topicTree, type TopicNode } from '../lib/vocabulary';
import { Button, ErrorMessage, Field } from './ui';

/** Sends one edit; resolves with the server's answer, rejects with ApiError. */
export type Edit = (edit: TaxonomyEdit) => Promise<TaxonomyEditAnswer>;

/** What a finished edit says, in words, with the profiles it updated. */
export function editMessage(e: TaxonomyEdit, changed: number): string {
  const people = `${changed} profile${changed === 1 ? '' : 's'} updated.`;
  switch (e.op) {
    case 'add':
      return `Added “${e.value}”${e.parent ? ` under “${e.parent}”` : ''}.`;
    case 'rename':
      return `Renamed “${e.value}” to “${e.to}”: ${people}`;
    case 'merge':
      return `Merged “${e.value}” into “${e.to}”: ${people}`;
    case 'move':
      return e.list === 'topic' ? `Moved “${e.value}” ${e.parent ? `under “${e.parent}”` : 'to the top level'}.` : `Moved “${e.value}”.`;
    case 'remove':
      return `Removed “${e.value}”; people who chose it keep it as their own tag.`;
  }
}

/** The tools of one entry: rename, move (topics), merge, add a subtopic (topics), remove. */
function EntryTools({
  list,
  value,
  taxonomy,
  edit,
  onClose,
}: {
  list: TaxonomyListName;
  value: string;
  taxonomy: Taxonomy;
  edit: Edit;
  onClose: () => void;
}) {
  const topic = list === 'topic';
  const current = topic ? taxonomy.topics.find((t) => t.id === value) : undefined;
  const others: [string, string][] = topic
    ? topicChoices(taxonomy.topics, new Set([value]))
    : (list === 'goal' ? taxonomy.goals : list === 'career_stage' ? taxonomy.career_stages : taxonomy.languages)
        .filter((v) => v !== value)
        .map((v) => [v, v]);
  const parents = topic ? topicChoices(taxonomy.topics, subtree(taxonomy.topics, value)) : [];
  const [name, setName] = useState(value);
  const [parent, setParent] = useState(current?.parent ?? '');
  const [into, setInto] = useState('');
  const [child, setChild] = useState('');
  const [confirm, setConfirm] = useState<'merge' | 'remove' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [which, setWhich] = useState<string | null>(null); // the tool whose error shows
  const run = async (tool: string, e: TaxonomyEdit, close = true) => {
    setBusy(tool);
    setError(null);
    setWhich(tool);
    try {
      await edit(e);
      setConfirm(null);
      if (close) onClose();
      else setChild('');
    } catch (err) {
      setError(err);
    }
    setBusy(null);
  };
  const err = (tool: string, ...fields: string[]) => (which === tool ? fields.map((f) => fieldError(error, f)).find(Boolean) ?? (error instanceof ApiError && !error.field ? error.message : null) : null);
  const general = error && !(error instanceof ApiError) ? error : null;
  return (
    <div class="entry-tools" role="group" aria-label={`Change “${value}”`}>
      <ErrorMessage error={general} />
      <form
        class="tool"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && name.trim() !== value) run('rename', { op: 'rename', list, value, to: name.trim() });
        }}
      >
        <Field label={`Rename “${value}”`} hint="Everyone who chose it keeps it under the new name." error={err('rename', 'to', 'value')}>
          {(a) => <input {...a} type="text" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />}
        </Field>
        <Button type="submit" class="secondary small" busy={busy === 'rename'} busyLabel="Renaming…">
          Rename
        </Button>
      </form>
      {topic && (
        <form
          class="tool"
          onSubmit={(e) => {
            e.preventDefault();
            run('move', { op: 'move', list, value, parent: parent || null });
          }}
        >
          <Field label="Move under" error={err('move', 'parent')}>
            {(a) => (
              <select {...a} value={parent} onChange={(e) => setParent((e.target as HTMLSelectElement).value)}>
                <option value="">(top level)</option>
                {parents.map(([id, label]) => (
                  <option key={id} value={id}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Button type="submit" class="secondary small" busy={busy === 'move'} busyLabel="Moving…">
            Move
          </Button>
        </form>
      )}
      {topic && (
        <form
          class="tool"
          onSubmit={(e) => {
            e.preventDefault();
            if (child.trim()) run('child', { op: 'add', list, value: child.trim(), parent: value }, false);
          }}
        >
          <Field label={`Add a subtopic of “${value}”`} error={err('child', 'value')}>
            {(a) => <input {...a} type="text" value={child} onInput={(e) => setChild((e.target as HTMLInputElement).value)} />}
          </Field>
          <Button type="submit" class="secondary small" busy={busy === 'child'} busyLabel="Adding…">
            Add subtopic
          </Button>
        </form>
      )}
      {others.length > 0 && (
        <form
          class="tool"
          onSubmit={(e) => {
            e.preventDefault();
            if (!into) {
              setWhich('merge');
              setError(new ApiError(400, 'invalid_argument', 'Choose the entry that stays.', 'to'));
              return;
            }
            if (confirm !== 'merge') setConfirm('merge');
            else run('merge', { op: 'merge', list, value, to: into });
          }}
        >
          <Field label={`Merge “${value}” into`} hint="The other one stays; everyone who chose this one gets it instead." error={err('merge', 'to')}>
            {(a) => (
              <select
                {...a}
                value={into}
                onChange={(e) => {
                  setInto((e.target as HTMLSelectElement).value);
                  setConfirm(null);
                }}
              >
                <option value="">Choose…</option>
                {others.map(([id, label]) => (
                  <option key={id} value={id}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {confirm === 'merge' && (
            <p class="confirm-text" role="alert">
              Merge “{value}” into “{into}”? “{value}” disappears from the list and every profile that uses it gets “{into}”.
            </p>
          )}
          <div class="inline">
            <Button type="submit" class={confirm === 'merge' ? 'danger small' : 'secondary small'} busy={busy === 'merge'} busyLabel="Merging…">
              {confirm === 'merge' ? 'Yes, merge' : 'Merge…'}
            </Button>
            {confirm === 'merge' && (
              <button type="button" class="secondary small" onClick={() => setConfirm(null)}>
                Keep both
              </button>
            )}
          </div>
        </form>
      )}
      <div class="tool">
        {confirm === 'remove' && (
          <p class="confirm-text" role="alert">
            Remove “{value}” from the list{topic ? '; its subtopics move up a level' : ''}? People who chose it keep it as their own tag, which earns no partial credit.
          </p>
        )}
        {err('remove', 'value') && <p class="field-error">{err('remove', 'value')}</p>}
        <div class="inline">
          <Button
            type="button"
            class={confirm === 'remove' ? 'danger small' : 'secondary small'}
            busy={busy === 'remove'}
            busyLabel="Removing…"
            onClick={() => (confirm === 'remove' ? run('remove', { op: 'remove', list, value }) : setConfirm('remove'))}
          >
            {confirm === 'remove' ? 'Yes, remove' : 'Remove…'}
          </Button>
          {confirm === 'remove' && (
            <button type="button" class="secondary small" onClick={() => setConfirm(null)}>
              Keep it
            </button>
          )}
          <button type="button" class="link-button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

function TopicItem({ node, taxonomy, edit, open, setOpen }: { node: TopicNode; taxonomy: Taxonomy; edit: Edit; open: string | null; setOpen: (v: string | null) => void }) {
  const t = node.topic;
  const isOpen = open === t.id;
  return (
    <li>
      <div class="entry">
        <span class="entry-name">{t.label}</span>
        <button type="button" class="small secondary" aria-expanded={isOpen} aria-label={`Change ${t.label}`} onClick={() => setOpen(isOpen ? null : t.id)}>
          Change
        </button>
      </div>
      {isOpen && <EntryTools list="topic" value={t.id} taxonomy={taxonomy} edit={edit} onClose={() => setOpen(null)} />}
      {node.children.length > 0 && (
        <ul class="topic-tree">
          {node.children.map((c) => (
            <TopicItem key={c.topic.id} node={c} taxonomy={taxonomy} edit={edit} open={open} setOpen={setOpen} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** A form that adds one entry (a topic under a chosen parent, or a value at the end of a list). */
function AddEntry({ list, what, topics, edit }: { list: TaxonomyListName; what: string; topics?: Topic[]; edit: Edit }) {
  const [value, setValue] = useState('');
  const [parent, setParent] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!value.trim()) {
      setError(new ApiError(400, 'invalid_argument', `Type the ${what} to add.`, 'value'));
      return;
    }
    setBusy(true);
    try {
      await edit({ op: 'add', list, value: value.trim(), ...(list === 'topic' ? { parent: parent || null } : {}) });
      setValue('');
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const fe = fieldError(error, 'value') ?? fieldError(error, 'parent');
  return (
    <form class="add-entry" onSubmit={submit} noValidate>
      <Field label={`Add a ${what}`} error={fe}>
        {(a) => <input {...a} type="text" value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />}
      </Field>
      {topics && (
        <Field label="Under">
          {(a) => (
            <select {...a} value={parent} onChange={(e) => setParent((e.target as HTMLSelectElement).value)}>
              <option value="">(top level)</option>
              {topicChoices(topics).map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Button type="submit" class="secondary" busy={busy} busyLabel="Adding…">
        Add
      </Button>
      {error !== null && !fe && <ErrorMessage error={error} />}
    </form>
  );
}

export function TopicTree({ taxonomy, edit }: { taxonomy: Taxonomy; edit: Edit }) {
  const [open, setOpen] = useState<string | null>(null);
  const tree = topicTree(taxonomy.topics);
  return (
    <section class="card" aria-labelledby="topics-h">
      <h2 id="topics-h">Topics ({taxonomy.topics.length})</h2>
      <p class="hint">Interests and specialties are chosen from these. A topic and its neighbours under the same parent earn partial credit in matching.</p>
      {tree.length === 0 ? (
        <p class="muted">No topics yet.</p>
      ) : (
        <ul class="topic-tree root" aria-label="Topic tree">
          {tree.map((n) => (
            <TopicItem key={n.topic.id} node={n} taxonomy={taxonomy} edit={edit} open={open} setOpen={setOpen} />
          ))}
        </ul>
      )}
      <AddEntry list="topic" what="topic" topics={taxonomy.topics} edit={edit} />
    </section>
  );
}

/** Goals, career stages or languages: each value with its tools; career stages also move up and down. */
export function ValueList({ list, taxonomy, edit }: { list: 'goal' | 'career_stage' | 'language'; taxonomy: Taxonomy; edit: Edit }) {
  const info = LISTS.find((l) => l.list === list)!;
  const values = taxonomy[info.key] as string[];
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const move = async (value: string, position: number) => {
    setBusy(`${value}:${position}`);
    setError(null);
    try {
      await edit({ op: 'move', list, value, position });
    } catch (err) {
      setError(err);
    }
    setBusy(null);
  };
  const Tag = info.ordered ? 'ol' : 'ul';
  const id = `${list}-h`;
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>
        {info.title} ({values.length})
      </h2>
      {info.ordered && <p class="hint">From the most junior to the most senior: matching rewards a mentor a few stages ahead.</p>}
      <ErrorMessage error={error} />
      {values.length === 0 ? (
        <p class="muted">None yet.</p>
      ) : (
        <Tag class="value-list" aria-label={info.title}>
          {values.map((v, i) => (
            <li key={v}>
              <div class="entry">
                <span class="entry-name">{v}</span>
                {info.ordered && (
                  <>
                    <Button type="button" class="small secondary" disabled={i === 0} aria-label={`Move ${v} up`} busy={busy === `${v}:${i - 1}`} busyLabel="…" onClick={() => move(v, i - 1)}>
                      ↑
                    </Button>
                    <Button
                      type="button"
                      class="small secondary"
                      disabled={i === values.length - 1}
                      aria-label={`Move ${v} down`}
                      busy={busy === `${v}:${i + 1}`}
                      busyLabel="…"
                      onClick={() => move(v, i + 1)}
                    >
                      ↓
                    </Button>
                  </>
                )}
                <button type="button" class="small secondary" aria-expanded={open === v} aria-label={`Change ${v}`} onClick={() => setOpen(open === v ? null : v)}>
                  Change
                </button>
              </div>
              {open === v && <EntryTools list={list} value={v} taxonomy={taxonomy} edit={edit} onClose={() => setOpen(null)} />}
            </li>
          ))}
        </Tag>
      )}
      <AddEntry list={list} what={info.one} edit={edit} />
    </section>
  );
}
