// The login each live account's id had before today: from the target's committed state file (what
// `scopesync state pull` and `import` write, reviewed and committed) and, for an id that file does
// not have, from apply's journal (an account apply made or acted on since). A target account keeps
// its id across a rename ("A target account, once linked, is addressed by its own id", DESIGN), so
// the planner uses it to find:
//   - an account a user renamed themself (GitHub keeps the user id: docs.github.com, "Username changes"), which a plan that
//     links by login would take for a stranger's while the person's own login finds nothing
//     (plan/renamed-links.ts). Only a target whose accounts are linked by login needs it: GitHub,
//     and an app policy with accounts.linkBy: login; a SCIM app keeps scopesync's externalId on
//     the account, which finds it whatever its userName.
//   - an account the IdP deprovisioned (renamed to a hash: model/deprovisioned-account.ts).
// A live plan of a SCIM app that links by externalId and holds no such account reads no file it did
// not read before.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { isDeprovisioned } from "../model/deprovisioned-account.js";
import { journalName } from "../model/journal-record.js";
import { targetLinksByLogin } from "../model/linked-by-login.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import type { RememberedLogins } from "../model/remembered-logins.js";
import { journalLogins } from "./journal-logins.js";
import { journalNames } from "./renamed-targets.js";
import { readStateFile, statePath } from "./state-file.js";
import type { TargetRead } from "./read-targets.js";

/**
 * `reads` (live), with `remembered` on each read whose accounts are linked by login or that holds a
 * deprovisioned account, when the target has a state file in the working tree or the apply journal
 * names its accounts. A state file that is there but malformed stops the run, as it would an
 * offline plan (readStateFile's one-line error): a leaver's offboarding is not decided on a guess.
 * Neither: nothing remembered, and the plan says so where it matters.
 */
export function withRememberedLogins(repo: PolicyRepo, repoDir: string, reads: Map<string, TargetRead>, journalPath: string): Map<string, TargetRead> {
  for (const [name, read] of reads) {
    const target = repo.config.value.targets[name];
    if (!target || target.type === "file" || !(targetLinksByLogin(repo, name, target.type) || read.state.accounts.some(isDeprovisioned))) continue;
    const path = statePath(name, target);
    const logins = new Map<string, string>();
    if (existsSync(resolve(repoDir, path))) {
      for (const a of readStateFile(repoDir, path, name).accounts) if (!isDeprovisioned(a)) logins.set(a.id, a.login);
    }
    const journaled = new Set<string>();
    for (const [id, login] of journalLogins(journalPath, journalNames(repo.config.value, name))) {
      if (logins.has(id)) continue; // the committed, reviewed record comes first
      logins.set(id, login);
      journaled.add(id);
    }
    if (logins.size === 0 && !existsSync(resolve(repoDir, path))) continue;
    const remembered: RememberedLogins = { from: path, logins, ...(journaled.size > 0 ? { journal: { from: journalName(repoDir, journalPath), ids: journaled } } : {}) };
    reads.set(name, { ...read, remembered });
  }
  return reads;
}

