// A member the target's reads recorded as having accepted an invitation sent to an e-mail address
// (model/accepted-invitation.ts), that no identity links. GitHub gives the member no trace of the
// address. Only the org's SAML identity of the member names the person (record `saml`), so only
// that is acted on:
// - `saml`, and the address is of people who all lose access here (invitation-owners.ts decides
//   that, as for a pending invitation): the member is offboarded with them, the reason saying how
//   it is known;
// - anything else (a member that only fits the invitation's role and teams, the person is active,
//   the record names several invitations, several members fit one invitation): nothing is linked,
//   granted or taken away, and the finding email-invitation-accepted names the member and the
//   people, so that someone decides. A member that only fits may be anyone who joined that week (a
//   contractor an owner added): offboarding it as the invitee removed someone else from the org.
import type { Finding } from "../model/finding.js";
import { acceptanceAsserted, acceptedInvitationsOf, ACCEPTED_INVITATION_SEEN, type AcceptedInvitation } from "../model/accepted-invitation.js";
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
  const what = acceptanceAsserted(account) ? `and the org's SAML identity of it has ${r.email} as NameID` : "and holds its role and teams (GitHub gives a member no trace of the address it was invited at)";
  return `"${account.login}" joined ${seenBetween(account)}, when the e-mail invitation ${r.invitation} sent to ${r.email} went, ${what}`;
}

/**
 * The finding for a recorded member that is left unlinked. `people`: the identities whose address
 * each invitation was sent to, by address (those keeping access here, or undecided). `leaving`:
 * they lose access here, and the member would have been offboarded with them had the record named
 * the person (a SAML identity): the finding says that their access stays.
 */
export function acceptedUnlinkedFinding(app: string, account: TargetAccount, counts: ReadonlyMap<string, number>, people: (address: string) => string[], loginAttribute: string, location: string, leaving = false): Finding {
  const records = acceptedInvitationsOf(account);
  const named = records.map((r) => {
    const whose = people(r.email);
    return { ...r, whose, said: `${r.invitation} to ${r.email}${whose.length > 0 ? ` (${whose.join(" and ")})` : " (nobody in the sources)"}` };
  });
  const all = [...new Set(named.flatMap((n) => n.whose))].sort();
  const sole = soleAcceptance(account, counts);
  const asserted = acceptanceAsserted(account);
  const others = records.some((r) => (counts.get(r.invitation) ?? 0) > 1) ? "; another new member fits too" : "";
  const who = all.length === 1 ? all[0]! : "the person";
  const invitee = sole && named[0]!.whose.length > 0 ? named[0]!.whose.join(" or ") : "the invitee";
  // Why nothing is done, and what stays so: the guess never takes access away.
  const stays = leaving
    ? `; ${who} loses access here, but ${who === "the person" ? "their" : `${who}'s`} access there stays until someone writes ${loginAttribute}: ${account.login} in a hand-written overlay of ${who} or removes the member`
    : `; should ${who} leave, nothing takes it away until someone writes ${loginAttribute}: ${account.login} in a hand-written overlay of ${who} or removes the member`;
  const message = sole && asserted
    ? `${app} account ${acceptanceEvidence(account, sole)}: it is ${invitee}'s, but nothing links it, so it is left as an unmanaged account`
    : sole
      ? `${app} account ${acceptanceEvidence(account, sole)}: it may be ${invitee}'s, but so may any member who joined then with that role and those teams (an owner can add one by hand), so nothing links it or takes it away: it is left as an unmanaged account${stays}`
      : `${app} account "${account.login}" joined ${seenBetween(account)}, when more than one e-mail invitation it fits went (${named.map((n) => n.said).join(", ")})${others}: whose it is is unknown, so nothing links it or takes it away: it is left as an unmanaged account${stays}`;
  return {
    rule: "email-invitation-accepted",
    severity: "warning",
    identity: all.length === 1 ? all[0]! : account.login,
    message,
    remediation: sole && asserted
      ? `write ${loginAttribute}: ${account.login} in a hand-written overlay of ${who}, or, for an imported app, run scopesync import again (it links the member by its SAML identity); until then, should ${who} leave, the plan offboards it with them`
      : `ask ${who === "the person" ? "the invitee" : who} which GitHub account is theirs; if it is "${account.login}", write ${loginAttribute}: ${account.login} in a hand-written overlay of ${who} (or answer in import's link proposals); if it is not, leave it, or remove the member if nobody should have it`,
    location,
    controls: ["NIST-SP800-53-AC-2(3)"],
  };
}
