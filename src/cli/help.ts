export const USAGE = `scopesync — directory sync as code

People and non-human identities, and the policies that scope them, live as YAML in git.
scopesync merges them with exports of your directories and plans what each app should change.

Usage: scopesync <command> [options]

Commands:
  validate     Load and check every file; print file:line:col for each problem
  plan         Compute the plan: what each downstream app should change, and why
  explain ID   Why an identity has, gains or loses each account and entitlement
  identities   List resolved identities and where each attribute came from
  snapshot     Write accepted, secret-free snapshots of every source to state/sources/
  help CMD     Show help for one command

Options (all commands):
  --repo DIR   Policy repository (default: current directory)
  --debug      Show stack traces for unexpected errors
  -h, --help   Show help
  -v, --version

Exit codes: 0 ok, 1 invalid input or unreadable source, 2 changes (plan --detailed-exitcode)
or drift, 3 blocked (an error finding, a failed quality gate, a safety limit).

Examples:
  scopesync validate
  scopesync plan --now 2026-11-26T09:00:00Z
  scopesync plan --base origin/main --format markdown --out plan.md
  scopesync explain ada.lovelace --app github
`;

const COMMAND_HELP: Record<string, string> = {
  validate: `Usage: scopesync validate [--repo DIR]

Loads scopesync.yaml, identities/ and policies/, checks each document against its JSON Schema and
every reference between them, and prints each problem as file:line:col: message, with a fix.
Exit 0 when valid, 1 otherwise.`,
  plan: `Usage: scopesync plan [--format text|markdown|json|sarif] [--out FILE] [--base REF] [--now ISO]
                      [--detailed-exitcode] [--from-snapshots] [--artifact-url URL]

Reads the sources (or their committed snapshots), runs the quality gates, resolves identities,
evaluates every app policy and diffs it with what each target holds. Planning never writes to a
target.

  --format            text (default; colour only on a terminal), markdown (the PR comment), json,
                      sarif (findings for GitHub code scanning)
  --out FILE          write the plan to FILE instead of standard output
  --base REF          mark the changes this pull request makes (desired state at REF vs now)
  --now ISO           the time the plan is made for (default: now); pins plans for review/tests
  --detailed-exitcode exit 2 when the plan has changes
  --from-snapshots    plan from state/sources/*.json instead of reading the sources
  --artifact-url URL  link to the full plan when the Markdown comment has to be cut

Exit 0 plan made, 1 invalid input or unreadable source, 2 changes (--detailed-exitcode), 3 blocked.

Examples:
  scopesync plan
  scopesync plan --format json --out plan.json --now 2026-11-26T09:00:00Z`,
};

Object.assign(COMMAND_HELP, {
  explain: `Usage: scopesync explain IDENTITY [--app APP] [--now ISO] [--from-snapshots]

Shows, for one identity (login, NHI id, anchor such as hr:W1001, or email): each attribute and the
source record or file it came from, each group membership and the file:line that grants it, and
for each app: whether it is in scope and by which rule, its account now, each entitlement and what
justifies it, and the planned changes with their evidence.`,
  identities: `Usage: scopesync identities [--format text|json] [--now ISO] [--from-snapshots]

Lists every resolved identity: merged records, and for each attribute the source record (or file)
it came from and the rule that chose it, so a reviewer can check a merge. Correlation findings
(disputed records, attribute conflicts) follow. Exit 3 when a finding blocks.`,
  snapshot: `Usage: scopesync snapshot [--now ISO]

Reads every source and writes a normalised, sorted, secret-free snapshot to state/sources/NAME.json
(or the source's snapshot: path). Commit them in a PR: they are the accepted baseline that churn is
measured against and that plans can be reproduced from (plan --from-snapshots). Nothing is written
unless every source passes its data-quality gates.`,
});

export function commandHelp(command: string | undefined): string {
  return (command && COMMAND_HELP[command]) || USAGE;
}
