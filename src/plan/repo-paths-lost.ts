// The repository access a GitHub removal takes beside the membership, as Change.lost names it
// (plan/lost-for-good.ts) and a return reads it back from the journal (plan/returns.ts).
// The read records these paths once, for every repository of the org, as attributes
// (model/access-paths.ts: `collaborator:<repo>` an outside collaborator's direct role,
// `repoInvitation:<repo>` a pending repository invitation); every removal takes each of them
// (targets/github/access-removal.ts). Where options.repositories covers the repository, the same
// access is also a `repo:` entitlement: that one speaks for it (managed by a policy, or named
// `(held by hand)` with the other unmanaged entitlements), so it is not named twice.
import { accessPaths } from "../model/access-paths.js";
import type { TargetAccount } from "../model/target-state.js";
import type { EntitlementTable } from "./entitlement-table.js";

/** How lost names a direct role and a pending invitation: the entitlement a policy would give back, and how it was held. */
const HELD = "held by hand";
const INVITED = "pending invitation, sent by hand";
const ITEM = new RegExp(`^repo:([^:]+):(.+) \\((${HELD}|${INVITED})\\)$`);

/** The account's repository access that no policy gives and that is not already one of its `repo:` entitlements. */
export function repoPathsLost(account: TargetAccount, table: EntitlementTable): string[] {
  const covered = new Set(account.entitlements.filter((e) => e.startsWith("repo:")).map((e) => e.split(":")[1]));
  const out: string[] = [];
  for (const p of accessPaths(account)) {
    if (p.kind === "org-invitation" || covered.has(p.repo) || p.role === "") continue;
    const entitlement = `repo:${p.repo}:${p.role}`;
    if (table.slotOf(entitlement) !== undefined) continue;
    out.push(`${entitlement} (${p.kind === "outside-collaborator" ? HELD : INVITED})`);
  }
  return out;
}

/** A lost item naming repository access (either kind), as its repository and role; undefined for anything else. */
export function parseRepoPathLost(item: string): { repo: string; role: string } | undefined {
  const m = ITEM.exec(item);
  return m ? { repo: m[1]!, role: m[2]! } : undefined;
}
