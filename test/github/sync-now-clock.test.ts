// The daily sync's `now` input, held to the wall clock as the Action's apply is (github/action-now.ts,
// apply/now-skew.ts). The sync plans and applies revocations at one `now` with nothing reviewed:
// before, a `now` a year ahead was used as given, and every grant whose `until` fell before it and
// every leaver whose last day was still to come would have been revoked for real. Now it is refused
// naming the input, before anything is read; `allow-any-now: true` lifts that. And a malformed
// `now` is named as the input the workflow set, not as the CLI's `--now` (in the sync and in the
// plan job alike).
// Real parts: a git repository in a temp dir, the OpenAPI-validated GitHub fake driven by
// @octokit/rest, and the Action's own sync and plan commands (action-world.ts).
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SYNC_BRANCH } from "../../src/github/sync-pr.js";
import { BOT, REPO } from "./helpers.js";
import { closeActionWorld, engineeringPeople, engineeringWorld, startActionWorld, type ActionWorld } from "./action-world.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

let w: ActionWorld;

beforeEach(async () => {
  w = await startActionWorld(engineeringWorld("scopesync-sync-now-"));
}, 30_000);

afterEach(closeActionWorld);

/** linus leaves in the day's export, committed on the sync branch as sync.yml does; main stays where GitHub has it. */
async function linusLeaves(): Promise<void> {
  w.repo.setPeople(engineeringPeople("Terminated"));
  await w.git.raw(["switch", "-q", "-c", SYNC_BRANCH]);
  w.fake.org.prs.setBranch(REPO, SYNC_BRANCH, await w.commit("linus leaves"));
}

const sync = (inputs: Record<string, string>) => w.h.run("sync", { "repository-path": w.repo.dir, "bot-login": BOT, "plan-file": join(w.h.dir, "sync-plan.json"), ...inputs }, { env: { GH_TOKEN: w.fake.token } });
const linusIsMember = () => w.fake.org.members.has(w.fake.org.user("linus")!.id);

describe("the sync's now input", { timeout: 120_000 }, () => {
  it("a `now` a year ahead of the wall clock is refused naming the input, before anything is read; allow-any-now: true lets it through, and one within minutes of the clock needs none", async () => {
    await linusLeaves();
    const before = w.fake.requests.length;

    const refused = await sync({ now: "2027-12-06T09:00:00Z", "allow-any-now": "false" });

    expect(refused.code).toBe(1);
    expect(refused.text).toMatch(/::error::input "now" 2027-12-06T09:00:00\.000Z is \d+ days ahead of the wall clock \([^)]*\): the sync would judge every expiry and last day by it and act on the live targets; nothing was read or applied/);
    expect(refused.text).toContain(`fix: leave input "now" out (the sync then judges dates by the clock); to run at another time on purpose (tests), set the input allow-any-now: true`);
    // Nothing reviewed was made at it: no reviewed plan's time is offered.
    expect(refused.text).not.toContain("generatedAt");
    expect(refused.text).not.toMatch(/\n\s+at /);
    expect(w.fake.requests.slice(before)).toEqual([]);
    expect(linusIsMember()).toBe(true);
    expect(w.fake.org.prs.pulls).toEqual([]);

    const allowed = await sync({ now: "2027-12-06T09:00:00Z", "allow-any-now": "true" });
    expect(allowed.code, allowed.text).toBe(0);
    expect(linusIsMember()).toBe(false);

    const nearClock = await sync({ now: new Date(Date.now() - 60_000).toISOString(), "allow-any-now": "false" });
    expect(nearClock.code, nearClock.text).toBe(0);
  });

  it("a malformed `now` is named as the input, in the sync and in the plan job, never as --now", async () => {
    const refused = await sync({ now: "2026-13-01T09:00:00Z" });
    expect(refused.code).toBe(1);
    expect(refused.text).toContain(`::error::input "now" "2026-13-01T09:00:00Z" is not a date`);
    expect(refused.text).not.toContain("--now");

    const planned = await w.h.run("plan", { "repository-path": w.repo.dir, "plan-dir": join(w.h.dir, "plan"), now: "2026-11-26T23:59:60Z" }, { env: { INPUT_TOKEN: "" } });
    expect(planned.code).toBe(1);
    expect(planned.text).toContain(`input "now" "2026-11-26T23:59:60Z" is not a date: second 60 is a leap second`);
    expect(planned.text).not.toContain("--now");
  });
});
