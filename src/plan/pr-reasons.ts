// Why a change is this pull request's, said first in its reason: the source configuration it
// changes, the scope it widens, a mapping it adds, or the mapping, membership or scope it takes
// away. One chain for the one-process plan (compile.ts) and a shard (shard-plan.ts), so a merged
// plan gives the same words as one process.
import { sourceConfigChanges } from "../config/source-config-changes.js";
import type { Change } from "../model/change.js";
import type { Identity } from "../model/identity.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { withPolicyMappingReasons } from "./policy-mapping-reasons.js";
import { withPolicyRemovalReasons } from "./policy-removal-reasons.js";
import { withPolicyScopeReasons } from "./policy-scope-reasons.js";
import { withSourceConfigReasons } from "./source-config-reasons.js";

export interface PullRequestSides {
  base: PolicyRepo;
  here: PolicyRepo;
  identities: readonly Identity[];
  baseIdentities: readonly Identity[];
  /** The base's revision as `--base` named it. */
  ref: string;
  now: number;
}

/** The changes, those of origin `pr` with the cause this pull request's files give them said first. */
export function withPullRequestReasons(changes: Change[], s: PullRequestSides): Change[] {
  const sources = withSourceConfigReasons(changes, sourceConfigChanges(s.base.config, s.here.config), s.identities, s.baseIdentities, s.ref);
  const added = withPolicyMappingReasons(withPolicyScopeReasons(sources, s.base, s.here, s.identities), s.base, s.here);
  return withPolicyRemovalReasons(added, s.base, s.here, s.identities, s.ref, s.now);
}
