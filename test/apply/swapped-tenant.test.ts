// rv83 finding 1: two SCIM apps on one multi-tenant URL (Slack's SCIM API: one base URL, the
// token picks the workspace), each a scimmy server behind a front that routes by bearer token
// (test/servers/token-routed-scim.ts). The reviewed plan (nothing to change) is applied with the
// two workflow secrets swapped: each target reads the other workspace, where none of the accounts
// the plan was reviewed against exists, and apply used to disable every account of both
// workspaces as "unreviewed revocations", exit 0. The reviewed plan records a sample of each
// target's account ids (plan/state-binding.ts), and apply refuses a live read that holds fewer
// than half of them (apply/tenant-binding.ts), before it writes anything; the daily sync's
// revocations (an empty reviewed plan carrying its plan's targets) refuse the same way.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { applyCommand } from "../../src/cli/apply.js";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import { emptyReviewedPlan } from "../../src/github/reviewed-plan.js";
import type { Plan } from "../../src/plan/plan.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { tokenRoutedScim, type TokenRoutedScim } from "../servers/token-routed-scim.js";
import { captureIo } from "./helpers/capture-io.js";
import { hrCsv, NOW, type Person } from "./helpers/policy-repo.js";
import { scimView } from "./helpers/scim-state.js";
import { runCli } from "../helpers/run-cli.js";

const noWait = { sleep: async () => {}, random: () => 0 };
const eng: Person[] = [{ worker: "W1", login: "ada", department: "Engineering" }, { worker: "W2", login: "bob", department: "Engineering" }, { worker: "W3", login: "cy", department: "Engineering" }];
const sales: Person[] = [{ worker: "W4", login: "dee", department: "Sales" }, { worker: "W5", login: "eve", department: "Sales" }, { worker: "W6", login: "fay", department: "Sales" }];

let engApp: ScimServer;
let salesApp: ScimServer;
let front: TokenRoutedScim;
let dir: string;
let right: Record<string, string>;
let swapped: Record<string, string>;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

function writeRepo(): void {
  write("scopesync.yaml", stringify({
    version: 1,
    organisation: "rv83",
    sources: { hr: { type: "csv", path: "hr.csv", authoritative: ["name", "department", "title", "manager", "employmentType", "status", "employeeId"], gates: { required: ["externalId", "userName", "status"] }, options: { exportedAt: "2026-11-26T06:00:00Z" } } },
    targets: {
      "slack-eng": { type: "scim", url: front.url, token: "${env:SLACK_ENG_TOKEN}", options: { timeoutMs: 5000 } },
      "slack-sales": { type: "scim", url: front.url, token: "${env:SLACK_SALES_TOKEN}", options: { timeoutMs: 5000 } },
    },
    // The bundled example's limits: 3 disables per app are under every count.
    safety: { default: { deletes: { count: 5, percent: 10 }, disables: { count: 10, percent: 25 }, removals: { count: 20, percent: 25 }, changes: { count: 100, percent: 30 }, floor: 10 } },
  }));
  write("hr.csv", hrCsv([...eng, ...sales]));
  for (const [team, department] of [["eng", "Engineering"], ["sales", "Sales"]] as const) {
    write(`identities/groups/${team}.yaml`, stringify({ kind: "Group", id: team, birthright: [{ kinds: ["person"], where: { department: [department] } }] }));
    write(`policies/apps/slack-${team}.yaml`, stringify({ kind: "AppPolicy", id: `slack-${team}`, target: `slack-${team}`, scope: { include: [{ kinds: ["person"], where: { department: [department] } }] }, entitlements: [{ group: team, entitlement: "group:Everyone" }] }));
  }
}

