import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseBlockYaml } from "../../src/config/block-yaml.js";
import { linePositions, parseYamlFile, readWithLibrary } from "../../src/config/yaml-file.js";
import { prng } from "../helpers/prng.js";

// The fast reader must give exactly what the `yaml` library gives (values and node positions, so
// every file:line:col stays the same), or decline and leave the text to the library.

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Both readers on one text: the fast reader's documents, or undefined where it declined. */
function compare(text: string): "fast" | "library" {
  const fast = parseBlockYaml(text);
  if (!fast) return "library";
  const library = readWithLibrary("f.yaml", text);
  expect(library.diagnostics, text).toEqual([]);
  expect(fast, text).toEqual(library.documents);
  const at = linePositions(text);
  const mine: string[] = [];
  const theirs: string[] = [];
  for (let offset = 0; offset <= text.length; offset++) {
    mine.push(`${at(offset).line}:${at(offset).col}`);
    theirs.push(`${library.at(offset).line}:${library.at(offset).col}`);
  }
  expect(mine).toEqual(theirs);
  return "fast";
}

describe("the fast block YAML reader", () => {
  it("reads every YAML file in the repository as the library does, and all the example organisation's files itself", () => {
    const files = execFileSync("git", ["ls-files", "*.yaml", "*.yml"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
    expect(files.length).toBeGreaterThan(50);
    const declined: string[] = [];
    for (const file of files) {
      const text = readFileSync(path.join(ROOT, file), "utf8").replace(/^\ufeff/, "");
      if (compare(text) === "library") declined.push(file);
    }
    // Desired state as people write it stays on the fast path; the invalid fixtures do not.
    expect(declined.filter((f) => /^(identities|policies)\//.test(f) || f === "scopesync.yaml")).toEqual([]);
    for (const fixture of ["alias-bomb", "duplicate-key", "proto-key", "yaml-syntax"]) expect(declined).toContain(`test/fixtures/invalid/${fixture}.yaml`);
  });

  it("reads scalars as YAML 1.2's core schema does", () => {
    const text = [
      "int: 42", "negative: -7", "plus: +5", "zero: -0", "leading: 007", "float: 1.5", "dot: .5", "trailing: 5.", "exp: 1e3",
      "yes: yes", "on: on", "bool: True", "nothing: ~", "empty:", "date: 2026-01-01", "hash: a#b", "commented: a # b",
      "single: 'it''s'", 'double: "tab\\there \\"q\\" \\u00e9"', "list: []", "map: {}", "url: http://x/y",
      "flow: [a b, 'c', \"d\", 3, true]", "where: { department: [Sales, Finance], level: 3 }", "folded: >-", "  one", "  two", "literal: |", "  one", "  two",
    ].join("\n");
    expect(compare(text)).toBe("fast");
    const [doc] = parseBlockYaml(text)!;
    expect(doc!.value).toMatchObject({ int: 42, negative: -7, plus: 5, leading: 7, float: 1.5, dot: 0.5, trailing: 5, exp: 1000, yes: "yes", on: "on", bool: true, nothing: null, empty: null, date: "2026-01-01", hash: "a#b", commented: "a", single: "it's", double: 'tab\there "q" é', list: [], map: {}, url: "http://x/y", flow: ["a b", "c", "d", 3, true], where: { department: ["Sales", "Finance"], level: 3 }, folded: "one two", literal: "one\ntwo\n" });
    expect(Object.is((doc!.value as { zero: number }).zero, -0)).toBe(true);
  });

  it.each([
    ["an anchor", "a: &x 1\nb: *x"],
    ["a tag", "a: !!str 1"],
    ["a multi-line plain scalar", "a: one\n  two"],
    ["a duplicate key", "a: 1\na: 2"],
    ["a prototype key", "__proto__: 1"],
    ["a tab", "a:\n\tb: 1"],
    ["a carriage return", "a: 1\r\nb: 2"],
    ["a hexadecimal number", "a: 0x1F"],
    ["a flow collection two levels deep", "a: [[[1]], 2]"],
    ["a flow mapping without a space after the colon", "a: {b:1}"],
    ["a trailing comma", "a: [1, 2, ]"],
    ["a block scalar with a blank line", "a: |\n  one\n\n  two"],
    ["a block scalar with an indentation indicator", "a: |2\n   text"],
    ["a kept block scalar", "a: |+\n  text\n"],
    ["a quoted key", '"a": 1'],
    ["an empty document", "a: 1\n---\n"],
    ["a comment-only file", "# nothing\n"],
    ["a mapping value in a plain scalar", "a: b: c"],
    ["an unknown escape", 'a: "\\x41"'],
    ["an unterminated string", 'a: "open'],
    ["a bad indentation", "a:\n  b: 1\n c: 2"],
  ])("leaves %s to the library", (_, text) => {
    expect(parseBlockYaml(text)).toBeUndefined();
  });

  it("keeps the library's error messages: a duplicate key is still reported at its line and column", () => {
    const parsed = parseYamlFile("f.yaml", new TextEncoder().encode("a: 1\nb:\n  c: 1\n  c: 2\n"));
    expect(parsed.diagnostics).toEqual([{ file: "f.yaml", line: 4, col: 3, message: "duplicate key: a key may appear once in a mapping", hint: "remove or merge the second occurrence" }]);
  });

  it("agrees with the library on 3,000 generated documents", () => {
    let fast = 0;
    for (let seed = 1; seed <= 3000; seed++) if (compare(generateYaml(prng(seed))) === "fast") fast++;
    // Enough of them stay on the fast path for the comparison to mean something, and enough do not.
    expect(fast).toBeGreaterThan(600);
    expect(fast).toBeLessThan(2900);
  });

  it("agrees with the library on 2,000 random edits of the example organisation's files", () => {
    const files = ["identities/links.yaml", "identities/groups/everyone.yaml", "identities/agents/agent-code-review.yaml", "policies/apps/crm.yaml", "scopesync.yaml"];
    const texts = files.map((f) => readFileSync(path.join(ROOT, f), "utf8"));
    const inserts = [" ", "  ", ":", ": ", "#", " #", "-", "- ", '"', "'", "\n", "[", "]", "{", "}", ",", "|", ">", "&", "*", "!", "\\", "~", "0", "é"];
    let fast = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const random = prng(seed);
      let text = texts[seed % texts.length]!;
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * text.length);
        const cut = random() < 0.5 ? Math.floor(random() * 3) : 0;
        text = text.slice(0, at) + (cut > 0 && random() < 0.5 ? "" : inserts[Math.floor(random() * inserts.length)]) + text.slice(at + cut);
      }
      if (compare(text) === "fast") fast++;
    }
    expect(fast).toBeGreaterThan(200);
  });
});

const KEYS = ["id", "kind", "a", "b", "members", "until", "with-dash", "dotted.key", "_u", "k/x", "true", "null", "__proto__", '"q"', "123", "a b", "x:y"];
const SCALARS = [
  "plain", "two words", "a#b", "a # comment", "'single'", "'it''s'", '"double"', '"esc \\" \\\\ \\n \\t \\u00e9 \\/"', '"a # not a comment"',
  "123", "-5", "+5", "0", "-0", "007", "1.5", "1.", ".5", "-.5", "1e3", "1E-2", "2026-01-01", "2026-01-01T10:00:00Z",
  "true", "True", "TRUE", "false", "yes", "no", "null", "Null", "~", "", "[]", "{}", "http://x.y/z", "a:b", "a: b", "x:",
  "-x", "- x", "@x", "`x`", "%x", "&a x", "*a", "!!str x", "0x1F", "0o17", ".inf", ".nan", "1_000", "é ü 日本", "vault:nhi/x#cred1",
  '"unterminated', "'unterminated", "a ,b", "[1, 2]", "[a, 'b', \"c\"]", "[ a ]", "[a,b]", "[a, ]", "[a: 1]", "[[a]]", "[[[a]]]", "[a, #x]", "{a: 1}", "{ a: [b, c], d: 'e' }", "{a: 1, a: 2}", "{a:1}", "{a: }", "{ a: {b: c} }", "{a: x:y}", "|", ">", '"a" trailing', "'a'#c", '"\\x41"', '"\\ud83d"', "trailing   ", "x #", "#x", "-", "?x", ":x",
];

/** A random document from pieces that are mostly valid, sometimes not, and often tricky. */
function generateYaml(random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number): boolean => random() < p;
  const lines: string[] = [];
  const scalar = (): string => (chance(0.7) ? pick(SCALARS.slice(0, 40)) : pick(SCALARS));
  const key = (): string => (chance(0.9) ? pick(KEYS.slice(0, 10)) : pick(KEYS));
  const comment = (indent: number): void => {
    if (chance(0.1)) lines.push(`${" ".repeat(indent)}# a comment`);
    if (chance(0.05)) lines.push("");
  };
  const mapping = (indent: number, depth: number, firstPrefix?: string): void => {
    const count = 1 + Math.floor(random() * 4);
    for (let n = 0; n < count; n++) {
      const pad = n === 0 && firstPrefix !== undefined ? firstPrefix : " ".repeat(indent + (chance(0.03) ? 1 : 0));
      const k = key();
      comment(indent);
      if (depth < 3 && chance(0.3)) {
        lines.push(`${pad}${k}:${chance(0.1) ? "   # note" : ""}`);
        value(indent, depth + 1);
      } else if (chance(0.1)) {
        lines.push(`${pad}${k}: ${pick(["|", "|-", ">", ">-", "|+", ">2", "> # c"])}`);
        for (let l = 1 + Math.floor(random() * 3); l > 0; l--) {
          lines.push(`${" ".repeat(indent + 2 + (chance(0.1) ? 1 : 0))}${pick(["text", "more text", "# hash", "trailing ", "a: b"])}`);
          if (chance(0.1)) lines.push(pick(["", "  ", "# c"]));
        }
      } else {
        lines.push(`${pad}${k}: ${scalar()}`);
      }
    }
  };
  const sequence = (indent: number, depth: number): void => {
    const count = 1 + Math.floor(random() * 3);
    for (let n = 0; n < count; n++) {
      comment(indent);
      if (depth < 3 && chance(0.4)) mapping(indent + 2, depth + 1, `${" ".repeat(indent)}-${chance(0.9) ? " " : "   "}`);
      else lines.push(`${" ".repeat(indent)}- ${scalar()}`);
    }
  };
  const value = (parentIndent: number, depth: number): void => {
    const step = chance(0.9) ? 2 : pick([1, 4]);
    if (chance(0.35)) sequence(chance(0.5) ? parentIndent : parentIndent + step, depth);
    else mapping(parentIndent + step, depth);
  };
  const documents = 1 + (chance(0.2) ? Math.floor(random() * 3) : 0);
  for (let d = 0; d < documents; d++) {
    if (d > 0 || chance(0.2)) lines.push("---");
    comment(0);
    mapping(0, 0);
  }
  if (chance(0.05)) lines.push("---");
  return lines.join("\n") + (chance(0.8) ? "\n" : "");
}
