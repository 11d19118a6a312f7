// A grant is caused by a membership and by the app policy's mapping of that group to the
// entitlement (rv94 MEDIUM 2, rv93 LOW D and E). Every grant's evidence cited the policy's first
// line, never the mapping; with `--base`, a pull request adding `staging-deployers -> role:admin`
// made a CI account an org owner, and the grant read "explicit member of staging-deployers", a
// membership the pull request did not touch. And `explain` said "none of its groups maps to it" of
// an entitlement whose group does map to it, when the membership's `until` had passed.
// The bundled example (in a real git repository for --base); the real CLI.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { EXAMPLE_NOW, editFile, examplePullRequest, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";
import { shardAndMerge } from "../helpers/sharded-plan.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();

/** The 1-based line of the `- group: GROUP` entry followed by `entitlement: ENTITLEMENT` in a policy file. */
function mappingLine(file: string, group: string, entitlement: string): number {
  const lines = readFileSync(file, "utf8").split("\n");
  const i = lines.findIndex((l, k) => l.trim() === `- group: ${group}` && lines[k + 1]?.trim() === `entitlement: ${entitlement}`);
  expect(i, `${group} -> ${entitlement} in ${file}`).toBeGreaterThanOrEqual(0);
  return i + 1;
}

const ADMIN_MAPPING = "  - group: staging-deployers\n    entitlement: role:admin\n";
const addAdminMapping = (dir: string) =>
  editFile(join(dir, "policies/apps/github.yaml"), (t) => t.replace("  - group: staging-deployers\n    entitlement: team:staging-deployers\n", (m) => m + ADMIN_MAPPING));

describe("a grant's evidence", () => {
  it("cites the mapping entry that turns the membership into the entitlement, not the policy's first line", async () => {
    const dir = exampleForTest();
    const plan = JSON.parse((await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW])).stdout) as Plan;
    const line = mappingLine(join(dir, "policies/apps/github.yaml"), "engineering", "team:engineering");
    const grant = plan.changes.find((c) => c.identity === "jonas.berg" && c.action === "grant" && c.entitlement === "team:engineering")!;
    expect(grant.evidence).toEqual(["identities/groups/engineering.yaml:7", `policies/apps/github.yaml:${line}`]);
    // An expired `until`: the member entry and the mapping that used to justify it.
    const admin = mappingLine(join(dir, "policies/apps/github.yaml"), "platform-admins", "role:admin");
    const revoke = plan.changes.find((c) => c.identity === "nikhil.rao" && c.action === "revoke" && c.entitlement === "role:admin")!;
    expect(revoke.evidence).toEqual(["identities/groups/platform-admins.yaml:20", `policies/apps/github.yaml:${admin}`]);
  });

  it("with --base, says a mapping the pull request adds caused the grant, at its line (one process and shards alike)", async () => {
    const dir = await examplePullRequest(addAdminMapping);
    const line = mappingLine(join(dir, "policies/apps/github.yaml"), "staging-deployers", "role:admin");
    const one = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", EXAMPLE_NOW]);
    const plan = JSON.parse(one.stdout) as Plan;
    const grant = plan.changes.find((c) => c.identity === "svc-staging-deployer" && c.action === "grant" && c.entitlement === "role:admin")!;
    expect(grant.origin).toBe("pr");
    expect(grant.reason).toBe(`mapped to role:admin by this pull request at policies/apps/github.yaml:${line}; explicit member of staging-deployers (Deploys every merged PR to staging)`);
    expect(grant.evidence).toEqual(["identities/groups/staging-deployers.yaml:8", `policies/apps/github.yaml:${line}`]);
    // A grant whose mapping the base has too keeps the planner's reason.
    for (const c of plan.changes) if (c.action === "grant" && c.entitlement !== "role:admin") expect(c.reason).not.toMatch(/^mapped to/);
    // A shard plans the pull request's reasons as one process does.
    const sharded = await shardAndMerge(dir, ["crm", "github", "local"], tempDir("grant-mapping-"), "pr", ["--base", "main", "--now", EXAMPLE_NOW]);
    expect(sharded.codes, sharded.stderr).toEqual([0, 0, 0, 0, 0]);
    expect(sharded.json).toBe(one.stdout);
  });
});

describe("explain", () => {
  it("names the mapping that justifies an entitlement, and an expired membership as ended, with its date", async () => {
    const dir = exampleForTest();
    const r = await runCli(["explain", "nikhil.rao", "--repo", dir, "--app", "github", "--now", EXAMPLE_NOW]);
    expect(r.code, r.stderr).toBe(0);
    const file = join(dir, "policies/apps/github.yaml");
    expect(r.stdout).toContain(`team:security: held, justified by security (birthright, identities/groups/security.yaml:7), mapped at policies/apps/github.yaml:${mappingLine(file, "security", "team:security")}`);
    expect(r.stdout).toContain(`role:admin (privileged): held, not justified: membership of platform-admins ended on 2026-11-20 (identities/groups/platform-admins.yaml:20), mapped at policies/apps/github.yaml:${mappingLine(file, "platform-admins", "role:admin")}; planned: revoke`);
    expect(r.stdout).not.toContain("none of its groups maps to it");
  });
});
