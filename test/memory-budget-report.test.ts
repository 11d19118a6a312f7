import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrg, NOW, REPORT_HEADER } from "../bench/synthetic-org.mjs";
import { reportHeap } from "../src/memory-budget.js";
import { credentialReportCensus } from "../src/sources/aws-iam/report-census.js";

// The memory budget weighs an IAM credential report by its census (src/memory-budget.ts,
// REPORT_HEAP), fitted to the least heap planning needs (a bisection, README "A million
// identities"). That fit holds only while what planning keeps stays as it was measured: here the
// heap a plan keeps for a report (after a full collection, less the same organisation with an
// empty report) is measured for reports of three shapes and held to the budget's weight for each.
// A change that makes a discovered NHI, its credentials or its findings larger fails here before
// it fails a user; the weight is then to be fitted again.
// The plans run the built code (dist/: npm run build first) in child processes whose collector the
// test can call.

const COMPILE = new URL("../dist/compile.js", import.meta.url).href;
const REPO_FILES = new URL("../dist/config/repo-files.js", import.meta.url).href;
const ROWS = 10_000;
const NOW_MS = Date.parse(NOW);
const day = (days: number) => new Date(NOW_MS - days * 86_400_000).toISOString().replace(".000Z", "+00:00");
const user = (i: number) => `svc-aws-${i},arn:aws:iam::123456789012:user/svc-aws-${i}`;

/** One row per shape: what each column holds. */
const SHAPES: Record<string, (i: number) => string> = {
  // No credentials at all: the row itself and nhi-undeclared.
  bare: (i) => `${user(i)},${day(400)},false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  // The benchmarks' rows: one active key (a third never used), every other row an inactive second key.
  benchmark: (i) => `${user(i)},${day(300 + (i % 400))},false,N/A,N/A,N/A,false,true,${day(i % 300)},${i % 3 === 0 ? "N/A,N/A,N/A" : `${day(i % 60)},eu-west-1,s3`},${i % 2 === 0 ? `false,${day(100 + (i % 200))}` : "false,N/A"},N/A,N/A,N/A,false,N/A,false,N/A`,
  // The worst measured: a password, both keys and both certificates active, old and never used.
  worst: (i) => `${user(i)},${day(900)},true,N/A,N/A,N/A,false,true,${day(800)},N/A,N/A,N/A,true,${day(800)},N/A,N/A,N/A,true,${day(800)},true,${day(800)}`,
};

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "scopesync-report-heap-"));
  await generateOrg(dir, { people: 1000, nhis: 100, apps: 2, discovered: 10 });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the report (header only without a shape) and measures the heap the organisation's plan keeps. */
function planHeap(shape?: string): { kept: number; findings: number } {
  const rows = [REPORT_HEADER];
  if (shape) for (let i = 1; i <= ROWS; i++) rows.push(SHAPES[shape]!(i));
  writeFileSync(join(dir, "exports/aws-credential-report.csv"), `${rows.join("\n")}\n`);
  const program = `
    const { compile } = await import(${JSON.stringify(COMPILE)});
    const { workingTree } = await import(${JSON.stringify(REPO_FILES)});
    const heap = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed; };
    const before = heap();
    const result = await compile({ repoDir: ${JSON.stringify(dir)}, files: workingTree(${JSON.stringify(dir)}), env: {}, now: ${NOW_MS} });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics.slice(0, 3)));
    const kept = heap() - before;
    process.stdout.write(JSON.stringify({ kept, findings: result.value.plan.findings.length }));`;
  return JSON.parse(execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", program], { encoding: "utf8" })) as { kept: number; findings: number };
}

describe("the memory budget's weight of a credential report", () => {
  it("is at least what planning the report keeps, for rows without credentials, the benchmarks' rows and the worst measured", () => {
    const empty = planHeap();
    for (const [shape, findingsPerRow] of [["bare", 1], ["benchmark", 2.9], ["worst", 11]] as const) {
      const measured = planHeap(shape);
      const census = credentialReportCensus(join(dir, "exports/aws-credential-report.csv"))!;
      const weight = reportHeap({ ...census, federation: false });
      const kept = measured.kept - empty.kept;
      // The shape makes the findings it is meant to (the test measures what it says).
      expect((measured.findings - empty.findings) / ROWS, shape).toBeCloseTo(findingsPerRow, 0);
      expect(kept, `${shape}: ${kept} bytes kept, weighed ${weight}`).toBeLessThanOrEqual(weight);
      // Not so loose that it refuses what fits: at most twice what is kept (measured 1.4x for the worst).
      expect(weight, shape).toBeLessThan(2 * kept);
    }
  }, 120_000);
});
