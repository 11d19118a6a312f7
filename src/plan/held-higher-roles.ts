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
// Where the live read names each custom role's base (TargetState.customRoles: GitHub's
// GET /orgs/{org}/custom-repository-roles), a custom role ranks as its base and the grant is judged
// by model/custom-roles.ts replacedRoleKept: a custom role based on `read` held by hand is
// replaced by a `write` grant as a `read` would be raised (explain says so), and one based on
// `write` is kept, for the grant would take what it adds. Where the base is not known (the list
// unread: an org without Enterprise Cloud, a GHES before 3.5, a plan from a state file) the safe
// side above holds, and the warning says why the base is not known.
import { replacedRoleKept, type TargetCustomRoles } from "../model/custom-roles.js";
import type { Finding } from "../model/finding.js";
import { exclusiveKey, roleOrder, type Exclusivity } from "./exclusive-roles.js";

/** A wanted role not granted, and the held role that outranks it (or that it would replace). */
export interface OutrankedGrant {
  slot: number;
  held: string;
  /**
   * Which role has no known rank, so that the grant would replace the held one rather than lower
   * it: `held`, a custom role held; `wanted`, a custom role granted over a role held (a custom one
   * too); `based`, both ranked, one a custom role ranked by its base role.
   */
  custom?: "held" | "wanted" | "based";
  /** The base role of the held role, where it is a custom role whose base the read names. */
  heldBase?: string;
  /** The base role of the wanted role, likewise. */
  wantedBase?: string;
}

/** A grant made over a custom role held by hand whose base role it outranks: explain says it replaces it. */
export interface ReplacedCustomRole {
  slot: number;
  held: string;
  heldBase: string;
}

/** A role held and not managed: its rank (a custom role's, its base's; -1 where unknown), and whether it is custom. */
interface HeldRole {
  name: string;
  rank: number;
  custom?: true;
  base?: string;
}

/** A managed role: its key and rank (a custom role's, its base's; -1 where unknown). */
interface ManagedRole {
  key: string;
  rank: number;
  custom: boolean;
  base?: string;
}

export class HeldHigherRoles {
  /** By slot: the key and rank of a managed role, or undefined for an entitlement without a key. */
  private readonly roles: ReadonlyArray<ManagedRole | undefined>;
  /** Whether any managed entitlement is a role at all: without one, nothing is asked of any account. */
  readonly possible: boolean;
  /** Grants made over a custom role held whose base they outrank, found by the last outranked() call. */
  readonly replaced: ReplacedCustomRole[] = [];

  /**
   * `names`: the managed entitlements by slot; `managed`: whether a held name is one of them (any
   * spelling); `traits.customRoles`: the read's custom roles and their bases, where it read them.
   */
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
    this.replaced.length = 0;
    if (!this.possible) return out;
    let asked = false;
    let higher: Map<string, HeldRole> | undefined;
    for (let slot = 0; slot < this.roles.length; slot++) {
      const role = this.roles[slot];
      if (!role || held[slot] || !wanted(slot)) continue;
      // The account's unmanaged roles, looked at only once a grant of a role is in question.
      if (!asked) [asked, higher] = [true, this.unmanagedRoles(entitlements)];
      const by = higher?.get(role.key);
      if (!by) continue;
      // A custom role whose base the read does not name: the grant is not shown to keep what is held.
      if (by.custom && by.rank < 0) out.push({ slot, held: by.name, custom: "held" });
      else if (role.rank < 0) out.push({ slot, held: by.name, custom: "wanted" });
      else if (replacedRoleKept({ rank: by.rank, custom: by.custom === true }, role)) {
        const bases = { ...(by.base ? { heldBase: by.base } : {}), ...(role.base ? { wantedBase: role.base } : {}) };
        out.push({ slot, held: by.name, ...(by.custom || role.custom ? { custom: "based" as const, ...bases } : {}) });
      } else if (by.base) this.replaced.push({ slot, held: by.name, heldBase: by.base });
    }
    return out;
  }

  /** The account's unmanaged roles by key, the highest ranked of each, or its custom one (which no rank compares with). */
  private unmanagedRoles(entitlements: readonly string[]): Map<string, HeldRole> | undefined {
    let out: Map<string, HeldRole> | undefined;
    for (const e of entitlements) {
      if (this.managed(e)) continue;
      const role = this.ranked(e);
      if (role === undefined) continue;
      const seen = out?.get(role.key);
      // A custom role stands for the key whatever else is held there (GitHub holds one role per repository).
      if (role.custom) (out ??= new Map()).set(role.key, { name: e, rank: role.rank, custom: true, ...(role.base ? { base: role.base } : {}) });
      else if (!seen || (!seen.custom && role.rank > seen.rank)) (out ??= new Map()).set(role.key, { name: e, rank: role.rank });
    }
    return out;
  }

  /**
   * The role's key and rank, or undefined for an entitlement without a key. A role without a rank
   * of its own is a custom one: ranked as its base where the read names it, else -1.
   */
  private ranked(name: string): ManagedRole | undefined {
    const key = exclusiveKey(name, this.traits);
    const order = key === undefined ? undefined : roleOrder(name, this.traits);
    return order && { key: key!, ...order };
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
  based: {
    pair: "which by its base role outranks or matches",
    why: "so the grant would lower it, or take what the custom role adds to its base role: it is not granted, and the role held already gives at least the base role's access",
    explained: "a role the policy gives is met by a role held by hand as high by its base role, not replaced",
  },
} as const;

/** Where a custom role's base is not known, why, for the warning (`customRoles`: the read's, absent from a state file). */
export function baseUnknownWhy(customRoles: TargetCustomRoles | undefined): string {
  if (customRoles?.unread) return customRoles.unread;
  if (customRoles?.bases) return "the org's list of custom repository roles does not name it";
  return "the target's custom repository roles were not read (a plan from a state file, which does not keep them)";
}

/**
 * What `explain` adds for grants made over a custom role held by hand whose base role they
 * outrank: GitHub replaces the role, and the reviewer reads why that is no loss the plan hides.
 */
export function replacedCustomExplained(replaced: readonly ReplacedCustomRole[], names: readonly string[]): string {
  if (replaced.length === 0) return "";
  const each = replaced.map((r) => `${names[r.slot]} replaces ${r.held} held by hand, a custom role based on ${r.heldBase}, which it outranks`);
  return ` (${each.join("; ")}: GitHub holds one role per repository)`;
}

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
export function heldHigherRole(identity: string, outranked: ReadonlyArray<{ wanted: string; held: string; group: string; at: string } & Pick<OutrankedGrant, "custom" | "heldBase" | "wantedBase">>, app: string, target: string, policyAt: string, baseUnknown?: string): Finding {
  const based = (base: string | undefined): string => (base ? ` (a custom role based on ${base})` : "");
  const replace = (c: OutrankedGrant["custom"]): string => (c === "held" || c === "wanted" ? " would replace" : "");
  const pairs = outranked.map((o) => `${o.held}${based(o.heldBase)}, ${CASES[o.custom ?? "ranked"].pair} ${o.wanted}${based(o.wantedBase)} that ${o.group} gives (${o.at})${replace(o.custom)}`).join("; ");
  const helds = outranked.map((o) => o.held).join(", ");
  // The first custom case speaks for all (a warning says one why); none, the ranked one.
  const first = outranked.map((o) => o.custom).find((c) => c !== undefined) ?? "ranked";
  const unknown = (first === "held" || first === "wanted") && baseUnknown ? ` (its base role could not be read: ${baseUnknown})` : "";
  const why = `${CASES[first].why}${unknown}`;
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
