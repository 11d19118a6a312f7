import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { workingTree, type RepoFiles } from "../../src/config/repo-files.js";
import { canonicalJson } from "../../src/model/canonical-json.js";
import { renderJson } from "../../src/plan/render/json.js";
import type { Plan } from "../../src/plan/plan.js";
import { copyExample } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";
import { project } from "../helpers/scenario.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const NOW = Date.parse("2026-11-26T09:00:00Z");

/** A seeded shuffle, so a failure reproduces. */
function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function shuffledListing(files: RepoFiles, seed: number): RepoFiles {
  return { ...files, list: (dir) => shuffle(files.list(dir), seed) };
}

async function planJson(files: RepoFiles, dir = ROOT): Promise<string> {
  const r = await compile({ repoDir: dir, files, env: {}, now: NOW });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return renderJson(r.value.plan);
}

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("determinism on the example organisation", () => {
  it("two runs of the CLI give byte-identical JSON plans", async () => {
    const a = await runCli(["plan", "--repo", ROOT, "--format", "json", "--now", "2026-11-26T09:00:00Z"]);
    const b = await runCli(["plan", "--repo", ROOT, "--format", "json", "--now", "2026-11-26T09:00:00Z"]);
    expect(a.code).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(b.stdout).toBe(a.stdout);
  });

  it("the order files are listed in does not change a byte of the plan", async () => {
    const reference = await planJson(workingTree(ROOT));
    for (const seed of [1, 7, 42]) {
      expect(await planJson(shuffledListing(workingTree(ROOT), seed))).toBe(reference);
    }
  });

  it("the order of rows in the HR export does not change the plan's decisions", async () => {
    const reference = JSON.parse(await planJson(workingTree(ROOT))) as Plan;
    // Only the policy repository's files: a copy of the whole checkout (node_modules, .git) took
    // most of a minute on a loaded machine and proved nothing more.
    const repo = copyExample();
    cleanup = repo.cleanup;
    const csv = join(repo.dir, "examples/exports/hr.csv");
    const [header, ...rows] = readFileSync(csv, "utf8").split("\r\n").filter(Boolean);
    const reordered = shuffle(rows, 3);
    expect(reordered).not.toEqual(rows);
    writeFileSync(csv, `${[header, ...reordered].join("\r\n")}\r\n`);
    const shuffled = JSON.parse(await planJson(workingTree(repo.dir), repo.dir)) as Plan;
    // The reordered export reached the plan: its evidence names other rows.
    expect(JSON.stringify(shuffled.changes.map((c) => c.evidence))).not.toBe(JSON.stringify(reference.changes.map((c) => c.evidence)));
    // Row positions are evidence and move with the rows; every decision must stay the same.
    expect(project(shuffled)).toBe(project(reference));
    expect(shuffled.changes.map((c) => c.id)).toEqual(reference.changes.map((c) => c.id));
  });

  it("the same changes give the same fingerprint, and a changed decision a different one", async () => {
    const plan = JSON.parse(await planJson(workingTree(ROOT))) as Plan;
    const { fingerprint } = await import("../../src/plan/build-plan.js");
    expect(fingerprint(plan.changes)).toBe(plan.fingerprint);
    const first = plan.changes[0]!;
    const altered = [{ ...first, origin: first.origin === "drift" ? ("source" as const) : ("drift" as const) }, ...plan.changes.slice(1)];
    expect(fingerprint(altered)).not.toBe(plan.fingerprint);
  });

  it("the fingerprint, hashed a change at a time, is the sha256 of the canonical JSON of all the changes", async () => {
    const plan = JSON.parse(await planJson(workingTree(ROOT))) as Plan;
    const { fingerprint } = await import("../../src/plan/build-plan.js");
    const whole = (changes: unknown[]): string => `sha256:${createHash("sha256").update(canonicalJson(changes, 0)).digest("hex")}`;
    expect(plan.changes.length).toBeGreaterThan(10);
    for (const changes of [plan.changes, plan.changes.slice(0, 1), []]) expect(fingerprint(changes)).toBe(whole(changes));
  });
});
