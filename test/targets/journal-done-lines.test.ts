import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ScopesyncError } from "../../src/model/errors.js";
import { journalDoneLines } from "../../src/targets/journal-done-lines.js";
import { cancelledInvitations } from "../../src/targets/cancelled-invitations.js";
import { journalLogins } from "../../src/targets/journal-logins.js";

// The plan reads apply's journal three ways (logins, cancelled invitations, offboardings): one
// reader, so that a missing, unreadable or cut-off journal means the same to all three.
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const done = (o: Record<string, unknown>) => JSON.stringify({ at: "2026-12-01T06:20:00.000Z", run: "r1", phase: "done", outcome: "applied", target: "github", ...o });

describe("the apply journal's done lines", () => {
  it("are every done line in order with its line number; start lines, other targets' lines and a cut-off line are passed over", () => {
    dir = mkdtempSync(join(tmpdir(), "journal-"));
    const path = join(dir, "journal.jsonl");
    const lines = [
      JSON.stringify({ phase: "start", target: "github", action: "disable-account", identity: "ada", account: "100001", login: "ada" }),
      done({ action: "disable-account", identity: "ada", account: "100001", login: "ada" }),
      done({ target: "crm", action: "disable-account", identity: "ada", account: "u-1", login: "ada@corp.example" }),
      `${done({ action: "revoke", identity: "linus", account: "100002", login: "linus" }).slice(0, 40)}`, // cut off by a kill
      done({ action: "disable-account", identity: "dee", account: "invitation:77", login: "dee@corp.example" }),
      done({ action: "grant", identity: "ada", account: "100001", login: "ada-renamed" }),
    ];
    writeFileSync(path, `${lines.join("\n")}\n`);
    expect([...journalDoneLines(path)].map((d) => [d.line, d.record.identity, d.record.target])).toEqual([[2, "ada", "github"], [3, "ada", "crm"], [5, "dee", "github"], [6, "ada", "github"]]);
    expect([...journalDoneLines(path, '"target":"crm"')].map((d) => d.line)).toEqual([3]);
    // The readers built on it: the last login of each account id, the invitations scopesync cancelled.
    expect([...journalLogins(path, ["github"])]).toEqual([["100001", "ada-renamed"]]);
    expect([...cancelledInvitations(path, ["github"])]).toEqual(["invitation:77"]);
  });

  it("are none without a journal, and a journal that cannot be read stops the run with its path, not a stack trace", () => {
    dir = mkdtempSync(join(tmpdir(), "journal-"));
    expect([...journalDoneLines(join(dir, "none.jsonl"))]).toEqual([]);
    const folder = join(dir, "journal.jsonl");
    mkdirSync(folder);
    let thrown: unknown;
    try {
      [...journalDoneLines(folder)];
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ScopesyncError);
    expect((thrown as Error).message).toContain(`cannot read the apply journal ${folder}`);
    // cancelledInvitations used to read it unguarded (existsSync, then readFileSync's raw EISDIR).
    expect(() => cancelledInvitations(folder, ["github"])).toThrow(/cannot read the apply journal/);
  });
});
