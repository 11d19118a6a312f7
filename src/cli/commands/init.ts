import type { CliCommand } from "../command.js";

export const init: CliCommand = {
  name: "init",
  summary: "Write a new, valid policy repository; refuses to overwrite",
  description: `Writes a new policy repository into DIR, relative to the current directory (without DIR: into the
folder --repo names, or the current directory): scopesync.yaml with a
commented example of every source and target type, one example group, person overlay, service
account and app policy, an example HR export, the JSON Schemas, the pull-request workflows, a
.gitignore and a CODEOWNERS example. Refuses, naming them, if any of these files exist.`,
  args: ["[dir]"],
  options: [],
  examples: ["scopesync init policies && cd policies && scopesync validate", "scopesync --repo policies init"],
  exitCodes: "0 written, 1 a file exists already (nothing written), DIR and --repo name different folders, or invalid input",
  // The folder need not exist yet: --repo is not checked to be a directory.
  needsRepo: false,
  run: async ({ args, repoOption, io }) => (await import("../init.js")).initCommand({ ...(args[0] ? { dir: args[0] } : {}), ...(repoOption !== undefined ? { repo: repoOption } : {}) }, io),
};
