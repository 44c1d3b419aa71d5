// The shared harness of the browser journeys (run.mjs, walkthrough.mjs): a
// throwaway `tandem serve` on a fresh SQLite database, chromium contexts
// driven by playwright-core that record every console error, page error and
// unexpected API answer >= 400, and screenshots each checked with axe-core
// (WCAG 2.1 A/AA), for reflow and for unlabelled controls. See docs/web.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');

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

/**
 * Reads the command line (--tandem, --web-root, --out, --keep, --headed,
 * --chromium), checks the binary, the built app and chromium exist, clears
 * old screenshots from --out, and returns the helpers of one script run.
 * `tag` names the script in its log lines.
 */
export function createHarness(tag) {
  const args = parseArgs(process.argv);
  const log = (...m) => console.log(`[${tag} ${new Date().toISOString().slice(11, 19)}]`, ...m);

  for (const [what, path] of [
    ['tandem binary', args.tandem],
    ['built web app (index.html)', join(args.webRoot, 'index.html')],
    ['chromium', args.chromium],
  ]) {
    if (!existsSync(path)) {
      console.error(`${tag}: the ${what} is missing at ${path}. Build with \`cmake --build BUILD --target tandem web\` (and install chromium).`);
      process.exit(1);
    }
  }

  const tmp = mkdtempSync(join(tmpdir(), `tandem-${tag}-`));
  mkdirSync(args.out, { recursive: true });
  // Screenshots of an earlier run would be mistaken for this one's.
  for (const f of readdirSync(args.out)) if (f.endsWith('.png')) rmSync(join(args.out, f));
  const env = { ...process.env, TANDEM_DB: `sqlite:${join(tmp, 't.db')}` };

  let server = null;
  let browserContexts = [];
  let shuttingDown = false;

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

  /** Runs a tandem subcommand on the run's database; returns its standard output. */
  function tandem(cliArgs, input) {
    const r = spawnSync(args.tandem, cliArgs, { env, input, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`tandem ${cliArgs.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
    return r.stdout;
  }

  /**
   * Starts `tandem serve` (with `serveArgs`, e.g. --test-clock) on loopback
   * port `port` (0: any free one) once `prepare()` has filled the database;
   * returns its base URL.
   */
  async function startServer(prepare, serveArgs = [], { port = 0 } = {}) {
    await prepare();
    server = spawn(args.tandem, ['serve', '--listen', `127.0.0.1:${port}`, '--web-root', args.webRoot, '--access-log', '', ...serveArgs], {
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
      if (!shuttingDown) console.error(`${tag}: tandem serve exited unexpectedly (${code ?? sig}):\n${output.slice(-4000)}`);
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

  // ---------------------------------------------------------------- browser --

  const problems = [];
  /** API answers >= 400 that a journey expects: [method, path regexp, status]. */
  let expected = [];
  const expect = (method, path, status) => expected.push([method, path, status]);

  async function openContext(name, viewport, { timezoneId = 'America/Toronto' } = {}) {
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
      timezoneId,
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

  /** Looks at the current page at phone width too (360 px unless told). */
  async function phoneScreenshot(page, name, width = 360) {
    const size = page.viewportSize();
    await page.setViewportSize({ width, height: 780 });
    await screenshot(page, `${name}-phone`);
    await page.setViewportSize(size);
  }

  let shot = 0;
  /** Saves a full-page screenshot and checks the page's accessibility at the same moment. */
  async function screenshot(page, name) {
    const file = join(args.out, `${String(++shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: 60_000 }); // long pages on a busy machine
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


  async function signIn(page, base, who) {
    await page.goto(base + '/');
    await heading(page, 'Sign in to Tandem');
    await page.getByLabel('E-mail', { exact: true }).fill(who.email);
    await page.getByLabel('Password', { exact: true }).fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, `Welcome, ${who.name}`);
  }

  /**
   * Runs `main`, then reports: a thrown error (with a screenshot of every
   * open page) or any problem seen in the browsers fails the run. Stops the
   * browsers and the server and exits the process with 0 or 1.
   */
  async function finish(main) {
    let failed = false;
    try {
      await main();
    } catch (e) {
      failed = true;
      console.error(`${tag}: FAILED: ${e.stack || e}`);
      for (const c of browserContexts) {
        for (const p of c.pages()) {
          try {
            const f = join(args.out, `failure-${browserContexts.indexOf(c)}.png`);
            await p.screenshot({ path: f, fullPage: true });
            console.error(`${tag}: screenshot of the failure: ${f}`);
          } catch {
            /* the page may be gone */
          }
        }
      }
    }
    if (problems.length) {
      failed = true;
      console.error(`${tag}: problems seen in the browser:\n  ` + problems.join('\n  '));
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
  }

  return { args, env, tmp, log, tandem, startServer, openContext, expect, checkAccessibility, phoneScreenshot, screenshot, checkLabels, heading, text, step, signIn, finish, problems };
}

/** The demo's password for every account it creates (`tandem demo`). */
export const DEMO_PASSWORD = 'tandem-demo-2026';
/** The demo's staff accounts (`tandem demo`). */
export const DEMO_ADMIN = { email: 'admin@tandem.example', name: 'Demo Administrator', password: DEMO_PASSWORD };
export const DEMO_COORDINATOR = { email: 'coordinator@tandem.example', name: 'Demo Coordinator', password: DEMO_PASSWORD };
export const DEMO_EVALUATOR = { email: 'evaluator@tandem.example', name: 'Demo Evaluator', password: DEMO_PASSWORD };
/** The window sizes the journeys use. */
export const LAPTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** `tandem demo` prints "  EMAIL   mentor M101 (Dr. Umar Hernandez) in PROGRAM": that person's sign-in. */
export function demoSignIn(output, role) {
  const m = new RegExp(`^\\s*(\\S+@\\S+)\\s+${role} \\S+ \\((.+?)\\) in `, 'm').exec(output);
  if (!m) throw new Error(`tandem demo printed no ${role} sign-in:\n${output}`);
  return { email: m[1], name: m[2], password: DEMO_PASSWORD };
}

/** Calls the API from the page (its cookie and CSRF token); the body back as JSON, or text. */
export const pageApi = (page, method, path, body) =>
  page.evaluate(
    async ([method, path, body]) => {
      const me = await (await fetch('/api/v1/me')).json();
      const r = await fetch('/api/v1' + path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const type = r.headers.get('content-type') || '';
      return { status: r.status, body: type.includes('json') ? await r.json() : await r.text() };
    },
    [method, path, body],
  );
