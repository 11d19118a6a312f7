import { Argument, Command, Option } from "commander";
import { argName, flagParts, type CliCommand, type OptionSpec } from "./command.js";
import type { Io } from "./io.js";
import { GLOBAL_OPTIONS, parseChoice } from "./options.js";

/** The command a person asked for, with what they passed; run by main() after parsing. */
export interface Selected {
  command: CliCommand;
  args: Array<string | undefined>;
  options: Record<string, unknown>;
  repo: string | undefined;
  debug: boolean;
}

const INTRO = `scopesync — directory sync as code

People and non-human identities, and the policies that scope them, live as YAML in git.
scopesync merges them with exports of your directories and plans what each app should change.`;

const EXIT_CODES = `Exit codes: 0 ok, 1 invalid input or unreadable source, 2 changes (plan --detailed-exitcode)
or drift, 3 blocked (an error finding, a failed quality gate, a safety limit).`;

const EXAMPLES = ["scopesync validate", "scopesync plan --now 2026-11-26T09:00:00Z", "scopesync explain marcus.chen --app github", "scopesync plan --help"];

/** Help is wrapped at a fixed width so that it reads the same in a terminal, a CI log and the docs. */
const HELP_WIDTH = 100;

/**
 * The commander program for the registry's commands. Commander parses, writes help and suggests
 * the closest command or option on a typo; nothing here exits the process: errors are thrown
 * (exitOverride) and main() turns them into one line and an exit code.
 */
export function buildProgram(commands: readonly CliCommand[], io: Io, version: string, select: (s: Selected) => void): Command {
  const program = new Command("scopesync")
    .description(INTRO)
    .usage("<command> [options]")
    .version(version, "-v, --version", "show the version")
    .helpOption("-h, --help", "show help")
    .helpCommand("help [command]", "show help for a command")
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, helpWidth: HELP_WIDTH })
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: () => undefined, getOutHelpWidth: () => HELP_WIDTH, getErrHelpWidth: () => HELP_WIDTH });
  for (const o of GLOBAL_OPTIONS) program.addOption(toOption(o));
  program.addHelpText("after", `\n${EXIT_CODES}\n\nExamples:\n${EXAMPLES.map((e) => `  ${e}`).join("\n")}`);

  for (const c of commands) {
    const cmd = program.command(c.name).summary(c.summary).description(c.description);
    for (const arg of c.args ?? []) {
      const argument = new Argument(arg);
      const choices = c.argChoices?.[argName(arg)];
      if (choices) argument.argParser(parseChoice(argName(arg), choices));
      cmd.addArgument(argument);
    }
    for (const o of c.options) cmd.addOption(toOption(o));
    cmd.addHelpText("after", `\nExamples:\n${c.examples.map((e) => `  ${e}`).join("\n")}\n\nExit codes: ${c.exitCodes}`);
    cmd.action((...received: unknown[]) => {
      const self = received[received.length - 1] as Command;
      const globals = self.optsWithGlobals();
      select({ command: c, args: received.slice(0, c.args?.length ?? 0) as Array<string | undefined>, options: self.opts(), repo: globals.repo as string | undefined, debug: Boolean(globals.debug) });
    });
  }
  return program;
}

function toOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.description);
  // The description names the choices with what each means; commander's own list would repeat them.
  if (spec.choices) option.argParser(parseChoice(`--${flagParts(spec.flags).long}`, spec.choices));
  else if (spec.parse) option.argParser(spec.parse);
  return option;
}
