// A heap snapshot of a 300k-person plan (docs/performance.md, 2026-12-07) found 300k hidden classes,
// one for each person's manager provenance: `{ ...from, found }` gave each its own map and
// descriptor array, 60 MB of the planning heap at 300k people, about 200 MB at a million. They are
// literals of one shape now, and `found` one string per source and kind. V8's own check
// (%HaveSameMap, through --allow-natives-syntax set at run time) says whether they share one.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrg, NOW } from "../../bench/synthetic-org.mjs";
import { loadRepo } from "../../src/config/load-repo.js";
import { workingTree } from "../../src/config/repo-files.js";
import type { Provenance } from "../../src/model/source-record.js";
import { resolveIdentities } from "../../src/resolve/resolve-identities.js";
import { ingestSources } from "../../src/sources/ingest.js";

setFlagsFromString("--allow-natives-syntax");
// Compiled after the flag is set, so V8 parses the intrinsic.
const haveSameMap = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean;

describe("each person's manager provenance", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scopesync-manager-shape-"));
    await generateOrg(dir, { people: 2000, nhis: 5, apps: 1 });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("shares one hidden class with everyone else's, and says where the manager was found", async () => {
    const loaded = await loadRepo(workingTree(dir));
    expect(loaded.diagnostics).toEqual([]);
    const repo = loaded.repo!;
    const ingest = await ingestSources(repo, { repoDir: dir, env: {}, now: Date.parse(NOW) });
    const { identities } = await resolveIdentities(repo, ingest.records, ingest.gatesFailed);
    const managers = identities.map((i) => i.provenance.manager).filter((p): p is Provenance => p?.found !== undefined);
    expect(managers.length).toBeGreaterThan(1000);
    expect(managers[0]).toEqual({ source: "hr", at: expect.stringMatching(/^hr\.csv row \d+ \(line \d+\)$/), rule: "authoritative: hr", found: "hr by anchor (worker id)" });
    expect(managers.filter((p) => !haveSameMap(p, managers[0]!)).length).toBe(0);
  }, 60_000);
});
