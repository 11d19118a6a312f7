import { exportChecks } from "../model/export-checks.js";
import type { AppPolicyDoc } from "../model/documents.js";
import type { Change } from "../model/change.js";
import { loginOf, type Identity } from "../model/identity.js";
import { emailKey, normaliseLogin, sourceOfRef } from "../model/keys.js";
import { INVITED_EMAIL } from "../model/invited-email.js";
import { nonMemberKind } from "../model/non-member-accounts.js";
import type { TargetAccount } from "../model/target-state.js";
import { absenceUnknown, type AbsenceUnknown } from "../model/unknown-absence.js";
import { offboarding } from "../policy/lifecycle.js";
import type { DepartedAtBase } from "../resolve/base-logins.js";
import { loginAttribute } from "./account-attributes.js";
import type { AccountLinks } from "./account-links.js";
import { markOf } from "./account-marks.js";
import type { AccountOffboarding } from "./account-offboarding.js";
import type { AppDecision } from "./decision.js";
import { unlinkedDecision } from "./decision-record.js";
import type { DiffIndex, IdentityLogins } from "./diff-index.js";
import type { DiffOutput } from "./diff-output.js";
import { DeprovisionedAccounts } from "./deprovisioned-accounts.js";
import { duplicateAccountLink } from "./duplicate-account-link.js";
import { earlierLogin } from "./earlier-login.js";
import type { EntitlementTable } from "./entitlement-table.js";
import type { GonePerson } from "./gone-people.js";
import { goneLogins } from "./gone-logins.js";
import { addressOwners, invitationFate, type AddressOwner } from "./invitation-owners.js";
import { acceptanceEvidence, acceptedCounts, acceptedUnlinkedFinding, soleAcceptance } from "./accepted-invitations.js";
import { acceptanceAsserted, acceptedInvitationsOf } from "../model/accepted-invitation.js";
import { nonMemberOf, unmatchedNonMember } from "./non-member-accounts.js";
import type { TargetContext } from "./target-context.js";
import type { TargetCredentials } from "./target-credentials.js";
import type { KeptAccess, UnmanagedDirectPrivilege } from "./unmanaged-direct-privilege.js";
import { journalOwner, removedWord } from "./undone-offboardings.js";
import { loginProblem } from "./login-invalid.js";
import { codePoints, loginForReview } from "../model/look-alike-logins.js";

/**
 * An account anchored in a source whose absences decide nothing (it failed its gates, or its export
 * cannot be proven complete), whose record that export lacks. `name` is the person's id where the
 * accepted snapshot or an overlay knows it, else the anchor; `login` and `target` say whose account
 * it is as the target itself does, so that a reviewer without a snapshot still sees who.
 */
export interface Unaccounted { source: string; anchor: string; name: string; target: string; login: string }

/** What deciding the unlinked accounts of one target reads and writes: the pieces of its diff (diff-target.ts). */
export interface UnlinkedParts {
  ctx: TargetContext;
  policyAt: string;
  index: DiffIndex;
  /** The identities' logins here, as linking used them (with SAML and invitation links). */
  logins: IdentityLogins;
  links: AccountLinks;
  table: EntitlementTable;
  out: DiffOutput;
  credentials: TargetCredentials;
  offboarding: AccountOffboarding;
  /** Privilege held outside the policy (unmanaged-direct-privilege.ts): an account no one's that stays is said with what it holds. */
  directPrivilege: UnmanagedDirectPrivilege;
  /** Sources whose absences decide nothing (TargetDiffer.unknownAbsence). */
  unknownAbsence: ReadonlySet<string>;
  /** Some source's absences decide nothing: an NHI owner missing from the sources is unknown, not gone. */
  missingUnknown: boolean;
  /** The diff's decisions for `explain`, appended to after the identities'. */
  decisions: AppDecision[];
}

/**
 * The accounts of one target that no identity linked or adopted once every identity was visited:
 * a leaver's (by its mark, an earlier login, a login only the base's files or the gone people
 * had, an e-mail invitation to their address), an NHI's removed from identities/, one whose mark's
 * source decides nothing today (unaccounted), or no one's (unmanaged-account). Each is decided once,
 * in login order, so that the plan is the same whatever order the target listed them in.
 */
