#!/usr/bin/env node
// The e-mail journey (issue 17) against a real SMTP server on loopback
// (tests/smtp_server.py, Debian's aiosmtpd; each message read back by
// Python's own MIME parser), with `tandem serve --smtp-url`:
//   1. the admin, as the program's coordinator, imports the example CSV in the browser;
//   2. the imported mentee's invitation arrives at the SMTP server, well formed;
//   3. the mentee follows the link in that e-mail and sets a password;
//   4. the coordinator runs matching and publishes;
//   5. both partners' introductions arrive, each naming the other's e-mail,
//      and the mentee's pair page shows the mentor's e-mail.
//
//   node web/e2e/mail.mjs --tandem build/release/src/cli/tandem \
//        --web-root build/release/web/dist --out build/release/web-mail [--keep]
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHarness, LAPTOP, PHONE, repo } from './harness.mjs';
import { freePort } from '../../tests/free_port.mjs';

const h = createHarness('mail');
const { log, tandem, startServer, openContext, expect, phoneScreenshot, screenshot, heading, text, step, signIn, finish } = h;
const ADMIN = { email: 'admin@x.test', name: 'Admin', password: 'admin-password-123' };
// A mentee of examples/participants.csv.
const MENTEE = { email: 'sam.lee@mcw.example.edu', name: 'Sam Lee', password: 'sam-password-1234' };
const PROGRAM = 'Mail Fellows 2026';

