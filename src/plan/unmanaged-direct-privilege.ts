// Privilege a person holds directly in an app, on an entitlement the app policy does not manage. The
// planner never touches such an entitlement (docs/formats.md: "never touches any other entitlement
// an account holds"), and that stays so: an owner's hand grant may be meant, and revoking what no
// reviewed file names would be a surprise. But the target calls some entitlements privileged
// whatever the policy says (GitHub: `repo:<name>:admin`, `org-role:all_repo_admin`: "Grants admin
// access to all repositories in the organization", docs.github.com, Permissions of predefined
// organization roles), and the read sees them. A mover given admin on infra by hand during an
// on-call rota kept it in Sales, and every later plan said every target matched (rv57 #3). Saying
// so is the planner's job: finding `privilege-held-unmanaged`, on every plan while it holds, as
// privilege-through-unmanaged-group does for what an unmanaged group confers.
import type { AttributeChange } from "../model/change.js";
import type { Finding } from "../model/finding.js";
import { describeMove } from "./change-fields.js";
import type { Conferred } from "./conferred.js";
import type { EntitlementTable } from "./entitlement-table.js";

const NONE: readonly string[] = [];

/** Why an account no identity has keeps its access after the plan, and what would take it away. */
export interface KeptAccess {
  why: string;
  fix: string;
}

export class UnmanagedDirectPrivilege {
  /** Entitlement → whether it is privileged and unmanaged here, asked once per distinct name. */
  private readonly memo = new Map<string, boolean>();

  /**
   * `possible`: whether the target can call an entitlement the policy does not name privileged at
   * all (its traits' pattern, or its read's list). Without either, only mappings make privilege,
   * and an unmanaged entitlement has none: nothing to look at (file and most scim targets).
   * `groups`: entitlements that are groups conferring privilege, reported by UnmanagedGroupPrivilege instead.
   */
  constructor(
    private readonly table: EntitlementTable,
    private readonly conferred: Conferred,
    readonly possible: boolean,
    private readonly groups: (entitlement: string) => boolean,
  ) {}

  /** The privileged, unmanaged entitlements among `held`, in the account's order. */
  held(held: readonly string[]): readonly string[] {
    if (!this.possible) return NONE;
    // Asked of every account that stays: nearly all have none, and get no array of their own.
    let out: string[] | undefined;
    for (const e of held) if (this.unmanagedPrivileged(e)) (out ??= []).push(e);
    return out ?? NONE;
  }

  /**
   * The finding for an account that stays, holding `held`, whose identity the policy gives the
   * entitlements of the slots `wanted` marks: the privileged entitlements it holds directly that
   * the policy does not manage and gives it no other way (a managed team conferring the same).
   */
  check(identity: string, held: readonly string[], wanted: (slot: number) => boolean, move: Record<string, AttributeChange> | undefined, app: string, policyAt: string): Finding | undefined {
    const direct = this.held(held);
    if (direct.length === 0) return undefined;
    // What the policy gives them through the groups it gives: that much is meant, however held.
    const meant = new Set<string>();
    for (let slot = 0; slot < this.table.names.length; slot++) {
      if (!wanted(slot)) continue;
      for (const e of this.conferred.get(this.table.names[slot]!) ?? []) meant.add(e);
    }
    const kept = direct.filter((e) => !meant.has(e)).sort();
    if (kept.length === 0) return undefined;
    const who = move ? `${identity} moved (${describeMove(move)}) and still holds` : `${identity} holds`;
    const them = kept.length > 1 ? "them" : "it";
    return {
      rule: "privilege-held-unmanaged",
      severity: "warning",
      identity,
      message: `${who} ${kept.join(", ")} directly, which ${app} does not manage and no group in ${policyAt} gives them; the target counts ${them} privileged whatever the policy says`,
      remediation: `take ${kept.join(", ")} from ${identity} in the app, or map ${them} in ${policyAt} (entitlements) so that the plan revokes ${them} from whoever no group justifies; if the access is meant, give it through a group of the policy`,
      location: policyAt,
      controls: ["NIST-SP800-53-AC-2", "NIST-SP800-53-AC-6"],
    };
  }

  /**
   * The finding for an account no identity has that keeps its access (`kept` says why): every
   * privileged entitlement it holds, whether the policy maps it or not (nothing justifies any of
   * it), and an unmanaged group that confers privilege. A hand-made org owner was only an
   * `unmanaged-account` like any other, and a person's owner role no policy maps went unsaid:
   * GitHub's `role:admin` is privileged by the target's type now (model/target-types.ts).
   */
  noOnes(login: string, held: readonly string[], kept: KeptAccess, app: string, policyAt: string): Finding | undefined {
    const privileged = held.filter((e) => {
      const slot = this.table.slotOf(e);
      return slot !== undefined ? this.table.privileged[slot]! : this.table.isPrivileged(e) || this.groups(e);
    });
    if (privileged.length === 0) return undefined;
    const list = [...privileged].sort().join(", ");
    const them = privileged.length > 1 ? "them" : "it";
    return {
      rule: "privilege-held-unmanaged",
      severity: "warning",
      identity: login,
      message: `${app} account "${login}" matches no identity and holds ${list}, which the target or ${policyAt} counts privileged; no identity or group justifies ${them}, and ${kept.why}`,
      remediation: `remove the account, or take ${list} from it, in the app; if it is someone's, add them to the sources or identities/ with this login; ${kept.fix}`,
      location: policyAt,
      controls: ["NIST-SP800-53-AC-2", "NIST-SP800-53-AC-6"],
    };
  }

  private unmanagedPrivileged(e: string): boolean {
    let yes = this.memo.get(e);
    if (yes === undefined) {
      yes = this.table.slotOf(e) === undefined && !this.groups(e) && this.table.isPrivileged(e);
      this.memo.set(e, yes);
    }
    return yes;
  }
}
