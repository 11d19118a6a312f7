// The SCIM and GitHub tokens appear nowhere a person or a CI log can see: not in stdout or stderr
// of plan / apply / drift, not in the journal, not in the plan file; also when things go wrong
// (a wrong token: 401; a server that is down; changes that fail after every retry).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applyCommand } from "../../src/cli/apply.js";
import { driftCommand } from "../../src/cli/drift.js";
import type { Io } from "../../src/cli/io.js";
import { freePort } from "../servers/free-port.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { NOW, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const GH_TOKEN = "ghp_noLeakTOKEN0123456789abcdefghijklmnopqrstu";
const people: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W2", login: "alan", department: "Engineering" },
];
const noWait = { sleep: async () => {}, random: () => 0.5 };

let scim: ScimServer;
let gh: GithubFake;
let ghClosed = false;
let scimRepo: PolicyRepo;
let ghRepo: PolicyRepo;
/** Everything printed and written, by every command of this file. */
const seen: string[] = [];

function repoFor(targetName: string, target: Record<string, unknown>, entitlement: string): PolicyRepo {
  return new PolicyRepo({
    targetName,
    target,
    people,
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"] }] }, entitlements: [{ group: "engineering", entitlement }] },
  });
}

async function cli(repo: PolicyRepo, args: string[], env: Record<string, string>): Promise<number> {
  const r = await repo.cli(args, env);
  seen.push(r.stdout, r.stderr);
  return r.code;
}

function io(repo: PolicyRepo, env: Record<string, string>): Io {
  return { out: (t) => void seen.push(t), err: (t) => void seen.push(t), isTTY: false, env, cwd: repo.dir };
}

function files(repo: PolicyRepo): void {
  for (const f of ["reviewed.json", ".scopesync/journal.jsonl"]) {
    try {
      seen.push(readFileSync(join(repo.dir, f), "utf8"));
    } catch {
      // not written by this repo's runs
    }
  }
}

beforeAll(async () => {
  scim = await startScimServer();
  await scim.seed({ groups: [{ displayName: "Engineering" }] });
  gh = await startGithubFake({ org: "acme", self: "scopesync-bot", token: GH_TOKEN });
  gh.org.addUser("ada");
  gh.org.addUser("alan");
  gh.org.addTeam("engineering");
  scimRepo = repoFor("crm", { type: "scim", url: scim.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 3000 } }, "group:Engineering");
  ghRepo = repoFor("github", { type: "github", org: "acme", token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: gh.url, patGrants: false } }, "team:engineering");
});
afterAll(async () => {
  scimRepo?.cleanup();
  ghRepo?.cleanup();
  await scim?.stop();
  if (!ghClosed) await gh?.close();
});

describe("no token in any output, journal or plan", () => {
  it("scim: a wrong token (401) fails plan, apply and drift with a message that carries no token", async () => {
    const wrong = { SCIM_TOKEN: `${scim.token}-wrong` };
    expect(await cli(scimRepo, ["plan", "--live", "--format", "json", "--out", "reviewed.json"], wrong)).toBe(1);
    expect(await cli(scimRepo, ["apply", "--auto-approve"], wrong)).toBe(1);
    expect(await cli(scimRepo, ["drift"], wrong)).toBe(1);
    expect(seen.join("\n")).toContain("401");
    for (const text of seen) expect(text).not.toContain(wrong.SCIM_TOKEN);
  });

  it("scim: plan and apply that work, then changes that fail after every retry, journalled", async () => {
    const env = { SCIM_TOKEN: scim.token };
    expect(await cli(scimRepo, ["plan", "--live", "--format", "json", "--out", "reviewed.json"], env)).toBe(0);
    await scim.inject({ rate500: 1, methods: ["PATCH"] });
    expect(await applyCommand({ repo: scimRepo.dir, plan: "reviewed.json", now: NOW, timing: noWait }, io(scimRepo, env))).toBe(1);
    expect(seen.join("\n")).toMatch(/failed: crm grant ada group:Engineering: .*500/);
    await scim.inject({});
    expect(await cli(scimRepo, ["apply", "--plan", "reviewed.json"], env)).toBe(0);
    expect(await cli(scimRepo, ["drift"], env)).toBe(0);
    files(scimRepo);
    expect(readFileSync(join(scimRepo.dir, ".scopesync/journal.jsonl"), "utf8")).toContain('"phase":"failed"');
  });

  it("scim: a server that is down fails plan, apply and drift", async () => {
    const down = repoFor("crm", { type: "scim", url: `http://127.0.0.1:${await freePort()}/scim/v2`, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 2000 } }, "group:Engineering");
    try {
      const env = { SCIM_TOKEN: scim.token };
      expect(await cli(down, ["plan", "--live"], env)).toBe(1);
      expect(await applyCommand({ repo: down.dir, autoApprove: true, now: NOW, timing: noWait }, io(down, env)).catch(() => 1)).toBe(1);
      expect(await driftCommand({ repo: down.dir, now: NOW, timing: noWait }, io(down, env)).catch(() => 1)).toBe(1);
      files(down);
    } finally {
      down.cleanup();
    }
  });

  it("github: wrong token, a working apply, failing invitations and a fake that is gone", async () => {
    const wrong = { GH_TOKEN: `${GH_TOKEN}x` };
    expect(await cli(ghRepo, ["plan", "--live"], wrong)).toBe(1);
    expect(await cli(ghRepo, ["drift"], wrong)).toBe(1);
    const env = { GH_TOKEN };
    expect(await cli(ghRepo, ["plan", "--live", "--format", "json", "--out", "reviewed.json"], env)).toBe(0);
    gh.injectFault({ kind: "server-error", operationId: "orgs/create-invitation", times: 1000 });
    expect(await applyCommand({ repo: ghRepo.dir, plan: "reviewed.json", now: NOW, timing: noWait }, io(ghRepo, env))).toBe(1);
    expect(seen.join("\n")).toMatch(/failed: github create-account ada: .*500/);
    files(ghRepo);
    await gh.close();
    ghClosed = true;
    expect(await cli(ghRepo, ["plan", "--live"], env)).toBe(1);
    expect(await driftCommand({ repo: ghRepo.dir, now: NOW, timing: noWait }, io(ghRepo, env)).catch(() => 1)).toBe(1);
    for (const text of seen) expect(text).not.toContain(wrong.GH_TOKEN);
  });

  it("none of it holds either token", () => {
    expect(seen.length).toBeGreaterThan(20);
    const all = seen.join("\n");
    expect(all).not.toContain(scim.token);
    expect(all).not.toContain(GH_TOKEN);
    // …nor a recognisable piece of one.
    expect(all).not.toContain(scim.token.slice(5, 25));
    expect(all).not.toContain(GH_TOKEN.slice(4, 24));
  });
});
