// Two applies of one reviewed plan at once (issue item 3), on each target type: the file target,
// the real SCIM server and the OpenAPI-validated GitHub fake. Ten rounds each from an empty
// target: one run takes the target's lease; the other either waits for it (odd rounds), then
// re-plans and finds nothing left to do, or (even rounds, --lock-timeout 0) is refused with a
// message naming the holder. Every round ends with exactly the expected accounts and memberships:
// nothing twice, nothing lost, and the applied counts of the two runs add up to the plan.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applyCommand } from "../../src/cli/apply.js";
import type { Io } from "../../src/cli/io.js";
import { ScopesyncError } from "../../src/model/errors.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { closeGithubLoop } from "./helpers/github-loop.js";
import { NOW, PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { scimView } from "./helpers/scim-state.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ROUNDS = 10;
const people: Person[] = ["ada", "alan", "grace", "linus"].map((login, i) => ({ worker: `W${i + 1}`, login, department: "Engineering" }));
const PLANNED = people.length * 2; // a create and one grant each

interface Run { code: number; stdout: string; stderr: string }

function capture(repo: PolicyRepo, env: Record<string, string>): Io & Run {
  const io = { code: -1, stdout: "", stderr: "", out: (t: string) => void (io.stdout += `${t}\n`), err: (t: string) => void (io.stderr += `${t}\n`), isTTY: false, env, cwd: repo.dir };
  return io;
}

/** Starts two applies of reviewed.json in the same tick; the second waits (lockTimeout) or is refused (0). */
async function twoAtOnce(repo: PolicyRepo, env: Record<string, string>, lockTimeout: string): Promise<[Run, Run]> {
  const run = async (timeout: string): Promise<Run> => {
    const io = capture(repo, env);
    try {
      io.code = await applyCommand({ repo: repo.dir, plan: "reviewed.json", now: NOW, lockTimeout: timeout, lease: { pollMs: 20 } }, io);
    } catch (e) {
      // As the CLI's main prints a refusal (the command itself throws it).
      if (!(e instanceof ScopesyncError)) throw e;
      io.err(`error: ${e.message}`);
      if (e.hint) io.err(`  fix: ${e.hint}`);
      io.code = 1;
    }
    return io;
  };
  return Promise.all([run("60"), run(lockTimeout)]);
}

const appliedCount = (r: Run) => Number(/^applied (\d+), already in place (\d+), failed 0, skipped 0, held back 0$/m.exec(r.stdout)?.[1] ?? NaN);

/** One round's verdict on the two runs: who waited or was refused, and that the work was done once. */
function checkRuns([first, second]: [Run, Run], round: number): void {
  const runs = JSON.stringify([first, second], null, 1);
  expect(first.code, runs).toBe(0);
  expect(first.stderr, runs).toBe("");
  expect(appliedCount(first), runs).toBe(PLANNED);
  if (round % 2 === 1) {
    expect(second.code, runs).toBe(0);
    expect(second.stderr, runs).toMatch(/^waiting up to 60s for target "app": another apply holds it \(pid \d+ on .+, started .+; lease .+\)\n$/);
    expect(second.stdout, runs).toContain(`0 reviewed change(s) to apply, 0 unreviewed revocation(s) applied anyway, 0 unreviewed change(s) held back, ${PLANNED} no longer needed`);
    expect(appliedCount(second), runs).toBe(0);
  } else {
    expect(second.code, runs).toBe(1);
    expect(second.stdout, runs).toBe("");
    expect(second.stderr, runs).toMatch(/^error: target "app" is being applied by another run \(pid \d+ on .+, started .+, run [0-9a-f-]{36}\); nothing was applied\n {2}fix: wait for that run to finish and apply again \(the re-plan skips what it did\); a crashed run's lease lapses at .+, or remove .+app\.(lease|json\.lock) if that process is gone\n$/);
  }
}

function makeRepo(target: Record<string, unknown>, policy: Record<string, unknown> = {}): PolicyRepo {
  return new PolicyRepo({
    targetName: "app",
    target,
    people,
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"] }] }, entitlements: [{ group: "engineering", entitlement: "team:engineering" }], ...policy },
  });
}

describe("two applies of one plan at once: file target", () => {
  let repo: PolicyRepo;
  const EMPTY = `${JSON.stringify({ formatVersion: 1, accounts: [], credentials: [] })}\n`;
  beforeAll(() => {
    repo = makeRepo({ type: "file", path: "state/app.json" });
    repo.write("state/app.json", EMPTY);
  });
  afterAll(() => repo?.cleanup());

  it(`${ROUNDS} rounds: one waits or is refused; every account and grant once`, async () => {
    await repo.plan({});
    for (let round = 1; round <= ROUNDS; round++) {
      repo.write("state/app.json", EMPTY);
      checkRuns(await twoAtOnce(repo, {}, round % 2 === 1 ? "60" : "0"), round);
      const state = JSON.parse(readFileSync(join(repo.dir, "state/app.json"), "utf8")) as { accounts: Array<{ login: string; externalId: string; entitlements: string[] }> };
      expect(state.accounts.map((a) => `${a.login} ${a.externalId} ${a.entitlements.join(",")}`)).toEqual(people.map((p) => `${p.login} hr:${p.worker} team:engineering`));
    }
    // No temp file or lease is left behind.
    expect(readdir(join(repo.dir, "state"))).toEqual(["app.json"]);
  }, 120_000);
});

describe("two applies of one plan at once: SCIM server", () => {
  let server: ScimServer;
  let repo: PolicyRepo;
  beforeAll(async () => {
    server = await startScimServer();
    repo = makeRepo({ type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000 } }, { entitlements: [{ group: "engineering", entitlement: "group:Engineering" }] });
  });
  afterAll(async () => {
    repo?.cleanup();
    await server?.stop();
  });

  it(`${ROUNDS} rounds: one waits or is refused; no duplicate user or member, no 409`, async () => {
    const env = { SCIM_TOKEN: server.token };
    for (let round = 1; round <= ROUNDS; round++) {
      await server.reset();
      await server.seed({ groups: [{ displayName: "Engineering" }] });
      if (round === 1) await repo.plan(env);
      checkRuns(await twoAtOnce(repo, env, round % 2 === 1 ? "60" : "0"), round);
      const view = await scimView(server);
      expect(view.users.map((u) => `${u.userName} ${u.externalId}`)).toEqual(people.map((p) => `${p.login} hr:${p.worker}`));
      expect(view.memberIds.Engineering).toHaveLength(people.length);
      expect(view.groups.Engineering).toEqual(people.map((p) => p.login));
      const { statuses, requests } = await server.stats();
      expect(statuses["409"] ?? 0).toBe(0);
      expect(Object.entries(requests).filter(([k]) => /^POST \S*\/Users$/.test(k)).map(([, n]) => n), JSON.stringify(requests)).toEqual([people.length]);
    }
    expect(readdir(join(repo.dir, ".scopesync/leases"))).toEqual([]);
  }, 180_000);
});

describe("two applies of one plan at once: GitHub fake", () => {
  let fake: GithubFake;
  let repo: PolicyRepo;
  beforeAll(async () => {
    fake = await startGithubFake({ org: "acme-robotics", self: "scopesync-bot" });
    for (const p of people) fake.org.addUser(p.login);
    fake.org.addTeam("engineering");
    repo = makeRepo({ type: "github", org: "acme-robotics", token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, minAdmins: 1 } }, { accounts: { login: "userName" } });
  });
  afterAll(() => closeGithubLoop(repo, fake));

  it(`${ROUNDS} rounds: one waits or is refused; one invitation per person`, async () => {
    const env = { GH_TOKEN: fake.token };
    const o = fake.org;
    for (let round = 1; round <= ROUNDS; round++) {
      // Back to an org with only the bot in it.
      o.invitations.clear();
      for (const id of [...o.members.keys()]) if (id !== o.self.id) o.members.delete(id);
      for (const team of o.teams.values()) team.members.clear();
      if (round === 1) await repo.plan(env);
      const before = fake.count("orgs/create-invitation");
      checkRuns(await twoAtOnce(repo, env, round % 2 === 1 ? "60" : "0"), round);
      expect(fake.count("orgs/create-invitation") - before).toBe(people.length);
      const invited = [...o.invitations.values()].map((i) => `${o.userById(i.userId).login}${[...i.teams.keys()].map((t) => ` +${t}`).join("")}`).sort();
      expect(invited).toEqual(people.map((p) => `${p.login} +engineering`));
    }
  }, 180_000);
});

function readdir(dir: string): string[] {
  return readdirSync(dir).sort();
}
