// Signs in as the demo coordinator, makes sure the demo cohort has published
// pairs (runs and publishes a matching when it has none), and prints
// "COOKIE PROGRAM_ID". Used by api_benchmark.sh.
const base = process.argv[2];
const email = 'coordinator@tandem.example';
const password = 'tandem-demo-2026';
const r = await fetch(`${base}/api/v1/session`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email, password }),
});
if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`);
const cookie = r.headers.get('set-cookie').split(';')[0];
const { csrf_token: csrf } = await r.json();
const call = async (method, path, body) => {
  const res = await fetch(`${base}${path}`, {
    method, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};
const { programs } = await call('GET', '/api/v1/programs');
const cohort = programs.find((p) => p.kind === 'cohort');
const { pairs } = await call('GET', `/api/v1/programs/${cohort.id}/pairs`);
if (pairs.length === 0) {
  if (cohort.status === 'draft') await call('POST', `/api/v1/programs/${cohort.id}/transition`, { status: 'enrolling' });
  let run = await call('POST', `/api/v1/programs/${cohort.id}/matching-runs`, { objective: 'optimal' });
  while (run.status === 'queued' || run.status === 'running') {
    await new Promise((res) => setTimeout(res, 100));
    run = await call('GET', `/api/v1/matching-runs/${run.id}`);
  }
  await call('POST', `/api/v1/matching-runs/${run.id}/publish`);
}
console.log(`${cookie} ${cohort.id}`);
