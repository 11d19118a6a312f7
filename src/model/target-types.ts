/** Target connector types scopesync ships; the connector registry implements exactly these. */
export const TARGET_TYPES = ["file", "github", "scim"] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

/**
 * What each kind of target can hold and do, known without talking to it, so that an offline plan
 * never proposes a change the target cannot make (which would come back in every plan as drift).
 */
export interface TargetTraits {
  /** Keeps scopesync's anchor on the account (SCIM externalId); otherwise accounts link by login. */
  storesExternalId: boolean;
  /** Account attributes and the login can be changed in place. */
  updatesAccounts: boolean;
  supportsDelete: boolean;
  supportsCredentials: boolean;
}

export const TARGET_TRAITS: Record<TargetType, TargetTraits> = {
  file: { storesExternalId: true, updatesAccounts: true, supportsDelete: true, supportsCredentials: true },
  scim: { storesExternalId: true, updatesAccounts: true, supportsDelete: true, supportsCredentials: false },
  // An org cannot rename or edit a GitHub user, and removing the member is the only way out.
  github: { storesExternalId: false, updatesAccounts: false, supportsDelete: false, supportsCredentials: true },
};
