// A target whose read took memberships from its groups' member lists and found every list empty,
// while the plan grants groups to accounts the target already has. Some SCIM apps never list
// members (AWS IAM Identity Center: "GetGroup and ListGroups return an empty member list",
// https://docs.aws.amazon.com/singlesignon/latest/developerguide/getgroup.html): read so, nobody
// holds anything, no revoke is ever planned (a leaver or a mover keeps every group) and every
// membership is granted again on every run. The read cannot tell that app from one whose groups
// are empty, and neither can this check: an app whose accounts were made before scopesync gave
// them their groups looks the same, once, until the first apply fills the groups. So it is a
// warning (it blocks nothing), said only when all of this holds, and a warning that stays after an
// apply is the sign: the app does not list members, and the setting it names reads them otherwise.
import type { Change } from "../model/change.js";
import type { Finding } from "../model/finding.js";
import type { TargetState } from "../model/target-state.js";

export function unlistedMembersFinding(target: string, state: TargetState, changes: readonly Change[], location: string): Finding | undefined {
  const lists = state.memberLists;
  if (!lists || lists.groups === 0 || lists.listingMembers > 0 || state.accounts.length === 0) return undefined;
  const grants = changes.filter((c) => c.action === "grant" && c.account !== undefined);
  if (grants.length === 0) return undefined;
  const accounts = new Set(grants.map((c) => c.account)).size;
  const examples = grants.slice(0, 3).map((c) => `${c.identity} ${c.entitlement ?? ""}`.trim());
  return {
    rule: "scim-group-members-unlisted",
    severity: "warning",
    message: `target "${target}": every one of its ${lists.groups} group(s) came back with no members, yet ${grants.length} grant(s) to ${accounts} account(s) it already has are planned (${examples.join(", ")}${grants.length > examples.length ? ", …" : ""}). If the app does not list members in Group.members (AWS IAM Identity Center does not), nobody is seen to hold any group: these grants come back on every plan and no revoke is ever planned, so leavers and movers keep their groups`,
    remediation: `if the warning stays after an apply, the app does not list members: set ${lists.setting}: filter (asks the app per group and account); if the groups really were empty (accounts made before scopesync granted them), it goes away once this plan is applied`,
    location,
  };
}
