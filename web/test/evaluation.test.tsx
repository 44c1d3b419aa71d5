// The evaluator's workspace (pages/evaluation.tsx): the pure helpers of
// lib/evaluation.ts — "< k", proportions with their intervals in words,
// p-values and odds ratios, the plain-language reading and the methods
// paragraph, the stacked bar's geometry with hidden cells — and the page
// against a stubbed API: figures with their charts' text alternatives, the
// association run with its reading, and a PDF made by polling until done.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import type { ComponentChildren } from 'preact';
import { ApiError } from '../src/api/client';
import type { AssociationReport, Evaluation, ItemResult, Me, Program, Proportion, SurveyResults } from '../src/api/types';
import {
  asClause,
  backgroundKeysOf,
  backgroundPredictors,
  comparableWaves,
  countBars,
  defaultOutcomes,
  defaultPredictor,
  fivePointScales,
  formatCount,
  formatInterval,
  formatMeasure,
  formatMedian,
  formatP,
  formatRatio,
  groupReading,
  isWide,
  likertSegments,
  likertSpoken,
  mcnemarText,
  measureReading,
  methodsFor,
  methodsText,
  oddsRatioText,
  PAIR_PREDICTORS,
  pEquals,
  plainReading,
  predictorKind,
  predictorText,
  prePostProblem,
  prePostReading,
  proportionRows,
  proportionSpoken,
  proportionText,
  reportsOf,
  respondentsWord,
  scaleColours,
  suppressionNote,
  testName,
  textOn,
  thresholdText,
  wilcoxonText,
  type PrePostReport,
} from '../src/lib/evaluation';
import type { Survey, SurveyItem } from '../src/lib/surveys';
import { EvaluationPage } from '../src/pages/evaluation';
import { Home } from '../src/pages/home';
import { SessionContext } from '../src/session';

// 33 of 35, the reference program's completion (docs/statistics.md).
const completion: Proportion = {
  successes: 33,
  n: 35,
  estimate: 0.9428571428571428,
  wilson: [0.8139294257983507, 0.9841868381428912],
  clopper_pearson: [0.8084285936547608, 0.9930032363716905],
};
const LABELS = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];
const counts = (...c: (number | null)[]) => c.map((count, i) => ({ label: LABELS[i], count }));
// good_match: the answers the demo's mentees gave, (dis)agreeing cells hidden.
const confidence = {
  outcome: 'confidence',
  n: 32,
  missing: 1,
  table: [
    [25, 0],
    [5, 2],
  ],
  test: 'fisher',
  p_value: 0.042338709677419574,
  odds_ratio: null,
  conf_int: [0.7214225403782455, null],
  p_adjusted: 0.09072580645161288,
  statistic: null,
  warnings: [],
  median_agree: null,
  median_not: null,
  rho: null,
  rho_p_value: null,
  categories: [],
};

describe('counts and proportions in words', () => {
  it('shows a hidden count as "< k" and says once what that means', () => {
    expect(formatCount(null, 5)).toBe('< 5');
    expect(formatCount(undefined, 3)).toBe('< 3');
    expect(formatCount(0, 5)).toBe('0');
    expect(formatCount(33, 5)).toBe('33');
    expect(suppressionNote(5)).toBe(
      'Counts under 5 are hidden (shown as “< 5”), and sometimes one more so that none can be worked out from the totals; percentages and tests use the exact data.',
    );
  });

  it('says a proportion with both 95% intervals', () => {
    expect(proportionText(completion)).toBe('33 of 35 (94.3%), 95% CI 81.4–98.4% Wilson; 80.8–99.3% exact');
    expect(formatInterval([0, 1])).toBe('0.0–100.0%');
    expect(proportionText(null)).toBe('none yet');
    expect(proportionText({ ...completion, successes: 0, n: 0 })).toBe('none yet');
    expect(proportionSpoken('Pairs completed', completion)).toBe(
      'Pairs completed: 33 of 35, 94.3%; 95% confidence interval 81.4 to 98.4% (Wilson), 80.8 to 99.3% (exact)',
    );
    expect(proportionSpoken('Goals achieved', null)).toBe('Goals achieved: no data yet');
  });

  it('lists every proportion of the figures, the retention and each wave included', () => {
    const ev = evaluation();
    const rows = proportionRows(ev);
    expect(rows.map(([name]) => name)).toEqual([
      'Pairs completed, of pairs that started',
      'Pairs holding at least 75% of the meetings expected',
      'Pairs with a signed agreement',
      'Goals achieved, of goals set',
      'Mentees with a scholarly project',
      'Faculty in classical hematology (retention)',
      'Answered End of program, mentees (End-of-program survey (mentees))',
    ]);
    expect(proportionRows({ ...ev, retention: null, surveys: [] })).toHaveLength(5);
  });
});

