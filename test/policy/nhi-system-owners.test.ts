// Who owns a discovered NHI when its system names the owners: an Entra application as Graph's
// `GET /applications?$expand=owners` returns it (several owners in no stated order, users with a
// `userPrincipalName` and a `mail`, service principals), beside an entra-apps target that holds its
// client secret. A quarantine shows as the secret's revoke-credential, which `apply.unreviewed:
// revocations-only` applies without review: it must come only when no owner is an active person.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, SCENARIOS } from "../helpers/scenario.js";

const APP_ID = "2b3c4d5e-0000-4000-8000-00000000e7b1";
const ENV = { SCENARIO_ENTRA_SECRET: "dummy" };

/** A user as `$expand=owners` lists one (https://learn.microsoft.com/en-us/graph/api/application-list-owners). */
const user = (n: number, upn: string, mail: string | null = upn) => ({ "@odata.type": "#microsoft.graph.user", id: `a1b2c3d4-0000-4000-8000-00000000000${n}`, userPrincipalName: upn, mail });
/** A service principal owner: the application's own ("the associated service principal"), or an automation's. */
const servicePrincipal = (appId: string, displayName: string) => ({ "@odata.type": "#microsoft.graph.servicePrincipal", id: `c0ffee00-0000-4000-8000-${appId.slice(-12)}`, appId, displayName });

/** The HR export of the scenario base: ada, alan, grace active; linus as given; more rows after. */
function hr(linus: string | undefined, ...more: string[]): string {
  const rows = readFileSync(join(SCENARIOS, "_base", "hr.csv"), "utf8").trimEnd().split("\n");
  const out = rows.filter((r) => !r.startsWith("W4,"));
  if (linus === "Terminated") out.push("W4,linus,Linus,Torvalds,linus@corp.example,Terminated,Employee,Engineer,Engineering,W1,2022-04-04,2026-11-20");
  else if (linus) out.push(`W4,linus,Linus,Torvalds,linus@corp.example,${linus},Employee,Engineer,Engineering,W1,2022-04-04,`);
  return `${[...out, ...more].join("\n")}\n`;
}

const ZED = "W5,zed,Zed,Shaw,zed@corp.example,Active,Employee,Engineer,Engineering,W1,2022-04-04,";
const ABE = "W6,abe,Abe,Lincoln,abe@corp.example,Active,Employee,Engineer,Engineering,W1,2022-04-04,";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/**
 * The nhi-undeclared-sp-owner-gone scenario with "Ledger Bridge" alone, owned as given. `before`:
 * the HR export the last accepted snapshot was taken of (`scopesync snapshot`), if any.
 */
async function planLedger(owners: object[], hrNow: string, options: { before?: string; ownersBefore?: object[]; accepted?: object[][]; servicePrincipals?: object[]; quarantine?: boolean; setup?: (dir: string) => void } = {}): Promise<{ plan: Plan; dir: string }> {
  dir = mkdtempSync(join(tmpdir(), "scopesync-owners-"));
  cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
  cpSync(join(SCENARIOS, "nhi-undeclared-sp-owner-gone"), dir, { recursive: true });
  rmSync(join(dir, "expected.txt"));
  let config = readFileSync(join(dir, "scopesync.yaml"), "utf8");
  if (options.quarantine) config = config.replace("      servicePrincipals: entra/servicePrincipals.json\n", "      servicePrincipals: entra/servicePrincipals.json\n      undeclared: quarantine\n");
  writeFileSync(join(dir, "scopesync.yaml"), config);
  const app = {
    id: "21bf6e0c-96eb-4c52-b788-1d7c97ee45b1",
    appId: APP_ID,
    displayName: "Ledger Bridge",
    createdDateTime: "2026-03-02T12:30:00Z",
    signInAudience: "AzureADMyOrg",
    tags: [],
    keyCredentials: [],
    federatedIdentityCredentials: [],
    passwordCredentials: [{ customKeyIdentifier: null, displayName: "bridge", endDateTime: "2027-03-02T12:30:00Z", hint: "k2P", keyId: "8e2b1c3d-4a5f-4b60-9c71-8d9eaf0b1cb1", secretText: null, startDateTime: "2026-09-02T12:30:00Z" }],
  };
  const apps = (list: object[]) => writeFileSync(join(dir!, "entra", "applications.json"), JSON.stringify({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications(owners())", value: [{ ...app, owners: list }] }));
  apps(options.ownersBefore ?? owners);
  writeFileSync(join(dir, "entra", "servicePrincipals.json"), JSON.stringify({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(owners())", value: options.servicePrincipals ?? [] }));
  options.setup?.(dir);
  if (options.before !== undefined) {
    writeFileSync(join(dir, "hr.csv"), options.before);
    const snap = await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW], { env: ENV });
    expect(snap.code, snap.stderr).toBe(0);
    // Later snapshots accepted with these owners listed, one after the other.
    for (const list of options.accepted ?? []) {
      apps(list);
      const again = await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW], { env: ENV });
      expect(again.code, again.stderr).toBe(0);
    }
  }
  writeFileSync(join(dir, "hr.csv"), hrNow);
  apps(owners);
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW], { env: ENV });
  expect(r.code, r.stderr).not.toBe(1);
  return { plan: JSON.parse(r.stdout) as Plan, dir };
}

