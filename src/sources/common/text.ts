// Values from exports are untrusted: they are quoted (control, bidi and invisible characters
// escaped) and shortened before they appear in a message, so an export cannot forge output lines,
// reorder what a reader sees, or flood the terminal.

import { showUnseen } from "../../model/unseen-chars.js";

const LIMIT = 60;

/** A source value as it should appear inside an error message. */
export function quote(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  const short = text.length > LIMIT ? `${text.slice(0, LIMIT)}…` : text;
  return showUnseen(JSON.stringify(short));
}
