import type { Change } from "../model/change.js";
import type { PreflightRefusal } from "../model/preflight-refusal.js";
import type { TargetState } from "../model/target-state.js";
import type { TargetCapabilities } from "../model/target-types.js";

/** The read side: all that planning ever gets. A failed or partial read throws, never "empty". */
export interface TargetReader {
  readonly type: string;
  readonly name: string;
  /**
   * The type's declaration (TARGET_CAPABILITIES), refined only through refineCapabilities. The
   * core decides what to do when one is missing (a target that cannot delete gets disable instead)
   * and says so in the plan.
   */
  readonly capabilities: TargetCapabilities;
  /**
   * `resume`: this read retries one that failed retryably (a rate limit on page N). A connector
   * may then serve what the failed attempt already read and go on from where it stopped, instead
   * of reading every page again. Without it, a read starts afresh.
   */
  read(options?: ReadOptions): Promise<TargetState>;
}

export interface ReadOptions { resume?: boolean }

/** What applying one change did. `unchanged`: the target already matched (idempotent re-run). */
export interface ApplyOutcome {
  status: "applied" | "unchanged";
  /** The target's id of the account the change acted on (for a create: the new account). */
  account?: string;
  /**
   * A removal that takes several separate paths to access (a GitHub leaver's org invitation,
   * outside-collaborator access, repository invitations): each one it found and took, in words.
   * The journal records them, so that evidence of an offboarding names everything that went.
   */
  removed?: string[];
}

/**
 * The write side, used only by `apply`. `apply` must be idempotent: after a crash a change may be
 * applied again and must converge without duplicating anything (look accounts up by `externalId`).
 */
export interface TargetConnector extends TargetReader {
  /**
   * Checks, before anything is applied, which of these changes the connector's credentials
   * visibly cannot make, and returns them with what is missing and the fix (empty: none). Only
   * those are refused (src/apply/preflight.ts); the others apply. Throws only when the check
   * itself cannot be made, which refuses this target's changes. Optional: a connector that cannot
   * know says so at the first change.
   */
  preflight?(changes: readonly Change[]): Promise<PreflightRefusal[]>;
  apply(change: Change): Promise<ApplyOutcome>;
  /**
   * Targets that link accounts by login (GitHub): the id of the user each login names now, for the
   * logins a live plan would give an account or access (absent: no such user). The plan records it
   * on the change (Change.loginOwner), and apply refuses when the login names someone else by then.
   */
  loginOwners?(logins: readonly string[]): Promise<Map<string, string | undefined>>;
  /** Release sockets and timers. */
  close?(): Promise<void>;
}

/** What a connector is built from: its scopesync.yaml entry, resolved secrets and the repo. */
export interface ConnectorContext {
  name: string;
  repoDir: string;
  env: Record<string, string | undefined>;
  /** The run's clock (ms since epoch) for readAt and disabledAt; the wall clock when absent. */
  now?: () => number;
  /**
   * The entitlements this target's app policies map, and the groups their groupGrants set
   * (model/target-entitlements.ts): the groups a read follows when one is renamed
   * (targets/renamed-groups.ts), and what a connector that must ask about each one instead of
   * listing what the target holds asks about (scim with `options.groupMembers: filter`). Absent where no policy was loaded (adopt import): such a
   * connector then asks about everything the target has.
   */
  entitlements?: readonly string[];
  /**
   * An app policy of this target says `accounts.linkBy: login` (model/linked-by-login.ts): accounts
   * are linked by userName, so an app that keeps no externalId is no failure of a create there
   * (scim). Absent: linked by externalId where the target keeps one.
   */
  linksByLogin?: boolean;
}
