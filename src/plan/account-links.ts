import type { TargetAccount } from "../model/target-state.js";
import { normaliseLogin } from "../model/keys.js";
import type { RememberedLogins } from "../model/remembered-logins.js";
import { lastOwner, type DiffIndex, type IdentityLogins } from "./diff-index.js";
import { loginHash, loginHashes } from "./login-hashes.js";
import { renamedLinks, type IdConflict, type RenamedLink, type RenamedLinks, type TakenLogin } from "./renamed-links.js";

/**
 * Which of one target's accounts is whose: by anchor (externalId) on construction, then, as the
 * identities are visited, unmarked accounts adopted by login. An identity links to the account
 * marked with its anchor, else with its first alias that marks one; where several accounts carry
 * the same mark, the last one. Walking the accounts once gives exactly that.
 */
export class AccountLinks {
  /** Normalised login → index of an unmarked account. */
  readonly byLogin = new Map<string, number>();
  /** Identity → index of the account its anchor or an alias marks, or -1. */
  readonly linkedTo: Int32Array;
  /** Account → 1 once an identity has it (or a finding leaves it alone as claimed). */
  readonly linked: Uint8Array;
  /**
   * By account position, the identity (index) whose account it is, or -1: on construction the one
   * its externalId links to (as accountOwners in diff-index.ts), then, as identities are visited,
   * the one that takes it by login (take). See TargetDiff.accountOwners.
   */
  readonly accountOwners: Int32Array;
  /**
   * Identity → every account that claims it (its anchor or an alias as externalId, or its login
   * twice over): set only when more than one does. Such an identity plans nothing in this app.
   */
  duplicates: Map<number, Set<number>> | undefined;
  /** Normalised logins that more than one unmarked account carries (differing only in case). */
  loginTwice: Set<string> | undefined;
  /**
   * Marked accounts whose login may be another identity's: marked with an anchor no identity has
   * (leavers, mostly), or with an identity's who is not active and has another login now. Few, so
   * kept apart.
   */
  offLogin: number[] | undefined;
  /** loginHash of each key of byLogin, and of each identity's login: byLogin is asked only where two agree. */
  private readonly byLoginHashes = new Set<number>();
  private readonly identityHashes: Int32Array | undefined;
  /** See formerClaimed; made the first time a renamed person's account is looked for. */
  private claimedFormer: Set<string> | undefined;
  /**
   * Where accounts are linked by login: accounts their users renamed, found by the id a remembered
   * record gave an identity's login, and the identities whose id evidence conflicts (renamed-links.ts).
   */
  private readonly renamed: RenamedLinks | undefined;

  constructor(
    private readonly accounts: readonly TargetAccount[],
    private readonly index: DiffIndex,
    private readonly logins: IdentityLogins,
    /** Where our anchor is not kept (GitHub, or accounts.linkBy: login), an externalId is not ours. */
    private readonly storesExternalId: boolean,
    identities: number,
    remembered?: RememberedLogins,
  ) {
    this.linkedTo = new Int32Array(identities).fill(-1);
    this.linked = new Uint8Array(accounts.length);
    this.accountOwners = this.link();
    if (storesExternalId && this.byLogin.size > 0) {
      for (const key of this.byLogin.keys()) this.byLoginHashes.add(loginHash(key));
      this.identityHashes = loginHashes(logins);
    }
    this.renamed = storesExternalId ? undefined : renamedLinks(accounts, remembered, logins, this.byLogin);
    // Accounts the id evidence disputes are left alone: neither an identity's nor unmanaged.
    for (const c of this.renamed?.conflicts.values() ?? []) for (const k of c.accounts) this.linked[k] = 1;
  }

  /** Identity i's id evidence conflicts (renamed-links.ts): nothing is planned for it. */
  idConflict(i: number): IdConflict | undefined {
    return this.renamed?.conflicts.get(i);
  }

  /** The renamed account remembered under identity i's login, not followed: another user holds that login now. */
  loginTaken(i: number): TakenLogin | undefined {
    return this.renamed?.taken.get(i);
  }

  /** The renamed account identity i is linked to by its remembered id, when that is how it was found. */
  renamedFrom(i: number, current: TargetAccount): RenamedLink | undefined {
    const link = this.renamed?.renamed.get(i);
    return link !== undefined && this.accounts[link.account] === current ? link : undefined;
  }

