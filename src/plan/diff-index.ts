import type { AppPolicyDoc, PersonDoc } from "../model/documents.js";
import { loginOf, type Identity } from "../model/identity.js";
import { normaliseLogin } from "../model/keys.js";
import { compileScope } from "../policy/selector.js";
import type { TargetAccount, TargetState } from "../model/target-state.js";
import { loginAttribute, mappedAttributes, mappedValue } from "./account-attributes.js";
import type { AttributeChange } from "../model/change.js";
import { detectMove } from "../policy/moves.js";
import { surelyPastDay } from "../policy/pre-start.js";
import { settledPerson } from "../policy/settled-person.js";
import { holdsRecord } from "../resolve/login-reuse.js";
import { formerIdsOf, priorOf } from "../resolve/renames.js";
import { gonePeople, type GonePerson } from "./gone-people.js";
import type { Located } from "../model/located.js";

/** Every identity's login under one `accounts.login` attribute, by identity index. */
export interface IdentityLogins {
  /** loginOf(identity, attribute), or undefined. */
  login: (string | undefined)[];
  /** The normalised login, the key logins are compared on. */
  key: (string | undefined)[];
  /**
   * 1 when another identity has the same normalised login. Only those can collide in an app, so
   * only they need to be remembered while an app's accounts are planned.
   */
  shared: Uint8Array;
  /**
   * Renamed people (identity.formerIds): identity index → the normalised logins they had under
   * this attribute before, where those differ from today's. An app that links by login finds the
   * account of such a person by one of these when none has today's login. Absent when nobody was renamed.
   */
  former?: Map<number, string[]>;
  /**
   * Identities whose files changed this login since the last accepted snapshot or the base
   * revision (identity.earlierLogins, identity.loginsAtBase): the normalised earlier login → the
   * indexes of the identities that had it, in index order (two, where two files named it). An
   * account under it that nobody links is their old account: no file gives that login now.
   * Absent when nobody's changed.
   */
  earlier?: Map<string, number[]>;
}

/**
 * What every target's diff needs to know about the identities, computed in one pass over them:
 * which apps' scopes each identity is in, which identity owns each anchor, each identity's login
 * and mapped attribute values, and what moved since the prior snapshot. With 100k+ identities, a
 * pass per app over the scattered identity objects (scope checks, anchor lookups, logins,
 * attribute values) was the slowest part of planning; the time went to memory access, not to
 * comparisons. Here each identity is read once while it is at hand, and each app's diff then
 * touches only the identities that are in its scope or hold one of its accounts.
 */
export interface DiffIndex {
  identities: readonly Identity[];
  /**
   * anchor, alias or earlier anchor → who owns it: an identity index (its anchor), or, when it is
   * an alias, an earlier anchor or shared, flattened (identity index, position) pairs, position -1
   * for the anchor, else the alias's (earlier anchors after the aliases).
   */
  owners: Map<string, number | number[]>;
  /** App policy → scoped[i] is 1 when identities[i] is in the app's scope. */
  scoped: Map<AppPolicyDoc, Uint8Array>;
  /** Login attribute (`accounts.login`, default userName) → every identity's login under it. */
  logins: Map<string, IdentityLogins>;
  /**
   * Identity attribute an app's account attributes are mapped from → every identity's value of
   * it (mappedValue), by position: the diff compares them with each account's attributes.
   */
  values: Map<string, (string | null)[]>;
  /** The prior identities the moves were computed against. */
  prior: ReadonlyMap<string, Identity> | undefined;
  /** With a prior: identities[i]'s move (detectMove), computed once instead of once per app. */
  moves: (Record<string, AttributeChange> | undefined)[] | undefined;
  /** With a prior: anchor or alias → the prior identity's id (a later identity wins a shared key). */
  priorByAnchor: Map<string, string>;
  /** People no source exports any more, whose accounts apps that link by login know only by login. */
  gone: GonePerson[];
  /** 1 where identities[i] is not active (a leaver, someone on leave, a disabled NHI). */
  inactive: Uint8Array;
  /**
   * 1 where identities[i] is a person settled in every app (policy/settled-person.ts): neither
   * losing access nor waiting for a hire date anywhere, so the diff need not ask each app.
   */
  settled: Uint8Array;
}

