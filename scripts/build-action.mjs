#!/usr/bin/env node
// Builds the GitHub Action's bundle: dist-action/index.js, one ES module holding the Action and
// every runtime dependency, so a workflow runs `uses: <owner>/scopesync@<sha>` with no install
// step, and beside it dist-action/state-worker.js, the thread that reads target state files ahead
// of the planner (src/targets/read-ahead.ts). esbuild bundles the TypeScript sources directly (no
// dist/ needed).
//
//   node scripts/build-action.mjs           write dist-action/index.js and dist-action/state-worker.js
//   node scripts/build-action.mjs --check   exit 1 when the committed files are not what the sources build
//
// Two things a bundle changes, handled here:
// - CommonJS dependencies call require(); an ES module has none, so the banner makes one.
// - A few modules find files beside them (schemas/, package.json) through import.meta.url. In the
//   bundle every module would share dist-action/index.js's URL, so each of our own modules gets
//   its source file's URL instead: the relative paths they use hold for src/ as for dist/. Not
//   read-ahead.ts: the worker it starts is beside the bundle as it is beside it in dist/targets/.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist-action");
const out = join(outdir, "index.js");
/** Modules whose import.meta.url stays the bundle's own (see above). */
const KEEP_BUNDLE_URL = new Set([join(root, "src", "targets", "read-ahead.ts")]);

const ownUrl = {
  name: "own-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url") || KEEP_BUNDLE_URL.has(args.path)) return undefined;
      const rel = relative(dirname(out), args.path).split("\\").join("/");
      return { contents: source.replaceAll("import.meta.url", `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: "ts" };
    });
  },
};

const result = await build({
  entryPoints: { index: join(root, "src", "github", "action-main.ts"), "state-worker": join(root, "src", "targets", "state-worker.ts") },
  bundle: true,
  platform: "node",
  target: "node24",
  format: "esm",
  write: false,
  outdir,
  legalComments: "none",
  logLevel: "warning",
  plugins: [ownUrl],
  banner: { js: "// Built by scripts/build-action.mjs from src/ (npm run build:action). Do not edit.\nimport { createRequire as __scopesyncCreateRequire } from \"node:module\";\nconst require = __scopesyncCreateRequire(import.meta.url);" },
});
const files = result.outputFiles.map((f) => ({ path: f.path, text: f.text })).sort((a, b) => (a.path < b.path ? -1 : 1));

if (process.argv.includes("--check")) {
  let stale = false;
  for (const { path, text } of files) {
    let committed = "";
    try {
      committed = readFileSync(path, "utf8");
    } catch {
      committed = "";
    }
    if (committed !== text) {
      console.error(`${relative(root, path)} is not what the sources build: run \`npm run build:action\` and commit it`);
      stale = true;
    } else console.log(`${relative(root, path)} is up to date (${(text.length / 1024 / 1024).toFixed(2)} MB)`);
  }
  if (stale) process.exit(1);
} else {
  mkdirSync(outdir, { recursive: true });
  for (const { path, text } of files) {
    writeFileSync(path, text);
    console.log(`${relative(root, path)}: ${(text.length / 1024 / 1024).toFixed(2)} MB`);
  }
}
