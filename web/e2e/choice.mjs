#!/usr/bin/env node
// Mentees choose (issue 24) on the demo data `make run` loads, whose program
// "Early-Career Investigators Mentoring 2027" is mentee-led (up to 3
// requests at once) and whose demo mentee has room for one mentor:
//
//   mentee (phone):       finds "Choose your mentor" on the home page, opens
//                         the shortlist (0 of 3 requests waiting), searches
//                         it by the demo mentor's name (1 mentor matches),
//                         writes a note over 2000 characters (refused under
//                         the note, nothing sent), asks the demo mentor with
//                         a note (1 of 3), filters to mentors at another
//                         institution and asks one more (2 of 3: a third
//                         request is still possible), signs out;
//   admin (laptop):       the request e-mail to the demo mentor is in the
//                         outbox, with the link to the requests page;
//   mentor (laptop):      follows that link, reads the note and the answer-by
//                         time, accepts: "You and … are now a pair", and
//                         opens the pair page from there;
//   mentee (phone):       sees the demo mentor accepted and the other request
//                         withdrawn ("You have found your mentor"); both were
//                         introduced by e-mail; at 360 px too;
//   mentee (phone):       in the profile, names mentors she would like (two,
//                         reordered by the keyboard and by dragging) and one
//                         she would rather not be matched with, and saves;
//   coordinator (laptop): the Requests tab lists both requests (filtered to
//                         the accepted one), the Shortlists tab shows another
//                         mentee's shortlist, and the set-up's "How people
//                         are matched" refuses 0 days to answer under the
//                         field, then saves a change.
//
//   node web/e2e/choice.mjs --tandem build/release/src/cli/tandem \
//        --web-root build/release/web/dist --out build/release/web-choice
//
// Like the other journeys (shared harness.mjs): fails on any console or page
// error, any unexpected API answer >= 400, any axe-core violation or sideways
// scroll at a screenshot.
import { join } from 'node:path';
import { createHarness, pageApi as api, DEMO_ADMIN as admin, DEMO_COORDINATOR as coordinator, DEMO_PASSWORD, LAPTOP, PHONE } from './harness.mjs';

const { args, tmp, log, tandem, startServer, openContext, expect, phoneScreenshot, screenshot, checkLabels, heading, text, step, signIn, finish } = createHarness('choice');

const PROGRAM = 'Early-Career Investigators Mentoring 2027';

/** `tandem demo` prints "  EMAIL   mentee I401 (Jasmine Martin) in PROGRAM": that person's sign-in in the mentee-led program. */
function signInIn(output, role) {
  const m = new RegExp(`^\\s*(\\S+@\\S+)\\s+${role} \\S+ \\((.+?)\\) in ${PROGRAM}$`, 'm').exec(output);
  if (!m) throw new Error(`tandem demo printed no ${role} sign-in in ${PROGRAM}:\n${output}`);
  return { email: m[1], name: m[2], password: DEMO_PASSWORD };
}

let part = 0;
/** A screenshot of one part of the page at its own size (full-page shots of a long list are unreadable). */
async function shotOf(locator, name) {
  await locator.screenshot({ path: join(args.out, `part-${String(++part).padStart(2, '0')}-${name}.png`), timeout: 60_000 });
}

/** The shortlist's card of `name`. */
const card = (page, name) => page.locator('li.mentor-card', { has: page.getByRole('heading', { level: 3, name, exact: true }) });

