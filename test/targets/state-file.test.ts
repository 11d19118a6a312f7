import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readStateFile } from "../../src/targets/state-file.js";

// Accounts already in TargetAccount's shape are kept as JSON.parse made them; any other is copied
// into that shape. Either way a read gives the same accounts, fields in the same order (the file
// target writes them back as they are).
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function read(accounts: unknown[]): unknown[] {
  dir = mkdtempSync(join(tmpdir(), "scopesync-state-"));
  writeFileSync(join(dir, "app.json"), JSON.stringify({ formatVersion: 1, accounts, credentials: [] }));
  return readStateFile(dir, "app.json", "app").accounts;
}

describe("state file accounts", () => {
  it("keep TargetAccount's fields and order, whatever the file's order and extra fields", () => {
    const canonical = { id: "a1", login: "ada", externalId: "hr:W1", active: true, attributes: { title: "x" }, entitlements: ["team:a", "team:b"], disabledAt: "2026-01-01" };
    const accounts = read([
      canonical,
      { id: "a2", login: "alan", active: false, attributes: {}, entitlements: [] },
      { login: "grace", id: "a3", active: true, entitlements: ["team:a"], attributes: {} },
      { id: "a4", login: "linus", externalId: null, active: true, attributes: {}, entitlements: ["team:a"], note: "extra" },
      { id: "a5", login: "ken", active: true, disabledAt: 7, attributes: null, entitlements: [1] },
      { id: "a6", login: "dmr", active: true },
    ]);
    expect(accounts.map((a) => JSON.stringify(a))).toEqual([
      JSON.stringify(canonical),
      '{"id":"a2","login":"alan","active":false,"attributes":{},"entitlements":[]}',
      '{"id":"a3","login":"grace","active":true,"attributes":{},"entitlements":["team:a"]}',
      '{"id":"a4","login":"linus","active":true,"attributes":{},"entitlements":["team:a"]}',
      '{"id":"a5","login":"ken","active":true,"attributes":{},"entitlements":["1"]}',
      '{"id":"a6","login":"dmr","active":true,"attributes":{},"entitlements":[]}',
    ]);
  });
});
