// The evaluator's workspace without a server (pages/evaluation.tsx, docs/web.md):
// counts hidden by the small-cell rule shown as "< k", proportions with their
// 95% intervals in words, p-values and odds ratios, the plain-language reading
// of an association and the methods paragraph a paper can use, and the
// geometry of the charts (shares of 0..1 that the SVG draws as percentages).
// Pure functions, tested in test/evaluation.test.tsx.
import type { CountRow, Evaluation, ItemResult, OutcomeAssociation, Proportion, ReportView } from '../api/types';
import type { components } from '../api/schema';
import type { Survey, SurveyWave } from './surveys';

/** A count, or "< k" when the small-cell rule hid it (null). */
export function formatCount(count: number | null | undefined, k: number): string {
  return count === null || count === undefined ? `< ${k}` : String(count);
}

/** What "< k" means, said once on the page. */
export function suppressionNote(k: number): string {
  return `Counts under ${k} are hidden (shown as “< ${k}”), and sometimes one more so that none can be worked out from the totals; percentages and tests use the exact data.`;
}

/** A share of 0..1 as a percentage: 0.94286 → "94.3%". */
export function formatPercent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/** A 95% interval of shares: [0.8139, 0.9842] → "81.4–98.4%". */
export function formatInterval(ci: readonly number[]): string {
  return `${(ci[0] * 100).toFixed(1)}–${(ci[1] * 100).toFixed(1)}%`;
}

/** "33 of 35 (94.3%), 95% CI 81.4–98.4% Wilson; 80.8–99.3% exact". */
export function proportionText(p: Proportion | null | undefined): string {
  if (!p || p.n === 0) return 'none yet';
  return `${p.successes} of ${p.n} (${formatPercent(p.estimate)}), 95% CI ${formatInterval(p.wilson)} Wilson; ${formatInterval(p.clopper_pearson)} exact`;
}

/** The text alternative of a proportion's chart: every number it draws, in words. */
export function proportionSpoken(name: string, p: Proportion | null | undefined): string {
  if (!p || p.n === 0) return `${name}: no data yet`;
  const pc = (x: number) => (x * 100).toFixed(1);
  return (
    `${name}: ${p.successes} of ${p.n}, ${formatPercent(p.estimate)}; 95% confidence interval ` +
    `${pc(p.wilson[0])} to ${pc(p.wilson[1])}% (Wilson), ${pc(p.clopper_pearson[0])} to ${pc(p.clopper_pearson[1])}% (exact)`
  );
}

/** Every proportion of the figures with its name, in the order the page shows them (for the table behind the charts). */
export function proportionRows(ev: Evaluation): [string, Proportion | null][] {
  const rows: [string, Proportion | null][] = [
    ['Pairs completed, of pairs that started', ev.pairs.completion],
    ['Pairs holding at least 75% of the meetings expected', ev.meetings.adherent],
    ['Pairs with a signed agreement', ev.agreements_signed],
    ['Goals achieved, of goals set', ev.goals_achieved],
    ['Mentees with a scholarly project', ev.mentees_with_project],
  ];
  if (ev.retention) rows.push([`${ev.retention.label} (retention)`, ev.retention.retained]);
  for (const s of ev.surveys) rows.push([waveFigureName(s), s.response]);
  return rows;
}

/** The name of a wave's response rate, in the table and on its chart. */
export function waveFigureName(s: Pick<Evaluation['surveys'][number], 'wave_name' | 'survey_title'>): string {
  return `Answered ${s.wave_name} (${s.survey_title})`;
}

/** A status or label for reading: "not_started" → "not started". */
export function words(label: string): string {
  return label.replace(/_/g, ' ');
}

// ---------------------------------------------------------------- tests --

/** A p-value: "0.042", "< 0.001"; `apa` drops the leading zero (".042"). */
export function formatP(p: number | null | undefined, style: 'table' | 'apa' = 'table'): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  const strip = (s: string) => (style === 'apa' ? s.replace(/^0\./, '.') : s);
  if (p < 0.001) return `< ${strip('0.001')}`;
  return strip(p.toFixed(3));
}

/** "p = .042" or "p < .001". */
export function pEquals(p: number | null | undefined, style: 'table' | 'apa' = 'table'): string {
  const f = formatP(p, style);
  return f.startsWith('<') ? `p ${f}` : `p = ${f}`;
}

