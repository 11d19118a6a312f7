// Organisations recycle a leaver's e-mail address and login (first.last, jsmith), and keep the
// leaver's Active Directory account for retention: disabled, still exported with the address and
// with its groups. HR drops the leaver's row (W100) and hires W230, who is given the address.
// Correlation merges the leaver's AD record with the new hire. Before, that record (with the
// name, which the same conventions share) made a same-name stranger the leaver "rehired": the
// leaver's app account enabled for them. And a new hire with another name silently got the leaver's
// directory groups (a payment-approver birthright). Now the leaver's record and what it gives pass
// to another person only on evidence: a reviewed `links` entry, or a directory record in use (or
// carrying the new worker id).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-11-26T09:00:00Z";
const AD_LEAVER = "ad:3f1c2a10-0000-4000-8000-00000000a100";

const config = `version: 1
organisation: acme
sources:
  hr:
    type: csv
    path: exports/hr.csv
    authoritative: [name, department, title, manager, employmentType, status, employeeId, hireDate, terminationDate]
    gates: { required: [externalId, userName, status] }
    options: { exportedAt: "2026-11-26T06:00:00Z" }
  ad:
    type: ldif
    path: exports/ad.ldif
    authoritative: [groups]
    options: { exportedAt: "2026-11-26T05:30:00Z" }
correlation:
  keys: [anchor, employeeId, email]
  precedence: [hr, ad]
targets:
  crm: { type: file, path: state/crm.json }
`;

const crmPolicy = `kind: AppPolicy
id: crm
target: crm
scope:
  include:
    - kinds: [person]
accounts:
  login: userName
entitlements:
  - group: approvers
    entitlement: group:payment-approvers
onLeaveScope: disable
unmanagedAccounts: report
`;

const approvers = `kind: Group
id: approvers
owners: [ana.ruiz]
birthright:
  - kinds: [person]
    where: { groups: Payment-Approvers }
`;

const HR_HEADER = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";
const ANA_ROW = "W050,ana.ruiz,Ana,Ruiz,ana.ruiz@acme.example,Active,Employee,Head of Sales,Sales,,2019-01-07,";
const LEAVER_ROW = "W100,jsmith,John,Smith,john.smith@acme.example,Terminated,Employee,Account Executive,Sales,W050,2021-09-01,2026-10-15";

interface AdEntry { sam: string; given: string; family: string; employeeId: string; guid: string; uac: number; ou: string; groups?: string[] }

/**
 * An entry of Active Directory's export as ldapsearch writes it without -L (adExport gives the file
 * the search result that proves it whole, as the test is not about that). userAccountControl 512 is ADS_UF_NORMAL_ACCOUNT (0x200); 514 adds
 * ADS_UF_ACCOUNTDISABLE (0x2), "The account is disabled" (MS-DRSR 5.16 userAccountControl bits,
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-drsr/ed5db046-d9f7-4da4-884c-e14b6bcf5471).
 * objectGUID is the GUID's 16 bytes, base64 (`::`). Disabling an account leaves its memberOf.
 */
function adEntry(e: AdEntry): string {
  const memberOf = (e.groups ?? []).map((g) => `memberOf: CN=${g},OU=Groups,DC=acme,DC=example\n`).join("");
  return `dn: CN=${e.given} ${e.family},OU=${e.ou},DC=acme,DC=example
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: user
cn: ${e.given} ${e.family}
givenName: ${e.given}
sn: ${e.family}
displayName: ${e.given} ${e.family}
sAMAccountName: ${e.sam}
userPrincipalName: ${e.sam}@acme.example
mail: ${e.given.toLowerCase()}.${e.family.toLowerCase()}@acme.example
employeeID: ${e.employeeId}
${memberOf}objectGUID:: ${e.guid}
userAccountControl: ${e.uac}
accountExpires: 9223372036854775807

`;
}

/** The entries, then the record ldapsearch ends a successful search with (src/sources/ldif/search-results.ts). */
const adExport = (...entries: string[]): string => `${entries.join("")}# search result\nsearch: 2\nresult: 0 Success\n`;

const ana = adEntry({ sam: "ana.ruiz", given: "Ana", family: "Ruiz", employeeId: "W050", guid: "ECocPwAAAECAAAAAAACgUA==", uac: 512, ou: "Users" });
/** The leaver's AD account as IT leaves it: disabled, moved, still in Payment-Approvers. */
const leaverAd = (over: Partial<AdEntry> = {}): string => adEntry({ sam: "jsmith", given: "John", family: "Smith", employeeId: "W100", guid: "ECocPwAAAECAAAAAAAChAA==", uac: 514, ou: "Disabled Users", groups: ["Payment-Approvers"], ...over });

/**
 * The repository after John Smith (W100) left: his CRM account disabled and marked hr:W100, a
 * snapshot accepted with his HR row terminated and his AD account disabled. Then HR drops his row
 * and exports `newHire`; AD exports `adToday` for him.
 */