const revocations = (plan: Plan) => plan.changes.filter((c) => c.identity === "ledger-bridge").map((c) => `${c.action} ${c.credential ?? c.entitlement ?? ""}`.trim());
const findings = (plan: Plan, rule: string) => plan.findings.filter((f) => f.rule === rule && f.identity === "ledger-bridge");
const SECRET_REVOKED = ["revoke-credential password:8e2b1c3d-4a5f-4b60-9c71-8d9eaf0b1cb1"];

describe("several owners: the NHI keeps any active person among them", () => {
  it.each([
    ["zed", ZED, 5, "zed@corp.example"],
    ["abe", ABE, 6, "abe@corp.example"],
  ])("one owner left, %s is active: not quarantined, whatever the owners' alphabetical order", async (active, row, n, upn) => {
    const { plan } = await planLedger([user(n, upn), user(4, "linus@corp.example")], hr("Terminated", row));
    expect(revocations(plan)).toEqual([]);
    expect(findings(plan, "nhi-owner-active")).toEqual([]);
    const co = findings(plan, "nhi-co-owner-gone");
    expect(co.map((f) => [f.severity, f.message])).toEqual([["info", `ledger-bridge still has an active owner ("${active}"), so it is not quarantined; another owner entra-apps names left: "linus" is terminated`]]);
    expect(co[0]!.location).toBe("entra/applications.json entry 1");
  });

  it("every owner gone: quarantined, and the finding names each of them", async () => {
    const { plan } = await planLedger([user(5, "zed@corp.example"), user(4, "linus@corp.example")], hr("Terminated", ZED.replace(",Active,", ",Suspended,")));
    expect(revocations(plan)).toEqual(SECRET_REVOKED);
    expect(findings(plan, "nhi-owner-active").map((f) => f.message)).toEqual(['ledger-bridge is quarantined: no owner is an active person: "linus" is terminated, "zed" is suspended (owners as entra-apps reports them)']);
    expect(findings(plan, "nhi-co-owner-gone")).toEqual([]);
  });
});

describe("an Entra user owner is found by userPrincipalName or mail", () => {
  it("a UPN that is not the mail address (…onmicrosoft.com): found by mail, owned by the active person", async () => {
    const { plan } = await planLedger([user(1, "ada@corp.onmicrosoft.com", "ada@corp.example")], hr("Active"));
    expect(revocations(plan)).toEqual([]);
    expect(plan.findings.filter((f) => f.identity === "ledger-bridge" && f.rule.startsWith("nhi-owner"))).toEqual([]);
    const r = await runCli(["identities", "--repo", dir!, "--now", SCENARIO_NOW], { env: ENV });
    expect(r.stdout).toMatch(/ledger-bridge {2}service-account[\s\S]*?\n {2}owner +ada +entra-apps entra\/applications\.json entry 1\n/);
  });

  it("found by mail, a terminated owner is gone: quarantined under their login", async () => {
    const { plan } = await planLedger([user(4, "linus@corp.onmicrosoft.com", "linus@corp.example")], hr("Terminated"));
    expect(revocations(plan)).toEqual(SECRET_REVOKED);
    expect(findings(plan, "nhi-owner-active").map((f) => f.message)).toEqual(['ledger-bridge is quarantined: owner "linus" is terminated (owner as entra-apps reports it)']);
  });
});

