import type { CliCommand } from "../command.js";
import { FETCHED_EXPORTS, FROM_SNAPSHOTS, NOW } from "../options.js";

export const explain: CliCommand = {
  name: "explain",
  summary: "Why an identity has, gains or loses each account and entitlement",
  description: `Shows what the planner decided for one identity: a login (or a renamed person's earlier login),
an NHI id, an anchor (hr:W1001), an email, in any case, or a name a plan shows for an account
without identity (account:demo.user). For each
identity: its attributes and where they came from, its groups and the file:line that grants them;
for each app: scope, the account now (and where it was read: a state file and how old it is, or
live with --live), what apply's journal records for the identity since that read, each entitlement
and what justifies it, and the planned changes with their reasons. With --history, also every
change apply's journal records ending for the identity, oldest first, per target.`,
  args: ["<identity>"],
  options: [{ flags: "--app <app>", description: "only this app (its id or its target name)" }, NOW, FROM_SNAPSHOTS, { flags: "--base <ref>", description: "explain the pull request's plan against REF, as plan --base makes it (an account under an earlier login, a deleted bot's)" }, FETCHED_EXPORTS,
    { flags: "--live", description: "read every target through its connector (read-only) instead of its state file, as plan --live" },
    { flags: "--journal <file>", description: "apply's journal, for what it records since each state was read (default: apply.journal in scopesync.yaml, else .scopesync/journal.jsonl)", complete: "file" },
    { flags: "--history", description: "also every change the journal records ending for the identity, whenever (under each target's name now), even for someone no source exports any more" }],
  examples: ["scopesync explain marcus.chen --app github", "scopesync explain sam.roe --app crm --live", "scopesync explain account:demo.user", "scopesync explain hr:W1012", "scopesync explain tlind --history"],
  exitCodes: "0 explained, 1 no such identity or invalid input",
  run: async ({ repo, args, options, io }) => (await import("../explain.js")).explainCommand({ repo, identity: args[0], ...options }, io),
};
