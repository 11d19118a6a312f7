import { diffWordsWithSpace } from "diff";

/** Values shorter than this read fine as "from → to"; longer ones are shown as a word diff. */
export const LONG_VALUE = 60;

export function isLong(from: string | null, to: string | null): boolean {
  return (from?.length ?? 0) > LONG_VALUE || (to?.length ?? 0) > LONG_VALUE || /\n/.test(from ?? "") || /\n/.test(to ?? "");
}

/**
 * A word diff of two attribute values, so a reviewer sees the three words that changed in a long
 * description instead of two long strings. `mark` wraps removed and added parts for the output.
 */
export function wordDiff(from: string, to: string, mark: { removed: (s: string) => string; added: (s: string) => string; same: (s: string) => string }): string {
  return diffWordsWithSpace(from, to)
    .map((part) => (part.removed ? mark.removed(part.value) : part.added ? mark.added(part.value) : mark.same(part.value)))
    .join("");
}
