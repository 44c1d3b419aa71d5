#!/usr/bin/env node
// Peer support (issue 20) on the demo data `make run` loads, whose program
// "Survivor Peer Connect" has 2,000 volunteers with peer profiles and a
// queue of 40 requests, and whose demo coordinator is its specialist
// (`tandem serve --test-clock`, so that the two-week check-in comes):
//
//   person (phone):       opens the program's request page (no account),
//                         fills it in, sends it without agreeing to share
//                         their details: the refusal is under that consent,
//                         focus is on it and nothing typed is lost; agrees
//                         and sends: "We have your request" with the follow
//                         link;
//   specialist (laptop):  the Queue tab, newest first: the request is at the
//                         top; opens it ("Your view of this is recorded"),
//                         reads the profile in words, sees the suggested
//                         volunteers with reasons and breakdown bars, offers
//                         the first after a confirmation; the export with
//                         health details warns before; the peer settings
//                         refuse 0 working days under the field; the
//                         volunteer's standing on their profile;
//   volunteer (phone):    opens the offer link from the outbox e-mail (no
//                         account): the summary without the person's name,
//                         the answer-by time; accepts, then sees the
//                         person's name and contact;
//   admin (laptop):       both were sent an introduction; the request shows
//                         "Introduced"; the access log lists the
//                         specialist's views of the person's information;
//   person (phone):       the follow link says a volunteer has agreed;
//   the clock:            moves two weeks: the person answers the check-in
//                         link (?answer=no), changes it to yes, and the
//                         specialist sees it on the request.
//
//   node web/e2e/peer.mjs --tandem build/release/src/cli/tandem \
//        --web-root build/release/web/dist --out build/release/web-peer
//
// Like the other journeys (shared harness.mjs): fails on any console or page
// error, any unexpected API answer >= 400, any axe-core violation or sideways
// scroll at a screenshot.
import { join } from 'node:path';
import { createHarness, pageApi as api, DEMO_ADMIN as admin, DEMO_COORDINATOR as coordinator, LAPTOP, PHONE } from './harness.mjs';

const { args, tmp, log, tandem, startServer, openContext, expect, phoneScreenshot, screenshot, checkLabels, heading, text, step, signIn, finish } = createHarness('peer');

const PROGRAM = 'Survivor Peer Connect';
const PERSON = { name: 'Maya Thompson', email: 'maya.thompson@example.net', phone: '+1 312 555 0142' };

let part = 0;
/** A screenshot of one part of the page at its own size. */
async function shotOf(locator, name) {
  await locator.screenshot({ path: join(args.out, `part-${String(++part).padStart(2, '0')}-${name}.png`), timeout: 60_000 });
}

