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
  /** The target's former name the line was recorded under (formerNames), when not its name now. */
  recordedUnder?: string;
}

/** What is still to do for a leaver on one target. */
export type LeaverOutstanding =
  /** The current plan still takes this away: not applied yet (or applied and given back). */
  | { kind: "planned"; action: Action; entitlement?: string; credential?: string; change: string; reason: string; lastAttempt?: string }
  /** The journal's last word on this change is a failure (or a skip), and no later line records it done. */
  | { kind: "failed"; action: Action; entitlement?: string; credential?: string; change: string; at: string; result: LeaverStep["result"]; error?: string; line: string }
  /** The plan's view shows the account active, and the plan does not disable it: the decision says why. */
  | { kind: "enabled"; account: string; login: string; decision: string }
  /**
   * The journal records scopesync creating, enabling or granting this after the state the plan
   * read was read, and no later line removing it: the view cannot show it gone, so nothing says it
   * is (`state pull` reads the target now).
   */
  | { kind: "unconfirmed"; action: Action; entitlement?: string; at: string; line: string; readAt?: string }
  /**
   * The plan's view of the target is a state read longer ago than its `maxStateAge` (the plan's
   * `stale-target-state` warning), or one with no `readAt`: "no account" or "disabled" there is no
   * evidence of the target now, so the target is not done until `fix` reads it again.
   */
  | { kind: "unverified"; readFrom: string; readAt?: string; maxStateAge?: string; fix: string };

export interface LeaverTarget {
  /** The target's name now: steps recorded under a former name (formerNames) are its own. */
  target: string;
  /**
   * `false`: no target of scopesync.yaml has this name, now or as a former name; only the journal
   * knows it. Nothing can be planned or applied there, so its failed steps are shown, not counted
   * as outstanding: whether the access is gone is for someone to check in that system.
   */
  configured?: false;
  /** Where the plan read the target (a state file and when, or live). */
  view?: string;
  /**
   * The account as that view shows it, when there is one; else the account the plan's changes
   * there name (a person no source exports any more has no decision, only changes), whose `active`
   * is `true` when the plan disables it and absent when the changes do not say.
   */
  account?: { id: string; login: string; active?: boolean };
  steps: LeaverStep[];
  outstanding: LeaverOutstanding[];
}

/**
 * Something of an NHI the leaver owned that keeps working and that no plan revokes (the findings'
 * `stillWorking`): a person switches it off, in its system, by the step given.
 */
export interface LeaverNhiOutstanding {
  /** What keeps working, by name: "access-key AKIA… (deploy-bot)", "GitHub App installation 42 (ci-bot)". */
  credential: string;
  /** Where it works: the system's type and the source or target that shows it. */
  system: string;
  /** The manual step (the findings' remediation). */
  step: string;
  /** The findings that name it. */
  rules: string[];
}

/** What shows an owned NHI's offboarding done: an export and its time, or, for an NHI only a file describes, the file. */
export type LeaverNhiEvidence = { source: string; exportedAt?: string } | { file: string };

/**
 * Something of an owned NHI still working that a reviewed exception waives (plan `exceptions`):
 * outstanding by that exception, until it expires or the thing is switched off. Counted in the
 * leaver's `waived`, never read as done.
 */
export interface LeaverNhiWaived extends LeaverNhiOutstanding {
  /** The exception: its ticket (its id), where it is written, its expiry and who approved it. */
  exception: { ticket: string; at: string; expiresAt: string; approver: string };
}

/**
 * A source that reported an owned NHI once (its file's `discoveredBy`, the last accepted snapshot)
 * and does not show it in this run's export: whether anything of it still works there is unknown.
 * Not done, and not outstanding with a credential: counted in the leaver's `unverified`.
 */
export interface LeaverNhiUnverified {
  source: string;
  /** Why it is unknown: which export does not show it, and what once did. */
  reason: string;
}

/** An NHI the leaver owned, offboarded (their leaving, its expiry, its `status`), and what of it still works. */
export interface LeaverNhi {
  nhi: string;
  kind: string;
  /** Why it is offboarded, as the plan says it. */
  offboarded: string;
  /** `false`: no file declares it and no export shows it now; only the last accepted snapshot knows it. */
  present?: false;
  /** Each thing of it still working that no plan revokes: counted in the leaver's outstanding. */
  outstanding: LeaverNhiOutstanding[];
  /** The targets where the plan or the journal takes something of it: planned until applied, then the journal's steps. Their outstanding counts in the leaver's. */
  targets?: LeaverTarget[];
  /** What of it still works by a reviewed exception: counted in the leaver's `waived`. */
  waived?: LeaverNhiWaived[];
  /** The sources that reported it once and do not show it now: counted in the leaver's `unverified`. */
  unverified?: LeaverNhiUnverified[];
  /** With nothing outstanding, waived or unverified: the exports (with their times) that show nothing of it still working. */
  shownBy?: LeaverNhiEvidence[];
}

