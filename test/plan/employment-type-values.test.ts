// Employment types are free text in every source that exports one: Graph's employeeType
// ("Captures enterprise worker type. For example, Employee, Contractor, Consultant, or Vendor."),
// Okta's profile.userType ("an arbitrary string value"), SCIM userType (RFC 7643 4.1.1: "Typical
// values used might be 'Contractor', 'Employee', 'Intern', 'Temp', 'External', and 'Unknown', but
// any value may be used") and LDAP employeeType (RFC 2798, the same examples). Before, only the csv
// source mapped Workday's "Contingent Worker" to contractor: from Entra, Okta, SCIM or LDIF a
// contingent worker passed a scope that excludes contractor, and "External" did silently.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { oktaUser } from "../helpers/okta-export.js";

const NOW = "2026-11-26T09:00:00Z";
const tempDir = tempDirs();

/** Invented people: login and the export's employment type, as each vendor's export writes it. */
const PEOPLE: ReadonlyArray<[string, string]> = [["ada", "Employee"], ["bo", "Contingent Worker"], ["cy", "Contractor "], ["di", "External"]];

const entraExport = (people: ReadonlyArray<[string, string]>): string => JSON.stringify({
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName,mail,givenName,surname,displayName,accountEnabled,employeeId,employeeType,department,jobTitle,userType)",
  value: people.map(([login, type], i) => ({
    id: `6e7b768e-07e2-4810-8459-485f84f8f20${i}`,
    userPrincipalName: `${login}@corp.example`,
    mail: `${login}@corp.example`,
    givenName: login,
    surname: "Example",
    displayName: `${login} Example`,
    accountEnabled: true,
    employeeId: null,
    employeeType: type,
    department: "Engineering",
    jobTitle: "Engineer",
    userType: "Member",
  })),
});

const oktaExport = (people: ReadonlyArray<[string, string]>): string =>
  JSON.stringify(people.map(([login, type], i) => {
    const user = oktaUser(i + 1, login, "ACTIVE") as { profile: Record<string, unknown> };
    user.profile["userType"] = type;
    return user;
  }));

const scimExport = (people: ReadonlyArray<[string, string]>): string => JSON.stringify({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  totalResults: people.length,
  startIndex: 1,
  itemsPerPage: people.length,
  Resources: people.map(([login, type], i) => ({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    id: `2819c223-7f76-453a-919d-41341628600${i}`,
    userName: login,
    name: { givenName: login, familyName: "Example" },
    emails: [{ value: `${login}@corp.example`, type: "work", primary: true }],
    active: true,
    userType: type,
  })),
});

/** OpenLDAP inetOrgPerson entries as ldapsearch writes them, with the result record it ends a search with. */
const ldifExport = (people: ReadonlyArray<[string, string]>): string =>
  people.map(([login, type], i) => [
    `dn: uid=${login},ou=people,dc=corp,dc=example`,
    "objectClass: inetOrgPerson",
    `uid: ${login}`,
    `cn: ${login} Example`,
    "sn: Example",
    `mail: ${login}@corp.example`,
    `employeeType: ${type}`,
    `entryUUID: 5f1c2a4e-0d3b-4c6a-9e8f-7a6b5c4d3e2${i}`,
    "",
    "",
  ].join("\n")).join("") + "# search result\nsearch: 2\nresult: 0 Success\n";

const SOURCES = {
  entra: { file: "users.json", body: entraExport },
  okta: { file: "users.json", body: oktaExport },
  scim: { file: "users.json", body: scimExport },
  ldif: { file: "people.ldif", body: ldifExport },
} as const;
type SourceType = keyof typeof SOURCES;

