#!/usr/bin/env node
// The survey journey (docs/surveys.md) on the demo data `make run` loads:
//
//   coordinator (laptop): opens the Fellows program's Surveys tab, builds an
//                         end-of-program survey from the library (match
//                         quality, satisfaction) with a question of the
//                         program's own (a number from 0 to 50), keeps it
//                         confidential, schedules a wave opening today (UTC)
//                         for the mentors and mentees of active pairs, and
//                         opens it;
//   mentee (phone):       finds the survey on the home page, reads how the
//                         answers are kept, answers part of it (a number out
//                         of range is refused as it is typed), sees "Saved.",
//                         reloads and finds the answers kept; sending with
//                         required questions left says so under them; answers
//                         the rest and sends; may change the answers;
//   coordinator (laptop): sees "1 of N answered", downloads the REDCap data
//                         dictionary, and is told the rows go to evaluators;
//   evaluator (laptop):   finds the surveys page from the home page and
//                         downloads the responses: one row, respondent R1,
//                         no name.
//
//   node web/e2e/surveys.mjs --tandem build/release/src/cli/tandem \
//        --web-root build/release/web/dist --out build/release/web-surveys
//
// Like the other journeys (shared harness.mjs): fails on any console or page
// error, any unexpected API answer >= 400, any axe-core violation or sideways
// scroll at a screenshot.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHarness, demoSignIn, DEMO_COORDINATOR as coordinator, DEMO_EVALUATOR as evaluator, LAPTOP, PHONE } from './harness.mjs';

const { tmp, log, tandem, startServer, openContext, expect, phoneScreenshot, screenshot, checkLabels, heading, text, step, signIn, finish } = createHarness('surveys');

const PROGRAM = 'Hematology Fellows Mentoring 2026-27';
const SURVEY = 'End of program 2027';
const WAVE = 'End of the program, all pairs';