export function diffIndex(identities: readonly Identity[], apps: readonly AppPolicyDoc[], now: number, prior?: ReadonlyMap<string, Identity>, people: readonly Located<PersonDoc>[] = []): DiffIndex {
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
  const attributes = [...new Set(apps.map(loginAttribute))];
  const logins = attributes.map((): IdentityLogins => ({ login: new Array(identities.length), key: new Array(identities.length), shared: new Uint8Array(identities.length) }));
  const mapped = [...new Set(apps.flatMap(mappedAttributes))];
  const values = mapped.map(() => new Array<string | null>(identities.length));
  const moves = prior ? new Array<Record<string, AttributeChange> | undefined>(identities.length) : undefined;
  const inactive = new Uint8Array(identities.length);
  const settled = new Uint8Array(identities.length);
  const surelyPast = surelyPastDay(now);
  const renamed = prior ? formerIdsOf(identities) : undefined;
  for (let i = 0; i < identities.length; i++) {
    const identity = identities[i]!;
    own(identity.anchor, i, -1);
    if (identity.status !== "active") inactive[i] = 1;
    else if (settledPerson(identity, now, surelyPast)) settled[i] = 1;
    for (let k = 0; k < identity.aliases.length; k++) own(identity.aliases[k]!, i, k);
    // Earlier anchors (a rehire under a new record) rank after every live one.
    if (identity.formerAnchors !== undefined) for (let k = 0; k < identity.formerAnchors.length; k++) own(identity.formerAnchors[k]!, i, identity.aliases.length + k);
    for (let a = 0; a < apps.length; a++) if (matchers[a]!(identity)) flags[a]![i] = 1;
    for (let a = 0; a < attributes.length; a++) {
      const login = loginOf(identity, attributes[a]!);
      logins[a]!.login[i] = login;
      logins[a]!.key[i] = login === undefined ? undefined : normaliseLogin(login);
      if (identity.formerIds !== undefined) addFormerLogins(logins[a]!, attributes[a]!, i, identity, prior);
      const earlier = identity.earlierLogins?.[attributes[a]!];
      if (earlier !== undefined) addEarlierLogin(logins[a]!, normaliseLogin(earlier), i);
      const atBase = identity.loginsAtBase?.logins[attributes[a]!];
      if (atBase !== undefined) addEarlierLogin(logins[a]!, normaliseLogin(atBase), i);
    }
    for (let m = 0; m < mapped.length; m++) values[m]![i] = mappedValue(identity, mapped[m]!);
    if (moves) moves[i] = detectMove(identity, priorOf(identity, prior), renamed);
  }
  for (const l of logins) markShared(l);
  const priorByAnchor = new Map<string, string>();
  for (const p of prior?.values() ?? []) for (const k of [p.anchor, ...p.aliases]) priorByAnchor.set(k, p.id);
  let ids: Set<string> | undefined;
  const gone = gonePeople(prior?.values(), people, owners, (id) => (ids ??= new Set(identities.map((x) => x.id))).has(id));
  return {
    identities,
    owners,
    scoped: new Map(apps.map((app, a) => [app, flags[a]!])),
    logins: new Map(attributes.map((attribute, a) => [attribute, logins[a]!])),
    values: new Map(mapped.map((attribute, m) => [attribute, values[m]!])),
    prior,
    moves,
    priorByAnchor,
    gone,
    inactive,
    settled,
  };
}

/**
 * The identity (index) an anchor or alias names, or -1; the later identity where several share
 * the key, as a Map filled in identity order would keep.
 */
function anchorOwner(index: DiffIndex, key: string): number {
  const owner = index.owners.get(key);
  return owner === undefined ? -1 : lastOwner(owner);
}

/** The later identity of an `owners` entry. */
export function lastOwner(owner: number | number[]): number {
  return typeof owner === "number" ? owner : owner[owner.length - 2]!;
}

