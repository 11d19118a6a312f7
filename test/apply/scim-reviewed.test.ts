// The reviewed-plan rules of `apply --plan` (docs/formats.md, `apply.unreviewed`) against the real SCIM
// server: apply re-plans against the live app and applies only what was reviewed; an unreviewed
// grant is held back and reported; an unreviewed revocation is applied under the default
// `apply.unreviewed: revocations-only` and held under `none`; a plan of another format version,
// of another organisation, or edited after it was made is refused before anything is written.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { scimView, user } from "./helpers/scim-state.js";

let server: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;

const base: Person[] = [
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W2", login: "alan", department: "Platform" },
  { worker: "W3", login: "grace", department: "Engineering" },
  { worker: "W4", login: "linus", department: "Engineering" },
];

function makeRepo(apply?: { unreviewed: "revocations-only" | "none" }): PolicyRepo {
  return new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000 } },
    people: base,
    groups: [
      { id: "engineering", departments: ["Engineering"] },
      { id: "everyone", departments: ["Engineering", "Platform"] },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }] },
      accounts: { attributes: { displayName: { from: "displayName" } } },
      entitlements: [
        { group: "engineering", entitlement: "group:Engineering" },
        { group: "everyone", entitlement: "group:Everyone" },
      ],
    },
    ...(apply ? { apply } : {}),
  });
}

/** Brings the app to the repo's desired state (plan, apply that plan, no drift). */
async function converge(): Promise<void> {
  await repo.plan(env, "baseline.json");
  const applied = await repo.cli(["apply", "--plan", "baseline.json"], env);
  expect(applied.code, applied.stderr).toBe(0);
  expect((await repo.cli(["drift"], env)).code).toBe(0);
}

/** Writes done by the app since the last reset: a refused plan must not have caused any. */
async function writes(): Promise<number> {
  const { requests } = await server.stats();
  return Object.entries(requests).filter(([k]) => !k.startsWith("GET ")).reduce((n, [, v]) => n + v, 0);
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
  await server.seed({ groups: [{ displayName: "Engineering" }, { displayName: "Everyone" }] });
});
afterEach(() => {
  repo?.cleanup();
});

describe("apply --plan: what was not reviewed", () => {
  it("holds back an unreviewed grant (a person added after the plan was made) and reports it", async () => {
    repo = makeRepo();
    await converge();
    // Reviewed: grace's new title. Then, after review, a joiner arrives in the HR export.
    repo.writePolicy({ ...repo.spec.policy, accounts: { attributes: { displayName: { from: "displayName" }, title: { from: "title" } } } });
    repo.setPeople(base.map((p) => (p.login === "grace" ? { ...p, title: "Staff Engineer" } : p)));
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["update-account ada", "update-account alan", "update-account grace", "update-account linus"]);
    repo.setPeople([...base.map((p) => (p.login === "grace" ? { ...p, title: "Staff Engineer" } : p)), { worker: "W5", login: "joan", department: "Engineering" }]);

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);

    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("4 reviewed change(s) to apply, 0 unreviewed revocation(s) applied anyway, 3 unreviewed change(s) held back, 0 no longer needed");
    expect(applied.stdout).toContain("held back (not reviewed): crm create-account joan\n");
    expect(applied.stdout).toContain("held back (not reviewed): crm grant joan group:Engineering\n");
    expect(applied.stdout).toContain("held back (not reviewed): crm grant joan group:Everyone\n");
    expect(applied.stdout).toContain("applied 4, already in place 0, failed 0, skipped 0, held back 3");
    const view = await scimView(server);
    expect(user(view, "joan")).toBeUndefined();
    expect(user(view, "grace")).toMatchObject({ title: "Staff Engineer" });
    // What was held is still to do: drift shows it, and only it.
    const drift = await repo.cli(["drift", "--format", "json"], env);
    expect(drift.code).toBe(2);
    expect(changeLines(JSON.parse(drift.stdout) as Plan)).toEqual(["create-account joan", "grant joan group:Engineering", "grant joan group:Everyone"]);
  });

  it("applies an unreviewed revocation (a leaver after the plan was made) under the default revocations-only", async () => {
    repo = makeRepo();
    await converge();
    const { plan } = await repo.plan(env);
    expect(plan.changes).toEqual([]);
    repo.setPeople(base.map((p) => (p.login === "grace" ? { ...p, status: "Terminated" as const } : p)));

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);

    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("0 reviewed change(s) to apply, 3 unreviewed revocation(s) applied anyway, 0 unreviewed change(s) held back");
    expect(applied.stdout).toContain("applied 3, already in place 0, failed 0, skipped 0, held back 0");
    const view = await scimView(server);
    expect(user(view, "grace")).toMatchObject({ active: false });
    expect(view.groups).toEqual({ Engineering: ["linus"], Everyone: ["ada", "alan", "linus"] });
    expect((await repo.cli(["drift"], env)).code).toBe(0);
  });

  it("holds an unreviewed revocation too under apply.unreviewed: none", async () => {
    repo = makeRepo({ unreviewed: "none" });
    await converge();
    await repo.plan(env);
    repo.setPeople(base.map((p) => (p.login === "grace" ? { ...p, status: "Terminated" as const } : p)));
    const before = await writes();

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);

    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("0 reviewed change(s) to apply, 0 unreviewed revocation(s) applied anyway, 3 unreviewed change(s) held back");
    expect(applied.stdout).toContain("held back (not reviewed): crm disable-account grace\n");
    expect(applied.stdout).toContain("held back (not reviewed): crm revoke grace group:Engineering\n");
    expect(applied.stdout).toContain("applied 0, already in place 0, failed 0, skipped 0, held back 3");
    expect(await writes()).toBe(before);
    expect(user(await scimView(server), "grace")).toMatchObject({ active: true });
    expect((await repo.cli(["drift"], env)).code).toBe(2);
  });
});

