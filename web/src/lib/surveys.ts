// The rules of answering a survey that need no server (docs/surveys.md): which
// items are shown (show_if, as core/survey.cc's IsShown decides it), how
// answers are coded ("1,3" for multiple choice), the checks that can be made
// as a person types, the headings items fall under, and words for a wave's
// timing. Pure functions, tested in test/surveys.test.ts.
import type { components } from '../api/schema';

export type SurveyItem = components['schemas']['SurveyItem'];
export type Survey = components['schemas']['Survey'];
export type SurveyWave = components['schemas']['SurveyWave'];
export type MySurvey = components['schemas']['MySurvey'];
export type SurveyConstruct = components['schemas']['SurveyConstruct'];
/** Coded answers by item code (a matrix row under its own code). */
export type Answers = Record<string, string>;

/** The codes an item answers under: a matrix's rows, or the item's own code. */
export function codesOf(item: SurveyItem): string[] {
  return item.kind === 'matrix' ? item.rows.map((r) => r.code) : [item.code];
}

/**
 * The items shown for these answers, in order. An item with a condition is
 * shown when the earlier item it names is itself shown and its coded answer
 * equals the value (for multiple choice: the value is among the chosen), as
 * the server decides; the answers of hidden items do not count.
 */
export function shownItems(items: SurveyItem[], answers: Answers): SurveyItem[] {
  const kept: Answers = {};
  const out: SurveyItem[] = [];
  for (const item of items) {
    if (item.show_if_code) {
      const v = kept[item.show_if_code];
      if (v === undefined || (v !== item.show_if_value && !v.split(',').includes(item.show_if_value ?? ''))) continue;
    }
    out.push(item);
    for (const c of codesOf(item)) {
      const v = (answers[c] ?? '').trim();
      if (v) kept[c] = v;
    }
  }
  return out;
}

/** The answers to send: those of shown items, trimmed, without empty ones. */
export function answersToSend(items: SurveyItem[], answers: Answers): Answers {
  const out: Answers = {};
  for (const item of shownItems(items, answers)) {
    for (const c of codesOf(item)) {
      const v = (answers[c] ?? '').trim();
      if (v) out[c] = v;
    }
  }
  return out;
}

/** The coded answer of a multiple-choice item after (un)ticking option `n` (1-based): ascending numbers, "1,3". */
export function toggleChoice(value: string, n: number, on: boolean): string {
  const set = new Set(
    value
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((x) => Number.isInteger(x) && x > 0),
  );
  if (on) set.add(n);
  else set.delete(n);
  return [...set].sort((a, b) => a - b).join(',');
}

/** True when option `n` (1-based) is among a multiple-choice answer's numbers. */
export function isChosen(value: string | undefined, n: number): boolean {
  return (value ?? '').split(',').some((s) => s.trim() === String(n));
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function trimNumber(n: number): string {
  return String(n);
}

/**
 * What is wrong with one answer as typed, in the server's words, or null.
 * Empty is never wrong here (a required item is checked on sending).
 */
export function answerProblem(item: SurveyItem, value: string | undefined): string | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  if (item.kind === 'number') {
    if (!DECIMAL.test(v)) return 'this is a number such as 12 or 3.5';
    const n = Number(v);
    const { min, max } = item;
    if ((min !== null && n < min) || (max !== null && n > max)) {
      return `the number must be ${
        min !== null && max !== null ? `between ${trimNumber(min)} and ${trimNumber(max)}` : min !== null ? `at least ${trimNumber(min)}` : `at most ${trimNumber(max!)}`
      }`;
    }
  } else if (item.kind === 'date') {
    const m = ISO_DATE.exec(v);
    const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
    if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return 'this is a date YYYY-MM-DD';
  } else if (item.kind === 'short_text' && [...v].length > 500) {
    return 'at most 500 characters';
  } else if (item.kind === 'long_text' && [...v].length > 10000) {
    return 'at most 10,000 characters';
  }
  return null;
}

/** Problems by answer code: every answer as typed and, when `complete`, every shown required item left empty. */
export function surveyProblems(items: SurveyItem[], answers: Answers, complete: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of shownItems(items, answers)) {
    for (const c of codesOf(item)) {
      const v = (answers[c] ?? '').trim();
      const p = v ? answerProblem(item, v) : complete && item.required ? 'please answer this question' : null;
      if (p) out[c] = p;
    }
  }
  return out;
}

/** Items under their headings: a non-empty section different from the current one starts a new heading; empty continues it. */
export function sections(items: SurveyItem[]): { title: string; items: SurveyItem[] }[] {
  const out: { title: string; items: SurveyItem[] }[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (!last || (item.section && item.section !== last.title)) out.push({ title: item.section, items: [item] });
    else last.items.push(item);
  }
  return out;
}

/** The labels of a Likert scale's points (the agreement scale when the survey gives none). */
export function scaleLabels(item: SurveyItem): string[] {
  if (item.labels.length === item.points) return item.labels;
  return item.points === 7
    ? ['Strongly disagree', 'Disagree', 'Somewhat disagree', 'Neither agree nor disagree', 'Somewhat agree', 'Agree', 'Strongly agree']
    : ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];
}

/** Where an anonymous survey's draft stays: this browser only. */
export const draftKey = (invitationId: number) => `tandem.survey-draft.${invitationId}`;

/** Reads a draft kept in the browser; {} when there is none or it cannot be read. */
export function readDraft(storage: Storage | undefined, invitationId: number): Answers {
  try {
    const raw = storage?.getItem(draftKey(invitationId));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter(([, v]) => typeof v === 'string')) as Answers;
  } catch {
    return {};
  }
}

/** Answered of invited as a whole percent (0 when nobody was invited). */
export function percent(answered: number, invited: number): number {
  return invited > 0 ? Math.round((100 * answered) / invited) : 0;
}

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** A wave's timing in words: "opens on 2026-12-06", "30 days after each pair started, then every 60 days". */
export function describeTiming(w: Pick<SurveyWave, 'timing' | 'opens_on' | 'offset_days' | 'every_days'>): string {
  const off = w.offset_days;
  const rel = (what: string) => (off === 0 ? `on ${what}` : off > 0 ? `${days(off)} after ${what}` : `${days(-off)} before ${what}`);
  switch (w.timing) {
    case 'dates':
      return `opens on ${w.opens_on ?? '—'}`;
    case 'program_start':
      return `opens ${rel("the program's first day")}`;
    case 'program_end':
      return `opens ${rel("the program's last day")}`;
    case 'pair_start':
      return `opens ${rel('each pair started')}${w.every_days > 0 ? `, then every ${days(w.every_days)}` : ''}`;
    case 'after_meeting':
      return 'opens each time a meeting of the pair is logged as held';
    default:
      return w.timing;
  }
}

/** "3, 7" → [3, 7]; null when something in it is not a whole number of days. */
export function parseReminderDays(text: string): number[] | null {
  const parts = text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.some((p) => !/^\d+$/.test(p))) return null;
  return parts.map(Number);
}

/** Today's date in UTC, YYYY-MM-DD (a wave's `opens_on` is a UTC date). */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
