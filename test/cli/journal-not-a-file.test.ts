// rv120: `--journal /dev/stdin` was "unexpected failure: ESPIPE … this is a bug" from a shell's
// pipe (the journal is read from a mark, and more than once) and ENXIO from a socket. A journal
// that is not a regular file is named as such, with what to do, exit 1.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { EXAMPLE_NOW, EXAMPLE_ROOT } from "../helpers/example-copy.js";

const BIN = new URL("../../bin/scopesync.js", import.meta.url).pathname;
const ARGS = ["report", "leavers", "--repo", EXAMPLE_ROOT, "--now", EXAMPLE_NOW, "--since", "2026-11-01", "--journal", "/dev/stdin"];

describe("an apply journal that is not a file", () => {
  it("from a shell's pipe is an error naming it, not a bug", () => {
    const r = spawnSync("/bin/sh", ["-c", `echo '{}' | exec "${process.execPath}" "${BIN}" ${ARGS.join(" ")}`], { encoding: "utf8" });
    expect(r.stderr).toBe("error: cannot read the apply journal /dev/stdin: it is a pipe, which cannot be read from a place in it (ESPIPE)\n  fix: name a regular file (save what the pipe gives to a file first)\n");
    expect(r.status).toBe(1);
  });

  it("from a socket (a Node.js parent's stdin) is an error naming it", () => {
    const r = spawnSync(process.execPath, [BIN, ...ARGS], { encoding: "utf8", input: "{}\n" });
    expect(r.stderr).toBe("error: cannot read the apply journal /dev/stdin: it is a socket or a device that cannot be opened as a file (ENXIO)\n  fix: name a regular file (save what it gives to a file first)\n");
    expect(r.status).toBe(1);
  });
});
