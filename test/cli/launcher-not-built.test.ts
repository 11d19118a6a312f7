// bin/scopesync.js imports the compiled CLI from dist/. Installed with install scripts off
// (`npm ci --ignore-scripts`), no `prepare` built it: the launcher said so as a Node stack trace
// (ERR_MODULE_NOT_FOUND). It now says it in one line, with the fix, and exits 1. The fix builds
// this copy where it is: it told people to `npm install --save-dev scopesync`, a name npm does not
// have and anyone may publish (rv50 #2).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
    expect(r.stderr).toBe(
      "error: scopesync is not built: its dist/ folder is missing (it was installed with install scripts off, so its `prepare` build did not run)\n" +
        `  fix: build it where it is: (cd "${installed}" && npm install --ignore-scripts && npm run build)\n`,
    );
    // A checkout, with its lock file: installed exactly as the lock file says.
    writeFileSync(join(installed, "package-lock.json"), "{}\n");
    const checkout = spawnSync(process.execPath, [join(installed, "bin/scopesync.js"), "snapshot"], { encoding: "utf8" });
    expect(checkout.status).toBe(1);
    expect(checkout.stderr.split("\n")[1]).toBe(`  fix: build it where it is: (cd "${installed}" && npm ci --ignore-scripts && npm run build)`);
  });
});
