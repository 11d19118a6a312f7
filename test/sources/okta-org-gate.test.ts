// An Okta users export of another org (a preview or sandbox org built by the same Terraform, with
// the same logins) was read as this source's: the anchors could match, churn measured little, and
// the plan judged the other org's people as this org's. Each user of GET /api/v1/users names its
// org in `_links.self.href` (https://{yourOktaDomain}/api/v1/users/{id}: Okta Management API, User
// object), so source-gate-account compares it with the accepted snapshot's, as it does an AWS
// report's account, and with `gates.account` where scopesync.yaml declares the org.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { writeGatedSourceRepo } from "../helpers/gated-source-repo.js";
import { oktaUser, type OktaUserOptions } from "../helpers/okta-export.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const NOW = "2026-11-26T09:00:00Z";
const PROD = "acme.okta.com";
const PREVIEW = "dev-123.oktapreview.com";
const tempDir = tempDirs();

/** A repo with one okta source whose export lists three users, every one read from `org`. */
function oktaRepo(gates = "{ required: [externalId, userName, status] }"): string {
  const dir = tempDir("scopesync-okta-org-");
  writeGatedSourceRepo(dir, { name: "idp", type: "okta", path: "exports/okta/users.json", gates, options: '{ pages: single, exportedAt: "2026-11-26T06:00:00Z" }' });
  exported(dir, PROD);
  return dir;
}
/** The users export, fetched from `org` (the third user from `third`'s org when given). */
function exported(dir: string, org: string, third: OktaUserOptions = { org }): void {
  const users = [oktaUser(1, "ana", "ACTIVE", { org }), oktaUser(2, "rowan", "ACTIVE", { org }), oktaUser(3, "dee", "SUSPENDED", third)];
  writeFileSync(join(dir, "exports/okta/users.json"), JSON.stringify(users, null, 1));
}
async function plan(dir: string): Promise<{ code: number; plan: Plan }> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  return { code: r.code, plan: JSON.parse(r.stdout) as Plan };
}
const gate = (p: Plan) => p.findings.filter((f) => f.rule === "source-gate-account" || f.rule === "source-gate-accepted");
async function snapshot(dir: string): Promise<void> {
  expect((await runCli(["snapshot", "--repo", dir, "--now", NOW])).code).toBe(0);
}

