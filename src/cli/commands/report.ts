import type { CliCommand } from "../command.js";
import { format, NOW } from "../options.js";

export const report: CliCommand = {
  name: "report",
  summary: "Evidence from scopesync's own records: every leaver of a period, what was taken and when (leavers)",
  description: `report leavers lists every person who left in the period (their termination date, or an
offboarding step the apply journal records, falls in it; also one who has come back since), and,
in a section of its own, every leaver with something outstanding whatever the period, or with no
termination date at all: when the leaving was known (the termination date and its source record),
each target's revocations, disables and deletes from the apply journal with their time, result and
approval (the reviewed plan, its commit and pull request), and what is still outstanding: a
revocation the plan still makes, a step whose last journal line is a failure, an account the plan's
view shows active. The journal is --journal, else scopesync.yaml's apply.journal, else
.scopesync/journal.jsonl; one that is not there, and lines that are no record, are said, and with no
journal no leaver is shown done (each is unverified, exit 2) unless --without-journal
says the installation keeps none. A target whose state is older than its maxStateAge, or has no
readAt, is unverified (outstanding) until state pull reads it again. A date is
a day of scopesync.yaml's timeZone (UTC without one); --until is included whole when it is a date
(default: --now). Markdown (default) or --format json; the same
journal, files and --now give the same report.`,
  args: ["<report>"],
  argChoices: { report: ["leavers"] },
  options: [
    { flags: "--since <date>", description: "the period's first day (of scopesync.yaml's timeZone, else UTC) or instant, e.g. 2026-11-01" },
    { flags: "--until <date>", description: "the period's last day, included (or an instant, excluded); default --now" },
    format(["markdown", "json"], "markdown (default) or json"),
    NOW,
    { flags: "--journal <file>", description: "apply's journal (default: scopesync.yaml's apply.journal, else .scopesync/journal.jsonl)", complete: "file" },
    { flags: "--without-journal", description: "the installation keeps no apply journal: its absence is not read as a report that cannot show the offboarding (exit 2)" },
  ],
  examples: ["scopesync report leavers --since 2026-11-01 --until 2026-11-30", "scopesync report leavers --since 2026-10-01 --format json | jq '.leavers[] | select(.outstanding > 0)'"],
  exitCodes: "0 every leaver's offboarding done, 1 invalid input or unreadable source, 2 something outstanding or unverified, or no journal to show it by",
  run: async ({ repo, args, options, io }) => (await import("../report.js")).reportCommand({ repo, report: args[0], ...options }, io),
};