export class UnlinkedAccounts {
  /** Accounts whose anchors a gate-failed source did not export: unknown, not gone. */
  readonly unaccounted: Unaccounted[] = [];
  private readonly app: AppPolicyDoc;
  /** The people who left, by their login here, made when an account links to no one. */
  private goneLogins: Map<string, GonePerson[]> | undefined;
  private goneAnchors: Map<string, GonePerson> | undefined;
  /** Normalised e-mail address → whose it is or was (invitation-owners.ts), made when an e-mail invitation links to no one. */
  private addressOwners: Map<string, AddressOwner[]> | undefined;
  /** Invitation → how many accounts are recorded as having accepted it, made when the first such account links to no one. */
  private acceptedCounts: Map<string, number> | undefined;

  /** Accounts the identity provider deprovisioned (renamed to a hash): whose they were, by their id. */
  private readonly deprovisioned: DeprovisionedAccounts;

  constructor(private readonly p: UnlinkedParts) {
    this.app = p.ctx.policy.value;
    this.deprovisioned = new DeprovisionedAccounts(p, (planned, account, outcome, anchor) => this.record(planned, account, outcome, anchor));
  }

  /** Decides every account no identity linked (the one scopesync runs as aside). */
  decideAll(): void {
    const { ctx, links } = this.p;
    const accounts = ctx.state.accounts;
    const runAs = ctx.runAs ? normaliseLogin(ctx.runAs) : undefined;
    // Filtering before the (stable) sort gives the same order as sorting everything, for a fraction of it.
    const unlinked = accounts.filter((_, k) => links.linked[k] === 0).sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
    const markedTwice = this.markedTwice(unlinked);
    for (const account of unlinked) {
      if (runAs && normaliseLogin(account.login) === runAs) continue;
      const base = { account: account.id, login: account.login, ...(account.externalId ? { anchor: account.externalId } : {}) };
      if (account.externalId && ctx.traits.storesExternalId) this.byMark(account, base, markedTwice);
      else if (!this.underEarlierLogin(account, base) && !this.deprovisioned.decide(account, base) && !this.ofDepartedNhi(account, base) && !this.ofGonePerson(account, base) && !this.leaversInvitation(account, base) && !this.acceptedByLeaver(account, base) && !this.offboardedBefore(account, base)) this.unmanaged(account, base);
    }
  }

  /** A marked account whose mark is no identity's: its anchor's source says whether it is a leaver's. */
  private byMark(account: TargetAccount, base: Partial<Change>, markedTwice: Map<string, TargetAccount[]> | undefined): void {
    const { ctx, policyAt, index } = this.p;
    const { app } = this;
    const anchor = account.externalId!;
    const source = sourceOfRef(anchor);
    // Past the snapshot's keep, the journal still knows whose it was: the name its offboarding had.
    const name = index.priorByAnchor.get(anchor) ?? this.goneByAnchor(anchor)?.id ?? this.journalLeaver(account) ?? anchor;
    const twins = markedTwice?.get(anchor);
    if (twins) {
      // Reported once, at the first of them; none is offboarded: which one is the leaver's is unknown.
      const accounts = ctx.state.accounts;
      if (twins[0] === account) this.p.out.findings.push(duplicateAccountLink(name, twins.map((t) => accounts.indexOf(t)), accounts, this.p.links.linked, app.id, policyAt));
      return;
    }
    const mark = markOf(anchor, this.p.unknownAbsence, ctx.sourcesRead);
    if (mark === "nhi") {
      this.p.offboarding.offboard(name, account, { why: "nhi-disabled", reason: `the non-human identity ${anchor} is no longer defined in identities/`, origin: "drift" }, base, undefined);
      this.record(name, account, `offboard: no identity has its anchor ${anchor}; the NHI is no longer defined in identities/`);
    } else if (mark === "failed") {
      this.unaccounted.push({ source, anchor, name, target: ctx.target, login: account.login });
      this.record(name, account, `leave alone: marked ${anchor}, but source "${source}" ${this.absence(source).why}, so its absence decides nothing`);
    } else if (mark === "gone") {
      this.p.offboarding.offboard(name, account, { why: "leaver", reason: `${anchor} is no longer in source "${source}" (the export passed ${exportChecks(ctx.sources[source])})`, origin: "source", lifecycle: "leaver" }, base, undefined, anchor);
      this.record(name, account, `offboard: no identity has its anchor ${anchor}; source "${source}" no longer exports it`);
    } else {
      this.record(name, account, `leave alone: marked ${anchor}, but source "${source}" was not read (finding unknown-anchor)`);
      this.p.out.findings.push({ rule: "unknown-anchor", severity: "warning", message: `${app.id} account "${account.login}" is marked ${anchor}, but no source "${source}" was read; it is left alone`, remediation: "configure the source, or remove the externalId if scopesync should not manage the account", location: policyAt });
    }
  }

