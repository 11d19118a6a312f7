// The Action's apply (a merged commit) and sync re-plan against the snapshots accepted before the
// change, as the reviewed plan was: a change that carries a new snapshot is not measured against
// itself. Here the commit drops a leaver from the export and, by hand, their record from the
// snapshot: measured against its own snapshot, the leaver's account (an app that links by login)
// is nobody's, and the offboarding the reviewers approved would silently not happen.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { describe, expect, it } from "vitest";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import { emptyReviewedPlan } from "../../src/github/reviewed-plan.js";
import { SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";

const linus = (dir: string) => (JSON.parse(readFileSync(join(dir, "state/app.json"), "utf8")) as { accounts: Array<{ login: string; active: boolean; entitlements: string[] }> }).accounts.find((a) => a.login === "linus");

describe("apply measured against the snapshots accepted before the commit", () => {
  it("offboards the leaver the reviewed plan showed, though the commit's own snapshot forgot them", async () => {
    const dir = await scenarioForTest("gone-from-source-login-linked");
    const git = simpleGit({ baseDir: dir });
    await git.init(["--initial-branch=main"]);
    await git.addConfig("user.email", "test@example.com").addConfig("user.name", "Test");
    await git.add(".").commit("accepted: linus in the snapshot");
    const accepted = (await git.revparse(["HEAD"])).trim();
    const path = join(dir, "state/sources/hr.json");
    const snapshot = JSON.parse(readFileSync(path, "utf8")) as { records: Array<{ externalId: string }> };
    writeFileSync(path, `${JSON.stringify({ ...snapshot, records: snapshot.records.filter((r) => r.externalId !== "W4") }, null, 2)}\n`);
    await git.add(".").commit("a snapshot without linus");
    const options = { repoDir: dir, reviewed: emptyReviewedPlan("scenario", SCENARIO_NOW), phase: "revocations" as const, env: {}, journalPath: join(dir, ".scopesync/journal.jsonl"), now: Date.parse(SCENARIO_NOW) };

    const own = await applyReviewed(options);
    expect([own.status, own.applied]).toEqual(["applied", 0]);
    expect(linus(dir)).toMatchObject({ active: true, entitlements: ["team:engineering"] });

    const before = await applyReviewed({ ...options, acceptedAt: accepted });
    expect([before.status, before.applied]).toEqual(["applied", 2]);
    expect(linus(dir)).toMatchObject({ active: false, entitlements: [] });
  });
});