/** Starts tests/smtp_server.py writing into `dir`; resolves with its port once it listens. */
function startSmtp(dir) {
  const smtp = spawn('/usr/bin/python3', [join(repo, 'tests/smtp_server.py'), '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  process.on('exit', () => smtp.exitCode === null && smtp.kill('SIGTERM'));
  let out = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the SMTP server did not start:\n${out}`)), 20_000);
    smtp.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    });
    smtp.stderr.on('data', (d) => (out += d));
    smtp.on('exit', (code) => fail(new Error(`the SMTP server exited (${code}):\n${out}`)));
  });
}

/** The messages the SMTP server has accepted so far, as its MIME parser read them. */
function received(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
}

/** Waits (up to 60 s) for a message to `to` whose subject matches `subject`; returns it. */
async function arrival(dir, to, subject) {
  for (let i = 0; i < 600; i++) {
    const m = received(dir).find((x) => x.rcpt_tos.includes(to) && subject.test(x.headers.Subject ?? ''));
    if (m) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seen = received(dir).map((x) => `${x.rcpt_tos.join(',')}: ${x.headers.Subject}`);
  throw new Error(`no message to ${to} matching ${subject} arrived; the server has:\n  ${seen.join('\n  ')}`);
}

/** Checks what every message needs (issue 17) and returns its plain-text part. */
function wellFormed(m, what) {
  for (const header of ['Date', 'Message-ID', 'From', 'To', 'Subject']) {
    if (!m.headers[header]) throw new Error(`${what}: no ${header} header`);
  }
  if (m.content_type !== 'multipart/alternative') throw new Error(`${what}: ${m.content_type}, not multipart/alternative`);
  if (m.defects.length) throw new Error(`${what}: MIME defects ${m.defects.join('; ')}`);
  const plain = m.parts.find((p) => p.type === 'text/plain');
  const html = m.parts.find((p) => p.type === 'text/html');
  if (!plain || !html) throw new Error(`${what}: needs a text and an HTML part (${m.parts.map((p) => p.type)})`);
  return plain.content;
}

async function main() {
  const mailDir = join(h.tmp, 'mail');
  const smtpPort = await startSmtp(mailDir);
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const base = await startServer(
    async () => {
      tandem(['migrate']);
      tandem(['user', 'create', '--email', ADMIN.email, '--name', ADMIN.name, '--admin', '--password-stdin'], ADMIN.password + '\n');
      tandem(['program', 'create', '--name', PROGRAM, '--field', 'hematology', '--cross-institution', '--starts', '2026-07-01', '--ends', '2027-06-30']);
    },
    ['--smtp-url', `smtp://127.0.0.1:${smtpPort}`, '--smtp-insecure', '--mail-from', 'Mail Fellows <fellows@mentoring.example.org>', '--public-url', publicUrl],
    { port },
  );
  log(`SMTP server on port ${smtpPort}; Tandem at ${base}`);
  expect('GET', /^\/api\/v1\/me$/, 401);
  const admin = await openContext('admin', LAPTOP);
  const mentee = await openContext('mentee', PHONE, { timezoneId: 'America/Chicago' });

  step('1: the coordinator opens enrollment and imports the example CSV');
  await signIn(admin, base, ADMIN);
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Programs' }).click();
  await admin.getByRole('link', { name: PROGRAM }).first().click();
  await heading(admin, /Set-up/);
  const programId = Number(/\/programs\/(\d+)/.exec(admin.url())[1]);
  await admin.getByRole('button', { name: 'Open enrollment' }).click();
  await admin.getByRole('button', { name: 'Move to matching' }).waitFor();
  await admin.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Enrollment' }).click();
  await heading(admin, /Enrollment/);
  await admin.getByLabel('CSV file', { exact: true }).setInputFiles(join(repo, 'examples/participants.csv'));
  await admin.getByRole('button', { name: 'Import', exact: true }).click();
  await text(admin, /Imported 6 rows: 6 added/);
  await screenshot(admin, 'imported');

  step('2: the imported mentee\'s invitation arrives at the SMTP server');
  const invitation = await arrival(mailDir, MENTEE.email, new RegExp(`^You are invited to ${PROGRAM}`));
  const body = wellFormed(invitation, 'the invitation');
  if (!invitation.headers.From.includes('fellows@mentoring.example.org')) throw new Error(`the invitation is from ${invitation.headers.From}`);
  if (!invitation.headers['Message-ID'].includes('@')) throw new Error(`odd Message-ID ${invitation.headers['Message-ID']}`);
  const link = new RegExp(`${publicUrl.replace(/[.]/g, '\\.')}/invitations/[A-Za-z0-9_-]+`).exec(body)?.[0];
  if (!link) throw new Error(`the invitation has no link to ${publicUrl}/invitations/…:\n${body}`);
  // Invitations are essential: no unsubscribe header.
  if (invitation.headers['List-Unsubscribe']) throw new Error('an invitation must not offer List-Unsubscribe');

  step('3: the mentee follows the link in the e-mail and sets a password');
  await mentee.goto(link);
  await heading(mentee, `Join ${PROGRAM}`);
  await mentee.getByLabel('New password', { exact: true }).fill(MENTEE.password);
  await mentee.getByLabel('Type it again', { exact: true }).fill(MENTEE.password);
  await screenshot(mentee, 'mentee-follows-the-e-mail');
  await mentee.getByRole('button', { name: 'Accept the invitation' }).click();
  await heading(mentee, 'My profile');

  step('4: the coordinator runs matching and publishes');
  await admin.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Set-up' }).click();
  await admin.getByRole('button', { name: 'Move to matching' }).click();
  await admin.goto(`${base}/programs/${programId}/matching`);
  await heading(admin, /Matching/);
  await admin.getByRole('button', { name: 'Run matching' }).click();
  await admin.getByRole('button', { name: 'Publish these pairs…' }).click({ timeout: 60_000 });
  await admin.getByRole('button', { name: 'Yes, publish' }).click();
  await text(admin, /pairs are published/);
  await admin.getByRole('link', { name: 'See the pairs' }).click();
  const row = admin.locator('table.data tbody tr', { hasText: MENTEE.name });
  const mentorName = (await row.locator('td').nth(1).textContent()).trim();
  const people = Object.fromEntries(
    readFileSync(join(repo, 'examples/participants.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .map((f) => [f[2], f[3]]),
  );
  const mentorEmail = people[mentorName];
  if (!mentorEmail) throw new Error(`the mentee's mentor "${mentorName}" is not in the example CSV`);

  step(`5: both introductions arrive, each with the other's e-mail (${MENTEE.email}, ${mentorEmail})`);
  for (const [to, partnerName, partnerEmail] of [
    [MENTEE.email, mentorName, mentorEmail],
    [mentorEmail, MENTEE.name, MENTEE.email],
  ]) {
    const intro = await arrival(mailDir, to, /^Meet your (mentor|mentee) in /);
    const text = wellFormed(intro, `the introduction to ${to}`);
    if (!text.includes(partnerName) || !text.includes(partnerEmail)) {
      throw new Error(`the introduction to ${to} should name ${partnerName} <${partnerEmail}>:\n${text}`);
    }
    if (!new RegExp(`${publicUrl.replace(/[.]/g, '\\.')}/pairs/\\d+`).test(text)) throw new Error(`the introduction to ${to} has no link to the pair page`);
  }
  await mentee.goto(`${base}/`);
  await mentee.getByRole('link', { name: /pair|mentor/i }).first().click();
  await text(mentee, mentorEmail);
  await screenshot(mentee, 'mentee-pair-with-mentor-e-mail');
  await phoneScreenshot(mentee, 'mentee-pair-with-mentor-e-mail');
  log(`${received(mailDir).length} messages reached the SMTP server`);
}

await finish(main);
