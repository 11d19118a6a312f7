// The Action's sharded planning (sharding: true), as plan.yml runs it: resolve (the matrix's
// targets and the identities), one plan job per target, the merge job. The merge leaves the same
// plan files as the one-process plan job, so the trusted publish job sees no difference.
import { cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { GithubFake } from "../servers/github-fake/index.js";
import { EXAMPLE_ROOT } from "../helpers/example-copy.js";
import { ActionHarness } from "./action-harness.js";

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
