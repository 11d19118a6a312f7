// A member the target's reads recorded as having accepted an invitation sent to an e-mail address
// (model/accepted-invitation.ts), that no identity links. GitHub gives the member no trace of the
// address, so this is the only thing that ties the account to the person the invitation was for.
// It is an inference from two reads (the invitation went, a new member with its role and teams
// came), so it is used the fail-closed way only:
// - the address is of people who all lose access here (invitation-owners.ts decides that, as for a
//   pending invitation): the member is offboarded with them, the reason saying how it is known;
// - anyone else (the person is active, the record names several invitations, several members fit
//   one invitation): nothing is linked, granted or taken away, and the finding
//   email-invitation-accepted names the member and the people, so that a reviewer links them.
import type { Finding } from "../model/finding.js";
import { acceptedInvitationsOf, ACCEPTED_INVITATION_SEEN, type AcceptedInvitation } from "../model/accepted-invitation.js";
import type { TargetAccount } from "../model/target-state.js";

/** invitation account id → how many accounts of the target carry it in their record. */
export function acceptedCounts(accounts: readonly TargetAccount[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of accounts) for (const r of acceptedInvitationsOf(a)) counts.set(r.invitation, (counts.get(r.invitation) ?? 0) + 1);
  return counts;
}

/** The one invitation `account` accepted, when its record names one only and no other account names it too. */
export function soleAcceptance(account: TargetAccount, counts: ReadonlyMap<string, number>): AcceptedInvitation | undefined {
  const records = acceptedInvitationsOf(account);
  return records.length === 1 && counts.get(records[0]!.invitation) === 1 ? records[0] : undefined;
}

/** "between the reads of 2026-12-02T08:00:00.000Z and 2026-12-03T07:00:00.000Z" */
export function seenBetween(account: TargetAccount): string {
  const [from, to] = (account.attributes[ACCEPTED_INVITATION_SEEN] ?? "").split("/");
  return from && to ? `between the reads of ${from} and ${to}` : "between two reads";
}

/** How the member is known to have accepted the invitation, for reasons and findings. */
export function acceptanceEvidence(account: TargetAccount, r: AcceptedInvitation): string {
  return `"${account.login}" joined ${seenBetween(account)}, when the e-mail invitation ${r.invitation} sent to ${r.email} went, and holds its role and teams (GitHub gives a member no trace of the address it was invited at)`;
}

/**
 * The finding for a recorded member that is left unlinked. `people`: the identities whose address
 * each invitation was sent to, by address (those keeping access here, or undecided).
 */
export function acceptedUnlinkedFinding(app: string, account: TargetAccount, counts: ReadonlyMap<string, number>, people: (address: string) => string[], loginAttribute: string, location: string): Finding {
  const records = acceptedInvitationsOf(account);
  const named = records.map((r) => {
    const whose = people(r.email);
    return { ...r, whose, said: `${r.invitation} to ${r.email}${whose.length > 0 ? ` (${whose.join(" and ")})` : " (nobody in the sources)"}` };
  });
  const all = [...new Set(named.flatMap((n) => n.whose))].sort();
  const sole = soleAcceptance(account, counts);
  const others = records.some((r) => (counts.get(r.invitation) ?? 0) > 1) ? "; another new member fits too" : "";
  const message = sole
    ? `${app} account ${acceptanceEvidence(account, sole)}: it is very likely ${named[0]!.whose.length > 0 ? named[0]!.whose.join(" or ") : "the invitee"}'s, but nothing links it, so it is left as an unmanaged account`
    : `${app} account "${account.login}" joined ${seenBetween(account)}, when more than one e-mail invitation it fits went (${named.map((n) => n.said).join(", ")})${others}: whose it is is unknown, so it is left as an unmanaged account`;
  const who = all.length === 1 ? all[0]! : "the person";
  return {
    rule: "email-invitation-accepted",
    severity: "warning",
    identity: all.length === 1 ? all[0]! : account.login,
    message,
    remediation: sole
      ? `if it is ${who}'s, write ${loginAttribute}: ${account.login} in a hand-written overlay of ${who}, or, for an imported app, run scopesync import again (it links the member by this); if it is not, leave it (the plan offboards it with ${who} should they leave)`
      : `find out whose it is and write ${loginAttribute}: ${account.login} in a hand-written overlay of theirs: until then, nobody's leaving offboards it`,
    location,
    controls: ["NIST-SP800-53-AC-2(3)"],
  };
}
