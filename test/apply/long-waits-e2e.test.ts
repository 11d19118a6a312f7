// A target that asks apply to wait (429 + Retry-After), through the apply command against the
// SCIM server: a wait of minutes is said on standard error once per target, not once per lane
// or attempt; a wait longer than scopesync's 1 h 5 min fails the changes at once, saying how long
// the target asked for, instead of holding the apply (and its lease) for as long. Retries do not
// really wait (an injected timing records the waits).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyCommand } from "../../src/cli/apply.js";
import { captureIo } from "./helpers/capture-io.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { NOW, PolicyRepo, type Person } from "./helpers/policy-repo.js";

let server: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;
const people: Person[] = Array.from({ length: 6 }, (_, i) => ({ worker: `W${100 + i}`, login: `user${i}`, department: "Engineering" }));

beforeAll(async () => {
  server = await startScimServer();
  env = { SCIM_TOKEN: server.token };
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000, maxConcurrency: 4 } },
    people,
    groups: [],
    policy: { scope: { include: [{ kinds: ["person"] }] }, accounts: { attributes: { displayName: { from: "displayName" } } } },
  });
  const { plan } = await repo.plan(env);
  expect(plan.summary).toEqual({ "create-account": 6 });
});
afterAll(async () => {
  repo?.cleanup();
  await server?.stop();
});

async function applyWhileLimited(retryAfter: number): Promise<{ code: number; stdout: string; stderr: string; waits: number[] }> {
  await server.reset();
  // Every create is refused: each lane retries until the runner's attempts are spent.
  await server.inject({ seed: 1, rate429: 1, retryAfter, methods: ["POST"] });
  const io = captureIo(env, repo.dir);
  const waits: number[] = [];
  const code = await applyCommand({ repo: repo.dir, plan: "reviewed.json", now: NOW, concurrency: "4", timing: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 } }, io);
  return { code, stdout: io.stdout, stderr: io.stderr, waits };
}

describe("apply when the target asks it to wait", () => {
  it("a wait of minutes is waited out, and said once for the target, though four lanes wait five times each", async () => {
    const r = await applyWhileLimited(90);
    // Six creates, six attempts each, five waits between them: every wait the one the target asked for.
    expect(r.waits).toHaveLength(6 * 5);
    expect(new Set(r.waits)).toEqual(new Set([90_000]));
    const told = r.stderr.split("\n").filter((l) => l.includes("waiting"));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^crm: create-account user\d: scim POST \/Users: 429 Too many requests \(injected\); waiting 90 s as the target asked, then trying again \(attempt 2\)$/);
    expect(r.code).not.toBe(0);
    expect((await server.stats()).store.users).toBe(0);
  });

  it("a wait longer than an hour and five minutes is not waited: each change fails at its first attempt, saying how long the target asked for", async () => {
    const r = await applyWhileLimited(7200);
    expect(r.waits).toEqual([]);
    expect((await server.stats()).requests["POST /Users"]).toBe(6);
    expect(r.stderr).not.toContain("waiting");
    expect(r.code).not.toBe(0);
    const failures = `${r.stdout}\n${r.stderr}`.split("\n").filter((l) => l.includes("asked to wait"));
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures[0]).toContain("(it asked to wait 2 h before trying again, longer than the 1 h 5 min scopesync waits)");
  });
});
