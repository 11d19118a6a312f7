// The Action's sharded planning (sharding: true), as plan.yml runs it: resolve (the matrix's
// targets and the identities), one plan job per target, the merge job. The merge leaves the same
// plan files as the one-process plan job, so the trusted publish job sees no difference.
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { afterEach, describe, expect, it } from "vitest";
import { CHECK_NAME } from "../../src/github/check-run.js";
import type { GithubFake } from "../servers/github-fake/index.js";
import type { Plan } from "../../src/plan/plan.js";
import { repoOnBranch } from "../helpers/branch-repo.js";
import { EXAMPLE_ROOT } from "../helpers/example-copy.js";
import { edit, FILES, NOW, state } from "../helpers/offboarding-repo.js";
import { ActionHarness } from "./action-harness.js";
import { REPO, startWorld, stopWorld, type World } from "./helpers.js";

// These commands make no GitHub call (the plan jobs have no token): no server is started, and one
// that was called would fail the run, since nothing listens on port 9.
const NO_GITHUB = { token: "unused", url: "http://127.0.0.1:9" } as unknown as GithubFake;

let h: ActionHarness | undefined;
afterEach(() => h?.cleanup());

describe("sharded planning in the Action", () => {
  it("resolve follows scopesync.yaml's sharding (off in the example): no snapshot, an empty matrix", async () => {
    h = new ActionHarness(NO_GITHUB);
    const r = await h.run("resolve", { "repository-path": EXAMPLE_ROOT, "plan-dir": "ids" });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ sharding: "false", targets: "[]" });
    expect(existsSync(join(h.dir, "ids/identities.snapshot"))).toBe(false);
  });

  it("resolve with sharding: true, a shard per target, the merge: the one-process plan job's files, byte for byte", async () => {
    h = new ActionHarness(NO_GITHUB);
    const repo = join(h.dir, "repo");
    for (const part of ["scopesync.yaml", "identities", "policies", "examples"]) cpSync(join(EXAMPLE_ROOT, part), join(repo, part), { recursive: true });
    const one = await h.run("plan", { "repository-path": repo, "plan-dir": "one" });
    expect(one.code).toBe(0);

    const resolved = await h.run("resolve", { "repository-path": repo, "plan-dir": "ids", sharding: "true" });
    expect(resolved.code).toBe(0);
    expect(resolved.outputs.sharding).toBe("true");
    const targets = JSON.parse(resolved.outputs.targets!) as string[];
    expect(targets).toEqual(["crm", "github", "local"]);
    for (const target of targets) {
      const shard = await h.run("plan", { "repository-path": repo, target, identities: "ids/identities.snapshot", "plan-dir": "shards" });
      expect(shard.code, shard.text).toBe(0);
    }
    const merged = await h.run("plan", { "repository-path": repo, "shards-dir": "shards", identities: "ids/identities.snapshot", "plan-dir": "merged" });
    expect(merged.code, merged.text).toBe(0);
    expect(merged.outputs.fingerprint).toBe(one.outputs.fingerprint);
    for (const file of ["scopesync-plan.json", "scopesync.sarif"]) expect(readFileSync(join(h.dir, "merged", file), "utf8")).toBe(readFileSync(join(h.dir, "one", file), "utf8"));
  });

  // A pull request that retires erp, where main offboards a leaver, and points wiki at another
  // state file: the matrix has a job for erp too (its shard names what main revokes there), wiki's
  // shard plans main over main's own state, and the merge is the one-process plan job's, byte for byte.
  it("with a base: a target the pull request removes gets a shard job, and the merge is the one-process plan", async () => {
    h = new ActionHarness(NO_GITHUB);
    const { dir: repo, git } = await repoOnBranch(join(h.dir, "repo"), FILES);
    edit(repo, "scopesync.yaml", "  erp:\n    type: file\n    path: state/erp.json\n", "");
    edit(repo, "scopesync.yaml", "path: state/wiki.json", "path: state/wiki-new.json");
    writeFileSync(join(repo, "state/wiki-new.json"), state([]));
    await git.rm(["policies/apps/erp.yaml", "state/erp.json"]);
    await git.add(".").commit("retire erp, move wiki");
    const inputs = { "repository-path": repo, base: "main", now: NOW };
    const one = await h.run("plan", { ...inputs, "plan-dir": "one" });
    expect(one.code, one.text).toBe(0);
    const plan = JSON.parse(readFileSync(join(h.dir, "one/scopesync-plan.json"), "utf8")) as Plan;
    expect(plan.findings.filter((f) => f.rule === "pr-cancels-revocations").map((f) => f.target)).toEqual(["erp"]);

    const resolved = await h.run("resolve", { ...inputs, "plan-dir": "ids", sharding: "true" });
    expect(resolved.code, resolved.text).toBe(0);
    expect(JSON.parse(resolved.outputs.targets!)).toEqual(["erp", "wiki"]);
    expect(resolved.text).toContain("targets to plan, one shard each: wiki; and erp, which this pull request removes");
    for (const target of JSON.parse(resolved.outputs.targets!) as string[]) {
      const shard = await h.run("plan", { "repository-path": repo, target, identities: "ids/identities.snapshot", "plan-dir": "shards" });
      expect(shard.code, shard.text).toBe(0);
    }
    expect(readdirSync(join(h.dir, "shards")).sort()).toEqual(["shard-erp.json", "shard-wiki.json"]);
    const merged = await h.run("plan", { ...inputs, "shards-dir": "shards", identities: "ids/identities.snapshot", "plan-dir": "merged" });
    expect(merged.code, merged.text).toBe(0);
    expect(merged.outputs.fingerprint).toBe(one.outputs.fingerprint);
    for (const file of ["scopesync-plan.json", "scopesync.sarif"]) expect(readFileSync(join(h.dir, "merged", file), "utf8")).toBe(readFileSync(join(h.dir, "one", file), "utf8"));
  });

  it("refuses a sharding input it does not know, and a merge with a target missing", async () => {
    h = new ActionHarness(NO_GITHUB);
    const bad = await h.run("resolve", { "repository-path": EXAMPLE_ROOT, sharding: "yes" });
    expect(bad.code).toBe(1);
    expect(bad.text).toContain(`sharding: "yes" is not true, false or config`);
    await h.run("resolve", { "repository-path": EXAMPLE_ROOT, "plan-dir": "ids", sharding: "true" });
    await h.run("plan", { "repository-path": EXAMPLE_ROOT, target: "crm", identities: "ids/identities.snapshot", "plan-dir": "shards" });
    const merged = await h.run("plan", { "repository-path": EXAMPLE_ROOT, "shards-dir": "shards", identities: "ids/identities.snapshot", "plan-dir": "merged" });
    expect(merged.code).toBe(1);
    expect(merged.text).toContain(`no shard plans targets "github", "local"`);
  });
});

