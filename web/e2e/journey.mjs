#!/usr/bin/env node
// The program journey (docs/journey.md) as the demo pair and their
// coordinator live it, on the demo data `make run` loads:
//
//   mentee (phone):       writes the pair's agreement specifics and signs; adds
//                         two goals (one private) and a project; records a
//                         publication (a DOI that is not one is refused, naming
//                         the field) and a grant;
//   mentor (laptop):      reads the agreement and signs: both signed;
//   coordinator (laptop): sees the pair's agreement signed, goal counts (the
//                         private goal counted, not shown) and two outputs;
//                         adjusts the retention indicator, records the
//                         mentee's faculty position, and the program's
//                         retention figure changes; the outputs export holds
//                         the DOI; adds a PDF to the resource library (a file
//                         whose bytes are not a PDF is refused);
//   mentee (phone):       emotional support one click from the home page;
//                         downloads the PDF;
//   coordinator (laptop): plans a required orientation (an end before the
//                         start is refused); the mentee answers yes from the
//                         home page and finds it in the calendar feed (read
//                         by ical.js); the server's clock moves past it
//                         (--test-clock); the coordinator records attendance
//                         from a video platform's report and sends the
//                         recording to those who missed it; the mentee
//                         finds the orientation under the bell, chooses a
//                         daily digest for nudges, and stops program news
//                         with the one-click link of the event's e-mail
//                         (no sign-in).
//
//   node web/e2e/journey.mjs --tandem build/release/src/cli/tandem \
//        --web-root build/release/web/dist --out build/release/web-journey
//
// Like run.mjs (shared harness.mjs): fails on any console or page error, any
// unexpected API answer >= 400, any axe-core violation or sideways scroll at a
// screenshot.
import { join } from 'node:path';
import ICAL from 'ical.js';
import { createHarness, demoSignIn, pageApi as api, DEMO_ADMIN as admin, DEMO_COORDINATOR as coordinator, LAPTOP, PHONE } from './harness.mjs';

const { tmp, log, tandem, startServer, openContext, expect, phoneScreenshot, screenshot, heading, text, step, signIn, finish } = createHarness('journey');

