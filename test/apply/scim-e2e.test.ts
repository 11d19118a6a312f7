// `plan --live` then `apply --plan` end to end against the real SCIM 2.0 test server (scimmy in a
// child process): joiners, a rename in place, a mover, a leaver, a rehire, each followed by
// `drift` (exit 0: a new plan against the same app is empty) and a look at what the app holds.
// Delete cannot be planned for SCIM (no disabledAt: see src/targets/scim/readme.md), which the
// last steps show, before deleting through the connector itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { change, connectorFor } from "../servers/scim-server-testkit.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { scimView, user } from "./helpers/scim-state.js";

let server: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;

const GROUPS = ["Engineering", "Platform", "Admins", "Everyone"];
/** What the SCIM server's clock says: six days before the plans' NOW (test/apply/helpers/policy-repo.ts). */
const SERVER_CLOCK = "2026-11-20T09:00:00.000Z";
const people: Person[] = [
  { worker: "W1", login: "ada", department: "Platform", title: "Head of Platform" },
  { worker: "W2", login: "alan", department: "Platform" },
  { worker: "W3", login: "grace", department: "Engineering" },
  { worker: "W4", login: "linus", department: "Engineering" },
];

export function scimRepo(server: ScimServer, extra: { policy?: Record<string, unknown>; apply?: { unreviewed: "revocations-only" | "none" }; people?: Person[] } = {}): PolicyRepo {
  return new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000, maxConcurrency: 4 } },
    people: extra.people ?? people,
    groups: [
      { id: "engineering", departments: ["Engineering"] },
      { id: "platform", departments: ["Platform"] },
      { id: "admins", members: ["ada", "alan"], privileged: true },
      { id: "everyone", departments: ["Engineering", "Platform"] },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }] },
      accounts: { attributes: { displayName: { from: displayName }, title: { from: "title" } } },
      entitlements: [
        { group: "engineering", entitlement: "group:Engineering" },
        { group: "platform", entitlement: "group:Platform" },
        { group: "admins", entitlement: "group:Admins" },
        { group: "everyone", entitlement: "group:Everyone" },
      ],
      onLeaveScope: "disable",
      ...extra.policy,
    },
    ...(extra.apply ? { apply: extra.apply } : {}),
  });
}
const displayName = "displayName";

/** plan --live → reviewed.json → apply --plan reviewed.json → drift; returns the plan and outputs. */
async function cycle(): Promise<{ plan: Plan; applyOut: string }> {
  const { plan } = await repo.plan(env);
  expect(plan.blocked, plan.blockedReasons.join("\n")).toBe(false);
  const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
  expect(applied.stderr).toBe("");
  expect(applied.code).toBe(0);
  expect(applied.stdout).toContain(`reviewed plan ${plan.fingerprint}: ${plan.changes.length} reviewed change(s) to apply, 0 unreviewed revocation(s) applied anyway, 0 unreviewed change(s) held back`);
  const drift = await repo.cli(["drift"], env);
  expect(drift.stderr).toContain("no drift: every target matches the desired state");
  expect(drift.code).toBe(0);
  return { plan, applyOut: applied.stdout };
}

beforeAll(async () => {
  server = await startScimServer({ clock: SERVER_CLOCK });
  await server.seed({ groups: GROUPS.map((displayName) => ({ displayName })) });
  env = { SCIM_TOKEN: server.token };
  repo = scimRepo(server);
});
afterAll(async () => {
  repo?.cleanup();
  await server?.stop();
});

