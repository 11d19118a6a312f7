// Which member accepted an invitation sent to an e-mail address, from two reads side by side: the
// one a state file holds and the one about to replace it (state pull, import) or to be planned
// from (a live plan). GitHub gives the member no trace of the address
// (model/accepted-invitation.ts), so without this, an active person's accepted invitation became
// an account that "matches no identity", and their leaving offboarded nothing.
//
// An invitation that is gone from the later read was not accepted, and no member is ever recorded
// for it (nor is a record of it carried), whatever else the reads show (a member that fits it, or
// whose SAML NameID is its address), when:
// - the later read lists it as failed (GitHub's failed_invitations, whatever its failed_reason:
//   expired after 7 days, or any other failure GitHub lists there); taken for an acceptance, a
//   member an owner added by hand that week was offboarded as the invitee when she left, and
//   import wrote his login into her file;
// - scopesync cancelled it (its apply journal: targets/cancelled-invitations.ts). A leaver's
//   invitation that apply cancelled left the pending list as an accepted one does.
// An invitation an owner cancelled by hand, which GitHub lists nowhere, cannot be told from an
// accepted one: its only record is a `fit` guess (never acted on) or a SAML NameID naming the
// address, which the IdP asserts whichever way the member joined.
//
// For any other invitation gone from the later read, a member new in it (its user id is not in the
// earlier one) is recorded:
// - `saml` where the org's SAML identity of a new member names the address (options.saml): the IdP
//   asserts whose account it is, and that alone decides;
// - `fit` otherwise, for each new member holding what accepting gives: the invitation's role, and
//   at least its teams ("the invitee will be added to the teams" on acceptance:
//   https://docs.github.com/en/rest/orgs/members#create-an-organization-invitation). A guess, so it
//   is only said (email-invitation-accepted), never acted on (model/accepted-invitation.ts).
// A later read carries the record of a member the earlier one already had, unless it lists the
// invitation as failed.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ACCEPTED_INVITATION, ACCEPTED_INVITATION_ATTRIBUTES, ACCEPTED_INVITATION_BY, ACCEPTED_INVITATION_EMAIL, ACCEPTED_INVITATION_SEEN } from "../model/accepted-invitation.js";
import { isDeprovisioned } from "../model/deprovisioned-account.js";
import { ScopesyncError } from "../model/errors.js";
import { GITHUB_OWNER_ROLE } from "../model/github-owners.js";
import { INVITED_EMAIL, invitationIdOf } from "../model/invited-email.js";
import { emailKey } from "../model/keys.js";
import { OUTSIDE_COLLABORATOR } from "../model/non-member-accounts.js";
import type { TargetAccount, TargetState } from "../model/target-state.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { cancelledInvitations } from "./cancelled-invitations.js";
import { journalNames } from "./renamed-targets.js";
import type { TargetRead } from "./read-targets.js";
import { readStateFile, statePath } from "./state-file.js";

/** The NameID of the member's SAML identity, as the GitHub read writes it (options.saml). */
const SAML_NAME_ID = "samlNameId";

const isEmailInvitation = (a: TargetAccount): boolean => invitationIdOf(a.id) !== undefined && Boolean(a.attributes[INVITED_EMAIL]);

/** A member that joined by accepting something: not a pending invitation, an outside collaborator or an IdP-deprovisioned hash. */
const isPlainMember = (a: TargetAccount): boolean => a.active && a.attributes.pending !== "true" && a.attributes[OUTSIDE_COLLABORATOR] !== "true" && invitationIdOf(a.id) === undefined && !isDeprovisioned(a);

/** Holds what accepting `invitation` gives: its role exactly (owner or not), and each of its teams. */
function fits(member: TargetAccount, invitation: TargetAccount): boolean {
  if (member.entitlements.includes(GITHUB_OWNER_ROLE) !== invitation.entitlements.includes(GITHUB_OWNER_ROLE)) return false;
  return invitation.entitlements.filter((e) => e.startsWith("team:")).every((e) => member.entitlements.includes(e));
}

/**
 * `later` with the accepted-invitation record on each member that may have accepted an e-mail
 * invitation `earlier` holds and `later` does not (neither failed nor in `cancelled`, the ones
 * scopesync cancelled: cancelledInvitations()), and with the records `earlier` holds carried to
 * the same accounts. `later` itself when there is nothing to record (the common case: no copy).
 */
