// Active Directory range retrieval (MS-ADTS 3.1.1.3.1.3.3, "Range Retrieval of Attribute
// Values"): AD returns at most MaxValRange values of one attribute per search (1500 by default),
// and when it cuts a list short it names the attribute with a range option, "member;range=0-1499":
// the zero-based indexes of the first and last value it sent. Only a range whose high bound is "*"
// is the end of the list; the client asks again ("member;range=1500-*") until it gets one. Any
// other option (";binary", ";lang-en") does not change what the attribute is for us, but a range
// does: read as the whole list, it silently drops every member past the first range.

export interface ValueRange {
  low: number;
  /** "*": the last value of the attribute is in this range. */
  high: number | "*";
}

const RANGE = /^range=(\d+)-(\d+|\*)$/i;

/** "member;range=0-1499" → "member": the attribute type, every option removed. */
export function attributeType(description: string): string {
  return description.split(";")[0]!.trim();
}

/**
 * The range option of an attribute description, undefined when it has none, "malformed" for a
 * range option that is not "range=<low>-<high>" (it still means the list may be partial).
 */
export function rangeOption(description: string): ValueRange | "malformed" | undefined {
  for (const option of description.split(";").slice(1)) {
    const text = option.trim();
    if (!/^range=/i.test(text)) continue;
    const match = RANGE.exec(text);
    if (!match) return "malformed";
    return { low: Number(match[1]), high: match[2] === "*" ? "*" : Number(match[2]) };
  }
  return undefined;
}

/** "range=0-1499" as written in an attribute description. */
export function rangeText(range: ValueRange): string {
  return `range=${range.low}-${range.high}`;
}

/**
 * The first value index not covered by the ranges of one attribute (sorted by their low bound),
 * or undefined when they cover the whole list: they start at 0, each begins right after the one
 * before, and the last ends in "*".
 */
export function firstMissingValue(ranges: readonly ValueRange[]): number | undefined {
  let next = 0;
  for (const range of [...ranges].sort((a, b) => a.low - b.low)) {
    if (range.low !== next) return next;
    if (range.high === "*") return undefined;
    next = range.high + 1;
  }
  return next;
}
