// Active Directory as the source of people, as an `ldifde -f` export: CRLF, changetype: add,
// objectGUID:: (the GUID's bytes, little-endian groups), decimal userAccountControl, FILETIME
// accountExpires. Disabling the account and moving it to a Leavers OU is the usual AD leaver step,
// and AD has no "on leave" state. Before, a disabled account was read as on leave and nothing
// said so: in an app that keeps the accounts of people on leave, a leaver kept a privileged group
// with no change and no finding, and an account IT had disabled by hand was enabled again "because
// he is on leave". And an accountExpires that passed after the export kept all access, the plan
// asking the reviewer to "correct their status in the source", which AD does not have.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { writeAdRepo, type AdUser } from "../helpers/ad-ldif.js";
import { writeWikiApprovers } from "../helpers/wiki-approvers.js";

const tempDir = tempDirs();
const NOW = "2026-11-26T09:00:00Z";
const BO = "ad:22222222-2222-4222-8222-222222222222";

const ana: AdUser = { sam: "aalves", given: "Ana", family: "Alves", guid: "11111111-1111-4111-8111-111111111111", uac: 512, ou: "Staff" };
const bo: AdUser = { sam: "bberg", given: "Bo", family: "Berg", guid: "22222222-2222-4222-8222-222222222222", uac: 514, ou: "Leavers" };
const dana: AdUser = { sam: "ddahl", given: "Dana", family: "Dahl", guid: "44444444-4444-4444-8444-444444444444", uac: 66048, ou: "Contractors", expires: "2026-11-26T08:00:00Z" };

const APPROVERS = ["aalves", "bberg", "ddahl"];

interface Repo { ad: AdUser[]; adOptions?: string; onSuspended?: string; boActive?: boolean; hr?: string }

function repo(r: Repo): string {
  const dir = tempDir("scopesync-ad-disabled-");
  for (const d of ["exports", "state"]) mkdirSync(join(dir, d), { recursive: true });
  writeAdRepo(dir, r);
  writeWikiApprovers(dir, APPROVERS, r.onSuspended);
  const accounts = r.ad.map((u, i) => ({ id: `w${i}`, login: u.sam, externalId: `ad:${u.guid}`, active: u.sam === "bberg" ? (r.boActive ?? true) : true, attributes: {}, entitlements: ["group:finance-approvers"] }));
  writeFileSync(join(dir, "state/wiki.json"), JSON.stringify({ formatVersion: 1, target: "wiki", accounts }));
  return dir;
}

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const changesOf = (p: Plan, who: string): string[] => p.changes.filter((c) => c.identity === who).map((c) => `${c.action}${c.entitlement ? ` ${c.entitlement}` : ""}`);

