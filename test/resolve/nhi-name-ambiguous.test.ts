// A file that claims a discovered NHI by its name alone, when a second record of the source gets the
// same name: Entra allows several app registrations with one displayName (and by default any member
// may register one), so both become `<name>-<appId8>` (ids.ts). The file then claims neither, and
// neither may be quarantined as "declared in no file": the production application's client secret,
// which an entra-apps target holds, must not be revoked (a revocation applies without review under
// `apply.unreviewed: revocations-only`). nhi-name-ambiguous names both and asks for `discoveredBy`.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import type { Identity } from "../../src/model/identity.js";
import type { Finding } from "../../src/model/finding.js";
import type { NhiDoc } from "../../src/model/documents.js";
import type { Located } from "../../src/model/located.js";
import { reconcileNhis } from "../../src/resolve/reconcile-nhis.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, SCENARIOS } from "../helpers/scenario.js";

const ENV = { SCENARIO_ENTRA_SECRET: "dummy" };
const PROD_APP_ID = "2b3c4d5e-0000-4000-8000-00000000e7b1";
const DEV_APP_ID = "9f8e7d6c-0000-4000-8000-0000000000d1";
const PROD_SECRET = "password:8e2b1c3d-4a5f-4b60-9c71-8d9eaf0b1cb1";

