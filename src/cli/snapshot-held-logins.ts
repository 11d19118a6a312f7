// A renamed person's earlier login is how an app that links by login still finds their account
// while the rename is not made there: held because another account has the new login
// (login-held), or because the target cannot rename (account-login-stale). The plan knows the
// earlier login only from the accepted snapshot (identity.formerIds, plan/diff-index.ts
// addFormerLogins). Accepted without it, the next plan would take the account under the new login
// for theirs (a leaver's left-over: enabled, granted) and leave their own unmanaged (rv111 H1).
//
// Whether an app still has their account under the earlier login is read from what plans read:
// each target's state file in the working tree (a file target's store, a live target's saved state,
// docs/setup.md "Planning reads targets from their saved state files"). The snapshot runs without
// any target credential, so a live read is not an option; the apply journal says what was applied,
// not what an app holds now, and a remembered-logins record maps account ids to logins without
// saying whose they are. A linkBy-login target with no state file cannot tell: the earlier login
// is kept, because keeping it holds a rename for a day longer, and dropping it adopts a stranger's
// account. Once no state carries the login (the rename was made, the state refreshed), it goes.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Identity } from "../model/identity.js";
import { identitiesById, loginOf } from "../model/identity.js";
import { normaliseLogin } from "../model/keys.js";
import { targetLinksByLogin } from "../model/linked-by-login.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { holdsRecord } from "../resolve/login-reuse.js";
import { readStateFile, statePath } from "../targets/state-file.js";

/**
 * The earlier logins (identity.formerIds) of renamed people whose account some app that links by
 * login still has under a login from before the rename, as `identity id → those earlier ids`.
 * Reads a target's state only when someone was renamed and the target links by login.
 */
export function earlierLoginsStillCarried(repo: PolicyRepo, repoDir: string, identities: readonly Identity[], prior: readonly Identity[] | undefined): Map<string, Set<string>> {
  const carried = new Map<string, Set<string>>();
  const renamed = identities.filter((i) => i.kind === "person" && i.formerIds !== undefined);
  if (renamed.length === 0) return carried;
  const priorById = prior ? identitiesById(prior) : undefined;
  for (const [name, target] of Object.entries(repo.config.value.targets).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!targetLinksByLogin(repo, name, target.type)) continue;
    const attributes = [...new Set(repo.apps.filter((a) => a.value.target === name).map((a) => a.value.accounts.login))];
    const wanted = earlierKeys(renamed, attributes, priorById);
    if (wanted.size === 0) continue;
    const path = statePath(name, target);
    const known = existsSync(resolve(repoDir, path));
    const keys = known ? new Set(readStateFile(repoDir, path, name).accounts.map((a) => normaliseLogin(a.login))) : undefined;
    for (const [key, owners] of wanted) {
      if (keys && !keys.has(key)) continue;
      for (const [id, former] of owners) {
        const set = carried.get(id) ?? new Set<string>();
        carried.set(id, set.add(former));
      }
    }
  }
  return carried;
}

/**
 * Normalised login an account of the app would have from before a rename → [identity id, earlier
 * id] pairs: the earlier id itself where the app's login is the sources' (userName), and what the
 * prior identity of that id had under the app's login attribute (as addFormerLogins finds them).
 * A key equal to the person's login today (a case-only rename) is no earlier login.
 */
function earlierKeys(renamed: readonly Identity[], attributes: readonly string[], priorById: ReadonlyMap<string, Identity> | undefined): Map<string, Array<[string, string]>> {
  const wanted = new Map<string, Array<[string, string]>>();
  for (const identity of renamed) {
    for (const attribute of attributes) {
      const today = loginOf(identity, attribute);
      for (const former of identity.formerIds!) {
        const was = priorById?.get(former);
        const logins = [attribute === "userName" ? former : undefined, was && holdsRecord(identity, was.anchor) ? loginOf(was, attribute) : undefined];
        for (const login of logins) {
          if (login === undefined || (today !== undefined && normaliseLogin(login) === normaliseLogin(today))) continue;
          const key = normaliseLogin(login);
          const list = wanted.get(key);
          if (list) list.push([identity.id, former]);
          else wanted.set(key, [[identity.id, former]]);
        }
      }
    }
  }
  return wanted;
}
