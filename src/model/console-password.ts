// An IAM user's console password as a discovery source reports it (the credential report's
// password_enabled and password_last_used). Not a credential of the report's own (no slot, no id),
// and one per user of each account: an NHI that two accounts' reports name (the same user name in
// prod and dev) has one password in each, which sign in to different accounts. Each is kept with
// the source and account that reported it, as discovered credentials keep their `idScope`.
export interface ReportedConsolePassword {
  /** The IAM user name. */
  userName: string;
  /** The user's ARN, with the account the password signs in to (model/aws-account.ts). */
  idScope: string;
  /** Name (in scopesync.yaml `sources:`) of the source that reported it. */
  source: string;
  /** Where in its export: the row, as findings point at it. */
  at: string;
  /** password_last_used, when the report has one. */
  lastUsedAt?: string;
}

/**
 * The identity's passwords once `reported` (one source's record) joins them: a password of the same
 * source and user ARN is replaced, any other kept, in source then ARN order.
 */
export function withConsolePassword(have: readonly ReportedConsolePassword[] | undefined, reported: ReportedConsolePassword): ReportedConsolePassword[] {
  const out = (have ?? []).filter((p) => p.source !== reported.source || p.idScope !== reported.idScope);
  out.push(reported);
  return out.sort((a, b) => cmp(a.source, b.source) || cmp(a.idScope, b.idScope));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
