// Several `tandem serve` processes on one PostgreSQL database, and the database
// going away and coming back. Run by ctest through scripts/with-postgres.sh,
// which gives this test its own cluster (TANDEM_TEST_POSTGRES) and a script to
// stop and start it (TANDEM_TEST_PGCTL).
//   node tests/server_instances_test.mjs TANDEM_BINARY
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from './free_port.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const tandem = process.argv[2];
const db = process.env.TANDEM_TEST_POSTGRES;
const pgctl = process.env.TANDEM_TEST_PGCTL;
if (!tandem || !db || !pgctl) {
  console.error('usage: TANDEM_TEST_POSTGRES=... TANDEM_TEST_PGCTL=... node server_instances_test.mjs TANDEM');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'tandem-instances-'));
const children = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(args, input) {
  return execFileSync(tandem, ['--db', db, ...args], { input, encoding: 'utf8' });
}

async function startInstance(name) {
  const port = await freePort();
  const child = spawn(tandem, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`, '--job-threads', '1',
    '--access-log', ''], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const instance = { name, port, child, exited, base: `http://127.0.0.1:${port}`, log: () => output };
  children.push(instance);
  for (let i = 0; i < 100; ++i) {
    try {
      const r = await fetch(`${instance.base}/healthz`);
      if (r.ok) return instance;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  throw new Error(`${name} did not start:\n${output}`);
}

// A signed-in client: cookie and CSRF token from POST /api/v1/session.
async function signIn(base, email, password) {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const text = await r.text();
  assert.equal(r.status, 200, `sign-in: ${text}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token } = JSON.parse(text);
  return { cookie, csrf: csrf_token };
}

async function call(base, who, method, path, body) {
  const headers = { cookie: who.cookie };
  if (method !== 'GET') headers['x-csrf-token'] = who.csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, text };
}

function psql(sql) {
  return execFileSync('psql', [db, '-tAc', sql], { encoding: 'utf8' }).trim();
}

async function main() {
  run(['migrate']);
  run(['user', 'create', '--email', 'admin@instances.test', '--name', 'Admin', '--admin', '--password-stdin'],
    'correct horse battery\n');
  run(['demo', '--out-dir', join(work, 'demo')]);

  const a = await startInstance('A');
  const b = await startInstance('B');

  // A session opened on one instance works on the other: sessions live in the database.
  const admin = await signIn(a.base, 'admin@instances.test', 'correct horse battery');
  const me = await call(b.base, admin, 'GET', '/api/v1/me');
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.user.email, 'admin@instances.test');

  const programs = await call(a.base, admin, 'GET', '/api/v1/programs');
  assert.equal(programs.status, 200, programs.text);
  const fellows = programs.json.programs.find((p) => p.kind === 'peer_support');
  assert.ok(fellows, 'the demo peer-support program is listed');
  if (fellows.status === 'draft') {
    const t = await call(a.base, admin, 'POST', `/api/v1/programs/${fellows.id}/transition`, { status: 'enrolling' });
    assert.equal(t.status, 200, t.text);
  }

  // Matching runs queued through both instances; both workers claim from one table.
  const objectives = ['optimal', 'fair', 'stable-mentee', 'stable-mentor'];
  const runs = [];
  for (let i = 0; i < 8; ++i) {
    const via = i % 2 === 0 ? a : b;
    const r = await call(via.base, admin, 'POST', `/api/v1/programs/${fellows.id}/matching-runs`,
      { objective: objectives[i % objectives.length] });
    assert.equal(r.status, 202, r.text);
    runs.push(r.json.id);
  }
  for (const id of runs) {
    let run;
    for (let i = 0; i < 300; ++i) {
      run = await call(i % 2 ? a.base : b.base, admin, 'GET', `/api/v1/matching-runs/${id}`);
      assert.equal(run.status, 200, run.text);
      if (run.json.status === 'done' || run.json.status === 'failed') break;
      await sleep(100);
    }
    assert.equal(run.json.status, 'done', `run ${id}: ${run.text}`);
    assert.ok(run.json.proposals.length > 0, `run ${id} has proposals`);
  }
  // Every job ran exactly once: one claim each, all done.
  const jobs = psql("SELECT count(*) || ' ' || sum(jobs.attempts) || ' ' || count(*) FILTER (WHERE jobs.status = 'done') " +
    "|| ' ' || count(DISTINCT jobs.claimed_by) FROM jobs JOIN matching_runs r ON r.job_id = jobs.id " +
    `WHERE r.id IN (${runs.join(',')})`);
  const [count, attempts, done, workers] = jobs.split(' ').map(Number);
  assert.equal(count, 8, 'eight jobs');
  assert.equal(attempts, 8, 'each claimed once');
  assert.equal(done, 8, 'all done');
  console.log(`ok - 8 matching runs through two instances, each job claimed once (${workers} worker(s) took them)`);

  // The database goes away: /readyz says so, the API answers 503, nothing crashes.
  execFileSync('bash', [pgctl, 'stop']);
  for (const inst of [a, b]) {
    const ready = await fetch(`${inst.base}/readyz`);
    assert.equal(ready.status, 503, `${inst.name} /readyz while the database is down`);
    const list = await call(inst.base, admin, 'GET', `/api/v1/programs/${fellows.id}/pairs`);
    assert.equal(list.status, 503, `${inst.name} API while the database is down: ${list.text}`);
    assert.equal(list.json.error.code, 'unavailable');
    const health = await fetch(`${inst.base}/healthz`);
    assert.equal(health.status, 200, 'still alive');
  }
  console.log('ok - database down: /readyz 503, API 503 unavailable, /healthz 200');

  execFileSync('bash', [pgctl, 'start']);
  for (const inst of [a, b]) {
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; ++i) {
      status = (await fetch(`${inst.base}/readyz`)).status;
      if (status !== 200) await sleep(200);
    }
    assert.equal(status, 200, `${inst.name} ready again`);
    const list = await call(inst.base, admin, 'GET', '/api/v1/programs');
    assert.equal(list.status, 200, `${inst.name} API after recovery: ${list.text}`);
  }
  console.log('ok - database back: both instances recover without a restart');

  // Graceful shutdown: SIGTERM, exit 0.
  for (const inst of [a, b]) {
    inst.child.kill('SIGTERM');
    const { code } = await inst.exited;
    assert.equal(code, 0, `${inst.name} exits 0 on SIGTERM:\n${inst.log()}`);
  }
  console.log('ok - SIGTERM stops both instances with exit status 0');
}

try {
  await main();
} catch (e) {
  console.error(e);
  for (const c of children) console.error(`--- ${c.name} output:\n${c.log()}`);
  process.exitCode = 1;
} finally {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
