// Prepares the mixed-workload benchmark (bench/api_benchmark.sh) on a server
// loaded with `tandem demo`: the 35-pair fellows cohort (published pairs) and
// a 300-volunteer peer-support program made, matched and published here, MEMBERS mentors/volunteers and mentees/seekers with a pair
// get a password the way a person would (password reset, link from the
// outbox) and sign in, and the coordinator signs in. Then writes a Lua file
// of requests in the proportions real use produces (see PLAN below), which
// bench/mixed.lua cycles through.
//   node mixed_setup.mjs BASE_URL OUT.lua [MEMBERS]
import { writeFileSync } from 'node:fs';

const [base, out, membersArg] = process.argv.slice(2);
const members = Number(membersArg || 80);
const demoPassword = 'tandem-demo-2026';
const memberPassword = 'bench-member-password-2026';

async function signIn(email, password) {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`sign-in of ${email} failed: ${r.status} ${await r.text()}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  const call = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : {};
  };
  return { cookie, csrf, call };
}

let coordinator = await signIn('coordinator@tandem.example', demoPassword);
const admin = await signIn('admin@tandem.example', demoPassword);

// The workload issue 13 names: a 35-pair cohort (the demo's running fellows'
// cohort) and a 300-volunteer peer program. The demo's own peer program has
// 2,000 volunteers, so a 300-volunteer one (60 people seeking support) is
// made here the way a coordinator would: created, its people imported as a
// participant CSV, the demo coordinator invited and accepting, then matched
// and published below.
const PEER_NAME = 'Peer Support Benchmark (300 volunteers)';
let { programs } = await coordinator.call('GET', '/api/v1/programs');
if (!programs.some((p) => p.name === PEER_NAME)) {
  const program = await admin.call('POST', '/api/v1/programs', {
    name: PEER_NAME, field: 'oncology', kind: 'peer_support', status: 'enrolling',
  });
  const cancers = ['breast cancer', 'lung cancer', 'lymphoma', 'leukemia', 'colorectal cancer',
                   'prostate cancer', 'multiple myeloma', 'melanoma'];
  const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'];
  const rows = ['role,id,name,email,capacity,interests,time_zone,languages,availability,bio'];
  for (let i = 0; i < 360; ++i) {
    const volunteer = i < 300;
    const id = (volunteer ? 'V' : 'S') + i;
    const interests = [cancers[i % cancers.length], cancers[(i * 7 + 3) % cancers.length]].join(';');
    rows.push([volunteer ? 'mentor' : 'mentee', id, `${volunteer ? 'Volunteer' : 'Seeker'} ${i}`,
               `bench-${id.toLowerCase()}@peer.example.org`, volunteer ? 1 + (i % 2) : 1, interests,
               zones[i % zones.length], 'english', 'Tue 18:00-20:00;Sat 10:00-12:00',
               volunteer ? 'Survivor and trained volunteer.' : 'Newly diagnosed.'].join(','));
  }
  const r = await fetch(`${base}/api/v1/programs/${program.id}/participants/import`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' },
    body: rows.join('\n') + '\n',
  });
  if (r.status !== 200) throw new Error(`importing the peer program: ${r.status} ${await r.text()}`);
  await admin.call('POST', `/api/v1/programs/${program.id}/invitations`, {
    email: 'coordinator@tandem.example', name: 'Demo Coordinator', role: 'coordinator',
  });
  const { messages } = await admin.call('GET', '/api/v1/outbox?limit=1000');
  const invitation = messages.find((m) => m.to === 'coordinator@tandem.example' &&
                                          m.body.includes(PEER_NAME));
  const token = invitation && /invitations\/([A-Za-z0-9_-]+)/.exec(invitation.body);
  if (!token) throw new Error('no invitation for the coordinator in the outbox');
  const accepted = await fetch(`${base}/api/v1/invitations/${token[1]}/accept`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie: coordinator.cookie },
    body: JSON.stringify({ password: demoPassword }),
  });
  if (accepted.status !== 200) throw new Error(`accepting: ${accepted.status} ${await accepted.text()}`);
  coordinator = await signIn('coordinator@tandem.example', demoPassword);
  ({ programs } = await coordinator.call('GET', '/api/v1/programs'));
}
const cohort = programs.find((p) => p.name === 'Hematology Fellows Mentoring 2026-27') ??
               programs.find((p) => p.kind === 'cohort' && p.status !== 'closed');
const peer = programs.find((p) => p.name === PEER_NAME);
if (!cohort || !peer) throw new Error('no running cohort or no peer-support program');

// Each program: published pairs and its last matching run.
const lastRun = {};
for (const program of [cohort, peer]) {
  let { runs } = await coordinator.call('GET', `/api/v1/programs/${program.id}/matching-runs`);
  const { pairs } = await coordinator.call('GET', `/api/v1/programs/${program.id}/pairs`);
  if (pairs.length === 0) {
    if (program.status === 'draft') {
      await coordinator.call('POST', `/api/v1/programs/${program.id}/transition`, { status: 'enrolling' });
    }
    let run = await coordinator.call('POST', `/api/v1/programs/${program.id}/matching-runs`, {});
    while (run.status === 'queued' || run.status === 'running') {
      await new Promise((res) => setTimeout(res, 100));
      run = await coordinator.call('GET', `/api/v1/matching-runs/${run.id}`);
    }
    await coordinator.call('POST', `/api/v1/matching-runs/${run.id}/publish`);
    runs = [run];
  }
  if (runs.length > 0) lastRun[program.id] = runs[0].id;
}
// A program paired without a run (the demo's peer-support pairs come from
// suggestions) shows the other program's run.
for (const program of [cohort, peer]) {
  lastRun[program.id] ??= lastRun[cohort.id] ?? lastRun[peer.id];
}
if (lastRun[cohort.id] === undefined) throw new Error('neither program has a matching run');

// Members with a pair, both sides of each pair: half from each program, the
// cohort making up what a smaller peer program lacks.
const people = [];
const activePairs = {};
for (const program of [cohort, peer]) {
  ({ pairs: activePairs[program.id] } =
    await coordinator.call('GET', `/api/v1/programs/${program.id}/pairs?status=active`));
}
const peerPairs = Math.min(activePairs[peer.id].length, Math.ceil(members / 4));
const take = { [peer.id]: peerPairs, [cohort.id]: Math.ceil(members / 2) - peerPairs };
for (const program of [cohort, peer]) {
  const pairs = activePairs[program.id];
  const { enrollments } = await coordinator.call('GET', `/api/v1/programs/${program.id}/enrollments`);
  const byId = new Map(enrollments.map((e) => [e.id, e]));
  for (const pair of pairs.slice(0, take[program.id])) {
    for (const [me, partner] of [[pair.mentor, pair.mentee], [pair.mentee, pair.mentor]]) {
      people.push({ program: program.id, pair: pair.id, enrollment: byId.get(me.enrollment_id),
                    partner: partner.enrollment_id });
    }
  }
}

// Passwords as a person sets one: ask for a reset, follow the e-mailed link
// (once per person: a mentor with two mentees is in two pairs).
const emails = [...new Set(people.map((p) => p.enrollment.email))];
for (const email of emails) {
  const r = await fetch(`${base}/api/v1/password-reset`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (r.status !== 202) throw new Error(`password reset for ${email}: ${r.status}`);
}
const { messages } = await admin.call('GET', '/api/v1/outbox?limit=1000');
const sessions = new Map();
for (const email of emails) {
  const message = messages.find((m) => m.to === email && m.kind === 'password_reset');
  const token = message && /reset-password\/([A-Za-z0-9_-]+)/.exec(message.body);
  if (!token) throw new Error(`no reset link for ${email} in the outbox`);
  const r = await fetch(`${base}/api/v1/password-reset/complete`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: token[1], password: memberPassword }),
  });
  if (r.status !== 204) throw new Error(`completing the reset of ${email}: ${r.status} ${await r.text()}`);
  sessions.set(email, await signIn(email, memberPassword));
}
for (const p of people) {
  Object.assign(p, sessions.get(p.enrollment.email));
  const profile = await p.call('GET', `/api/v1/enrollments/${p.enrollment.id}/profile`);
  const { participant_id: _id, role: _role, prefer, avoid, ...editable } = profile;
  // Two versions of the profile that differ in the bio: each save changes
  // something, as a person's does (see the alternation below).
  p.profiles = [JSON.stringify(editable),
                JSON.stringify({ ...editable, bio: `${editable.bio ?? ''} (updated)`.trim() })];
  p.preferences = JSON.stringify({ prefer, avoid });
}

// What each kind of user does, per 100 requests. The two programs have about
// 430 members and two coordinators; members open their home page (who they
// are, their pair, their partner's profile) far more often than they change
// anything, and the coordinators' lists — larger answers, read many times a
// day by few people — make a tenth of the traffic.
const PLAN = [
  ['member', 'GET /api/v1/me', 30, (p) => ['GET', '/api/v1/me']],
  ['member', 'GET /api/v1/programs/{id}/pairs (own)', 12, (p) => ['GET', `/api/v1/programs/${p.program}/pairs`]],
  ['member', 'GET /api/v1/pairs/{id}', 14, (p) => ['GET', `/api/v1/pairs/${p.pair}`]],
  ['member', 'GET /api/v1/enrollments/{id}/profile (partner)', 14, (p) => ['GET', `/api/v1/enrollments/${p.partner}/profile`]],
  ['member', 'GET /api/v1/enrollments/{id}/profile (own)', 10, (p) => ['GET', `/api/v1/enrollments/${p.enrollment.id}/profile`]],
  ['member', 'PUT /api/v1/enrollments/{id}/profile', 6, (p) => ['PUT', `/api/v1/enrollments/${p.enrollment.id}/profile`, p]],
  ['member', 'PUT /api/v1/enrollments/{id}/preferences', 4, (p) => ['PUT', `/api/v1/enrollments/${p.enrollment.id}/preferences`, p.preferences]],
  ['coordinator', 'GET /api/v1/programs/{id}', 2, (c, program) => ['GET', `/api/v1/programs/${program}`]],
  ['coordinator', 'GET /api/v1/programs/{id}/pairs', 4, (c, program) => ['GET', `/api/v1/programs/${program}/pairs`]],
  // As the web app's enrollment page asks for it: the first 50 people.
  ['coordinator', 'GET /api/v1/programs/{id}/enrollments?limit=50', 2, (c, program) => ['GET', `/api/v1/programs/${program}/enrollments?limit=50`]],
  // As the web app's result page asks for it: the first 50 proposals.
  ['coordinator', 'GET /api/v1/matching-runs/{id}?limit=50', 2, (c, program) => ['GET', `/api/v1/matching-runs/${lastRun[program]}?limit=50`]],
];

// A deterministic sequence of 4,000 requests: each plan line its share,
// spread over the members and both programs, then shuffled (seeded).
let seed = 20261205;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const requests = [];
const total = 4000;
let memberTurn = 0;
let programTurn = 0;
for (const [who, route, share, make] of PLAN) {
  for (let i = 0; i < (total * share) / 100; ++i) {
    let user, call;
    if (who === 'member') {
      user = people[memberTurn++ % people.length];
      call = make(user);
    } else {
      user = coordinator;
      call = make(user, [cohort.id, peer.id][programTurn++ % 2]);
    }
    const [method, path, body] = call;
    requests.push({ route, method, path, body, cookie: user.cookie, csrf: user.csrf });
  }
}
for (let i = requests.length - 1; i > 0; --i) {
  const j = Math.floor(random() * (i + 1));
  [requests[i], requests[j]] = [requests[j], requests[i]];
}
// A member's saves alternate between the two versions of their profile in the
// order wrk sends them, so each save is a real change.
const saves = new Map();
for (const r of requests) {
  if (typeof r.body !== 'object') continue;
  const n = saves.get(r.body) ?? 0;
  saves.set(r.body, n + 1);
  r.body = r.body.profiles[(n + 1) % 2];
}
const lua = (s) => JSON.stringify(s); // a JSON string is a valid Lua string here (ASCII, \" and \\ escapes)
const lines = requests.map((r) => `{${lua(r.method)},${lua(r.path)},${lua(r.cookie)},${lua(r.csrf)},${r.body === undefined ? 'nil' : lua(r.body)}}`);
writeFileSync(out, `return {\n${lines.join(',\n')}\n}\n`);
console.log(JSON.stringify({
  members: people.length, cohort: cohort.id, peer: peer.id, requests: requests.length,
  plan: PLAN.map(([who, route, share]) => ({ who, route, share })),
}));