async function main() {
  let demoOutput = '';
  const base = await startServer(async () => {
    tandem(['migrate']);
    demoOutput = tandem(['demo', '--out-dir', join(tmp, 'demo')]);
  });
  const mentorWho = signInIn(demoOutput, 'mentor');
  const menteeWho = signInIn(demoOutput, 'mentee');
  const surname = mentorWho.name.split(' ').pop();
  log(`${PROGRAM}: mentee ${menteeWho.name}, mentor ${mentorWho.name}`);
  expect('GET', /^\/api\/v1\/me$/, 401);

  step(`mentee ${menteeWho.name} (phone): from the home page to the shortlist`);
  const mentee = await openContext('mentee', PHONE, { timezoneId: 'America/New_York' });
  await signIn(mentee, base, menteeWho);
  const choose = mentee.locator('section.choosing', { has: mentee.getByRole('heading', { name: 'Choose your mentor' }) });
  await choose.getByText(/Ask up to 3 at once with a short note/).waitFor();
  await choose.getByRole('link', { name: 'Open your shortlist' }).click();
  await heading(mentee, /Your shortlist of mentors/);
  await text(mentee, '0 of 3 requests waiting.');
  await text(mentee, /\d+ mentors with room fit the program’s rules for you\./);
  await mentee.locator('li.mentor-card').first().getByText('Why they may fit').waitFor();
  await checkLabels(mentee, 'shortlist');
  await screenshot(mentee, 'mentee-shortlist');
  await shotOf(mentee.locator('li.mentor-card').first(), 'shortlist-card-phone');

  step(`mentee (phone): searches by "${surname}"; a note over 2000 characters is refused; asks ${mentorWho.name}`);
  await mentee.getByRole('searchbox', { name: /^Search/ }).fill(surname);
  await text(mentee, /^\d+ mentors? (matches|match) these filters\./);
  const demoMentor = card(mentee, mentorWho.name);
  await demoMentor.waitFor();
  await demoMentor.getByRole('button', { name: `Ask ${mentorWho.name} to be my mentor` }).click();
  const note = demoMentor.getByLabel(`A short note to ${mentorWho.name}`);
  await note.fill('I am building a research program in sickle cell disease. '.repeat(40)); // 2320 characters
  await demoMentor.getByText(/^2\d\d\d of 2000 characters$/).waitFor();
  await demoMentor.getByRole('button', { name: 'Send request' }).click();
  await demoMentor.getByText(/^The note is too long: shorten it by \d+ characters/).waitFor();
  if ((await note.getAttribute('aria-invalid')) !== 'true') throw new Error('the long note is not marked invalid');
  await shotOf(demoMentor, 'note-too-long');
  await note.fill(`Dear ${mentorWho.name},\n\nI am building a research program in sickle cell disease and would value your guidance on my first R01.`);
  await demoMentor.getByRole('button', { name: 'Send request' }).click();
  await text(mentee, '1 of 3 requests waiting.');
  await demoMentor.getByText('waiting for an answer', { exact: false }).waitFor();
  await demoMentor.getByRole('button', { name: 'Withdraw request' }).waitFor();
  await screenshot(mentee, 'mentee-asked-demo-mentor');

  step('mentee (phone): mentors at another institution; asks a second one (2 of 3, a third still possible)');
  await mentee.getByRole('button', { name: 'Clear the filters' }).click();
  await mentee.getByLabel('Institution').selectOption('other');
  await text(mentee, /^\d+ mentors match these filters\./);
  const otherName = (await mentee.locator('li.mentor-card', { has: mentee.getByRole('button', { name: /^Ask .* to be my mentor$/ }) }).first().getByRole('heading', { level: 3 }).textContent()).trim();
  const other = card(mentee, otherName);
  if (otherName === mentorWho.name) throw new Error('the demo mentor can still be asked');
  await other.getByRole('button', { name: `Ask ${otherName} to be my mentor` }).click();
  await other.getByLabel(`A short note to ${otherName}`).fill('Your work on anticoagulation is close to mine; could you mentor me this year?');
  await other.getByRole('button', { name: 'Send request' }).click();
  await text(mentee, '2 of 3 requests waiting.');
  await text(mentee, 'You can ask 1 more mentor now.');
  const askable = await mentee.getByRole('button', { name: /^Ask .* to be my mentor$/ }).evaluateAll((bs) => bs.filter((b) => !b.disabled).length);
  if (askable < 1) throw new Error('no mentor can be asked with 2 of 3 requests waiting');
  await mentee.getByRole('heading', { name: 'Your requests (2)' }).waitFor();
  await screenshot(mentee, 'mentee-two-requests');
  await shotOf(mentee.locator('.request-counter'), 'requests-counter');
  await mentee.getByRole('button', { name: 'Sign out' }).click();
  await heading(mentee, 'Sign in to Tandem');

  step(`admin: the request e-mail to ${mentorWho.name} links to the requests page`);
  const adminPage = await openContext('admin', LAPTOP);
  await signIn(adminPage, base, admin);
  const outbox = async () => (await api(adminPage, 'GET', '/outbox?limit=500')).body.messages;
  const asked = (await outbox()).find((m) => m.to === mentorWho.email && m.kind === 'mentor_request');
  const link = /https?:\/\/\S+(\/programs\/\d+\/requests)\b/.exec(asked?.body ?? '');
  if (!link) throw new Error(`no request e-mail with the requests link to ${mentorWho.email}: ${asked?.body}`);
  if (!asked.body.includes('sickle cell disease')) throw new Error('the request e-mail lacks the note');

  step(`mentor ${mentorWho.name} (laptop): opens the e-mail's link and accepts`);
  const mentor = await openContext('mentor', LAPTOP);
  await signIn(mentor, base, mentorWho);
  await mentor.getByRole('link', { name: 'Answer the requests' }).waitFor(); // the home page says so too
  await mentor.goto(base + link[1]);
  await heading(mentor, /Requests/);
  await mentor.getByRole('heading', { name: 'Waiting for your answer (1)' }).waitFor();
  const request = mentor.locator('li.request-card', { has: mentor.getByRole('heading', { level: 3, name: menteeWho.name }) });
  await request.getByText('would value your guidance on my first R01').waitFor();
  await request.getByText(/answer by \d+ \w+ \d{4}, \d\d:\d\d \(your time\)/).waitFor();
  await screenshot(mentor, 'mentor-requests');
  await shotOf(request, 'request-card');
  await request.getByRole('button', { name: `Accept ${menteeWho.name}` }).click();
  await text(mentor, `You and ${menteeWho.name} are now a pair.`);
  await mentor.getByRole('heading', { name: 'Waiting for your answer (0)' }).waitFor();
  await screenshot(mentor, 'mentor-accepted');
  await mentor.getByRole('link', { name: `Open your pair page with ${menteeWho.name}` }).first().click();
  await heading(mentor, new RegExp(menteeWho.name));

  step('mentee (phone): one request accepted, the other withdrawn; both introduced');
  await signIn(mentee, base, menteeWho);
  await mentee.goto(`${base}${link[1]}`);
  await heading(mentee, /Your requests/);
  const accepted = mentee.locator('li.request-card', { has: mentee.getByRole('heading', { level: 3, name: new RegExp(`^${mentorWho.name}`) }) });
  await accepted.getByText('Accepted', { exact: true }).waitFor();
  await accepted.getByRole('link', { name: `Open your pair page with ${mentorWho.name}` }).waitFor();
  const withdrawn = mentee.locator('li.request-card', { has: mentee.getByRole('heading', { level: 3, name: new RegExp(`^${otherName}`) }) });
  await withdrawn.getByText('Withdrawn', { exact: true }).waitFor();
  await withdrawn.getByText('You have found your mentor, so this request was withdrawn.').waitFor();
  await screenshot(mentee, 'mentee-requests-answered');
  await phoneScreenshot(mentee, 'mentee-requests-answered');
  const programId = Number(/\/programs\/(\d+)\//.exec(link[1])[1]);
  const mine = (await api(mentee, 'GET', `/programs/${programId}/requests`)).body.requests;
  const states = mine.map((r) => `${r.mentor_name}:${r.status}${r.reason ? '/' + r.reason : ''}`).sort();
  const want = [`${mentorWho.name}:accepted`, `${otherName}:withdrawn/paired`].sort();
  if (JSON.stringify(states) !== JSON.stringify(want)) throw new Error(`the mentee's requests: ${states.join(', ')}, not ${want.join(', ')}`);
  const mails = await outbox();
  for (const to of [menteeWho.email, mentorWho.email]) {
    if (!mails.some((m) => m.to === to && m.kind === 'introduction')) throw new Error(`no introduction e-mail to ${to}`);
  }
  await mentee.goto(`${base}/programs/${programId}/shortlist`);
  await text(mentee, `${mentorWho.name} accepted: they are your mentor.`);
  await screenshot(mentee, 'mentee-shortlist-paired');

  step('mentee (phone): prefer and avoid lists in the profile, reordered by keyboard and by dragging');
  await mentee.goto(`${base}/profile`);
  await heading(mentee, 'My profile');
  const prefs = mentee.locator('section.preferences');
  await prefs.getByText(/a hard rule — you will never be matched with anyone on this list/).waitFor();
  const search = prefs.getByRole('searchbox', { name: 'Find mentors by name' });
  await search.fill('Kim');
  await prefs.getByText(/^\d+ (people|person) found/).waitFor();
  const kims = await prefs.getByRole('button', { name: /^Would like / }).evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label').replace('Would like ', '')));
  if (kims.length < 2) throw new Error(`fewer than two mentors named Kim: ${kims.join(', ')}`);
  await prefs.getByRole('button', { name: `Would like ${kims[0]}` }).click();
  await prefs.getByRole('button', { name: `Would like ${kims[1]}` }).click();
  await search.fill(otherName.split(' ').pop());
  await prefs.getByRole('button', { name: `Would rather not be matched with ${otherName}` }).click();
  const order = () => prefs.getByRole('list', { name: 'People you would like, best first' }).locator('li strong').allTextContents();
  // By keyboard: the second row's handle, then Up.
  await prefs.getByRole('button', { name: `${kims[1]}, rank 2 of 2: drag to reorder` }).focus();
  await mentee.keyboard.press('ArrowUp');
  await prefs.getByText(`${kims[1]} moved to rank 1 of 2.`).waitFor({ state: 'attached' });
  if ((await order()).join('|') !== [kims[1], kims[0]].join('|')) throw new Error(`after ArrowUp: ${(await order()).join(', ')}`);
  // By dragging: the second row's handle above the first row.
  const handle = prefs.getByRole('button', { name: `${kims[0]}, rank 2 of 2: drag to reorder` });
  const from = await handle.boundingBox();
  const top = await prefs.getByRole('list', { name: 'People you would like, best first' }).locator('li').first().boundingBox();
  await mentee.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await mentee.mouse.down();
  await mentee.mouse.move(from.x + from.width / 2, top.y + 4, { steps: 8 });
  await mentee.mouse.up();
  await prefs.getByText(`${kims[0]} moved to rank 1 of 2.`).waitFor({ state: 'attached' });
  if ((await order()).join('|') !== [kims[0], kims[1]].join('|')) throw new Error(`after dragging: ${(await order()).join(', ')}`);
  await prefs.getByRole('button', { name: 'Save these lists' }).click();
  await prefs.getByText('Your lists are saved.').waitFor();
  await checkLabels(mentee, 'preferences');
  await shotOf(prefs, 'preferences-phone');
  await screenshot(mentee, 'mentee-profile-preferences');
  const me = (await api(mentee, 'GET', '/me')).body.memberships.find((m) => m.program_id === programId);
  const profile = (await api(mentee, 'GET', `/enrollments/${me.enrollment_id}/profile`)).body;
  if (profile.prefer.length !== 2 || profile.avoid.length !== 1) throw new Error(`saved prefer ${profile.prefer}, avoid ${profile.avoid}`);

  step('coordinator (laptop): the Requests and Shortlists tabs, and the set-up refusing 0 days to answer');
  const coord = await openContext('coordinator', LAPTOP);
  await signIn(coord, base, coordinator);
  await coord.goto(`${base}/programs/${programId}`);
  await coord.getByRole('heading', { name: 'How people are matched' }).waitFor();
  const how = coord.locator('section.card', { has: coord.getByRole('heading', { name: 'How people are matched' }) });
  if (!(await how.getByRole('radio', { name: /^Mentees request, mentors accept/ }).isChecked())) throw new Error('the program is not shown as mentee-led');
  await how.getByLabel(/^Days to answer/).fill('0');
  await how.getByRole('button', { name: 'Save how people are matched' }).click();
  await how.getByText('Enter the days a mentor has to answer: a whole number from 1 to 60.').waitFor();
  if ((await how.getByLabel(/^Days to answer/).getAttribute('aria-invalid')) !== 'true') throw new Error('0 days is not marked invalid');
  await shotOf(how, 'setup-how-matched');
  await how.getByLabel(/^Days to answer/).fill('10');
  await how.getByRole('button', { name: 'Save how people are matched' }).click();
  await how.getByText('Saved.').waitFor();
  if ((await api(coord, 'GET', `/programs/${programId}/matching-mode`)).body.answer_days !== 10) throw new Error('10 days to answer not saved');
  await coord.getByRole('link', { name: 'Requests', exact: true }).click();
  await heading(coord, /Requests/);
  await coord.getByRole('heading', { level: 3, name: `${menteeWho.name} asked ${mentorWho.name}` }).waitFor();
  await coord.getByLabel('Show').selectOption('accepted');
  await coord.getByRole('heading', { level: 3, name: `${menteeWho.name} asked ${otherName}` }).waitFor({ state: 'detached' });
  await screenshot(coord, 'coordinator-requests');
  await coord.getByRole('link', { name: 'Shortlists', exact: true }).click();
  await heading(coord, /Shortlists/);
  const anyone = (await api(coord, 'GET', `/programs/${programId}/directory?side=mentee&limit=2`)).body.people.find((p) => p.name !== menteeWho.name);
  await coord.getByRole('searchbox', { name: /Find a mentee by name/ }).fill(anyone.name);
  await coord.getByRole('button', { name: `Show the shortlist of ${anyone.name}` }).click();
  await coord.getByRole('heading', { name: `Shortlist of ${anyone.name}` }).waitFor();
  await coord.locator('li.mentor-card').first().getByText('Why they may fit').waitFor();
  await screenshot(coord, 'coordinator-shortlist');
}

await finish(main);
