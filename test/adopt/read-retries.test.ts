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

function io(dir: string): Io & { stdout: string; stderr: string[] } {
  const out = { stdout: "", stderr: [] as string[], out: (t: string) => void (out.stdout += `${t}\n`), err: (t: string) => void out.stderr.push(t), isTTY: false, env: { CRM_TOKEN: server.token }, cwd: dir };
  return out;
}

/** Faults on a share of the reads (GET): 429 with Retry-After, 500, connections reset without an answer. */
const FAULTS = { seed: 1, rate429: 0.1, rate500: 0.06, rateReset: 0.04, retryAfter: 1, methods: ["GET"] };
/** Half the reads refused: no read of some thirty pages gets through without a retry. */
// The seed that, with a read's requests as they are (GET /Schemas among them since the app's
// caseExact is read), fails the first attempt on a page, so that the attempts after it meet pages
// the app changed under them: the case this file's "changes during every wait" test is about.
const EVERY_OTHER = { seed: 5, rate429: 0.5, retryAfter: 1, methods: ["GET"] };
/** Fewer faults once the app has changed: the read that starts again has all its pages to read. */
const FAULTS_AFTER_MOVE = { seed: 3, rate429: 0.05, rate500: 0.02, rateReset: 0.01, retryAfter: 1, methods: ["GET"] };

/** A request to the app as another of its clients would make it (no faults are injected meanwhile). */
async function scim(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${server.token}`, "content-type": "application/scim+json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
  expect(res.ok, `${method} ${path}: ${res.status}`).toBe(true);
  return res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
}

/**
 * Someone leaves (the user listed at `index`, from 0) and someone joins: the total stays, every
 * user after the one who left moves up a place. The app answers this without faults; `faults` are
 * injected again after it. Returns who left.
 */
async function moveUsers(joiner: string, faults: Record<string, unknown>, index = 0): Promise<string> {
  await server.inject({ seed: 2, rate429: 0, methods: ["GET"] });
  const left = ((await scim("GET", `/Users?startIndex=1&count=${index + 1}`)).Resources as Array<{ id: string; userName: string }>)[index]!;
  await scim("DELETE", `/Users/${left.id}`);
  await scim("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: joiner });
  await server.inject(faults);
  return left.userName;
}

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
    // Each failed attempt said so before its wait, with why; a 429's wait is its Retry-After (1 s).
    const met = Object.values(faults).reduce((a, b) => a + b, 0);
    expect(out.stderr).toHaveLength(met);
    for (const [i, line] of out.stderr.entries()) expect(line).toMatch(new RegExp(`^crm: attempt ${i + 1} to read failed \\(scim GET /\\S+: .+\\); reading again in [0-9.]+ s$`));
    expect(out.stderr.filter((l) => / 429 /.test(l) && l.endsWith("reading again in 1 s"))).toHaveLength(faults["fault:429"]!);
    expect(out.stderr.join("\n")).not.toContain(server.token);
  });

  it("an app that changes during every wait: the read gives up after its six attempts, none of them counted as progress", async () => {
    // Pages dropped because the app changed under them are no progress, nor is the fresh read
    // after them: else the attempts would count 1, 2, 1, 2... and a read never end.
    let waits = 0;
    const timing: Timing = {
      random: () => 0.5,
      sleep: async () => {
        if (waits >= 20) throw new Error("still retrying after 20 waits");
        await moveUsers(`joiner-${++waits}@example.com`, EVERY_OTHER);
      },
    };
    await server.inject(EVERY_OTHER);
    const dir = repo();
    const out = io(dir);
    // The error says that it was the last of seven attempts, not one failed request.
    await expect(statePullCommand({ repo: dir, action: "pull", now: NOW, timing }, out)).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/\(the read gave up after 7 attempts\)$/) });
    // Six waits, seven attempts: the second attempt resumed from no page (the first failed on page
    // 1) and read one more before it failed, which is progress; none after it was.
    expect(waits).toBe(6);
    expect(out.stderr).toHaveLength(6);
    expect(out.stderr.filter((l) => l.includes("changed between attempts"))).toHaveLength(2);
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

  it("a resumed read reads every page again when the app moved its users between attempts", async () => {
    // Between two attempts, the second user listed is deleted and another created: the total stays
    // the same, every user after the deleted one moves up a place, and a read that went on from the
    // page that failed would skip the user moved onto a page it had already read.
    let gone: string | undefined;
    const timing: Timing = {
      random: () => 0.5,
      // The runner waits before each retry: the app changes then, once the failed attempt had kept
      // at least two pages of users (a fault on a later page of /Users).
      sleep: async () => {
        if (gone) return;
        const failed = (await server.requestLog()).at(-1) ?? "";
        const startIndex = Number(/GET \S*\/Users\?\S*startIndex=(\d+)/.exec(failed)?.[1] ?? 0);
        if (startIndex < 11) return;
        gone = await moveUsers("late.joiner@example.com", FAULTS_AFTER_MOVE, 1);
      },
    };
    await server.inject(FAULTS);
    const faulty = repo();
    expect(await statePullCommand({ repo: faulty, action: "pull", now: NOW, timing }, io(faulty))).toBe(0);
    expect(gone, "a fault on a later page of /Users met (else this proves nothing)").toBeDefined();

    await server.inject({ seed: 1, rate429: 0, methods: ["GET"] });
    const clean = repo();
    expect(await statePullCommand({ repo: clean, action: "pull", now: NOW }, io(clean))).toBe(0);
    const logins = (dir: string): string[] => (JSON.parse(readFileSync(join(dir, "state/crm.json"), "utf8")) as { accounts: Array<{ login: string }> }).accounts.map((a) => a.login);
    expect(logins(clean)).toContain("late.joiner@example.com");
    expect(logins(clean)).not.toContain(gone);
    expect(logins(faulty)).toEqual(logins(clean));
  });
});
