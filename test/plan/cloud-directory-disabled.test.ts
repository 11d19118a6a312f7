// Entra ID and Google Workspace as the source of people (test/helpers/cloud-directory.ts: a Graph
// users page, an Admin SDK users.list response). An Entra user whose sign-in is blocked and a
// Google user an administrator suspended were always "on leave" (rv55 finding 1): in an app that
// keeps the accounts of people on leave, such a leaver kept a privileged group with no change and
// no finding, and the plan's reasons said "suspended in entra", which Entra never said. Now they
// are read as options.disabledMeans says, as a disabled AD account is (directory-disabled.test.ts),
// and every text says what the directory said.
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { loginOf, writeCloudRepo, type CloudRepo, type CloudUser } from "../helpers/cloud-directory.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { writeWikiApprovers } from "../helpers/wiki-approvers.js";

const tempDir = tempDirs();
const NOW = "2026-11-26T09:00:00Z";

const mia: CloudUser = { id: "11111111-1111-4111-8111-111111111111", local: "mia.holt", given: "Mia", family: "Holt" };
const tom: CloudUser = { id: "22222222-2222-4222-8222-222222222222", local: "tom.reyes", given: "Tom", family: "Reyes", blocked: true };
const gMia: CloudUser = { id: "104937561234567890001", local: "mia", given: "Mia", family: "Holt" };
const gTom: CloudUser = { id: "104937561234567890002", local: "tom", given: "Tom", family: "Reyes", suspensionReason: "ADMIN" };
const gWes: CloudUser = { id: "104937561234567890003", local: "wes", given: "Wes", family: "Gray", suspensionReason: "WEB_LOGIN_REQUIRED" };

function repo(r: CloudRepo & { onSuspended?: string }): string {
  const dir = tempDir("scopesync-cloud-disabled-");
  writeCloudRepo(dir, { ...r, linked: true });
  writeWikiApprovers(dir, r.users.map((u) => loginOf(r.type, u)), r.onSuspended);
  return dir;
}

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const changesOf = (p: Plan, who: string): string[] => p.changes.filter((c) => c.identity === who).map((c) => `${c.action}${c.entitlement ? ` ${c.entitlement}` : ""}`);
const kept = (p: Plan) => p.findings.filter((f) => f.rule === "directory-disabled-access-kept");

describe("an Entra user whose sign-in is blocked", () => {
  const TOM = "tom.reyes@contoso.example";

  it("kept through onSuspended: keep is a directory-disabled-access-kept warning in Entra's words", async () => {
    const p = await plan(repo({ type: "entra", users: [mia, tom] }));
    expect(changesOf(p, TOM)).toEqual([]);
    expect(kept(p).map((f) => [f.identity, f.severity, f.message])).toEqual([[
      TOM,
      "warning",
      `${TOM} is disabled in entra (accountEnabled false: sign-in blocked), which entra reads as on leave (options.disabledMeans: suspended), and policies/apps/wiki.yaml:9 keeps the accounts of people on leave (accounts.onSuspended: keep): they keep group:finance-approvers (privileged) in wiki`,
    ]]);
    expect(kept(p)[0]!.remediation).toContain("set sources.entra.options.disabledMeans: terminated in scopesync.yaml");
  });

  it("under onSuspended: disable is disabled with a reason that says Entra blocked the sign-in, not that it said suspended", async () => {
    const p = await plan(repo({ type: "entra", users: [mia, tom], onSuspended: "disable" }));
    expect(changesOf(p, TOM)).toEqual(["revoke group:finance-approvers", "disable-account"]);
    expect(p.changes.find((c) => c.identity === TOM && c.action === "disable-account")!.reason).toBe(
      "disabled in entra (accountEnabled false: sign-in blocked), read as on leave (options.disabledMeans: suspended)",
    );
    expect(kept(p)).toEqual([]);
  });

  it("with options.disabledMeans: terminated is a leaver: offboarded, with no finding", async () => {
    const p = await plan(repo({ type: "entra", users: [mia, tom], options: ", disabledMeans: terminated" }));
    expect(changesOf(p, TOM)).toEqual(["revoke group:finance-approvers", "disable-account"]);
    expect(kept(p)).toEqual([]);
  });
});

describe("a Google user suspended", () => {
  it("by an administrator, kept through onSuspended: keep, is the warning; Google's own hold is not", async () => {
    const p = await plan(repo({ type: "google", users: [gMia, gTom, gWes] }));
    expect(changesOf(p, "tom")).toEqual([]);
    expect(kept(p).map((f) => [f.identity, f.message])).toEqual([[
      "tom",
      "tom is disabled in google (suspensionReason ADMIN: suspended by an administrator), which google reads as on leave (options.disabledMeans: suspended), and policies/apps/wiki.yaml:9 keeps the accounts of people on leave (accounts.onSuspended: keep): they keep group:finance-approvers (privileged) in wiki",
    ]]);
  });

  it("by an administrator is a leaver with options.disabledMeans: terminated; Google's hold stays a suspension the app keeps", async () => {
    const p = await plan(repo({ type: "google", users: [gMia, gTom, gWes], options: ", disabledMeans: terminated" }));
    expect(changesOf(p, "tom")).toEqual(["revoke group:finance-approvers", "disable-account"]);
    expect(p.changes.find((c) => c.identity === "tom" && c.action === "disable-account")!.reason).toBe(
      "left the organisation (disabled in google (suspensionReason ADMIN: suspended by an administrator), read as having left (options.disabledMeans: terminated))",
    );
    expect(changesOf(p, "wes")).toEqual([]);
    expect(kept(p)).toEqual([]);
  });
});