  /** An account under a login identities' files gave before and no longer give: offboarded. True when decided here. */
  private underEarlierLogin(account: TargetAccount, base: Partial<Change>): boolean {
    const owners = this.earlierOwners(account);
    if (!owners) return false;
    const attribute = loginAttribute(this.app);
    // A login changed to one no account can be had under ("іngridh" for "ingridh") is a mistake, not
    // a move: login-invalid says so, and the account under the earlier login stays as it is.
    const impossible = owners.find((o) => {
      const now = loginOf(o, attribute);
      return now !== undefined && loginProblem(now, this.p.ctx.loginSyntax) !== undefined;
    });
    if (impossible) {
      this.record(impossible.id, account, `leave alone: the account under ${impossible.id}'s earlier ${attribute}; the ${attribute} it has now, "${codePoints(loginOf(impossible, attribute)!)}", is none ${this.app.target} can have (finding login-invalid)`, impossible.anchor, account.login);
      return true;
    }
    const what = owners.map((earlier) => {
      const at = earlier.provenance[attribute]?.at ?? earlier.definedAt ?? "an overlay";
      const when = earlierLogin(earlier, attribute, account.login)!.when;
      const since = when === "snapshot" ? "since the last accepted snapshot" : `since ${when.ref}`;
      const now = loginOf(earlier, attribute);
      return now === undefined ? `${earlier.id}'s ${attribute} "${account.login}" was removed ${since} (${earlier.definedAt ?? "no overlay gives one now"})` : `${earlier.id}'s ${attribute} changed from "${loginForReview(account.login)}" to "${loginForReview(now)}" ${since} (${at})`;
    });
    const whose = owners.length > 1 ? `no file gives "${account.login}" now, so the account under it is no longer anyone's` : loginOf(owners[0]!, attribute) === undefined ? "the account under it is no longer theirs" : "the account under the earlier login is no longer theirs";
    const reason = `${what.join(", and ")}: ${whose}`;
    const [first] = owners as [Identity, ...Identity[]];
    // Named as the account, not the person: their new account may need the same revoke, and
    // a change's id is its target, action, name and entitlement. Two who had the login (two
    // files named it, a collision then) both lost it: the account is neither's now.
    this.p.offboarding.offboard(`account:${account.login}`, account, { why: "leaver", reason, origin: "policy" }, { ...base, anchor: first.anchor }, owners.length === 1 ? first : undefined);
    for (const earlier of owners) this.record(earlier.id, account, `offboard: the account under ${earlier.id}'s earlier ${attribute} (${reason})`, earlier.anchor, account.login);
    return true;
  }

  /** An account under the login of NHIs the base revision's files defined and no file defines now: offboarded. True when decided here. */
  private ofDepartedNhi(account: TargetAccount, base: Partial<Change>): boolean {
    const { app } = this;
    const departed = this.p.ctx.departedAtBase?.get(loginAttribute(app))?.get(normaliseLogin(account.login));
    if (!departed) return false;
    const [first] = departed as [DepartedAtBase, ...DepartedAtBase[]];
    const who = departed.map((d) => `${d.kind} ${d.id}${d.definedAt ? ` (${d.definedAt})` : ""}`).join(" and ");
    const reason = `${who} had the ${loginAttribute(app)} "${account.login}" at ${first.ref} and no file in identities/ defines ${departed.length === 1 ? "it" : "either"} now: the account under that login is no longer anyone's`;
    this.p.offboarding.offboard(`account:${account.login}`, account, { why: "leaver", reason, origin: "policy" }, { ...base, anchor: first.anchor }, undefined);
    this.record(first.id, account, `offboard: the account of ${departed.map((d) => d.id).join(" and ")}, which the files no longer define (${reason})`, first.anchor);
    return true;
  }

