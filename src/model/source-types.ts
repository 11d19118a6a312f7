/** Source adapter types scopesync ships; the source registry implements exactly these. */
export const SOURCE_TYPES = ["aws-iam", "csv", "entra", "entra-apps", "gcp-iam", "github", "google", "kubernetes", "ldap", "ldif", "okta", "scim"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/**
 * Discovery sources: they read the systems that issue NHI credentials and report service
 * accounts and agents, never people. Their records are reconciled with the NHI files in
 * identities/ (resolve/reconcile-nhis.ts) instead of being correlated with people.
 */
export const DISCOVERY_SOURCE_TYPES: ReadonlySet<string> = new Set<SourceType>(["aws-iam", "entra-apps", "gcp-iam", "github", "kubernetes"]);