describe("apply --plan: plans that are refused", () => {
  async function refused(edit: (plan: Record<string, unknown>) => void): Promise<{ code: number; stderr: string; stdout: string }> {
    repo = makeRepo();
    const { plan } = await repo.plan(env);
    expect(plan.changes.length).toBeGreaterThan(0);
    const doc = JSON.parse(repo.read("reviewed.json")) as Record<string, unknown>;
    edit(doc);
    writeFileSync(join(repo.dir, "reviewed.json"), JSON.stringify(doc, null, 2));
    const result = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(await writes()).toBe(0);
    expect((await scimView(server)).users).toEqual([]);
    return result;
  }

  it("refuses a plan of formatVersion 2", async () => {
    const { stderr } = await refused((p) => (p.formatVersion = 2));
    expect(stderr).toBe("error: the reviewed plan has formatVersion 2; this scopesync reads 1\n  fix: re-run plan with this version of scopesync and have it reviewed\n");
  });

  it("refuses a plan made for another organisation", async () => {
    const { stderr } = await refused((p) => (p.organisation = "someone-else"));
    expect(stderr).toBe('error: the reviewed plan is for organisation "someone-else", this repository is "apply-e2e"\n  fix: pass the plan that was reviewed for this repository\n');
  });

  it("refuses a plan edited after it was made (its changes no longer match the fingerprint)", async () => {
    const { stderr } = await refused((p) => {
      const changes = p.changes as Array<Record<string, unknown>>;
      // Smuggle an extra grant in: same shape as a real one, for another group.
      changes.push({ ...changes.find((c) => c.action === "grant")!, entitlement: "group:Admins", id: "0123456789abcdef" });
    });
    expect(stderr).toBe("error: the reviewed plan's changes do not match its fingerprint: it was edited after it was made\n  fix: use the plan artifact exactly as the plan workflow wrote it\n");
  });

  it("refuses a file that is not a plan", async () => {
    const { stderr } = await refused((p) => {
      delete p.fingerprint;
    });
    expect(stderr).toBe("error: reviewed.json is not a scopesync plan (no changes or fingerprint)\n  fix: pass the JSON written by scopesync plan --format json\n");
  });
});
