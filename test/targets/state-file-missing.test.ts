import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { jsonSyntaxProblem } from "../../src/model/json-error.js";
import { copyFixture, FIXTURES, runCli } from "../helpers/run-cli.js";

/** The minimal repository: a file target `local` (path at scopesync.yaml:13:11) and a github target `github` (scopesync.yaml:14:3). */
function minimal(): string {
  const repo = copyFixture(join(FIXTURES, "minimal"));
  onTestFinished(repo.cleanup);
  return repo.dir;
}

describe("a target state file that cannot be read", () => {
  it("missing: says where scopesync.yaml names it, in words, and how to make it (state pull for a live target)", async () => {
    const dir = minimal();
    const r = await runCli(["plan", "--repo", dir, "--now", "2026-11-26T09:00:00Z"]);
    expect(r.code).toBe(1);
    // github's state is the default state/github.json: the target's own line is named.
    expect(r.stderr.split("\n").slice(0, 2)).toEqual([
      'error: target "github": cannot read state/github.json (named at scopesync.yaml:14:3): no such file (ENOENT)',
      '  fix: check the path in scopesync.yaml; `scopesync state pull --target github` writes it from the live target; to start empty, create the file with {"formatVersion":1,"accounts":[],"credentials":[]}',
    ]);
    writeFileSync(join(dir, "state", "github.json"), '{"formatVersion":1,"accounts":[],"credentials":[]}\n');
    rmSync(join(dir, "state", "local.json"));
    const local = await runCli(["plan", "--repo", dir, "--now", "2026-11-26T09:00:00Z"]);
    expect(local.stderr.split("\n").slice(0, 2)).toEqual([
      'error: target "local": cannot read state/local.json (named at scopesync.yaml:13:11): no such file (ENOENT)',
      '  fix: check the path in scopesync.yaml; to start empty, create the file with {"formatVersion":1,"accounts":[],"credentials":[]}',
    ]);
  });

  it("cut short: where the text ends, since V8 gives no position", () => {
    const text = '{"formatVersion":1,\n"accounts":[';
    let error: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      error = e;
    }
    // With or without a position in V8's message (it differs between versions), the end is named.
    expect(jsonSyntaxProblem(text, error)).toBe("not valid JSON: it ends at line 2 column 13 before the JSON does (cut short?)");
    const list = '{"a": [1, 2';
    expect(jsonSyntaxProblem(list, parseError(list))).toBe("not valid JSON: it ends at line 1 column 12 before the JSON does (cut short?)");
    // A mistake inside the text is still located where it is.
    const inside = '{"a": [1 2]}';
    expect(jsonSyntaxProblem(inside, parseError(inside))).toMatch(/^not valid JSON( at line 1 column 10)?$/);
  });
});

function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (e) {
    return e;
  }
  throw new Error(`${text} parsed`);
}
