import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";

// The layering in .dependency-cruiser.cjs (explained in docs/architecture.md), checked on the real
// tree, and shown to bite: the same tree with one forbidden import planted in a temp copy fails.

const ROOT = new URL("..", import.meta.url).pathname;

/** Every violation in the tree under `baseDir`, as "rule: from -> to". */
async function violations(baseDir: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(join(ROOT, ".dependency-cruiser.cjs"));
  const { output } = await cruise(["src"], { ...options, baseDir });
  return (output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

/** Files planted in a copy of src/, each breaking one rule; one cruise checks them all. */
const PLANTED: Record<string, string> = {
  // The floor importing a stage, for a type only.
  "src/model/planted-floor.ts": 'import type { Plan } from "../plan/plan.js";\nexport type Planted = Plan;\n',
  // policy reaching up into targets.
  "src/policy/planted-up.ts": 'import { createConnector } from "../targets/registry.js";\nexport const planted = createConnector;\n',
  // A cycle inside one folder.
  "src/model/planted-a.ts": 'import type { B } from "./planted-b.js";\nexport interface A { b?: B }\n',
  "src/model/planted-b.ts": 'import type { A } from "./planted-a.js";\nexport interface B { a?: A }\n',
  // A typo in an import.
  "src/config/planted-typo.ts": 'import type { Nothing } from "./not-there.js";\nexport type Planted = Nothing;\n',
};

describe("architecture", () => {
  let dir = "";
  let planted: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scopesync-arch-"));
    cpSync(join(ROOT, "src"), join(dir, "src"), { recursive: true });
    cpSync(join(ROOT, "tsconfig.json"), join(dir, "tsconfig.json"));
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir"); // so packages resolve
    for (const [file, text] of Object.entries(PLANTED)) writeFileSync(join(dir, file), text);
    planted = await violations(dir);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the tree keeps the layering and has no import cycle", async () => {
    expect(await violations(ROOT)).toEqual([]);
  });

  it("fails on each planted forbidden import, and on nothing else in the same tree", () => {
    expect(planted).toEqual([
      "layer-model: src/model/planted-floor.ts -> src/plan/plan.ts",
      "layer-policy: src/policy/planted-up.ts -> src/targets/registry.ts",
      "no-circular: src/model/planted-a.ts -> src/model/planted-b.ts",
      "resolvable: src/config/planted-typo.ts -> ./not-there.js",
    ]);
  });
});
