/**
 * How a pull request changed a target its base configures, for `plan --base`: `removed` (gone
 * from scopesync.yaml, or renamed: the old name is gone) or `re-pointed` (its type, state path,
 * url, org or options differ, so this change reads another state or system under that name). The
 * base's desired state is planned over the base's own reading of such a target, and what it
 * revokes there is named (pr-cancels-revocations).
 */
export type BaseTargetChange = "removed" | "re-pointed";
