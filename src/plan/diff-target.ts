import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { normaliseLogin } from "../model/keys.js";
import { parseDate, parseDuration } from "../model/time.js";
import { offboarding, type Offboarding } from "../policy/lifecycle.js";
import type { Membership } from "../policy/memberships.js";
import { compileScope } from "../policy/selector.js";
import type { AppPolicyDoc } from "../config/documents.js";
import type { TargetAccount, TargetCredential } from "../targets/target-state.js";
import { attributesOnCreate, attributeUpdates, loginFor } from "./account-attributes.js";
import { changeId, type Action, type AttributeChange, type Change, type Origin } from "./change.js";
import { detectMove } from "./moves.js";
import type { TargetContext } from "./target-context.js";

export interface TargetDiff { changes: Change[]; findings: Finding[] }

interface Desired { entitlement: string; privileged: boolean; membership: Membership }

/**
 * What every target's diff needs to know about the identities, computed in one pass over them:
 * which apps' scopes each identity is in, and which identity owns each anchor. With 100k+
 * identities, a pass per app over the scattered identity objects (scope checks, anchor lookups)
 * was the slowest part of planning; the time went to memory access, not to comparisons. Here each
 * identity is read once while it is at hand, and each app's diff then touches only the identities
 * that are in its scope or hold one of its accounts.
 */
export interface DiffIndex {
  identities: readonly Identity[];
  /**
   * anchor or alias → who owns it: an identity index (its anchor), or, when it is an alias or
   * shared, flattened (identity index, position) pairs, position -1 for the anchor, else the alias's.
   */
  owners: Map<string, number | number[]>;
  /** App policy → scoped[i] is 1 when identities[i] is in the app's scope. */
  scoped: Map<AppPolicyDoc, Uint8Array>;
}

export function diffIndex(identities: readonly Identity[], apps: readonly AppPolicyDoc[]): DiffIndex {
  const owners = new Map<string, number | number[]>();
  const own = (key: string, i: number, position: number): void => {
    const had = owners.get(key);
    if (had === undefined && position === -1) owners.set(key, i);
    else if (had === undefined) owners.set(key, [i, position]);
    else if (typeof had === "number") owners.set(key, [had, -1, i, position]);
    else had.push(i, position);
  };
  const matchers = apps.map((app) => compileScope(app.scope));
  const flags = apps.map(() => new Uint8Array(identities.length));
  for (let i = 0; i < identities.length; i++) {
    const identity = identities[i]!;
    own(identity.anchor, i, -1);
    for (let k = 0; k < identity.aliases.length; k++) own(identity.aliases[k]!, i, k);
    for (let a = 0; a < apps.length; a++) if (matchers[a]!(identity)) flags[a]![i] = 1;
  }
  return { identities, owners, scoped: new Map(apps.map((app, a) => [app, flags[a]!])) };
}

/**
 * Desired state of one app vs what it holds now → changes. Only accounts scopesync manages (linked
 * by externalId, or adopted by login) and entitlements its policy names are ever touched.
 */
