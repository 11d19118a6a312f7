// "The employment that keeps the most access" (status-authorities-disagree) holds between HR books
// of record only (model/employment-records.ts). rv101 H2: Okta, made authoritative for status for
// the contractors only it knows, still had an HR leaver ACTIVE, and that kept him active
// everywhere: the textbook missed leaver. Where a directory is one of the disagreeing authorities,
// precedence decides as before, and its shut-out user is status-sign-in-blocked (rv101 L1).
// The repository follows the review's repro script.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-11-26T09:00:00Z";
const HEADER = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";

function repo(linusInHr: string, linusOktaStatus: string): string {
  const root = tempDir("scopesync-status-directory-");
  for (const sub of ["state", "policies/apps", "identities/groups", "okta"]) mkdirSync(join(root, sub), { recursive: true });
  writeFileSync(join(root, "scopesync.yaml"), [
    "version: 1", "organisation: rv101", "sources:",
    "  hr:", "    type: csv", "    path: hr.csv", "    authoritative: [name, department, title, manager, employmentType, status, employeeId]",
    "    gates: { required: [externalId, userName, status] }", "    options: { exportedAt: \"2026-11-26T06:00:00Z\" }",
    "  okta:", "    type: okta", "    path: okta/users.json", "    # Contractors exist only in Okta, so Okta decides their status.", "    authoritative: [status]",
    "    options: { pages: single, exportedAt: \"2026-11-26T06:00:00Z\" }",
    "correlation: { precedence: [hr, okta] }",
    "targets:", "  app: { type: file, path: state/app.json, runAs: scopesync-bot }", "",
  ].join("\n"));
  writeFileSync(join(root, "policies/apps/app.yaml"), [
    "kind: AppPolicy", "id: app", "target: app", "scope: { include: [ { kinds: [person], where: { department: [Engineering, Platform] } } ] }",
    "accounts: { attributes: { displayName: { from: displayName } } }",
    "entitlements: [ { group: engineering, entitlement: \"team:engineering\" } ]", "onLeaveScope: disable", "",
  ].join("\n"));
  writeFileSync(join(root, "identities/groups/engineering.yaml"), "kind: Group\nid: engineering\nbirthright:\n  - kinds: [person]\n    where: { department: Engineering }\n");
  writeFileSync(join(root, "hr.csv"), `${[HEADER, "W1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,", "W3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Engineer,Engineering,W1,2021-03-01,", `W4,linus,Linus,Torvalds,linus@corp.example,${linusInHr},Employee,Engineer,Engineering,W1,2022-04-04,${linusInHr === "Terminated" ? "2026-11-20" : ""}`].join("\n")}\n`);
  const user = (id: string, login: string, given: string, family: string, n: string, status = "ACTIVE") => ({ id, status, profile: { login, email: login, firstName: given, lastName: family, employeeNumber: n } });
  writeFileSync(join(root, "okta/users.json"), JSON.stringify([user("00u1", "ada@corp.example", "Ada", "Lovelace", "W1"), user("00u3", "grace@corp.example", "Grace", "Hopper", "W3"), user("00u4", "linus@corp.example", "Linus", "Torvalds", "W4", linusOktaStatus)]));
  const account = (id: string, login: string, anchor: string, name: string, entitlements: string[]) => ({ id, login, externalId: anchor, active: true, attributes: { displayName: name }, entitlements });
  const accounts = [account("a1", "ada", "hr:W1", "Ada Lovelace", []), account("a3", "grace", "hr:W3", "Grace Hopper", ["team:engineering"]), account("a4", "linus", "hr:W4", "Linus Torvalds", ["team:engineering"]), { id: "a0", login: "scopesync-bot", active: true, attributes: {}, entitlements: [] }];
  writeFileSync(join(root, "state/app.json"), JSON.stringify({ formatVersion: 1, target: "app", readAt: "2026-11-26T06:00:00Z", accounts, credentials: [] }, null, 2));
  return root;
}

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const onLinus = (p: Plan) => p.changes.filter((c) => c.identity === "linus").map((c) => c.action);
const linusFindings = (p: Plan) => p.findings.filter((f) => f.identity === "linus").map((f) => [f.severity, f.rule]);

describe("a directory authoritative for status is no book of record (rv101 H2)", () => {
  it("offboards an HR leaver whom Okta, also authoritative for status, still has active: precedence decides", async () => {
    const p = await plan(repo("Terminated", "ACTIVE"));
    expect(onLinus(p)).toEqual(["revoke", "disable-account"]);
    expect(linusFindings(p)).toEqual([["info", "attribute-conflict"]]);
    expect(p.findings.find((f) => f.rule === "attribute-conflict" && f.identity === "linus")!.message).toBe('status: hr says "terminated", okta says "active"; kept hr (authoritative: hr)');
  });

  it("says a person HR keeps active whom Okta deprovisioned can no longer sign in there (status-sign-in-blocked, not status-authorities-disagree)", async () => {
    const p = await plan(repo("Active", "DEPROVISIONED"));
    expect(onLinus(p)).toEqual([]);
    expect(linusFindings(p)).toEqual([["warning", "status-sign-in-blocked"]]);
    expect(p.findings.find((f) => f.rule === "status-sign-in-blocked")!.message).toBe('status: hr says "active", okta says "terminated" (Okta status DEPROVISIONED: the person can no longer sign in there); kept hr (authoritative: hr), so every app account and entitlement stays');
  });
});
