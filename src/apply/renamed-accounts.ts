// A reviewed offboarding of an account whose login changed between the review and the merge.
//
// GitHub accounts are linked by login (GitHub has nowhere to store an externalId), and nothing
// remembers a GitHub id between runs. A leaver who renames their GitHub account (same numeric id,
// new login: GitHub allows it at any time) after the reviewed plan was made is therefore not found
// by apply's re-plan: its `disable-account alan` / `revoke alan team:platform` are missing from
// the re-plan and would read as "no longer needed", while the reviewed changes carry the account's
// own id (`account`), which no rename changes ("A target account, once linked, is addressed by its
// own id", DESIGN.md).
//
// Such a reviewed change is still needed, and applied by that id, only when all of this holds:
//   - it takes access away (revoke-credential, revoke, disable-account, delete-account) and names
//     the account's id and an identity of the re-plan (not `account:<login>`, not a gone anchor);
//   - the live read holds that account id under another login than the reviewed one;
//   - the account still has what the change removes: active (disable), there (delete), the
//     entitlement (revoke), the credential (revoke-credential);
//   - no identity claims the account now: the re-plan reports its new login as `unmanaged-account`
//     and plans no change of its own for that id (a re-plan that already offboards it decides);
//   - the re-plan's own decision for the identity still takes that access away: it is still
//     offboarded (a leaver, an NHI disabled) or out of scope with onLeaveScope other than keep, or
//     for a revoke, the entitlement is justified by none of its groups. It found no account for the
//     identity (one it found is decided by the re-plan itself).
// Anything else stays "no longer needed": a termination HR reversed, a person back in scope. A
// grant or create whose login changed is never followed: it rests on the premise the reviewer saw.
import { normaliseLogin } from "../model/keys.js";
import type { Change } from "../model/change.js";
import type { TargetAccount, TargetState } from "../model/target-state.js";
import type { AppDecision } from "../plan/decision.js";
import type { Plan } from "../plan/plan.js";
import type { Reconciled } from "./reviewed.js";

const OFFBOARDING: ReadonlySet<Change["action"]> = new Set(["revoke-credential", "revoke", "disable-account", "delete-account"]);

/** What the live read says of one account a reviewed offboarding names, and whether its credential is still there. */
export interface LiveAccount {
  account: TargetAccount;
  /** Ids of the credentials the live read holds on this target (any account's), among those the reviewed changes name. */
  credentials: ReadonlySet<string>;
}

/** The live facts the rename check needs, caught while the re-plan reads the targets (only the named ids are kept). */
export class RenameWatch {
  /** `target\0id` → the account as read, for the ids the reviewed offboarding names. */
  private readonly live = new Map<string, LiveAccount>();
  /** The reviewed changes that could be followed, by target. */
  private readonly byTarget = new Map<string, Change[]>();

  constructor(reviewed: Plan | undefined, target?: string) {
    for (const c of reviewed?.changes ?? []) {
      if (!OFFBOARDING.has(c.action) || c.account === undefined || (target !== undefined && c.target !== target)) continue;
      (this.byTarget.get(c.target) ?? this.byTarget.set(c.target, []).get(c.target)!).push(c);
    }
  }

  get empty(): boolean {
    return this.byTarget.size === 0;
  }

  /** The identities whose planner decisions the re-plan keeps (compile's `explain`): only those it resolved. */
  names(identities: readonly { id: string }[]): ReadonlySet<string> {
    const wanted = new Set<string>();
    for (const list of this.byTarget.values()) for (const c of list) wanted.add(c.identity);
    return new Set(identities.filter((i) => wanted.has(i.id)).map((i) => i.id));
  }

  /** Keeps, from one target's live read, the accounts and credentials the reviewed changes name. */
  see(name: string, state: TargetState): void {
    const list = this.byTarget.get(name);
    if (!list) return;
    const ids = new Set(list.map((c) => c.account!));
    const creds = new Set(list.flatMap((c) => (c.credential ? [c.credential] : [])));
    const held = new Set(state.credentials.filter((k) => creds.has(k.id)).map((k) => k.id));
    for (const a of state.accounts) if (ids.has(a.id)) this.live.set(`${name}\u0000${a.id}`, { account: a, credentials: held });
  }

  /** The live read of the account a reviewed offboarding names (by its id), when the read held it. */
  liveOf(c: Change): LiveAccount | undefined {
    return c.account === undefined ? undefined : this.live.get(`${c.target}\u0000${c.account}`);
  }

