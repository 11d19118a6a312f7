// A file given to `plan merge` that is not JSON is refused without echoing its contents (a shard
// path can point at anything: a .env file, a page of HTML).
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/model/canonical-json.js";
import { attributeOrderOf, parseShard } from "../../src/plan/shard.js";

describe("parseShard", () => {
  it("refuses text that is not JSON and says where it stopped, never what it read", () => {
    expect(() => parseShard("bad.json", "hello <script>\n")).toThrow(/^bad\.json: not valid JSON$/);
    expect(() => parseShard("env.json", '{"AWS_SECRET": x}')).toThrow(/^env\.json: not valid JSON( at line 1 column \d+)?$/);
    expect(() => parseShard("env.json", '{"AWS_SECRET": x}')).not.toThrow(/AWS_SECRET/);
  });
});

describe("a shard's attribute order", () => {
  it("survives canonical JSON, which sorts every object's keys", () => {
    const change = { id: "c1", target: "local", action: "update-account", identity: "ada", privileged: false, origin: "source", reason: "r", evidence: [], attributes: { title: { from: "a", to: "b" }, department: { from: "c", to: "d" }, externalId: { from: null, to: "hr:1" } } };
    const sorted = { ...change, id: "c2", attributes: { department: { from: "c", to: "d" }, title: { from: "a", to: "b" } } };
    const changes = [change, sorted] as never[];
    const order = attributeOrderOf(changes);
    expect(order).toEqual({ "0": ["title", "department", "externalId"] });
    const shard = { kind: "scopesync-plan-shard", formatVersion: 1, identities: "sha256:x", now: "2026-01-01T00:00:00.000Z", part: { target: "local", changes, findings: [], unaccounted: [], limits: { blockedReasons: [], overrides: [] }, state: { accounts: 0, readFrom: "x" } }, after: {}, attributeOrder: order };
    const back = parseShard("s.json", canonicalJson(shard, 0));
    expect(back.part.changes.map((c) => Object.keys(c.attributes ?? {}))).toEqual([["title", "department", "externalId"], ["department", "title"]]);
  });
});
