import { describe, expect, it } from "vitest";
import type { PolicyRepo } from "../../src/model/policy-repo.js";
import type { Identity } from "../../src/model/identity.js";
import type { Change } from "../../src/model/change.js";
import { StateAfterPlan } from "../../src/policy/rules/context.js";
import type { TargetState } from "../../src/model/target-state.js";

// StateAfterPlan works each identity's state out when a rule asks. It must give what playing all
// accounts, then all changes, over per-identity sets gives: the reference below does exactly that.
function reference(repo: PolicyRepo, identities: Identity[], states: Map<string, TargetState>, changes: Change[]) {
  const appOf = new Map(repo.apps.map((a) => [a.value.target, a.value.id]));
  const byAnchor = new Map<string, Identity>();
  for (const i of identities) for (const k of [i.anchor, ...i.aliases]) byAnchor.set(k, i);
  const after = new Map<string, Set<string>>();
  const accounts = new Map<string, Set<string>>();
  const credentials = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, id: string, v: string) => (map.get(id) ?? map.set(id, new Set()).get(id)!).add(v);
  for (const [target, state] of states) {
    const app = appOf.get(target) ?? target;
    const withCredentials = new Set(state.credentials.map((c) => c.account));
    const owner = new Map<string, string>();
    for (const a of state.accounts) {
      const id = a.externalId ? byAnchor.get(a.externalId)?.id : undefined;
      if (!id) continue;
      if (withCredentials.has(a.id)) owner.set(a.id, id);
      if (a.active) add(accounts, id, target);
      for (const e of a.entitlements) add(after, id, `${app}:${e}`);
    }
    for (const c of state.credentials) {
      const id = owner.get(c.account);
      if (id) add(credentials, id, `${app}:${c.credentialId ?? c.id}`);
    }
  }
  for (const c of changes) {
    const app = appOf.get(c.target) ?? c.target;
    if (c.action === "grant") add(after, c.identity, `${app}:${c.entitlement}`);
    if (c.action === "revoke") after.get(c.identity)?.delete(`${app}:${c.entitlement}`);
    if (c.action === "create-account" || c.action === "enable-account") add(accounts, c.identity, c.target);
    if (c.action === "disable-account" || c.action === "delete-account") accounts.get(c.identity)?.delete(c.target);
    if (c.action === "revoke-credential") {
      const cred = states.get(c.target)?.credentials.find((x) => x.id === c.credential);
      credentials.get(c.identity)?.delete(`${app}:${cred?.credentialId ?? c.credential}`);
    }
  }
  return { after, accounts, credentials };
}

const person = (id: string, anchor: string, aliases: string[] = []): Identity => ({ id, kind: "person", anchor, records: [anchor], aliases, status: "active", attributes: {}, provenance: {}, breakGlass: false });
const account = (id: string, externalId: string | undefined, active: boolean, entitlements: string[]) => ({ id, login: id, ...(externalId ? { externalId } : {}), active, attributes: {}, entitlements });
const change = (target: string, action: Change["action"], identity: string, detail: Partial<Change> = {}): Change => ({ id: `${target}-${action}-${identity}`, target, action, identity, privileged: false, origin: "drift", reason: "", evidence: [], ...detail });

