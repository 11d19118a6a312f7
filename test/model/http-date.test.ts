// The HTTP-date forms of RFC 9110 §5.6.7, read by the Okta export's page times and by the SCIM and
// Graph connectors' Retry-After, held to the RFC's own example ("Sun, 06 Nov 1994 08:49:37 GMT" in
// its three forms) and to what a strict parser must refuse.
import { describe, expect, it } from "vitest";
import { parseHttpDate } from "../../src/model/http-date.js";
import { parseRetryAfter } from "../../src/targets/scim/http.js";

describe("parseHttpDate", () => {
  it("reads the RFC's example in each of its three forms as one instant", () => {
    for (const form of ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"]) {
      expect(parseHttpDate(form)).toBe("1994-11-06T08:49:37.000Z");
    }
  });

  it("refuses what is no HTTP-date, though Date.parse would read it as some time", () => {
    for (const text of ["2026-12-07T10:00:00Z", "Mon, 07 Dec 2026 10:00:00 +0100", "7 Dec 2026", "Mon, 31 Feb 2026 10:00:00 GMT", "Mon, 07 Dec 2026 24:00:00 GMT"]) {
      expect(Number.isNaN(Date.parse(text.replace("31 Feb", "28 Feb")))).toBe(false);
      expect(parseHttpDate(text)).toBeUndefined();
    }
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-12-07T10:00:00Z");

  it("reads delta-seconds and an HTTP-date as the wait from now, never negative", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Mon, 07 Dec 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Mon, 07 Dec 2026 09:59:00 GMT", now)).toBe(0);
  });

  it("gives no wait for a value in a shape no server sends (an ISO time, a local time)", () => {
    expect(parseRetryAfter("2026-12-07T10:00:30Z", now)).toBeUndefined();
    expect(parseRetryAfter("Mon, 07 Dec 2026 10:00:30", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
