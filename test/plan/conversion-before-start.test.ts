// A contractor converted to employee, HR entering the conversion ahead (rv38 finding 4). HR (an
// export of employees) has the new worker id, E200, with a hire date to come and the same e-mail.
// Okta still exports the contractor ACTIVE. In Workday the contractor and the employee are "separate
// entities with two separate Workday IDs", and Okta's Workday integration imports "the future
// Full-Time user (pre-hire)" ahead of the start (Okta support, "How to Convert from Contractor to
// Full-Time Employee Using Workday Provisioning"). The merged identity took HR's employmentType
// (employee) as today's. The contractor entitlement was revoked 11 days early, as "drift", while
// joiner-not-started said the account "is not offboarded".
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const BEFORE = "2026-11-26T09:00:00Z";

const CONFIG = `version: 1
organisation: acme
sources:
  hr:
    type: csv
    path: hr.csv
    authoritative: [name, department, title, manager, employmentType, status, employeeId, hireDate, terminationDate]
    options: { exportedAt: "2026-11-26T06:00:00Z" }
  okta:
    type: okta
    path: okta-users.json
    options: { pages: single, exportedAt: "2026-11-26T06:00:00Z" }
correlation:
  keys: [anchor, employeeId, email]
  precedence: [hr, okta]
targets:
  portal: { type: file, path: state/portal.json }
`;
const group = (id: string, type: string) => `kind: Group\nid: ${id}\nowners: [ana.ruiz@acme.example]\nbirthright:\n  - kinds: [person]\n    where: { employmentType: ${type} }\n`;
/** The portal: contractors and staff each get their own entitlement; `scope` narrows who has an account at all. */
const portal = (scope = "    - kinds: [person]", preStart = "") => `kind: AppPolicy
id: portal
target: portal
scope:
  include:
${scope}
accounts:
  login: email${preStart}
entitlements:
  - group: contractors
    entitlement: group:vendor-projects
  - group: staff
    entitlement: group:staff-intranet
onLeaveScope: disable
`;
const HR = `WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate
E100,ana.ruiz@acme.example,Ana,Ruiz,ana.ruiz@acme.example,Active,Employee,Eng Manager,Engineering,,2019-01-07,
E200,jo.kim@acme.example,Jo,Kim,jo.kim@acme.example,Active,Employee,Software Engineer,Engineering,E100,2026-12-07,
`;
/**
 * An Okta user as GET /api/v1/users returns it: id, status, the timestamps, type.id, profile with
 * login, email, employeeNumber and userType, credentials.provider, _links
 * (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/).
 */
const oktaUser = (id: string, login: string, first: string, last: string, userType: string, employeeNumber: string, status = "ACTIVE") => ({
  id,
  status,
  created: "2025-03-02T10:00:00.000Z",
  activated: "2025-03-02T10:00:00.000Z",
  statusChanged: "2025-03-02T10:00:00.000Z",
  lastLogin: "2026-11-25T08:00:00.000Z",
  lastUpdated: "2025-03-02T10:00:00.000Z",
  passwordChanged: "2025-03-02T10:00:00.000Z",
  type: { id: "oty1abcd2EFGH3ijk4l5" },
  profile: { firstName: first, lastName: last, mobilePhone: null, secondEmail: null, login, email: login, employeeNumber, userType, department: "Engineering" },
  credentials: { provider: { type: "OKTA", name: "OKTA" } },
  _links: { self: { href: `https://acme.okta.com/api/v1/users/${id}` } },
});
const OKTA = (joStatus = "ACTIVE") => JSON.stringify([oktaUser("00u1ana0000000000001", "ana.ruiz@acme.example", "Ana", "Ruiz", "Employee", "E100"), oktaUser("00u1jok0000000000002", "jo.kim@acme.example", "Jo", "Kim", "Contractor", "C-7731", joStatus)], null, 1);
/** Jo's portal account, marked with the Okta record, holding the contractor entitlement (and whatever else is given). */
const STATE = (jo: string[] = ["group:vendor-projects"]) => JSON.stringify({ formatVersion: 1, accounts: [
  { id: "p1", login: "ana.ruiz@acme.example", externalId: "hr:E100", active: true, attributes: {}, entitlements: ["group:staff-intranet"] },
  { id: "p2", login: "jo.kim@acme.example", externalId: "okta:00u1jok0000000000002", active: true, attributes: {}, entitlements: jo },
], credentials: [] });

