// Several copies of one apply journal, merged into one. In GitHub Actions every job that applies
// (a target's Revoke and Grant jobs, the daily sync) carries its own copy from run to run, and jobs
// of different runs overlap: each copy then holds lines the others lack. Keeping only the newest
// copy loses the others' lines (rv79 #2: a cut-off change never re-checked, a revocation missing
// from offboarding-undone), so the copies are merged instead: every distinct line once, in the
// order the changes happened.

/** A line's record, or undefined for a line that is no whole record. */
function recordOf(text: string): Record<string, unknown> | undefined {
  try {
    const r: unknown = JSON.parse(text);
    return r && typeof r === "object" && !Array.isArray(r) ? (r as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The lines of `copies` (journal texts, JSON lines), each distinct line once, ordered by its `at`
 * (ISO 8601 UTC, so text order is time order); lines of one time keep the order of the first copy
 * that has them. A line is the same line in two copies when its text is: copies are verbatim, so
 * nothing is dropped that one of them recorded, not even a line that is no whole record (apply
 * names those by file and line). `keep` leaves out whole records it refuses (another target's).
 * The same copies in the same order give the same text, byte for byte.
 */
export function mergeJournals(copies: readonly string[], keep: (record: Record<string, unknown>) => boolean = () => true): string {
  const seen = new Set<string>();
  const lines: Array<{ text: string; at: string; order: number }> = [];
  for (const copy of copies) {
    // A line that is no record takes the time of the line before it in its copy, so it stays there.
    let at = "";
    for (const text of copy.split("\n")) {
      if (text.trim() === "") continue;
      const record = recordOf(text);
      if (typeof record?.at === "string") at = record.at;
      if (seen.has(text)) continue;
      seen.add(text);
      if (record && !keep(record)) continue;
      lines.push({ text, at, order: lines.length });
    }
  }
  lines.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order));
  return lines.map((l) => `${l.text}\n`).join("");
}
