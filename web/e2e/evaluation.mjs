#!/usr/bin/env node
// The evaluator's workspace (issue 19) on the demo data `make run` loads,
// whose completed program "Hematology Fellows Mentoring 2025-26" has 33 of 35
// pairs completed and a mentee survey in which good_match goes with
// confidence at p = .0423 (the reference program's figure):
//
//   evaluator (laptop): opens the completed program's evaluation from the
//                       home page; sees the completion figure with its
//                       intervals, "< 5" explained once, and every chart an
//                       SVG image whose name states the numbers of the
//                       table beside it (checked here: axe cannot see inside
//                       a chart); reads the survey item by item; runs the
//                       good_match association and sees p = 0.042 for
//                       confidence with its reading and the methods; runs
//                       it with the pair's match score as predictor
//                       (medians, Wilcoxon–Mann–Whitney), with gender (the
//                       small groups withheld) and with the meeting mode
//                       (refused under the field: the demo's meetings have
//                       no format); opens
//                       the printable report in a new tab; makes a PDF and
//                       downloads it (it starts with %PDF); downloads the
//                       analysis dataset and its dictionary;
//   evaluator (phone):  the same page at 390 px (and 360 px) wide, after the
//                       association: nothing scrolls sideways;
//   coordinator:        reaches the page from the program's Evaluation tab.
//
//   node web/e2e/evaluation.mjs --tandem build/release/src/cli/tandem \
//        --web-root build/release/web/dist --out build/release/web-evaluation
//
// Like the other journeys (shared harness.mjs): fails on any console or page
// error, any unexpected API answer >= 400, any axe-core violation or sideways
// scroll at a screenshot.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHarness, DEMO_COORDINATOR as coordinator, DEMO_EVALUATOR as evaluator, LAPTOP, PHONE } from './harness.mjs';

const { args, tmp, log, tandem, startServer, openContext, expect, phoneScreenshot, screenshot, checkLabels, heading, text, step, signIn, finish } = createHarness('evaluation');

let part = 0;
/** A screenshot of one part of the page, readable at its own size (the full-page ones of this long page are not). */
async function shotOf(locator, name) {
  await locator.screenshot({ path: join(args.out, `part-${String(++part).padStart(2, '0')}-${name}.png`), timeout: 60_000 });
}

const PROGRAM = 'Hematology Fellows Mentoring 2025-26';
const COMPLETION = '33 of 35 (94.3%), 95% CI 81.4–98.4% Wilson; 80.8–99.3% exact';

/** Clicks a download link and returns the file's bytes. */
async function download(page, linkName, timeout = 30_000) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout }), page.getByRole('link', { name: linkName }).click()]);
  const failure = await file.failure();
  if (failure) throw new Error(`downloading "${linkName}" failed: ${failure}`);
  return readFileSync(await file.path());
}

/** Opens every folded table, so that axe and the checks below see them. */
const openDetails = (page) => page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));

/**
 * Every chart is an inline SVG image named with its numbers: each interval
 * chart states the count, the total and both intervals of its row in "The
 * figures as a table", and each bar chart every row of the table folded
 * under it. Returns how many charts were checked.
 */
