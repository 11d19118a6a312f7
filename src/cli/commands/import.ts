import type { CliCommand } from "../command.js";
import { NOW } from "../options.js";

export const importTarget: CliCommand = {
  name: "import",
  summary: "Write a live target's access today as desired state (--target NAME)",
  description: `Reads the live target (read-only) and writes today's access as desired state, so that the next
plan changes nothing on it: a Person overlay per linked account, one Group per team, role or SCIM
group with today's holders as explicit members, the app policy (policies/imported/NAME.yaml),
ServiceAccounts for machine accounts, deploy keys and token grants (owner unknown), the state file,
and imported/NAME/link-proposals.yaml for what it could not link. Past 512 KiB a file goes on
into numbered parts (people-002.yaml, …), and a group too large for one file into several groups
mapped to the same entitlement. Writes only its own files; a second run writes the same bytes.
Answers written into the proposals file are read back.`,
  options: [
    { flags: "--target <name>", description: "the target from scopesync.yaml to import (required)" },
    { flags: "--out <dir>", description: "write the files under DIR instead of the repository (imports of several targets into one DIR add up)", complete: "directory" },
    { ...NOW, description: "the date imported memberships are marked with and the state's readAt" },
  ],
  examples: ["scopesync import --target github", "scopesync import --target crm --out /tmp/crm-import"],
  exitCodes: "0 written, 1 invalid input or unreadable target",
  run: async ({ repo, options, io }) => (await import("../import.js")).importCommand({ repo, ...options }, io),
};
