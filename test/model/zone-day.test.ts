// A bare date read as an IANA zone's day (model/time.ts, model/time-zone.ts): from its local
// midnight to the next, through Intl's tz data, on the days the clocks change as on any other.
import { expect, it } from "vitest";
import { dayEnd, daysBefore, inZone, isoString, parseDate } from "../../src/model/time.js";

const span = (day: string) => [isoString(parseDate(day)), isoString(dayEnd(day))];

it("a zone's day runs from local midnight to local midnight, 23 or 25 hours across a clock change", () => {
  expect(span("2026-12-31[Asia/Tokyo]")).toEqual(["2026-12-30T15:00:00.000Z", "2026-12-31T15:00:00.000Z"]);
  expect(span("2026-12-31[America/Los_Angeles]")).toEqual(["2026-12-31T08:00:00.000Z", "2027-01-01T08:00:00.000Z"]);
  expect(span("2026-03-29[Europe/Berlin]")).toEqual(["2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z"]);
  expect(span("2026-10-25[Europe/Berlin]")).toEqual(["2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z"]);
  // Chile's clocks skip midnight itself in September: the day begins when they jump (00:00 -04 is 01:00 -03).
  expect(span("2026-09-06[America/Santiago]")).toEqual(["2026-09-06T04:00:00.000Z", "2026-09-07T03:00:00.000Z"]);
  // A zone Intl does not know is no date.
  expect(parseDate("2026-03-31[Europe/Berln]")).toBeNaN();
});

it("only a bare date takes the zone, and UTC leaves it as it was", () => {
  expect(inZone("2026-03-31", "Europe/Berlin")).toBe("2026-03-31[Europe/Berlin]");
  expect(inZone("2026-03-31-07:00", "Europe/Berlin")).toBe("2026-03-31-07:00");
  expect(inZone("2026-03-31T10:00:00.000Z", "Europe/Berlin")).toBe("2026-03-31T10:00:00.000Z");
  expect(inZone("2026-03-31", "UTC")).toBe("2026-03-31");
  expect(inZone("2026-03-31", "Etc/UTC")).toBe("2026-03-31");
  expect(daysBefore("2026-03-01[Europe/Berlin]", 2)).toBe("2026-02-27[Europe/Berlin]");
});
