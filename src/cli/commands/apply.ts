import type { CliCommand } from "../command.js";
import { checkPositiveInteger, JSON_OUTPUT, NOW, TARGET } from "../options.js";

export const apply: CliCommand = {
  name: "apply",
  summary: "Apply a reviewed plan: re-plan against live targets, apply what was reviewed",
  description: `Re-plans against the live targets and compares with the reviewed plan by change id: reviewed
changes are applied, unreviewed revocations too (apply.unreviewed: revocations-only), unreviewed
grants are held back and reported. Every step is journaled, so a re-run converges.`,
  options: [
    { flags: "--plan <file>", description: "the reviewed plan JSON (plan --format json); - (or /dev/stdin) reads it from standard input", complete: "file" },
    { flags: "--base <ref>", description: "the revision the reviewed plan was measured against (its plan --base; after the merge, the merge's parent, e.g. HEAD~1): its accepted source snapshots and app logins" },
    TARGET,
    NOW,
    { flags: "--allow-any-now", description: "with --plan: accept a --now more than 5 minutes from the wall clock and from the reviewed plan's generatedAt (tests; refused otherwise)" },
    { flags: "--concurrency <n>", description: "changes in flight at once (default 8)", parse: checkPositiveInteger },
    { flags: "--lock-timeout <seconds>", description: "how long to wait for another apply's lease on a target before refusing (default 120; 0 refuses at once)" },
    { flags: "--journal <file>", description: "where every step is recorded (default: apply.journal in scopesync.yaml, else .scopesync/journal.jsonl)", complete: "file" },
    { flags: "--auto-approve", description: "apply the current plan without a reviewed one (local use only)" },
    JSON_OUTPUT,
  ],
  examples: ["scopesync apply --plan reviewed.json --target github", "scopesync apply --auto-approve --target local --json"],
  exitCodes: "0 all applied, 1 some change failed (the journal says which), a target could not be read or was refused (not the tenant the reviewed plan was made from), or invalid input, 3 blocked",
  run: async ({ repo, options, io }) => (await import("../apply.js")).applyCommand({ repo, ...options }, io),
};
