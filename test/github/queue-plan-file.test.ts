// The apply queue keeps each commit's reviewed plan as a file (src/github/queue-file.ts), written a
// change at a time and read back a member and a list element at a time where it is longer than a
// string: JSON.stringify of a 1.8 GB plan, and JSON.parse of its text, could not be done. Written,
// it is the bytes `plan --format json` writes; read back, the plan.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readPlanFile, writePlanFile } from "../../src/github/queue-file.js";
import { ScopesyncError } from "../../src/model/errors.js";
import { EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

describe("a queued reviewed plan", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("is written as plan --format json writes it, and read back as the plan", async () => {
    const r = await runCli(["plan", "--format", "json", "--now", EXAMPLE_NOW, "--repo", exampleForTest()]);
    expect(r.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), "scopesync-queue-plan-"));
    dirs.push(dir);
    const file = writePlanFile(join(dir, "plans", "abc.json"), JSON.parse(r.stdout));
    expect(readFileSync(file, "utf8")).toBe(r.stdout);
    expect(readPlanFile(file, "the reviewed plan of abc")).toEqual(JSON.parse(r.stdout));
  });

  it("that is missing or not JSON is named, with where to get it", () => {
    const dir = mkdtempSync(join(tmpdir(), "scopesync-queue-plan-"));
    dirs.push(dir);
    expect(() => readPlanFile(join(dir, "none.json"), "the reviewed plan of abc")).toThrow(new ScopesyncError(`cannot read the reviewed plan of abc (${join(dir, "none.json")}): ENOENT`, 'download the queue job\'s artifact "scopesync-queue" into the queue-dir path first'));
    writeFileSync(join(dir, "bad.json"), '{"a": 1,}\n');
    expect(() => readPlanFile(join(dir, "bad.json"), "the reviewed plan of abc")).toThrow(`cannot read the reviewed plan of abc (${join(dir, "bad.json")}): not valid JSON at line 1 column 9`);
  });
});
