// Crash tests: `tandem serve` killed with SIGKILL while several clients write,
// and (PostgreSQL) the database itself stopped with `pg_ctl stop -m immediate`
// under the same load. After each crash: every write whose success answer
// arrived is still there, the database passes its integrity check, and every
// row that needs its audit entry (or outbox message) has it — a transaction
// is all there or not at all. See docs/testing.md, "Crash tests".
//
//   node tests/crash_test.mjs --tandem BIN --backend sqlite [--cycles 20]
//   scripts/with-postgres.sh node tests/crash_test.mjs --tandem BIN \
//       --backend postgresql [--cycles 20] [--db-crashes N]
// Options: --db-crashes N (cycles/20, at least 3), --clients N (4),
// --seed N (random, printed), --max-kill-ms N (700).
// PostgreSQL needs TANDEM_TEST_POSTGRES, TANDEM_TEST_PGCTL and TANDEM_TEST_PGBIN,
// which scripts/with-postgres.sh sets. Exit status 0 when every check held.
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { freePort } from './free_port.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    tandem: { type: 'string' },
    backend: { type: 'string', default: 'sqlite' },
    cycles: { type: 'string', default: '20' },
    'db-crashes': { type: 'string' },
    clients: { type: 'string', default: '4' },
    seed: { type: 'string' },
    'max-kill-ms': { type: 'string', default: '700' },
  },
});
const tandem = opt.tandem;
const backend = opt.backend;
const cycles = Number(opt.cycles);
// PostgreSQL: one immediate database stop per 20 kills (at least 3) unless told.
const dbCrashes = backend !== 'postgresql' ? 0
  : opt['db-crashes'] !== undefined ? Number(opt['db-crashes']) : Math.max(3, Math.round(cycles / 20));
const clientCount = Number(opt.clients);
const maxKillMs = Number(opt['max-kill-ms']);
const seed = opt.seed !== undefined ? Number(opt.seed) : Math.floor(Math.random() * 2 ** 31);
if (!tandem || !['sqlite', 'postgresql'].includes(backend)) {
  console.error('usage: node crash_test.mjs --tandem BIN --backend sqlite|postgresql [--cycles N] [--db-crashes N]');
  process.exit(2);
}
const pg = backend === 'postgresql' ? {
  url: process.env.TANDEM_TEST_POSTGRES, ctl: process.env.TANDEM_TEST_PGCTL, bin: process.env.TANDEM_TEST_PGBIN,
} : null;
if (pg && (!pg.url || !pg.ctl || !pg.bin)) {
  console.error('crash_test: PostgreSQL needs TANDEM_TEST_POSTGRES, TANDEM_TEST_PGCTL and TANDEM_TEST_PGBIN (scripts/with-postgres.sh)');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'tandem-crash-'));
const sqlitePath = join(work, 'crash.db');
const dbUrl = pg ? pg.url : `sqlite:${sqlitePath}`;

