// A merger: Acme (HR CSV) and Globex (Workday-style TSV, Entra ID) both keep a book of record for
// their people (rv100). H1: Dana is a Globex employee (Active) and had an Acme contract (ended,
// Terminated); the first HR source by precedence decided, and she was offboarded everywhere with an
// info finding only. H2: Globex's Entra users got an alias on Acme's domain, which is another Chris
// Wong's address at Acme: the two Chrises became one identity and Globex's Chris's account was
// renamed and re-addressed to Acme's Chris. The exports follow the review's repro scripts.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-11-26T09:00:00Z";
const HR_AUTHORITY = "[name, department, title, manager, employmentType, status, employeeId, hireDate, terminationDate]";
const B_HEADER = "Employee_ID\tUser_Name\tLegal_First_Name\tLegal_Last_Name\tPrimary_Work_Email\tWorker_Status\tWorker_Type\tBusiness_Title\tCost_Center\tManager_ID\tHire_Date\tTermination_Date";
const LEE = "1041\tlee.park\tLee\tPark\tlee.park@globex.example\tActive\tEmployee\tHead of Data\tData\t\t2019-02-01\t";
const A_HEADER = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";
const ALEX = "W1001,alex.doe,Alex,Doe,alex.doe@acme.example,Active,Employee,Engineering Manager,Engineering,,2021-03-01,";
const entraUser = (n: string, upn: string, mail: string, alias: string, given: string, family: string) =>
  ({ id: `7d1e0c2a-0000-4000-8000-00000000${n}`, userPrincipalName: upn, mail, proxyAddresses: [`SMTP:${mail}`, `smtp:${alias}`], givenName: given, surname: family, displayName: `${given} ${family}`, employeeId: n, accountEnabled: true, memberOf: [] });

interface Merger { aHr: string[]; bHr: string[]; bHrAuthority?: string; entra?: boolean; links?: string; accounts: Array<[id: string, login: string, anchor: string, name: string, email: string]> }

function merger(m: Merger): string {
  const dir = tempDir("scopesync-merger-");
  for (const sub of ["exports/entra", "identities", "policies/apps", "state"]) mkdirSync(join(dir, sub), { recursive: true });
  const csv = (authority: string) => [`    authoritative: ${authority}`, "    options:", '      exportedAt: "2026-11-26T06:00:00Z"'];
  writeFileSync(join(dir, "scopesync.yaml"), [
    "version: 1", "organisation: acme-globex", "sources:",
    "  a-hr:", "    type: csv", "    path: exports/a-hr.csv", ...csv(HR_AUTHORITY), "      statusValues: { Active: active, Leave: suspended, Terminated: terminated }",
    "  b-hr:", "    type: csv", "    path: exports/b-hr.tsv", ...csv(m.bHrAuthority ?? HR_AUTHORITY),
    "      columns: { externalId: Employee_ID, employeeId: Employee_ID, userName: User_Name, givenName: Legal_First_Name, familyName: Legal_Last_Name, email: Primary_Work_Email, status: Worker_Status, employmentType: Worker_Type, title: Business_Title, department: Cost_Center, manager: Manager_ID, hireDate: Hire_Date, terminationDate: Termination_Date }",
    "      statusValues: { Active: active, On Leave: suspended, Terminated: terminated }",
    ...(m.entra ? ["  entra:", "    type: entra", "    path: exports/entra/users.json", "    authoritative: [groups]", '    options: { exportedAt: "2026-11-26T06:00:00Z", disabledMeans: terminated }'] : []),
    `correlation: { keys: [anchor, employeeId, email], precedence: [a-hr, b-hr${m.entra ? ", entra" : ""}] }`,
    "targets:", "  wiki: { type: file, path: state/wiki.json }", "",
  ].join("\n"));
  writeFileSync(join(dir, "exports/a-hr.csv"), `${[A_HEADER, ...m.aHr].join("\n")}\n`);
  writeFileSync(join(dir, "exports/b-hr.tsv"), `${[B_HEADER, ...m.bHr].join("\n")}\n`);
  if (m.entra) {
    const value = [entraUser("1041", "lee.park@globex.example", "lee.park@globex.example", "lee.park@acme.example", "Lee", "Park"), entraUser("1060", "cwong@globex.example", "chris.wong@globex.example", "chris.wong@acme.example", "Chris", "Wong")];
    writeFileSync(join(dir, "exports/entra/users.json"), JSON.stringify({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "@odata.count": value.length, value }));
  }
  if (m.links) writeFileSync(join(dir, "identities/links.yaml"), m.links);
  writeFileSync(join(dir, "policies/apps/wiki.yaml"), ["kind: AppPolicy", "id: wiki", "target: wiki", "scope: { include: [ { kinds: [person] } ] }", "accounts:", "  login: userName", "  onSuspended: disable", "  attributes: { displayName: { from: displayName }, email: { from: email } }", "entitlements: []", "onLeaveScope: disable", "unmanagedAccounts: report", ""].join("\n"));
  const accounts = m.accounts.map(([id, login, anchor, name, email]) => ({ id, login, externalId: anchor, active: true, attributes: { displayName: name, email }, entitlements: [] }));
  writeFileSync(join(dir, "state/wiki.json"), JSON.stringify({ formatVersion: 1, accounts, credentials: [] }, null, 2));
  return dir;
}

