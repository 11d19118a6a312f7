// A collapsed Markdown table that stops adding rows before it passes its room in the comment, and
// says how many rows it left out and where the full list is. Rows are made one at a time, so a plan
// of a million changes costs only the rows that fit.

export interface FitTableInput {
  /** What goes inside <summary>: already escaped Markdown/HTML. */
  title: string;
  /** The header row and the separator row, joined by "\n". */
  columns: string;
  total: number;
  /** Row k (0 ≤ k < total), one line, already escaped. */
  row: (k: number) => string;
  /** Rendered with <details open>: sections a reviewer must not miss. */
  open?: boolean;
  /** Where the rows left out can be read: "the full list is in …". */
  pointer: string;
}

/** n with thousands separators, the same on every machine (no locale). */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The section's fixed parts: what opens it, what closes it, and the line that counts the rows left out. */
function parts(input: FitTableInput): { start: string; end: string; cutLine: (left: number) => string } {
  return {
    start: `<details${input.open ? " open" : ""}><summary>${input.title}</summary>\n\n${input.columns}`,
    end: "\n\n</details>",
    cutLine: (left) => `\n\n> ✂️ ${count(left)} of ${count(input.total)} row${input.total === 1 ? "" : "s"} not shown here; ${input.pointer}`,
  };
}

/** The least room in which fitTable shows the section's first row (0 for a section with no rows). */
export function firstRowRoom(input: FitTableInput): number {
  if (input.total === 0) return 0;
  const { start, end, cutLine } = parts(input);
  return start.length + 1 + input.row(0).length + end.length + (input.total > 1 ? cutLine(input.total).length : 0);
}

/**
 * The section, whole if it fits in `room` characters, else with as many leading rows as fit and a
 * cut line; `undefined` when not even the heading and the cut line fit (the caller says it in one line).
 */
export function fitTable(input: FitTableInput, room: number): { text: string; shown: number } | undefined {
  const { start, end, cutLine } = parts(input);
  const reserve = cutLine(input.total).length;
  let text = start;
  let k = 0;
  for (; k < input.total; k++) {
    const line = `\n${input.row(k)}`;
    const tail = k + 1 < input.total ? reserve : 0;
    if (text.length + line.length + end.length + tail > room) break;
    text += line;
  }
  if (k === input.total) return { text: text + end, shown: k };
  const out = k === 0 ? `<details${input.open ? " open" : ""}><summary>${input.title}</summary>${cutLine(input.total)}${end}` : text + cutLine(input.total - k) + end;
  return out.length <= room ? { text: out, shown: k } : undefined;
}
