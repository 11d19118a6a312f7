import type { PolicyRepo } from "../../model/policy-repo.js";
import type { Identity } from "../../model/identity.js";
import type { Change } from "../../model/change.js";
import type { TargetStateFacts } from "../../model/target-state-facts.js";
import type { SwitchedOffCredential } from "../../model/switched-off-credential.js";
import type { TargetCredential, TargetState } from "../../model/target-state.js";
import { holdingsOf, type TargetHoldings } from "./holdings.js";
import type { GroupIndex } from "../memberships.js";
import type { PrivilegedGroups } from "../../model/privileged-groups.js";
import { EntitlementNames, type PolicySpellings } from "../../model/entitlement-names.js";
import { groupBy } from "../../model/group-by.js";
import { TARGET_CAPABILITIES, type TargetType } from "../../model/target-types.js";

/**
 * Who owns each account of a target state: by account position, the index of the identity whose
 * anchor or alias the account's externalId is (the later one, when several share it), or -1.
 */
export type AccountOwners = (state: TargetState) => Int32Array;

const NOTHING: ReadonlySet<string> = new Set();

/**
 * What each identity holds once the plan is applied: the targets' current state with the plan's
 * changes played over it. Entitlements are named "app:entitlement" as rules write them.
 *
 * An identity's entitlements and accounts are worked out when a rule first asks for them. The
 * built-in rules ask about a few identities (leavers, NHIs); sets for every one of 100k+ identities
 * were most of rule evaluation's time and memory. Each answer is what playing every account, then
 * every change, over per-identity sets in target and plan order would give.
 */
export class StateAfterPlan {
  private readonly targets: Array<{ target: string; app: string; holdings: TargetHoldings; spellings: PolicySpellings | undefined }> = [];
  /** target → its policy's spellings: what the app calls "Finance-Approvers" is reported as the policy's group:finance-approvers. */
  private readonly spellings: EntitlementNames;
  /** target → app id, as rules name entitlements. */
  private readonly apps: ReadonlyMap<string, string>;
  /** Identity i's accounts are refs [start[i], start[i + 1]): target and account positions, in state order. */
  private readonly start: Int32Array;
  private readonly refTarget: Int32Array;
  private readonly refAccount: Int32Array;
  /** Identity id (or the name a change uses) → positions of its changes, in plan order. */
  private readonly changesOf = new Map<string, number[]>();
  private readonly credentialsAfter = new Map<string, Set<string>>();
  /** Of credentialsAfter, those a person takes away (TargetHoldings.leftToAPerson): the plan names each with what to do. */
  private readonly manualAfter = new Map<string, Set<string>>();
  private readonly entitlementsMemo = new Map<string, ReadonlySet<string>>();
  private readonly accountsMemo = new Map<string, ReadonlySet<string>>();
  /** Identity id → position in `identities`; built on the first question unless given. */
  private positions: ReadonlyMap<string, number> | undefined;
  // "app:entitlement" names, one string per distinct name rather than one per account that holds it.
  private readonly names = new Map<string, Map<string, string>>();

  /** `holdings`: each target's, in target order (holdingsOf, after its diff). */
  constructor(
    repo: PolicyRepo,
    private readonly identities: readonly Identity[],
    holdings: readonly TargetHoldings[],
    private readonly changes: readonly Change[],
    positions?: ReadonlyMap<string, number>,
  ) {
    this.positions = positions;
    this.apps = new Map(repo.apps.map((a) => [a.value.target, a.value.id]));
    this.spellings = new EntitlementNames(repo);
    for (const h of holdings) this.targets.push({ target: h.target, app: this.appOf(h.target), holdings: h, spellings: this.spellings.ofTarget(h.target) });
    // The accounts grouped by owner as compressed rows: three flat arrays instead of a list per identity.
    const owners = holdings.map((h) => h.owners);
    this.start = new Int32Array(identities.length + 1);
    for (const list of owners) for (const o of list) if (o >= 0) this.start[o + 1]!++;
    for (let i = 0; i < identities.length; i++) this.start[i + 1]! += this.start[i]!;
    this.refTarget = new Int32Array(this.start[identities.length]!);
    this.refAccount = new Int32Array(this.start[identities.length]!);
    const next = this.start.slice(0, identities.length);
    owners.forEach((list, t) => {
      list.forEach((o, k) => {
        if (o < 0) return;
        const r = next[o]!++;
        this.refTarget[r] = t;
        this.refAccount[r] = k;
      });
    });
    changes.forEach((c, n) => {
      const list = this.changesOf.get(c.identity);
      if (list) list.push(n);
      else this.changesOf.set(c.identity, [n]);
    });
    this.collectCredentials();
  }

