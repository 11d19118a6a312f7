// A file given to `plan merge` that is not JSON is refused without echoing its contents (a shard
// path can point at anything: a .env file, a page of HTML).
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/model/canonical-json.js";
import { attributeOrderOf, parseShard, SHARD_FORMAT_VERSION } from "../../src/plan/shard.js";

describe("parseShard", () => {
  it("refuses text that is not JSON and says where it stopped, never what it read", () => {
    expect(() => parseShard("bad.json", "hello <script>\n")).toThrow(/^bad\.json: not valid JSON$/);
    expect(() => parseShard("env.json", '{"AWS_SECRET": x}')).toThrow(/^env\.json: not valid JSON( at line 1 column \d+)?$/);
    expect(() => parseShard("env.json", '{"AWS_SECRET": x}')).not.toThrow(/AWS_SECRET/);
  });
});

// f108: a format-1 shard was planned without the apply journal; merged beside today's it would mix
// plans that decided returns, undone offboardings and used-up overrides differently.
describe("a shard's format and journal", () => {
  const part = { target: "local", changes: [], findings: [], unaccounted: [], limits: { blockedReasons: [], overrides: [] }, state: { accounts: 0, readFrom: "x" } };
  const shard = (extra: object) => JSON.stringify({ kind: "scopesync-plan-shard", formatVersion: SHARD_FORMAT_VERSION, identities: "sha256:x", now: "2026-01-01T00:00:00.000Z", part, after: {}, ...extra });

  it("a format-1 shard is refused, saying it read no journal", () => {
    expect(() => parseShard("old.json", shard({ formatVersion: 1 }))).toThrow("old.json: plan shard format 1, this scopesync reads format 2 (format 1 was planned without the apply journal)");
  });

  it("reads back the journal it was planned with, and refuses one that is not { from, digest }", () => {
    const journal = { from: ".scopesync/journal.jsonl", digest: `sha256:${"a".repeat(64)}` };
    expect(parseShard("s.json", shard({ journal }))).toMatchObject({ journal });
    for (const bad of ["x", null, { from: ".scopesync/journal.jsonl" }, { digest: 1, from: "j" }]) expect(() => parseShard("s.json", shard({ journal: bad }))).toThrow("s.json: damaged plan shard (its journal is not { from, digest })");
  });
});

describe("a shard's attribute order", () => {
  it("survives canonical JSON, which sorts every object's keys", () => {
    const change = { id: "c1", target: "local", action: "update-account", identity: "ada", privileged: false, origin: "source", reason: "r", evidence: [], attributes: { title: { from: "a", to: "b" }, department: { from: "c", to: "d" }, externalId: { from: null, to: "hr:1" } } };
    const sorted = { ...change, id: "c2", attributes: { department: { from: "c", to: "d" }, title: { from: "a", to: "b" } } };
    const changes = [change, sorted] as never[];
    const order = attributeOrderOf(changes);
    expect(order).toEqual({ "0": ["title", "department", "externalId"] });
    const shard = { kind: "scopesync-plan-shard", formatVersion: SHARD_FORMAT_VERSION, identities: "sha256:x", now: "2026-01-01T00:00:00.000Z", part: { target: "local", changes, findings: [], unaccounted: [], limits: { blockedReasons: [], overrides: [] }, state: { accounts: 0, readFrom: "x" } }, after: {}, attributeOrder: order };
    const back = parseShard("s.json", canonicalJson(shard, 0));
    if (!("part" in back)) throw new Error("a target's shard read back as a removed target's");
    expect(back.part.changes.map((c) => Object.keys(c.attributes ?? {}))).toEqual([["title", "department", "externalId"], ["department", "title"]]);
  });
});

describe("a removed target's shard", () => {
  const cancels = { rule: "pr-cancels-revocations", severity: "warning", target: "erp", message: "this pull request cancels 1 revocation that main's desired state makes on erp (…): disable-account milton.waddams (…)", remediation: "apply main's plan for erp first" };
  const shard = (removed: object, extra: object = {}) => canonicalJson({ kind: "scopesync-plan-shard", formatVersion: SHARD_FORMAT_VERSION, identities: "sha256:x", now: "2026-01-01T00:00:00.000Z", base: "main", removed, ...extra }, 0);

  it("is read back with its target and its pr-cancels-revocations warning", () => {
    expect(parseShard("erp.json", shard({ target: "erp", findings: [cancels] }))).toMatchObject({ base: "main", removed: { target: "erp", findings: [cancels] } });
  });

  it("is refused when it carries anything else: its findings join the plan after the steps that block on errors", () => {
    expect(() => parseShard("erp.json", shard({ target: "erp", findings: [{ ...cancels, rule: "leaver-access", severity: "error" }] }))).toThrow('erp.json: the shard of removed target "erp" holds a finding other than its pr-cancels-revocations warning');
    expect(() => parseShard("erp.json", shard({ target: "erp", findings: [{ ...cancels, target: "wiki" }] }))).toThrow("holds a finding other than");
    expect(() => parseShard("erp.json", shard({ target: "erp", findings: [] }, { part: { target: "erp", changes: [] } }))).toThrow("erp.json: incomplete plan shard of a removed target");
    expect(() => parseShard("erp.json", shard({ target: "erp" }))).toThrow("incomplete plan shard of a removed target");
  });
});
