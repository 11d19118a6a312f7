// A target state file that is JSON but not a target state: one error, at the file:line:col of the
// value that is wrong, as YAML files are reported. checkState sees only what JSON.parse made, so
// its error carries the value's JSON path, and the reader that has the text (parseStateText) puts
// the line and column in.
import { ScopesyncError } from "../model/errors.js";
import { positionOf } from "../model/json-error.js";
import { jsonValueOffset } from "../model/json-locate.js";
import type { PathSegment } from "../model/located.js";

/** The fix when nothing more particular can be said: the shape, and where a good copy comes from. */
export const STATE_SHAPE_FIX = "the state file holds { formatVersion: 1, accounts: [{ id, login, active, entitlements, attributes }], credentials: [] }";

/** A state file whose content is not a target state, with the JSON path (`at`) of the value that is wrong. */
export class StateShapeError extends ScopesyncError {
  constructor(
    readonly target: string,
    readonly file: string,
    readonly what: string,
    readonly at: readonly PathSegment[],
    fix: string = STATE_SHAPE_FIX,
  ) {
    super(`target "${target}": ${file}: ${what}`, fix);
  }

  /** The same error at the line and column `at` has in `text` (the file's JSON). */
  locatedIn(text: string): ScopesyncError {
    const { line, col } = positionOf(text, jsonValueOffset(text, this.at));
    return new ScopesyncError(`target "${this.target}": ${this.file}:${line}:${col}: ${this.what}`, this.hint);
  }
}

/** Throws what is wrong with one state file, at `at`: a checker made for one file and target. */
export type StateShapeProblem = (what: string, at: readonly PathSegment[], fix?: string) => never;

export function shapeProblem(file: string, target: string): StateShapeProblem {
  return (what, at, fix) => {
    throw new StateShapeError(target, file, what, at, fix);
  };
}

/** What a JSON value is, for messages: "the number 95139424", "null", "a list", "an object". */
export function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "number") return `the number ${String(value)}`;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * The fix for an id written as a JSON number: GitHub's REST API gives every id as a number (the
 * deploy key's `id: number` in @octokit/openapi-types, GitHub's OpenAPI description), and one
 * copied from a response comes as one. A state file keeps ids as strings, as `state pull` writes them.
 */
export function idAsStringFix(value: unknown): string | undefined {
  return typeof value === "number" ? `write it in quotes, "${String(value)}": a state file keeps ids as strings, as scopesync state pull writes them (GitHub's API gives ids as numbers)` : undefined;
}
