// A reviewed change that apply's re-plan refuses: its target's live read says the change cannot be
// placed there any more (TargetState.refuses, and the mapped groups the target no longer has:
// plan/missing-groups.ts).
//
// The case that made this module: a reviewed PR takes alan out of the privileged group mapped to
// `team:platform-admins`; before the merge an org owner renames the team (GitHub derives the slug
// from the name, so the old slug no longer resolves: REST API teams/get-by-name). Apply's re-plan
// refuses the entitlement (`entitlement-not-in-target`: no grant or revoke of it is planned), so
// the reviewed revoke is missing from it, and reconciliation counted it "no longer needed": the
// run exited 0, named nobody, and alan kept the renamed team. The re-plan lacks the change only
// because it cannot place it, not because it was done.
//
// Such a reviewed change is reported as not applied (a skipped change: the journal's `skipped` line
// and the result name it, with the refusal's finding as the reason and its remediation as the fix;
// the run is a partial apply, exit 1). Nothing is guessed: where a state file remembered the
// group's id, the read follows the rename itself (targets/renamed-groups.ts) and the re-plan has
// the change; without it, which group the old name meant is the reviewer's to say.
import type { AppPolicyDoc } from "../model/documents.js";
import { REVOCATIONS, type Change } from "../model/change.js";
import type { Located } from "../model/located.js";
import type { TargetRefusal, TargetState } from "../model/target-state.js";
import { missingGroupRefusals } from "../plan/missing-groups.js";
import { customRoleNameRefusals } from "../plan/custom-role-names.js";
import { refusalOf } from "../plan/refusals.js";
import type { NotApplied } from "./base-offboardings.js";
import type { Reconciled } from "./reviewed.js";

/** What each target's live read refuses, caught as the re-plan reads the targets (only the small parts are kept). */
export class RefusalWatch {
  private readonly byTarget = new Map<string, Pick<TargetState, "refuses" | "groupNames" | "customRoles">>();

  /** Wraps the re-plan's read so that each target's refusals and group names are seen on their way in. */
  reads<T extends { state: TargetState }>(read: () => Promise<Map<string, T>>): () => Promise<Map<string, T>> {
    return async () => {
      const reads = await read();
      for (const [name, r] of reads) {
        if (r.state.refuses?.length || r.state.groupNames || r.state.customRoles?.bases) this.byTarget.set(name, { ...(r.state.refuses ? { refuses: r.state.refuses } : {}), ...(r.state.groupNames ? { groupNames: r.state.groupNames } : {}), ...(r.state.customRoles ? { customRoles: r.state.customRoles } : {}) });
      }
      return reads;
    };
  }

  /**
   * Takes from `r.obsolete` the reviewed changes the re-plan's read of their target refuses, and
   * returns them as not applied. `apps`: the app policies of the re-plan (the mapped groups a
   * target does not have are refused by them); `ignoreCase`: whether the target compares group
   * names without case; `inScope`: the changes this apply works on.
   */
  take(r: Reconciled, apps: readonly Located<AppPolicyDoc>[], ignoreCase: (target: string) => boolean, inScope: (c: Change) => boolean): NotApplied[] {
    if (this.byTarget.size === 0 || r.obsolete.length === 0) return [];
    const refusals = new Map<string, TargetRefusal[]>();
    const of = (target: string): TargetRefusal[] => {
      const known = refusals.get(target);
      if (known) return known;
      const seen = this.byTarget.get(target);
      const policy = apps.find((a) => a.value.target === target);
      const at = policy ? `${policy.file}:${policy.line}` : "";
      const list = [...(seen?.refuses ?? []), ...(seen && policy ? [...missingGroupRefusals(policy.value, seen, at, ignoreCase(target)), ...customRoleNameRefusals(policy.value, seen, at)] : [])];
      refusals.set(target, list);
      return list;
    };
    const out: NotApplied[] = [];
    const kept: Change[] = [];
    for (const c of r.obsolete) {
      const refusal = inScope(c) && this.byTarget.has(c.target) ? refusalOf(of(c.target), c) : undefined;
      if (!refusal) {
        kept.push(c);
        continue;
      }
      const what = `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`;
      out.push({
        change: c,
        error: `not applied: this apply's re-plan cannot place the reviewed ${what}${c.privileged ? " [privileged]" : ""} on target "${c.target}", so it is not counted as no longer needed (${refusal.finding.rule}: ${refusal.finding.message})`,
        hint: `${refusal.finding.remediation ?? "deal with what the finding says"}; then plan again and have that plan reviewed${REVOCATIONS.has(c.action) ? ` (until then ${c.identity} may still hold it: take it away by hand as the reviewed plan shows)` : ""}`,
      });
    }
    r.obsolete = kept;
    return out;
  }
}
