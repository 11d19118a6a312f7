import { describe, expect, it } from "vitest";
import { canonicalJson, canonicalJsonPieces } from "../../src/model/canonical-json.js";

// canonicalJson writes a value whose keys are already in order as it is, without a sorted copy
// (a rule finding's are). Whatever the value, its text must be that of the sorted copy: here a
// reference written apart, on values in order and out of it, and on the cases where writing the
// value as it is would differ (array-index keys, toJSON).

function reference(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reference);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = reference(v);
    }
    return out;
  }
  return value;
}

class InOrder {
  declare a: string;
  declare b?: string;
  declare c: string[];
  constructor(b?: string) {
    this.a = "first";
    if (b !== undefined) this.b = b;
    this.c = ["x", "y"];
  }
}

const VALUES: Record<string, unknown> = {
  "keys in order": { a: 1, b: { c: [1, 2, { d: "e", f: null }] } },
  "keys out of order": { b: 1, a: { z: 2, y: [{ q: 1, p: 2 }] } },
  "out of order only deep down": { a: 1, b: [{ x: 1 }, { y: 1, x: 2 }] },
  "a class instance with its keys in order": [new InOrder("second"), new InOrder()],
  "undefined and function values": { a: undefined, b: () => 1, c: [undefined, 2] },
  "array-index keys, in order as strings": { "1": "one", "10": "ten", "2": "two", x: 1 },
  "a Date, whose copy has no keys": { at: new Date(0), list: [new Date(1000)] },
  "an object with toJSON": { a: { toJSON: () => "mine", b: 1 } },
  "empty containers and scalars": { a: {}, b: [], c: "", d: 0, e: false },
  "equal keys are impossible, prefixes are not": { a: 1, aa: 2, ab: { b: 1, ba: 2 } },
};

describe("canonicalJson", () => {
  for (const [what, value] of Object.entries(VALUES)) {
    it(`writes the sorted copy's text: ${what}`, () => {
      expect(canonicalJson(value)).toBe(JSON.stringify(reference(value), null, 2));
      expect(canonicalJson(value, 0)).toBe(JSON.stringify(reference(value)));
      expect([...canonicalJsonPieces({ list: [value, value] })].join("")).toBe(JSON.stringify(reference({ list: [value, value] }), null, 2));
    });
  }

  it("indents by 10 at most, as JSON.stringify does, at the split levels as below them", () => {
    const value = { a: [{ b: 1, c: ["x"] }], d: { e: 2 } };
    for (const indent of [11, 40]) {
      expect([...canonicalJsonPieces(value, indent, 2)].join("")).toBe(JSON.stringify(reference(value), null, 10));
      expect(canonicalJson(value, indent)).toBe(JSON.stringify(reference(value), null, 10));
    }
  });

  it("sorts what is out of order (the reference is not the value as it is)", () => {
    expect(canonicalJson({ b: 1, a: 2 }, 0)).toBe('{"a":2,"b":1}');
    expect(canonicalJson({ at: new Date(0) }, 0)).toBe('{"at":{}}');
  });
});
