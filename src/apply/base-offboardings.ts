// A reviewed offboarding that only the reviewed plan's base could make.
//
// A plan made with `plan --base REF` offboards accounts under logins that only REF's files name: an
// identity's earlier app login, a bot whose file the pull request deleted (identity
// `account:<login>`, origin `pr`). Apply's re-plan knows those logins only from the same base (the
// CLI's `--base`, the Action's merge parent). Re-planned without it, or against a base whose files
// do not name the login either, the re-plan has no such change, and reconciliation would count the
// reviewed one as "no longer needed" while the account is still there, nobody's, with the access
// the reviewer approved taking away. That is a reviewed revocation lost without a failure.
//
// Such a change is therefore reported as not applied (a skipped change: the journal's `skipped`
// line and the result name it and say why; the run is a partial apply, exit 1), when all of this
// holds, so that a change that really is no longer needed is not:
//   - it is an offboarding (revoke-credential, revoke, disable-account, delete-account) of
//     `account:<login>` with origin `pr`, in a plan made with a base, missing from the re-plan;
//   - the re-plan reports that login as `unmanaged-account` on the target: it knows no identity
//     whose account it is (a re-plan that links it to someone decided otherwise);
//   - the live read still holds the account with what the change removes (one already disabled,
//     gone, or without the entitlement is in place).
// Apply cannot carry such a change out on the reviewed plan alone: the re-plan, which every applied
// change comes from, has none. The fix is the right base, or (where the merge parent is the base
// and still does not name the login) taking the access away by hand or in a new pull request.
import { normaliseLogin } from "../model/keys.js";
import type { Change } from "../model/change.js";
import type { ChangeReview } from "../model/journal-record.js";
import type { Plan } from "../plan/plan.js";
import { inPlace, type RenameWatch } from "./renamed-accounts.js";
import type { Reconciled } from "./reviewed.js";

const OFFBOARDING: ReadonlySet<Change["action"]> = new Set(["revoke-credential", "revoke", "disable-account", "delete-account"]);

/** A reviewed change apply did not carry out, with why and what to do; journalled as skipped. */
export interface NotApplied { change: Change; error: string; hint: string; /** Reviewed unless said: a revocation a blocked reason held may be unreviewed (apply/blocked-hold.ts). */ review?: ChangeReview }

export interface BaseOffboardingContext {
  /** How the re-plan was made, for the message: "without --base", "against --base main~1". */
  replannedHow: string;
  /** What to do about it. */
  hint: string;
  /** The changes this apply works on (its --target, a target that was read). */
  inScope: (c: Change) => boolean;
}

/**
 * Takes from `r.obsolete` the reviewed offboardings the module comment describes, and returns them
 * as not applied. `current` is apply's re-plan; `watch` holds the live read of the accounts.
 */
export function takeBaseOffboardings(reviewed: Plan, r: Reconciled, current: Plan, watch: RenameWatch, ctx: BaseOffboardingContext): NotApplied[] {
  if (reviewed.base === undefined || r.obsolete.length === 0) return [];
  const unmanaged = new Set(current.findings.filter((f) => f.rule === "unmanaged-account" && f.identity !== undefined).map((f) => `${f.target ?? ""}\u0000${normaliseLogin(f.identity!)}`));
  const out: NotApplied[] = [];
  const kept: Change[] = [];
  for (const c of r.obsolete) {
    const login = c.login ?? c.identity.slice("account:".length);
    const candidate = OFFBOARDING.has(c.action) && c.origin === "pr" && c.identity.startsWith("account:") && ctx.inScope(c) && unmanaged.has(`${c.target}\u0000${normaliseLogin(login)}`);
    const seen = candidate ? watch.liveOf(c) : undefined;
    // An account id the live read does not hold is gone: its offboarding is in place.
    if (!candidate || (c.account !== undefined && (!seen || inPlace(c, seen)))) {
      kept.push(c);
      continue;
    }
    out.push({
      change: c,
      error: `not applied: the reviewed plan (plan --base ${reviewed.base}) offboards the account under ${login}, a login only ${reviewed.base}'s files name; this apply's re-plan, made ${ctx.replannedHow}, does not know it (it reports ${login} as unmanaged-account) and has no such change to make, while the account ${stillHas(c)}`,
      hint: ctx.hint,
    });
  }
  r.obsolete = kept;
  return out;
}

function stillHas(c: Change): string {
  if (c.action === "revoke") return `still holds ${c.entitlement}`;
  if (c.action === "revoke-credential") return `still has the credential ${c.credential}`;
  return c.action === "disable-account" ? "is still active" : "still exists";
}