/** The rows of a CSV text (quoted cells with commas, quotes and line breaks). */
function parseCsv(textIn) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < textIn.length; i++) {
    const c = textIn[i];
    if (quoted) {
      if (c === '"' && textIn[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && textIn[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Clicks a download link and returns the file's text. */
async function download(page, linkName) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  const failure = await file.failure();
  if (failure) throw new Error(`downloading "${linkName}" failed: ${failure}`);
  return readFileSync(await file.path(), 'utf8');
}

/** The radio button `choice` in the group whose legend matches `question`. */
const answer = (page, question, choice) => page.getByRole('group', { name: question }).getByRole('radio', { name: choice, exact: true });

async function main() {
  let demoOutput = '';
  const base = await startServer(async () => {
    tandem(['migrate']);
    demoOutput = tandem(['demo', '--out-dir', join(tmp, 'demo')]);
  });
  const menteeWho = demoSignIn(demoOutput, 'mentee');
  log(`demo mentee: ${menteeWho.name}`);
  expect('GET', /^\/api\/v1\/me$/, 401);

  step('coordinator (laptop): the Fellows program\'s Surveys tab');
  const coord = await openContext('coordinator', LAPTOP);
  await signIn(coord, base, coordinator);
  await coord.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Programs' }).click();
  await coord.getByRole('link', { name: PROGRAM }).first().click();
  await heading(coord, /Set-up/);
  await coord.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Surveys' }).click();
  await heading(coord, /Surveys/);
  await text(coord, 'No survey yet.');

  step('coordinator: builds a confidential end-of-program survey from the library and one question of the program\'s own');
  await coord.getByRole('button', { name: 'Build a survey' }).click();
  await coord.getByLabel('Title', { exact: true }).fill(SURVEY);
  await coord.getByLabel('Introduction (optional)').fill('Ten minutes about your year in the program. Thank you for helping us make it better.');
  const confidential = coord.getByRole('radio', { name: 'Confidential (recommended)' });
  if (!(await confidential.isChecked())) throw new Error('a new survey should be confidential unless chosen otherwise');
  await text(coord, 'the answers can never be related to match data');
  await coord.getByRole('checkbox', { name: 'Match quality' }).check();
  await coord.getByRole('checkbox', { name: 'Satisfaction with the program' }).check();
  await coord.getByRole('button', { name: 'Add your own question' }).click();
  await coord.getByLabel('Kind').selectOption('number');
  await coord.getByLabel('Code', { exact: true }).fill('in_person_meetings');
  await coord.getByLabel('Question', { exact: true }).fill('How many times did you meet in person?');
  await coord.getByLabel('Lowest allowed (optional)').fill('0');
  await coord.getByLabel('Highest allowed (optional)').fill('50');
  await text(coord, '7 questions in all.');
  await checkLabels(coord, 'survey builder');
  await screenshot(coord, 'coordinator-builds-a-survey');
  await coord.getByRole('button', { name: 'Create the survey' }).click();
  await coord.getByRole('heading', { level: 3, name: SURVEY }).waitFor();
  await text(coord, /Version 1 · 7 questions · confidential · 0 responses/);
  await text(coord, "go to the program's evaluators, de-identified");
  if ((await coord.getByRole('link', { name: /Responses/ }).count()) !== 0) throw new Error('a coordinator should get no responses link for a confidential survey');

  step('coordinator: a wave opening today (UTC) for the mentors and mentees of active pairs, opened');
  const today = new Date().toISOString().slice(0, 10);
  await coord.getByLabel('Survey', { exact: true }).selectOption({ label: SURVEY });
  await coord.getByLabel('Title of the wave').fill(WAVE);
  await coord.getByLabel('Who is asked').selectOption('both');
  await coord.getByLabel('Whose pairs').selectOption('active');
  await coord.getByLabel('When it opens').selectOption('dates');
  await coord.getByLabel('Opens on (UTC)').fill(today);
  await coord.getByLabel('Open for (days)').fill('21');
  await coord.getByLabel('Reminders (days after it opens)').fill('3, 7');
  await coord.getByRole('button', { name: 'Schedule the wave' }).click();
  await coord.getByRole('heading', { level: 3, name: new RegExp(WAVE) }).waitFor();
  await text(coord, `opens on ${today}, for 21 days · reminders on days 3 and 7`);
  await coord.getByRole('button', { name: 'Open the wave…' }).click();
  await coord.getByRole('button', { name: 'Yes, open it' }).click();
  await text(coord, new RegExp(`${WAVE} is open: \\d+ people invited`));
  const invited = Number(/0 of (\d+) answered/.exec(await coord.locator('.rate-total').first().textContent())?.[1]);
  log(`the wave invited ${invited} people`);
  if (!(invited > 2)) throw new Error(`the wave should invite the mentors and mentees of the active pairs, not ${invited}`);
  await screenshot(coord, 'coordinator-wave-open');

  step(`mentee ${menteeWho.name} (phone): the survey on the home page, how the answers are kept`);
  const mentee = await openContext('mentee', PHONE);
  await signIn(mentee, base, menteeWho);
  const surveys = mentee.getByRole('region', { name: 'Surveys for you' });
  await surveys.getByText('not answered yet').waitFor();
  await screenshot(mentee, 'mentee-home-with-survey');
  await surveys.getByRole('link', { name: SURVEY }).click();
  await heading(mentee, new RegExp(SURVEY));
  await text(mentee, 'Your answers are confidential');
  await text(mentee, 'Ten minutes about your year in the program.');

  step('mentee: answers part of it; a number out of range is refused as it is typed; saved as she goes');
  await answer(mentee, /good match for me/, 'Agree').check();
  await answer(mentee, /shared enough professional interests/, 'Strongly agree').check();
  const meetings = mentee.getByLabel(/How many times did you meet in person/);
  await meetings.fill('500');
  await text(mentee, 'the number must be between 0 and 50');
  await meetings.fill('4');
  if ((await mentee.getByText('the number must be between 0 and 50').count()) !== 0) throw new Error('the range message should go once the number is right');
  await mentee.getByText('Saved.', { exact: true }).waitFor();
  await checkLabels(mentee, 'answer page');
  await screenshot(mentee, 'mentee-answers-part');
  await phoneScreenshot(mentee, 'mentee-answers-part');
  // On a wide screen each scale reads left to right.
  await mentee.setViewportSize(LAPTOP);
  await screenshot(mentee, 'mentee-answers-part-wide');
  await mentee.setViewportSize(PHONE);

  step('mentee: reloads and finds the answers kept');
  await mentee.reload();
  await heading(mentee, new RegExp(SURVEY));
  if (!(await answer(mentee, /good match for me/, 'Agree').isChecked())) throw new Error('the saved answer "Agree" is not shown after reloading');
  if (!(await answer(mentee, /shared enough professional interests/, 'Strongly agree').isChecked())) throw new Error('the saved answer "Strongly agree" is not shown after reloading');
  if ((await mentee.getByLabel(/How many times did you meet in person/).inputValue()) !== '4') throw new Error('the saved number is not shown after reloading');

  step('mentee: sending with required questions left says so under them; she completes and sends');
  await mentee.getByRole('button', { name: 'Send my answers' }).click();
  await text(mentee, '3 questions need your attention');
  await mentee.getByText('please answer this question').first().waitFor();
  if ((await mentee.getByText('please answer this question').count()) !== 3) throw new Error('each of the 3 unanswered required questions should say so');
  await answer(mentee, /choose the same partner/, 'Agree').check();
  await answer(mentee, /satisfied with the mentoring program/, 'Strongly agree').check();
  await answer(mentee, /recommend this program/, 'Strongly agree').check();
  await mentee.getByLabel(/What would you change about the program/).fill('More time with the other fellows at the annual meeting.');
  await mentee.getByRole('button', { name: 'Send my answers' }).click();
  await mentee.getByRole('heading', { name: 'Thank you: your answers are sent.' }).waitFor();
  await mentee.getByRole('button', { name: 'Change my answers' }).waitFor();
  await screenshot(mentee, 'mentee-sent');
  await mentee.goto(base + '/');
  await mentee.getByRole('region', { name: 'Surveys for you' }).getByText('answered', { exact: true }).waitFor();

  step('coordinator: 1 answered, the data dictionary');
  await coord.reload();
  await heading(coord, /Surveys/);
  await text(coord, `1 of ${invited} answered`);
  await text(coord, /Version 1 · 7 questions · confidential · 1 response\b/);
  await screenshot(coord, 'coordinator-response-rate');
  await phoneScreenshot(coord, 'coordinator-response-rate');
  const dictionary = await download(coord, 'Data dictionary for REDCap (CSV)');
  if (!dictionary.startsWith('Variable / Field Name')) throw new Error(`the data dictionary should start with "Variable / Field Name":\n${dictionary.slice(0, 200)}`);
  if (!dictionary.includes('in_person_meetings')) throw new Error('the data dictionary lacks the program\'s own question');

  step('evaluator (laptop): the surveys page from the home page; the responses, de-identified');
  const evalPage = await openContext('evaluator', LAPTOP);
  await signIn(evalPage, base, evaluator);
  await evalPage.getByRole('listitem').filter({ hasText: PROGRAM }).getByRole('link', { name: 'Surveys and response rates' }).click();
  await heading(evalPage, /Surveys/);
  await text(evalPage, `1 of ${invited} answered`);
  if ((await evalPage.getByRole('button', { name: 'Build a survey' }).count()) !== 0) throw new Error('an evaluator should not build surveys');
  await screenshot(evalPage, 'evaluator-surveys');
  const csv = parseCsv((await download(evalPage, 'Responses, de-identified (CSV)')).trim());
  const [header, ...rows] = csv;
  if (rows.length !== 1) throw new Error(`the responses file should hold one row, not ${rows.length}:\n${csv.map((r) => r.join(',')).join('\n')}`);
  const col = (name) => header.indexOf(name);
  if (col('respondent') < 0 || rows[0][col('respondent')] !== 'R1') throw new Error(`the respondent should be R1: ${header.join(',')} / ${rows[0].join(',')}`);
  if (col('name') >= 0 || col('participant_id') >= 0) throw new Error(`an evaluator's file names people: ${header.join(',')}`);
  const all = csv.map((r) => r.join(',')).join('\n');
  for (const part of [menteeWho.name, ...menteeWho.name.split(' '), menteeWho.email]) {
    if (part.length > 2 && all.includes(part)) throw new Error(`the de-identified responses hold "${part}"`);
  }
  if (rows[0][col('good_match')] !== '4' || rows[0][col('in_person_meetings')] !== '4') throw new Error(`the answers are not in the file: ${rows[0].join(',')}`);
}

await finish(main);
