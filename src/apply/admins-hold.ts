// apply holds the admins guard over what it really applies.
//
// The plan's guard (plan/admins-guard.ts) counts every change planned, grants included. apply
// carries out only part of a plan: the reviewed changes and, under `apply.unreviewed:
// revocations-only`, unreviewed revocations; an unreviewed grant is held back, the Action's
// revocations phase leaves reviewed grants to the `all` phase, and a grant of a target beside an
// unreadable one waits. When the only admin leaves and HR gives her job to a successor the same
// day, the plan passed (the successor's grant counted), and apply took the leaver's admin away,
// held the successor's grant back, and left the app with no admin at all, exit 0.
//
// So the guard is counted again over what this run applies, against the same live read: a change
// that takes an admin away (a revoke of the entitlement, a disable or delete of a holder) and would
// leave the target below its minimum without the grants this run does not apply is not applied:
// - when every grant it needs goes out in a later phase of the same commit (the Action's `all`
//   phase, reviewed), it is left to that phase with them (deferred, as the grants are);
// - otherwise it is reported not applied (skipped: journalled, named with the guard and the grant
//   it waits for; the run exits 1), and the next reviewed plan with the grant takes it.
// Nothing else of the leaver waits: their other revocations are applied.
//
// What this run applies of both is ordered (order(), kept by apply/runner.ts): the grants of the
// admins entitlement go first, and a change that takes an admin away on the same target starts only
// once they are through. If one of them fails, the count is made again without it, and what would
// then leave the target below its minimum is not applied (skipped, with why).
import type { AdminsGuard, AdminsNow } from "../model/admins-guard.js";
import type { AdminsOrder, AdminsRefusal } from "../model/admins-order.js";
import type { Change } from "../model/change.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import type { TargetState } from "../model/target-state.js";
import { configuredCapabilities, type TargetType } from "../model/target-types.js";
import { adminsGuardsOf, adminsNow, belowMinimum, countAdmins, isAdminsEntitlement, whom, type AdminsTraits } from "../plan/admins-guard.js";
import type { NotApplied } from "./base-offboardings.js";
import { append } from "../model/append.js";

interface Guarded { guard: AdminsGuard; now: AdminsNow }

export interface AdminsHeld {
  /** What this run applies. */
  apply: Change[];
  /** Left to a later phase of the same commit, with the grants they need. */
  deferred: Change[];
  /** Not applied, with why and what to do: journalled as skipped. */
  notApplied: NotApplied[];
}

/** The admins each target's live read shows, caught as apply's re-plan reads the targets. */
export class AdminsWatch {
  private readonly byTarget = new Map<string, { traits: AdminsTraits; guards: Guarded[] }>();

  constructor(private readonly repo: PolicyRepo) {}

  /** Wraps the re-plan's read so that each target's admins are counted on the way in (the state itself is not kept). */
  reads<T extends { state: TargetState }>(read: () => Promise<Map<string, T>>): () => Promise<Map<string, T>> {
    return async () => {
      const reads = await read();
      for (const [name, r] of reads) this.see(name, r.state);
      return reads;
    };
  }

  private see(target: string, state: TargetState): void {
    const config = this.repo.config.value;
    const entry = config.targets[target];
    if (!entry) return;
    const policy = this.repo.apps.find((a) => a.value.target === target)?.value;
    const guards = adminsGuardsOf(target, config, policy);
    if (guards.length === 0) return;
    const caps = configuredCapabilities(entry.type as TargetType, entry.options as Record<string, unknown> | undefined);
    const traits = { groupNamesIgnoreCase: caps.groupNamesIgnoreCase, invitesAccounts: caps.invitesAccounts === true };
    this.byTarget.set(target, { traits, guards: guards.map((guard) => ({ guard, now: adminsNow(state, guard, traits.groupNamesIgnoreCase) })) });
  }

