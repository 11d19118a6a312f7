// `state pull` and `import` read a live target as apply and drift do: a page answered with 429,
// 500 or a dropped connection is retried (resuming at that page), never a failed command and never
// a shorter list. Against the real SCIM test server with seeded faults on its reads; the retries do
// not wait (an injected timing), so no wall clock matters.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Timing } from "../../src/apply/retry.js";
import { importTarget } from "../../src/adopt/import-target.js";
import type { Io } from "../../src/cli/io.js";
import { statePullCommand } from "../../src/cli/state-pull.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { configYaml, filesUnder, hrCsv, scimSeed, workers, writeFile } from "./org-fixtures.js";

const NOW = "2026-12-02T08:00:00Z";
const people = workers(120);
const noWait: Timing = { sleep: async () => {}, random: () => 0.5 };
let server: ScimServer;
const dirs: string[] = [];

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-read-retries-"));
  dirs.push(dir);
  // 5 users a page: the read is some thirty requests, and a fault can land on any of them.
  writeFile(dir, "scopesync.yaml", configYaml(`  crm:\n    type: scim\n    url: ${server.url}\n    token: "\${env:CRM_TOKEN}"\n    options: { pageSize: 5 }\n`));
  writeFile(dir, "exports/hr.csv", hrCsv(people));
  return dir;
}

function io(dir: string): Io & { stdout: string } {
  const out = { stdout: "", out: (t: string) => void (out.stdout += `${t}\n`), err: () => {}, isTTY: false, env: { CRM_TOKEN: server.token }, cwd: dir };
  return out;
}

/** Faults on a share of the reads (GET): 429 with Retry-After, 500, connections reset without an answer. */
const FAULTS = { seed: 1, rate429: 0.1, rate500: 0.06, rateReset: 0.04, retryAfter: 1, methods: ["GET"] };

beforeAll(async () => {
  server = await startScimServer({ maxResults: 5 });
}, 30_000);
beforeEach(async () => {
  await server.reset();
  const seed = scimSeed(people, 6);
  await server.seed({ users: seed.users, groups: seed.groups });
});
afterAll(async () => {
  await server?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("live reads outside apply are retried", () => {
  it("state pull writes the same state through 429s, 500s and resets as without them", async () => {
    const clean = repo();
    expect(await statePullCommand({ repo: clean, action: "pull", now: NOW }, io(clean))).toBe(0);
    const expected = readFileSync(join(clean, "state/crm.json"), "utf8");
    expect(JSON.parse(expected).accounts.length).toBeGreaterThan(100);

    await server.inject(FAULTS);
    const faulty = repo();
    const out = io(faulty);
    expect(await statePullCommand({ repo: faulty, action: "pull", now: NOW, timing: noWait }, out)).toBe(0);
    expect(out.stdout).toBe("crm: wrote state/crm.json\n");
    expect(readFileSync(join(faulty, "state/crm.json"), "utf8")).toBe(expected);
    // The faults were met (else this proves nothing): each kind, on the seeded draw.
    const faults = (await server.stats()).faults;
    expect(Object.keys(faults).sort()).toEqual(["fault:429", "fault:500", "fault:reset"]);
  });

  it("import writes the same files through the same faults as without them", async () => {
    const clean = repo();
    await importTarget({ repoDir: clean, target: "crm", outDir: clean, env: { CRM_TOKEN: server.token }, now: Date.parse(NOW) });
    const expected = filesUnder(clean);

    await server.inject(FAULTS);
    const faulty = repo();
    await importTarget({ repoDir: faulty, target: "crm", outDir: faulty, env: { CRM_TOKEN: server.token }, now: Date.parse(NOW), timing: noWait });
    expect(filesUnder(faulty)).toEqual(expected);
    expect(Object.keys((await server.stats()).faults).sort()).toEqual(["fault:429", "fault:500", "fault:reset"]);
  });
});
