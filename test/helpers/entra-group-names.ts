// A repo of Entra users in a governed group and a look-alike of it, for the group-name tests
// (src/resolve/group-names.ts). Entra lets two groups share a displayName (azure-cli#24162 creates
// a second "AM-Test-100" through the API), and by default any member may create a security group
// and put themselves in it (learn.microsoft.com/entra/identity/users/groups-self-service-management).
// The export is one GET /users page whose users each carry their whole memberOf list with its
// memberOf@odata.count, as GET /users/{id}/memberOf?$count=true returns it (each item a
// directoryObject with @odata.type, id and displayName: learn.microsoft.com/graph/api/user-list-memberof),
// and the page's @odata.count, which the source checks against the users read.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { onTestFinished, expect } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "./run-cli.js";

export const GOVERNED = "aaaaaaaa-0000-4000-8000-000000000001";
export const LOOKALIKE = "aaaaaaaa-0000-4000-8000-000000000666";

export const CONFIG = `version: 1
organisation: initech
sources:
  entra:
    type: entra
    path: exports/users.json
    gates: { minRecords: 1 }
    # Before the earliest snapshot a test accepts (2026-11-24): an export is never after its reader (source-gate-future-export).
    options: { exportedAt: "2026-11-24T06:00:00Z" }
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

export interface Member { n: number; login: string; group: { id: string; name: string }; also?: { id: string; name: string }; leftOn?: string; holds?: string[] }

export const user = ({ n, login, group, also, leftOn }: Member) => ({
  id: `${n}${n}${n}${n}${n}${n}${n}${n}-${n}${n}${n}${n}-4${n}${n}${n}-8${n}${n}${n}-${String(n).repeat(12)}`,
  userPrincipalName: `${login}@initech.example`,
  mail: `${login}@initech.example`,
  displayName: login,
  accountEnabled: true,
  department: "Engineering",
  // A leaver as Graph shows one on the day: employeeLeaveDateTime passed (learn.microsoft.com/graph/api/resources/user).
  ...(leftOn ? { employeeLeaveDateTime: leftOn } : {}),
  "memberOf@odata.count": also ? 2 : 1,
  memberOf: [group, ...(also ? [also] : [])].map((g) => ({ "@odata.type": "#microsoft.graph.group", id: g.id, displayName: g.name })),
});

export const governed = { id: GOVERNED, name: "GitHub Org Owners" };
export const lookalike = (name = "GitHub Org Owners") => ({ id: LOOKALIKE, name });
/** Bill and Peter are in the governed group and hold role:admin; Mallory in a group she made with (nearly) its name. */
export const members = (name?: string): Member[] => [
  { n: 1, login: "bill", group: governed, holds: ["role:admin"] },
  { n: 2, login: "peter", group: governed, holds: ["role:admin"] },
  { n: 3, login: "mallory", group: lookalike(name), holds: [] },
];

export const APP = `kind: AppPolicy
id: code
target: code
scope: { include: [ { kinds: [person], where: { department: Engineering } } ] }
accounts: { login: userName }
entitlements:
  - { group: org-owners, entitlement: "role:admin" }
onLeaveScope: disable
`;

export function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** Writes the export of these members: one users page with @odata.count, each user's memberOf saved whole with its count. */
export function exportUsers(dir: string, people: readonly Member[]): void {
  const users = people.map(user);
  write(dir, "exports/users.json", JSON.stringify({ "@odata.count": users.length, value: users }, null, 2));
}

export function repo(where: string, people: readonly Member[] = members(), app = APP): string {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-groupname-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const accounts = people.filter((m) => m.holds).map((m) => ({ id: String(m.n), login: `${m.login}@initech.example`, externalId: `entra:${user(m).id}`, active: true, attributes: {}, entitlements: m.holds }));
  write(dir, "scopesync.yaml", CONFIG);
  exportUsers(dir, people);
  write(dir, "state/code.json", JSON.stringify({ formatVersion: 1, accounts, credentials: [] }));
  write(dir, "identities/groups/org-owners.yaml", `kind: Group
id: org-owners
privileged: true
allowPrivilegedBirthright: true
owners: [bill@initech.example]
birthright:
  - kinds: [person]
    where: ${where}
`);
  write(dir, "policies/apps/code.yaml", app);
  return dir;
}

/** Accepts the current export as the snapshot (scopesync snapshot), as the daily sync's merged PR does. */
export async function acceptSnapshot(dir: string, now = "2026-11-25T09:00:00Z"): Promise<void> {
  const r = await runCli(["snapshot", "--repo", dir, "--now", now]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
}

export async function plan(dir: string, now = "2026-11-26T09:00:00Z"): Promise<{ code: number; plan: Plan }> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", now]);
  expect(r.stderr).toBe("");
  return { code: r.code, plan: JSON.parse(r.stdout) as Plan };
}

export const changes = (p: Plan) => p.changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`).sort();
export const ambiguous = (p: Plan) => p.findings.filter((f) => f.rule === "group-name-ambiguous");
export const BILL = "bill@initech.example";
export const MILTON: Member = { n: 4, login: "milton", group: governed, holds: [] };

