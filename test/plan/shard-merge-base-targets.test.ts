// Sharded planning with --base when the pull request removes, renames or re-points a target: the
// removed target had no shard at the head, so the offboarding the base plans there was compared
// nowhere and the merged plan lacked the pr-cancels-revocations warning one process gives; and a
// re-pointed target's shard planned the base over the pull request's read of it, not the base's
// own, so its changes' origins (and the fingerprint) differed from the one-process plan's. Now
// `resolve` records the targets only the base has, each gets a shard, and the merge refuses to
// go without it. Real git repositories in temp dirs, the real CLI, compared byte for byte.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { repoOnBranch } from "../helpers/branch-repo.js";
import { CONFIG, edit, FILES, MILTON, NOW, policy, state } from "../helpers/offboarding-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();

// A SCIM app beside the file targets: a live target whose saved state (`state:`, scopesync's
// state format) the plan reads offline. milton's account is active there too.
const CRM = "  crm:\n    type: scim\n    url: https://crm.initech.example/scim/v2\n    token: \"${env:SCOPESYNC_CRM_TOKEN}\"\n    state: state/crm.json\n";
const WITH_CRM: Record<string, string> = {
  ...FILES,
  "scopesync.yaml": CONFIG.replace("safety:\n", `${CRM}safety:\n`),
  "policies/apps/crm.yaml": policy("crm"),
  "state/crm.json": state([
    { id: "c2", login: "bill.lumbergh", externalId: "hr:E2", active: true, attributes: {}, entitlements: ["group:finance"] },
    { id: "c3", login: "milton.waddams", externalId: "hr:E3", active: true, attributes: {}, entitlements: ["group:finance"] },
  ]),
};

/** One process: `plan --base main`, as JSON. */
async function onePlan(dir: string): Promise<string> {
  const r = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout;
}

/** resolve --base main, one shard per target named, the merge of `merged` of them (all, by default). */
async function sharded(dir: string, targets: readonly string[], merged: readonly string[] = targets): Promise<{ resolved: string; code: number; stdout: string; stderr: string }> {
  const snapshot = join(dir, "..", `${targets.join("-")}.snapshot`);
  const resolved = await runCli(["resolve", "--repo", dir, "--base", "main", "--now", NOW, "--out", snapshot]);
  expect(resolved.code, resolved.stderr).toBe(0);
  const shard = (t: string) => join(dir, "..", `shard-${t}.json`);
  for (const t of targets) {
    const r = await runCli(["plan", "--repo", dir, "--target", t, "--identities", snapshot, "--out", shard(t)]);
    expect(r.code, r.stderr).toBe(0);
  }
  const r = await runCli(["plan", "merge", ...merged.map(shard), "--repo", dir, "--identities", snapshot, "--format", "json"]);
  return { resolved: resolved.stderr, ...r };
}

const cancelled = (json: string) => (JSON.parse(json) as Plan).findings.filter((f) => f.rule === "pr-cancels-revocations").map((f) => [f.target, f.message]);
const REMOVED = `this pull request cancels 2 revocations that main's desired state makes on erp (it removes target erp from scopesync.yaml: once merged, nothing plans them): ${MILTON}`;