describe("an AD account disabled by the leaver process", () => {
  it("kept through onSuspended: keep is a directory-disabled-access-kept warning that says what AD said, and the plan never says 'on leave'", async () => {
    const p = await plan(repo({ ad: [ana, bo] }));
    expect(changesOf(p, "bberg")).toEqual([]);
    const kept = p.findings.filter((f) => f.rule === "directory-disabled-access-kept");
    expect(kept).toEqual([
      expect.objectContaining({
        severity: "warning",
        identity: "bberg",
        target: "wiki",
        message: "bberg is disabled in ad (userAccountControl 514: ACCOUNTDISABLE), which ad reads as on leave (options.disabledMeans: suspended), and policies/apps/wiki.yaml:9 keeps the accounts of people on leave (accounts.onSuspended: keep): they keep group:finance-approvers (privileged) in wiki",
        location: "ad exports/ad.ldf entry 2 (line 18)",
      }),
    ]);
    expect(kept[0]!.remediation).toContain("set sources.ad.options.disabledMeans: terminated in scopesync.yaml");
    expect(kept[0]!.remediation).toContain("set accounts.onSuspended: disable at policies/apps/wiki.yaml:9");
  });

  it("disabled by hand in the app is enabled again only with a reason that says AD disabled him, not that he is on leave", async () => {
    const p = await plan(repo({ ad: [ana, bo], boActive: false }));
    const enable = p.changes.find((c) => c.identity === "bberg" && c.action === "enable-account");
    expect(enable?.reason).toBe(`${BO} is disabled in ad (userAccountControl 514: ACCOUNTDISABLE), which ad reads as on leave (options.disabledMeans: suspended), and policies/apps/wiki.yaml:1 keeps the accounts of people on leave (accounts.onSuspended: keep): the disabled account "bberg" is enabled`);
    expect(JSON.stringify(p.changes)).not.toContain("is on leave");
    expect(p.findings.map((f) => `${f.rule} ${f.identity}`)).toContain("directory-disabled-access-kept bberg");
  });

  it("with options.disabledMeans: terminated is a leaver: offboarded, saying so in AD's words, with no finding", async () => {
    const p = await plan(repo({ ad: [ana, bo], adOptions: ", disabledMeans: terminated" }));
    expect(changesOf(p, "bberg")).toEqual(["revoke group:finance-approvers", "disable-account"]);
    const disable = p.changes.find((c) => c.identity === "bberg" && c.action === "disable-account")!;
    expect(disable.reason).toBe("left the organisation (disabled in ad (userAccountControl 514: ACCOUNTDISABLE), read as having left (options.disabledMeans: terminated))");
    expect(p.findings.filter((f) => f.rule === "directory-disabled-access-kept")).toEqual([]);
  });

  it("under onSuspended: disable is disabled, the reason saying AD disabled him", async () => {
    const p = await plan(repo({ ad: [ana, bo], onSuspended: "disable" }));
    expect(changesOf(p, "bberg")).toEqual(["revoke group:finance-approvers", "disable-account"]);
    expect(p.changes.find((c) => c.identity === "bberg" && c.action === "disable-account")!.reason).toBe("disabled in ad (userAccountControl 514: ACCOUNTDISABLE), read as on leave (options.disabledMeans: suspended)");
    expect(p.findings.filter((f) => f.rule === "directory-disabled-access-kept")).toEqual([]);
  });

  it("is not the finding when HR says the leave: an on-leave HR status is a leave the source said", async () => {
    const hr = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus\nW2,bberg,Bo,Berg,bberg@contoso.example,suspended\nW1,aalves,Ana,Alves,aalves@contoso.example,active\n";
    // AD disabled him too, but hr decides the status (authoritative: status): a leave hr said.
    const p = await plan(repo({ ad: [ana, { ...bo, employeeId: "W2" }], hr, boActive: false }));
    expect(p.changes.find((c) => c.identity === "bberg" && c.action === "enable-account")?.reason).toBe(`${BO} is on leave (suspended in hr), and policies/apps/wiki.yaml:1 keeps the accounts of people on leave (accounts.onSuspended: keep): the disabled account "bberg" is enabled`);
    expect(p.findings.filter((f) => f.rule === "directory-disabled-access-kept")).toEqual([]);
  });
});

describe("an AD accountExpires that passes after the export", () => {
  it("is the leaving at the plan's --now: offboarded, deterministically", async () => {
    const dir = repo({ ad: [ana, dana], onSuspended: "disable" });
    const p = await plan(dir);
    expect(changesOf(p, "ddahl")).toEqual(["revoke group:finance-approvers", "disable-account"]);
    expect(p.changes.find((c) => c.identity === "ddahl" && c.action === "disable-account")!.reason).toBe("left the organisation on 2026-11-26T08:00:00.000Z (accountExpires in ad has passed)");
    expect(p.findings.filter((f) => f.rule === "termination-date-passed")).toEqual([]);
    expect(await plan(dir)).toEqual(p);
    // An hour before the expiry, the same export keeps her.
    const before = await runCli(["plan", "--repo", dir, "--format", "json", "--now", "2026-11-26T07:00:00Z"]);
    expect(changesOf(JSON.parse(before.stdout) as Plan, "ddahl")).toEqual([]);
  });

  it("while another source decides the status as active, termination-date-passed asks for that source or the expiry, not for an AD status", async () => {
    const hr = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus\nW4,ddahl,Dana,Dahl,ddahl@contoso.example,active\nW1,aalves,Ana,Alves,aalves@contoso.example,active\n";
    const p = await plan(repo({ ad: [ana, { ...dana, employeeId: "W4" }], hr }));
    const passed = p.findings.filter((f) => f.rule === "termination-date-passed");
    expect(passed.map((f) => [f.identity, f.message, f.remediation])).toEqual([[
      "ddahl",
      "ddahl's account in ad expired at 2026-11-26T08:00:00.000Z (accountExpires: the directory refuses its logons from then on), but hr, which decides their status, still says active: the plan does not offboard them",
      "if they left, correct their status in hr (the next plan offboards them); if they stay, extend or clear accountExpires in ad",
    ]]);
  });
});