// A small seeded generator (mulberry32): kill times and the mix of writes.
let rngState = seed >>> 0;
function random() {
  rngState = (rngState + 0x6d2b79f5) >>> 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const between = (lo, hi) => Math.floor(lo + random() * (hi - lo));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// "Quickly": a 503 must not wait for a connection timeout. Generous bounds,
// since the machine may be busy with other tests and a request may wait for
// a worker.
const kSlowProbeMs = 3000;  // a GET sent once the database is down
const kSlow503Ms = 5000;    // any 503 under load

const failures = [];
function fail(message) {
  failures.push(message);
  console.error(`FAIL - ${message}`);
  if (failures.length >= 20) throw new Error('too many failures');
}
function check(condition, message) {
  if (!condition) fail(message);
}

// ---- processes ---------------------------------------------------------------

function run(args, input) {
  return execFileSync(tandem, ['--db', dbUrl, ...args], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

let server = null;
let serverStarts = 0;

async function startServer() {
  const port = await freePort();
  const child = spawn(tandem, ['--db', dbUrl, 'serve', '--listen', `127.0.0.1:${port}`, '--access-log', ''],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d) => { output = (output + d).slice(-20000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const s = { port, child, exited, killed: false, base: `http://127.0.0.1:${port}`, log: () => output };
  server = s;
  ++serverStarts;
  const began = performance.now();
  for (let i = 0; i < 300; ++i) {
    try {
      const r = await fetch(`${s.base}/readyz`);
      await r.arrayBuffer();
      if (r.ok) return performance.now() - began;
    } catch { /* not listening yet */ }
    if (child.exitCode !== null) break;
    await sleep(20);
  }
  throw new Error(`tandem serve did not become ready:\n${output}`);
}

async function killServer() {
  server.killed = true;
  server.child.kill('SIGKILL');
  const { signal } = await server.exited;
  check(signal === 'SIGKILL', `server ended by ${signal}, not SIGKILL`);
}

function pgctl(action) {
  return new Promise((resolve, reject) => {
    const p = spawn('bash', [pg.ctl, action], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pgctl ${action}: ${err}`))));
  });
}

// ---- HTTP --------------------------------------------------------------------

async function signIn(base, email, password) {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`sign-in: ${r.status} ${text}`);
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: JSON.parse(text).csrf_token };
}

// One API call. Resolves with {status, json, text, ms}; rejects when no answer
// arrives (connection refused or reset, or no answer in 20 s).
async function call(who, method, path, body) {
  const headers = { cookie: who.cookie };
  if (method !== 'GET') headers['x-csrf-token'] = who.csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const began = performance.now();
  const r = await fetch(`${server.base}${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(20000),
  });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, text, ms: performance.now() - began };
}

// ---- what was written ----------------------------------------------------------

const runTag = seed.toString(36);
let serial = 0;
const confirmed = { program: new Map(), institution: new Map(), invitation: new Map(), user: new Map() };
let newlyConfirmed = [];  // since the last verification
const totals = { confirmed: 0, unknown: 0, refused503: 0, max503ms: 0, kills: 0, dbCrashes: 0 };
let unknownSinceCheck = 0;

// The writes a client makes; each records what it expects to find afterwards.
// No accounts while the database is down: their 503 would come after the
// password hashing, which measures the workers, not the database.
function nextWrite(client, mode) {
  const n = ++serial;
  const r = random();
  if (r < 0.3) {
    const name = `Crash ${runTag} program ${n}`;
    return { kind: 'program', method: 'POST', path: '/api/v1/programs',
      body: { name, field: 'oncology', kind: 'cohort' }, expect: { name } };
  }
  if (r < 0.55) {
    const objectives = `c${client.index} revision ${n}`;
    return { kind: 'patch', method: 'PATCH', path: `/api/v1/programs/${client.program.id}`,
      body: { objectives }, expect: { objectives } };
  }
  if (r < 0.75) {
    const name = `Crash ${runTag} institution ${n}`;
    return { kind: 'institution', method: 'POST', path: '/api/v1/institutions', body: { name }, expect: { name } };
  }
  if (r < 0.96 || mode === 'database-down') {
    const email = `crash-${runTag}-${n}@invited.test`;
    return { kind: 'invitation', method: 'POST', path: `/api/v1/programs/${client.program.id}/invitations`,
      body: { email, name: `Invitee ${n}`, role: n % 2 ? 'mentee' : 'mentor' }, expect: { email } };
  }
  // Accounts hash their password (argon2id): a slow write, kept rare.
  const email = `crash-${runTag}-${n}@user.test`;
  return { kind: 'user', method: 'POST', path: '/api/v1/users',
    body: { email, name: `User ${n}`, password: 'crash test password 2026' }, expect: { email } };
}

function recordConfirmed(client, write, json) {
  ++totals.confirmed;
  if (write.kind === 'patch') {
    client.program.acked = write.expect.objectives;
    client.program.pending = [];
    return;
  }
  const id = write.kind === 'invitation' ? json?.enrollment?.id : json?.id;
  if (!Number.isInteger(id)) {
    fail(`${write.kind}: success answer without an id: ${JSON.stringify(json)}`);
    return;
  }
  const item = { id, ...write.expect, client: client.index };
  confirmed[write.kind].set(id, item);
  newlyConfirmed.push({ kind: write.kind, ...item });
}

// An answer that may or may not have been written (no answer, or a 503).
function recordUnknown(client, write) {
  ++totals.unknown;
  ++unknownSinceCheck;
  if (write.kind === 'patch') client.program.pending.push(write.expect.objectives);
}

// ---- load ----------------------------------------------------------------------

// Starts every client writing until stop(). `mode` says which answers are
// expected: 'kill' (every answer a success; no answer only once the server
// was killed) or 'database-down' (503 "unavailable" allowed too, no dropped
// connections: the server stays up).
function startLoad(clients, mode) {
  // databaseDown: [from, to) in performance.now() time while the database is
  // known to be down; a write both sent and answered then cannot have succeeded
  // (one sent then may: it can wait for a worker until the database is back).
  const state = { stopping: false, mode, successes: 0, databaseDown: null };
  const loop = async (client) => {
    while (!state.stopping) {
      const write = nextWrite(client, mode);
      let answer = null;
      let error = null;
      const sentAt = performance.now();
      try {
        answer = await call(client, write.method, write.path, write.body);
      } catch (e) {
        error = e;
      }
      if (answer && answer.status >= 200 && answer.status < 300) {
        const down = state.databaseDown;
        if (down && sentAt >= down[0] && (down[1] === undefined || sentAt + answer.ms < down[1])) {
          fail(`${write.method} ${write.path} sent and answered ${answer.status} while the database was down`);
        }
        ++state.successes;
        recordConfirmed(client, write, answer.json);
        continue;
      }
      if (error) {
        recordUnknown(client, write);
        if (server.killed) return;
        fail(`${write.method} ${write.path}: no answer while the server was up (${mode}): ${error.cause?.code ?? error.message}`);
        return;
      }
      if (answer.status === 503 && mode === 'database-down') {
        recordUnknown(client, write);
        ++totals.refused503;
        if (answer.ms > totals.max503ms) {
          totals.max503ms = answer.ms;
          totals.slowest503 = `${write.method} ${write.path.replace(/\d+/g, '{id}')}`;
        }
        check(answer.json?.error?.code === 'unavailable', `503 without code "unavailable": ${answer.text}`);
        check(answer.ms < kSlow503Ms, `a 503 took ${answer.ms.toFixed(0)} ms (${write.method} ${write.path})`);
        await sleep(5);  // the database is away: do not spin
        continue;
      }
      recordUnknown(client, write);
      fail(`${write.method} ${write.path} (${mode}): ${answer.status} ${answer.text}`);
      await sleep(50);
    }
  };
  const running = clients.map(loop);
  state.stop = async () => {
    state.stopping = true;
    await Promise.all(running);
  };
  return state;
}

// ---- checks --------------------------------------------------------------------

// Every write confirmed since the last check, read back through the API.
async function verifyThroughApi(admin, clients) {
  const batch = newlyConfirmed;
  newlyConfirmed = [];
  const lists = {};
  const list = async (path, key) => {
    if (!lists[path]) {
      const r = await call(admin, 'GET', path);
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text}`);
      lists[path] = new Map(r.json[key].map((x) => [x.id, x]));
    }
    return lists[path];
  };
  let next = 0;
  const worker = async () => {
    while (next < batch.length) {
      const item = batch[next++];
      if (item.kind === 'program') {
        const r = await call(admin, 'GET', `/api/v1/programs/${item.id}`);
        check(r.status === 200 && r.json.name === item.name,
          `confirmed program ${item.id} "${item.name}" after restart: ${r.status} ${r.text.slice(0, 200)}`);
      } else if (item.kind === 'invitation') {
        const r = await call(admin, 'GET', `/api/v1/enrollments/${item.id}`);
        check(r.status === 200 && r.json.email === item.email,
          `confirmed invitation (enrollment ${item.id}, ${item.email}) after restart: ${r.status} ${r.text.slice(0, 200)}`);
      } else if (item.kind === 'institution') {
        const found = (await list('/api/v1/institutions', 'institutions')).get(item.id);
        check(found?.name === item.name, `confirmed institution ${item.id} "${item.name}" after restart: ${JSON.stringify(found)}`);
      } else if (item.kind === 'user') {
        const found = (await list('/api/v1/users', 'users')).get(item.id);
        check(found?.email === item.email, `confirmed user ${item.id} ${item.email} after restart: ${JSON.stringify(found)}`);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  // Each client's program holds its last confirmed revision, or one whose answer never came.
  for (const c of clients) {
    const r = await call(admin, 'GET', `/api/v1/programs/${c.program.id}`);
    const allowed = [c.program.acked, ...c.program.pending];
    check(r.status === 200 && allowed.includes(r.json.objectives),
      `client ${c.index}'s program ${c.program.id}: objectives "${r.json?.objectives}", expected one of ${JSON.stringify(allowed)}`);
    if (r.status === 200) {
      c.program.acked = r.json.objectives;
      c.program.pending = [];
    }
  }
  // The sessions opened before the crash still work (they live in the database).
  const me = await call(admin, 'GET', '/api/v1/me');
  check(me.status === 200, `session after restart: ${me.status} ${me.text}`);
  const verified = batch.length;
  unknownSinceCheck = 0;
  return verified;
}

function sqlite(path, sql) {
  return execFileSync('sqlite3', ['-batch', '-noheader', '-separator', '\t', path, sql], { encoding: 'utf8' }).trim();
}

function psql(sql) {
  return execFileSync('psql', [pg.url, '-X', '-q', '-tA', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-f', '-'],
    { input: sql, encoding: 'utf8' }).trim();
}

// PostgreSQL's amcheck: verify_heapam on every table (with its TOAST) of
// Tandem's schema and the catalog, and bt_index_check with heapallindexed
// (every heap tuple found in the index) on every B-tree index. Prints the
// number of heap problems (0) and of indexes checked; an index problem is an
// error. (The same checks as pg_amcheck --heapallindexed, in one session.)
const kAmcheckSql = `
WITH t AS MATERIALIZED (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname IN ('public', 'pg_catalog') AND c.relkind IN ('r', 'm'))
SELECT count(*) FROM t, LATERAL verify_heapam(t.oid, check_toast => true);
WITH i AS MATERIALIZED (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_am a ON a.oid = c.relam JOIN pg_index x ON x.indexrelid = c.oid
  WHERE c.relkind = 'i' AND a.amname = 'btree' AND n.nspname IN ('public', 'pg_catalog') AND x.indisvalid)
SELECT count(*) FROM (SELECT bt_index_check(i.oid, true) FROM i) s;`;

// Rows that exist without the rest of their transaction: a program or an
// institution without its audit entry (or an audit entry without it), an
// invitation's enrollment without its outbox message.
const kAtomicitySql = `SELECT
  (SELECT count(*) FROM programs p WHERE NOT EXISTS (SELECT 1 FROM audit_log a
     WHERE a.entity = 'program' AND a.entity_id = p.id AND a.action = 'program.create')),
  (SELECT count(*) FROM audit_log a WHERE a.action = 'program.create'
     AND NOT EXISTS (SELECT 1 FROM programs p WHERE p.id = a.entity_id)),
  (SELECT count(*) FROM institutions i WHERE NOT EXISTS (SELECT 1 FROM audit_log a
     WHERE a.entity = 'institution' AND a.entity_id = i.id AND a.action = 'institution.create')),
  (SELECT count(*) FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.status = 'invited'
     AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.to_address = u.email AND o.kind = 'invitation'));`;

function checkAtomicity(query, when) {
  const [programs, audits, institutions, invitations] = query(kAtomicitySql).split('\t').map(Number);
  check(programs === 0, `${when}: ${programs} program(s) without their audit entry`);
  check(audits === 0, `${when}: ${audits} program.create audit entries without their program`);
  check(institutions === 0, `${when}: ${institutions} institution(s) without their audit entry`);
  check(invitations === 0, `${when}: ${invitations} invited enrollment(s) without their outbox message`);
}

// The database as the crash left it. SQLite: a copy of the file and its WAL
// (the server is dead, so the copy is exact), checked by the sqlite3 shell, so
// that the restarted server still does the recovery itself. PostgreSQL:
// amcheck (kAmcheckSql) and a count(*) of every table.
const integrityMs = [];
let pgTables = null;
function checkIntegrity(when) {
  const began = performance.now();
  if (!pg) {
    const copy = join(work, 'check.db');
    for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
    copyFileSync(sqlitePath, copy);
    if (existsSync(`${sqlitePath}-wal`)) copyFileSync(`${sqlitePath}-wal`, `${copy}-wal`);
    // One sqlite3: "ok", then foreign-key violations (none), then the atomicity query.
    const lines = sqlite(copy, `PRAGMA integrity_check; PRAGMA foreign_key_check; ${kAtomicitySql}`).split('\n');
    check(lines[0] === 'ok', `${when}: PRAGMA integrity_check: ${lines.slice(0, -1).join(' | ')}`);
    check(lines.length === 2, `${when}: PRAGMA foreign_key_check: ${lines.slice(1, -1).join(' | ')}`);
    checkAtomicity(() => lines[lines.length - 1], when);
  } else {
    // One psql: amcheck over the heap and B-tree indexes, a count(*) of every
    // table (an unreadable one fails it), then the atomicity query.
    pgTables ??= psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").split('\n');
    let lines = [];
    try {
      lines = psql(`${kAmcheckSql} ${pgTables.map((t) => `SELECT count(*) FROM "${t}";`).join(' ')} ${kAtomicitySql}`)
        .split('\n');
    } catch (e) {
      fail(`${when}: amcheck or reading every table failed: ${e.stderr ?? e.message}`);
    }
    if (lines.length === pgTables.length + 3) {
      const [heapProblems, indexes] = lines.map(Number);
      check(heapProblems === 0, `${when}: verify_heapam found ${heapProblems} problem(s)`);
      check(indexes >= pgTables.length, `${when}: only ${indexes} B-tree indexes checked`);
      checkAtomicity(() => lines[lines.length - 1], when);
    } else if (lines.length) {
      fail(`${when}: unexpected integrity output: ${lines.join(' | ')}`);
    }
  }
  integrityMs.push(performance.now() - began);
}

// After the run: every confirmed write, read from the database itself.
function verifyAtRest(clients) {
  const query = pg ? psql : (sql) => sqlite(sqlitePath, sql);
  const rows = (sql) => new Map(query(sql).split('\n').filter(Boolean).map((l) => {
    const [id, value] = l.split('\t');
    return [Number(id), value];
  }));
  const programs = rows('SELECT id, name FROM programs');
  const institutions = rows('SELECT id, name FROM institutions');
  const users = rows('SELECT id, email FROM users');
  const invitations = rows('SELECT e.id, u.email FROM enrollments e JOIN users u ON u.id = e.user_id');
  let missing = 0;
  const want = (map, id, value, what) => {
    if (map.get(id) !== value) {
      if (++missing <= 10) fail(`at rest: confirmed ${what} ${id} (${value}) is ${map.has(id) ? `"${map.get(id)}"` : 'missing'}`);
    }
  };
  for (const p of confirmed.program.values()) want(programs, p.id, p.name, 'program');
  for (const i of confirmed.institution.values()) want(institutions, i.id, i.name, 'institution');
  for (const u of confirmed.user.values()) want(users, u.id, u.email, 'user');
  for (const i of confirmed.invitation.values()) want(invitations, i.id, i.email, 'invitation');
  const objectives = rows('SELECT id, objectives FROM programs');
  for (const c of clients) want(objectives, c.program.id, c.program.acked, 'program revision of');
  check(missing === 0, `at rest: ${missing} confirmed write(s) missing or changed`);
  checkAtomicity(query, 'at rest');
  return programs.size + institutions.size + users.size + invitations.size;
}

// ---- the cycles ------------------------------------------------------------------

// SIGKILL at a random moment of the load, check the database as left, restart,
// read back everything confirmed.
async function killCycle(admin, clients, number) {
  const failed = failures.length;
  const load = startLoad(clients, 'kill');
  const delay = between(10, maxKillMs);
  await sleep(delay);
  await killServer();
  await load.stop();
  ++totals.kills;
  const unknown = unknownSinceCheck;
  checkIntegrity(`kill ${number}`);
  const startMs = await startServer();
  const verified = await verifyThroughApi(admin, clients);
  console.log(`${failures.length > failed ? 'not ok' : 'ok'} - kill ${number} after ${delay} ms: ` +
    `${verified} confirmed writes checked, ${unknown} unanswered; restart ready in ${startMs.toFixed(0)} ms`);
}

// The database stops as in a crash (pg_ctl stop -m immediate) under load: the
// API answers 503 "unavailable", quickly; after PostgreSQL restarts, the same
// server process serves again, and every confirmed write is there.
async function databaseCrashCycle(admin, clients, number) {
  const failed = failures.length;
  const load = startLoad(clients, 'database-down');
  const delay = between(50, maxKillMs);
  await sleep(delay);
  const successesBefore = load.successes;
  await pgctl('stop-immediate');
  ++totals.dbCrashes;
  const downAt = performance.now();
  load.databaseDown = [downAt];
  const probes = [];
  for (const path of ['/api/v1/programs', `/api/v1/programs/${clients[0].program.id}`, '/api/v1/me']) {
    const r = await call(admin, 'GET', path);
    probes.push(r.ms);
    check(r.status === 503 && r.json?.error?.code === 'unavailable', `GET ${path} while the database is down: ${r.status} ${r.text}`);
    check(r.ms < kSlowProbeMs, `GET ${path} while the database is down took ${r.ms.toFixed(0)} ms`);
  }
  const ready = await fetch(`${server.base}/readyz`);
  await ready.arrayBuffer();
  check(ready.status === 503, `/readyz while the database is down: ${ready.status}`);
  const health = await fetch(`${server.base}/healthz`);
  await health.arrayBuffer();
  check(health.status === 200, `/healthz while the database is down: ${health.status}`);
  await sleep(between(200, 800));
  const upAt = performance.now();
  load.databaseDown = [downAt, upAt];
  await pgctl('start');  // returns once PostgreSQL accepts connections again
  const acceptingAt = performance.now();
  let recoveredMs = null;
  for (let i = 0; i < 300 && recoveredMs === null; ++i) {
    const r = await fetch(`${server.base}/readyz`);
    await r.arrayBuffer();
    if (r.status === 200) recoveredMs = performance.now() - acceptingAt;
    else await sleep(50);
  }
  check(recoveredMs !== null, 'the server did not become ready after PostgreSQL restarted');
  const successesAtRecovery = load.successes;
  for (let i = 0; i < 100 && load.successes < successesAtRecovery + clients.length * 5; ++i) await sleep(50);
  await load.stop();
  check(load.successes > successesAtRecovery, 'no write succeeded after PostgreSQL came back');
  checkIntegrity(`database crash ${number}`);
  const verified = await verifyThroughApi(admin, clients);
  console.log(`${failures.length > failed ? 'not ok' : 'ok'} - database crash ${number} after ${delay} ms ` +
    `(${successesBefore} writes before): ` +
    `503s in ${Math.max(...probes).toFixed(0)} ms or less, down ${(upAt - downAt).toFixed(0)} ms, ` +
    `PostgreSQL restarted in ${(acceptingAt - upAt).toFixed(0)} ms and the server ready ${recoveredMs?.toFixed(0)} ms ` +
    `after; ${verified} confirmed writes checked`);
}

async function main() {
  const began = performance.now();
  console.log(`crash test: ${backend}, ${cycles} kills${dbCrashes ? `, ${dbCrashes} database crashes` : ''}, ` +
    `${clientCount} clients, seed ${seed}`);
  if (pg) {
    // The throwaway cluster runs with synchronous_commit=off for speed, which
    // lets a database crash lose commits already acknowledged. This database
    // gets the production default back, so an acknowledged commit must survive
    // (fsync=off stays: the operating system keeps what was written).
    const db = new URL(pg.url).pathname.slice(1);
    psql(`ALTER DATABASE "${db}" SET synchronous_commit = on;`);
    psql('CREATE EXTENSION IF NOT EXISTS amcheck;');
    const setting = psql('SHOW synchronous_commit;');
    if (setting !== 'on') throw new Error(`synchronous_commit is ${setting}`);
  }
  run(['migrate']);
  run(['user', 'create', '--email', 'admin@crash.test', '--name', 'Crash Admin', '--admin', '--password-stdin'],
    'crash test password 2026\n');
  await startServer();
  const admin = await signIn(server.base, 'admin@crash.test', 'crash test password 2026');
  const clients = [];
  for (let i = 0; i < clientCount; ++i) {
    const who = await signIn(server.base, 'admin@crash.test', 'crash test password 2026');
    const objectives = `c${i} revision 0`;
    const r = await call(who, 'POST', '/api/v1/programs',
      { name: `Crash ${runTag} client ${i}`, field: 'oncology', kind: 'cohort', status: 'enrolling', objectives });
    if (r.status !== 201) throw new Error(`client program: ${r.status} ${r.text}`);
    clients.push({ index: i, ...who, program: { id: r.json.id, acked: objectives, pending: [] } });
  }

  // The database crashes are spread among the kills.
  const crashAt = new Set(Array.from({ length: dbCrashes }, (_, k) => Math.floor(((k + 1) * cycles) / (dbCrashes + 1))));
  let crashes = 0;
  for (let cycle = 1; cycle <= cycles; ++cycle) {
    await killCycle(admin, clients, cycle);
    if (crashAt.has(cycle)) await databaseCrashCycle(admin, clients, ++crashes);
    while (crashes < dbCrashes && cycle === cycles) await databaseCrashCycle(admin, clients, ++crashes);
  }

  server.child.kill('SIGTERM');
  const { code } = await server.exited;
  check(code === 0, `tandem serve exit status ${code} on SIGTERM`);
  checkIntegrity('at rest');
  const rows = verifyAtRest(clients);
  const seconds = (performance.now() - began) / 1000;
  const meanIntegrity = integrityMs.reduce((a, b) => a + b, 0) / integrityMs.length;
  console.log(`crash test ${failures.length ? 'FAILED' : 'passed'}: ${totals.kills} kills, ${totals.dbCrashes} database crashes, ` +
    `${totals.confirmed} confirmed writes (${confirmed.program.size} programs, ${confirmed.institution.size} institutions, ` +
    `${confirmed.invitation.size} invitations, ${confirmed.user.size} users, the rest program revisions)` +
    `${failures.length ? '' : ' all found'}; ` +
    `${totals.unknown} writes without an answer or with a 503 (${totals.refused503} 503s, slowest ${totals.max503ms.toFixed(0)} ms: ${totals.slowest503 ?? '-'}); ` +
    `${rows} rows at rest; integrity check ${meanIntegrity.toFixed(0)} ms on average; ${seconds.toFixed(1)} s, seed ${seed}`);
}

// Stopped from outside (ctest's timeout, Ctrl-C): take the server down too.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
    process.exit(1);
  });
}

try {
  await main();
} catch (e) {
  failures.push(String(e));
  console.error(e);
} finally {
  if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  if (failures.length) {
    if (server) console.error(`--- last tandem serve output:\n${server.log()}`);
    console.error(`crash test failed (seed ${seed}; rerun with --seed ${seed}): ${failures.length} failure(s)`);
    process.exitCode = 1;
  }
  rmSync(work, { recursive: true, force: true });
}
