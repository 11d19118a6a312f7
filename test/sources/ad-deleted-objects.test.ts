// An Active Directory deleted object in an export (rv68 #5). With the Recycle Bin on, a deleted
// user keeps every attribute (userAccountControl 512 included) and moves to CN=Deleted Objects with
// isDeleted TRUE and its RDN mangled to "<name>\nDEL:<objectGUID>"; a search returns it only with
// the Show Deleted control. Deleting the account is AD's last leaver step: read as present, the
// leaver kept every account. It is left out, so that absence decides, and an info says so.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import type { Plan } from "../../src/plan/plan.js";
import { ldifSource } from "../../src/sources/ldif/index.js";
import { adEntry, adLdifContext, guidBytes, ldapsearchResult, type AdUser } from "../helpers/ad-ldif.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const ana: AdUser = { sam: "aalves", given: "Ana", family: "Alves", guid: "11111111-1111-4111-8111-111111111111", uac: 512, ou: "Staff" };
const BO_GUID = "22222222-2222-4222-8222-222222222222";

/** Bo's deleted object as AD returns it with the Recycle Bin on; `isDeleted: false` leaves that attribute out (only the mangled DN tells). */
function deletedBo(isDeleted = true): string {
  const dn = `CN=Bo Berg\nDEL:${BO_GUID},CN=Deleted Objects,DC=contoso,DC=example`;
  return [
    `dn:: ${Buffer.from(dn).toString("base64")}`,
    "objectClass: top", "objectClass: person", "objectClass: organizationalPerson", "objectClass: user",
    `cn:: ${Buffer.from(`Bo Berg\nDEL:${BO_GUID}`).toString("base64")}`,
    `objectGUID:: ${guidBytes(BO_GUID)}`,
    "userAccountControl: 512", "accountExpires: 9223372036854775807", "sAMAccountName: bberg",
    ...(isDeleted ? ["isDeleted: TRUE", "isRecycled: TRUE"] : []),
    "lastKnownParent: OU=Staff,DC=contoso,DC=example", "",
  ].join("\n");
}

const exportOf = (entries: string[]) => ldapsearchResult("DC=contoso,DC=example", "(&(objectCategory=person)(objectClass=user))", entries);

describe("ldif: Active Directory deleted objects", () => {
  it.each([
    ["isDeleted TRUE", true],
    ["a name mangled for deletion, in an export without isDeleted", false],
  ])("leaves out a deleted user (%s) and says so in an info", async (_what, isDeleted) => {
    const findings: Finding[] = [];
    const records = await ldifSource.read({ ...adLdifContext(exportOf([adEntry(ana), deletedBo(isDeleted)])), warn: (f) => findings.push(f) });
    expect(records.map((r) => r.userName)).toEqual(["aalves"]);
    expect(findings).toEqual([
      {
        rule: "source-deleted-objects",
        severity: "info",
        message: 'source "ad": 1 deleted Active Directory object (isDeleted TRUE: read with the Show Deleted control) left out, so that it counts as absent: ad.ldif entry 2 (line 25) (login "bberg")',
        remediation: expect.stringContaining("Show Deleted control (1.2.840.113556.1.4.417)"),
        location: "ad.ldif entry 2 (line 25)",
      },
    ]);
  });

  it("a plan from a whole export offboards the deleted user's account as no longer in the source", async () => {
    const dir = tempDir("scopesync-ad-deleted-");
    for (const d of ["exports", "policies/apps", "state"]) mkdirSync(join(dir, d), { recursive: true });
    writeFileSync(join(dir, "scopesync.yaml"), `version: 1
organisation: contoso
sources:
  ad: { type: ldif, path: exports/ad.ldif, options: { exportedAt: "2026-11-26T06:00:00Z" } }
correlation:
  keys: [anchor, employeeId, email]
targets:
  wiki: { type: file, path: state/wiki.json }
`);
    writeFileSync(join(dir, "exports/ad.ldif"), exportOf([adEntry(ana), deletedBo()]));
    writeFileSync(join(dir, "policies/apps/wiki.yaml"), "kind: AppPolicy\nid: wiki\ntarget: wiki\nscope:\n  include:\n    - kinds: [person]\naccounts:\n  login: userName\nonLeaveScope: disable\n");
    const account = (id: string, login: string, guid: string) => ({ id, login, externalId: `ad:${guid}`, active: true, attributes: {}, entitlements: [] });
    writeFileSync(join(dir, "state/wiki.json"), JSON.stringify({ formatVersion: 1, target: "wiki", accounts: [account("w1", "aalves", ana.guid), account("w2", "bberg", BO_GUID)] }));
    const run = await runCli(["plan", "--repo", dir, "--now", "2026-11-26T09:00:00Z", "--format", "json"]);
    const plan = JSON.parse(run.stdout) as Plan;
    expect(plan.changes.map((c) => [c.action, c.login])).toEqual([["disable-account", "bberg"]]);
    expect(plan.changes[0]!.reason).toContain('is no longer in source "ad"');
    expect(plan.findings.map((f) => f.rule)).toContain("source-deleted-objects");
  });
});