async function afterTheLeaver(newHire: string, adToday = leaverAd(), links?: string): Promise<string> {
  const dir = tempDir("scopesync-recycled-");
  for (const d of ["exports", "identities/groups", "policies/apps", "state"]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "scopesync.yaml"), config);
  writeFileSync(join(dir, "policies/apps/crm.yaml"), crmPolicy);
  writeFileSync(join(dir, "identities/groups/approvers.yaml"), approvers);
  const crm = { formatVersion: 1, accounts: [
    { id: "a1", login: "ana.ruiz", externalId: "hr:W050", active: true, attributes: {}, entitlements: [] },
    { id: "a2", login: "jsmith", externalId: "hr:W100", active: false, attributes: {}, entitlements: [], disabledAt: "2026-10-16T09:00:00Z" },
  ], credentials: [] };
  writeFileSync(join(dir, "state/crm.json"), JSON.stringify(crm));
  writeFileSync(join(dir, "exports/hr.csv"), [HR_HEADER, ANA_ROW, LEAVER_ROW, ""].join("\n"));
  writeFileSync(join(dir, "exports/ad.ldif"), adExport(ana, leaverAd()));
  const accepted = await runCli(["snapshot", "--repo", dir, "--now", "2026-10-16T09:00:00Z"]);
  expect(accepted.code, accepted.stderr).toBe(0);
  writeFileSync(join(dir, "exports/hr.csv"), [HR_HEADER, ANA_ROW, newHire, ""].join("\n"));
  writeFileSync(join(dir, "exports/ad.ldif"), adExport(ana, adToday));
  if (links !== undefined) writeFileSync(join(dir, "identities/links.yaml"), links);
  return dir;
}

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const changes = (p: Plan): string[] => p.changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`);
const errors = (p: Plan): string[] => p.findings.filter((f) => f.severity === "error").map((f) => `${f.rule} ${f.identity}`);

const SAME_NAME = "W230,jsmith,John,Smith,john.smith@acme.example,Active,Employee,Sales Engineer,Sales,W050,2026-11-23,";
const OTHER_NAME = "W230,jsmyth,Jon,Smyth,john.smith@acme.example,Active,Employee,Sales Engineer,Sales,W050,2026-11-23,";

describe("a new hire given a leaver's recycled login and address", () => {
  it("with the leaver's name is no rehire: the leaver's disabled AD record with another worker id is no evidence; login-reused, and the old account stays shut", async () => {
    const p = await plan(await afterTheLeaver(SAME_NAME));
    expect(p.findings.filter((f) => f.rule === "anchor-changed")).toEqual([]);
    expect(changes(p)).toEqual([]);
    expect(errors(p)).toEqual(["login-reused jsmith", "split-record-moved jsmith"]);
    expect(p.blocked).toBe(true);
    const reused = p.findings.find((f) => f.rule === "login-reused")!;
    expect(reused.message).toContain(`(${AD_LEAVER}, merged with hr:W100 then, is switched off in its source without hr:W230's employee id: a leaver's record, which a recycled address joins to a new hire, is no evidence)`);
    expect(reused.remediation).toContain("links: [{ records: [hr:W230, hr:W100], reason: … }]");
  });

  it("with the leaver's name is a rehire once a reviewed links entry says so: the old account is theirs again", async () => {
    const p = await plan(await afterTheLeaver(SAME_NAME, leaverAd(), "kind: Links\nlinks:\n  - records: [hr:W230, hr:W100]\n    reason: rehired under a new worker id\n"));
    expect(errors(p)).toEqual([]);
    expect(changes(p)).toEqual(["enable-account jsmith", "update-account jsmith", "grant jsmith group:payment-approvers"]);
    expect(p.findings.filter((f) => f.rule === "anchor-changed").map((f) => f.identity)).toEqual(["jsmith"]);
  });

  // A genuine rehire whose directory agrees needs no decision, as before.
  it.each([
    ["re-enabled in AD", leaverAd({ uac: 512, ou: "Users" })],
    ["still disabled in AD, but given the new worker id there", leaverAd({ employeeId: "W230" })],
  ])("with the leaver's name and their AD account %s is the leaver rehired, as before", async (_, adToday) => {
    const p = await plan(await afterTheLeaver(SAME_NAME, adToday));
    expect(errors(p)).toEqual([]);
    expect(changes(p)).toEqual(["enable-account jsmith", "update-account jsmith", "grant jsmith group:payment-approvers"]);
    expect(p.findings.filter((f) => f.rule === "anchor-changed").map((f) => f.identity)).toEqual(["jsmith"]);
  });

  it("with another name does not inherit the leaver's AD record and its groups: split-record-moved names both, and the new hire is not planned", async () => {
    const p = await plan(await afterTheLeaver(OTHER_NAME));
    expect(changes(p)).toEqual([]);
    expect(errors(p)).toEqual(["split-record-moved jsmyth"]);
    expect(p.blocked).toBe(true);
    const moved = p.findings.find((f) => f.rule === "split-record-moved")!;
    expect(moved.message).toContain(`jsmyth (hr:W230) is not planned: ${AD_LEAVER} was part of jsmith (hr:W100, John Smith) in the last accepted snapshot, hr:W100 is no longer in "hr"`);
    expect(moved.message).toContain("(switched off in ad, without hr:W230's employee id: a leaver's)");
    expect(moved.remediation).toContain(`separate: [{ records: [hr:W230, ${AD_LEAVER}], reason: … }]`);
    expect(moved.location).toBe("hr exports/hr.csv row 2 (line 3)");
  });

  it("with another name: a separate entry keeps the record the leaver's (the new hire a joiner without its groups); a links entry gives it to them", async () => {
    const separate = await plan(await afterTheLeaver(OTHER_NAME, leaverAd(), `kind: Links\nseparate:\n  - records: [hr:W230, "${AD_LEAVER}"]\n    reason: the address was recycled\n`));
    expect(errors(separate)).toEqual([]);
    expect(changes(separate)).toEqual(["create-account jsmyth"]);
    const linked = await plan(await afterTheLeaver(OTHER_NAME, leaverAd(), `kind: Links\nlinks:\n  - records: [hr:W230, "${AD_LEAVER}"]\n    reason: IT handed the account over\n`));
    expect(errors(linked)).toEqual([]);
    expect(changes(linked)).toEqual(["create-account jsmyth", "grant jsmyth group:payment-approvers"]);
  });
});
