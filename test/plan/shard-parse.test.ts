// A file given to `plan merge` that is not JSON is refused without echoing its contents (a shard
// path can point at anything: a .env file, a page of HTML).
import { describe, expect, it } from "vitest";
import { parseShard } from "../../src/plan/shard.js";

describe("parseShard", () => {
  it("refuses text that is not JSON and says where it stopped, never what it read", () => {
    expect(() => parseShard("bad.json", "hello <script>\n")).toThrow(/^bad\.json: not valid JSON$/);
    expect(() => parseShard("env.json", '{"AWS_SECRET": x}')).toThrow(/^env\.json: not valid JSON( at line 1 column \d+)?$/);
    expect(() => parseShard("env.json", '{"AWS_SECRET": x}')).not.toThrow(/AWS_SECRET/);
  });
});