async function main() {
  const base = await startServer(async () => {
    tandem(['migrate']);
    tandem(['demo', '--out-dir', join(tmp, 'demo')]);
  }, ['--test-clock']);
  expect('GET', /^\/api\/v1\/me$/, 401); // the public pages ask who is signed in
  expect('POST', /^\/api\/v1\/programs\/\d+\/peer-requests$/, 400); // the send refused for the missing consent

  const adminPage = await openContext('admin', LAPTOP);
  await signIn(adminPage, base, admin);
  const programId = (await api(adminPage, 'GET', '/programs')).body.programs.find((p) => p.name === PROGRAM)?.id;
  if (!programId) throw new Error(`no program "${PROGRAM}" in the demo`);
  const outbox = async () => (await api(adminPage, 'GET', '/outbox?limit=200')).body.messages;

  step(`person (phone): the request page of ${PROGRAM}, no account`);
  const person = await openContext('person', PHONE, { timezoneId: 'America/Chicago' });
  await person.goto(`${base}/peer/request/${programId}`);
  await heading(person, /Talk with someone who has been there/);
  await text(person, /in the US call or text 988/);
  await checkLabels(person, 'request form');
  await screenshot(person, 'request-form-phone');
  await person.getByLabel('Your name').fill(PERSON.name);
  await person.getByLabel('E-mail', { exact: true }).fill(PERSON.email);
  await person.getByLabel('Phone (optional)').fill(PERSON.phone);
  await person.getByRole('radio', { name: 'Patient (in treatment or newly diagnosed)' }).check();
  await person.getByLabel('Age group (optional)').selectOption('30_39');
  await person.getByLabel('Gender (optional)').selectOption('woman');
  await person.getByRole('checkbox', { name: 'I would like someone of my own gender' }).check();
  await person.getByLabel('Kind of cancer').selectOption('breast');
  await person.getByLabel(/^More about it/).fill('triple negative');
  await person.getByLabel('Stage at diagnosis (optional)').selectOption('2');
  await person.getByLabel(/^When were you diagnosed/).selectOption('under_6_months');
  for (const t of ['Surgery', 'Chemotherapy']) await person.getByRole('checkbox', { name: t, exact: true }).check();
  for (const t of ['Fear of recurrence', 'Body image', 'Being newly diagnosed']) await person.getByRole('checkbox', { name: t, exact: true }).check();
  for (const t of ['Video call', 'Messages']) await person.getByRole('checkbox', { name: t, exact: true }).check();
  await person.getByLabel('Add a language').fill('Spanish');
  await person.getByRole('button', { name: 'Add Spanish' }).click();
  await person.getByRole('list', { name: 'Languages chosen' }).getByText('Spanish').waitFor();
  const note = 'I start chemotherapy next month and would like to talk with someone who has been through it, ideally a mother of young children.';
  await person.getByLabel(/^Anything else you would like us to know/).fill(note);
  await person.getByRole('checkbox', { name: /^You may contact me by e-mail/ }).check();
  // Not yet agreeing to share: the server refuses, naming consent_share.
  await person.getByRole('button', { name: 'Send my request' }).click();
  const share = person.getByRole('checkbox', { name: /^You may share my name/ });
  await text(person, 'We need your consent to share your details with the volunteer.');
  if ((await share.getAttribute('aria-invalid')) !== 'true') throw new Error('the share consent is not marked invalid');
  if (!(await share.evaluate((el) => el === document.activeElement))) throw new Error('focus did not move to the refused consent');
  await text(person, 'Please check the answer marked below, then send again. Nothing you entered is lost.');
  for (const [label, want] of [
    ['Your name', PERSON.name],
    ['Phone (optional)', PERSON.phone],
  ]) {
    const got = await person.getByLabel(label).inputValue();
    if (got !== want) throw new Error(`"${label}" lost its value after the refusal: ${got}`);
  }
  if ((await person.getByLabel(/^Anything else you would like us to know/).inputValue()) !== note) throw new Error('the note was lost after the refusal');
  if (!(await person.getByRole('checkbox', { name: 'Chemotherapy', exact: true }).isChecked())) throw new Error('a treatment was lost after the refusal');
  await shotOf(person.locator('section.card', { has: person.getByRole('heading', { name: 'Your consent' }) }), 'consent-refused-phone');
  await screenshot(person, 'request-refused-phone');
  await share.check();
  await person.getByRole('button', { name: 'Send my request' }).click();
  await person.getByRole('heading', { name: 'We have your request' }).waitFor();
  await text(person, `we sent a confirmation to ${PERSON.email}`);
  const followLink = await person.locator('a.follow-link').getAttribute('href');
  if (!/\/peer\/follow\/[\w-]+$/.test(followLink ?? '')) throw new Error(`no follow link: ${followLink}`);
  await screenshot(person, 'request-sent-phone');

  step('specialist (laptop): the queue, newest first; the request with its profile and suggestions; offers the first');
  const coord = await openContext('coordinator', LAPTOP);
  await signIn(coord, base, coordinator);
  await coord.goto(`${base}/programs/${programId}`);
  await coord.getByRole('navigation', { name: 'Program sections' }).getByRole('link', { name: 'Queue', exact: true }).click();
  await heading(coord, /Queue/);
  await text(coord, /^41 requests: \d+ waiting/);
  await coord.getByLabel('Order').selectOption('newest');
  const firstRow = coord.locator('table.peer-queue tbody tr').first();
  await firstRow.getByRole('link', { name: PERSON.name }).waitFor();
  await firstRow.getByText('New', { exact: true }).waitFor();
  await screenshot(coord, 'queue');
  await coord.getByLabel('Overdue only').check();
  await text(coord, /^Showing \d+ requests? that match the filters\.$/);
  const overdueRows = await coord.locator('table.peer-queue tbody tr').count();
  const overdueBadges = await coord.locator('table.peer-queue tbody tr .badge-overdue').count();
  if (overdueRows === 0 || overdueRows !== overdueBadges) throw new Error(`overdue filter: ${overdueRows} rows, ${overdueBadges} marked overdue`);
  await phoneScreenshot(coord, 'queue-overdue', 390);
  await coord.getByRole('button', { name: 'Clear the filters' }).click();
  await coord.getByLabel('Order').selectOption('newest');
  await coord.locator('table.peer-queue tbody tr').first().getByRole('link', { name: PERSON.name }).click();
  await heading(coord, `Request of ${PERSON.name}`);
  await text(coord, 'Your view of this is recorded.');
  const facts = coord.locator('dl.peer-profile-facts');
  for (const t of ['Breast cancer', 'triple negative', 'Stage II', 'Surgery, Chemotherapy', 'Woman — asks for a volunteer of the same gender', 'English, Spanish']) {
    await facts.getByText(t, { exact: false }).first().waitFor();
  }
  await coord.getByText(note).waitFor();
  const first = coord.locator('li.suggestion').first();
  await first.getByText('Suggested next').waitFor();
  await first.locator('.breakdown[role="img"]').waitFor();
  const reasons = await first.locator('ul.reasons li').allTextContents();
  if (!reasons.some((r) => /same cancer type: Breast cancer/.test(r))) throw new Error(`the first suggestion's reasons: ${reasons.join('; ')}`);
  const suggestions = await coord.locator('li.suggestion').count();
  if (suggestions !== 10) throw new Error(`${suggestions} suggestions, not 10`);
  const offerButton = first.getByRole('button', { name: /^Offer to / });
  const volunteerName = (await offerButton.textContent()).replace(/^Offer to /, '').trim();
  log(`first suggestion: ${volunteerName}`);
  await screenshot(coord, 'request-suggestions');
  await shotOf(first, 'suggestion-card');
  await phoneScreenshot(coord, 'request-suggestions', 390);
  await offerButton.click();
  await first.getByText(`Offer this request to ${volunteerName}?`).waitFor();
  await first.getByRole('button', { name: `Yes, offer to ${volunteerName}` }).click();
  await text(coord, new RegExp(`^Offered to ${volunteerName}: they have until`));
  await coord.getByRole('heading', { name: `Waiting for ${volunteerName}` }).waitFor();
  await coord.locator('.request-status').getByText('Offered', { exact: true }).waitFor();
  await screenshot(coord, 'request-offered');

  step('specialist: the export with health details warns first');
  await coord.getByRole('link', { name: 'Back to the queue' }).click();
  await heading(coord, /Queue/);
  await coord.getByRole('button', { name: 'Download with health details…' }).click();
  await text(coord, /It is recorded: each person's details count as viewed by you/);
  await shotOf(coord.locator('section.queue-export'), 'export-warning');
  await coord.getByRole('button', { name: 'Cancel' }).click();
  const csv = await api(coord, 'GET', `/programs/${programId}/peer-requests.csv`);
  if (!String(csv.body).includes(PERSON.email) || String(csv.body).includes('triple negative')) throw new Error('the export without health details is wrong');

  step('volunteer (phone): the offer e-mail\'s link, no account; accepts');
  const offerMail = (await outbox()).find((m) => m.kind === 'peer_offer' && m.body.includes(`Hello ${volunteerName},`));
  const offerLink = /https?:\/\/\S+(\/peer\/offers\/[\w-]+)/.exec(offerMail?.body ?? '');
  if (!offerLink) throw new Error(`no offer e-mail to ${volunteerName}`);
  const volunteerEmail = offerMail.to;
  const volunteer = await openContext('volunteer', PHONE, { timezoneId: 'America/Los_Angeles' });
  await volunteer.goto(base + offerLink[1]);
  await heading(volunteer, /Could you support someone\?/);
  await volunteer.locator('ul.offer-summary').getByText('Breast cancer').waitFor();
  await text(volunteer, /^Please answer by \d+ \w+ \d{4}, \d\d:\d\d \(your time, America\/Los_Angeles/);
  const before = await volunteer.locator('main').textContent();
  if (before.includes('Maya') || before.includes('Thompson') || before.includes(PERSON.email)) throw new Error('the offer shows who the person is before accepting');
  await screenshot(volunteer, 'offer-phone');
  await volunteer.getByRole('button', { name: 'Yes, I can support them' }).click();
  await heading(volunteer, /Thank you for accepting/);
  await volunteer.getByRole('heading', { name: `How to reach ${PERSON.name}` }).waitFor();
  await text(volunteer, PERSON.email, { exact: false });
  await screenshot(volunteer, 'offer-accepted-phone');

  step('both introduced; the request shows Introduced; the follow link says so');
  const mails = await outbox();
  for (const to of [PERSON.email, volunteerEmail]) {
    if (!mails.some((m) => m.to === to && m.kind === 'introduction')) throw new Error(`no introduction e-mail to ${to}`);
  }
  await coord.locator('table.peer-queue tbody tr', { has: coord.getByRole('link', { name: PERSON.name }) }).first().getByRole('link', { name: PERSON.name }).click();
  await heading(coord, `Request of ${PERSON.name}`);
  await coord.locator('.request-status').getByText('Introduced', { exact: true }).waitFor();
  await coord.getByRole('table').getByText('Accepted', { exact: true }).waitFor();
  await screenshot(coord, 'request-introduced');
  await person.goto(followLink);
  await heading(person, 'Your request');
  await text(person, 'A volunteer has agreed to talk with you: look for our e-mail introducing you.');
  await screenshot(person, 'follow-phone');

  step('specialist: the peer settings in the set-up; the volunteer\'s standing');
  await coord.goto(`${base}/programs/${programId}`);
  const settings = coord.locator('section.card', { has: coord.getByRole('heading', { name: 'Peer support' }) });
  await settings.getByRole('link', { name: `${base}/peer/request/${programId}` }).waitFor();
  await settings.getByLabel(/^Overdue after/).fill('0');
  await settings.getByRole('button', { name: 'Save the peer-support settings' }).click();
  await settings.getByText('Enter the working days a request may wait: a whole number from 1 to 30.').waitFor();
  await settings.getByLabel(/^Overdue after/).fill('3');
  await settings.getByRole('button', { name: 'Save the peer-support settings' }).click();
  await settings.getByText('Saved.').waitFor();
  await shotOf(settings, 'peer-settings');
  const request = (await api(coord, 'GET', `/programs/${programId}/peer-requests?status=introduced`)).body.requests.find((e) => e.request.email === PERSON.email);
  const view = (await api(coord, 'GET', `/peer-requests/${request.request.id}`)).body;
  const volunteerEnrollment = view.offers.find((o) => o.status === 'accepted').volunteer_id;
  await coord.goto(`${base}/enrollments/${volunteerEnrollment}/profile`);
  await heading(coord, `Profile of ${volunteerName}`);
  const standing = coord.locator('section.volunteer-standing');
  await standing.getByText(/^Training$/).waitFor();
  await standing.getByLabel('Screening', { exact: true }).waitFor();
  await coord.getByText('Your view of this is recorded.').waitFor();
  await coord.getByRole('heading', { name: 'Your experience' }).waitFor();
  await screenshot(coord, 'volunteer-profile');
  await phoneScreenshot(coord, 'volunteer-profile', 390);
  await coord.getByRole('link', { name: 'Back to enrollment' }).click();
  await heading(coord, /Enrollment/);
  await coord.getByLabel('Role').first().waitFor();
  await text(coord, /[\d,]+ of [\d,]+ volunteers and people seeking support have completed their profile/);
  // Two thousand people come fifty at a time, and anyone is found by name.
  const people = coord.locator('section.card', { has: coord.getByRole('heading', { name: 'People in the program' }) });
  const pages = people.getByRole('navigation', { name: 'Pages of people' });
  await pages.getByText(/^1–50 of \d{1,3}(,\d{3})+$/).waitFor();
  if ((await people.locator('tbody tr').count()) !== 50) throw new Error('the first page of people is not 50 rows');
  await pages.getByRole('button', { name: 'Next' }).click();
  await pages.getByText(/^51–100 of /).waitFor();
  await people.getByLabel('Find a person').fill(volunteerName.toUpperCase());
  const shout = volunteerName.toUpperCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await text(coord, new RegExp(`^[\\d,]+ (person|people) with “${shout}”`));
  await people.locator('tbody tr', { hasText: volunteerName }).first().waitFor();
  await phoneScreenshot(coord, 'enrollment-search', 390);

  step('admin: the access log lists the specialist\'s views');
  await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access log' }).click();
  await heading(adminPage, 'Access log');
  await adminPage.getByLabel('Program').selectOption(String(programId));
  for (const what of ['opened the request of', 'looked at suggestions for']) {
    await adminPage.locator('table.access-log tbody tr', { hasText: what }).filter({ hasText: PERSON.name }).filter({ hasText: coordinator.name }).first().waitFor();
  }
  await adminPage.locator('table.access-log tbody tr', { hasText: 'opened the peer profile of' }).filter({ hasText: volunteerName }).first().waitFor();
  await screenshot(adminPage, 'access-log');
  await phoneScreenshot(adminPage, 'access-log', 390);

  step('the clock moves two weeks: the person answers the check-in, then changes the answer');
  await coord.goto('about:blank'); // its session ends with the jump: no page left asking the server
  await api(adminPage, 'POST', '/test/clock', { advance_seconds: 15 * 24 * 3600 });
  await signIn(adminPage, base, admin); // the session ended with the jump
  let checkin = null;
  for (let i = 0; i < 60 && !checkin; i++) {
    checkin = (await outbox()).find((m) => m.kind === 'peer_checkin' && m.to === PERSON.email);
    if (!checkin) await new Promise((r) => setTimeout(r, 500));
  }
  const no = /https?:\/\/\S+(\/peer\/check-ins\/[\w-]+\?answer=no)/.exec(checkin?.body ?? '');
  if (!no) throw new Error(`no check-in e-mail to ${PERSON.email}: ${checkin?.body}`);
  await person.goto(base + no[1]);
  await text(person, `Thank you for telling us that you and ${volunteerName} have not connected yet.`);
  await screenshot(person, 'checkin-phone');
  await person.getByRole('button', { name: 'Change my answer to “Yes, we have connected”' }).click();
  await text(person, `Thank you — you told us that you and ${volunteerName} have connected.`);
  await signIn(coord, base, coordinator);
  await coord.goto(`${base}/peer-requests/${request.request.id}`);
  await coord.getByText(/At two weeks: yes, connected/).first().waitFor();
  await shotOf(coord.locator('section.card', { has: coord.getByRole('heading', { name: 'Check-ins' }) }), 'checkins');
}

await finish(main);
