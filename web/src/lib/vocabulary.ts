// A program's own vocabulary (issue 23, docs/programs.md): its topic tree and
// lists, and its intake questions — how each is asked, who is asked, and how
// it counts in matching — in words a coordinator can act on. Pure helpers,
// shared by the vocabulary page, the profile form and the breakdown bars.
import type { IntakeQuestion, QuestionAudience, QuestionKind, QuestionMatch, Role, TaxonomyListName, Topic } from '../api/types';
import { FACETS } from '../api/types';
import { FACET_COLORS, facetLabel } from './facets';

export const KINDS: { value: QuestionKind; label: string }[] = [
  { value: 'single', label: 'One choice' },
  { value: 'multiple', label: 'Several choices' },
  { value: 'scale', label: 'A scale' },
  { value: 'text', label: 'Short text' },
  { value: 'yes_no', label: 'Yes or no' },
];

export const AUDIENCES: { value: QuestionAudience; label: string }[] = [
  { value: 'both', label: 'Mentors and mentees' },
  { value: 'mentors', label: 'Mentors only' },
  { value: 'mentees', label: 'Mentees only' },
];

/** How a question counts in matching, each with the sentence that explains it. */
export const MATCH_WAYS: { value: QuestionMatch; label: string; explain: string }[] = [
  { value: 'none', label: 'Not used', explain: 'Asked for information only; matching ignores the answer.' },
  { value: 'same', label: 'Same answer', explain: 'Full points when mentor and mentee gave the same answer (e.g. preferred meeting language), none otherwise.' },
  {
    value: 'overlap',
    label: 'Overlap of choices',
    explain: "Points for the share of the mentee's choices the mentor also chose (e.g. “areas you can help with” against “areas you want help with”).",
  },
  { value: 'closeness', label: 'Closeness on the scale', explain: 'Full points for the same number, fewer the further apart the two answers are.' },
  {
    value: 'must_match',
    label: 'Must match',
    explain: 'A hard rule: two people are only ever paired when their answers share a choice. Use it sparingly: it can leave people unmatched.',
  },
];

/** The ways a question of this kind can count (closeness needs a scale; overlap needs choices). */
export function matchWaysFor(kind: QuestionKind): QuestionMatch[] {
  switch (kind) {
    case 'scale':
      return ['none', 'same', 'closeness'];
    case 'text':
      return ['none', 'same'];
    case 'multiple':
      return ['none', 'same', 'overlap', 'must_match'];
    default:
      return ['none', 'same', 'must_match'];
  }
}

export const LISTS: { list: TaxonomyListName; key: 'topics' | 'goals' | 'career_stages' | 'languages'; title: string; one: string; ordered?: boolean }[] = [
  { list: 'topic', key: 'topics', title: 'Topics', one: 'topic' },
  { list: 'goal', key: 'goals', title: 'Career goals', one: 'goal' },
  { list: 'career_stage', key: 'career_stages', title: 'Career stages', one: 'career stage', ordered: true },
  { list: 'language', key: 'languages', title: 'Languages', one: 'language' },
];

export const listWord = (list: TaxonomyListName) => LISTS.find((l) => l.list === list)?.one ?? list;

/** Where a vocabulary started, in words ("template:oncology_nursing" → "the Oncology nursing template"). */
export function sourceWords(source: string | null, templates: { code: string; title: string }[] = [], programs: { id: number; name: string }[] = []): string {
  if (!source) return 'the built-in hematology and oncology vocabulary';
  if (source === 'empty') return 'an empty vocabulary';
  if (source === 'import') return 'an imported file';
  const [kind, rest] = [source.slice(0, source.indexOf(':')), source.slice(source.indexOf(':') + 1)];
  if (kind === 'template') return `the ${templates.find((t) => t.code === rest)?.title ?? rest} template`;
  if (kind === 'program') return `the vocabulary of ${programs.find((p) => String(p.id) === rest)?.name ?? `program ${rest}`}`;
  return source;
}

// ------------------------------------------------------------- questions --