async function apply(plan: string, env: Record<string, string>) {
  const io = captureIo(env, dir);
  const code = await applyCommand({ repo: dir, plan, now: NOW, timing: noWait }, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** userName (and "(disabled)") of every user in the app, sorted. */
async function users(app: ScimServer): Promise<string[]> {
  return (await scimView(app)).users.map((u) => `${u.userName}${u.active ? "" : " (disabled)"}`).sort();
}

async function reviewed(): Promise<Plan> {
  const r = await runCli(["plan", "--live", "--format", "json", "--out", "reviewed.json", "--repo", dir, "--now", NOW], { env: right, cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(readFileSync(join(dir, "reviewed.json"), "utf8")) as Plan;
}

beforeAll(async () => {
  [engApp, salesApp] = await Promise.all([startScimServer(), startScimServer()]);
  front = await tokenRoutedScim([engApp, salesApp]);
  right = { SLACK_ENG_TOKEN: engApp.token, SLACK_SALES_TOKEN: salesApp.token };
  swapped = { SLACK_ENG_TOKEN: salesApp.token, SLACK_SALES_TOKEN: engApp.token };
}, 60_000);

afterAll(async () => {
  await front?.close();
  await Promise.all([engApp?.stop(), salesApp?.stop()]);
});

beforeEach(async () => {
  await Promise.all([engApp.reset(), salesApp.reset()]);
  await Promise.all([engApp.seed({ groups: [{ displayName: "Everyone" }] }), salesApp.seed({ groups: [{ displayName: "Everyone" }] })]);
  dir = mkdtempSync(join(tmpdir(), "scopesync-swapped-"));
  writeRepo();
  // Both workspaces provisioned with the right tokens.
  const io = captureIo(right, dir);
  expect(await applyCommand({ repo: dir, autoApprove: true, now: NOW, timing: noWait }, io), io.stderr).toBe(0);
  return () => rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("a reviewed plan applied with the two SCIM tokens swapped", () => {
  it("records a sample of each target's account ids in the plan", async () => {
    const plan = await reviewed();
    expect(plan.changes).toEqual([]);
    const engIds = (await scimView(engApp)).users.map((u) => u.id).sort();
    expect(plan.targets["slack-eng"]).toMatchObject({ endpoint: front.url, accountSample: engIds });
  });

  it("refuses both targets before anything is written: no account in either workspace is disabled, exit 1", async () => {
    await reviewed();
    // Through the real CLI: one error naming both targets, and the fix; no stack trace.
    const r = await runCli(["apply", "--plan", "reviewed.json", "--repo", dir, "--now", NOW], { env: swapped, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: no target was applied: target "slack-eng": the reviewed plan saw accounts /);
    expect(r.stderr).toContain('; target "slack-sales": the reviewed plan saw accounts');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toMatch(/the live read holds none of them \(3 accounts in all\): it reads another tenant/);
    expect(r.stderr).toContain("check the token the run gives target \"slack-eng\" (SLACK_ENG_TOKEN)");
    expect(r.stderr).not.toContain(salesApp.token);
    expect(await users(engApp)).toEqual(["ada", "bob", "cy"]);
    expect(await users(salesApp)).toEqual(["dee", "eve", "fay"]);
  });

  it("with one token wrong, refuses that target and applies the other, naming the refused one (exit 1)", async () => {
    await reviewed();
    write("hr.csv", hrCsv([...eng, { ...sales[0]!, status: "Terminated" }, ...sales.slice(1)]));
    const r = await apply("reviewed.json", { SLACK_ENG_TOKEN: salesApp.token, SLACK_SALES_TOKEN: salesApp.token });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('target "slack-eng" was refused; nothing was planned or applied on it');
    expect(await users(engApp)).toEqual(["ada", "bob", "cy"]);
    // dee's offboarding on the right workspace is an unreviewed revocation, applied.
    expect(await users(salesApp)).toEqual(["dee (disabled)", "eve", "fay"]);
  });

  it("a normal day: an account deleted in the app since review does not make it another tenant", async () => {
    const plan = await reviewed();
    const view = await scimView(engApp);
    const bob = view.users.find((u) => u.userName === "bob")!;
    // One of the three accounts the plan sampled is gone: two of three are still there.
    expect(plan.targets["slack-eng"]!.accountSample).toContain(bob.id);
    const deleted = await fetch(`${engApp.url}/Users/${bob.id}`, { method: "DELETE", headers: { authorization: `Bearer ${engApp.token}` } });
    expect(deleted.status).toBe(204);
    const r = await apply("reviewed.json", right);
    // bob's create is not reviewed: held back (exit 0, nothing failed); the target was read and planned.
    expect(r.stdout + r.stderr).not.toContain("was refused");
    expect(r.code, r.stderr).toBe(0);
  });

  it("a plan made before plans were bound (no endpoint, tenant id or sample per target) is refused, not applied unbound: exit 1, plan again", async () => {
    const plan = await reviewed();
    // The reviewed plan as a scopesync before the binding wrote it: each target's entry without it.
    const unbound = Object.fromEntries(Object.entries(plan.targets).map(([name, { endpoint: _e, tenantId: _t, accountSample: _s, ...rest }]) => [name, rest]));
    write("old-reviewed.json", JSON.stringify({ ...plan, targets: unbound }));
    const r = await runCli(["apply", "--plan", "old-reviewed.json", "--repo", dir, "--now", NOW], { env: swapped, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: no target was applied: target "slack-eng": the reviewed plan records nothing of the tenant it was made from \(no endpoint, tenant id or account sample: a plan made before scopesync bound plans to their targets/);
    expect(r.stderr).toContain("so the 3 accounts the live read holds cannot be told from another tenant's");
    expect(r.stderr).toContain("fix: plan again with this scopesync (after scopesync state pull --target slack-eng if the state file has no endpoint) and have that plan reviewed");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await users(engApp)).toEqual(["ada", "bob", "cy"]);
    expect(await users(salesApp)).toEqual(["dee", "eve", "fay"]);
  });

  it("the daily sync's revocations (an empty reviewed plan with its plan's targets) refuse the same way", async () => {
    const plan = await reviewed();
    write("hr.csv", hrCsv([...eng, { ...sales[0]!, status: "Terminated" }, ...sales.slice(1)]));
    const r = await applyReviewed({ repoDir: dir, reviewed: emptyReviewedPlan(plan.organisation, plan.generatedAt, plan.targets), phase: "revocations", env: { SLACK_ENG_TOKEN: salesApp.token, SLACK_SALES_TOKEN: salesApp.token }, journalPath: join(dir, ".scopesync/journal.jsonl"), now: Date.parse(NOW), timing: noWait });
    expect(r.status).toBe("failed");
    expect(r.unreadableTargets?.map((u) => u.target)).toEqual(["slack-eng"]);
    expect(r.problems.join("\n")).toContain('target "slack-eng" was refused');
    expect(await users(engApp)).toEqual(["ada", "bob", "cy"]);
    expect(await users(salesApp)).toEqual(["dee (disabled)", "eve", "fay"]);
  });
});
