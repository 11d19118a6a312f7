// A role the policy grants that a higher role of its key, held and not managed, already covers
// (rv95 H1): `engineering → repo:infra:read` for the infra lead who holds `admin` on infra given by
// hand. GitHub holds one role per user per repository, and `PUT …/collaborators/{username}` "can also
// be used to change the permissions of an existing collaborator" (REST, Add a repository
// collaborator): the grant of read would replace the admin, a revoke no reviewer saw, of access
// scopesync promises never to touch ("never touches any other entitlement an account holds",
// formats.md). So the lower role is not granted: the higher one already gives at least its access
// (GitHub's built-in roles each include the one below), and a warning says who holds what by hand.
// A held custom repository role (no rank) that the policy does not manage is replaced by a grant of
// a built-in role just the same, and with it whatever the custom role adds to its base role
// (GitHub's custom roles "inherit" a base role, read to maintain, and add permissions to it). The
// read does not know the base, so no grant can be shown not to lower it: it is not granted either,
// and the warning says so (a custom role the policy maps is revoked as a reviewed role change).
// A wanted custom role replaces whatever role of its key is held just the same (rv98 M1: `maintain`
// given by hand, replaced by `Security-Reviewer` whose base may be read): its base is unknown to
// the read too, so it is granted over no role held and not managed, whichever that is. Even over
// `read` (no base is lower) the hand-given role would be gone, and the custom role's revoke, when
// the mapping ends, would take the access given by hand with it.
import type { Finding } from "../model/finding.js";
import { exclusiveKey, roleRank, type Exclusivity } from "./exclusive-roles.js";

/** A wanted role not granted, and the held role that outranks it (or that it would replace). */
export interface OutrankedGrant {
  slot: number;
  held: string;
  /**
   * Which role has no rank, so that the grant would replace the held one rather than lower it:
   * `held`, a custom role held; `wanted`, a custom role granted over a role held (a custom one too).
   */
  custom?: "held" | "wanted";
}

/** A role held and not managed: its rank, or `custom` for a custom role (no rank). */
interface HeldRole {
  name: string;
  rank: number;
  custom?: true;
}

export class HeldHigherRoles {
  /** By slot: the key and rank of a managed role (-1 for a custom one), or undefined for an entitlement without a key. */
  private readonly roles: ReadonlyArray<{ key: string; rank: number } | undefined>;
  /** Whether any managed entitlement is a role at all: without one, nothing is asked of any account. */
  readonly possible: boolean;

  /** `names`: the managed entitlements by slot; `managed`: whether a held name is one of them (any spelling). */
  constructor(names: readonly string[], private readonly traits: Exclusivity, private readonly managed: (entitlement: string) => boolean) {
    this.roles = names.map((name) => this.ranked(name));
    this.possible = this.roles.some((r) => r !== undefined);
  }

  /**
   * The slots `wanted` marks and `held` does not whose key the account holds a higher, unmanaged
   * role of (among `entitlements`, the account's), or any unmanaged role of when either is a custom
   * role, in slot order; empty for nearly every account.
   */
  outranked(entitlements: readonly string[], wanted: (slot: number) => boolean, held: Uint8Array): OutrankedGrant[] {
    const out: OutrankedGrant[] = [];
    if (!this.possible) return out;
    let asked = false;
    let higher: Map<string, HeldRole> | undefined;
    for (let slot = 0; slot < this.roles.length; slot++) {
      const role = this.roles[slot];
      if (!role || held[slot] || !wanted(slot)) continue;
      // The account's unmanaged roles, looked at only once a grant of a role is in question.
      if (!asked) [asked, higher] = [true, this.unmanagedRoles(entitlements)];
      const by = higher?.get(role.key);
      if (by?.custom) out.push({ slot, held: by.name, custom: "held" });
      else if (by && role.rank < 0) out.push({ slot, held: by.name, custom: "wanted" });
      else if (by && by.rank > role.rank) out.push({ slot, held: by.name });
    }
    return out;
  }

