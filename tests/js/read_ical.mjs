// Read an iCalendar feed on stdin with ical.js (Thunderbird's parser) and print what a
// calendar app would show, as JSON: the calendar's name and each event's instants in UTC.
import ICAL from "ical.js";

let input = "";
for await (const chunk of process.stdin) input += chunk;

const calendar = new ICAL.Component(ICAL.parse(input));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}
const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    summary: event.summary,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    allDay: event.startDate.isDate,
    status: vevent.getFirstPropertyValue("status"),
    sequence: event.sequence,
  };
});
console.log(
  JSON.stringify({
    name: calendar.getFirstPropertyValue("x-wr-calname"),
    events,
  }),
);
