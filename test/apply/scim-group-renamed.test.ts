// A privileged SCIM group renamed in the app, and a mover taken out of it. An app's admin renames a
// group with `PATCH /Groups/{id}` replacing `displayName` (RFC 7644 §3.5.2.3); the group keeps its
// `id`, "A unique identifier for a SCIM resource as defined by the service provider" (RFC 7643
// §3.1), and its members. Entitlements name groups by displayName, so the mover kept the renamed
// group, no finding said so, and a grant's fix said to create a new group under the old name.
// Now: a state file that remembers the group's id has the rename followed by it (revoke planned and
// made on the renamed group, finding group-renamed-in-target); without one, the mapping is refused
// (entitlement-not-in-target) instead of passing over the holders. Against two independent SCIM
// servers: scimmy and better-auth's SCIM plugin (which matches displayName without case).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TargetState } from "../../src/model/target-state.js";
import { startBetterAuthScim } from "../servers/better-auth-scim.js";
import { startScimServer } from "../servers/scim-server.js";
import { changeLines, type PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { scimPeerRepo } from "./helpers/scim-peer-repo.js";
import { scimView } from "./helpers/scim-state.js";

interface Peer {
  url: string;
  token: string;
  /** displayName → sorted userNames of its members. */
  groups(): Promise<Record<string, string[]>>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const SEEDED = ["payment-approvers", "finance"];

async function scimmy(): Promise<Peer> {
  const server = await startScimServer();
  return {
    url: server.url,
    token: server.token,
    groups: async () => (await scimView(server)).groups,
    async reset() {
      await server.reset();
      await server.seed({ groups: SEEDED.map((displayName) => ({ displayName })) });
    },
    stop: () => server.stop(),
  };
}

async function betterAuth(): Promise<Peer> {
  let server = await startBetterAuthScim();
  const peer: Peer = {
    url: server.url,
    token: server.token,
    async groups() {
      const users = new Map((await server.list("/Users")).map((u) => [u.id as string, u.userName as string]));
      const view: Record<string, string[]> = {};
      for (const group of await server.list("/Groups")) view[group.displayName] = ((group.members ?? []) as Array<{ value: string }>).map((m) => users.get(m.value) ?? `?${m.value}`).sort();
      return view;
    },
    // A fresh server per test: better-auth's test server has no reset.
    async reset() {
      await server.stop();
      server = await startBetterAuthScim();
      peer.url = server.url;
      peer.token = server.token;
      await server.seedGroups(SEEDED);
    },
    stop: () => server.stop(),
  };
  return peer;
}

/** The app's admin renames the group, as an app's UI does: PATCH replace displayName; the id stays. */
async function renameGroup(peer: Peer, from: string, to: string): Promise<void> {
  const auth = { authorization: `Bearer ${peer.token}` };
  const list = (await (await fetch(`${peer.url}/Groups?count=100`, { headers: auth })).json()) as { Resources: Array<{ id: string; displayName: string }> };
  const group = list.Resources.find((g) => g.displayName === from)!;
  const body = { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "displayName", value: to }] };
  const res = await fetch(`${peer.url}/Groups/${group.id}`, { method: "PATCH", headers: { ...auth, "content-type": "application/scim+json" }, body: JSON.stringify(body) });
  expect(res.status, await res.text()).toBeLessThan(300);
}

const people: Person[] = [
  { worker: "W1", login: "ada", department: "Finance" },
  { worker: "W2", login: "bram", department: "Finance" },
];