export interface LeaverEntry {
  /** The identity id, or the name the journal and the plan give a person no source exports any more. */
  identity: string;
  /**
   * `terminated`: the sources say they left; `gone`: no source exports them, only the journal or
   * the plan's offboarding changes know them (which may be an NHI whose file was removed: the
   * journal records no owner, so it is listed under its own name, not under the leaver who owned it); `returned`: the journal records their
   * leaving, and the sources do not call them terminated now (they came back, or their login went
   * to someone new): shown for the record, with the targets as they are now and nothing
   * outstanding (their access is today's policy's).
   */
  status: "terminated" | "gone" | "returned";
  /**
   * Where the leaving lies against the period: `in` (the termination date, or an offboarding step,
   * falls in it). Otherwise the leaver is listed because something is outstanding, whatever the
   * period: their leaving is `before` or `after` it, or `undated` (no termination date, no day a
   * snapshot first saw them terminated, and no step in the journal).
   */
  placed: "in" | "before" | "after" | "undated";
  /**
   * When and where the leaving was known: the termination date and its source record, the day a
   * snapshot first had them terminated (`firstSeenTerminated`, for a source that gives no date),
   * the lifecycle reason, the earliest step taken (by instant).
   */
  left: { terminationDate?: string; firstSeenTerminated?: string; source?: string; record?: string; reason?: string; firstStep?: string };
  targets: LeaverTarget[];
  /**
   * Their own credentials that no plan revokes and a person must (`credential-manual-revocation`:
   * a target that cannot revoke them through its API), until the target no longer lists them.
   */
  stillWorking?: LeaverNhiOutstanding[];
  /** The NHIs they owned that are offboarded, sorted by id; absent when none. */
  nhis?: LeaverNhi[];
  /** Outstanding items over every target, their own credentials still working and every NHI they owned (its credentials and its targets). */
  outstanding: number;
  /** Items still working by a reviewed exception, over the NHIs they owned; absent when none. */
  waived?: number;
  /**
   * With the report's `journalMissing` (and no `--without-journal`): why their offboarding is
   * unverified: no journal shows when, or on whose approval, their access went, so a disabled or
   * absent account is no evidence that it is done. Counted once in `unverified`; the leaver is
   * named in the report's `journalNeeded`. Absent for someone back, who owes nothing.
   */
  journalNeeded?: string;
  /** Sources that no longer show an NHI they owned, over those NHIs, and one for `journalNeeded`; absent when none. */
  unverified?: number;
}

export interface LeaversReport {
  report: "leavers";
  /**
   * The period, as instants: since ≤ leaving or step < until (leavers with something outstanding
   * are listed whatever the period). `timeZone`: the organisation's zone (scopesync.yaml), present
   * when a bound given as a date was read as that zone's day rather than a UTC one.
   */
  period: { since: string; until: string; timeZone?: string };
  /** `--now`: the time the plan's view was judged at. */
  generatedAt: string;
  /** The journal read, as the repository names it. */
  journal: string;
  /** `true`: there is no file at `journal`; every step is missing from the report, so it says so. */
  journalMissing?: true;
  /**
   * With `journalMissing`: every leaver listed but someone back, whose offboarding (when, and on
   * whose approval) only the journal shows; each has its own `journalNeeded` reason and counts it
   * in `unverified`. The report is not complete while any is named: it exits 2.
   * `--without-journal` says the installation keeps none.
   */
  journalNeeded?: string[];
  /** `--without-journal`: the installation keeps no apply journal, none was read, and no step is shown. */
  withoutJournal?: true;
  /** The numbers of the journal's lines that are no whole record (cut off, edited by hand): not read. */
  journalUnreadable?: number[];
  /**
   * The sources that failed their quality gates, sorted; absent when none. Such a source decides
   * nothing about who left: an NHI, a credential or a leaver only its export would show may be
   * missing below, and what it shows is no evidence. The report is not complete while any is
   * named: it exits 2, and never says "nothing outstanding".
   */
  sourcesFailingGates?: string[];
  leavers: LeaverEntry[];
  /** Outstanding items over every leaver. */
  outstanding: number;
  /** Items waived by an exception over every leaver. */
  waived: number;
  /** Unverified items over every leaver. Any of outstanding, waived or unverified non-zero, a source in `sourcesFailingGates`, or a leaver in `journalNeeded`, exits 2: nothing of it is done. */
  unverified: number;
}

/** What of an owned NHI is outstanding: what still works that no plan revokes, and what its targets still owe. */
export function nhiOutstanding(n: LeaverNhi): number {
  return n.outstanding.length + (n.targets ?? []).reduce((k, t) => k + t.outstanding.length, 0);
}
