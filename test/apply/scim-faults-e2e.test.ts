// A 1,000-change reviewed plan (250 joiners × create + 3 group grants) applied through the apply
// command against the SCIM server while it injects seeded faults into about a fifth of all SCIM
// requests: 429 with Retry-After, 500, connection resets, answers lost after the write, slow
// answers. Over ten seeds, apply (re-run while it reports failures, as an operator would)
// converges: the app holds exactly the expected users and memberships, nothing lost, nothing
// twice, and drift is empty. Retries do not wait (an injected timing), so no wall clock matters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyCommand } from "../../src/cli/apply.js";
import { captureIo } from "./helpers/capture-io.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { NOW, PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { prng } from "../helpers/prng.js";
import { scimView } from "./helpers/scim-state.js";

const PEOPLE = 250;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const MAX_RUNS = 5;

let server: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;
const people: Person[] = Array.from({ length: PEOPLE }, (_, i) => ({ worker: `W${1000 + i}`, login: `user${String(i).padStart(3, "0")}`, department: "Engineering" }));

// Three grants each, into 80 small groups (as squads, guilds and sites are): scimmy re-validates a
// group's whole member list on every PATCH, so a few huge groups would make the server, not the
// runner, what this test measures.
const GROUPS = ([["squad", 50], ["guild", 20], ["site", 10]] as const).flatMap(([kind, n]) =>
  Array.from({ length: n }, (_, g) => ({ id: `${kind}-${g}`, name: `${kind[0]!.toUpperCase()}${kind.slice(1)} ${g}`, members: people.filter((_, i) => i % n === g).map((p) => p.login) })),
);

/** group displayName → the logins the policy puts in it. */
function expectedGroups(): Record<string, string[]> {
  return Object.fromEntries(GROUPS.map((g) => [g.name, [...g.members].sort()]));
}

beforeAll(async () => {
  server = await startScimServer({ maxResults: 100 });
  env = { SCIM_TOKEN: server.token };
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000, maxConcurrency: 16 } },
    people,
    groups: GROUPS.map((g) => ({ id: g.id, members: g.members })),
    policy: {
      scope: { include: [{ kinds: ["person"] }] },
      accounts: { attributes: { displayName: { from: "displayName" } } },
      entitlements: GROUPS.map((g) => ({ group: g.id, entitlement: `group:${g.name}` })),
    },
  });
});
afterAll(async () => {
  repo?.cleanup();
  await server?.stop();
});

async function freshServer(): Promise<void> {
  await server.reset();
  await server.seed({ groups: Object.keys(expectedGroups()).map((displayName) => ({ displayName })) });
}

describe("apply under injected faults", () => {
  it("the reviewed plan has 1,000 changes: 250 creates and 750 grants", async () => {
    await freshServer();
    const { plan } = await repo.plan(env);
    expect(plan.changes).toHaveLength(1000);
    expect(plan.summary).toEqual({ "create-account": 250, grant: 750 });
  });

  it.each(SEEDS)("converges without losing or duplicating anything (seed %i)", async (seed) => {
    await freshServer();
    await server.inject({ seed, rate429: 0.05, rate500: 0.05, rateReset: 0.04, rateLost: 0.02, rateSlow: 0.04, slowMs: 15, retryAfter: 1 });
    const random = prng(seed);
    const waits: number[] = [];
    const runs: Array<{ code: number; summary: string }> = [];
    for (let i = 0; i < MAX_RUNS; i++) {
      const io = captureIo(env, repo.dir);
      let code: number;
      try {
        code = await applyCommand({ repo: repo.dir, plan: "reviewed.json", now: NOW, concurrency: "16", timing: { sleep: async (ms) => void waits.push(ms), random } }, io);
      } catch (e) {
        // A run that cannot even start (e.g. its live read failed for good) is a failed run too.
        code = -1;
        io.stderr += String(e);
      }
      runs.push({ code, summary: io.stdout.split("\n").find((l) => l.startsWith("applied ")) ?? io.stderr.trim().split("\n").at(-1) ?? "" });
      if (code === 0) break;
    }
    expect(runs.at(-1)!.code, JSON.stringify(runs, null, 1)).toBe(0);
    // Each run re-plans against the live app, and no one else writes to it: nothing it applies was
    // in place before. A change whose answer was lost and that a retry then found done was made by
    // this run ("applied"), never "already in place". Over the runs, each change is made once.
    const counts = runs.map((r) => /^applied (\d+), already in place (\d+), failed (\d+)/.exec(r.summary)).filter((m) => m !== null);
    expect(counts.length, JSON.stringify(runs, null, 1)).toBeGreaterThan(0);
    for (const m of counts) expect(Number(m[2]), JSON.stringify(runs, null, 1)).toBe(0);
    const applied = counts.reduce((n, m) => n + Number(m[1]), 0);
    expect(applied).toBeLessThanOrEqual(1000);
    expect(applied).toBeGreaterThanOrEqual(1000 - counts.reduce((n, m) => n + Number(m[3]), 0));
    const stats = await server.stats();
    // The faults really happened, and the runner waited for them (Retry-After of 1 s honoured).
    expect(Object.values(stats.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(200);
    expect(stats.faults["fault:429"]).toBeGreaterThan(0);
    expect(stats.faults["fault:lost"]).toBeGreaterThan(0);
    expect(waits.filter((w) => w >= 1000).length).toBeGreaterThanOrEqual(1);

    const view = await scimView(server);
    expect(view.users).toHaveLength(PEOPLE);
    expect(view.users.map((u) => u.userName)).toEqual(people.map((p) => p.login));
    expect(view.users.map((u) => u.externalId)).toEqual(people.map((p) => `hr:${p.worker}`));
    expect(view.users.every((u) => u.active)).toBe(true);
    expect(view.groups).toEqual(expectedGroups());
    for (const [group, ids] of Object.entries(view.memberIds)) expect(new Set(ids).size, `duplicate members in ${group}`).toBe(ids.length);
    const drift = await repo.cli(["drift"], env);
    expect(drift.code, drift.stderr).toBe(0);
  }, 120_000);
});
