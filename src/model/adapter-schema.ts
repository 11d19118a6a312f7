/** A JSON Schema (draft-07) written as plain data, as ajv and editors read it. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * What one source or target type accepts in its scopesync.yaml entry beyond the keys every entry
 * has. Each adapter folder declares its own (`schema.ts`); the published config schema, `validate`
 * and the option tables in docs/formats.md are all generated from these declarations.
 */
export interface AdapterSchema {
  /** Keys of the entry itself that this type needs (a scim target's `url` and `token`). */
  readonly requiredKeys?: readonly string[];
  /**
   * The schema of the entry's `options:` mapping: an object schema whose properties carry a
   * `description` (the docs' "Meaning"), a `default` where there is one, and optionally a `title`
   * (the docs' "Type" when the schema's own type says too little, e.g. a URL's shape).
   */
  readonly options: JsonSchema;
}
