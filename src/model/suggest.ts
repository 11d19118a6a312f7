/** Nearest candidate by edit distance, for "did you mean"; only when it is plausibly a typo. */
export function closest(word: string, options: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const o of options) {
    // The word itself is no suggestion (a Person overlay's own id is among the names it is checked against).
    if (o === word) continue;
    const d = editDistance(word.toLowerCase(), o.toLowerCase());
    if (d < bestDistance) {
      best = o;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * A name among `names` that `word` is almost surely a misspelling of: the same name in another
 * case, or (for words of five letters or more) one letter added, dropped, changed or two swapped.
 * A short word one letter from another (`site`, `title`; `crm`, `erp`) may well be meant: not a
 * typo. `editable` narrows the names an edit may reach (a case match reaches every name).
 */
export function likelyTypo(word: string, names: Iterable<string>, editable: (name: string) => boolean = () => true): string | undefined {
  const lower = word.toLowerCase();
  const list = [...names];
  for (const name of list) if (name !== word && name.toLowerCase() === lower) return name;
  if (word.length < 5) return undefined;
  for (const name of list) if (editable(name) && oneEditApart(lower, name.toLowerCase())) return name;
  return undefined;
}

/** One insertion, deletion, substitution or transposition of neighbours apart (never equal). */
function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
