#!/usr/bin/env node
// Meetings, as the pair and their coordinator live them, on the demo data
// `make run` loads, with the server's clock moved forward (`tandem serve
// --test-clock`):
//
//   mentee (phone):       proposes the last free slot of the next 8 weeks from
//                         the pair page (times in their own zone), with a link;
//   mentor (laptop):      accepts it; both take their calendar-feed address and
//                         the feed, read by ical.js, holds the meeting
//                         (CONFIRMED, the same instant);
//   the clock:            moves past the meeting (about seven weeks);
//   mentee (phone):       logs the meeting with topics and notes;
//   coordinator (laptop): the pairs page shows this pair on track and the
//                         pairs that never met at risk, in "need attention".
//
//   node web/e2e/meetings.mjs --tandem build/release/src/cli/tandem \
//        --web-root build/release/web/dist --out build/release/web-meetings
//
// Like run.mjs (shared harness.mjs): fails on any console or page error, any
// unexpected API answer >= 400, any axe-core violation or sideways scroll at a
// screenshot.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { createHarness, demoSignIn, pageApi as api, DEMO_ADMIN as admin, DEMO_COORDINATOR as coordinator, LAPTOP, PHONE } from './harness.mjs';

const { tmp, log, tandem, startServer, openContext, expect, phoneScreenshot, screenshot, heading, text, step, signIn, finish } = createHarness('meetings');

/** Takes the person's calendar-feed address from their pair page and reads the feed with ical.js. */
async function feedEvents(page, who) {
  await page.getByRole('button', { name: 'Get my calendar address' }).click();
  const url = (await page.locator('code.feed-url').textContent()).trim();
  if (!/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/.test(url)) throw new Error(`${who}'s feed address looks wrong: ${url}`);
  const response = await fetch(url);
  if (response.status !== 200 || !/^text\/calendar/.test(response.headers.get('content-type'))) throw new Error(`${who}'s feed answered ${response.status}`);
  const etag = response.headers.get('etag');
  const again = await fetch(url, { headers: { 'If-None-Match': etag } });
  if (again.status !== 304) throw new Error(`${who}'s feed ignores If-None-Match (${again.status})`);
  const ics = await response.text();
  writeFileSync(join(tmp, `${who}.ics`), ics);
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((v) => ({
    uid: v.getFirstPropertyValue('uid'),
    status: v.getFirstPropertyValue('status'),
    start: new ICAL.Event(v).startDate.toJSDate().toISOString().replace('.000Z', 'Z'),
  }));
}

