import type { Io } from "./io.js";

/** One option of a command, declared once: the parser, `--help` and the completion scripts read it. */
export interface OptionSpec {
  /** Commander flag syntax: "--out <file>", "--live", "-f, --format <format>". */
  flags: string;
  description: string;
  /** The only values accepted; listed in --help, offered by completion, a did-you-mean on a typo. */
  choices?: readonly string[];
  /** What completion offers for the value: a file or a directory name. */
  complete?: "file" | "directory";
  /** Checks and converts the value; throws InvalidArgumentError (commander) with what is accepted. */
  parse?: (value: string) => unknown;
}

/** What a command's run() receives: parsed arguments and options, the repository, where to write. */
export interface CommandContext<O = Record<string, unknown>> {
  /** Positional arguments, in the order `args` declares them. */
  args: Array<string | undefined>;
  /** Option values by camelCase name (`--detailed-exitcode` → detailedExitcode). */
  options: O;
  /** --repo, resolved against the working directory; checked to be a directory. */
  repo: string;
  /** --repo as it was typed, when it was given (init writes there when it names no DIR). */
  repoOption?: string;
  io: Io;
  /** --debug: a failure shows its stack frames. */
  debug?: boolean;
  /** Every command, for commands that describe the CLI itself (completion). */
  registry: readonly CliCommand[];
}

/**
 * A CLI command: its help, its flags and what it runs. Adding a command is one file in
 * src/cli/commands/ exporting one of these, and one line in src/cli/registry.ts.
 */
export interface CliCommand {
  name: string;
  /** One line for the command list of `scopesync --help`. */
  summary: string;
  /** Paragraphs for `scopesync NAME --help`. */
  description: string;
  /** Positional arguments in commander syntax: "<identity>" (required), "[dir]" (optional). */
  args?: readonly string[];
  /** Values a positional argument may take, by argument name ("shell" → bash, zsh, fish). */
  argChoices?: Readonly<Record<string, readonly string[]>>;
  options: readonly OptionSpec[];
  /** Shown under "Examples:" in the command's --help; each line a full command. */
  examples: readonly string[];
  /** Shown under "Exit codes:" in the command's --help. */
  exitCodes: string;
  /** Commands that work without an existing policy repository (init, completion): --repo is not checked. */
  needsRepo?: false;
  run(context: CommandContext<any>): Promise<number>;
}

/** The parts of an option's flags: "-f, --format <format>" → long "format", short "f", value "format". */
export function flagParts(flags: string): { long: string; short?: string; value?: string } {
  const long = /--([a-z0-9-]+)/.exec(flags)?.[1];
  if (!long) throw new Error(`option flags without a long name: ${flags}`);
  const short = /(?:^|[\s,])-([a-zA-Z])\b/.exec(flags)?.[1];
  const value = /[<[]([^>\]]+)[>\]]/.exec(flags)?.[1];
  return { long, ...(short ? { short } : {}), ...(value ? { value } : {}) };
}

/** The argument's name without brackets: "<identity>" → identity. */
export function argName(arg: string): string {
  return arg.replace(/^[<[]|(\.\.\.)?[>\]]$/g, "");
}
