import type { Position } from "./located.js";

// V8's JSON.parse messages quote the start of the text (`Unexpected token 'r', "root:x:0:0"...`):
// echoed, they would print a file's contents. Messages say where parsing stopped, never what.

/** "not valid JSON at line 3 column 7" (or without a position when V8 gives none). */
export function jsonSyntaxProblem(text: string, error: unknown): string {
  if (text.trim() === "") return "empty, expected JSON";
  const message = error instanceof Error ? error.message : "";
  // A file cut short (a copy or a download that stopped): V8 gives no position, but where it ends is one.
  const cutShort = `not valid JSON: it ends at ${lineColumn(text, text.length)} before the JSON does (cut short?)`;
  if (message.includes("Unexpected end of JSON input")) return cutShort;
  const at = /position (\d+)/.exec(message);
  if (!at) return "not valid JSON";
  // Some messages name the position where the text ran out ("Expected ',' or ']' … at position 11").
  if (Number(at[1]) >= text.trimEnd().length) return cutShort;
  return `not valid JSON at ${lineColumn(text, Number(at[1]))}`;
}

/** "line 3 column 7" of a character offset into `text`. */
export function lineColumn(text: string, offset: number): string {
  const { line, col } = positionOf(text, offset);
  return `line ${line} column ${col}`;
}

/** The 1-based line and column (in characters) of a character offset into `text`, for `file:line:col`. */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}
