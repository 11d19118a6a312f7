import type { ProjectConfig } from "./documents.js";

/**
 * Every configured source, highest precedence first: `correlation.precedence`, then the sources it
 * does not list by name. The first source authoritative for an attribute in this order decides it
 * (resolve/merge-person.ts); validate names the same order when it says which source wins.
 */
export function sourceOrder(config: Pick<ProjectConfig, "sources" | "correlation">): string[] {
  const precedence = config.correlation?.precedence ?? [];
  return [...precedence, ...Object.keys(config.sources).filter((s) => !precedence.includes(s)).sort()];
}
