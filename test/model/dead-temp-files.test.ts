// A write killed between its temp file and the rename (SIGKILL, a cancelled job) leaves
// `<file>.<pid>.tmp` beside the file; in a policy repository `git add -A` would commit it. The next
// write of the same file removes the temp files of processes that no longer run, and leaves a
// running process's own.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeWholeFiles } from "../../src/model/whole-file.js";

describe("temp files a killed write left", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scopesync-dead-temps-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("are removed by the next write of the file; a running process's is kept", () => {
    // A process that ran and is gone: its id names no process now.
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const deadPid = Number(gone.stdout);
    const alive = spawn("sleep", ["30"]);
    try {
      const path = join(dir, "hr.json");
      writeFileSync(join(dir, `hr.json.${deadPid}.tmp`), "{ half a snapsh");
      writeFileSync(join(dir, `hr.json.${alive.pid}.tmp`), "being written");
      writeFileSync(join(dir, "hr.json.notes.tmp"), "someone's own file");
      writeFileSync(join(dir, `okta.json.${deadPid}.tmp`), "another file's: left to its own write");
      writeWholeFiles([{ path, shown: "hr.json", pieces: ["{}\n"] }], "as it was");
      expect(readFileSync(path, "utf8")).toBe("{}\n");
      expect(existsSync(join(dir, `hr.json.${deadPid}.tmp`))).toBe(false);
      expect(readdirSync(dir).sort()).toEqual(["hr.json", `hr.json.${alive.pid}.tmp`, "hr.json.notes.tmp", `okta.json.${deadPid}.tmp`].sort());
    } finally {
      alive.kill();
    }
  });
});
