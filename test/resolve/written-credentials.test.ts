// One AWS key, listed in its NHI's file by AccessKeyId (docs/formats.md "Credentials") and reported
// by the credential report as slot access_key_1 (the report has no AccessKeyId), is one credential:
// the slot made at the key's CreateDate (the file's issuedAt) is that key. It used to count twice
// (two expiry findings, two rows in `nhi report`, one "use not recorded").
import { describe, expect, it } from "vitest";
import type { CredentialDoc, NhiDoc } from "../../src/model/documents.js";
import type { Identity } from "../../src/model/identity.js";
import type { Located } from "../../src/model/located.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import { reconcileNhis } from "../../src/resolve/reconcile-nhis.js";
import { mergeWrittenCredentials } from "../../src/resolve/written-credentials.js";

// As the aws-iam source reads the report's access_key_N_* columns.
const slot = (n: number, lastRotated: string): CredentialDoc => ({ id: `access_key_${n}`, type: "api-key", issuedAt: lastRotated, lastUsedAt: "2026-11-20T02:00:00+00:00", status: "active", principal: "reports-export", discoveredBy: "aws", reportedAt: "aws/credential-report.csv row 2 (line 3)", cannotExpire: "aws-access-key" });
// As a file lists a key: AccessKeyId lower-case, CreateDate from `aws iam list-access-keys`.
const written = (id: string, issuedAt: string, extra: Partial<CredentialDoc> = {}): CredentialDoc => ({ id, type: "api-key", issuedAt, cannotExpire: "aws-access-key", ...extra });