describe("scim: plan --live, apply --plan, drift", () => {
  let ids: Record<string, string> = {};

  it("joiners: creates the accounts and grants their groups", async () => {
    const { plan, applyOut } = await cycle();
    expect(changeLines(plan)).toEqual([
      "create-account ada", "create-account alan", "create-account grace", "create-account linus",
      "grant ada group:Admins", "grant ada group:Everyone", "grant ada group:Platform",
      "grant alan group:Admins", "grant alan group:Everyone", "grant alan group:Platform",
      "grant grace group:Engineering", "grant grace group:Everyone", "grant linus group:Engineering", "grant linus group:Everyone",
    ]);
    expect(applyOut).toContain("applied 14, already in place 0, failed 0, skipped 0, held back 0");
    const view = await scimView(server);
    expect(view.users.map((u) => [u.userName, u.externalId, u.active, u.title])).toEqual([
      ["ada", "hr:W1", true, "Head of Platform"],
      ["alan", "hr:W2", true, "Engineer"],
      ["grace", "hr:W3", true, "Engineer"],
      ["linus", "hr:W4", true, "Engineer"],
    ]);
    expect(view.groups).toEqual({ Engineering: ["grace", "linus"], Platform: ["ada", "alan"], Admins: ["ada", "alan"], Everyone: ["ada", "alan", "grace", "linus"] });
    ids = Object.fromEntries(view.users.map((u) => [u.userName, u.id]));
  });

  it("rename: a changed UserID updates the same account in place", async () => {
    repo.setPeople(people.map((p) => (p.login === "grace" ? { ...p, login: "ghopper" } : p)));
    const { plan } = await cycle();
    expect(changeLines(plan)).toEqual(["update-account ghopper"]);
    expect(plan.changes[0]!.attributes?.login).toEqual({ from: "grace", to: "ghopper" });
    const view = await scimView(server);
    expect(user(view, "ghopper")).toMatchObject({ id: ids.grace, externalId: "hr:W3", active: true });
    expect(user(view, "grace")).toBeUndefined();
    expect(view.groups.Engineering).toEqual(["ghopper", "linus"]);
    expect(view.users).toHaveLength(4);
  });

  it("mover and attribute update: grants the new group, revokes the old one", async () => {
    people[2] = { ...people[2]!, login: "ghopper" };
    people[3] = { ...people[3]!, department: "Platform", title: "Platform Engineer" };
    repo.setPeople(people);
    const { plan } = await cycle();
    expect(changeLines(plan)).toEqual(["grant linus group:Platform", "revoke linus group:Engineering", "update-account linus"]);
    const view = await scimView(server);
    expect(user(view, "linus")).toMatchObject({ id: ids.linus, title: "Platform Engineer" });
    expect(view.groups).toEqual({ Engineering: ["ghopper"], Platform: ["ada", "alan", "linus"], Admins: ["ada", "alan"], Everyone: ["ada", "alan", "ghopper", "linus"] });
  });

  it("leaver: revokes every group, then disables the account", async () => {
    people[1] = { ...people[1]!, status: "Terminated" };
    repo.setPeople(people);
    const { plan } = await cycle();
    expect(changeLines(plan)).toEqual(["disable-account alan", "revoke alan group:Admins", "revoke alan group:Everyone", "revoke alan group:Platform"]);
    const view = await scimView(server);
    expect(user(view, "alan")).toMatchObject({ id: ids.alan, active: false });
    expect(view.groups).toEqual({ Engineering: ["ghopper"], Platform: ["ada", "linus"], Admins: ["ada"], Everyone: ["ada", "ghopper", "linus"] });
  });

  it("rehire: enables the old account and grants its groups again", async () => {
    people[1] = { ...people[1]!, status: "Active" };
    repo.setPeople(people);
    const { plan } = await cycle();
    expect(changeLines(plan)).toEqual(["enable-account alan", "grant alan group:Admins", "grant alan group:Everyone", "grant alan group:Platform"]);
    const view = await scimView(server);
    expect(user(view, "alan")).toMatchObject({ id: ids.alan, active: true });
    expect(view.users).toHaveLength(4);
    expect(view.groups).toEqual({ Engineering: ["ghopper"], Platform: ["ada", "alan", "linus"], Admins: ["ada", "alan"], Everyone: ["ada", "alan", "ghopper", "linus"] });
  });

  it("onLeaveScope: delete disables first, then deletes once the grace period since the disable has passed", async () => {
    repo.writePolicy({ ...repo.spec.policy, onLeaveScope: "delete", deleteGracePeriod: "7d" });
    people[0] = { ...people[0]!, department: "Sales" }; // ada leaves the app's scope
    repo.setPeople(people);
    const { plan } = await cycle();
    expect(changeLines(plan)).toEqual(["disable-account ada", "revoke ada group:Admins", "revoke ada group:Everyone", "revoke ada group:Platform"]);
    expect(user(await scimView(server), "ada")).toMatchObject({ active: false });
    // SCIM has no "disabled since": the user's meta.lastModified (the server's clock, six days
    // before the plan's) stands for it. Six days are inside a 7d grace period…
    const { plan: waiting } = await repo.plan(env, "waiting.json");
    expect(waiting.changes).toEqual([]);
    expect(waiting.findings.filter((f) => f.rule === "delete-grace-unknown")).toEqual([]);
    // …and past a 5d one.
    repo.writePolicy({ ...repo.spec.policy, onLeaveScope: "delete", deleteGracePeriod: "5d" });
    const { plan: due } = await repo.plan(env, "due.json");
    expect(changeLines(due)).toEqual(["delete-account ada"]);
    expect(due.changes[0]).toMatchObject({ origin: "policy", reason: expect.stringContaining(`disabled since ${SERVER_CLOCK}, past the 5d grace period`) });
    repo.writePolicy({ ...repo.spec.policy, onLeaveScope: "delete", deleteGracePeriod: "7d" });
  });

  it("delete-account through the connector: removes the user and its memberships, idempotently", async () => {
    // Put ada back in a group behind scopesync's back, so the delete has a membership to drop.
    const connector = connectorFor(server);
    const grantBack = change("grant", "ada", { anchor: "hr:W1", login: "ada", entitlement: "group:Everyone" });
    expect((await connector.apply(grantBack)).status).toBe("applied");
    const del = change("delete-account", "ada", { anchor: "hr:W1", login: "ada" });
    expect(await connector.apply(del)).toEqual({ status: "applied", account: ids.ada });
    expect(await connector.apply(del)).toEqual({ status: "unchanged" });
    expect(await connector.apply({ ...del, account: ids.ada! })).toEqual({ status: "unchanged", account: ids.ada });
    const view = await scimView(server);
    expect(user(view, "ada")).toBeUndefined();
    expect(view.groups.Everyone).toEqual(["alan", "ghopper", "linus"]);
    expect(Object.values(view.memberIds).flat()).not.toContain(ids.ada);
  });
});
