import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrg, NOW } from "../../bench/synthetic-org.mjs";
import { compile } from "../../src/compile.js";
import { workingTree } from "../../src/config/repo-files.js";

// The NHI-heavy shape (50k people, 450k NHIs) crashed with "Maximum call stack size exceeded":
// `findings.push(...rules.findings)` passed 600k findings as arguments of one call. The same
// shape scaled down to seconds: few people, 9,000 NHIs with ten stale credentials each, every one
// of which is both past its expiry and past its rotation age: 180,000 rule findings, more than a
// spread into one call survives. No timing is asserted; planning must simply finish.

const NHIS = 9_000;
const CREDENTIALS = 10;

function nhiYaml(k: number, owner: string): string {
  const id = `svc-bulk-${String(k).padStart(6, "0")}`;
  const lines = [`kind: ServiceAccount`, `id: ${id}`, `displayName: "bulk service ${k}"`, `owner: ${owner}`, "status: active", "environment: production", `purpose: "Runs batch ${k}."`, "interactiveLogin: false", "credentials:"];
  for (let c = 1; c <= CREDENTIALS; c++) lines.push(`  - id: ${id}-cred${c}`, "    type: api-key", '    issuedAt: "2024-01-15"', '    expiresAt: "2025-01-15"');
  return lines.join("\n");
}

describe("a plan with more findings than a call can take as arguments", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scopesync-findings-"));
    await generateOrg(dir, { people: 200, nhis: 5, apps: 1 });
    // The first row of the HR export is an active person: the owner every NHI needs.
    const owner = readFileSync(join(dir, "hr.csv"), "utf8").split("\n")[1]!.split(",")[1]!;
    for (let file = 0; file < NHIS / 250; file++) {
      const docs = Array.from({ length: 250 }, (_, k) => nhiYaml(file * 250 + k + 1, owner));
      writeFileSync(join(dir, "identities/nhis", `bulk-${String(file).padStart(3, "0")}.yaml`), `${docs.join("\n---\n")}\n`);
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("plans without a crash and keeps every finding", async () => {
    const r = await compile({ repoDir: dir, files: workingTree(dir), env: {}, now: Date.parse(NOW) });
    if (!r.ok) throw new Error(r.diagnostics.slice(0, 3).map((d) => `${d.file}:${d.line}: ${d.message}`).join("\n"));
    const { findings } = r.value.plan;
    const count = (rule: string) => findings.reduce((n, f) => n + (f.rule === rule ? 1 : 0), 0);
    expect(findings.length).toBeGreaterThan(150_000);
    expect(count("credential-max-age")).toBeGreaterThanOrEqual(NHIS * CREDENTIALS);
    expect(count("credential-expired")).toBeGreaterThanOrEqual(NHIS * CREDENTIALS);
  }, 300_000);
});
