/**
 * A resumed paged read (SCIM, GitHub) asks again for the last page it kept before going on: the
 * pages after it are where they were only if its items are the same, in the same order. What is
 * compared is their ids (an attribute changed on one of them moves nothing); an item without an
 * id is compared whole.
 */
export function pageItemIds(items: readonly unknown[]): string {
  return JSON.stringify(items.map((item) => (item as { id?: unknown } | null)?.id ?? item));
}
