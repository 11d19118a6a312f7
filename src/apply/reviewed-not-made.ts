// The reviewed changes an apply did not carry out, each with why (model/reviewed-not-made.ts).
//
// Apply re-plans at the commit it applies, against live state, and applies only what the reviewed
// plan has too. Two pull requests reviewed against the same base and merged one after the other (a
// merge queue) are each applied at a merge commit no reviewer planned: a revocation one of them
// reviewed can be overtaken by the other (it puts the person in another group that gives the same
// team), so the re-plan no longer has it. Before, such a change was only counted (`obsolete`, CLI)
// or not even that (the Action), and the pull request's result comment said "✅ applied" (rv58
// finding 3). The reviewer who approved taking the access away has to learn that it was not.
//
// What this run knows decides the words, never a guess:
//   - the live read the re-plan made (noted on its way in, for the reviewed changes only) shows
//     the change in place: `in-place`, the reviewed outcome holds;
//   - otherwise `not-planned`: the merged policy at this commit no longer plans it, and the
//     planner's own decision for the identity (compile's `explain`) says what keeps or drops it:
//     the group and file:line that still give the entitlement, the offboarding that no longer
//     holds, and the re-plan's findings about the identity there;
//   - the re-plan has another change under the same id that is held back (`changed`), or the
//     reviewed change waits for an unreviewed create of its account (`waiting`).
import { canonicalJson } from "../model/canonical-json.js";
import type { Change } from "../model/change.js";
import { normaliseLogin } from "../model/keys.js";
import type { NotMadeKind, ReviewedNotMade } from "../model/reviewed-not-made.js";
import type { TargetState } from "../model/target-state.js";
import type { AppDecision } from "../plan/decision.js";
import type { Plan } from "../plan/plan.js";
import { observe, type Seen } from "./cut-off.js";
import type { Reconciled } from "./reviewed.js";

/** Fields that make two changes under one id different decisions (reviewed.ts `essence`, plus the account). */
const DECIDING = ["account", "login", "anchor", "entitlement", "credential", "replacedBy", "attributes", "privileged"] as const;

/** Notes what the re-plan's live read shows of each reviewed change, and names those not carried out. */
export class NotMadeWatch {
  /** The reviewed changes this apply covers, by target. */
  private readonly byTarget = new Map<string, Change[]>();
  /** Change id → what the live read showed of it. */
  private readonly seen = new Map<string, Seen>();

  constructor(reviewed: Plan, target?: string) {
    for (const c of reviewed.changes) {
      if (target !== undefined && c.target !== target) continue;
      (this.byTarget.get(c.target) ?? this.byTarget.set(c.target, []).get(c.target)!).push(c);
    }
  }

  /** The identities whose planner decisions the re-plan keeps (compile's `explain`): those of the reviewed changes. */
  names(identities: readonly { id: string }[]): ReadonlySet<string> {
    const wanted = new Set<string>();
    for (const list of this.byTarget.values()) for (const c of list) wanted.add(c.identity);
    // Names of accounts no identity claims (`account:<login>`) are asked for as they are.
    return new Set([...identities.filter((i) => wanted.has(i.id)).map((i) => i.id), ...[...wanted].filter((n) => n.startsWith("account:"))]);
  }

  /** Wraps the re-plan's read so that each target's state is looked at on its way in (not kept). */
  reads<T extends { state: TargetState }>(read: () => Promise<Map<string, T>>): () => Promise<Map<string, T>> {
    if (this.byTarget.size === 0) return read;
    return async () => {
      const reads = await read();
      for (const [name, r] of reads) this.see(name, r.state);
      return reads;
    };
  }

  private see(name: string, state: TargetState): void {
    const list = this.byTarget.get(name);
    if (!list) return;
    // One pass over the accounts, keeping only those a reviewed change names, so that looking at
    // each change costs nothing like changes × accounts on a large org.
    const ids = new Set(list.flatMap((c) => (c.account ? [c.account] : [])));
    const logins = new Set(list.flatMap((c) => (c.login ? [normaliseLogin(c.login)] : [])));
    const named: TargetState = { ...state, accounts: state.accounts.filter((a) => ids.has(a.id) || logins.has(normaliseLogin(a.login))) };
    for (const c of list) this.seen.set(c.id, observe(c, named));
  }

