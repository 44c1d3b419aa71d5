#!/usr/bin/env node
// Browser journeys against a real `tandem serve` on a fresh SQLite database,
// driven by playwright-core with Debian's chromium. See docs/web.md.
//
//   node web/e2e/run.mjs --tandem build/release/src/cli/tandem \
//        --web-root build/release/web/dist --out build/release/web-e2e [--keep] [--headed]
//
// Journeys:
//   1. the admin creates a cross-institution program, imports the example CSV,
//      invites a mentee, runs matching, locks a pair, runs again, compares, publishes;
//   2. the invited mentee accepts the invitation, sets a password, completes the
//      profile (keyboard on the availability grid) and sees the assigned mentor;
//   3. that mentee opens another pair's address and gets the "not allowed" page;
//   4. importing a CSV with errors shows every error and adds nobody;
//   5. the coordinator dissolves a pair with a reason, re-matches the mentee and
//      filters the audit log;
//   6. the mentee signs out, resets the password through the outbox link and signs in;
//   7. a run of 60 proposals shows 50 a page (Previous/Next), "Find a person" asks
//      the server, a lock holds across pages, and publishing counts all 60.
// Fails on any console error, on any page error, and on any API answer >= 400
// that the journey did not expect. Screenshots go to --out.
import { join } from 'node:path';
import { createHarness, pageApi, repo } from './harness.mjs';

const { log, tandem, startServer, openContext, expect, phoneScreenshot, screenshot, checkLabels, heading, text, step, signIn, finish } =
  createHarness('e2e');
const ADMIN = { email: 'admin@x.test', name: 'Admin', password: 'admin-password-123' };
const MENTEE = { email: 'nora.quinn@x.test', name: 'Nora Quinn', id: 'F9', password: 'nora-password-123' };

// --------------------------------------------------------------- journeys --

async function createProgram(page, name) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Programs' }).click();
  await heading(page, 'Programs');
  await page.getByRole('link', { name: 'Create a program' }).click();
  await heading(page, 'Create a program');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Field', { exact: true }).fill('hematology');
  await page.getByLabel(/^Cross-institution/).check();
  await checkLabels(page, 'create program');
  await page.getByRole('button', { name: 'Create the program' }).click();
  await heading(page, /Set-up/);
  return Number(/\/programs\/(\d+)/.exec(page.url())[1]);
}