async function plan(dir: string): Promise<{ code: number; plan: Plan }> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  return { code: r.code, plan: JSON.parse(r.stdout) as Plan };
}

describe("two HR books of record disagree on a person's status (rv100 H1)", () => {
  const DANA_ENDED = "C2001,dana.cho,Dana,Cho,dana.cho@globex.example,Terminated,Contractor,Integration Consultant,Engineering,W1001,2026-06-01,2026-11-20";
  const danaAt = (status: string) => `1042\tdana.cho\tDana\tCho\tdana.cho@globex.example\t${status}\tEmployee\tData Engineer\tData\t1041\t2020-05-04\t`;
  const accounts: Merger["accounts"] = [["b2", "dana.cho", "b-hr:1042", "Dana Cho", "dana.cho@globex.example"]];
  // Globex's ids are its own numbering, Acme's the book of record for employeeId: the records join by e-mail alone.
  const bHrAuthority = "[name, department, title, manager, employmentType, status, hireDate, terminationDate]";
  const onDana = (p: Plan) => p.changes.filter((c) => c.identity === "dana.cho").map((c) => c.action);

  it("keeps the employment still active, and its attributes, with a warning naming both records and how to settle it", async () => {
    const dir = merger({ aHr: [ALEX, DANA_ENDED], bHr: [LEE, danaAt("Active")], bHrAuthority, accounts });
    const { plan: p } = await plan(dir);
    expect(onDana(p)).toEqual([]);
    const found = p.findings.filter((f) => f.rule === "status-authorities-disagree");
    expect(found.map((f) => [f.severity, f.identity, f.location])).toEqual([["warning", "dana.cho", "a-hr exports/a-hr.csv row 2 (line 3)"]]);
    expect(found[0]!.message).toBe('status: b-hr says "active", a-hr says "terminated", and both are authoritative for status (two employments: b-hr:1042 and a-hr:C2001); kept "active" from b-hr, the status that keeps the most access, because a person one book of record still employs has not left');
    expect(found[0]!.remediation).toContain("links: [{ records: [b-hr:1042, a-hr:C2001], reason: … }]");
    const shown = await runCli(["identities", "--repo", dir, "--format", "json", "--now", NOW]);
    const dana = (JSON.parse(shown.stdout) as { identities: Array<{ id: string; status: string; attributes: Record<string, unknown>; provenance: Record<string, { source: string; rule?: string }> }> }).identities.find((i) => i.id === "dana.cho")!;
    // The ended contract's title and leaving date are not the Globex employment's.
    expect([dana.status, dana.attributes.title, dana.attributes.terminationDate]).toEqual(["active", "Data Engineer", undefined]);
    expect(dana.provenance.status).toMatchObject({ source: "b-hr", rule: 'authoritative: b-hr; of the books of record for status, the employment that keeps the most access (a-hr says "terminated")' });
    const explained = await runCli(["explain", "dana.cho", "--repo", dir, "--now", NOW]);
    expect(explained.stdout).toContain('status = active    from b-hr exports/b-hr.tsv row 2 (line 3) (authoritative: b-hr; of the books of record for status, the employment that keeps the most access (a-hr says "terminated"))');
  });

  it("on leave in one book of record and terminated in the other is on leave: suspended, never offboarded as a leaver", async () => {
    const { plan: p } = await plan(merger({ aHr: [ALEX, DANA_ENDED], bHr: [LEE, danaAt("On Leave")], bHrAuthority, accounts }));
    expect(onDana(p)).toEqual(["disable-account"]);
    expect(p.changes.find((c) => c.identity === "dana.cho")!.reason).not.toMatch(/left the organisation/);
    expect(p.findings.filter((f) => f.rule === "status-authorities-disagree").map((f) => [f.severity, f.message.replace(/,.*kept/, " … kept")])).toEqual([["warning", 'status: b-hr says "suspended" … kept "suspended" from b-hr, the status that keeps the most access, because on leave in one employment is not a leaving: suspended as each app\'s accounts.onSuspended says, never offboarded']]);
  });

  it("once a links entry names both records, the disagreement is said at info and she stays", async () => {
    const links = "kind: Links\nlinks:\n  - records: [a-hr:C2001, b-hr:1042]\n    reason: Dana's Acme contract ended; she stays a Globex employee (IT-7001).\n";
    // With both authoritative for employeeId (C2001 and 1042), the link is what joins them at all (H2).
    const { code, plan: p } = await plan(merger({ aHr: [ALEX, DANA_ENDED], bHr: [LEE, danaAt("Active")], links, accounts }));
    expect(code).toBe(0);
    expect(onDana(p)).toEqual([]);
    expect(p.findings.filter((f) => f.rule === "status-authorities-disagree").map((f) => [f.severity, f.message.replace(/^.*\(one person/, "(one person")])).toEqual([["info", "(one person by the reviewed links entry at identities/links.yaml:3)"]]);
  });
});

describe("an e-mail alias joins records of two books of record for employee ids (rv100 H2)", () => {
  const CHRIS_ACME = "W1020,chris.wong,Chris,Wong,chris.wong@acme.example,Active,Employee,Sales Director,Sales,W1001,2019-04-01,";
  const CHRIS_GLOBEX = "1060\tcwong\tChris\tWong\tchris.wong@globex.example\tActive\tEmployee\tSite Reliability Engineer\tPlatform\t1041\t2021-08-02\t";
  const accounts: Merger["accounts"] = [["b5", "cwong", "b-hr:1060", "Chris Wong", "chris.wong@globex.example"]];
  const pair = (links?: string) => merger({ aHr: [ALEX, CHRIS_ACME], bHr: [LEE, CHRIS_GLOBEX], entra: true, accounts, ...(links ? { links } : {}) });

  it("are kept apart and block those identities, naming both records, both ids, what joined them and the links line", async () => {
    const { code, plan: p } = await plan(pair());
    expect(code).toBe(3);
    // Before: update-account b5 login cwong → chris.wong, e-mail → chris.wong@acme.example.
    expect(p.changes.filter((c) => c.account === "b5")).toEqual([]);
    const found = p.findings.filter((f) => f.rule === "correlation-conflict");
    expect(found.map((f) => [f.severity, f.location])[0]).toEqual(["error", "a-hr exports/a-hr.csv row 2 (line 3); b-hr exports/b-hr.tsv row 2 (line 3)"]);
    expect(found[0]!.message).toContain('records a-hr:W1020 and b-hr:1060 give different employee ids ("W1020" and "1060"), and a-hr and b-hr are both authoritative for employeeId');
    expect(found[0]!.message).toContain('email "chris.wong@acme.example" matches a-hr:W1020 and entra:7d1e0c2a-0000-4000-8000-000000001060');
    expect(found[0]!.remediation).toContain("links: [{ records: [a-hr:W1020, b-hr:1060], reason: … }]");
    expect(p.findings.filter((f) => f.severity === "error" && f.rule !== "correlation-conflict")).toEqual([]);
  });

  it("a separate entry keeps Globex's Chris on his own identity and his account as it is", async () => {
    const links = "kind: Links\nseparate:\n  - records: [a-hr:W1020, b-hr:1060]\n    reason: two Chris Wongs, one at each company (IT-7002).\n";
    const { code, plan: p } = await plan(pair(links));
    expect(code).toBe(0);
    expect(p.changes.filter((c) => c.account === "b5")).toEqual([]);
    expect(p.changes.filter((c) => c.action === "create-account").map((c) => c.login)).toEqual(["alex.doe", "chris.wong", "lee.park"]);
  });

  it("a reviewed transfer (a links entry naming both records) is one person, and the account follows them", async () => {
    const links = "kind: Links\nlinks:\n  - records: [a-hr:W1020, b-hr:1060]\n    reason: Chris moved from Globex to Acme (IT-7003).\n";
    const { plan: p } = await plan(pair(links));
    expect(p.findings.filter((f) => f.rule === "correlation-conflict")).toEqual([]);
    expect(p.changes.filter((c) => c.account === "b5").map((c) => [c.action, c.identity])).toEqual([["update-account", "chris.wong"]]);
  });
});
