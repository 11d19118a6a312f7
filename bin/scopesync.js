#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`).
// Installed from a git URL with scripts off (`npm ci --ignore-scripts`), no `prepare` ran and there
// is no dist/: that is said in one line with the fix, not as a Node stack trace.
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/cli/main.js", import.meta.url);
let main;
try {
  ({ main } = await import(entry.href));
} catch (e) {
  if (e?.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes(fileURLToPath(entry))) throw e;
  process.stderr.write(
    "error: scopesync is not built: its dist/ folder is missing (installed from a git URL with install scripts off, so its `prepare` build did not run)\n" +
      "  fix: install a published release (npm install --save-dev scopesync), or build it where it is installed: (cd node_modules/scopesync && npm install && npm run build)\n",
  );
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