async function checkCharts(page) {
  const found = await page.evaluate(() => {
    const problems = [];
    const charts = [...document.querySelectorAll('[role="img"]')];
    for (const c of charts) {
      if (c.tagName.toLowerCase() !== 'svg') problems.push(`a chart is a <${c.tagName.toLowerCase()}>, not an SVG`);
      const name = c.getAttribute('aria-label') ?? '';
      if (!/\d/.test(name)) problems.push(`a chart's name states no number: "${name}"`);
    }
    // Interval charts against the table of every proportion.
    const names = charts.map((c) => c.getAttribute('aria-label') ?? '');
    const table = document.querySelector('[aria-label="Every proportion with its 95% intervals"] table');
    if (!table) problems.push('no table of the proportions');
    let intervals = 0;
    for (const row of table ? table.querySelectorAll('tbody tr') : []) {
      const cells = [...row.querySelectorAll('th, td')].map((x) => x.textContent.trim());
      if (cells.length < 6) continue;
      const [figure, count, of, pct, wilson, exact] = cells;
      const [w0, w1] = wilson.split('–');
      const [e0, e1] = exact.split('–');
      const want = `${figure}: ${count} of ${of}, ${pct}%; 95% confidence interval ${w0} to ${w1}% (Wilson), ${e0} to ${e1}% (exact)`;
      if (!names.includes(want)) problems.push(`no chart named "${want}"`);
      intervals++;
    }
    // Bar charts and stacked bars against the table folded under them.
    let bars = 0;
    for (const c of charts.filter((x) => x.classList.contains('count-bars') || x.classList.contains('likert-bar'))) {
      let next = c.nextElementSibling;
      while (next && !next.matches('details.chart-data')) next = next.nextElementSibling;
      if (!next) {
        problems.push(`no table beside the chart "${c.getAttribute('aria-label')}"`);
        continue;
      }
      const name = c.getAttribute('aria-label');
      for (const row of next.querySelectorAll('tbody tr')) {
        const [label, count] = [...row.querySelectorAll('th, td')].map((x) => x.textContent.trim());
        if (label === 'Missing' || label === 'Not applicable') continue;
        const spoken = count.startsWith('<') ? label : `${label} ${count}`;
        if (!name.includes(spoken)) problems.push(`the chart "${name}" does not say "${spoken}" of its table`);
      }
      bars++;
    }
    return { problems, charts: charts.length, intervals, bars };
  });
  if (found.problems.length) throw new Error(`charts:\n  ${found.problems.join('\n  ')}`);
  if (found.intervals < 6 || found.bars < 5) throw new Error(`too few charts checked: ${JSON.stringify(found)}`);
  return found;
}

