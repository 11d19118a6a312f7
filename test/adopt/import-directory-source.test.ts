// Import with Active Directory as a source of people (an `ldifde -f` export, test/helpers/ad-ldif.ts).
// docs/adopt.md promises "Import keeps access as it is; it does not keep a leaver's access", and
// the imported policy keeps the accounts of people on leave (onSuspended: keep). An ldif or ldap
// source reads a disabled account as on leave unless options.disabledMeans says otherwise, and in
// AD disabling the account is the usual leaver step. First import wrote keep regardless (an AD
// leaver kept every adopted app's access); then it wrote onSuspended: disable for the whole app
// (rv52 finding 3: a person on an HR leave whose AD account is active was disabled by the first
// plan after import, which promised no change). Now import asks the organisation first: it stops
// while such a source puts someone on leave, and otherwise writes keep and a note.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { writeAdRepo, type AdUser } from "../helpers/ad-ldif.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-11-26T09:00:00Z";

const ana: AdUser = { sam: "aalves", given: "Ana", family: "Alves", guid: "11111111-1111-4111-8111-111111111111", uac: 512, ou: "Staff", employeeId: "W1" };
// 514: NORMAL_ACCOUNT | ACCOUNTDISABLE, moved to the Leavers OU.
const bo: AdUser = { sam: "bberg", given: "Bo", family: "Berg", guid: "22222222-2222-4222-8222-222222222222", uac: 514, ou: "Leavers" };
const cy: AdUser = { sam: "ccole", given: "Cy", family: "Cole", guid: "33333333-3333-4333-8333-333333333333", uac: 66048, ou: "Staff", employeeId: "W3" };

interface Repo { ad: AdUser[]; adOptions?: string; hr?: string }

/** The wiki holds an account with group:finance-approvers for each AD user (not yet linked: import links by login). */
function repo(r: Repo): string {
  const dir = tempDir("scopesync-import-ad-");
  for (const d of ["exports", "state"]) mkdirSync(join(dir, d), { recursive: true });
  writeAdRepo(dir, r);
  const accounts = r.ad.map((p, i) => ({ id: `w${i}`, login: p.sam, active: true, attributes: { displayName: `${p.given} ${p.family}` }, entitlements: ["group:finance-approvers"] }));
  writeFileSync(join(dir, "state/wiki.json"), JSON.stringify({ formatVersion: 1, target: "wiki", accounts }, null, 1));
  return dir;
}

const importWiki = (dir: string) => runCli(["import", "--target", "wiki", "--repo", dir, "--now", NOW]);

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const changes = (p: Plan): string[] => p.changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`);

describe("import with an AD source that does not say what a disabled account means", () => {
  it("stops before writing anything while AD puts someone on leave by a disabled account, naming the source, the count and the fix", async () => {
    const dir = repo({ ad: [ana, bo, cy] });
    const r = await importWiki(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      'error: import of "wiki" cannot tell a leaver from a leave: sources.ad (scopesync.yaml:4) shows 1 person\'s account disabled (bberg) but does not say what a disabled account means (options.disabledMeans)\n' +
        "  fix: set sources.ad.options.disabledMeans: terminated where disabling the account is how people leave (Active Directory's usual leaver step), or suspended where it is a leave (the imported policy then keeps their accounts), and import again; nothing was written\n",
    );
    expect(existsSync(join(dir, "policies"))).toBe(false);
    expect(existsSync(join(dir, "identities"))).toBe(false);
    expect(existsSync(join(dir, "imported"))).toBe(false);
  });

  it("writes keep with a note when no one is on leave by AD, so the first plan keeps a person on an HR leave whose AD account is active (rv52 finding 3)", async () => {
    // Cy is on parental leave in HR; AD shows his account active. Bo's AD account is disabled, but
    // HR, which decides his status, says he is active: disabledMeans would change nothing for him.
    const hr = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus\nW1,aalves,Ana,Alves,aalves@contoso.example,active\nW2,bberg,Bo,Berg,bberg@contoso.example,active\nW3,ccole,Cy,Cole,ccole@contoso.example,suspended\n";
    const dir = repo({ ad: [ana, { ...bo, employeeId: "W2" }, cy], hr });
    const r = await importWiki(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(changes(await plan(dir))).toEqual([]);
    expect(r.stdout).toContain(
      "note: sources.ad does not say what a disabled account means (options.disabledMeans); no one is on leave because of a disabled account there today, so import wrote accounts.onSuspended: keep, but an account disabled there later is read as a leave that this app keeps: set it (terminated where disabling is how people leave, suspended where it is a leave)\n",
    );
    const policy = readFileSync(join(dir, "policies/imported/wiki.yaml"), "utf8");
    expect(policy).toMatch(/^ {2}onSuspended: keep$/m);
    expect(policy).not.toContain("disabledMeans");
    // A second import changes no byte.
    expect((await importWiki(dir)).stdout).not.toMatch(/^wrote /m);
  });
});

describe("import with an AD source that says it", () => {
  it("disabledMeans: terminated: keep is written for real leaves, and the AD leaver is offboarded as any leaver", async () => {
    const dir = repo({ ad: [ana, bo, cy], adOptions: ", disabledMeans: terminated" });
    const r = await importWiki(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("note:");
    expect(readFileSync(join(dir, "policies/imported/wiki.yaml"), "utf8")).toMatch(/^ {2}onSuspended: keep$/m);
    const p = await plan(dir);
    expect(changes(p)).toEqual(["revoke bberg group:finance-approvers", "disable-account bberg"]);
    expect(p.changes.find((c) => c.action === "disable-account")!.reason).toContain("disabled in ad (userAccountControl 514: ACCOUNTDISABLE), read as having left");
  });

  it("disabledMeans: suspended: the organisation said a disabled account is a leave, so import keeps access as it is", async () => {
    const dir = repo({ ad: [ana, bo, cy], adOptions: ", disabledMeans: suspended" });
    const r = await importWiki(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("note:");
    expect(readFileSync(join(dir, "policies/imported/wiki.yaml"), "utf8")).toMatch(/^ {2}onSuspended: keep$/m);
    expect(changes(await plan(dir))).toEqual([]);
  });
});