  /**
   * Moves the reviewed changes the module comment describes from `obsolete` to `reviewed`, and
   * says, for each reviewed offboarding whose account is live under another login, what was done.
   * `idLabel` names the target's account id for people ("GitHub user id").
   */
  follow(r: Reconciled, current: Plan, decisions: readonly AppDecision[], leavesScope: (app: string) => boolean, idLabel: (target: string) => string): string[] {
    if (this.empty || r.obsolete.length === 0) return [];
    const notes: string[] = [];
    // An account the IdP deprovisioned (renamed to a hash) is no one's too: reported as deprovisioned-account.
    const unmanaged = new Set(current.findings.filter((f) => (f.rule === "unmanaged-account" || f.rule === "deprovisioned-account") && f.identity !== undefined).map((f) => `${f.target ?? ""}\u0000${normaliseLogin(f.identity!)}`));
    const replanned = new Set(current.changes.filter((c) => c.account !== undefined).map((c) => `${c.target}\u0000${c.account}`));
    const kept: Change[] = [];
    for (const c of r.obsolete) {
      const seen = OFFBOARDING.has(c.action) && c.account !== undefined ? this.live.get(`${c.target}\u0000${c.account}`) : undefined;
      const was = c.login ?? c.identity;
      if (!seen || normaliseLogin(seen.account.login) === normaliseLogin(was)) {
        kept.push(c);
        continue;
      }
      const now = seen.account.login;
      const what = `${c.target} ${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}${c.credential ? ` ${c.credential}` : ""}`;
      const why = this.notNeeded(c, seen, decisions, leavesScope, unmanaged.has(`${c.target}\u0000${normaliseLogin(now)}`), replanned.has(`${c.target}\u0000${c.account}`));
      if (why) {
        kept.push(c);
        notes.push(`${what}: login changed from ${was} to ${now} since review (${idLabel(c.target)} ${c.account}); not applied: ${why}`);
        continue;
      }
      r.reviewed.push(c);
      notes.push(`${what}: login changed from ${was} to ${now} since review; applied by ${idLabel(c.target)} ${c.account}`);
    }
    r.obsolete = kept;
    return notes;
  }

  /** Why the reviewed change is not needed any more, or undefined when it still is. */
  private notNeeded(c: Change, seen: LiveAccount, decisions: readonly AppDecision[], leavesScope: (app: string) => boolean, unmanaged: boolean, replanned: boolean): string | undefined {
    const { account } = seen;
    const done = inPlace(c, seen);
    if (done) return done;
    if (replanned) return "the re-plan has its own change for that account";
    if (!unmanaged) return `an identity claims the account under its new login ${account.login} (the re-plan does not report it as unmanaged-account)`;
    const mine = decisions.filter((d) => d.target === c.target && d.identity === c.identity && d.earlierLogin === undefined);
    if (mine.length === 0) return `the re-plan has no decision for ${c.identity} in ${c.target}`;
    for (const d of mine) {
      if (d.account !== undefined) return `the re-plan links ${c.identity} to the account ${d.account.login} (${d.account.id})`;
      const losesAll = d.offboarding !== undefined || (!d.inScope && leavesScope(d.app));
      if (losesAll) continue;
      if (c.action === "revoke" && d.entitlements.some((e) => e.entitlement === c.entitlement && e.justifiedBy === undefined)) continue;
      return `the re-plan no longer takes ${c.action === "revoke" ? c.entitlement : "the account"} away from ${c.identity} (${d.inScope ? "in scope" : "out of scope, onLeaveScope: keep"}, not offboarded)`;
    }
    return undefined;
  }
}

/** Why the account, as read live, no longer has what the offboarding `c` removes; undefined while it still has it. */
export function inPlace(c: Change, seen: LiveAccount): string | undefined {
  if (c.action === "disable-account" && !seen.account.active) return "the account is disabled already";
  if (c.action === "revoke" && !seen.account.entitlements.includes(c.entitlement ?? "")) return `the account no longer holds ${c.entitlement}`;
  if (c.action === "revoke-credential" && !seen.credentials.has(c.credential ?? "")) return `the credential ${c.credential} is gone`;
  return undefined;
}

/** What an apply passes to compile so that the re-plan keeps what `follow` needs: the traced identities, and the live reads seen on their way in. */
export function watchReads<T extends { state: TargetState }>(watch: RenameWatch, read: () => Promise<Map<string, T>>): { explain?: (identities: readonly { id: string }[]) => ReadonlySet<string>; readTargets: () => Promise<Map<string, T>> } {
  if (watch.empty) return { readTargets: read };
  return {
    explain: (identities) => watch.names(identities),
    readTargets: async () => {
      const reads = await read();
      for (const [name, r] of reads) watch.see(name, r.state);
      return reads;
    },
  };
}

/** An app policy's onLeaveScope takes the account away (disable or delete, not keep). */
export function leavesScopeOf(apps: readonly { value: { id: string; onLeaveScope?: string } }[]): (app: string) => boolean {
  const byId = new Map(apps.map((a) => [a.value.id, a.value.onLeaveScope]));
  return (app) => (byId.get(app) ?? "disable") !== "keep";
}

/** How people call a target's account id in the notes. */
export function idLabelOf(targets: Readonly<Record<string, { type: string }>>): (target: string) => string {
  return (target) => (targets[target]?.type === "github" ? "GitHub user id" : "account id");
}
