// Canonically equivalent text is the same text: "é" is U+00E9 or "e" + U+0301 (UAX #15, Unicode
// Normalization Forms, https://www.unicode.org/reports/tr15/), and the two look alike in every
// editor, terminal and plan. macOS tools and some HR exports write text decomposed (NFD), policy
// files are usually typed composed (NFC). Text that is compared (keys, attribute values, `where:`
// values, status values) is brought to NFC first, so that the two forms of one word are one string.

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * `text` in Unicode NFC. ASCII text is its own NFC form and is returned as it is: normalize() (an
 * ICU call on a copy of the string) is left for the rest, as values are normalised for each of
 * 100k+ records. Text already in NFC is returned as the same string (an interned value stays shared).
 */
export function nfc(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  const normalised = text.normalize("NFC");
  return normalised === text ? text : normalised;
}

/** Whether two texts are canonically equivalent: equal once both are in NFC. */
export function canonicallyEqual(a: string, b: string): boolean {
  return a === b || nfc(a) === nfc(b);
}
