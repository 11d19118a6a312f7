// Which credentials of an account that keeps its identity are revoked: the pure decision, at its edges.
import { describe, expect, it } from "vitest";
import type { AppPolicyDoc, CredentialDoc } from "../../src/model/documents.js";
import type { TargetCredential } from "../../src/model/target-state.js";
import { governCredentials } from "../../src/plan/credential-governance.js";

const NOW = Date.parse("2026-11-26T09:00:00Z");
const policy = (credentials?: AppPolicyDoc["credentials"]): AppPolicyDoc =>
  ({ kind: "AppPolicy", id: "aws", target: "aws", scope: { include: [] }, accounts: { login: "awsUser", onSuspended: "disable", preStart: "0" }, onLeaveScope: "disable", deleteGracePeriod: "30d", unmanagedAccounts: "report", ...(credentials ? { credentials } : {}) }) as AppPolicyDoc;
const key = (id: string, extra: Partial<TargetCredential> = {}): TargetCredential => ({ id: `access-key:svc:${id}`, account: "AIDA1", type: "access-key", credentialId: id, recordsUse: true, status: "active", createdAt: "2026-01-01T00:00:00Z", ...extra });
const declared = (id: string, target?: string): CredentialDoc => ({ id: id.toLowerCase(), type: "api-key", issuedAt: "2026-01-01", ...(target ? { target } : {}) });
const run = (credentials: TargetCredential[], p: AppPolicyDoc, listed: CredentialDoc[] = []) =>
  governCredentials(credentials, { who: "svc", declared: listed, definedAt: "identities/service-accounts/svc.yaml:1", account: "svc", target: "aws", policy: p, policyAt: "policies/apps/aws.yaml:1", now: NOW });

describe("credential governance", () => {
  it("without a credentials: block in the app policy, nothing is decided", () => {
    expect(run([key("AKIAUNKNOWN000000001")], policy())).toEqual({ revoke: [], findings: [] });
  });

  it("matches declared ids case-insensitively, and only those declared for this target (or for none)", () => {
    const verdicts = run([key("AKIAKEY0000000000001"), key("AKIAKEY0000000000002"), key("AKIAKEY0000000000003")], policy({ unknown: "revoke" }), [declared("AKIAKEY0000000000001"), declared("AKIAKEY0000000000002", "aws"), declared("AKIAKEY0000000000003", "other")]);
    expect(verdicts.revoke.map((v) => v.credential.credentialId)).toEqual(["AKIAKEY0000000000003"]);
    expect(verdicts.revoke[0]!.origin).toBe("drift");
  });

  it("an inactive key is left alone, whatever the policy", () => {
    expect(run([key("AKIAKEY0000000000004", { status: "inactive", lastUsedAt: "2020-01-01T00:00:00Z" })], policy({ unknown: "revoke", revokeUnusedAfter: "1d" }))).toEqual({ revoke: [], findings: [] });
  });

  it("unused: exactly at the limit it goes; a day less it stays; a target that records no use decides nothing", () => {
    const listed = [declared("AKIAKEY0000000000005")];
    const at = (lastUsedAt: string, extra: Partial<TargetCredential> = {}) => run([key("AKIAKEY0000000000005", { lastUsedAt, ...extra })], policy({ unknown: "report", revokeUnusedAfter: "90d" }), listed).revoke.length;
    expect(at("2026-08-28T09:00:00Z")).toBe(1);
    expect(at("2026-08-29T09:00:00Z")).toBe(0);
    expect(at("2020-01-01T00:00:00Z", { recordsUse: false })).toBe(0);
  });

  it("unknown with report: a finding, and the key still goes if it is also unused", () => {
    const verdicts = run([key("AKIAKEY0000000000006", { createdAt: "2026-01-01T00:00:00Z" })], policy({ unknown: "report", revokeUnusedAfter: "90d" }));
    expect(verdicts.findings.map((f) => f.rule)).toEqual(["credential-unknown"]);
    expect(verdicts.revoke.map((v) => v.reason)).toEqual(['unused: access-key AKIAKEY0000000000006 on "svc" was never used since it was made on 2026-01-01, 329 days before this plan, over revokeUnusedAfter: 90d in policies/apps/aws.yaml:1']);
    expect(verdicts.revoke[0]!.origin).toBe("policy");
  });

  it("a key the AWS credential report discovered but the file does not list is unknown: discovery is not review", () => {
    // The report names every key that exists, the one made outside review too. Counting what it
    // reports as listed made unknown: revoke revoke nothing wherever an aws-iam source ran.
    const slot: CredentialDoc = { id: "access_key_1", type: "api-key", issuedAt: "2026-03-04T05:06:07+00:00", discoveredBy: "aws", principal: "svc", status: "active", exportedAt: "2026-11-26T06:00:00Z" };
    const revoked = run([key("AKIAKEY0000000000007", { createdAt: "2026-03-04T05:06:07Z" })], policy({ unknown: "revoke" }), [slot]);
    expect(revoked.revoke.map((v) => v.reason)).toEqual(['unknown credential: aws reports access-key AKIAKEY0000000000007 on "svc", which identities/service-accounts/svc.yaml:1 does not list (credentials.unknown: revoke in policies/apps/aws.yaml:1)']);
    const reported = run([key("AKIAKEY0000000000007", { createdAt: "2026-03-04T05:06:07Z" })], policy({ unknown: "report" }), [slot]);
    expect(reported.findings.map((f) => [f.rule, f.severity])).toEqual([["credential-unknown", "warning"]]);
    // A key made after the export is unknown as well: the next export reporting it would not make it reviewed.
    expect(run([key("AKIAKEY0000000000010", { createdAt: "2026-11-26T07:30:00Z" })], policy({ unknown: "revoke" }), [slot]).revoke).toHaveLength(1);
  });

  it("a discovered key the file lists (listedAs, by AccessKeyId or by its report slot) is known; the other key is not", () => {
    const slot = (n: number, issuedAt: string, listedAs?: string): CredentialDoc => ({ id: `access_key_${n}`, type: "api-key", issuedAt, discoveredBy: "aws", principal: "svc", status: "active", ...(listedAs ? { listedAs } : {}) });
    const keys = [key("AKIAKEY0000000000007", { createdAt: "2026-03-04T05:06:07Z" }), key("AKIAKEY0000000000008", { createdAt: "2026-03-04T05:06:08Z" })];
    // Listed by AccessKeyId (the file's id, which resolve matched to the slot by creation time).
    expect(run(keys, policy({ unknown: "revoke" }), [slot(1, "2026-03-04T05:06:07+00:00", "akiakey0000000000007"), slot(2, "2026-03-04T05:06:08+00:00")]).revoke.map((v) => v.credential.credentialId)).toEqual(["AKIAKEY0000000000008"]);
    // Listed by slot: the report's last_rotated is ListAccessKeys' CreateDate, to the second.
    expect(run(keys, policy({ unknown: "revoke" }), [slot(1, "2026-03-04T05:06:07+00:00", "access_key_1"), slot(2, "2026-03-04T05:06:08+00:00")]).revoke.map((v) => v.credential.credentialId)).toEqual(["AKIAKEY0000000000008"]);
    // The same instant written in YAML (no discoveredBy) proves nothing: a hand-written date is not the report's.
    expect(run([keys[0]!], policy({ unknown: "revoke" }), [{ id: "access_key_1", type: "api-key", issuedAt: "2026-03-04T05:06:07+00:00" }]).revoke.map((v) => v.credential.credentialId)).toEqual(["AKIAKEY0000000000007"]);
  });
});
