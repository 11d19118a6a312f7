#!/usr/bin/env node
// Rewrites what is generated from the adapters' schema.ts files: the adapter parts of
// schemas/config.schema.json and the option tables in docs/formats.md. Run through
// `npm run schemas` (which builds first); test/adapter-schemas.test.ts fails when either is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configSchemaText } from "../dist/adapter-schemas.js";
import { formatsDocText } from "../dist/adapter-docs.js";

const root = fileURLToPath(new URL("..", import.meta.url));
for (const [file, generate] of [["schemas/config.schema.json", configSchemaText], ["docs/formats.md", formatsDocText]]) {
  const path = root + file;
  const current = readFileSync(path, "utf8");
  const next = generate(current);
  if (next !== current) {
    writeFileSync(path, next);
    console.log(`updated ${file}`);
  } else console.log(`${file} is up to date`);
}
