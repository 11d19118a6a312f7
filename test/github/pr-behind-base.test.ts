// A pull request behind its base branch: the untrusted plan job plans GitHub's test merge (the head
// merged into main as it was), the trusted publish job checks out the head. Publish must plan the
// same files: planning the head alone, a bot main added after the branch point has no file, and
// the trusted plan (the one the reviewer reads and apply takes) offboarded it as the pull
// request's doing. Real git repositories (an origin, the plan job's clone, publish's clone).
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { filesAtRevision } from "../../src/config/git-files.js";
import { workingTree } from "../../src/config/repo-files.js";
import { PLANNED_FOR_FILE } from "../../src/github/planned-tree.js";
import type { Plan } from "../../src/plan/plan.js";
import { EXAMPLE_NOW, EXAMPLE_ROOT, editFile } from "../helpers/example-copy.js";
import { ActionHarness } from "./action-harness.js";
import { REPO, startWorld, stopWorld, type World } from "./helpers.js";

let w: World;
let h: ActionHarness;
beforeEach(async () => {
  w = await startWorld();
  h = new ActionHarness(w.fake);
});
afterEach(async () => {
  h.cleanup();
  await stopWorld(w);
});

const BOT = join("identities", "service-accounts", "svc-staging-deployer.yaml");
const commit = async (git: SimpleGit, message: string) => {
  await git.add(".").commit(message);
  return (await git.revparse(["HEAD"])).trim();
};

/** A copy of the example's bot under a new id and login, whose GitHub account already exists. */
function addBot(dir: string, id: string, login: string): void {
  writeFileSync(join(dir, "identities", "service-accounts", `${id}.yaml`), readFileSync(join(dir, BOT), "utf8").replace("id: svc-staging-deployer", `id: ${id}`).replaceAll("acme-staging-deployer", login).replaceAll("staging-deployer-token", `${id}-token`));
}

/** The GitHub org's saved state with an account for `login` (made by hand before the bot was declared). */
function addAccount(dir: string, login: string, id: string): void {
  editFile(join(dir, "examples", "state", "github.json"), (text) => {
    const state = JSON.parse(text) as { accounts: Array<Record<string, unknown>> };
    const model = state.accounts.find((a) => a.login === "acme-staging-deployer")!;
    const account: Record<string, unknown> = { ...structuredClone(model), login, id, credentials: [] };
    delete account.externalId;
    state.accounts.push(account);
    return `${JSON.stringify(state, null, 2)}\n`;
  });
}

interface Pr { origin: string; head: string; base: string; later: string }

/**
 * main: the example, with accounts for two bots not yet declared. The pull request branches, and
 * changes a group's membership. Then main declares svc-new-bot (commit `base`, the test merge's
 * first parent), and later svc-newer-bot (`later`, origin/main by the time the jobs fetch).
 */
async function prBehindMain(): Promise<Pr> {
  const origin = join(h.dir, "origin");
  for (const part of ["scopesync.yaml", "identities", "policies", "examples"]) cpSync(join(EXAMPLE_ROOT, part), join(origin, part), { recursive: true });
  addAccount(origin, "acme-new-bot", "990001");
  addAccount(origin, "acme-newer-bot", "990002");
  const git = simpleGit({ baseDir: origin });
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.email", "test@example.com").addConfig("user.name", "Test");
  await commit(git, "accounts made by hand");
  await git.checkoutLocalBranch("membership");
  editFile(join(origin, "identities", "groups", "staging-deployers.yaml"), (t) => t.replace("reason: Deploys every merged PR to staging", "reason: Deploys every merged PR to staging and its previews"));
  const head = await commit(git, "a member's reason");
  await git.checkout("main");
  addBot(origin, "svc-new-bot", "acme-new-bot");
  const base = await commit(git, "declare svc-new-bot");
  addBot(origin, "svc-newer-bot", "acme-newer-bot");
  const later = await commit(git, "declare svc-newer-bot");
  return { origin, head, base, later };
}

