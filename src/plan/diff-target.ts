import { maskChangeTexts } from "./masked-change-texts.js";
import type { AppPolicyDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { emailKey, normaliseLogin, sourceOfRef } from "../model/keys.js";
import { offboarding, ownerUnknownHeld, type Offboarding } from "../policy/lifecycle.js";
import { possibleMemberships, unknownGroupWorlds } from "../policy/groups-unknown.js";
import { compileScope } from "../policy/selector.js";
import { notStartedIn, type NotStarted } from "../policy/pre-start.js";
import { blockedBeforeStartNote } from "../model/blocked-before-start.js";
import { differencesToday, identityToday } from "../policy/before-start.js";
import type { Membership } from "../policy/memberships.js";
import type { TargetAccount } from "../model/target-state.js";
import { CaseOnlyDifferences } from "./case-only-differences.js";
import { attributesOnCreate, attributeUpdates, loginAttribute, mappedAttributes, mappedValue, updateMappings, type UpdateMapping, type WithheldValue } from "./account-attributes.js";
import { attributeSecretShaped } from "./attribute-secret-shaped.js";
import { loginSecretShaped } from "./login-secret-shaped.js";
import type { AppDecision } from "./decision.js";
import type { AttributeChange, Change, Origin } from "../model/change.js";
import type { DiffIndex, IdentityLogins } from "./diff-index.js";
import { EntitlementTable, mappingPosition } from "./entitlement-table.js";
import type { Exclusivity, RoleContest } from "./exclusive-roles.js";
import { RoleContests } from "./role-contests.js";
import { baseUnknownWhy, HeldHigherRoles, heldHigherExplained, heldHigherRole, replacedCustomExplained } from "./held-higher-roles.js";
import { conferredBy } from "./conferred.js";
import { invitationLinkedLogins } from "./invitation-links.js";
import { UnmanagedGroupPrivilege } from "./unmanaged-group-privilege.js";
import { UnmanagedDirectPrivilege } from "./unmanaged-direct-privilege.js";
import { samlLinkedLogins } from "./saml-links.js";
import type { TargetContext } from "./target-context.js";
import { absenceUnknown, absenceUnknownSources, type AbsenceUnknown } from "../model/unknown-absence.js";
import { priorOf } from "../resolve/renames.js";
import { rehireNotStarted } from "./rehire-gap-finding.js";
import { preStartAt } from "./pre-start-at.js";
import { AccountLinks } from "./account-links.js";
import { LoginHolders } from "./login-held.js";
import { accountFields, describeMove, recordEvidence } from "./change-fields.js";
import { identityDecision, type Seen } from "./decision-record.js";
import { DiffOutput } from "./diff-output.js";
import { earlierLogin, formerIdsText } from "./earlier-login.js";
import { membershipReason, needsMembership, nonMemberOf } from "./non-member-accounts.js";
import { TargetCredentials } from "./target-credentials.js";
import { AccountOffboarding, type AccountOff } from "./account-offboarding.js";
import { duplicateAccountLink } from "./duplicate-account-link.js";
import { directoryDisabledKept } from "./directory-disabled-kept.js";
import { directoryDisabled, disabledInWords } from "../model/directory-disabled.js";
import { UnlinkedAccounts, type Unaccounted } from "./unlinked-accounts.js";
import { accountIdConflict, accountLoginTaken, accountRenamed, renamedInWords } from "./renamed-account-findings.js";
import { returnOf } from "./returns.js";
import { loginInvalid } from "./login-invalid.js";
import { type LoginVerdicts, loginVerdicts } from "./login-verdicts.js";
import { codePoints, loginForReview } from "../model/look-alike-logins.js";
import { refusedRoleSlots } from "./custom-role-names.js";

/** No other world: the identity has no unknown group name, or is leaving (a leaver is offboarded all the same). */
const NO_WORLDS: readonly Identity[] = [];

export interface TargetDiff {
  changes: Change[];
  findings: Finding[];
  /**
   * By account position, the identity (index) whose account it is, or -1 (an account the diff gives
   * no identity: unmanaged, a leaver's): the one its externalId links to (as accountOwners in
   * diff-index.ts), or the one the diff linked or adopted it for by login. Worked out while linking, handed on so that the
   * rules see what login-linked accounts hold and need not look 400k externalIds up a second time.
   */
  accountOwners: Int32Array;
  /** Accounts whose anchors a gate-failed source did not export: unknown, not gone. */
  unaccounted: Unaccounted[];
  /** What was decided for the names in `TargetContext.explain`, in the order decided. */
  decisions: AppDecision[];
  /** Group id → the privileged entitlements membership of it gives in this target (EntitlementTable.privilegedByGroup). */
  privilegedGroups: Map<string, string[]>;
}

/**
 * Desired state of each app vs what it holds now → changes. Only accounts scopesync manages
 * (linked by externalId, or adopted by login) and entitlements its policy names are ever touched.
 * All targets are diffed in one pass over the identities: each identity is taken through every app
 * while its data is at hand. With 100k+ identities a pass per app read the same scattered identity
 * objects, logins and memberships once per app; the time went to memory access, not to decisions.
 */
export function diffTargets(contexts: readonly TargetContext[], index: DiffIndex): TargetDiff[] {
  if (contexts.length === 0) return [];
  const { identities } = contexts[0]!;
  if (contexts.some((ctx) => !usableIndex(index, ctx))) throw new Error("diffTargets: the index was built for other identities, apps or prior");
  const differs = contexts.map((ctx) => new TargetDiffer(ctx, index));
  for (let i = 0; i < identities.length; i++) for (const differ of differs) differ.visit(i);
  return differs.map((differ) => differ.finish());
}

/** One target's diff: linked on construction, then each identity visited in order, then finished. */
class TargetDiffer {
  private readonly app: AppPolicyDoc;
  private readonly inScope: Uint8Array;
  private readonly logins: IdentityLogins;
  /** The checks of each identity's login, made once per plan (login-verdicts.ts). */
  private readonly loginVerdicts: LoginVerdicts;
  private readonly mappings: UpdateMapping[];
  /** The mapped values of the identity decided now that look like secrets and are not planned; emptied for each. */
  private readonly withheld: WithheldValue[] = [];
  /** The case corrections not sent because the target compares those attributes without case. */
  private readonly caseOnly = new CaseOnlyDifferences();
  private readonly table: EntitlementTable;
  /** Privilege an account keeps through a group the policy does not manage (unmanaged-group-privilege.ts). */
  private readonly unmanagedPrivilege: UnmanagedGroupPrivilege;
  /** Privilege an account holds directly on an entitlement the policy does not manage (unmanaged-direct-privilege.ts). */
  private readonly directPrivilege: UnmanagedDirectPrivilege;
  // By slot, for the identity at hand: the membership that wants each entitlement, and whether
  // its account holds it. Filled afresh for each identity rather than allocated for each.
  private readonly wanted: (Membership | undefined)[];
  private readonly held: Uint8Array;
  private readonly membershipsAt: readonly (Membership[] | undefined)[];
  /**
   * By slot, 1 for an entitlement only an unknown group name would justify (policy/groups-unknown.ts):
   * neither granted nor revoked. Meaningful only while `keepAny` is set, for the identity decided now.
   */
  private readonly keep: Uint8Array;
  private keepAny = false;
  /** The app's scope, compiled when an identity other than the index's is asked about (scopeOf). */
  private scope: ((identity: Identity) => boolean) | undefined;
  private readonly policyAt: string;
  private readonly out: DiffOutput;
  /** The diff's findings (out.findings), pushed to from everywhere. */
  private readonly findings: Finding[];
  /** Some source failed its gates or cannot be proven complete: an NHI owner missing from the sources is unknown, not gone. */
  private readonly missingUnknown: boolean;
  /** Sources whose absences decide nothing: those that failed a gate, and those that cannot be proven complete. */
  private readonly unknownAbsence: ReadonlySet<string>;
  /** Whether a person in scope has not started here yet (policy/pre-start.ts), asked of each. */
  private readonly notStartedHere: (identity: Identity) => NotStarted | undefined;
  private readonly accounts: readonly TargetAccount[];
  private readonly links: AccountLinks;
  private readonly credentials: TargetCredentials;
  /** The leaver order (account-offboarding.ts), shared with the accounts no identity links (unlinked-accounts.ts). */
  private readonly offboarding: AccountOffboarding;
  // Normalised login → the identity that uses it in this app. Only identities whose login another
  // identity shares can collide, so only they are remembered.
  private readonly loginsTaken = new Map<string, string>();
  private readonly cannotUpdate: string[] = [];
  /** "login:…" or "email:…" → the position of an account marked with the anchor of a source that failed its gates (built when first asked). */
  private failedAnchorLogins: Map<string, number> | undefined;
  /** Accounts holding a login a create or a rename would give the identity decided now (login-held.ts). */
  private readonly loginHolders: LoginHolders;
  /** The rename of the identity decided now that waits for a held login (login-held), said in its update's reason; reset for each. */
  private renameHeld: string | undefined;
  /** Shared logins → the first identity with it that keeps access here (see keptByAnother). */
  private keepers: Map<string, number> | undefined;
  private readonly decisions: AppDecision[] = [];
  private seen: Seen | undefined;
  /** Two roles of one key the identity decided now is wanted (exclusive-roles.ts); emptied for each. */
  private readonly contests: RoleContest[] = [];
  private readonly roleContests: RoleContests;
  /** A wanted role that a higher role of its key, held and not managed, already covers (held-higher-roles.ts). */
  private readonly heldHigher: HeldHigherRoles;
  /** By the slot of each custom role the org does not have as spelt (custom-role-names.ts), the other slots of its repository. */
  private readonly refusedRoles: Map<number, number[]>;

  constructor(
    private readonly ctx: TargetContext,
    private readonly index: DiffIndex,
  ) {
    this.app = ctx.policy.value;
    this.inScope = index.scoped.get(this.app)!;
    // Where the policy links by SAML identity, an identity's login here is its account's (saml-links.ts);
    // an invitation sent to an identity's e-mail address is theirs (invitation-links.ts).
    const samlLinked = samlLinkedLogins(index.logins.get(loginAttribute(this.app))!, ctx.identities, this.app, ctx.state.accounts);
    // Only a target that reads e-mail invitations has any: asking every account of every other
    // target for its attributes would make each (state-columns.ts) build them for nothing.
    this.logins = ctx.traits.nonMembers?.includes("email-invitation") ? invitationLinkedLogins(samlLinked, ctx.identities, ctx.state.accounts) : samlLinked;
    this.loginVerdicts = loginVerdicts(this.logins);
    this.mappings = updateMappings(this.app, (attribute) => index.values.get(attribute)!, ctx.traits, ctx.state.attributeCaseExact);
    const conferred = conferredBy(this.app, ctx.state.groups);
    // A custom role ranks as its base where the read listed them, in a contest and against a role held alike.
    const roles: Exclusivity = { groupNamesIgnoreCase: ctx.traits.groupNamesIgnoreCase, exclusiveEntitlements: ctx.traits.exclusiveEntitlements, exclusiveRanks: ctx.traits.exclusiveRanks, ...(ctx.state.customRoles ? { customRoles: ctx.state.customRoles } : {}) };
    this.table = new EntitlementTable(this.app, ctx.memberships.groups, { ...roles, inherentlyPrivileged: ctx.traits.privilegedEntitlements, ...(ctx.state.privileged ? { targetPrivileged: ctx.state.privileged } : {}) }, conferred, (i) => mappingPosition(ctx.policy, i));
    this.roleContests = new RoleContests(ctx.policy, this.table, roles);
    this.heldHigher = new HeldHigherRoles(this.table.names, roles, (e) => this.table.slotOf(e) !== undefined);
    this.refusedRoles = refusedRoleSlots(this.table.names, ctx.state.customRoles, roles);
    this.unmanagedPrivilege = new UnmanagedGroupPrivilege(this.table, conferred, ctx.state.groups, ctx.traits.groupNamesIgnoreCase ?? false);
    const privilegeOutsidePolicy = ctx.traits.privilegedEntitlements !== undefined || (ctx.state.privileged?.length ?? 0) > 0;
    this.directPrivilege = new UnmanagedDirectPrivilege(this.table, conferred, privilegeOutsidePolicy, (e) => this.unmanagedPrivilege.reports(e));
    this.wanted = new Array<Membership | undefined>(this.table.names.length);
    this.held = new Uint8Array(this.table.names.length);
    this.keep = new Uint8Array(this.table.names.length);
    this.membershipsAt = ctx.memberships.identities === ctx.identities ? ctx.memberships.currentAt : ctx.identities.map((x) => ctx.memberships.current.get(x.id));
    this.policyAt = `${ctx.policy.file}:${ctx.policy.line}`;
    this.unknownAbsence = ctx.sourcesUnproven.size === 0 ? ctx.sourcesFailingGates : new Set(absenceUnknownSources(ctx.sourcesFailingGates, ctx.sourcesUnproven));
    this.missingUnknown = this.unknownAbsence.size > 0;
    this.notStartedHere = notStartedIn(this.app, ctx.now);
    this.accounts = ctx.state.accounts;
    this.out = new DiffOutput(ctx.target);
    this.findings = this.out.findings;
    this.links = new AccountLinks(this.accounts, index, this.logins, ctx.traits.storesExternalId, ctx.identities.length, ctx.remembered);
    this.credentials = new TargetCredentials(ctx, this.app, this.policyAt, this.logins, this.out, this.missingUnknown);
    this.offboarding = new AccountOffboarding(ctx, this.app, this.policyAt, index, this.table, this.out, this.credentials);
    this.loginHolders = new LoginHolders({ app: this.app, policyAt: this.policyAt, accounts: this.accounts, identities: ctx.identities, links: this.links, storesExternalId: ctx.traits.storesExternalId, unknownAbsence: this.unknownAbsence, sourcesRead: ctx.sourcesRead, absence: (source) => this.absence(source), gone: index.gone });
  }

  /** Decides what the identity at position i needs in this app; records why for `explain`. */
  visit(i: number): void {
    if (this.ctx.explain === undefined) {
      this.decide(i);
      return;
    }
    const traced = this.ctx.explain.has(this.ctx.identities[i]!.id);
    this.seen = traced ? { account: undefined, linkedBy: "none", off: undefined } : undefined;
    const outcome = this.decide(i);
    if (traced) this.record(i, outcome);
  }

  /** The decision itself; returns it in words (only `explain` reads them). */
  private decide(i: number): string {
    const { ctx } = this;
    this.roleContests.clear();
    const { linkedTo } = this.links;
    const storesExternalId = ctx.traits.storesExternalId;
    // Most identities are outside any one app and hold no account in it: nothing to decide.
    if (storesExternalId && linkedTo[i] === -1 && !this.inScope[i]) return "nothing: not in scope, and no account in the app";
    const identity = ctx.identities[i]!;
    const claimants = this.links.mayBeClaimedTwice(i) ? this.links.claimants(i) : undefined;
    if (claimants) {
      this.findings.push(duplicateAccountLink(identity.id, claimants, this.accounts, this.links.linked, this.app.id, this.policyAt));
      return "nothing: several accounts claim it (finding duplicate-account-link); none is changed";
    }
    // A renamed account whose id and login evidence disagree (renamed-links.ts): fail-closed.
    const idConflict = this.links.idConflict(i);
    if (idConflict) {
      this.findings.push(accountIdConflict(identity, idConflict, this.app.id, loginAttribute(this.app), this.policyAt));
      return "nothing: its remembered account id and its login point at different accounts or identities (finding account-id-conflict); none is changed";
    }
    // The account a record gave its login was renamed, and someone else took the login: not theirs.
    const taken = this.links.loginTaken(i);
    if (taken) this.findings.push(accountLoginTaken(identity, taken, this.accounts[taken.account]!, this.app.id, loginAttribute(this.app), this.policyAt));
    const scoped = this.inScope[i] === 1;
    const linked = this.links.linkedAccount(i);
    // A discovered NHI that is nobody's account here can still hold a credential here (a GitHub deploy
    // key or token grant, read under the member who made it): one that loses access loses that.
    // A disputed one (two files claim its record: nhi-claimed-twice) loses nothing until that is settled.
    if (linked < 0 && identity.discoveredBy !== undefined && !identity.disputed && identity.credentials?.length && ctx.traits.supportsCredentials) {
      const revoked = this.credentials.revokeHeldByNhi(identity);
      if (revoked) return revoked;
    }
    if (linked < 0 && !scoped) return "nothing: not in scope, and no account in the app";
    // A held person the accepted snapshot already shows as a leaver is offboarded all the same: an
    // export that passed its gates decided that, and taking access away is never the unsafe side.
    if (identity.disputed || (identity.held && identity.status !== "terminated")) {
      // Disputed: its record may be someone else's. Held: a source that failed its gates lost its
      // record (resolve/held.ts). Either way no account, no grant, no revoke until that is settled.
      if (linked >= 0) this.links.take(i, linked);
      if (this.seen && linked >= 0) this.seen = { account: this.accounts[linked], linkedBy: linkedTo[i] !== -1 ? "anchor" : "login", off: undefined };
      if (identity.disputed) return "nothing: its source record is disputed (finding disputed, split-record-unclear, or nhi-claimed-twice); no change until a person decides";
      const { why, until } = this.absence(identity.held!);
      return `nothing: ${identity.held!.join(" and ")} ${why} and no longer exports this person (finding source-person-held); no change ${until}`;
    }
    // A settled person (diff-index.ts) loses nothing and waits for nothing here: not asked again per app.
    const settled = this.index.settled[i] === 1;
    const off = settled ? undefined : offboarding(identity, this.app, ctx.byId, ctx.now, this.missingUnknown);
    if (identity.undeclared === "report" && !off) {
      // Discovered, declared in no file: reported (nhi-undeclared), never given an account by discovery alone.
      if (linked >= 0) this.links.take(i, linked);
      return "nothing: discovered and declared in no file (finding nhi-undeclared); no change until a reviewed file declares it";
    }
    // An NHI whose owners its system names and no one knows (lifecycle.ts ownerUnknownHeld): no new
    // offboarding, and no new access either: an account a quarantine disabled is not enabled again.
    if (!off && ownerUnknownHeld(identity, ctx.byId, ctx.now)) {
      if (linked >= 0) this.links.take(i, linked);
      return "nothing: its system names an owner no person goes by (finding nhi-owner-active); no account, enable or grant, and nothing taken away, until the owner is known";
    }
    // In scope in one world of a group name two groups share and not in another (policy/groups-unknown.ts):
    // an include that names it would bring them in, or an exclude that names it would keep them out.
    // The name is unknown, so the account stays as it is: no create, enable or grant, and no
    // disable or revoke either.
    const worlds = off ? NO_WORLDS : unknownGroupWorlds(identity);
    if (worlds.length > 0) {
      const inScope = compileScope(this.app.scope);
      if (worlds.some((w) => inScope(w) !== scoped)) {
        if (linked >= 0) this.links.take(i, linked);
        const how = scoped ? "out of scope were it the name of their group (a scope.exclude names it)" : "in scope only were it the name of their group";
        return `nothing: ${how}, and the group name ${identity.groupsUnknown!.map((n) => JSON.stringify(n)).join(", ")} means no one group today (finding group-name-ambiguous); the account stays as it is (no account, enable or grant, and nothing taken away) until the policy names the group by id or a reviewer rebinds the name (groupNames)`;
      }
    }
    // An account found only by a login that an identity keeping access here names too (a disabled
    // bot's file copied from an active one's, a leaver's overlay naming a colleague's GitHub
    // login) is the keeper's: the one losing access must not offboard it, whichever is visited first.
    if ((off || (!scoped && this.app.onLeaveScope !== "keep")) && linked >= 0 && linkedTo[i] === -1 && this.logins.shared[i]) {
      const kept = this.keptByAnother(i, identity);
      if (kept) return kept;
    }
    // An unmarked account with the login of someone who loses access is theirs to lose, in scope
    // or not: left alone, a leaver's account stayed active as "unmanaged" (the first plan after
    // adoption by hand-written policy, before any account carried an anchor).
    const current = this.links.claimAccount(i, linked, scoped && !off ? "in scope" : off ? "losing access" : undefined);
    if (this.seen) this.seen = { account: current, linkedBy: linked >= 0 ? (linkedTo[i] !== -1 ? "anchor" : "login") : current ? "adopted" : "none", off };
    // Between employments in an app whose scope has them: said, with the day access comes back.
    if (off?.rehire && scoped) this.findings.push(rehireNotStarted(identity, off.rehire, this.app, this.policyAt, preStartAt(this.ctx.policy, "access"), current));
    // No account, but a credential the target lists under its login (a deploy key whose adder
    // left the org, by hand or by an apply whose revoke of it failed): still theirs to lose.
    if (!current && this.credentials.holders && (off || (!scoped && this.app.onLeaveScope !== "keep"))) {
      const revoked = this.credentials.revokeHeldByLogin(i, identity, off);
      if (revoked) return revoked;
    }
    if (!current && (!scoped || off)) return off ? `nothing: it loses access (${off.why}) and has no account in the app` : "nothing: not in scope, and no account in the app";
    const move = this.index.moves?.[i];
    const login = this.logins.login[i];
    // A conversion entered ahead (policy/before-start.ts): out of this app's scope from the new
    // employment on, in it today. Until that employment's access begins here, the account is not offboarded.
    const waitingToday = !off && current && identity.beforeStart && !settled ? this.notStartedHere(identity) : undefined;
    const today = waitingToday ? identityToday(identity) : undefined;
    if (current && today && !scoped && this.scopeOf(today)) return this.beforeStart(i, identity, today, current, waitingToday!, worlds, move, login);
    if (current && (off || !scoped)) return this.leave(i, identity, current, off, move, login);
    if (ctx.traits.credentialsOnly) return current ? this.credentials.govern(identity, current, login) : "nothing: no account in the app, and the app's accounts are made outside scopesync (credentialsOnly)";
    const refused = this.loginRefused(i, identity, current);
    if (refused) return refused;
    this.contests.length = 0;
    this.table.fillWanted(this.membershipsAt[i] ?? [], this.wanted, this.contests);
    this.fillKeep(worlds);
    if (this.contests.length > 0) this.settleContests(identity);
    if (this.refusedRoles.size > 0) this.keepRefusedRoleKeys();
    // A joiner whose hire date has not come (less the app's lead time): no account, enable or grant yet.
    const waiting = settled ? undefined : this.notStartedHere(identity);
    if (waiting && current && today) return this.beforeStart(i, identity, today, current, waiting, worlds, move, login);
    if (waiting) return this.notStarted(identity, current, waiting, move, login);
    if (!current) {
      const lost = this.accountOfFailedSource(this.logins.key[i], identity);
      if (lost) {
        const { why, unproven } = this.absence(sourceOfRef(lost.externalId!));
        return `nothing: the account ${lost.login} is marked ${lost.externalId}, whose source ${why}, and has this person's login or e-mail address: it may be theirs; no account is made ${unproven ? "until its export is proven complete" : "until that source passes"}`;
      }
    }
    if (!current) {
      const held = this.loginHeld(identity, login!);
      if (held) return held;
    }
    // On leave (or only because a directory shows the account disabled), in an app that keeps people
    // on leave: the privileged access they keep is said (directory-disabled-kept.ts), never silent.
    if (identity.status === "suspended" && this.app.accounts.onSuspended === "keep") this.disabledButKept(identity);
    return current ? this.converge(i, identity, current, login!, move) : this.create(identity, login!, move);
  }

  /** directory-disabled-access-kept (or leave-privilege-kept) for the privileged entitlements the identity holds after this plan (its groups justify them). */
  private disabledButKept(identity: Identity): void {
    const privileged: string[] = [];
    for (let slot = 0; slot < this.wanted.length; slot++) if (this.wanted[slot] && this.table.privileged[slot]) privileged.push(this.table.names[slot]!);
    const finding = directoryDisabledKept(identity, this.ctx.policy, privileged.sort());
    if (finding) this.findings.push(finding);
  }

  /** login-held for a create (login-held.ts): no account is made under a login a marked account holds. */
  private loginHeld(identity: Identity, login: string): string | undefined {
    const k = this.loginHolders.forCreate(login);
    if (k === undefined) return undefined;
    const { finding, said } = this.loginHolders.finding(identity, login, k, { create: true });
    this.findings.push(finding);
    return said;
  }

  /** Why `source`'s absences decide nothing here: it failed its gates, or its export cannot be proven complete. */
  private absence(source: string | readonly string[]): AbsenceUnknown {
    return absenceUnknown(source, this.ctx.sourcesUnproven, this.ctx.sourcesFailingGates);
  }

  /**
   * An account with this login marked by a source that failed its quality gates, and so left alone:
   * the person the export lost may be the one another source now gives without that mark (without
   * a snapshot to say so, src/resolve/held.ts cannot tell). Making them a second account would
   * leave two, one of them the lost record's.
   */
  private accountOfFailedSource(loginKey: string | undefined, identity: Identity): TargetAccount | undefined {
    if (!this.missingUnknown || identity.kind !== "person" || !this.ctx.traits.storesExternalId) return undefined;
    if (!this.failedAnchorLogins) {
      // By login and by e-mail address: the other source may give the person another login (an Entra UPN).
      this.failedAnchorLogins = new Map();
      this.accounts.forEach((a, k) => {
        if (!a.externalId || !this.unknownAbsence.has(sourceOfRef(a.externalId))) return;
        this.failedAnchorLogins!.set(`login:${normaliseLogin(a.login)}`, k);
        const email = a.attributes.email;
        if (typeof email === "string" && email !== "") this.failedAnchorLogins!.set(`email:${emailKey(email)}`, k);
      });
    }
    if (this.failedAnchorLogins.size === 0) return undefined;
    const emails = identity.attributes.emails;
    const keys = [...(loginKey !== undefined ? [`login:${loginKey}`] : []), ...(Array.isArray(emails) ? emails.map((e) => `email:${emailKey(e)}`) : [])];
    for (const key of keys) {
      const k = this.failedAnchorLogins.get(key);
      // Only an account no identity holds the anchor of (the export lost its record), whatever the order identities are visited in.
      if (k === undefined || this.links.accountOwners[k] !== -1) continue;
      // A reviewed decision that they are two people (identities/links.yaml, separate) is final.
      const apart = this.ctx.separate?.get(this.accounts[k]!.externalId!);
      if (!apart || !identity.records.some((r) => apart.has(r))) return this.accounts[k];
    }
    return undefined;
  }

  /**
   * Identity i loses access here, but another identity that keeps it names the same login: the
   * account is left to that one, and a login-collision error says that two files name one login
   * (which one is whose is the reviewer's to say). Undefined when no identity keeps it.
   */
  private keptByAnother(i: number, identity: Identity): string | undefined {
    const { ctx, app, policyAt } = this;
    if (!this.keepers) {
      this.keepers = new Map();
      const { key, shared } = this.logins;
      for (let j = 0; j < key.length; j++) {
        if (!shared[j] || this.inScope[j] !== 1 || this.keepers.has(key[j]!)) continue;
        const other = ctx.identities[j]!;
        // Nothing changes for a disputed or held identity either (decide: a held leaver is still offboarded).
        const frozen = other.disputed || (other.held !== undefined && other.status !== "terminated");
        if (!frozen && offboarding(other, app, ctx.byId, ctx.now, this.missingUnknown)) continue;
        this.keepers.set(key[j]!, j);
      }
    }
    const j = this.keepers.get(this.logins.key[i]!);
    if (j === undefined || j === i) return undefined;
    const keeper = ctx.identities[j]!;
    const attribute = loginAttribute(app);
    const login = this.logins.login[i]!;
    // The login may be no file's: the base's or the snapshot's, kept for a leaver whose overlay went.
    const from = identity.provenance[attribute];
    const fromFile = from === undefined || from.source === "file";
    const files = [identity, keeper].filter((x) => x.definedAt !== undefined && (x !== identity || fromFile)).map((x) => `${x.id}'s (${x.definedAt})`);
    this.findings.push({
      rule: "login-collision",
      severity: "error",
      identity: identity.id,
      message: `${identity.id} (${identity.status}) and ${keeper.id} both have the ${attribute} "${login}" in ${app.id}${fromFile ? "" : ` (${identity.id}'s from ${from.at})`}: the account under it is left to ${keeper.id}, who keeps access, and nothing is offboarded for ${identity.id}`,
      remediation: files.length > 1
        ? `correct the file that gives a login that is not its identity's: ${files.join(", or ")}`
        : `if "${login}" is not ${identity.id}'s, give ${identity.id} an overlay with their own ${attribute}; if it is, correct ${files[0] ?? `${keeper.id}'s file`}`,
      location: (fromFile ? identity.definedAt : undefined) ?? keeper.definedAt ?? policyAt,
    });
    return `nothing: ${keeper.id}, who keeps access here, names the same login "${login}" (finding login-collision)`;
  }

  /** An account whose identity left (the sources or the app's scope) is offboarded, unless kept. */
  private leave(i: number, identity: Identity, current: TargetAccount, off: Offboarding | undefined, move: Record<string, AttributeChange> | undefined, login: string | undefined): string {
    const { policyAt } = this;
    const action = this.app.onLeaveScope;
    // Found by its remembered id under the login the person renamed it to: said in the reason and a finding.
    const renamed = off || action !== "keep" ? this.links.renamedFrom(i, current) : undefined;
    if (renamed) this.findings.push(accountRenamed(identity, renamed, current, this.app.id, loginAttribute(this.app), true, policyAt));
    const was = renamed ? `; ${renamedInWords(renamed, current)}` : "";
    if (off) {
      const after = this.offboard(identity, current, was ? { ...off, reason: `${off.reason}${was}` } : off, accountFields(identity, current, login));
      return `offboard (${off.why}): credentials, then entitlements, then the account${renamed ? `, found by its remembered id under "${current.login}"` : ""}; ${after}`;
    }
    if (action === "keep") return `keep: no longer in scope, and ${policyAt} says onLeaveScope: keep`;
    const reason = `${move ? `mover: ${describeMove(move)}; no longer in the scope of ${policyAt}` : `no longer in the scope of ${policyAt}`}${was}`;
    const after = this.offboard(identity, current, { why: "leaver", reason, origin: move ? "source" : "drift", ...(move ? { move } : {}) }, accountFields(identity, current, login));
    return `offboard: no longer in scope (onLeaveScope: ${action})${move ? ", a mover" : ""}; ${after}`;
  }

  /**
   * Why identity i cannot have an account here (no login, or another identity in scope uses it),
   * with the finding that says so; undefined when it has a login of its own.
   */
  private loginRefused(i: number, identity: Identity, current: TargetAccount | undefined): string | undefined {
    const { app, policyAt } = this;
    const login = this.logins.login[i];
    const loginKey = this.logins.key[i];
    if (login === undefined || loginKey === undefined) {
      this.findings.push({ rule: "missing-login", severity: "warning", identity: identity.id, message: `${identity.id} is in the scope of ${app.id} but has no "${loginAttribute(app)}" to log in with; no account is planned`, remediation: `add attributes.${loginAttribute(app)} to the identity's overlay file`, location: identity.definedAt ?? policyAt });
      return `nothing: in scope, but no "${loginAttribute(app)}" to log in with (finding missing-login)`;
    }
    const secret = this.loginVerdicts.secretShape(i, login);
    if (secret !== undefined) {
      this.findings.push(loginSecretShaped(identity, loginAttribute(app), secret, app.id, policyAt));
      return `nothing: its login looks like a secret (${secret}) and is not used (finding login-secret-shaped)`;
    }
    const problem = this.loginVerdicts.problem(i, login, this.ctx.loginSyntax, current?.login);
    if (problem === "unusable") {
      // A source's typo ("zoe muller"): no app takes such a login, and no YAML can name it to fix it.
      const from = identity.provenance[loginAttribute(app)]?.source ?? identity.provenance.userName?.source;
      this.findings.push({ rule: "login-invalid", severity: "warning", identity: identity.id, message: `${identity.id} is in the scope of ${app.id}, but its login ${JSON.stringify(login)}${from ? ` (from ${from})` : ""} has a space or a control character; no account is planned or changed`, remediation: from && from !== "file" ? `correct the login in ${from}` : `correct attributes.${loginAttribute(app)} in the identity's overlay file`, location: identity.definedAt ?? policyAt });
      return `nothing: its login ${JSON.stringify(login)} has a space or a control character (finding login-invalid)`;
    }
    if (problem === "syntax") {
      this.findings.push(loginInvalid(identity, login, app, this.ctx.loginSyntax!, policyAt));
      return `nothing: its login "${codePoints(login)}" is none ${app.target} can have (finding login-invalid)`;
    }
    if (!this.logins.shared[i]) return undefined;
    const owner = this.loginsTaken.get(loginKey);
    if (owner) {
      this.findings.push({ rule: "login-collision", severity: "error", identity: identity.id, message: `${identity.id} and ${owner} would both use the login "${login}" in ${app.id}`, remediation: "give one of them a different login attribute", location: policyAt });
      return `nothing: ${owner} already uses the login "${login}" (finding login-collision)`;
    }
    this.loginsTaken.set(loginKey, identity.id);
    return undefined;
  }

  /**
   * A person in scope whose access here has not begun (policy/pre-start.ts): nothing is made,
   * enabled or granted before the day, and the plan says when it begins (joiner-not-started). An
   * account they already have (a rehire's disabled one, a contractor's who is hired as an employee)
   * is not offboarded for it either: a hire date to come is no reason to take access away. What
   * no group justifies is still revoked, as for anyone: taking access away is never early.
   */
  private notStarted(identity: Identity, current: TargetAccount | undefined, waiting: NotStarted, move: Record<string, AttributeChange> | undefined, login: string | undefined): string {
    const { app, policyAt } = this;
    const preStart = app.accounts.preStart;
    const lead = preStartAt(this.ctx.policy, "accounts");
    const hired = identity.provenance.hireDate;
    const from = hired ? ` (hireDate from ${hired.source} ${hired.at})` : "";
    const when = preStart === "0" ? "on the hire date" : `${preStart} before it (accounts.preStart)`;
    const meanwhile = !current ? "no account is made for them there" : current.active ? `their account "${current.login}" is not offboarded for it, and nothing is granted` : `their disabled account "${current.login}" stays disabled`;
    this.findings.push({
      rule: "joiner-not-started",
      severity: "info",
      identity: identity.id,
      message: `${identity.id} starts on ${waiting.hireDate}${from}: a joiner who has not started${blockedBeforeStartNote(identity)}. Access in ${app.id} begins on ${waiting.accessFrom}, ${when} (${lead.at}); until then ${meanwhile}`,
      remediation: `nothing, if ${waiting.hireDate} is their first day: the first plan on or after ${waiting.accessFrom} gives the access. If they have started, correct the hire date${hired && hired.source !== "file" ? ` in ${hired.source}` : ""}; ${lead.fix}`,
      location: hired ? `${hired.source} ${hired.at}` : policyAt,
    });
    const outcome = `nothing given yet: ${identity.id} starts on ${waiting.hireDate} and access here begins on ${waiting.accessFrom} (accounts.preStart: ${preStart}, finding joiner-not-started); until then ${meanwhile}`;
    if (!current) return outcome;
    // Revokes only: the grants, the enable and the attribute updates wait for the day.
    this.table.fillHeld(current.entitlements, this.held);
    this.revokeUnwanted(identity, accountFields(identity, current, login), move);
    return outcome;
  }

  /** Whether an identity other than the one of its index (today's, policy/before-start.ts) is in this app's scope. */
  private scopeOf(identity: Identity): boolean {
    this.scope ??= compileScope(this.app.scope);
    return this.scope(identity);
  }

  /**
   * A person whose deciding record is of an employment still to come, while another source exports
   * them active today (policy/before-start.ts: a contractor converted to employee, entered ahead).
   * Until that employment's access begins here, the account keeps what today's attributes justify
   * and what the new employment's do. Only what neither justifies is revoked. Nothing is enabled,
   * updated or granted: the new employment's access waits for its day, as any joiner's does. The
   * plan says so (conversion-not-started) instead of calling a working contractor a joiner.
   */
  private beforeStart(i: number, identity: Identity, today: Identity, current: TargetAccount, waiting: NotStarted, worlds: readonly Identity[], move: Record<string, AttributeChange> | undefined, login: string | undefined): string {
    const { app, ctx } = this;
    const scopedNew = this.inScope[i] === 1;
    const scopedToday = this.scopeOf(today);
    this.table.fillWanted(scopedNew ? (this.membershipsAt[i] ?? []) : [], this.wanted);
    this.fillKeep(scopedNew ? worlds : NO_WORLDS);
    if (scopedToday) {
      const wantedToday = new Array<Membership | undefined>(this.table.names.length);
      this.table.fillWanted(possibleMemberships(ctx.memberships.groups.values(), today, ctx.now), wantedToday);
      for (let slot = 0; slot < wantedToday.length; slot++) this.wanted[slot] ??= wantedToday[slot];
    }
    const preStart = app.accounts.preStart;
    const lead = preStartAt(ctx.policy, "access");
    const before = identity.beforeStart!;
    const when = preStart === "0" ? "on the hire date" : `${preStart} before it (accounts.preStart)`;
    const differs = differencesToday(identity, today);
    const scopeNote = scopedNew ? "" : ` (from then on ${identity.id} is out of its scope, and the account is offboarded per onLeaveScope)`;
    const meanwhile = current.active
      ? `their account "${current.login}" keeps what ${scopedToday ? `their attributes of today${differs.length > 0 ? ` (${differs.join(", ")})` : ""} and ` : ""}the new employment justify, and gets nothing only the new employment justifies`
      : `their disabled account "${current.login}" stays disabled`;
    this.findings.push({
      rule: "conversion-not-started",
      severity: "info",
      identity: identity.id,
      message: `${identity.id} begins a new employment on ${waiting.hireDate} (hireDate from ${before.source} ${before.at}) and is active today (${before.activeIn.join(", ")}). Access in ${app.id} for the new employment begins on ${waiting.accessFrom}, ${when} (${lead.at})${scopeNote}; until then ${meanwhile}`,
      remediation: `nothing, if the new employment begins on ${waiting.hireDate}: the first plan on or after ${waiting.accessFrom} gives what it justifies and revokes what only the current one did. If it has begun, correct the hire date in ${before.source}; if it was called off, remove the record in ${before.source}; ${lead.fix}`,
      location: `${before.source} ${before.at}`,
    });
    // Revokes only, of what neither world justifies: the grants, the enable and the attribute updates wait for the day.
    this.table.fillHeld(current.entitlements, this.held);
    this.revokeUnwanted(identity, accountFields(identity, current, login), move);
    return `nothing given yet: ${identity.id} begins a new employment on ${waiting.hireDate} and is active today (${before.activeIn.join(", ")}); access here for it begins on ${waiting.accessFrom} (accounts.preStart: ${preStart}, finding conversion-not-started); until then ${meanwhile}`;
  }

  /**
   * The entitlements an unknown group name decides for the identity decided now (worlds: it as
   * unknownGroupWorlds gives it): those some world justifies and the identity as it is does not, or
   * the other way round. Held or not, each stays so: never granted, never revoked. Nothing for
   * everyone else.
   */
  private fillKeep(worlds: readonly Identity[]): void {
    this.keepAny = false;
    if (worlds.length === 0) return;
    const wanted = new Array<Membership | undefined>(this.table.names.length);
    this.keep.fill(0);
    for (const world of worlds) {
      this.table.fillWanted(possibleMemberships(this.ctx.memberships.groups.values(), world, this.ctx.now), wanted);
      for (let slot = 0; slot < wanted.length; slot++) {
        if (!wanted[slot] === !this.wanted[slot]) continue;
        this.keep[slot] = 1;
        this.keepAny = true;
      }
    }
  }

  /**
   * Two roles of one key wanted (exclusive-roles.ts): the higher is kept and said; where the roles
   * do not compare, the key's slots join `keep` (neither granted nor revoked) and the error is said.
   */
  private settleContests(identity: Identity): void {
    if (!this.keepAny) this.keep.fill(0);
    const errors = this.roleContests.settle(identity.id, this.contests, this.keep);
    if (errors.length === 0) return;
    this.keepAny = true;
    for (const f of errors) this.findings.push(f);
  }

  /**
   * A custom role wanted that the org does not have as spelt is refused (custom-role-names.ts); the
   * other roles of its repository join `keep` (neither granted nor revoked): the grant was written
   * to replace the one held there, and a misspelt name must not take it away until it is fixed.
   */
  private keepRefusedRoleKeys(): void {
    for (const [slot, others] of this.refusedRoles) {
      if (!this.wanted[slot]) continue;
      if (!this.keepAny) this.keep.fill(0);
      this.keepAny = true;
      for (const other of others) this.keep[other] = 1;
    }
  }

  /**
   * A wanted role whose key the account holds a higher, unmanaged role of (any, where either is a
   * custom role): granted, it would lower or replace that role (held-higher-roles.ts). Its slot
   * joins `keep` (neither granted nor revoked) and the warning is said. What `explain`'s decision
   * adds for it (heldHigherExplained()), or "" when there was none.
   */
  private keepHigherHeld(identity: Identity, current: TargetAccount): string {
    if (!this.heldHigher.possible) return "";
    const { wanted, keep } = this;
    const outranked = this.heldHigher.outranked(current.entitlements, (slot) => wanted[slot] !== undefined && !(this.keepAny && keep[slot]), this.held);
    // Granted over a custom role held whose base role they outrank: planned as usual, and explain says why.
    const replaced = replacedCustomExplained(this.heldHigher.replaced, this.table.names);
    if (outranked.length === 0) return replaced;
    if (!this.keepAny) keep.fill(0);
    this.keepAny = true;
    const said = outranked.map(({ slot, held, custom, heldBase, wantedBase }) => {
      keep[slot] = 1;
      const group = wanted[slot]!.group;
      return { wanted: this.table.names[slot]!, held, group, at: this.table.mappedAt(slot, group)[0] ?? this.policyAt, ...(custom ? { custom } : {}), ...(heldBase ? { heldBase } : {}), ...(wantedBase ? { wantedBase } : {}) };
    });
    this.findings.push(heldHigherRole(identity.id, said, this.app.id, this.ctx.target, this.policyAt, baseUnknownWhy(this.ctx.state.customRoles)));
    return `${heldHigherExplained(outranked)}${replaced}`;
  }

  /** A joiner (or an NHI, or a mover into scope): the account, then every wanted entitlement. */
  private create(identity: Identity, login: string, move: Record<string, AttributeChange> | undefined): string {
    const { app, policyAt, wanted } = this;
    const base = accountFields(identity, undefined, login);
    const joinerOrigin: Origin = identity.kind === "person" ? "source" : "drift";
    // A mover whose new attributes bring an app into scope is not a joiner: say what moved. Nor is
    // someone whose overlay changed their login: that is a reviewed policy change.
    const changed = earlierLogin(identity, loginAttribute(app));
    const earlier = changed?.login;
    const loginChange = changed ? `login changed: ${loginAttribute(app)} was "${loginForReview(changed.login)}" ${changed.when === "snapshot" ? "in the last accepted snapshot" : `at ${changed.when.ref}`} and is "${loginForReview(login)}" now (${identity.provenance[loginAttribute(app)]?.at ?? identity.definedAt ?? "an overlay"}); no account under it yet` : undefined;
    // An account scopesync took away before (the journal says so: plan/returns.ts) is a return, not a joiner's.
    const grants = wanted.flatMap((w, slot) => (w && !(this.keepAny && this.keep[slot]) ? [this.table.names[slot]!] : []));
    const back = returnOf(this.ctx, identity, login, grants, policyAt);
    if (back?.finding) this.findings.push(back.finding);
    // An outside collaborator returns as one (plan/returns.ts): no account to make, the repo: grants invite.
    if (back && !back.createsAccount) {
      for (let slot = 0; slot < wanted.length; slot++) if (wanted[slot] && !(this.keepAny && this.keep[slot])) this.grant(identity, slot, base, joinerOrigin, move, back.grantNote);
      return grants.length > 0 ? "give back the repository access its groups justify (a return as the outside collaborator it was: repository invitations, no org invitation)" : "nothing: a return as the outside collaborator it was, and no policy gives it a repository (finding return-not-restored)";
    }
    const reason = back ? (move ? `mover: ${describeMove(move)}; ${back.reason}` : back.reason) : identity.kind !== "person" ? (loginChange ?? `${identity.kind} defined at ${identity.definedAt} has no account yet`) : move ? `mover: ${describeMove(move)}; now in the scope of ${policyAt}, no account yet` : (loginChange ?? `joiner: in the scope of ${app.id}, no account yet${blockedBeforeStartNote(identity)}`);
    const origin: Origin = back && identity.kind !== "person" && back.reason.startsWith("returns from quarantine") ? "source" : earlier !== undefined && !move && !back ? "policy" : joinerOrigin;
    const attributes = { ...attributesOnCreate(identity, app, this.withheld), externalId: { from: null, to: identity.anchor } };
    this.sayWithheld(identity, true);
    this.out.add("create-account", identity.id, { ...base, origin, reason, ...(move ? { move } : {}), attributes, evidence: [policyAt, ...recordEvidence(identity), ...(back?.evidence ?? [])] });
    // An entitlement an unknown group name decides (fillKeep) is not granted: unknown gives nothing new.
    for (let slot = 0; slot < wanted.length; slot++) if (wanted[slot] && !(this.keepAny && this.keep[slot])) this.grant(identity, slot, base, origin, move);
    return `create the account${back ? " (a return: scopesync's journal records its removal)" : move ? " (a mover)" : earlier !== undefined ? ` (a login change from ${earlier})` : identity.kind === "person" ? " (a joiner)" : ""}, then grant what its groups justify`;
  }

  /** An existing account of an identity in scope: enable, update, revoke and grant until it is as it should be. */
  private converge(i: number, identity: Identity, current: TargetAccount, login: string, move: Record<string, AttributeChange> | undefined): string {
    const { ctx, policyAt, wanted, held } = this;
    this.table.fillHeld(current.entitlements, held);
    const heldByHand = this.keepHigherHeld(identity, current);
    // Both are said, whichever else is: neither check may stop the other.
    const throughGroup = !this.unmanagedPrivilege.empty && this.keptThroughUnmanaged(identity, current);
    const direct = this.directPrivilege.possible && this.heldUnmanaged(identity, current, move);
    const kept = throughGroup || direct;
    const updates = this.accountUpdates(i, identity, current, login);
    // Nearly every account already is as it should be: decide that before building any change.
    // "As it should be" covers only what the policy manages: privilege it does not is said with it.
    if (current.active && !updates && sameEntitlements(wanted, held, this.keepAny ? this.keep : undefined)) return `${kept ? "nothing: what the policy manages is as it should be, but the account keeps privileged access the policy does not manage (findings above)" : "nothing: the account is as it should be"}${this.renameHeld ? `; ${this.renameHeld}` : ""}${heldByHand}`;

    const base = accountFields(identity, current, login);
    if (!current.active) {
      const { reason, origin } = this.enableReason(identity, current);
      this.out.add("enable-account", identity.id, { ...base, origin, reason, evidence: recordEvidence(identity) });
    }
    if (updates) {
      const renamed = Boolean(updates.login);
      const earlier = renamed && this.links.byEarlierLogin(i, current);
      const byId = renamed && !earlier ? this.links.renamedFrom(i, current) : undefined;
      // An NHI renamed in its file (formerIds): the files decided it, not a source.
      const nhiRenamed = identity.kind !== "person" && identity.formerIds !== undefined && (renamed || updates.externalId?.from != null);
      const why = nhiRenamed ? `${identity.id} was ${formerIdsText(identity)} (formerIds in ${identity.definedAt}): ${renamed ? `rename in place: login ${current.login} → ${login}` : `re-mark the account of ${current.externalId} with ${identity.anchor}`}` : renamed ? `rename in place: login ${current.login} → ${login}${earlier ? ` (the sources renamed ${identity.id}; its account was found by the earlier login)` : byId ? ` (the account was renamed in ${this.app.id}; ${renamedInWords(byId, current).replace(/^their/, `${identity.id}'s`)})` : ""}` : !current.externalId ? `link the existing account "${current.login}" to ${identity.anchor}` : updates.externalId ? `re-mark the account of ${current.externalId}, ${identity.id}'s earlier record (finding anchor-changed), with ${identity.anchor}` : move ? `mover: ${describeMove(move)}; the account's attributes follow ${policyAt}` : `attributes differ from ${policyAt}`;
      // A rename that waits for a held login (renameHeldBy) is said with what is updated meanwhile.
      const reason = !this.renameHeld ? why : `${updates.externalId ? why : move ? `mover: ${describeMove(move)}; the account's attributes follow ${policyAt}` : `attributes differ from ${policyAt}`}; ${this.renameHeld}`;
      this.out.add("update-account", identity.id, { ...base, origin: !nhiRenamed && (renamed || move || (updates.externalId?.from ?? null) !== null || this.arrivedFromSource(identity, updates)) ? "source" : "drift", reason, ...(move ? { move } : {}), attributes: updates, evidence: [policyAt, ...recordEvidence(identity)] });
    }
    this.revokeUnwanted(identity, base, move);
    const isNew = ctx.prior !== undefined && priorOf(identity, ctx.prior) === undefined;
    const granted: number[] = [];
    for (let slot = 0; slot < wanted.length; slot++) {
      if (!wanted[slot] || held[slot]) continue;
      if (this.keepAny && this.keep[slot]) continue; // decided by an unknown group name (fillKeep): not granted
      granted.push(slot);
    }
    // An outside collaborator given a team or the owner role is invited to the org first, as a
    // joiner is: without the membership apply refuses the grant, on every run.
    const needed = current.active ? needsMembership(current, ctx.traits, granted.map((slot) => this.table.names[slot]!)) : [];
    const invited = needed.length > 0;
    if (invited) this.out.add("create-account", identity.id, { ...base, origin: move || isNew ? "source" : "policy", reason: membershipReason(nonMemberOf(current, ctx.traits)!, current.login, needed), ...(move ? { move } : {}), evidence: [policyAt, ...recordEvidence(identity)] });
    for (const slot of granted) this.grant(identity, slot, base, move || isNew || !current.active ? "source" : invited ? "policy" : "drift", move);
    // A role kept back or replaced (keepHigherHeld) is said whatever else the decision does: a
    // mover's new role withheld over a custom role held by hand reads so, not only "nothing".
    if (invited) return `invite the outside collaborator to the org (${needed.join(", ")} needs membership), then bring the account in line with its groups${heldByHand}`;
    return `${!current.active ? "enable the account again (it was disabled), and bring it in line with its groups" : `bring the account in line${updates ? ": attributes" : ""}${sameEntitlements(wanted, held, this.keepAny ? this.keep : undefined) ? "" : `${updates ? " and" : ":"} entitlements`}`}${heldByHand}`;
  }

  /**
   * Why a disabled account is enabled: a rehire only where something says the account was this
   * person's (its mark is their anchor or an earlier one) or they were not active before. A new
   * person whose login merely finds a disabled account (a leaver's, forgotten) is not "active again".
   */
  private enableReason(identity: Identity, current: TargetAccount): { reason: string; origin: Origin } {
    if (identity.kind !== "person") return { reason: `${identity.id} is active again`, origin: "source" };
    // On leave, not back: this app keeps the accounts of people on leave, so the account is theirs to have.
    // A disabled directory account says no leave: the reason says what the directory said (model/directory-disabled.ts).
    if (identity.status === "suspended") {
      const disabled = directoryDisabled(identity);
      const standing = disabled ? `is ${disabledInWords(disabled)}, which ${disabled.source} reads as on leave (options.disabledMeans: suspended)` : `is on leave (suspended in ${identity.provenance.status?.source ?? "the sources"})`;
      return { reason: `${identity.anchor} ${standing}, and ${this.policyAt} keeps the accounts of people on leave (accounts.onSuspended: keep): the disabled account "${current.login}" is enabled`, origin: "policy" };
    }
    const mark = current.externalId;
    if (mark !== undefined && identity.formerAnchors?.includes(mark)) return { reason: `rehire: ${identity.anchor}, earlier ${mark}, is active; the old account comes back`, origin: "source" };
    const was = this.ctx.prior ? priorOf(identity, this.ctx.prior) : undefined;
    const own = mark === undefined ? was !== undefined && was.status !== "active" : mark === identity.anchor || identity.aliases.includes(mark);
    if (own) return { reason: `rehire: ${identity.anchor} is active again; the old account comes back`, origin: "source" };
    const whose = mark === undefined ? "no mark says whose it was" : `it is marked ${mark}, which no identity has`;
    return { reason: `the disabled account "${current.login}" has ${identity.id}'s login (${whose}); it is enabled for ${identity.anchor}`, origin: was === undefined && this.ctx.prior !== undefined ? "source" : "drift" };
  }

  /** Attribute, login and anchor changes the account needs, if the target can make them. */
  private accountUpdates(i: number, identity: Identity, current: TargetAccount, login: string): Record<string, AttributeChange> | undefined {
    const { traits } = this.ctx;
    this.renameHeld = undefined;
    let updates = attributeUpdates(this.mappings, i, current, this.withheld, this.caseOnly);
    this.sayWithheld(identity, false);
    const relogin = current.login !== login && normaliseLogin(current.login) !== this.logins.key[i];
    const renamed = relogin && !traits.updatesAccounts ? this.links.renamedFrom(i, current) : undefined;
    if (renamed) {
      // The user renamed the account, found by its remembered id; the target cannot rename it back (GitHub).
      this.findings.push(accountRenamed(identity, renamed, current, this.app.id, loginAttribute(this.app), false, this.policyAt));
    } else if (relogin && !traits.updatesAccounts && this.links.byEarlierLogin(i, current)) {
      // A renamed person's account that the target cannot rename: it stays theirs, and says so.
      this.loginStale(identity, current, login);
    } else if (relogin && !this.renameHeldBy(identity, current, login)) (updates ??= {}).login = { from: current.login, to: login };
    if (!current.externalId && traits.storesExternalId) (updates ??= {}).externalId = { from: null, to: identity.anchor };
    // Marked with an earlier anchor (a rehire under a new record): once the snapshot with the new
    // record is accepted, nothing would say whose the old mark is.
    else if (current.externalId && traits.storesExternalId && identity.formerAnchors?.includes(current.externalId)) (updates ??= {}).externalId = { from: current.externalId, to: identity.anchor };
    if (updates && !traits.updatesAccounts) {
      this.cannotUpdate.push(identity.id);
      return undefined;
    }
    return updates;
  }

  /**
   * Another account of the app has the login `current` would be renamed to (a leaver's left-over
   * under a recycled login): login-held, and the login is left out of the update, so the rest of it
   * (display name, e-mail) still applies and the apply does not fail on the app's uniqueness, every
   * run. The account stays the identity's under its login until the other frees it. Whether it is held.
   */
  private renameHeldBy(identity: Identity, current: TargetAccount, login: string): boolean {
    if (!this.ctx.traits.updatesAccounts) return false;
    const k = this.loginHolders.forRename(login, current);
    if (k === undefined) return false;
    const { finding, said } = this.loginHolders.finding(identity, login, k, { rename: current });
    this.findings.push(finding);
    this.renameHeld = said;
    return true;
  }

  /** A finding for each secret-shaped value left out of the identity's change (attribute-secret-shaped.ts). */
  private sayWithheld(identity: Identity, creating: boolean): void {
    if (this.withheld.length === 0) return;
    for (const w of this.withheld) this.findings.push(attributeSecretShaped(identity, w, this.app.id, this.ctx.target, creating, this.policyAt));
    this.withheld.length = 0;
  }

  /**
   * The sources renamed the person, the app's account still has the earlier login, and the target
   * cannot change a login (GitHub: a login is the user's own, and the org cannot rename it). The
   * account stays the person's and is planned under its own login; but the link rests on the
   * earlier login being known (a stale overlay id, the accepted snapshot), so the reviewer must
   * make the app's login an attribute of its own before that is gone.
   */
  private loginStale(identity: Identity, current: TargetAccount, login: string): void {
    const attribute = loginAttribute(this.app);
    this.findings.push({
      rule: "account-login-stale",
      severity: "warning",
      identity: identity.id,
      message: `${this.app.id} account "${current.login}" was ${identity.id}'s under an earlier login and stays theirs, but target "${this.ctx.target}" cannot rename it to "${login}" (for GitHub, a login belongs to the user); it is linked by the earlier login only while that is known (the overlay's old id, or the last accepted snapshot)`,
      remediation: attribute === "userName"
        ? `map accounts.login (${this.policyAt}) from an attribute that holds each person's login in ${this.app.id}, as import writes it (e.g. ${this.ctx.target}Login: "${current.login}" in the Person file of ${identity.id}), in the pull request that accepts the rename`
        : `set attributes.${attribute}: "${current.login}" in the Person file of ${identity.id}, in the pull request that accepts the rename`,
      location: identity.definedAt ?? this.policyAt,
    });
  }

  /** Said whether or not anything changes: an account "as it should be" may still keep privilege through an unmanaged group. Whether it does. */
  private keptThroughUnmanaged(identity: Identity, current: TargetAccount): boolean {
    const { wanted, held, keep } = this;
    const keeps = (slot: number): boolean => wanted[slot] !== undefined || (this.keepAny && keep[slot] === 1);
    const revoked: number[] = [];
    for (let slot = 0; slot < held.length; slot++) if (held[slot] && !keeps(slot)) revoked.push(slot);
    const finding = this.unmanagedPrivilege.check(identity.id, current.entitlements, keeps, revoked, this.app.id, this.policyAt);
    if (finding) this.findings.push(finding);
    return finding !== undefined;
  }

  /** Said whether or not anything changes: privilege held directly on an entitlement the policy does not manage. Whether it is. */
  private heldUnmanaged(identity: Identity, current: TargetAccount, move: Record<string, AttributeChange> | undefined): boolean {
    const { wanted, keep } = this;
    const keeps = (slot: number): boolean => wanted[slot] !== undefined || (this.keepAny && keep[slot] === 1);
    const finding = this.directPrivilege.check(identity.id, current.entitlements, keeps, move, this.app.id, this.policyAt);
    if (finding) this.findings.push(finding);
    return finding !== undefined;
  }

  /** Entitlements the account holds that no group justifies any more: why each goes. */
  private revokeUnwanted(identity: Identity, base: Partial<Change>, move: Record<string, AttributeChange> | undefined): void {
    const { ctx, app, policyAt, wanted, held } = this;
    for (let slot = 0; slot < held.length; slot++) {
      if (!held[slot] || wanted[slot]) continue;
      // Justified, or not, only by a group name two groups share: unknown takes nothing away.
      if (this.keepAny && this.keep[slot]) continue;
      const entitlement = this.table.names[slot]!;
      const expiredGrant = this.table.endedMembership(ctx.memberships.expired.get(identity.id), slot);
      const privileged = this.table.privileged[slot]!;
      // The mapping(s) that used to justify the slot: the expired group's, else every mapping to it.
      const mapped = this.table.mappedAt(slot, expiredGrant?.group);
      const beaten = this.roleContests.beatenBy(slot);
      if (expiredGrant) {
        this.out.add("revoke", identity.id, { ...base, entitlement, privileged, origin: "policy", reason: `grant to ${expiredGrant.group} expired on ${expiredGrant.until} (${expiredGrant.at})`, evidence: [expiredGrant.at, ...mapped] });
      } else if (beaten !== undefined) {
        // Mapped and wanted, but another role of its key outranks it: the role changes in place (replacements.ts).
        this.out.add("revoke", identity.id, { ...base, entitlement, privileged, origin: move ? "source" : "drift", ...(move ? { move } : {}), reason: `${move ? `mover: ${describeMove(move)}; ` : ""}${beaten}`, evidence: [...mapped, ...recordEvidence(identity)] });
      } else if (move) {
        this.out.add("revoke", identity.id, { ...base, entitlement, privileged, origin: "source", move, reason: `mover: ${describeMove(move)}; ${entitlement} is no longer justified by any group`, evidence: [...mapped, ...recordEvidence(identity)] });
      } else {
        this.out.add("revoke", identity.id, { ...base, entitlement, privileged, origin: "drift", reason: `${entitlement} is held in ${app.id} but granted by no group in ${policyAt}`, evidence: mapped });
      }
    }
  }

  /** Keeps what was decided for a traced identity: the changes are in the plan, this is the why. */
  private record(i: number, outcome: string): void {
    const where = { target: this.ctx.target, app: this.app.id, table: this.table };
    const account = this.seen?.account;
    const unmanagedPrivileged = account ? this.directPrivilege.held(account.entitlements) : [];
    this.decisions.push(identityDecision(where, this.ctx.identities[i]!.id, { inScope: this.inScope[i] === 1, login: this.logins.login[i], memberships: this.membershipsAt[i] ?? [], expired: this.ctx.memberships.expired.get(this.ctx.identities[i]!.id), seen: this.seen, outcome, unmanagedPrivileged }));
  }

  /**
   * Does an attribute update bring a value that arrived from a source? With an accepted snapshot:
   * the source's value changed since (an app-side edit of an unchanged value is drift). Without
   * one, arrival cannot be told from an edit in the app; a value a source supplies counts as the
   * source's, as it is what the update writes.
   */
  private arrivedFromSource(identity: Identity, updates: Record<string, AttributeChange>): boolean {
    const mappings = this.app.accounts.attributes ?? {};
    const prior = priorOf(identity, this.ctx.prior);
    // The snapshot had the login, but as someone not known to be this person (login-reused): every value is the new record's.
    const reused = prior === undefined && this.ctx.prior?.has(identity.id) === true;
    for (const name of Object.keys(updates)) {
      const from = mappings[name]?.from;
      if (from === undefined) continue;
      const provenance = identity.provenance[from];
      if (!provenance || provenance.source === "file") continue;
      if (!this.ctx.prior || reused || (prior && mappedValue(prior, from) !== mappedValue(identity, from))) return true;
    }
    return false;
  }

  /** Accounts no identity linked or adopted, then the target-wide finding: the target's diff. */
  finish(): TargetDiff {
    const { ctx, app, policyAt } = this;
    // Accounts linked to no identity: gone from the sources, NHIs removed from the repo, or unmanaged.
    const unlinked = new UnlinkedAccounts({ ctx, policyAt, index: this.index, logins: this.logins, links: this.links, table: this.table, out: this.out, credentials: this.credentials, offboarding: this.offboarding, directPrivilege: this.directPrivilege, unknownAbsence: this.unknownAbsence, missingUnknown: this.missingUnknown, decisions: this.decisions });
    unlinked.decideAll();
    this.credentials.reportOrphaned();
    const { cannotUpdate } = this;
    if (cannotUpdate.length > 0) {
      this.findings.push({ rule: "target-cannot-update", severity: "info", message: `${app.id}: ${cannotUpdate.length} account(s) differ from the mapped attributes or login (${cannotUpdate.slice(0, 5).join(", ")}${cannotUpdate.length > 5 ? ", …" : ""}), but target "${ctx.target}" cannot change accounts (for GitHub, a login belongs to the user); nothing is planned for them`, remediation: "map only attributes the target can hold, or change them in the app by hand", location: policyAt });
    }
    const caseOnly = this.caseOnly.finding(app.id, ctx.target, ctx.state.attributeCaseExact, policyAt);
    if (caseOnly) this.findings.push(caseOnly);
    for (const f of this.roleContests.findings()) this.findings.push(f);
    // A change's prose quotes names anyone may choose in the target: hidden where secret-shaped.
    return { changes: this.out.changes.map(maskChangeTexts), findings: this.findings, unaccounted: unlinked.unaccounted, decisions: this.decisions, accountOwners: this.links.accountOwners, privilegedGroups: this.table.privilegedByGroup() };
  }

  /** `note`: said after why (an outside collaborator's return, whose grants are the return). */
  private grant(identity: Identity, slot: number, base: Partial<Change>, origin: Origin, move: Record<string, AttributeChange> | undefined, note?: string): void {
    const membership = this.wanted[slot]!;
    const via = membership.via === "explicit" ? `explicit member of ${membership.group}${membership.until ? ` until ${membership.until}` : ""}${membership.reason ? ` (${membership.reason})` : ""}` : `birthright member of ${membership.group}`;
    // A team that holds admin somewhere: the reviewer is told why the membership is privileged.
    const confers = this.table.confersText(slot);
    const beats = this.roleContests.beats(slot);
    const why = [via, ...(confers ? [confers] : []), ...(beats ? [beats] : [])].join("; ");
    this.out.add("grant", identity.id, { ...base, entitlement: this.table.names[slot]!, privileged: this.table.privileged[slot]!, origin, reason: note ? `${why}; ${note}` : why, ...(move ? { move } : {}), evidence: [membership.at, ...this.table.mappedAt(slot, membership.group)] });
  }

  /** Offboards the identity's account; returns what becomes of the account after it (AccountOffboarding.offboard), for `explain`. */
  private offboard(identity: Identity, account: TargetAccount, off: AccountOff, base: Partial<Change>): string {
    return this.offboarding.offboard(identity.id, account, off, base, identity);
  }
}

/** Was the planner's index built for these identities, this app and this prior? */
function usableIndex(index: DiffIndex, ctx: TargetContext): boolean {
  if (index.identities !== ctx.identities || index.prior !== ctx.prior) return false;
  const app = ctx.policy.value;
  return index.scoped.has(app) && index.logins.has(loginAttribute(app)) && mappedAttributes(app).every((a) => index.values.has(a));
}

/**
 * Does the account hold exactly the managed entitlements the identity should have? A slot in
 * `keep` (given only through an unknown group name: held or not, it stays so) is as it should be.
 */
function sameEntitlements(wanted: readonly (Membership | undefined)[], held: Uint8Array, keep?: Uint8Array): boolean {
  for (let slot = 0; slot < held.length; slot++) if ((wanted[slot] !== undefined) !== (held[slot] === 1) && !(keep && keep[slot])) return false;
  return true;
}