async function main() {
  let demoOutput = '';
  const base = await startServer(async () => {
    tandem(['migrate']);
    demoOutput = tandem(['demo', '--out-dir', join(tmp, 'demo')]);
  }, ['--test-clock']);
  const mentorWho = demoSignIn(demoOutput, 'mentor');
  const menteeWho = demoSignIn(demoOutput, 'mentee');
  log(`demo pair: mentee ${menteeWho.name}, mentor ${mentorWho.name}`);
  // Anonymous visitors get 401 from /me before they sign in.
  expect('GET', /^\/api\/v1\/me$/, 401);

  step(`mentee ${menteeWho.name} (phone): proposes the last free slot of the next 8 weeks`);
  const mentee = await openContext('mentee', PHONE);
  await signIn(mentee, base, menteeWho);
  await text(mentee, 'No meeting planned.');
  await mentee.getByRole('link', { name: `Open your pair page with ${mentorWho.name}` }).click();
  await heading(mentee, new RegExp(`${menteeWho.name} and ${mentorWho.name}`));
  await mentee.getByRole('heading', { name: 'When you are both free' }).waitFor();
  const pairId = Number(/\/pairs\/(\d+)/.exec(mentee.url())[1]);
  const more = mentee.getByRole('button', { name: /^Show all \d+$/ });
  if (await more.count()) await more.click();
  const slots = mentee.getByRole('button', { name: /^Propose [A-Z][a-z]{2} \d+ .* min free$/ });
  const slot = slots.last();
  log(`free slots: ${await slots.count()}, choosing "${await slot.getAttribute('aria-label')}"`);
  await slot.click();
  await mentee.getByLabel('Video link').fill('https://meet.example/our-monthly-meeting');
  await mentee.getByLabel('Agenda (optional)').fill('Research project plan; first abstract');
  await mentee.getByRole('button', { name: 'Propose', exact: true }).click();
  await text(mentee, `Proposed. ${mentorWho.name} gets an invitation to accept.`);
  await screenshot(mentee, 'mentee-proposed');
  const [meeting] = (await api(mentee, 'GET', `/pairs/${pairId}/meetings`)).body.meetings;
  log(`meeting ${meeting.id} at ${meeting.starts_at} (${meeting.status})`);

  step(`mentor ${mentorWho.name} (laptop): accepts`);
  const mentor = await openContext('mentor', LAPTOP, { timezoneId: 'America/Los_Angeles' });
  await signIn(mentor, base, mentorWho);
  await text(mentor, '1 proposal waiting for your answer.');
  await mentor.goto(`${base}/pairs/${pairId}`);
  await mentor.getByRole('button', { name: 'Accept', exact: true }).click();
  await text(mentor, 'Accepted.');
  await mentor.getByText('scheduled', { exact: true }).first().waitFor();
  await screenshot(mentor, 'mentor-accepted');

  step('both: the calendar feed holds the meeting, confirmed, at the same instant');
  for (const [page, who] of [
    [mentor, 'mentor'],
    [mentee, 'mentee'],
  ]) {
    if (who === 'mentee') await mentee.reload();
    const events = await feedEvents(page, who);
    const event = events.find((e) => e.uid === meeting.uid);
    if (!event) throw new Error(`${who}'s feed lacks the meeting: ${JSON.stringify(events)}`);
    if (event.status !== 'CONFIRMED' || event.start !== meeting.starts_at) throw new Error(`${who}'s feed has ${JSON.stringify(event)}, not ${meeting.starts_at} CONFIRMED`);
  }
  await phoneScreenshot(mentee, 'mentee-feed-address', 390);

  step('the clock moves past the meeting');
  const adminPage = await openContext('admin', LAPTOP);
  await signIn(adminPage, base, admin);
  const now = (await api(adminPage, 'POST', '/test/clock', { advance_seconds: 1 })).body.now;
  const past = Math.ceil((Date.parse(meeting.ends_at) - Date.parse(now)) / 1000) + 3600;
  const moved = await api(adminPage, 'POST', '/test/clock', { advance_seconds: past });
  log(`server clock: ${now} -> ${moved.body.now}`);
  // The browsers' clocks move with the server's, as they agree in real use.
  for (const page of [mentee, mentor]) await page.clock.setFixedTime(new Date(moved.body.now));

  step('mentee (phone): signs in again (weeks have passed) and logs the meeting');
  await signIn(mentee, base, menteeWho);
  await mentee.goto(`${base}/pairs/${pairId}`);
  await mentee.getByRole('button', { name: 'Log this meeting' }).click();
  await mentee.getByLabel('How long (minutes)').fill('50');
  await mentee.getByLabel('research project').check();
  await mentee.getByLabel('Other topics (comma-separated)').fill('abstract for ASH');
  await mentee.getByLabel('Shared notes').fill('Agreed on the abstract outline; next: draft by the 15th.');
  await mentee.getByLabel('Private notes').fill('Ask about the K award next time.');
  await mentee.getByRole('button', { name: 'Save the log' }).click();
  await text(mentee, 'Logged. Thank you.');
  await text(mentee, 'Agreed on the abstract outline; next: draft by the 15th.');
  await text(mentee, 'Private: Ask about the K award next time.');
  await screenshot(mentee, 'mentee-logged');

  step('coordinator (laptop): this pair on track, the pairs that never met at risk');
  const coord = await openContext('coordinator', LAPTOP);
  await coord.clock.setFixedTime(new Date(moved.body.now));
  await signIn(coord, base, coordinator);
  const programId = (await api(coord, 'GET', `/pairs/${pairId}`)).body.program_id;
  await coord.goto(`${base}/programs/${programId}/pairs`);
  await coord.getByRole('heading', { name: 'Pairs that need attention' }).waitFor();
  const row = coord.locator('table.data tbody tr', { hasText: menteeWho.name });
  await row.getByText('On track').waitFor();
  const atRisk = await coord.locator('table.data tbody tr', { hasText: 'At risk' }).count();
  if (atRisk === 0) throw new Error('no pair without meetings shows "At risk"');
  log(`pairs at risk: ${atRisk}`);
  await screenshot(coord, 'coordinator-pairs-health');
  await coord.getByLabel('Health').selectOption('at_risk');
  await coord.locator('table.data tbody tr').first().waitFor();
  if (await coord.locator('table.data tbody tr', { hasText: menteeWho.name }).count()) throw new Error('the pair that met is listed as at risk');
  await phoneScreenshot(coord, 'coordinator-pairs-at-risk', 390);
  // The partner reads the shared notes, never the private ones.
  await signIn(mentor, base, mentorWho);
  await mentor.goto(`${base}/pairs/${pairId}`);
  await text(mentor, 'Agreed on the abstract outline; next: draft by the 15th.');
  if (await mentor.getByText('Ask about the K award next time.').count()) throw new Error("the mentor sees the mentee's private notes");
}

await finish(main);
