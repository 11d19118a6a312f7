/**
 * A function that gives one string object for each distinct value it is given. Parsers make a new
 * string for every occurrence of a value; where a few values repeat across 100k+ records
 * (departments, entitlements), sharing them saves memory, and every later Map or Set lookup on
 * them hashes once and compares one object.
 */
export function interner(keep: (value: string) => string = (value) => value, limit = Infinity): (value: string) => string {
  const seen = new Map<string, string>();
  return (value) => {
    const had = seen.get(value);
    if (had !== undefined) return had;
    // `keep` gives the string kept for every later occurrence (copied(): one of its own, not a
    // view into the export it was cut from); the key is that string too, never the given one.
    const kept = keep(value);
    // Past `limit` distinct values a new one is kept but not remembered: where most values are
    // unique (a remediation naming its credential), the table would grow with them and be
    // rehashed again and again for nothing.
    if (seen.size < limit) seen.set(kept, kept);
    return kept;
  };
}
