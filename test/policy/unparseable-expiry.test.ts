import { describe, expect, it } from "vitest";
import type { AppPolicyDoc, GroupDoc, RuleSetDoc } from "../../src/model/documents.js";
import type { Identity } from "../../src/model/identity.js";
import type { Located } from "../../src/model/located.js";
import { offboarding } from "../../src/policy/lifecycle.js";
import { computeMemberships } from "../../src/policy/memberships.js";
import { applyExceptions } from "../../src/policy/rules/exceptions.js";

// The schemas refuse an expiry that does not parse (a leap second, 23:59:60, parses to NaN), but
// the planner must not depend on that: `NaN <= now` is false, which read as "not expired yet" for
// ever. An expiry the planner cannot read ends the access it limits.
const NOW = Date.parse("2026-11-26T09:00:00Z");
const located = <T>(value: T): Located<T> => ({ value, file: "identities/groups/g.yaml", line: 1, col: 1, locate: () => ({ line: 5, col: 5 }), locateKey: () => ({ line: 5, col: 3 }) });
const identity = (id: string, extra: Partial<Identity> = {}): Identity =>
  ({ id, kind: "person", anchor: `hr:${id}`, records: [`hr:${id}`], aliases: [], status: "active", attributes: {}, provenance: {}, breakGlass: false, ...extra }) as Identity;

describe("an expiry that does not parse", () => {
  it("ends a group grant: the member is expired, not a member", () => {
    for (const until of ["2099-12-31T23:59:60Z", "soon"]) {
      const group = located({ kind: "Group", id: "admins", members: [{ identity: "nikhil.rao", until }, { identity: "sam.oduya", until: "2099-01-01" }] } as unknown as GroupDoc);
      const index = computeMemberships([group], [identity("nikhil.rao"), identity("sam.oduya")], NOW);
      expect(index.current.get("nikhil.rao"), until).toBeUndefined();
      expect(index.expired.get("nikhil.rao")?.map((m) => m.until), until).toEqual([until]);
      expect(index.current.get("sam.oduya")?.map((m) => m.group)).toEqual(["admins"]);
    }
  });

  it("offboards a non-human identity", () => {
    const nhi = identity("agent-code-review", { kind: "agent", anchor: "nhi:agent-code-review", records: [], expiresAt: "2099-12-31T23:59:60Z" } as Partial<Identity>);
    expect(offboarding(nhi, {} as AppPolicyDoc, new Map(), NOW)?.why).toBe("nhi-expired");
    expect(offboarding({ ...nhi, expiresAt: "2099-12-31" }, {} as AppPolicyDoc, new Map(), NOW)?.why).not.toBe("nhi-expired");
  });

  it("does not waive a finding: the exception has lapsed", () => {
    const finding = { rule: "agent-expired", severity: "warning" as const, identity: "agent-x", message: "agent agent-x expired" };
    const set = located({ kind: "RuleSet", id: "r", exceptions: [{ rule: "agent-expired", identity: "agent-x", expiresAt: "2099-12-31T23:59:60Z", approver: "ada", ticket: "SEC-1" }] } as unknown as RuleSetDoc);
    const { findings, exceptions } = applyExceptions([finding], [set], NOW, () => true);
    expect(exceptions).toEqual([]);
    expect(findings.map((f) => f.message)).toEqual(["agent agent-x expired (exception SEC-1 at identities/groups/g.yaml:5 expired on 2099-12-31T23:59:60Z)"]);
  });
});
