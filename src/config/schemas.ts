import type { ErrorObject } from "ajv";
import type { DocKind } from "../model/documents.js";
import { validatorsByFile } from "./validators.generated.js";

/** Which schema file validates which document kind. */
export const KIND_SCHEMAS: Record<DocKind, string> = {
  Person: "person.schema.json",
  Group: "group.schema.json",
  ServiceAccount: "service-account.schema.json",
  Agent: "agent.schema.json",
  Links: "links.schema.json",
  AppPolicy: "app-policy.schema.json",
  RuleSet: "rule-set.schema.json",
};
export const CONFIG_SCHEMA = "config.schema.json";

/** A validator: true when the value is valid; otherwise `errors` holds ajv's error objects (all of them, verbose). */
export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

let cache: Map<string, SchemaValidator> | undefined;

/**
 * Validators by schema file name. They were compiled by `npm run schemas` into
 * validators.generated.ts (ajv's standalone code, see validator-code.ts), not at start-up.
 */
export function validators(): Map<string, SchemaValidator> {
  cache ??= new Map(Object.entries(validatorsByFile as Record<string, SchemaValidator>));
  return cache;
}
