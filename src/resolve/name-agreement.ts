// How far two records' names agree, for the correlation-conflict guard (id-conflict.ts). One word in
// common is not evidence of one person: about one Korean in five is named Kim, 王
// alone is about 7% of China, and half an office may be called Michael. So the given and family
// names are compared each as a whole, where the records have them (most sources export givenName
// and familyName apart), and the guard asks for more evidence when only one of them agrees.
import type { SourceRecord } from "../model/source-record.js";

/**
 * - `unknown`: a record has no name to compare (nothing contradicts the match);
 * - `full`: given and family name agree, or the whole names do ("Kim Ji-ho" is Ji-ho Kim);
 * - `family`: only the family name agrees (Ji-ho and Seo-yeon Kim, or Robert and Bob Smith);
 * - `given`: only the given name agrees (Jane Smith, now Jane Doe, or two people called Michael);
 * - `partial`: a word in common whose role is unknown (a display name against a display name);
 * - `none`: nothing in common.
 */
export type NameAgreement = "unknown" | "full" | "family" | "given" | "partial" | "none";

/** A record's name as words compared without case or Latin accents; a part with no word is absent. */
interface NameWords {
  given?: string[];
  family?: string[];
  display?: string[];
}

export function nameAgreement(a: SourceRecord["name"], b: SourceRecord["name"]): NameAgreement {
  const x = nameWords(a);
  const y = nameWords(b);
  if (isEmpty(x) || isEmpty(y)) return "unknown";
  const family = x.family && y.family ? partsAgree(x.family, y.family) : false;
  const given = x.given && y.given ? partsAgree(x.given, y.given) : false;
  if ((family && given) || swapped(x, y) || wholeNamesAgree(x, y)) return "full";
  if (family) return "family";
  if (given) return "given";
  return shareWord(x, y) ? "partial" : "none";
}

function isEmpty(n: NameWords): boolean {
  return !n.given && !n.family && !n.display;
}

/**
 * Two parts agree when they are the same once spaces and hyphens are gone ("Ji-ho", "Jiho" and
 * "Ji Ho"), or when the words of one are all words of the other: a middle name one system leaves
 * out ("Mary Ann" and "Mary"), a second family name ("García López" and "García"). A hyphenated
 * name is one word, not its syllables: "Ji-ho" and "Ho-jin" do not share "ho".
 */
function partsAgree(p: readonly string[], q: readonly string[]): boolean {
  if (p.join("") === q.join("")) return true;
  const [short, long] = p.length <= q.length ? [p, q] : [q, p];
  return short.every((w) => long.includes(w));
}

/** Given and family names exported in each other's columns (an Eastern-order name typed in a Western form). */
function swapped(x: NameWords, y: NameWords): boolean {
  return !!(x.given && x.family && y.given && y.family) && partsAgree(x.given, y.family) && partsAgree(x.family, y.given);
}

/**
 * The whole names agree: a display name against a display name, or against the given and family
 * names in either order. Names in Chinese script are written without spaces ("王伟"), so the words
 * are joined before comparing.
 */
function wholeNamesAgree(x: NameWords, y: NameWords): boolean {
  const left = wholeNames(x);
  for (const name of wholeNames(y)) if (left.includes(name)) return true;
  return false;
}

function wholeNames(n: NameWords): string[] {
  const out: string[] = [];
  if (n.display) out.push(n.display.join(""));
  if (n.given && n.family) out.push(n.given.join("") + n.family.join(""), n.family.join("") + n.given.join(""));
  return out;
}

function shareWord(x: NameWords, y: NameWords): boolean {
  const left = new Set([...(x.given ?? []), ...(x.family ?? []), ...(x.display ?? [])]);
  for (const w of [...(y.given ?? []), ...(y.family ?? []), ...(y.display ?? [])]) if (left.has(w)) return true;
  return false;
}

function nameWords(name: SourceRecord["name"]): NameWords {
  const out: NameWords = {};
  const given = words(name.given);
  const family = words(name.family);
  const display = words(name.display);
  if (given.length > 0) out.given = given;
  if (family.length > 0) out.family = family;
  if (display.length > 0) out.display = display;
  return out;
}

// Marks are dropped after Latin, Greek and Cyrillic letters only ("García" is "garcia": LDAP and HR
// spell accents differently). NFKD also splits Hangul syllables and kana with a voicing mark; NFC
// puts them back together, so "김" stays one syllable and "ガ" is not "カ".
const ACCENTS = /([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu;
const SEPARATORS = /[\s,]+/u;
const NOT_LETTER = /[^\p{L}\p{N}]+/gu;
const LATIN_LETTER = /^\p{Script=Latin}$/u;
const INITIAL = /^\p{L}\.$/u;

/**
 * The words of one name part, split on spaces and commas only ("Kim, Ji-ho"): hyphens and
 * apostrophes are left out of a word, not split on. Initials ("J", "J.") are dropped, one letter is
 * no evidence either way; a single character of a script without initials is a whole name (王 is a
 * family name, 伟 a given name), so it is kept.
 */
function words(part: string | undefined): string[] {
  if (!part) return [];
  const out: string[] = [];
  const plain = part.normalize("NFKD").replace(ACCENTS, "$1").normalize("NFC").toLowerCase();
  for (const raw of plain.split(SEPARATORS)) {
    if (INITIAL.test(raw)) continue;
    const word = raw.replace(NOT_LETTER, "");
    if (word === "" || LATIN_LETTER.test(word)) continue;
    out.push(word);
  }
  return out;
}
