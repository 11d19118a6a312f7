#!/usr/bin/env node
// The `prepublishOnly` script: scopesync is never published to the npm registry. No package named
// `scopesync` there is this project (anyone may publish one), and it is installed from a checkout
// of its repository (README, "Design notes"). package.json's `"private": true` makes npm refuse a
// real publish, but `npm publish --dry-run` skips that check and prints a publish all the same;
// this script runs before either and stops both, in one line, before anything is packed.
process.stderr.write(
  "error: scopesync is not published to the npm registry (package.json is private)\n" +
    "  fix: run it from a checkout of its repository (npm ci, then node bin/scopesync.js), as README.md says under \"Design notes\"\n",
);
process.exit(1);
