// Sharded planning with --base when the pull request re-points a target: its shard planned the
// base over the pull request's read of it, not the base's own, so its changes' origins (and the
// fingerprint) differed from the one-process plan's, and pr-cancels-revocations did not say the
// target was re-pointed. Real git repositories in temp dirs, the real CLI, compared byte for byte.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { repoOnBranch } from "../helpers/branch-repo.js";
import { CONFIG, edit, FILES, NOW, policy, state } from "../helpers/offboarding-repo.js";
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

describe("plan --target and plan merge with --base, when the pull request re-points a target", () => {
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

});
