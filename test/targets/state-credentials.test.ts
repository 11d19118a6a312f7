import { describe, expect, it } from "vitest";
import { parseStateText } from "../../src/targets/state-file.js";
import { readStateColumns } from "../../src/targets/state-stream.js";

// Every field of a state file's credential is checked (docs/formats.md, "Target state files"): one
// that is malformed stops the run at its file:line:col with a fix, whole file or streamed account by
// account, and is never read as "no credential" (rv64 #1). The credentials below are shaped as the
// connectors write them: a GitHub deploy key (`access` from its `read_only`), an AWS access key
// (`status` Active/Inactive lower-cased, `recordsUse`), an IAM console password (`withHolderOnly`).
const DEPLOY_KEY = { id: "key-53588580", account: "95139424", type: "ssh-key", credentialId: "legacy-backup-deploy-key", access: "write" };
const ACCESS_KEY = { id: "access-key:svc-etl:AKIAIOSFODNN7EXAMPLE", account: "AIDAEXAMPLE1", type: "access-key", credentialId: "AKIAIOSFODNN7EXAMPLE", createdAt: "2026-01-05T10:00:00Z", lastUsedAt: null, recordsUse: true, status: "inactive" };
const PASSWORD = { id: "login-profile:svc-etl", account: "AIDAEXAMPLE1", type: "console-password", withHolderOnly: true };
const ORPHAN = { id: "key-9", account: "", heldBy: "former-admin", type: "ssh-key", manualRevocation: "gh repo deploy-key delete 9" };

function text(credentials: unknown): string {
  return JSON.stringify({ formatVersion: 1, accounts: [{ id: "95139424", login: "acme-backup-mirror", active: true, attributes: {}, entitlements: [] }], credentials }, null, 2);
}

/** The error of both reads (the same, as for every other field), as "message | fix". */
function refusal(credentials: unknown): string {
  const errors: string[] = [];
  const t = text(credentials);
  for (const read of [() => parseStateText(t, "state/github.json", "github"), () => readStateColumns(Buffer.from(t), "state/github.json", "github")]) {
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

describe("state file credentials", () => {
  it("are kept as written when every field has its type, absent credentials being none", () => {
    const all = [DEPLOY_KEY, ACCESS_KEY, PASSWORD, ORPHAN];
    expect(parseStateText(text(all), "state/github.json", "github").credentials).toEqual(all);
    expect(parseStateText(JSON.stringify({ formatVersion: 1, accounts: [] }), "state/github.json", "github").credentials).toEqual([]);
  });

  // Line 13 is the first credential's "{", line 14 its first field; a value's column is where it starts after `"key": `.
  it.each([
    [{ ...DEPLOY_KEY, account: 95139424 }, '15:18: credentials[0] (key-53588580).account is the number 95139424, not a string | write it in quotes, "95139424"'],
    [{ ...DEPLOY_KEY, id: 53588580 }, '14:13: credentials[0].id is the number 53588580, not a string | write it in quotes, "53588580"'],
    [{ id: "key-1", type: "ssh-key" }, '13:5: credentials[0] (key-1) has no account | write the id of the account it belongs to as a string, or "" when it belongs to no account the target lists'],
    [{ ...DEPLOY_KEY, id: "" }, "14:13: credentials[0].id is empty | write its id as a string"],
    [{ ...DEPLOY_KEY, type: null }, "16:15: credentials[0] (key-53588580).type is null, not a string | write its type as a string"],
    [{ ...ORPHAN, heldBy: ["former-admin"] }, "16:17: credentials[0] (key-9).heldBy is a list, not a string | write heldBy as a string, or remove it"],
    [{ ...ACCESS_KEY, recordsUse: "false" }, '20:21: credentials[0] (access-key:svc-etl:AKIAIOSFODNN7EXAMPLE).recordsUse is the string "false", not true or false | write recordsUse as true or false without quotes'],
    [{ ...ACCESS_KEY, status: "Inactive" }, '21:17: credentials[0] (access-key:svc-etl:AKIAIOSFODNN7EXAMPLE).status is the string "Inactive", expected "active" or "inactive" | write "inactive" (lower case)'],
    [{ ...PASSWORD, withHolderOnly: "yes" }, '17:25: credentials[0] (login-profile:svc-etl).withHolderOnly is the string "yes"; it is true or absent | write withHolderOnly: true, or remove it'],
  ])("refuse %j at the value, saying what it is and what to write", (credential, expected) => {
    const [where, rest] = [expected.slice(0, expected.indexOf(": ")), expected.slice(expected.indexOf(": ") + 2)];
    const got = refusal([credential]);
    expect(got.startsWith(`target "github": state/github.json:${where}: `), got).toBe(true);
    expect(got).toContain(rest);
  });

  it("refuse a credentials that is not a list, and an entry that is not a credential, never reading them as none", () => {
    expect(refusal({ "key-53588580": DEPLOY_KEY })).toMatch(/^target "github": state\/github\.json:12:18: credentials must be a list of credentials, not an object \| write credentials as a list, \[/);
    expect(refusal(null)).toMatch(/^target "github": state\/github\.json:12:18: credentials must be a list of credentials, not null \| write credentials as a list, \[\] when the target has none/);
    expect(refusal([DEPLOY_KEY, null])).toMatch(/^target "github": state\/github\.json:20:5: credentials\[1\] is null, not a credential \| write it as \{/);
    expect(refusal(["key-1"])).toMatch(/^target "github": state\/github\.json:13:5: credentials\[0\] is the string "key-1", not a credential/);
  });
});
