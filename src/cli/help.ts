export const USAGE = `scopesync — directory sync as code

People and non-human identities, and the policies that scope them, live as YAML in git.
scopesync merges them with exports of your directories and plans what each app should change.

Usage: scopesync <command> [options]

Commands:
  validate                 Load and check every file; print file:line:col for each problem
  help [command]           Show help

Options (all commands):
  --repo DIR               Policy repository (default: current directory)
  --debug                  Show stack traces for unexpected errors
  -h, --help               Show help
  -v, --version            Show the version

Exit codes: 0 ok, 1 invalid input or unreadable source, 2 changes (with --detailed-exitcode)
or drift, 3 blocked.

Examples:
  scopesync validate
  scopesync validate --repo ../acme-access
`;
