// bin/scopesync.js imports the compiled CLI from dist/. Installed from a git URL under
// `npm ci --ignore-scripts` (as the shipped sync.yml installs), no `prepare` built it: the
// launcher said so as a Node stack trace (ERR_MODULE_NOT_FOUND). It now says it in one line, with
// the fix, and exits 1.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const installed = mkdtempSync(join(tmpdir(), "scopesync-not-built-"));
afterAll(() => rmSync(installed, { recursive: true, force: true }));

describe("the launcher without dist/", () => {
  it("says scopesync is not built and how to fix it, with no stack trace, exit 1", () => {
    // The package as a git install without its build: bin/ and package.json, no dist/.
    mkdirSync(join(installed, "bin"));
    copyFileSync("bin/scopesync.js", join(installed, "bin/scopesync.js"));
    copyFileSync("package.json", join(installed, "package.json"));
    const r = spawnSync(process.execPath, [join(installed, "bin/scopesync.js"), "snapshot"], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")[0]).toBe("error: scopesync is not built: its dist/ folder is missing (installed from a git URL with install scripts off, so its `prepare` build did not run)");
    expect(r.stderr).toContain("  fix: install a published release");
    expect(r.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|\n\s+at /);
  });
});