/** An application as `GET /applications?$expand=owners` returns it (https://learn.microsoft.com/en-us/graph/api/application-list). */
function application(id: string, appId: string, created: string, keyId: string, ownerUpn: string, n: number): object {
  return {
    id,
    appId,
    displayName: "Ledger Bridge",
    createdDateTime: created,
    signInAudience: "AzureADMyOrg",
    tags: [],
    keyCredentials: [],
    federatedIdentityCredentials: [],
    passwordCredentials: [{ customKeyIdentifier: null, displayName: "bridge", endDateTime: "2027-03-02T12:30:00Z", hint: "k2P", keyId, secretText: null, startDateTime: "2026-09-02T12:30:00Z" }],
    owners: [{ "@odata.type": "#microsoft.graph.user", id: `a1b2c3d4-0000-4000-8000-00000000000${n}`, userPrincipalName: ownerUpn, mail: ownerUpn }],
  };
}
const PROD = application("21bf6e0c-96eb-4c52-b788-1d7c97ee45b1", PROD_APP_ID, "2026-03-02T12:30:00Z", "8e2b1c3d-4a5f-4b60-9c71-8d9eaf0b1cb1", "ada@corp.example", 1);
// Registered yesterday by alan, with the same display name: a test copy.
const DEV = application("7c0d9a51-2f44-4e0b-9a3e-5b1d2c3e4f50", DEV_APP_ID, "2026-11-25T16:00:00Z", "8e2b1c3d-4a5f-4b60-9c71-8d9eaf0b1c02", "alan@corp.example", 2);

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The nhi-undeclared-sp-owner-gone scenario under `undeclared: quarantine`, its entra target holding PROD's secret, with ledger-bridge declared as given. */
async function plan(apps: object[], file: string): Promise<Plan> {
  dir = mkdtempSync(join(tmpdir(), "scopesync-ambiguous-"));
  cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
  cpSync(join(SCENARIOS, "nhi-undeclared-sp-owner-gone"), dir, { recursive: true });
  rmSync(join(dir, "expected.txt"));
  const config = readFileSync(join(dir, "scopesync.yaml"), "utf8").replace("      servicePrincipals: entra/servicePrincipals.json\n", "      servicePrincipals: entra/servicePrincipals.json\n      undeclared: quarantine\n");
  writeFileSync(join(dir, "scopesync.yaml"), config);
  writeFileSync(join(dir, "entra", "applications.json"), JSON.stringify({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications(owners())", value: apps }));
  writeFileSync(join(dir, "entra", "servicePrincipals.json"), JSON.stringify({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(owners())", value: [] }));
  cpSync(join(SCENARIOS, "nhi-undeclared-sp-owner-gone", "state"), join(dir, "state"), { recursive: true });
  writeFileSync(join(dir, "identities", "ledger-bridge.yaml"), file);
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW], { env: ENV });
  expect(r.code, r.stderr).not.toBe(1);
  return JSON.parse(r.stdout) as Plan;
}

const BY_NAME = "kind: ServiceAccount\nid: ledger-bridge\nowner: ada\npurpose: posts ledger entries\n";
const offboardings = (p: Plan) => p.changes.filter((c) => c.identity.startsWith("ledger-bridge") && ["disable-account", "revoke", "revoke-credential", "delete-account"].includes(c.action)).map((c) => `${c.action} ${c.identity} ${c.credential ?? ""}`.trim());

describe("a file that claims an Entra application by a display name a second application now shares", () => {
  it("alone, the application is the file's: no offboarding, no finding", async () => {
    const p = await plan([PROD], BY_NAME);
    expect(offboardings(p)).toEqual([]);
    expect(p.findings.filter((f) => f.rule === "nhi-name-ambiguous" || f.rule === "nhi-undeclared")).toEqual([]);
  });

  it("with a same-named application: neither is quarantined, the production secret is kept, and nhi-name-ambiguous names both", async () => {
    const p = await plan([PROD, DEV], BY_NAME);
    expect(offboardings(p)).toEqual([]);
    expect(p.blocked).toBe(false);
    const ambiguous = p.findings.filter((f) => f.rule === "nhi-name-ambiguous");
    expect(ambiguous.map((f) => [f.severity, f.identity])).toEqual([["warning", "ledger-bridge"]]);
    expect(ambiguous[0]!.message).toContain(`ledger-bridge-2b3c4d5e (entra-apps:${PROD_APP_ID}, "Ledger Bridge")`);
    expect(ambiguous[0]!.message).toContain(`ledger-bridge-9f8e7d6c (entra-apps:${DEV_APP_ID}, "Ledger Bridge")`);
    expect(ambiguous[0]!.remediation).toContain(`discoveredBy: [{ source: entra-apps, id: "${PROD_APP_ID}" }]`);
    expect(ambiguous[0]!.remediation).toContain("scopesync nhi propose");
    // Both are reported as undeclared, and neither as quarantined.
    const undeclared = p.findings.filter((f) => f.rule === "nhi-undeclared");
    expect(undeclared.map((f) => f.identity).sort()).toEqual(["ledger-bridge-2b3c4d5e", "ledger-bridge-9f8e7d6c"]);
    for (const f of undeclared) expect(f.message).not.toContain("quarantined");
  });

  it("once the file names its application under discoveredBy, it is the file's again and the other one is quarantined", async () => {
    const p = await plan([PROD, DEV], `${BY_NAME}discoveredBy:\n  - { source: entra-apps, id: "${PROD_APP_ID}" }\n`);
    expect(p.findings.filter((f) => f.rule === "nhi-name-ambiguous")).toEqual([]);
    expect(offboardings(p)).toEqual([]);
    const undeclared = p.findings.filter((f) => f.rule === "nhi-undeclared");
    expect(undeclared.map((f) => f.identity)).toEqual(["ledger-bridge-9f8e7d6c"]);
    expect(undeclared[0]!.message).toContain("quarantined");
    expect(p.changes.some((c) => c.credential === PROD_SECRET)).toBe(false);
  });
});

describe("reconcileNhis with records that share a name", () => {
  function nhiFile(value: Partial<NhiDoc> & { id: string }): Located<NhiDoc> {
    return { value: { kind: "ServiceAccount", owner: "ada", ...value } as NhiDoc, file: "identities/nhis.yaml", line: 1, col: 1, locate: () => ({ line: 1, col: 1 }), locateKey: () => ({ line: 1, col: 1 }) };
  }
  function record(externalId: string, userName: string, sharedName?: string): SourceRecord {
    return { source: "aws", externalId, kind: "service-account", userName, ...(sharedName ? { sharedName } : {}), emails: [], name: {}, status: "active", groups: [], raw: {}, exportedAt: "2026-12-01T06:00:00Z", position: `row ${externalId}`, credentials: [] };
  }
  function reconcile(nhis: Located<NhiDoc>[], records: SourceRecord[]): { identities: Map<string, Identity>; findings: Finding[] } {
    const identities = new Map<string, Identity>();
    const findings: Finding[] = [];
    reconcileNhis({ nhis, discovered: new Map([["aws", records]]), unreliable: new Set(), quarantine: new Set(["aws"]), identities, findings });
    return { identities, findings };
  }

  it("a record that kept the plain name (an IAM user beside a same-named role) is still the file's, with no finding", () => {
    const { identities, findings } = reconcile([nhiFile({ id: "etl-runner" })], [record("etl-runner", "etl-runner"), record("role/etl-runner", "etl-runner-role", "etl-runner")]);
    expect(identities.get("etl-runner")!.records).toEqual(["aws:etl-runner"]);
    expect(identities.get("etl-runner-role")!.undeclared).toBe("quarantine");
    expect(findings).toEqual([]);
  });

  it("a record another file names under discoveredBy is that file's; the one left is not quarantined on the name's account", () => {
    const { identities, findings } = reconcile([nhiFile({ id: "etl" }), nhiFile({ id: "etl-prod", discoveredBy: [{ source: "aws", id: "AID1" }] })], [record("AID1", "etl-aid1", "etl"), record("AID2", "etl-aid2", "etl")]);
    expect(identities.get("etl-prod")!.records).toEqual(["aws:AID1"]);
    expect(identities.get("etl-aid2")!.undeclared).toBe("report");
    expect(identities.get("etl-aid2")!.status).toBe("active");
    expect(findings.map((f) => [f.rule, f.identity])).toEqual([["nhi-name-ambiguous", "etl"]]);
  });
});