/** A question's code from its text or an option's from its label: a-z, 0-9 and _, starting with a letter, at most 40 characters. */
export function codeFromLabel(label: string): string {
  let c = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (c && !/^[a-z]/.test(c)) c = 'q_' + c;
  c = c.slice(0, 40).replace(/_+$/, '');
  return c;
}

/** `base`, or base_2, base_3, … so that it is not in `taken`. */
export function uniqueCode(base: string, taken: string[]): string {
  const b = base || 'question';
  if (!taken.includes(b)) return b;
  for (let i = 2; ; i++) if (!taken.includes(`${b}_${i}`)) return `${b}_${i}`;
}

export const QUESTION_PREFIX = 'question:';
export const isQuestionFacet = (f: string) => f.startsWith(QUESTION_PREFIX);

/** A blank question with a code not yet used. */
export function newQuestion(taken: string[]): IntakeQuestion {
  return {
    code: uniqueCode('question', taken),
    text: '',
    help: '',
    kind: 'single',
    options: [],
    scale_min: 1,
    scale_max: 5,
    required: false,
    audience: 'both',
    match: 'none',
    compare_with: null,
    weight: 10,
    retired: false,
  };
}

/** The questions a person of `role` is asked (not retired, their side or both). */
export function questionsFor(role: Role | string, questions: IntakeQuestion[]): IntakeQuestion[] {
  const side = role === 'mentor' ? 'mentors' : role === 'mentee' ? 'mentees' : null;
  return questions.filter((q) => !q.retired && (q.audience === 'both' || q.audience === side));
}

/** True when the question adds points or a rule to matching. */
export const counts = (q: IntakeQuestion) => !q.retired && q.match !== 'none';

/**
 * The mentors' questions a mentees' question may be compared with: asked of
 * mentors only, of the same kind, with the same option codes (choices) or
 * the same bounds (scale).
 */
export function compareCandidates(q: IntakeQuestion, all: IntakeQuestion[]): IntakeQuestion[] {
  if (q.audience !== 'mentees') return [];
  const codes = (x: IntakeQuestion) => x.options.map((o) => o.code).sort().join('|');
  return all.filter(
    (m) =>
      m !== q &&
      m.code !== q.code &&
      m.audience === 'mentors' &&
      !m.retired &&
      m.kind === q.kind &&
      (q.kind === 'single' || q.kind === 'multiple' ? codes(m) === codes(q) : true) &&
      (q.kind === 'scale' ? m.scale_min === q.scale_min && m.scale_max === q.scale_max : true),
  );
}

/** The question an API field such as "questions[2].options[1].code" names, and the rest ("options[1].code"). */
export function questionField(field: string | null | undefined): { index: number; rest: string } | null {
  const m = /^questions\[(\d+)\](?:\.(.*))?$/.exec(field ?? '');
  return m ? { index: Number(m[1]), rest: m[2] ?? '' } : null;
}

/** A question's answer as the profile sends it: option codes, "yes"/"no", the number as text, or the text. */
export type Answers = Record<string, string[]>;

/** Required questions a person left unanswered, as {code: message}. */
export function missingAnswers(questions: IntakeQuestion[], answers: Answers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const q of questions) {
    const a = (answers[q.code] ?? []).filter((v) => v.trim() !== '');
    if (q.required && a.length === 0) out[q.code] = q.kind === 'multiple' ? 'Choose at least one.' : q.kind === 'text' ? 'Write an answer.' : 'Choose an answer.';
  }
  return out;
}

/** The answers worth sending: empty ones dropped, text trimmed. */
export function cleanAnswers(answers: Answers): Answers {
  const out: Answers = {};
  for (const [k, v] of Object.entries(answers)) {
    const vs = v.map((x) => x.trim()).filter(Boolean);
    if (vs.length) out[k] = vs;
  }
  return out;
}