  /** The account's unmanaged roles by key, the highest ranked of each, or its custom one (which no rank compares with). */
  private unmanagedRoles(entitlements: readonly string[]): Map<string, HeldRole> | undefined {
    let out: Map<string, HeldRole> | undefined;
    for (const e of entitlements) {
      if (this.managed(e)) continue;
      const key = exclusiveKey(e, this.traits);
      if (key === undefined) continue;
      const rank = roleRank(e, this.traits);
      const seen = out?.get(key);
      if (rank < 0) (out ??= new Map()).set(key, { name: e, rank, custom: true });
      else if (!seen || (!seen.custom && rank > seen.rank)) (out ??= new Map()).set(key, { name: e, rank });
    }
    return out;
  }

  /** The role's key and rank (-1 for a role without one, a custom one), or undefined for an entitlement without a key. */
  private ranked(name: string): { key: string; rank: number } | undefined {
    const key = exclusiveKey(name, this.traits);
    return key === undefined ? undefined : { key, rank: roleRank(name, this.traits) };
  }
}

/**
 * What is said of a grant not made, by which of the two roles has no rank (OutrankedGrant.custom,
 * "ranked" for neither): how the held role meets the wanted one in the warning, why the grant is
 * not made, and how `explain` ends its decision.
 */
const CASES = {
  ranked: {
    pair: "which outranks",
    why: "so the grant would lower it: it is not granted, and the role held already gives at least the policy's access",
    explained: "a role the policy gives is met by a higher one held by hand, not lowered",
  },
  held: {
    pair: "a custom role that",
    why: "so the grant would replace it, and with it what the custom role adds to its base role (whose rank the read does not know): it is not granted",
    explained: "a role the policy gives would replace a custom role held by hand, not granted",
  },
  wanted: {
    pair: "which the custom role",
    why: "so the grant would replace it with the custom role, whose base role the read does not know and may give less: it is not granted",
    explained: "a custom role the policy gives would replace a role held by hand, not granted",
  },
} as const;

/**
 * The end of `explain`'s decision for an account whose grants were not made: each case once, in
 * the order ranked, held, wanted. A custom role on either side is replaced, not outranked: saying
 * "met by a higher one" there would promise access the read cannot show.
 */
export function heldHigherExplained(outranked: readonly OutrankedGrant[]): string {
  const cases = (Object.keys(CASES) as Array<keyof typeof CASES>).filter((c) => outranked.some((o) => (o.custom ?? "ranked") === c));
  return ` (${cases.map((c) => CASES[c].explained).join("; ")}: finding role-held-higher-unmanaged)`;
}

/** The warning for one identity's outranked grants: who holds what by hand, and that the policy's lower role is met. */
export function heldHigherRole(identity: string, outranked: ReadonlyArray<{ wanted: string; held: string; group: string; at: string; custom?: OutrankedGrant["custom"] }>, app: string, target: string, policyAt: string): Finding {
  const pairs = outranked.map((o) => `${o.held}, ${CASES[o.custom ?? "ranked"].pair} ${o.wanted} that ${o.group} gives (${o.at})${o.custom ? " would replace" : ""}`).join("; ");
  const helds = outranked.map((o) => o.held).join(", ");
  // The first custom case speaks for all (a warning says one why); none, the ranked one.
  const why = CASES[outranked.map((o) => o.custom).find((c) => c !== undefined) ?? "ranked"].why;
  return {
    rule: "role-held-higher-unmanaged",
    severity: "warning",
    identity,
    message: `${identity} holds ${pairs}; ${app} does not manage ${helds}, and target "${target}" holds one role per account there, ${why}`,
    remediation: `nothing, if ${identity} is meant to keep ${helds}; otherwise take ${outranked.length > 1 ? "them" : "it"} away in the app (the next plan grants the policy's role), or map ${helds} in ${policyAt} (entitlements) so that the plan manages ${outranked.length > 1 ? "them" : "it"}`,
    location: outranked[0]!.at,
    controls: ["NIST-SP800-53-AC-6"],
  };
}
