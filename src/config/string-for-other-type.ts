import { parse } from "yaml";

// The fix for a string where a number, true/false or a list is wanted. It used to be "write the
// value without quotes" for every string, but YAML reads `10%`, `30s`, `no` and `service` as
// strings with quotes or without: following the fix gave the same error and the same fix. So the
// text is read as YAML would read it unquoted (the real parser, not a guess at YAML 1.2's rules),
// and the fix says to drop the quotes only when that gives what is wanted; otherwise it names what
// to change: the `%` sign (safety limits take 10, quality gates "10%"), a YAML 1.1 yes/no, or the
// brackets a list needs.

/** The hint for the string `text` where one of `want` (JSON Schema type names) is wanted; `wanted` is how they read. */
export function stringForOtherTypeHint(text: string, want: readonly string[], wanted: string, schema: { minimum?: number; maximum?: number } | undefined): string {
  if (want.some((type) => isOfType(readUnquoted(text), type))) return `write the value without quotes, as ${wanted}`;
  const number = want.includes("number") || want.includes("integer");
  const percent = /^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$/.exec(text);
  if (number && percent) {
    const asPercent = schema?.minimum === 0 && schema.maximum === 100;
    return `write ${percent[1]}, without the % sign or quotes${asPercent ? ": the value is a percentage already" : ""}`;
  }
  if (want.includes("boolean")) {
    if (/^(?:y|yes|on)$/i.test(text.trim())) return `write true: YAML 1.2 reads ${text.trim()} as text, not as true`;
    if (/^(?:n|no|off)$/i.test(text.trim())) return `write false: YAML 1.2 reads ${text.trim()} as text, not as false`;
  }
  if (want.includes("array") && /^[\w.@-]{1,40}$/.test(text)) return `write a list here, in brackets: [${text}]`;
  return `write ${wanted} here`;
}

const NOT_YAML = Symbol("not YAML");

/** What YAML reads `text` as when it is written without quotes; NOT_YAML when that is a syntax error. */
function readUnquoted(text: string): unknown {
  try {
    return parse(text) as unknown;
  } catch {
    return NOT_YAML;
  }
}

function isOfType(value: unknown, type: string): boolean {
  switch (type) {
    case "number":
      return typeof value === "number";
    case "integer":
      return Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "null":
      return value === null;
    default:
      return false;
  }
}
