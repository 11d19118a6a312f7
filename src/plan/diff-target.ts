import type { AppPolicyDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { normaliseLogin } from "../model/keys.js";
import { parseDate, parseDuration } from "../model/time.js";
import { offboarding, type Offboarding } from "../policy/lifecycle.js";
import type { Membership } from "../policy/memberships.js";
import type { TargetAccount, TargetCredential } from "../model/target-state.js";
import { attributesOnCreate, attributeUpdates, loginAttribute, mappedAttributes, updateMappings, type UpdateMapping } from "./account-attributes.js";
import { changeId, type Action, type AttributeChange, type Change, type Origin } from "../model/change.js";
import { diffIndex, lastOwner, type DiffIndex, type IdentityLogins } from "./diff-index.js";
import { EntitlementTable } from "./entitlement-table.js";
import type { TargetContext } from "./target-context.js";

export interface TargetDiff {
  changes: Change[];
  findings: Finding[];
  /**
   * By account position, the identity (index) the account's externalId links to, or -1 (as
   * accountOwners in diff-index.ts): worked out while linking, handed on so that the rules need
   * not look 400k externalIds up a second time.
   */
  accountOwners: Int32Array;
}

/**
 * Desired state of each app vs what it holds now → changes. Only accounts scopesync manages
 * (linked by externalId, or adopted by login) and entitlements its policy names are ever touched.
 * All targets are diffed in one pass over the identities: each identity is taken through every app
 * while its data is at hand. With 100k+ identities a pass per app read the same scattered identity
 * objects, logins and memberships once per app; the time went to memory access, not to decisions.
 */
export function diffTargets(contexts: readonly TargetContext[], index: DiffIndex): TargetDiff[] {
  if (contexts.length === 0) return [];
  const { identities } = contexts[0]!;
  if (contexts.some((ctx) => !usableIndex(index, ctx))) throw new Error("diffTargets: the index was built for other identities, apps or prior");
  const differs = contexts.map((ctx) => new TargetDiffer(ctx, index));
  for (let i = 0; i < identities.length; i++) for (const differ of differs) differ.visit(i);
  return differs.map((differ) => differ.finish());
}

/** One target's diff: linked on construction, then each identity visited in order, then finished. */
class TargetDiffer {
  private readonly app: AppPolicyDoc;
  private readonly inScope: Uint8Array;
  private readonly logins: IdentityLogins;
  private readonly mappings: UpdateMapping[];
  private readonly table: EntitlementTable;
  // By slot, for the identity at hand: the membership that wants each entitlement, and whether
  // its account holds it. Filled afresh for each identity rather than allocated for each.
  private readonly wanted: (Membership | undefined)[];
  private readonly held: Uint8Array;
  private readonly membershipsAt: readonly (Membership[] | undefined)[];
  private readonly policyAt: string;
  private readonly runAs: string | undefined;
  private readonly changes: Change[] = [];
  private readonly findings: Finding[] = [];
  private readonly accounts: readonly TargetAccount[];
  /** Normalised login → index of an unmarked account. */
  private readonly byLogin = new Map<string, number>();
  /** Identity → index of the account its anchor or an alias marks, or -1. */
  private readonly linkedTo: Int32Array;
  /** Account → 1 once an identity has it. */
  private readonly linked: Uint8Array;
  // Normalised login → the identity that uses it in this app. Only identities whose login another
  // identity shares can collide, so only they are remembered.
  private readonly loginsTaken = new Map<string, string>();
  private readonly cannotUpdate: string[] = [];
  private credentialsByAccount: Map<string, TargetCredential[]> | undefined;
  private readonly accountOwners: Int32Array;

  constructor(
    private readonly ctx: TargetContext,
    private readonly index: DiffIndex,
  ) {
    this.app = ctx.policy.value;
    this.inScope = index.scoped.get(this.app)!;
    this.logins = index.logins.get(loginAttribute(this.app))!;
    this.mappings = updateMappings(this.app, (attribute) => index.values.get(attribute)!);
    this.table = new EntitlementTable(this.app, ctx.memberships.groups);
    this.wanted = new Array<Membership | undefined>(this.table.names.length);
    this.held = new Uint8Array(this.table.names.length);
    this.membershipsAt = ctx.memberships.identities === ctx.identities ? ctx.memberships.currentAt : ctx.identities.map((x) => ctx.memberships.current.get(x.id));
    this.policyAt = `${ctx.policy.file}:${ctx.policy.line}`;
    this.runAs = ctx.runAs ? normaliseLogin(ctx.runAs) : undefined;
    this.accounts = ctx.state.accounts;
    this.linkedTo = new Int32Array(ctx.identities.length).fill(-1);
    this.linked = new Uint8Array(this.accounts.length);
    this.accountOwners = this.link();
  }

  /**
   * Links accounts: by anchor (externalId) first, then (in visit) adopts unmarked accounts by
   * login. An identity links to the account marked with its anchor, else with its first alias
   * that marks one; where several accounts carry the same mark, the last one. Walking the accounts
   * once gives exactly that. Returns each account's owner (see TargetDiff.accountOwners).
   */
  private link(): Int32Array {
    const { accounts, linkedTo, index } = this;
    let aliasRank: Map<number, number> | undefined; // identity → position of the alias it links by
    const accountOwners = new Int32Array(accounts.length).fill(-1);
    // Where our anchor is not kept (GitHub, or accounts.linkBy: login), an externalId is not ours.
    const byAnchor = this.ctx.traits.storesExternalId;
    for (let k = 0; k < accounts.length; k++) {
      const a = accounts[k]!;
      if (!a.externalId || !byAnchor) {
        this.byLogin.set(normaliseLogin(a.login), k);
        continue;
      }
      const owner = index.owners.get(a.externalId);
      if (owner === undefined) continue;
      accountOwners[k] = lastOwner(owner);
      if (typeof owner === "number") {
        linkedTo[owner] = k;
        aliasRank?.delete(owner);
        continue;
      }
      for (let j = 0; j < owner.length; j += 2) {
        const i = owner[j]!;
        const position = owner[j + 1]!;
        const rank = linkedTo[i] === -1 ? Infinity : (aliasRank?.get(i) ?? -1);
        if (position > rank) continue;
        linkedTo[i] = k;
        if (position >= 0) (aliasRank ??= new Map()).set(i, position);
        else aliasRank?.delete(i);
      }
    }
    return accountOwners;
  }

  /** Decides what the identity at position i needs in this app. */
  visit(i: number): void {
    const { ctx } = this;
    // Most identities are outside any one app and hold no account in it: nothing to decide.
    if (ctx.traits.storesExternalId && this.linkedTo[i] === -1 && !this.inScope[i]) return;
    const scoped = this.inScope[i] === 1;
    const linked = this.linkedAccount(i);
    if (linked < 0 && !scoped) return;
    const identity = ctx.identities[i]!;
    const off = offboarding(identity, this.app, ctx.byId, ctx.now);
    const current = this.claimAccount(i, linked, scoped && !off);
    if (!current && (!scoped || off)) return;
    const move = this.index.moves?.[i];
    const login = this.logins.login[i];
    if (current && (off || !scoped)) {
      this.leave(identity, current, off, move, login);
      return;
    }
    if (!this.hasOwnLogin(i, identity)) return;
    this.table.fillWanted(this.membershipsAt[i] ?? [], this.wanted);
    if (!current) this.create(identity, login!, move);
    else this.converge(i, identity, current, login!, move);
  }

  /** The account linked to identity i: by anchor, or, where the target keeps no anchor (GitHub), by login. */
  private linkedAccount(i: number): number {
    if (this.linkedTo[i] !== -1) return this.linkedTo[i]!;
    const loginKey = this.logins.key[i];
    return !this.ctx.traits.storesExternalId && loginKey !== undefined ? (this.byLogin.get(loginKey) ?? -1) : -1;
  }

  /**
   * The account identity i has here, marked as taken: the linked one, else (where the anchor is
   * kept, for an active identity in scope) an unmarked account adopted by login.
   */
  private claimAccount(i: number, linked: number, mayAdopt: boolean): TargetAccount | undefined {
    const loginKey = this.logins.key[i];
    const k = linked >= 0 ? linked : mayAdopt && loginKey !== undefined ? (this.byLogin.get(loginKey) ?? -1) : -1;
    if (k < 0) return undefined;
    this.linked[k] = 1;
    return this.accounts[k];
  }

  /** An account whose identity left (the sources or the app's scope) is offboarded, unless kept. */
  private leave(identity: Identity, current: TargetAccount, off: Offboarding | undefined, move: Record<string, AttributeChange> | undefined, login: string | undefined): void {
    if (off) {
      this.offboard(identity, current, off, accountFields(identity, current, login));
      return;
    }
    if (this.app.onLeaveScope === "keep") return;
    const { policyAt } = this;
    const reason = move ? `mover: ${describeMove(move)}; no longer in the scope of ${policyAt}` : `no longer in the scope of ${policyAt}`;
    this.offboard(identity, current, { why: "leaver", reason, origin: move ? "source" : "drift", ...(move ? { move } : {}) }, accountFields(identity, current, login));
  }

  /** Identity i has a login in this app, and no other identity in scope uses it; else a finding says why not. */
  private hasOwnLogin(i: number, identity: Identity): boolean {
    const { app, policyAt } = this;
    const login = this.logins.login[i];
    const loginKey = this.logins.key[i];
    if (login === undefined || loginKey === undefined) {
      this.findings.push({ rule: "missing-login", severity: "warning", identity: identity.id, message: `${identity.id} is in the scope of ${app.id} but has no "${loginAttribute(app)}" to log in with; no account is planned`, remediation: `add attributes.${loginAttribute(app)} to the identity's overlay file`, location: identity.definedAt ?? policyAt });
      return false;
    }
    if (!this.logins.shared[i]) return true;
    const owner = this.loginsTaken.get(loginKey);
    if (owner) {
      this.findings.push({ rule: "login-collision", severity: "error", identity: identity.id, message: `${identity.id} and ${owner} would both use the login "${login}" in ${app.id}`, remediation: "give one of them a different login attribute", location: policyAt });
      return false;
    }
    this.loginsTaken.set(loginKey, identity.id);
    return true;
  }

  /** A joiner (or an NHI, or a mover into scope): the account, then every wanted entitlement. */
  private create(identity: Identity, login: string, move: Record<string, AttributeChange> | undefined): void {
    const { app, policyAt, wanted } = this;
    const base = accountFields(identity, undefined, login);
    const joinerOrigin: Origin = identity.kind === "person" ? "source" : "drift";
    // A mover whose new attributes bring an app into scope is not a joiner: say what moved.
    const reason = identity.kind !== "person" ? `${identity.kind} defined at ${identity.definedAt} has no account yet` : move ? `mover: ${describeMove(move)}; now in the scope of ${policyAt}, no account yet` : `joiner: in the scope of ${app.id}, no account yet`;
    this.add("create-account", identity.id, { ...base, origin: joinerOrigin, reason, ...(move ? { move } : {}), attributes: { ...attributesOnCreate(identity, app), externalId: { from: null, to: identity.anchor } }, evidence: [policyAt, ...recordEvidence(identity)] });
    for (let slot = 0; slot < wanted.length; slot++) if (wanted[slot]) this.grant(identity, slot, base, joinerOrigin, move);
  }

  /** An existing account of an identity in scope: enable, update, revoke and grant until it is as it should be. */
  private converge(i: number, identity: Identity, current: TargetAccount, login: string, move: Record<string, AttributeChange> | undefined): void {
    const { ctx, policyAt, wanted, held } = this;
    this.table.fillHeld(current.entitlements, held);
    const updates = this.accountUpdates(i, identity, current, login);
    // Nearly every account already is as it should be: decide that before building any change.
    if (current.active && !updates && sameEntitlements(wanted, held)) return;

    const base = accountFields(identity, current, login);
    if (!current.active) {
      this.add("enable-account", identity.id, { ...base, origin: "source", reason: identity.kind === "person" ? `rehire: ${identity.anchor} is active again; the old account comes back` : `${identity.id} is active again`, evidence: recordEvidence(identity) });
    }
    if (updates) {
      const renamed = Boolean(updates.login);
      const why = renamed ? `rename in place: login ${current.login} → ${login}` : !current.externalId ? `link the existing account "${current.login}" to ${identity.anchor}` : move ? `mover: ${describeMove(move)}; the account's attributes follow ${policyAt}` : `attributes differ from ${policyAt}`;
      this.add("update-account", identity.id, { ...base, origin: renamed || move ? "source" : "drift", reason: why, ...(move ? { move } : {}), attributes: updates, evidence: [policyAt, ...recordEvidence(identity)] });
    }
    this.revokeUnwanted(identity, base, move);
    const isNew = ctx.prior !== undefined && !ctx.prior.has(identity.id);
    for (let slot = 0; slot < wanted.length; slot++) {
      if (!wanted[slot] || held[slot]) continue;
      this.grant(identity, slot, base, move || isNew || !current.active ? "source" : "drift", move);
    }
  }

  /** Attribute, login and anchor changes the account needs, if the target can make them. */
  private accountUpdates(i: number, identity: Identity, current: TargetAccount, login: string): Record<string, AttributeChange> | undefined {
    const { traits } = this.ctx;
    let updates = attributeUpdates(this.mappings, i, current);
    if (current.login !== login && normaliseLogin(current.login) !== this.logins.key[i]) (updates ??= {}).login = { from: current.login, to: login };
    if (!current.externalId && traits.storesExternalId) (updates ??= {}).externalId = { from: null, to: identity.anchor };
    if (updates && !traits.updatesAccounts) {
      this.cannotUpdate.push(identity.id);
      return undefined;
    }
    return updates;
  }

  /** Entitlements the account holds that no group justifies any more: why each goes. */
  private revokeUnwanted(identity: Identity, base: Partial<Change>, move: Record<string, AttributeChange> | undefined): void {
    const { ctx, app, policyAt, wanted, held } = this;
    for (let slot = 0; slot < held.length; slot++) {
      if (!held[slot] || wanted[slot]) continue;
      const entitlement = this.table.names[slot]!;
      const expiredGrant = ctx.memberships.expired.get(identity.id)?.find((m) => (app.entitlements ?? []).some((e) => e.group === m.group && e.entitlement === entitlement));
      const privileged = this.table.privileged[slot]!;
      if (expiredGrant) {
        this.add("revoke", identity.id, { ...base, entitlement, privileged, origin: "policy", reason: `grant to ${expiredGrant.group} expired on ${expiredGrant.until} (${expiredGrant.at})`, evidence: [expiredGrant.at] });
      } else if (move) {
        this.add("revoke", identity.id, { ...base, entitlement, privileged, origin: "source", move, reason: `mover: ${describeMove(move)}; ${entitlement} is no longer justified by any group`, evidence: [policyAt, ...recordEvidence(identity)] });
      } else {
        this.add("revoke", identity.id, { ...base, entitlement, privileged, origin: "drift", reason: `${entitlement} is held in ${app.id} but granted by no group in ${policyAt}`, evidence: [policyAt] });
      }
    }
  }

  /** Accounts no identity linked or adopted, then the target-wide finding: the target's diff. */
  finish(): TargetDiff {
    const { ctx, app, policyAt } = this;
    // Accounts linked to no identity: gone from the sources, NHIs removed from the repo, or unmanaged.
    // Filtering before the (stable) sort gives the same order as sorting everything, for a fraction of it.
    for (const account of this.accounts.filter((_, k) => this.linked[k] === 0).sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0))) {
      if (this.runAs && normaliseLogin(account.login) === this.runAs) continue;
      const base = { account: account.id, login: account.login, ...(account.externalId ? { anchor: account.externalId } : {}) };
      if (account.externalId && ctx.traits.storesExternalId) {
        const source = account.externalId.slice(0, account.externalId.indexOf(":"));
        const name = this.index.priorByAnchor.get(account.externalId) ?? account.externalId;
        if (source === "nhi") {
          this.offboardAccount(name, account, { why: "nhi-disabled", reason: `the non-human identity ${account.externalId} is no longer defined in identities/`, origin: "drift" }, base, undefined);
        } else if (ctx.sourcesRead.has(source)) {
          this.offboardAccount(name, account, { why: "leaver", reason: `${account.externalId} is no longer in source "${source}" (the export passed every quality gate)`, origin: "source" }, base, undefined);
        } else {
          this.findings.push({ rule: "unknown-anchor", severity: "warning", message: `${app.id} account "${account.login}" is marked ${account.externalId}, but no source "${source}" was read; it is left alone`, remediation: "configure the source, or remove the externalId if scopesync should not manage the account", location: policyAt });
        }
        continue;
      }
      const unmanaged = app.unmanagedAccounts;
      this.findings.push({ rule: "unmanaged-account", severity: "warning", identity: account.login, message: `${app.id} account "${account.login}" matches no identity${unmanaged === "disable" && account.active ? "; it will be disabled (unmanagedAccounts: disable)" : ""}`, remediation: "add the person or NHI to the sources or identities/, or remove the account", location: policyAt, controls: ["NIST-SP800-53-AC-2(3)"] });
      if (unmanaged === "disable" && account.active) {
        this.add("disable-account", `account:${account.login}`, { ...base, origin: "policy", reason: `unmanaged account (${policyAt}: unmanagedAccounts: disable)`, evidence: [policyAt] });
      }
    }
    const { cannotUpdate } = this;
    if (cannotUpdate.length > 0) {
      this.findings.push({ rule: "target-cannot-update", severity: "info", message: `${app.id}: ${cannotUpdate.length} account(s) differ from the mapped attributes or login (${cannotUpdate.slice(0, 5).join(", ")}${cannotUpdate.length > 5 ? ", …" : ""}), but target "${ctx.target}" cannot change accounts (for GitHub, a login belongs to the user); nothing is planned for them`, remediation: "map only attributes the target can hold, or change them in the app by hand", location: policyAt });
    }
    return { changes: this.changes, findings: this.findings, accountOwners: this.accountOwners };
  }

  private add(action: Action, identity: string, fields: Partial<Change> & { reason: string; origin: Origin }): void {
    const { target } = this.ctx;
    const detail = fields.entitlement ?? fields.credential ?? "";
    this.changes.push({ id: changeId(target, action, identity, detail), target, action, identity, privileged: false, evidence: [], ...fields });
  }

  private grant(identity: Identity, slot: number, base: Partial<Change>, origin: Origin, move: Record<string, AttributeChange> | undefined): void {
    const membership = this.wanted[slot]!;
    const via = membership.via === "explicit" ? `explicit member of ${membership.group}${membership.until ? ` until ${membership.until}` : ""}${membership.reason ? ` (${membership.reason})` : ""}` : `birthright member of ${membership.group}`;
    this.add("grant", identity.id, { ...base, entitlement: this.table.names[slot]!, privileged: this.table.privileged[slot]!, origin, reason: via, ...(move ? { move } : {}), evidence: [membership.at, this.policyAt] });
  }

  /** The target's credentials by account id, in state order; built on the first offboarding. */
  private credentialsOf(): Map<string, TargetCredential[]> {
    if (!this.credentialsByAccount) {
      this.credentialsByAccount = new Map();
      for (const c of this.ctx.state.credentials) {
        const list = this.credentialsByAccount.get(c.account);
        if (list) list.push(c);
        else this.credentialsByAccount.set(c.account, [c]);
      }
    }
    return this.credentialsByAccount;
  }

  private offboard(identity: Identity, account: TargetAccount, off: Offboarding & { move?: Record<string, AttributeChange> }, base: Partial<Change>): void {
    this.offboardAccount(identity.id, account, off, base, identity);
  }

  /** Leaver order: revoke credentials, revoke entitlements, disable; delete after the grace period. */
  private offboardAccount(name: string, account: TargetAccount, off: Offboarding & { move?: Record<string, AttributeChange> }, base: Partial<Change>, identity: Identity | undefined): void {
    const { ctx, app, policyAt } = this;
    if (off.move) base = { ...base, move: off.move };
    const evidence = identity ? [...(identity.definedAt ? [identity.definedAt] : []), ...recordEvidence(identity)] : [];
    const credentials = ctx.traits.supportsCredentials ? this.credentialsOf().get(account.id) ?? [] : [];
    for (const c of [...credentials].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      this.add("revoke-credential", name, { ...base, credential: c.id, privileged: false, origin: off.origin, reason: `${off.reason}: its ${c.type}${c.credentialId ? ` ${c.credentialId}` : ""} stops working first`, evidence });
    }
    for (const entitlement of [...account.entitlements].sort()) {
      const slot = this.table.slotOf(entitlement);
      if (slot === undefined) continue;
      this.add("revoke", name, { ...base, entitlement, privileged: this.table.privileged[slot]!, origin: off.origin, reason: off.reason, evidence });
    }
    if (account.active) {
      this.add("disable-account", name, { ...base, origin: off.origin, reason: off.reason, evidence });
      return;
    }
    // A target without delete (GitHub: removing the member is the disable) has nothing further to do.
    if (app.onLeaveScope !== "delete" || !ctx.traits.supportsDelete) return;
    // Quarantine is not offboarding: an NHI whose owner left waits, disabled, for a new owner.
    if (off.why === "nhi-owner-gone") return;
    const grace = parseDuration(app.deleteGracePeriod);
    if (!account.disabledAt) {
      this.findings.push({ rule: "delete-grace-unknown", severity: "info", identity: name, message: `${app.id} account "${account.login}" is disabled but its disable date is unknown, so the ${app.deleteGracePeriod} grace period cannot be counted; it is not deleted`, location: policyAt });
      return;
    }
    if (parseDate(account.disabledAt) + grace <= ctx.now) {
      this.add("delete-account", name, { ...base, origin: "policy", reason: `${off.reason}; disabled since ${account.disabledAt}, past the ${app.deleteGracePeriod} grace period of ${policyAt}`, evidence });
    }
  }
}

