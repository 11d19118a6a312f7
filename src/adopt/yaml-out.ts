// Generated YAML: one header, the schema modeline, then documents separated by `---`. Values go
// through the yaml library (which quotes whatever needs it); text from a target (names, titles)
// is never written into a comment, where a line break in it would start new YAML.
import { stringify } from "yaml";
import { GENERATED_HEADER } from "./layout.js";

const OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/** At least one document (an empty file is not written). `schema` is the modeline's path from the file to the schema, e.g. ../../../schemas/group.schema.json. */
export function yamlFile(comment: readonly string[], documents: readonly object[], schema?: string): string {
  return `${yamlHead(comment, schema)}\n${documents.map(yamlDocument).join("---\n")}`;
}

/** One document as yamlFile writes it. */
export function yamlDocument(document: object): string {
  return stringify(document, OPTIONS);
}

/** The header of a generated file: the modeline, GENERATED_HEADER and the comment; part 2 on says which file it continues. */
export function yamlHead(comment: readonly string[], schema?: string, continues?: { path: string; part: number }): string {
  const more = continues ? [`Part ${continues.part} of ${continues.path}, which import splits into numbered files to keep each file within its size budget.`] : [];
  return [...(schema ? [`# yaml-language-server: $schema=${schema}`] : []), GENERATED_HEADER, ...[...comment, ...more].map((c) => (c ? `# ${c}` : "#"))].join("\n");
}

/**
 * Documents written as `path` and, past `budget` bytes, as numbered parts beside it (partPath):
 * each file holds whole documents in order, as many as fit. A document larger than the budget on
 * its own takes a file of its own (callers split what can be split: groups). Part n's path is
 * partPath(path, n); none when there is no document.
 */
export function yamlParts(path: string, comment: readonly string[], documents: readonly object[], schema: string, budget: number): string[] {
  const modeline = schemaFrom(path, schema);
  const files: string[] = [];
  let body: string[] = [];
  let head = yamlHead(comment, modeline);
  let size = bytes(head) + 1;
  for (const text of documents.map(yamlDocument)) {
    const more = bytes(text) + (body.length > 0 ? 4 : 0);
    if (body.length > 0 && size + more > budget) {
      files.push(`${head}\n${body.join("---\n")}`);
      head = yamlHead(comment, modeline, { path: path.slice(path.lastIndexOf("/") + 1), part: files.length + 1 });
      body = [];
      size = bytes(head) + 1;
    }
    size += bytes(text) + (body.length > 0 ? 4 : 0);
    body.push(text);
  }
  if (body.length > 0) files.push(`${head}\n${body.join("---\n")}`);
  return files;
}

/** The part of a file's size one more item of a sequence at `indent` spaces adds (for splitting a group's members). */
export function itemBytes(item: object, indent: number): number {
  const text = stringify([item], OPTIONS);
  return bytes(text) + indent * (text.split("\n").length - 1);
}

export const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/** The schemas folder seen from a repository path. */
export function schemaFrom(path: string, schema: string): string {
  const depth = path.split("/").length - 1;
  return `${"../".repeat(depth)}schemas/${schema}`;
}
