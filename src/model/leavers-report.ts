// The leavers report (`scopesync report leavers`): what scopesync's own records show of every
// person who left in a period, for the auditor who asks "show me that offboarding happened". The
// apply journal says what was taken, when, and who approved it; the plan's view of the targets says
// what is still there. Plain data: the JSON format is this, canonical; Markdown renders it.
import type { Action } from "./change.js";
import type { ChangeReview } from "./journal-record.js";

/** One offboarding step the apply journal records for a leaver on one target. */
export interface LeaverStep {
  /** The journal line's `at`: when it really happened (the wall clock). */
  at: string;
  action: Action;
  entitlement?: string;
  credential?: string;
  /** The target's id of the account, and its login, as the line names them. */
  account?: string;
  login?: string;
  /** `applied` or `unchanged` (done), or the phase that ended it otherwise. */
  result: "applied" | "unchanged" | "failed" | "skipped" | "abandoned" | "dropped";
  /** Who approved it: a reviewed plan (and where it was merged), an unreviewed revocation, auto-approved. */
  review?: ChangeReview;
  fingerprint?: string;
  commit?: string;
  pr?: number;
  run?: string;
  /** The change's id, which the plan and the journal share. */
  change?: string;
  /** Why the plan made it (the journal's `why`), and the error or reason of a step not done. */
  why?: string;
  error?: string;
  /** `.scopesync/journal.jsonl:12`. */
  line: string;
}

/** What is still to do for a leaver on one target. */
export type LeaverOutstanding =
  /** The current plan still takes this away: not applied yet (or applied and given back). */
  | { kind: "planned"; action: Action; entitlement?: string; credential?: string; change: string; reason: string; lastAttempt?: string }
  /** The journal's last word on this change is a failure (or a skip), and no later line records it done. */
  | { kind: "failed"; action: Action; entitlement?: string; credential?: string; change: string; at: string; result: LeaverStep["result"]; error?: string; line: string }
  /** The plan's view shows the account active, and the plan does not disable it: the decision says why. */
  | { kind: "enabled"; account: string; login: string; decision: string };

export interface LeaverTarget {
  target: string;
  /** Where the plan read the target (a state file and when, or live). */
  view?: string;
  /** The account as that view shows it, when there is one. */
  account?: { id: string; login: string; active: boolean };
  steps: LeaverStep[];
  outstanding: LeaverOutstanding[];
}

export interface LeaverEntry {
  /** The identity id, or the name the journal and the plan give a person no source exports any more. */
  identity: string;
  /** `terminated`: the sources say they left; `gone`: no source exports them, only the journal knows them. */
  status: "terminated" | "gone";
  /** When and where the leaving was known: the termination date and its source record, the lifecycle reason. */
  left: { terminationDate?: string; source?: string; record?: string; reason?: string; firstStep?: string };
  targets: LeaverTarget[];
  /** Outstanding items over every target. */
  outstanding: number;
}

export interface LeaversReport {
  report: "leavers";
  /** The period, as instants: since ≤ leaving or step < until. */
  period: { since: string; until: string };
  /** `--now`: the time the plan's view was judged at. */
  generatedAt: string;
  /** The journal read, as the repository names it. */
  journal: string;
  leavers: LeaverEntry[];
  /** Outstanding items over every leaver: non-zero exits 2. */
  outstanding: number;
}