async function main() {
  let demoOutput = '';
  const base = await startServer(async () => {
    tandem(['migrate']);
    demoOutput = tandem(['demo', '--out-dir', join(tmp, 'demo')]);
  }, ['--test-clock']);
  const mentorWho = demoSignIn(demoOutput, 'mentor');
  const menteeWho = demoSignIn(demoOutput, 'mentee');
  log(`demo pair: mentee ${menteeWho.name}, mentor ${mentorWho.name}`);
  expect('GET', /^\/api\/v1\/me$/, 401);

  step(`mentee ${menteeWho.name} (phone): writes the agreement's specifics and signs`);
  const mentee = await openContext('mentee', PHONE);
  await signIn(mentee, base, menteeWho);
  await text(mentee, 'Agreement:');
  await mentee.getByRole('link', { name: 'Agreement, goals and projects' }).first().click();
  await heading(mentee, new RegExp(`${menteeWho.name} and ${mentorWho.name}`));
  const pairId = Number(/\/pairs\/(\d+)/.exec(mentee.url())[1]);
  await mentee.getByRole('heading', { name: /Mentoring agreement/ }).waitFor();
  await text(mentee, 'Our mentoring agreement');
  await mentee.getByRole('button', { name: 'Write our specifics' }).click();
  await mentee.getByLabel('How often and when we meet').fill('Monthly, first Tuesday 17:00 Eastern, 45 minutes');
  await mentee.getByLabel('How we meet').fill('Video; in person at ASH');
  await mentee.getByLabel('How to reach each other').fill('E-mail; text for anything urgent');
  await mentee.getByLabel('Our first goals').fill('A first-author abstract; a K award plan');
  await mentee.getByRole('button', { name: 'Save our specifics' }).click();
  await text(mentee, 'Saved. Both of you now sign this version.');
  // A name that is not theirs is refused, naming the field.
  expect('POST', new RegExp(`^/api/v1/pairs/${pairId}/agreement/sign$`), 400);
  await mentee.getByLabel(/Type your full name to sign/).fill('Someone Else');
  await mentee.getByRole('button', { name: 'Sign revision 1' }).click();
  await text(mentee, `type your full name as the program knows it: ${menteeWho.name}`);
  await mentee.getByLabel(/Type your full name to sign/).fill(menteeWho.name.toLowerCase());
  await mentee.getByRole('button', { name: 'Sign revision 1' }).click();
  await text(mentee, 'Signed.');
  await text(mentee, 'waiting for signatures');

  step('mentee (phone): two goals, one private, and a project');
  await mentee.getByRole('button', { name: 'Add a goal' }).click();
  await mentee.getByLabel('Goal', { exact: true }).fill('Submit a first-author abstract to ASH');
  await mentee.getByLabel('Category').selectOption('research');
  await mentee.getByLabel('What success looks like').fill('Abstract submitted by the August deadline');
  await mentee.getByLabel('Target date').fill('2027-08-01');
  await mentee.getByRole('button', { name: 'Add a milestone' }).click();
  await mentee.getByLabel('Milestone 1', { exact: true }).fill('Data locked');
  await mentee.getByRole('button', { name: 'Add the goal' }).click();
  await text(mentee, 'Submit a first-author abstract to ASH');
  await mentee.getByRole('button', { name: 'Add a goal' }).click();
  await mentee.getByLabel('Goal', { exact: true }).fill('Decide between classical and malignant hematology');
  await mentee.getByLabel('Category').selectOption('career');
  await mentee.getByLabel(/Private to the two of us/).check();
  await mentee.getByRole('button', { name: 'Add the goal' }).click();
  await text(mentee, 'Decide between classical and malignant hematology');
  await mentee.getByLabel('Status of Submit a first-author abstract to ASH').selectOption('in_progress');
  await mentee.getByLabel('Progress note on Submit a first-author abstract to ASH').first().fill('Cohort defined with the registry team');
  await mentee.getByRole('button', { name: 'Add note' }).first().click();
  await text(mentee, 'Progress notes (1)');
  await mentee.getByRole('button', { name: 'Add a project' }).click();
  await mentee.getByLabel('Title').fill('VTE recurrence after cancer-associated thrombosis');
  await mentee.getByLabel('Who leads').selectOption('mentee');
  await mentee.getByRole('button', { name: 'Add the project' }).click();
  await text(mentee, 'VTE recurrence after cancer-associated thrombosis');

  step('mentee (phone): a publication (a bad DOI first) and a grant');
  await mentee.getByRole('button', { name: 'Record an output' }).click();
  await mentee.getByLabel('Title').fill('Recurrent VTE in cancer-associated thrombosis: a registry study');
  await mentee.getByLabel('Year').fill('2027');
  await mentee.getByLabel('Journal').fill('Blood Advances');
  expect('POST', /\/outputs$/, 400);
  await mentee.getByLabel('DOI').fill('not-a-doi');
  await mentee.getByRole('button', { name: 'Record it' }).click();
  await text(mentee, 'is not a DOI');
  await mentee.getByLabel('DOI').fill('https://doi.org/10.1182/BloodAdvances.2027000123');
  await mentee.getByLabel('From project').selectOption({ label: 'VTE recurrence after cancer-associated thrombosis' });
  await mentee.getByRole('button', { name: 'Record it' }).click();
  await text(mentee, 'doi:10.1182/bloodadvances.2027000123');
  await mentee.getByRole('button', { name: 'Record an output' }).click();
  await mentee.getByLabel('Kind').selectOption('grant');
  await mentee.getByLabel('Title').fill('Anticoagulation outcomes in cancer');
  await mentee.getByLabel('Funder').fill('American Society of Hematology');
  await mentee.getByLabel('Mechanism').fill('ASH Research Training Award for Fellows');
  await mentee.getByLabel('Amount').fill('-5');
  await mentee.getByRole('button', { name: 'Record it' }).click();
  await text(mentee, 'amount is a sum of at least 0');
  await mentee.getByLabel('Amount').fill('50000');
  await mentee.getByLabel('Grant status').selectOption('awarded');
  await mentee.getByRole('button', { name: 'Record it' }).click();
  await text(mentee, '50,000 USD');
  await phoneScreenshot(mentee, 'mentee-journey', 390);

  step(`mentor ${mentorWho.name} (laptop): reads and signs`);
  const mentor = await openContext('mentor', LAPTOP);
  await signIn(mentor, base, mentorWho);
  await mentor.goto(`${base}/pairs/${pairId}`);
  await text(mentor, 'Monthly, first Tuesday 17:00 Eastern, 45 minutes');
  await text(mentor, 'Decide between classical and malignant hematology'); // the pair sees its private goal
  await mentor.getByLabel(/Type your full name to sign/).fill(mentorWho.name);
  await mentor.getByRole('button', { name: 'Sign revision 1' }).click();
  await text(mentor, 'Signed.');
  await mentor.getByRole('heading', { name: /Mentoring agreement/ }).getByText('signed', { exact: true }).waitFor();
  await screenshot(mentor, 'mentor-signed');

  step('coordinator (laptop): every pair at a glance, the retention indicator and a career outcome');
  const coord = await openContext('coordinator', LAPTOP);
  await signIn(coord, base, coordinator);
  const programId = (await api(coord, 'GET', `/pairs/${pairId}`)).body.program_id;
  await coord.goto(`${base}/pairs/${pairId}`);
  await text(coord, 'Submit a first-author abstract to ASH');
  if (await coord.getByText('Decide between classical and malignant hematology').count()) throw new Error('the coordinator reads a private goal');
  await text(coord, '1 more goal(s) private to the pair.');
  await coord.goto(`${base}/programs/${programId}/outcomes`);
  await heading(coord, /Journey and outcomes/);
  const row = coord.locator('table.data tbody tr', { hasText: menteeWho.name }).first();
  await row.getByText('signed', { exact: true }).waitFor();
  await row.getByText('1 in progress, 1 not started').waitFor();
  const cells = await row.locator('td.num').allTextContents();
  if (cells.join(',') !== '1,2') throw new Error(`projects, outputs of the pair: ${cells.join(',')}, not 1,2`);
  // The demo program starts with the reference program's indicator; the
  // coordinator widens the titles that count.
  await text(coord, 'Faculty in classical hematology');
  if (!(await coord.getByLabel('Count mentees who stayed in the field').isChecked())) throw new Error('the demo indicator is not shown as defined');
  await coord.getByLabel(/With a title containing/).fill('professor, instructor, faculty');
  await coord.getByRole('button', { name: 'Save the settings' }).click();
  await text(coord, 'Saved.');
  const before = (await api(coord, 'GET', `/programs/${programId}/outcomes`)).body;
  log(`retention before: ${before.retained} of ${before.mentees}`);
  if (before.retained !== 0) throw new Error(`retained before any position: ${before.retained}`);
  await coord.getByText(`0% (0 of ${before.mentees} mentees)`).waitFor();
  const program = (await api(coord, 'GET', `/programs/${programId}`)).body;
  const started = program.ends_on || '2027-07-01';
  await coord.getByLabel('Person').selectOption({ label: `${menteeWho.name} (mentee)` });
  await coord.getByLabel('Title', { exact: true }).fill('Assistant Professor of Medicine');
  await coord.getByLabel('Institution', { exact: true }).fill('Oregon Health & Science University');
  await coord.getByLabel('Field', { exact: true }).selectOption('classical hematology');
  await coord.getByLabel('Setting', { exact: true }).selectOption('academic');
  await coord.getByLabel('Started', { exact: true }).fill(started);
  await coord.getByRole('button', { name: 'Record the position' }).click();
  await text(coord, 'Recorded Assistant Professor of Medicine.');
  const pct = Math.round(100 / before.mentees);
  await coord.getByText(`${pct}% (1 of ${before.mentees} mentees)`).waitFor();
  await screenshot(coord, 'coordinator-outcomes');
  await phoneScreenshot(coord, 'coordinator-outcomes-phone', 390);
  const csv = (await api(coord, 'GET', `/programs/${programId}/outputs/export`)).body;
  if (!csv.includes('10.1182/bloodadvances.2027000123')) throw new Error(`the outputs export lacks the DOI:\n${csv}`);
  const outcomes = (await api(coord, 'GET', `/programs/${programId}/outcomes/export`)).body;
  if (!/Assistant Professor of Medicine.*,yes/.test(outcomes)) throw new Error(`the outcomes export lacks the retained position:\n${outcomes}`);

  step('coordinator (laptop): adds a file to the resource library; one whose bytes are not what its name says is refused');
  await coord.goto(`${base}/resources?program=${programId}`);
  await heading(coord, 'Resources');
  await coord.getByLabel('A file (up to').check();
  await coord.getByLabel('Title').fill('Orientation slides');
  expect('POST', /^\/api\/v1\/resources$/, 400);
  await coord.getByLabel('File', { exact: true }).setInputFiles({ name: 'orientation.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a PDF') });
  await coord.getByRole('button', { name: 'Add the resource' }).click();
  await text(coord, "the file's bytes are not a PDF as its name orientation.pdf says");
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  await coord.getByLabel('File', { exact: true }).setInputFiles({ name: 'orientation.pdf', mimeType: 'application/pdf', buffer: pdf });
  await coord.getByRole('form', { name: 'Add a resource' }).getByLabel('Category').selectOption('program_documents');
  await coord.getByRole('button', { name: 'Add the resource' }).click();
  await text(coord, 'Added Orientation slides.');
  await coord.getByRole('link', { name: 'Orientation slides' }).waitFor();

  step('mentee (phone): emotional support from the home page; downloads the slides');
  await mentee.goto(`${base}/`);
  await mentee.getByRole('link', { name: 'Emotional support and well-being' }).first().click();
  await heading(mentee, 'Resources');
  await mentee.getByRole('link', { name: 'Clinician well-being and resilience' }).waitFor();
  if (await mentee.getByRole('link', { name: 'Orientation slides' }).count()) throw new Error('the emotional-support filter shows program documents');
  await phoneScreenshot(mentee, 'mentee-emotional-support', 390);
  const list = (await api(mentee, 'GET', `/resources?program_id=${programId}`)).body.resources;
  const slides = list.find((r) => r.title === 'Orientation slides');
  if (!slides) throw new Error(`the mentee does not see the slides: ${JSON.stringify(list)}`);
  const download = await mentee.evaluate(async (href) => {
    const r = await fetch(href);
    return { status: r.status, type: r.headers.get('content-type'), head: (await r.text()).slice(0, 8) };
  }, slides.download);
  if (download.status !== 200 || download.type !== 'application/pdf' || download.head !== '%PDF-1.4') throw new Error(`download: ${JSON.stringify(download)}`);

  step('coordinator (laptop): plans a required orientation (an end before the start is refused)');
  await coord.goto(`${base}/programs/${programId}/events`);
  await heading(coord, /Events/);
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  await coord.getByLabel('Title').fill('Program orientation');
  await coord.getByLabel(/^Starts/).fill(`${tomorrow}T12:00`);
  await coord.getByLabel(/^Ends/).fill(`${tomorrow}T11:00`);
  await coord.getByLabel('Video link or place').fill('https://meet.example/orientation');
  await coord.getByLabel('Orientation slides').check();
  expect('POST', new RegExp(`^/api/v1/programs/${programId}/events$`), 400);
  await coord.getByRole('button', { name: 'Plan the event' }).click();
  await text(coord, 'before it starts');
  await coord.getByLabel(/^Ends/).fill(`${tomorrow}T13:30`);
  await coord.getByRole('button', { name: 'Plan the event' }).click();
  await text(coord, 'Planned Program orientation.');
  await coord.getByRole('heading', { name: 'Program orientation' }).waitFor();

  step('mentee (phone): answers yes from the home page; the orientation is in the calendar feed');
  await mentee.goto(`${base}/`);
  await mentee.getByRole('heading', { name: 'Program events' }).waitFor();
  await mentee.getByRole('link', { name: 'Orientation slides' }).waitFor(); // the event's materials
  await mentee.getByRole('group', { name: 'Will you come to Program orientation?' }).getByRole('button', { name: 'Yes' }).click();
  await mentee.getByRole('group', { name: 'Will you come to Program orientation?' }).getByRole('button', { name: 'Yes', pressed: true }).waitFor();
  await phoneScreenshot(mentee, 'mentee-home-event', 390);
  // The bell has it too, unread, whatever the e-mail does.
  await mentee.getByRole('button', { name: /^Notifications, \d+ unread$/ }).click();
  await mentee.getByRole('region', { name: 'Notifications' }).getByText('Program orientation is planned').first().waitFor();
  await phoneScreenshot(mentee, 'mentee-bell', 390);
  await mentee.getByRole('button', { name: 'Mark all read' }).click();
  await mentee.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
  await mentee.keyboard.press('Escape');

  step('mentee (phone): chooses a daily digest for nudges on the profile; stops program news with the e-mail\'s one-click link');
  await mentee.goto(`${base}/profile`);
  await mentee.getByRole('heading', { name: 'E-mail from Tandem' }).waitFor();
  await mentee.getByRole('group', { name: 'Reminders to meet and to sign your agreement' }).getByLabel('In a daily digest').check();
  await mentee.getByRole('button', { name: 'Save my e-mail choices' }).click();
  await text(mentee, 'Saved.');
  const prefs = (await api(mentee, 'GET', '/me/notification-preferences')).body.preferences;
  if (prefs.nudges !== 'daily' || prefs.program !== 'immediately') throw new Error(`preferences: ${JSON.stringify(prefs)}`);
  const adminForMail = await openContext('admin-mail', LAPTOP);
  await signIn(adminForMail, base, admin);
  const mail = (await api(adminForMail, 'GET', '/outbox?limit=500')).body.messages.find((m) => m.to === menteeWho.email && m.kind === 'program_event');
  const link = /\/unsubscribe\/([A-Za-z0-9_-]{43})/.exec(mail?.body ?? '');
  if (!link) throw new Error(`the event e-mail has no unsubscribe link: ${mail?.body}`);
  const stranger = await openContext('stranger', PHONE);
  await stranger.goto(`${base}/unsubscribe/${link[1]}`);
  await heading(stranger, 'Stop these e-mails');
  await stranger.getByRole('button', { name: 'Stop these e-mails' }).click();
  await text(stranger, /^Done: .+ gets no more e-mails about news of your program/);
  const after = (await api(mentee, 'GET', '/me/notification-preferences')).body.preferences;
  if (after.program !== 'off' || after.nudges !== 'daily') throw new Error(`after unsubscribing: ${JSON.stringify(after)}`);

  step('mentee (phone): reads the mentor\'s profile, read-only, without what is only for matching');
  const mentorOfPair = (await api(mentee, 'GET', `/pairs/${pairId}`)).body.mentor;
  await mentee.goto(`${base}/enrollments/${mentorOfPair.enrollment_id}/profile`);
  await heading(mentee, `Profile of ${mentorOfPair.name}`);
  await text(mentee, 'Interests', { exact: true });
  if (await mentee.getByRole('button', { name: 'Save profile' }).count()) throw new Error('a partner\'s profile is offered as a form to save');
  if (await mentee.getByRole('textbox').count()) throw new Error('a partner\'s profile has fields to edit');
  await phoneScreenshot(mentee, 'mentee-partner-profile', 390);
  await mentee.goto(`${base}/pairs/${pairId}`);
  await mentee.getByRole('button', { name: 'Get my calendar address' }).click();
  const feedUrl = (await mentee.locator('code.feed-url').textContent()).trim();
  const feed = new ICAL.Component(ICAL.parse(await (await fetch(feedUrl)).text()));
  const orientation = feed.getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('summary') === 'Program orientation');
  if (!orientation) throw new Error('the calendar feed lacks the orientation');
  const ev = (await api(coord, 'GET', `/programs/${programId}/events`)).body.events.find((e) => e.title === 'Program orientation');
  if (new ICAL.Event(orientation).startDate.toJSDate().toISOString().replace('.000Z', 'Z') !== ev.starts_at) throw new Error('the feed has the orientation at another time');

  step('the clock moves past the orientation; coordinator records attendance from a report and sends the recording');
  const adminPage = await openContext('admin', LAPTOP);
  await signIn(adminPage, base, admin);
  const now = (await api(adminPage, 'POST', '/test/clock', { advance_seconds: 1 })).body.now;
  const moved = await api(adminPage, 'POST', '/test/clock', { advance_seconds: Math.ceil((Date.parse(ev.ends_at) - Date.parse(now)) / 1000) + 3600 });
  await coord.clock.setFixedTime(new Date(moved.body.now));
  await signIn(coord, base, coordinator);
  await coord.goto(`${base}/programs/${programId}/events`);
  await coord.getByRole('heading', { name: 'Past' }).waitFor();
  await coord.getByText('Invitees and attendance').click();
  await coord.getByLabel('Attendance report from the video platform (CSV)').setInputFiles({
    name: 'zoom-participants.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`Name (Original Name),User Email,Duration (Minutes)\n${menteeWho.name},${menteeWho.email},80\n`),
  });
  await text(coord, /Recorded: 1 attended, \d+ did not\./);
  await coord.getByLabel('Recording link').fill('https://video.example/orientation');
  await coord.getByRole('button', { name: 'Save the link' }).click();
  await text(coord, 'Recording link saved.');
  await coord.getByRole('button', { name: /^Send the recording to the \d+ who missed it$/ }).click();
  await text(coord, /Sent the recording to \d+ people\./);
  await screenshot(coord, 'coordinator-event-attendance');
  const missed = (await api(coord, 'GET', `/programs/${programId}/missed-events`)).body.events;
  if (missed.length !== 1 || missed[0].people.some((p) => p.email === menteeWho.email)) throw new Error(`missed list: ${JSON.stringify(missed).slice(0, 300)}`);
}

await finish(main);
