/** What `scopesync plan --format` writes; apart from the planner so that the CLI can name them without loading it. */
export const PLAN_FORMATS = ["text", "markdown", "json", "sarif"] as const;
