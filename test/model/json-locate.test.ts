import { describe, expect, it } from "vitest";
import { jsonValueOffset } from "../../src/model/json-locate.js";

// Where a value of a JSON text starts, found again by its path after JSON.parse accepted the text
// (it keeps no positions): what a state file's shape errors are reported at.
describe("jsonValueOffset", () => {
  const at = (text: string, path: Array<string | number>): string => text.slice(jsonValueOffset(text, path));

  it("walks keys and list indexes past strings that hold brackets, quotes, escapes and commas", () => {
    const text = '{ "a": "x]}\\",{[", "b" : [ {"c": 1}, { "d": [1, {"e": "}"}], "f" : null } ], "g": -2.5e3 }';
    expect(at(text, ["b", 1, "f"])).toMatch(/^null/);
    expect(at(text, ["b", 1, "d", 1, "e"])).toMatch(/^"\}"/);
    expect(at(text, ["g"])).toMatch(/^-2\.5e3/);
    expect(at(text, [])).toBe(text);
  });

  it("takes a key written twice where JSON.parse takes it from, its last occurrence", () => {
    const text = '{"account": "1", "account": 2}';
    expect(JSON.parse(text)).toEqual({ account: 2 });
    expect(at(text, ["account"])).toBe("2}");
  });

  it("stops at the deepest value on the way when the path goes further than the text (a key that is missing)", () => {
    const text = '{"credentials": [\n  {"id": "k1"}\n]}';
    expect(at(text, ["credentials", 0, "account"])).toBe('{"id": "k1"}\n]}');
    expect(at(text, ["credentials", 5])).toBe('[\n  {"id": "k1"}\n]}');
    expect(at(text, ["accounts"])).toBe(text);
  });

  it("finds a key written with escapes as JSON.parse reads it", () => {
    const text = '{"acc\\u006funt": 7, "é": [true]}';
    expect(at(text, ["account"])).toBe('7, "é": [true]}');
    expect(at(text, ["é", 0])).toBe("true]}");
  });
});
