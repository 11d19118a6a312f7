/**
 * The first `count` of a finding's items, joined by "; ", and how many more there are: a finding
 * about thousands of rows names a few to look at and counts the rest, rather than growing with the export.
 */
export function firstNamed(items: readonly string[], count = 3): string {
  return items.length > count ? `${items.slice(0, count).join("; ")}; and ${items.length - count} more` : items.join("; ");
}
