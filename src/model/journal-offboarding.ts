// What scopesync's own apply journal says it took from an identity on one target, for the plan that
// gives the access back. Where a target has no disabled account (GitHub: the member is removed),
// nothing in the target remembers the account once it is gone: the next plan would call a person
// restored the day after a mistaken offboarding a "joiner", and an NHI back from quarantine an
// account that "has no account yet", and nobody would be told what the return does not restore.
import { normaliseLogin } from "./keys.js";
import { shownIdentity } from "./shown-identity.js";
import type { NonMemberKind } from "./non-member-accounts.js";
import type { AppliedReviewed } from "./override-binding.js";

/** One step of an offboarding the journal records applied (`done`, `applied`). */
export interface JournalStep {
  /** When it was applied: the journal line's `at` (the wall clock, ISO 8601). */
  at: string;
  /** The apply run that applied it. */
  run: string;
  /** `journal.jsonl:12`: the line, for evidence. */
  line: string;
  /**
   * The time the plan that made the step judged dates by (the line's `planTime`): a leaving or a
   * hire the sources date after it is a later employment than the one this step ended
   * (plan/undone-offboardings.ts).
   */
  planTime?: string;
}

/** One identity's last offboarding on one target, as the journal records it (targets/journal-offboardings.ts). */
export interface JournalOffboarding {
  /** The removal of the account (disable-account or delete-account applied), when the journal has one since the identity's last return. */
  removed?: JournalStep & {
    /** What the line did: a disabled account and a deleted one that are back are said differently. */
    action: "disable-account" | "delete-account";
    /** The account's login then, as the journal line gives it. */
    login?: string;
    /** The target's id of the account removed, as the journal line gives it. */
    account?: string;
    /**
     * The account was this kind of non-member, not a member (JournalRecord.nonMember; GitHub: an
     * outside collaborator): its return gives back that kind of access (plan/returns.ts).
     */
    nonMember?: NonMemberKind;
    /**
     * The line names no `nonMember` and was written before scopesync recorded it (it has no `why`,
     * which came later): whether the account was a member or a non-member is unknown, and the
     * return says so rather than take it for a member's (plan/returns.ts).
     */
    kindUnknown?: true;
    /**
     * What the line says the removal was for, where its date must not start a leaver's delete
     * grace period (plan/leaving-since.ts): `leave`, its `why` is a leave's ("suspended in hr",
     * isLeaveReason); `unstated`, it has neither `why` nor `lifecycle` (an older scopesync). Absent:
     * a leaving, or another offboarding whose disable starts the grace period itself.
     */
    grounds?: "leave" | "unstated";
  };
  /**
   * What the offboarding's applied changes took that nothing gives back (JournalRecord.lost), in
   * journal order, each once: a deleted deploy key, a team-maintainer role held by hand.
   */
  lost: string[];
  /**
   * Entitlement → the last revoke of it the journal records applied since the identity's last
   * return and since scopesync last granted it: an account holding it again got it back outside
   * scopesync (plan/undone-offboardings.ts).
   */
  revoked: Map<string, JournalStep>;
  /**
   * Target credential id → the last revoke-credential the journal records applied for it (an IAM
   * access key deactivated or deleted): a credential report made before then may still list it
   * active (policy/rules/builtin/report-lag.ts).
   */
  credentials: Map<string, JournalStep>;
}

/** Every target's journal offboardings, and which identities each apply run offboarded. */
export interface JournalOffboardings {
  /** The journal they were read from, as plans cite it (`.scopesync/journal.jsonl`). */
  from: string;
  /** Target → identity id → its last offboarding there. */
  byTarget: ReadonlyMap<string, ReadonlyMap<string, JournalOffboarding>>;
  /**
   * Target → removedAccountKey of an account the journal records removed → the identity it was
   * removed from, the last such line; a line that gives the account back (create, enable) clears
   * it. An account active again after the last snapshot let its leaver go matches no identity: it
   * is known as the leaver's by this (plan/undone-offboardings.ts `journalOwner`).
   */
  byAccount?: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /**
   * Apply run → the identities it took access from (on any target). An NHI removed in the same run
   * as its owner was quarantined because its owner left: its return is "from quarantine".
   */
  byRun: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Target → each reviewed plan's applied changes there, by action: a safety override that names no
   * identities is used up once a reviewed plan over its limit was applied (plan/safety.ts).
   */
  reviewedRuns?: ReadonlyMap<string, readonly AppliedReviewed[]>;
  /**
   * Target → what the journal records done there (applied, or found already in place), by
   * identity and step (doneKey), as the latest instant either of the line's clocks names (`at`,
   * `planTime`): a plan made from a state file read before that says so (plan/applied-since-read.ts).
   */
  done?: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/**
 * The name the apply journal records the changes to `identity` (anchored at `anchor`) under, and so
 * the only one to look the journal up by: apply journals a change as the plan writes it, and the
 * plan names an identity whose id looks like a secret by its anchor (model/shown-identity.ts). A
 * lookup by the raw id found nothing for such a leaver: a hand re-enable of their account went
 * without offboarding-undone, and their return read as a joiner's (rv92 M1).
 */
export function journalIdentity(identity: string, anchor: string | undefined): string {
  return shownIdentity(identity, anchor);
}

/** What the journal records taken from `identity` (anchored at `anchor`) on `target`, under the name it records them by (journalIdentity). */
export function journalOffboardingOf(offboardings: JournalOffboardings | undefined, target: string, identity: string, anchor: string | undefined): JournalOffboarding | undefined {
  return offboardings?.byTarget.get(target)?.get(journalIdentity(identity, anchor));
}

/** A change's step as JournalOffboardings.done keys the line apply writes for it: under the name the journal gives its identity. */
export function changeDoneKey(c: { identity: string; anchor?: string; action?: unknown; entitlement?: unknown; credential?: unknown }): string {
  return doneKey({ ...c, identity: journalIdentity(c.identity, c.anchor) });
}

/** What a step does, on one target for one identity: its action and what it took (an entitlement or credential). */
export function stepKey(s: { action?: unknown; entitlement?: unknown; credential?: unknown }): string {
  return `${String(s.action)}\u0000${String(s.entitlement ?? s.credential ?? "")}`;
}

/** A step of one identity on one target, as JournalOffboardings.done keys it. */
export function doneKey(s: { identity?: unknown; action?: unknown; entitlement?: unknown; credential?: unknown }): string {
  return `${String(s.identity)}\u0000${stepKey(s)}`;
}

/**
 * How byAccount knows an account: by the target's id of it where the journal line gives one (an id
 * outlives a restore from backup, and GitHub's user id a reinstated membership), else by its login
 * (a line an older scopesync wrote before it recorded ids).
 */
export function removedAccountKey(account: { id?: string; login?: string }): string | undefined {
  if (account.id !== undefined) return `id\u0000${account.id}`;
  return account.login !== undefined ? `login\u0000${normaliseLogin(account.login)}` : undefined;
}