  /**
   * The order `apply` (what hold() left to this run) is carried out in: per target with a guard,
   * the counted grants of its entitlement, and the changes that take an admin away, which wait for
   * them. Nothing waits where a target has only one of the two.
   */
  order(apply: readonly Change[]): AdminsOrder {
    const grants = new Set<Change>();
    const lowering = new Set<Change>();
    for (const [target, { traits, guards }] of this.byTarget) {
      const mine = apply.filter((c) => c.target === target);
      for (const { guard, now } of guards) {
        const count = countAdmins(now, mine, guard, traits);
        if (count.granted.length === 0 || count.lowering.length === 0) continue;
        for (const c of count.granted) grants.add(c);
        for (const c of count.lowering) lowering.add(c);
      }
    }
    const refuse = (change: Change, missing: readonly Change[]): AdminsRefusal | undefined => {
      const entry = this.byTarget.get(change.target);
      if (!entry || missing.length === 0) return undefined;
      const gone = new Set(missing);
      const through = apply.filter((c) => c.target === change.target && !gone.has(c));
      for (const { guard, now } of entry.guards) {
        const count = countAdmins(now, through, guard, entry.traits);
        if (!count.lowering.includes(change) || !belowMinimum(count, guard)) continue;
        const isAdmins = isAdminsEntitlement(guard.entitlement, entry.traits.groupNamesIgnoreCase);
        const failed = missing.filter((c) => c.action === "grant" && isAdmins(c.entitlement));
        return {
          error: `held back by the admins guard: the grant of ${guard.entitlement} to ${whom(failed.length > 0 ? failed : missing)} did not go through in this run, and without it ${change.target} would keep ${count.after} account(s) with ${guard.entitlement} (now ${count.before}), fewer than its minimum of ${guard.minimum}${guard.why ?? ""}; ${change.login ?? change.identity} keeps ${guard.entitlement} until then`,
          hint: `deal with the failed grant (above), then run the same apply again: it grants ${guard.entitlement} first and then takes it from ${change.login ?? change.identity}`,
        };
      }
      return undefined;
    };
    return { grants, lowering, refuse };
  }

  /**
   * Takes out of `toApply` what the module comment describes. `planned`: the re-plan's changes
   * (what the plan's guard counted); `heldAs`: why this run holds a change back (by id), for the
   * message; `later`: whether a grant (by id) goes out in a later phase of the same commit.
   */
  hold(toApply: readonly Change[], planned: readonly Change[], heldAs: ReadonlyMap<string, string>, later: (id: string) => boolean = () => false): AdminsHeld {
    let apply = [...toApply];
    const deferred: Change[] = [];
    const notApplied: NotApplied[] = [];
    for (const [target, { traits, guards }] of [...this.byTarget].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const { guard, now } of guards) {
        const mine = apply.filter((c) => c.target === target);
        const count = countAdmins(now, mine, guard, traits);
        if (!belowMinimum(count, guard)) continue;
        // The grants the re-plan counted that this run does not apply.
        // By id: reconciliation may hand on a copy of the re-plan's change (the reviewed loginOwner).
        const applied = new Set(mine.map((c) => c.id));
        const waitsFor = countAdmins(now, planned.filter((c) => c.target === target), guard, traits).granted.filter((c) => !applied.has(c.id));
        const toLater = waitsFor.length > 0 && waitsFor.every((c) => later(c.id));
        const held = new Set(count.lowering);
        apply = apply.filter((c) => !held.has(c));
        if (toLater) {
          append(deferred, count.lowering);
          continue;
        }
        const grants = waitsFor.map((c) => `${c.login ?? c.identity} (${heldAs.get(c.id) ?? "not applied by this run"})`).join(", ");
        const grant = waitsFor.length > 0 ? `without the grant of ${guard.entitlement} this run holds back: to ${grants}` : "with what this run applies";
        for (const change of count.lowering) {
          notApplied.push({
            change,
            error: `held back by the admins guard: ${target} would keep ${count.after} account(s) with ${guard.entitlement} (now ${count.before}), fewer than its minimum of ${guard.minimum}${guard.why ?? ""}, ${grant}; ${change.login ?? change.identity} keeps ${guard.entitlement} until then`,
            hint: waitsFor.length > 0
              ? `plan again and have the plan with the grant to ${whom(waitsFor)} reviewed; applying it takes the access away with the grant`
              : `grant ${guard.entitlement} to another person in a reviewed plan, or lower ${guard.setBy} in a reviewed change`,
          });
        }
      }
    }
    return { apply, deferred, notApplied };
  }
}

