// Which AWS account an export is of. A credential report is of one account (GetCredentialReport
// "Retrieves a credential report for the AWS account"), and IAM names are unique only within an
// account (model/aws-account.ts): a report of a staging account built by the same IaC has the same
// user names, so its anchors match the accepted snapshot's, churn measures nothing, and the plan
// would judge the other account's keys as this source's, a declared NHI's `discoveredBy` binding
// to a user of another account. Every row's ARN names the account (the root row's too), as the
// accepted snapshot's records keep them (attribute awsArn), so the gate compares the two.
import { awsAccountOf } from "../model/aws-account.js";
import type { SourceRecord } from "../model/source-record.js";
import type { GateFailure } from "./gate-failure.js";

/** An AWS account an export names, and the first record naming it. */
export interface NamedAccount { account: string; position: string }

/** Each AWS account the records' ARNs name, with its first record, in the export's order; none for a source without ARNs. */
export function awsAccounts(records: readonly SourceRecord[]): NamedAccount[] {
  const seen = new Map<string, string>();
  for (const r of records) {
    const arn = r.attributes?.["awsArn"];
    const account = typeof arn === "string" ? awsAccountOf(arn) : undefined;
    if (account !== undefined && !seen.has(account)) seen.set(account, r.position);
  }
  return [...seen].map(([account, position]) => ({ account, position }));
}

/** The account gate's failure that no acceptance waives: an export naming two accounts is two exports in one. */
export function mixedAccounts(accounts: readonly NamedAccount[]): GateFailure | undefined {
  if (accounts.length < 2) return undefined;
  const [a, b] = accounts as [NamedAccount, NamedAccount];
  return {
    rule: "source-gate-account",
    message: `the export is of more than one AWS account: ${a.position} is of ${a.account}, ${b.position} of ${b.account}${accounts.length > 2 ? ` (and ${accounts.length - 2} more)` : ""}`,
    remediation: "a credential report is of one account: export each AWS account as its own source (its credential report, and its roles, fetched with that account's profile or role)",
  };
}

/**
 * The export's one account and the accepted snapshot's, when they differ (and each names one):
 * `gates.accept.account` may waive it, for a reviewed move to another account.
 */
export function changedAccount(accounts: readonly NamedAccount[], snapshot: readonly SourceRecord[] | undefined): { account: string; position: string; accepted: string } | undefined {
  if (accounts.length !== 1 || snapshot === undefined) return undefined;
  // A departed leaver a snapshot keeps (SourceRecord.departed) is no longer of the export it was accepted from.
  const before = awsAccounts(snapshot.filter((r) => r.departed === undefined));
  if (before.length !== 1 || before[0]!.account === accounts[0]!.account) return undefined;
  return { ...accounts[0]!, accepted: before[0]!.account };
}
