import { readFileSync, writeFileSync } from "node:fs";
import { expect } from "vitest";

/**
 * Re-saves a UTF-8 file as Windows-1252, as a Windows editor saving "ANSI" does (iconv -f UTF-8 -t
 * WINDOWS-1252). Its accented letters (á, é, ñ, Å) are one byte each there, the same as in
 * Latin-1; the file must hold at least one, and nothing Latin-1 cannot hold.
 */
export function asWindows1252(path: string): void {
  const text = readFileSync(path, "utf8");
  expect(text).toMatch(/[\u00c0-\u00ff]/);
  expect(text).not.toMatch(/[^\u0000-\u00ff]/);
  writeFileSync(path, Buffer.from(text, "latin1"));
}
