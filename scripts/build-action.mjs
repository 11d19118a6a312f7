#!/usr/bin/env node
// Builds the GitHub Action's bundle: dist-action/index.js, one ES module holding the Action and
// every runtime dependency, so a workflow runs `uses: <owner>/scopesync@<sha>` with no install
// step. esbuild bundles the TypeScript sources directly (no dist/ needed).
//
//   node scripts/build-action.mjs           write dist-action/index.js
//   node scripts/build-action.mjs --check   exit 1 when the committed bundle is not what the sources build
//
// Two things a bundle changes, handled here:
// - CommonJS dependencies call require(); an ES module has none, so the banner makes one.
// - A few modules find files beside them (schemas/, package.json) through import.meta.url. In the
//   bundle every module would share dist-action/index.js's URL, so each of our own modules gets
//   its source file's URL instead: the relative paths they use hold for src/ as for dist/.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist-action", "index.js");

const ownUrl = {
  name: "own-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const rel = relative(dirname(out), args.path).split("\\").join("/");
      return { contents: source.replaceAll("import.meta.url", `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: "ts" };
    });
  },
};

const result = await build({
  entryPoints: [join(root, "src", "github", "action-main.ts")],
  bundle: true,
  platform: "node",
  target: "node24",
  format: "esm",
  write: false,
  outfile: out,
  legalComments: "none",
  logLevel: "warning",
  plugins: [ownUrl],
  banner: { js: "// Built by scripts/build-action.mjs from src/ (npm run build:action). Do not edit.\nimport { createRequire as __scopesyncCreateRequire } from \"node:module\";\nconst require = __scopesyncCreateRequire(import.meta.url);" },
});
const text = result.outputFiles[0].text;

if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(out, "utf8");
  } catch {
    committed = "";
  }
  if (committed !== text) {
    console.error(`${relative(root, out)} is not what the sources build: run \`npm run build:action\` and commit it`);
    process.exit(1);
  }
  console.log(`${relative(root, out)} is up to date (${(text.length / 1024 / 1024).toFixed(2)} MB)`);
} else {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`${relative(root, out)}: ${(text.length / 1024 / 1024).toFixed(2)} MB`);
}
