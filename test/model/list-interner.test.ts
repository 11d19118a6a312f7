import { describe, expect, it } from "vitest";
import { listInterner } from "../../src/model/list-interner.js";

describe("listInterner", () => {
  it("gives one frozen list for equal lists, and another for a different order or length", () => {
    const intern = listInterner();
    const a = intern(["group:everyone", "group:dept-sales"]);
    const b = intern(JSON.parse('["group:everyone","group:dept-sales"]'));
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(intern(["group:dept-sales", "group:everyone"])).not.toBe(a);
    expect(intern(["group:everyone"])).not.toBe(a);
    expect(intern(["group:everyone"])).toEqual(["group:everyone"]);
    expect(intern(["group:everyone", "group:dept-sales", "x"])).toEqual(["group:everyone", "group:dept-sales", "x"]);
  });

  it("takes every value as a string, so 1 and \"1\" are one list", () => {
    const intern = listInterner();
    expect(intern([1, "b"])).toBe(intern(["1", "b"]));
    expect(intern([1, "b"])).toEqual(["1", "b"]);
  });

  it("shares one empty list, which nobody can fill", () => {
    const intern = listInterner();
    const empty = intern([]);
    expect(intern([])).toBe(empty);
    expect(() => (empty as string[]).push("team:x")).toThrow(TypeError);
  });

  it("past its limit keeps new lists as given (still frozen, strings shared) and still finds the ones it has", () => {
    const intern = listInterner(2);
    const first = intern(["a"]);
    intern(["b"]);
    const third = intern(["c"]);
    expect(intern(["c"])).not.toBe(third);
    expect(intern(["c"])).toEqual(["c"]);
    expect(Object.isFrozen(third)).toBe(true);
    expect(intern(["a"])).toBe(first);
  });
});
