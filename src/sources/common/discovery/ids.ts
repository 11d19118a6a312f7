// Discovered NHIs need an identity id people can read and YAML can name: the system's display
// name made into the repository's id alphabet. Two principals with one name keep theirs apart by
// a suffix from their immutable id, so the same export always gives the same ids.

/** "CI Deployer (prod)" → "ci-deployer-prod". Empty when nothing usable is left. */
export function slugId(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-._]+|[-._]+$/g, "")
    .slice(0, 80);
}

/**
 * Gives each record of one source a unique `userName`: its slug, or the slug plus the first
 * characters of its external id when another record of the source has the same slug.
 */
export function uniqueNames<T extends { slug: string; externalId: string }>(items: T[]): Map<T, string> {
  const count = new Map<string, number>();
  for (const item of items) count.set(item.slug, (count.get(item.slug) ?? 0) + 1);
  const names = new Map<T, string>();
  // The suffix only where a name needs one: slugging every external id was most of the time it took.
  const suffix = (item: T): string => slugId(item.externalId).replace(/[^a-z0-9]/g, "").slice(0, 8);
  for (const item of items) {
    if (!item.slug) names.set(item, `nhi-${suffix(item)}`);
    else names.set(item, (count.get(item.slug) ?? 0) > 1 ? `${item.slug}-${suffix(item)}` : item.slug);
  }
  return names;
}
