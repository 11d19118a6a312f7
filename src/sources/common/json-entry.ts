// Typed access to one exported JSON object. Every wrong type is an error at the entry's position:
// an export whose "active" is the string "false" must not be read as active.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { DATE_FORMATS, normaliseDate } from "./dates.js";
import { isObject, type JsonObject } from "./json.js";
import { quote } from "./text.js";

/** "profile.login", or the keys themselves when a key holds dots (SCIM extension URNs). */
export type JsonPath = string | readonly string[];

function label(path: JsonPath): string {
  return typeof path === "string" ? path : path.join(".");
}

/**
 * A value of the wrong JSON type: the vendors' APIs send booleans, lists and objects as such, so
 * the file was written or converted by something else (a spreadsheet, a script quoting values).
 */
const AS_RETURNED = "save the API's response body as it came (a boolean as true or false, not \"True\"), without converting it through another tool";

export class JsonEntry {
  constructor(
    private readonly context: SourceContext,
    readonly value: JsonObject,
    /** "okta/users.json entry 3" */
    readonly position: string,
  ) {}

  /** Value at a dotted path ("profile.login"); undefined when any step is missing or null. */
  get(path: JsonPath): unknown {
    let current: unknown = this.value;
    for (const key of typeof path === "string" ? path.split(".") : path) {
      if (!isObject(current)) return undefined;
      current = current[key];
    }
    return current ?? undefined;
  }

  string(path: JsonPath): string | undefined {
    const value = this.get(path);
    if (value === undefined) return undefined;
    if (typeof value === "number") return String(value);
    if (typeof value !== "string") throw this.fail(`${label(path)} is not a string`, AS_RETURNED);
    return value.trim() === "" ? undefined : value.trim();
  }

  /** A required string; `hint` says how to get it into the export. */
  requiredString(path: JsonPath, hint: string): string {
    const value = this.string(path);
    if (value === undefined) throw this.fail(`${label(path)} is missing`, hint);
    return value;
  }

  boolean(path: JsonPath): boolean | undefined {
    const value = this.get(path);
    if (value === undefined) return undefined;
    if (typeof value !== "boolean") throw this.fail(`${label(path)} is ${quote(value)}, expected true or false`, AS_RETURNED);
    return value;
  }

  array(path: JsonPath): unknown[] {
    const value = this.get(path);
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw this.fail(`${label(path)} is not a list`, AS_RETURNED);
    return value;
  }

  /** Objects of a list attribute (SCIM emails, Google organizations); anything else is an error. */
  objects(path: JsonPath): JsonObject[] {
    return this.array(path).map((item, index) => {
      if (!isObject(item)) throw this.fail(`${label(path)}[${index}] is not an object`, AS_RETURNED);
      return item;
    });
  }

  strings(path: JsonPath): string[] {
    return this.array(path).map((item, index) => {
      if (typeof item !== "string") throw this.fail(`${label(path)}[${index}] is not a string`, AS_RETURNED);
      return item;
    });
  }

  date(path: JsonPath): string | undefined {
    const value = this.string(path);
    if (value === undefined) return undefined;
    const normalised = normaliseDate(value);
    if (normalised === undefined) throw this.fail(`${label(path)} ${quote(value)} is not a date (${DATE_FORMATS})`, "correct the value in the system it comes from, or export the API's response again without converting it");
    return normalised;
  }

  fail(what: string, hint?: string): SourceError {
    return new SourceError(this.context.name, `${this.position}: ${what}`, hint);
  }
}
