import type { CliCommand } from "../command.js";
import { FETCHED_EXPORTS, FROM_SNAPSHOTS, NOW } from "../options.js";

export const resolve: CliCommand = {
  name: "resolve",
  summary: "Write the identities snapshot that sharded planning starts from (plan --target NAME)",
  description: `Reads the sources (or their committed snapshots), runs the quality gates, correlates and resolves
every identity, and writes the result to --out: one fingerprinted file that every
"plan --target NAME --identities FILE" job and "plan merge" plan from, so the sources are read once.
It records the policy files, --now and --base it was made with; a shard or merge in a checkout with
other files is refused.`,
  options: [
    { flags: "--out <file>", description: "where to write the identities snapshot (- is standard output)", complete: "file" },
    { flags: "--base <ref>", description: "also resolve against the base revision, to mark this PR's changes in the shards" },
    FETCHED_EXPORTS,
    NOW,
    FROM_SNAPSHOTS,
  ],
  examples: ["scopesync resolve --out identities.snapshot", "scopesync resolve --base origin/main --out identities.snapshot"],
  exitCodes: "0 written, 1 invalid input or unreadable source",
  run: async ({ repo, options, io }) => (await import("../resolve.js")).resolveCommand({ repo, ...options }, io),
};