describe('tests in words', () => {
  it.each([
    [0.042338709677419574, '0.042', '.042', 'p = .042'],
    [0.0907, '0.091', '.091', 'p = .091'],
    [0.00042, '< 0.001', '< .001', 'p < .001'],
    [1, '1.000', '1.000', 'p = 1.000'],
    [null, '—', '—', 'p = —'],
  ])('p = %s', (p, table, apa, words) => {
    expect(formatP(p)).toBe(table);
    expect(formatP(p, 'apa')).toBe(apa);
    expect(pEquals(p, 'apa')).toBe(words);
  });

  it('writes odds ratios, an infinite one (null in JSON) as ∞', () => {
    expect(formatRatio(null)).toBe('∞');
    expect(formatRatio(0)).toBe('0');
    expect(formatRatio(2.3456)).toBe('2.35');
    expect(formatRatio(12.345)).toBe('12.3');
    expect(formatRatio(345.6)).toBe('346');
    expect(oddsRatioText(confidence)).toBe('∞ (95% CI 0.72 to ∞)');
    expect(oddsRatioText({ odds_ratio: 4.2, conf_int: [1.1, 19.5] })).toBe('4.20 (95% CI 1.10 to 19.5)');
  });

  it('calls an interval wide when it is open, starts at 0 or spans more than tenfold', () => {
    expect(isWide([0.72, null])).toBe(true);
    expect(isWide([0, 3])).toBe(true);
    expect(isWide([0.5, 6])).toBe(true);
    expect(isWide([1.2, 4.8])).toBe(false);
  });

  it('puts an item into a sentence', () => {
    expect(asClause('My mentoring partner was a good match for me.')).toBe('my mentoring partner was a good match for me');
    expect(asClause('I feel more able to lead a project.')).toBe('I feel more able to lead a project');
    expect(asClause("I'd choose again?")).toBe("I'd choose again");
    expect(asClause('NCI funding helped.')).toBe('NCI funding helped');
  });

  it('reads the reference association in plain language', () => {
    expect(
      plainReading({
        who: 'Mentees',
        predictorText: 'My mentoring partner was a good match for me.',
        outcomeText: 'Mentoring increased my confidence in my professional decisions.',
        result: confidence,
        outcomes: 3,
      }),
    ).toBe(
      'Mentees who agreed that “my mentoring partner was a good match for me” agreed more often that “mentoring increased my confidence in my ' +
        'professional decisions” than those who did not (25 of 25 vs 5 of 7); p = .042, Holm-adjusted .091, so not below .05 once the 3 outcomes are ' +
        'taken together. With 32 respondents the interval is wide: odds ratio ∞, 95% CI 0.72 to ∞.',
    );
  });

  it('says less often, as often, one outcome without Holm, and a narrow interval without the warning', () => {
    const base = { who: 'Respondents', predictorText: 'A.', outcomeText: 'B.', outcomes: 1 };
    const less = plainReading({ ...base, result: { ...confidence, table: [[10, 30], [30, 10]], p_value: 0.0004, p_adjusted: 0.0004, odds_ratio: 0.12, conf_int: [0.04, 0.33] } });
    expect(less).toBe('Respondents who agreed that “a” agreed less often that “b” than those who did not (10 of 40 vs 30 of 40); p < .001.');
    const same = plainReading({ ...base, result: { ...confidence, table: [[5, 5], [5, 5]], p_value: 1, p_adjusted: 1, odds_ratio: 1, conf_int: [0.2, 5] } });
    expect(same).toContain('agreed as often that');
    expect(same).toContain('With 32 respondents the interval is wide');
  });

  it('says when there is nobody to compare with', () => {
    const r = plainReading({ who: 'Mentees', predictorText: 'Good match.', outcomeText: 'B.', outcomes: 2, result: { ...confidence, table: [[20, 12], [0, 0]], p_value: 1, p_adjusted: 1 } });
    expect(r).toBe('All 32 mentees who answered both agreed that “good match”, so there is no other group to compare with; p = 1.000, Holm-adjusted 1.000.');
  });

  it('writes a methods paragraph naming the test, the threshold and the adjustment', () => {
    const m = methodsText({ predictor: 'good_match', outcomes: ['confidence', 'career_development', 'professional_identity'], agreeMin: 4, labels: LABELS });
    expect(m).toContain('agreeing (4 (“Agree”) or higher) or not, for the predictor (good_match)');
    expect(m).toContain('each of the 3 outcomes (confidence, career_development and professional_identity)');
    expect(m).toContain("Fisher's exact test (two-sided) on the 2×2 table");
    expect(m).toContain('conditional maximum-likelihood estimate with its exact 95% confidence interval');
    expect(m).toContain("adjusted across the 3 outcomes analysed with Holm's method");
    expect(m).toContain('p.adjust(method = "holm")');
    const one = methodsText({ predictor: 'good_match', outcomes: ['confidence'], agreeMin: 5, labels: LABELS });
    expect(one).toContain('(5 (“Strongly agree”))');
    expect(one).not.toContain('Holm');
    expect(thresholdText(3, LABELS)).toBe('3 (“Neither agree nor disagree”) or higher');
  });

  it('names who answered from the waves of the survey', () => {
    const s = { id: 1, title: 'End of program' };
    expect(respondentsWord(s, [{ survey_id: 1, survey_title: 'End of program', audience: 'mentees' }])).toBe('Mentees');
    expect(respondentsWord(s, [{ survey_id: 1, survey_title: 'End of program', audience: 'mentors' }])).toBe('Mentors');
    expect(respondentsWord(s, [{ survey_id: 1, survey_title: 'x', audience: 'mentees' }, { survey_id: 9, survey_title: 'End of program', audience: 'both' }])).toBe('Respondents');
    expect(respondentsWord(s, [])).toBe('Respondents');
  });
});

describe('the stacked bar', () => {
  const item = (c: (number | null)[], answered: number, percent_agree: number | null) => ({ answered, counts: counts(...c), percent_agree });
  const shape = (segs: ReturnType<typeof likertSegments>) => segs.map((s) => [s.labels.join('+'), s.value, s.hidden, +s.x.toFixed(4), +s.width.toFixed(4)]);

  it('draws hidden disagreeing cells as one hatched segment with their sum', () => {
    const segs = likertSegments(item([null, null, null, 16, 10], 33, (100 * 26) / 33));
    expect(shape(segs)).toEqual([
      ['Strongly disagree+Disagree+Neither agree nor disagree', 7, true, 0, 0.2121],
      ['Agree', 16, false, 0.2121, 0.4848],
      ['Strongly agree', 10, false, 0.697, 0.303],
    ]);
    expect(segs.reduce((s, x) => s + x.width, 0)).toBeCloseTo(1, 10);
    expect(likertSpoken({ answered: 33, percent_agree: 78.78787878787878 }, segs)).toBe(
      '33 answered: Strongly disagree, Disagree and Neither agree nor disagree hidden (7 together), Agree 16 (48%), Strongly agree 10 (30%); 78.8% agree',
    );
  });

  it('splits hidden cells between the agreeing and the other side, where the first of each would be', () => {
    // 40 answers: SD ?, D 6, N ?, A ?, SA 20, with 57.5% agreeing (23): A is 3, SD + N are 11.
    const segs = likertSegments(item([null, 6, null, null, 20], 40, 57.5));
    expect(shape(segs)).toEqual([
      ['Strongly disagree+Neither agree nor disagree', 11, true, 0, 0.275],
      ['Disagree', 6, false, 0.275, 0.15],
      ['Agree', 3, true, 0.425, 0.075],
      ['Strongly agree', 20, false, 0.5, 0.5],
    ]);
  });

  it('draws every cell when nothing is hidden, and nothing without answers', () => {
    expect(shape(likertSegments(item([1, 2, 3, 4, 10], 20, 70)))).toEqual([
      ['Strongly disagree', 1, false, 0, 0.05],
      ['Disagree', 2, false, 0.05, 0.1],
      ['Neither agree nor disagree', 3, false, 0.15, 0.15],
      ['Agree', 4, false, 0.3, 0.2],
      ['Strongly agree', 10, false, 0.5, 0.5],
    ]);
    expect(likertSegments(item([0, 0, 0, 0, 0], 0, null))).toEqual([]);
    // Without the share agreeing, all hidden cells make one segment.
    expect(shape(likertSegments(item([null, 5, null, 5, 5], 20, null)))).toEqual([
      ['Strongly disagree+Neither agree nor disagree', 5, true, 0, 0.25],
      ['Disagree', 5, false, 0.25, 0.25],
      ['Agree', 5, false, 0.5, 0.25],
      ['Strongly agree', 5, false, 0.75, 0.25],
    ]);
  });

  it('draws a hidden bar of counts hatched up to k − 1', () => {
    expect(countBars([{ label: 'none', count: null }, { label: '75-99%', count: 22 }], 35, 5)).toEqual([
      { label: 'none', count: null, share: 0, upTo: 4 / 35 },
      { label: '75-99%', count: 22, share: 22 / 35, upTo: 22 / 35 },
    ]);
    expect(countBars([{ label: 'x', count: 3 }], 0, 5)[0].share).toBe(0);
  });

  it('uses a diverging palette with readable text on each colour', () => {
    for (const n of [2, 3, 4, 5, 6, 7, 9]) expect(scaleColours(n)).toHaveLength(n);
    expect(textOn('#5e3c99')).toBe('#ffffff');
    expect(textOn('#fdb863')).toBe('#1b1f24');
    expect(textOn('#d9d9d9')).toBe('#1b1f24');
  });
});

