import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ScopesyncError } from "../model/errors.js";
import { ExitCode } from "./exit-codes.js";
import { USAGE } from "./help.js";
import { processIo, type Io } from "./io.js";
import { validateCommand } from "./validate.js";

const OPTIONS = {
  repo: { type: "string" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

const COMMANDS = ["validate", "help"] as const;

/** Entry point: returns the exit code; never lets an exception become a stack trace by default. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let debug = argv.includes("--debug");
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    debug = Boolean(values.debug);
    if (values.version) {
      io.out(version());
      return ExitCode.ok;
    }
    const [command, ...rest] = positionals;
    if (!command || values.help || command === "help") {
      io.out(USAGE);
      return ExitCode.ok;
    }
    const repo = resolve(io.cwd, values.repo ?? ".");
    switch (command) {
      case "validate":
        expectNoArgs(command, rest);
        return await validateCommand({ repo }, io);
      default:
        throw new ScopesyncError(`unknown command "${command}"`, `valid commands: ${COMMANDS.join(", ")}; see scopesync --help`);
    }
  } catch (e) {
    return reportError(e, io, debug);
  }
}

function expectNoArgs(command: string, rest: string[]): void {
  if (rest.length > 0) throw new ScopesyncError(`${command}: unexpected argument "${rest[0]}"`, `see scopesync ${command} --help`);
}

function reportError(e: unknown, io: Io, debug: boolean): number {
  if (e instanceof ScopesyncError) {
    io.err(`error: ${e.message}`);
    if (e.hint) io.err(`  fix: ${e.hint}`);
  } else if (e instanceof TypeError && (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    io.err(`error: ${e.message}`);
    io.err("  fix: see scopesync --help");
  } else {
    io.err(`error: unexpected failure: ${e instanceof Error ? e.message : String(e)}`);
    io.err("  fix: this is a bug in scopesync; run again with --debug and report the output");
  }
  if (debug && e instanceof Error && e.stack) io.err(e.stack);
  return ExitCode.invalid;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return `scopesync ${pkg.version}`;
}
