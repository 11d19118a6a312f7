// An Active Directory export written as CSV (`Get-ADUser | Export-Csv`, `csvde`) is a directory,
// not an HR book of record, whatever its file type. Counted as one beside the HR export, both
// authoritative for status, "the employment that keeps the most access" kept an HR leaver whom AD
// still showed enabled active, with every account. Its mapped AD columns (terminationDate:
// accountExpires, which the csv source requires of an AD export) now make it a directory: HR,
// first in precedence, decides. The file's columns decide, not the names the config maps: an HR
// report that calls a contract's end "accountExpires" stays a book of record (rv108 H1).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();

function repo(): string {
  const root = tempDir("scopesync-ad-csv-");
  writeFileSync(join(root, "scopesync.yaml"), [
    "version: 1", "organisation: f190", "sources:",
    "  hr:", "    type: csv", "    path: hr.csv", "    authoritative: [name, status, employeeId]", "    options: { exportedAt: \"2026-11-26T06:00:00Z\" }",
    "  ad:", "    type: csv", "    path: ad.csv", "    authoritative: [status]",
    "    options:", "      exportedAt: \"2026-11-26T06:00:00Z\"",
    "      columns: { externalId: objectGUID, userName: sAMAccountName, email: mail, employeeId: employeeID, status: userAccountControl, terminationDate: accountExpires, givenName: givenName, familyName: sn }",
    "      statusValues: { \"512\": active, \"514\": terminated }",
    "correlation: { keys: [anchor, employeeId], precedence: [hr, ad] }",
    "targets:", "  app: { type: file, path: state/app.json }", "",
  ].join("\n"));
  writeFileSync(join(root, "hr.csv"), "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus\nW1,ada,Ada,Lovelace,ada@corp.example,Active\nW2,linus,Linus,Torvalds,linus@corp.example,Terminated\n");
  writeFileSync(join(root, "ad.csv"), "objectGUID,sAMAccountName,givenName,sn,mail,employeeID,userAccountControl,accountExpires\n6f1c2b0e-0b1a-4c55-9d3e-1a2b3c4d5e61,ada,Ada,Lovelace,ada@corp.example,W1,512,0\n6f1c2b0e-0b1a-4c55-9d3e-1a2b3c4d5e62,linus,Linus,Torvalds,linus@corp.example,W2,512,0\n");
  return root;
}

describe("a csv source that is an Active Directory export is no book of record", () => {
  it("does not keep an HR leaver active because AD still shows them enabled: HR, first in precedence, decides", async () => {
    const r = await runCli(["identities", "--repo", repo(), "--format", "json", "--now", "2026-11-26T09:00:00Z"]);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { identities: Array<{ id: string; status: string; records: string[] }>; findings?: Array<{ rule: string }> };
    const linus = out.identities.find((i) => i.id === "linus")!;
    expect(linus.records).toHaveLength(2);
    expect(linus.status).toBe("terminated");
    expect((out.findings ?? []).map((f) => f.rule)).not.toContain("status-authorities-disagree");
  });

  it("keeps a contractor HR export whose contract end is a column named accountExpires a book of record: the contract still running keeps the person", async () => {
    const root = tempDir("scopesync-hr-accountexpires-");
    writeFileSync(join(root, "scopesync.yaml"), [
      "version: 1", "organisation: rv108", "sources:",
      "  hr:", "    type: csv", "    path: hr.csv", "    authoritative: [name, status, employeeId]", "    options: { exportedAt: \"2026-11-26T06:00:00Z\" }",
      "  contractors:", "    type: csv", "    path: contractors.csv", "    authoritative: [status]",
      "    options:", "      exportedAt: \"2026-11-26T06:00:00Z\"",
      "      columns: { externalId: ContractorID, userName: Login, givenName: First, familyName: Last, email: Email, status: Status, terminationDate: accountExpires }",
      "correlation: { keys: [anchor, email], precedence: [hr, contractors] }",
      "targets:", "  app: { type: file, path: state/app.json }", "",
    ].join("\n"));
    writeFileSync(join(root, "hr.csv"), "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,TerminationDate\nW1,ada,Ada,Lovelace,ada@corp.example,Active,\nW2,linus,Linus,Torvalds,linus@corp.example,Terminated,2026-10-31\n");
    writeFileSync(join(root, "contractors.csv"), "ContractorID,Login,First,Last,Email,Status,accountExpires\nC7,linus,Linus,Torvalds,linus@corp.example,Active,2027-06-30\n");
    const r = await runCli(["identities", "--repo", root, "--format", "json", "--now", "2026-11-26T09:00:00Z"]);
    const out = JSON.parse(r.stdout) as { identities: Array<{ id: string; status: string; records: string[] }>; findings?: Array<{ rule: string }> };
    const linus = out.identities.find((i) => i.id === "linus")!;
    expect(linus.records).toEqual(["contractors:C7", "hr:W2"]);
    expect(linus.status).toBe("active");
    expect((out.findings ?? []).map((f) => f.rule)).toContain("status-authorities-disagree");
    const v = await runCli(["validate", "--repo", root]);
    expect(v.stderr).not.toContain("Active Directory");
  });
});
