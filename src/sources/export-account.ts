// Which account (AWS), org (Okta), customer (Google Workspace) or tenant (Entra) an export is of. A credential
// report is of one AWS account (GetCredentialReport "Retrieves a credential report for the AWS
// account"), and IAM names are unique only within an account (model/aws-account.ts); an Okta users
// export is of one org, and logins are unique only within an org (model/okta-org.ts); a users.list
// export is of one customer (its `customer=` parameter); an Entra users export is of one tenant,
// which its organization file names (entra/tenant.ts). A report of a staging account, or a users
// export of a preview org, built by the same IaC has the same names, so its anchors match the
// accepted snapshot's, churn measures nothing, and the plan would judge the other tenant's people
// and keys as this source's. Every record keeps what names its tenant (the attributes awsArn,
// oktaOrg, googleCustomerId, entraTenantId), as the accepted snapshot's records keep them, so the gate compares
// the two, and compares both with the tenant scopesync.yaml declares (gates.account), which binds a
// first run too. A record that names no tenant among records that do (a page saved by a tool that
// drops `_links`, or fetched with a `fields=` mask, appended to another fetch) could be any
// tenant's: where the source is bound, it fails the gate like a record of another tenant.
import { awsAccountOf } from "../model/aws-account.js";
import { isOktaOrgHost } from "../model/okta-org.js";
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
  /** How to export so that every record names its tenant. */
  named: string;
}

const AWS: TenantKind = {
  noun: "AWS account",
  short: "account",
  why: "an IAM name is unique only within its account, so the same user names are other users with other keys: check which account the export was fetched with (the AWS profile or role)",
  named: "export the credential report and the roles as AWS returns them: each row's arn and each role's Arn name the account",
};
const OKTA: TenantKind = {
  noun: "Okta org",
  short: "org",
  why: "an Okta login is unique only within its org, so a preview or sandbox org built by the same Terraform has the same logins for other people: check which org the export was fetched from (the host GET /api/v1/users was sent to, which each user's _links.self.href names)",
  named: "save the response bodies of GET /api/v1/users as Okta returns them, with _links: each user's _links.self.href names the org",
};
const ENTRA: TenantKind = {
  noun: "Entra tenant",
  short: "tenant",
  why: "a test tenant or an acquired company's, synced from the same AD, has the same user names for other people: check which tenant GET /users and GET /organization were fetched with (the tenant the sign-in was made in)",
  named: "set options.organization to the GET /organization response fetched with the same sign-in as the users: each user whose userPrincipalName is on one of its verifiedDomains names the tenant",
};
const GOOGLE: TenantKind = {
  noun: "Google Workspace customer",
  short: "customer",
  why: "a users.list of another customer (a reseller's other customer, a test customer with the same addresses) is other people: check which customer the export was fetched for (users.list's customer= parameter; my_customer is the caller's own)",
  named: "export with users.list?customer=my_customer&projection=full and no fields= mask: each user's customerId names the customer",
};

/** A tenant an export names, and the first record naming it. */
export interface NamedAccount { account: string; position: string; kind: TenantKind }

/** The records of an export that name no tenant: the first one, and how many in all. */
export interface UnnamedRecords { position: string; count: number }

/** The tenants an export names, and its records that name none. */
export interface ExportTenants { named: NamedAccount[]; unnamed: UnnamedRecords | undefined }

/** The tenant a record names: the account of its ARN (aws-iam), the org of its self link (okta), its customerId (google), its organization file's id (entra); undefined for any other. */
function accountOf(r: SourceRecord): { account: string; kind: TenantKind } | undefined {
  const arn = r.attributes?.["awsArn"];
  const account = typeof arn === "string" ? awsAccountOf(arn) : undefined;
  if (account !== undefined) return { account, kind: AWS };
  const org = r.attributes?.["oktaOrg"];
  if (typeof org === "string") return { account: org, kind: OKTA };
  const customer = r.attributes?.["googleCustomerId"];
  if (typeof customer === "string") return { account: customer, kind: GOOGLE };
  const tenant = r.attributes?.["entraTenantId"];
  return typeof tenant === "string" ? { account: tenant, kind: ENTRA } : undefined;
}

