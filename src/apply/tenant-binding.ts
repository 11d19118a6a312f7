// A reviewed plan bound to the tenant it was made from (rv83 finding 1). Two SCIM targets on one
// multi-tenant URL (Slack's: one base URL, the token picks the workspace) with their tokens
// swapped read each other's workspace: every account the reviewer saw is "gone", every account
// there is nobody's, and apply disabled them all as unreviewed revocations; a 3-account app is
// under every count a safety limit has. So before anything is applied, each target's live read
// is compared with what the reviewed plan recorded of the state it was made from
// (plan/state-binding.ts): the endpoint scopesync.yaml names, the tenant's own id (GitHub's
// organization id, aws-iam's account), and a sample of its account ids. A target whose read fails
// this is refused as a target that cannot be read is (apply/unreadable-targets.ts): nothing is
// planned or applied on it, the other targets' revocations go ahead, and the run exits 1.
//
// The account rule: at least half of the sampled ids must be in the live read. The sample leaves
// out the accounts the plan deletes and e-mail invitations (whose id changes on acceptance);
// joiners are not in it, and leavers are disabled, not removed, until a reviewed or unreviewed
// delete after their grace period, which the safety limits keep to a few a day. Half of a
// tenant's accounts gone between review and apply is not a normal day; another tenant holds none.
//
// A reviewed plan that records none of these for a target (made by a scopesync from before plans
// were bound, or from a state file with no accounts and no endpoint) cannot tell its tenant from
// another. Skipping the check there would apply an old plan unbound, exactly the swapped-token run
// above: so, as Terraform refuses a plan another version made, such a target is refused when its
// live read holds accounts (an empty one has none to offboard), and the fix is a fresh plan.
import { targetEndpoint } from "../model/target-endpoint.js";
import { envReferenceName } from "../model/env-ref.js";
import type { TargetConfig } from "../model/documents.js";
import { ScopesyncError } from "../model/errors.js";
import type { TargetStateFacts } from "../model/target-state-facts.js";
import type { UnreadableTarget } from "../model/unreadable-target.js";
import { targetAwsAccount } from "../plan/target-aws-account.js";
import type { TargetRead } from "../targets/read-targets.js";

/**
 * `reads` without the targets whose live read is not the tenant `reviewed` (the reviewed plan's
 * `targets`) was made from; each of those is added to `unreadable` with why and the fix. A target
 * the reviewed plan has no entry for (a target added since) is kept; one whose entry binds nothing
 * is refused when its live read holds accounts (bindsNothing).
 * When no target is left, the run stops here, as when none could be read.
 */
export function refuseOtherTenants(reads: Map<string, TargetRead>, reviewed: Readonly<Record<string, TargetStateFacts>> | undefined, configs: Readonly<Record<string, TargetConfig>>, unreadable: UnreadableTarget[]): Map<string, TargetRead> {
  if (!reviewed || reads.size === 0) return reads;
  const out = new Map<string, TargetRead>();
  for (const [name, read] of reads) {
    const facts = reviewed[name];
    const config = configs[name];
    const problem = facts && config ? otherTenant(name, read, facts, config) : undefined;
    if (problem) unreadable.push({ target: name, refused: true, ...problem });
    else out.set(name, read);
  }
  if (out.size === 0) {
    const refused = unreadable.filter((u) => reads.has(u.target));
    throw new ScopesyncError(`no target was applied: ${refused.map((u) => `target "${u.target}": ${u.error}`).join("; ")}`, [...new Set(refused.map((u) => u.hint))].join("; "));
  }
  return out;
}

/** Why the live read of target `name` is not the tenant the reviewed plan was made from, and the fix; undefined when it is. */
function otherTenant(name: string, read: TargetRead, facts: TargetStateFacts, config: TargetConfig): { error: string; hint: string } | undefined {
  const replan = `if the target really moved, pull its state (scopesync state pull --target ${name}), plan again and have that plan reviewed`;
  const configured = targetEndpoint(config);
  if (facts.endpoint !== undefined && configured !== undefined && facts.endpoint !== configured) {
    return { error: `the reviewed plan was made from ${facts.endpoint}, but scopesync.yaml points the target at ${configured}`, hint: `point targets.${name} back at ${facts.endpoint}, or ${replan}` };
  }
  // A file target's store is its path: there is no other tenant to mistake it for (plan/state-binding.ts records none).
  if (config.type !== "file" && bindsNothing(facts) && read.state.accounts.length > 0) {
    return {
      error: `the reviewed plan records nothing of the tenant it was made from (no endpoint, tenant id or account sample: a plan made before scopesync bound plans to their targets, or from a state file with no accounts and no endpoint), so the ${read.state.accounts.length} account${read.state.accounts.length === 1 ? "" : "s"} the live read holds cannot be told from another tenant's`,
      hint: `plan again with this scopesync (after scopesync state pull --target ${name} if the state file has no endpoint) and have that plan reviewed`,
    };
  }
  const where = configured ?? `target "${name}"`;
  const token = envReferenceName(config.token);
  const check = `check the token the run gives target "${name}"${token ? ` (${token})` : ""} and its url: they must open the tenant the plan was reviewed against; ${replan}`;
  const live = read.state.tenant?.id ?? targetAwsAccount(config.type, read.state);
  const recorded = facts.tenantId ?? facts.awsAccount;
  if (recorded !== undefined && live !== undefined && recorded !== live) {
    return { error: `the reviewed plan was made from tenant ${recorded} of ${where}; the live read is tenant ${live}`, hint: check };
  }
  const sample = facts.accountSample ?? [];
  if (sample.length === 0) return undefined;
  // The sample's ids looked up, not a set of every account's (a million in a large tenant).
  const sampled = new Set(sample);
  let present = 0;
  for (const a of read.state.accounts) if (sampled.has(a.id)) present++;
  if (present * 2 >= sample.length) return undefined;
  const shown = sample.slice(0, 3).join(", ") + (sample.length > 3 ? ", …" : "");
  return {
    error: `the reviewed plan saw accounts ${shown} (${sample.length} sampled of ${facts.accounts}) at ${where}; the live read holds ${present === 0 ? "none" : `only ${present}`} of them (${read.state.accounts.length} accounts in all): it reads another tenant, and applying would offboard its accounts as strangers`,
    hint: check,
  };
}

/** The reviewed plan's entry for a target holds nothing that names its tenant: no endpoint, tenant id, AWS account or account sample. */
function bindsNothing(facts: TargetStateFacts): boolean {
  return facts.endpoint === undefined && facts.tenantId === undefined && facts.awsAccount === undefined && (facts.accountSample ?? []).length === 0;
}
