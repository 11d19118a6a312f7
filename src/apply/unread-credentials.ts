// A reviewed credential revoke that apply's re-plan could not judge: its target's live read did not
// list that kind of credential this time.
//
// A read lists only what its token can see. GitHub's fine-grained PAT grants are listed to a GitHub
// App installation token alone: a plan made with one revokes a leaver's grant
// (`revoke-credential pat-grant:<id>`), and an apply run with a personal token reads no grants at
// all (its read says so: `github-pat-grants-not-read`). Its re-plan then has no such change, and
// reconciliation would count the reviewed revoke as "no longer needed" while the leaver's token
// keeps working: a reviewed revocation lost without a failure.
//
// The read declares what it did not list (TargetState.unreadCredentials: the credential ids by
// their start, the finding, and the fix); whatever the target. A reviewed `revoke-credential` of
// such a credential, missing from the re-plan, is reported as not applied (a skipped change: the
// journal's `skipped` line and the result say why and how to fix it; the run is a partial apply,
// exit 1).
// Nothing is assumed either way: the re-plan cannot tell whether the credential is still there or
// still to go, so only a read that lists it (the fix: the right token) can decide.
import type { Change } from "../model/change.js";
import type { TargetState, UnreadCredentials } from "../model/target-state.js";
import type { NotApplied } from "./base-offboardings.js";
import type { Reconciled } from "./reviewed.js";

/** What each target's live read did not list, caught as the re-plan reads the targets. */
export class UnreadWatch {
  private readonly byTarget = new Map<string, readonly UnreadCredentials[]>();

  /** Wraps the re-plan's read so that each target's state is seen on its way in. */
  reads<T extends { state: TargetState }>(read: () => Promise<Map<string, T>>): () => Promise<Map<string, T>> {
    return async () => {
      const reads = await read();
      for (const [name, r] of reads) if (r.state.unreadCredentials?.length) this.byTarget.set(name, r.state.unreadCredentials);
      return reads;
    };
  }

  /** The part of `target`'s read that did not list `credential`, if any. */
  unreadFor(target: string, credential: string): UnreadCredentials | undefined {
    return this.byTarget.get(target)?.find((u) => credential.startsWith(u.idPrefix));
  }

  /**
   * Takes from `r.obsolete` the reviewed credential revokes whose credential the re-plan's read of
   * their target did not list, and returns them as not applied. `inScope`: the changes this apply
   * works on (its --target, a target that was read).
   */
  take(r: Reconciled, inScope: (c: Change) => boolean): NotApplied[] {
    if (this.byTarget.size === 0 || r.obsolete.length === 0) return [];
    const out: NotApplied[] = [];
    const kept: Change[] = [];
    for (const c of r.obsolete) {
      const unread = c.action === "revoke-credential" && c.credential !== undefined && inScope(c) ? this.unreadFor(c.target, c.credential) : undefined;
      if (!unread) {
        kept.push(c);
        continue;
      }
      out.push({
        change: c,
        error: `not applied: the reviewed plan revokes the credential ${c.credential}, which this apply's read of target "${c.target}" did not list (${unread.finding.rule}: ${unread.finding.message}), so its re-plan cannot tell whether it is still there and still to go`,
        hint: `${unread.fix}, and run the same apply again`,
      });
    }
    r.obsolete = kept;
    return out;
  }
}
