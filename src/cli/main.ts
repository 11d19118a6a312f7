import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { ScopesyncError } from "../model/errors.js";
import { closest } from "../model/suggest.js";
import { ExitCode } from "./exit-codes.js";
import { processIo, redactingIo, type Io } from "./io.js";
import { buildProgram, type Selected } from "./program.js";
import { COMMANDS } from "./registry.js";
import { reportError } from "./report-error.js";

/** Entry point: returns the exit code; never lets an exception become a stack trace by default. */
export async function main(argv: string[], rawIo: Io = processIo()): Promise<number> {
  // Every line the CLI writes passes the redactor: no secret value reaches a terminal or a log.
  const io = redactingIo(rawIo);
  let debug = argv.includes("--debug");
  let selected: Selected | undefined;
  const program = buildProgram(COMMANDS, io, version(), (s) => (selected = s));
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return ExitCode.ok;
    }
    // commander answers `help NOSUCH` with the general help; a typo deserves its suggestion.
    if (argv[0] === "help" && argv[1] && !COMMANDS.some((c) => c.name === argv[1])) {
      const guess = closest(argv[1], COMMANDS.map((c) => c.name));
      throw new ScopesyncError(`unknown command '${argv[1]}'${guess ? ` (did you mean ${guess}?)` : ""}`, "see scopesync --help");
    }
    await program.parseAsync(argv, { from: "user" });
    if (!selected) return ExitCode.ok; // help or version was printed
    debug = selected.debug;
    const { command } = selected;
    const repo = resolve(io.cwd, selected.repo ?? ".");
    if (command.needsRepo !== false) checkRepoDir(repo, selected.repo);
    return await command.run({ args: selected.args, options: selected.options, repo, ...(selected.repo !== undefined ? { repoOption: selected.repo } : {}), io, debug, registry: COMMANDS });
  } catch (e) {
    return reportError(e, io, debug, selected?.command.name ?? commandNamed(argv));
  }
}

/** A missing --repo is named as such, before any command mistakes it for a repository without files. */
function checkRepoDir(repo: string, given: string | undefined): void {
  const shown = given ?? repo;
  let isDirectory: boolean;
  try {
    isDirectory = statSync(repo).isDirectory();
  } catch {
    throw new ScopesyncError(`--repo ${shown}: no such directory`, "pass the directory that holds scopesync.yaml (default: the current directory)");
  }
  if (!isDirectory) throw new ScopesyncError(`--repo ${shown} is a file, not a directory`, "pass the directory that holds scopesync.yaml (default: the current directory)");
}

/** The command word of argv, for a help hint when parsing failed before a command was chosen. */
function commandNamed(argv: string[]): string | undefined {
  return argv.find((a) => COMMANDS.some((c) => c.name === a));
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return `scopesync ${pkg.version}`;
}
