// Reading fixed-position digits out of a text by character codes: the date fast paths
// (model/time.ts, sources/common/dates.ts) read millions of exported times, where a regular
// expression's match and Number() of each group were most of the time.

/** Every character of text[from, to) is an ASCII digit. */
export function digitsAt(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** The number the ASCII digits text[from, to) write (digitsAt must hold for them). */
export function numberAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + (text.charCodeAt(i) - 0x30);
  return value;
}