/** The plan job's checkout: GitHub's test merge of the head into `base`, with origin/main fetched later. */
async function planJobCheckout(pr: Pr): Promise<string> {
  const dir = join(h.dir, "plan-job");
  await simpleGit().clone(pr.origin, dir);
  const git = simpleGit({ baseDir: dir });
  await git.addConfig("user.email", "github@example.com").addConfig("user.name", "GitHub");
  await git.checkout(["--detach", pr.base]);
  await git.raw(["merge", "--no-ff", "--no-edit", "-m", "Merge the head into base", pr.head]);
  return dir;
}

/** publish's checkout: the head (workflow_run.head_sha), full history. */
async function publishCheckout(pr: Pr, name: string): Promise<string> {
  const dir = join(h.dir, name);
  await simpleGit().clone(pr.origin, dir);
  await simpleGit({ baseDir: dir }).checkout(["--detach", pr.head]);
  return dir;
}

const pullRequestEvent = (pr: Pr) => ({ pull_request: { number: w.pr, head: { sha: pr.head }, base: { ref: "main" } } });
const planRunEvent = (pr: Pr) => ({ workflow_run: { id: 777, event: "pull_request", head_sha: pr.head, pull_requests: [{ number: w.pr, head: { sha: pr.head }, base: { ref: "main" } }] }, repository: { visibility: "private", default_branch: "main" } });
const readPlan = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Plan;
/** publish.yml's publish step for `pr` over the checkout `repo`, the plan job's artifact in untrusted/. */
const publish = (repo: string, pr: Pr, inputs: Record<string, string> = {}, event: unknown = planRunEvent(pr)) =>
  h.run("publish", { "repository-path": repo, "plan-dir": "untrusted", "bot-login": "scopesync-bot", "reviewed-plan-file": "reviewed/scopesync-plan.json", ...inputs }, { event, runId: 9001 });
const touching = (p: Plan, login: string) => p.changes.filter((c) => c.identity === `account:${login}` || c.login === login).map((c) => `${c.action} ${c.login} (${c.origin})`);
/** What the plan lays at the pull request's door, or takes away, of an account main gave a bot. */
const blamedOrOffboarded = (p: Plan, login: string) => touching(p, login).filter((row) => row.endsWith("(pr)") || row.startsWith("disable-account"));

