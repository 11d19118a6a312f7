import { describe, expect, it } from "vitest";
import { flatRecordJson } from "../../src/model/flat-record-json.js";

// flatRecordJson writes a flat record (a rule finding) in one pass instead of JSON.stringify and a
// second pass that moves its lines to the margin. Its text must be exactly what that gave: here the
// reference is JSON.stringify itself, with the margin added as canonicalJson adds it.

/** canonicalJson's leaf before the one-pass writer: compact JSON takes no margin. */
function reference(value: unknown, unit: string, margin: string): string {
  const text = JSON.stringify(value, null, unit);
  return margin && unit ? text.replaceAll("\n", `\n${margin}`) : text;
}

/** Strings of every kind JSON escapes, or might be thought to. */
const STRINGS = [
  "",
  "plain text https://example.com/docs#rule",
  'a "quoted" word',
  "a back\\slash",
  "line\nbreak, tab\t, return\r, NUL\u0000, unit separator\u001f",
  "DEL \u007f and line separator \u2028 paragraph \u2029 (JSON.stringify leaves these)",
  "a pair of surrogates 𝄞 and é €",
  "a lone high surrogate \ud834 here",
  "a lone low surrogate \udd1e here",
  "</script> & <b>",
];

/** Deterministic records of scalars and lists of scalars, keys in order, built from the strings above. */
function records(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const numbers = [0, -0, 1, -2.5, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity];
  for (let k = 0; k < 200; k++) {
    const r: Record<string, unknown> = {};
    const s = (i: number): string => STRINGS[(k + i) % STRINGS.length]!;
    if (k % 3 !== 0) r.a = [s(0), s(1), numbers[k % numbers.length], k % 2 === 0, null].slice(0, k % 6);
    r.b = s(2);
    if (k % 4 === 1) r["c d"] = undefined;
    r["c\"e"] = numbers[(k * 7) % numbers.length];
    if (k % 5 === 2) r.f = () => 1;
    r.g = k % 2 === 0;
    r.h = null;
    if (k % 7 !== 3) r[s(3).slice(0, 1) || "i"] = s(4);
    const ordered: Record<string, unknown> = {};
    for (const key of Object.keys(r).sort()) ordered[key] = r[key];
    out.push(ordered);
  }
  return out;
}

class Finding {
  declare controls: string[];
  declare help: string;
  declare message: string;
  declare rule: string;
  declare severity: string;
  constructor(message: string) {
    this.controls = ["OWASP-NHI7", "NIST-SP800-53-IA-5(1)"];
    this.help = "https://github.com/scopesync/scopesync/blob/main/docs/rules.md#credential-max-age";
    this.message = message;
    this.rule = "credential-max-age";
    this.severity = "warning";
  }
}

describe("flatRecordJson", () => {
  it("writes JSON.stringify's text for flat records, at every margin, indented and compact", () => {
    const all = [...records(), ...STRINGS.map((s) => new Finding(s)), {}, { only: [] }];
    for (const [unit, margin] of [["  ", "    "], ["  ", ""], ["  ", "  "], ["\t", "\t\t"], ["", ""], ["", "    "]] as const) {
      for (const r of all) {
        const text = flatRecordJson(r, unit, margin);
        expect(text, JSON.stringify(r)).toBe(reference(r, unit, margin));
      }
    }
  });

  it("declines what is not a flat record with its keys in order, for the caller to write as before", () => {
    const declined: Record<string, unknown> = {
      "a list": ["a", "b"],
      "a string": "text",
      null: null,
      "keys out of order": { b: 1, a: 2 },
      "an array-index key": { "1": "one", a: 2 },
      "a nested object": { a: { b: 1 } },
      "a list holding an object": { a: [{ b: 1 }] },
      "a list holding undefined (JSON writes null)": { a: [undefined] },
      "a nested list": { a: [[1]] },
      "a Date value": { at: new Date(0) },
      "a record with toJSON": { a: 1, toJSON: () => "mine" },
      "a bigint": { a: 1n },
      "a boxed number (JSON writes 1)": new Number(1),
      "a boxed string with a key of its own": Object.assign(new String(""), { a: 1 }),
      "a boxed boolean as a value": { a: new Boolean(false) },
      "a list with toJSON": { a: Object.assign([1, 2], { toJSON: () => "mine" }) },
      "a Map": new Map([["a", 1]]),
    };
    for (const [what, value] of Object.entries(declined)) expect(flatRecordJson(value, "  ", "    "), what).toBeUndefined();
  });
});
