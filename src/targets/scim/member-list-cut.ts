// Group member lists an app cuts short. SCIM has no paging for a group's members, and apps cap the
// list instead: Sentry's Groups "Note that the members field will only contain up to 10,000 members"
// (https://docs.sentry.io/api/scim/list-an-organizations-paginated-teams/); Oracle's identity
// domains return "a maximum of 10,000 members ... in a single request" (OCI SDK,
// MyRequestableGroupMembers). A member past the cut reads as "not a member": a mover kept a
// privileged group, no revoke was ever planned, and nothing said so. Such a group is found by what
// the read holds anyway: a list of exactly that documented length, or a user whose own `groups`
// (RFC 7643 §4.1.2, readOnly: "A list of groups to which the user belongs") names a group whose
// member list lacks them. Its memberships are then not planned from (read.ts): the read refuses
// grants and revokes of it and warns.
import { normaliseLogin } from "../../model/keys.js";
import type { Finding } from "../../model/finding.js";
import type { TargetRefusal } from "../../model/target-state.js";
import type { ScimGroup, ScimUser } from "./mapping.js";
import { groupMembersSetting } from "./members-filter.js";

/** The member-list length Sentry and Oracle document as their cap. */
export const DOCUMENTED_MEMBER_CAP = 10_000;

/** Why `group`'s member list looks cut short, or undefined. `claims`: group id → users whose `groups` name it. */
function cutEvidence(group: ScimGroup, claims: ReadonlyMap<string, string[]>): string | undefined {
  const listed = new Set((group.members ?? []).map((m) => m?.value).filter((v): v is string => typeof v === "string"));
  // A list with nobody in it is an app that lists no members (AWS IAM Identity Center), which
  // scim-group-members-unlisted says (plan/unlisted-members.ts): cut short is a list with members.
  if (listed.size === 0) return undefined;
  const missing = (claims.get(group.id) ?? []).filter((id) => !listed.has(id));
  if (missing.length > 0) return `${missing.length} user(s) name it among their own groups (User.groups) but its member list of ${listed.size} does not`;
  if ((group.members ?? []).length === DOCUMENTED_MEMBER_CAP) return `it lists exactly ${DOCUMENTED_MEMBER_CAP.toLocaleString("en-US")} members, the most Sentry's and Oracle's SCIM APIs put in one group's member list`;
  return undefined;
}

/** Group id → the ids of the users whose `groups` name it directly (an `indirect` entry is a nested group's member). */
function groupsClaimed(users: readonly ScimUser[]): Map<string, string[]> {
  const claims = new Map<string, string[]>();
  for (const user of users) {
    if (!Array.isArray(user.groups)) continue;
    for (const entry of user.groups as Array<{ value?: unknown; type?: unknown } | null>) {
      if (typeof entry?.value !== "string" || (typeof entry.type === "string" && entry.type.toLowerCase() === "indirect")) continue;
      const list = claims.get(entry.value) ?? [];
      list.push(user.id);
      claims.set(entry.value, list);
    }
  }
  return claims;
}

/**
 * The groups among `groups` (those the app policies map: `entitlements`, compared
 * case-insensitively; every group without a policy) whose member lists look cut short: a warning
 * for each, and a refusal of its grants and revokes, so that no plan reads a member past the cut
 * as gone (or a grant the app made as missing).
 */
export function cutMemberLists(target: string, groups: readonly ScimGroup[], users: readonly ScimUser[], entitlements: readonly string[] | undefined): { findings: Finding[]; refuses: TargetRefusal[] } {
  const mapped = entitlements === undefined ? undefined : new Set(entitlements.filter((e) => e.startsWith("group:")).map((e) => normaliseLogin(e.slice("group:".length))));
  const claims = groupsClaimed(users);
  const findings: Finding[] = [];
  const refuses: TargetRefusal[] = [];
  for (const group of groups) {
    if (mapped && !mapped.has(normaliseLogin(group.displayName))) continue;
    const evidence = cutEvidence(group, claims);
    if (evidence === undefined) continue;
    const entitlement = `group:${group.displayName}`;
    const remediation = `set ${groupMembersSetting(target)}: filter if the app answers \`filter=id eq "G" and members eq "U"\` (each membership is then asked, not read from the list); otherwise review who holds ${entitlement} in the app by hand`;
    findings.push({
      rule: "scim-member-list-cut",
      severity: "warning",
      message: `the member list of group "${group.displayName}" (id ${group.id}) looks cut short: ${evidence}; a member past the cut reads as not a member, so its memberships are not planned from this read (no grant or revoke of ${entitlement})`,
      remediation,
    });
    refuses.push({ entitlement, finding: { rule: "scim-member-list-cut", severity: "warning", message: `grants and revokes of ${entitlement} are not planned: the app's member list of "${group.displayName}" looks cut short`, remediation } });
  }
  return { findings, refuses };
}