export function withAcceptedInvitations(earlier: TargetState | undefined, later: TargetState, readAt: string, cancelled: ReadonlySet<string> = new Set()): TargetState {
  if (!earlier) return later;
  const laterIds = new Set(later.accounts.map((a) => a.id));
  // Never accepted: listed as failed, or cancelled by scopesync (`cancelled`: invitation account ids).
  const failed = new Set([...(later.failedInvitations ?? []), ...cancelled]);
  const gone = earlier.accounts.filter((a) => isEmailInvitation(a) && !laterIds.has(a.id) && !failed.has(a.id));
  const carried = new Map(earlier.accounts.flatMap((a) => { const r = carriedRecord(a, failed); return r ? [[a.id, r] as const] : []; }));
  if (gone.length === 0 && carried.size === 0) return later;
  const earlierIds = new Set(earlier.accounts.map((a) => a.id));
  const fresh = later.accounts.filter((a) => isPlainMember(a) && !earlierIds.has(a.id));
  const found = new Map<string, { invitations: TargetAccount[]; asserted: boolean }>(); // member id → the invitations it may have accepted
  for (const invitation of [...gone].sort((a, b) => cmp(a.id, b.id))) {
    const address = emailKey(invitation.attributes[INVITED_EMAIL]!);
    const asserted = fresh.filter((m) => m.attributes[SAML_NAME_ID] !== undefined && emailKey(m.attributes[SAML_NAME_ID]) === address);
    for (const m of asserted.length > 0 ? asserted : fresh.filter((f) => fits(f, invitation))) {
      const before = found.get(m.id);
      found.set(m.id, { invitations: [...(before?.invitations ?? []), invitation], asserted: (before?.asserted ?? true) && asserted.length > 0 });
    }
  }
  if (found.size === 0 && ![...carried.keys()].some((id) => laterIds.has(id))) return later;
  const seen = `${earlier.readAt}/${readAt}`;
  const accounts = later.accounts.map((a) => {
    const record = found.get(a.id);
    if (record) {
      const { invitations, asserted } = record;
      return { ...a, attributes: { ...a.attributes, [ACCEPTED_INVITATION]: invitations.map((i) => i.id).join(" "), [ACCEPTED_INVITATION_EMAIL]: invitations.map((i) => i.attributes[INVITED_EMAIL]!).join(" "), [ACCEPTED_INVITATION_SEEN]: seen, [ACCEPTED_INVITATION_BY]: asserted ? "saml" : "fit" } };
    }
    const before = carried.get(a.id);
    if (!before || a.attributes[ACCEPTED_INVITATION]) return a;
    return { ...a, attributes: { ...a.attributes, ...before } };
  });
  return { ...later, accounts };
}

/**
 * The record `account` carries, for a later read to carry too: without the invitations that read
 * lists as failed (a record an earlier version made for an invitation that in fact expired), and
 * none when no invitation is left.
 */
function carriedRecord(account: TargetAccount, failed: ReadonlySet<string>): Record<string, string> | undefined {
  const ids = (account.attributes[ACCEPTED_INVITATION] ?? "").split(" ").filter((s) => s !== "");
  const emails = (account.attributes[ACCEPTED_INVITATION_EMAIL] ?? "").split(" ").filter((s) => s !== "");
  if (ids.length === 0) return undefined;
  const kept = ids.flatMap((id, i) => (failed.has(id) ? [] : [{ id, email: emails[i] }]));
  if (kept.length === 0) return undefined;
  const record: Record<string, string> = Object.fromEntries(ACCEPTED_INVITATION_ATTRIBUTES.filter((k) => account.attributes[k] !== undefined).map((k) => [k, account.attributes[k]!]));
  if (kept.length === ids.length) return record;
  if (kept.some((k) => k.email === undefined)) return undefined; // malformed: ids and addresses do not pair
  return { ...record, [ACCEPTED_INVITATION]: kept.map((k) => k.id).join(" "), [ACCEPTED_INVITATION_EMAIL]: kept.map((k) => k.email!).join(" ") };
}

/**
 * The state file about to be replaced, for withAcceptedInvitations: none when there is no file yet;
 * `problem` (its one-line error) when it cannot be read, for the caller to say, since what was
 * accepted since it was written is then unknown.
 */
export function earlierState(repoDir: string, path: string, target: string): { state?: TargetState; problem?: string } {
  if (!existsSync(resolve(repoDir, path))) return {};
  try {
    return { state: readStateFile(repoDir, path, target) };
  } catch (e) {
    if (e instanceof ScopesyncError) return { problem: e.message };
    throw e;
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `reads` (live), with each GitHub read compared to its target's state file in the working tree:
 * a live read alone carries no record (GitHub has none), so without this a live plan lost what
 * state pull recorded, and missed an acceptance since the last pull. A file that is there but
 * malformed stops the run, as it would an offline plan: a leaver's offboarding is not decided on a
 * guess. No file: nothing to compare with. `journalPath`: the apply journal whose cancellations
 * are no acceptance (apply passes its own, `--journal` or the Action's).
 */
export function withAcceptedInvitationsLive(repo: PolicyRepo, repoDir: string, reads: Map<string, TargetRead>, journalPath: string): Map<string, TargetRead> {
  for (const [name, read] of reads) {
    const target = repo.config.value.targets[name];
    if (target?.type !== "github") continue;
    const path = statePath(name, target);
    if (!existsSync(resolve(repoDir, path))) continue;
    reads.set(name, { ...read, state: withAcceptedInvitations(readStateFile(repoDir, path, name), read.state, read.state.readAt, cancelledInvitations(journalPath, journalNames(repo.config.value, name))) });
  }
  return reads;
}
