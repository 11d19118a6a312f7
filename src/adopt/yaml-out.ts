// Generated YAML: one header, the schema modeline, then documents separated by `---`. Values go
// through the yaml library (which quotes whatever needs it); text from a target (names, titles)
// is never written into a comment, where a line break in it would start new YAML.
import { stringify } from "yaml";
import { GENERATED_HEADER } from "./layout.js";

/** At least one document (an empty file is not written). `schema` is the modeline's path from the file to the schema, e.g. ../../../schemas/group.schema.json. */
export function yamlFile(comment: readonly string[], documents: readonly object[], schema?: string): string {
  const head = [...(schema ? [`# yaml-language-server: $schema=${schema}`] : []), GENERATED_HEADER, ...comment.map((c) => (c ? `# ${c}` : "#"))].join("\n");
  const body = documents.map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n");
  return `${head}\n${body}`;
}

/** The schemas folder seen from a repository path. */
export function schemaFrom(path: string, schema: string): string {
  const depth = path.split("/").length - 1;
  return `${"../".repeat(depth)}schemas/${schema}`;
}
