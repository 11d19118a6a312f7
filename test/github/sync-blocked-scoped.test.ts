// The daily sync when one person's finding blocks the plan (f64). HR gave a leaver's login to a new
// hire (login-reused on "grace"), and the same day dismissed linus, who has nothing to do with it.
// The whole plan used to be blocked, so linus kept his GitHub org membership and team until a
// person resolved grace's finding. Now each blocked reason holds what it is about (grace, and the
// accounts under her logins): linus is offboarded at once, grace's account is left as it is, and
// the pull request, the step summary and the journal say what was held back and by which reason.
// The pull request's plan is still blocked (exit 3): a reviewer must see the finding.
// Target: the GitHub org (the OpenAPI-checked fake, driven by the real Octokit connector); the
// org membership removal is GitHub's "Remove organization membership for a user"
// (https://docs.github.com/en/rest/orgs/members#remove-organization-membership-for-a-user).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SimpleGit } from "simple-git";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SYNC_BRANCH } from "../../src/github/sync-pr.js";
import { mdText } from "../../src/plan/render/escape.js";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { PolicyRepo, type Person } from "../apply/helpers/policy-repo.js";
import { runCli } from "../helpers/run-cli.js";
import type { GithubFake } from "../servers/github-fake/index.js";
import { ActionHarness, NOW } from "./action-harness.js";
import { BOT, REPO } from "./helpers.js";
import { closeActionWorld, startActionWorld } from "./action-world.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ADA: Person = { worker: "W1", login: "ada", department: "Engineering" };
const GRACE: Person = { worker: "W2", login: "grace", department: "Engineering", first: "Grace", last: "Hopper" };
const LINUS: Person = { worker: "W4", login: "linus", department: "Engineering" };
// HR's new hire in Sales was given the leaver W2's login: out of the app's scope, so the plan
// would offboard the account "grace" as hers (it is W2's).
const NEW_GRACE: Person = { worker: "W9", login: "grace", department: "Sales", first: "Grace", last: "Kelly" };

let fake: GithubFake;
let repo: PolicyRepo;
let git: SimpleGit;
let h: ActionHarness;
let commit: (message: string) => Promise<string>;

const journal = (): JournalRecord[] => readFileSync(join(repo.dir, ".scopesync", "journal.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as JournalRecord);
const member = (login: string) => fake.org.members.has(fake.org.user(login)!.id);

beforeEach(async () => {
  ({ fake, repo, git, h, commit } = await startActionWorld({
    tmpPrefix: "scopesync-sync-blocked-",
    members: ["ada", "grace", "linus"],
    teams: { engineering: ["ada", "grace", "linus"] },
    people: [ADA, GRACE, LINUS],
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] }, accounts: { login: "userName" }, entitlements: [{ group: "engineering", entitlement: "team:engineering" }] },
    // The accepted snapshot (state/sources/hr.json): "grace" is W2's.
    prepare: async ({ repo }) => {
      const snap = await runCli(["snapshot", "--repo", repo.dir, "--now", NOW]);
      expect(snap.code, snap.stderr).toBe(0);
    },
  }));
}, 30_000);

afterEach(closeActionWorld);

