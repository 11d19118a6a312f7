// An account the identity provider deprovisioned (model/deprovisioned-account.ts): suspended,
// renamed to a hash, still holding its membership, role and teams until someone removes it, and
// given all of it back by a reprovisioning in the IdP, unreviewed. Linked by login, it was no one's:
// the leaver's offboarding looked done ("every target matches") and the hash was an
// `unmanaged-account` whose fix was to give someone that login.
//
// - Whose it was, where a reviewed record says: the target's committed state file gave the
//   account's id (which a rename does not change) a login. That login's identity, if it loses
//   access here (a leaver, suspended with onSuspended: disable) or is gone from the sources, has
//   the account offboarded like any leaver's, the reason saying the IdP renamed it.
// - Otherwise (no state file, the id not in it, or its person still active): the finding
//   `deprovisioned-account` says what the account holds (privileged or not), that it stays until
//   removed and comes back with a reprovisioning, and which leavers of the app it may be; it is
//   removed under `unmanagedAccounts: disable`, except that of a person the sources keep active
//   (the IdP and the sources disagree: a person decides).
import { exportChecks } from "../model/export-checks.js";
import type { Change } from "../model/change.js";
import type { Finding } from "../model/finding.js";
import { loginOf, type Identity } from "../model/identity.js";
import { isDeprovisioned } from "../model/deprovisioned-account.js";
import { rememberedIn } from "../model/remembered-logins.js";
import { normaliseLogin, sourceOfRef } from "../model/keys.js";
import type { TargetAccount } from "../model/target-state.js";
import { offboarding } from "../policy/lifecycle.js";
import { loginAttribute } from "./account-attributes.js";
import type { AccountLinks } from "./account-links.js";
import type { AccountOffboarding } from "./account-offboarding.js";
import type { DiffIndex } from "./diff-index.js";
import type { DiffOutput } from "./diff-output.js";
import type { EntitlementTable } from "./entitlement-table.js";
import type { TargetContext } from "./target-context.js";

/** The pieces of one target's diff this reads and writes (a part of unlinked-accounts.ts's UnlinkedParts). */
export interface DeprovisionedParts {
  ctx: TargetContext;
  policyAt: string;
  index: DiffIndex;
  links: AccountLinks;
  table: EntitlementTable;
  out: DiffOutput;
  offboarding: AccountOffboarding;
  unknownAbsence: ReadonlySet<string>;
  missingUnknown: boolean;
}

/** How many leavers the finding names as whose the account may be, most recent first. */
const CANDIDATES = 3;

/** What deciding records for `explain`: (name planned, account, outcome, anchor). */
export type RecordDecision = (planned: string, account: TargetAccount, outcome: string, anchor?: string) => void;

export class DeprovisionedAccounts {
  /** Leavers of this app no account here is under the login of, most recent first (made on first use). */
  private leavers: string[] | undefined;
  /** Normalised login → the identities that have it here (made on first use). */
  private byLogin: Map<string, Identity[]> | undefined;

  constructor(
    private readonly p: DeprovisionedParts,
    private readonly record: RecordDecision,
  ) {}

  /** Decides an unlinked account the IdP deprovisioned; false for any other account. */
  decide(account: TargetAccount, base: Partial<Change>): boolean {
    if (!isDeprovisioned(account)) return false;
    const { ctx } = this.p;
    const remembered = ctx.remembered?.logins.get(account.id);
    if (remembered === undefined) {
      const why = ctx.remembered ? `${ctx.remembered.from} has no account ${account.id}` : "no committed state file has its id";
      this.report(account, base, `whose is unknown (${why})`, true);
      return true;
    }
    const was = `its id ${account.id} had the login "${remembered}" in ${rememberedIn(ctx.remembered!, account.id)}`;
    const owners = this.ownersOf(remembered);
    if (owners.length === 1) {
      const owner = owners[0]!;
      const off = owner.disputed ? undefined : offboarding(owner, this.app, ctx.byId, ctx.now, this.p.missingUnknown);
      if (!off) {
        this.report(account, base, `${was}, ${owner.id}'s, whom the sources keep active here: the identity provider and the sources disagree`, false);
        return true;
      }
      // Another account under the person's login now (a new one): this one is named as the account.
      const name = this.p.links.byLogin.has(normaliseLogin(remembered)) ? `account:${account.login}` : owner.id;
      this.p.offboarding.offboard(name, account, { ...off, reason: `${off.reason}; ${this.renamed(account, remembered)}` }, { ...base, anchor: owner.anchor }, owner);
      this.record(owner.id, account, `offboard: ${owner.id}'s account, renamed by the identity provider's deprovisioning (${was})`, owner.anchor);
      return true;
    }
    if (owners.length > 1) {
      this.report(account, base, `${was}, which ${owners.map((o) => o.id).join(" and ")} all have: whose it was is not known`, true);
      return true;
    }
    const gone = this.p.index.gone.filter((g) => loginOf(g, loginAttribute(this.app)) !== undefined && normaliseLogin(loginOf(g, loginAttribute(this.app))!) === normaliseLogin(remembered));
    const leaver = gone.length === 1 && ctx.sourcesRead.has(sourceOfRef(gone[0]!.anchor)) && !this.p.unknownAbsence.has(sourceOfRef(gone[0]!.anchor)) ? gone[0]! : undefined;
    if (leaver) {
      const reason = `${leaver.anchor} (${leaver.id}) is no longer in source "${sourceOfRef(leaver.anchor)}" (the export passed ${exportChecks(ctx.sources[sourceOfRef(leaver.anchor)])}); ${this.renamed(account, remembered)}`;
      this.p.offboarding.offboard(leaver.id, account, { why: "leaver", reason, origin: "source", lifecycle: "leaver" }, { ...base, anchor: leaver.anchor }, undefined, leaver.anchor);
      this.record(leaver.id, account, `offboard: a leaver's account, renamed by the identity provider's deprovisioning (${was})`, leaver.anchor);
      return true;
    }
    this.report(account, base, `${was}, which no identity has now`, true);
    return true;
  }