describe("an owner no source knows is unknown, not gone", () => {
  it("a name no person goes by, and no snapshot knew: not quarantined; nhi-owner-active asks who it is", async () => {
    const { plan } = await planLedger([user(7, "pat@partner.example")], hr("Active"));
    expect(revocations(plan)).toEqual([]);
    const f = findings(plan, "nhi-owner-active");
    expect(f.map((x) => x.message)).toEqual(['ledger-bridge\'s owner "pat@partner.example" (as entra-apps names them) matches no person the sources export, nor one the last accepted snapshot knew (it keeps one who left only 90 days): the owner is unknown, so the plan neither quarantines ledger-bridge anew nor gives it access; an account of it stays as it is, disabled if a quarantine disabled it']);
    expect(f[0]!.remediation).toContain("record that name on them");
  });

  it("the NHI inventory says the owner is unknown, not gone, as the plan decides (plan figures, nhi report text and Markdown)", async () => {
    const { plan, dir } = await planLedger([user(7, "pat@partner.example")], hr("Active"));
    // Before, the plan and the report showed the owner as gone (⚠️ gone, GONE) while the plan quarantined nothing for it.
    expect(plan.nhi!.byOwner.find((o) => o.owner === "pat@partner.example")).toEqual({ owner: "pat@partner.example", active: false, unknown: true, nhis: 1, credentials: 1, notRotated: 0, unused: 0 });
    const text = await runCli(["nhi", "report", "--repo", dir, "--now", SCENARIO_NOW], { env: ENV });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/\n {2}pat@partner\.example +UNKNOWN {2}1 NHI\(s\), 1 credential\(s\), 0 not rotated, 0 unused\n/);
    expect(text.stdout).toMatch(/\n {2}ledger-bridge .* owner pat@partner\.example \(unknown\) /);
    expect(text.stdout).not.toMatch(/GONE|\(gone\)/);
    const md = await runCli(["nhi", "report", "--format", "markdown", "--repo", dir, "--now", SCENARIO_NOW], { env: ENV });
    expect(md.stdout).toContain("| <code>pat&#64;\u2060partner.example</code> | ❔ unknown | 1 | 1 | 0 | 0 |");
    expect(md.stdout).toContain("| <code>pat&#64;\u2060partner.example</code> ❔ unknown |");
    expect(md.stdout).not.toContain("gone");
  });

  it("an unknown co-owner beside one who left: not quarantined, and the finding names both", async () => {
    const { plan } = await planLedger([user(7, "pat@partner.example"), user(4, "linus@corp.example")], hr("Terminated"));
    expect(revocations(plan)).toEqual([]);
    expect(findings(plan, "nhi-owner-active").map((f) => f.message)).toEqual(['ledger-bridge\'s owner "pat@partner.example" (as entra-apps names them) matches no person the sources export, nor one the last accepted snapshot knew (it keeps one who left only 90 days): the owner is unknown, so the plan neither quarantines ledger-bridge anew nor gives it access; an account of it stays as it is, disabled if a quarantine disabled it (its other owner: "linus" is terminated)']);
  });

  it("a person the last accepted snapshot knew, whom no source exports any more, has left: quarantined", async () => {
    const { plan } = await planLedger([user(4, "linus@corp.example")], hr(undefined), { before: hr("Active") });
    expect(revocations(plan)).toEqual(SECRET_REVOKED);
    expect(findings(plan, "nhi-owner-active").map((f) => f.message)).toEqual(['ledger-bridge is quarantined: owner "linus" is in no source any more (owner as entra-apps reports it)']);
  });
});

