// What a live plan does to the targets it has just read, before planning them: the one step a
// one-process plan (compile.ts: plan --live, drift, apply's re-plan) and a plan shard (shard-plan.ts:
// plan --live --target) share, so that the merged shards are the one-process plan byte for byte
// (docs/formats.md "Sharded planning"; rv61 #3: the shard skipped it, and planned nothing for a
// dismissed owner who had renamed her account).
//   - withRememberedLogins: the login each account id had in the committed state file or the journal;
//   - withLoginHolders: who holds each renamed account's remembered login on the service now;
//   - withAcceptedInvitationsLive: the invitations accepted since the state file was pulled.
import { LOGIN_OWNER_LOOKUPS } from "./login-owners.js";
import { journalFile } from "./model/journal-record.js";
import type { PolicyRepo } from "./model/policy-repo.js";
import { withAcceptedInvitationsLive } from "./targets/accepted-invitations.js";
import type { TargetRead } from "./targets/read-targets.js";
import { withRememberedLogins } from "./targets/remembered-logins.js";
import { withLoginHolders, type LoginLookups } from "./targets/remembered-login-holders.js";

export type { LoginLookups } from "./targets/remembered-login-holders.js";

/** `reads` (live) as the planner takes them. `journalPath`: the apply journal (default the configured one: journalFile). */
export async function liveReads(repo: PolicyRepo, repoDir: string, reads: Map<string, TargetRead>, lookUp: LoginLookups, journalPath = journalFile(repoDir, repo.config.value)): Promise<Map<string, TargetRead>> {
  const remembered = await withLoginHolders(repo, withRememberedLogins(repo, repoDir, reads, journalPath), lookUp, LOGIN_OWNER_LOOKUPS);
  return withAcceptedInvitationsLive(repo, repoDir, remembered, journalPath);
}
