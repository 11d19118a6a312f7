// `scopesync snapshot` writes every source's snapshot or none; a line never claims a write that
// did not happen.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyExample, EXAMPLE_NOW } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

function files(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) visit(abs);
      else out.set(relative(root, abs), readFileSync(abs, "utf8"));
    }
  };
  visit(root);
  return out;
}

describe("scopesync snapshot", () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it("a failed gate: the passing sources' lines say not written, and nothing is", async () => {
    const copy = copyExample();
    cleanup = copy.cleanup;
    const config = join(copy.dir, "scopesync.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("minRecords: 5\n", "minRecords: 500\n"));
    const before = files(copy.dir);
    const r = await runCli(["snapshot", "--now", EXAMPLE_NOW, "--repo", copy.dir]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe(
      [
        "aws: 5 records → state/sources/aws.json (first snapshot): not written",
        "entra-apps: 2 records → state/sources/entra-apps.json (first snapshot): not written",
        "hr: 63 records → examples/snapshots/hr.json (2 added, 0 gone, 2 changed status: 6.6%): not written",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toMatch(/^error source-gate-min-records: source "globex": export has 11 records; minRecords is 500\n/);
    expect(r.stderr).toMatch(/\nno snapshot was written: fix the sources above first\n$/);
    expect(files(copy.dir)).toEqual(before);
  });

  it("every gate passes: each line names the snapshot written", async () => {
    const copy = copyExample();
    cleanup = copy.cleanup;
    const r = await runCli(["snapshot", "--now", EXAMPLE_NOW, "--repo", copy.dir]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toEqual([
      "aws: 5 records → state/sources/aws.json (first snapshot)",
      "entra-apps: 2 records → state/sources/entra-apps.json (first snapshot)",
      "globex: 11 records → state/sources/globex.json (first snapshot)",
      "hr: 63 records → examples/snapshots/hr.json (2 added, 0 gone, 2 changed status: 6.6%)",
    ]);
    for (const path of ["state/sources/aws.json", "state/sources/entra-apps.json", "state/sources/globex.json"]) expect(statSync(join(copy.dir, path)).isFile()).toBe(true);
  });
});
