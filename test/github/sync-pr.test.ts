// The scheduled sync's one review pull request, against the OpenAPI-validated fake.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openOrRefreshSyncPullRequest, SYNC_BRANCH } from "../../src/github/sync-pr.js";
import { REPO, startWorld, stopWorld, writes, type World } from "./helpers.js";

let w: World;
beforeEach(async () => {
  w = await startWorld();
  w.fake.org.prs.setBranch(REPO, SYNC_BRANCH, "c".repeat(40)); // the workflow pushed the snapshot commit
});
afterEach(() => stopWorld(w));

const syncPulls = () => w.fake.org.prs.pulls.filter((p) => p.head === SYNC_BRANCH);

describe("sync pull request", () => {
  it("is opened once, then refreshed (title and body), never a second one", async () => {
    const opened = await openOrRefreshSyncPullRequest(w.gh, { base: "main", title: "scopesync: review 3 access grants", body: "three grants" });
    const refreshed = await openOrRefreshSyncPullRequest(w.gh, { base: "main", title: "scopesync: review 5 access grants", body: "five grants" });
    const same = await openOrRefreshSyncPullRequest(w.gh, { base: "main", title: "scopesync: review 5 access grants", body: "five grants" });

    expect([opened.action, refreshed.action, same.action]).toEqual(["created", "updated", "unchanged"]);
    expect(new Set([opened.number, refreshed.number, same.number]).size).toBe(1);
    expect(syncPulls()).toHaveLength(1);
    expect(syncPulls()[0]).toMatchObject({ title: "scopesync: review 5 access grants", body: "five grants", state: "open", base: "main" });
    expect(writes(w.fake)).toEqual(["POST pulls/create", "PATCH pulls/update"]);
  });

  it("opens a new one once the previous sync PR was merged", async () => {
    const first = await openOrRefreshSyncPullRequest(w.gh, { base: "main", title: "sync 1", body: "a" });
    w.fake.org.prs.merge(REPO, first.number, "d".repeat(40));

    const second = await openOrRefreshSyncPullRequest(w.gh, { base: "main", title: "sync 2", body: "b" });

    expect(second.action).toBe("created");
    expect(second.number).not.toBe(first.number);
    expect(syncPulls().filter((p) => p.state === "open")).toHaveLength(1);
  });

  it("ignores other pull requests and does not mistake another branch for the sync branch", async () => {
    const result = await openOrRefreshSyncPullRequest(w.gh, { base: "main", title: "sync", body: "x" });
    expect(result.number).not.toBe(w.pr);
    expect(w.fake.org.prs.pull(REPO, w.pr)!.title).toBe("Ada joins platform-admins");
  });
});
