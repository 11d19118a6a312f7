// The guards of apply/renamed-accounts.ts that the end-to-end test (github-renamed-login-e2e) does
// not reach: a renamed account that someone else now claims, or that the re-plan decides itself,
// is not removed on the reviewed premise; one still holding the access is.
import { describe, expect, it } from "vitest";
import { RenameWatch } from "../../src/apply/renamed-accounts.js";
import type { Reconciled } from "../../src/apply/reviewed.js";
import type { Change } from "../../src/model/change.js";
import type { TargetState } from "../../src/model/target-state.js";
import type { AppDecision } from "../../src/plan/decision.js";
import type { Plan } from "../../src/plan/plan.js";

const disable: Change = { id: "0000000000000001", target: "github", action: "disable-account", identity: "alan", account: "7", login: "alan", privileged: false, origin: "source", reason: "leaver", evidence: [] };
const plan = (changes: Change[], findings: Plan["findings"] = []) => ({ changes, findings }) as unknown as Plan;
const state = (login: string, active = true): TargetState => ({ formatVersion: 1, target: "github", readAt: "2026-11-26T09:00:00Z", accounts: [{ id: "7", login, active, attributes: {}, entitlements: [] }], credentials: [] });
const leaver: AppDecision = { target: "github", app: "github", identity: "alan", inScope: true, offboarding: { why: "leaver", reason: "terminated" }, outcome: "nothing", entitlements: [] };
const unmanaged = [{ rule: "unmanaged-account", severity: "warning" as const, identity: "alan-2", target: "github", message: "…" }];

function run(current: Plan, live: TargetState, decisions: AppDecision[] = [leaver]): { r: Reconciled; notes: string[] } {
  const watch = new RenameWatch(plan([disable]));
  watch.see("github", live);
  const r: Reconciled = { reviewed: [], unreviewedRevocations: [], held: [], waiting: [], obsolete: [disable] };
  const notes = watch.follow(r, current, decisions, () => true, () => "GitHub user id");
  return { r, notes };
}

describe("a reviewed offboarding whose account was renamed since review", () => {
  it("is applied by id when the account is unclaimed, active, and the re-plan still offboards the identity", () => {
    const { r, notes } = run(plan([], unmanaged), state("alan-2"));
    expect(r.reviewed).toEqual([disable]);
    expect(r.obsolete).toEqual([]);
    expect(notes).toEqual(["github disable-account alan: login changed from alan to alan-2 since review; applied by GitHub user id 7"]);
  });

  it("is not applied when an identity claims the account under its new login (no unmanaged-account for it)", () => {
    const { r, notes } = run(plan([]), state("bob"));
    expect(r.reviewed).toEqual([]);
    expect(notes[0]).toContain("not applied: an identity claims the account under its new login bob");
  });

  it("is not applied when the re-plan has a change of its own for the account", () => {
    const own: Change = { ...disable, id: "0000000000000002", identity: "account:alan-2", login: "alan-2", origin: "policy" };
    const { r, notes } = run(plan([own], unmanaged), state("alan-2"));
    expect(r.reviewed).toEqual([]);
    expect(notes[0]).toContain("not applied: the re-plan has its own change for that account");
  });

  it("is not applied when the account is disabled already, nor when the login did not change", () => {
    expect(run(plan([], unmanaged), state("alan-2", false)).r.reviewed).toEqual([]);
    const same = run(plan([], unmanaged), state("Alan"));
    expect({ reviewed: same.r.reviewed, notes: same.notes, obsolete: same.r.obsolete }).toEqual({ reviewed: [], notes: [], obsolete: [disable] });
  });
});