// publish.yml with sharding: its resolve job, one job per target and the publish job, each with
// the default branch's scopesync (this code) over the PR's files, and the GitHub fake behind them.
describe("the trusted re-plan (publish.yml) with sharding: true", () => {
  let w: World | undefined;
  afterEach(async () => {
    if (w) await stopWorld(w);
    w = undefined;
  });

  /** The example as the PR's checkout with scopesync.yaml's `sharding: true`, HEAD its base. */
  async function shardedRepo(dir: string): Promise<string> {
    const repo = join(dir, "repo");
    for (const part of ["scopesync.yaml", "identities", "policies", "examples"]) cpSync(join(EXAMPLE_ROOT, part), join(repo, part), { recursive: true });
    appendFileSync(join(repo, "scopesync.yaml"), "sharding: true\n");
    const git = simpleGit({ baseDir: repo });
    await git.init();
    await git.add(".");
    await git.raw(["-c", "user.name=Ada Tester", "-c", "user.email=ada@corp.example", "commit", "-q", "-m", "base"]);
    return repo;
  }

  /** The workflow_run event of the untrusted plan run for a fork's PR: the event lists no pull request. */
  const forkRun = (world: World) => ({ event: { workflow_run: { id: 777, event: "pull_request", head_sha: world.headSha, pull_requests: [] }, repository: { visibility: "private", default_branch: "main" } }, runId: 9001 });

  it("resolves (the fork's PR found through the API), plans each target, merges in publish: the plan job's plan, matched and posted", async () => {
    w = await startWorld();
    h = new ActionHarness(w.fake);
    const repo = await shardedRepo(h.dir);
    // The untrusted plan job's artifact, planned in one process (its own sharding is plan.yml's
    // business), against a commit (a pull_request run's is its test merge's first parent).
    const head = (await simpleGit({ baseDir: repo }).revparse(["--short=12", "HEAD"])).trim();
    const untrusted = await h.run("plan", { "repository-path": repo, "plan-dir": "untrusted", base: head }, { env: { INPUT_TOKEN: "" } });
    expect(untrusted.code, untrusted.text).toBe(0);

    const resolved = await h.run("resolve", { "repository-path": repo, "plan-dir": "trusted-identities", base: "HEAD" }, forkRun(w));
    expect(resolved.code, resolved.text).toBe(0);
    expect(resolved.outputs).toMatchObject({ sharding: "true", targets: '["crm","github","local"]' });
    // In the workflow_run the base is the planned PR's: a fork's is looked up by its head commit.
    expect(w.fake.count("repos/list-pull-requests-associated-with-commit")).toBe(1);
    for (const target of JSON.parse(resolved.outputs.targets!) as string[]) {
      const shard = await h.run("plan", { "repository-path": repo, target, identities: "trusted-identities/identities.snapshot", "plan-dir": "trusted-shards" }, { env: { INPUT_TOKEN: "" } });
      expect(shard.code, shard.text).toBe(0);
    }
    expect(readdirSync(join(h.dir, "trusted-shards")).sort()).toEqual(["shard-crm.json", "shard-github.json", "shard-local.json"]);

    // publish is given the commit the resolve job chose (publish.yml: needs.resolve.outputs.base).
    expect(resolved.outputs.base).toBe(head);
    const r = await h.run("publish", { "repository-path": repo, "plan-dir": "untrusted", base: resolved.outputs.base!, "shards-dir": "trusted-shards", identities: "trusted-identities/identities.snapshot", "bot-login": "scopesync-bot", "reviewed-plan-file": "reviewed/scopesync-plan.json" }, forkRun(w));
    expect(r.text).toContain("the plan job's copy: match");
    expect(r.outputs.fingerprint).toBe(untrusted.outputs.fingerprint);
    // The reviewed plan apply takes is the one-process plan, byte for byte.
    expect(readFileSync(join(h.dir, "reviewed/scopesync-plan.json"), "utf8")).toBe(readFileSync(join(h.dir, "untrusted/scopesync-plan.json"), "utf8"));
    expect(w.fake.org.prs.commentsOn(REPO, w.pr)).toHaveLength(1);
    expect([...w.fake.org.prs.checkRuns.values()].map((c) => c.name)).toEqual([CHECK_NAME]);
    expect(r.code).toBe(untrusted.code);
  });

  it("a target's shard missing (its job failed): publish fails and posts no check run, so the required check never passes", async () => {
    w = await startWorld();
    h = new ActionHarness(w.fake);
    const repo = await shardedRepo(h.dir);
    await h.run("plan", { "repository-path": repo, "plan-dir": "untrusted", base: "HEAD" }, { env: { INPUT_TOKEN: "" } });
    const resolved = await h.run("resolve", { "repository-path": repo, "plan-dir": "trusted-identities", base: "HEAD" }, forkRun(w));
    expect(resolved.code).toBe(0);
    for (const target of ["crm", "local"]) await h.run("plan", { "repository-path": repo, target, identities: "trusted-identities/identities.snapshot", "plan-dir": "trusted-shards" }, { env: { INPUT_TOKEN: "" } });

    const r = await h.run("publish", { "repository-path": repo, "plan-dir": "untrusted", base: resolved.outputs.base!, "shards-dir": "trusted-shards", identities: "trusted-identities/identities.snapshot", "bot-login": "scopesync-bot", "reviewed-plan-file": "reviewed/scopesync-plan.json" }, forkRun(w));
    expect(r.code).toBe(1);
    expect(r.text).toContain(`no shard plans target "github": a merged plan must cover every target`);
    expect(w.fake.org.prs.checkRuns.size).toBe(0);
    expect(w.fake.org.prs.commentsOn(REPO, w.pr)).toHaveLength(0);
    expect(existsSync(join(h.dir, "reviewed/scopesync-plan.json"))).toBe(false);
  });
});
