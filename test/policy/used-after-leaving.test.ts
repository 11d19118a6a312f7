// When a credential's last use counts as "after its owner left" (used by the key, console password
// and federated credential findings). The leaving is over at the end of the owner's last day, in
// the offset HR gives it (a Workday date, 2026-11-20-07:00), or at the instant HR gives: the same
// moment termination-date-passed judges by. Before, both sides were cut to their UTC calendar day,
// so a use ten hours after a +14:00 last day ended was not said, and a use on a Los Angeles last
// evening was said as "1 day after" (rv88).
import { describe, expect, it } from "vitest";
import type { Identity } from "../../src/model/identity.js";
import { usedAfterLeaving } from "../../src/policy/rules/builtin/used-after-leaving.js";

function owner(terminationDate: string): Identity {
  return { id: "lin", kind: "person", status: "terminated", attributes: { terminationDate } } as unknown as Identity;
}
const NHI = { id: "release-bot", kind: "service-account", owner: "lin", attributes: {} } as unknown as Identity;
const after = (left: string, used: string) => usedAfterLeaving(used, NHI, new Map([["lin", owner(left)]]));

describe("usedAfterLeaving", () => {
  it("a bare date: a use on the last day is not after; the next day is day 1, five days on is day 5", () => {
    expect(after("2026-11-20", "2026-11-20T23:59:59Z")).toBeUndefined();
    expect(after("2026-11-20", "2026-11-21T00:00:00Z")).toEqual({ owner: "lin", left: "2026-11-20", days: 1 });
    expect(after("2026-11-20", "2026-11-25T21:40:00.000Z")?.days).toBe(5);
  });

  it("a date with its offset: the last day ends at its end there", () => {
    // +14:00: the last day is over at 2026-11-20T10:00Z; a use at 20:00Z is after it.
    expect(after("2026-11-20+14:00", "2026-11-20T20:00:00Z")).toEqual({ owner: "lin", left: "2026-11-20", days: 1 });
    // -07:00: the last day lasts until 2026-11-21T07:00Z; an evening use in Los Angeles is not after.
    expect(after("2026-11-20-07:00", "2026-11-21T03:00:00Z")).toBeUndefined();
    expect(after("2026-11-20-07:00", "2026-11-21T07:00:00Z")?.days).toBe(1);
  });

  it("a date-time: the leaving is that instant", () => {
    expect(after("2026-11-20T12:00:00Z", "2026-11-20T11:59:00Z")).toBeUndefined();
    expect(after("2026-11-20T12:00:00Z", "2026-11-20T13:00:00Z")?.days).toBe(1);
  });

  it("no date to compare with: an owner with no termination date, or one that is no date", () => {
    expect(after("", "2026-11-25T00:00:00Z")).toBeUndefined();
    expect(after("20/11/2026", "2026-11-25T00:00:00Z")).toBeUndefined();
  });
});
