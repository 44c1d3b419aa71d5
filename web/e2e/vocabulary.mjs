#!/usr/bin/env node
// A program's own vocabulary and intake questions (issue 23), on the demo
// data `make run` loads, mostly at phone width (390 px):
//
//   admin (phone):  creates "Journey Oncology Nurse Mentoring" from the
//                   oncology nursing template (the field follows it), not
//                   cross-institution (one cancer centre);
//                   on the Vocabulary page sees where it started; on the
//                   Intake questions tab adds a must-match, required single
//                   choice "Which shift do you work?" (code made from the
//                   text, then shortened to "shift"; an option code the
//                   server refuses is named beside the options) and a
//                   weighted "How would you like to meet?" (same answer,
//                   20 points); the set-up's weights list both questions;
//                   imports ten nurses from a CSV with a "shift" and a
//                   "meeting" column (written here), opens enrollment and
//                   moves to matching; runs matching and reads, in the
//                   result's breakdown, the question's bar named by its
//                   text; every proposed pair shares a shift (must-match);
//                   renames the topic "cancer pain" and is told 3 profiles
//                   were updated; adopts the free tag "wound care" under
//                   "symptom management"; moves a career stage; a taxonomy
//                   file with problems is refused row by row, nothing
//                   changed; downloads the taxonomy;
//                   opens a nurse's profile: the questions asked of her
//                   role by kind with her imported answers, the optional
//                   one marked so, the pickers in the renamed vocabulary;
//                   changes an answer and saves.
//
//   node web/e2e/vocabulary.mjs --tandem build/release/src/cli/tandem \
//        --web-root build/release/web/dist --out build/release/web-vocabulary
//
// Like the other journeys (shared harness.mjs): fails on any console or page
// error, any unexpected API answer >= 400, any axe-core violation or sideways
// scroll at a screenshot.
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHarness, pageApi as api, DEMO_ADMIN as admin, LAPTOP, PHONE } from './harness.mjs';

const { args, tmp, log, tandem, startServer, openContext, expect, phoneScreenshot, screenshot, checkLabels, heading, text, step, signIn, finish } = createHarness('vocabulary');

const PROGRAM = 'Journey Oncology Nurse Mentoring';
const SHIFT = 'Which shift do you work?';
const MEETING = 'How would you like to meet?';

// Four mentors, six mentees; shifts so that every mentee has a mentor on her shift.
// "cancer pain" is in three people's interests (the rename updates 3 profiles);
// "wound care" is a free tag two people typed.
const PEOPLE = [
  ['mentor', 'NM1', 'Alice Moreau', 'charge nurse', 'cancer pain;symptom management', 'day', 'in_person'],
  ['mentor', 'NM2', 'Bea Okafor', 'nurse navigator', 'oncology nurse navigation;wound care', 'night', 'video'],
  ['mentor', 'NM3', 'Carmen Diaz', 'nurse educator', 'chemotherapy administration', 'day', 'video'],
  ['mentor', 'NM4', 'Dana Singh', 'clinical nurse specialist', 'cancer pain', 'night', 'in_person'],
  ['mentee', 'NE1', 'Eve Laurent', 'new graduate nurse', 'chemotherapy administration', 'day', 'video'],
  ['mentee', 'NE2', 'Fay Chen', 'staff nurse', 'cancer pain;mucositis', 'night', 'in_person'],
  ['mentee', 'NE3', 'Gia Rossi', 'new graduate nurse', 'wound care', 'day', 'in_person'],
  ['mentee', 'NE4', 'Hana Ito', 'staff nurse', 'oncology nurse navigation', 'night', 'video'],
  ['mentee', 'NE5', 'Ines Silva', 'nursing student', 'symptom management', 'day', 'video'],
  ['mentee', 'NE6', 'Jo Park', 'new graduate nurse', 'febrile neutropenia', 'night', 'in_person'],
];
const SHIFT_OF = Object.fromEntries(PEOPLE.map((p) => [p[1], p[5]]));

function participantsCsv() {
  const rows = [['role', 'id', 'name', 'institution', 'career_stage', 'capacity', 'interests', 'languages', 'time_zone', 'availability', 'shift', 'meeting']];
  for (const [role, id, name, stage, interests, shift, meeting] of PEOPLE)
    rows.push([role, id, name, 'Riverside Cancer Centre', stage, role === 'mentor' ? '2' : '1', interests, 'english', 'America/Toronto', 'Tue 14:00-16:00;Thu 14:00-16:00', shift, meeting]);
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}