  private link(): Int32Array {
    const { accounts, linkedTo, index } = this;
    let aliasRank: Map<number, number> | undefined; // identity → position of the alias it links by
    const accountOwners = new Int32Array(accounts.length).fill(-1);
    const byAnchor = this.storesExternalId;
    for (let k = 0; k < accounts.length; k++) {
      const a = accounts[k]!;
      if (!a.externalId || !byAnchor) {
        const key = normaliseLogin(a.login);
        if (this.byLogin.has(key)) (this.loginTwice ??= new Set()).add(key);
        this.byLogin.set(key, k);
        continue;
      }
      const owner = index.owners.get(a.externalId);
      if (owner === undefined) {
        (this.offLogin ??= []).push(k);
        continue;
      }
      accountOwners[k] = lastOwner(owner);
      // An account of someone who is not active whose login is not theirs now (an HR export that
      // keeps a leaver's row under another login beside a rehire's). Only theirs are read: reading
      // every account's login cuts a string out of the state for each (state-columns.ts).
      const o = accountOwners[k]!;
      if (index.inactive[o] === 1 && normaliseLogin(a.login) !== this.logins.key[o]) (this.offLogin ??= []).push(k);
      if (typeof owner === "number") {
        if (linkedTo[owner] !== -1) this.claimTwice(owner, linkedTo[owner]!, k);
        linkedTo[owner] = k;
        aliasRank?.delete(owner);
        continue;
      }
      for (let j = 0; j < owner.length; j += 2) {
        const i = owner[j]!;
        const position = owner[j + 1]!;
        if (linkedTo[i] !== -1 && linkedTo[i] !== k) this.claimTwice(i, linkedTo[i]!, k);
        const rank = linkedTo[i] === -1 ? Infinity : (aliasRank?.get(i) ?? -1);
        if (position > rank) continue;
        linkedTo[i] = k;
        if (position >= 0) (aliasRank ??= new Map()).set(i, position);
        else aliasRank?.delete(i);
      }
    }
    return accountOwners;
  }

  /** Two accounts claim identity i: remember both; the diff plans nothing for it and reports them. */
  private claimTwice(i: number, first: number, second: number): void {
    const set = (this.duplicates ??= new Map()).get(i) ?? new Set<number>();
    set.add(first).add(second);
    this.duplicates.set(i, set);
  }

  /** Might identity i be claimed by more than one account? Cheap: answers no for nearly everyone. */
  mayBeClaimedTwice(i: number): boolean {
    if (this.duplicates !== undefined || this.loginTwice !== undefined) return true;
    // identityHashes is set where an anchor is kept and an account is unmarked: the only case that asks byLogin.
    if (this.identityHashes === undefined || this.linkedTo[i] === -1 || !this.byLoginHashes.has(this.identityHashes[i]!)) return false;
    const loginKey = this.logins.key[i];
    return loginKey !== undefined && this.byLogin.has(loginKey);
  }

  /**
   * The accounts that claim identity i, when more than one does: by externalId (its anchor or an
   * alias), or an unmarked account that carries its login beside the one its anchor marks, or two
   * unmarked accounts whose logins differ only in case. Undefined when the link is unambiguous.
   */
  claimants(i: number): number[] | undefined {
    const loginKey = this.logins.key[i];
    const claims = new Set(this.duplicates?.get(i));
    if (this.storesExternalId && loginKey !== undefined) {
      const byLogin = this.byLogin.get(loginKey);
      const linked = this.linkedTo[i]!;
      if (linked !== -1 && byLogin !== undefined && byLogin !== linked) claims.add(linked).add(byLogin);
      if (this.loginTwice?.has(loginKey)) {
        if (linked !== -1) claims.add(linked);
        this.accounts.forEach((a, k) => {
          if (!a.externalId && normaliseLogin(a.login) === loginKey) claims.add(k);
        });
      }
    }
    return claims.size > 1 ? [...claims].sort((a, b) => a - b) : undefined;
  }

  /** The account linked to identity i: by anchor, or, where the target keeps no anchor (GitHub), by login. */
  linkedAccount(i: number): number {
    if (this.linkedTo[i] !== -1) return this.linkedTo[i]!;
    if (this.storesExternalId) return -1;
    const found = this.byLoginOrFormer(i);
    return found !== -1 ? found : (this.renamed?.renamed.get(i)?.account ?? -1);
  }

