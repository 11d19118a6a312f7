// A group's name is not its identity (src/resolve/group-names.ts). Entra lets two groups share a
// displayName (azure-cli#24162 creates a second "AM-Test-100" through the API), and by default any
// member may create a security group and put themselves in it
// (learn.microsoft.com/entra/identity/users/groups-self-service-management). The exports below are
// GET /users?$count=true&$expand=memberOf, each memberOf item a directoryObject with @odata.type,
// id and displayName as learn.microsoft.com/graph/api/user-list-memberof shows it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { onTestFinished, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";

const GOVERNED = "aaaaaaaa-0000-4000-8000-000000000001";
const LOOKALIKE = "aaaaaaaa-0000-4000-8000-000000000666";

const CONFIG = `version: 1
organisation: initech
sources:
  entra:
    type: entra
    path: exports/users.json
    gates: { minRecords: 1 }
    options: { exportedAt: "2026-11-26T06:00:00Z" }
correlation: { keys: [anchor, employeeId, email], precedence: [entra] }
targets:
  code: { type: file, path: state/code.json }
safety:
  default:
    deletes: { count: 50, percent: 100 }
    disables: { count: 50, percent: 100 }
    removals: { count: 50, percent: 100 }
    changes: { count: 500, percent: 100 }
`;

const user = (n: number, login: string, group: { id: string; name: string }) => ({
  id: `${n}${n}${n}${n}${n}${n}${n}${n}-${n}${n}${n}${n}-4${n}${n}${n}-8${n}${n}${n}-${String(n).repeat(12)}`,
  userPrincipalName: `${login}@initech.example`,
  mail: `${login}@initech.example`,
  displayName: login,
  accountEnabled: true,
  department: "Engineering",
  "memberOf@odata.count": 1,
  memberOf: [{ "@odata.type": "#microsoft.graph.group", id: group.id, displayName: group.name }],
});

/** Bill and Peter are in the governed group; Mallory in a group she made with (nearly) its name. */
function repo(where: string, lookalikeName = "GitHub Org Owners"): string {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-groupname-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const governed = { id: GOVERNED, name: "GitHub Org Owners" };
  const users = [user(1, "bill", governed), user(2, "peter", governed), user(3, "mallory", { id: LOOKALIKE, name: lookalikeName })];
  const state = {
    formatVersion: 1,
    accounts: users.map((u, i) => ({ id: String(i + 1), login: u.userPrincipalName, externalId: `entra:${u.id}`, active: true, attributes: {}, entitlements: i < 2 ? ["role:admin"] : [] })),
    credentials: [],
  };
  const files: Record<string, string> = {
    "scopesync.yaml": CONFIG,
    "exports/users.json": JSON.stringify({ "@odata.count": users.length, value: users }, null, 2),
    "state/code.json": JSON.stringify(state),
    "identities/groups/org-owners.yaml": `kind: Group
id: org-owners
privileged: true
allowPrivilegedBirthright: true
owners: [bill@initech.example]
birthright:
  - kinds: [person]
    where: ${where}
`,
    "policies/apps/code.yaml": `kind: AppPolicy
id: code
target: code
scope: { include: [ { kinds: [person], where: { department: Engineering } } ] }
accounts: { login: userName }
entitlements:
  - { group: org-owners, entitlement: "role:admin" }
onLeaveScope: disable
`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function plan(dir: string): Promise<{ code: number; plan: Plan }> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", "2026-11-26T09:00:00Z"]);
  expect(r.stderr).toBe("");
  return { code: r.code, plan: JSON.parse(r.stdout) as Plan };
}

const grants = (p: Plan) => p.changes.filter((c) => c.action === "grant").map((c) => `${c.identity} ${c.entitlement}`);

describe("a group name two Entra groups share", () => {
  it("gives nothing through the name, and blocks the plan with an error naming both groups by id at the policy's line", async () => {
    const { code, plan: p } = await plan(repo('{ groups: "GitHub Org Owners" }'));
    expect(grants(p)).toEqual([]);
    expect(code).toBe(3);
    expect(p.blocked).toBe(true);
    const findings = p.findings.filter((f) => f.rule === "group-name-ambiguous");
    expect(findings).toEqual([
      expect.objectContaining({
        severity: "error",
        location: "identities/groups/org-owners.yaml:8",
        message: `group org-owners's birthright names the group "GitHub Org Owners", but source "entra" gives it to 2 groups (${GOVERNED}, ${LOOKALIKE}): a name two groups share says neither, so it matches nobody`,
      }),
    ]);
    expect(findings[0]!.remediation).toContain(`where: { groupIds: "${GOVERNED}" }`);
  });

  it("is shared as well when the names differ only in letter case, as where: compares them", async () => {
    const { plan: p } = await plan(repo('{ groups: "GitHub Org Owners" }', "github org owners"));
    expect(grants(p)).toEqual([]);
    expect(p.findings.map((f) => f.rule)).toContain("group-name-ambiguous");
  });

  it("is no problem where the policy names the group by id: its members keep the access, the look-alike's get none", async () => {
    const { code, plan: p } = await plan(repo(`{ groupIds: "${GOVERNED}" }`));
    expect(code).toBe(0);
    expect(p.changes).toEqual([]);
    expect(p.findings.filter((f) => f.severity !== "info")).toEqual([]);
  });

  it("with one group of the name, the name still works as before", async () => {
    const { code, plan: p } = await plan(repo('{ groups: "GitHub Org Owners" }', "GitHub Org Owners (mine)"));
    expect(code).toBe(0);
    expect(p.changes).toEqual([]);
    expect(p.findings.filter((f) => f.rule === "group-name-ambiguous")).toEqual([]);
  });
});
