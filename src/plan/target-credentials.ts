import type { AppPolicyDoc } from "../model/documents.js";
import { lifecycleField } from "../model/leaving-cause.js";
import type { Identity } from "../model/identity.js";
import type { TargetAccount, TargetCredential } from "../model/target-state.js";
import type { Change, Origin } from "../model/change.js";
import { append } from "../model/append.js";
import { offboarding, type Offboarding } from "../policy/lifecycle.js";
import { loginAttribute } from "./account-attributes.js";
import { accountFields, recordEvidence } from "./change-fields.js";
import { governCredentials } from "./credential-governance.js";
import type { IdentityLogins } from "./diff-index.js";
import type { DiffOutput } from "./diff-output.js";
import { credentialsByHolder, heldHow, orphanedCredentialFinding } from "./held-credentials.js";
import type { TargetContext } from "./target-context.js";
import { deletedForGood } from "./lost-for-good.js";

/**
 * One target's credentials (keys, tokens, secrets) in its diff: revoked when their holder loses
 * access, before the account goes; governed where the app's accounts are another system's
 * (credentialsOnly); reported where nobody's decision can take them. Each is revoked once.
 */
export class TargetCredentials {
  /** Credentials held under a login with no account here (held-credentials.ts), by that login; undefined when none or the target has no credentials. */
  readonly holders: Map<string, TargetCredential[]> | undefined;
  private readonly revoked = new Set<string>();
  private byAccount: Map<string, TargetCredential[]> | undefined;
  private byId: Map<string, TargetCredential> | undefined;
  private accountById: Map<string, TargetAccount> | undefined;

  constructor(
    private readonly ctx: TargetContext,
    private readonly app: AppPolicyDoc,
    private readonly policyAt: string,
    private readonly logins: IdentityLogins,
    private readonly out: DiffOutput,
    /** Some source failed its gates or cannot be proven complete (see lifecycle.ts offboarding). */
    private readonly missingUnknown: boolean,
  ) {
    this.holders = ctx.traits.supportsCredentials ? credentialsByHolder(ctx.state.credentials) : undefined;
  }

  /** The target's credentials by account id, in state order; built on the first offboarding. */
  ofAccount(accountId: string): readonly TargetCredential[] {
    if (!this.byAccount) {
      this.byAccount = new Map();
      for (const c of this.ctx.state.credentials) {
        const list = this.byAccount.get(c.account);
        if (list) list.push(c);
        else this.byAccount.set(c.account, [c]);
      }
    }
    return this.byAccount.get(accountId) ?? [];
  }

  /** The target's accounts by id; built on first use (one map, not one per NHI that asks). */
  private accountsById(): Map<string, TargetAccount> {
    this.accountById ??= new Map(this.ctx.state.accounts.map((a) => [a.id, a]));
    return this.accountById;
  }

  /** The target's credentials by id; built on first use. */
  private credentialsById(): Map<string, TargetCredential> {
    this.byId ??= new Map(this.ctx.state.credentials.map((c) => [c.id, c]));
    return this.byId;
  }

  /**
   * The credentials a discovered NHI without an account here holds in this target (its discovered
   * credentials' ids, which the target reads alike), revoked when the NHI loses access; the
   * decision in words, or undefined when it holds none here or keeps access.
   */
  revokeHeldByNhi(identity: Identity): string | undefined {
    const held = identity.credentials!.filter((c) => c.discoveredBy !== undefined && this.credentialsById().has(c.id)).map((c) => this.credentialsById().get(c.id)!);
    if (held.length === 0) return undefined;
    const off = offboarding(identity, this.app, this.ctx.byId, this.ctx.now, this.missingUnknown);
    if (!off) return undefined;
    const base = { ...accountFields(identity, undefined, undefined), ...lifecycleField(off.lifecycle) };
    const evidence = [...(identity.definedAt ? [identity.definedAt] : []), ...recordEvidence(identity)];
    for (const c of [...held].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const account = this.accountsById().get(c.account) ?? { id: c.account, login: identity.id, active: true, attributes: {}, entitlements: [] };
      this.revoke(identity.id, account, c, base, { origin: off.origin, reason: `${off.reason}: ${this.words(c, "stops working")}` }, evidence);
    }
    return `revoke what it holds here (${off.why}): ${held.length} credential(s), no account`;
  }

  /**
   * The credentials the target lists under identity i's login, which has no account here
   * (held-credentials.ts), revoked as it loses access; the decision in words, or undefined when
   * it holds none. A login two identities share is neither's to lose (see keptByAnother).
   */
  revokeHeldByLogin(i: number, identity: Identity, off: Offboarding | undefined): string | undefined {
    const key = this.logins.key[i];
    const held = key === undefined || this.logins.shared[i] ? undefined : this.holders?.get(key);
    if (!held) return undefined;
    const why = off ?? { why: "leaver", reason: `no longer in the scope of ${this.policyAt}`, origin: "drift" as const };
    const base = { ...accountFields(identity, undefined, this.logins.login[i]), ...lifecycleField(off?.lifecycle) };
    const evidence = [...(identity.definedAt ? [identity.definedAt] : []), ...recordEvidence(identity)];
    for (const c of held) {
      const holder: TargetAccount = { id: "", login: c.heldBy!, active: false, attributes: {}, entitlements: [] };
      const what = `its ${c.type}${c.credentialId ? ` ${c.credentialId}` : ""}, ${heldHow(c)} its login "${c.heldBy}", which has no account here`;
      this.revoke(identity.id, holder, c, base, { origin: why.origin, reason: `${why.reason}: ${what}, stops working` }, evidence);
    }
    return `revoke what it holds here (${why.why}): ${held.length} credential(s) under its login "${held[0]!.heldBy}", which has no account in the app`;
  }