  /**
   * The reviewed changes of `r` this apply does not carry out, after the other checks took theirs
   * from `r.obsolete` (a renamed account's offboarding, a base-only login, an unlisted credential:
   * each reported by its own line). `inScope`: this job's targets that were read. `commit`: the
   * commit whose policy the re-plan planned.
   */
  find(r: Reconciled, plan: Plan, decisions: readonly AppDecision[], o: { inScope: (c: Change) => boolean; commit: string | undefined; carried: ReadonlySet<string> }): ReviewedNotMade[] {
    const at = o.commit ? `at ${o.commit.slice(0, 12)}` : "at the commit applied";
    const out: ReviewedNotMade[] = [];
    for (const c of r.obsolete.filter((c) => o.inScope(c) && !o.carried.has(c.id))) {
      const seen = this.seen.get(c.id);
      if (seen?.inPlace === true) out.push(entry(c, "in-place", `this run's read of ${c.target} shows ${seen.shows}, as the reviewed change was to make it; the re-plan ${at} no longer has it`));
      else {
        const shows = seen ? `; this run's read of ${c.target} shows ${seen.shows}` : "";
        out.push(entry(c, "not-planned", `the merged policy ${at} no longer plans it: ${whyNotPlanned(c, plan, decisions)}${shows}`));
      }
    }
    const reviewed = new Map(this.reviewedChanges().map((c) => [c.id, c]));
    for (const now of r.held.filter(o.inScope)) {
      const was = reviewed.get(now.id);
      if (!was) continue;
      out.push(entry(was, "changed", `the re-plan ${at} makes another change under this decision (${differences(now, was).join(", ")} differ from the reviewed plan), which was not reviewed and is held back`));
    }
    for (const { change, on } of r.waiting.filter((w) => o.inScope(w.change))) {
      out.push(entry(change, "waiting", `it waits for ${on.action} ${on.identity}, which was not reviewed and is held back; a plan that shows it, reviewed and merged, applies both`));
    }
    return out.sort((a, b) => cmp(a.target, b.target) || cmp(a.identity, b.identity) || cmp(a.action, b.action) || cmp(a.change, b.change));
  }

  private reviewedChanges(): Change[] {
    return [...this.byTarget.values()].flat();
  }
}

function entry(c: Change, kind: NotMadeKind, reason: string): ReviewedNotMade {
  return {
    change: c.id, target: c.target, action: c.action, identity: c.identity,
    ...(c.account ? { account: c.account } : {}), ...(c.login ? { login: c.login } : {}),
    ...(c.entitlement ? { entitlement: c.entitlement } : {}), ...(c.credential ? { credential: c.credential } : {}),
    kind, reason,
  };
}

/**
 * What the planner decided for the identity at this commit that no longer makes the change: its
 * own record (plan/decision.ts), not a second guess; and the re-plan's findings about the
 * identity on that target, whose rule ids say what else decided.
 */
function whyNotPlanned(c: Change, plan: Plan, decisions: readonly AppDecision[]): string {
  const findings = [...new Set(plan.findings.filter((f) => f.identity === c.identity && (f.target === undefined || f.target === c.target)).map((f) => f.rule))];
  const also = findings.length > 0 ? `; its findings about ${c.identity}: ${findings.join(", ")}` : "";
  return `${decided(c, decisions)}${also}`;
}

function decided(c: Change, decisions: readonly AppDecision[]): string {
  const mine = decisions.filter((d) => d.target === c.target && d.identity === c.identity && d.earlierLogin === undefined);
  if (mine.length === 0) return `it plans nothing for ${c.identity} on ${c.target}`;
  const same = (e: string) => normaliseLogin(e) === normaliseLogin(c.entitlement ?? "");
  for (const d of mine) {
    const held = d.entitlements.find((e) => same(e.entitlement));
    if (c.action === "revoke" && held?.justifiedBy) return `group ${held.justifiedBy.group} gives ${c.identity} ${c.entitlement} in app ${d.app} (${held.justifiedBy.at})`;
    // Its group still maps it, but a higher role of its key that another group maps is kept instead (plan/exclusive-roles.ts).
    if (c.action === "grant" && held?.outranked) return `${held.outranked.by}, which ${held.outranked.byGroup} gives ${c.identity} in app ${d.app}, outranks ${c.entitlement} (one role per account there)`;
    if (c.action === "grant" && held && !held.justifiedBy) return `no group of ${c.identity} gives ${c.entitlement} in app ${d.app} now`;
    const removing = c.action === "disable-account" || c.action === "delete-account" || c.action === "revoke-credential";
    if (removing && d.offboarding === undefined) return `${c.identity} is not offboarded in app ${d.app}: ${d.outcome}`;
    const giving = c.action === "grant" || c.action === "create-account" || c.action === "enable-account";
    if (giving && d.offboarding !== undefined) return `${c.identity} is offboarded in app ${d.app}: ${d.offboarding.reason}`;
  }
  return `its decision for ${c.identity} in app ${mine[0]!.app}: ${mine[0]!.outcome}`;
}

function differences(now: Change, was: Change): string[] {
  const fields = DECIDING.filter((k) => canonicalJson(now[k] ?? null, 0) !== canonicalJson(was[k] ?? null, 0));
  return fields.length > 0 ? [...fields] : ["its fields"];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
