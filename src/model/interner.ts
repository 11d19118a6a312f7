/**
 * A function that gives one string object for each distinct value it is given. Parsers make a new
 * string for every occurrence of a value; where a few values repeat across 100k+ records
 * (departments, entitlements), sharing them saves memory, and every later Map or Set lookup on
 * them hashes once and compares one object.
 */
export function interner(): (value: string) => string {
  const seen = new Map<string, string>();
  return (value) => {
    const had = seen.get(value);
    if (had !== undefined) return had;
    seen.set(value, value);
    return value;
  };
}