describe("plan --target and plan merge with --base, when the pull request drops or re-points a target", () => {
  it("a removed target: resolve names it, its shard reads main's state of it, the merge is the one-process plan", async () => {
    const { dir, git } = await repoOnBranch(join(tempDir("scopesync-shard-base-"), "repo"), FILES);
    edit(dir, "scopesync.yaml", "  erp:\n    type: file\n    path: state/erp.json\n", "");
    await git.rm(["policies/apps/erp.yaml", "state/erp.json"]);
    await git.add(".").commit("retire erp");
    const one = await onePlan(dir);
    expect(cancelled(one)).toEqual([["erp", REMOVED]]);

    const s = await sharded(dir, ["wiki", "erp"]);
    expect(s.resolved).toContain("targets to plan, one shard each: wiki; and erp, which this pull request removes (its shard names what main revokes there)");
    expect(s.stderr).toBe("");
    expect(s.code).toBe(0);
    expect(s.stdout).toBe(one);
  });

  it("a removed target without its shard: the merge refuses, naming it and the command that makes its shard", async () => {
    const { dir, git } = await repoOnBranch(join(tempDir("scopesync-shard-base-"), "repo"), FILES);
    edit(dir, "scopesync.yaml", "  erp:\n    type: file\n    path: state/erp.json\n", "");
    await git.rm("policies/apps/erp.yaml");
    await git.add(".").commit("retire erp");
    const s = await sharded(dir, ["wiki"]);
    expect(s.code).toBe(1);
    expect(s.stdout).toBe("");
    expect(s.stderr).toContain(`no shard plans target "erp", which this pull request removes from scopesync.yaml: the revocations main makes there are checked in its shard`);
    expect(s.stderr).toMatch(/scopesync plan --target erp --identities \S+ --out erp\.json \(it reads main's state of it\)/);
    expect(s.stderr).not.toMatch(/\n\s+at /);
  });

  it("a renamed target whose state file the pull request deleted: the old name's shard reads it at main", async () => {
    const { dir, git } = await repoOnBranch(join(tempDir("scopesync-shard-base-"), "repo"), FILES);
    edit(dir, "scopesync.yaml", "  erp:\n    type: file\n    path: state/erp.json\n", "  ledger:\n    type: file\n    path: state/ledger.json\n");
    writeFileSync(join(dir, "state/ledger.json"), state([]));
    await git.rm("state/erp.json");
    await git.mv("policies/apps/erp.yaml", "policies/apps/ledger.yaml");
    edit(dir, "policies/apps/ledger.yaml", "id: erp\ntarget: erp", "id: ledger\ntarget: ledger");
    await git.add(".").commit("erp is ledger now");
    const one = await onePlan(dir);
    expect(cancelled(one)).toEqual([["erp", REMOVED]]);
    const s = await sharded(dir, ["ledger", "wiki", "erp"]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toBe(one);
  });

  it("a target pointed at another state file: its shard plans main over main's own state, so origins and fingerprint match", async () => {
    const { dir, git } = await repoOnBranch(join(tempDir("scopesync-shard-base-"), "repo"), FILES);
    edit(dir, "scopesync.yaml", "path: state/erp.json", "path: state/erp-empty.json");
    writeFileSync(join(dir, "state/erp-empty.json"), state([]));
    await git.add(".").commit("point erp elsewhere");
    const one = await onePlan(dir);
    // bill's new account is this pull request's: main makes none (it offboards milton there).
    expect((JSON.parse(one) as Plan).changes.map((c) => `${c.action} ${c.identity} ${c.origin}`)).toEqual(["create-account bill.lumbergh pr", "grant bill.lumbergh pr"]);
    expect(cancelled(one).map(([t]) => t)).toEqual(["erp"]);
    const s = await sharded(dir, ["erp", "wiki"]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toBe(one);
  });

  // A status mapping that reads leavers as active cancels milton's offboarding everywhere; on a
  // target whose entry the pull request also changes, the warning says main's plan there was made
  // over main's own entry (and asks for it to be applied first), in the shard as in one process.
  for (const [what, from, to] of [
    ["a SCIM target pointed at another URL", "url: https://crm.initech.example/scim/v2", "url: https://crm-eu.initech.example/scim/v2"],
    ["a SCIM target whose options alone change", "    state: state/crm.json\n", "    state: state/crm.json\n    options: { pageSize: 50 }\n"],
  ] as const) {
    it(`${what}, with leavers read as active: the merge names what main revokes there as one process does`, async () => {
      const { dir, git } = await repoOnBranch(join(tempDir("scopesync-shard-base-"), "repo"), WITH_CRM);
      edit(dir, "scopesync.yaml", from, to);
      edit(dir, "scopesync.yaml", "inactive: terminated", "inactive: active");
      await git.add(".").commit(what);
      const one = await onePlan(dir);
      expect(cancelled(one).map(([t, m]) => [t, m!.slice(0, m!.indexOf(":"))])).toEqual([
        ["crm", "this pull request cancels 2 revocations that main's desired state makes on crm (it points target crm at another state or system"],
        ["erp", "this pull request cancels 2 revocations that main's desired state makes on erp"],
      ]);
      const s = await sharded(dir, ["crm", "erp", "wiki"]);
      expect(s.code, s.stderr).toBe(0);
      expect(s.stdout).toBe(one);
    });
  }

  it("a removed SCIM target's shard with --live opens no connector: it reads main's saved state, as one process does", async () => {
    const { dir, git } = await repoOnBranch(join(tempDir("scopesync-shard-base-"), "repo"), WITH_CRM);
    edit(dir, "scopesync.yaml", CRM, "");
    await git.rm("policies/apps/crm.yaml");
    await git.add(".").commit("retire crm");
    const snapshot = join(dir, "..", "crm.snapshot");
    expect((await runCli(["resolve", "--repo", dir, "--base", "main", "--now", NOW, "--out", snapshot])).code).toBe(0);
    // Nothing listens at crm.initech.example: a connector opened for it would fail the shard.
    const live = await runCli(["plan", "--repo", dir, "--target", "crm", "--live", "--identities", snapshot]);
    expect(live.stderr).toBe("");
    expect(live.code).toBe(0);
    const offline = await runCli(["plan", "--repo", dir, "--target", "crm", "--identities", snapshot]);
    expect(live.stdout).toBe(offline.stdout);
    expect(JSON.parse(live.stdout)).toMatchObject({ removed: { target: "crm", findings: [{ rule: "pr-cancels-revocations", target: "crm" }] } });
  });

  it("a removed target whose state neither the checkout nor main has: its shard stops with the one-line error one process gives", async () => {
    const { dir, git } = await repoOnBranch(join(tempDir("scopesync-shard-base-"), "repo"), FILES);
    // main names a state file it never committed (a live target's unpulled state, say).
    await git.checkout("main");
    edit(dir, "scopesync.yaml", "path: state/erp.json", "path: state/erp-local.json");
    await git.add(".").commit("erp state not committed");
    await git.branch(["-D", "pr"]);
    await git.checkoutLocalBranch("pr");
    edit(dir, "scopesync.yaml", "  erp:\n    type: file\n    path: state/erp-local.json\n", "");
    await git.rm("policies/apps/erp.yaml");
    await git.add(".").commit("retire erp");
    const snapshot = join(dir, "..", "erp.snapshot");
    expect((await runCli(["resolve", "--repo", dir, "--base", "main", "--now", NOW, "--out", snapshot])).code).toBe(0);
    const r = await runCli(["plan", "--repo", dir, "--target", "erp", "--identities", snapshot]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('target "erp" of main, which this pull request removes: its state state/erp-local.json is neither in the working tree nor at main');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a target only the base has is no target without --base: plan --target refuses it as unknown", async () => {
    const { dir, git } = await repoOnBranch(join(tempDir("scopesync-shard-base-"), "repo"), FILES);
    edit(dir, "scopesync.yaml", "  erp:\n    type: file\n    path: state/erp.json\n", "");
    await git.rm("policies/apps/erp.yaml");
    await git.add(".").commit("retire erp");
    const r = await runCli(["plan", "--repo", dir, "--target", "erp", "--now", NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`unknown target "erp"`);
    expect(r.stderr).toContain("targets in scopesync.yaml: wiki");
  });
});
