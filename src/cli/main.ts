import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ScopesyncError } from "../model/errors.js";
import { ExitCode } from "./exit-codes.js";
import { commandHelp, USAGE } from "./help.js";
import { processIo, redactingIo, type Io } from "./io.js";
import { applyCommand } from "./apply.js";
import { driftCommand } from "./drift.js";
import { explainCommand } from "./explain.js";
import { identitiesCommand } from "./identities.js";
import { importCommand } from "./import.js";
import { initCommand } from "./init.js";
import { statePullCommand } from "./state-pull.js";
import { planCommand } from "./plan.js";
import { snapshotCommand } from "./snapshot.js";
import { validateCommand } from "./validate.js";

const OPTIONS = {
  repo: { type: "string" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  format: { type: "string" },
  out: { type: "string" },
  base: { type: "string" },
  now: { type: "string" },
  "detailed-exitcode": { type: "boolean" },
  "from-snapshots": { type: "boolean" },
  "artifact-url": { type: "string" },
  app: { type: "string" },
  plan: { type: "string" },
  target: { type: "string" },
  journal: { type: "string" },
  concurrency: { type: "string" },
  "auto-approve": { type: "boolean" },
  live: { type: "boolean" },
} as const;
type OptionName = keyof typeof OPTIONS;

const GLOBAL: OptionName[] = ["repo", "debug", "help", "version"];
/** Which options each command takes; any other is an error, never silently ignored. */
const COMMANDS: Record<string, { options: OptionName[]; args: number }> = {
  validate: { options: [], args: 0 },
  plan: { options: ["format", "out", "base", "now", "detailed-exitcode", "from-snapshots", "artifact-url", "live"], args: 0 },
  apply: { options: ["plan", "target", "now", "journal", "concurrency", "auto-approve"], args: 0 },
  drift: { options: ["format", "now", "target"], args: 0 },
  identities: { options: ["format", "now", "from-snapshots"], args: 0 },
  snapshot: { options: ["now"], args: 0 },
  explain: { options: ["app", "now", "from-snapshots"], args: 1 },
  help: { options: [], args: 1 },
  init: { options: [], args: 1 },
  import: { options: ["target", "out", "now"], args: 0 },
  state: { options: ["target", "now"], args: 1 },
};

/** Entry point: returns the exit code; never lets an exception become a stack trace by default. */
export async function main(argv: string[], rawIo: Io = processIo()): Promise<number> {
  const io = redactingIo(rawIo);
  let debug = argv.includes("--debug");
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    debug = Boolean(values.debug);
    if (values.version) {
      io.out(version());
      return ExitCode.ok;
    }
    const [command, ...rest] = positionals;
    if (!command) {
      io.out(USAGE);
      return ExitCode.ok;
    }
    const spec = COMMANDS[command];
    if (!spec) throw new ScopesyncError(`unknown command "${command}"`, `valid commands: ${Object.keys(COMMANDS).join(", ")}; see scopesync --help`);
    if (values.help || command === "help") {
      io.out(commandHelp(command === "help" ? rest[0] : command));
      return ExitCode.ok;
    }
    for (const name of Object.keys(values) as OptionName[]) {
      if (!GLOBAL.includes(name) && !spec.options.includes(name)) throw new ScopesyncError(`${command} does not take --${name}`, `see scopesync ${command} --help`);
    }
    if (rest.length > spec.args) throw new ScopesyncError(`${command}: unexpected argument "${rest[spec.args]}"`, `see scopesync ${command} --help`);
    const repo = resolve(io.cwd, values.repo ?? ".");
    switch (command) {
      case "validate":
        return await validateCommand({ repo }, io);
      case "plan":
        return await planCommand({ repo, ...pick(values, { format: "format", out: "out", base: "base", now: "now", artifactUrl: "artifact-url" }), detailedExitcode: Boolean(values["detailed-exitcode"]), fromSnapshots: Boolean(values["from-snapshots"]), live: Boolean(values.live) }, io);
      case "apply":
        return await applyCommand({ repo, ...pick(values, { plan: "plan", target: "target", now: "now", journal: "journal", concurrency: "concurrency" }), autoApprove: Boolean(values["auto-approve"]) }, io);
      case "drift":
        return await driftCommand({ repo, ...pick(values, { now: "now", format: "format", target: "target" }) }, io);
      case "identities":
        return await identitiesCommand({ repo, ...pick(values, { format: "format", now: "now" }), fromSnapshots: Boolean(values["from-snapshots"]) }, io);
      case "snapshot":
        return await snapshotCommand({ repo, ...pick(values, { now: "now" }) }, io);
      case "explain":
        return await explainCommand({ repo, identity: rest[0], ...pick(values, { app: "app", now: "now" }), fromSnapshots: Boolean(values["from-snapshots"]) }, io);
      case "init":
        return await initCommand({ dir: rest[0] }, io);
      case "import":
        return await importCommand({ repo, ...pick(values, { target: "target", out: "out", now: "now" }) }, io);
      case "state":
        return await statePullCommand({ repo, action: rest[0], ...pick(values, { target: "target", now: "now" }) }, io);
      default:
        throw new ScopesyncError(`unknown command "${command}"`);
    }
  } catch (e) {
    return reportError(e, io, debug);
  }
}

function pick<K extends string>(values: Record<string, unknown>, names: Record<K, OptionName>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [key, option] of Object.entries(names) as Array<[K, OptionName]>) {
    if (typeof values[option] === "string") out[key] = values[option] as string;
  }
  return out;
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
