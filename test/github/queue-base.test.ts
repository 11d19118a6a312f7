// A merge group's trusted re-plan marks its changes against the branch the group merges into, as
// the plan job did (origin/<merge_group.base_ref>): the workflow_run event that starts publish
// names no pull request for a merge group, only the queue's branch.
import { describe, expect, it } from "vitest";
import type { ActionContext } from "../../src/github/action-io.js";
import { publishBase, queueBaseRef } from "../../src/github/action-publish.js";

const SHA = "c".repeat(40);
const ctx = (base = "") => ({ input: (name: string) => (name === "base" ? base : "") }) as unknown as ActionContext;

describe("the base of a merge group's trusted re-plan", () => {
  it("is the branch in the merge queue's branch name, slashes and all", () => {
    expect(queueBaseRef(`gh-readonly-queue/main/pr-42-${SHA}`)).toBe("main");
    expect(queueBaseRef(`refs/heads/gh-readonly-queue/release/v2/pr-7-${SHA}`)).toBe("release/v2");
    expect(queueBaseRef("feature/gh-readonly-queue")).toBeUndefined();
    expect(queueBaseRef(`gh-readonly-queue/main/pr-42`)).toBeUndefined();
    expect(queueBaseRef(undefined)).toBeUndefined();
  });

  it("is origin/<that branch>, as for a pull request, unless the input names one", () => {
    const run = { runId: 1, event: "merge_group", headSha: SHA, group: { baseRef: "release/v2" } };
    expect(publishBase(ctx(), run)).toBe("origin/release/v2");
    expect(publishBase(ctx("HEAD"), run)).toBe("HEAD");
    expect(publishBase(ctx(), { runId: 1, event: "pull_request", headSha: SHA, pr: { number: 3, baseRef: "main" } })).toBe("origin/main");
    expect(publishBase(ctx(), { runId: 1, event: "merge_group", headSha: SHA })).toBeUndefined();
  });
});
