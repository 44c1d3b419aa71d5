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
//   6. the mentee signs out, resets the password through the outbox link and signs in.
// Fails on any console error, on any page error, and on any API answer >= 400
// that the journey did not expect. Screenshots go to --out.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');

function parseArgs(argv) {
  const a = { tandem: '', webRoot: '', out: '', keep: false, headed: false, chromium: '/usr/bin/chromium' };
  for (let i = 2; i < argv.length; i++) {
    const k = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${k} needs a value`);
      return argv[++i];
    };
    if (k === '--tandem') a.tandem = resolve(next());
    else if (k === '--web-root') a.webRoot = resolve(next());
    else if (k === '--out') a.out = resolve(next());
    else if (k === '--chromium') a.chromium = next();
    else if (k === '--keep') a.keep = true;
    else if (k === '--headed') a.headed = true;
    else throw new Error(`unknown argument ${k}`);
  }
  if (!a.tandem) throw new Error('--tandem PATH is required');
  if (!a.webRoot) throw new Error('--web-root DIR is required');
  if (!a.out) a.out = resolve('web-e2e');
  return a;
}

const args = parseArgs(process.argv);
const log = (...m) => console.log(`[e2e ${new Date().toISOString().slice(11, 19)}]`, ...m);

for (const [what, path] of [
  ['tandem binary', args.tandem],
  ['built web app (index.html)', join(args.webRoot, 'index.html')],
  ['chromium', args.chromium],
]) {
  if (!existsSync(path)) {
    console.error(`e2e: the ${what} is missing at ${path}. Build with \`cmake --build BUILD --target tandem web\` (and install chromium).`);
    process.exit(1);
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
mkdirSync(args.out, { recursive: true });
// Screenshots of an earlier run would be mistaken for this one's.
for (const f of readdirSync(args.out)) if (f.endsWith('.png')) rmSync(join(args.out, f));
const env = { ...process.env, TANDEM_DB: `sqlite:${join(tmp, 't.db')}` };
const ADMIN = { email: 'admin@x.test', name: 'Admin', password: 'admin-password-123' };
const MENTEE = { email: 'nora.quinn@x.test', name: 'Nora Quinn', id: 'F9', password: 'nora-password-123' };

let server = null;
let browserContexts = [];

function cleanup() {
  for (const c of browserContexts) {
    try {
      c.close().catch(() => {});
    } catch {
      /* closing anyway */
    }
  }
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    const s = server;
    setTimeout(() => s.exitCode === null && s.kill('SIGKILL'), 3000).unref();
  }
  if (!args.keep) rmSync(tmp, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

function tandem(cliArgs, input) {
  const r = spawnSync(args.tandem, cliArgs, { env, input, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`tandem ${cliArgs.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

async function startServer() {
  tandem(['migrate']);
  tandem(['user', 'create', '--email', ADMIN.email, '--name', ADMIN.name, '--admin', '--password-stdin'], ADMIN.password + '\n');
  server = spawn(args.tandem, ['serve', '--listen', '127.0.0.1:0', '--web-root', args.webRoot, '--access-log', ''], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stderr.on('data', (d) => (output += d));
  const base = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`tandem serve did not start within 30 s:\n${output}`)), 30_000);
    server.stdout.on('data', (d) => {
      output += d;
      const m = /serving on (https?:\/\/[^\s]+:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    server.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`tandem serve exited (${code}) before it was ready:\n${output}`));
    });
  });
  server.removeAllListeners('exit');
  server.on('exit', (code, sig) => {
    if (!shuttingDown) console.error(`e2e: tandem serve exited unexpectedly (${code ?? sig}):\n${output.slice(-4000)}`);
  });
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    if (i > 100) throw new Error('tandem serve never answered /healthz');
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`tandem serve is ready at ${base}`);
  return base;
}
let shuttingDown = false;

// ---------------------------------------------------------------- browser --

const problems = [];
/** API answers >= 400 that a journey expects: [method, path regexp, status]. */
let expected = [];
const expect = (method, path, status) => expected.push([method, path, status]);

async function openContext(name, viewport) {
  const dir = join(tmp, `profile-${name}`);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: args.chromium,
    headless: !args.headed,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ].filter((a) => !(args.headed && a === '--headless')),
    timezoneId: name === 'mentee' ? 'America/Chicago' : 'America/Toronto',
    locale: 'en-CA',
  });
  browserContexts.push(context);
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    // Failed API calls are judged below from the responses themselves.
    if (/^Failed to load resource: the server responded with a status of/.test(text)) return;
    problems.push(`${name}: console error: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`${name}: page error: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() < 400) return;
    const url = new URL(res.url());
    const method = res.request().method();
    const ok = expected.some(([m, p, s]) => m === method && p.test(url.pathname) && s === res.status());
    if (!ok) problems.push(`${name}: unexpected ${res.status()} for ${method} ${url.pathname}`);
  });
  page.on('requestfailed', (req) => {
    const failure = req.failure()?.errorText ?? '';
    if (!/ERR_ABORTED/.test(failure)) problems.push(`${name}: request failed: ${req.method()} ${req.url()} ${failure}`);
  });
  return page;
}

/** Runs axe-core's WCAG 2 A/AA rules (contrast, names, structure) on the page as it is now. */
async function checkAccessibility(page, where) {
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  for (const v of violations) problems.push(`${where}: accessibility: ${v}`);
  // Reflow: the page itself never scrolls sideways (wide tables scroll inside their own box).
  const [scroll, width, culprits] = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > w + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > w + 1))
      .slice(-3)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''}`);
    return [document.documentElement.scrollWidth, w, wide];
  });
  if (scroll > width + 1) problems.push(`${where}: the page is ${scroll}px wide in a ${width}px window (${culprits.join(', ')})`);
}

/** Looks at the current page at phone width too. */
async function phoneScreenshot(page, name) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 780 });
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize(size);
}

