// A plan made from a committed state file (not --live) had no list of the target's groups, so an
// app policy's misspelt `team:engineerng` got no finding and its grants failed at apply. The state
// file's `groupIds` (every team `state pull` read) now lists them: the mapping is refused and said
// at the entitlement's file:line:col, naming the nearest team the org has.
import { describe, expect, it } from "vitest";
import type { AppPolicyDoc } from "../../src/model/documents.js";
import { missingGroupRefusals } from "../../src/plan/missing-groups.js";

const policy = {
  kind: "AppPolicy",
  id: "github",
  target: "github",
  scope: { include: [] },
  entitlements: [
    { group: "engineering", entitlement: "team:engineerng" },
    { group: "platform", entitlement: "team:platform" },
    { group: "auditors", entitlement: "team:auditors" },
  ],
} as unknown as AppPolicyDoc;
const state = { groupIds: [{ entitlement: "team:engineering", id: "1" }, { entitlement: "team:platform", id: "2" }, { entitlement: "team:security", id: "3" }] };
const at = (i: number) => `policies/apps/github.yaml:${7 + 2 * i}:19`;

describe("a mapped team the state file's groupIds do not list", () => {
  it("is refused and said at the entitlement's file:line:col, naming the nearest team the org has", () => {
    const refusals = missingGroupRefusals(policy, state, "policies/apps/github.yaml:1", true, at);
    expect(refusals.map((r) => r.entitlement)).toEqual(["team:engineerng", "team:auditors"]);
    expect(refusals[0]!.finding).toMatchObject({
      rule: "entitlement-not-in-target",
      location: "policies/apps/github.yaml:7:19",
      message: 'github maps group engineering to team:engineerng, which target "github" does not have (renamed or deleted there? misspelt? the nearest name it has is team:engineering): no grant or revoke of it is planned, so whoever holds it under another name keeps it',
      remediation: "if it was renamed, write its new name in policies/apps/github.yaml:7:19 (and review who holds it now); if it is misspelt, write the name the target has (team:engineering, if that is the one meant); if it was deleted, remove the mapping",
    });
    // Nothing near: said as before, renamed or deleted.
    expect(refusals[1]!.finding.message).toContain('team:auditors, which target "github" does not have (renamed or deleted there?)');
    // A state file without groupIds (pulled by an older version) lists nothing: no finding.
    expect(missingGroupRefusals(policy, {}, "policies/apps/github.yaml:1", true, at)).toEqual([]);
  });
});
