/**
 * How a pull request changed a target its base configures, for `plan --base`: `removed` (gone
 * from scopesync.yaml, and no new entry reads the same system under a new name: TargetRename) or
 * `re-pointed` (its type, state path, url, org or options differ, so this change reads another
 * state or system under that name). The base's desired state is planned over the base's own
 * reading of such a target, and what it revokes there is named (pr-cancels-revocations).
 */
export type BaseTargetChange = "removed" | "re-pointed";

/**
 * A base target under a new name in a pull request (targets/renamed-targets.ts): the same system,
 * whose base plan is this change's under the new name, not a removal.
 */
export interface TargetRename {
  /** The base's name for it (gone from this change's scopesync.yaml). */
  from: string;
  /** This change's name for it. */
  to: string;
  /** Whether this change's entry names `from` in formerNames: the apply journal's records under it count. */
  declared: boolean;
  /** Whether the two entries read the same system; a declared former name may not (formerNames then names another system). */
  same: boolean;
  /** What the base's entry reads, in words ("github org acme, state state/github.json"). */
  formerSystem: string;
  /** What this change's entry reads, in words. */
  system: string;
}
