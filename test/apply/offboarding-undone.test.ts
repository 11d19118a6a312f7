// A leaver's offboarding undone outside scopesync, against the scimmy SCIM server: apply disabled
// linus and revoked his group (the journal records both), then someone re-enabled him and put him
// back in the group by hand. The next plan disables and revokes again, as it always did, but it
// said so as if it were the first offboarding: nothing told the reviewer that scopesync had done it
// already and someone undid it. Now the plan carries an offboarding-undone warning naming when
// scopesync took each away (the journal's file:line), and each change's reason and evidence cite
// the journal line. A state file pulled before the apply is no undoing: it still shows the account
// as it was then.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { scimView, user } from "./helpers/scim-state.js";

let server: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;

const base: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W4", login: "linus", department: "Engineering" },
];

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
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", state: "state/crm.json", options: { timeoutMs: 5000 } },
    people: base,
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"] }] }, entitlements: [{ group: "engineering", entitlement: "group:Engineering" }] },
  });
});
afterEach(() => repo?.cleanup());

/** A SCIM PATCH as an administrator would send it from the app's console. */
async function patch(path: string, operations: object[]): Promise<void> {
  const r = await fetch(`${server.url}${path}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/scim+json" },
    body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: operations }),
  });
  expect(r.ok, await r.text()).toBe(true);
}

/** linus left; the reviewed offboarding is applied. Returns the journal's done lines of it, 1-based. */
async function offboardLinus(): Promise<{ disabledAt: string; disableLine: number; revokedAt: string; revokeLine: number }> {
  expect((await repo.cli(["apply", "--auto-approve"], env)).code).toBe(0);
  repo.setPeople(base.map((p) => (p.login === "linus" ? { ...p, status: "Terminated" as const } : p)));
  await repo.plan(env, "reviewed.json");
  const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
  expect(applied.code, applied.stderr).toBe(0);
  expect(user(await scimView(server), "linus")!.active).toBe(false);
  const journal = repo.read(".scopesync/journal.jsonl").split("\n");
  const lineOf = (action: string) => journal.findIndex((l) => l.includes('"phase":"done"') && l.includes(`"action":"${action}"`) && l.includes('"identity":"linus"') && l.includes('"review":"reviewed"')) + 1;
  const at = (line: number) => (JSON.parse(journal[line - 1]!) as { at: string }).at;
  return { disabledAt: at(lineOf("disable-account")), disableLine: lineOf("disable-account"), revokedAt: at(lineOf("revoke")), revokeLine: lineOf("revoke") };
}

/** What an administrator does by hand: linus active again, and back in Engineering. */
async function reEnableByHand(): Promise<void> {
  const linus = user(await scimView(server), "linus")!;
  await patch(`/Users/${linus.id}`, [{ op: "replace", path: "active", value: true }]);
  const groups = (await (await fetch(`${server.url}/Groups?filter=${encodeURIComponent('displayName eq "Engineering"')}`, { headers: { authorization: `Bearer ${server.token}` } })).json()) as { Resources: Array<{ id: string }> };
  await patch(`/Groups/${groups.Resources[0]!.id}`, [{ op: "add", path: "members", value: [{ value: linus.id }] }]);
  expect(user(await scimView(server), "linus")!.active).toBe(true);
}

describe("an offboarding undone outside scopesync", () => {
  it("is planned again with a warning and reasons that cite the journal lines", async () => {
    const done = await offboardLinus();
    await reEnableByHand();

    const { plan } = await repo.plan(env, "again.json");
    const linus = plan.changes.filter((c) => c.identity === "linus").map((c) => [c.action, c.entitlement ?? "", c.reason, c.evidence.at(-1)]);
    expect(linus).toEqual([
      ["revoke", "group:Engineering", `left the organisation on 2026-11-20 (status terminated in hr); scopesync revoked it at ${done.revokedAt} (.scopesync/journal.jsonl:${done.revokeLine}) and it is held again: given back outside scopesync`, `.scopesync/journal.jsonl:${done.revokeLine}`],
      ["disable-account", "", `left the organisation on 2026-11-20 (status terminated in hr); scopesync disabled it at ${done.disabledAt} (.scopesync/journal.jsonl:${done.disableLine}) and it is active again: given back outside scopesync`, `.scopesync/journal.jsonl:${done.disableLine}`],
    ]);
    const findings = plan.findings.filter((f) => f.rule === "offboarding-undone");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "warning", identity: "linus" });
    expect(findings[0]!.message).toBe(`linus's crm account "linus" was offboarded by scopesync and given back outside it: scopesync disabled it at ${done.disabledAt} (.scopesync/journal.jsonl:${done.disableLine}) and it is active again; it holds again group:Engineering (revoked at ${done.revokedAt}, .scopesync/journal.jsonl:${done.revokeLine}); no scopesync apply since gave it back, so someone re-enabled it by hand, or another system did; this plan takes it away again`);
    // A warning: the plan is not blocked, and the daily sync applies the revocations at once.
    expect(plan.blocked).toBe(false);

    // The text plan shows it too, where a reviewer reads the findings.
    const text = await repo.cli(["plan", "--live"], env);
    expect(text.stdout).toContain("offboarding-undone");
  }, 90_000);

  it("a state file pulled before the apply is no undoing: the account shows as it was then", async () => {
    expect((await repo.cli(["apply", "--auto-approve"], env)).code).toBe(0);
    // Pulled as a scheduled job does (no --now): readAt is the wall clock, before the offboarding.
    expect((await runCli(["state", "pull", "--repo", repo.dir], { env, cwd: repo.dir })).code).toBe(0);
    repo.setPeople(base.map((p) => (p.login === "linus" ? { ...p, status: "Terminated" as const } : p)));
    await repo.plan(env, "reviewed.json");
    expect((await repo.cli(["apply", "--plan", "reviewed.json"], env)).code).toBe(0);

    const offline = await repo.cli(["plan", "--format", "json"], env);
    const plan = JSON.parse(offline.stdout) as Plan;
    // The stale file still shows linus active: the disable is planned, as before, with no claim of undoing.
    expect(plan.changes.some((c) => c.identity === "linus" && c.action === "disable-account" && !c.reason.includes("scopesync disabled it"))).toBe(true);
    expect(plan.findings.filter((f) => f.rule === "offboarding-undone")).toEqual([]);

    // Pulled again after someone re-enabled him: the file's readAt is after the journal's lines.
    await reEnableByHand();
    expect((await runCli(["state", "pull", "--repo", repo.dir], { env, cwd: repo.dir })).code).toBe(0);
    const pulled = JSON.parse((await repo.cli(["plan", "--format", "json"], env)).stdout) as Plan;
    expect(pulled.findings.filter((f) => f.rule === "offboarding-undone").map((f) => f.identity)).toEqual(["linus"]);
  }, 90_000);

  it("a return scopesync applies is no undoing: the rehire's account is not flagged", async () => {
    await offboardLinus();
    // HR rehires him: the plan enables the account and grants the group, and apply does it.
    repo.setPeople(base);
    await repo.plan(env, "rehire.json");
    expect((await repo.cli(["apply", "--plan", "rehire.json"], env)).code).toBe(0);
    expect(user(await scimView(server), "linus")!.active).toBe(true);
    // He leaves again: the plan offboards him, with no word of an undoing.
    repo.setPeople(base.map((p) => (p.login === "linus" ? { ...p, status: "Terminated" as const } : p)));
    const { plan } = await repo.plan(env, "again.json");
    expect(plan.changes.filter((c) => c.identity === "linus").map((c) => c.action)).toEqual(["revoke", "disable-account"]);
    expect(plan.changes.every((c) => !c.reason.includes("given back outside scopesync"))).toBe(true);
    expect(plan.findings.filter((f) => f.rule === "offboarding-undone")).toEqual([]);
  }, 90_000);
});
