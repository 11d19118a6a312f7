import type { ErrorObject } from "ajv";
import { showValue } from "../model/display.js";
import { closest } from "../model/suggest.js";
import { leapSecond } from "../model/time.js";
import type { Diagnostic } from "./diagnostic.js";
import type { ParsedDocument } from "./yaml-file.js";
import type { PathSegment } from "../model/located.js";
import { stringForOtherTypeHint } from "./string-for-other-type.js";

// ajv reports in JSON Schema terms ("must NOT have additional properties"); people editing YAML
// need the key, the position and the fix. Each ajv keyword gets a sentence of its own here.

export function schemaDiagnostics(doc: ParsedDocument, errors: readonly ErrorObject[], hidden: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  // An `if`/`then` (what a source or target type accepts) fails because of the errors inside its
  // `then`, reported on their own; the `if` itself says nothing a person can act on.
  for (const e of pruneAlternatives(errors).filter((e) => e.keyword !== "if")) {
    const path = pointerToPath(e.instancePath);
    // A value flagged as an inline secret is reported once, by the secret scan, without its value.
    if (hidden.has(pathKey(path))) continue;
    const d = describe(e, path);
    const pos = d.atKey ? doc.locateKey(d.atKey) : doc.locate(path);
    const key = `${pos.line}:${pos.col}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file: doc.file, ...pos, message: d.message, ...(d.hint ? { hint: d.hint } : {}) });
  }
  return out;
}

export function pathKey(path: readonly PathSegment[]): string {
  return path.map(String).join("\u0000");
}

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** When an anyOf fails, its branches' errors are noise: keep only the anyOf itself. */
function pruneAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfPaths = errors.filter((e) => e.keyword === "anyOf").map((e) => e.schemaPath);
  return errors.filter((e) => e.keyword === "anyOf" || !anyOfPaths.some((p) => e.schemaPath.startsWith(p.replace(/\/anyOf$/, "/anyOf/"))));
}

function label(path: readonly PathSegment[]): string {
  if (path.length === 0) return "the document";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

interface Described { message: string; hint?: string; atKey?: PathSegment[] }

function describe(e: ErrorObject, path: PathSegment[]): Described {
  const where = label(path);
  const description = (e.parentSchema as { description?: string } | undefined)?.description;
  switch (e.keyword) {
    case "additionalProperties": {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {}).filter((k) => k !== "$schema");
      const guess = closest(key, allowed);
      return {
        message: `unknown key ${showValue(key)} in ${where}`,
        hint: allowed.length === 0 ? "nothing may be set here; remove it" : guess ? `did you mean "${guess}"? valid keys: ${allowed.join(", ")}` : `valid keys: ${allowed.join(", ")}`,
        atKey: [...path, key],
      };
    }
    case "required":
      return { message: `missing required key "${(e.params as { missingProperty: string }).missingProperty}" in ${where}`, hint: "add the key" };
    case "type": {
      const want = ([] as string[]).concat((e.params as { type: string | string[] }).type);
      const message = `${where} must be ${want.map(typeName).join(" or ")}, not ${typeName(kindOf(e.data))}`;
      if (typeof e.data === "string") return { message, hint: stringForOtherTypeHint(e.data, want, want.map(typeName).join(" or "), e.parentSchema as { minimum?: number; maximum?: number } | undefined) };
      return { message, hint: unquotedHint(e, want, description) ?? `write ${want.map(typeName).join(" or ")} here` };
    }
    case "enum": {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      // Values that are not words (a CSV delimiter: ",", "\t") are quoted, or the list would read ", , ;, <tab>, |".
      const quoted = allowed.some((value) => !/^[\w.-]+$/u.test(value));
      const message = `${where} is ${showValue(e.data)}; expected one of: ${(quoted ? allowed.map((value) => JSON.stringify(value)) : allowed).join(", ")}`;
      // A near miss of one character says nothing ("," for ":"); the usual slip there is YAML's: \t unquoted is not a tab.
      if (quoted) return { message, hint: 'write one of the listed values in double quotes, as shown (YAML reads "\\t" as a tab only in double quotes)' };
      const guess = typeof e.data === "string" ? closest(e.data, allowed) : undefined;
      return { message, hint: guess ? `did you mean "${guess}"?` : "use one of the listed values" };
    }
    case "dependencies": {
      const { property, missingProperty } = e.params as { property: string; missingProperty: string };
      return { message: `${where} has "${property}" without "${missingProperty}"`, hint: description ?? `set both or neither`, atKey: [...path, property] };
    }
    case "const":
      return { message: `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, not ${showValue(e.data)}`, hint: `set it to ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}` };
    case "format":
      return formatMessage(where, e);
    case "pattern":
      return { message: `${where} is ${showValue(e.data)}, which is not valid`, hint: description ?? "see the key's JSON Schema in schemas/ and docs/formats.md" };
    case "anyOf":
      return { message: `${where} has an unsupported value ${showValue(e.data)}`, hint: description ?? "see the key's JSON Schema in schemas/ and docs/formats.md" };
    case "minItems":
      return { message: `${where} needs at least ${(e.params as { limit: number }).limit} item(s)`, hint: "add the items, or remove the key" };
    case "uniqueItems":
      return { message: `${where} lists the same value twice (items ${(e.params as { i: number; j: number }).j} and ${(e.params as { i: number }).i})`, hint: "remove the duplicate" };
    case "minProperties":
      return { message: `${where} must not be empty`, hint: "add an entry, or remove the key" };
    case "propertyNames":
      return { message: `${where} has an invalid key`, hint: description ?? "see the key's JSON Schema in schemas/ and docs/formats.md" };
    case "minimum":
    case "maximum":
    case "minLength":
    case "maxLength":
      return { message: `${where} ${e.message ?? "is out of range"}`, hint: description ?? "change the value to fit the limit" };
    default:
      return { message: `${where} ${e.message ?? "is invalid"}`, hint: description ?? "see the key's JSON Schema in schemas/ and docs/formats.md" };
  }
}

/**
 * A bare 0 or 12 where a string is wanted is YAML reading it as a number (`deleteGracePeriod: 0`):
 * when the same text in quotes is a valid value, say exactly that; when it is not (`30` for a
 * duration), say what a valid value looks like.
 */
function unquotedHint(e: ErrorObject, want: readonly string[], description: string | undefined): string | undefined {
  if (!want.includes("string") || (typeof e.data !== "number" && typeof e.data !== "boolean")) return undefined;
  const text = String(e.data);
  // Only a pattern shows that the quoted text would be valid: without one (a date-time, free
  // text) the value may be wrong in itself, and quoting it would only move the error.
  const pattern = (e.parentSchema as { pattern?: string } | undefined)?.pattern;
  if (pattern === undefined) return undefined;
  let valid: boolean;
  try {
    valid = new RegExp(pattern, "u").test(text);
  } catch {
    return undefined;
  }
  if (valid) return `write it in quotes, as "${text}": without them YAML reads ${text} as ${typeName(kindOf(e.data))}`;
  return description ? `write a string here: ${description}` : undefined;
}

function formatMessage(where: string, e: ErrorObject): Described {
  const format = (e.params as { format: string }).format;
  if (format === "date-or-date-time") {
    const leap = typeof e.data === "string" ? leapSecond(e.data) : undefined;
    if (leap) return { message: `${where} is ${showValue(e.data)}, which is not a valid date: ${leap.problem}`, hint: leap.fix };
    return { message: `${where} is ${showValue(e.data)}, which is not a valid date`, hint: "write a date as YYYY-MM-DD or an RFC 3339 date-time such as 2026-11-26T10:00:00Z" };
  }
  return { message: `${where} is ${showValue(e.data)}, which is not a valid ${format}`, hint: `write a valid ${format}` };
}

function kindOf(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

function typeName(t: string): string {
  return ({ object: "a mapping", array: "a list", string: "a string", number: "a number", integer: "a whole number", boolean: "true or false", null: "empty" } as Record<string, string>)[t] ?? t;
}
