import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseBlockYaml } from "../../src/config/block-yaml.js";
import { readWithLibrary } from "../../src/config/yaml-file.js";
import { keyOffset, pack, valueOffset, type Positions } from "../../src/config/yaml-positions.js";
import type { PathSegment } from "../../src/model/located.js";

// Documents keep their positions packed into one Int32Array. Every file:line:col the product
// reports is looked up there, so the packed lookups must answer exactly as the tree they are packed
// from, which test/config/block-yaml.test.ts holds to the `yaml` library's own syntax tree. The
// reference below is the tree walk the product used before positions were packed.

const ROOT = path.resolve(import.meta.dirname, "../..");

function child(p: Positions | undefined, segment: PathSegment): Positions | undefined {
  if (p === undefined || typeof p === "number") return undefined;
  if ("keys" in p) {
    for (let i = 0; i < p.keys.length; i++) if (p.keys[i] === segment) return p.values[i];
    return undefined;
  }
  let index: unknown = segment;
  if (index && typeof index === "string") index = Number(index);
  return typeof index === "number" && Number.isInteger(index) && index >= 0 ? p.items[index] : undefined;
}
function getIn(root: Positions | undefined, path: readonly PathSegment[]): Positions | undefined {
  let p = root;
  for (const segment of path) {
    if (p === undefined || typeof p === "number") return undefined;
    p = child(p, segment);
  }
  return p;
}
const offsetOf = (p: Positions | undefined): number => (p === undefined ? 0 : typeof p === "number" ? p : p.at);
function treeValueOffset(root: Positions | undefined, path: readonly PathSegment[]): number {
  for (let depth = path.length; depth > 0; depth--) {
    const node = getIn(root, path.slice(0, depth));
    if (node !== undefined) return offsetOf(node);
  }
  return offsetOf(root);
}
function treeKeyOffset(root: Positions | undefined, path: readonly PathSegment[]): number {
  const parent = path.length > 1 ? getIn(root, path.slice(0, -1)) : root;
  const last = path[path.length - 1];
  if (parent !== undefined && typeof parent !== "number" && "keys" in parent) {
    for (let i = 0; i < parent.keys.length; i++) if (parent.keys[i] === last) return parent.keyAt[i]!;
    return parent.at;
  }
  return treeValueOffset(root, path);
}

/** Every path to a value in the document, and from each some that lead nowhere or through a scalar. */
function paths(value: unknown): PathSegment[][] {
  const out: PathSegment[][] = [[]];
  const pending: [unknown, PathSegment[]][] = [[value, []]];
  while (pending.length > 0) {
    const [v, at] = pending.pop()!;
    for (const stray of ["missing", 0, "0", 1, "1", 99, -1, "-1", "01", 1.5, ""] as PathSegment[]) out.push([...at, stray], [...at, stray, "x"]);
    if (Array.isArray(v)) v.forEach((item, i) => { out.push([...at, i], [...at, String(i)]); pending.push([item, [...at, i]]); });
    else if (v && typeof v === "object") for (const [k, item] of Object.entries(v)) { out.push([...at, k]); pending.push([item, [...at, k]]); }
  }
  return out;
}

/** Packs a file's documents together, as the product does, and compares every document's lookups with the tree's. */
function compareFile(documents: readonly { positions: Positions | undefined; value: unknown }[], where: string): number {
  const { packed, roots } = pack(documents.map((d) => d.positions));
  let checked = 0;
  documents.forEach(({ positions, value }, k) => {
    for (const p of paths(value)) {
      const shown = `${where} document ${k} ${JSON.stringify(p)}`;
      expect(valueOffset(packed, roots[k]!, p), shown).toBe(treeValueOffset(positions, p));
      expect(keyOffset(packed, roots[k]!, p), shown).toBe(treeKeyOffset(positions, p));
      checked++;
    }
  });
  return checked;
}

describe("packed YAML positions", () => {
  it("answer every path in every YAML file of the repository as the tree they are packed from", () => {
    const files = execFileSync("git", ["ls-files", "*.yaml", "*.yml"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
    expect(files.length).toBeGreaterThan(50);
    let checked = 0;
    let blockDocuments = 0;
    for (const file of files) {
      const text = readFileSync(path.join(ROOT, file), "utf8").replace(/^\ufeff/, "");
      checked += compareFile(readWithLibrary(file, text).documents, `${file} (library)`);
      const block = parseBlockYaml(text) ?? [];
      checked += compareFile(block, `${file} (block reader)`);
      blockDocuments += block.length;
    }
    expect(blockDocuments).toBeGreaterThan(50);
    expect(checked).toBeGreaterThan(10_000);
  });

  it("answer a scalar document, an empty one, flow collections, non-scalar keys and aliases", () => {
    const texts = ["just a scalar\n", "", "---\n", "a: [1, {b: 2}, [3]]\n? [x]\n: y\nc: &anchor {d: 1}\ne: *anchor\n", "- - - deep\n- {}\n- []\n"];
    let checked = 0;
    for (const text of texts) checked += compareFile(readWithLibrary("f.yaml", text).documents, JSON.stringify(text));
    // Several documents of several kinds in one file share one packed array.
    checked += compareFile(readWithLibrary("f.yaml", texts.join("---\n")).documents, "all of them in one file");
    expect(checked).toBeGreaterThan(100);
  });
});
