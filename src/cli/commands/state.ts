import type { CliCommand } from "../command.js";
import { NOW, TARGET } from "../options.js";

export const state: CliCommand = {
  name: "state",
  summary: "state pull: refresh state/<target>.json from the live targets",
  description: `state pull reads each live target (github, scim) through its connector and writes its state file
(targets.NAME.state, default state/NAME.json): sorted, secret-free, the same bytes for the same
target. Every target is read before anything is written.`,
  args: ["<action>"],
  argChoices: { action: ["pull"] },
  options: [TARGET, NOW],
  examples: ["scopesync state pull", "scopesync state pull --target github"],
  exitCodes: "0 written, 1 invalid input or unreadable target (nothing written)",
  run: async ({ repo, args, options, io }) => (await import("../state-pull.js")).statePullCommand({ repo, action: args[0], ...options }, io),
};
