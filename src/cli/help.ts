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
  init [DIR]   Write a new, valid policy repository; refuses to overwrite
  import       Write a live target's access today as desired state (--target NAME)
  state pull   Refresh state/<target>.json from the live targets
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

Object.assign(COMMAND_HELP, {
  init: `Usage: scopesync init [DIR]

Writes a new policy repository into DIR (default: the current directory): scopesync.yaml with a
commented example of every source and target type, one example group, person overlay, service
account and app policy, an example HR export, the JSON Schemas, the pull-request workflows, a
.gitignore and a CODEOWNERS example. Refuses, naming them, if any of these files exist.`,
  import: `Usage: scopesync import --target NAME [--out DIR] [--now ISO]

Reads the live target (read-only) and writes today's access as desired state, so that the next
plan changes nothing on it: a Person overlay per linked account, one Group per team, role or SCIM
group with today's holders as explicit members, the app policy (policies/imported/NAME.yaml),
ServiceAccounts for machine accounts, deploy keys and token grants (owner unknown), the state file,
and imported/NAME/link-proposals.yaml for what it could not link. Writes only its own files;
a second run writes the same bytes. Answers written into the proposals file are read back.

  --out DIR   write the files under DIR instead of the repository
  --now ISO   the date imported memberships are marked with and the state's readAt`,
  state: `Usage: scopesync state pull [--target NAME] [--now ISO]

Reads each live target (github, scim) through its connector and writes its state file
(targets.NAME.state, default state/NAME.json): sorted, secret-free, the same bytes for the same
target. Every target is read before anything is written.`,
});

export function commandHelp(command: string | undefined): string {
  return (command && COMMAND_HELP[command]) || USAGE;
}
