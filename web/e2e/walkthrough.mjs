#!/usr/bin/env node
// The first-hour walkthrough of issue 14, on the demo data `make run` loads
// (`tandem demo`), as each of its people in Debian's chromium at laptop and
// phone (390 px) widths. Each step checks one defect the walkthrough found:
//
//   mentee (laptop):      tag search by keyboard picks the highlighted taxonomy
//                         match ("clin", Down, Enter: "clinical trials"); a free
//                         tag needs its own button; "Save profile" keeps focus
//                         in the form and announces "Saved";
//   mentor (phone):       two mentees, two pair links that say whose pair;
//   evaluator (phone):    the program's read-only overview with figures, no
//                         set-up; coordinator pages say "Not allowed" with no
//                         "Try again";
//   coordinator (laptop): a dissolved pair shows no health; the re-match
//                         confirmation names both people; the audit log names
//                         people; the peer-support run says "all N matched"
//                         and "… volunteers not needed this time"; an invitation;
//   admin (laptop, then phone): Users (search, make admin, remove admin rights,
//                         sign out everywhere), Institutions (rename, merge the
//                         mentee's misspelt institution into the real one,
//                         moving them), the audit log with names and e-mails,
//                         the invitation's text in the outbox ("as a mentee").
//
//   node web/e2e/walkthrough.mjs --tandem build/release/src/cli/tandem \
//        --web-root build/release/web/dist --out build/release/web-walkthrough [--keep] [--headed]
//
// Like run.mjs (shared harness.mjs): fails on any console or page error, any
// unexpected API answer >= 400, any axe-core violation or sideways scroll at a
// screenshot.
import { join } from 'node:path';
import { createHarness, demoSignIn, DEMO_ADMIN, DEMO_COORDINATOR, DEMO_EVALUATOR, LAPTOP, PHONE } from './harness.mjs';

const { tmp, log, tandem, startServer, openContext, expect, phoneScreenshot, screenshot, checkLabels, heading, text, step, signIn, finish } =
  createHarness('walkthrough');

const people = {
  admin: DEMO_ADMIN,
  coordinator: DEMO_COORDINATOR,
  evaluator: DEMO_EVALUATOR,
  mentor: null, // from `tandem demo`'s list of sign-ins
  mentee: null,
};
const FELLOWS = 'Hematology Fellows Mentoring 2026-27';
const PEERS = 'Survivor Peer Connect';
const MISSPELT = 'Dana Farber Cancer Inst.';
const REAL = 'Dana-Farber Cancer Institute';

async function programIds(page, base) {
  const programs = await page.evaluate(async (url) => (await (await fetch(url)).json()).programs, `${base}/api/v1/programs`);
  const id = (name) => programs.find((p) => p.name === name)?.id;
  return { fellows: id(FELLOWS), peers: id(PEERS) };
}

