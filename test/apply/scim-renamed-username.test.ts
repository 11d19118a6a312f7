// A SCIM app's user whose userName was changed in the app (an admin's edit; the resource keeps its
// `id`, which "MUST be ... stable ... and SHALL NOT be reassigned", RFC 7643 section 3.1), against
// the real SCIM server (scimmy). The plan must still find the person's account:
//   - linked by externalId (the default): the mark finds it whatever its userName, and the plan
//     renames it back or offboards it (this already worked; kept by this test);
//   - accounts.linkBy: login: only the id the committed state file (`state pull`) recorded under
//     the person's userName finds it (plan/renamed-links.ts, rv59).
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { scimView, user } from "./helpers/scim-state.js";

let server: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;
const people: Person[] = [
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W2", login: "alan", department: "Platform" },
];

beforeEach(async () => {
  server = await startScimServer();
  await server.seed({ groups: ["Engineering", "Platform", "Admins", "Everyone"].map((displayName) => ({ displayName })) });
  env = { SCIM_TOKEN: server.token };
});
afterEach(async () => {
  repo?.cleanup();
  await server?.stop();
});

function scimRepo(accounts: Record<string, unknown>): PolicyRepo {
  return new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000 } },
    people,
    groups: [{ id: "platform", departments: ["Platform"] }, { id: "admins", members: ["ada", "alan"], privileged: true }, { id: "everyone", departments: ["Platform"] }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Platform"] } }] },
      accounts,
      entitlements: [{ group: "platform", entitlement: "group:Platform" }, { group: "admins", entitlement: "group:Admins" }, { group: "everyone", entitlement: "group:Everyone" }],
      onLeaveScope: "disable",
    },
  });
}

/** Plans and applies the joiners, so that the app holds ada and alan as scopesync made them. */
async function joined(accounts: Record<string, unknown> = { attributes: { displayName: { from: "displayName" } } }): Promise<string> {
  repo = scimRepo(accounts);
  await repo.plan(env);
  expect((await repo.cli(["apply", "--plan", "reviewed.json"], env)).code).toBe(0);
  return user(await scimView(server), "alan")!.id;
}

/** An admin changes the userName in the app: PATCH replace (RFC 7644 section 3.5.2), same id. */
async function renameInApp(id: string, userName: string): Promise<void> {
  const r = await fetch(`${server.url}/Users/${id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/scim+json" },
    body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "userName", value: userName }] }),
  });
  expect(r.status, await r.text()).toBe(200);
}

it("linked by externalId: a leaver whose userName was changed in the app is offboarded by the mark, under the new userName", async () => {
  const id = await joined();
  await renameInApp(id, "alan.archive");
  repo.setPeople([people[0]!, { ...people[1]!, status: "Terminated" }]);
  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual(["disable-account alan", "revoke alan group:Admins", "revoke alan group:Everyone", "revoke alan group:Platform"]);
  for (const c of plan.changes) expect(c).toMatchObject({ account: id, login: "alan.archive" });
  expect(plan.findings.filter((f) => f.rule === "unmanaged-account")).toEqual([]);
});

it("linked by externalId: someone who keeps access gets their userName back, on the same account", async () => {
  const id = await joined();
  await renameInApp(id, "alan.archive");
  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual(["update-account alan"]);
  expect(plan.changes[0]).toMatchObject({ account: id, attributes: { login: { from: "alan.archive", to: "alan" } } });
});

it("accounts.linkBy: login: the leaver's renamed account is found by the id the committed state file records, and apply disables that user", async () => {
  const id = await joined({ linkBy: "login", attributes: { displayName: { from: "displayName" } } });
  expect((await repo.cli(["state", "pull"], env)).code).toBe(0);
  await renameInApp(id, "alan.archive");
  repo.setPeople([people[0]!, { ...people[1]!, status: "Terminated" }]);

  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual(["disable-account alan", "revoke alan group:Admins", "revoke alan group:Everyone", "revoke alan group:Platform"]);
  for (const c of plan.changes) expect(c).toMatchObject({ account: id, login: "alan.archive" });
  expect(plan.changes.find((c) => c.action === "disable-account")!.reason).toContain(`their account "alan" (id ${id}, as state/crm.json records it) is "alan.archive" now: renamed, same id`);
  expect(plan.findings.filter((f) => f.rule === "unmanaged-account")).toEqual([]);

  expect((await repo.cli(["apply", "--plan", "reviewed.json"], env)).code).toBe(0);
  expect(user(await scimView(server), "alan.archive")).toMatchObject({ id, active: false });
  const drift = JSON.parse((await repo.cli(["drift", "--format", "json"], env)).stdout) as Plan;
  expect(changeLines(drift)).toEqual([]);
});
