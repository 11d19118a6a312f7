// login-held: a login an account of the app already has, which a create or a rename would give to
// someone else. Apps keep logins unique (SCIM's userName "MUST be unique across the service
// provider's entire set of Users", RFC 7643 section 4.1.1), so such a create or rename fails at
// apply, on every run, after the reviewer approved it. The plan says so instead, naming the account
// and whose it looks to be.
import type { AppPolicyDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { normaliseLogin, sourceOfRef } from "../model/keys.js";
import type { TargetAccount } from "../model/target-state.js";
import type { AbsenceUnknown } from "../model/unknown-absence.js";
import { loginAttribute } from "./account-attributes.js";
import type { AccountLinks } from "./account-links.js";
import { MARK_FATE, markOf } from "./account-marks.js";
import type { GonePerson } from "./gone-people.js";
import { goneLogins } from "./gone-logins.js";

export interface LoginHolderContext {
  app: AppPolicyDoc;
  policyAt: string;
  accounts: readonly TargetAccount[];
  identities: readonly Identity[];
  links: AccountLinks;
  /** Where our anchor is not kept (GitHub, accounts.linkBy: login), an account's externalId says nothing of whose it is. */
  storesExternalId: boolean;
  unknownAbsence: ReadonlySet<string>;
  sourcesRead: ReadonlySet<string>;
  absence: (source: string) => AbsenceUnknown;
  /** People no source exports any more (DiffIndex.gone): an unmarked holder under one's login is decided as theirs. */
  gone: readonly GonePerson[];
}

/** What a held login blocks: a new account, or the rename of the identity's own account (`rename`, that account). */
export type HeldFor = { create: true } | { rename: TargetAccount };

export class LoginHolders {
  /** The accounts of AccountLinks.offLogin by normalised login, made when the first account is to be created. */
  private offLoginByLogin: Map<string, number> | undefined;
  /** Every account by normalised login (the first of two), made when the first rename is planned: renames are few. */
  private everyByLogin: Map<string, number> | undefined;
  /** The gone people by login (gone-logins.ts), made when the first holder has neither owner nor mark. */
  private goneByLogin: Map<string, GonePerson[]> | undefined;

  constructor(private readonly p: LoginHolderContext) {}

  /**
   * A marked account that has the login a new account would get and is not this identity's: a
   * leaver's (its anchor is nobody's now), or another identity's whose login is another now. An
   * unmarked one under the login is adopted (AccountLinks.claimAccount), so only marked ones can hold it.
   */
  forCreate(login: string): number | undefined {
    const { links, accounts } = this.p;
    if (!links.offLogin || !this.p.storesExternalId) return undefined;
    if (!this.offLoginByLogin) {
      this.offLoginByLogin = new Map();
      for (const k of links.offLogin) this.offLoginByLogin.set(normaliseLogin(accounts[k]!.login), k);
    }
    return this.offLoginByLogin.get(normaliseLogin(login));
  }

  /** Another account that has the login the identity's account `current` would be renamed to, marked or not. */
  forRename(login: string, current: TargetAccount): number | undefined {
    const { accounts } = this.p;
    if (!this.everyByLogin) {
      this.everyByLogin = new Map();
      for (let k = 0; k < accounts.length; k++) {
        const key = normaliseLogin(accounts[k]!.login);
        if (!this.everyByLogin.has(key)) this.everyByLogin.set(key, k);
      }
    }
    const k = this.everyByLogin.get(normaliseLogin(login));
    return k === undefined || accounts[k] === current ? undefined : k;
  }

  /** The person who left whose login the unmarked account k has, as the plan's offboarding of it decides (unlinked-accounts.ts). */
  private goneWith(account: TargetAccount): GonePerson | undefined {
    if (this.p.gone.length === 0) return undefined;
    this.goneByLogin ??= goneLogins(this.p.gone, loginAttribute(this.p.app), this.p.sourcesRead);
    return this.goneByLogin.get(normaliseLogin(account.login))?.[0];
  }

  /** The login-held finding for account k, and what was decided in words (for explain and reasons). */
  finding(identity: Identity, login: string, k: number, held: HeldFor): { finding: Finding; said: string } {
    const { app, policyAt, accounts, identities, links } = this.p;
    const account = accounts[k]!;
    const from = identity.provenance[loginAttribute(app)]?.source ?? identity.provenance.userName?.source ?? sourceOfRef(identity.anchor);
    const owner = links.accountOwners[k]!;
    const holder = owner === -1 ? undefined : identities[owner]!;
    const mark = account.externalId !== undefined && this.p.storesExternalId ? account.externalId : undefined;
    const fate = mark === undefined ? undefined : markOf(mark, this.p.unknownAbsence, this.p.sourcesRead);
    const leaver = holder || mark !== undefined ? undefined : this.goneWith(account);
    const whose = holder
      ? `${holder.id}'s (${holder.anchor}, ${holder.status})`
      : mark !== undefined
        ? `no identity's (${MARK_FATE[fate!](sourceOfRef(mark), this.p.absence(sourceOfRef(mark)).why)})`
        : leaver
          ? `${leaver.id}'s (${leaver.anchor}, ${leaver.knownFrom} gives them this login), ${this.p.unknownAbsence.has(sourceOfRef(leaver.anchor)) ? `whom source "${sourceOfRef(leaver.anchor)}" does not export today, but it ${this.p.absence(sourceOfRef(leaver.anchor)).why}, so the account is left as it is` : `who is no longer in source "${sourceOfRef(leaver.anchor)}": a leaver's, offboarded in this plan`}`
          : `no identity's as far as scopesync can tell (no mark says whose it is: a leaver's left-over, or one made by hand)`;
    const marked = mark !== undefined ? `marked ${mark}` : "unmarked";
    const other = holder
      ? `if ${identity.anchor} and ${holder.anchor} are one person, have ${sourceOfRef(holder.anchor)} export one record for them; otherwise give ${identity.id} another login in ${from}`
      : fate === "unread"
        ? `its mark is no record of a source scopesync reads (another system, an identity provider, may have set it): if the account is ${identity.id}'s, set accounts.linkBy: login in ${policyAt} so that accounts link by login; otherwise give ${identity.id} another login in ${from}`
        : mark !== undefined
          ? `if ${identity.anchor} is ${mark} under a new record (a rehire under a new worker id), link them in identities/links.yaml (links: [{ records: [${identity.anchor}, ${mark}], reason: … }]): the account is then theirs, enabled and re-marked; if they are two people, give ${identity.id} another login in ${from}`
          : `otherwise give ${identity.id} another login in ${from}`;
    const location = identity.provenance.userName ? `${identity.provenance.userName.source} ${identity.provenance.userName.at}` : policyAt;
    if ("create" in held) {
      return {
        finding: { rule: "login-held", severity: "warning", identity: identity.id, message: `${identity.id} (${identity.anchor}) is in the scope of ${app.id} and has no account there, but the account "${account.login}" (id ${account.id}), ${marked}, has that login and is ${whose}; ${app.id} keeps logins unique, so no account is made for ${identity.id}`, remediation: other, location },
        said: `nothing: the account "${account.login}", ${marked}, has this login and is ${whose} (finding login-held)`,
      };
    }
    const own = held.rename;
    const state = account.active ? "active" : "disabled";
    // The person's own account keeps working under its login: nothing is lost while the rename waits.
    return {
      finding: {
        rule: "login-held",
        severity: "warning",
        identity: identity.id,
        message: `${identity.id} (${identity.anchor}) was renamed: their ${app.id} account "${own.login}" (id ${own.id}) stays theirs and would be renamed to "${login}", but the account "${account.login}" (id ${account.id}), ${marked} and ${state}, has that login and is ${whose}; ${app.id} keeps logins unique, so the rename waits (their other attributes are updated under "${own.login}", and "${account.login}" is not given to them)`,
        // A known leaver's account is offboarded by this very plan: not "made by hand", and not to be deleted before that.
        remediation: leaver && !this.p.unknownAbsence.has(sourceOfRef(leaver.anchor))
          ? `this plan offboards "${account.login}" as ${leaver.id}'s (${leaver.anchor}); once that is applied, free "${account.login}" in ${app.id} (delete the account or rename it there, keeping what your leaver process keeps first); the next plan then renames "${own.login}" to "${login}". If ${identity.id} is ${leaver.id} under a new record, link ${identity.anchor} and ${leaver.anchor} in identities/links.yaml; otherwise give ${identity.id} another login in ${from}`
          : `free "${account.login}" in ${app.id}: if the account is a leaver's, delete it or rename it there (keep what your leaver process keeps first); the next plan then renames "${own.login}" to "${login}". If it was made by hand for ${identity.id}, move what it holds to "${own.login}" and delete it; ${other}`,
        location,
      },
      said: `the rename of "${own.login}" to "${login}" waits: the account "${account.login}" (id ${account.id}), ${marked}, has that login and is ${whose} (finding login-held)`,
    };
  }
}
