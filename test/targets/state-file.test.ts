import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseStateText, readStateFile } from "../../src/targets/state-file.js";
import { readStateColumns } from "../../src/targets/state-stream.js";
import { createFileConnector } from "../../src/targets/file/index.js";
import type { Change } from "../../src/model/change.js";

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
      { id: "a5", login: "ken", active: true, disabledAt: null, attributes: null, entitlements: [1] },
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

  it("share one frozen entitlement list between accounts that hold the same, which the file target never changes in place", async () => {
    const accounts = read([
      { id: "a1", login: "ada", active: true, attributes: {}, entitlements: ["group:everyone", "group:sales"] },
      { id: "a2", login: "alan", active: true, attributes: {}, entitlements: ["group:everyone", "group:sales"] },
      { id: "a3", login: "grace", active: true, attributes: {}, entitlements: ["group:sales", "group:everyone"] },
    ]) as { entitlements: readonly string[] }[];
    expect(accounts[1]!.entitlements).toBe(accounts[0]!.entitlements);
    expect(accounts[2]!.entitlements).not.toBe(accounts[0]!.entitlements);
    expect(Object.isFrozen(accounts[0]!.entitlements)).toBe(true);

    const file = createFileConnector({ type: "file", path: "app.json" }, { name: "app", repoDir: dir!, env: {} });
    const grant = { action: "grant", target: "app", identity: "ada", account: "a1", entitlement: "team:core" } as unknown as Change;
    const revoke = { action: "revoke", target: "app", identity: "alan", account: "a2", entitlement: "group:sales" } as unknown as Change;
    await file.apply(grant);
    await file.apply(revoke);
    const written = JSON.parse(readFileSync(join(dir!, "app.json"), "utf8")) as { accounts: { login: string; entitlements: string[] }[] };
    expect(Object.fromEntries(written.accounts.map((a) => [a.login, a.entitlements]))).toEqual({
      ada: ["group:everyone", "group:sales", "team:core"],
      alan: ["group:everyone"],
      grace: ["group:sales", "group:everyone"],
    });
  });
});

describe("state file readAt", () => {
  function readAt(value: unknown): string {
    dir = mkdtempSync(join(tmpdir(), "scopesync-state-"));
    writeFileSync(join(dir, "app.json"), JSON.stringify({ formatVersion: 1, ...(value === undefined ? {} : { readAt: value }), accounts: [], credentials: [] }));
    return readStateFile(dir, "app.json", "app").readAt;
  }

  it("is kept when it is a date, and unknown (empty) when absent or empty", () => {
    expect(readAt("2026-11-26T06:10:00Z")).toBe("2026-11-26T06:10:00Z");
    expect(readAt(undefined)).toBe("");
    expect(readAt("")).toBe("");
  });

  // Plans say how old a state is from readAt: one Date cannot read gave "state NaN d old".
  it("refuses a leap second (23:59:60), saying what to write instead", () => {
    expect(() => readAt("2026-11-26T23:59:60Z")).toThrow(
      expect.objectContaining({
        message: 'target "app": app.json:1:29: readAt "2026-11-26T23:59:60Z" is not a date: second 60 is a leap second, which scopesync does not accept (JavaScript dates cannot hold one)',
        hint: "write 2026-11-26T23:59:59Z, or the next minute, 2026-11-27T00:00:00Z",
      }),
    );
  });

  it("refuses any other value that is not a date", () => {
    for (const value of ["yesterday", "2026-11-26T24:00:00Z", 1764137400000]) {
      expect(() => readAt(value), String(value)).toThrow(`target "app": app.json:1:29: readAt ${JSON.stringify(value)} is not a date`);
    }
  });
});

