// GitHub apply throughput under GitHub's documented rate limits: the apply runner and the github
// connector (Octokit with its throttling plugin at production spacing: one write at a time, a
// second apart, as GitHub's best practices ask) grant team memberships in the OpenAPI-checked fake,
// which enforces the primary limit (5,000 requests an hour) and the secondary ones (100 concurrent,
// 900 points a minute per endpoint, a write costing 5). Run by bench/apply.mjs (npm run bench).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { Journal } from "../src/apply/journal.js";
import { DEFAULT_RETRY } from "../src/apply/retry.js";
import { runApply } from "../src/apply/runner.js";
import { changeId, type Change } from "../src/model/change.js";
import { createGithubConnector } from "../src/targets/github/index.js";
import { startGithubFake } from "../test/servers/github-fake/index.js";

const ORG = "acme-robotics";
const GRANTS = 40;
const TEAMS = 4;
const CONCURRENCY = 4;

it("applies team grants to GitHub within its rate limits", async () => {
  const fake = await startGithubFake({ org: ORG, rateLimits: {} });
  const dir = mkdtempSync(join(tmpdir(), "scopesync-bench-apply-github-"));
  try {
    for (let t = 0; t < TEAMS; t++) fake.org.addTeam(`squad-${t}`);
    const changes: Change[] = [];
    for (let i = 0; i < GRANTS; i++) {
      const login = `dev-${String(i).padStart(3, "0")}`;
      const user = fake.org.addMember(login);
      const entitlement = `team:squad-${i % TEAMS}`;
      changes.push({ id: changeId("gh", "grant", login, entitlement), target: "gh", action: "grant", identity: login, login, account: String(user.id), entitlement, privileged: false, origin: "source", reason: "bench", evidence: [] } as unknown as Change);
    }
    const connector = createGithubConnector({ type: "github", org: ORG, token: "${env:GH_TOKEN}" }, { name: "gh", repoDir: dir, env: { GH_TOKEN: fake.token } }, { baseUrl: fake.url, waitScale: 1 });
    await connector.read(); // as `scopesync apply` does before the changes (not timed)
    const before = fake.requests.length;
    const started = performance.now();
    const { results } = await runApply({
      changes, connectors: new Map([["gh", connector]]), journal: new Journal(join(dir, "journal.jsonl")), run: "bench", fingerprint: "bench",
      replan: "bench", planTime: Date.now(), review: () => "auto-approved",
      concurrency: CONCURRENCY, retry: DEFAULT_RETRY, timing: { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: Math.random }, clock: Date.now,
    });
    const seconds = (performance.now() - started) / 1000;
    expect(results.filter((r) => r.status !== "applied")).toEqual([]);
    fake.assertNoViolations();
    const requests = fake.requests.length - before;
    const limiter = fake.limiter!;
    const perHour = (requests / seconds) * 3600;
    const row = `| ${GRANTS} team grants | ${CONCURRENCY} | ${seconds.toFixed(1)} | ${(GRANTS / seconds).toFixed(2)} | ${requests} (${(requests / GRANTS).toFixed(1)}) | ${limiter.peakPointsPerMinute} of 900 | ${Math.round(perHour).toLocaleString("en-US")} of 5,000 | ${limiter.refusals} |`;
    const table = [
      "| changes | concurrency | apply s | changes/s | requests (per change) | peak points/min on one endpoint | requests/hour at this pace | rate-limit refusals |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      row,
      "",
      `Load average ${loadavg().map((l) => l.toFixed(1)).join(", ")} on ${cpus().length} cores (shared machine).`,
    ].join("\n");
    const out = process.env.SCOPESYNC_BENCH_APPLY_OUT;
    if (out) writeFileSync(out, table + "\n");
    else console.log(table);
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
