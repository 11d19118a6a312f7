// A stray account carrying a person's anchor must not get the person offboarded (issue: apply 10
// people to a SCIM app, POST a copy with the same externalId, apply the reviewed plan of 0
// changes: the genuine user was disabled and dropped from Engineering, and drift called the copy
// "rename in place"). Against the real SCIM server: two accounts claiming one identity are a
// duplicate-account-link finding that blocks the plan; apply touches neither account, and drift
// reports the finding, not a rename.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { scimView, user } from "./helpers/scim-state.js";

let server: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;

const people: Person[] = Array.from({ length: 10 }, (_, i) => ({ worker: `K${100 + i}`, login: `kim${String(i).padStart(2, "0")}`, department: "Engineering" }));

/** Writes done by the app since the last reset (the stray's own POST included). */
async function writes(): Promise<number> {
  const { requests } = await server.stats();
  return Object.entries(requests).filter(([k]) => !k.startsWith("GET ")).reduce((n, [, v]) => n + v, 0);
}

/** A user made in the app by someone else, over plain SCIM, as the probe did. */
async function postUser(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${server.url}/Users`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/scim+json" },
    body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], ...body }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

beforeAll(async () => {
  server = await startScimServer();
  env = { SCIM_TOKEN: server.token };
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.reset();
  await server.seed({ groups: [{ displayName: "Engineering" }] });
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000 } },
    people,
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] },
      accounts: { attributes: { displayName: { from: "displayName" } } },
      entitlements: [{ group: "engineering", entitlement: "group:Engineering" }],
    },
  });
  await repo.plan(env, "baseline.json");
  const applied = await repo.cli(["apply", "--plan", "baseline.json"], env);
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stdout).toContain("applied 20,");
});
afterEach(() => {
  repo?.cleanup();
});

describe("two accounts claiming one identity", () => {
  it("a stray copy with the person's externalId: apply of the reviewed empty plan touches neither account", async () => {
    const { plan: reviewed } = await repo.plan(env);
    expect(reviewed.changes).toEqual([]);
    const genuine = user(await scimView(server), "kim05")!;
    const strayId = await postUser({ userName: "kim05-copy", externalId: "hr:K105" });
    const before = await writes();

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);

    expect(applied.code).toBe(3);
    // The finding holds kim05 and the accounts under her login; nothing else was planned either.
    expect(applied.stdout).toContain("applied 0, already in place 0, failed 0, skipped 0, held back 0\n");
    expect(applied.stderr).toContain("apply is blocked; only the revocations no reason below holds are applied, and nothing that gives access:\n");
    expect(applied.stderr).toContain(`duplicate-account-link (kim05): 2 crm accounts claim kim05: "kim05" (id ${genuine.id}, externalId hr:K105), "kim05-copy" (id ${strayId}, externalId hr:K105); scopesync cannot tell which one is theirs, so no change is planned for any of them`);
    expect(await writes()).toBe(before);
    const view = await scimView(server);
    expect(user(view, "kim05")).toMatchObject({ id: genuine.id, active: true, externalId: "hr:K105" });
    expect(user(view, "kim05-copy")).toMatchObject({ id: strayId, active: true, externalId: "hr:K105" });
    expect(view.groups.Engineering).toContain("kim05");

    // drift names the duplicate and plans no rename, no disable, no revoke for either account.
    const drift = await repo.cli(["drift", "--format", "json"], env);
    expect(drift.code).toBe(2);
    const plan = JSON.parse(drift.stdout) as Plan;
    expect(plan.changes).toEqual([]);
    expect(plan.blocked).toBe(true);
    expect(plan.findings.filter((f) => f.severity === "error").map((f) => `${f.rule} ${f.identity}`)).toEqual(["duplicate-account-link kim05"]);
    expect(drift.stdout).not.toContain("rename");
    expect(drift.stderr).toContain("drift: the plan is blocked by 1 error finding(s)");
  });

  it("once the stray is gone, the same reviewed plan applies and nothing was lost", async () => {
    await repo.plan(env);
    const strayId = await postUser({ userName: "kim05-copy", externalId: "hr:K105" });
    expect((await repo.cli(["apply", "--plan", "reviewed.json"], env)).code).toBe(3);
    const removed = await fetch(`${server.url}/Users/${strayId}`, { method: "DELETE", headers: { authorization: `Bearer ${server.token}` } });
    expect(removed.status).toBe(204);

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);

    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("applied 0, already in place 0, failed 0, skipped 0, held back 0");
    const view = await scimView(server);
    expect(view.users.map((u) => u.userName)).toEqual(people.map((p) => p.login));
    expect(view.users.every((u) => u.active)).toBe(true);
    expect(view.groups.Engineering).toEqual(people.map((p) => p.login));
    expect((await repo.cli(["drift"], env)).code).toBe(0);
  });

  it("an unmarked account with the person's login beside the marked one blocks too (login claims the identity)", async () => {
    // scimmy's userName uniqueness ignores case, so the second claim by login is the identity's
    // new login after a rename in HR, already taken by a hand-made account.
    await postUser({ userName: "kimberly" });
    repo.setPeople(people.map((p) => (p.login === "kim05" ? { ...p, login: "kimberly" } : p)));

    const drift = await repo.cli(["drift", "--format", "json"], env);

    const plan = JSON.parse(drift.stdout) as Plan;
    expect(plan.changes.filter((c) => c.identity === "kimberly")).toEqual([]);
    expect(plan.findings.find((f) => f.rule === "duplicate-account-link")).toMatchObject({ identity: "kimberly", severity: "error" });
    expect(plan.findings.find((f) => f.rule === "duplicate-account-link")!.message).toMatch(/^2 crm accounts claim kimberly: "kim05" \(id [^,]+, externalId hr:K105\), "kimberly" \(id [^,]+, no externalId\)/);
  });
});
