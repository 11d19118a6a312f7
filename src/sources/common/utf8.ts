// Exports must be UTF-8. A fatal decoder turns a Latin-1 or UTF-16 export into an error instead of
// silently replacing characters in names (which would then fail to correlate).
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { bomlessUtf16, orderName, REEXPORT } from "./utf16.js";

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes strictly; a leading UTF-8 byte order mark is dropped (TextDecoder does so by default).
 * `utf16` says the adapter reads UTF-16 behind a byte order mark (utf16.ts): a UTF-16 file without
 * one is then told how to get the mark, not only how to get UTF-8.
 */
export function decodeUtf8(context: SourceContext, bytes: Uint8Array, shown: string, utf16 = false): string {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw bomlessError(context, bytes, shown, utf16) ?? encodingError(context, bytes, shown);
  }
  // No export format carries a NUL byte in its text; one that does is binary or cut, and a NUL
  // inside a name or login would reach the targets and the terminal.
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const bomless = bomlessError(context, bytes, shown, utf16);
    if (bomless !== undefined) throw bomless;
    let line = 1;
    for (let i = 0; i < nul; i++) if (bytes[i] === 0x0a) line++;
    throw new SourceError(context.name, `${shown} line ${line}: NUL byte at byte ${nul}`, "Re-export the file as UTF-8 text; a NUL byte means a binary, UTF-16 or damaged file.");
  }
  return text;
}

/**
 * The error of a file that reads as UTF-16 without a byte order mark (ASCII text with a NUL
 * beside every letter, which is valid UTF-8 and would otherwise be named by its first NUL byte).
 */
function bomlessError(context: SourceContext, bytes: Uint8Array, shown: string, utf16: boolean): SourceError | undefined {
  const order = bomlessUtf16(bytes);
  if (order === undefined) return undefined;
  return new SourceError(
    context.name,
    `${shown}: file looks like ${orderName(order)} without a byte order mark (a NUL byte beside each letter), expected ${utf16 ? "UTF-8, or UTF-16 that starts with its byte order mark" : "UTF-8"}`,
    utf16 ? REEXPORT : `Re-export the file as UTF-8, or convert it: iconv -f UTF-16${order.toUpperCase()} -t UTF-8.`,
  );
}

function encodingError(context: SourceContext, bytes: Uint8Array, shown: string): SourceError {
  const hint = "Re-export the file as UTF-8 (in Excel: Save As > CSV UTF-8; with iconv: iconv -f LATIN1 -t UTF-8).";
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return new SourceError(context.name, `${shown}: file is UTF-16, expected UTF-8`, hint);
  }
  const offset = firstInvalidByte(bytes);
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return new SourceError(context.name, `${shown} line ${line}: invalid UTF-8 byte sequence at byte ${offset}`, hint);
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) { i++; continue; }
    else if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; }
    else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are invalid too.
    if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return i;
    i += need + 1;
  }
  return bytes.length;
}