/**
 * By account position, the identity (index) whose anchor or alias the account's externalId is,
 * the later one where several share it; -1 for an account without one. The diff works this out
 * while it links a target's accounts, with the accounts it links by login (TargetDiff.accountOwners);
 * this is for targets not diffed: without an app policy no login attribute says whose a login is.
 */
export function accountOwners(index: DiffIndex, state: TargetState): Int32Array {
  const owners = new Int32Array(state.accounts.length);
  for (let k = 0; k < state.accounts.length; k++) {
    const externalId = state.accounts[k]!.externalId;
    owners[k] = externalId ? anchorOwner(index, externalId) : -1;
  }
  return owners;
}

/**
 * Accounts' logins by a value each carries (a SAML NameID, an invitation's e-mail address), the
 * value normalised by `key`; a value two accounts carry links neither (null). Empty when none carries one.
 */
export function accountLoginsBy(accounts: readonly TargetAccount[], valueOf: (a: TargetAccount) => string | undefined, key: (value: string) => string): Map<string, string | null> {
  const byValue = new Map<string, string | null>();
  for (const a of accounts) {
    const value = valueOf(a);
    if (!value) continue;
    const k = key(value);
    byValue.set(k, byValue.has(k) ? null : a.login);
  }
  return byValue;
}

/**
 * `logins` with the login `loginFor` gives identity i in place of its own, where it gives one,
 * and which logins two identities share marked afresh; the other fields as they were.
 */
export function relinkedLogins(logins: IdentityLogins, loginFor: (i: number) => string | null | undefined): IdentityLogins {
  const out: IdentityLogins = { login: logins.login.slice(), key: logins.key.slice(), shared: new Uint8Array(logins.shared.length), ...(logins.former ? { former: logins.former } : {}), ...(logins.earlier ? { earlier: logins.earlier } : {}) };
  for (let i = 0; i < out.login.length; i++) {
    const login = loginFor(i);
    if (!login) continue;
    out.login[i] = login;
    out.key[i] = normaliseLogin(login);
  }
  markShared(out);
  return out;
}

/**
 * The logins renamed people had under `attribute` (IdentityLogins.former): their earlier ids where
 * the app's login is the source login (`userName`), and whatever the accepted snapshot's identity
 * of that earlier id had under the attribute. A login an overlay sets follows the person anyway.
 */
function addFormerLogins(logins: IdentityLogins, attribute: string, i: number, identity: Identity, prior: ReadonlyMap<string, Identity> | undefined): void {
  const keys = new Set<string>();
  for (const f of identity.formerIds ?? []) {
    // A person's earlier login is the sources' word. An NHI's earlier id is only its file's: the
    // accounts that were its own carry its earlier anchor (formerAnchors), and an unmarked account
    // under that login (a shared demo account, say) is not shown to have been it.
    if (attribute === "userName" && identity.kind === "person") keys.add(normaliseLogin(f));
    const was = prior?.get(f);
    const login = was && holdsRecord(identity, was.anchor) ? loginOf(was, attribute) : undefined;
    if (login !== undefined) keys.add(normaliseLogin(login));
  }
  keys.delete(logins.key[i] ?? "");
  // A login the overlay changed is not the renamed person's any more (earlierLogins: offboarded).
  for (const changed of [identity.earlierLogins?.[attribute], identity.loginsAtBase?.logins[attribute]]) if (changed !== undefined) keys.delete(normaliseLogin(changed));
  if (keys.size > 0) (logins.former ??= new Map()).set(i, [...keys].sort());
}

function addEarlierLogin(logins: IdentityLogins, key: string, i: number): void {
  const earlier = (logins.earlier ??= new Map());
  // The snapshot and the base may both name one person's; identities are added in index order.
  const had = earlier.get(key);
  if (had === undefined) earlier.set(key, [i]);
  else if (had[had.length - 1] !== i) had.push(i);
}

export function markShared(logins: IdentityLogins): void {
  const first = new Map<string, number>(); // normalised login → first identity index with it
  for (let i = 0; i < logins.key.length; i++) {
    const key = logins.key[i];
    if (key === undefined) continue;
    const other = first.get(key);
    if (other === undefined) first.set(key, i);
    else logins.shared[other] = logins.shared[i] = 1;
  }
}
