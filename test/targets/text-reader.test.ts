import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TextReader } from "../../src/targets/text-reader.js";

// State files are read through one reused buffer instead of readFileSync(path); the bytes and the
// errors must be readFileSync's, whatever the order and sizes of the files one reader reads.
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function files(contents: Record<string, string | Buffer>): string {
  dir = mkdtempSync(join(tmpdir(), "scopesync-text-"));
  for (const [name, content] of Object.entries(contents)) writeFileSync(join(dir, name), content);
  return dir;
}

const errorCode = (read: () => unknown): string | undefined => {
  try {
    read();
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code;
  }
};

describe("TextReader", () => {
  it("gives readFileSync's bytes for files larger and smaller than the last, multi-byte, BOM and malformed UTF-8 included", () => {
    const big = `{"name":"${"Zoë Ångström 名前 🙂 ".repeat(20_000)}"}`;
    const at = files({
      "small.json": "{}",
      "big.json": big,
      "bom.json": "\ufeff{\"a\":1}",
      // A cut multi-byte sequence, a lone continuation byte and an overlong encoding.
      "bad.json": Buffer.from([0x7b, 0x22, 0xc3, 0x22, 0x80, 0xc0, 0xaf, 0x22, 0x7d]),
      "empty.json": "",
      "middle.json": "x".repeat(70_000),
    });
    const reader = new TextReader();
    for (const name of ["small.json", "big.json", "bom.json", "bad.json", "empty.json", "middle.json", "big.json", "small.json"]) {
      expect(reader.readBytes(join(at, name)).equals(readFileSync(join(at, name))), name).toBe(true);
    }
    expect(reader.readBytes(join(at, "big.json")).toString("utf8").length).toBe(big.length);
  });

  it("fails with the file system's error code, as readFileSync does", () => {
    const at = files({ "ok.json": "{}" });
    mkdirSync(join(at, "folder"));
    const reader = new TextReader();
    for (const name of ["missing.json", "folder"]) {
      const expected = errorCode(() => readFileSync(join(at, name), "utf8"));
      expect(expected, name).toBeDefined();
      expect(errorCode(() => reader.readBytes(join(at, name))), name).toBe(expected);
    }
    expect(reader.readBytes(join(at, "ok.json")).toString("utf8")).toBe("{}");
  });
});