  /**
   * Credentials held under a login no identity has (held-credentials.ts): no decision took them,
   * and none will, so each is a finding.
   */
  reportOrphaned(): void {
    if (!this.holders) return;
    const logins = new Set(this.logins.key);
    for (const [key, held] of [...this.holders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (logins.has(key)) continue;
      for (const c of held) {
        if (this.revoked.has(c.id)) continue;
        this.out.findings.push(orphanedCredentialFinding(c, { app: this.app.id, target: this.ctx.target, loginAttribute: loginAttribute(this.app), policyAt: this.policyAt }));
      }
    }
  }

  /**
   * One credential revoked, or, where the target cannot revoke it through its API, a finding with
   * the exact command a person runs. A credential the target reports as switched off is left be.
   */
  revoke(name: string, account: TargetAccount, c: TargetCredential, base: Partial<Change>, why: { origin: Origin; reason: string }, evidence: string[]): void {
    if (c.status === "inactive") return;
    // Once per credential: a deploy key can be both its NHI's and its adder's, and both can go.
    if (this.revoked.has(c.id)) return;
    this.revoked.add(c.id);
    // A target that revokes no credentials at all (SCIM has no credential resource) cannot revoke
    // one its state lists either: a person revokes it in the app, as with a manualRevocation.
    const unable = !this.ctx.traits.supportsCredentials;
    if (c.manualRevocation || unable) {
      const remediation = c.manualRevocation ? `run: ${c.manualRevocation}` : "revoke it in the app's admin console (its API token or key settings), then remove it from the target's state file";
      this.out.findings.push({
        rule: "credential-manual-revocation",
        severity: "warning",
        identity: name,
        message: `${this.app.id}: ${c.type} ${c.credentialId ?? c.id}${trusts(c)} on "${account.login}" must be revoked (${why.reason}), but target "${this.ctx.target}" cannot revoke it${unable ? ": it revokes no credentials" : " through its API"}`,
        remediation,
        location: this.policyAt,
        controls: ["OWASP-NHI1"],
        // Named until the target's state no longer lists it: the leavers report counts it for an NHI's owner who left.
        stillWorking: [{ nhi: name, credential: `${c.type} ${c.credentialId ?? c.id} on "${account.login}"`, system: `target "${this.ctx.target}"`, step: remediation }],
      });
      return;
    }
    // A credential the revoke deletes (a GitHub deploy key) is kept in the journal by name, so that a return names it.
    const gone = deletedForGood(c, this.ctx.traits);
    this.out.add("revoke-credential", name, { ...base, credential: c.id, privileged: false, origin: why.origin, reason: why.reason, ...(gone ? { lost: [gone.item] } : {}), evidence });
  }

  /**
   * What revoking `c` does, for a reason: "its <type> <name> <then>", or, where the revoke deletes
   * it for good (lost-for-good.ts), that it is deleted and what whatever uses it loses.
   */
  words(c: TargetCredential, then: string): string {
    return deletedForGood(c, this.ctx.traits)?.words ?? `its ${c.type}${c.credentialId ? ` ${c.credentialId}` : ""}${trusts(c)} ${then}`;
  }

  /** Every credential of an account, in id order, revoked for the same reason. */
  revokeAll(name: string, account: TargetAccount, base: Partial<Change>, why: (c: TargetCredential) => { origin: Origin; reason: string }, evidence: string[]): void {
    for (const c of [...this.ofAccount(account.id)].sort((a, b) => (a.id < b.id ? -1 : 1))) this.revoke(name, account, c, base, why(c), evidence);
  }

  /** An account that keeps its identity in a credentialsOnly target: unknown and unused credentials (the app's `credentials:`). */
  govern(identity: Identity, account: TargetAccount, login: string | undefined): string {
    const { ctx } = this;
    const verdicts = governCredentials(this.ofAccount(account.id), { who: identity.id, declared: identity.credentials, definedAt: identity.definedAt, account: account.login, target: ctx.target, policy: this.app, policyAt: this.policyAt, now: ctx.now });
    append(this.out.findings, verdicts.findings);
    const base = accountFields(identity, account, login);
    const evidence = [this.policyAt, ...(identity.definedAt ? [identity.definedAt] : [])];
    for (const v of [...verdicts.revoke].sort((a, b) => (a.credential.id < b.credential.id ? -1 : 1))) this.revoke(identity.id, account, v.credential, base, v, evidence);
    if (verdicts.revoke.length === 0 && verdicts.findings.length === 0) return "nothing: its credentials are as the policy allows";
    return `credentials: ${verdicts.revoke.length} revoked (unknown or unused), ${verdicts.findings.length} reported`;
  }
}

/**
 * What a credential the revoke leaves in place lets in, where the target says (an Entra federated
 * identity credential: its name, issuer and subject; an IAM service-specific credential: the
 * service, bedrock.amazonaws.com for an Amazon Bedrock API key), so that the reviewer reads which
 * workload stops signing in: ` (issuer …, subject …)`, or "" when the target does not say.
 */
function trusts(c: TargetCredential): string {
  return (c.type === "federated-credential" || c.type === "service-credential") && c.access ? ` (${c.access})` : "";
}
