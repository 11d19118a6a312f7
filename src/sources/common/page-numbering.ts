// Page files named by number (page-1.json, page-2.json, ...) say by their names which pages there
// are: a gap in the numbers is a page that was never saved or was lost. The continuation markers
// cannot show that (a Graph nextLink or a Google pageToken is opaque, so page 1 cannot be matched
// to the file holding page 2), and a lost middle page would otherwise read as people who left.
//
// The numbered part is found, not configured: the names of the files must be the same but for one
// run of digits (page-1 / page-2, users-2026-11-20-p01 / users-2026-11-20-p02). Then those numbers
// must start at 0 or 1 and go up by one. Names that differ in more than one place, or in anything
// but digits, carry no numbering and are not checked (docs/formats.md says so).
import path from "node:path";

/** A name cut into alternating runs: text, digits, text, digits, ..., text (first and last may be ""). */
function runs(name: string): string[] {
  return name.split(/(\d+)/);
}

export interface NumberingGap {
  /** What is wrong, naming the files. */
  what: string;
}

/**
 * A lone file's page number, where its name says "page" ("page-2.json", "users-page2.json"): one
 * file carries no numbering to compare, but a page 2 alone is an export whose page 1 was lost. A
 * bare "p2" is not taken for one: it is as often a licence tier (Entra ID P2) or part of an id.
 */
const PAGE_NAME = /(?:^|[^a-z])page[-_ ]?(\d+)(?=[^0-9]*$)/i;

/** Checks the numbering of page files; undefined when it is whole or there is none. */
export function numberingGap(paths: readonly string[]): NumberingGap | undefined {
  const names = paths.map((file) => path.posix.basename(file.split(path.sep).join("/")));
  if (names.length === 1) {
    const page = PAGE_NAME.exec(names[0]!);
    const number = page ? Number(page[1]) : 0;
    return number > 1 ? { what: `the only page file is ${names[0]}: the page files numbered before ${number} are missing` } : undefined;
  }
  if (names.length === 0) return undefined;
  const split = names.map(runs);
  const shape = split[0]!.length;
  if (split.some((parts) => parts.length !== shape)) return undefined;
  // Odd indexes are digit runs. The page number is the one digit run whose value differs; every
  // text run, and every other digit run, must be the same in all names.
  let numbered: number | undefined;
  for (let i = 0; i < shape; i++) {
    const values = new Set(split.map((parts) => (i % 2 === 1 ? String(Number(parts[i])) : parts[i]!.toLowerCase())));
    if (values.size === 1) continue;
    if (i % 2 === 0 || numbered !== undefined) return undefined;
    numbered = i;
  }
  // Every digit run is the same: two names for one page number (page-1.json, page-01.json).
  if (numbered === undefined) return duplicate(names, split.map((parts) => parts.filter((_, i) => i % 2 === 1).map(Number).join("-")));
  const numbers = split.map((parts) => Number(parts[numbered!]));
  const twice = duplicate(names, numbers.map(String));
  if (twice) return twice;
  const order = numbers.map((number, index) => ({ number, name: names[index]! })).sort((a, b) => a.number - b.number);
  const first = order[0]!;
  if (first.number > 1) {
    return { what: `the first page file is ${first.name}: the page files numbered before ${first.number} are missing` };
  }
  for (let i = 1; i < order.length; i++) {
    const before = order[i - 1]!;
    const page = order[i]!;
    if (page.number !== before.number + 1) {
      const missing = page.number - before.number - 1;
      return {
        what: `${missing === 1 ? "a page file" : `${missing} page files`} numbered between ${before.name} and ${page.name} ${missing === 1 ? "is" : "are"} missing`,
      };
    }
  }
  return undefined;
}

function duplicate(names: readonly string[], keys: readonly string[]): NumberingGap | undefined {
  const seen = new Map<string, string>();
  for (let i = 0; i < keys.length; i++) {
    const earlier = seen.get(keys[i]!);
    if (earlier !== undefined) return { what: `${earlier} and ${names[i]} are numbered as the same page` };
    seen.set(keys[i]!, names[i]!);
  }
  return undefined;
}