export function diffTarget(ctx: TargetContext & { index?: DiffIndex }): TargetDiff {
  const { policy, target } = ctx;
  const app = policy.value;
  const identities = ctx.identities;
  const index = ctx.index?.identities === identities && ctx.index.scoped.has(app) ? ctx.index : diffIndex(identities, [app]);
  const inScope = index.scoped.get(app)!;
  const changes: Change[] = [];
  const findings: Finding[] = [];
  const managed = new Map<string, boolean>(); // entitlement → privileged
  for (const e of app.entitlements ?? []) {
    const privileged = e.privileged ?? ctx.memberships.groups.get(e.group)?.value.privileged ?? false;
    managed.set(e.entitlement, (managed.get(e.entitlement) ?? false) || privileged);
  }
  const policyAt = `${policy.file}:${policy.line}`;
  const runAs = ctx.runAs ? normaliseLogin(ctx.runAs) : undefined;

  const add = (action: Action, identity: string, fields: Partial<Change> & { reason: string; origin: Origin }): void => {
    const detail = fields.entitlement ?? fields.credential ?? "";
    changes.push({ id: changeId(target, action, identity, detail), target, action, identity, privileged: false, evidence: [], ...fields });
  };

  // Link accounts: by anchor (externalId) first, then adopt unmarked accounts by login. An identity
  // links to the account marked with its anchor, else with its first alias that marks one; where
  // several accounts carry the same mark, the last one. Walking the accounts once gives exactly that.
  const accounts = ctx.state.accounts;
  const byLogin = new Map<string, number>(); // normalised login → index of an unmarked account
  const linkedTo = new Int32Array(identities.length).fill(-1); // identity → index of its account
  let aliasRank: Map<number, number> | undefined; // identity → position of the alias it links by
  for (let k = 0; k < accounts.length; k++) {
    const a = accounts[k]!;
    if (!a.externalId) {
      byLogin.set(normaliseLogin(a.login), k);
      continue;
    }
    const owner = index.owners.get(a.externalId);
    if (owner === undefined) continue;
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
  const linked = new Uint8Array(accounts.length);
  const priorByAnchor = new Map<string, string>();
  for (const p of ctx.prior?.values() ?? []) for (const k of [p.anchor, ...p.aliases]) priorByAnchor.set(k, p.id);
  const loginsTaken = new Map<string, string>();
  const cannotUpdate: string[] = [];
  let credentialsByAccount: Map<string, TargetCredential[]> | undefined;
  const storesExternalId = ctx.traits.storesExternalId;

  for (let i = 0; i < identities.length; i++) {
    // Most identities are outside any one app and hold no account in it: nothing to decide.
    if (storesExternalId && linkedTo[i] === -1 && !inScope[i]) continue;
    const identity = identities[i]!;
    // A target that cannot keep our anchor (GitHub) links on the login, whatever the identity's state.
    const loginLinked = !storesExternalId ? loginFor(identity, app) : undefined;
    const accountIndex = linkedTo[i] !== -1 ? linkedTo[i]! : loginLinked ? (byLogin.get(normaliseLogin(loginLinked)) ?? -1) : -1;
    const account = accountIndex >= 0 ? accounts[accountIndex] : undefined;
    const scoped = inScope[i] === 1;
    if (!account && !scoped) continue;
    const off = offboarding(identity, app, ctx.byId, ctx.now);
    const login = loginFor(identity, app);
    // Where the anchor is kept, an unmarked account is adopted only for an active identity in scope.
    const adopted = !account && scoped && !off && login ? (byLogin.get(normaliseLogin(login)) ?? -1) : -1;
    const current = account ?? (adopted >= 0 ? accounts[adopted] : undefined);
    if (account) linked[accountIndex] = 1;
    else if (adopted >= 0) linked[adopted] = 1;
    if (!current && (!scoped || off)) continue;
    const base = { ...(current ? { account: current.id } : {}), anchor: identity.anchor, login: current?.login ?? login ?? identity.id };

    if (current && off) {
      offboard(identity, current, off, base);
      continue;
    }
    if (current && !scoped) {
      const action = app.onLeaveScope ?? "disable";
      if (action === "keep") continue;
      const move = detectMove(identity, ctx.prior?.get(identity.id));
      const reason = move ? `mover: ${describeMove(move)}; no longer in the scope of ${policyAt}` : `no longer in the scope of ${policyAt}`;
      offboard(identity, current, { why: "leaver", reason, origin: move ? "source" : "drift", ...(move ? { move } : {}) }, base);
      continue;
    }
    if (!login) {
      findings.push({ rule: "missing-login", severity: "warning", identity: identity.id, message: `${identity.id} is in the scope of ${app.id} but has no "${app.accounts?.login ?? "userName"}" to log in with; no account is planned`, remediation: `add attributes.${app.accounts?.login ?? "userName"} to the identity's overlay file`, location: identity.definedAt ?? policyAt });
      continue;
    }
    const loginKey = normaliseLogin(login);
    const owner = loginsTaken.get(loginKey);
    if (owner) {
      findings.push({ rule: "login-collision", severity: "error", identity: identity.id, message: `${identity.id} and ${owner} would both use the login "${login}" in ${app.id}`, remediation: "give one of them a different login attribute", location: policyAt });
      continue;
    }
    loginsTaken.set(loginKey, identity.id);

    const desired = desiredEntitlements(identity);
    const move = detectMove(identity, ctx.prior?.get(identity.id));
    const isNew = ctx.prior !== undefined && !ctx.prior.has(identity.id);
    if (!current) {
      const joinerOrigin: Origin = identity.kind === "person" ? "source" : "drift";
      add("create-account", identity.id, { ...base, origin: joinerOrigin, reason: identity.kind === "person" ? `joiner: in the scope of ${app.id}, no account yet` : `${identity.kind} defined at ${identity.definedAt} has no account yet`, attributes: { ...attributesOnCreate(identity, app), externalId: { from: null, to: identity.anchor } }, evidence: [policyAt, ...recordEvidence(identity)] });
      for (const d of desired) grant(identity, d, base, joinerOrigin, undefined);
      continue;
    }
    if (!current.active) {
      add("enable-account", identity.id, { ...base, origin: "source", reason: identity.kind === "person" ? `rehire: ${identity.anchor} is active again; the old account comes back` : `${identity.id} is active again`, evidence: recordEvidence(identity) });
    }
    const updates: Record<string, AttributeChange> = attributeUpdates(identity, app, current);
    if (normaliseLogin(current.login) !== loginKey) updates.login = { from: current.login, to: login };
    if (!current.externalId && ctx.traits.storesExternalId) updates.externalId = { from: null, to: identity.anchor };
    if (!ctx.traits.updatesAccounts) {
      if (Object.keys(updates).length > 0) cannotUpdate.push(identity.id);
    } else if (Object.keys(updates).length > 0) {
      const renamed = Boolean(updates.login);
      const why = renamed ? `rename in place: login ${current.login} → ${login}` : !current.externalId ? `link the existing account "${current.login}" to ${identity.anchor}` : `attributes differ from ${policyAt}`;
      add("update-account", identity.id, { ...base, origin: renamed || move ? "source" : "drift", reason: why, attributes: updates, evidence: [policyAt, ...recordEvidence(identity)] });
    }
    const held = new Set(current.entitlements);
    const wanted = new Set(desired.map((d) => d.entitlement));
    for (const entitlement of [...held].sort()) {
      if (!managed.has(entitlement) || wanted.has(entitlement)) continue;
      const expiredGrant = ctx.memberships.expired.get(identity.id)?.find((m) => (app.entitlements ?? []).some((e) => e.group === m.group && e.entitlement === entitlement));
      const privileged = managed.get(entitlement)!;
      if (expiredGrant) {
        add("revoke", identity.id, { ...base, entitlement, privileged, origin: "policy", reason: `grant to ${expiredGrant.group} expired on ${expiredGrant.until} (${expiredGrant.at})`, evidence: [expiredGrant.at] });
      } else if (move) {
        add("revoke", identity.id, { ...base, entitlement, privileged, origin: "source", move, reason: `mover: ${describeMove(move)}; ${entitlement} is no longer justified by any group`, evidence: [policyAt, ...recordEvidence(identity)] });
      } else {
        add("revoke", identity.id, { ...base, entitlement, privileged, origin: "drift", reason: `${entitlement} is held in ${app.id} but granted by no group in ${policyAt}`, evidence: [policyAt] });
      }
    }
    for (const d of desired) {
      if (held.has(d.entitlement)) continue;
      grant(identity, d, base, move || isNew || !current.active ? "source" : "drift", move);
    }
  }

  // Accounts linked to no identity: gone from the sources, NHIs removed from the repo, or unmanaged.
  // Filtering before the (stable) sort gives the same order as sorting everything, for a fraction of it.
  for (const account of accounts.filter((_, k) => linked[k] === 0).sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0))) {
    if (runAs && normaliseLogin(account.login) === runAs) continue;
    const base = { account: account.id, login: account.login, ...(account.externalId ? { anchor: account.externalId } : {}) };
    if (account.externalId) {
      const source = account.externalId.slice(0, account.externalId.indexOf(":"));
      const name = priorByAnchor.get(account.externalId) ?? account.externalId;
      if (source === "nhi") {
        offboardAccount(name, account, { why: "nhi-disabled", reason: `the non-human identity ${account.externalId} is no longer defined in identities/`, origin: "drift" }, base, undefined);
      } else if (ctx.sourcesRead.has(source)) {
        offboardAccount(name, account, { why: "leaver", reason: `${account.externalId} is no longer in source "${source}" (the export passed every quality gate)`, origin: "source" }, base, undefined);
      } else {
        findings.push({ rule: "unknown-anchor", severity: "warning", message: `${app.id} account "${account.login}" is marked ${account.externalId}, but no source "${source}" was read; it is left alone`, remediation: "configure the source, or remove the externalId if scopesync should not manage the account", location: policyAt });
      }
      continue;
    }
    const unmanaged = app.unmanagedAccounts ?? "report";
    findings.push({ rule: "unmanaged-account", severity: "warning", identity: account.login, message: `${app.id} account "${account.login}" matches no identity${unmanaged === "disable" && account.active ? "; it will be disabled (unmanagedAccounts: disable)" : ""}`, remediation: "add the person or NHI to the sources or identities/, or remove the account", location: policyAt, controls: ["NIST-SP800-53-AC-2(3)"] });
    if (unmanaged === "disable" && account.active) {
      add("disable-account", `account:${account.login}`, { ...base, origin: "policy", reason: `unmanaged account (${policyAt}: unmanagedAccounts: disable)`, evidence: [policyAt] });
    }
  }
  if (cannotUpdate.length > 0) {
    findings.push({ rule: "target-cannot-update", severity: "info", message: `${app.id}: ${cannotUpdate.length} account(s) differ from the mapped attributes or login (${cannotUpdate.slice(0, 5).join(", ")}${cannotUpdate.length > 5 ? ", …" : ""}), but target "${target}" cannot change accounts (for GitHub, a login belongs to the user); nothing is planned for them`, remediation: "map only attributes the target can hold, or change them in the app by hand", location: policyAt });
  }
  return { changes, findings };

  function desiredEntitlements(identity: Identity): Desired[] {
    const out = new Map<string, Desired>();
    const memberships = ctx.memberships.current.get(identity.id) ?? [];
    for (const e of app.entitlements ?? []) {
      const membership = membershipOf(memberships, e.group);
      if (!membership || out.has(e.entitlement)) continue;
      out.set(e.entitlement, { entitlement: e.entitlement, privileged: managed.get(e.entitlement) ?? false, membership });
    }
    return [...out.values()].sort((a, b) => (a.entitlement < b.entitlement ? -1 : 1));
  }

  function grant(identity: Identity, d: Desired, base: Partial<Change>, origin: Origin, move: Record<string, AttributeChange> | undefined): void {
    const via = d.membership.via === "explicit" ? `explicit member of ${d.membership.group}${d.membership.until ? ` until ${d.membership.until}` : ""}${d.membership.reason ? ` (${d.membership.reason})` : ""}` : `birthright member of ${d.membership.group}`;
    add("grant", identity.id, { ...base, entitlement: d.entitlement, privileged: d.privileged, origin, reason: via, ...(move ? { move } : {}), evidence: [d.membership.at, policyAt] });
  }

  /** The target's credentials by account id, in state order; built on the first offboarding. */
  function credentialsOf(): Map<string, TargetCredential[]> {
    if (!credentialsByAccount) {
      credentialsByAccount = new Map();
      for (const c of ctx.state.credentials) {
        const list = credentialsByAccount.get(c.account);
        if (list) list.push(c);
        else credentialsByAccount.set(c.account, [c]);
      }
    }
    return credentialsByAccount;
  }

  function offboard(identity: Identity, account: TargetAccount, off: Offboarding & { move?: Record<string, AttributeChange> }, base: Partial<Change>): void {
    offboardAccount(identity.id, account, off, base, identity);
  }

  /** Leaver order: revoke credentials, revoke entitlements, disable; delete after the grace period. */
  function offboardAccount(name: string, account: TargetAccount, off: Offboarding & { move?: Record<string, AttributeChange> }, base: Partial<Change>, identity: Identity | undefined): void {
    if (off.move) base = { ...base, move: off.move };
    const evidence = identity ? [...(identity.definedAt ? [identity.definedAt] : []), ...recordEvidence(identity)] : [];
    const credentials = ctx.traits.supportsCredentials ? credentialsOf().get(account.id) ?? [] : [];
    for (const c of [...credentials].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      add("revoke-credential", name, { ...base, credential: c.id, privileged: false, origin: off.origin, reason: `${off.reason}: its ${c.type}${c.credentialId ? ` ${c.credentialId}` : ""} stops working first`, evidence });
    }
    for (const entitlement of [...account.entitlements].sort()) {
      if (!managed.has(entitlement)) continue;
      add("revoke", name, { ...base, entitlement, privileged: managed.get(entitlement)!, origin: off.origin, reason: off.reason, evidence });
    }
    if (account.active) {
      add("disable-account", name, { ...base, origin: off.origin, reason: off.reason, evidence });
      return;
    }
    // A target without delete (GitHub: removing the member is the disable) has nothing further to do.
    if ((app.onLeaveScope ?? "disable") !== "delete" || !ctx.traits.supportsDelete) return;
    // Quarantine is not offboarding: an NHI whose owner left waits, disabled, for a new owner.
    if (off.why === "nhi-owner-gone") return;
    const grace = parseDuration(app.deleteGracePeriod ?? "30d");
    if (!account.disabledAt) {
      findings.push({ rule: "delete-grace-unknown", severity: "info", identity: name, message: `${app.id} account "${account.login}" is disabled but its disable date is unknown, so the ${app.deleteGracePeriod ?? "30d"} grace period cannot be counted; it is not deleted`, location: policyAt });
      return;
    }
    if (parseDate(account.disabledAt) + grace <= ctx.now) {
      add("delete-account", name, { ...base, origin: "policy", reason: `${off.reason}; disabled since ${account.disabledAt}, past the ${app.deleteGracePeriod ?? "30d"} grace period of ${policyAt}`, evidence });
    }
  }
}

/** The identity's membership of a group (the last, as a Map built from the list would keep). */
function membershipOf(memberships: readonly Membership[], group: string): Membership | undefined {
  for (let i = memberships.length - 1; i >= 0; i--) if (memberships[i]!.group === group) return memberships[i];
  return undefined;
}

function recordEvidence(identity: Identity): string[] {
  const p = identity.provenance.status ?? identity.provenance.userName;
  return p ? [`${p.source} ${p.at}`] : [];
}

function describeMove(move: Record<string, AttributeChange>): string {
  return Object.entries(move).map(([k, v]) => `${k} ${v.from ?? "(none)"} → ${v.to ?? "(none)"}`).join(", ");
}
