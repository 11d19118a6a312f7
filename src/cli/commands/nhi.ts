import type { CliCommand } from "../command.js";
import { format, FROM_SNAPSHOTS, NOW } from "../options.js";

export const nhi: CliCommand = {
  name: "nhi",
  summary: "NHI inventory by owner, age, rotation, use (report); drafts for undeclared NHIs (propose)",
  description: `nhi report lists every non-human identity (declared in identities/ or reported by a discovery
source) by owner, with the age, rotation and last use of each credential, and the figures the plan
comment shows: share with an active owner, share of credentials rotated within credential-max-age's
maxAge, credentials unused for longer than credential-unused's maxUnused.
nhi propose writes one ServiceAccount file per undeclared NHI into --out, for review; it never
overwrites a file it did not write.`,
  args: ["<action>"],
  argChoices: { action: ["report", "propose"] },
  options: [format(["text", "json", "markdown"], "text (default), json or markdown"), { flags: "--out <dir>", description: "nhi propose: the folder for the proposed files", complete: "directory" }, NOW, FROM_SNAPSHOTS],
  examples: ["scopesync nhi report", "scopesync nhi report --format json | jq .unused", "scopesync nhi propose --out identities/discovered"],
  exitCodes: "0 done, 1 invalid input or unreadable source",
  run: async ({ repo, args, options, io }) => (await import("../nhi.js")).nhiCommand({ repo, action: args[0], ...options }, io),
};