/** An answer in words: option labels, "Yes"/"No", the number or the text. */
export function answerWords(q: IntakeQuestion, values: string[] | undefined): string {
  if (!values || values.length === 0) return '—';
  if (q.kind === 'yes_no') return values[0] === 'yes' ? 'Yes' : 'No';
  if (q.kind === 'single' || q.kind === 'multiple') return values.map((v) => q.options.find((o) => o.code === v)?.label ?? v).join(', ');
  return values.join(', ');
}

// ----------------------------------------------------------- breakdowns --

/** Colours of question bars, unlike the built-in facets' (each at least 3:1 against white); the bars are striped too (styles.css). */
const QUESTION_COLORS = ['#7a6200', '#3949ab', '#00838f', '#5d4037', '#2b2b2b', '#ad1457'];

export function questionColor(index: number): string {
  return QUESTION_COLORS[index % QUESTION_COLORS.length];
}

/**
 * How breakdowns name and colour facets with a program's questions: a
 * "question:<code>" facet takes the question's text (the code when the
 * question is unknown), the built-in facets their usual names.
 */
export function facetNaming(questions: IntakeQuestion[] | undefined) {
  const qs = questions ?? [];
  const labelOf = (f: string) => {
    if (!isQuestionFacet(f)) return facetLabel(f);
    const code = f.slice(QUESTION_PREFIX.length);
    return qs.find((q) => q.code === code)?.text || code;
  };
  const colorOf = (f: string) => {
    const i = qs.findIndex((q) => QUESTION_PREFIX + q.code === f);
    return isQuestionFacet(f) ? questionColor(i < 0 ? 0 : i) : undefined;
  };
  const rank = (f: string) => {
    const i = FACETS.indexOf(f as never);
    if (i >= 0) return i;
    const j = qs.findIndex((q) => QUESTION_PREFIX + q.code === f);
    return FACETS.length + (j < 0 ? qs.length : j);
  };
  const order = (a: string, b: string) => rank(a) - rank(b) || a.localeCompare(b);
  const colors: Record<string, string> = { ...FACET_COLORS };
  qs.forEach((q, i) => (colors[QUESTION_PREFIX + q.code] = questionColor(i)));
  /** The most points a pair can earn on the questions that count. */
  const questionPoints = qs.filter((q) => !q.retired && q.match !== 'none').reduce((a, q) => a + (q.weight || 0), 0);
  return { labelOf, colorOf, order, colors, questionPoints };
}

// --------------------------------------------------------------- topics --

export interface TopicNode {
  topic: Topic;
  children: TopicNode[];
}

/** The topic tree, each level in alphabetical order; a topic whose parent is missing is shown as a root. */
export function topicTree(topics: Topic[]): TopicNode[] {
  const ids = new Set(topics.map((t) => t.id));
  const byParent = new Map<string | null, Topic[]>();
  for (const t of topics) {
    const p = t.parent && ids.has(t.parent) && t.parent !== t.id ? t.parent : null;
    byParent.set(p, [...(byParent.get(p) ?? []), t]);
  }
  const seen = new Set<string>();
  const build = (p: string | null): TopicNode[] =>
    (byParent.get(p) ?? [])
      .filter((t) => !seen.has(t.id) && (seen.add(t.id), true))
      .sort((a, b) => a.label.localeCompare(b.label))
      .map((t) => ({ topic: t, children: build(t.id) }));
  return build(null);
}

/** `id` and every topic under it (a topic cannot move under itself). */
export function subtree(topics: Topic[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of topics)
      if (t.parent && out.has(t.parent) && !out.has(t.id)) {
        out.add(t.id);
        grew = true;
      }
  }
  return out;
}

/** Topics as [id, "parent › child"] for a select, in tree order. */
export function topicChoices(topics: Topic[], exclude: Set<string> = new Set()): [string, string][] {
  const out: [string, string][] = [];
  const walk = (nodes: TopicNode[], path: string) => {
    for (const n of nodes) {
      const label = path ? `${path} › ${n.topic.label}` : n.topic.label;
      if (!exclude.has(n.topic.id)) out.push([n.topic.id, label]);
      walk(n.children, label);
    }
  };
  walk(topicTree(topics), '');
  return out;
}
