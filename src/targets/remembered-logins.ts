// Whose an account the IdP deprovisioned was: the login the target's committed state file gave its
// id. GitHub renames such an account to a hash and keeps it in the org (model/deprovisioned-
// account.ts), so a live read no longer shows whose it is; the account's numeric id is unchanged
// ("A target account, once linked, is addressed by its own id", DESIGN). The state file that
// `scopesync state pull` and `import` write, reviewed and committed, is the record that holds the
// id under the login it had. It is read only for a live read that holds such an account, so a live
// plan of any other org reads no file it did not read before.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { isDeprovisioned, type RememberedLogins } from "../model/deprovisioned-account.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { readStateFile, statePath } from "./state-file.js";
import type { TargetRead } from "./read-targets.js";

/**
 * `reads` (live), with `remembered` on each read that holds a deprovisioned account and whose
 * target has a state file in the working tree: that file's account id → login. A file that is
 * there but malformed stops the run, as it would an offline plan (readStateFile's one-line error):
 * a leaver's offboarding is not decided on a guess. No file: nothing remembered, and the plan says
 * so in the account's finding.
 */
export function withRememberedLogins(repo: PolicyRepo, repoDir: string, reads: Map<string, TargetRead>): Map<string, TargetRead> {
  for (const [name, read] of reads) {
    const target = repo.config.value.targets[name];
    if (!target || target.type === "file" || !read.state.accounts.some(isDeprovisioned)) continue;
    const path = statePath(name, target);
    if (!existsSync(resolve(repoDir, path))) continue;
    const saved = readStateFile(repoDir, path, name);
    const logins = new Map(saved.accounts.filter((a) => !isDeprovisioned(a)).map((a) => [a.id, a.login] as const));
    reads.set(name, { ...read, remembered: { from: path, logins } satisfies RememberedLogins });
  }
  return reads;
}
