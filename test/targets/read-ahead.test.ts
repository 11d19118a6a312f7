import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { prepare } from "../../src/compile.js";
import { loadRepo } from "../../src/config/load-repo.js";
import { workingTree } from "../../src/config/repo-files.js";
import { ScopesyncError } from "../../src/model/errors.js";
import type { PolicyRepo } from "../../src/model/policy-repo.js";
import { StateReadAhead } from "../../src/targets/read-ahead.js";
import { readTargets, type TargetRead } from "../../src/targets/read-targets.js";
import { statePath } from "../../src/targets/state-file.js";
import type { StateReadRequest, StateReadResult } from "../../src/targets/state-read-messages.js";
import { copyFixture, FIXTURES } from "../helpers/run-cli.js";

// The planner's target states, read on a second thread (read-ahead.ts), are what readTargets
// reads on the planning thread: the same states, the same errors in the same order, and a read on
// the planning thread whenever the thread cannot be had. The worker is the compiled one that
// `npm test` builds (dist/targets/state-worker.js): sources under test run untranspiled, where
// no worker can start.

const ROOT = new URL("../../", import.meta.url).pathname;
const WORKER = pathToFileURL(join(ROOT, "dist/targets/state-worker.js"));

function repoAt(dir: string): PolicyRepo {
  const loaded = loadRepo(workingTree(dir));
  if (!loaded.repo) throw new Error(`fixture does not load: ${JSON.stringify(loaded.diagnostics)}`);
  return loaded.repo;
}

/** A read-ahead of these batches, the first one started. */
function aheadOf(dir: string, repo: PolicyRepo, batches: string[][], script = WORKER): StateReadAhead {
  const ahead = new StateReadAhead(dir, repo.config.value, batches, script);
  onTestFinished(() => ahead.close());
  ahead.start(0);
  return ahead;
}

/** The batch's states as the planner reads them: JSON (fields in order) and what readFrom says. */
function shown(reads: Map<string, TargetRead>): string {
  return JSON.stringify([...reads].map(([name, r]) => [name, r.readFrom, r.state]));
}

/** Did these states come from the worker? Its accounts are views into columns, with no fields of their own. */
function fromWorker(reads: Map<string, TargetRead>): boolean {
  const accounts = [...reads.values()].flatMap((r) => r.state.accounts);
  expect(accounts.length).toBeGreaterThan(0);
  return accounts.every((a) => Object.keys(a).length === 0);
}

async function failure(read: Promise<unknown>): Promise<{ message: string; hint: string | undefined }> {
  try {
    await read;
  } catch (e) {
    expect(e).toBeInstanceOf(ScopesyncError);
    return { message: (e as ScopesyncError).message, hint: (e as ScopesyncError).hint };
  }
  throw new Error("the read did not fail");
}

