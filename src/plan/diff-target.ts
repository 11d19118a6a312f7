import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { normaliseLogin } from "../model/keys.js";
import { parseDate, parseDuration } from "../model/time.js";
import { offboarding, type Offboarding } from "../policy/lifecycle.js";
import type { Membership } from "../policy/memberships.js";
import type { TargetAccount, TargetCredential } from "../targets/target-state.js";
import { attributesOnCreate, attributeUpdates, loginAttribute, mappedAttributes, updateMappings } from "./account-attributes.js";
import { changeId, type Action, type AttributeChange, type Change, type Origin } from "./change.js";
import { diffIndex, lastOwner, type DiffIndex } from "./diff-index.js";
import { EntitlementTable } from "./entitlement-table.js";
import type { TargetContext } from "./target-context.js";

export interface TargetDiff { changes: Change[]; findings: Finding[] }

/**
 * Desired state of one app vs what it holds now → changes. Only accounts scopesync manages (linked
 * by externalId, or adopted by login) and entitlements its policy names are ever touched.
 */
export function diffTarget(ctx: TargetContext & { index?: DiffIndex }): TargetDiff {
  const { policy, target } = ctx;
  const app = policy.value;
  const identities = ctx.identities;
  const index = usableIndex(ctx.index, ctx) ?? diffIndex(identities, [app], ctx.prior);
  const inScope = index.scoped.get(app)!;
  const logins = index.logins.get(loginAttribute(app))!;
  const mappings = updateMappings(app, (attribute) => index.values.get(attribute)!);
  const changes: Change[] = [];
  const findings: Finding[] = [];
  const table = new EntitlementTable(app, ctx.memberships.groups);
  // By slot, for the identity at hand: the membership that wants each entitlement, and whether
  // its account holds it. Filled afresh for each identity rather than allocated for each.
  const wanted = new Array<Membership | undefined>(table.names.length);
  const held = new Uint8Array(table.names.length);
  const membershipsAt = ctx.memberships.identities === identities ? ctx.memberships.currentAt : identities.map((x) => ctx.memberships.current.get(x.id));
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
  const accountOwners = new Int32Array(accounts.length).fill(-1); // kept in the index for the rules
  for (let k = 0; k < accounts.length; k++) {
    const a = accounts[k]!;
    if (!a.externalId) {
      byLogin.set(normaliseLogin(a.login), k);
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
  index.accountOwners.set(ctx.state, accountOwners);
  const linked = new Uint8Array(accounts.length);
  // Normalised login → the identity that uses it in this app. Only identities whose login another
  // identity shares can collide, so only they are remembered.
  const loginsTaken = new Map<string, string>();
  const cannotUpdate: string[] = [];
  let credentialsByAccount: Map<string, TargetCredential[]> | undefined;
  const storesExternalId = ctx.traits.storesExternalId;

  for (let i = 0; i < identities.length; i++) {
    // Most identities are outside any one app and hold no account in it: nothing to decide.
    if (storesExternalId && linkedTo[i] === -1 && !inScope[i]) continue;
    const identity = identities[i]!;
    const login = logins.login[i];
    const loginKey = logins.key[i];
    // A target that cannot keep our anchor (GitHub) links on the login, whatever the identity's state.
    const accountIndex = linkedTo[i] !== -1 ? linkedTo[i]! : !storesExternalId && loginKey !== undefined ? (byLogin.get(loginKey) ?? -1) : -1;
    const account = accountIndex >= 0 ? accounts[accountIndex] : undefined;
    const scoped = inScope[i] === 1;
    if (!account && !scoped) continue;
    const off = offboarding(identity, app, ctx.byId, ctx.now);
    // Where the anchor is kept, an unmarked account is adopted only for an active identity in scope.
    const adopted = !account && scoped && !off && loginKey !== undefined ? (byLogin.get(loginKey) ?? -1) : -1;
    const current = account ?? (adopted >= 0 ? accounts[adopted] : undefined);
    if (account) linked[accountIndex] = 1;
    else if (adopted >= 0) linked[adopted] = 1;
    if (!current && (!scoped || off)) continue;
    const move = index.moves?.[i];

    if (current && off) {
      offboard(identity, current, off, accountFields(identity, current, login));
      continue;
    }
    if (current && !scoped) {
      const action = app.onLeaveScope ?? "disable";
      if (action === "keep") continue;
      const reason = move ? `mover: ${describeMove(move)}; no longer in the scope of ${policyAt}` : `no longer in the scope of ${policyAt}`;
      offboard(identity, current, { why: "leaver", reason, origin: move ? "source" : "drift", ...(move ? { move } : {}) }, accountFields(identity, current, login));
      continue;
    }
    if (login === undefined || loginKey === undefined) {
      findings.push({ rule: "missing-login", severity: "warning", identity: identity.id, message: `${identity.id} is in the scope of ${app.id} but has no "${loginAttribute(app)}" to log in with; no account is planned`, remediation: `add attributes.${loginAttribute(app)} to the identity's overlay file`, location: identity.definedAt ?? policyAt });
      continue;
    }
    if (logins.shared[i]) {
      const owner = loginsTaken.get(loginKey);
      if (owner) {
        findings.push({ rule: "login-collision", severity: "error", identity: identity.id, message: `${identity.id} and ${owner} would both use the login "${login}" in ${app.id}`, remediation: "give one of them a different login attribute", location: policyAt });
        continue;
      }
      loginsTaken.set(loginKey, identity.id);
    }

    table.fillWanted(membershipsAt[i] ?? [], wanted);
    if (!current) {
      const base = accountFields(identity, undefined, login);
      const joinerOrigin: Origin = identity.kind === "person" ? "source" : "drift";
      add("create-account", identity.id, { ...base, origin: joinerOrigin, reason: identity.kind === "person" ? `joiner: in the scope of ${app.id}, no account yet` : `${identity.kind} defined at ${identity.definedAt} has no account yet`, attributes: { ...attributesOnCreate(identity, app), externalId: { from: null, to: identity.anchor } }, evidence: [policyAt, ...recordEvidence(identity)] });
      for (let slot = 0; slot < wanted.length; slot++) if (wanted[slot]) grant(identity, slot, base, joinerOrigin, undefined);
      continue;
    }
    table.fillHeld(current.entitlements, held);
    let updates = attributeUpdates(mappings, i, current);
    if (current.login !== login && normaliseLogin(current.login) !== loginKey) (updates ??= {}).login = { from: current.login, to: login };
    if (!current.externalId && ctx.traits.storesExternalId) (updates ??= {}).externalId = { from: null, to: identity.anchor };
    if (updates && !ctx.traits.updatesAccounts) {
      cannotUpdate.push(identity.id);
      updates = undefined;
    }
    // Nearly every account already is as it should be: decide that before building any change.
    if (current.active && !updates && sameEntitlements(wanted, held)) continue;

    const base = accountFields(identity, current, login);
    if (!current.active) {
      add("enable-account", identity.id, { ...base, origin: "source", reason: identity.kind === "person" ? `rehire: ${identity.anchor} is active again; the old account comes back` : `${identity.id} is active again`, evidence: recordEvidence(identity) });
    }
    if (updates) {
      const renamed = Boolean(updates.login);
      const why = renamed ? `rename in place: login ${current.login} → ${login}` : !current.externalId ? `link the existing account "${current.login}" to ${identity.anchor}` : `attributes differ from ${policyAt}`;
      add("update-account", identity.id, { ...base, origin: renamed || move ? "source" : "drift", reason: why, attributes: updates, evidence: [policyAt, ...recordEvidence(identity)] });
    }
    for (let slot = 0; slot < held.length; slot++) {
      if (!held[slot] || wanted[slot]) continue;
      const entitlement = table.names[slot]!;
      const expiredGrant = ctx.memberships.expired.get(identity.id)?.find((m) => (app.entitlements ?? []).some((e) => e.group === m.group && e.entitlement === entitlement));
      const privileged = table.privileged[slot]!;
      if (expiredGrant) {
        add("revoke", identity.id, { ...base, entitlement, privileged, origin: "policy", reason: `grant to ${expiredGrant.group} expired on ${expiredGrant.until} (${expiredGrant.at})`, evidence: [expiredGrant.at] });
      } else if (move) {
        add("revoke", identity.id, { ...base, entitlement, privileged, origin: "source", move, reason: `mover: ${describeMove(move)}; ${entitlement} is no longer justified by any group`, evidence: [policyAt, ...recordEvidence(identity)] });
      } else {
        add("revoke", identity.id, { ...base, entitlement, privileged, origin: "drift", reason: `${entitlement} is held in ${app.id} but granted by no group in ${policyAt}`, evidence: [policyAt] });
      }
    }
    const isNew = ctx.prior !== undefined && !ctx.prior.has(identity.id);
    for (let slot = 0; slot < wanted.length; slot++) {
      if (!wanted[slot] || held[slot]) continue;
      grant(identity, slot, base, move || isNew || !current.active ? "source" : "drift", move);
    }
  }

  // Accounts linked to no identity: gone from the sources, NHIs removed from the repo, or unmanaged.
  // Filtering before the (stable) sort gives the same order as sorting everything, for a fraction of it.
  for (const account of accounts.filter((_, k) => linked[k] === 0).sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0))) {
    if (runAs && normaliseLogin(account.login) === runAs) continue;
    const base = { account: account.id, login: account.login, ...(account.externalId ? { anchor: account.externalId } : {}) };
    if (account.externalId) {
      const source = account.externalId.slice(0, account.externalId.indexOf(":"));
      const name = index.priorByAnchor.get(account.externalId) ?? account.externalId;
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

  function grant(identity: Identity, slot: number, base: Partial<Change>, origin: Origin, move: Record<string, AttributeChange> | undefined): void {
    const membership = wanted[slot]!;
    const via = membership.via === "explicit" ? `explicit member of ${membership.group}${membership.until ? ` until ${membership.until}` : ""}${membership.reason ? ` (${membership.reason})` : ""}` : `birthright member of ${membership.group}`;
    add("grant", identity.id, { ...base, entitlement: table.names[slot]!, privileged: table.privileged[slot]!, origin, reason: via, ...(move ? { move } : {}), evidence: [membership.at, policyAt] });
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
      const slot = table.slotOf(entitlement);
      if (slot === undefined) continue;
      add("revoke", name, { ...base, entitlement, privileged: table.privileged[slot]!, origin: off.origin, reason: off.reason, evidence });
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

/** The planner's index when it was built for these identities, this app and this prior. */
function usableIndex(index: DiffIndex | undefined, ctx: TargetContext): DiffIndex | undefined {
  if (!index || index.identities !== ctx.identities || index.prior !== ctx.prior) return undefined;
  const app = ctx.policy.value;
  return index.scoped.has(app) && index.logins.has(loginAttribute(app)) && mappedAttributes(app).every((a) => index.values.has(a)) ? index : undefined;
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