  /** The state after the plan from whole target states, their accounts owned as `ownersOf` says. */
  static fromStates(repo: PolicyRepo, identities: readonly Identity[], states: ReadonlyMap<string, TargetState>, changes: readonly Change[], ownersOf: AccountOwners = accountOwnersBy(identities)): StateAfterPlan {
    const byTarget = groupBy(changes, (c) => c.target);
    const traitsOf = (target: string) => TARGET_CAPABILITIES[repo.config.value.targets[target]?.type as TargetType];
    return new StateAfterPlan(repo, identities, [...states].map(([target, state]) => holdingsOf(target, state, ownersOf(state), { changes: byTarget.get(target) ?? [], traits: traitsOf(target) })), changes);
  }

  /**
   * "app:entitlement" the identity holds once this plan is applied: what its accounts hold, less
   * what an account's removal takes (holdings.ts), plus grants, less revokes. An entitlement the
   * app's policy maps is named as the policy spells it, whichever spelling the app or a change uses
   * (one group under two spellings on a target that ignores their case: model/entitlement-names.ts),
   * so that rules, which compare names, see what the planner sees.
   */
  entitlements(id: string): ReadonlySet<string> {
    let held = this.entitlementsMemo.get(id);
    if (!held) {
      const out = new Set<string>();
      this.eachAccount(id, (t, k) => {
        // An account the plan removes keeps nothing: GitHub takes a removed member's teams and
        // repository access, as the disable's reason says (plan/lost-for-good.ts).
        if (t.holdings.removed?.[k] === 1) return;
        for (const e of t.holdings.entitlements[k]!) out.add(this.nameOf(t.app, e, t.spellings));
      });
      for (const c of this.changesFor(id)) {
        if (c.action !== "grant" && c.action !== "revoke") continue;
        const app = this.appOf(c.target);
        const name = this.nameOf(app, c.entitlement!, this.spellings.ofTarget(c.target));
        if (c.action === "grant") out.add(name);
        else out.delete(name);
      }
      held = out.size > 0 ? out : NOTHING;
      this.entitlementsMemo.set(id, held);
    }
    return held;
  }

  /** Targets where the identity has an active account once this plan is applied. */
  accounts(id: string): ReadonlySet<string> {
    let active = this.accountsMemo.get(id);
    if (!active) {
      const out = new Set<string>();
      this.eachAccount(id, (t, k) => {
        if (t.holdings.active[k]) out.add(t.target);
      });
      for (const c of this.changesFor(id)) {
        if (c.action === "create-account" || c.action === "enable-account") out.add(c.target);
        else if (c.action === "disable-account" || c.action === "delete-account") out.delete(c.target);
      }
      active = out.size > 0 ? out : NOTHING;
      this.accountsMemo.set(id, active);
    }
    return active;
  }

  /** Target credentials ("app:credential") still present and active once this plan is applied. */
  credentials(id: string): ReadonlySet<string> {
    return this.credentialsAfter.get(id) ?? NOTHING;
  }

  /**
   * Of `credentials(id)`, those the target cannot or will not revoke (an AWS target read with
   * `revoke: manual`, an Entra certificate, a deploy key of an archived GitHub repository): the
   * plan leaves each to a person and says what to do (credential-manual-revocation, the refusal's
   * finding), rather than keeping it unsaid.
   */
  manualCredentials(id: string): ReadonlySet<string> {
    return this.manualAfter.get(id) ?? NOTHING;
  }

  /** Calls `fn` with each account (its target, its position there) the identity owns, in target and state order. */
  private eachAccount(id: string, fn: (target: StateAfterPlan["targets"][number], account: number) => void): void {
    this.positions ??= new Map(this.identities.map((identity, i) => [identity.id, i]));
    const i = this.positions.get(id);
    if (i === undefined) return;
    for (let r = this.start[i]!; r < this.start[i + 1]!; r++) {
      const t = this.targets[this.refTarget[r]!]!;
      fn(t, this.refAccount[r]!);
    }
  }

  private *changesFor(id: string): Iterable<Change> {
    for (const n of this.changesOf.get(id) ?? []) yield this.changes[n]!;
  }

  private appOf(target: string): string {
    return this.apps.get(target) ?? target;
  }

