// Targets planned a batch at a time (when the organisation does not fit in memory with every
// target's state at once) must give the plan that planning them all together gives, byte for byte:
// changes, findings of the rules that look across targets, explain's decisions, and --base's marks.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile, type CompileOptions } from "../../src/compile.js";
import { filesAtRevision } from "../../src/config/git-files.js";
import { workingTree } from "../../src/config/repo-files.js";
import { heapNeeded, targetBatches } from "../../src/memory-budget.js";
import { canonicalJson } from "../../src/model/canonical-json.js";
import { generateOrg, NOW as SYNTHETIC_NOW } from "../../bench/synthetic-org.mjs";
import { EXAMPLE_NOW, EXAMPLE_ROOT } from "../helpers/example-copy.js";

async function plans(options: CompileOptions) {
  const together = await compile(options);
  if (!together.ok) throw new Error("the organisation did not compile");
  const names = Object.keys(together.value.repo.config.value.targets).sort();
  // The smallest batches there are: every target on its own, its state let go before the next is read.
  const batched = await compile({ ...options, targetBatches: names.map((n) => [n]) });
  if (!batched.ok) throw new Error("the organisation did not compile in batches");
  return { together: together.value, batched: batched.value, names };
}

describe("the memory budget", () => {
  const MB = 2 ** 20;
  const sizes = { yaml: 10 * MB, sources: 10 * MB, states: 400 * MB, targets: { a: 100 * MB, b: 100 * MB, c: 100 * MB, d: 100 * MB } };
  it("plans every target together when they all fit", () => {
    expect(targetBatches(sizes, heapNeeded(sizes))).toEqual([["a", "b", "c", "d"]]);
  });
  it("splits the targets into batches that fit beside the rest when they do not", () => {
    expect(targetBatches(sizes, heapNeeded(sizes) * 0.9)).toEqual([["a", "b"], ["c", "d"]]);
    expect(targetBatches(sizes, heapNeeded(sizes) * 0.8)).toEqual([["a"], ["b"], ["c"], ["d"]]);
  });
  it("refuses when not even the largest target fits on its own, saying how much it needs", () => {
    expect(() => targetBatches(sizes, heapNeeded(sizes) * 0.5)).toThrow(/needs about .* of memory to plan/);
  });
});

describe("targets planned in batches", () => {
  it("make the example's plan, byte for byte, with explain's decisions", async () => {
    const options = { repoDir: EXAMPLE_ROOT, files: workingTree(EXAMPLE_ROOT), env: {}, now: Date.parse(EXAMPLE_NOW), explain: () => new Set(["grace.hopper", "ada.lovelace", "svc-ci-deployer"]) };
    const { together, batched, names } = await plans(options);
    expect(names).toEqual(["crm", "github", "local"]);
    expect(batched.plan.fingerprint).toBe("sha256:d57dda608a92a6116c632b6c0a1c21dad657119da6654be861fcb365b99b1ce7");
    expect(canonicalJson(batched.plan)).toBe(canonicalJson(together.plan));
    expect(batched.plan.findings.length).toBe(29); // with nhi-offboarded-credential-active for demo-lab-provisioner's secret
    expect(batched.decisions!.apps.length).toBeGreaterThan(0);
    expect(canonicalJson(batched.decisions!.apps)).toBe(canonicalJson(together.decisions!.apps));
  });

  describe("on a 10k-person synthetic organisation, with --base", () => {
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "scopesync-batches-"));
      await generateOrg(dir, { people: 10_000, nhis: 2_000, apps: 10 });
      const git = simpleGit(dir);
      await git.init();
      await git.addConfig("user.email", "t@example.com").addConfig("user.name", "t");
      await git.add(".").commit("base");
      // The pull request: one app no longer takes Support into its scope.
      const policy = join(dir, "policies/apps/app-03.yaml");
      writeFileSync(policy, readFileSync(policy, "utf8").replace(`"Sales", "Support", "Marketing"`, `"Sales", "Marketing"`));
    }, 180_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("plan as all targets together do, and mark the same changes as the pull request's", async () => {
      const options = { repoDir: dir, files: workingTree(dir), env: {}, now: Date.parse(SYNTHETIC_NOW), baseFiles: { ref: "HEAD", files: await filesAtRevision(dir, "HEAD") } };
      const { together, batched, names } = await plans(options);
      expect(names).toHaveLength(10);
      expect(together.plan.changes.length).toBeGreaterThan(1000);
      expect(together.plan.changes.some((c) => c.origin === "pr")).toBe(true);
      expect(canonicalJson(batched.plan)).toBe(canonicalJson(together.plan));
    }, 180_000);
  });
});