/** An odds ratio or interval end; null is infinite (the API's JSON has no ∞). */
export function formatRatio(x: number | null | undefined): string {
  if (x === null || x === undefined) return '∞';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '—';
  if (x === 0) return '0';
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** An odds ratio's interval: "0.72 to ∞". */
export function ratioInterval(ci: readonly (number | null)[]): string {
  const [lo, hi] = ci;
  return `${lo === null || lo === undefined ? '0' : formatRatio(lo)} to ${formatRatio(hi)}`;
}

/** "∞ (95% CI 0.72 to ∞)". */
export function oddsRatioText(r: Pick<OutcomeAssociation, 'odds_ratio' | 'conf_int'>): string {
  return `${formatRatio(r.odds_ratio)} (95% CI ${ratioInterval(r.conf_int)})`;
}

/** An interval too wide to say much about the size of the difference: open-ended, from 0, or spanning more than tenfold. */
export function isWide(ci: readonly (number | null)[]): boolean {
  const [lo, hi] = ci;
  if (lo === null || hi === null || lo === undefined || hi === undefined) return true;
  if (lo <= 0 || !Number.isFinite(hi)) return true;
  return hi / lo > 10;
}

/** An item's text inside a sentence: "My partner was a good match." → "my partner was a good match" (I and acronyms kept). */
export function asClause(text: string): string {
  const t = text.trim().replace(/[.!?]+$/, '');
  const first = t.split(/\s/)[0] ?? '';
  if (/^I($|['’])/.test(first) || /^[A-Z]{2}/.test(first)) return t;
  return t.charAt(0).toLowerCase() + t.slice(1);
}

/** Who answered a survey, for sentences: "Mentees" when every wave asked mentees, "Mentors" likewise, else "Respondents". */
export function respondentsWord(survey: Pick<Survey, 'id' | 'title'>, waves: Pick<SurveyWave, 'survey_id' | 'survey_title' | 'audience'>[]): string {
  const mine = waves.filter((w) => w.survey_id === survey.id || w.survey_title === survey.title);
  if (mine.length > 0 && mine.every((w) => w.audience === 'mentees')) return 'Mentees';
  if (mine.length > 0 && mine.every((w) => w.audience === 'mentors')) return 'Mentors';
  return 'Respondents';
}

export interface ReadingInput {
  /** "Mentees", "Mentors" or "Respondents". */
  who: string;
  predictorText: string;
  outcomeText: string;
  result: Pick<OutcomeAssociation, 'table' | 'n' | 'p_value' | 'p_adjusted' | 'odds_ratio' | 'conf_int'>;
  /** How many outcomes were analysed together (Holm). */
  outcomes: number;
}

/**
 * One line a person can read: which group agreed more often, the counts
 * behind it, p and the Holm-adjusted p, and a warning when the interval is
 * wide. "Mentees who agreed that “my partner was a good match” agreed more
 * often that “…” than those who did not (25 of 25 vs 5 of 7); p = .042,
 * Holm-adjusted .091. With 32 respondents the interval is wide."
 */
export function plainReading({ who, predictorText, outcomeText, result, outcomes }: ReadingInput): string {
  const [[a, b], [c, d]] = result.table;
  const agreed = a + b;
  const others = c + d;
  const predictor = asClause(predictorText);
  const outcome = asClause(outcomeText);
  const ps = `${pEquals(result.p_value, 'apa')}${outcomes > 1 ? `, Holm-adjusted ${formatP(result.p_adjusted, 'apa')}` : ''}`;
  if (agreed === 0 || others === 0) {
    return `All ${result.n} ${who.toLowerCase()} who answered both ${agreed === 0 ? 'did not agree' : 'agreed'} that “${predictor}”, so there is no other group to compare with; ${ps}.`;
  }
  const share1 = a / agreed;
  const share2 = c / others;
  const how = share1 > share2 ? 'more often' : share1 < share2 ? 'less often' : 'as often';
  let line = `${who} who agreed that “${predictor}” agreed ${how} that “${outcome}” than those who did not (${a} of ${agreed} vs ${c} of ${others}); ${ps}`;
  const p = result.p_value;
  const adj = result.p_adjusted;
  if (outcomes > 1 && p !== null && adj !== null && p < 0.05 && adj >= 0.05) line += `, so not below .05 once the ${outcomes} outcomes are taken together`;
  line += '.';
  if (isWide(result.conf_int)) line += ` With ${result.n} respondents the interval is wide: odds ratio ${formatRatio(result.odds_ratio)}, 95% CI ${ratioInterval(result.conf_int)}.`;
  return line;
}

export interface MethodsInput {
  predictor: string;
  outcomes: string[];
  agreeMin: number;
  /** The scale's labels, "Strongly disagree" first. */
  labels: string[];
}

/** How the agree threshold reads: 4 → "4 (“Agree”) or higher". */
export function thresholdText(agreeMin: number, labels: string[], points = 5): string {
  const label = labels[agreeMin - 1];
  return `${agreeMin}${label ? ` (“${label}”)` : ''}${agreeMin < points ? ' or higher' : ''}`;
}

/** A methods paragraph a paper can use, naming exactly what was run. */
export function methodsText({ predictor, outcomes, agreeMin, labels }: MethodsInput): string {
  const m = outcomes.length;
  const list = outcomes.length <= 1 ? outcomes.join('') : `${outcomes.slice(0, -1).join(', ')} and ${outcomes[outcomes.length - 1]}`;
  return (
    `Answers on the 5-point scale were classed as agreeing (${thresholdText(agreeMin, labels)}) or not, for the predictor (${predictor}) and ` +
    `for ${m === 1 ? 'the outcome' : `each of the ${m} outcomes`} (${list}); a respondent who did not answer both items was left out of that comparison. ` +
    `The association was tested with Fisher's exact test (two-sided) on the 2×2 table of agreeing versus not; the odds ratio is the conditional ` +
    `maximum-likelihood estimate with its exact 95% confidence interval${m > 1 ? `, and the p-values were adjusted across the ${m} outcomes analysed with Holm's method` : ''}. ` +
    `The computation reproduces R's fisher.test${m > 1 ? ' and p.adjust(method = "holm")' : ''}.`
  );
}

// --------------------------------------------------------------- charts --

/** A piece of a 100% stacked bar. */
export interface Segment {
  /** The scale points (0-based) it stands for: one, or the hidden ones of a group together. */
  points: number[];
  labels: string[];
  value: number;
  hidden: boolean;
  /** Start and width as shares of the answers, 0..1. */
  x: number;
  width: number;
}

/**
 * The 100% stacked bar of a Likert item, strongly disagree first. A shown
 * count is its own segment. Hidden counts cannot be drawn one by one, but
 * their sum can: the answers given and those agreeing (the top two points)
 * are published, so the hidden cells of the "not agreeing" points and those
 * of the agreeing points each make one hatched segment, where the first of
 * them would be. The widths add up to 1.
 */
export function likertSegments(item: Pick<ItemResult, 'answered' | 'counts' | 'percent_agree'>): Segment[] {
  const n = item.answered;
  const cells = item.counts;
  const points = cells.length;
  if (n <= 0 || points === 0) return [];
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  const agreeing = item.percent_agree !== null && item.percent_agree !== undefined && points >= 3 ? Math.round((item.percent_agree * n) / 100) : null;
  const groups = agreeing === null ? [range(0, points)] : [range(0, points - 2), range(points - 2, points)];
  const totals = agreeing === null ? [n] : [n - agreeing, agreeing];
  const out: Omit<Segment, 'x' | 'width'>[] = [];
  groups.forEach((group, g) => {
    const hidden = group.filter((i) => cells[i].count === null);
    const shown = group.reduce((s, i) => s + (cells[i].count ?? 0), 0);
    for (const i of group) {
      const count = cells[i].count;
      if (count !== null) out.push({ points: [i], labels: [cells[i].label], value: count, hidden: false });
      else if (i === hidden[0]) out.push({ points: hidden, labels: hidden.map((j) => cells[j].label), value: Math.max(0, totals[g] - shown), hidden: true });
    }
  });
  let x = 0;
  return out.map((s) => {
    const seg = { ...s, x, width: s.value / n };
    x += seg.width;
    return seg;
  });
}

/** "A", "A and B", "A, B and C". */
export function listWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The text alternative of a stacked bar. */
export function likertSpoken(item: Pick<ItemResult, 'answered' | 'percent_agree'>, segments: Segment[]): string {
  const parts = segments.map((s) =>
    s.hidden ? `${listWords(s.labels)} hidden (${s.value} together)` : `${s.labels[0]} ${s.value} (${formatPercent(s.width, 0)})`,
  );
  const agree = item.percent_agree === null || item.percent_agree === undefined ? '' : `; ${item.percent_agree.toFixed(1)}% agree`;
  return `${item.answered} answered: ${parts.join(', ')}${agree}`;
}

/** One bar of a bar chart of counts. */
export interface Bar {
  label: string;
  count: number | null;
  /** Share of the total, 0..1 (0 when hidden). */
  share: number;
  /** Hidden: the largest share it can be, (k − 1) / total, drawn hatched. */
  upTo: number;
}

/** Bars as shares of `total` (the people who could have been counted). */
export function countBars(rows: CountRow[], total: number, k: number): Bar[] {
  const of = (x: number) => (total > 0 ? Math.min(1, Math.max(0, x / total)) : 0);
  return rows.map((r) => (r.count === null ? { label: r.label, count: null, share: 0, upTo: of(k - 1) } : { label: r.label, count: r.count, share: of(r.count), upTo: of(r.count) }));
}

/** The text alternative of a bar chart. */
export function barsSpoken(bars: Bar[], k: number, total: number, of: string): string {
  return `${bars.map((b) => (b.count === null ? `${words(b.label)} < ${k}` : `${words(b.label)} ${b.count} (${formatPercent(b.share, 0)})`)).join(', ')}; of ${total} ${of}`;
}

// Colour-blind-safe diverging colours (ColorBrewer PuOr), disagree orange to agree purple.
const DIVERGING: Record<number, string[]> = {
  2: ['#e66101', '#5e3c99'],
  3: ['#e66101', '#d9d9d9', '#5e3c99'],
  4: ['#e66101', '#fdb863', '#b2abd2', '#5e3c99'],
  5: ['#e66101', '#fdb863', '#d9d9d9', '#b2abd2', '#5e3c99'],
  6: ['#b35806', '#f1a340', '#fee0b6', '#d8daeb', '#998ec3', '#542788'],
  7: ['#b35806', '#f1a340', '#fee0b6', '#d9d9d9', '#d8daeb', '#998ec3', '#542788'],
};

/** The colours of a scale's points, in order. */
export function scaleColours(points: number): string[] {
  return DIVERGING[points] ?? Array.from({ length: points }, (_, i) => DIVERGING[7][Math.round((i * 6) / Math.max(1, points - 1))]);
}

function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/** Dark or white text, whichever contrasts more with `hex`. */
export function textOn(hex: string): string {
  const l = luminance(hex);
  const dark = (l + 0.05) / (luminance('#1b1f24') + 0.05);
  const light = 1.05 / (l + 0.05);
  return dark >= light ? '#1b1f24' : '#ffffff';
}

// --------------------------------------------------------- associations --

/** A 5-point agreement scale of a survey, which the association can use. */
export interface Scale {
  code: string;
  text: string;
  labels: string[];
}

/** The survey's 5-point scales: Likert items and the rows of 5-point matrices. */
export function fivePointScales(survey: Survey): Scale[] {
  const out: Scale[] = [];
  for (const i of survey.items) {
    if (i.points !== 5) continue;
    if (i.kind === 'likert') out.push({ code: i.code, text: i.text, labels: i.labels });
    if (i.kind === 'matrix') for (const r of i.rows) out.push({ code: r.code, text: `${i.text} — ${r.text}`, labels: i.labels });
  }
  return out;
}

export const DEFAULT_PREDICTOR = 'good_match';
export const DEFAULT_OUTCOMES = ['confidence', 'career_development', 'professional_identity'];

/** good_match when the survey has it, else its first scale. */
export function defaultPredictor(scales: Scale[]): string {
  return scales.find((s) => s.code === DEFAULT_PREDICTOR)?.code ?? scales[0]?.code ?? '';
}

/** confidence, career_development and professional_identity, those the survey has. */
export function defaultOutcomes(scales: Scale[], predictor: string): string[] {
  return DEFAULT_OUTCOMES.filter((c) => c !== predictor && scales.some((s) => s.code === c));
}

// ------------------------------------------------ predictors beyond items --

/**
 * What kind of predictor a code is, which decides the test and how the
 * result reads: a 5-point `item` (2×2 tables, Fisher), a `measure` of the
 * respondent's pair (Wilcoxon–Mann–Whitney and Spearman), or a `grouping`
 * of the respondents by a category (background.<key>, pair.meeting_mode:
 * the table of groups, Fisher, chi-square or Fisher–Freeman–Halton).
 */
export type PredictorKind = 'item' | 'measure' | 'grouping';

export function predictorKind(code: string): PredictorKind {
  if (code === 'pair.meeting_mode' || code.startsWith('background.')) return 'grouping';
  if (code.startsWith('pair.')) return 'measure';
  return 'item';
}

/** A predictor the form offers: its code, what it is in words, its kind. */
export interface PredictorChoice {
  code: string;
  text: string;
  kind: PredictorKind;
}

/** The measures of each respondent's pair the server accepts as predictor. */
export const PAIR_PREDICTORS: PredictorChoice[] = [
  { code: 'pair.match_score', text: "The pair's match score", kind: 'measure' },
  { code: 'pair.meetings_held', text: 'Meetings the pair held', kind: 'measure' },
  { code: 'pair.meeting_adherence', text: 'Meetings held of those expected (adherence)', kind: 'measure' },
  { code: 'pair.meeting_mode', text: "The pair's usual meeting mode (video, phone, in person)", kind: 'grouping' },
];

/** A background attribute as predictor: "gender" → background.gender. */
export function backgroundPredictors(keys: string[]): PredictorChoice[] {
  return keys.map((key) => ({ code: `background.${key}`, text: `Background: ${key}`, kind: 'grouping' as const }));
}

/**
 * The background attributes the evaluation names (GET /programs/{id}/evaluation,
 * background_keys: those enough people have, keys only); none when the
 * answer has no such list.
 */
export function backgroundKeysOf(ev: unknown): string[] {
  const keys = ev && typeof ev === 'object' ? (ev as { background_keys?: unknown }).background_keys : undefined;
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
}

/** Pair measures and background attributes need answers linked to a person: not in an anonymous survey. */
export function linksPeople(survey: Pick<Survey, 'anonymity'>): boolean {
  return survey.anonymity !== 'anonymous';
}

/** The predictor's words: the item's text, the measure's or attribute's name, else its code. */
export function predictorText(code: string, scales: Scale[], keys: string[] = []): string {
  const scale = scales.find((s) => s.code === code);
  if (scale) return scale.text;
  const choice = [...PAIR_PREDICTORS, ...backgroundPredictors(keys)].find((c) => c.code === code);
  if (choice) return choice.text;
  return code.startsWith('background.') ? `Background: ${code.slice(11)}` : code;
}

/** A value of a pair measure: adherence as a percentage, meetings as counts, a score with one decimal. */
export function formatMeasure(code: string, x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (code === 'pair.meeting_adherence') return formatPercent(x, 0);
  if (Number.isInteger(x)) return String(x);
  return x.toFixed(1);
}

/** The test that gave an outcome's p-value, by name. */
export function testName(r: Pick<OutcomeAssociation, 'test' | 'categories'>): string {
  if (r.test === 'wilcoxon') return 'Wilcoxon–Mann–Whitney';
  if (r.test === 'chisq') return (r.categories?.length ?? 0) > 0 ? "Pearson's chi-square" : "chi-square (Yates)";
  if ((r.categories?.length ?? 0) > 2) return 'Fisher–Freeman–Halton exact';
  return "Fisher's exact";
}

/** A group's name for reading: "in_person" → "in person". */
export function groupName(category: string): string {
  return words(category);
}

export interface MeasureReadingInput {
  who: string;
  predictor: string;
  predictorText: string;
  outcomeText: string;
  result: Pick<OutcomeAssociation, 'table' | 'n' | 'p_value' | 'p_adjusted' | 'median_agree' | 'median_not' | 'rho'>;
  outcomes: number;
}

/**
 * A pair measure against an outcome in one line: "Meetings the pair held:
 * median 6 among the 4 mentees who agreed that “…”, 3 among the 2 others
 * (Wilcoxon–Mann–Whitney p = .289); Spearman's ρ = 0.67. With 6 respondents
 * the test has little power: a difference may go unseen."
 */
export function measureReading({ who, predictor, predictorText: name, outcomeText, result, outcomes }: MeasureReadingInput): string {
  const [agreed, others] = result.table[0] ?? [0, 0];
  const outcome = asClause(outcomeText);
  const what = asClause(name);
  const ps = `${pEquals(result.p_value, 'apa')}${outcomes > 1 ? `, Holm-adjusted ${formatP(result.p_adjusted, 'apa')}` : ''}`;
  if (agreed === 0 || others === 0)
    return `All ${result.n} ${who.toLowerCase()} who answered ${agreed === 0 ? 'did not agree' : 'agreed'} that “${outcome}”, so there is no other group to compare ${what} with.`;
  let line = `${name}: median ${formatMeasure(predictor, result.median_agree)} among the ${agreed} ${who.toLowerCase()} who agreed that “${outcome}”, ${formatMeasure(predictor, result.median_not)} among the ${others} others (Wilcoxon–Mann–Whitney ${ps})`;
  if (result.rho !== null && result.rho !== undefined && Number.isFinite(result.rho)) line += `; Spearman's ρ = ${result.rho.toFixed(2)}`;
  line += '.';
  if (result.n < 50) line += ` With ${result.n} respondents the test has little power: a difference may go unseen.`;
  return line;
}

export interface GroupReadingInput {
  predictorText: string;
  outcomeText: string;
  result: Pick<OutcomeAssociation, 'table' | 'categories' | 'n' | 'p_value' | 'p_adjusted' | 'test'>;
  outcomes: number;
  /** The program's smallest shown count, for the withheld table. */
  k: number;
}

/**
 * A grouping against an outcome in one line: "Agreeing that “…”, by the
 * pair's usual meeting mode: in person 3 of 3, mixed 1 of 1 and video 0 of 2
 * (Fisher–Freeman–Halton exact p = .067)." When the server withheld the
 * table, the groups are not named with counts.
 */
export function groupReading({ predictorText: name, outcomeText, result, outcomes, k }: GroupReadingInput): string {
  const outcome = asClause(outcomeText);
  const by = asClause(name.replace(/^Background: /, '').replace(/ \(.*\)$/, ''));
  const ps = `${testName(result)} ${pEquals(result.p_value, 'apa')}${outcomes > 1 ? `, Holm-adjusted ${formatP(result.p_adjusted, 'apa')}` : ''}`;
  if (result.table.length === 0)
    return `Agreeing that “${outcome}” was compared across ${result.categories.length} groups by ${by} (${ps}); the groups are not shown because one of them has fewer than ${k} people in a cell.`;
  const groups = result.categories.map((c, i) => `${groupName(c)} ${result.table[i][0]} of ${result.table[i][0] + result.table[i][1]}`);
  let line = `Agreeing that “${outcome}”, by ${by}: ${listWords(groups)} (${ps}).`;
  if (result.n < 50) line += ` With ${result.n} respondents in ${result.categories.length} groups, a difference may be chance or go unseen.`;
  return line;
}

/** How each respondent's meeting mode is decided (docs/evaluation.md). */
export const MEETING_MODE_RULE =
  "A respondent's meeting mode is the mode (video, phone or in person) of most of the held meetings of their pair that were scheduled in Tandem; “mixed” when two modes tie. Respondents whose pair held no such meeting are left out.";

export interface AnyMethodsInput extends MethodsInput {
  kind: PredictorKind;
}

/** The methods paragraph for any kind of predictor. */
export function methodsFor(input: AnyMethodsInput): string {
  const { kind, predictor, outcomes, agreeMin, labels } = input;
  if (kind === 'item') return methodsText(input);
  const m = outcomes.length;
  const list = listWords(outcomes);
  const holm = m > 1 ? ` The p-values were adjusted across the ${m} outcomes with Holm's method (R's p.adjust(method = "holm")).` : '';
  const split = `Answers to ${m === 1 ? 'the outcome' : `each of the ${m} outcomes`} (${list}) were classed as agreeing (${thresholdText(agreeMin, labels)}) or not; a respondent missing the outcome or the predictor was left out of that comparison.`;
  if (kind === 'measure')
    return (
      `${split} The predictor, ${predictor}, was compared between those agreeing and the others with the Wilcoxon–Mann–Whitney rank-sum test (two-sided; ` +
      `exact when both groups are under 50 and nothing is tied, else the normal approximation with tie and continuity corrections, as R's wilcox.test), and its rank correlation with the ` +
      `outcome's 1–5 answers is Spearman's ρ (R's cor.test(method = "spearman")).${holm}`
    );
  return (
    `${predictor === 'pair.meeting_mode' ? `${MEETING_MODE_RULE} ` : ''}${split} For each outcome the table of the groups of ${predictor} by agreeing or not ` +
    `was tested with Fisher's exact test for two groups; for more, with Pearson's chi-square test when every expected count was at least 5, else with the ` +
    `Fisher–Freeman–Halton exact test (as R's fisher.test and chisq.test).${holm} Tables with a cell describing fewer than the program's smallest shown count ` +
    `are not shown (outside a coordinator's identified survey); the tests use the exact data.`
  );
}

// -------------------------------------------------------------- reports --

/** A PDF of the report, made by a background job. */
export type ReportJob = ReportView;

/** The list of reports from its answer (an array), newest first. */
export function reportsOf(body: unknown): ReportJob[] {
  return (Array.isArray(body) ? (body as ReportJob[]) : []).slice().sort((a, b) => b.id - a.id);
}

/** Still being made. */
export function pending(job: ReportJob): boolean {
  return job.status === 'queued';
}

// ------------------------------------------------------------- pre/post --

/** One item compared within person across two waves (GET /programs/{id}/prepost). */
export type PrePostReport = components['schemas']['PrePostReport'];

/** The first two waves (oldest first, as listed) that can have the same people answering: the same audience, or one for both; null when none. */
export function comparableWaves<W extends Pick<SurveyWave, 'audience'>>(waves: W[]): [W, W] | null {
  for (let i = 0; i < waves.length; i++)
    for (let j = i + 1; j < waves.length; j++) {
      const a = waves[i].audience;
      const b = waves[j].audience;
      if (a === b || a === 'both' || b === 'both') return [waves[i], waves[j]];
    }
  return null;
}

/** A median: "4" or "3.5". */
export function formatMedian(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

/** "Of 30 people who answered both, 18 answered higher at the end, 3 lower; Wilcoxon signed-rank p = .004." */
export function prePostReading(r: Pick<PrePostReport, 'paired' | 'improved' | 'worsened' | 'unchanged' | 'wilcoxon'>): string {
  if (r.paired === 0) return 'Nobody answered this question in both waves, so there is nothing to compare.';
  const head = `Of ${people(r.paired)} who answered both, ${r.improved} answered higher at the end, ${r.worsened} lower`;
  if (r.wilcoxon.p_value === null || r.wilcoxon.p_value === undefined)
    return `${head}; nobody changed their answer, so the Wilcoxon signed-rank test cannot be run.`;
  return `${head}; Wilcoxon signed-rank ${pEquals(r.wilcoxon.p_value, 'apa')}.`;
}

/** "V = 153, p = 0.004 (exact, 18 non-zero differences)". */
export function wilcoxonText(w: PrePostReport['wilcoxon']): string {
  if (w.statistic === null || w.p_value === null) return `not defined (${w.n} non-zero differences)`;
  const how = w.exact ? 'exact' : 'normal approximation';
  return `V = ${formatStat(w.statistic)}, ${pEquals(w.p_value)} (${how}, ${w.n} non-zero difference${w.n === 1 ? '' : 's'})`;
}

/** "χ² = 4.50, p = 0.034 (with continuity correction)". */
export function mcnemarText(m: PrePostReport['mcnemar']): string {
  if (m.statistic === null || m.p_value === null) return 'not defined: nobody moved between agreeing and not';
  return `χ² = ${m.statistic.toFixed(2)}, ${pEquals(m.p_value)}${m.correction_applied ? ' (with continuity correction)' : ''}`;
}

function formatStat(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** The server's refusal of a comparison, in words, under the field it names (item, before_wave, after_wave, agree_min). */
export function prePostProblem(err: unknown): { field: 'item' | 'before_wave' | 'after_wave' | 'agree_min' | null; message: string } | null {
  if (!err || typeof err !== 'object' || !('status' in err)) return null;
  const e = err as { status: number; field: string | null; message: string };
  const field = e.field === 'item' || e.field === 'before_wave' || e.field === 'after_wave' || e.field === 'agree_min' ? e.field : null;
  const message = e.message ? e.message.charAt(0).toUpperCase() + e.message.slice(1) : 'The comparison was refused';
  if (e.status === 409)
    return { field: field ?? 'before_wave', message: `${message}. Anonymous answers cannot be linked to a person, so choose waves of a confidential or identified survey.` };
  if (e.status === 400) return { field, message: `${message}.` };
  return null;
}