describe('choosing the association', () => {
  const it5 = (code: string, kind: SurveyItem['kind'] = 'likert', extra: Partial<SurveyItem> = {}): SurveyItem => ({
    code,
    kind,
    text: `Text of ${code}`,
    help: '',
    section: '',
    required: false,
    points: 5,
    labels: LABELS,
    allow_na: false,
    options: [],
    min: null,
    max: null,
    rows: [],
    show_if_code: null,
    show_if_value: null,
    ...extra,
  });
  const survey = (items: SurveyItem[]) => ({ id: 1, title: 'S', items }) as unknown as Survey;

  it('offers the 5-point scales, matrix rows included, with good_match and the reference outcomes chosen', () => {
    const s = survey([
      it5('good_match'),
      it5('confidence'),
      it5('seven', 'likert', { points: 7 }),
      it5('grid', 'matrix', { rows: [{ code: 'career_development', text: 'Career' }] }),
      it5('notes', 'long_text'),
    ]);
    const scales = fivePointScales(s);
    expect(scales.map((x) => x.code)).toEqual(['good_match', 'confidence', 'career_development']);
    expect(scales[2].text).toBe('Text of grid — Career');
    expect(defaultPredictor(scales)).toBe('good_match');
    expect(defaultOutcomes(scales, 'good_match')).toEqual(['confidence', 'career_development']);
    expect(defaultOutcomes(scales, 'confidence')).toEqual(['career_development']);
    expect(defaultPredictor(fivePointScales(survey([it5('a'), it5('b')])))).toBe('a');
    expect(defaultPredictor([])).toBe('');
  });

  it('reads the list of PDFs newest first', () => {
    const a = { id: 1, program_id: 1, status: 'done', error: null, created_at: '', finished_at: '' };
    const b = { id: 2, program_id: 1, status: 'queued', error: null, created_at: '', finished_at: null };
    expect(reportsOf([a, b]).map((r) => r.id)).toEqual([2, 1]);
    expect(reportsOf(null)).toEqual([]);
  });
});

