// A default column the export names another way ("Hire Date", "E-mail", "Manager_ID": BambooHR,
// Personio and hand-made exports) is not read under the default header, and an optional one
// would go unread without a word: a joiner's hire date still to come would not hold access back,
// a passed termination date would not be seen. A header that equals the default once case, spaces,
// "_" and "-" are set aside is almost surely that column, so the run stops naming the mapping to
// write. It is not read as it silently: "Employee ID" beside an "Employee #" anchor may or may not
// be the id other systems know the worker by, and only the reader can say.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";

/** A header as compared here: lower case, without white space, "_" or "-". */
export function foldHeader(header: string): string {
  return header.toLowerCase().replace(/[\s_-]+/gu, "");
}

export interface NearHeader {
  field: string;
  /** The header looked for ("HireDate"). */
  wanted: string;
  /** Headers of the file that fold to it, with their 1-based columns. */
  found: Array<{ header: string; column: number }>;
}

/** The headers (not `taken` by another field) that fold to `wanted`. */
export function nearHeaders(wanted: string, positions: ReadonlyMap<string, number>, taken: ReadonlySet<number>): NearHeader["found"] {
  const key = foldHeader(wanted);
  const found: NearHeader["found"] = [];
  for (const [header, index] of positions) {
    if (!taken.has(index) && foldHeader(header) === key) found.push({ header, column: index + 1 });
  }
  return found;
}

/** The refusal naming every optional column the export writes another way, and the `columns` entries to add. */
export function nearHeadersError(context: SourceContext, shown: string, near: readonly NearHeader[]): SourceError {
  const said = near.map((n) => `${n.found.map((f) => `${JSON.stringify(f.header)} (column ${f.column})`).join(" or ")} for ${n.field}, whose header is ${JSON.stringify(n.wanted)}`);
  const entries = near.map((n) => `${n.field}: ${n.found.length === 1 ? JSON.stringify(n.found[0]!.header) : `one of ${n.found.map((f) => JSON.stringify(f.header)).join(", ")}`}`);
  return new SourceError(
    context.name,
    `${shown} line 1: the header has ${said.join("; ")}: headers are matched exactly, case and spaces included, so ${near.length === 1 ? "that column" : "those columns"} would not be read`,
    `Map ${near.length === 1 ? "it" : "them"} in scopesync.yaml: sources.${context.name}.options.columns: { ${entries.join(", ")} } (added to any columns already mapped); or, for a column that holds something else, rename it in the export.`,
  );
}