let part = 0;
/** A screenshot of one part of the page (full pages of a long tree are unreadable). */
async function shotOf(locator, name) {
  await locator.screenshot({ path: join(args.out, `part-${String(++part).padStart(2, '0')}-${name}.png`), timeout: 60_000 });
}

/** What the window shows now (not the whole page): a message at the bottom and the entry it is about. */
async function viewShot(page, name) {
  await page.screenshot({ path: join(args.out, `part-${String(++part).padStart(2, '0')}-${name}.png`), timeout: 60_000 });
}

async function main() {
  const base = await startServer(async () => {
    tandem(['migrate']);
    tandem(['demo', '--out-dir', join(tmp, 'demo')]);
  });
  expect('GET', /^\/api\/v1\/me$/, 401);

  step('admin (phone): creates a nursing program from the oncology nursing template');
  const page = await openContext('admin', PHONE);
  await signIn(page, base, admin);
  await page.goto(`${base}/programs/new`);
  await heading(page, 'Create a program');
  await page.getByLabel('Name', { exact: true }).fill(PROGRAM);
  await page.getByRole('radio', { name: /^Oncology nursing — Chemotherapy and immunotherapy administration/ }).check();
  if ((await page.getByLabel('Field', { exact: true }).inputValue()) !== 'oncology nursing') throw new Error('the field does not follow the template');
  await page.getByLabel(/^Cross-institution/).uncheck();
  await checkLabels(page, 'create program');
  await screenshot(page, 'create-program-template');
  await page.getByRole('button', { name: 'Create the program' }).click();
  await heading(page, /Set-up/);
  const programId = Number(/\/programs\/(\d+)/.exec(page.url())[1]);
  const vocab = (await api(page, 'GET', `/programs/${programId}/vocabulary`)).body;
  if (vocab.source !== 'template:oncology_nursing') throw new Error(`the new program's vocabulary started from ${vocab.source}`);

  step('admin (phone): the Vocabulary page shows where it started');
  await page.getByRole('heading', { name: 'Vocabulary and intake questions' }).waitFor();
  await page.getByRole('link', { name: 'Edit the vocabulary' }).click();
  await heading(page, /Vocabulary/);
  await page.getByTestId('vocabulary-source').getByText('the Oncology nursing template').waitFor();
  await page.getByRole('heading', { name: /^Topics \(\d+\)$/ }).waitFor();
  await checkLabels(page, 'vocabulary');
  await shotOf(page.locator('section.card', { has: page.getByRole('heading', { name: "This program's vocabulary" }) }), 'vocabulary-source');

  step(`admin (phone): adds the must-match question "${SHIFT}"`);
  await page.getByRole('link', { name: /^Intake questions/ }).click();
  await page.getByRole('heading', { name: 'Intake questions (0)' }).waitFor();
  await page.getByRole('button', { name: 'Add a question' }).click();
  const form = page.locator('form.question-form');
  await form.getByLabel('Question', { exact: true }).fill(SHIFT);
  const code = form.getByLabel('Code', { exact: true });
  if ((await code.inputValue()) !== 'which_shift_do_you_work') throw new Error(`the code made from the question is ${await code.inputValue()}`);
  await code.fill('shift');
  for (const label of ['Day', 'Night']) {
    await form.getByRole('button', { name: 'Add an option' }).click();
    await form.getByLabel('Label', { exact: true }).last().fill(label);
  }
  const codes = await form.locator('.option-row').getByLabel('Code', { exact: true }).evaluateAll((els) => els.map((e) => e.value));
  if (codes.join(',') !== 'day,night') throw new Error(`the option codes made from the labels are ${codes}`);
  // An option code the server refuses is named beside the options.
  await form.locator('.option-row').last().getByLabel('Code', { exact: true }).fill('Night Shift');
  await form.getByLabel(/^Required/).check();
  await form.getByRole('radio', { name: /^Must match/ }).check();
  await form.getByLabel('Weight (points)').fill('10');
  expect('PUT', new RegExp(`^/api/v1/programs/${programId}/questions$`), 400);
  await form.getByRole('button', { name: 'Add the question' }).click();
  await form.locator('fieldset.options-editor .field-error').waitFor();
  await checkLabels(page, 'question form');
  await shotOf(form, 'question-option-error');
  await form.locator('.option-row').last().getByLabel('Code', { exact: true }).fill('night');
  await form.getByRole('button', { name: 'Add the question' }).click();
  await page.getByRole('heading', { name: 'Intake questions (1)' }).waitFor();
  await text(page, `Added “${SHIFT}”.`);

  step(`admin (phone): adds the weighted question "${MEETING}"`);
  await page.getByRole('button', { name: 'Add a question' }).click();
  await form.getByLabel('Question', { exact: true }).fill(MEETING);
  await form.getByLabel('Code', { exact: true }).fill('meeting');
  for (const label of ['In person', 'Video']) {
    await form.getByRole('button', { name: 'Add an option' }).click();
    await form.getByLabel('Label', { exact: true }).last().fill(label);
  }
  await form.getByRole('radio', { name: /^Same answer/ }).check();
  await form.getByLabel('Weight (points)').fill('20');
  await screenshot(page, 'question-form');
  await form.getByRole('button', { name: 'Add the question' }).click();
  await page.getByRole('heading', { name: 'Intake questions (2)' }).waitFor();
  const saved = (await api(page, 'GET', `/programs/${programId}/vocabulary`)).body.questions;
  const want = 'shift:single:must_match:10:required:day|night;meeting:single:same:20:optional:in_person|video';
  const got = saved.map((q) => `${q.code}:${q.kind}:${q.match}:${q.weight}:${q.required ? 'required' : 'optional'}:${q.options.map((o) => o.code).join('|')}`).join(';');
  if (got !== want) throw new Error(`the saved questions are ${got}, not ${want}`);
  await screenshot(page, 'questions');

  step('admin (phone): the set-up weights list the questions that count');
  await page.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Set-up' }).click();
  await heading(page, /Set-up/);
  const qw = page.locator('fieldset.question-weights');
  if ((await qw.getByRole('spinbutton', { name: `${MEETING} points` }).inputValue()) !== '20') throw new Error('the meeting question does not weigh 20 on the set-up page');
  await qw.getByRole('spinbutton', { name: `${SHIFT} points` }).waitFor();
  const sum = await page.getByTestId('weight-sum').textContent();
  if (sum !== '130') throw new Error(`a perfect pair should score 100 + 10 + 20 = 130, not ${sum}`);
  await shotOf(qw, 'setup-question-weights');
  await page.getByRole('button', { name: 'Open enrollment' }).click();
  await page.getByRole('button', { name: 'Move to matching' }).waitFor();

  step('admin (phone): imports ten nurses with their answers');
  const csv = join(tmp, 'nurses.csv');
  writeFileSync(csv, participantsCsv());
  await page.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Enrollment' }).click();
  await heading(page, /Enrollment/);
  await page.getByLabel('CSV file', { exact: true }).setInputFiles(csv);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await text(page, /Imported 10 rows: 10 added/);
  await screenshot(page, 'imported');
  await page.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Set-up' }).click();
  await page.getByRole('button', { name: 'Move to matching' }).click();
  await page.getByRole('button', { name: 'Make the program active' }).waitFor();

  step('admin (phone): runs matching and reads the question bars by their text');
  await page.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Matching' }).click();
  await heading(page, /Matching/);
  await page.getByRole('button', { name: 'Run matching' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('h2')].some((h) => /^Run #\d+/.test(h.textContent) && /done$/.test(h.textContent.trim())), null, { timeout: 60_000 });
  const legend = page.getByRole('list', { name: 'Colours of the breakdown bars' });
  await legend.getByText(SHIFT, { exact: true }).waitFor();
  await legend.getByText(MEETING, { exact: true }).waitFor();
  if (await legend.getByText('question:shift').count()) throw new Error('the legend shows the raw facet name');
  const firstRow = page.locator('table.proposals tbody tr').first();
  const bar = await firstRow.locator('.breakdown').getAttribute('aria-label');
  if (!bar.includes(`${SHIFT} `)) throw new Error(`the first pair's bar does not name the shift question: ${bar}`);
  await firstRow.getByText('Points by facet').click();
  await firstRow.locator('.breakdown-details dt', { hasText: SHIFT }).waitFor();
  await screenshot(page, 'matching-result');
  await shotOf(page.locator('section.card', { has: page.getByRole('heading', { name: /^Run #\d+/ }) }), 'matching-result-card');
  const runs = (await api(page, 'GET', `/programs/${programId}/matching-runs`)).body;
  const runId = (runs.runs ?? runs)[0].id;
  const run = (await api(page, 'GET', `/matching-runs/${runId}`)).body;
  if ((run.proposals ?? []).length !== 6) throw new Error(`expected 6 proposed pairs, got ${(run.proposals ?? []).length}`);
  for (const p of run.proposals) {
    if (SHIFT_OF[p.mentee] !== SHIFT_OF[p.mentor]) throw new Error(`${p.mentee} (${SHIFT_OF[p.mentee]}) is paired with ${p.mentor} (${SHIFT_OF[p.mentor]}): must-match broken`);
    if (!(p.breakdown['question:shift'] > 0)) throw new Error(`pair ${p.mentee}/${p.mentor} earned nothing on the shift question: ${JSON.stringify(p.breakdown)}`);
  }
  log(`run ${runId}: 6 pairs, each on one shift`);

  step('admin (phone): renames a topic (3 profiles updated), adopts a free tag, moves a career stage');
  await page.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Vocabulary' }).click();
  await heading(page, /Vocabulary/);
  await page.getByRole('button', { name: 'Change cancer pain', exact: true }).click();
  const tools = page.getByRole('group', { name: 'Change “cancer pain”' });
  await checkLabels(page, 'topic tools');
  await tools.scrollIntoViewIfNeeded();
  await shotOf(tools, 'topic-tools');
  await tools.getByLabel('Rename “cancer pain”').fill('cancer pain management');
  await tools.getByRole('button', { name: 'Rename', exact: true }).click();
  await text(page, 'Renamed “cancer pain” to “cancer pain management”: 3 profiles updated.');
  await page.getByRole('button', { name: 'Change cancer pain management', exact: true }).scrollIntoViewIfNeeded();
  await viewShot(page, 'topic-renamed-phone');
  await screenshot(page, 'topic-renamed');
  const free = page.locator('li.free-tag-row', { hasText: 'wound care' });
  await free.getByText('topic · 2 people').waitFor();
  await free.getByRole('combobox', { name: 'Parent topic for wound care' }).selectOption('symptom management');
  await shotOf(page.locator('section.card', { has: page.getByRole('heading', { name: 'Free tags people typed' }) }), 'free-tags');
  await free.getByRole('button', { name: 'Adopt wound care as a topic' }).click();
  await text(page, 'Added “wound care” under “symptom management”.');
  await page.getByRole('button', { name: 'Change wound care', exact: true }).waitFor();
  const stages = page.getByRole('list', { name: 'Career stages' });
  await stages.getByRole('button', { name: 'Move charge nurse up' }).click();
  await text(page, 'Moved “charge nurse”.');
  const after = (await api(page, 'GET', `/programs/${programId}/vocabulary`)).body;
  const cs = after.taxonomy.career_stages;
  if (cs.indexOf('charge nurse') !== cs.indexOf('experienced staff nurse') - 1) throw new Error(`charge nurse did not move up: ${cs.join(', ')}`);
  if (!after.taxonomy.topics.some((t) => t.id === 'wound care' && t.parent === 'symptom management')) throw new Error('wound care was not adopted under symptom management');
  const fay = await api(page, 'GET', `/programs/${programId}/enrollments`);
  const enrollments = fay.body.enrollments ?? fay.body;
  const fayId = enrollments.find((e) => e.participant_id === 'NE2').id;
  const fayProfile = (await api(page, 'GET', `/enrollments/${fayId}/profile`)).body;
  if (!fayProfile.interests.includes('cancer pain management') || fayProfile.interests.includes('cancer pain')) throw new Error(`Fay's interests after the rename: ${fayProfile.interests}`);
  if (fayProfile.answers.shift?.[0] !== 'night') throw new Error(`Fay's shift answer: ${JSON.stringify(fayProfile.answers)}`);

  step('admin (phone): a taxonomy file with problems is refused row by row; the file downloads');
  const bad = join(tmp, 'taxonomy-bad.csv');
  writeFileSync(bad, 'list,value,parent\ntopic,infusion nursing,\nspecialty,bone marrow,\ntopic,port care,no such topic\n');
  expect('POST', new RegExp(`^/api/v1/programs/${programId}/taxonomy/import$`), 422);
  const fileCard = page.locator('section.card', { has: page.getByRole('heading', { name: 'The taxonomy as a file' }) });
  await fileCard.getByLabel('Replace it from a CSV file').setInputFiles(bad);
  await fileCard.getByRole('button', { name: 'Import the file' }).click();
  await fileCard.getByText('Nothing changed.').waitFor();
  await fileCard.locator('table tbody tr', { hasText: 'list' }).getByText('3', { exact: true }).waitFor();
  await fileCard.locator('table tbody tr', { hasText: 'parent' }).getByText('4', { exact: true }).waitFor();
  await shotOf(fileCard, 'import-problems');
  if ((await api(page, 'GET', `/programs/${programId}/vocabulary`)).body.revision !== after.revision) throw new Error('a refused file changed the taxonomy');
  const [download] = await Promise.all([page.waitForEvent('download'), fileCard.getByRole('link', { name: 'Download the taxonomy (CSV)' }).click()]);
  const file = join(tmp, 'taxonomy.csv');
  await download.saveAs(file);
  const exported = readFileSync(file, 'utf8');
  if (!/^list,value,parent/m.test(exported) || !exported.includes('cancer pain management') || !exported.includes('wound care,symptom management')) throw new Error(`the downloaded taxonomy:\n${exported.slice(0, 400)}`);

  step("admin (phone): a nurse's profile asks her role's questions by kind, the required one marked; an answer saved");
  await page.goto(`${base}/enrollments/${fayId}/profile`);
  await heading(page, /Profile of Fay Chen/);
  const questions = page.locator('section.program-questions');
  const shiftGroup = questions.getByRole('radiogroup', { name: /^Which shift do you work\?/ });
  if (!(await shiftGroup.getByRole('radio', { name: 'Night' }).isChecked())) throw new Error("Fay's imported shift is not shown");
  await questions.getByRole('radiogroup', { name: /^How would you like to meet\? \(optional\)/ }).getByRole('radio', { name: 'In person' }).waitFor();
  await checkLabels(page, 'profile questions');
  await shotOf(questions, 'profile-questions');
  // The interests picker reads the program's own taxonomy: the renamed topic.
  await page.getByRole('list', { name: 'Chosen interests' }).getByText('cancer pain management').waitFor();
  await questions.getByRole('radiogroup', { name: /^How would you like to meet\?/ }).getByRole('radio', { name: 'Video' }).check();
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByRole('status').filter({ hasText: /^Saved/ }).waitFor();
  const fayAfter = (await api(page, 'GET', `/enrollments/${fayId}/profile`)).body;
  if (fayAfter.answers.meeting?.[0] !== 'video' || fayAfter.answers.shift?.[0] !== 'night') throw new Error(`Fay's answers after saving: ${JSON.stringify(fayAfter.answers)}`);
  await screenshot(page, 'profile-saved');

  step('admin (laptop): the vocabulary page at laptop width');
  const laptop = await openContext('admin-laptop', LAPTOP);
  await signIn(laptop, base, admin);
  await laptop.goto(`${base}/programs/${programId}/vocabulary?tab=questions`);
  await laptop.getByRole('heading', { name: 'Intake questions (2)' }).waitFor();
  await screenshot(laptop, 'questions-laptop');

  step('admin (laptop): a question people answered cannot be deleted; it is retired instead');
  expect('PUT', new RegExp(`^/api/v1/programs/${programId}/questions$`), 409);
  const meeting = laptop.locator('li.question-item', { has: laptop.getByRole('heading', { name: MEETING }) });
  await meeting.getByRole('button', { name: `Delete ${MEETING}` }).click();
  await meeting.getByRole('button', { name: `Yes, delete ${MEETING}` }).click();
  await meeting.getByText(/People have answered this question, so it stays/).waitFor();
  await shotOf(meeting, 'question-answered-409');
  await meeting.getByRole('button', { name: 'Retire it instead' }).click();
  await laptop.locator('li.question-item.retired', { has: laptop.getByRole('heading', { name: MEETING }) }).getByText('retired', { exact: true }).waitFor();
  const retired = (await api(laptop, 'GET', `/programs/${programId}/vocabulary`)).body.questions.find((q) => q.code === 'meeting');
  if (!retired?.retired) throw new Error('the meeting question is not retired');
  await screenshot(laptop, 'question-retired');
  await laptop.goto(`${base}/programs/${programId}/matching`);
  await laptop.getByRole('list', { name: 'Colours of the breakdown bars' }).getByText(SHIFT, { exact: true }).waitFor();
  await screenshot(laptop, 'matching-laptop');
  await phoneScreenshot(laptop, 'matching', 360);
}

await finish(main);
