import type { CliCommand } from "../command.js";
import { JSON_OUTPUT, NOW } from "../options.js";

export const validate: CliCommand = {
  name: "validate",
  summary: "Load and check every file; print file:line:col and a fix for each problem",
  description: `Loads scopesync.yaml, identities/ and policies/, checks each document against its JSON Schema and
every reference between them, and prints each problem as file:line:col: message, with a fix.
References to people are checked against the people the sources export. With --now, the sources'
own leaving dates (Entra employeeLeaveDateTime, AD accountExpires), the gates' time limits and the
exceptions' length are judged at that time, as plan --now judges them.`,
  options: [JSON_OUTPUT, { ...NOW, description: "the time to judge dates at, RFC 3339, as plan --now (default: each export's own time for the sources' leaving dates, the clock for exceptions)" }],
  examples: ["scopesync validate", "scopesync validate --repo ../policies --json", "scopesync validate --now 2026-11-26T09:00:00Z"],
  exitCodes: "0 valid, 1 invalid",
  run: async ({ repo, options, io }) => (await import("../validate.js")).validateCommand({ repo, json: Boolean(options.json), ...(options.now !== undefined ? { now: String(options.now) } : {}) }, io),
};
