#!/usr/bin/env node
// Qualitative coding (issue 19) on the demo data `make run` loads, whose
// completed program "Hematology Fellows Mentoring 2025-26" has an end-of-year
// interview and a focus group coded by the demo evaluator and the demo
// coordinator (pooled kappa about 0.73, 13 lines of disagreement), an agreed
// coding and a theme:
//
//   evaluator (laptop): opens the program's coding from its evaluation; sees
//                       the documents and opens the interview: their own
//                       coding highlighted with the codes named beside each
//                       line; selects a sentence with the mouse and codes it
//                       (a line the coordinator coded and they had not: one
//                       disagreement less); reads the agreement (both coders,
//                       kappa per code with 2 decimals, the pooled kappa and
//                       its Landis & Koch reading) and opens a disagreement
//                       for the consensus pass, adding it to the agreed
//                       coding; loads tests/data/interview.docx (its text in
//                       the box, fellow@example.org highlighted); adds a
//                       transcript with an e-mail address (and
//                       an é and an emoji): the check highlights the address,
//                       saving is refused until "I confirm the text names
//                       nobody" is ticked (the server refuses too), the
//                       address is replaced, the document saved; codes a
//                       sentence after the emoji and the server's code-point
//                       offsets slice exactly that sentence; reads the
//                       codebook, adds a theme with that quote, downloads the
//                       coded segments;
//   evaluator (phone):  the coding pages at 390 px (and 360 px): a line coded
//                       with the line picker and the keyboard; nothing scrolls
//                       sideways;
//   coordinator:        reaches the coding from the program's Coding tab.
//
//   node web/e2e/qualitative.mjs --tandem build/release/src/cli/tandem \
//        --web-root build/release/web/dist --out build/release/web-qualitative
//
// Like the other journeys (shared harness.mjs): fails on any console or page
// error, any unexpected API answer >= 400, any axe-core violation or sideways
// scroll at a screenshot.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHarness, DEMO_COORDINATOR as coordinator, DEMO_EVALUATOR as evaluator, LAPTOP, PHONE, pageApi } from './harness.mjs';

const { args, tmp, log, tandem, startServer, openContext, expect, phoneScreenshot, screenshot, checkLabels, heading, text, step, signIn, finish } = createHarness('qualitative');

let part = 0;
/** A screenshot of one part of the page, readable at its own size. */
async function shotOf(locator, name) {
  await locator.screenshot({ path: join(args.out, `part-${String(++part).padStart(2, '0')}-${name}.png`), timeout: 60_000 });
}

const PROGRAM = 'Hematology Fellows Mentoring 2025-26';
const INTERVIEW = 'End-of-year interview with a fellow (July 2026)';
// Line 18 of the interview: the coordinator coded it (Barriers), the evaluator had not.
const SENTENCE = 'A shared list of deadlines, abstract dates and award cycles, would have saved us a lot of scrambling in the fall.';
const NEW_TITLE = 'Exit interview with a second-year fellow';
const EMAIL = 'sam.rivera@example.org';
const AFTER_EMOJI = 'The mentor at the other centre showed me how their clinic runs.';
const NEW_TEXT = [
  'Interviewer: Thanks for talking with me. How was the café meeting at ASH? 🙂',
  `Fellow: It went well 🎉 and we kept in touch by e-mail at ${EMAIL} afterwards.`,
  `Fellow: ${AFTER_EMOJI} I took two ideas home.`,
  'Interviewer: Anything that got in the way?',
  'Fellow: Night float, mostly; we moved calls a few times.',
].join('\n');

/** Clicks a download link and returns the file's bytes. */
async function download(page, linkName, timeout = 30_000) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout }), page.getByRole('link', { name: linkName }).click()]);
  const failure = await file.failure();
  if (failure) throw new Error(`downloading "${linkName}" failed: ${failure}`);
  return readFileSync(await file.path());
}

