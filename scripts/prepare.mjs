#!/usr/bin/env node
// `npm ci` / `npm install` in a checkout of scopesync runs this (the `prepare` script).
//
// With the dev dependencies installed (a developer's checkout) it builds dist/ with tsc, as
// before. Without them (`npm ci --omit=dev`, where TypeScript is absent) it builds nothing: the
// package tarball already ships dist/ (`prepack` builds it), and the GitHub Action runs its
// committed bundle (dist-action/index.js), so neither needs a compiler at install time. A
// checkout with no dist/ and no TypeScript is told how to get one instead of failing the install.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));

let tsc;
try {
  tsc = require.resolve("typescript/package.json");
} catch {
  tsc = undefined;
}

if (!tsc) {
  const built = existsSync(join(root, "dist", "cli", "main.js"));
  process.stdout.write(
    built
      ? "scopesync: dev dependencies omitted; using the dist/ that ships with the package\n"
      : "scopesync: dev dependencies omitted and no dist/ here: the CLI needs `npm ci` (with dev dependencies) once to build, or build it from a checkout of its repository (npm ci there); the GitHub Action needs neither (it runs dist-action/index.js)\n",
  );
  process.exit(0);
}

const run = spawnSync(process.execPath, [join(dirname(tsc), "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
process.exit(run.status ?? 1);