/** Each tenant the records name, with its first record, in the export's order (none for a source whose records name none), and the records that name none. */
export function exportAccounts(records: readonly SourceRecord[]): ExportTenants {
  const seen = new Map<string, NamedAccount>();
  let unnamed: UnnamedRecords | undefined;
  for (const r of records) {
    const named = accountOf(r);
    if (named === undefined) unnamed = { position: unnamed?.position ?? r.position, count: (unnamed?.count ?? 0) + 1 };
    else if (!seen.has(named.account)) seen.set(named.account, { ...named, position: r.position });
  }
  return { named: [...seen.values()], unnamed };
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
 * `_links`, or a source type whose exports name no tenant), or any of whose records names none
 * beside records of the declared tenant (it could be another's: a page of another fetch appended).
 */
export function undeclaredAccount(tenants: ExportTenants, declared: string, records: number, configAt: string): GateFailure | undefined {
  const accounts = tenants.named;
  if (records === 0) return undefined;
  if (accounts.length === 0) {
    return {
      rule: "source-gate-account",
      message: `gates.account is ${declared}, but no record of the export names its tenant`,
      remediation: `only aws-iam (each row's ARN), okta (each user's _links.self.href), google (each user's customerId) and entra (with options.organization) exports name their tenant: for okta, save the response bodies of GET /api/v1/users as Okta returns them, with _links; for google, export without a fields= mask; for entra, ${ENTRA.named}; for a source whose export names no tenant, remove gates.account from ${configAt}`,
    };
  }
  // Two tenants are mixedAccounts' failure already.
  if (accounts.length > 1) return undefined;
  const [a] = accounts as [NamedAccount];
  // The declared tenant binds every record: one that names none could be another tenant's.
  if (a.account === declared) return tenants.unnamed === undefined ? undefined : unnamedRecords(tenants.unnamed, a.kind, `gates.account is ${declared}`);
  const alias = customDomainHint(a, declared, "gates.account", configAt);
  return {
    rule: "source-gate-account",
    message: `the export is of ${a.kind.noun} ${a.account} (${a.position}), gates.account is ${declared}${alias?.message ?? ""}`,
    remediation: `${alias?.remediation ?? ""}${a.kind.why}; if the source really moves to ${a.kind.short} ${a.account}, change gates.account in ${configAt} in a reviewed PR, with the new snapshot (scopesync snapshot)`,
  };
}

/**
 * Where one of two Okta hosts is an org's own (acme.okta.com) and the other a custom URL domain
 * (login.acme.com), they may be one org: a user's self link names the host the API was called at,
 * so an export fetched through the custom domain names it. Says which is which, and how to declare
 * the custom domain (options.customDomains, read by okta/user-record.ts); undefined otherwise.
 */
export function customDomainHint(seen: NamedAccount, bound: string, boundBy: string, configAt: string): { message: string; remediation: string } | undefined {
  if (seen.kind !== OKTA || isOktaOrgHost(seen.account) === isOktaOrgHost(bound)) return undefined;
  const [org, domain] = isOktaOrgHost(bound) ? [bound, seen.account] : [seen.account, bound];
  const which = domain === seen.account ? `the export's ${domain}` : `${boundBy}'s ${domain}`;
  return {
    message: ` (${which} is a custom domain, ${org} an Okta org's own host)`,
    remediation: `if ${domain} is the custom domain of ${org}, set gates.account to ${org} and list ${domain} in options.customDomains in ${configAt}; if it is not, `,
  };
}

/**
 * The export's one tenant and the accepted snapshot's, when they differ (and each names one):
 * `gates.accept.account` may waive it, for a reviewed move to another account or org.
 */
export function changedAccount(accounts: readonly NamedAccount[], snapshot: readonly SourceRecord[] | undefined): (NamedAccount & { accepted: string }) | undefined {
  const before = snapshotAccount(snapshot);
  if (accounts.length !== 1 || before === undefined || before.account === accounts[0]!.account) return undefined;
  return { ...accounts[0]!, accepted: before.account };
}

/** The one tenant the accepted snapshot's records name, or undefined (no snapshot, one that names none, or two). */
function snapshotAccount(snapshot: readonly SourceRecord[] | undefined): NamedAccount | undefined {
  if (snapshot === undefined) return undefined;
  // A departed leaver a snapshot keeps (SourceRecord.departed) is no longer of the export it was accepted from.
  const before = exportAccounts(snapshot.filter((r) => r.departed === undefined)).named;
  return before.length === 1 ? before[0] : undefined;
}

/**
 * Without gates.account: records that name no tenant where the accepted snapshot names one (the
 * source is bound, and they could be another tenant's: `error`), or beside records that do while
 * nothing binds the source (a first run, a snapshot taken before its type named its tenant): an
 * export stitched from two fetches, said as a `warning`, since there is nothing to fail against.
 */
export function unboundRecords(tenants: ExportTenants, snapshot: readonly SourceRecord[] | undefined): (GateFailure & { severity: "error" | "warning" }) | undefined {
  if (tenants.unnamed === undefined) return undefined;
  const before = snapshotAccount(snapshot);
  if (before !== undefined) return { ...unnamedRecords(tenants.unnamed, before.kind, `the accepted snapshot is of ${before.kind.noun} ${before.account}`), severity: "error" };
  const [a] = tenants.named;
  if (a === undefined) return undefined;
  return { ...unnamedRecords(tenants.unnamed, a.kind, `${a.position} is of ${a.kind.noun} ${a.account}`), severity: "warning" };
}

/** "gates.account is acme.okta.com, but users.json entry 3 names no Okta org (nor do 2 more records)". */
function unnamedRecords(unnamed: UnnamedRecords, kind: TenantKind, bound: string): GateFailure {
  const more = unnamed.count > 1 ? ` (nor do ${unnamed.count - 1} more record${unnamed.count > 2 ? "s" : ""})` : "";
  return {
    rule: "source-gate-account",
    message: `${bound}, but ${unnamed.position} names no ${kind.noun}${more}`,
    remediation: `a record that names no ${kind.short} may be another ${kind.short}'s (a page of another fetch appended to this one): ${kind.named}`,
  };
}
