// A directory the person signs in through has shut them out (Okta SUSPENDED or DEPROVISIONED, an
// Entra ID user whose sign-in is blocked, a Google Workspace user an administrator suspended)
// while the source that decides status says active: HR still decides, and the plan says so as a
// warning of its own, status-sign-in-blocked, not an info attribute-conflict (rv87 M2). The
// directories' records are read by their adapters from the fixtures' exports.
import { describe, expect, it } from "vitest";
import type { SourceConfig } from "../../src/model/documents.js";
import type { Finding } from "../../src/model/finding.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import { personMerger } from "../../src/resolve/merge-person.js";
import { getSourceAdapter } from "../../src/sources/registry.js";
import { sourceContext } from "../sources/helpers.js";

const exportedAt = { exportedAt: "2026-11-26T06:00:00Z" };
const hr = (status: SourceRecord["status"]): SourceRecord => ({ source: "hr", externalId: "W7", kind: "person", userName: "ada", emails: ["ada@corp.example"], name: {}, status, groups: [], raw: {}, exportedAt: exportedAt.exportedAt, position: "hr.csv row 7 (line 8)" });

async function directory(type: string, path: string, id: string): Promise<SourceRecord> {
  const records = await getSourceAdapter(type).read(sourceContext(type, type, path, exportedAt));
  return records.find((r) => r.externalId === id)!;
}

function merged(type: string, other: SourceRecord, status: SourceRecord["status"] = "active", authoritative: Record<string, string[]> = { hr: ["status"] }): { status: string; findings: Finding[] } {
  const sources: Record<string, SourceConfig> = { hr: { type: "csv", path: "hr.csv", authoritative: authoritative.hr ?? [] }, [other.source]: { type, path: "x", authoritative: authoritative[other.source] ?? [] } };
  const findings: Finding[] = [];
  const person = personMerger({ sources, precedence: ["hr", other.source] })([hr(status), other], findings);
  return { status: person.status, findings: findings.filter((f) => f.message.startsWith("status:")) };
}

describe("HR says active, a directory has shut the person out (rv87 M2)", () => {
  it("Okta DEPROVISIONED and SUSPENDED: a warning naming both sources, their values, Okta's status and both fixes; HR still decides", async () => {
    const dan = await directory("okta", "okta/users.json", "00u1dan0000000000004");
    const { status, findings } = merged("okta", dan);
    expect(status).toBe("active");
    expect(findings).toEqual([{
      rule: "status-sign-in-blocked",
      severity: "warning",
      message: 'status: hr says "active", okta says "terminated" (Okta status DEPROVISIONED: the person can no longer sign in there); kept hr (authoritative: hr), so every app account and entitlement stays',
      remediation: "if the person left, correct the record in hr (the next plan offboards them); if okta decides who may work, make it the authority for status in scopesync.yaml (status in sources.okta.authoritative, and out of sources.hr.authoritative); if okta is wrong, reactivate the user there",
      location: "okta okta/users.json entry 4",
    }]);
    const eve = await directory("okta", "okta/users.json", "00u1eve0000000000003");
    expect(merged("okta", eve).findings.map((f) => [f.rule, f.severity, f.message.split(" (")[1]])).toEqual([["status-sign-in-blocked", "warning", "Okta status SUSPENDED: the person can no longer sign in there); kept hr"]]);
  });

  it("Entra sign-in blocked and a Google administrator's suspension: the same, in the directory's words", async () => {
    const tom = await directory("entra", "entra/sign-in-blocked.json", "22222222-2222-4222-8222-222222222222");
    expect(merged("entra", tom).findings.map((f) => [f.rule, f.message])).toEqual([["status-sign-in-blocked", 'status: hr says "active", entra says "suspended" (disabled in entra (accountEnabled false: sign-in blocked): the person can no longer sign in there); kept hr (authoritative: hr), so every app account and entitlement stays']]);
    const bob = await directory("google", "google/suspensions.json", "104937561234567890002");
    expect(merged("google", bob).findings.map((f) => [f.rule, f.severity])).toEqual([["status-sign-in-blocked", "warning"]]);
  });

  it("stays an info attribute-conflict where no directory shut the person out: Google's own hold, the other way round, an HR-like source", async () => {
    // WEB_LOGIN_REQUIRED: Google asks the user to sign in again, no decision of the organisation's.
    const wes = await directory("google", "google/suspensions.json", "104937561234567890003");
    expect(merged("google", wes).findings.map((f) => [f.rule, f.severity])).toEqual([["attribute-conflict", "info"]]);
    // HR says the person left, Okta still has them active: HR decides, and takes the access away.
    const bob = await directory("okta", "okta/users.json", "00u1bob0000000000002");
    expect(merged("okta", bob, "terminated").findings.map((f) => [f.rule, f.severity])).toEqual([["attribute-conflict", "info"]]);
    // HR's record is of an employment still to come (a conversion entered ahead): Okta's deactivated user is the one before.
    const dan = await directory("okta", "okta/users.json", "00u1dan0000000000004");
    const sources: Record<string, SourceConfig> = { hr: { type: "csv", path: "hr.csv", authoritative: ["status"] }, okta: { type: "okta", path: "x" } };
    const ahead: Finding[] = [];
    personMerger({ sources, precedence: ["hr", "okta"] })([{ ...hr("active"), hireDate: "2026-12-07" }, dan], ahead);
    expect(ahead.filter((f) => f.message.startsWith("status:")).map((f) => [f.rule, f.severity])).toEqual([["attribute-conflict", "info"]]);
    // A second CSV saying terminated is no directory the person signs in through.
    const payroll = { ...hr("terminated"), source: "payroll", position: "payroll.csv row 3 (line 4)" };
    expect(merged("csv", payroll).findings.map((f) => [f.rule, f.severity])).toEqual([["attribute-conflict", "info"]]);
  });

  it("by precedence alone the kept source is named by its rule, and the warning still comes", async () => {
    const dan = await directory("okta", "okta/users.json", "00u1dan0000000000004");
    expect(merged("okta", dan, "active", {}).findings.map((f) => f.message)).toEqual(['status: hr says "active", okta says "terminated" (Okta status DEPROVISIONED: the person can no longer sign in there); kept hr (precedence: hr), so every app account and entitlement stays']);
  });
});