/** Selects `sentence` inside line `n` of the document with the mouse: pressed before its first character, released after its last. */
async function selectWithMouse(page, n, sentence) {
  const line = page.locator(`#line-${n}`);
  await line.scrollIntoViewIfNeeded();
  const box = await page.evaluate(
    ([id, sentence]) => {
      const root = document.getElementById(id).querySelector('.line-text');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const i = node.data.indexOf(sentence);
        if (i < 0) continue;
        const first = document.createRange();
        first.setStart(node, i);
        first.setEnd(node, i + 1);
        const last = document.createRange();
        last.setStart(node, i + sentence.length - 1);
        last.setEnd(node, i + sentence.length);
        const a = first.getBoundingClientRect();
        const b = last.getBoundingClientRect();
        return { x0: a.left + 1, y0: a.top + a.height / 2, x1: b.right - 1, y1: b.top + b.height / 2 };
      }
      return null;
    },
    [`line-${n}`, sentence],
  );
  if (!box) throw new Error(`line ${n} does not show "${sentence}" in one piece`);
  await page.mouse.move(box.x0, box.y0);
  await page.mouse.down();
  await page.mouse.move((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2, { steps: 5 });
  await page.mouse.move(box.x1, box.y1, { steps: 5 });
  await page.mouse.up();
  const selected = await page.evaluate(() => document.getSelection().toString());
  if (selected.trim() !== sentence) throw new Error(`the mouse selected "${selected}" instead of "${sentence}"`);
}

/** The page at this width does not scroll sideways. */
async function noSidewaysScroll(page, where) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  if (scroll > width) throw new Error(`${where}: the page is ${scroll} px wide in a ${width} px window`);
}