describe("the daily sync with one person's blocking finding", () => {
  it("offboards the unrelated leaver, holds back the changes of the login in doubt, and says which reason held them", async () => {
    repo.setPeople([ADA, NEW_GRACE, { ...LINUS, status: "Terminated" }]);
    await git.raw(["switch", "-q", "-C", SYNC_BRANCH]); // the day's commit is the sync branch's; main stays where GitHub has it
    fake.org.prs.setBranch(REPO, SYNC_BRANCH, await commit("grace's login goes to a new hire; linus leaves"));

    // The pull request's plan is blocked, as before: a reviewer must see the finding.
    const pr = await runCli(["plan", "--repo", repo.dir, "--base", "main", "--now", NOW], { env: { GH_TOKEN: fake.token } });
    expect(pr.code, pr.stderr).toBe(3);
    expect(pr.stdout).toContain("login-reused (grace): the login \"grace\" was hr:W2");

    const r = await h.run("sync", { "repository-path": repo.dir, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") }, { env: { GH_TOKEN: fake.token } });

    expect(r.code, r.text).toBe(0);
    expect(r.outputs.blocked).toBe("true");
    // linus, in no way concerned, is offboarded; grace's account (W2's, which the new hire's login names) is untouched.
    expect(member("linus")).toBe(false);
    expect(member("grace")).toBe(true);
    expect(fake.org.teams.get("engineering")!.members.has(fake.org.user("grace")!.id)).toBe(true);
    expect(member("ada")).toBe(true);
    // The journal: linus's revocations done, grace's skipped with the reason that holds them.
    const lines = journal();
    expect(lines.filter((l) => l.phase === "done").map((l) => [l.identity, l.action, l.outcome]).sort()).toEqual([["linus", "disable-account", "applied"], ["linus", "revoke", "applied"]]);
    const skipped = lines.filter((l) => l.phase === "skipped");
    expect(skipped.map((l) => [l.identity, l.action]).sort()).toEqual([["grace", "disable-account"], ["grace", "revoke"]]);
    for (const l of skipped) {
      // One reason, once (the sync's plan and its live re-plan both give it), and nobody reviewed it.
      expect(l.error).toMatch(/^held back by the blocked plan: login-reused \(grace\): the login "grace" was hr:W2 .*, its overlay \(fix: fix the reason/);
      expect(l.error!.split("login-reused")).toHaveLength(2);
      expect(l.review).toBe("unreviewed-revocation");
    }
    // The run's log and the step summary name each held revocation and its reason.
    expect(r.text).toContain("::warning::the plan is blocked: 2 revocation(s) its reasons hold were held back, the other revocations were applied");
    expect(r.text).toMatch(/held back: grace: disable on github \(login grace\), by: login-reused \(grace\): the login "grace" was hr:W2/);
    const summary = readFileSync(join(h.dir, "summary.md"), "utf8");
    expect(summary).toContain("2 applied, 0 already in place, 0 failed, 2 held back by the plan's blocked reasons");
    expect(summary).toContain("#### 2 revocation(s) held back by the plan's blocked reasons");
    expect(summary).toContain(`| grace | ${mdText("disable on github (login grace)")} | ${mdText('login-reused (grace): the login "grace" was hr:W2')}`);
    // The sync pull request: blocked, what went ahead, and what was held back by which reason.
    const pulls = fake.org.prs.pulls.filter((p) => p.head === SYNC_BRANCH);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.title).toBe("scopesync: the sync of 2026-11-26 is blocked");
    const body = pulls[0]!.body ?? "";
    expect(body).toContain("the plan is **blocked**; the reasons are below. Each holds back only what it is about");
    expect(body).toContain("2 applied, 0 already in place, **2 held back** by the plan's blocked reasons");
    expect(body).toContain(`| grace | ${mdText("revoke team:engineering on github (login grace)")} | ${mdText("login-reused (grace): ")}`);
    expect(body).not.toContain("no revocation was applied");
  }, 60_000);

  it("holds every revocation when a reason holds the whole plan (a source below its quality gate), as before", async () => {
    repo.writeConfig();
    repo.write("scopesync.yaml", repo.read("scopesync.yaml").replace("gates:\n", "gates:\n      minRecords: 3\n"));
    await commit("hr must export at least 3 people");
    fake.org.prs.setBranch(REPO, "main", (await git.revparse(["HEAD"])).trim());
    repo.setPeople([ADA, { ...LINUS, status: "Terminated" }]);
    await git.raw(["switch", "-q", "-C", SYNC_BRANCH]); // the day's commit is the sync branch's; main stays where GitHub has it
    fake.org.prs.setBranch(REPO, SYNC_BRANCH, await commit("a short export; linus leaves"));

    const r = await h.run("sync", { "repository-path": repo.dir, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") }, { env: { GH_TOKEN: fake.token } });

    expect(r.outputs.blocked).toBe("true");
    expect(r.text).toContain("reason(s) that hold every change: no revocation was applied");
    expect(member("linus")).toBe(true);
    expect(member("grace")).toBe(true);
  }, 60_000);
});
