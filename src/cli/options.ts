import { InvalidArgumentError } from "commander";
import { closest } from "../model/suggest.js";
import type { OptionSpec } from "./command.js";

// Options several commands share, declared once so their help and completion read the same.

export const NOW: OptionSpec = { flags: "--now <iso>", description: "the time to plan for, RFC 3339 (default: now); pins a plan for review and tests" };
export const FROM_SNAPSHOTS: OptionSpec = { flags: "--from-snapshots", description: "read the committed state/sources/*.json snapshots instead of the sources" };
export const FETCHED_EXPORTS: OptionSpec = { flags: "--fetched-exports", description: "with --base: the exports that differ from REF's were fetched from the sources (the sync workflow's own pull request), so what they change is the sources' (origin source), not this PR's" };
export const TARGET: OptionSpec = { flags: "--target <name>", description: "only this target (one job per target in CI)" };
export const JSON_OUTPUT: OptionSpec = { flags: "--json", description: "print the result as one JSON document on standard output" };

export function format(choices: readonly string[], description: string): OptionSpec {
  return { flags: "--format <format>", description, choices };
}

/** Accepts one of `choices`; otherwise says which are valid and which one was probably meant. */
export function parseChoice(flag: string, choices: readonly string[]): (value: string) => string {
  return (value) => {
    if (choices.includes(value)) return value;
    const guess = closest(value, choices);
    throw new InvalidArgumentError(`${flag} takes ${choices.join(", ")}${guess ? ` (did you mean ${guess}?)` : ""}`);
  };
}

/** A whole number from 1 up (a count of requests in flight, for instance); kept as written. */
export function checkPositiveInteger(value: string): string {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError("use a whole number from 1 up, such as 8");
  return value;
}

/** Options every command takes. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { flags: "--repo <dir>", description: "the policy repository (default: the current directory)", complete: "directory" },
  { flags: "--debug", description: "show stack traces for unexpected errors" },
];
