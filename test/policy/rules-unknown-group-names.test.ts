// Custom rules and required reviewers, where a group name they select by is shared by two groups
// and no accepted snapshot settles which (src/resolve/group-names.ts). The repo and its Entra
// export, with the vendor pages they follow, are in test/helpers/entra-group-names.ts.
import { describe, expect, it } from "vitest";
import { APP, BILL, members, plan, repo, write } from "../helpers/entra-group-names.js";

// Everyone in Engineering gets team:eng; Bill, an org owner, does not hold it yet.
const app = APP.replace('  - { group: org-owners, entitlement: "role:admin" }', '  - { group: org-owners, entitlement: "role:admin" }\n  - { group: engineers, entitlement: "team:eng" }');
const engineers = `kind: Group
id: engineers
birthright:
  - kinds: [person]
    where: { department: Engineering }
`;
const rules = `kind: RuleSet
id: owners
rules:
  - id: owners-need-a-manager
    severity: warning
    match: { kinds: [person], where: { groups: "GitHub Org Owners" } }
    require: { attributes: [manager] }
    message: An org owner must have a manager on record.
  - id: owners-access-reviewed
    severity: info
    match: { kinds: [person], where: { groups: "GitHub Org Owners" } }
    message: Access given to an org owner is reviewed by security.
    reviewers: ["@initech/security"]
`;

function ownersRepo(): string {
  // The policy names the governed group by id: org-owners' own access is settled; the rules name it by name.
  const dir = repo('{ groupIds: "aaaaaaaa-0000-4000-8000-000000000001" }', members(), app);
  write(dir, "identities/groups/engineers.yaml", engineers);
  write(dir, "policies/rules/owners.yaml", rules);
  return dir;
}

describe("rules that select by a group name two groups share", () => {
  it("ask for their reviewers for access given to a member of either group: unknown does not switch a rule off", async () => {
    const { plan: p } = await plan(ownersRepo());
    const grant = p.changes.find((c) => c.identity === BILL && c.action === "grant" && c.entitlement === "team:eng");
    expect(grant?.reviewers).toEqual(["@initech/security"]);
    // Every grant of team:eng goes to someone who may be in a group of that name, so each needs the review.
    expect(p.changes.filter((c) => c.action === "grant").map((c) => [c.identity, c.reviewers])).toEqual([
      [BILL, ["@initech/security"]],
      ["mallory@initech.example", ["@initech/security"]],
      ["peter@initech.example", ["@initech/security"]],
    ]);
  });

  it("report a require that fails in a world where the name is theirs", async () => {
    const { plan: p } = await plan(ownersRepo());
    expect(p.findings.filter((f) => f.rule === "owners-need-a-manager").map((f) => f.identity).sort()).toEqual([BILL, "mallory@initech.example", "peter@initech.example"]);
  });
});
