// What a live read shows of a change a cut-off run left open (src/apply/cut-off.ts, observe): the
// closing line says `done` only when the read shows the change in place. A journal line an older
// scopesync wrote names no entitlement or credential (rv51): the read cannot show what the line
// does not name, so it must never be taken as in place.
import { describe, expect, it } from "vitest";
import { observe } from "../../src/apply/cut-off.js";
import type { JournalRecord } from "../../src/model/journal-record.js";
import type { TargetState } from "../../src/model/target-state.js";

const state: TargetState = {
  formatVersion: 1,
  target: "wiki",
  readAt: "2026-12-03T06:00:00Z",
  accounts: [{ id: "u-2", login: "jonas.weber", externalId: "hr:N103", active: true, attributes: {}, entitlements: ["group:admins"] }],
  credentials: [{ id: "tok-8f2a", account: "u-2", type: "api-token", createdAt: "2026-06-01T00:00:00Z" }],
};

/** A start line as an older scopesync wrote it: no account, login, entitlement or credential. */
const oldLine = (action: JournalRecord["action"]): JournalRecord =>
  ({ at: "2026-12-02T07:05:00.000Z", run: "r1", fingerprint: "sha256:x", change: "c1", target: "wiki", action, identity: "jonas.weber", phase: "start" }) as JournalRecord;

describe("observe, for a cut-off line an older version wrote", () => {
  it("cannot tell whether a credential revoke is in place when the line names no credential", () => {
    const seen = observe(oldLine("revoke-credential"), state);
    expect(seen.inPlace).toBeUndefined();
    expect(seen.shows).toBe("not which credential (the journal line names none: an older version wrote it)");
  });

  it("cannot tell whether a revoke or grant is in place when the line names no entitlement, even where the account is named", () => {
    for (const action of ["revoke", "grant"] as const) {
      const seen = observe({ ...oldLine(action), login: "jonas.weber" }, state);
      expect(seen.inPlace, action).toBeUndefined();
    }
  });

  it("still judges lines that name what they change", () => {
    expect(observe({ ...oldLine("revoke-credential"), credential: "tok-8f2a" }, state).inPlace).toBe(false);
    expect(observe({ ...oldLine("revoke-credential"), credential: "tok-gone" }, state).inPlace).toBe(true);
    expect(observe({ ...oldLine("revoke"), login: "jonas.weber", entitlement: "group:admins" }, state).inPlace).toBe(false);
    expect(observe({ ...oldLine("revoke"), login: "jonas.weber", entitlement: "group:sales" }, state).inPlace).toBe(true);
  });
});
