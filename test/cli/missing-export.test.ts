// A source's export that is not there: the error names the scopesync.yaml line that points at it
// (the line to fix when the path is wrong), exits 1, and nothing is planned.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyExample, EXAMPLE_NOW } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("a missing export file", () => {
  it.each([["plan"], ["validate"]])("%s says where scopesync.yaml names it", async (command) => {
    const example = copyExample();
    cleanup = example.cleanup;
    rmSync(join(example.dir, "examples/exports/hr.csv"));
    const r = await runCli([command, "--repo", example.dir, ...(command === "plan" ? ["--now", EXAMPLE_NOW] : [])]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('source "hr": scopesync.yaml:15:11: export file not found: examples/exports/hr.csv');
    expect(r.stderr).toContain("Check sources.hr.path in scopesync.yaml, or produce the export first.");
    expect(r.stdout).toBe("");
  });
});