async function main() {
  const base = await startServer(async () => {
    tandem(['migrate']);
    tandem(['demo', '--out-dir', join(tmp, 'demo')]);
  });
  expect('GET', /^\/api\/v1\/me$/, 401);

  step('evaluator (laptop): the completed program\'s evaluation from the home page');
  const page = await openContext('evaluator', LAPTOP);
  await signIn(page, base, evaluator);
  await page.getByRole('listitem').filter({ hasText: PROGRAM }).getByRole('link', { name: 'Open the evaluation' }).click();
  await heading(page, /Evaluation/);
  const programId = Number(/\/programs\/(\d+)\/evaluation/.exec(page.url())[1]);
  await text(page, COMPLETION);
  await page.getByRole('img', { name: /^Pairs completed, of pairs that started: 33 of 35, 94\.3%; 95% confidence interval 81\.4 to 98\.4% \(Wilson\), 80\.8 to 99\.3% \(exact\)$/ }).waitFor();
  await text(page, 'Counts under 5 are hidden (shown as “< 5”), and sometimes one more so that none can be worked out from the totals');
  if ((await page.getByText(/Counts under \d+ are hidden/).count()) !== 1) throw new Error('the meaning of "< k" should be said once');
  await text(page, '33 responses', { exact: true });
  await page.getByRole('img', { name: /^33 answered: .*; 78\.8% agree$/ }).first().waitFor();
  // The demo's two waves are for different people (mentees, mentors): nothing to compare before and after.
  await text(page, /Comparing answers before and after needs two waves asked of the same people/);
  await screenshot(page, 'evaluator-figures');
  await shotOf(page.getByRole('region', { name: 'Program figures' }).locator('.two-col').first(), 'figures');
  await shotOf(page.getByRole('region', { name: 'Survey results' }), 'survey-results');

  step('evaluator: every chart is an SVG image named with the numbers of its table');
  await openDetails(page);
  const charts = await checkCharts(page);
  log(`charts: ${charts.charts} images, ${charts.intervals} intervals and ${charts.bars} bar charts checked against their tables`);
  await screenshot(page, 'evaluator-figures-with-tables');

  step('evaluator: the good_match association (p = 0.042 for confidence)');
  const assoc = page.getByRole('region', { name: 'Associations' });
  if ((await assoc.getByLabel('Predictor').inputValue()) !== 'good_match') throw new Error('the predictor should be good_match');
  for (const outcome of [/confidence in my professional decisions/, /next steps of my career/, /sense of belonging/])
    if (!(await assoc.getByRole('checkbox', { name: outcome }).isChecked())) throw new Error(`the outcome ${outcome} should be ticked`);
  await checkLabels(page, 'association form');
  await assoc.getByRole('button', { name: 'Run the test' }).click();
  await assoc.getByRole('heading', { level: 3, name: 'Methods' }).waitFor();
  const card = assoc.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: /confidence in my professional decisions/ }) });
  await card.getByText('p = 0.042', { exact: true }).waitFor();
  const reading = await card.locator('.reading').textContent();
  if (!reading.includes('agreed more often') || !reading.includes('(25 of 25 vs 5 of 7); p = .042, Holm-adjusted')) throw new Error(`the reading: ${reading}`);
  log(`reading: ${reading}`);
  await card.getByRole('row', { name: 'agreed 25 0 25' }).waitFor();
  await text(page, "Fisher's exact test (two-sided) on the 2×2 table");
  await assoc.getByRole('heading', { level: 3, name: 'Methods' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'evaluator-association');
  await shotOf(page.locator('.association-results'), 'association');

  step("evaluator: a pair measure as predictor (the pair's match score: medians, Wilcoxon–Mann–Whitney, Spearman)");
  const predictors = await assoc.getByLabel('Predictor').locator('option').evaluateAll((os) => os.map((o) => o.value));
  for (const want of ['pair.match_score', 'pair.meetings_held', 'pair.meeting_adherence', 'pair.meeting_mode', 'background.gender'])
    if (!predictors.includes(want)) throw new Error(`the predictor list lacks ${want}: ${predictors.join(', ')}`);
  if (predictors.some((p) => p === 'background.parent')) throw new Error('background.parent has one value in the demo and should not be offered');
  await assoc.getByLabel('Predictor').selectOption('pair.match_score');
  await assoc.getByRole('button', { name: 'Run the test' }).click();
  await assoc.getByText(/Wilcoxon–Mann–Whitney rank-sum test/).waitFor();
  const measureCard = assoc.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: /confidence in my professional decisions/ }) });
  // The demo: 30 agreeing with confidence, 2 not; match score medians 63.75 and 65.75, W = 24.5, p = 0.697 (tandem evaluate association).
  await measureCard.getByRole('row', { name: 'agreed 30 63.8' }).waitFor();
  await measureCard.getByRole('row', { name: 'did not 2 65.8' }).waitFor();
  const measureReading = await measureCard.locator('.reading').textContent();
  if (!measureReading.startsWith("The pair's match score: median 63.8 among the 30 mentees who agreed") || !measureReading.includes('Wilcoxon–Mann–Whitney p = .697'))
    throw new Error(`the pair measure's reading: ${measureReading}`);
  log(`pair measure: ${measureReading}`);
  await screenshot(page, 'evaluator-association-pair-measure');
  await shotOf(page.locator('.association-results'), 'association-pair-measure');

  step('evaluator: a background attribute (its small groups withheld, the test kept) and the meeting mode (refused on the demo, with its reason)');
  await assoc.getByLabel('Predictor').selectOption('background.gender');
  await assoc.getByRole('button', { name: 'Run the test' }).click();
  await assoc.getByText(/The table is withheld/).first().waitFor();
  await assoc.getByText(/Fisher–Freeman–Halton exact test/).first().waitFor();
  expect('GET', /^\/api\/v1\/surveys\/\d+\/association$/, 400);
  await assoc.getByLabel('Predictor').selectOption('pair.meeting_mode');
  await assoc.getByText(/of most of the held meetings of their pair/).waitFor();
  await assoc.getByRole('button', { name: 'Run the test' }).click();
  await assoc.locator('.field-error').filter({ hasText: /no respondent's pair held a meeting scheduled in Tandem/ }).waitFor();
  await screenshot(page, 'evaluator-association-meeting-mode-refused');

  step('evaluator: the printable report in a new tab');
  const [report] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: 'Open the printable report (new tab)' }).click()]);
  await report.waitForLoadState();
  if (!report.url().endsWith(`/api/v1/programs/${programId}/report.html`)) throw new Error(`the report opened ${report.url()}`);
  const reportText = await report.locator('body').textContent();
  if (!reportText.includes(PROGRAM)) throw new Error('the printable report does not name the program');
  await report.close();

  step('evaluator: a PDF, made in the background and downloaded');
  await page.getByRole('button', { name: 'Make a PDF' }).click();
  await page.getByRole('link', { name: 'Download the PDF' }).waitFor({ timeout: 120_000 });
  await text(page, 'The PDF is ready.');
  const pdf = await download(page, 'Download the PDF');
  if (pdf.subarray(0, 4).toString('latin1') !== '%PDF') throw new Error(`the PDF starts with ${JSON.stringify(pdf.subarray(0, 16).toString('latin1'))}`);
  log(`PDF: ${pdf.length} bytes`);
  const dataset = (await download(page, 'Analysis dataset (CSV)')).toString('utf8');
  const header = dataset.split('\n')[0];
  if (!header.startsWith('person,') || /name|email/i.test(header)) throw new Error(`the analysis dataset's header: ${header}`);
  for (const who of ['Daniel Quispe', 'Umar Hernandez', '@']) if (dataset.includes(who)) throw new Error(`the analysis dataset holds "${who}"`);
  const dictionary = (await download(page, 'Its data dictionary (CSV)')).toString('utf8');
  if (!dictionary.startsWith('column,')) throw new Error(`the dictionary starts: ${dictionary.slice(0, 80)}`);
  await screenshot(page, 'evaluator-report');
  await shotOf(page.getByRole('region', { name: 'Report and downloads' }), 'report');

  step('evaluator (phone): the evaluation at 390 px, nothing scrolls sideways');
  const phone = await openContext('evaluator-phone', PHONE);
  await signIn(phone, base, evaluator);
  await phone.getByRole('listitem').filter({ hasText: PROGRAM }).getByRole('link', { name: 'Open the evaluation' }).click();
  await heading(phone, /Evaluation/);
  await text(phone, COMPLETION);
  await text(phone, '33 responses', { exact: true });
  await phone.getByRole('button', { name: 'Run the test' }).click();
  await phone.getByRole('heading', { level: 3, name: 'Methods' }).waitFor();
  await openDetails(phone);
  const width = await phone.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  if (width[0] > width[1]) throw new Error(`at 390 px the page is ${width[0]} px wide`);
  await screenshot(phone, 'evaluator-at-390px');
  await shotOf(phone.getByRole('region', { name: 'Program figures' }).locator('.figure-card').first(), 'phone-completion');
  await shotOf(phone.locator('.association-results li.association').first(), 'phone-association');
  await phoneScreenshot(phone, 'evaluator-at-360px');

  step('coordinator (laptop): the Evaluation tab');
  const coord = await openContext('coordinator', LAPTOP);
  await signIn(coord, base, coordinator);
  await coord.goto(`${base}/programs/${programId}`);
  await heading(coord, /Set-up/);
  await coord.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Evaluation' }).click();
  await heading(coord, /Evaluation/);
  await text(coord, COMPLETION);
  await screenshot(coord, 'coordinator-evaluation');
}

await finish(main);
