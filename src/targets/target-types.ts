/** Target connector types scopesync ships; the connector registry implements exactly these. */
export const TARGET_TYPES = ["file", "github", "scim"] as const;
export type TargetType = (typeof TARGET_TYPES)[number];
