import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { copyExample, EXAMPLE_NOW } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

// rv64 #1. The example's committed github state holds the deploy key of svc-legacy-backup, a
// disabled NHI, and the offline plan revokes it. Edited by hand the way people edit JSON, the file
// was read as "no credential": an `account` written as a JSON number (GitHub's REST API gives ids
// as numbers: the deploy key's and the user's `id: number` in @octokit/openapi-types, built from
// GitHub's OpenAPI description) or `credentials` written as a mapping by id dropped the revocation
// from the reviewed plan with exit 0 and no finding; a null left in the list was "a bug in
// scopesync". Each now stops the plan (exit 1, docs/formats.md "Target state files") with one
// line at the value's file:line:col and a fix.
describe("a state file's credentials written by hand", () => {
  let dir = "";
  let cleanup = (): void => undefined;
  const file = "examples/state/github.json";
  let committed = "";
  type State = { credentials: Array<Record<string, unknown>> };
  const rewrite = (change: (state: State) => unknown): void => {
    const state = JSON.parse(committed) as State;
    writeFileSync(join(dir, file), `${JSON.stringify(change(state) ?? state, null, 2)}\n`);
  };
  const plan = () => runCli(["plan", "--repo", dir, "--now", EXAMPLE_NOW]);
  /** The line and column where the last `needle` of the file ends, as an editor counts them. */
  const at = (needle: string): string => {
    const text = readFileSync(join(dir, file), "utf8");
    expect(text.lastIndexOf(needle)).toBeGreaterThan(-1);
    const end = text.lastIndexOf(needle) + needle.length;
    const before = text.slice(0, end).split("\n");
    return `${before.length}:${before[before.length - 1]!.length + 1}`;
  };

  beforeAll(() => {
    ({ dir, cleanup } = copyExample());
    committed = readFileSync(join(dir, file), "utf8");
  });
  afterEach(() => writeFileSync(join(dir, file), committed));
  afterAll(() => cleanup());

  it("as committed, plans the disabled NHI's deploy key revocation (what the edits below dropped)", async () => {
    const r = await plan();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/revoke credential +svc-legacy-backup .*credential key-53588580/);
  });

  it("refuses an account id written as a JSON number, at the number, with the quoted id to write", async () => {
    rewrite((s) => {
      const key = s.credentials.find((c) => c.id === "key-53588580")!;
      key.account = Number(key.account);
    });
    const r = await plan();
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: "" });
    expect(r.stderr).toBe(
      `error: target "github": ${file}:${at('"id": "key-53588580",\n      "account": ')}: credentials[1] (key-53588580).account is the number 95139424, not a string\n` +
        `  fix: write it in quotes, "95139424": a state file keeps ids as strings, as scopesync state pull writes them (GitHub's API gives ids as numbers)\n`,
    );
  });

  it("refuses a credential id written as a JSON number (it became the revoke's credential, a number)", async () => {
    rewrite((s) => {
      s.credentials.find((c) => c.id === "key-53588580")!.id = 53588580;
    });
    const r = await plan();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: target "github": examples\/state\/github\.json:\d+:13: credentials\[1\]\.id is the number 53588580, not a string\n {2}fix: write it in quotes, "53588580"/);
  });

  it("refuses credentials written as a mapping by id, at the mapping, saying to write a list", async () => {
    rewrite((s) => ({ ...s, credentials: Object.fromEntries(s.credentials.map((c) => [c.id, c])) }));
    const r = await plan();
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: "" });
    expect(r.stderr).toBe(
      `error: target "github": ${file}:${at('"credentials": ')}: credentials must be a list of credentials, not an object\n` +
        `  fix: write credentials as a list, [{ "id": "<the target's credential id>", "account": "<the account id, or \\"\\">", "type": "<kind>" }, …], each credential an object with its own id (not keyed by it); or pull the state again (scopesync state pull)\n`,
    );
  });

  it("refuses a null left in the list as the file's mistake, at its line, not as a bug in scopesync", async () => {
    rewrite((s) => {
      s.credentials.push(null as unknown as Record<string, unknown>);
    });
    const r = await plan();
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("bug in scopesync");
    expect(r.stderr).toBe(
      `error: target "github": ${file}:${at("},\n    ")}: credentials[${(JSON.parse(committed) as State).credentials.length}] is null, not a credential\n` +
        `  fix: write it as { "id": "<the target's credential id>", "account": "<the account id, or \\"\\">", "type": "<kind>" }, or remove it from the list\n`,
    );
  });
});
