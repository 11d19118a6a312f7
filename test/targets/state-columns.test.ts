import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { columnsOf, stateFromColumns } from "../../src/targets/state-columns.js";
import { readStateFile } from "../../src/targets/state-file.js";
import type { TargetAccount, TargetState } from "../../src/model/target-state.js";

// The planning thread gets a state file's accounts back from columns (state-columns.ts) where it
// used to get them from readStateFile: the same accounts, field for field, in the same order, with
// equal entitlement lists shared and frozen, whatever the file holds.

function readFrom(content: unknown): TargetState {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-columns-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "app.json"), typeof content === "string" ? content : JSON.stringify(content));
  return readStateFile(dir, "app.json", "app");
}

/** The state as the planner would now get it: through columns, and through the bytes a thread hands over. */
function roundTrip(state: TargetState): TargetState {
  const c = columnsOf(state);
  return stateFromColumns(structuredClone(c, { transfer: [c.text, c.starts.buffer as ArrayBuffer, c.fields.buffer as ArrayBuffer] }));
}

function expectSame(state: TargetState): TargetState {
  const back = roundTrip(state);
  // As JSON (fields in order) and as the planner reads them, field by field.
  expect(JSON.stringify(back)).toBe(JSON.stringify(state));
  const fields = (a: TargetAccount): unknown[] => [a.id, a.login, a.externalId, a.active, a.attributes, Object.keys(a.attributes ?? {}), a.entitlements, a.disabledAt];
  expect(back.accounts.map(fields)).toEqual(state.accounts.map(fields));
  for (const a of back.accounts) expect(Object.isFrozen(a.entitlements)).toBe(true);
  return back;
}

describe("state columns", () => {
  it("give back the bundled example's states exactly", () => {
    const dir = join(__dirname, "../../examples/state");
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const state = readStateFile(dir, file, file.replace(/\.json$/, ""));
      expect(state.accounts.length).toBeGreaterThan(0);
      expectSame(state);
    }
  });

  it("give back every kind of account: absent and present optional fields, empty strings, other scripts, lone surrogates, escapes", () => {
    const state = readFrom({
      formatVersion: 1,
      readAt: "2026-11-26T06:00:00Z",
      accounts: [
        { id: "a1", login: "ada", externalId: "hr:W1", active: true, attributes: { title: "Engineer", email: "ada@example.com" }, entitlements: ["team:a", "team:b"], disabledAt: "2026-01-01T00:00:00Z" },
        { id: "a2", login: "", active: false, attributes: {}, entitlements: [] },
        { id: "a3", login: "wang.lei", externalId: "", active: true, attributes: { displayName: "王磊", note: "tab\there \"quoted\" \\ \u2028" }, entitlements: ["team:a", "team:b"] },
        { id: "a4", login: "emoji", active: true, attributes: { displayName: "😀 Émile", broken: "\ud800 alone" }, entitlements: ["team:😀"] },
        { id: "a5", login: "digits", active: true, attributes: { "2": "two", "10": "ten", b: "bee" }, entitlements: ["team:a"] },
      ],
      credentials: [{ id: "k1", account: "a1", type: "deploy-key" }],
      groups: [{ entitlement: "team:a", holds: ["repo:infra:write"] }],
    });
    const back = expectSame(state);
    expect(back.accounts[3]!.attributes.broken).toBe("\ud800 alone");
    expect(back.accounts[2]!.attributes.displayName).toBe("王磊");
    expect(back.accounts[0]!.entitlements).toBe(back.accounts[2]!.entitlements);
    expect(back.credentials).toEqual(state.credentials);
    expect(back.groups).toEqual(state.groups);
  });

  it("keep, as JSON, accounts the columns cannot hold: a value that is not a string, an attribute named __proto__, attributes that are not an object", () => {
    const state = readFrom(
      '{"formatVersion":1,"accounts":[' +
        '{"id":"a1","login":"ada","active":true,"attributes":{"level":3,"tags":["x"],"ok":true},"entitlements":["team:a"]},' +
        '{"id":"a2","login":"alan","active":true,"attributes":{"__proto__":"not a prototype","title":"x"},"entitlements":["team:a"]},' +
        '{"id":"a3","login":"grace","active":true,"attributes":"a string","entitlements":[]},' +
        '{"id":"a4","login":"ken","active":true,"attributes":{"title":"y"},"entitlements":["team:a"]}' +
        '],"credentials":[]}',
    );
    const c = columnsOf(state);
    expect(c.irregular.map(([k]) => k)).toEqual([0, 1, 2]);
    const back = expectSame(state);
    expect(Object.getPrototypeOf(back.accounts[1]!.attributes)).toBe(Object.prototype);
    expect(Object.keys(back.accounts[1]!.attributes)).toEqual(["__proto__", "title"]);
  });

  it("share an attribute's values until it shows more than a thousand, and keep every later value in the text", () => {
    const accounts = Array.from({ length: 2500 }, (_, k) => ({ id: `a${k}`, login: `user${k}`, externalId: `hr:W${k}`, active: k % 7 !== 0, attributes: { email: `user${k}@example.com`, department: `dept-${k % 13}` }, entitlements: [`group:dept-${k % 13}`] }));
    const state = readFrom({ formatVersion: 1, accounts, credentials: [] });
    const c = columnsOf(state);
    expect(c.values.filter((v) => v.startsWith("dept-")).length).toBe(13);
    expect(c.values.filter((v) => v.endsWith("@example.com")).length).toBe(1000);
    expect(c.encoding).toBe("latin1");
    expect(c.lists.length).toBe(13);
    const back = expectSame(state);
    expect(back.accounts[2499]!.attributes.email).toBe("user2499@example.com");
  });

  it("tell apart attribute names that one separator would run together", () => {
    for (const order of [0, 1]) {
      const accounts = [
        { id: "a1", login: "ada", active: true, attributes: { a: "1", b: "2" }, entitlements: [] },
        { id: "a2", login: "alan", active: true, attributes: { "a\nb": "x" }, entitlements: [] },
        { id: "a3", login: "grace", active: true, attributes: { "1:a1:b": "y" }, entitlements: [] },
      ];
      const back = expectSame(readFrom({ formatVersion: 1, accounts: order ? accounts.reverse() : accounts, credentials: [] }));
      expect(back.accounts.map((a) => Object.keys(a.attributes).length).sort()).toEqual([1, 1, 2]);
    }
  });

  it("carry values JSON could not (1e999 is Infinity, -0) in accounts the columns cannot hold", () => {
    const state = readFrom('{"formatVersion":1,"accounts":[{"id":"a1","login":"ada","active":true,"attributes":{"x":1e999,"y":-0},"entitlements":["team:a"]}],"credentials":[]}');
    const back = roundTrip(state);
    expect(back.accounts[0]!.attributes.x).toBe(Infinity);
    expect(Object.is(back.accounts[0]!.attributes.y, -0)).toBe(true);
    expect(Object.isFrozen(back.accounts[0]!.entitlements)).toBe(true);
  });

  it("hold exactly as many accounts as their first tables do (1,024), and one more", () => {
    for (const n of [1024, 1025]) {
      const accounts = Array.from({ length: n }, (_, k) => ({ id: `a${k}`, login: `user${k}`, active: true, attributes: {}, entitlements: [] }));
      const back = expectSame(readFrom({ formatVersion: 1, accounts, credentials: [] }));
      expect(back.accounts[n - 1]!.login).toBe(`user${n - 1}`);
    }
  });
});
