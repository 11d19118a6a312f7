// What a plan records about the state each target was planned from (the plan JSON's `targets`
// entry): its size, where it was read, its AWS account, its tenant binding (state-binding.ts) and
// its age. Made by the planner, and for an empty reviewed plan from the committed state files
// alone (github/committed-binding.ts), so that both bind apply to a tenant the same way.
import type { Change } from "../model/change.js";
import type { TargetConfig } from "../model/documents.js";
import type { TargetState } from "../model/target-state.js";
import type { TargetStateFacts } from "../model/target-state-facts.js";
import { stateAge } from "./state-age.js";
import { bindingFacts } from "./state-binding.js";
import { targetAwsAccount } from "./target-aws-account.js";

/** What the plan records about the state a target was planned from; `changes`: the plan's changes on it (its deletes leave the account sample). */
export function stateFacts(state: TargetState, readFrom: string, config: TargetConfig | undefined, changes: readonly Change[], now: number): TargetStateFacts {
  const awsAccount = targetAwsAccount(config?.type ?? "", state);
  return { accounts: state.accounts.length, readFrom, ...(awsAccount ? { awsAccount } : {}), ...bindingFacts(state, readFrom.startsWith("live"), config, changes), ...stateAge(state.readAt, now) };
}