  /** An unmarked account with the login of people who left (gone-people.ts): theirs to lose, unless a source's absence decides nothing. True when decided here. */
  private ofGonePerson(account: TargetAccount, base: Partial<Change>): boolean {
    const gone = this.goneByLogin(account);
    if (!gone) return false;
    const [leaver, ...others] = gone;
    const source = sourceOfRef(leaver!.anchor);
    const whose = others.length === 0 ? `${leaver!.anchor} (${leaver!.id})` : [leaver!, ...others].map((g) => `${g.anchor} (${g.id})`).join(" and ");
    const unknown = gone.find((g) => this.p.unknownAbsence.has(sourceOfRef(g.anchor)));
    if (unknown) {
      // Known to be a person the export lost, whose absence decides nothing: neither a leaver's nor unmanaged.
      const from = sourceOfRef(unknown.anchor);
      this.unaccounted.push({ source: from, anchor: unknown.anchor, name: unknown.id, target: this.p.ctx.target, login: account.login });
      this.record(leaver!.id, account, `leave alone: the login of ${whose} (${leaver!.knownFrom}), but source "${from}" ${this.absence(from).why}, so their absence decides nothing`, leaver!.anchor);
      return true;
    }
    // Two people who both left had this login: whose it was does not matter, they both left.
    const reason = `${whose} ${others.length === 0 ? "is" : "are"} no longer in source "${source}" (the export passed ${exportChecks(this.p.ctx.sources[source])}); the account has ${others.length === 0 ? "their" : "that"} login, as ${leaver!.knownFrom} gives it`;
    this.p.offboarding.offboard(leaver!.id, account, { why: "leaver", reason, origin: "source", lifecycle: "leaver" }, { ...base, anchor: leaver!.anchor }, undefined, leaver!.anchor);
    this.record(leaver!.id, account, `offboard: a leaver's account, found by login (${whose}, ${leaver!.knownFrom})`, leaver!.anchor);
    return true;
  }

  /**
   * An account the apply journal records scopesync took away from a leaver whom no identity and no
   * accepted snapshot knows any more (journalOwner): theirs still, offboarded again under their
   * name, so that an account given back after the snapshot let them go is taken away as it was
   * within the snapshot's keep, with offboarding-undone, and the leavers report finds it. True when
   * decided here.
   */
  private offboardedBefore(account: TargetAccount, base: Partial<Change>): boolean {
    const name = this.journalLeaver(account);
    if (name === undefined) return false;
    const removed = this.p.ctx.offboardings!.byTarget.get(this.p.ctx.target)!.get(name)!.removed!;
    const reason = `${name} left: scopesync ${removedWord(removed, this.p.ctx.traits.disableRemoves === true)} this account for them (${removed.line}), and no source or file in identities/ has them now, nor the last accepted snapshot`;
    this.p.offboarding.offboard(name, account, { why: "leaver", reason, origin: "source", lifecycle: "leaver" }, base, undefined);
    this.record(name, account, `offboard: the account scopesync took away from ${name} (${removed.line}), whom nothing knows now but the apply journal`);
    return true;
  }

  /**
   * Whose `account` the journal says it was (journalOwner), where that name is no identity's now:
   * an identity who has it again would have linked it, and an `account:` name is the unmanaged
   * path's own (it reads the journal under that name).
   */
  private journalLeaver(account: TargetAccount): string | undefined {
    const name = journalOwner(this.p.ctx, account);
    return name !== undefined && !name.startsWith("account:") && !this.p.ctx.byId.has(name) ? name : undefined;
  }

