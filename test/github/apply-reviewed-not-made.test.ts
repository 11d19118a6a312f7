// The Action's apply (github/apply-reviewed.ts) names every reviewed change it did not carry out,
// not only those the merged policy no longer plans (apply-queue-reviewed-not-made.test.ts): a
// reviewed create the re-plan makes differently (HR corrected the name after review: another
// displayName) is held back as not reviewed, and the reviewed grants of that account wait for it.
// Before, the Action's result named none of the three and counted only one as held back. With
// the file target, whose data file is the app.
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import { Journal } from "../../src/apply/journal.js";
import { engineeringFileRepo, NOW, type PolicyRepo, type Person } from "../apply/helpers/policy-repo.js";

let repo: PolicyRepo;
const ada: Person = { worker: "W1", login: "ada", department: "Engineering" };

beforeEach(() => {
  repo = engineeringFileRepo([ada], ["displayName"], []);
});
afterEach(() => repo?.cleanup());

describe("apply names the reviewed changes it does not carry out", () => {
  it("names a reviewed create the re-plan makes differently, and the reviewed grant waiting for it, in the result and the journal", async () => {
    const { plan: reviewed } = await repo.plan({});
    expect(reviewed.changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`)).toEqual(["create-account ada", "grant ada group:Engineering"]);
    repo.setPeople([{ ...ada, first: "Augusta" }]);
    const journalPath = join(repo.dir, ".scopesync/journal.jsonl");

    const r = await applyReviewed({ repoDir: repo.dir, reviewed, phase: "all", env: {}, journalPath, now: Date.parse(NOW) });

    expect([r.status, r.applied, r.held]).toEqual(["applied", 0, 1]);
    expect(r.notMade?.map((n) => [n.action, n.identity, n.kind, n.reason])).toEqual([
      ["create-account", "ada", "changed", "the re-plan at the commit applied makes another change under this decision (attributes differ from the reviewed plan), which was not reviewed and is held back"],
      ["grant", "ada", "waiting", "it waits for create-account ada, which was not reviewed and is held back; a plan that shows it, reviewed and merged, applies both"],
    ]);
    expect([...new Journal(journalPath).records()].map((l) => [l.phase, l.action, l.review, l.attempts, l.reason === undefined])).toEqual([
      ["dropped", "create-account", "reviewed", 0, false],
      ["dropped", "grant", "reviewed", 0, false],
    ]);
  });
});