async function main() {
  const base = await startServer(async () => {
    tandem(['migrate']);
    tandem(['demo', '--out-dir', join(tmp, 'demo')]);
  });
  expect('GET', /^\/api\/v1\/me$/, 401);

  step("evaluator (laptop): the program's coding from its evaluation");
  const page = await openContext('evaluator', LAPTOP);
  await signIn(page, base, evaluator);
  await page.getByRole('listitem').filter({ hasText: PROGRAM }).getByRole('link', { name: 'Open the evaluation' }).click();
  await heading(page, /Evaluation/);
  const programId = Number(/\/programs\/(\d+)\/evaluation/.exec(page.url())[1]);
  await page.getByRole('link', { name: 'Qualitative coding' }).click();
  await heading(page, /Coding: documents/);
  await page.getByRole('link', { name: 'Focus group with five fellows (July 2026)' }).waitFor();
  await checkLabels(page, 'documents');
  await screenshot(page, 'evaluator-documents');

  step('evaluator: the interview with their own coding, codes named beside the lines');
  await page.getByRole('link', { name: INTERVIEW }).click();
  await heading(page, /Coding: document/);
  await page.getByRole('heading', { level: 2, name: INTERVIEW }).waitFor();
  const switchBox = page.getByRole('switch', { name: /Agreed coding/ });
  if (await switchBox.isChecked()) throw new Error('the document should open on the coder’s own coding');
  await page.getByRole('list', { name: 'Codes on line 2' }).getByText('Cross-institution perspective').waitFor();
  await page.getByRole('list', { name: 'Codes on line 11' }).getByText('Emotional support').waitFor();
  if ((await page.getByRole('list', { name: 'Codes on line 18' }).count()) !== 0) throw new Error('the evaluator had not coded line 18');
  const own = await page.getByRole('heading', { level: 3, name: /^Your segments \(\d+\)$/ }).textContent();
  log(`interview: ${own}`);
  const marks = await page.locator('.doc-text mark.coded').count();
  if (marks < 8) throw new Error(`only ${marks} highlighted passages`);
  await checkLabels(page, 'document');
  await screenshot(page, 'evaluator-interview');
  await shotOf(page.locator('#line-2'), 'coded-line');

  step('evaluator: selects a sentence with the mouse and codes it');
  await selectWithMouse(page, 18, SENTENCE);
  await page.locator('.coding-panel .picked-text').getByText(SENTENCE).waitFor();
  await page.getByLabel('Code', { exact: true }).selectOption({ label: 'Barriers' });
  await text(page, 'Anything that made the mentoring harder or that the program lacked.');
  await screenshot(page, 'evaluator-selection');
  await page.getByRole('button', { name: 'Code the passage' }).click();
  await text(page, /^Coded “A shared list of deadlines.*” as Barriers\.$/);
  await page.getByRole('list', { name: 'Codes on line 18' }).getByText('Barriers').waitFor();
  await page.locator('#line-18 mark.coded', { hasText: SENTENCE }).waitFor();
  await page.getByRole('heading', { level: 3, name: /^Your segments \(\d+\)$/ }).filter({ hasNotText: own }).waitFor();
  await shotOf(page.locator('#line-18'), 'coded-sentence');

  step('evaluator: the agreement between the two coders');
  await page.getByRole('navigation', { name: 'Coding' }).getByRole('link', { name: 'Agreement' }).click();
  await heading(page, /Coding: agreement/);
  const table = page.getByRole('region', { name: "Cohen's kappa per code" });
  await table.waitFor();
  const coders = [await page.getByLabel('Coder A').locator('option:checked').textContent(), await page.getByLabel('Coder B').locator('option:checked').textContent()].sort();
  if (coders.join() !== 'Demo Coordinator,Demo Evaluator') throw new Error(`the coders: ${coders}`);
  const pooled = (await table.getByRole('row', { name: /All codes \(pooled\)/ }).locator('td').allTextContents()).map((s) => s.trim());
  log(`pooled row: ${pooled.join(' | ')}`);
  const kappa = Number(pooled[0]);
  if (!/^\d\.\d\d$/.test(pooled[0]) || kappa < 0.6 || kappa > 0.85) throw new Error(`pooled kappa ${pooled[0]}`);
  if (pooled[6] !== 'substantial') throw new Error(`pooled reading ${pooled[6]}`);
  const scheduling = (await table.getByRole('row', { name: /^Scheduling/ }).locator('td').allTextContents()).map((s) => s.trim());
  if (!/^\d\.\d\d$/.test(scheduling[0])) throw new Error(`Scheduling's kappa ${scheduling[0]}`);
  await text(page, `pooled κ = ${pooled[0]}`, { exact: false });
  await text(page, 'Landis and Koch');
  // Line 18 was the only disagreement of its line: 12 lines left of the demo's 13.
  await page.getByRole('heading', { level: 2, name: 'Disagreements (12 lines)' }).waitFor();
  await screenshot(page, 'evaluator-agreement');
  await shotOf(page.getByRole('region', { name: 'Agreement per code' }), 'agreement');

  step('evaluator: a disagreement opened for the consensus pass, added to the agreed coding');
  const first = page.locator('.disagreements > li').first();
  const firstCode = (await first.locator('.disagreement-codes strong').first().textContent()).trim();
  await first.getByRole('link', { name: /Open this line for the agreed coding/ }).click();
  await heading(page, /Coding: document/);
  if (!(await page.getByRole('switch', { name: /Agreed coding/ }).isChecked())) throw new Error('the disagreement should open the agreed coding');
  // The line is chosen once the document has loaded, a moment after the heading.
  const line = page.getByLabel('Line', { exact: true });
  await page.waitForFunction((el) => el.value !== '', await line.elementHandle(), { timeout: 10_000 }).catch(() => {});
  const chosen = await line.inputValue();
  if (!chosen) throw new Error('the disagreement’s line should be chosen');
  await page.locator(`#line-${chosen}.doc-line-chosen`).waitFor();
  const codeSelect = page.getByLabel('Code', { exact: true });
  await codeSelect.selectOption(await codeSelect.locator('option').filter({ hasText: new RegExp(`(^|› )${firstCode}$`) }).first().getAttribute('value'));
  await page.getByRole('button', { name: 'Add to the agreed coding' }).click();
  await text(page, /in the agreed coding\.$/);
  await page.getByRole('heading', { level: 3, name: /^The agreed coding \(\d+\)$/ }).waitFor();
  await screenshot(page, 'evaluator-consensus');

  step('evaluator: a transcript with an e-mail address: highlighted, not saved until confirmed');
  await page.getByRole('navigation', { name: 'Coding' }).getByRole('link', { name: 'Documents' }).click();
  await heading(page, /Coding: documents/);
  const form = page.getByRole('form', { name: 'Add a transcript' });
  // A Word transcript: the server converts it and finds the address at once.
  const docx = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'data', 'interview.docx');
  await form.getByLabel('Or load a file (.txt or Word .docx)').setInputFiles(docx);
  await form.getByText('Tandem found 1 e-mail address, highlighted below.').waitFor();
  if (!(await form.getByLabel('Text', { exact: true }).inputValue()).includes('End-of-year interview')) throw new Error('the Word text is not in the box');
  await form.locator('mark.identifier-email', { hasText: 'fellow@example.org' }).waitFor();
  log('interview.docx read: its text in the box, fellow@example.org highlighted');
  await shotOf(form, 'word-transcript');
  await form.getByLabel('Title').fill(NEW_TITLE);
  await form.getByLabel('Text', { exact: true }).fill(NEW_TEXT);
  await form.getByRole('button', { name: 'Check for identifiers' }).click();
  await form.getByText('Tandem found 1 e-mail address, highlighted below.').waitFor();
  await form.locator('mark.identifier-email', { hasText: EMAIL }).waitFor();
  await form.getByText(`e-mail address “${EMAIL}” on line 2`).waitFor();
  let posted = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === `/api/v1/programs/${programId}/qualitative/documents`) posted++;
  });
  await form.getByRole('button', { name: 'Save the document' }).click();
  await form.getByText('Tick “I confirm the text names nobody” to save').waitFor();
  if (posted !== 0) throw new Error('the document was sent without the confirmation');
  if (!(await form.getByRole('checkbox', { name: 'I confirm the text names nobody' }).evaluate((e) => e === document.activeElement)))
    throw new Error('focus should move to the confirmation');
  await screenshot(page, 'evaluator-identifiers');
  await shotOf(form, 'identifiers');
  // The server refuses it too.
  expect('POST', new RegExp(`^/api/v1/programs/${programId}/qualitative/documents$`), 400);
  const refused = await pageApi(page, 'POST', `/programs/${programId}/qualitative/documents`, { title: NEW_TITLE, text: NEW_TEXT });
  if (refused.status !== 400 || refused.body.error.field !== 'confirmed_deidentified') throw new Error(`unconfirmed: ${JSON.stringify(refused)}`);
  posted = 0;
  await form.getByRole('button', { name: /Replace with \[e-mail\]/ }).click();
  await form.getByText(/Tandem found nothing that looks like/).waitFor();
  if (!(await form.getByLabel('Text', { exact: true }).inputValue()).includes('by e-mail at [e-mail] afterwards')) throw new Error('the address was not replaced');
  await form.getByRole('checkbox', { name: 'I confirm the text names nobody' }).check();
  await form.getByRole('button', { name: 'Save the document' }).click();
  await text(page, `Added “${NEW_TITLE}”. Open it to code it.`);
  if (posted !== 1) throw new Error(`${posted} documents sent`);

  step('evaluator: a sentence after an emoji, coded; the server’s code points slice it exactly');
  await page.getByRole('link', { name: NEW_TITLE }).click();
  await heading(page, /Coding: document/);
  await selectWithMouse(page, 3, AFTER_EMOJI);
  await page.getByLabel('Code', { exact: true }).selectOption({ label: 'Cross-institution perspective' });
  await page.getByRole('button', { name: 'Code the passage' }).click();
  await text(page, /as Cross-institution perspective\.$/);
  const documentId = Number(/documents\/(\d+)/.exec(page.url())[1]);
  const stored = await pageApi(page, 'GET', `/qualitative/documents/${documentId}`);
  const segment = stored.body.segments[0];
  const cut = Array.from(stored.body.document.text).slice(segment.start, segment.end).join('');
  if (cut !== AFTER_EMOJI) throw new Error(`the segment [${segment.start}, ${segment.end}) is "${cut}"`);
  const utf16 = stored.body.document.text.indexOf(AFTER_EMOJI);
  log(`segment in code points [${segment.start}, ${segment.end}); UTF-16 index ${utf16} (two emoji before it)`);
  if (segment.start !== utf16 - 2) throw new Error('the offsets should be code points, not UTF-16 indices');
  await screenshot(page, 'evaluator-new-document');

  step('evaluator: the codebook, a theme with the new quote, the coded segments as CSV');
  await page.getByRole('navigation', { name: 'Coding' }).getByRole('link', { name: 'Codebook' }).click();
  await heading(page, /Coding: codebook/);
  await page.getByRole('list', { name: 'Codes under Career guidance' }).getByRole('heading', { level: 4, name: 'Job search' }).waitFor();
  await text(page, 'Finding, applying for, interviewing for or negotiating a position.');
  await screenshot(page, 'evaluator-codebook');
  await page.getByRole('navigation', { name: 'Coding' }).getByRole('link', { name: 'Themes' }).click();
  await heading(page, /Coding: themes/);
  await page.getByRole('heading', { level: 3, name: 'A safe outside voice' }).waitFor();
  if ((await page.getByRole('list', { name: 'Quotes of A safe outside voice' }).getByRole('listitem').count()) !== 2) throw new Error('the demo theme has two quotes');
  const themeForm = page.getByRole('form', { name: 'Add a theme' });
  await themeForm.getByLabel('Name', { exact: true }).fill('Learning from another centre');
  await themeForm.getByLabel('Description', { exact: true }).fill('Fellows brought clinic practices home from their mentor’s institution.');
  await themeForm.getByRole('group', { name: 'Codes' }).getByRole('checkbox', { name: 'Cross-institution perspective' }).check();
  await themeForm.getByRole('group', { name: 'Quotes' }).getByRole('checkbox', { name: new RegExp(AFTER_EMOJI.slice(0, 30)) }).check();
  await themeForm.getByRole('button', { name: 'Add the theme' }).click();
  await text(page, 'Added the theme “Learning from another centre”.');
  await page.getByRole('list', { name: 'Quotes of Learning from another centre' }).getByText(AFTER_EMOJI).waitFor();
  await checkLabels(page, 'themes');
  await screenshot(page, 'evaluator-themes');
  const csv = (await download(page, 'Download coded segments (CSV)')).toString('utf8');
  const rows = csv.trim().split('\n');
  if (!rows[0].startsWith('document_id,document,coder,code,parent_code,start,end,text')) throw new Error(`CSV header: ${rows[0]}`);
  if (!rows.some((r) => r.includes(',agreed,'))) throw new Error('the CSV has no agreed segment');
  if (!rows.some((r) => r.includes(AFTER_EMOJI))) throw new Error('the CSV lacks the new segment');
  log(`coded segments CSV: ${rows.length - 1} rows`);

  step('evaluator (phone): coding at 390 px with the line picker and the keyboard');
  const phone = await openContext('evaluator-phone', PHONE);
  await signIn(phone, base, evaluator);
  await phone.goto(`${base}/programs/${programId}/coding`);
  await heading(phone, /Coding: documents/);
  await noSidewaysScroll(phone, 'documents at 390 px');
  await screenshot(phone, 'phone-documents');
  await phone.getByRole('link', { name: INTERVIEW }).click();
  await heading(phone, /Coding: document/);
  const lineSelect = phone.getByLabel('Line', { exact: true });
  await lineSelect.focus();
  await lineSelect.selectOption({ index: 20 }); // line 20: "Fellow: Only that I would do it again, …"
  await phone.getByLabel('Only these words (optional)').fill('I would do it again');
  await phone.locator('.coding-panel .picked-text').getByText('I would do it again').waitFor();
  await phone.getByLabel('Code', { exact: true }).selectOption({ label: 'Career guidance' });
  await phone.getByRole('button', { name: 'Code the passage' }).focus();
  await phone.keyboard.press('Enter');
  await text(phone, 'Coded “I would do it again” as Career guidance.');
  await phone.getByRole('list', { name: 'Codes on line 20' }).getByText('Career guidance').waitFor();
  await noSidewaysScroll(phone, 'document at 390 px');
  await screenshot(phone, 'phone-document');
  await phone.locator('#line-20').scrollIntoViewIfNeeded();
  await shotOf(phone.locator('.coding-text-column'), 'phone-text');
  await phoneScreenshot(phone, 'phone-document-360');
  await phone.getByRole('navigation', { name: 'Coding' }).getByRole('link', { name: 'Agreement' }).click();
  await heading(phone, /Coding: agreement/);
  await phone.getByRole('region', { name: "Cohen's kappa per code" }).waitFor();
  await noSidewaysScroll(phone, 'agreement at 390 px');
  await screenshot(phone, 'phone-agreement');
  await phoneScreenshot(phone, 'phone-agreement-360');
  await phone.getByRole('navigation', { name: 'Coding' }).getByRole('link', { name: 'Themes' }).click();
  await heading(phone, /Coding: themes/);
  await noSidewaysScroll(phone, 'themes at 390 px');
  await screenshot(phone, 'phone-themes');

  step('coordinator (laptop): the Coding tab');
  const coord = await openContext('coordinator', LAPTOP);
  await signIn(coord, base, coordinator);
  await coord.goto(`${base}/programs/${programId}`);
  await heading(coord, /Set-up/);
  await coord.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Coding' }).click();
  await heading(coord, /Coding: documents/);
  await coord.getByRole('link', { name: NEW_TITLE }).waitFor();
  await coord.getByRole('navigation', { name: 'Coding' }).getByRole('link', { name: 'Agreement' }).click();
  await coord.getByRole('region', { name: "Cohen's kappa per code" }).waitFor();
  await screenshot(coord, 'coordinator-agreement');
}

await finish(main);
