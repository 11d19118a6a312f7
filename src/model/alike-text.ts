// Two texts can differ and still read alike: a no-break space (U+00A0, U+2007, U+202F) for a space,
// "e" + U+0301 for "é", a full-width "ｍ" for "m", a zero-width space, a tab a table cell shows as a
// space. Where a reviewer is shown two such texts side by side ("Kim Poe → Kim Poe") or told one is
// not the other ("unknown status Congé, known: congé"), the characters that make the difference
// are written as code points, so that what differs can be seen. A letter of another script that
// looks like a Latin one ("іngrid" with a CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I, U+0456)
// reads alike too: the login skeleton (look-alike-logins.ts) is the one rule for both, so a value
// and a login are shown alike in every output.
import { loginSkeleton } from "./look-alike-logins.js";
import { showUnseen } from "./unseen-chars.js";

/**
 * Characters written as code points by showCodePoints besides showUnseen's: every space other than
 * U+0020 and every line break or tab, combining marks (an accent can be one letter or two), and
 * other format characters.
 */
const AMBIGUOUS = /[\s\p{M}\p{Cf}]/u;
const NON_ASCII = /[^\x20-\x7e]/;

/** How a text reads: compatibility forms folded (NFKC), format characters dropped, spaces and line breaks one space. */
function readAs(text: string): string {
  return text.normalize("NFKC").replace(/\p{Cf}/gu, "").replace(/\s+/gu, " ").trim();
}

/** Whether two different texts read alike (see the file's comment): their skeletons, spaces folded, are equal. */
export function readAlike(a: string, b: string): boolean {
  return a !== b && loginSkeleton(readAs(a)) === loginSkeleton(readAs(b));
}

/**
 * `text` with every character that could make it read like another text written as `\uXXXX`
 * (`\u{1F600}` above U+FFFF): showUnseen's invisible and control characters, and AMBIGUOUS ones,
 * any character that has a compatibility form (NFKC changes it: "ｍ", "ﬁ", U+2024 "․"), a letter
 * that reads as another (its skeleton is another letter: the Cyrillic "і" an "i", "ё" an "ë"),
 * and a leading, trailing or doubled space.
 * Letters, accented letters in their composed form included, stay as they are.
 */
export function showCodePoints(text: string): string {
  const shown = showUnseen(text);
  if (!NON_ASCII.test(shown) && !/^ | $|  /.test(shown)) return shown;
  const chars = [...shown];
  let out = "";
  chars.forEach((c, i) => {
    // A space reads as one only between two other characters: leading, trailing and doubled ones
    // vanish (a table cell folds them).
    const ambiguous = c === " " ? i === 0 || i === chars.length - 1 || chars[i - 1] === " " : AMBIGUOUS.test(c) || c.normalize("NFKC") !== c || loginSkeleton(c) !== c;
    out += ambiguous ? codePoint(c) : c;
  });
  return out;
}

function codePoint(c: string): string {
  const code = c.codePointAt(0)!;
  return code > 0xffff ? `\\u{${code.toString(16).toUpperCase()}}` : `\\u${code.toString(16).padStart(4, "0")}`;
}
