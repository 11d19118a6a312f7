import type { CliCommand } from "../command.js";
import { NOW } from "../options.js";

export const snapshot: CliCommand = {
  name: "snapshot",
  summary: "Write accepted, secret-free snapshots of every source to state/sources/",
  description: `Reads every source and writes a normalised, sorted, secret-free snapshot to state/sources/NAME.json
(or the source's snapshot: path). Commit them in a PR: they are the accepted baseline that churn is
measured against and that plans can be reproduced from (plan --from-snapshots). Nothing is written
unless every source passes its data-quality gates.`,
  options: [NOW],
  examples: ["scopesync snapshot", "git add state/sources && git commit -m 'Accept the new HR export'"],
  exitCodes: "0 written, 1 invalid input or unreadable source, 3 a quality gate failed (nothing written)",
  run: async ({ repo, options, io }) => (await import("../snapshot.js")).snapshotCommand({ repo, ...options }, io),
};
