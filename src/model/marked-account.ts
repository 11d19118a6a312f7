/**
 * An account a target's saved state holds marked with an anchor (its `externalId`), with the
 * e-mail addresses it holds. Before a source's first accepted snapshot these marks are the only
 * record of who that source governed: resolve/departed-unsnapshotted.ts reads them.
 */
export interface MarkedAccount {
  anchor: string;
  target: string;
  login: string;
  /**
   * The account holder's own addresses: its login, the attributes its policy maps from the
   * identity's `email`/`emails`, and an `email`/`emails`/`mail` attribute the policy does not fill
   * from something else (never a mapped `manager`), as `emailKey` compares them, sorted.
   */
  emails: string[];
}
