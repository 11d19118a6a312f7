// Import with Entra ID or Google Workspace as the source of people (test/helpers/cloud-directory.ts:
// a Graph users page, an Admin SDK users.list response). Blocking sign-in is Microsoft 365's first
// step for a former employee, and many Workspace organisations suspend a leaver's user; neither
// directory has an "on leave" state. Before (rv55 finding 1), import wrote onSuspended: keep
// without asking, as it had done for AD, and the next plan kept a leaver's admin access with no
// finding. Now it asks, as it does for an AD source: it stops while such a source puts someone on
// leave only because their account is disabled and does not say what that means.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { writeCloudRepo, type CloudRepo, type CloudUser } from "../helpers/cloud-directory.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-11-26T09:00:00Z";

const mia: CloudUser = { id: "11111111-1111-4111-8111-111111111111", local: "mia.holt", given: "Mia", family: "Holt" };
// Tom left: his sign-in is blocked (in a hybrid tenant, Entra Connect's copy of a disabled AD account).
const tom: CloudUser = { id: "22222222-2222-4222-8222-222222222222", local: "tom.reyes", given: "Tom", family: "Reyes", blocked: true };
// Pia starts on 30 Nov: Lifecycle Workflows keep her user blocked until then, when the joiner
// workflow's "Enable User Account" task enables it
// (learn.microsoft.com/graph/api/identitygovernance-lifecycleworkflowscontainer-post-workflows).
const pia: CloudUser = { id: "33333333-3333-4333-8333-333333333333", local: "pia.sand", given: "Pia", family: "Sand", blocked: true, hired: "2026-11-30T08:00:00Z" };
const gMia: CloudUser = { id: "104937561234567890001", local: "mia", given: "Mia", family: "Holt" };
const gTom: CloudUser = { id: "104937561234567890002", local: "tom", given: "Tom", family: "Reyes", suspensionReason: "ADMIN" };
// A hold Google put on the account (it must sign in again): no decision of the organisation's.
const gWes: CloudUser = { id: "104937561234567890003", local: "wes", given: "Wes", family: "Gray", suspensionReason: "WEB_LOGIN_REQUIRED" };

function repo(r: CloudRepo): string {
  const dir = tempDir("scopesync-import-cloud-");
  writeCloudRepo(dir, r);
  return dir;
}

const importWiki = (dir: string) => runCli(["import", "--target", "wiki", "--repo", dir, "--now", NOW]);

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const changes = (p: Plan): string[] => p.changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`);

function expectNothingWritten(dir: string): void {
  for (const d of ["policies", "identities", "imported"]) expect(existsSync(join(dir, d))).toBe(false);
}

describe("import with an Entra source that does not say what a blocked sign-in means", () => {
  it("stops before writing anything, naming the source, the user and the fix", async () => {
    const dir = repo({ type: "entra", users: [mia, tom] });
    const r = await importWiki(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      'error: import of "wiki" cannot tell a leaver from a leave: sources.entra (scopesync.yaml:4) shows 1 person\'s account disabled (tom.reyes@contoso.example) but does not say what a disabled account means (options.disabledMeans)\n' +
        "  fix: set sources.entra.options.disabledMeans: terminated where disabling the account is how people leave (blocking sign-in is Microsoft's first step for a former employee), or suspended where it is a leave (the imported policy then keeps their accounts), and import again; nothing was written\n",
    );
    expectNothingWritten(dir);
  });

  it("does not count a pre-hire blocked until her start among the disabled people (rv61 finding 4)", async () => {
    const refused = await importWiki(repo({ type: "entra", users: [mia, tom, pia] }));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("shows 1 person's account disabled (tom.reyes@contoso.example) but");

    // With no leaver, nothing to ask: import writes keep with its note, and the first plan takes
    // nothing from her pre-created account (she has not started: nothing is granted before then).
    const dir = repo({ type: "entra", users: [mia, pia] });
    const r = await importWiki(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("note: sources.entra does not say what a disabled account means (options.disabledMeans); no one is on leave because of a disabled account there today");
    const p = await plan(dir);
    expect(changes(p)).toEqual([]);
    expect(p.findings.filter((f) => f.identity === "pia.sand@contoso.example").map((f) => f.rule)).toEqual(["joiner-not-started"]);
  });

  it("with disabledMeans: terminated, writes keep and the first plan offboards the blocked user as a leaver, in Entra's words", async () => {
    const dir = repo({ type: "entra", users: [mia, tom], options: ", disabledMeans: terminated" });
    const r = await importWiki(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("note:");
    expect(readFileSync(join(dir, "policies/imported/wiki.yaml"), "utf8")).toMatch(/^ {2}onSuspended: keep$/m);
    const p = await plan(dir);
    expect(changes(p)).toEqual(["revoke tom.reyes@contoso.example group:finance-approvers", "disable-account tom.reyes@contoso.example"]);
    expect(p.changes.find((c) => c.action === "disable-account")!.reason).toBe(
      "left the organisation (disabled in entra (accountEnabled false: sign-in blocked), read as having left (options.disabledMeans: terminated))",
    );
  });
});

describe("import with a Google source that does not say what an administrator's suspension means", () => {
  it("stops while an administrator's suspension puts someone on leave", async () => {
    const dir = repo({ type: "google", users: [gMia, gTom, gWes] });
    const r = await importWiki(dir);
    expect(r.code).toBe(1);
    // Wes is not named: Google's own hold is no decision of the organisation's.
    expect(r.stderr).toBe(
      'error: import of "wiki" cannot tell a leaver from a leave: sources.google (scopesync.yaml:4) shows 1 person\'s account disabled (tom) but does not say what a disabled account means (options.disabledMeans)\n' +
        "  fix: set sources.google.options.disabledMeans: terminated where disabling the account is how people leave (many Google Workspace organisations suspend a leaver's user until its data is moved), or suspended where it is a leave (the imported policy then keeps their accounts), and import again; nothing was written\n",
    );
    expectNothingWritten(dir);
  });

  it("writes keep with a note while only Google's own hold suspends someone, and the first plan changes nothing", async () => {
    const dir = repo({ type: "google", users: [gMia, gWes] });
    const r = await importWiki(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("note: sources.google does not say what a disabled account means (options.disabledMeans); no one is on leave because of a disabled account there today");
    expect(readFileSync(join(dir, "policies/imported/wiki.yaml"), "utf8")).toMatch(/^ {2}onSuspended: keep$/m);
    expect(changes(await plan(dir))).toEqual([]);
  });
});
