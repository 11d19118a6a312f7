// Markdown tables in the docs render as tables: a row after a blank line starts a new table that
// has no header (and shows as a paragraph of pipes), and a section lists a type's options once.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;
const FILES = ["README.md", "examples/README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];

/** Table rows that follow a blank line without a header separator under them: a table cut in two. */
export function brokenRows(text: string): number[] {
  const lines = text.split("\n");
  const broken: number[] = [];
  let fenced = false;
  lines.forEach((line, i) => {
    if (/^(`{3,}|~{3,})/.test(line)) fenced = !fenced;
    if (fenced || !line.startsWith("|") || i < 2 || lines[i - 1]!.trim() !== "" || !lines[i - 2]!.startsWith("|")) return;
    if (!/^\|\s*:?-{3,}/.test(lines[i + 1] ?? "")) broken.push(i + 1);
  });
  return broken;
}

/**
 * Headings whose section repeats a type's options: a hand-written options table
 * (`| Option | Type | Default | Meaning |`) beside one generated from the schema
 * (src/adapter-docs.ts, `<!-- BEGIN generated … -->`), or two hand-written ones.
 */
export function repeatedOptionTables(text: string): string[] {
  const sections = new Map<string, { generated: number; written: number }>();
  let heading = "(top)";
  let generated = false;
  for (const line of text.split("\n")) {
    if (/^#{1,6} /.test(line)) heading = line;
    else if (line.startsWith("<!-- BEGIN generated")) generated = true;
    else if (line.startsWith("<!-- END generated")) generated = false;
    else if (/^\| Option \| Type \| Default \| Meaning \|$/.test(line)) {
      const counts = sections.get(heading) ?? { generated: 0, written: 0 };
      counts[generated ? "generated" : "written"]++;
      sections.set(heading, counts);
    }
  }
  return [...sections].filter(([, n]) => n.written > 1 || (n.written > 0 && n.generated > 0)).map(([h]) => h);
}

describe("tables in the docs", () => {
  for (const file of FILES) {
    it(`${file}: no table cut in two by a blank line, one options table per section`, () => {
      const text = readFileSync(join(ROOT, file), "utf8");
      expect(brokenRows(text)).toEqual([]);
      expect(repeatedOptionTables(text)).toEqual([]);
    });
  }

  it("the checks find a cut table and a repeated options table", () => {
    expect(brokenRows("| a | b |\n|---|---|\n| 1 | 2 |\n\n| 3 | 4 |\n")).toEqual([5]);
    expect(brokenRows("| a |\n|---|\n| 1 |\n\n| b |\n|---|\n")).toEqual([]);
    const table = "| Option | Type | Default | Meaning |\n|---|---|---|---|\n";
    const generated = `<!-- BEGIN generated: x -->\n${table}<!-- END generated -->\n`;
    expect(repeatedOptionTables(`#### \`scim\`\n${generated}\n${table}`)).toEqual(["#### `scim`"]);
    expect(repeatedOptionTables(`#### \`ldif\` and \`ldap\`\n${generated}\n${generated}`)).toEqual([]);
  });
});