  /** "app:entitlement" with the policy's spelling, made once per distinct name the app or a change uses. */
  private nameOf(app: string, entitlement: string, spellings: PolicySpellings | undefined): string {
    let byEntitlement = this.names.get(app);
    if (!byEntitlement) this.names.set(app, (byEntitlement = new Map()));
    let name = byEntitlement.get(entitlement);
    if (name === undefined) byEntitlement.set(entitlement, (name = `${app}:${spellings ? spellings.spell(entitlement) : entitlement}`));
    return name;
  }

  /** Credentials are few (NHIs hold them): worked out for every identity at once. */
  private collectCredentials(): void {
    const add = (to: Map<string, Set<string>>, id: string, v: string): void => {
      const set = to.get(id);
      if (set) set.add(v);
      else to.set(id, new Set([v]));
    };
    for (const { app, holdings } of this.targets) {
      for (const c of holdings.credentials) {
        // Switched off already (an AWS key marked Inactive): still listed, but nothing to revoke and no access.
        if (c.status === "inactive") continue;
        const o = holdings.credentialOwners.get(c.account);
        if (o === undefined) continue;
        const owner = this.identities[o]!.id;
        const name = `${app}:${c.credentialId ?? c.id}`;
        add(this.credentialsAfter, owner, name);
        if (holdings.leftToAPerson.has(c.id)) add(this.manualAfter, owner, name);
      }
    }
    // target → credential id → the first credential with it (a find() per revocation was quadratic)
    const credentialById = new Map<string, Map<string | undefined, TargetCredential>>();
    const credentialOf = (target: string, id: string | undefined): TargetCredential | undefined => {
      let byId = credentialById.get(target);
      if (!byId) {
        credentialById.set(target, (byId = new Map()));
        for (const c of this.targets.find((x) => x.target === target)?.holdings.credentials ?? []) if (!byId.has(c.id)) byId.set(c.id, c);
      }
      return byId.get(id);
    };
    for (const c of this.changes) {
      if (c.action !== "revoke-credential") continue;
      const cred = credentialOf(c.target, c.credential);
      this.credentialsAfter.get(c.identity)?.delete(`${this.appOf(c.target)}:${cred?.credentialId ?? c.credential}`);
    }
  }
}

/** AccountOwners from an anchor-or-alias index; a later identity wins a shared key, as in the planner's index. */
function accountOwnersBy(identities: readonly Identity[]): AccountOwners {
  const byAnchor = new Map<string, number>();
  identities.forEach((identity, i) => {
    byAnchor.set(identity.anchor, i);
    for (const k of identity.aliases) byAnchor.set(k, i);
  });
  return (state) => {
    const owners = new Int32Array(state.accounts.length);
    state.accounts.forEach((a, k) => {
      owners[k] = a.externalId ? (byAnchor.get(a.externalId) ?? -1) : -1;
    });
    return owners;
  };
}

/**
 * What rules may ask about the state after the plan. A one-process plan answers with
 * StateAfterPlan; `plan merge` with the answers its shards recorded (plan/after-facts.ts).
 */
export type AfterPlanView = Pick<StateAfterPlan, "entitlements" | "accounts" | "credentials" | "manualCredentials">;

/** What every rule sees: the desired state, what targets hold, and the plan that connects them. */
export interface RuleInputs {
  repo: PolicyRepo;
  identities: Identity[];
  byId: ReadonlyMap<string, Identity>;
  memberships: GroupIndex;
  /** Every change of the plan, in plan order. */
  changes: readonly Change[];
  /** Per target: what the plan records about the state it was planned from (aws-iam: the AWS account it reads; the plan's `targets`). */
  targets: ReadonlyMap<string, TargetStateFacts>;
  /** aws-iam targets: the credentials each has switched off already (TargetPart.switchedOff); absent: none known. */
  switchedOff?: ReadonlyMap<string, readonly SwitchedOffCredential[]>;
  /** By identity id: entitlements ("app:entitlement"), active accounts and credentials once this plan is applied. */
  after: AfterPlanView;
  /**
   * Group id → the privileged entitlements membership of it gives, in each app (model/privileged-groups.ts):
   * what makes a membership privileged, as the plan marks its grants. The group's own `privileged:` flag is in `memberships.groups`.
   */
  privilegedGroups: PrivilegedGroups;
  /** The same identities as the last accepted snapshot gave them (movers), if any. */
  prior?: ReadonlyMap<string, Identity>;
  /** Sources that failed a quality gate, sorted: a person they do not export is unknown, not gone (no quarantine). */
  sourcesFailingGates: readonly string[];
  /** Sources whose export cannot be proven complete (source-unproven-export), sorted: a person they do not export is unknown too. */
  sourcesUnproven: readonly string[];
  now: number;
}