describe("a written AWS key meets the credential report's slot", () => {
  it("by CreateDate to the second: one credential, the system's facts, listed as the file's id with its target", () => {
    const merged = mergeWrittenCredentials([slot(1, "2026-09-03T09:05:00+00:00"), slot(2, "2026-11-03T09:05:00+00:00")], [written("akiaexamplereports01", "2026-09-03T09:05:00Z", { target: "iam" })]);
    expect(merged.map((c) => [c.id, c.listedAs, c.target])).toEqual([["access_key_1", "akiaexamplereports01", "iam"], ["access_key_2", undefined, undefined]]);
    expect(merged[0]!.lastUsedAt).toBe("2026-11-20T02:00:00+00:00");
  });

  it("by a date only, when one slot was made that day; two keys made the same day stay apart (nothing to tell them by)", () => {
    expect(mergeWrittenCredentials([slot(1, "2026-09-03T09:05:00+00:00"), slot(2, "2026-11-03T09:05:00+00:00")], [written("akiaexamplereports02", "2026-11-03")]).map((c) => [c.id, c.listedAs])).toEqual([["access_key_1", undefined], ["access_key_2", "akiaexamplereports02"]]);
    const sameDay = mergeWrittenCredentials([slot(1, "2026-11-03T09:05:00+00:00"), slot(2, "2026-11-03T15:00:00+00:00")], [written("akiaexamplereports01", "2026-11-03")]);
    expect(sameDay.map((c) => [c.id, c.listedAs])).toEqual([["access_key_1", undefined], ["access_key_2", undefined], ["akiaexamplereports01", undefined]]);
    // The full CreateDate tells them apart.
    expect(mergeWrittenCredentials([slot(1, "2026-11-03T09:05:00+00:00"), slot(2, "2026-11-03T15:00:00+00:00")], [written("akiaexamplereports01", "2026-11-03T15:00:00Z")]).map((c) => [c.id, c.listedAs])).toEqual([["access_key_1", undefined], ["access_key_2", "akiaexamplereports01"]]);
  });

  it("a key made at another time (deleted since, or the report is older) stays the file's own; an id that is no AccessKeyId is never matched by time", () => {
    expect(mergeWrittenCredentials([slot(1, "2026-09-03T09:05:00+00:00")], [written("akiaexamplereports09", "2026-10-01T00:00:00Z")]).map((c) => c.id)).toEqual(["access_key_1", "akiaexamplereports09"]);
    expect(mergeWrittenCredentials([slot(1, "2026-09-03T09:05:00+00:00")], [written("deploy-token", "2026-09-03T09:05:00Z")]).map((c) => [c.id, c.listedAs])).toEqual([["access_key_1", undefined], ["deploy-token", undefined]]);
  });

  it("an Entra secret listed by keyId is replaced by the discovered one and stays listed; a second source's credential of that id keeps the listing", () => {
    const secret: CredentialDoc = { id: "2f4e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e01", type: "oauth-client", issuedAt: "2026-02-03T10:00:00Z", status: "active", discoveredBy: "entra-apps", principal: "applications/7c1e0d2a-4b3f-4e5d-9a8b-1c2d3e4f5a01" };
    const first = mergeWrittenCredentials([secret], [{ id: secret.id, type: "oauth-client", issuedAt: "2026-02-03", target: "entra" }]);
    expect(first.map((c) => [c.id, c.listedAs, c.target, c.discoveredBy])).toEqual([[secret.id, secret.id, "entra", "entra-apps"]]);
    const again = mergeWrittenCredentials([{ ...secret, discoveredBy: "entra-apps-2" }], first);
    expect(again.map((c) => [c.id, c.listedAs, c.target, c.discoveredBy])).toEqual([[secret.id, secret.id, "entra", "entra-apps-2"]]);
  });

  it("another account's slot of the same name is another key: both stay, each with its account; the same account's slot is replaced", () => {
    // Two aws-iam sources, one credential report per account: access_key_1 in each (rv56 finding 1).
    const prod: CredentialDoc = { ...slot(1, "2026-08-01T10:05:00+00:00"), discoveredBy: "aws-prod", idScope: "arn:aws:iam::111111111111:user/deployer" };
    const dev: CredentialDoc = { ...slot(1, "2026-08-03T10:05:00+00:00"), discoveredBy: "aws-dev", idScope: "arn:aws:iam::222222222222:user/deployer" };
    const both = mergeWrittenCredentials([dev], mergeWrittenCredentials([prod], []));
    expect(both.map((c) => [c.id, c.discoveredBy, c.issuedAt])).toEqual([["access_key_1", "aws-dev", "2026-08-03T10:05:00+00:00"], ["access_key_1", "aws-prod", "2026-08-01T10:05:00+00:00"]]);
    // Another IAM user of the same account (a file that claims two users) keeps its own slot too.
    const other: CredentialDoc = { ...prod, idScope: "arn:aws:iam::111111111111:user/deployer-2" };
    expect(mergeWrittenCredentials([other], [prod])).toHaveLength(2);
    // The same account's report read again (its slot, its user): one key.
    expect(mergeWrittenCredentials([{ ...prod, discoveredBy: "aws-prod-2" }], [prod]).map((c) => c.discoveredBy)).toEqual(["aws-prod-2"]);
  });

  it("a token Secret of the same name in another cluster is another token; a listed one keeps its listing", () => {
    const token = (source: string): CredentialDoc => ({ id: "ledger-sync-token", type: "token", issuedAt: "2024-01-15T09:06:00.000Z", status: "active", principal: "payments/ledger-sync", discoveredBy: source, idScope: `${source}/payments`, cannotExpire: "kubernetes-token-secret" });
    const first = mergeWrittenCredentials([token("k8s-eu")], [{ id: "ledger-sync-token", type: "token", issuedAt: "2024-01-15" }]);
    expect(first.map((c) => [c.discoveredBy, c.listedAs])).toEqual([["k8s-eu", "ledger-sync-token"]]);
    const both = mergeWrittenCredentials([token("k8s-us")], first);
    expect(both.map((c) => [c.discoveredBy, c.listedAs])).toEqual([["k8s-us", undefined], ["k8s-eu", "ledger-sync-token"]]);
  });

  it("through reconcileNhis: the declared NHI has the report's two keys, not three", () => {
    const doc: Located<NhiDoc> = { value: { kind: "ServiceAccount", id: "svc-reports", owner: "ada", discoveredBy: [{ source: "aws", id: "reports-export" }], credentials: [written("akiaexamplereports01", "2026-09-03T09:05:00Z", { target: "iam" })] } as NhiDoc, file: "identities/nhi/svc-reports.yaml", line: 1, col: 1, locate: () => ({ line: 1, col: 1 }), locateKey: () => ({ line: 1, col: 1 }) };
    const record: SourceRecord = { source: "aws", externalId: "reports-export", kind: "service-account", userName: "reports-export", emails: [], name: {}, status: "active", groups: [], raw: {}, exportedAt: "2026-11-26T06:00:00Z", position: "aws/credential-report.csv row 2 (line 3)", credentials: [slot(1, "2026-09-03T09:05:00+00:00"), slot(2, "2026-11-03T09:05:00+00:00")] };
    const identities = new Map<string, Identity>();
    reconcileNhis({ nhis: [doc], discovered: new Map([["aws", [record]]]), unreliable: new Set(), quarantine: new Set(), identities, findings: [] });
    expect(identities.get("svc-reports")!.credentials!.map((c) => `${c.id}${c.listedAs ? ` = ${c.listedAs}` : ""}`)).toEqual(["access_key_1 = akiaexamplereports01", "access_key_2"]);
  });
});
