import type { CliCommand } from "../command.js";
import { format, NOW, TARGET } from "../options.js";

export const drift: CliCommand = {
  name: "drift",
  summary: "Read every target live and compare it with the desired state",
  description: `Reads every target through its connector and plans against the desired state. Any change is
drift: the target differs from what the repository and the sources say it should hold. A plan
blocked by an error finding (two accounts claiming one person, a source that failed its gates) is
not "no drift" either: it exits 2 too, and says what blocks it.`,
  options: [format(["text", "json"], "text (default) or json (the plan contract)"), TARGET, NOW],
  examples: ["scopesync drift", "scopesync drift --target github --format json"],
  exitCodes: "0 no drift, 1 invalid input or unreadable target, 2 drift found or the plan is blocked by an error finding",
  run: async ({ repo, options, io }) => (await import("../drift.js")).driftCommand({ repo, ...options }, io),
};
