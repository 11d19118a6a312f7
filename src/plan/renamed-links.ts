// Accounts a user renamed themself, found by the id a remembered record gave the identity's login.
//
// Where accounts are linked by login (GitHub, accounts.linkBy: login), a person who renames their
// account (GitHub keeps the user id; the old login is free for anyone to claim:
// https://docs.github.com/en/account-and-profile/concepts/username-changes) is found by nothing: their own
// login names no account, the renamed one reads as a stranger's (`unmanaged-account`), and a
// dismissed owner who renamed themself before the urgent sync stayed an owner while the run
// reported success (rv59). The target's committed state file, or apply's journal
// (targets/remembered-logins.ts), gave that id the person's login: it is their account, renamed.
//
// It is followed only where the evidence is one-sided. Fail-closed, as duplicate-account-link:
// nothing is planned for any identity or account involved, and an error (account-id-conflict)
// blocks the plan until a person decides, where
//   - the remembered login is two identities' (whose the account is, is not known);
//   - two renamed accounts were both remembered under it (which is theirs, is not known);
//   - another account holds that login now: GitHub frees a login its owner renamed away from, and
//     anyone may take it, so the login and the id point at two accounts;
//   - another identity has the account's new login: it claims the account by login, this one by id;
//   - where a login is the whole service's (GitHub), nobody looked up who holds the remembered
//     login now (RememberedLogins.holders): that it is free is not known.
// Where the service says another user holds the remembered login now (a user outside the org
// registered it; rv61 #1), the renamed account is not the identity's: it stays unmanaged, the
// identity is planned by its login as anyone else (an invitation to that user), nothing is
// granted to or revoked from the renamed account on the record, and the plan says so
// (account-login-taken). Only a 404 (nobody) or the renamed account's own id lets it be followed.
// An offline plan remembers nothing (its state file is its record) and follows no rename.
// An account the IdP deprovisioned (renamed to a hash) is plan/deprovisioned-accounts.ts's.
import { isDeprovisioned } from "../model/deprovisioned-account.js";
import { normaliseLogin } from "../model/keys.js";
import { rememberedIn, type RememberedLogins } from "../model/remembered-logins.js";
import type { TargetAccount } from "../model/target-state.js";
import type { IdentityLogins } from "./diff-index.js";

/** Identity i's account, found by id under a login it no longer has. */
export interface RenamedLink {
  /** The account's position in the target's accounts. */
  account: number;
  /** The login the record gave the account's id (the identity's). */
  was: string;
  /** Where that was recorded ("state/github.json", or the journal). */
  recordedIn: string;
}

/** Why the id evidence for identity i conflicts, and the accounts it concerns (left alone). */
export interface IdConflict {
  accounts: number[];
  why: string;
}

/** The account remembered under identity i's login, renamed, whose old login another user of the service holds now. */
export interface TakenLogin extends RenamedLink {
  /** The id of the user who holds the login now. */
  holder: string;
}

export interface RenamedLinks {
  renamed: Map<number, RenamedLink>;
  conflicts: Map<number, IdConflict>;
  /** Identities whose remembered account is not followed: their login is another user's now. */
  taken: Map<number, TakenLogin>;
}

/**
 * The renamed accounts of `accounts` (live) whose remembered login an identity has, and the
 * conflicts. `byLogin`: normalised login → the position of the account under it (AccountLinks).
 * Costs one look-up per account, and a pass over the identities only when some account was renamed.
 */
export function renamedLinks(accounts: readonly TargetAccount[], remembered: RememberedLogins | undefined, logins: IdentityLogins, byLogin: ReadonlyMap<string, number>): RenamedLinks | undefined {
  if (!remembered) return undefined;
  // Remembered login (normalised) → the renamed accounts whose id had it.
  const byWas = new Map<string, number[]>();
  accounts.forEach((a, k) => {
    const was = remembered.logins.get(a.id);
    if (was === undefined || isDeprovisioned(a) || normaliseLogin(was) === normaliseLogin(a.login)) return;
    const key = normaliseLogin(was);
    (byWas.get(key) ?? byWas.set(key, []).get(key)!).push(k);
  });
  if (byWas.size === 0) return undefined;
  // The identities whose login is a remembered one, or a renamed account's new one.
  const nowLogins = new Set([...byWas.values()].flat().map((k) => normaliseLogin(accounts[k]!.login)));
  const owners = new Map<string, number[]>();
  logins.key.forEach((key, i) => {
    if (key !== undefined && (byWas.has(key) || nowLogins.has(key))) (owners.get(key) ?? owners.set(key, []).get(key)!).push(i);
  });
  const out: RenamedLinks = { renamed: new Map(), conflicts: new Map(), taken: new Map() };
  const conflict = (identities: readonly number[], list: number[], why: string): void => {
    for (const i of identities) {
      const had = out.conflicts.get(i);
      out.conflicts.set(i, had ? { accounts: [...new Set([...had.accounts, ...list])].sort((a, b) => a - b), why: `${had.why}; ${why}` } : { accounts: list, why });
      out.renamed.delete(i);
      out.taken.delete(i);
    }
  };
  for (const key of [...byWas.keys()].sort()) {
    const renamed = byWas.get(key)!;
    const claim = owners.get(key) ?? [];
    if (claim.length === 0) continue; // nobody's login: a leaver gone from the sources, or unmanaged
    const said = (k: number) => `"${accounts[k]!.login}" (id ${accounts[k]!.id}, "${remembered.logins.get(accounts[k]!.id)}" in ${rememberedIn(remembered, accounts[k]!.id)})`;
    if (claim.length > 1) {
      conflict(claim, renamed, `the account ${renamed.map(said).join(" and ")} had the login of ${claim.length} identities`);
      continue;
    }
    if (renamed.length > 1) {
      conflict(claim, renamed, `${renamed.length} accounts had that login: ${renamed.map(said).join(", ")}`);
      continue;
    }
    const k = renamed[0]!;
    const holder = byLogin.get(key);
    if (holder !== undefined && holder !== k) {
      conflict(claim, [k, holder], `the account ${said(k)} had that login, and the account "${accounts[holder]!.login}" (id ${accounts[holder]!.id}) holds it now: a login freed by a rename can be taken by anyone`);
      continue;
    }
    if (remembered.holders) {
      const now = remembered.holders.logins.get(key);
      if (now === undefined) {
        conflict(claim, [k], `the account ${said(k)} had that login, and whether anyone holds it now was not looked up (${remembered.holders.skipped ?? "no answer for it"}): a login freed by a rename can be taken by anyone`);
        continue;
      }
      if (now !== null && now !== accounts[k]!.id) {
        out.taken.set(claim[0]!, { account: k, was: remembered.logins.get(accounts[k]!.id)!, recordedIn: rememberedIn(remembered, accounts[k]!.id), holder: now });
        continue;
      }
    }
    const others = (owners.get(normaliseLogin(accounts[k]!.login)) ?? []).filter((i) => i !== claim[0]);
    if (others.length > 0) {
      conflict([...claim, ...others], [k], `the account ${said(k)} is claimed by login by the identity whose login is "${accounts[k]!.login}" now, and by id by the one whose login it had`);
      continue;
    }
    out.renamed.set(claim[0]!, { account: k, was: remembered.logins.get(accounts[k]!.id)!, recordedIn: rememberedIn(remembered, accounts[k]!.id) });
  }
  return out.renamed.size > 0 || out.conflicts.size > 0 || out.taken.size > 0 ? out : undefined;
}
