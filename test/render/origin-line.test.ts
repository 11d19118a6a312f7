import { renameSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { renderMarkdown } from "../../src/plan/render/markdown.js";
import { EXAMPLE_NOW, examplePullRequest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

// The comment's "Where the changes come from" line counts the pull request's own changes as
// "this PR". A pull request that moves files or rewords descriptions makes none, and the line left
// "this PR" out: the reviewer could not tell "this pull request changes no access" from a plan made
// without --base, where no change is ever the pull request's (rv82).

const ORIGINS = /^Where the changes come from: .*$/m;

describe("the comment's origin line", () => {
  it("with --base, counts this PR at 0 when the pull request adds no change; without --base, leaves it out", async () => {
    // A refactor: the app policy moves to another file.
    const dir = await examplePullRequest((d) => renameSync(join(d, "policies/apps/github.yaml"), join(d, "policies/apps/github-org.yaml")));
    const based = await runCli(["plan", "--repo", dir, "--base", "main", "--now", EXAMPLE_NOW, "--format", "json"]);
    expect(based.stderr).toBe("");
    const plan = JSON.parse(based.stdout) as Plan;
    expect(plan.changes.length).toBeGreaterThan(0);
    expect(plan.changes.filter((c) => c.origin === "pr")).toEqual([]);
    expect(renderMarkdown(plan).match(ORIGINS)?.[0]).toBe("Where the changes come from: **0** this PR · **29** source · **3** drift · **10** policy");
    // A comment cut to GitHub's limit has the same head.
    expect(renderMarkdown(plan, { limit: 6000 }).match(ORIGINS)?.[0]).toBe("Where the changes come from: **0** this PR · **29** source · **3** drift · **10** policy");

    const { base: _base, ...without } = plan;
    expect(renderMarkdown(without as Plan).match(ORIGINS)?.[0]).toBe("Where the changes come from: **29** source · **3** drift · **10** policy");
  });
});
