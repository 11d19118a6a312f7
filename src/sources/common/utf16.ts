// UTF-16 exports. Excel's "Unicode Text (*.txt)" writes UTF-16LE behind a byte order mark (FF FE),
// tab-separated, CRLF; some HR systems write UTF-16 CSV, LE or BE, behind one too. The mark is what
// makes such a file UTF-16: without it nothing tells UTF-16 from bytes that happen to hold NULs, so
// a file without one is refused (utf8.ts names it), never read by a guess. Positions in errors are
// lines and columns of the decoded text, as every later error of the file gives them.
import { SourceError } from "../../model/errors.js";
import { positionOf } from "../../model/json-error.js";
import type { SourceContext } from "../source.js";

export type Utf16Order = "le" | "be";

/** The byte order a UTF-16 byte order mark at the start of `bytes` names, if one is there. */
export function utf16Bom(bytes: Uint8Array): Utf16Order | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "be";
  return undefined;
}

/**
 * The byte order of a file that reads as UTF-16 without a mark: in its first code units, text
 * (ASCII headers and ids) leaves every high byte NUL and no low one. Only an error's wording
 * rests on it (a NUL byte is refused either way).
 */
export function bomlessUtf16(bytes: Uint8Array): Utf16Order | undefined {
  if (utf16Bom(bytes) !== undefined) return undefined;
  const pairs = Math.min(bytes.length >> 1, 256);
  if (pairs === 0) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenNul++;
    if (bytes[2 * i + 1] === 0) oddNul++;
  }
  if (oddNul * 2 >= pairs && evenNul === 0) return "le";
  if (evenNul * 2 >= pairs && oddNul === 0) return "be";
  return undefined;
}

/** How to get a file scopesync reads from the tools that write UTF-16. */
export const REEXPORT =
  'Save it again from Excel as "CSV UTF-8 (Comma delimited)" (or as "Unicode Text", which writes the byte order mark), or convert it: iconv -f UTF-16LE -t UTF-8 (UTF-16BE for big-endian).';

export function orderName(order: Utf16Order): string {
  return order === "le" ? "UTF-16LE (little-endian)" : "UTF-16BE (big-endian)";
}

const decoder = new TextDecoder("utf-16le", { fatal: true });

/**
 * The text of a UTF-16 file whose mark names `order` (the mark dropped). Big-endian bytes are
 * swapped into a copy and decoded as little-endian: Node's "utf-16le" decoder is there in every
 * build, "utf-16be" only in one with ICU (a Node built without Intl has utf-8 and utf-16le alone).
 */
export function decodeUtf16(context: SourceContext, bytes: Uint8Array, shown: string, order: Utf16Order): string {
  if (bytes.length % 2 !== 0) {
    throw new SourceError(
      context.name,
      `${shown}: file is ${orderName(order)} (it starts with that byte order mark) but holds an odd number of bytes (${bytes.length}): it was cut short or damaged`,
      `Re-run the export and copy the file again. ${REEXPORT}`,
    );
  }
  const units = order === "le" ? bytes : Buffer.from(bytes).swap16();
  let text: string;
  try {
    text = decoder.decode(units);
  } catch {
    // The only other fault a fatal UTF-16 decoder finds: half of a surrogate pair.
    const lone = loneSurrogate(units);
    const at = lone === undefined ? "" : `:${lone.at}`;
    const unit = lone === undefined ? "" : ` (0x${lone.unit.toString(16).toUpperCase()})`;
    throw new SourceError(
      context.name,
      `${shown}${at}: invalid ${orderName(order)}: a lone surrogate${unit}, half of a character (a cut or damaged file, or bytes of another encoding)`,
      `Re-run the export. ${REEXPORT}`,
    );
  }
  // As in UTF-8 exports (utf8.ts): a NUL is no text any export carries, and would reach targets and terminals.
  const nul = text.indexOf("\u0000");
  if (nul !== -1) {
    const at = positionOf(text, nul);
    throw new SourceError(context.name, `${shown}:${at.line}:${at.col}: NUL character in a UTF-16 file`, `Re-run the export: a NUL character means a binary or damaged file. ${REEXPORT}`);
  }
  return text;
}

/** Where the first unpaired surrogate of little-endian `units` is, as `line:col` of the text before it. */
function loneSurrogate(units: Uint8Array): { at: string; unit: number } | undefined {
  // The mark is not part of the text: positions count from the unit after it.
  let line = 1;
  let col = 1;
  for (let i = 2; i + 1 < units.length; i += 2) {
    const unit = units[i]! | (units[i + 1]! << 8);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = i + 3 < units.length ? units[i + 2]! | (units[i + 3]! << 8) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i += 2;
        col += 2;
        continue;
      }
      return { at: `${line}:${col}`, unit };
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return { at: `${line}:${col}`, unit };
    if (unit === 0x0a) {
      line++;
      col = 1;
    } else col++;
  }
  // The decoder found a fault this scan did not: name the file, not a made-up place.
  return undefined;
}
