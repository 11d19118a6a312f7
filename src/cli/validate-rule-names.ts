// validate's look at the names custom rules write (policy/rule-entitlements.ts): what the plan says
// as rule-entitlement-unknown, said at file:line:col before a plan is made. validate reads no
// live target: a target's state is the committed one (a file target's store, a `state:` file)
// where there is one, and without it only the names the app policy writes are known.
import type { Diagnostic } from "../config/diagnostic.js";
import { ScopesyncError } from "../model/errors.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import type { TargetState } from "../model/target-state.js";
import { append } from "../model/append.js";
import { ruleAppProblems, ruleEntitlementProblems, ruleTargets } from "../policy/rule-entitlements.js";
import { readTargets } from "../targets/read-targets.js";

/** The problems (errors: the plan blocks on them) and warnings of the rules' `app:entitlement` names. */
export async function ruleNameDiagnostics(repo: PolicyRepo, repoDir: string): Promise<{ problems: Diagnostic[]; warnings: Diagnostic[] }> {
  const found = ruleAppProblems(repo);
  // Only the targets some rule names: a repository without such rules reads no state here.
  for (const target of ruleTargets(repo)) append(found, ruleEntitlementProblems(repo, target, await committedState(repo, repoDir, target)));
  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  for (const { severity, ...p } of found) (severity === "error" ? problems : warnings).push({ ...p, message: `${p.message} (finding rule-entitlement-unknown)` });
  return { problems, warnings };
}

/** The target's committed state, or undefined where there is none (a live target never saved). */
async function committedState(repo: PolicyRepo, repoDir: string, target: string): Promise<TargetState | undefined> {
  try {
    return (await readTargets(repo, repoDir, target)).get(target)?.state;
  } catch (e) {
    // A missing or unreadable state file is plan's to refuse, with its own message.
    if (e instanceof ScopesyncError) return undefined;
    throw e;
  }
}