describe("a pull request behind its base branch", () => {
  it("the bug this guards against: the head alone, planned against main, offboards the bot main added since it branched", async () => {
    const pr = await prBehindMain();
    const dir = await publishCheckout(pr, "head-alone");
    const made = await compile({ repoDir: dir, files: workingTree(dir), env: {}, now: Date.parse(EXAMPLE_NOW), baseFiles: { ref: pr.base, files: await filesAtRevision(dir, pr.base) } });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(touching(made.value.plan, "acme-new-bot")).toContain("disable-account acme-new-bot (pr)");
  });

  it("the plan job plans the test merge against its first parent; publish merges the head into that commit: the same plan, and no bot offboarded", async () => {
    const pr = await prBehindMain();
    const planned = await h.run("plan", { "repository-path": await planJobCheckout(pr), "plan-dir": "untrusted" }, { event: pullRequestEvent(pr) });
    expect(planned.code, planned.text).toBe(0);
    // The base is the commit GitHub merged into, not origin/main (which declares svc-newer-bot).
    const declared = JSON.parse(readFileSync(join(h.dir, "untrusted", PLANNED_FOR_FILE), "utf8")) as Record<string, string>;
    expect([declared.head, declared.base]).toEqual([pr.head, pr.base]);
    const theirs = readPlan(join(h.dir, "untrusted", "scopesync-plan.json"));
    // (The bot's team membership, which no group gives it, is drift: main's, not the pull request's.)
    expect(touching(theirs, "acme-new-bot")).toEqual(["revoke acme-new-bot (drift)"]);
    expect(blamedOrOffboarded(theirs, "acme-newer-bot")).toEqual([]);

    const repo = await publishCheckout(pr, "pr");
    const r = await publish(repo, pr);

    expect(r.code, r.text).toBe(0);
    expect(r.text).toContain(`planning the head ${pr.head.slice(0, 12)} merged into ${pr.base.slice(0, 12)}: the commit of origin/main the plan job's test merge was built on`);
    expect(r.text).toContain("the plan job's copy: match");
    const ours = readPlan(r.outputs["reviewed-plan-file"]!);
    expect(ours.fingerprint).toBe(theirs.fingerprint);
    expect(touching(ours, "acme-new-bot")).toEqual(["revoke acme-new-bot (drift)"]);
    // The checkout is that merge: the base commit and the head as parents, the plan job's tree.
    const parents = (await simpleGit({ baseDir: repo }).raw(["rev-list", "--parents", "-n", "1", "HEAD"])).trim().split(" ").slice(1);
    expect(parents).toEqual([pr.base, pr.head]);
    expect((await simpleGit({ baseDir: repo }).revparse(["HEAD^{tree}"])).trim()).toBe(declared.tree);
    const comment = w.fake.org.prs.commentsOn(REPO, w.pr)[0]!.body;
    expect(comment).toContain("| revoke | svc\\-new\\-bot (login <code>acme-new-bot</code>) | <code>team&#58;staging-deployers</code> | drift |");
    expect(comment).not.toContain("| disable | svc\\-new\\-bot");
  });

  it("a base commit the plan job names that main never had is not taken: publish merges into origin/main, and says the plan job planned other files", async () => {
    const pr = await prBehindMain();
    await h.run("plan", { "repository-path": await planJobCheckout(pr), "plan-dir": "untrusted" }, { event: pullRequestEvent(pr) });
    const file = join(h.dir, "untrusted", PLANNED_FOR_FILE);
    // The head's own commit as base: the pull request would then change nothing at all.
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), base: pr.head }));

    const repo = await publishCheckout(pr, "pr");
    const r = await publish(repo, pr);

    expect(r.text).toContain(`merged into origin/main (${pr.later.slice(0, 12)}): origin/main: the plan job's base ${pr.head.slice(0, 12)} is not a commit of origin/main`);
    const ours = readPlan(r.outputs["reviewed-plan-file"]!);
    // Both bots are main's: neither is offboarded, and the pull request's own change is its only one.
    expect(blamedOrOffboarded(ours, "acme-new-bot")).toEqual([]);
    expect(blamedOrOffboarded(ours, "acme-newer-bot")).toEqual([]);
    expect(r.code).toBe(1);
    const [check] = [...w.fake.org.prs.checkRuns.values()];
    expect([check!.conclusion, check!.title]).toEqual(["failure", "The plan job's plan differs, and it says it planned something else"]);
    // Its word alone (it runs the PR's code): the note says what else the difference can mean.
    expect(w.fake.org.prs.commentsOn(REPO, w.pr)[0]!.body).toContain("if the plans still differ, the pull request changes how scopesync plans");
  });

  it("nor a commit of main that lacks one the pull request has: against it, what the pull request deletes would already be gone", async () => {
    const pr = await prBehindMain();
    const origin = simpleGit({ baseDir: pr.origin });
    // A pull request that branches from `base` and deletes the example's bot.
    await origin.checkout(["-b", "delete-bot", pr.base]);
    await origin.rm([BOT]);
    pr.head = await commit(origin, "delete the bot");
    await origin.checkout("main");
    const planned = await h.run("plan", { "repository-path": await planJobCheckout(pr), "plan-dir": "untrusted" }, { event: pullRequestEvent(pr) });
    expect(planned.code, planned.text).toBe(0);
    // The root commit: main's, but from before the branch point. (A crafted plan job would plan against it too.)
    const older = (await origin.raw(["rev-list", "--max-parents=0", "main"])).trim();
    const file = join(h.dir, "untrusted", PLANNED_FOR_FILE);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), base: older }));

    const r = await publish(await publishCheckout(pr, "pr"), pr);

    expect(r.text).toContain(`origin/main: the plan job's base ${older.slice(0, 12)} does not contain ${pr.base.slice(0, 12)}, a commit of origin/main the pull request already has`);
    // The deletion is the pull request's, and so is the offboarding of the bot's account.
    expect(touching(readPlan(r.outputs["reviewed-plan-file"]!), "acme-staging-deployer")).toContain("disable-account acme-staging-deployer (pr)");
  });

  it("a stacked pull request whose lower one was merged while its plan ran: its honest base looks like a crafted one, so it is refused and the check says to merge main and push again", async () => {
    const pr = await prBehindMain();
    const origin = simpleGit({ baseDir: pr.origin });
    // The lower pull request branches from main's tip; the upper one from the lower one's head.
    await origin.checkout(["-b", "lower", pr.later]);
    editFile(join(pr.origin, "identities", "groups", "platform-admins.yaml"), (t) => t.replace("members:\n", "members:\n  - identity: aisha.bello\n    reason: on call\n"));
    const lower = await commit(origin, "the lower pull request: aisha.bello joins platform-admins");
    await origin.checkout(["-b", "upper", lower]);
    editFile(join(pr.origin, "identities", "groups", "staging-deployers.yaml"), (t) => t.replace("reason: Deploys every merged PR to staging", "reason: Deploys to staging (upper)"));
    const upper: Pr = { ...pr, head: await commit(origin, "the upper pull request"), base: pr.later };
    const planned = await h.run("plan", { "repository-path": await planJobCheckout(upper), "plan-dir": "untrusted" }, { event: pullRequestEvent(upper) });
    expect(planned.code, planned.text).toBe(0);
    // The lower one is merged with a merge commit before publish runs for the upper one.
    await origin.checkout("main");
    await origin.raw(["-c", "user.name=GitHub", "-c", "user.email=github@example.com", "merge", "--no-ff", "--no-edit", "lower"]);

    const r = await publish(await publishCheckout(upper, "pr"), upper);

    // The same graph as a plan job that names a commit from before another pull request merged,
    // to hide what the head deletes of it: nothing in git tells them apart.
    expect(r.text).toContain(`origin/main: the plan job's base ${pr.later.slice(0, 12)} does not contain ${lower.slice(0, 12)}, a commit of origin/main the pull request already has`);
    expect(r.code).toBe(1);
    const [check] = [...w.fake.org.prs.checkRuns.values()];
    expect([check!.conclusion, check!.title]).toEqual(["failure", "The plan job's plan differs, and it says it planned something else"]);
    expect(w.fake.org.prs.commentsOn(REPO, w.pr)[0]!.body).toContain("Merge the base branch into the pull request and push again");
  });

  it("a head that does not merge into main: the check fails and the comment names the conflicting file, nothing is planned", async () => {
    const pr = await prBehindMain();
    const origin = simpleGit({ baseDir: pr.origin });
    // main edits the line the pull request edited.
    editFile(join(pr.origin, "identities", "groups", "staging-deployers.yaml"), (t) => t.replace("reason: Deploys every merged PR to staging", "reason: Deploys main"));
    await commit(origin, "main edits the same line");
    const r = await publish(await publishCheckout(pr, "pr"), pr);
    expect(r.code).toBe(1);
    const [check] = [...w.fake.org.prs.checkRuns.values()];
    expect([check!.conclusion, check!.title]).toEqual(["failure", `The pull request does not merge cleanly into ${(await origin.revparse(["--short=12", "main"])).trim()}`]);
    const comment = w.fake.org.prs.commentsOn(REPO, w.pr)[0]!.body;
    expect(comment).toContain("does not merge cleanly into");
    expect(comment).toContain("identities/groups/staging\\-deployers.yaml:1:1");
    expect(r.outputs["reviewed-plan-file"]).toBeUndefined();
  });

  it("a merge group: both jobs name its base commit the same way, so a reason that names it (a login change) gives one fingerprint", async () => {
    const pr = await prBehindMain();
    const origin = simpleGit({ baseDir: pr.origin });
    await origin.checkout(["-b", "login", pr.later]);
    editFile(join(pr.origin, BOT), (t) => t.replace("githubLogin: acme-staging-deployer", "githubLogin: acme-staging-deployer-2"));
    await commit(origin, "the bot's new login");
    const queueBranch = `gh-readonly-queue/main/pr-1-${pr.later}`;
    await origin.checkout(["-b", queueBranch, pr.later]);
    await origin.raw(["-c", "user.name=GitHub", "-c", "user.email=github@example.com", "merge", "--no-ff", "--no-edit", "login"]);
    const group = (await origin.revparse(["HEAD"])).trim();
    const checkout = async (name: string) => {
      const dir = join(h.dir, name);
      await simpleGit().clone(pr.origin, dir);
      await simpleGit({ baseDir: dir }).checkout(["--detach", group]);
      return dir;
    };
    const planned = await h.run("plan", { "repository-path": await checkout("plan-job"), "plan-dir": "untrusted" }, { event: { merge_group: { base_sha: pr.later, base_ref: "refs/heads/main", head_sha: group, head_ref: `refs/heads/${queueBranch}` } } });
    expect(planned.code, planned.text).toBe(0);
    const r = await publish(await checkout("pr"), pr, {}, { workflow_run: { id: 778, event: "merge_group", head_sha: group, head_branch: queueBranch, pull_requests: [] }, repository: { visibility: "private", default_branch: "main" } });
    // (The check itself fails: the example's github removals exceed its safety limit with this change.)
    expect(r.text).toContain("the plan job's copy: match");
    expect(r.outputs.fingerprint).toBe(planned.outputs.fingerprint);
    const disable = readPlan(r.outputs["reviewed-plan-file"]!).changes.find((c) => c.identity === "account:acme-staging-deployer" && c.action === "disable-account")!;
    expect(disable.reason).toContain(`changed from "acme-staging-deployer" to "acme-staging-deployer-2" since ${pr.later.slice(0, 12)} `);
  });

  it("with sharding, publish.yml's resolve job merges the head into the verified base and outputs it; each shard and the merge plan the same files", async () => {
    const pr = await prBehindMain();
    const planned = await h.run("plan", { "repository-path": await planJobCheckout(pr), "plan-dir": "untrusted" }, { event: pullRequestEvent(pr) });
    const resolveRepo = await publishCheckout(pr, "resolve");
    const resolved = await h.run("resolve", { "repository-path": resolveRepo, "plan-dir": "ids", sharding: "true", "planned-for": join("untrusted", PLANNED_FOR_FILE) }, { event: planRunEvent(pr) });
    expect(resolved.code, resolved.text).toBe(0);
    expect(resolved.outputs.base).toBe(pr.base.slice(0, 12));
    for (const target of JSON.parse(resolved.outputs.targets!) as string[]) {
      // Each shard job has its own checkout of the head; the snapshot's base is the commit to merge into.
      const shard = await h.run("plan", { "repository-path": await publishCheckout(pr, `shard-${target}`), target, identities: "ids/identities.snapshot", "plan-dir": "shards" }, { event: planRunEvent(pr) });
      expect(shard.code, shard.text).toBe(0);
    }
    const r = await publish(await publishCheckout(pr, "pr"), pr, { base: resolved.outputs.base!, "shards-dir": "shards", identities: "ids/identities.snapshot" });
    expect(r.code, r.text).toBe(0);
    expect(r.outputs.fingerprint).toBe(planned.outputs.fingerprint);
    expect(blamedOrOffboarded(readPlan(r.outputs["reviewed-plan-file"]!), "acme-new-bot")).toEqual([]);
  });
});