describe("okta: an export of another org than the accepted snapshot's", () => {
  it("fails source-gate-account naming both orgs, with the acceptance to commit if the move is real", async () => {
    const dir = oktaRepo();
    await snapshot(dir);
    expect(readFileSync(join(dir, "state/sources/idp.json"), "utf8")).toContain(`"oktaOrg": "${PROD}"`);
    expect(gate((await plan(dir)).plan)).toEqual([]);
    exported(dir, PREVIEW);
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    const [finding] = gate(p);
    expect([finding!.severity, finding!.message]).toEqual(["error", `source "idp": the export is of Okta org ${PREVIEW} (exports/okta/users.json entry 1), the accepted snapshot of ${PROD}`]);
    expect(finding!.remediation).toContain("an Okta login is unique only within its org");
    expect(finding!.remediation).toContain(`if the source really moves to org ${PREVIEW}, commit gates.accept: { account: "${PREVIEW}", export: "sha256:`);
  });

  it("passes by a reviewed gates.accept naming the new org, said as source-gate-accepted", async () => {
    const dir = oktaRepo();
    await snapshot(dir);
    exported(dir, PREVIEW);
    const digest = /export: "(sha256:[0-9a-f]{64})"/.exec(gate((await plan(dir)).plan)[0]!.remediation!)![1]!;
    const config = join(dir, "scopesync.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("gates: {", `gates: { accept: { account: "${PREVIEW}", export: "${digest}", reason: "moved to the new org (CHG-9)", expiresAt: "2026-12-03" },`));
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(0);
    expect(gate(p).map((f) => [f.rule, f.severity])).toEqual([["source-gate-accepted", "warning"]]);
  });

  it("fails when the users are of two orgs, with or without a snapshot, and no acceptance waives it", async () => {
    const dir = oktaRepo();
    exported(dir, PROD, { org: PREVIEW });
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    expect(gate(p).map((f) => f.message)).toEqual([
      `source "idp": the export is of more than one Okta org: exports/okta/users.json entry 1 is of ${PROD}, exports/okta/users.json entry 3 of ${PREVIEW}`,
    ]);
  });

  it("stops the run on a self link that is no Okta user URL, naming the user", async () => {
    const dir = oktaRepo();
    const path = join(dir, "exports/okta/users.json");
    writeFileSync(path, readFileSync(path, "utf8").replace(`https://${PROD}/api/v1/users/00u00000000000000002`, "not a url"));
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('exports/okta/users.json entry 2: _links.self.href "not a url" is not an Okta user URL (https://ORG/api/v1/users/ID)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("okta: gates.account declares the org", () => {
  it("binds a first run, which has no snapshot: an export of another org fails, and no acceptance waives it", async () => {
    const dir = oktaRepo(`{ account: ${PROD}, accept: { account: ${PREVIEW}, reason: "not for a declared org" } }`);
    expect(gate((await plan(dir)).plan)).toEqual([]);
    exported(dir, PREVIEW);
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    const findings = gate(p);
    expect(findings.map((f) => [f.rule, f.severity, f.message])).toEqual([["source-gate-account", "error", `source "idp": the export is of Okta org ${PREVIEW} (exports/okta/users.json entry 1), gates.account is ${PROD}`]]);
    expect(findings[0]!.remediation).toContain(`if the source really moves to org ${PREVIEW}, change gates.account in scopesync.yaml:5 in a reviewed PR`);
  });

  it("fails an export saved without _links: nothing in it names the org", async () => {
    const dir = oktaRepo(`{ account: ${PROD} }`);
    exported(dir, PROD, { links: false });
    writeFileSync(join(dir, "exports/okta/users.json"), JSON.stringify([oktaUser(1, "ana", "ACTIVE", { links: false })]));
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    expect(gate(p).map((f) => f.message)).toEqual([`source "idp": gates.account is ${PROD}, but no record of the export names its tenant`]);
  });

  it("fails an export where some users name the org and others none (appended by a tool that drops _links), naming the first and counting the rest", async () => {
    const dir = oktaRepo(`{ account: ${PROD} }`);
    const users = [oktaUser(1, "ana", "ACTIVE", { org: PROD }), oktaUser(2, "rowan", "ACTIVE", { links: false }), oktaUser(3, "dee", "ACTIVE", { org: PROD }), oktaUser(4, "mallory", "ACTIVE", { links: false })];
    writeFileSync(join(dir, "exports/okta/users.json"), JSON.stringify(users, null, 1));
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    const findings = gate(p);
    expect(findings.map((f) => [f.severity, f.message])).toEqual([["error", `source "idp": gates.account is ${PROD}, but exports/okta/users.json entry 2 names no Okta org (nor do 1 more record)`]]);
    expect(findings[0]!.remediation).toContain("with _links");
  });
});

describe("okta without gates.account: users that name no org beside users that do", () => {
  const mixed = (dir: string): void => {
    const users = [oktaUser(1, "ana", "ACTIVE", { org: PROD }), oktaUser(2, "rowan", "ACTIVE", { org: PROD }), oktaUser(3, "dee", "SUSPENDED", { org: PROD }), oktaUser(4, "mallory", "ACTIVE", { links: false })];
    writeFileSync(join(dir, "exports/okta/users.json"), JSON.stringify(users, null, 1));
  };

  it("fail the gate when the accepted snapshot names the org: the source is bound, and they could be another org's", async () => {
    const dir = oktaRepo();
    await snapshot(dir);
    mixed(dir);
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    expect(gate(p).map((f) => [f.severity, f.message])).toEqual([["error", `source "idp": the accepted snapshot is of Okta org ${PROD}, but exports/okta/users.json entry 4 names no Okta org`]]);
  });

  it("are a warning on a first run, which nothing binds yet: an export stitched from two fetches", async () => {
    const dir = oktaRepo();
    mixed(dir);
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(0);
    expect(gate(p).map((f) => [f.severity, f.message])).toEqual([["warning", `source "idp": exports/okta/users.json entry 1 is of Okta org ${PROD}, but exports/okta/users.json entry 4 names no Okta org`]]);
  });
});
