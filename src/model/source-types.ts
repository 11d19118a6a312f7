/** Source adapter types scopesync ships; the source registry implements exactly these. */
export const SOURCE_TYPES = ["csv", "entra", "google", "ldap", "ldif", "okta", "scim"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];