describe('predictors beyond items', () => {
  const scales = [{ code: 'confidence', text: 'Mentoring increased my confidence.', labels: LABELS }];
  // A pair measure: confidence agreeing 4, not 2 (tests/evaluation_test.cc's meetings held).
  const measured = { ...confidence, n: 6, missing: 1, table: [[4, 2]], test: 'wilcoxon', p_value: 0.288844366346485, p_adjusted: 0.288844366346485, odds_ratio: null, conf_int: [null, null], statistic: 6, median_agree: 6, median_not: 3, rho: 0.674199862463242, rho_p_value: 0.141927447774055 };
  // Meeting mode: in person 3 of 3, mixed 1 of 1, video 0 of 2 (R: fisher.test, p = 1/15).
  const grouped = { ...confidence, n: 6, missing: 1, table: [[3, 0], [1, 0], [0, 2]], categories: ['in_person', 'mixed', 'video'], test: 'fisher', p_value: 0.0666666666666667, p_adjusted: 0.0666666666666667, odds_ratio: null, conf_int: [null, null] };

  it('tells items, pair measures and groupings apart', () => {
    expect(predictorKind('good_match')).toBe('item');
    expect(predictorKind('pair.match_score')).toBe('measure');
    expect(predictorKind('pair.meeting_adherence')).toBe('measure');
    expect(predictorKind('pair.meeting_mode')).toBe('grouping');
    expect(predictorKind('background.first generation')).toBe('grouping');
    expect(PAIR_PREDICTORS.map((c) => c.code)).toEqual(['pair.match_score', 'pair.meetings_held', 'pair.meeting_adherence', 'pair.meeting_mode']);
    expect(backgroundPredictors(['gender', 'urim'])).toEqual([
      { code: 'background.gender', text: 'Background: gender', kind: 'grouping' },
      { code: 'background.urim', text: 'Background: urim', kind: 'grouping' },
    ]);
    expect(backgroundKeysOf({ background_keys: ['gender', 3] })).toEqual(['gender']);
    expect(backgroundKeysOf({})).toEqual([]);
    expect(backgroundKeysOf(null)).toEqual([]);
    expect(predictorText('confidence', scales)).toBe('Mentoring increased my confidence.');
    expect(predictorText('pair.match_score', scales)).toBe("The pair's match score");
    expect(predictorText('background.site', scales)).toBe('Background: site');
  });

  it('writes measures and names the test by the table', () => {
    expect(formatMeasure('pair.meeting_adherence', 0.8333)).toBe('83%');
    expect(formatMeasure('pair.meetings_held', 3)).toBe('3');
    expect(formatMeasure('pair.match_score', 71.25)).toBe('71.3');
    expect(formatMeasure('pair.match_score', null)).toBe('—');
    expect(testName(measured)).toBe('Wilcoxon–Mann–Whitney');
    expect(testName(grouped)).toBe('Fisher–Freeman–Halton exact');
    expect(testName({ test: 'fisher', categories: ['man', 'woman'] })).toBe("Fisher's exact");
    expect(testName({ test: 'chisq', categories: ['a', 'b', 'c'] })).toBe("Pearson's chi-square");
  });

  it('reads a pair measure: both medians, the rank test and Spearman, and the power', () => {
    expect(measureReading({ who: 'Mentees', predictor: 'pair.meetings_held', predictorText: 'Meetings the pair held', outcomeText: scales[0].text, result: measured, outcomes: 1 })).toBe(
      "Meetings the pair held: median 6 among the 4 mentees who agreed that “mentoring increased my confidence”, 3 among the 2 others (Wilcoxon–Mann–Whitney p = .289); Spearman's ρ = 0.67. With 6 respondents the test has little power: a difference may go unseen.",
    );
    expect(measureReading({ who: 'Mentees', predictor: 'pair.match_score', predictorText: "The pair's match score", outcomeText: 'X', result: { ...measured, table: [[6, 0]] }, outcomes: 1 })).toContain(
      'All 6 mentees who answered agreed that “x”, so there is no other group to compare',
    );
  });

  it('reads a grouping with its groups, or says they are withheld', () => {
    const input = { predictorText: "The pair's usual meeting mode (video, phone, in person)", outcomeText: scales[0].text, outcomes: 2, k: 5 };
    expect(groupReading({ ...input, result: grouped })).toBe(
      "Agreeing that “mentoring increased my confidence”, by the pair's usual meeting mode: in person 3 of 3, mixed 1 of 1 and video 0 of 2 (Fisher–Freeman–Halton exact p = .067, Holm-adjusted .067). With 6 respondents in 3 groups, a difference may be chance or go unseen.",
    );
    expect(groupReading({ ...input, predictorText: 'Background: gender', result: { ...grouped, table: [], categories: ['man', 'woman'], p_value: 1 } })).toBe(
      "Agreeing that “mentoring increased my confidence” was compared across 2 groups by gender (Fisher's exact p = 1.000, Holm-adjusted .067); the groups are not shown because one of them has fewer than 5 people in a cell.",
    );
  });

  it('writes the methods for each kind of predictor', () => {
    const base = { outcomes: ['confidence'], agreeMin: 4, labels: LABELS };
    expect(methodsFor({ ...base, kind: 'item', predictor: 'good_match' })).toBe(methodsText({ ...base, predictor: 'good_match' }));
    const m = methodsFor({ ...base, kind: 'measure', predictor: 'pair.match_score' });
    expect(m).toContain('Wilcoxon–Mann–Whitney rank-sum test');
    expect(m).toContain("Spearman's ρ");
    expect(m).not.toContain('Holm');
    const g = methodsFor({ ...base, outcomes: ['confidence', 'career_development'], kind: 'grouping', predictor: 'pair.meeting_mode' });
    expect(g).toContain('of most of the held meetings of their pair');
    expect(g).toContain('Fisher–Freeman–Halton exact test');
    expect(g).toContain("Holm's method");
    expect(methodsFor({ ...base, kind: 'grouping', predictor: 'background.gender' })).not.toContain('held meetings');
  });
});

describe('pre/post in words', () => {
  const report: PrePostReport = {
    item: 'confidence',
    before_wave: 1,
    after_wave: 2,
    agree_min: 4,
    paired: 30,
    only_before: 3,
    only_after: 1,
    median_before: 3,
    median_after: 4.5,
    improved: 18,
    worsened: 3,
    unchanged: 9,
    wilcoxon: { statistic: 201, p_value: 0.0041, exact: false, n: 21 },
    agreement: [
      [10, 2],
      [11, 7],
    ],
    mcnemar: { statistic: 4.923, p_value: 0.0265, correction_applied: true },
  };
  it('says the comparison in one sentence', () => {
    expect(prePostReading(report)).toBe('Of 30 people who answered both, 18 answered higher at the end, 3 lower; Wilcoxon signed-rank p = .004.');
    expect(prePostReading({ ...report, paired: 1, improved: 0, worsened: 0, unchanged: 1, wilcoxon: { statistic: null, p_value: null, exact: true, n: 0 } })).toBe(
      'Of 1 person who answered both, 0 answered higher at the end, 0 lower; nobody changed their answer, so the Wilcoxon signed-rank test cannot be run.',
    );
    expect(prePostReading({ ...report, paired: 0 })).toMatch(/^Nobody answered this question in both waves/);
  });
  it('finds two waves the same people can answer', () => {
    const w = (id: number, audience: 'mentees' | 'mentors' | 'both') => ({ id, audience });
    expect(comparableWaves([w(1, 'mentees'), w(2, 'mentors')])).toBeNull();
    expect(comparableWaves([w(1, 'mentees')])).toBeNull();
    expect(comparableWaves([w(1, 'mentees'), w(2, 'mentors'), w(3, 'mentees')])?.map((x) => x.id)).toEqual([1, 3]);
    expect(comparableWaves([w(1, 'mentors'), w(2, 'both')])?.map((x) => x.id)).toEqual([1, 2]);
  });
  it('states the tests and medians', () => {
    expect(wilcoxonText(report.wilcoxon)).toBe('V = 201, p = 0.004 (normal approximation, 21 non-zero differences)');
    expect(wilcoxonText({ statistic: 10, p_value: 0.0625, exact: true, n: 4 })).toBe('V = 10, p = 0.063 (exact, 4 non-zero differences)');
    expect(mcnemarText(report.mcnemar)).toBe('χ² = 4.92, p = 0.026 (with continuity correction)');
    expect(mcnemarText({ statistic: null, p_value: null, correction_applied: true })).toMatch(/^not defined/);
    expect(formatMedian(4.5)).toBe('4.5');
    expect(formatMedian(3)).toBe('3');
  });
  it('puts the server\'s refusal under its field', () => {
    expect(prePostProblem(new ApiError(400, 'invalid_argument', 'compare two different waves', 'after_wave'))).toEqual({ field: 'after_wave', message: 'Compare two different waves.' });
    const anon = prePostProblem(new ApiError(409, 'failed_precondition', '"Pulse" is anonymous: its answers cannot be paired by person', 'before_wave'));
    expect(anon?.field).toBe('before_wave');
    expect(anon?.message).toMatch(/^"Pulse" is anonymous.*choose waves of a confidential or identified survey\.$/);
    expect(prePostProblem(new ApiError(500, 'internal', 'boom'))).toBeNull();
  });
});

// ------------------------------------------------------------------ page --