  /**
   * An e-mail invitation no identity linked, sent to an address of people who all lose access here
   * (invitation-owners.ts): cancelled with their offboarding, whatever unmanagedAccounts and
   * emailInvitations say (they govern invitations that match no one). True when decided here.
   */
  private leaversInvitation(account: TargetAccount, base: Partial<Change>): boolean {
    const { ctx, index, unknownAbsence, missingUnknown } = this.p;
    if (!ctx.traits.nonMembers?.includes("email-invitation")) return false;
    const address = account.attributes[INVITED_EMAIL];
    if (!address || nonMemberKind(account, ctx.traits.nonMembers) !== "email-invitation") return false;
    this.addressOwners ??= addressOwners(ctx.identities, ctx.prior, index.gone);
    const owners = this.addressOwners.get(emailKey(address));
    if (!owners) return false;
    const fate = invitationFate(address, owners, {
      identities: ctx.identities,
      // As TargetDiffer.decide does: a disputed or held person is undecided, neither a leaver nor a keeper.
      losing: (identity) => (identity.disputed || (identity.held && identity.status !== "terminated") ? "undecided" : offboarding(identity, this.app, ctx.byId, ctx.now, missingUnknown)),
      sourcesRead: ctx.sourcesRead,
      unknownAbsence,
      sources: ctx.sources,
    });
    if (fate.kind === "not-a-leavers") return false;
    if (fate.kind === "unknown") {
      // A person the export lost, whose absence decides nothing: neither a leaver's nor unmatched.
      this.unaccounted.push({ source: fate.source, anchor: fate.gone.anchor, name: fate.gone.id, target: ctx.target, login: account.login });
      this.record(fate.gone.id, account, `leave alone: an e-mail invitation to the address of ${fate.gone.anchor} (${fate.gone.id}, ${fate.gone.knownFrom}), but source "${fate.source}" ${this.absence(fate.source).why}, so their absence decides nothing`, fate.gone.anchor);
      return true;
    }
    // Named as the account: the person's own account (a member's) is offboarded under their name in this plan too.
    this.p.offboarding.offboard(`account:${account.login}`, account, fate.off, { ...base, anchor: fate.anchor }, fate.identity, fate.goneAnchor);
    this.record(fate.ownerId, account, `offboard: an e-mail invitation sent to ${fate.whose}, who loses access here`, fate.anchor);
    return true;
  }

  /**
   * A member recorded as having accepted an e-mail invitation (accepted-invitations.ts): offboarded
   * with the leavers the address is of only when the org's SAML identity of the member names the
   * address (the record's `saml` evidence), it alone holds that record and the invitation alone
   * names it. A member that only fits the invitation's role and teams may be anyone who joined that
   * week, so it is never taken away: the finding email-invitation-accepted names the member and the
   * people, and it stays unmanaged (false). True when decided here.
   */
  private acceptedByLeaver(account: TargetAccount, base: Partial<Change>): boolean {
    const { ctx, index, unknownAbsence, missingUnknown } = this.p;
    if (!ctx.traits.nonMembers?.includes("email-invitation") || acceptedInvitationsOf(account).length === 0) return false;
    this.acceptedCounts ??= acceptedCounts(ctx.state.accounts);
    this.addressOwners ??= addressOwners(ctx.identities, ctx.prior, index.gone);
    const losing = (identity: Identity) => (identity.disputed || (identity.held && identity.status !== "terminated") ? "undecided" as const : offboarding(identity, this.app, ctx.byId, ctx.now, missingUnknown));
    const sole = soleAcceptance(account, this.acceptedCounts);
    const owners = sole && this.addressOwners.get(emailKey(sole.email));
    const fate = owners ? invitationFate(sole.email, owners, { identities: ctx.identities, losing, sourcesRead: ctx.sourcesRead, unknownAbsence, sources: ctx.sources }) : undefined;
    if (sole && acceptanceAsserted(account) && fate?.kind === "offboard") {
      const off = { ...fate.off, reason: `${acceptanceEvidence(account, sole)}: it is the account of the invitee; ${fate.off.reason}` };
      this.p.offboarding.offboard(`account:${account.login}`, account, off, { ...base, anchor: fate.anchor }, fate.identity, fate.goneAnchor);
      this.record(fate.ownerId, account, `offboard: the member whose SAML identity is the address an e-mail invitation was sent to, ${fate.whose}, who loses access here`, fate.anchor);
      return true;
    }
    if (acceptanceAsserted(account) && fate?.kind === "unknown") {
      this.unaccounted.push({ source: fate.source, anchor: fate.gone.anchor, name: fate.gone.id, target: ctx.target, login: account.login });
      this.record(fate.gone.id, account, `leave alone: the member who accepted an e-mail invitation to the address of ${fate.gone.anchor} (${fate.gone.id}, ${fate.gone.knownFrom}), but source "${fate.source}" ${this.absence(fate.source).why}, so their absence decides nothing`, fate.gone.anchor);
      return true;
    }
    const whose = (address: string): string[] => [...new Set((this.addressOwners!.get(emailKey(address)) ?? []).map((o) => (o.gone ? o.gone.id : ctx.identities[o.index!]!.id)))].sort();
    this.p.out.findings.push(acceptedUnlinkedFinding(this.app.id, account, this.acceptedCounts, whose, loginAttribute(this.app), this.p.policyAt, fate?.kind === "offboard"));
    return false;
  }