describe("an owner the last accepted snapshot listed, whom the system lists no more", () => {
  // rv104 M1: IT deletes a leaver's Entra user, and Graph's $expand=owners then lists the
  // application with no owner (Microsoft Learn, "Overview of enterprise application ownership": an
  // ownerless application is what is left when its owner is no longer with the organization). The
  // quarantine ended, silently, and the active secret was no longer named.
  it("the owner's user deleted (no owner listed): still their NHI, still quarantined, and the finding says the list dropped them", async () => {
    const { plan } = await planLedger([], hr("Terminated"), { before: hr("Terminated"), ownersBefore: [user(4, "linus@corp.example")] });
    expect(revocations(plan)).toEqual(SECRET_REVOKED);
    expect(findings(plan, "nhi-owner-active").map((f) => f.message)).toEqual(['ledger-bridge is quarantined: owner "linus" is terminated (the last accepted snapshot\'s owner, whom entra-apps no longer lists since its export of 2026-11-26T06:00:00.000Z, less than a day before this plan\'s time: deleting a leaver\'s user removes them from the owners) (owner as entra-apps reports it)']);
  });

  it("and gone from HR as well: quarantined, as one who left", async () => {
    const { plan } = await planLedger([], hr(undefined), { before: hr("Terminated"), ownersBefore: [user(4, "linus@corp.example")] });
    expect(revocations(plan)).toEqual(SECRET_REVOKED);
    expect(findings(plan, "nhi-owner-active").map((f) => f.message)).toEqual([expect.stringContaining('owner "linus" is in no source any more (the last accepted snapshot\'s owner, whom entra-apps no longer lists')]);
  });

  it("replaced by an active owner: owned by them, not quarantined", async () => {
    const { plan } = await planLedger([user(5, "zed@corp.example")], hr("Terminated", ZED), { before: hr("Terminated", ZED), ownersBefore: [user(4, "linus@corp.example")] });
    expect(revocations(plan)).toEqual([]);
    expect(findings(plan, "nhi-owner-active")).toEqual([]);
  });
});

describe("an owner the system dropped, after a snapshot without them is accepted", () => {
  // rv104 L1: the comparison above is with the last accepted snapshot only. The daily sync's
  // snapshot, taken after IT deleted the leaver's user, listed the application with no owner, and
  // the plan after it knew none (nhi-owner-missing): the quarantine ended. `snapshot` now keeps
  // the dropped owner on the application's record until the system names an active owner.
  const droppedOwners = (at: string) => (JSON.parse(readFileSync(join(at, "state", "sources", "entra-apps.json"), "utf8")) as { records: Array<{ userName: string; droppedOwners?: object[] }> }).records.find((r) => r.userName === "ledger-bridge")?.droppedOwners;
  const LINUS_DROPPED = [{ name: "linus@corp.example", id: "linus", source: "entra-apps", droppedAt: "2026-11-26T06:00:00.000Z" }];

  it("the snapshot keeps the owner as dropped (when, by which source's export), and the next plan still quarantines the NHI", async () => {
    const { plan, dir: at } = await planLedger([], hr("Terminated"), { before: hr("Terminated"), ownersBefore: [user(4, "linus@corp.example")], accepted: [[]] });
    expect(droppedOwners(at)).toEqual(LINUS_DROPPED);
    expect(revocations(plan)).toEqual(SECRET_REVOKED);
    expect(findings(plan, "nhi-owner-active").map((f) => f.message)).toEqual(['ledger-bridge is quarantined: owner "linus" is terminated (the last accepted snapshot\'s owner, whom entra-apps no longer lists since its export of 2026-11-26T06:00:00.000Z, less than a day before this plan\'s time: deleting a leaver\'s user removes them from the owners) (owner as entra-apps reports it)']);
    expect(findings(plan, "nhi-owner-missing")).toEqual([]);
  });

  it("snapshot after snapshot, with the time of the export that first lacked them", async () => {
    const { plan, dir: at } = await planLedger([], hr("Terminated"), { before: hr("Terminated"), ownersBefore: [user(4, "linus@corp.example")], accepted: [[], [], []] });
    expect(droppedOwners(at)).toEqual(LINUS_DROPPED);
    expect(revocations(plan)).toEqual(SECRET_REVOKED);
  });

  // f191: the finding says since when, so that a reviewer sees how long the NHI has had no owner listed.
  it("the finding says since when the system has not listed the owner (the snapshot's droppedAt)", async () => {
    const { dir: at } = await planLedger([], hr("Terminated"), { before: hr("Terminated"), ownersBefore: [user(4, "linus@corp.example")], accepted: [[]] });
    const file = join(at, "state", "sources", "entra-apps.json");
    writeFileSync(file, readFileSync(file, "utf8").replace(/("droppedAt":\s*)"2026-11-26T06:00:00.000Z"/, '$1"2026-10-27T06:00:00.000Z"'));
    expect(droppedOwners(at)).toEqual([{ ...LINUS_DROPPED[0], droppedAt: "2026-10-27T06:00:00.000Z" }]);
    const r = await runCli(["plan", "--repo", at, "--format", "json", "--now", SCENARIO_NOW], { env: ENV });
    expect(r.code, r.stderr).not.toBe(1);
    expect(findings(JSON.parse(r.stdout) as Plan, "nhi-owner-active").map((f) => f.message)).toEqual(['ledger-bridge is quarantined: owner "linus" is terminated (the last accepted snapshot\'s owner, whom entra-apps no longer lists since its export of 2026-10-27T06:00:00.000Z, 30 days before this plan\'s time: deleting a leaver\'s user removes them from the owners) (owner as entra-apps reports it)']);
  });

  it("until the system names an active owner: that snapshot forgets the dropped one, and a later drop keeps the active owner instead", async () => {
    const { plan, dir: at } = await planLedger([], hr("Terminated", ZED), { before: hr("Terminated", ZED), ownersBefore: [user(4, "linus@corp.example")], accepted: [[], [user(5, "zed@corp.example")], []] });
    expect(droppedOwners(at)).toEqual([{ ...LINUS_DROPPED[0], name: "zed@corp.example", id: "zed" }]);
    expect(revocations(plan)).toEqual([]);
    expect(findings(plan, "nhi-owner-active")).toEqual([]);
  });
});

