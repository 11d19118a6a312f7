// A live search result as a directory entry: ldapts returns one value as a string and several as
// an array (of strings, or of Buffers when a value is not UTF-8). The mapping itself is the ldif
// source's (common/directory), so the same directory reads the same from a file and live.
import type { Entry } from "ldapts";
import type { DirectoryEntry } from "../common/directory/entry-values.js";

export function normaliseEntry(entry: Entry): DirectoryEntry {
  const attributes: DirectoryEntry["attributes"] = new Map();
  for (const [name, value] of Object.entries(entry)) {
    if (name === "dn") continue;
    const values = (Array.isArray(value) ? value : [value]).map((item) => (typeof item === "string" ? item : new Uint8Array(item)));
    // Requested-but-absent attributes come back as []: treat them as absent.
    if (values.length === 0) continue;
    // Attribute options (";binary") do not change what the attribute is, as in the LDIF reader.
    // Ranged values (";range=0-1499") were read to their end before this (value-ranges.ts).
    const plain = name.split(";")[0]!;
    attributes.set(plain.toLowerCase(), { name: plain, values });
  }
  return { dn: entry.dn, attributes };
}
