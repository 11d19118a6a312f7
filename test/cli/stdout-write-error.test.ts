// A write to standard output that fails other than by a closed pipe (rv50 #4): `plan --format json
// > plan.json` on a full disk ended in an uncaught Node.js stack trace (io.ts rethrew every error
// but EPIPE). It now ends with one line and a fix, exit 1.
//
// ENOSPC itself needs a full file system: a loop device is too invasive for a test, and /dev/full
// must not be used on a shared machine run as root. So the handler io.ts puts on the process's
// streams is tested on a Writable that fails as Node's SyncWriteStream does when write(2) answers
// ENOSPC or EIO (the callback gets the error, and the stream emits it after the write call
// returned); and the real CLI is run with its standard output a file under a file size limit
// (`ulimit -f`), where write(2) answers EFBIG as a full disk answers ENOSPC (write(2),
// https://man7.org/linux/man-pages/man2/write.2.html). Needs `npm run build` (npm test does it).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { endOnWriteError } from "../../src/cli/io.js";
import { EXAMPLE_NOW } from "../helpers/example-copy.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A stream whose every write fails with `code`, as write(2) fails on a full disk or a bad one. */
function failingWith(code: string, errno: number): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done(Object.assign(new Error(`${code}: write failed, write`), { code, errno: -errno, syscall: "write" }));
    },
  });
}

/** What the handler decides for the first failed write to `stream`. */
async function stopped(stream: Writable, name: "standard output" | "standard error"): Promise<{ code: number; lines: string[]; calls: number } | "gone"> {
  let calls = 0;
  const seen = new Promise<{ code: number; lines: string[] } | "gone">((done) =>
    endOnWriteError(
      stream,
      name,
      (code, lines) => {
        calls++;
        done({ code, lines });
      },
      () => {
        calls++;
        done("gone");
      },
    ),
  );
  stream.write("{\n");
  // After the first failure the stream is destroyed; later writes fail again and say nothing more.
  stream.write('  "changes": [\n');
  const first = await seen;
  await new Promise((r) => setTimeout(r, 10));
  if (first === "gone") return calls === 1 ? "gone" : { code: -1, lines: [], calls };
  return { ...first, calls };
}

describe("a failed write to standard output", () => {
  it("a full disk (ENOSPC): one line naming standard output and the disk, a fix, exit 1", async () => {
    expect(await stopped(failingWith("ENOSPC", 28), "standard output")).toEqual({
      code: 1,
      lines: ["error: cannot write standard output: the disk is full (ENOSPC); the output is cut off", "  fix: free some space on that disk, then run it again"],
      calls: 1,
    });
  });

  it("an input/output error (EIO): one line, exit 1", async () => {
    expect(await stopped(failingWith("EIO", 5), "standard output")).toEqual({ code: 1, lines: ["error: cannot write standard output: the disk answered with an input/output error (EIO); the output is cut off", "  fix: check the disk, then run it again"], calls: 1 });
  });

  it("an error the file layer does not name is still one line with its code", async () => {
    const r = await stopped(failingWith("ECONNRESET", 104), "standard output");
    expect(r).toEqual({ code: 1, lines: ["error: cannot write standard output: ECONNRESET; the output is cut off", "  fix: check where standard output goes, then run it again"], calls: 1 });
  });

  it("a closed pipe (EPIPE) is said nothing of, and the command goes on without it; standard error failing has nowhere to say it: exit 1", async () => {
    expect(await stopped(failingWith("EPIPE", 32), "standard output")).toBe("gone");
    expect(await stopped(failingWith("EPIPE", 32), "standard error")).toBe("gone");
    expect(await stopped(failingWith("ENOSPC", 28), "standard error")).toEqual({ code: 1, lines: [], calls: 1 });
  });

  it("the real CLI, its standard output a file past the file size limit: one line, exit 1, no stack trace", () => {
    if (!existsSync(join(ROOT, "dist/cli/main.js"))) throw new Error("dist/ is missing: run npm run build first (npm test does)");
    const dir = mkdtempSync(join(tmpdir(), "scopesync-stdout-"));
    dirs.push(dir);
    const out = join(dir, "plan.json");
    // 16 KiB of room (POSIX sh counts `ulimit -f` in 512-byte blocks); the example's plan is 47 KB.
    const run = `ulimit -f 32; exec "${process.execPath}" "${join(ROOT, "bin/scopesync.js")}" plan --repo "${ROOT}" --now ${EXAMPLE_NOW} --format json > "${out}"`;
    const r = spawnSync("/bin/sh", ["-c", run], { cwd: dir, encoding: "utf8" });
    expect(r.stderr).toBe(
      "error: cannot write standard output: the file grew past the size this process may write (EFBIG: a file size limit such as ulimit -f, or the file system's largest file); the output is cut off\n" +
        "  fix: raise the limit or write to another disk, then run it again\n",
    );
    expect(r.status).toBe(1);
    expect(statSync(out).size).toBe(16 * 1024);
  });

  // rv117: a closed pipe ended the process at once with 0, whatever the command's outcome: a plan
  // that failed, piped `2>&1 | head -1` under `set -o pipefail` (a GitHub Actions step's shell),
  // passed the step in 3 runs of 3.
  it("the real CLI, its output's reader gone: the command's own exit code, nothing said", () => {
    const bin = join(ROOT, "bin/scopesync.js");
    const failed = spawnSync("/bin/bash", ["-o", "pipefail", "-c", `"${process.execPath}" "${bin}" plan --repo /nonexistent-scopesync-repo 2>&1 | head -1`], { encoding: "utf8" });
    expect(failed.stdout).toMatch(/^error: /);
    expect(failed.status).toBe(1);
    const listed = spawnSync("/bin/bash", ["-o", "pipefail", "-c", `"${process.execPath}" "${bin}" identities --repo "${ROOT}" --now ${EXAMPLE_NOW} --format json | head -c 100`], { encoding: "utf8" });
    expect(listed.stdout).toHaveLength(100);
    expect(listed.stderr).toBe("");
    expect(listed.status).toBe(0);
  });
});