describe("target states read ahead on a second thread", () => {
  it("are the states readTargets reads, batch by batch (the bundled example)", async () => {
    const repo = repoAt(ROOT);
    const names = Object.keys(repo.config.value.targets).sort();
    expect(names.length).toBeGreaterThan(2);
    const batches = [names.slice(0, 1), names.slice(1)];
    const ahead = aheadOf(ROOT, repo, batches);
    for (let i = 0; i < batches.length; i++) {
      const got = await ahead.take(repo, i, batches[i]!);
      expect(fromWorker(got)).toBe(true);
      expect(shown(got)).toBe(shown(await readTargets(repo, ROOT, batches[i]!)));
    }
  });

  it("fail as readTargets fails: the first target in name order, a missing file named where scopesync.yaml names it, a malformed one as readStateFile says", async () => {
    const fixture = copyFixture(join(FIXTURES, "minimal"));
    onTestFinished(fixture.cleanup);
    const repo = repoAt(fixture.dir);
    const names = ["github", "local"];
    // github's state/github.json is missing, local's is there: the missing one comes first.
    const missing = await failure(aheadOf(fixture.dir, repo, [names]).take(repo, 0, names));
    expect(missing.message).toBe('target "github": cannot read state/github.json (named at scopesync.yaml:14:3): no such file (ENOENT)');
    expect(missing).toEqual(await failure(readTargets(repo, fixture.dir, names)));

    writeFileSync(join(fixture.dir, "state", "github.json"), '{"formatVersion":1,"accounts":[{"id":"1","login":"ada"}],"credentials":[]}\n');
    const shape = await failure(aheadOf(fixture.dir, repo, [names]).take(repo, 0, names));
    expect(shape.message).toBe('target "github": state/github.json:1:32: accounts[0] needs id (string), login (string) and active (boolean)');
    expect(shape).toEqual(await failure(readTargets(repo, fixture.dir, names)));

    writeFileSync(join(fixture.dir, "state", "github.json"), '{"formatVersion":1,"accounts":[],"credentials":[]}\n');
    writeFileSync(join(fixture.dir, "state", "local.json"), '{"formatVersion":1,\n"accounts":[');
    const cut = await failure(aheadOf(fixture.dir, repo, [names]).take(repo, 0, names));
    expect(cut.message).toMatch(/^target "local": state\/local\.json is .*cut short/);
    expect(cut).toEqual(await failure(readTargets(repo, fixture.dir, names)));
  });

  it("are read on the planning thread when no worker can start, or the worker fails", async () => {
    const repo = repoAt(ROOT);
    const names = Object.keys(repo.config.value.targets).sort();
    const expected = shown(await readTargets(repo, ROOT, names));

    const absent = aheadOf(ROOT, repo, [names], pathToFileURL(join(ROOT, "dist/targets/no-such-worker.js")));
    const here = await absent.take(repo, 0, names);
    expect(fromWorker(here)).toBe(false);
    expect(shown(here)).toBe(expected);

    const fixture = copyFixture(join(FIXTURES, "minimal"));
    onTestFinished(fixture.cleanup);
    const broken = join(fixture.dir, "broken-worker.mjs");
    writeFileSync(broken, 'throw new Error("this thread fails as it starts");\n');
    const failing = aheadOf(ROOT, repo, [names], pathToFileURL(broken));
    const after = await failing.take(repo, 0, names);
    expect(fromWorker(after)).toBe(false);
    expect(shown(after)).toBe(expected);
  });

  it("are not asked for before the repository has loaded: a state path outside it is refused before anything opens it", async () => {
    const fixture = copyFixture(join(FIXTURES, "minimal"));
    onTestFinished(fixture.cleanup);
    const options = { repoDir: fixture.dir, files: workingTree(fixture.dir), env: {}, now: Date.parse("2026-11-26T09:00:00Z") };
    const loaded: PolicyRepo[] = [];
    // compile() starts the reading thread from prepare's onLoaded.
    expect((await prepare(options, undefined, (repo) => loaded.push(repo))).ok).toBe(true);
    expect(loaded.map((r) => Object.keys(r.config.value.targets).sort())).toEqual([["github", "local"]]);

    const config = join(fixture.dir, "scopesync.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("    org: minimal-org\n", "    org: minimal-org\n    state: /dev/stdin\n"));
    loaded.length = 0;
    const refused = await prepare({ ...options, files: workingTree(fixture.dir) }, undefined, (repo) => loaded.push(repo));
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.diagnostics.map((d) => d.message)).toEqual(['targets.github.state "/dev/stdin" points outside the repository']);
    expect(loaded).toEqual([]);
  });

  it("come from a thread that ends by itself once it has answered the plan's last batch, every answer delivered first", { timeout: 30_000 }, async () => {
    const repo = repoAt(ROOT);
    const names = Object.keys(repo.config.value.targets).sort();
    const files = names.map((name) => ({ name, path: statePath(name, repo.config.value.targets[name]!) }));
    const worker = new Worker(WORKER);
    onTestFinished(async () => {
      await worker.terminate();
    });
    const events: string[] = [];
    worker.on("message", (m: StateReadResult) => events.push("columns" in m ? `read ${m.name}` : `failed ${m.name}`));
    const exited = new Promise<number>((resolve) => worker.on("exit", resolve));
    const ask = (request: StateReadRequest): void => worker.postMessage(request);
    const answers = (n: number): Promise<boolean> => vi.waitUntil(() => events.length >= n, { timeout: 10_000 });

    // Not the last batch: the thread answers and waits for the next.
    ask({ repoDir: ROOT, files: files.slice(0, 1), last: false });
    await answers(1);
    ask({ repoDir: ROOT, files: files.slice(1), last: true });
    // The last: it answers every file, then ends with code 0, nobody having terminated it.
    const stillRunning = new Promise<string>((resolve) => setTimeout(() => resolve("still running after 10 s"), 10_000).unref());
    expect(await Promise.race([exited, stillRunning])).toBe(0);
    expect(events).toEqual(names.map((name) => `read ${name}`));
  });
});
