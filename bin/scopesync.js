#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`).
// Installed with scripts off (`npm ci --ignore-scripts`, or a global ignore-scripts=true), no
// `prepare` ran and there is no dist/: that is said in one line with the fix, not as a Node stack
// trace. The fix builds this copy where it is; it never names a package on the npm registry,
// where no `scopesync` is this project's (README, "Design notes").
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/cli/main.js", import.meta.url);
let main;
try {
  ({ main } = await import(entry.href));
} catch (e) {
  if (e?.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes(fileURLToPath(entry))) throw e;
  const dir = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
  // A checkout has its lock file, and `npm ci` installs exactly what it names.
  const install = existsSync(`${dir}/package-lock.json`) ? "npm ci --ignore-scripts" : "npm install --ignore-scripts";
  process.stderr.write(
    "error: scopesync is not built: its dist/ folder is missing (it was installed with install scripts off, so its `prepare` build did not run)\n" +
      `  fix: build it where it is: (cd ${JSON.stringify(dir)} && ${install} && npm run build)\n`,
  );
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