let shot = 0;
/** Saves a full-page screenshot and checks the page's accessibility at the same moment. */
async function screenshot(page, name) {
  const file = join(args.out, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await checkAccessibility(page, name);
  return file;
}

/** Every visible form control has an accessible name (label, aria-label or aria-labelledby). */
async function checkLabels(page, where) {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => el.type !== 'hidden' && el.offsetParent !== null)
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  if (unlabelled.length) problems.push(`${where}: unlabelled controls: ${unlabelled.join(' | ')}`);
}

async function heading(page, text) {
  await page.getByRole('heading', { level: 1, name: text }).waitFor();
}

async function text(page, t, opts = {}) {
  await page.getByText(t, opts).first().waitFor();
}

function step(name) {
  log(name);
}

// --------------------------------------------------------------- journeys --

async function signIn(page, base, who) {
  await page.goto(base + '/');
  await heading(page, 'Sign in to Tandem');
  await page.getByLabel('E-mail', { exact: true }).fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, `Welcome, ${who.name}`);
}

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
  await page.getByRole('button', { name: 'Open enrolment' }).click();
  await page.getByRole('button', { name: 'Move to matching' }).waitFor();
  await screenshot(page, 'program-setup');
  await phoneScreenshot(page, 'program-setup');

  step('journey 1: import the example participants');
  await page.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Enrolment' }).click();
  await heading(page, /Enrolment/);
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
  await checkLabels(page, 'enrolment');
  await screenshot(page, 'enrolment-imported-and-invited');

  step('journey 1: the invitation is in the outbox');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click();
  await heading(page, 'Outbox');
  await text(page, `To ${MENTEE.email}`, { exact: false });
  const path = new URL(link, base).pathname;
  const inOutbox = await page.locator(`.mail-body a[href$="${path}"]`).count();
  if (inOutbox < 1) throw new Error(`the outbox has no message with ${path}`);
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
  await interests.fill('thromb');
  await suggestion('Interests').waitFor();
  await interests.press('Enter');
  await interests.fill('hemophil');
  await suggestion('Interests').waitFor();
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
  await page.getByRole('link', { name: 'Open your pair page' }).click();
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
  await page.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Enrolment' }).click();
  await heading(page, /Enrolment/);
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
  const pairButton = page.getByRole('button', { name: /^Pair them: F3 with / }).first();
  await pairButton.waitFor();
  const offered = await page.getByRole('button', { name: /^Pair them: F3 with / }).evaluateAll((b) => b.map((e) => e.getAttribute('aria-label')));
  if (offered.some((l) => /Chloe Tremblay/.test(l))) throw new Error(`the dissolved partner is suggested again: ${JSON.stringify(offered)}`);
  const mentorName = (await pairButton.getAttribute('aria-label')).replace('Pair them: F3 with ', '');
  await checkLabels(page, 'pairs');
  await screenshot(page, 'rematch-suggestions');
  await pairButton.click();
  await text(page, `F3 is now paired with ${mentorName}.`);
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
  await page.locator('table.audit tbody tr').first().waitFor();
  const entities = await page.locator('table.audit tbody tr td:nth-child(4)').allTextContents();
  if (!entities.length || entities.some((e) => !/^pair/.test(e.trim()))) throw new Error(`the audit filter by entity "pair" shows ${JSON.stringify(entities)}`);
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

async function main() {
  const base = await startServer();
  // Anonymous visitors get 401 from /me before they sign in.
  expect('GET', /^\/api\/v1\/me$/, 401);
  const admin = await openContext('admin', { width: 1280, height: 900 });
  const mentee = await openContext('mentee', { width: 390, height: 844 });
  const { programId, invitation } = await journey1a(admin, base);
  await journey2a(mentee, invitation);
  const { mentor, otherPair } = await journey1b(admin, base, programId);
  await journey2b(mentee, base, mentor);
  await journey3(mentee, base, otherPair);
  await journey5(admin, base, programId);
  const errors = await journey4(admin);
  log(`journey 4 showed ${errors} problems`);
  await journey6(mentee, admin, base);
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  console.error(`e2e: FAILED: ${e.stack || e}`);
  for (const c of browserContexts) {
    for (const p of c.pages()) {
      try {
        const f = join(args.out, `failure-${browserContexts.indexOf(c)}.png`);
        await p.screenshot({ path: f, fullPage: true });
        console.error(`e2e: screenshot of the failure: ${f}`);
      } catch {
        /* the page may be gone */
      }
    }
  }
}
if (problems.length) {
  failed = true;
  console.error('e2e: problems seen in the browser:\n  ' + problems.join('\n  '));
}
shuttingDown = true;
for (const c of browserContexts) await c.close().catch(() => {});
browserContexts = [];
if (server && server.exitCode === null) {
  server.kill('SIGTERM');
  await new Promise((r) => {
    const t = setTimeout(r, 5000);
    server.on('exit', () => {
      clearTimeout(t);
      r();
    });
  });
}
log(failed ? 'FAILED' : `all journeys passed; screenshots in ${args.out}`);
process.exit(failed ? 1 : 0);