/** The element with keyboard focus, described. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName ?? '', text: el?.textContent?.trim() ?? '', inForm: !!el?.closest('form.profile-form') };
  });

async function mentee(page, base) {
  step(`mentee ${people.mentee.name}: tags by keyboard, then Save profile keeps focus`);
  await signIn(page, base, people.mentee);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My profile' }).click();
  await heading(page, 'My profile');
  const interests = page.getByRole('combobox', { name: 'Interests' });
  const chips = page.getByRole('list', { name: 'Chosen interests' });
  await interests.fill('clin');
  await page.getByRole('option', { name: 'clinical trials' }).waitFor();
  if ((await interests.getAttribute('aria-activedescendant')) !== null) throw new Error('an option is highlighted before any arrow key');
  await interests.press('ArrowDown');
  await interests.press('Enter');
  await chips.getByRole('button', { name: 'Remove clinical trials', exact: true }).waitFor();
  if (await chips.getByRole('button', { name: 'Remove clin', exact: true }).count()) throw new Error('the junk tag "clin" was added');
  await interests.fill('transpl');
  await interests.press('Enter');
  if (await chips.getByRole('button', { name: 'Remove transpl', exact: true }).count()) throw new Error('Enter added the free tag "transpl"');
  await page.getByRole('button', { name: 'Add “transpl” as a new tag' }).waitFor();
  await screenshot(page, 'mentee-tag-search');
  await interests.press('Escape');
  await interests.press('Escape');
  // The misspelt institution the admin merges later.
  await page.getByLabel('Institution', { exact: true }).fill(MISSPELT);
  const save = page.getByRole('button', { name: 'Save profile' });
  await save.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: /^Saved — your coordinator can see your profile\.$/ }).waitFor();
  const after = await focused(page);
  if (after.tag === 'BODY' || !after.inForm) throw new Error(`focus left the form after saving: ${JSON.stringify(after)}`);
  log(`focus after saving: ${after.tag} "${after.text}"`);
  await screenshot(page, 'mentee-profile-saved');
}

async function mentor(page, base) {
  step(`mentor ${people.mentor.name} (phone): one pair link per mentee, each naming the mentee`);
  await signIn(page, base, people.mentor);
  const links = page.getByRole('link', { name: /^Open your pair page with / });
  await links.first().waitFor();
  const names = await links.evaluateAll((ls) => ls.map((l) => l.textContent));
  if (names.length < 2 || new Set(names).size !== names.length) throw new Error(`expected distinct pair links for two mentees, got ${JSON.stringify(names)}`);
  if (await page.getByRole('link', { name: 'Open your pair page', exact: true }).count()) throw new Error('a pair link does not say whose pair');
  log(`pair links: ${names.join(' | ')}`);
  await screenshot(page, 'mentor-home-two-mentees');
}

async function evaluator(page, base) {
  step('evaluator (phone): the read-only overview, and coordinator pages without "Try again"');
  await signIn(page, base, people.evaluator);
  await page.getByRole('link', { name: FELLOWS }).click();
  await heading(page, /Overview/);
  const fellows = Number(/\/programs\/(\d+)/.exec(page.url())[1]);
  await page.getByRole('heading', { name: 'Figures' }).waitFor();
  await text(page, 'Mentees matched');
  for (const forbidden of [/Close the program/, /Save set-up/, /Open enrollment/])
    if (await page.getByRole('button', { name: forbidden }).count()) throw new Error(`the evaluator is offered ${forbidden}`);
  if (await page.getByRole('navigation', { name: 'Program sections' }).count()) throw new Error("the evaluator sees the coordinator's tabs");
  await screenshot(page, 'evaluator-program-overview');
  for (const section of ['pairs', 'audit', 'enrollment', 'matching']) {
    await page.goto(`${base}/programs/${fellows}/${section}`);
    await heading(page, 'Not allowed');
    await text(page, /is for the program's coordinators/);
    if (await page.getByRole('button', { name: 'Try again' }).count()) throw new Error(`"Try again" on the refusal of ${section}`);
  }
  await screenshot(page, 'evaluator-not-allowed');
}

async function coordinator(page, base) {
  step('coordinator: a dissolved pair has no health; the re-match confirmation names both people');
  await signIn(page, base, people.coordinator);
  const ids = await programIds(page, base);
  await page.goto(`${base}/programs/${ids.fellows}/pairs`);
  await heading(page, /Pairs/);
  const dissolve = page.getByRole('button', { name: /^Dissolve / }).first();
  const pairName = (await dissolve.getAttribute('aria-label')).replace(/^Dissolve /, '');
  const menteeName = pairName.replace(/ and .*$/, '');
  await dissolve.click();
  await page.getByLabel(/^Why does the pair /).fill('Schedules never matched');
  await page.getByRole('button', { name: 'Dissolve', exact: true }).click();
  const row = page.locator('table.data tbody tr', { hasText: 'Schedules never matched' });
  await row.waitFor();
  if (/meetings are logged/.test(await row.textContent())) throw new Error('a dissolved pair shows health');
  // Every mentor is full: a second pair ends too, so that a mentor has room.
  await page.getByRole('button', { name: /^Dissolve / }).first().click();
  await page.getByLabel(/^Why does the pair /).fill('Moved to another institution');
  await page.getByRole('button', { name: 'Dissolve', exact: true }).click();
  await page.locator('table.data tbody tr', { hasText: 'Moved to another institution' }).waitFor();
  const select = page.getByLabel('Mentee without a partner', { exact: true });
  await select.selectOption(await select.locator('option', { hasText: `${menteeName} (` }).getAttribute('value'));
  await page.getByRole('button', { name: 'Suggest mentors' }).click();
  const pairButton = page.getByRole('button', { name: new RegExp(`^Pair them: ${menteeName} with `) }).first();
  await pairButton.waitFor();
  await screenshot(page, 'coordinator-rematch');
  const mentorName = (await pairButton.getAttribute('aria-label')).replace(`Pair them: ${menteeName} with `, '');
  await pairButton.click();
  await text(page, `${menteeName} is now paired with ${mentorName}.`);
  await screenshot(page, 'coordinator-paired-by-hand');

  step('coordinator: the audit log names people, not "user:N"');
  await page.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Audit log' }).click();
  await heading(page, /Audit log/);
  await page.locator('table.audit tbody tr').first().waitFor();
  const first = await page.locator('table.audit tbody tr').first().textContent();
  if (!first.includes('Demo Coordinator') || !first.includes('paired')) throw new Error(`the newest audit entry does not say who and what: ${first}`);
  const who = await page.locator('table.audit tbody tr td:nth-child(2)').allTextContents();
  if (who.some((w) => /user:\d+/.test(w))) throw new Error(`the audit log shows account numbers: ${who.filter((w) => /user:/.test(w)).join(', ')}`);
  if (who.some((w) => /@/.test(w))) throw new Error('a coordinator sees account e-mails in the audit log');
  await screenshot(page, 'coordinator-audit');
  await phoneScreenshot(page, 'coordinator-audit', 390);

  step('coordinator: invite a mentee (for the outbox check)');
  // The page's old address (spelled "enrolment") still opens it, under its new address.
  await page.goto(`${base}/programs/${ids.fellows}/enrolment`);
  await heading(page, /Enrollment/);
  if (!page.url().endsWith(`/programs/${ids.fellows}/enrollment`)) throw new Error(`the old enrolment address was not redirected: ${page.url()}`);
  await page.getByLabel('Name', { exact: true }).fill('Walk Through');
  await page.getByLabel('E-mail', { exact: true }).fill('walk.through@x.test');
  await page.getByLabel('Role', { exact: true }).selectOption('mentee');
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await page.locator('a.invitation-link').waitFor();

  step('coordinator: the peer-support run counts people looking for support and volunteers apart');
  await page.goto(`${base}/programs/${ids.peers}/matching`);
  await heading(page, /Matching/);
  await page.getByRole('button', { name: 'Run matching' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('h2')].some((h) => /^Run #\d+.*done$/.test(h.textContent.trim())), null, { timeout: 120_000 });
  const summary = await page.locator('dl.summary-grid').textContent();
  log(`peer-support summary: ${summary}`);
  if (!/People looking for support\s*all \d+ matched/.test(summary)) throw new Error(`the seekers' side is not "all matched": ${summary}`);
  if (!/Volunteers\s*\d+ volunteers not needed this time/.test(summary)) throw new Error(`the volunteers' side is not "not needed this time": ${summary}`);
  if (/Unmatched/.test(summary)) throw new Error(`spare volunteers are still counted as unmatched: ${summary}`);
  await screenshot(page, 'coordinator-peer-run');
  await phoneScreenshot(page, 'coordinator-peer-run', 390);
}

async function admin(page, base) {
  step('admin: Users — search, admin rights, sign out everywhere');
  await signIn(page, base, people.admin);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Users' }).click();
  await heading(page, 'Users');
  await text(page, /^\d+ accounts\.$/);
  await checkLabels(page, 'users');
  await screenshot(page, 'admin-users');
  await page.getByRole('searchbox', { name: 'Name or e-mail' }).fill('evaluator');
  await page.getByRole('button', { name: 'Search' }).click();
  await text(page, '1 account matching “evaluator”.');
  await page.getByRole('button', { name: 'Make admin Demo Evaluator' }).click();
  await text(page, 'Demo Evaluator is now an administrator.');
  await page.getByRole('button', { name: 'Remove admin rights from Demo Evaluator' }).click();
  await text(page, 'Demo Evaluator is no longer an administrator.');
  await page.getByRole('button', { name: 'Sign out everywhere Demo Evaluator' }).click();
  await text(page, /^Demo Evaluator is signed out everywhere \(\d+ sessions? ended\)\.$/);
  if (await page.getByRole('button', { name: /Disable… Demo Administrator/ }).count()) throw new Error('an admin is offered to disable themselves');
  await screenshot(page, 'admin-users-changed');
  await phoneScreenshot(page, 'admin-users-changed', 390);

  step('admin: Institutions — rename, and merge the misspelt one into the real one');
  await nav.getByRole('link', { name: 'Institutions' }).click();
  await heading(page, 'Institutions');
  const misspelt = page.locator('table.data tbody tr', { hasText: MISSPELT });
  await misspelt.waitFor();
  if (!/\b1\b/.test(await misspelt.locator('td.num').textContent())) throw new Error('the mentee is not counted at the misspelt institution');
  await page.getByRole('textbox', { name: 'Add an institution' }).fill('Walkthrough Clinic');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await text(page, 'Walkthrough Clinic is added.');
  await page.getByRole('button', { name: 'Rename… Walkthrough Clinic' }).click();
  await page.getByRole('textbox', { name: 'New name for Walkthrough Clinic' }).fill('Walkthrough Cancer Clinic');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await text(page, 'Walkthrough Clinic is now called Walkthrough Cancer Clinic.');
  await page.getByRole('button', { name: `Merge… ${MISSPELT}` }).click();
  const into = page.getByRole('combobox', { name: `Merge ${MISSPELT} into` });
  await into.selectOption(await into.locator('option', { hasText: `${REAL} (` }).getAttribute('value'));
  await checkLabels(page, 'institutions');
  await screenshot(page, 'admin-institutions-merge');
  await page.getByRole('button', { name: `Merge into ${REAL}` }).click();
  await text(page, `${MISSPELT} is merged into ${REAL}: 1 person moved.`);
  await misspelt.waitFor({ state: 'detached' }); // the list no longer has it
  await screenshot(page, 'admin-institutions-merged');
  await phoneScreenshot(page, 'admin-institutions-merged', 390);

  step('admin: the audit log says who (with e-mail) and what, in words');
  await page.goto(`${base}/audit?entity=institution`);
  await heading(page, /Audit log/);
  const merge = page.locator('table.audit tbody tr', { hasText: 'merged another institution into' }).first();
  await merge.waitFor();
  const mergeText = await merge.textContent();
  for (const want of ['Demo Administrator', 'admin@tandem.example', REAL, 'people moved: 1', `merged from: ${MISSPELT}`])
    if (!mergeText.includes(want)) throw new Error(`the merge's audit entry lacks "${want}": ${mergeText}`);
  await screenshot(page, 'admin-audit-institutions');
  await page.goto(`${base}/audit?entity=user`);
  await page.locator('table.audit tbody tr', { hasText: 'made an administrator' }).first().waitFor();
  await screenshot(page, 'admin-audit-users');

  step('admin: the invitation in the outbox says "as a mentee"');
  await nav.getByRole('link', { name: 'Outbox' }).click();
  await heading(page, 'Outbox');
  // The coordinator's invitation to walk.through@x.test (other messages may be newer).
  const body = await page.locator('li.card', { hasText: 'To walk.through@x.test' }).locator('.mail-body').first().textContent();
  if (!body.includes(`take part in ${FELLOWS} as a mentee.`)) throw new Error(`the invitation's text: ${body}`);
}

async function main() {
  let demoOutput = '';
  const base = await startServer(async () => {
    tandem(['migrate']);
    demoOutput = tandem(['demo', '--out-dir', join(tmp, 'demo')]);
  });
  people.mentor = demoSignIn(demoOutput, 'mentor');
  people.mentee = demoSignIn(demoOutput, 'mentee');
  log(`demo mentor ${people.mentor.name}, mentee ${people.mentee.name}`);
  // Anonymous visitors get 401 from /me before they sign in.
  expect('GET', /^\/api\/v1\/me$/, 401);

  await mentee(await openContext('mentee', LAPTOP), base);
  await mentor(await openContext('mentor', PHONE), base);
  await evaluator(await openContext('evaluator', PHONE), base);
  await coordinator(await openContext('coordinator', LAPTOP), base);
  const adminPage = await openContext('admin', LAPTOP);
  await admin(adminPage, base);
}

await finish(main);
