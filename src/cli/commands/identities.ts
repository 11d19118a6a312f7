import type { CliCommand } from "../command.js";
import { format, FROM_SNAPSHOTS, NOW } from "../options.js";

export const identities: CliCommand = {
  name: "identities",
  summary: "List resolved identities and where each attribute came from",
  description: `Lists every resolved identity: merged records, and for each attribute the source record (or file)
it came from and the rule that chose it, so a reviewer can check a merge. Correlation findings
(disputed records, attribute conflicts) follow.`,
  options: [format(["text", "json"], "text (default) or json"), NOW, FROM_SNAPSHOTS],
  examples: ["scopesync identities", "scopesync identities --format json | jq '.identities[].id'"],
  exitCodes: "0 listed, 1 invalid input, 3 a finding blocks",
  run: async ({ repo, options, io }) => (await import("../identities.js")).identitiesCommand({ repo, ...options }, io),
};
