// Values from YAML files and sources are untrusted text. Anything echoed to a terminal or log goes
// through here: quoted, control characters escaped (no ANSI injection), long values cut.

const MAX_SHOWN = 80;

export function showValue(value: unknown): string {
  let text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  if (text.length > MAX_SHOWN) text = `${text.slice(0, MAX_SHOWN)}…`;
  return JSON.stringify(text);
}
