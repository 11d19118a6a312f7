// Adapter options come from scopesync.yaml as unknown values; a wrong type is a config error that
// names the option, not a crash later.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";

function optionError(context: SourceContext, key: string, expected: string): SourceError {
  return new SourceError(
    context.name,
    `options.${key} must be ${expected}`,
    `Fix sources.${context.name}.options.${key} in scopesync.yaml.`,
  );
}

export function stringOption(context: SourceContext, key: string): string | undefined {
  const value = context.config.options?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value.trim() === "") throw optionError(context, key, "a non-empty string");
  return value;
}

export function enumOption<T extends string>(context: SourceContext, key: string, allowed: readonly T[]): T | undefined {
  const value = stringOption(context, key);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw optionError(context, key, `one of ${allowed.join(", ")}`);
  return value as T;
}

export function stringMapOption(context: SourceContext, key: string): Record<string, string> | undefined {
  const value = context.config.options?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw optionError(context, key, "a map of names to strings");
  const map: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== "string" || item.trim() === "") throw optionError(context, `${key}.${name}`, "a non-empty string");
    map[name] = item;
  }
  return map;
}

export function stringListOption(context: SourceContext, key: string): string[] | undefined {
  const value = context.config.options?.[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw optionError(context, key, "a list of strings");
  }
  return value as string[];
}

export function wholeNumberOption(context: SourceContext, key: string): number | undefined {
  const value = context.config.options?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw optionError(context, key, "a whole number (0 or more)");
  return value;
}
