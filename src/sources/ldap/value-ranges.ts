// Active Directory range retrieval, done the way AD clients do it (MS-ADTS 3.1.1.3.1.3.3): an
// attribute that came back as "member;range=0-1499" is only the first 1500 values; the rest is
// read from the same entry with base-scope searches for "member;range=1500-*", then the next
// range, until the server answers with a range ending in "*". The entry is then given the whole
// list under the plain name, so the mapping never sees a range. Reading the first range as the
// list would silently take the group away from every member past it.
import type { Entry, SearchOptions, SearchResult } from "ldapts";
import { append } from "../../model/append.js";
import { attributeType, rangeOption, type ValueRange } from "../common/directory/value-range.js";

/** What range retrieval needs of the connection (ldapts' Client; a test passes a scripted one). */
export interface RangeSearcher {
  search(baseDN: string, options: SearchOptions): Promise<Pick<SearchResult, "searchEntries">>;
}

/** The server broke the protocol while ranges were read: the list cannot be shown whole. */
export class RangeRetrievalError extends Error {
  constructor(
    readonly dn: string,
    readonly attribute: string,
    readonly detail: string,
  ) {
    super(`range retrieval of ${attribute} on "${dn}": ${detail}`);
  }
}

type Values = Entry[string];

function asList(value: Values): Array<string | Buffer> {
  return Array.isArray(value) ? [...value] : [value];
}

/**
 * Returns the entry with every ranged attribute read to its end and stored under its plain name.
 * `onRange` is told before each further request (for error messages saying where a read broke).
 */
export async function completeRanges(
  client: RangeSearcher,
  entry: Entry,
  searchOptions: Pick<SearchOptions, "explicitBufferAttributes">,
  onRange: (attribute: string) => void = () => undefined,
): Promise<Entry> {
  const ranged = Object.keys(entry).filter((key) => key !== "dn" && rangeOption(key) !== undefined);
  if (ranged.length === 0) return entry;
  const whole: Entry = { ...entry };
  for (const key of ranged) {
    const attribute = attributeType(key);
    const range = rangeOption(key);
    if (range === undefined || range === "malformed") throw new RangeRetrievalError(entry.dn, attribute, `the server named it "${key}", which is not range=<low>-<high>`);
    if (range.low !== 0) throw new RangeRetrievalError(entry.dn, attribute, `the first range the server sent is "${key}", which does not start at value 0`);
    const values = asList(entry[key]!);
    let last: ValueRange = range;
    while (last.high !== "*") {
      const from = last.high + 1;
      onRange(attribute);
      const result = await client.search(entry.dn, {
        scope: "base",
        filter: "(objectClass=*)",
        attributes: [`${attribute};range=${from}-*`],
        ...searchOptions,
      });
      const next = nextRange(result.searchEntries, entry.dn, attribute);
      if (next.range.low !== from) {
        throw new RangeRetrievalError(entry.dn, attribute, `asked for the values from ${from} on, the server sent "${next.key}"`);
      }
      append(values, next.values);
      last = next.range;
    }
    delete whole[key];
    // A plain value list beside the ranges would be the same values again: the ranges are the list.
    const plain = Object.keys(whole).find((name) => name !== "dn" && name.toLowerCase() === attribute.toLowerCase());
    if (plain !== undefined) delete whole[plain];
    whole[attribute] = values as Values;
  }
  return whole;
}

function nextRange(entries: Entry[], dn: string, attribute: string): { key: string; range: ValueRange; values: Array<string | Buffer> } {
  if (entries.length !== 1) {
    throw new RangeRetrievalError(dn, attribute, `the entry's next range search returned ${entries.length} entries, expected the entry itself`);
  }
  const found = entries[0]!;
  for (const key of Object.keys(found)) {
    if (key === "dn" || attributeType(key).toLowerCase() !== attribute.toLowerCase()) continue;
    const range = rangeOption(key);
    if (range === undefined || range === "malformed") continue;
    return { key, range, values: asList(found[key]!) };
  }
  throw new RangeRetrievalError(dn, attribute, "the server sent no further range (the group may have changed during the read)");
}
