// What makes a RuleSet exception no waiver at all, whoever reads it: one approved by the identity
// it waives (rv78: an author excepted themselves from separation of duties, approver themselves,
// until 2099), and one that runs longer than scopesync.yaml allows. `validate` refuses both at
// file:line:col; the plan does not apply them (the finding stays, saying why), so that a
// repository that holds one still plans, and offboards, everyone else.
import type { ExceptionDoc, ProjectConfig } from "./documents.js";
import { DAY, isoString, parseDate, parseDuration } from "./time.js";

/**
 * The longest an exception may run when scopesync.yaml sets no `exceptions.maxLength`: a year,
 * the cycle of an annual access review, so that every waiver is approved again at least once in
 * each. A longer one is refused; a shorter limit is one line of scopesync.yaml.
 */
export const DEFAULT_EXCEPTION_MAX_LENGTH = "365d";

/** Why an exception is no waiver: what is wrong, the key it is wrong at, and how to fix it. */
export interface ExceptionProblem {
  key: "approver" | "expiresAt";
  message: string;
  fix: string;
}

/**
 * The exception's problem, if it has one. `identityOf` gives the identity a name means (a login,
 * an e-mail, an earlier login of a renamed person), or the name itself for one nobody has: an
 * approver is compared with the identity waived by who they are, never by spelling.
 */
export function exceptionProblem(e: ExceptionDoc, config: ProjectConfig, now: number, identityOf: (name: string) => string): ExceptionProblem | undefined {
  const waived = identityOf(e.identity);
  if (identityOf(e.approver) === waived) {
    const alias = e.approver === e.identity ? "the identity it waives" : `${waived}, the identity it waives, by another name`;
    return {
      key: "approver",
      message: `exception ${e.ticket} (rule ${e.rule}) is approved by "${e.approver}", ${alias}: nobody approves a waiver of a control for themselves`,
      fix: `name as approver another active person, accountable for the control (the rule's owner, ${waived}'s manager), in the pull request that adds the exception`,
    };
  }
  const maxLength = config.exceptions?.maxLength ?? DEFAULT_EXCEPTION_MAX_LENGTH;
  const latest = now + parseDuration(maxLength);
  if (parseDate(e.expiresAt) > latest) {
    const written = config.exceptions?.maxLength === undefined ? "the default, as scopesync.yaml sets no exceptions.maxLength" : "scopesync.yaml exceptions.maxLength";
    return {
      key: "expiresAt",
      message: `exception ${e.ticket} (rule ${e.rule}, ${e.identity}) runs until ${e.expiresAt}, longer than an exception may run: ${maxLength} (${written}), so until ${dateOf(latest)} at the latest`,
      fix: `set expiresAt to ${dateOf(latest)} or earlier and approve the exception again when it ends; a longer limit is exceptions.maxLength in scopesync.yaml`,
    };
  }
  return undefined;
}

/** The day an instant falls on (UTC), as expiresAt is written. */
function dateOf(ms: number): string {
  return isoString(Math.floor(ms / DAY) * DAY).slice(0, 10);
}