function evaluation(): Evaluation {
  const p = (successes: number, n: number): Proportion => ({ ...completion, successes, n, estimate: successes / n });
  return {
    program_id: 1,
    background_keys: [],
    program_name: 'Hematology Fellows Mentoring 2025-26',
    starts_on: '2025-07-01',
    ends_on: '2026-06-30',
    k: 5,
    deidentified: true,
    mentees: 35,
    pairs: {
      started: 35,
      any_active: false,
      completion,
      by_status: [
        { label: 'active', count: null },
        { label: 'completed', count: 33 },
        { label: 'dissolved', count: null },
      ],
      dissolved_reasons: [],
    },
    meetings: {
      cadence_days: 30,
      pairs: 35,
      held: 336,
      expected: 406,
      median_held: 10,
      median_expected: 12,
      median_adherence: 0.8333,
      adherent: p(28, 35),
      distribution: [
        { label: 'none', count: null },
        { label: 'under 50%', count: null },
        { label: '50-74%', count: 7 },
        { label: '75-99%', count: 22 },
        { label: '100%', count: 6 },
      ],
    },
    agreements_signed: completion,
    goals: 86,
    goals_achieved: p(54, 86),
    goals_by_status: [
      { label: 'not_started', count: null },
      { label: 'in_progress', count: 19 },
      { label: 'achieved', count: 54 },
      { label: 'dropped', count: null },
    ],
    mentees_with_project: p(22, 35),
    outputs: [
      { kind: 'publication', items: 7, mentees: 7, per_mentee: 0.2, awarded_grants: null, awarded: {} },
      { kind: 'grant', items: 6, mentees: null, per_mentee: 0.17, awarded_grants: 5, awarded: { USD: 250000 } },
    ],
    retention: { label: 'Faculty in classical hematology', known: 33, retained: p(23, 35) },
    surveys: [
      { wave_id: 1, survey_id: 1, survey_title: 'End-of-program survey (mentees)', wave_name: 'End of program, mentees', status: 'closed', invited: 35, answered: 33, response: completion },
    ],
  };
}

const likert = (code: string, c: (number | null)[], answered: number, agree: number): ItemResult => ({
  code,
  text: { good_match: 'My mentoring partner was a good match for me.', confidence: 'Mentoring increased my confidence in my professional decisions.' }[code] ?? code,
  kind: 'likert',
  answered,
  missing: null,
  not_applicable: null,
  counts: counts(...c),
  texts: [],
  median: 4,
  q1: 4,
  q3: 5,
  mean: null,
  percent_agree: agree,
});

function surveyOf(): Survey {
  const item = (code: string, text: string, kind = 'likert'): SurveyItem => ({
    code,
    kind: kind as SurveyItem['kind'],
    text,
    help: '',
    section: '',
    required: false,
    points: 5,
    labels: LABELS,
    allow_na: false,
    options: [],
    min: null,
    max: null,
    rows: [],
    show_if_code: null,
    show_if_value: null,
  });
  return {
    id: 1,
    program_id: 1,
    series_id: 1,
    version: 1,
    title: 'End-of-program survey (mentees)',
    intro: '',
    anonymity: 'confidential',
    anonymity_statement: '',
    items: [
      item('good_match', 'My mentoring partner was a good match for me.'),
      item('confidence', 'Mentoring increased my confidence in my professional decisions.'),
      item('career_development', 'Mentoring helped me plan the next steps of my career.'),
      item('improve', 'What would you change about the program?', 'long_text'),
    ],
  } as unknown as Survey;
}

