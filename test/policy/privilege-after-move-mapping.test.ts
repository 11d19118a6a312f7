// privilege-after-move asks the plan's own question, "is this membership privileged?", not only the
// Group's `privileged:` flag. docs/formats.md lets a mapping say it (`privileged: true` on the
// entitlement, as the bundled example marks team:platform), and the plan marks such grants
// [privileged]; a mover's explicit membership of a group privileged that way went un-reviewed
// (rv57 #4).
import { describe, expect, it } from "vitest";
import { planWith } from "../helpers/plan-with.js";

/** grace moves from Engineering to Platform (both in the app's scope: her account stays). */
const MOVED = "W1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,\nW2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,W1,2020-02-03,\nW3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Platform Engineer,Platform,W1,2021-03-01,\nW4,linus,Linus,Torvalds,linus@corp.example,Active,Employee,Engineer,Engineering,W1,2022-04-04,\n";
const HR = `WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate\n${MOVED}`;

/** An unflagged group with grace as an explicit, reviewed member. */
const ONCALL = "kind: Group\nid: prod-oncall\nmembers:\n  - identity: grace\n    reason: on-call rota (Engineering)\n";

/** The base app policy with prod-oncall mapped as `mapping` says. */
const policy = (mapping: string) => `kind: AppPolicy
id: app
target: app
scope:
  include:
    - kinds: [person]
      where: { department: [Engineering, Platform] }
entitlements:
  - group: engineering
    entitlement: team:engineering
  - group: platform-admins
    entitlement: role:admin
  - ${mapping}
onLeaveScope: disable
admins: { entitlement: "role:admin", minimum: 1 }
`;

const moved = (mapping: string) => planWith({ "hr.csv": HR, "identities/groups/prod-oncall.yaml": ONCALL, "policies/apps/app.yaml": policy(mapping) }, { baseline: true });

describe("privilege-after-move: privileged as the plan marks it", () => {
  it("fires for an explicit membership whose mapping says privileged: true, naming what it gives", async () => {
    const { plan } = await moved("{ group: prod-oncall, entitlement: \"group:prod-root-console\", privileged: true }");
    // The plan marks the grant privileged: the rule must agree with it.
    expect(plan.changes.find((c) => c.identity === "grace" && c.entitlement === "group:prod-root-console")?.privileged).toBe(true);
    const hits = plan.findings.filter((f) => f.rule === "privilege-after-move");
    expect(hits.map((f) => [f.identity, f.message, f.location])).toEqual([
      ["grace", "grace moved (department Engineering → Platform, title Engineer → Platform Engineer) and is still an explicit member of prod-oncall, which gives the privileged app group:prod-root-console", "identities/groups/prod-oncall.yaml:4"],
    ]);
  });

  it("stays quiet for the same membership when nothing makes it privileged", async () => {
    const { plan } = await moved("{ group: prod-oncall, entitlement: \"group:prod-root-console\" }");
    expect(plan.changes.find((c) => c.identity === "grace" && c.entitlement === "group:prod-root-console")?.privileged).toBe(false);
    expect(plan.findings.filter((f) => f.rule === "privilege-after-move")).toEqual([]);
  });

  it("follows another group's privileged mapping to the same entitlement, as the plan's marking does", async () => {
    // formats.md: "When several mappings name the same entitlement, it is privileged if any of them is".
    const files = { "hr.csv": HR, "identities/groups/prod-oncall.yaml": ONCALL, "identities/groups/sre.yaml": "kind: Group\nid: sre\nmembers:\n  - identity: ada\n", "policies/apps/app.yaml": policy("{ group: prod-oncall, entitlement: \"group:prod-root-console\" }\n  - { group: sre, entitlement: \"group:prod-root-console\", privileged: true }") };
    const { plan } = await planWith(files, { baseline: true });
    expect(plan.findings.filter((f) => f.rule === "privilege-after-move").map((f) => f.message)).toEqual([
      "grace moved (department Engineering → Platform, title Engineer → Platform Engineer) and is still an explicit member of prod-oncall, which gives the privileged app group:prod-root-console",
    ]);
  });
});
