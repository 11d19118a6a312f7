// Discovered NHIs need an identity id people can read and YAML can name: the system's display
// name made into the repository's id alphabet. Two principals with one name keep theirs apart by
// a suffix from their immutable id, so the same export always gives the same ids.
import { withoutSecretShapes } from "../../../model/secret-shapes.js";

/**
 * "CI Deployer (prod)" → "ci-deployer-prod". Empty when nothing usable is left. A secret pasted
 * into the name (a URL's password, a token) is left out first: the id names the NHI in every plan
 * and its drafted file, and once slugged (lower case, `:` gone) no masker could recognise it.
 */
export function slugId(name: string): string {
  return withoutSecretShapes(name)
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
  const names = uniqueNameList(items, (item) => item.slug, (item) => item.externalId);
  return new Map(items.map((item, i) => [item, names[i]!]));
}

/** uniqueNames as a list in the items' order, read through accessors: no object made per item. */
export function uniqueNameList<T>(items: readonly T[], slugOf: (item: T) => string, idOf: (item: T) => string): string[] {
  const count = new Map<string, number>();
  for (const item of items) {
    const slug = slugOf(item);
    count.set(slug, (count.get(slug) ?? 0) + 1);
  }
  // The suffix only where a name needs one: slugging every external id was most of the time it took.
  const suffix = (item: T): string => slugId(idOf(item)).replace(/[^a-z0-9]/g, "").slice(0, 8);
  return items.map((item) => {
    const slug = slugOf(item);
    if (!slug) return `nhi-${suffix(item)}`;
    return count.get(slug)! > 1 ? `${slug}-${suffix(item)}` : slug;
  });
}
