/**
 * Appends `items` to `list` one at a time and returns `list`. `list.push(...items)` passes every
 * item as an argument to one call: past about 100k items (findings of a large organisation) that
 * overflows the call stack, a crash that depends on the size of the data. test/no-unbounded-spread
 * keeps such spreads out of src/.
 */
export function append<T>(list: T[], items: Iterable<T>): T[] {
  for (const item of items) list.push(item);
  return list;
}