async function journey1a(page, base) {
  step('journey 1: admin signs in, creates a program, sets it up');
  await signIn(page, base, ADMIN);
  await screenshot(page, 'admin-home');
  const programId = await createProgram(page, 'E2E Fellows 2026');
  await page.getByLabel('Objectives', { exact: true }).fill('Pair every fellow with a faculty mentor at another institution.');
  await page.getByLabel('Starts on', { exact: true }).fill('2026-07-01');
  await page.getByLabel('Ends on', { exact: true }).fill('2027-06-30');
  await page.getByLabel('Meet every … days', { exact: true }).fill('30');
  await page.getByRole('spinbutton', { name: 'Interests points' }).fill('35');
  await page.getByRole('spinbutton', { name: 'Interests points' }).press('Tab');
  const sum = await page.getByTestId('weight-sum').textContent();
  if (sum !== '105') throw new Error(`the weights should sum to 105 after setting interests to 35, not ${sum}`);
  await checkLabels(page, 'set-up');
  await page.getByRole('button', { name: 'Save set-up' }).click();
  await text(page, 'Saved.');
  await page.getByRole('button', { name: 'Open enrollment' }).click();
  await page.getByRole('button', { name: 'Move to matching' }).waitFor();
  await screenshot(page, 'program-setup');
  await phoneScreenshot(page, 'program-setup');

  step('journey 1: import the example participants');
  await page.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Enrollment' }).click();
  await heading(page, /Enrollment/);
  await page.getByLabel('CSV file', { exact: true }).setInputFiles(join(repo, 'examples/participants.csv'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await text(page, /Imported 6 rows: 6 added/);
  await text(page, /^6 people/);

  step('journey 1: invite a mentee');
  await page.getByLabel('Name', { exact: true }).fill(MENTEE.name);
  await page.getByLabel('E-mail', { exact: true }).fill(MENTEE.email);
  await page.getByLabel('Role', { exact: true }).selectOption('mentee');
  await page.getByLabel('Participant id (optional)', { exact: true }).fill(MENTEE.id);
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  const link = await page.locator('a.invitation-link').getAttribute('href');
  if (!link || !/\/invitations\//.test(link)) throw new Error(`no invitation link shown (got ${link})`);
  await text(page, /^7 people/);
  await checkLabels(page, 'enrollment');
  await screenshot(page, 'enrollment-imported-and-invited');

  step('journey 1: the invitation is in the outbox');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click();
  await heading(page, 'Outbox');
  await text(page, `To ${MENTEE.email}`, { exact: false });
  const path = new URL(link, base).pathname;
  const inOutbox = await page.locator(`.mail-body a[href$="${path}"]`).count();
  if (inOutbox < 1) throw new Error(`the outbox has no message with ${path}`);
  // No mail server in this journey: the page says so, and the message is kept for resending.
  await text(page, 'E-mail delivery is not set up');
  await page.getByRole('button', { name: 'Send again' }).first().waitFor();
  await screenshot(page, 'outbox');
  return { programId, invitation: new URL(path, base).href };
}

async function journey2a(page, invitation) {
  step('journey 2: the mentee accepts the invitation and sets a password');
  await page.goto(invitation);
  await heading(page, 'Join E2E Fellows 2026');
  await screenshot(page, 'mentee-invitation');
  await page.getByLabel('New password', { exact: true }).fill(MENTEE.password);
  await page.getByLabel('Type it again', { exact: true }).fill('something else entirely');
  await page.getByRole('button', { name: 'Accept the invitation' }).click();
  await text(page, 'The two passwords are different');
  await page.getByLabel('Type it again', { exact: true }).fill(MENTEE.password);
  await page.getByRole('button', { name: 'Accept the invitation' }).click();
  await heading(page, 'My profile');

  step('journey 2: the mentee completes the profile');
  const stages = await page.getByLabel('Career stage', { exact: true }).locator('option').allTextContents();
  const stage = stages.find((s) => /pgy|fellow/i.test(s)) ?? stages[1];
  await page.getByLabel('Career stage', { exact: true }).selectOption({ label: stage });
  await page.getByLabel('Institution', { exact: true }).fill('University of Alberta');
  await page.getByLabel('Time zone', { exact: true }).selectOption('America/Chicago');
  const interests = page.getByRole('combobox', { name: 'Interests' });
  const suggestion = (what) => page.getByRole('listbox', { name: `${what} suggestions` }).getByRole('option').first();
  // The APG combobox: Down highlights the first suggestion, Enter picks it.
  await interests.fill('thromb');
  await suggestion('Interests').waitFor();
  await interests.press('ArrowDown');
  await interests.press('Enter');
  await interests.fill('hemophil');
  await suggestion('Interests').waitFor();
  await interests.press('ArrowDown');
  await interests.press('Enter');
  const chosen = await page.getByRole('list', { name: 'Chosen interests' }).getByRole('listitem').count();
  if (chosen !== 2) throw new Error(`expected 2 chosen interests, got ${chosen}`);
  const languages = page.getByRole('combobox', { name: 'Languages' });
  await languages.fill('english');
  await suggestion('Languages').waitFor();
  await languages.press('Enter');
  // Availability by keyboard: Monday 18:00 is the grid's tab stop.
  const first = page.getByRole('button', { name: 'Monday 18:00 to 18:30' });
  await first.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await text(page, /2 hours a week: Mon 18:00–20:00/);
  // And by mouse, on Saturday morning.
  await page.getByRole('button', { name: 'Saturday 09:00 to 09:30' }).click();
  await page.getByRole('button', { name: 'Saturday 09:30 to 10:00' }).click();
  await text(page, /3 hours a week: Mon 18:00–20:00; Sat 09:00–10:00/);
  await checkLabels(page, 'profile');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByRole('status').filter({ hasText: /^Saved/ }).waitFor();
  await screenshot(page, 'mentee-profile-saved');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await text(page, 'You have no mentor yet');
}

/** Starts a run with the given aim and waits until a new run (not `previous`) is done; returns its id. */
async function runMatching(page, aim, previous, expectLocked) {
  await page.getByRole('radio', { name: new RegExp(`^${aim} —`) }).check();
  await page.getByRole('button', { name: 'Run matching' }).click();
  // Progress while it runs, then the result of the new run.
  const handle = await page.waitForFunction(
    (prev) => {
      const h = [...document.querySelectorAll('h2')].find((e) => /^Run #\d+/.test(e.textContent));
      if (!h) return false;
      const id = Number(/#(\d+)/.exec(h.textContent)[1]);
      return id !== prev && /done$/.test(h.textContent.trim()) ? h.textContent : false;
    },
    previous,
    { timeout: 60_000 },
  );
  const title = await handle.jsonValue();
  if (!title.includes(aim)) throw new Error(`the new run is "${title}", not ${aim}`);
  const runId = Number(/#(\d+)/.exec(title)[1]);
  if (expectLocked) await text(page, /· 1 locked/);
  return runId;
}

async function journey1b(page, base, programId) {
  step('journey 1: run matching');
  await page.goto(`${base}/programs/${programId}/matching`);
  await heading(page, /Matching/);
  await text(page, 'No matching has been run yet');
  await checkLabels(page, 'matching');
  const run1 = await runMatching(page, 'Best total', null, false);
  const proposals = await page.locator('table.proposals tbody tr').count();
  if (proposals !== 4) throw new Error(`expected 4 proposed pairs (3 mentors with 4 places, 4 mentees), got ${proposals}`);
  await screenshot(page, 'matching-run-1');

  step('journey 1: lock a pair and run again');
  const lockButton = page.locator('table.proposals tbody tr').first().getByRole('button', { name: /^Lock / });
  const lockName = await lockButton.getAttribute('aria-label');
  await lockButton.click();
  await page.getByRole('heading', { name: 'Locked pairs (1)' }).waitFor();
  const run2 = await runMatching(page, 'Best total', run1, true);
  const lockedRow = page.locator('table.proposals tbody tr', { hasText: 'locked' });
  if ((await lockedRow.count()) !== 1) throw new Error(`expected exactly one locked pair in run ${run2} (${lockName})`);

  step('journey 1: run the fair and the stable aims too, and compare the runs');
  const run3 = await runMatching(page, 'Fairest', run2, true);
  const run4 = await runMatching(page, 'Stable, mentee-first', run3, true);
  for (const r of [run1, run2, run3, run4]) await page.getByRole('checkbox', { name: `Compare run ${r}` }).check();
  const comparison = page.getByRole('table', { name: 'Comparison of the chosen runs' });
  await comparison.waitFor();
  const measures = await comparison.locator('tbody th').allTextContents();
  for (const m of ['Matched', 'Lowest score', 'Mean score', 'Blocking pairs']) {
    if (!measures.some((x) => x.startsWith(m))) throw new Error(`the comparison has no row "${m}" (${measures})`);
  }
  await screenshot(page, 'matching-runs-compared');
  await phoneScreenshot(page, 'matching-runs-compared');

  step('journey 1: publish');
  await page.getByRole('button', { name: 'Publish these pairs…' }).click();
  await page.getByRole('button', { name: 'Yes, publish' }).click();
  const published = Number(/(\d+) pairs are published/.exec(await page.getByText(/pairs are published/).textContent())[1]);
  if (published !== 4) throw new Error(`expected 4 published pairs, got ${published}`);
  await page.getByRole('link', { name: 'See the pairs' }).click();
  await heading(page, /Pairs/);
  const rows = page.locator('table.data tbody tr');
  await rows.first().waitFor();
  if ((await rows.count()) !== 4) throw new Error(`expected 4 pairs, got ${await rows.count()}`);
  await screenshot(page, 'pairs-overview');
  await phoneScreenshot(page, 'pairs-overview');
  const hrefs = await page.locator('table.data tbody tr td:first-child a').evaluateAll((as) =>
    as.map((a) => ({ href: a.getAttribute('href'), name: a.textContent })),
  );
  const menteeRow = page.locator('table.data tbody tr', { hasText: MENTEE.name });
  const mentor = (await menteeRow.locator('td').nth(1).textContent()).trim();
  const other = hrefs.find((h) => h.name !== MENTEE.name);
  return { mentor, otherPair: other.href };
}

async function journey2b(page, base, mentor) {
  step(`journey 2: the mentee sees the assigned mentor (${mentor})`);
  await page.goto(base + '/');
  await page.getByRole('heading', { name: `Your mentor: ${mentor}` }).waitFor();
  await text(page, 'Meetings');
  // The mentor's week (the example CSV: Toronto, Mon 18:00-20:00 and Sat 09:00-11:00) in the mentee's zone.
  if (mentor === 'Dr. Ana Ruiz') await text(page, '4 h a week: Mon 17:00–19:00; Sat 08:00–10:00');
  await text(page, '(in your time zone, America/Chicago)');
  await screenshot(page, 'mentee-home-with-mentor');
  await page.getByRole('link', { name: `Open your pair page with ${mentor}` }).click();
  await heading(page, new RegExp(`${MENTEE.name} and ${mentor}`));
  await page.getByRole('heading', { name: `${mentor}'s profile` }).waitFor();
  await screenshot(page, 'mentee-pair-page');
}

async function journey3(page, base, otherPair) {
  step(`journey 3: the mentee opens another pair (${otherPair}) and is not allowed`);
  expect('GET', new RegExp(`^/api/v1${otherPair}$`), 403);
  await page.goto(base + otherPair);
  await heading(page, 'Not allowed');
  await text(page, 'You are not allowed to see this pair.');
  await screenshot(page, 'mentee-not-allowed');
  // An address that is not a page at all.
  await page.goto(base + '/no/such/page');
  await heading(page, 'Page not found');
}

async function journey4(page) {
  step('journey 4: importing a CSV with errors shows every error and adds nobody');
  await createProgram(page, 'E2E Errors');
  await page.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Enrollment' }).click();
  await heading(page, /Enrollment/);
  await text(page, /^0 people/);
  expect('POST', /^\/api\/v1\/programs\/\d+\/participants\/import$/, 422);
  await page.getByLabel('CSV file', { exact: true }).setInputFiles(join(repo, 'examples/participants-with-errors.csv'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await text(page, 'Nothing was imported.');
  const table = page.getByRole('region', { name: 'Problems found in the file' });
  await table.waitFor();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  if (rows.length < 8) throw new Error(`expected at least 8 problems (one of each kind), got ${rows.length}: ${JSON.stringify(rows)}`);
  for (const [row, column, reason] of rows) {
    if (!/^\d+$/.test(row) || !column || !reason) throw new Error(`a problem row is incomplete: ${row} | ${column} | ${reason}`);
  }
  const columns = new Set(rows.map((r) => r[1]));
  for (const c of ['capacity', 'time_zone', 'id', 'role']) {
    if (!columns.has(c)) throw new Error(`no problem reported for column ${c}: ${JSON.stringify(rows)}`);
  }
  await text(page, /^0 people/);
  await screenshot(page, 'import-errors');
  await phoneScreenshot(page, 'import-errors');
  return rows.length;
}

async function journey5(page, base, programId) {
  step('journey 5: the coordinator dissolves a pair, re-matches the mentee and reads the audit log');
  await page.goto(`${base}/programs/${programId}/pairs`);
  await heading(page, /Pairs/);
  await page.getByRole('button', { name: 'Dissolve Priya Desai and Dr. Chloe Tremblay' }).click();
  await page.getByRole('button', { name: 'Dissolve', exact: true }).click();
  await text(page, 'Say briefly why the pair ends');
  await page.getByLabel(/^Why does the pair Priya Desai/).fill('Schedules never matched');
  await page.getByRole('button', { name: 'Dissolve', exact: true }).click();
  await page.locator('table.data tbody tr', { hasText: 'Schedules never matched' }).waitFor();
  // A second pair ends too, so that another mentor has room.
  const other = page.getByRole('button', { name: /^Dissolve .* and Dr\. Ana Ruiz$/ }).first();
  const otherMentee = (await other.getAttribute('aria-label')).replace(/^Dissolve (.*) and Dr\. Ana Ruiz$/, '$1');
  await other.click();
  await page.getByRole('button', { name: 'Dissolve', exact: true }).click();
  await page.getByLabel(/^Why does the pair /).fill('Moved to another institution');
  await page.getByRole('button', { name: 'Dissolve', exact: true }).click();
  await page.locator('table.data tbody tr', { hasText: 'Moved to another institution' }).waitFor();
  // F3 is offered Dr. Ana Ruiz, never again Dr. Chloe Tremblay.
  await page.getByLabel('Mentee without a partner', { exact: true }).selectOption('F3');
  await page.getByRole('button', { name: 'Suggest mentors' }).click();
  const pairButton = page.getByRole('button', { name: /^Pair them: Priya Desai with / }).first();
  await pairButton.waitFor();
  const offered = await page.getByRole('button', { name: /^Pair them: Priya Desai with / }).evaluateAll((b) => b.map((e) => e.getAttribute('aria-label')));
  if (offered.some((l) => /Chloe Tremblay/.test(l))) throw new Error(`the dissolved partner is suggested again: ${JSON.stringify(offered)}`);
  const mentorName = (await pairButton.getAttribute('aria-label')).replace('Pair them: Priya Desai with ', '');
  await checkLabels(page, 'pairs');
  await screenshot(page, 'rematch-suggestions');
  await pairButton.click();
  // Names on both sides (issue 14: it said "F3 is now paired with …").
  await text(page, `Priya Desai is now paired with ${mentorName}.`);
  // The other mentee may have Dr. Chloe Tremblay.
  const select = page.getByLabel('Mentee without a partner', { exact: true });
  await select.selectOption(await select.locator('option', { hasText: otherMentee }).getAttribute('value'));
  await page.getByRole('button', { name: 'Suggest mentors' }).click();
  const second = page.getByRole('button', { name: /^Pair them: .* with Dr\. Chloe Tremblay$/ }).first();
  await second.waitFor();
  await second.click();
  await text(page, /is now paired with Dr\. Chloe Tremblay\./);
  await text(page, 'Every mentee has a partner.');
  await page.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Audit log' }).click();
  await heading(page, /Audit log/);
  await page.locator('table.audit tbody tr').first().waitFor();
  await page.getByLabel('Entity', { exact: true }).fill('pair');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/entity=pair/);
  // The filtered page replaces the unfiltered one once its answer arrives.
  await page
    .waitForFunction(() => {
      const cells = [...document.querySelectorAll('table.audit tbody tr td:nth-child(3)')];
      return cells.length > 0 && cells.every((c) => /\bpair\.[a-z_]+$/.test(c.textContent.trim()));
    }, null, { timeout: 15_000 })
    .catch(() => {});
  // The action column ends with the action's code ("dissolved the pair pair.dissolve"); the What column names the pair.
  const actions = await page.locator('table.audit tbody tr td:nth-child(3)').allTextContents();
  if (!actions.length || actions.some((a) => !/\bpair\.[a-z_]+$/.test(a.trim()))) throw new Error(`the audit filter by entity "pair" shows ${JSON.stringify(actions)}`);
  const what = await page.locator('table.audit tbody tr td:nth-child(4)').allTextContents();
  if (what.some((w) => !/ and /.test(w))) throw new Error(`an audit entry does not name its pair: ${JSON.stringify(what)}`);
  await checkLabels(page, 'audit');
  await screenshot(page, 'audit-log');
}

async function journey6(mentee, admin, base) {
  step('journey 6: the mentee signs out, resets the password from the e-mail, and signs in again');
  await mentee.getByRole('button', { name: 'Sign out' }).click();
  await heading(mentee, 'Sign in to Tandem');
  await mentee.getByRole('link', { name: 'Forgot your password?' }).click();
  await heading(mentee, 'Reset your password');
  await mentee.getByLabel('E-mail', { exact: true }).fill(MENTEE.email);
  await mentee.getByRole('button', { name: 'Send the link' }).click();
  await text(mentee, 'we have sent it a link');
  await admin.goto(`${base}/outbox`);
  await heading(admin, 'Outbox');
  const link = await admin.locator('.mail-body a[href*="/reset-password/"]').first().getAttribute('href');
  if (!link) throw new Error('no password-reset message in the outbox');
  await mentee.goto(new URL(new URL(link).pathname, base).href);
  await heading(mentee, 'Choose a new password');
  MENTEE.password = 'a-brand-new-password-456';
  await mentee.getByLabel('New password', { exact: true }).fill(MENTEE.password);
  await mentee.getByLabel('Type it again', { exact: true }).fill(MENTEE.password);
  await mentee.getByRole('button', { name: 'Save the new password' }).click();
  await text(mentee, 'Your password is changed.');
  await mentee.getByRole('link', { name: 'Sign in' }).click();
  await signIn(mentee, base, MENTEE);
  await screenshot(mentee, 'mentee-signed-in-again');
}

async function journey7(page, base) {
  step('journey 7: a run of 60 proposals, 50 a page; the search asks the server; a lock holds across pages');
  const program = (await pageApi(page, 'POST', '/programs', { name: 'E2E Sixty Fellows', field: 'hematology', kind: 'cohort' })).body;
  await pageApi(page, 'POST', `/programs/${program.id}/transition`, { status: 'enrolling' });
  const two = (n) => String(n).padStart(2, '0');
  const csv = ['role,id,name,time_zone,capacity,interests,availability'];
  for (let j = 1; j <= 30; ++j) csv.push(`mentor,M${j},Dr. Mentor ${two(j)},America/Toronto,2,lymphoma;myeloma,Mon 09:00-17:00`);
  for (let i = 1; i <= 60; ++i) csv.push(`mentee,F${i},Fellow No. ${two(i)},America/Toronto,1,lymphoma,Mon 09:00-17:00`);
  const imported = await page.evaluate(
    async ([path, text]) => {
      const me = await (await fetch('/api/v1/me')).json();
      const r = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'text/csv', 'X-CSRF-Token': me.csrf_token }, body: text });
      return r.json();
    },
    [`/api/v1/programs/${program.id}/participants/import`, csv.join('\n') + '\n'],
  );
  if (imported.added !== 90) throw new Error(`the import added ${JSON.stringify(imported)}`);
  await page.goto(`${base}/programs/${program.id}/matching`);
  await heading(page, /Matching/);
  const firstRun = await runMatching(page, 'Best total', null, false);
  await page.getByRole('heading', { name: 'Proposed pairs (60)' }).waitFor();
  const rows = page.locator('table.proposals tbody tr');
  const pager = page.getByRole('navigation', { name: 'Pages of proposed pairs' });
  const showing = async (range, count) => {
    await pager.getByText(range).waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('table.proposals tbody tr').length === n, count);
  };
  await showing('1–50 of 60', 50);
  await pager.getByRole('button', { name: 'Next' }).click();
  await showing('51–60 of 60', 10);
  // The pager is under 50 rows: the next page is read from its heading, not left at its end.
  await page.waitForFunction(() => {
    const top = document.getElementById('proposals-h').getBoundingClientRect().top;
    return top >= 0 && top < window.innerHeight;
  });
  const lockButton = rows.first().getByRole('button', { name: /^Lock / });
  const lockName = await lockButton.getAttribute('aria-label');
  await lockButton.click();
  await page.getByRole('heading', { name: 'Locked pairs (1)' }).waitFor();
  await pager.getByRole('button', { name: 'Previous' }).click();
  await showing('1–50 of 60', 50);
  if ((await page.getByRole('button', { name: lockName }).count()) !== 0) throw new Error(`the pair locked on page 2 (${lockName}) is on page 1 too`);
  await pager.getByRole('button', { name: 'Next' }).click();
  await showing('51–60 of 60', 10);
  if ((await page.getByRole('button', { name: lockName }).getAttribute('aria-pressed')) !== 'true') throw new Error(`the lock of ${lockName} was lost between pages`);
  // The search runs on the server over every page, ignoring case.
  const mentee = lockName.replace(/^Lock (.*) with .*$/, '$1');
  await page.getByLabel('Find a person', { exact: true }).fill(mentee.toUpperCase());
  await text(page, `1 proposed pair with “${mentee.toUpperCase()}”.`);
  await page.waitForFunction((n) => document.querySelectorAll('table.proposals tbody tr').length === n, 1);
  if ((await pager.count()) !== 0) throw new Error('a search with one answer still shows the pager');
  await checkLabels(page, 'matching, searched');
  await screenshot(page, 'matching-searched');
  await page.getByLabel('Find a person', { exact: true }).fill('');
  await showing('1–50 of 60', 50);
  await screenshot(page, 'matching-paged');
  await phoneScreenshot(page, 'matching-paged', 390);
  // Publishing counts every proposal, not the page.
  await page.getByRole('button', { name: 'Publish these pairs…' }).click();
  await text(page, /^Publish 60 pairs\?/);
  await page.getByRole('button', { name: 'Yes, publish' }).click();
  await text(page, '60 pairs are published.');
  // The program still says "matching", but its pairs are live: the run form
  // asks what the next run is for, and a what-if run is never published.
  await page.getByRole('group', { name: 'The program has live pairs. What should this run do?' }).waitFor();
  await page.getByRole('radio', { name: /^What-if —/ }).check();
  const whatIf = await runMatching(page, 'Best total', firstRun, true);
  await text(page, `Run #${whatIf}: Best total (what-if)`);
  await text(page, 'A what-if run: compare it with the other runs.');
  if ((await page.getByRole('button', { name: 'Publish these pairs…' }).count()) !== 0) throw new Error('a what-if run offers to publish');
  await phoneScreenshot(page, 'matching-what-if', 390);
}

async function main() {
  const base = await startServer(async () => {
    tandem(['migrate']);
    tandem(['user', 'create', '--email', ADMIN.email, '--name', ADMIN.name, '--admin', '--password-stdin'], ADMIN.password + '\n');
  });
  // Anonymous visitors get 401 from /me before they sign in.
  expect('GET', /^\/api\/v1\/me$/, 401);
  const admin = await openContext('admin', { width: 1280, height: 900 });
  const mentee = await openContext('mentee', { width: 390, height: 844 }, { timezoneId: 'America/Chicago' });
  const { programId, invitation } = await journey1a(admin, base);
  await journey2a(mentee, invitation);
  const { mentor, otherPair } = await journey1b(admin, base, programId);
  await journey2b(mentee, base, mentor);
  await journey3(mentee, base, otherPair);
  await journey5(admin, base, programId);
  const errors = await journey4(admin);
  log(`journey 4 showed ${errors} problems`);
  await journey6(mentee, admin, base);
  await journey7(admin, base);
}

await finish(main);
