// An id that holds a character nobody sees ("E100" + U+200B ZERO WIDTH SPACE, pasted from a chat
// or a web page) is another id than the one it shows: the anchor would be a new worker and the real
// one a leaver, a manager reference would match no one. trim() removes white space only at the ends
// and no format character at all, so such characters are looked for in the ids and refused.
import { showUnseen } from "../../model/unseen-chars.js";

/** Format characters (zero-width, bidi, soft hyphen), and any white space other than U+0020 (a no-break space inside). */
const INVISIBLE = /[\p{Cf}\p{Cc}]|(?! )\s/u;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The first invisible character of `text`: its 1-based position and its code point as U+XXXX; undefined when there is none. */
export function invisibleCharacter(text: string): { at: number; codePoint: string } | undefined {
  // Nearly every id is printable ASCII: one test per id, not one per character, for 100k rows.
  if (PRINTABLE_ASCII.test(text)) return undefined;
  let at = 0;
  for (const c of text) {
    at++;
    // showUnseen's list also holds the fillers that are letters to Unicode (U+3164 HANGUL FILLER).
    if (INVISIBLE.test(c) || showUnseen(c) !== c) {
      return { at, codePoint: `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` };
    }
  }
  return undefined;
}
