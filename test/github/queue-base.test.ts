// A merge group's plan job and its trusted re-plan (publish) mark its changes against the same
// commit: the one the group was built on (merge_group.base_sha), which publish, started by a
// workflow_run event that names no pull request, reads from the queue's branch name. Planning
// against origin/<base> in each would differ whenever the queue merged another group between them.
import { describe, expect, it } from "vitest";
import type { ActionContext } from "../../src/github/action-io.js";
import { baseRef } from "../../src/github/action-plan.js";
import { queueBranch, trustedBase } from "../../src/github/action-publish.js";

const SHA = "c".repeat(40);
const ctx = (base = "", event: Record<string, unknown> = {}) => ({ input: (name: string) => (name === "base" ? base : ""), event: () => event }) as unknown as ActionContext;

describe("the base of a merge group's plans", () => {
  it("is read from the merge queue's branch name: the branch, slashes and all, and the commit", () => {
    expect(queueBranch(`gh-readonly-queue/main/pr-42-${SHA}`)).toEqual({ baseRef: "main", baseSha: SHA });
    expect(queueBranch(`refs/heads/gh-readonly-queue/release/v2/pr-7-${SHA}`)).toEqual({ baseRef: "release/v2", baseSha: SHA });
    expect(queueBranch("feature/gh-readonly-queue")).toBeUndefined();
    // Without a full sha the branch is still known, and publish plans against origin/<branch>, as the plan job does without a base_sha.
    expect(queueBranch(`gh-readonly-queue/main/pr-42`)).toEqual({ baseRef: "main" });
    expect(queueBranch(`gh-readonly-queue/main/pr-42-${SHA.slice(0, 12)}`)).toEqual({ baseRef: "main" });
    expect(queueBranch(`gh-readonly-queue/main/pr-42-${SHA.toUpperCase()}`)).toEqual({ baseRef: "main", baseSha: SHA });
    expect(queueBranch(undefined)).toBeUndefined();
  });

  it("is the same commit in the plan job (merge_group.base_sha) and in publish, unless the input names one", async () => {
    const publishBase = async (c: ActionContext, run: Parameters<typeof trustedBase>[1]) => (await trustedBase(c, run, "/nonexistent", undefined)).base;
    const run = { runId: 1, event: "merge_group", headSha: "d".repeat(40), group: { baseRef: "release/v2", baseSha: SHA } };
    expect(await publishBase(ctx(), run)).toBe(SHA);
    expect(baseRef(ctx("", { merge_group: { base_ref: "refs/heads/release/v2", base_sha: SHA, head_ref: `refs/heads/gh-readonly-queue/release/v2/pr-7-${SHA}` } }))).toBe(SHA);
    expect(await publishBase(ctx("HEAD"), run)).toBe("HEAD");
    expect(await publishBase(ctx(), { runId: 1, event: "pull_request", headSha: SHA, pr: { number: 3, baseRef: "main" } })).toBe("origin/main");
    expect(baseRef(ctx("", { pull_request: { base: { ref: "main" } } }))).toBe("origin/main");
    expect(await publishBase(ctx(), { runId: 1, event: "merge_group", headSha: SHA })).toBeUndefined();
    expect(await publishBase(ctx(), { runId: 1, event: "merge_group", headSha: SHA, group: { baseRef: "main" } })).toBe("origin/main");
    expect(baseRef(ctx("", { merge_group: { base_ref: "refs/heads/main" } }))).toBe("origin/main");
  });
});
