/**
 * Lists that many identities hold with the same contents: the empty list (no aliases, no groups,
 * no records of their own) and a source's name alone (`sources`, `discoveredBy`). Shared and
 * frozen: one array each cost 32 to 56 bytes an identity, a million times over, and code that tried
 * to add to a shared list fails at once instead of giving the entry to every identity.
 */
export const NO_STRINGS = Object.freeze([]) as unknown as string[];

const sourceLists = new Map<string, string[]>();

/** `[source]`, one frozen list for each source name (a handful per organisation). */
export function sourceList(source: string): string[] {
  let list = sourceLists.get(source);
  if (!list) sourceLists.set(source, (list = Object.freeze([source]) as unknown as string[]));
  return list;
}
