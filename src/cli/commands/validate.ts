import type { CliCommand } from "../command.js";
import { JSON_OUTPUT } from "../options.js";

export const validate: CliCommand = {
  name: "validate",
  summary: "Load and check every file; print file:line:col and a fix for each problem",
  description: `Loads scopesync.yaml, identities/ and policies/, checks each document against its JSON Schema and
every reference between them, and prints each problem as file:line:col: message, with a fix.
References to people are checked against the people the sources export.`,
  options: [JSON_OUTPUT],
  examples: ["scopesync validate", "scopesync validate --repo ../policies --json"],
  exitCodes: "0 valid, 1 invalid",
  run: async ({ repo, options, io }) => (await import("../validate.js")).validateCommand({ repo, json: Boolean(options.json) }, io),
};