/** Was the planner's index built for these identities, this app and this prior? */
function usableIndex(index: DiffIndex, ctx: TargetContext): boolean {
  if (index.identities !== ctx.identities || index.prior !== ctx.prior) return false;
  const app = ctx.policy.value;
  return index.scoped.has(app) && index.logins.has(loginAttribute(app)) && mappedAttributes(app).every((a) => index.values.has(a));
}

/** The fields every change to one identity's account carries: which account, anchor and login. */
function accountFields(identity: Identity, account: TargetAccount | undefined, login: string | undefined): Partial<Change> {
  return { ...(account ? { account: account.id } : {}), anchor: identity.anchor, login: account?.login ?? login ?? identity.id };
}

/** Does the account hold exactly the managed entitlements the identity should have? */
function sameEntitlements(wanted: readonly (Membership | undefined)[], held: Uint8Array): boolean {
  for (let slot = 0; slot < held.length; slot++) if ((wanted[slot] !== undefined) !== (held[slot] === 1)) return false;
  return true;
}

function recordEvidence(identity: Identity): string[] {
  const p = identity.provenance.status ?? identity.provenance.userName;
  return p ? [`${p.source} ${p.at}`] : [];
}

function describeMove(move: Record<string, AttributeChange>): string {
  return Object.entries(move).map(([k, v]) => `${k} ${v.from ?? "(none)"} → ${v.to ?? "(none)"}`).join(", ");
}
