import type { ErrorObject } from "ajv";
import { validators } from "../config/schemas.js";
import { showValue } from "../model/display.js";
import { termText } from "./render/escape.js";

export const PLAN_SCHEMA = "plan.schema.json";

/** Control, zero-width, bidi and byte-order characters. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * Checks a parsed plan file against schemas/plan.schema.json. Returns one line per problem, each
 * starting with the JSON path of the value (`changes[0].action`), most specific first; empty when
 * the file has the plan's shape. A reviewed plan is input like any other: a list of `[1, "x"]` or
 * `[null]` must never reach the reconciliation, let alone a connector.
 */
export function planSchemaProblems(data: unknown): string[] {
  const validate = validators().get(PLAN_SCHEMA)!;
  if (validate(data)) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of validate.errors ?? []) {
    // if/then wrappers repeat what the `required` error under them already says.
    if (e.keyword === "if") continue;
    // Keys and values come from the file: untrusted text. Invisible and bidi characters are shown
    // as escapes (a U+202E in a key would reorder the line on the terminal), then termText.
    const line = termText(describe(e).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`), 300);
    if (!seen.has(line)) out.push(line);
    seen.add(line);
  }
  return out;
}

/** `/changes/0/action` → `changes[0].action`; the whole document is `(plan)`. */
function jsonPath(pointer: string): string {
  if (pointer === "") return "(plan)";
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s, i) => (/^(0|[1-9][0-9]*)$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join("");
}

function describe(e: ErrorObject): string {
  const at = jsonPath(e.instancePath);
  const data = e.data === null ? "null" : Array.isArray(e.data) ? "a list" : typeof e.data === "object" ? "an object" : typeof e.data === "string" ? showValue(e.data) : String(e.data);
  switch (e.keyword) {
    case "required":
      return `${at}: missing "${(e.params as { missingProperty: string }).missingProperty}"`;
    case "additionalProperties":
      return `${at}: unknown key ${showValue((e.params as { additionalProperty: string }).additionalProperty)}`;
    case "type":
      return `${at}: must be ${String((e.params as { type: string | string[] }).type).replace(",", " or ")}, not ${data}`;
    case "enum":
      return `${at}: is ${data}; expected one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
    case "pattern":
    case "format":
      return `${at}: ${data} ${e.message ?? "is not valid"}`;
    default:
      return `${at}: ${e.message ?? "is not valid"}`;
  }
}
