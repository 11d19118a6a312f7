import type { CliCommand } from "../command.js";
import { format, FETCHED_EXPORTS, FROM_SNAPSHOTS, NOW } from "../options.js";
import { PLAN_FORMATS } from "../plan-formats.js";

export const plan: CliCommand = {
  name: "plan",
  summary: "Compute the plan: what each downstream app should change, and why",
  description: `Reads the sources (or their committed snapshots), runs the quality gates, resolves identities,
evaluates every app policy and diffs it with what each target holds: its saved state file, or the
target itself with --live. Planning never writes to a target.

Sharded, one job per target: "scopesync resolve --out identities.snapshot" once, then
"plan --target NAME --identities identities.snapshot --out NAME.json" for each target, then
"plan merge NAME.json … --identities identities.snapshot" for the whole plan, the same as one
process would make.`,
  args: ["[action]", "[shards...]"],
  argChoices: { action: ["merge"] },
  options: [
    format(PLAN_FORMATS, "text (colour on a terminal), markdown (the PR comment), json (the plan contract), sarif (findings for code scanning)"),
    { flags: "--out <file>", description: "write the plan to FILE instead of standard output (- is standard output)", complete: "file" },
    { flags: "--base <ref>", description: "mark the changes this pull request makes (desired state at REF vs now); the source snapshots accepted at REF are the baseline" },
    FETCHED_EXPORTS,
    NOW,
    { flags: "--detailed-exitcode", description: "exit 2 when the plan has changes" },
    FROM_SNAPSHOTS,
    { flags: "--live", description: "read every target through its connector (read-only) instead of its state file" },
    { flags: "--artifact-url <url>", description: "link to the full plan when the Markdown comment has to be cut" },
    { flags: "--target <name>", description: "plan only this target: a JSON shard for plan merge" },
    { flags: "--journal <file>", description: "apply's journal, for returns, undone offboardings and used-up overrides (default: apply.journal in scopesync.yaml, else .scopesync/journal.jsonl); every shard and the merge must read the same", complete: "file" },
    { flags: "--identities <file>", description: "plan a shard, or merge (required there), from this identities snapshot (scopesync resolve --out)", complete: "file" },
  ],
  examples: [
    "scopesync plan --now 2026-11-26T09:00:00Z",
    "scopesync plan --base origin/main --format markdown --out plan.md",
    "scopesync plan --live --format json --out plan.json",
    "scopesync plan --target crm --identities identities.snapshot --out crm.json",
    "scopesync plan merge crm.json github.json local.json --identities identities.snapshot --format json --out plan.json",
  ],
  exitCodes: "0 plan made (a shard: written), 1 invalid input or unreadable source, 2 changes (with --detailed-exitcode), 3 blocked",
  run: async ({ repo, args, options, io, debug }) => (await import("../plan.js")).planCommand({ repo, ...options, ...(args[0] ? { action: args[0] } : {}), shards: (args[1] as unknown as string[] | undefined) ?? [] }, io, { debug: debug ?? false }),
};