describe("the state after the plan", () => {
  it("is what playing the accounts and then the changes over each identity gives", () => {
    const repo = { config: { value: { targets: { "crm-target": { type: "file" }, wiki: { type: "file" } } } }, apps: [{ value: { id: "crm", target: "crm-target" } }, { value: { id: "wiki", target: "wiki" } }] } as unknown as PolicyRepo;
    const identities = [person("ada", "hr:W1", ["acq:X1"]), person("alan", "hr:W2"), person("grace", "hr:W3", ["hr:W2"]), person("nobody", "hr:W9")];
    const states = new Map<string, TargetState>([
      ["crm-target", { formatVersion: 1, target: "crm-target", readAt: "", accounts: [account("c1", "hr:W1", true, ["role:a", "role:b"]), account("c2", "acq:X1", false, ["role:c"]), account("c3", "hr:W2", true, ["role:a"]), account("c4", undefined, true, ["role:a"]), account("c5", "gone:1", true, ["role:z"])], credentials: [{ id: "k1", account: "c1", type: "token", credentialId: "ada-key" }, { id: "k2", account: "c3", type: "token" }, { id: "k3", account: "c4", type: "token" }] }],
      ["wiki", { formatVersion: 1, target: "wiki", readAt: "", accounts: [account("w1", "hr:W3", true, ["space:x"]), account("w2", "hr:W1", false, [])], credentials: [] }],
      ["no-policy", { formatVersion: 1, target: "no-policy", readAt: "", accounts: [account("n1", "hr:W1", true, ["x"])], credentials: [{ id: "k9", account: "n1", type: "key" }] }],
    ]);
    const changes = [
      change("crm-target", "revoke", "ada", { entitlement: "role:b" }),
      change("crm-target", "grant", "ada", { entitlement: "role:b" }),
      change("crm-target", "revoke-credential", "ada", { credential: "k1" }),
      change("crm-target", "revoke-credential", "grace", { credential: "k2" }),
      change("wiki", "enable-account", "ada"),
      change("wiki", "disable-account", "grace"),
      change("wiki", "grant", "nobody", { entitlement: "space:y" }),
      change("crm-target", "disable-account", "account:c4"),
      change("crm-target", "grant", "hr:W7", { entitlement: "role:a" }),
    ];
    const expected = reference(repo, identities, states, changes);
    const after = StateAfterPlan.fromStates(repo, identities, states, changes);
    for (const id of ["ada", "alan", "grace", "nobody", "account:c4", "hr:W7", "unknown"]) {
      expect([...after.entitlements(id)], id).toEqual([...(expected.after.get(id) ?? [])]);
      expect([...after.accounts(id)], id).toEqual([...(expected.accounts.get(id) ?? [])]);
      expect([...after.credentials(id)], id).toEqual([...(expected.credentials.get(id) ?? [])]);
    }
    expect([...after.entitlements("grace")]).toEqual(["crm:role:a", "wiki:space:x"]);
  });

  // RFC 7643 §8.7.1: a SCIM Group.displayName is "caseExact": false, so the app's "Finance-Approvers"
  // is the policy's group:finance-approvers. Rules compare names: they must get the policy's.
  it("names what a SCIM app holds, and what a change grants or revokes, as the policy spells it", () => {
    const repo = {
      config: { value: { targets: { erp: { type: "scim" }, files: { type: "file" } } } },
      apps: [
        { value: { id: "erp", target: "erp", entitlements: [{ group: "fa", entitlement: "group:finance-approvers" }, { group: "so", entitlement: "group:sales-ops" }] } },
        { value: { id: "files", target: "files", entitlements: [{ group: "fa", entitlement: "group:finance" }] } },
      ],
    } as unknown as PolicyRepo;
    const identities = [person("fiona", "hr:E1"), person("bill", "hr:E2")];
    const states = new Map<string, TargetState>([
      ["erp", { formatVersion: 1, target: "erp", readAt: "", accounts: [account("u1", "hr:E1", true, ["group:Finance-Approvers", "group:Unmapped"]), account("u2", "hr:E2", true, ["group:FINANCE-APPROVERS"])], credentials: [] }],
      // A target that keeps case: "Finance" there is another group than the policy's group:finance.
      ["files", { formatVersion: 1, target: "files", readAt: "", accounts: [account("f1", "hr:E1", true, ["group:Finance"])], credentials: [] }],
    ]);
    const changes = [change("erp", "grant", "fiona", { entitlement: "group:Sales-Ops" }), change("erp", "revoke", "bill", { entitlement: "group:Finance-Approvers" })];
    const after = StateAfterPlan.fromStates(repo, identities, states, changes);
    expect([...after.entitlements("fiona")].sort()).toEqual(["erp:group:Unmapped", "erp:group:finance-approvers", "erp:group:sales-ops", "files:group:Finance"]);
    expect([...after.entitlements("bill")]).toEqual([]);
  });
});

// An account the plan removes holds nothing after it where the removal takes what it held: a
// GitHub member's removal (TargetCapabilities.disableRemoves) takes their teams and repository
// access, a delete anywhere takes the account. A SCIM disable (active: false) keeps its groups. A
// member an enterprise team keeps in the org is judged removed, as planned: the warning
// account-kept-by-external-group (plan/external-groups.ts) says the target will not let it finish.
describe("the state after the plan, where the plan removes an account", () => {
  const repo = { config: { value: { targets: { gh: { type: "github" }, erp: { type: "scim" } } } }, apps: [{ value: { id: "github", target: "gh" } }, { value: { id: "erp", target: "erp" } }] } as unknown as PolicyRepo;
  const identities = [person("bob", "hr:W2"), person("cy", "hr:W3"), person("di", "hr:W4"), person("eve", "hr:W5")];
  const states = new Map<string, TargetState>([
    ["gh", { formatVersion: 1, target: "gh", readAt: "", accounts: [account("g2", "hr:W2", true, ["team:hand-made", "repo:infra:read"]), account("g3", "hr:W3", true, ["team:hand-made", "team:ent:contractors"]), account("g4", "hr:W4", true, ["team:hand-made"])], credentials: [], externalGroups: [{ entitlement: "team:ent:contractors", managedBy: "the enterprise", keepsAccount: true, remediation: "" }] }],
    ["erp", { formatVersion: 1, target: "erp", readAt: "", accounts: [account("e2", "hr:W2", true, ["group:hand-made"]), account("e5", "hr:W5", true, ["group:hand-made"])], credentials: [] }],
  ]);
  const changes = [
    change("gh", "revoke", "bob", { account: "g2", entitlement: "repo:infra:read" }),
    change("gh", "disable-account", "bob", { account: "g2" }),
    // Linked by login before the account's id was known: found by login.
    change("gh", "disable-account", "cy", { login: "G3" }),
    change("erp", "disable-account", "bob", { account: "e2" }),
    change("erp", "delete-account", "eve", { account: "e5" }),
  ];
  const after = StateAfterPlan.fromStates(repo, identities, states, changes);

  it("drops what a GitHub removal or any delete takes, and keeps what a SCIM disable keeps", () => {
    expect([...after.entitlements("bob")]).toEqual(["erp:group:hand-made"]);
    expect([...after.entitlements("cy")]).toEqual([]);
    expect([...after.entitlements("di")]).toEqual(["github:team:hand-made"]);
    expect([...after.entitlements("eve")]).toEqual([]);
  });
});