type Handler = (url: URL, init: RequestInit) => unknown;
function stubApi(routes: Record<string, unknown>) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://tandem.test');
      const key = `${init.method ?? 'GET'} ${url.pathname.replace(/^\/api\/v1/, '')}`;
      calls.push(`${key}${url.search}`);
      if (!(key in routes)) return new Response(JSON.stringify({ error: { code: 'not_found', message: `no stub for ${key}` } }), { status: 404, headers: { 'Content-Type': 'application/json' } });
      const r = routes[key];
      const body = typeof r === 'function' ? (r as Handler)(url, init) : r;
      if (body instanceof Response) return body;
      return new Response(JSON.stringify(body), { status: init.method === 'POST' ? 202 : 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

const me = {
  user: { id: 9, email: 'evaluator@x.example', name: 'Eva Luator', is_admin: false, has_password: true },
  memberships: [{ enrollment_id: 7, program_id: 1, program_name: 'Hematology Fellows Mentoring 2025-26', program_kind: 'cohort', role: 'evaluator', status: 'active', participant_id: '' }],
  csrf_token: 't',
} as unknown as Me;
const program = { id: 1, name: 'Hematology Fellows Mentoring 2025-26', status: 'closed', kind: 'cohort' } as unknown as Program;

function As({ children }: { children: ComponentChildren }) {
  return <SessionContext.Provider value={{ me, refresh: async () => me, signOut: async () => {} }}>{children}</SessionContext.Provider>;
}

describe('the evaluation page', () => {
  const results: SurveyResults = {
    survey: surveyOf(),
    responses: 33,
    k: 5,
    suppressed: true,
    items: [
      likert('good_match', [null, null, null, 16, 10], 33, 78.78787878787878),
      likert('confidence', [null, null, null, 18, 12], 32, 93.75),
      likert('career_development', [null, null, null, 14, 16], 32, 93.75),
      { ...likert('improve', [], 21, 0), kind: 'long_text', counts: [], median: null, q1: null, q3: null, percent_agree: null, texts: ['A mid-year check-in with the [name].'] },
    ],
  };
  const association: AssociationReport = {
    predictor: 'good_match',
    agree_min: 4,
    respondents: 33,
    results: [confidence, { ...confidence, outcome: 'career_development' }],
  };
  const routes = (reports: () => unknown) => ({
    'GET /programs/1': program,
    'GET /programs/1/evaluation': evaluation(),
    'GET /programs/1/surveys': { surveys: [{ survey: surveyOf(), responses: 33 }] },
    'GET /programs/1/survey-waves': {
      waves: [{ id: 1, survey_id: 1, survey_title: 'End-of-program survey (mentees)', title: 'End of program, mentees', audience: 'mentees', status: 'closed' }],
    },
    'GET /surveys/1/results': results,
    'GET /surveys/1/association': association,
    'GET /programs/1/reports': reports,
    'POST /programs/1/reports': { id: 4, program_id: 1, status: 'queued', error: null, created_at: '2026-12-06T18:00:00Z', finished_at: null },
  });

  it('shows the figures with their intervals, each chart named with its numbers, and "< k" once explained', async () => {
    stubApi(routes(() => []));
    render(
      <As>
        <EvaluationPage programId={1} />
      </As>,
    );
    await screen.findByRole('heading', { level: 2, name: 'Program figures' });
    expect(screen.getByText(/Counts under 5 are hidden \(shown as “< 5”\), and sometimes one more/)).toBeTruthy();
    expect(screen.getAllByText('33 of 35 (94.3%), 95% CI 81.4–98.4% Wilson; 80.8–99.3% exact').length).toBeGreaterThan(0);
    const charts = screen.getAllByRole('img');
    const names = charts.map((c) => c.getAttribute('aria-label'));
    expect(names).toContain('Pairs completed, of pairs that started: 33 of 35, 94.3%; 95% confidence interval 81.4 to 98.4% (Wilson), 80.8 to 99.3% (exact)');
    expect(names).toContain('active < 5, completed 33 (94%), dissolved < 5; of 35 pairs that started');
    expect(names).toContain('none < 5, under 50% < 5, 50-74% 7 (20%), 75-99% 22 (63%), 100% 6 (17%); of 35 pairs');
    for (const c of charts) expect(c.tagName.toLowerCase()).toBe('svg');
    // The table behind every interval chart.
    const table = screen.getByRole('region', { name: 'Every proportion with its 95% intervals' });
    expect(within(table).getByRole('row', { name: /Pairs completed, of pairs that started 33 35 94.3 81.4–98.4 80.8–99.3/ })).toBeTruthy();
    // Outputs: hidden counts as "< 5", grant sums by currency.
    const outputs = screen.getByRole('region', { name: 'Outputs by kind' });
    expect(within(outputs).getByRole('row', { name: /grant 6 < 5 0.17 5 USD 250,000/ })).toBeTruthy();
    // Survey results: the stacked bar's name, the stats line and the long answers.
    await screen.findByText('33 responses');
    expect(names.length).toBeGreaterThan(0);
    expect(
      screen.getByRole('img', {
        name: '33 answered: Strongly disagree, Disagree and Neither agree nor disagree hidden (7 together), Agree 16 (48%), Strongly agree 10 (30%); 78.8% agree',
      }),
    ).toBeTruthy();
    expect(screen.getAllByText(/missing < 5/).length).toBeGreaterThan(0);
    expect(screen.getByText('A mid-year check-in with the [name].')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open the printable report (new tab)' }).getAttribute('href')).toBe('/api/v1/programs/1/report.html');
    expect(screen.getByRole('link', { name: 'Analysis dataset (CSV)' }).getAttribute('href')).toBe('/api/v1/programs/1/analysis.csv');
    expect(screen.getByRole('link', { name: 'Its data dictionary (CSV)' }).getAttribute('href')).toBe('/api/v1/programs/1/analysis-dictionary.csv');
  });

  it('runs the good_match association with the reference outcomes and reads it out', async () => {
    const calls = stubApi(routes(() => []));
    const user = userEvent.setup();
    render(
      <As>
        <EvaluationPage programId={1} />
      </As>,
    );
    await screen.findByRole('heading', { level: 2, name: 'Associations' });
    expect((screen.getByLabelText('Predictor') as HTMLSelectElement).value).toBe('good_match');
    expect((screen.getByRole('checkbox', { name: /confidence in my professional decisions/ }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: /next steps of my career/ }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Run the test' }));
    await screen.findByRole('heading', { level: 3, name: 'Methods' });
    expect(calls).toContain('GET /surveys/1/association?predictor=good_match&outcomes=confidence%2Ccareer_development&agree_min=4&test=fisher');
    const section = screen.getByRole('region', { name: 'Associations' });
    const card = within(section).getByRole('heading', { level: 3, name: /confidence in my professional decisions/ }).closest('li')!;
    expect(within(card).getByText('p = 0.042')).toBeTruthy();
    expect(card.textContent).toContain(
      'Mentees who agreed that “my mentoring partner was a good match for me” agreed more often that “mentoring increased my confidence in my professional decisions” than those who did not (25 of 25 vs 5 of 7); p = .042, Holm-adjusted .091',
    );
    const table = within(card).getByRole('table');
    expect(within(table).getByRole('row', { name: 'agreed 25 0 25' })).toBeTruthy();
    expect(within(table).getByRole('row', { name: 'did not 5 2 7' })).toBeTruthy();
    expect(screen.getByText(/Fisher's exact test \(two-sided\)/)).toBeTruthy();
  });

  it('offers the pair measures and background attributes as predictor and shows each kind of result', async () => {
    const measured = { ...confidence, n: 32, table: [[30, 2]], test: 'wilcoxon', odds_ratio: null, conf_int: [null, null], statistic: 41, median_agree: 74.5, median_not: 61.25, rho: 0.31, rho_p_value: 0.08, p_value: 0.21, p_adjusted: 0.42 };
    const byMode = { ...confidence, n: 20, missing: 13, table: [[9, 1], [5, 0], [4, 1]], categories: ['in_person', 'mixed', 'video'], test: 'fisher', odds_ratio: null, conf_int: [null, null], p_value: 0.77, p_adjusted: 1 };
    const byGender = { ...confidence, table: [], categories: ['man', 'woman'], p_value: 1, p_adjusted: 1, warnings: ['the table is not shown: a cell describes fewer than 5 people'] };
    const answer = (url: URL) => {
      const predictor = url.searchParams.get('predictor')!;
      const one = predictor === 'pair.match_score' ? measured : predictor === 'pair.meeting_mode' ? byMode : byGender;
      return { predictor, agree_min: 4, respondents: 33, results: [one, { ...one, outcome: 'career_development' }] };
    };
    const calls = stubApi({ ...routes(() => []), 'GET /programs/1/evaluation': { ...evaluation(), background_keys: ['gender'] }, 'GET /surveys/1/association': answer });
    const user = userEvent.setup();
    render(
      <As>
        <EvaluationPage programId={1} />
      </As>,
    );
    await screen.findByRole('heading', { level: 2, name: 'Associations' });
    const predictor = screen.getByLabelText('Predictor') as HTMLSelectElement;
    await waitFor(() => expect([...predictor.options].map((o) => o.value)).toContain('background.gender'));
    expect([...predictor.options].map((o) => o.value)).toEqual([
      'good_match',
      'confidence',
      'career_development',
      'pair.match_score',
      'pair.meetings_held',
      'pair.meeting_adherence',
      'pair.meeting_mode',
      'background.gender',
    ]);
    expect([...predictor.querySelectorAll('optgroup')].map((g) => g.label)).toEqual(['Survey questions', "The respondent's pair", "The respondent's background"]);
    const section = screen.getByRole('region', { name: 'Associations' });

    // A pair measure: every scale can be an outcome; medians, Wilcoxon–Mann–Whitney and Spearman.
    await user.selectOptions(predictor, 'pair.match_score');
    expect(screen.getByRole('checkbox', { name: /good match/ })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Run the test' }));
    await screen.findByRole('heading', { level: 3, name: 'Methods' });
    expect(calls).toContain('GET /surveys/1/association?predictor=pair.match_score&outcomes=confidence%2Ccareer_development&agree_min=4');
    let card = within(section).getByRole('heading', { level: 3, name: /confidence in my professional decisions/ }).closest('li')!;
    expect(card.textContent).toContain(
      "The pair's match score: median 74.5 among the 30 mentees who agreed that “mentoring increased my confidence in my professional decisions”, 61.3 among the 2 others (Wilcoxon–Mann–Whitney p = .210, Holm-adjusted .420); Spearman's ρ = 0.31.",
    );
    expect(card.textContent).toContain("Spearman's ρ 0.31 (p = 0.080)");
    expect(within(card).getByRole('row', { name: 'agreed 30 74.5' })).toBeTruthy();
    expect(within(card).getByRole('row', { name: 'did not 2 61.3' })).toBeTruthy();
    expect(screen.getByText(/Wilcoxon–Mann–Whitney rank-sum test/)).toBeTruthy();

    // The meeting mode: its rule, the group table and Fisher–Freeman–Halton.
    await user.selectOptions(predictor, 'pair.meeting_mode');
    expect(screen.getAllByText(/of most of the held meetings of their pair/).length).toBeGreaterThan(0);
    await user.click(screen.getByRole('button', { name: 'Run the test' }));
    await waitFor(() => expect(within(section).getAllByText(/Fisher–Freeman–Halton exact/).length).toBeGreaterThan(0));
    card = within(section).getByRole('heading', { level: 3, name: /confidence in my professional decisions/ }).closest('li')!;
    expect(within(card).getByRole('row', { name: 'in person 9 1 10' })).toBeTruthy();
    expect(within(card).getByRole('row', { name: 'mixed 5 0 5' })).toBeTruthy();
    expect(card.textContent).toContain('in person 9 of 10, mixed 5 of 5 and video 4 of 5 (Fisher–Freeman–Halton exact p = .770, Holm-adjusted 1.000)');

    // A background attribute whose table the server withheld: the warning, the test kept.
    await user.selectOptions(predictor, 'background.gender');
    await user.click(screen.getByRole('button', { name: 'Run the test' }));
    await waitFor(() => expect(calls).toContain('GET /surveys/1/association?predictor=background.gender&outcomes=confidence%2Ccareer_development&agree_min=4'));
    await waitFor(() => expect(within(section).getAllByText(/The table is withheld/).length).toBe(2));
    card = within(section).getByRole('heading', { level: 3, name: /confidence in my professional decisions/ }).closest('li')!;
    expect(within(card).queryByRole('table')).toBeNull();
    expect(within(card).getByRole('note').textContent).toContain('the table is not shown: a cell describes fewer than 5 people');
    expect(card.textContent).toContain("Fisher's exact p = 1.000");
    const summary = within(section).getByRole('region', { name: 'The association with each outcome' });
    expect(within(summary).getAllByText('withheld (small groups)').length).toBe(2);
  });

  it('offers only questions as predictor in an anonymous survey, and puts a refused predictor under its field', async () => {
    const anonymous = { ...surveyOf(), anonymity: 'anonymous' };
    const refusal = () =>
      new Response(JSON.stringify({ error: { code: 'invalid_argument', message: "no respondent's pair held a meeting scheduled in Tandem", field: 'predictor' } }), {
        status: 400,
        headers: { 'Content-Type': 'application/json' },
      });
    stubApi({ ...routes(() => []), 'GET /programs/1/surveys': { surveys: [{ survey: anonymous, responses: 33 }] }, 'GET /surveys/1/association': refusal });
    const user = userEvent.setup();
    render(
      <As>
        <EvaluationPage programId={1} />
      </As>,
    );
    await screen.findByRole('heading', { level: 2, name: 'Associations' });
    const predictor = screen.getByLabelText('Predictor') as HTMLSelectElement;
    expect([...predictor.options].map((o) => o.value)).toEqual(['good_match', 'confidence', 'career_development']);
    expect(screen.getByText(/this survey is anonymous/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Run the test' }));
    expect((await screen.findByText(/no respondent's pair held a meeting scheduled in Tandem/)).closest('.field')).toBeTruthy();
  });

  it('says comparing needs two waves when the program has one', async () => {
    stubApi(routes(() => []));
    render(
      <As>
        <EvaluationPage programId={1} />
      </As>,
    );
    const panel = (await screen.findByRole('heading', { level: 3, name: 'Compare two waves' })).closest('section')!;
    expect(panel.textContent).toContain('needs two waves');
    expect(within(panel).queryByRole('button', { name: 'Compare' })).toBeNull();
  });

  const twoWaves = {
    waves: [
      { id: 1, survey_id: 1, survey_title: 'End-of-program survey (mentees)', title: 'Start of program', audience: 'mentees', status: 'closed' },
      { id: 2, survey_id: 1, survey_title: 'End-of-program survey (mentees)', title: 'End of program', audience: 'mentees', status: 'closed' },
    ],
  };
  const prepost: PrePostReport = {
    item: 'confidence',
    before_wave: 1,
    after_wave: 2,
    agree_min: 4,
    paired: 30,
    only_before: 3,
    only_after: 1,
    median_before: 3,
    median_after: 4,
    improved: 18,
    worsened: 3,
    unchanged: 9,
    wilcoxon: { statistic: 201, p_value: 0.0041, exact: false, n: 21 },
    agreement: [
      [10, 2],
      [11, 7],
    ],
    mcnemar: { statistic: 4.923, p_value: 0.0265, correction_applied: true },
  };

  it('compares an item across two waves and reads it out', async () => {
    const calls = stubApi({ ...routes(() => []), 'GET /programs/1/survey-waves': twoWaves, 'GET /programs/1/prepost': prepost });
    const user = userEvent.setup();
    render(
      <As>
        <EvaluationPage programId={1} />
      </As>,
    );
    const panel = (await screen.findByRole('heading', { level: 3, name: 'Compare two waves' })).closest('section')!;
    const p = within(panel);
    await user.selectOptions(p.getByLabelText('Question to compare'), 'confidence');
    expect((p.getByLabelText('Before (wave)') as HTMLSelectElement).value).toBe('1');
    expect((p.getByLabelText('After (wave)') as HTMLSelectElement).value).toBe('2');
    await user.click(p.getByRole('button', { name: 'Compare' }));
    expect((await p.findAllByText('Of 30 people who answered both, 18 answered higher at the end, 3 lower; Wilcoxon signed-rank p = .004.')).length).toBeGreaterThan(0);
    expect(calls).toContain('GET /programs/1/prepost?item=confidence&before_wave=1&after_wave=2&agree_min=4');
    expect(p.getByRole('row', { name: 'Answered in both waves 30' })).toBeTruthy();
    expect(p.getByRole('row', { name: 'Answered only before 3' })).toBeTruthy();
    expect(p.getByRole('row', { name: 'Median before 3' })).toBeTruthy();
    expect(p.getByRole('row', { name: 'Median after 4' })).toBeTruthy();
    expect(p.getByRole('row', { name: 'Higher after 18' })).toBeTruthy();
    expect(p.getByRole('row', { name: /Wilcoxon signed-rank test V = 201, p = 0.004 \(normal approximation/ })).toBeTruthy();
    expect(p.getByRole('row', { name: "McNemar's test (agreeing or not) χ² = 4.92, p = 0.026 (with continuity correction)" })).toBeTruthy();
    const table = p.getByRole('region', { name: 'Agreeing before and after' });
    expect(within(table).getByRole('row', { name: 'agreeing 10 2 12' })).toBeTruthy();
    expect(within(table).getByRole('row', { name: 'not agreeing 11 7 18' })).toBeTruthy();
  });

  it('shows an anonymous survey\'s 409 and a 400 next to the wave they name', async () => {
    let answer: 'anonymous' | 'same' = 'anonymous';
    const refusal = () =>
      answer === 'anonymous'
        ? new Response(JSON.stringify({ error: { code: 'failed_precondition', message: '"Pulse" is anonymous: its answers cannot be paired by person', field: 'before_wave' } }), {
            status: 409,
            headers: { 'Content-Type': 'application/json' },
          })
        : new Response(JSON.stringify({ error: { code: 'invalid_argument', message: 'compare two different waves', field: 'after_wave' } }), {
            status: 400,
            headers: { 'Content-Type': 'application/json' },
          });
    stubApi({ ...routes(() => []), 'GET /programs/1/survey-waves': twoWaves, 'GET /programs/1/prepost': refusal });
    const user = userEvent.setup();
    render(
      <As>
        <EvaluationPage programId={1} />
      </As>,
    );
    const panel = (await screen.findByRole('heading', { level: 3, name: 'Compare two waves' })).closest('section')!;
    const p = within(panel);
    await user.click(p.getByRole('button', { name: 'Compare' }));
    const before = p.getByLabelText('Before (wave)');
    await waitFor(() => expect(before.getAttribute('aria-invalid')).toBe('true'));
    expect(panel.textContent).toContain('"Pulse" is anonymous: its answers cannot be paired by person. Anonymous answers cannot be linked to a person, so choose waves of a confidential or identified survey.');
    expect(p.queryByRole('button', { name: 'Try again' })).toBeNull();
    answer = 'same';
    await user.click(p.getByRole('button', { name: 'Compare' }));
    await p.findByText('Compare two different waves.');
    expect(p.getByLabelText('After (wave)').getAttribute('aria-invalid')).toBe('true');
    expect(before.getAttribute('aria-invalid')).not.toBe('true');
  });

  it('makes a PDF: asks for it, polls every 2 s until it is done, then links it', async () => {
    let polls = 0;
    const calls = stubApi(
      routes(() => {
        polls++;
        return polls < 3
          ? []
          : [{ id: 4, program_id: 1, status: 'done', error: null, created_at: '2026-12-06T18:00:00Z', finished_at: '2026-12-06T18:00:05Z' }];
      }),
    );
    const user = userEvent.setup();
    render(
      <As>
        <EvaluationPage programId={1} />
      </As>,
    );
    await user.click(await screen.findByRole('button', { name: 'Make a PDF' }));
    await screen.findByText('Making the PDF; this takes a few seconds.');
    const link = await screen.findByRole('link', { name: 'Download the PDF' }, { timeout: 6000 });
    expect(link.getAttribute('href')).toBe('/api/v1/reports/4/pdf');
    expect(screen.getByText('The PDF is ready.')).toBeTruthy();
    expect(calls.filter((c) => c === 'POST /programs/1/reports')).toHaveLength(1);
    await waitFor(() => expect(polls).toBeGreaterThanOrEqual(3));
  }, 10_000);
});

describe('the way in', () => {
  it("gives an evaluator's home page the evaluation as each program's main link, the overview and surveys beside it", async () => {
    stubApi({ 'GET /me/surveys': { surveys: [] } });
    render(
      <As>
        <Home />
      </As>,
    );
    const item = (await screen.findByRole('heading', { level: 3, name: 'Hematology Fellows Mentoring 2025-26' })).closest('li')!;
    expect(within(item).getByRole('link', { name: 'Open the evaluation' }).getAttribute('href')).toBe('/programs/1/evaluation');
    expect(within(item).getByRole('link', { name: 'Hematology Fellows Mentoring 2025-26' }).getAttribute('href')).toBe('/programs/1');
    expect(within(item).getByRole('link', { name: 'Surveys and response rates' }).getAttribute('href')).toBe('/programs/1/surveys');
  });

  it('tells a mentee the page is for evaluators and coordinators, asking nothing more', async () => {
    const calls = stubApi({ 'GET /programs/1': program });
    const mentee = { ...me, memberships: [{ ...me.memberships[0], role: 'mentee' }] } as Me;
    render(
      <SessionContext.Provider value={{ me: mentee, refresh: async () => mentee, signOut: async () => {} }}>
        <EvaluationPage programId={1} />
      </SessionContext.Provider>,
    );
    await screen.findByText("The evaluation of Hematology Fellows Mentoring 2025-26 is for the program's evaluators and coordinators.");
    expect(calls).toEqual(['GET /programs/1']);
  });
});