describe.each([
  ["scimmy", scimmy],
  ["better-auth", betterAuth],
] as const)("scim (%s): a privileged group renamed in the app", (_name, start) => {
  let peer: Peer;
  let repo: PolicyRepo;
  let env: Record<string, string>;

  beforeAll(async () => {
    peer = await start();
  });
  afterAll(async () => {
    await peer?.stop();
  });
  afterEach(() => repo?.cleanup());

  /** Onboards ada and bram into finance and payment-approvers, and applies it. */
  async function converged(): Promise<void> {
    await peer.reset();
    ({ repo, env } = scimPeerRepo(peer, {
      targetName: "erp",
      people,
      groups: [{ id: "finance", departments: ["Finance"] }, { id: "payment-approvers", members: ["ada", "bram"], privileged: true }],
      policy: {
        scope: { include: [{ kinds: ["person"], where: { department: ["Finance"] } }] },
        // better-auth refuses a User whose userName is not an address unless it has an email.
        accounts: { login: "userName", attributes: { email: { from: "email" } } },
        entitlements: [{ group: "finance", entitlement: "group:finance" }, { group: "payment-approvers", entitlement: "group:payment-approvers", privileged: true }],
      },
    }));
    await repo.plan(env);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await peer.groups()).toEqual({ finance: ["ada", "bram"], "payment-approvers": ["ada", "bram"] });
  }

  it("with a state file that remembers the group's id: the mover's revoke is planned and made on the renamed group, and the plan says to rename it in the policy", async () => {
    await converged();
    const pulled = await repo.cli(["state", "pull"], env);
    expect(pulled.code, pulled.stderr).toBe(0);
    const remembered = (JSON.parse(repo.read("state/erp.json")) as TargetState).groupIds!;
    expect(remembered.map((g) => g.entitlement)).toEqual(["group:finance", "group:payment-approvers"]);
    const id = remembered[1]!.id;

    await renameGroup(peer, "payment-approvers", "Payment Approvers (EMEA)");
    repo.writeGroup({ id: "payment-approvers", members: ["ada"], privileged: true }); // bram moves off the rota

    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["revoke bram group:payment-approvers"]);
    expect(plan.changes[0]!.privileged).toBe(true);
    expect(plan.findings.filter((f) => f.rule === "entitlement-not-in-target")).toEqual([]);
    const said = plan.findings.filter((f) => f.rule === "group-renamed-in-target");
    expect(said.map((f) => [f.severity, f.target, f.message])).toEqual([
      ["warning", "erp", `erp maps group payment-approvers to group:payment-approvers, which target "erp" has renamed to group:Payment Approvers (EMEA) (same group, id ${id}, as the state file remembers it): grants and revokes of group:payment-approvers are planned on that group by its id, and it keeps its members until they are revoked`],
    ]);
    expect(said[0]!.remediation).toMatch(/^write group:Payment Approvers \(EMEA\) in policies\/apps\/erp\.yaml:\d+ \(and review who holds it\), then run scopesync state pull; do not create a new group under the old name/);

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("applied 1, already in place 0, failed 0, skipped 0, held back 0");
    // The renamed group lost bram; no group was made under the old name.
    expect(await peer.groups()).toEqual({ finance: ["ada", "bram"], "Payment Approvers (EMEA)": ["ada"] });

    // The next pull remembers the rename; once the policy names the group anew, a plan from that
    // state file is in sync (nothing granted again) and the finding is gone.
    expect((await repo.cli(["state", "pull"], env)).code).toBe(0);
    const again = (JSON.parse(readFileSync(join(repo.dir, "state/erp.json"), "utf8")) as TargetState).groupIds!;
    expect(again).toContainEqual({ entitlement: "group:payment-approvers", id, renamedTo: "group:Payment Approvers (EMEA)" });
    repo.writePolicy({ ...repo.spec.policy, entitlements: [{ group: "finance", entitlement: "group:finance" }, { group: "payment-approvers", entitlement: "group:Payment Approvers (EMEA)", privileged: true }] });
    const offline = await repo.cli(["plan", "--format", "json"], env);
    expect(offline.code, offline.stderr).toBe(0);
    const fromFile = JSON.parse(offline.stdout) as { changes: unknown[]; findings: Array<{ rule: string }> };
    expect(fromFile.changes).toEqual([]);
    expect(fromFile.findings.filter((f) => f.rule === "group-renamed-in-target")).toEqual([]);
    expect(changeLines((await repo.plan(env)).plan)).toEqual([]);
  });

  it("renamed, then a new group made under the old name: which one the policy means is not guessed; nothing is planned for it, and the plan names both", async () => {
    await converged();
    expect((await repo.cli(["state", "pull"], env)).code).toBe(0);
    const id = (JSON.parse(repo.read("state/erp.json")) as TargetState).groupIds!.find((g) => g.entitlement === "group:payment-approvers")!.id;
    await renameGroup(peer, "payment-approvers", "Payment Approvers (EMEA)");
    const made = await fetch(`${peer.url}/Groups`, { method: "POST", headers: { authorization: `Bearer ${peer.token}`, "content-type": "application/scim+json" }, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "payment-approvers" }) });
    expect(made.status).toBe(201);
    const decoy = ((await made.json()) as { id: string }).id;
    repo.writeGroup({ id: "payment-approvers", members: ["ada"], privileged: true });
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "group-renamed-in-target").map((f) => f.message)).toEqual([
      `the group state/erp.json remembers as group:payment-approvers (id ${id}) is named group:Payment Approvers (EMEA) in target "erp" now, and another group (id ${decoy}) has taken the name group:payment-approvers: which one the app policy means is not guessed, so no grant or revoke of group:payment-approvers is planned, and whoever holds group:Payment Approvers (EMEA) keeps it; not planned: grant ada group:payment-approvers`,
    ]);
  });

  it("without a state file: the mapping is refused and said (entitlement-not-in-target), nothing is planned that passes the holders over", async () => {
    await converged();
    await renameGroup(peer, "payment-approvers", "Payment Approvers (EMEA)");
    repo.writeGroup({ id: "payment-approvers", members: ["ada"], privileged: true });
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "entitlement-not-in-target").map((f) => f.message)).toEqual([
      'erp maps group payment-approvers to group:payment-approvers, which target "erp" does not have (renamed or deleted there?): no grant or revoke of it is planned, so whoever holds it under another name keeps it; not planned: grant ada group:payment-approvers',
    ]);
  });

  it("a mapped name spelled in another case is the app's group, not a missing one (displayName is not caseExact)", async () => {
    await converged();
    repo.writePolicy({ ...repo.spec.policy, entitlements: [{ group: "finance", entitlement: "group:Finance" }, { group: "payment-approvers", entitlement: "group:Payment-Approvers", privileged: true }] });
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "entitlement-not-in-target")).toEqual([]);
  });
});
