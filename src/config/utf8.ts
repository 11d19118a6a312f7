import { isUtf8 } from "node:buffer";

/**
 * Decodes strict UTF-8. On invalid bytes returns the byte offset of the first one, so the error can
 * point at a line and column instead of silently turning bytes into U+FFFD.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { invalidAt: number } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { invalidAt: firstInvalidByte(bytes) };
  }
}

function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    // Overlongs, surrogates and code points above U+10FFFF are invalid too.
    const b1 = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return i;
    i += len;
  }
  return bytes.length;
}

/** 1-based line and column (in characters) of a byte offset in possibly invalid UTF-8. */
export function bytePosition(bytes: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) { line++; lineStart = i + 1; }
  const prefix = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, offset));
  return { line, col: [...prefix].length + 1 };
}

/**
 * Where the first byte that is not UTF-8 sits (its offset, 1-based line and column, and the byte),
 * or undefined when all of them are. For files that are parsed as a whole elsewhere (JSON state
 * files and snapshots, some hundreds of megabytes): the native isUtf8 checks the bytes without
 * making a string, and the position is worked out only for the rare file that fails.
 */
export function invalidUtf8(bytes: Uint8Array): { offset: number; line: number; col: number; byte: number } | undefined {
  if (isUtf8(bytes)) return undefined;
  const offset = firstInvalidByte(bytes);
  return { offset, ...bytePosition(bytes, offset), byte: bytes[offset] ?? 0 };
}