// disabledAt decides when a leaver's account is deleted (deleteGracePeriod), and createdAt and
// lastUsedAt when an unused credential is revoked (credentials.revokeUnusedAfter). They were taken
// as any string and read with Date.parse: "2026-10-31T20:00:00" (no zone) in the runner's LOCAL
// time, so whether the delete was planned depended on TZ, and "31/10/2026" as NaN, which dropped
// the delete with no finding. Each is refused now, as readAt is, whole file or account by account.
describe("state file dates", () => {
  function stateText(account: Record<string, unknown>, credential?: Record<string, unknown>): string {
    return JSON.stringify({ formatVersion: 1, readAt: "2026-11-30T11:00:00Z", accounts: [{ id: "1", login: "ada", active: true, attributes: {}, entitlements: [] }, { id: "2", login: "sam.roe", externalId: "hr:E101", active: false, attributes: {}, entitlements: [], ...account }], credentials: credential ? [{ id: "k1", account: "2", type: "access-key", ...credential }] : [] }, null, 2);
  }
  function refusal(text: string): string {
    const errors: string[] = [];
    for (const read of [() => parseStateText(text, "state/local.json", "local"), () => readStateColumns(Buffer.from(text), "state/local.json", "local")]) {
      try {
        read();
        errors.push("read");
      } catch (e) {
        errors.push(`${(e as Error).message} | ${(e as { hint?: string }).hint}`);
      }
    }
    expect(errors[1]).toBe(errors[0]);
    return errors[0]!;
  }

  it("keep a disabledAt that is a date, and take null for none", () => {
    for (const value of ["2026-10-31T20:00:00Z", "2026-10-31T20:00:00.123+13:00", "2026-10-31"]) {
      expect(parseStateText(stateText({ disabledAt: value }), "state/local.json", "local").accounts[1]!.disabledAt).toBe(value);
    }
    expect(parseStateText(stateText({ disabledAt: null }), "state/local.json", "local").accounts[1]).not.toHaveProperty("disabledAt");
  });

  it("refuse a disabledAt without a zone, in a locale's form or not a string, naming the account and the fix", () => {
    for (const value of ["2026-10-31T20:00:00", "31/10/2026", "2026-10-31 20:00", "", 1793476800000]) {
      expect(refusal(stateText({ disabledAt: value })), String(value)).toBe(
        `target "local": state/local.json:19:21: accounts[1] (sam.roe) disabledAt ${JSON.stringify(value)} is not a date (expected an RFC 3339 date-time with a zone, or YYYY-MM-DD) | write disabledAt as an RFC 3339 date-time with a zone such as 2026-10-31T20:00:00Z (without one it names a different instant in each time zone), or remove it: the account is then not deleted, and the plan says so (delete-grace-unknown)`,
      );
    }
  });

  it("refuse a leap second in disabledAt with the values to write instead", () => {
    expect(refusal(stateText({ disabledAt: "2026-10-31T23:59:60Z" }))).toBe(
      'target "local": state/local.json:19:21: accounts[1] (sam.roe) disabledAt "2026-10-31T23:59:60Z" is not a date: second 60 is a leap second, which scopesync does not accept (JavaScript dates cannot hold one) | write 2026-10-31T23:59:59Z, or the next minute, 2026-11-01T00:00:00Z',
    );
  });

  it("refuse a credential's createdAt or lastUsedAt that is not a date", () => {
    expect(refusal(stateText({}, { createdAt: "2026-01-05T10:00:00", recordsUse: true }))).toMatch(/^target "local": state\/local.json:26:20: credentials\[0\] \(k1\) createdAt "2026-01-05T10:00:00" is not a date /);
    expect(refusal(stateText({}, { createdAt: "2026-01-05T10:00:00Z", lastUsedAt: "05/03/2026", recordsUse: true }))).toMatch(/^target "local": state\/local.json:27:21: credentials\[0\] \(k1\) lastUsedAt "05\/03\/2026" is not a date /);
    expect(refusal(stateText({}, { createdAt: "2026-01-05T10:00:00Z", lastUsedAt: null }))).toBe("read");
  });
});

describe("state file shape", () => {
  it.each([
    ["[]", 'target "app": app.json:1:1: expected a JSON object, not a list'],
    ["null", 'target "app": app.json:1:1: expected a JSON object, not null'],
    ["42", 'target "app": app.json:1:1: expected a JSON object, not a number'],
    ['{"accounts":[]}', 'target "app": app.json:1:1: formatVersion is missing, expected 1'],
    ['{"formatVersion":2,"accounts":[]}', 'target "app": app.json:1:18: formatVersion is 2, expected 1'],
  ])("%s is refused saying what it is", (text, message) => {
    dir = mkdtempSync(join(tmpdir(), "scopesync-state-"));
    writeFileSync(join(dir, "app.json"), text);
    expect(() => readStateFile(dir!, "app.json", "app")).toThrow(message);
  });
});

// A child team's members have its parent's access (github/docs about-teams.md: "Child teams inherit
// the parent's access permissions"); the planner counts it, so the state keeps the parent.
describe("state file groups", () => {
  function groups(value: unknown): unknown {
    dir = mkdtempSync(join(tmpdir(), "scopesync-state-"));
    writeFileSync(join(dir, "app.json"), JSON.stringify({ formatVersion: 1, accounts: [], credentials: [], groups: value }));
    return readStateFile(dir, "app.json", "app").groups;
  }

  it("keep a group's parent, and none where the file names none", () => {
    expect(groups([{ entitlement: "team:oncall", holds: [], parent: "team:platform" }, { entitlement: "team:platform", holds: ["repo:infra:admin"] }])).toEqual([
      { entitlement: "team:oncall", holds: [], parent: "team:platform" },
      { entitlement: "team:platform", holds: ["repo:infra:admin"] },
    ]);
  });

  it("refuse a parent that is not a group's name, saying where, rather than drop it", () => {
    expect(() => groups([{ entitlement: "team:oncall", holds: [], parent: { slug: "platform" } }])).toThrow(/app\.json:1:\d+: groups\[0\]\.parent must be the parent group's entitlement/);
  });
});

// Which attributes the app compares with case (a SCIM app's /Schemas): the plan's comparison turns
// on it, so a malformed one is refused where it is, never dropped (that would compare without case).
describe("state file attributeCaseExact", () => {
  function caseExact(value: unknown): unknown {
    dir = mkdtempSync(join(tmpdir(), "scopesync-state-"));
    writeFileSync(join(dir, "app.json"), `{"formatVersion": 1, "accounts": [], "credentials": [],\n "attributeCaseExact": ${JSON.stringify(value)}}`);
    return readStateFile(dir, "app.json", "app").attributeCaseExact;
  }

  it("is kept as the file says it", () => {
    expect(caseExact({ displayName: false, title: true })).toEqual({ displayName: false, title: true });
  });

  it("is refused, at its line and column, when not an object of true and false", () => {
    expect(() => caseExact({ title: "true" })).toThrow(/app\.json:2:\d+: attributeCaseExact\.title must be true or false/);
    expect(() => caseExact(["title"])).toThrow(/app\.json:2:\d+: attributeCaseExact must be an object of attribute names and true or false/);
  });
});
