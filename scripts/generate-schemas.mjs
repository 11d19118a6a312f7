#!/usr/bin/env node
// Rewrites what is generated from the schemas: the adapter parts of schemas/config.schema.json and
// the option tables in docs/formats.md (from the adapters' schema.ts files), then the precompiled
// validators in src/config/validators.generated.ts (from schemas/*.schema.json, so after the
// config schema). Run through `npm run schemas`, which builds before (this script reads dist/) and
// after (dist/ must hold the new validators); test/adapter-schemas.test.ts and
// test/config/precompiled-validators.test.ts fail when any of them is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configSchemaText } from "../dist/adapter-schemas.js";
import { formatsDocText } from "../dist/adapter-docs.js";
import { GENERATED_VALIDATORS, validatorsModuleText } from "../dist/config/validator-code.js";

const root = fileURLToPath(new URL("..", import.meta.url));
for (const [file, generate] of [["schemas/config.schema.json", configSchemaText], ["docs/formats.md", formatsDocText], [GENERATED_VALIDATORS, validatorsModuleText]]) {
  const path = root + file;
  const current = readFileSync(path, "utf8");
  const next = generate(current);
  if (next !== current) {
    writeFileSync(path, next);
    console.log(`updated ${file}`);
  } else console.log(`${file} is up to date`);
}
