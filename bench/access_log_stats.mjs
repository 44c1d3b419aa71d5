// Per-route figures of a benchmark run from `tandem serve`'s JSON-lines
// access log: requests per second, p50 and p99 of the server's own time (from
// a request's first byte to its response written) and errors (status ≥ 400),
// for the lines after the first SKIP lines, over SECONDS of load.
//   node access_log_stats.mjs ACCESS_LOG SKIP SECONDS
import { readFileSync } from 'node:fs';

const [path, skipArg, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg);
const lines = readFileSync(path, 'utf8').split('\n').slice(Number(skipArg)).filter(Boolean);
const routes = new Map();
for (const line of lines) {
  let r;
  try {
    r = JSON.parse(line);
  } catch {
    continue;  // the last line may still be being written
  }
  const key = `${r.method} ${r.route}`;
  if (!routes.has(key)) routes.set(key, { ms: [], errors: 0 });
  const e = routes.get(key);
  e.ms.push(r.duration_ms);
  if (r.status >= 400) e.errors += 1;
}
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const rows = [...routes.entries()].sort((a, b) => b[1].ms.length - a[1].ms.length);
console.log(`${'route (server time)'.padEnd(48)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`);
for (const [key, e] of rows) {
  e.ms.sort((a, b) => a - b);
  console.log(`${key.padEnd(48)} ${(e.ms.length / seconds).toFixed(0).padStart(9)} ${quantile(e.ms, 0.5).toFixed(2).padStart(8)} ${quantile(e.ms, 0.99).toFixed(2).padStart(8)} ${String(e.errors).padStart(7)}`);
}
