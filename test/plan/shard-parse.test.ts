// A file given to `plan merge` that is not JSON is refused without echoing its contents (a shard
// path can point at anything: a .env file, a page of HTML).
import { describe, expect, it } from "vitest";
import { attributeOrderOf, parseShard, SHARD_FORMAT_VERSION, shardText, type ShardFile } from "../../src/plan/shard.js";

/** A shard's file as plan --target writes it, sealed. */
const sealed = (shard: object) => shardText(shard as ShardFile);

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
  const shard = (extra: object) => sealed({ kind: "scopesync-plan-shard", formatVersion: SHARD_FORMAT_VERSION, identities: "sha256:x", now: "2026-01-01T00:00:00.000Z", part, after: {}, ...extra });

  it("a shard of an older format is refused, saying what it lacks", () => {
    expect(() => parseShard("old.json", shard({ formatVersion: 1 }))).toThrow("old.json: plan shard format 1, this scopesync reads format 4 (format 1 was planned without the apply journal)");
    expect(() => parseShard("old.json", shard({ formatVersion: 2 }))).toThrow("old.json: plan shard format 2, this scopesync reads format 4 (format 2 carried no fingerprint, so an edited or cut-short shard could not be told)");
    expect(() => parseShard("old.json", shard({ formatVersion: 3 }))).toThrow("old.json: plan shard format 3, this scopesync reads format 4 (format 3 was one line of JSON, which no shard longer than a string could be)");
    expect(() => parseShard("odd.json", shard({ formatVersion: undefined }))).toThrow("odd.json: a plan shard without a formatVersion, this scopesync reads format 4");
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
    const back = parseShard("s.json", sealed(shard));
    if (!("part" in back)) throw new Error("a target's shard read back as a removed target's");
    expect(back.part.changes.map((c) => Object.keys(c.attributes ?? {}))).toEqual([["title", "department", "externalId"], ["department", "title"]]);
  });
});

describe("a removed target's shard", () => {
  const cancels = { rule: "pr-cancels-revocations", severity: "warning", target: "erp", message: "this pull request cancels 1 revocation that main's desired state makes on erp (…): disable-account milton.waddams (…)", remediation: "apply main's plan for erp first" };
  const shard = (removed: object, extra: object = {}) => sealed({ kind: "scopesync-plan-shard", formatVersion: SHARD_FORMAT_VERSION, identities: "sha256:x", now: "2026-01-01T00:00:00.000Z", base: "main", removed, ...extra });

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

// rv114: a shard travels between jobs as an artifact; one edited on the way changed the merged plan
// unseen (a change left out, an action apply then refused, another target's changes), since the
// merge took whatever the file held. It is sealed now, as the identities snapshot is.
describe("a shard's seal", () => {
  const change = { id: "0123456789abcdef", target: "crm", action: "disable-account", identity: "ada", privileged: false, origin: "source", reason: "left", evidence: [] };
  const part = { target: "crm", changes: [change], findings: [], unaccounted: [], limits: { blockedReasons: [], overrides: [] }, state: { accounts: 1, readFrom: "x" } };
  const text = sealed({ kind: "scopesync-plan-shard", formatVersion: SHARD_FORMAT_VERSION, identities: "sha256:x", now: "2026-01-01T00:00:00.000Z", part, after: {} });
  const damaged = /^crm\.json: its content does not match its fingerprint \(sha256:[0-9a-f]{64}\); the shard is damaged, cut short or was edited$/;

  it("is read back as written, and after its line ending was changed", () => {
    expect(text).toMatch(/^\{"after":\{\}\n,"formatVersion":4\n,"identities":/);
    expect(text).toMatch(/\n,"part":\{"changes":\[\{"action":"disable-account",[^\n]*\}\n\]\n/);
    expect(text).toMatch(/\n,"fingerprint":"sha256:[0-9a-f]{64}"\n\}\n$/);
    expect(parseShard("crm.json", text)).toMatchObject({ part: { target: "crm", changes: [change] } });
    expect(parseShard("crm.json", text.replace(/\n$/, "\r\n"))).toMatchObject({ part: { target: "crm" } });
    expect(parseShard("crm.json", text.replace(/\n$/, ""))).toMatchObject({ part: { target: "crm" } });
    // Every line end CRLF (git's autocrlf, an editor), or white space after the last brace (rv122 f224).
    expect(parseShard("crm.json", text.replaceAll("\n", "\r\n"))).toMatchObject({ part: { target: "crm", changes: [change] } });
    expect(parseShard("crm.json", `${text}\n  `)).toMatchObject({ part: { target: "crm" } });
    expect(() => parseShard("crm.json", text.replaceAll("\n", "\r\n").replace('"disable-account"', '"delete-account"'))).toThrow(damaged);
  });

  it("refuses a shard whose content was edited: another action, a change left out, another target", () => {
    expect(() => parseShard("crm.json", text.replace('"disable-account"', '"delete-account"'))).toThrow(damaged);
    expect(() => parseShard("crm.json", text.replace(/"changes":\[[^]*?\n\]/, '"changes":[]'))).toThrow(damaged);
    expect(() => parseShard("crm.json", text.replaceAll('"target":"crm"', '"target":"github"'))).toThrow(damaged);
    expect(() => parseShard("crm.json", text.replace(/\n,"fingerprint":"sha256:[0-9a-f]{64}"/, ""))).toThrow("crm.json: it carries no fingerprint where scopesync writes one; the shard is damaged, cut short or was edited");
    // Cut short: the bytes end before the seal, whatever JSON is left.
    expect(() => parseShard("crm.json", text.slice(0, text.indexOf('"fingerprint"')))).toThrow(/^crm\.json: /);
  });

  it("refuses, sealed or not, a change for another target or with an action scopesync has not", () => {
    const other = sealed({ kind: "scopesync-plan-shard", formatVersion: SHARD_FORMAT_VERSION, identities: "sha256:x", now: "2026-01-01T00:00:00.000Z", part: { ...part, changes: [{ ...change, target: "github" }] }, after: {} });
    expect(() => parseShard("crm.json", other)).toThrow('crm.json: damaged plan shard: a change in the part of target "crm" is for target "github"');
    const teleport = sealed({ kind: "scopesync-plan-shard", formatVersion: SHARD_FORMAT_VERSION, identities: "sha256:x", now: "2026-01-01T00:00:00.000Z", part: { ...part, changes: [{ ...change, action: "teleport" }] }, after: {} });
    expect(() => parseShard("crm.json", teleport)).toThrow('crm.json: damaged plan shard: a change in the part of target "crm" has action "teleport"');
  });
});
