// `validate`'s word on exceptions that waive nothing (model/exception-checks.ts): approved by the
// identity they waive, or running longer than scopesync.yaml allows. Each is a problem at the key
// that is wrong, so the pull request that adds one fails its check before anyone reviews the plan.
import type { Diagnostic } from "./diagnostic.js";
import { exceptionProblem } from "../model/exception-checks.js";
import type { PolicyRepo } from "../model/policy-repo.js";

/** A problem for every exception of every RuleSet that is no waiver at `now`; `identityOf` as exceptionProblem's. */
export function exceptionDiagnostics(repo: PolicyRepo, now: number, identityOf: (name: string) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const set of repo.ruleSets) {
    (set.value.exceptions ?? []).forEach((e, i) => {
      const problem = exceptionProblem(e, repo.config.value, now, identityOf);
      if (problem) out.push({ file: set.file, ...set.locate(["exceptions", i, problem.key]), message: problem.message, hint: problem.fix });
    });
  }
  return out;
}
