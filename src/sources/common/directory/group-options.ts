// options.groupClasses and options.maxGroupDepth, read the same way by the ldif and ldap sources.
import { DEFAULT_GROUP_CLASSES } from "./classify.js";
import { DEFAULT_MAX_GROUP_DEPTH } from "./settings.js";

/** The lower-cased group classes: the defaults plus the configured ones. */
export function groupClassSet(extra: readonly string[] | undefined): Set<string> {
  return new Set([...DEFAULT_GROUP_CLASSES, ...(extra ?? [])].map((name) => name.trim().toLowerCase()));
}

/** An LDAP filter that finds every group class: "(|(objectClass=group)(objectClass=groupOfNames)...)". */
export function groupFilter(extra: readonly string[] | undefined): string {
  const classes = [...new Set([...DEFAULT_GROUP_CLASSES, ...(extra ?? [])])];
  return `(|${classes.map((name) => `(objectClass=${name})`).join("")})`;
}

export { DEFAULT_MAX_GROUP_DEPTH };