async function plan(files: Record<string, string> = {}, now = BEFORE): Promise<Plan> {
  const dir = tempDir("scopesync-conversion-");
  const all: Record<string, string> = { "scopesync.yaml": CONFIG, "hr.csv": HR, "okta-users.json": OKTA(), "state/portal.json": STATE(), "policies/apps/portal.yaml": portal(), "identities/groups/contractors.yaml": group("contractors", "contractor"), "identities/groups/staff.yaml": group("staff", "employee"), ...files };
  for (const [path, content] of Object.entries(all)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", now]);
  if (r.code === 1) throw new Error(`plan failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Plan;
}
const jo = (p: Plan) => p.changes.filter((c) => c.identity === "jo.kim@acme.example").map((c) => `${c.action}${c.entitlement ? ` ${c.entitlement}` : ""}`);
const joFindings = (p: Plan) => p.findings.filter((f) => f.identity === "jo.kim@acme.example" && f.rule !== "attribute-conflict");

describe("a conversion entered ahead: the new employment's record is authoritative and has not begun, another source exports the person active today", () => {
  it("keeps the contractor entitlement until the hire date, and says why, instead of revoking it as drift", async () => {
    const p = await plan();
    expect(jo(p)).toEqual([]);
    expect(joFindings(p)).toEqual([
      {
        rule: "conversion-not-started",
        severity: "info",
        identity: "jo.kim@acme.example",
        message: 'jo.kim@acme.example begins a new employment on 2026-12-07 (hireDate from hr hr.csv row 2 (line 3)) and is active today (okta okta-users.json entry 2). Access in portal for the new employment begins on 2026-12-07, on the hire date (policies/apps/portal.yaml:1); until then their account "jo.kim@acme.example" keeps what their attributes of today (employeeId "C-7731", employmentType "contractor") and the new employment justify, and gets nothing only the new employment justifies',
        remediation: "nothing, if the new employment begins on 2026-12-07: the first plan on or after 2026-12-07 gives what it justifies and revokes what only the current one did. If it has begun, correct the hire date in hr; if it was called off, remove the record in hr; to give access ahead of the start, set accounts.preStart (e.g. 7d) in policies/apps/portal.yaml:1",
        location: "hr hr.csv row 2 (line 3)",
        target: "portal",
      },
    ]);
  });

  it("gives nothing only the new employment justifies, and revokes what neither employment justifies", async () => {
    const p = await plan({ "state/portal.json": STATE(["group:vendor-projects", "group:staff-intranet", "group:break-glass"]), "policies/apps/portal.yaml": portal().replace("entitlements:\n", "entitlements:\n  - group: admins\n    entitlement: group:break-glass\n"), "identities/groups/admins.yaml": "kind: Group\nid: admins\nowners: [ana.ruiz@acme.example]\n" });
    // The staff entitlement the new employment justifies is held already (given by hand): not taken away either.
    expect(jo(p)).toEqual(["revoke group:break-glass"]);
    const none = await plan({ "state/portal.json": STATE([]) });
    expect(jo(none)).toEqual([]);
  });

  it("does not offboard the account of an app only contractors are in the scope of before the hire date", async () => {
    const contractorsOnly = portal("    - kinds: [person]\n      where: { employmentType: contractor }");
    const p = await plan({ "policies/apps/portal.yaml": contractorsOnly });
    expect(jo(p)).toEqual([]);
    expect(joFindings(p).map((f) => f.rule)).toEqual(["conversion-not-started"]);
    expect(joFindings(p)[0]!.message).toContain("(from then on jo.kim@acme.example is out of its scope, and the account is offboarded per onLeaveScope)");
    // From the hire date on, the employee is out of its scope: offboarded.
    const after = await plan({ "policies/apps/portal.yaml": contractorsOnly }, "2026-12-07T09:00:00Z");
    expect(jo(after)).toEqual(["revoke group:vendor-projects", "disable-account"]);
  });

  it("converts on the hire date, less accounts.preStart: the employee's entitlement is given and the contractor's revoked", async () => {
    const onTheDay = await plan({}, "2026-12-07T00:00:00Z");
    expect(jo(onTheDay)).toEqual(["revoke group:vendor-projects", "grant group:staff-intranet"]);
    expect(joFindings(onTheDay)).toEqual([]);
    const ahead = await plan({ "policies/apps/portal.yaml": portal(undefined, "\n  preStart: 14d") });
    expect(jo(ahead)).toEqual(["revoke group:vendor-projects", "grant group:staff-intranet"]);
  });

  it("is a joiner who has not started, as before, when no other source exports them active today", async () => {
    const p = await plan({ "okta-users.json": OKTA("DEPROVISIONED") });
    expect(joFindings(p).map((f) => f.rule)).toEqual(["joiner-not-started"]);
  });
});
