// Import with Active Directory as the source of people. docs/adopt.md promises "Import keeps
// access as it is; it does not keep a leaver's access". Before, import wrote onSuspended: keep into
// every app, and the ldif source read a disabled AD account (the usual leaver step: disable, move
// to a Leavers OU) as on leave: the leaver kept the app's account and group with no change, and
// an account IT disabled by hand was enabled again. Now import writes keep only where every
// directory source says what a disabled account means (options.disabledMeans).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { adEntry, type AdUser } from "../helpers/ad-ldif.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-11-26T09:00:00Z";

const people: AdUser[] = [
  { sam: "aalves", given: "Ana", family: "Alves", guid: "11111111-1111-4111-8111-111111111111", uac: 512, ou: "Staff" },
  // 514: NORMAL_ACCOUNT | ACCOUNTDISABLE, moved to the Leavers OU.
  { sam: "bberg", given: "Bo", family: "Berg", guid: "22222222-2222-4222-8222-222222222222", uac: 514, ou: "Leavers" },
  { sam: "ccole", given: "Cy", family: "Cole", guid: "33333333-3333-4333-8333-333333333333", uac: 66048, ou: "Staff" },
];

/** The wiki holds an account with group:finance-approvers for each of them (not yet linked: import links by login). */
function repo(adOptions = ""): string {
  const dir = tempDir("scopesync-import-ad-");
  for (const d of ["exports", "state"]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "scopesync.yaml"), `version: 1
organisation: contoso
sources:
  ad:
    type: ldif
    path: exports/ad.ldf
    options: { exportedAt: "2026-11-26T06:00:00Z"${adOptions} }
correlation:
  keys: [anchor, employeeId, email]
targets:
  wiki: { type: file, path: state/wiki.json }
`);
  writeFileSync(join(dir, "exports/ad.ldf"), people.map(adEntry).join("\r\n"));
  const accounts = people.map((p, i) => ({ id: `w${i}`, login: p.sam, active: true, attributes: { displayName: `${p.given} ${p.family}` }, entitlements: ["group:finance-approvers"] }));
  writeFileSync(join(dir, "state/wiki.json"), JSON.stringify({ formatVersion: 1, target: "wiki", accounts }, null, 1));
  return dir;
}

async function importWiki(dir: string): Promise<string> {
  const r = await runCli(["import", "--target", "wiki", "--repo", dir, "--now", NOW]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const changes = (p: Plan): string[] => p.changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`);

function disableBoByHand(dir: string): void {
  const path = join(dir, "state/wiki.json");
  const state = JSON.parse(readFileSync(path, "utf8")) as { accounts: Array<{ login: string; active: boolean }> };
  for (const a of state.accounts) if (a.login === "bberg") a.active = false;
  writeFileSync(path, JSON.stringify(state));
}

describe("import with an AD source that does not say what a disabled account means", () => {
  it("writes onSuspended: disable and says why; the first plan takes the AD leaver's access and never enables it again", async () => {
    const dir = repo();
    const out = await importWiki(dir);
    expect(out).toContain("note: accounts.onSuspended: disable, not keep: sources.ad does not say what a disabled account means (options.disabledMeans)");
    const policy = readFileSync(join(dir, "policies/imported/wiki.yaml"), "utf8");
    expect(policy).toMatch(/^# accounts\.onSuspended: disable, not keep: sources\.ad does not say/m);
    expect(policy).toMatch(/^ {2}onSuspended: disable$/m);
    const first = await plan(dir);
    expect(changes(first)).toEqual(["revoke bberg group:finance-approvers", "disable-account bberg"]);
    expect(first.changes.find((c) => c.action === "disable-account")!.reason).toBe("disabled in ad (userAccountControl 514: ACCOUNTDISABLE), read as on leave (options.disabledMeans: suspended)");
    disableBoByHand(dir);
    expect(changes(await plan(dir))).toEqual(["revoke bberg group:finance-approvers"]);
  });
});

describe("import with an AD source that says it", () => {
  it("disabledMeans: terminated: keep is written for real leaves, and the AD leaver is offboarded as any leaver", async () => {
    const dir = repo(", disabledMeans: terminated");
    expect(await importWiki(dir)).not.toContain("note:");
    expect(readFileSync(join(dir, "policies/imported/wiki.yaml"), "utf8")).toMatch(/^ {2}onSuspended: keep$/m);
    const p = await plan(dir);
    expect(changes(p)).toEqual(["revoke bberg group:finance-approvers", "disable-account bberg"]);
    expect(p.changes.find((c) => c.action === "disable-account")!.reason).toContain("disabled in ad (userAccountControl 514: ACCOUNTDISABLE), read as having left");
  });

  it("disabledMeans: suspended: the organisation said a disabled account is a leave, so import keeps access as it is", async () => {
    const dir = repo(", disabledMeans: suspended");
    expect(await importWiki(dir)).not.toContain("note:");
    expect(readFileSync(join(dir, "policies/imported/wiki.yaml"), "utf8")).toMatch(/^ {2}onSuspended: keep$/m);
    expect(changes(await plan(dir))).toEqual([]);
  });
});
