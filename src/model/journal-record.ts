import { relative, resolve } from "node:path";
import type { Action } from "./change.js";
import type { ProjectConfig } from "./documents.js";
import type { NonMemberKind } from "./non-member-accounts.js";
import type { Lifecycle } from "./leaving-cause.js";

// One line of the apply journal (docs/formats.md, "The apply journal"). Security teams keep the
// journal as evidence that offboarding happened, so a line must stand on its own: what was done to
// whom on which target, whether a reviewer saw it (and where it was approved), from which plan,
// why, and when it really happened. Apply's re-plan is not saved anywhere, so a change id alone
// cannot be looked up later.

/**
 * How a change came to be applied.
 * - `reviewed`: the same decision is in the reviewed plan (`fingerprint`).
 * - `unreviewed-revocation`: not in the reviewed plan, or in it but reviewed against a stale target
 *   state (apply/stale-review.ts); a revocation apply made anyway because
 *   `apply.unreviewed: revocations-only` allows it, as apply's re-plan (`replan`) has it.
 * - `auto-approved`: `apply --auto-approve`, no reviewed plan at all (local use).
 */
/** Where apply writes its journal under the repository, unless scopesync.yaml's `apply.journal` or `apply --journal` says otherwise. */
export const DEFAULT_JOURNAL_PATH = ".scopesync/journal.jsonl";

/**
 * The apply journal's file, for every command that writes or reads it (plan, explain, apply, state
 * pull, import, the Action): `given` (a command's `--journal`), else scopesync.yaml's
 * `apply.journal`, else DEFAULT_JOURNAL_PATH; relative to the repository. One answer everywhere:
 * a plan that read another journal than apply wrote would forget the offboardings it records.
 */
export function journalFile(repoDir: string, config: Pick<ProjectConfig, "apply"> | undefined, given?: string): string {
  return resolve(repoDir, given ?? config?.apply?.journal ?? DEFAULT_JOURNAL_PATH);
}

/** How plans and messages cite the journal at `path`: relative to the repository when inside it. */
export function journalName(repoDir: string, path: string): string {
  return relative(repoDir, path) || path;
}

/**
 * Which journal a plan read: where (as plans cite it, journalName) and the sha256 of its bytes
 * (targets/journal-digest.ts). Plan shards carry it, so that `plan merge` refuses shards that
 * read different journals (plan/shard.ts).
 */
export interface JournalSeen {
  from: string;
  digest: string;
}

export type ChangeReview = "reviewed" | "unreviewed-revocation" | "auto-approved";

/**
 * Where the reviewed plan was approved: the commit it was merged in, and the pull request when the
 * caller knows it (the Action's apply queue does). The journal's `reviewed` lines carry it, so that
 * "who approved this" is answered from the journal, not only from GitHub's comments and checks.
 */
export interface ReviewedApproval {
  /** The merge commit, in full (40 hex digits). */
  commit: string;
  /** The pull request's number. */
  pr?: number;
}

export interface JournalRecord {
  /** When this step really happened: the wall clock, ISO 8601 UTC. Never `--now`. */
  at: string;
  /** One apply run (a random id): its lines, start to end. */
  run: string;
  /**
   * The plan the run applies: the reviewed plan's fingerprint (`--plan`), or with `--auto-approve`
   * the plan apply made. A re-run of the same plan resumes by it (Journal.interrupted).
   */
  fingerprint: string;
  /** Whether a reviewer saw this change; see ChangeReview. */
  review: ChangeReview;
  /** The fingerprint of the plan apply made against live state, which the change as applied comes from. */
  replan: string;
  /** The time that plan judged dates by (`--now`, or the clock when apply started), ISO 8601 UTC. */
  planTime: string;
  /** The change's id in `replan` (and, when reviewed, in `fingerprint`). */
  change: string;
  /** `reviewed` lines, when the caller knows it: the commit the reviewed plan was merged in (ReviewedApproval). */
  commit?: string;
  /** `reviewed` lines, when the caller knows it: the pull request the reviewed plan was approved in. */
  pr?: number;
  target: string;
  action: Action;
  identity: string;
  /** The target's own id of the account acted on, once known. */
  account?: string;
  /** The account's login in the target. */
  login?: string;
  /** The entitlement granted or revoked ("group:admins", "team:platform"). */
  entitlement?: string;
  /**
   * The runner's lines: why the plan made the change (Change.reason, as the re-plan had it,
   * secret-shaped values masked). For an unreviewed revocation nobody approved, this is the only
   * record of its grounds: the re-plan is saved nowhere, and the export it read moves on.
   */
  why?: string;
  /**
   * The change's `lifecycle` (Change.lifecycle): `leaver` when its grounds are a leaving. Lines an
   * older scopesync wrote have none; the leavers report then reads `why` (plan/leaving-step.ts).
   */
  lifecycle?: Lifecycle;
  /** The runner's lines: what justifies the change, as the re-plan had it (Change.evidence: file:line and source-record positions). */
  evidence?: string[];
  /** revoke only: the entitlement the revoke lowers to in place (another role on the same repository). */
  replacedBy?: string;
  /** revoke-credential only: the target's id of the credential (a key id, never the secret). */
  credential?: string;
  /**
   * What the change took that no later change gives back (Change.lost): the next plan reads it
   * from here to tell a returning identity what its return does not restore (targets/journal-offboardings.ts).
   */
  lost?: string[];
  /** `done` lines of a removal: each path to access it found and took (ApplyOutcome.removed), e.g. "the invitation to firmware (admin)". */
  removed?: string[];
  /**
   * What kind of non-member the account a disable-account or delete-account removed was
   * (Change.nonMember): a return gives back that kind of access (targets/journal-offboardings.ts).
   */
  nonMember?: NonMemberKind;
  /**
   * `abandoned`: closes a `start` a cut-off run left open (`cutRun`) that this run did not carry
   * out: its re-plan no longer has the change, and its read does not show what the change was to
   * make (apply/cut-off.ts). Nothing was done and nothing observed it done; `reason` says why.
   * `dropped`: a reviewed change this run did not carry out and will not retry (the merged policy
   * no longer plans it, the re-plan has another change under its id, or it waits for an unreviewed
   * create); `reason` says which, at which commit (apply/reviewed-not-made.ts). A reviewed change
   * the re-plan no longer has because the read shows it in place is `done` / `unchanged` with that
   * `reason` instead.
   */
  phase: "start" | "done" | "failed" | "skipped" | "abandoned" | "dropped";
  outcome?: "applied" | "unchanged";
  attempts?: number;
  error?: string;
  /**
   * Lines that close a change a cut-off run left open only: that run's id. Their `replan` and
   * `planTime` are the closing run's, whose re-plan and read `reason` comes from.
   */
  cutRun?: string;
  /**
   * Lines that close a cut-off change, and those of a reviewed change not carried out: on what
   * evidence it is in place (`done`), or why it was not carried out (`abandoned`, `dropped`).
   */
  reason?: string;
}

/** One line of a journal as a reader found it (any field may be missing or wrong: check it), and its line number from 1. */
export interface JournalLine {
  record: Partial<JournalRecord>;
  line: number;
}
