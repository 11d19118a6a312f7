import { invalidUtf8 } from "../config/utf8.js";
import { ScopesyncError } from "../model/errors.js";

// A state file is JSON, and JSON between systems is UTF-8 (RFC 8259 §8.1). Decoded leniently, a
// file an editor saved as Windows-1252 ("ANSI") read without a word: every byte of "José" that is
// not UTF-8 became U+FFFD, which is valid inside a JSON string, and the plan proposed to "fix" the
// names nobody had changed. Refused at the byte instead, as policy files and exports are.

/** Throws, at the first byte that is not UTF-8, unless all of the state file's bytes are. */
export function checkStateUtf8(bytes: Uint8Array, path: string, target: string): void {
  const bad = invalidUtf8(bytes);
  if (!bad) return;
  throw new ScopesyncError(
    `target "${target}": ${path}:${bad.line}:${bad.col}: invalid UTF-8 byte 0x${bad.byte.toString(16).padStart(2, "0")} (byte ${bad.offset}); a state file is UTF-8 JSON`,
    `convert it to UTF-8 (saved as Windows-1252 or Latin-1: iconv -f WINDOWS-1252 -t UTF-8 ${path} > ${path}.utf8, then move that over it), or restore it from git or from a backup`,
  );
}

/** The state file's text: its bytes, checked to be UTF-8 and decoded. */
export function stateText(bytes: Uint8Array, path: string, target: string): string {
  checkStateUtf8(bytes, path, target);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}
