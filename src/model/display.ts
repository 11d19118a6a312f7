// Values from YAML files and sources are untrusted text. Anything echoed to a terminal or log goes
// through here: quoted, control characters escaped (no ANSI injection), long values cut, and a
// value shaped like a secret not shown at all.

import { looksRandom, notShown, secretShape } from "./secret-shapes.js";
import { showUnseen } from "./unseen-chars.js";

const MAX_SHOWN = 80;

/** A value for a message; one that looks like a secret is described, never shown. */
export function showValue(value: unknown): string {
  let text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  const secret = secretShape(text) ?? (looksRandom(text) ? "high-entropy string" : undefined);
  if (secret) return notShown(secret);
  if (text.length > MAX_SHOWN) text = `${text.slice(0, MAX_SHOWN)}…`;
  // JSON escapes controls; bidi and invisible characters are shown as escapes too.
  return showUnseen(JSON.stringify(text));
}
