import type { Provenance } from "./source-record.js";

/**
 * A manager's provenance with where its reference was found (`found`, for explain), built as a
 * literal in the key order `{ ...from, found }` gave. The spread gave every one of these objects
 * a hidden class of its own: at 300k people 300k maps and descriptor arrays, 60 MB of the
 * planning heap (a heap snapshot of 2026-12-07, docs/performance.md). Literals of one shape share one.
 */
export function withFound(from: Provenance, found: string): Provenance {
  return from.rule === undefined ? { source: from.source, at: from.at, found } : { source: from.source, at: from.at, rule: from.rule, found };
}