  /** No one's account: reported (unmanaged-account), and taken away only as unmanagedAccounts (and, for a non-member, the target's options) say. */
  private unmanaged(account: TargetAccount, base: Partial<Change>): void {
    const { ctx, policyAt, out } = this.p;
    const { app } = this;
    const unmanaged = app.unmanagedAccounts;
    // An outside collaborator or an e-mail invitation: said as such, and removed only where the target's options opt in.
    const nonMember = nonMemberOf(account, ctx.traits);
    if (nonMember) {
      const said = unmatchedNonMember(nonMember, ctx.target, unmanaged, policyAt);
      out.findings.push({ rule: "unmanaged-account", severity: "warning", identity: account.login, message: `${app.id} account "${account.login}" matches no identity${said.consequence}`, remediation: said.remediation, location: policyAt, controls: ["NIST-SP800-53-AC-2(3)"] });
      // Removed as a leaver's non-member is: its credentials first (a deploy key it added outlives the removal).
      if (said.disableReason && account.active) this.p.offboarding.removeUnmanaged(`account:${account.login}`, account, base, said.disableReason, [policyAt]);
      this.record(`account:${account.login}`, account, `unmanaged: matches no identity; ${policyAt} says unmanagedAccounts: ${unmanaged}${said.outcome}`);
      this.privilegeKept(account, said.kept);
      return;
    }
    const fate = this.unmanagedFate(account);
    out.findings.push({ rule: "unmanaged-account", severity: "warning", identity: account.login, message: `${app.id} account "${account.login}" matches no identity${fate.consequence}`, remediation: "if it is the account of someone the sources export, outside this app's scope (the scope adopts an unmarked account only for a person it includes), widen the scope or remove the account; otherwise add the person or NHI to the sources or identities/ with this login, or remove the account", location: policyAt, controls: ["NIST-SP800-53-AC-2(3)"] });
    if (unmanaged === "disable" && ctx.traits.credentialsOnly) {
      // The account is another system's to keep; what scopesync can take away is its keys.
      this.p.credentials.revokeAll(`account:${account.login}`, account, base, (c) => ({ origin: "policy", reason: `unmanaged account (${policyAt}: unmanagedAccounts: disable): its ${c.type} ${c.credentialId ?? c.id} is revoked` }), [policyAt]);
    } else if (unmanaged === "disable") {
      // Offboarded as a leaver's account is: credentials, what the policy manages by name, the disable naming what goes for good, the delete after grace.
      this.p.offboarding.removeUnmanaged(`account:${account.login}`, account, base, `unmanaged account (${policyAt}: unmanagedAccounts: disable)`, [policyAt]);
    }
    this.record(`account:${account.login}`, account, `unmanaged: matches no identity; ${policyAt} says unmanagedAccounts: ${unmanaged}${fate.done}`);
    this.privilegeKept(account, fate.kept);
  }

  /**
   * What unmanagedAccounts does to a member account no identity has, in the finding's words
   * (`consequence`) and explain's (`done`); `kept`: why it keeps its access after the plan, where
   * it does (undefined where the plan disables it, or it is disabled already).
   */
  private unmanagedFate(account: TargetAccount): { consequence: string; done: string; kept?: KeptAccess } {
    const { ctx, policyAt } = this.p;
    const { app } = this;
    if (app.unmanagedAccounts !== "disable") return { consequence: "", done: ", so it is reported (finding unmanaged-account) and left alone", kept: { why: `${policyAt} says unmanagedAccounts: report, so the plan leaves it`, fix: `set unmanagedAccounts: disable in ${policyAt} to have the plan offboard it` } };
    if (ctx.traits.credentialsOnly) return { consequence: "; its credentials will be revoked (unmanagedAccounts: disable)", done: ", so its credentials are revoked (the account is another system's)", kept: { why: `the account is another system's (target "${ctx.target}" governs its credentials only), so unmanagedAccounts: disable revokes its credentials and leaves the rest`, fix: "take it away where the account is administered" } };
    const keys = this.p.credentials.ofAccount(account.id).some((c) => c.status !== "inactive");
    if (account.active) return { consequence: `; ${keys ? "its credentials will be revoked and " : ""}it will be disabled (unmanagedAccounts: disable)`, done: keys ? ", so its credentials are revoked and it is disabled" : ", so it is disabled" };
    const deletes = app.onLeaveScope === "delete" && ctx.traits.supportsDelete;
    const deleted = deletes ? `it is deleted once the ${app.deleteGracePeriod} grace period since its disable has passed` : "";
    const what = [...(keys ? ["its credentials will be revoked"] : []), ...(deleted ? [deleted] : [])].join(", and ");
    return { consequence: what ? `; it is disabled already; ${what} (unmanagedAccounts: disable${deletes ? ", onLeaveScope: delete" : ""})` : "", done: ` (it is disabled already${what ? `; ${what}` : ""})` };
  }