  private get app() {
    return this.p.ctx.policy.value;
  }

  /** The reason's words for the rename. */
  private renamed(account: TargetAccount, remembered: string): string {
    return `their account "${remembered}" (id ${account.id}, as ${rememberedIn(this.p.ctx.remembered!, account.id)} records it) was renamed "${account.login}" by the identity provider's deprovisioning, which keeps it in the org, suspended, until it is removed; a reprovisioning would give it back`;
  }

  /** The finding; removed under unmanagedAccounts: disable where `removable`. */
  private report(account: TargetAccount, base: Partial<Change>, whose: string, removable: boolean): void {
    const { policyAt, out } = this.p;
    const app = this.app;
    const held = this.holding(account);
    const remove = removable && app.unmanagedAccounts === "disable" && account.active;
    const candidates = removable ? this.leaversText() : "";
    const outcome = remove ? "; it will be removed (unmanagedAccounts: disable)" : removable ? `; left alone (unmanagedAccounts: ${app.unmanagedAccounts})` : "; left alone";
    const finding: Finding = {
      rule: "deprovisioned-account",
      severity: "warning",
      identity: account.login,
      // Said first what a reviewer must see (the text plan shows 400 characters): what it holds, whose it may be.
      message: `${app.id} account "${account.login}" is a user the identity provider deprovisioned (renamed to a hash), ${held}: suspended, kept until removed, and a reprovisioning gives it all back unreviewed; ${whose}${candidates}${outcome}`,
      remediation: removable
        ? `remove it (unmanagedAccounts: disable in ${policyAt}, or remove the member by hand); so that the next such account is offboarded as its owner's, keep the target's state file committed (scopesync state pull): it records each account's id`
        : "if the person left, correct the sources; if they keep access, reprovision them in the identity provider",
      location: policyAt,
      controls: ["NIST-SP800-53-AC-2(3)"],
    };
    out.findings.push(finding);
    // Offboarded as any account no one has: its credentials and what the policy manages first.
    if (remove) this.p.offboarding.removeUnmanaged(`account:${account.login}`, account, base, `an account the identity provider deprovisioned, ${held}, whose it was unknown (${policyAt}: unmanagedAccounts: disable): removed, as GitHub keeps it until then and a reprovisioning restores it`, [policyAt]);
    this.record(`account:${account.login}`, account, `deprovisioned by the identity provider; ${whose}${outcome}`);
  }

  /** "holding role:admin (privileged) and team:platform", or "holding nothing else". */
  private holding(account: TargetAccount): string {
    if (account.entitlements.length === 0) return "with no role or team";
    // GitHub's owner role, role:admin, is privileged by the target's type whether or not the policy maps it.
    const each = [...account.entitlements].sort().map((e) => (this.p.table.isPrivileged(e) ? `${e} (privileged)` : e));
    return `holding ${each.join(", ")}`;
  }

  /** The identities whose login here is `login`. */
  private ownersOf(login: string): Identity[] {
    if (!this.byLogin) {
      this.byLogin = new Map();
      const attribute = loginAttribute(this.app);
      for (const i of this.p.ctx.identities) {
        const l = loginOf(i, attribute);
        if (l === undefined) continue;
        const key = normaliseLogin(l);
        this.byLogin.set(key, [...(this.byLogin.get(key) ?? []), i]);
      }
    }
    return this.byLogin.get(normaliseLogin(login)) ?? [];
  }

  /** "; leavers without an account under their login here: dmitri (left 2026-11-20)": whose it may be, most recent first. */
  private leaversText(): string {
    if (!this.leavers) {
      const { ctx, links, missingUnknown } = this.p;
      const attribute = loginAttribute(this.app);
      const found: Array<{ id: string; since: string }> = [];
      for (const i of ctx.identities) {
        const login = loginOf(i, attribute);
        if (i.kind !== "person" || i.status !== "terminated" || login === undefined || links.byLogin.has(normaliseLogin(login))) continue;
        if (!offboarding(i, this.app, ctx.byId, ctx.now, missingUnknown)) continue;
        const when = i.attributes.terminationDate;
        found.push({ id: i.id, since: typeof when === "string" ? when : "" });
      }
      found.sort((a, b) => (a.since !== b.since ? (a.since < b.since ? 1 : -1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.leavers = found.map((f) => (f.since ? `${f.id} (left ${f.since})` : f.id));
    }
    if (this.leavers.length === 0) return "";
    const shown = this.leavers.slice(0, CANDIDATES).join(", ");
    const more = this.leavers.length > CANDIDATES ? ` and ${this.leavers.length - CANDIDATES} more` : "";
    return `; leavers without an account under their login here: ${shown}${more}`;
  }
}
