import type { ExceptionDoc, RuleSetDoc } from "../../model/documents.js";
import type { ExceptionProblem } from "../../model/exception-checks.js";
import type { Located } from "../../model/located.js";
import type { Finding } from "../../model/finding.js";
import type { StillWorking } from "../../model/still-working.js";
import { isExpired } from "../../model/time.js";

/** A finding an exception set aside, listed separately in the plan so the waiver stays visible. */
export interface AppliedException {
  rule: string;
  identity: string;
  expiresAt: string;
  approver: string;
  ticket: string;
  reason?: string;
  message: string;
  /** file:line of the exception. */
  at: string;
  /**
   * What the waived finding named as still working (its `stillWorking`): kept, so that the leavers
   * report counts it as outstanding by this exception rather than reading the waiver as done.
   */
  stillWorking?: StillWorking[];
}

/**
 * Applies reviewed exceptions: a finding whose rule and identity an unexpired exception names is
 * moved out of the findings. An expired exception no longer applies, and neither does one whose
 * approver is no longer an active person: a waiver of a control needs someone accountable for it,
 * as an NHI needs an owner. Nor does one `problemOf` refuses (model/exception-checks.ts: approved
 * by the identity it waives, or running longer than allowed), which `validate` reports as an
 * error: one that reached the plan anyway waives nothing. The finding then says why its exception lapsed.
 */
export function applyExceptions(findings: Finding[], ruleSets: Located<RuleSetDoc>[], now: number, isActivePerson: (id: string) => boolean, problemOf: (e: ExceptionDoc) => ExceptionProblem | undefined = () => undefined): { findings: Finding[]; exceptions: AppliedException[] } {
  const all = ruleSets.flatMap((set) => (set.value.exceptions ?? []).map((e, i) => ({ ...e, at: `${set.file}:${set.locate(["exceptions", i]).line}` })));
  // Once per exception, not per finding: one exception may cover thousands of an NHI's credentials.
  const problems = new Map<ExceptionDoc, ExceptionProblem | undefined>();
  const problem = (e: ExceptionDoc): ExceptionProblem | undefined => (problems.has(e) ? problems.get(e) : problems.set(e, problemOf(e)).get(e));
  const kept: Finding[] = [];
  const applied: AppliedException[] = [];
  for (const f of findings) {
    const candidates = all.filter((e) => e.rule === f.rule && e.identity === f.identity);
    const valid = candidates.find((e) => !isExpired(e.expiresAt, now) && isActivePerson(e.approver) && !problem(e));
    if (valid) {
      applied.push({ rule: f.rule, identity: valid.identity, expiresAt: valid.expiresAt, approver: valid.approver, ticket: valid.ticket, ...(valid.reason ? { reason: valid.reason } : {}), message: f.message, at: valid.at, ...(f.stillWorking ? { stillWorking: f.stillWorking } : {}) });
      continue;
    }
    const lapsed = candidates[0];
    if (!lapsed) kept.push(f);
    else if (isExpired(lapsed.expiresAt, now)) kept.push({ ...f, message: `${f.message} (exception ${lapsed.ticket} at ${lapsed.at} expired on ${lapsed.expiresAt})` });
    else if (problem(lapsed)) kept.push({ ...f, message: `${f.message} (${problem(lapsed)!.message}, at ${lapsed.at}: it does not apply)` });
    else kept.push({ ...f, message: `${f.message} (exception ${lapsed.ticket} at ${lapsed.at} was approved by "${lapsed.approver}", who is no longer an active person, so it no longer applies)` });
  }
  return { findings: kept, exceptions: applied };
}