  /**
   * An account no one's that stays, active, after the plan, holding privileged entitlements: said
   * (privilege-held-unmanaged), as it is for a person's. No identity justifies any of it, so what
   * the policy maps counts as much as what it does not (a hand-made org owner).
   */
  private privilegeKept(account: TargetAccount, kept: KeptAccess | undefined): void {
    if (!kept || !account.active) return;
    const finding = this.p.directPrivilege.noOnes(account.login, account.entitlements, kept, this.app.id, this.p.policyAt);
    if (finding) this.p.out.findings.push(finding);
  }

  /** Among accounts no identity linked: externalId → the accounts carrying it, where more than one does. */
  private markedTwice(unlinked: readonly TargetAccount[]): Map<string, TargetAccount[]> | undefined {
    const byMark = new Map<string, TargetAccount[]>();
    for (const a of unlinked) if (a.externalId) (byMark.get(a.externalId) ?? byMark.set(a.externalId, []).get(a.externalId)!).push(a);
    const twice = [...byMark].filter(([, list]) => list.length > 1);
    return twice.length > 0 ? new Map(twice) : undefined;
  }

  /**
   * The people who left whose login this unlinked account has, where the app links by login or the
   * account carries no anchor (gone-people.ts), whose anchor's source was read (one that failed its
   * gates decides nothing about who left: ofGonePerson leaves such an account alone).
   */
  private goneByLogin(account: TargetAccount): GonePerson[] | undefined {
    if (this.p.index.gone.length === 0) return undefined;
    this.goneLogins ??= goneLogins(this.p.index.gone, loginAttribute(this.app), this.p.ctx.sourcesRead);
    return this.goneLogins.get(normaliseLogin(account.login));
  }

  /** The identities whose files gave this unlinked account's login before, and another one (or none) now. */
  private earlierOwners(account: TargetAccount): Identity[] | undefined {
    return this.p.logins.earlier?.get(normaliseLogin(account.login))?.map((i) => this.p.ctx.identities[i]!);
  }

  /** The person who left whose anchor this is, as gone-people.ts knows them (an imported overlay's). */
  private goneByAnchor(anchor: string): GonePerson | undefined {
    if (this.p.index.gone.length === 0) return undefined;
    this.goneAnchors ??= new Map(this.p.index.gone.map((g) => [g.anchor, g]));
    return this.goneAnchors.get(anchor);
  }

  /** Why `source`'s absences decide nothing here: it failed its gates, or its export cannot be proven complete. */
  private absence(source: string | readonly string[]): AbsenceUnknown {
    return absenceUnknown(source, this.p.ctx.sourcesUnproven, this.p.ctx.sourcesFailingGates);
  }

  /** Records what was decided for an account no identity claims, when `explain` asks for its name. */
  private record(planned: string, account: TargetAccount, outcome: string, anchor = account.externalId, earlierLogin?: string): void {
    const { ctx } = this.p;
    // Explain may ask by the name the changes carry, by account:LOGIN, or by the anchor (the account's mark, a leaver's).
    const name = [planned, `account:${account.login}`, ...(anchor ? [anchor] : [])].find((n) => ctx.explain?.has(n));
    if (name === undefined) return;
    this.p.decisions.push(unlinkedDecision({ target: ctx.target, app: this.app.id, table: this.p.table }, name, account, outcome, earlierLogin));
  }
}