describe("an owner that is no person", () => {
  it("owned only by its own service principal: no person is accountable (nhi-owner-not-person), nothing is quarantined", async () => {
    const { plan } = await planLedger([servicePrincipal(APP_ID, "Ledger Bridge")], hr("Active"));
    expect(revocations(plan)).toEqual([]);
    expect(findings(plan, "nhi-owner-active")).toEqual([]);
    const f = findings(plan, "nhi-owner-not-person");
    expect(f.map((x) => [x.severity, x.message])).toEqual([["warning", `ledger-bridge is owned in entra-apps only by servicePrincipal:${APP_ID} (itself), no person: nobody is accountable for it. No owner left, so it is not quarantined`]]);
    expect(f[0]!.location).toBe("entra/applications.json entry 1");
  });

  it("owned by the automation that made it and by a person who left: quarantined, the automation is no person", async () => {
    const terraform = "9f8e7d6c-0000-4000-8000-0000000000f1";
    const { plan } = await planLedger([servicePrincipal(terraform, "terraform-provisioner"), user(4, "linus@corp.example")], hr("Terminated"));
    expect(revocations(plan)).toEqual(SECRET_REVOKED);
    expect(findings(plan, "nhi-owner-active").map((f) => f.message)).toEqual([`ledger-bridge is quarantined: owner "linus" is terminated; its other owner, servicePrincipal:${terraform}, is no person (owners as entra-apps reports them)`]);
    expect(findings(plan, "nhi-owner-not-person")).toEqual([]);
  });

  it("an active person beside the service principal: owned by them, no finding", async () => {
    const { plan } = await planLedger([servicePrincipal(APP_ID, "Ledger Bridge"), user(1, "ada@corp.example")], hr("Active"));
    expect(revocations(plan)).toEqual([]);
    expect(plan.findings.filter((f) => f.identity === "ledger-bridge" && f.rule.startsWith("nhi-") && f.rule !== "nhi-undeclared")).toEqual([]);
  });
});

