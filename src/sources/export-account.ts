// Which account (AWS) or org (Okta) an export is of. A credential report is of one AWS account
// (GetCredentialReport "Retrieves a credential report for the AWS account"), and IAM names are
// unique only within an account (model/aws-account.ts); an Okta users export is of one org, and
// logins are unique only within an org (model/okta-org.ts). A report of a staging account, or a
// users export of a preview org, built by the same IaC has the same names, so its anchors match
// the accepted snapshot's, churn measures nothing, and the plan would judge the other tenant's
// people and keys as this source's. Every record keeps what names its tenant (the attribute awsArn,
// the attribute oktaOrg), as the accepted snapshot's records keep them, so the gate compares the two,
// and compares both with the tenant scopesync.yaml declares (gates.account), which binds a first run too.
import { awsAccountOf } from "../model/aws-account.js";
import type { SourceRecord } from "../model/source-record.js";
import type { GateFailure } from "./gate-failure.js";

/** What kind of tenant a source's records name, with the words the gate's texts use for it. */
export interface TenantKind {
  /** "AWS account" */
  noun: string;
  /** "account", as in "moves to account 123456789012" */
  short: string;
  /** Why the same names are not the same people, and where to look for the tenant the export was fetched from. */
  why: string;
}

const AWS: TenantKind = {
  noun: "AWS account",
  short: "account",
  why: "an IAM name is unique only within its account, so the same user names are other users with other keys: check which account the export was fetched with (the AWS profile or role)",
};
const OKTA: TenantKind = {
  noun: "Okta org",
  short: "org",
  why: "an Okta login is unique only within its org, so a preview or sandbox org built by the same Terraform has the same logins for other people: check which org the export was fetched from (the host GET /api/v1/users was sent to, which each user's _links.self.href names)",
};

/** A tenant an export names, and the first record naming it. */
export interface NamedAccount { account: string; position: string; kind: TenantKind }

/** The tenant a record names: the account of its ARN (aws-iam), the org of its self link (okta); undefined for any other. */
function accountOf(r: SourceRecord): { account: string; kind: TenantKind } | undefined {
  const arn = r.attributes?.["awsArn"];
  const account = typeof arn === "string" ? awsAccountOf(arn) : undefined;
  if (account !== undefined) return { account, kind: AWS };
  const org = r.attributes?.["oktaOrg"];
  return typeof org === "string" ? { account: org, kind: OKTA } : undefined;
}

/** Each tenant the records name, with its first record, in the export's order; none for a source whose records name none. */
export function exportAccounts(records: readonly SourceRecord[]): NamedAccount[] {
  const seen = new Map<string, NamedAccount>();
  for (const r of records) {
    const named = accountOf(r);
    if (named !== undefined && !seen.has(named.account)) seen.set(named.account, { ...named, position: r.position });
  }
  return [...seen.values()];
}

/** The account gate's failure that no acceptance waives: an export naming two tenants is two exports in one. */
export function mixedAccounts(accounts: readonly NamedAccount[]): GateFailure | undefined {
  if (accounts.length < 2) return undefined;
  const [a, b] = accounts as [NamedAccount, NamedAccount];
  return {
    rule: "source-gate-account",
    message: `the export is of more than one ${a.kind.noun}: ${a.position} is of ${a.account}, ${b.position} of ${b.account}${accounts.length > 2 ? ` (and ${accounts.length - 2} more)` : ""}`,
    remediation: a.kind === AWS
      ? "a credential report is of one account: export each AWS account as its own source (its credential report, and its roles, fetched with that account's profile or role)"
      : "a users export is of one org: fetch every page from one org's URL, and export another org as a source of its own",
  };
}

/**
 * The account gate's failure against scopesync.yaml's `gates.account`, which no acceptance waives
 * (the declaration is itself the reviewed word; a move changes it in a reviewed PR): an export of
 * another tenant, or one whose records name none (nothing to bind: an Okta export saved without
 * `_links`, or a source type whose exports name no tenant).
 */
export function undeclaredAccount(accounts: readonly NamedAccount[], declared: string, records: number, configAt: string): GateFailure | undefined {
  if (records === 0 || (accounts.length === 1 && accounts[0]!.account === declared)) return undefined;
  if (accounts.length === 0) {
    return {
      rule: "source-gate-account",
      message: `gates.account is ${declared}, but no record of the export names its tenant`,
      remediation: `only aws-iam (each row's ARN) and okta (each user's _links.self.href) exports name their tenant: for okta, save the response bodies of GET /api/v1/users as Okta returns them, with _links; for a source whose export names no tenant, remove gates.account from ${configAt}`,
    };
  }
  // Two tenants are mixedAccounts' failure already.
  if (accounts.length > 1) return undefined;
  const [a] = accounts as [NamedAccount];
  return {
    rule: "source-gate-account",
    message: `the export is of ${a.kind.noun} ${a.account} (${a.position}), gates.account is ${declared}`,
    remediation: `${a.kind.why}; if the source really moves to ${a.kind.short} ${a.account}, change gates.account in ${configAt} in a reviewed PR, with the new snapshot (scopesync snapshot)`,
  };
}

/**
 * The export's one tenant and the accepted snapshot's, when they differ (and each names one):
 * `gates.accept.account` may waive it, for a reviewed move to another account or org.
 */
export function changedAccount(accounts: readonly NamedAccount[], snapshot: readonly SourceRecord[] | undefined): (NamedAccount & { accepted: string }) | undefined {
  if (accounts.length !== 1 || snapshot === undefined) return undefined;
  // A departed leaver a snapshot keeps (SourceRecord.departed) is no longer of the export it was accepted from.
  const before = exportAccounts(snapshot.filter((r) => r.departed === undefined));
  if (before.length !== 1 || before[0]!.account === accounts[0]!.account) return undefined;
  return { ...accounts[0]!, accepted: before[0]!.account };
}