  /**
   * The account identity i is found by login: the one under its login today, or a renamed
   * person's under a login they had before (formerAccount). Where both are there, the earlier
   * login's is theirs (docs/formats.md: it "stays linked to them and is renamed in place") unless
   * the one under today's login is marked as theirs: an account that only has the new login (a
   * leaver's left-over under a recycled login, jsmith) is never adopted, enabled or granted for
   * them. Their rename onto that login waits (login-held, diff-target.ts renameHeldBy). -1 for none.
   */
  private byLoginOrFormer(i: number): number {
    const loginKey = this.logins.key[i];
    const today = loginKey !== undefined ? this.byLogin.get(loginKey) : undefined;
    const former = this.formerAccount(i);
    if (today === undefined) return former;
    return former !== -1 && !this.markedFor(today, i) ? former : today;
  }

  /** Does account k carry identity i's anchor, an alias or an earlier anchor of theirs as externalId? */
  private markedFor(k: number, i: number): boolean {
    const mark = this.accounts[k]!.externalId;
    const owner = mark === undefined ? undefined : this.index.owners.get(mark);
    if (owner === undefined || typeof owner === "number") return owner === i;
    for (let j = 0; j < owner.length; j += 2) if (owner[j] === i) return true;
    return false;
  }

  /**
   * The account a renamed person has under a login they had before (IdentityLogins.former),
   * preferred to one that only has today's (byLoginOrFormer): the same person, so the account is updated in place rather than left
   * unmanaged while a new one is made. Never one that another identity's login (today's, or
   * another renamed person's earlier one) names, or that two accounts' logins share.
   */
  private formerAccount(i: number): number {
    const keys = this.logins.former?.get(i);
    if (keys === undefined) return -1;
    for (const key of keys) {
      const k = this.byLogin.get(key);
      if (k === undefined || this.linked[k] === 1 || this.loginTwice?.has(key) || this.formerClaimed().has(key)) continue;
      return k;
    }
    return -1;
  }

  /** Earlier logins that are also some identity's login today, or that two renamed people had: claimed by nobody. */
  private formerClaimed(): Set<string> {
    if (this.claimedFormer) return this.claimedFormer;
    const claimed = new Set<string>();
    const seen = new Set<string>();
    for (const keys of this.logins.former?.values() ?? []) {
      for (const key of keys) {
        if (seen.has(key)) claimed.add(key);
        seen.add(key);
      }
    }
    const { key } = this.logins;
    for (let i = 0; i < key.length; i++) if (key[i] !== undefined && seen.has(key[i]!)) claimed.add(key[i]!);
    return (this.claimedFormer = claimed);
  }

  /**
   * The account identity i has here, marked as taken: the linked one, else (where the anchor is
   * kept) an unmarked account adopted by login: for an active identity in scope, and for one that
   * loses access, but only by a login no other identity has and no other identity took.
   */
  claimAccount(i: number, linked: number, adopt: "in scope" | "losing access" | undefined): TargetAccount | undefined {
    const loginKey = this.logins.key[i];
    let k = linked;
    if (k < 0 && adopt === "in scope") k = this.byLoginOrFormer(i);
    else if (k < 0 && adopt === "losing access" && loginKey !== undefined && !this.logins.shared[i]) {
      const byLogin = this.byLogin.get(loginKey);
      if (byLogin !== undefined && this.linked[byLogin] === 0) k = byLogin;
    }
    if (k === undefined || k < 0) return undefined;
    this.take(i, k);
    return this.accounts[k];
  }

  /**
   * Account k is identity i's: marked taken, and, where no externalId gave it an owner (linked or
   * adopted by login, or by a login from before a rename), i recorded as its owner. Rules read
   * holdings by owner (policy/rules/context.ts): without this, what a GitHub member already holds
   * was no one's, and a rule saw only what the plan grants. The first identity to take an account
   * keeps it (a second one with the same login is refused: login-collision); identities are
   * visited in one order, so the owners are the same for the same inputs.
   */
  take(i: number, k: number): void {
    this.linked[k] = 1;
    if (this.accountOwners[k] === -1) this.accountOwners[k] = i;
  }

  /** Was identity i's account found by a login it had before a rename (not by its anchor)? */
  byEarlierLogin(i: number, current: TargetAccount): boolean {
    return this.linkedTo[i] === -1 && (this.logins.former?.get(i)?.includes(normaliseLogin(current.login)) ?? false);
  }
}
