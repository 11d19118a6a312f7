import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseSync } from "@swc/core";
import { describe, expect, it } from "vitest";

// A spread into a call (`list.push(...items)`, `Math.max(...values)`, `String.fromCharCode(...codes)`)
// passes every element as an argument: past about 100k elements the call stack overflows, a
// crash that appears only on a large organisation (it did: `findings.push(...rules.findings)` at
// 450k NHIs). src/ spreads into calls only what is written out in place (`...[a, b]`, a
// conditional of such lists) or a rest parameter handed on unchanged; model/append.ts appends
// a list of any length. Checked on the syntax tree (swc's parser), not on the text.

const SRC = new URL("../src/", import.meta.url).pathname;

type Node = Record<string, unknown> & { type?: string; span?: { start: number; end: number } };

/** Spreads into call or `new` arguments whose element count is not fixed by the code itself. */
function unboundedSpreads(code: string): { line: number; text: string }[] {
  // swc numbers spans across every parse of the process, and a module's span starts at its first
  // statement: a statement put before the first byte makes that the module's start (PREFIX long).
  const PREFIX = "0;";
  const ast = parseSync(PREFIX + code, { syntax: "typescript", target: "es2022" }) as unknown as Node;
  const base = (ast.span as { start: number }).start + PREFIX.length;
  const bytes = Buffer.from(code, "utf8");
  const found: { line: number; text: string }[] = [];
  const rest: string[][] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const n = node as Node;
    const scope = restParameters(n);
    if (scope) rest.push(scope);
    if ((n.type === "CallExpression" || n.type === "NewExpression") && Array.isArray(n.arguments)) {
      for (const arg of n.arguments as { spread?: unknown; expression: Node }[]) {
        if (arg.spread && !fixedLength(arg.expression, rest.flat())) {
          // Spans count UTF-8 bytes, not UTF-16 code units: "→" in a comment is three of them.
          const start = n.span!.start - base;
          found.push({ line: bytes.subarray(0, start).toString("utf8").split("\n").length, text: bytes.subarray(start, n.span!.end - base).toString("utf8").split("\n")[0]!.slice(0, 100) });
        }
      }
    }
    for (const key of Object.keys(n)) if (key !== "span") visit(n[key]);
    if (scope) rest.pop();
  };
  visit(ast);
  return found;
}

/** The rest parameters a function declares (`(...args) =>`), or undefined for a node that is no function. */
function restParameters(n: Node): string[] | undefined {
  if (!/Function|Arrow|Method/.test(n.type ?? "")) return undefined;
  const fn = (n.function ?? n) as Node;
  const params = (fn.params ?? []) as Node[];
  const names: string[] = [];
  for (const p of params) {
    const pat = (p.type === "Parameter" ? p.pat : p) as Node;
    if (pat?.type === "RestElement" && (pat.argument as Node)?.type === "Identifier") names.push((pat.argument as Node).value as string);
  }
  return names;
}

/** A list written out in place, a conditional or parenthesis of such lists, or a rest parameter. */
function fixedLength(e: Node, restNames: readonly string[]): boolean {
  if (e.type === "ArrayExpression") return (e.elements as ({ spread?: unknown; expression: Node } | null)[]).every((el) => !el?.spread || fixedLength(el.expression, restNames));
  if (e.type === "ParenthesisExpression" || e.type === "TsAsExpression") return fixedLength(e.expression as Node, restNames);
  if (e.type === "ConditionalExpression") return fixedLength(e.consequent as Node, restNames) && fixedLength(e.alternate as Node, restNames);
  if (e.type === "Identifier") return restNames.includes(e.value as string);
  return false;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

describe("no spread of an unbounded list into a call", () => {
  it("finds the spreads that overflow the stack, and lets fixed lists and forwarded rest parameters pass", () => {
    const planted = [
      "findings.push(...rules.findings);",
      "const top = Math.max(...values.map((v) => v.length));",
      "const s = String.fromCharCode(...codes);",
      "const all = new Set(...groups);",
      "lines.push('a', ...[1, 2], ...(x ? [3] : rows));",
    ].join("\n");
    expect(unboundedSpreads(planted).map((f) => f.line)).toEqual([1, 2, 3, 4, 5]);
    // Lines are counted from the top of the file, comments included.
    expect(unboundedSpreads(`// a header → with\n/* and a block — comment */\nfindings.push(...rules.findings);`)).toEqual([{ line: 3, text: "findings.push(...rules.findings)" }]);
    const fine = ["lines.push(...['a', 'b'], ...(x ? [] : ['c']));", "const f = (fn: (...a: unknown[]) => void, ...args: unknown[]) => fn(...args);", "const copy = [...items, ...more];", "const o = { ...base };"].join("\n");
    expect(unboundedSpreads(fine)).toEqual([]);
  });

  it("src/ has none", () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((file) => unboundedSpreads(readFileSync(file, "utf8")).map((f) => `src/${relative(SRC, file)}:${f.line}: ${f.text} (use append() from src/model/append.ts, or a loop)`));
    expect(problems).toEqual([]);
  });
});