function repo(type: SourceType, options: string, exclude: string, people: ReadonlyArray<[string, string]> = PEOPLE): string {
  const dir = tempDir(`scopesync-employment-type-${type}-`);
  for (const sub of ["policies/apps", "identities", "state", "exports"]) mkdirSync(join(dir, sub), { recursive: true });
  const { file, body } = SOURCES[type];
  writeFileSync(join(dir, "scopesync.yaml"), [
    "version: 1",
    "organisation: test",
    "sources:",
    "  idp:",
    `    type: ${type}`,
    `    path: exports/${file}`,
    "    authoritative: [name, employmentType, status]",
    "    gates: { required: [externalId, userName, status] }",
    `    options: { ${type === "okta" ? "pages: single, " : ""}exportedAt: "2026-11-26T06:00:00Z"${options} }`,
    "targets:",
    "  app: { type: file, path: state/app.json }",
    "",
  ].join("\n"));
  writeFileSync(join(dir, "policies/apps/app.yaml"), [
    "kind: AppPolicy",
    "id: app",
    "target: app",
    "description: Customer data, for employees only.",
    "scope:",
    "  include: [ { kinds: [person] } ]",
    `  exclude: [ { where: { employmentType: ${exclude} } } ]`,
    "accounts: { login: userName }",
    "",
  ].join("\n"));
  writeFileSync(join(dir, `exports/${file}`), body(people));
  writeFileSync(join(dir, "state/app.json"), JSON.stringify({ formatVersion: 1, target: "app", readAt: "2026-11-26T06:00:00Z", accounts: [] }));
  return dir;
}

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Plan;
}

/** Who gets an account: the logins the plan creates, the local part of each identity's name. */
const created = (p: Plan): string[] => p.changes.filter((c) => c.action === "create-account").map((c) => c.identity.replace(/@.*/, "")).sort();

describe.each(Object.keys(SOURCES) as SourceType[])("employmentTypeValues of a %s source", (type) => {
  it("maps Contingent Worker to contractor by default, so a scope excluding contractor excludes them; the export's other words are kept", async () => {
    // Before: bo ("contingent worker") was given an account.
    expect(created(await plan(repo(type, "", "contractor")))).toEqual(["ada", "di"]);
  });

  it("maps the organisation's own words as the option says (replacing the default)", async () => {
    const p = await plan(repo(type, ", employmentTypeValues: { external: Contractor, Contingent Worker: contractor }", "contractor"));
    // Before: the option was refused as unknown (only csv took it).
    expect(created(p)).toEqual(["ada"]);
  });
});

describe("where-value-unmatched for an employment type", () => {
  // Identities hold employee, contractor and external; a policy names contractor and vendor.
  const people: ReadonlyArray<[string, string]> = [["ada", "Employee"], ["cy", "Contractor"], ["di", "External"]];
  const warning = 'app policy app\'s scope.exclude: no identity has employmentType "vendor", so this value matches nobody, while identities hold employmentType "external", which no policy names';

  it("names a value no identity holds beside values that match, while identities hold values no policy names (plan and validate)", async () => {
    const dir = repo("okta", "", "[contractor, vendor]", people);
    const p = await plan(dir);
    // Before: nothing: "vendor" beside "contractor" was taken as meant, and "external" went unnoticed.
    expect(p.findings.filter((f) => f.rule === "where-value-unmatched").map((f) => [f.severity, f.location, f.message, f.remediation])).toEqual([
      ["warning", "policies/apps/app.yaml:7", warning, 'if a value held is what "vendor" means, map it to that with options.employmentTypeValues of the sources that export it (docs/formats.md); a value held that is meant as it is can be named in a policy'],
    ]);
    const v = await runCli(["validate", "--repo", dir, "--now", NOW]);
    expect(v.stderr).toContain(`policies/apps/app.yaml:7:25: warning: ${warning} (finding where-value-unmatched)`);
  });

  it("says which values no policy names beside a value no one holds", async () => {
    const p = await plan(repo("okta", "", "contractor", [["ada", "Employee"], ["di", "External"]]));
    // Before: the value was named, but not "external", the export's word for it.
    expect(p.findings.filter((f) => f.rule === "where-value-unmatched").map((f) => f.message)).toEqual([
      'app policy app\'s scope.exclude: no identity has employmentType "contractor", so this value matches nobody, while identities hold employmentType "external", which no policy names',
    ]);
    // Every value held named by some policy: the value beside them is taken as meant, as before.
    const named = await plan(repo("okta", "", "[contractor, vendor]", [["ada", "Contractor"]]));
    expect(named.findings.filter((f) => f.rule === "where-value-unmatched")).toEqual([]);
  });
});