describe("Microsoft's first-party service principals are the platform's", () => {
  // As GET /servicePrincipals lists them in every tenant: appOwnerOrganizationId is Microsoft's tenant
  // (https://learn.microsoft.com/en-us/troubleshoot/entra/entra-id/governance/verify-first-party-apps-sign-in).
  const sp = (id: string, appId: string, displayName: string, tenant: string) => ({ id, appId, displayName, accountEnabled: true, servicePrincipalType: "Application", appOwnerOrganizationId: tenant, tags: [], keyCredentials: [], passwordCredentials: [], owners: [] });
  const SPS = [
    sp("7a1c0a3e-1f7e-4d7e-9d55-0c3c9f1b2a01", "00000003-0000-0000-c000-000000000000", "Microsoft Graph", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"),
    sp("8b2d1b4f-2a8f-4e8f-8e66-1d4d0a2c3b02", "00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"),
    sp("9c3e2c5a-3b9a-4f9a-9f77-2e5e1b3d4c03", "14d82eec-204b-4c2f-b7e8-296a70dab67e", "Microsoft Graph Command Line Tools", "72f988bf-86f1-41af-91ab-2d7cd011db47"),
    // Another organisation's multi-tenant application: an undeclared NHI like any other.
    sp("66a4b15d-eb30-41a7-8c3d-62c1ecd39aff", "4d5e6f70-0000-4000-8000-00000000f0a5", "Vendor Billing Connector", "99999999-0000-4000-8000-0000000000bb"),
  ];
  const MICROSOFT = ["microsoft-graph", "office-365-exchange-online", "microsoft-graph-command-line-tools"];

  it("under undeclared: quarantine they are neither reported, nor quarantined, nor drafted; another tenant's is", async () => {
    const { plan, dir } = await planLedger([user(1, "ada@corp.example")], hr("Active"), { servicePrincipals: SPS, quarantine: true });
    expect(plan.findings.filter((f) => MICROSOFT.includes(f.identity ?? ""))).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "nhi-undeclared" && f.identity === "vendor-billing-connector").map((f) => f.message)).toEqual([expect.stringContaining("it is quarantined")]);
    const out = join(dir, "proposed");
    const r = await runCli(["nhi", "propose", "--repo", dir, "--out", out, "--now", SCENARIO_NOW], { env: ENV });
    expect(r.code, r.stderr).toBe(0);
    const drafted = readFileSync(join(out, "vendor-billing-connector.yaml"), "utf8");
    expect(drafted).toContain("id: vendor-billing-connector");
    for (const id of MICROSOFT) expect(() => readFileSync(join(out, `${id}.yaml`), "utf8")).toThrow(/ENOENT/);
    const ids = await runCli(["identities", "--repo", dir, "--now", SCENARIO_NOW], { env: ENV });
    expect(ids.stdout).toMatch(/microsoft-graph {2}service-account {2}active[\s\S]*?\n {2}platformManaged +true +entra-apps entra\/servicePrincipals\.json entry 1\n/);
  });
});

describe("an unknown owner gives no new access either", () => {
  // 90 days after linus left, the snapshot no longer keeps him (cli/snapshot-gone.ts): the owner
  // Entra still names is then a name no one knows. ledger-bridge's file names no owner (the
  // system's decides), and its account in `app` is disabled, as the quarantine for his leaving left it.
  it("a declared NHI whose system's owner is a name no one knows: its disabled account is not enabled again, nor granted anything", async () => {
    const { plan } = await planLedger([user(4, "linus@corp.example")], hr(undefined), {
      setup: (d) => {
        writeFileSync(join(d, "identities", "ledger-bridge.yaml"), `kind: ServiceAccount\nid: ledger-bridge\npurpose: posts ledger entries\ndiscoveredBy:\n  - { source: entra-apps, id: "${APP_ID}" }\n`);
        // A member of engineering (team:engineering in app): the grant an account it may keep would get.
        writeFileSync(join(d, "identities", "groups", "engineering.yaml"), `${readFileSync(join(d, "identities", "groups", "engineering.yaml"), "utf8")}members:\n  - { identity: ledger-bridge }\n`);
        const state = JSON.parse(readFileSync(join(d, "state", "app.json"), "utf8")) as { accounts: object[] };
        state.accounts.push({ id: "s-ledger", login: "ledger-bridge", externalId: "nhi:ledger-bridge", active: false, disabledAt: "2026-08-20T09:00:00Z", attributes: { displayName: "Ledger Bridge" }, entitlements: [] });
        writeFileSync(join(d, "state", "app.json"), JSON.stringify(state));
      },
    });
    expect(plan.changes.filter((c) => c.identity === "ledger-bridge")).toEqual([]);
    expect(findings(plan, "nhi-owner-active").map((f) => f.message)).toEqual([
      'ledger-bridge\'s owner "linus@corp.example" (as entra-apps names them) matches no person the sources export, nor one the last accepted snapshot knew (it keeps one who left only 90 days): the owner is unknown, so the plan neither quarantines ledger-bridge anew nor gives it access; an account of it stays as it is, disabled if a quarantine disabled it',
    ]);
  });
});
