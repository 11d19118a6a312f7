// What a target holds right now, as its connector read it (or as a saved state file holds it).
// The planner diffs desired state against this; it never sees a connector's write side.

/** One account in a downstream app. */
export interface TargetAccount {
  /** The target's own immutable id for the account; a linked account is addressed by it. */
  id: string;
  /** Login / userName in the target. */
  login: string;
  /**
   * Anchor scopesync wrote when it created or linked the account ("hr:W1001", "nhi:svc-deployer").
   * Absent on accounts scopesync does not manage (yet).
   */
  externalId?: string;
  active: boolean;
  attributes: Record<string, string>;
  /** Entitlements held, as "kind:name" (team:platform, role:admin, group:Sales). */
  entitlements: string[];
  /** When the account was disabled, for delete grace periods. */
  disabledAt?: string;
}

/** A credential the target knows about (deploy key, token grant), so it can be revoked. */
export interface TargetCredential {
  id: string;
  /** Target account id the credential belongs to. */
  account: string;
  type: string;
  /** Credential id as declared in identities/ (ServiceAccount/Agent `credentials[].id`), when known. */
  credentialId?: string;
}

export interface TargetState {
  formatVersion: 1;
  target: string;
  readAt: string;
  accounts: TargetAccount[];
  credentials: TargetCredential[];
}
