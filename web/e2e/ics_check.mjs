// Reads iCalendar files with ical.js, an independent parser that is strict
// about TZIDs and structure, and prints what it understood as JSON lines, one
// per event: the C++ meeting tests (tests/meetings_test.cc) and the browser
// journeys compare them with what Tandem meant to write.
// Usage: node web/e2e/ics_check.mjs FILE...
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
    const method = calendar.getFirstPropertyValue('method');
    const events = calendar.getAllSubcomponents('vevent');
    if (events.length === 0) console.log(JSON.stringify({ file, method, events: 0 }));
    for (const vevent of events) {
      const event = new ICAL.Event(vevent);
      console.log(
        JSON.stringify({
          file,
          method,
          uid: event.uid,
          sequence: event.sequence,
          start: event.startDate.toJSDate().toISOString().replace('.000Z', 'Z'),
          end: event.endDate.toJSDate().toISOString().replace('.000Z', 'Z'),
          status: vevent.getFirstPropertyValue('status'),
          summary: event.summary,
          location: event.location,
          description: event.description,
          organizer: event.organizer,
          attendees: event.attendees.map((a) => ({ to: a.getFirstValue(), partstat: a.getParameter('partstat') })),
        }),
      );
    }
  } catch (error) {
    failed = true;
    console.error(`${file}: ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
