// A write killed between its temp file and the rename (SIGKILL, a cancelled job) leaves
// `<file>.scopesync-<pid>.tmp` beside the file; in a policy repository `git add -A` would commit
// it. The next write of the same file removes the temp files of processes that no longer run, once
// untouched for 5 minutes, and leaves a running process's own, anything else named .tmp, and what
// it cannot remove (rv120: a cleanup that failed stopped the write).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { removeDeadTemps, tempOf, writeWholeFiles } from "../../src/model/whole-file.js";
import { makeSnapshot, writeSnapshots } from "../../src/sources/snapshot.js";

describe("temp files a killed write left", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scopesync-dead-temps-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // A process that ran and is gone: its id names no process now.
  const deadPid = (): number => Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
  const old = (file: string) => {
    const then = new Date(Date.now() - 10 * 60_000);
    utimesSync(file, then, then);
  };

  it("are removed by the next write of the file once 5 minutes old; a running process's, a fresh one and a user's own are kept", () => {
    const dead = deadPid();
    const alive = spawn("sleep", ["30"]);
    try {
      const path = join(dir, "hr.json");
      const keep = [`hr.json.scopesync-${alive.pid}.tmp`, "hr.json.20261201.tmp", `okta.json.scopesync-${dead}.tmp`];
      for (const f of [`hr.json.scopesync-${dead}.tmp`, ...keep]) {
        writeFileSync(join(dir, f), "{ half a snapsh");
        old(join(dir, f));
      }
      writeWholeFiles([{ path, shown: "hr.json", pieces: ["{}\n"] }], "as it was");
      expect(readFileSync(path, "utf8")).toBe("{}\n");
      expect(existsSync(join(dir, `hr.json.scopesync-${dead}.tmp`))).toBe(false);
      expect(readdirSync(dir).sort()).toEqual(["hr.json", ...keep].sort());
      // Written a minute ago by a process in another namespace, say: not yet taken for dead.
      writeFileSync(join(dir, `hr.json.scopesync-${dead}.tmp`), "being written");
      writeWholeFiles([{ path, shown: "hr.json", pieces: ["{}\n"] }], "as it was");
      expect(existsSync(join(dir, `hr.json.scopesync-${dead}.tmp`))).toBe(true);
    } finally {
      alive.kill();
    }
  });

  it("a folder named like one is left, and the write goes on", () => {
    const dead = deadPid();
    mkdirSync(join(dir, `hr.json.scopesync-${dead}.tmp`));
    old(join(dir, `hr.json.scopesync-${dead}.tmp`));
    writeWholeFiles([{ path: join(dir, "hr.json"), shown: "hr.json", pieces: ["{}\n"] }], "as it was");
    expect(readFileSync(join(dir, "hr.json"), "utf8")).toBe("{}\n");
    expect(existsSync(join(dir, `hr.json.scopesync-${dead}.tmp`))).toBe(true);
    // Nothing to look at: no folder yet.
    expect(() => removeDeadTemps(join(dir, "none", "x.json"))).not.toThrow();
  });

  it("a snapshot removes its parts' dead temps, of any layout", () => {
    const dead = deadPid();
    mkdirSync(join(dir, "state/sources"), { recursive: true });
    const stale = join(dir, "state/sources", `hr.part-03-of-16.json.scopesync-${dead}.tmp`);
    writeFileSync(stale, "{");
    old(stale);
    writeSnapshots(dir, [{ path: "state/sources/hr.json", snapshot: () => makeSnapshot("hr", { type: "csv" }, []), partBytes: 1 << 20 }]);
    expect(readdirSync(join(dir, "state/sources"))).toEqual(["hr.json"]);
    expect(tempOf("/x/hr.json")).toBe(`/x/hr.json.scopesync-${process.pid}.tmp`);
  });
});
