// A pull request that takes access away by removing a line: a mapping, a group's member entry or
// birthright rule, or an include of an app's scope. The revoke read as drift ("role:admin is held
// in github but granted by no group") or a plain scope exit, with nothing saying the pull request
// caused it, and the line it removed is in no file the reviewer reads. Now its reason says so
// first, at the base's file:line, which its evidence cites too: in the plan, the comment's and the
// text plan's list of this pull request's changes, and explain. The bundled example in a real git
// repository for --base; the real CLI.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { renderMarkdown } from "../../src/plan/render/markdown.js";
import { renderText } from "../../src/plan/render/text.js";
import { EXAMPLE_NOW, editFile, examplePullRequest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";
import { shardAndMerge } from "../helpers/sharded-plan.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();

/** Replaces `from` (which must be there) by `to` in the example's file. */
function replaceIn(dir: string, file: string, from: string, to: string): void {
  editFile(join(dir, file), (t) => {
    expect(t, file).toContain(from);
    return t.replace(from, to);
  });
}

/** One change, found by target-independent fields. */
function changeOf(plan: Plan, identity: string, action: string, entitlement?: string) {
  const c = plan.changes.find((x) => x.identity === identity && x.action === action && x.entitlement === entitlement);
  expect(c, `${action} ${identity} ${entitlement ?? ""}`).toBeDefined();
  return c!;
}

describe("a revoke the pull request causes by removing a line", () => {
  it("says which line of the base it removed: a mapping, a member entry, a birthright rule (one process and shards alike)", async () => {
    const dir = await examplePullRequest((d) => {
      // policies/apps/github.yaml:50 at the base.
      replaceIn(d, "policies/apps/github.yaml", "  - group: org-owners\n    entitlement: role:admin\n    privileged: true\n", "");
      // identities/groups/staging-deployers.yaml:8 at the base.
      replaceIn(d, "identities/groups/staging-deployers.yaml", "  - identity: svc-staging-deployer\n    reason: Deploys every merged PR to staging\n", "");
      // identities/groups/security.yaml:7 at the base: narrowed so that nobody matches.
      replaceIn(d, "identities/groups/security.yaml", "where: { department: Security }", "where: { department: Security, title: Nobody }");
    });
    const one = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", EXAMPLE_NOW]);
    // Blocked (exit 3): the admins guard keeps two org owners; the reasons are planned all the same.
    expect(one.code, one.stderr).toBe(3);
    const plan = JSON.parse(one.stdout) as Plan;

    const owner = changeOf(plan, "scopesync-bot", "revoke", "role:admin");
    expect(owner.origin).toBe("pr");
    expect(owner.reason).toBe("mapping of org-owners to role:admin removed by this pull request (policies/apps/github.yaml:50 at main); role:admin is held in github but granted by no group in policies/apps/github.yaml:2");
    expect(owner.evidence[0]).toBe("policies/apps/github.yaml:50 at main");

    const deployer = changeOf(plan, "svc-staging-deployer", "revoke", "team:staging-deployers");
    expect(deployer.reason).toBe("membership of staging-deployers ended by this pull request (identities/groups/staging-deployers.yaml:8 at main: member entry removed); team:staging-deployers is held in github but granted by no group in policies/apps/github.yaml:2");
    expect(deployer.evidence[0]).toBe("identities/groups/staging-deployers.yaml:8 at main");

    const security = changeOf(plan, "olga.ivanova", "revoke", "team:security");
    expect(security.reason).toMatch(/^membership of security ended by this pull request \(identities\/groups\/security\.yaml:7 at main: birthright rule no longer matches olga\.ivanova\); /);

    // Every revoke the pull request makes says so: none reads as drift alone.
    for (const c of plan.changes) if (c.origin === "pr") expect(c.reason).toMatch(/by this pull request/);
    // A revoke the base makes too keeps the planner's words.
    expect(changeOf(plan, "nikhil.rao", "revoke", "role:admin").reason).toMatch(/^grant to platform-admins expired/);

    // The comment's and the text plan's list of this pull request's changes carry it.
    const md = renderMarkdown(plan);
    const prTable = md.slice(md.indexOf("<b>Changes this pull request makes</b>"), md.indexOf("</details>", md.indexOf("<b>Changes this pull request makes</b>")));
    expect(prTable).toContain("mapping of org\\-owners to role:admin removed by this pull request \\(policies/apps/github.yaml:50 at main\\)");
    const text = renderText(plan, { color: false });
    const prList = text.slice(text.indexOf("This pull request's changes"), text.indexOf("\n\n", text.indexOf("This pull request's changes")));
    expect(prList).toContain("      mapping of org-owners to role:admin removed by this pull request (policies/apps/github.yaml:50 at main); ");

    // explain --base names it, with the base's line as evidence.
    const explained = await runCli(["explain", "scopesync-bot", "--repo", dir, "--base", "main", "--app", "github", "--now", EXAMPLE_NOW]);
    expect(explained.code, explained.stderr).toBe(0);
    expect(explained.stdout).toContain("revoke role:admin (pr, privileged): mapping of org-owners to role:admin removed by this pull request (policies/apps/github.yaml:50 at main)");
    expect(explained.stdout).toContain("evidence: policies/apps/github.yaml:50 at main");

    // A shard says the same as one process.
    const sharded = await shardAndMerge(dir, ["crm", "github", "local"], tempDir("removal-"), "pr", ["--base", "main", "--now", EXAMPLE_NOW]);
    expect(sharded.codes, sharded.stderr).toEqual([0, 0, 0, 0, 3]);
    expect(sharded.json).toBe(one.stdout);
  }, 120_000);

  it("says which include of the base's scope matched a person the narrowed scope leaves out", async () => {
    const dir = await examplePullRequest((d) => replaceIn(d, "policies/apps/github.yaml", "where: { department: [Engineering, Platform, Security] }", "where: { department: [Engineering, Platform] }"));
    const out = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", EXAMPLE_NOW]);
    const plan = JSON.parse(out.stdout) as Plan;
    const why = "out of the scope of github by this pull request (policies/apps/github.yaml:11 at main: scope.include[0] matched tariq.aziz, no include of this pull request does); no longer in the scope of policies/apps/github.yaml:2";
    for (const c of [changeOf(plan, "tariq.aziz", "disable-account"), changeOf(plan, "tariq.aziz", "revoke", "team:security")]) {
      expect(c.origin).toBe("pr");
      expect(c.reason).toBe(why);
      expect(c.evidence[0]).toBe("policies/apps/github.yaml:11 at main");
    }
  });
});
