import { resolve } from "node:path";
import { initRepo } from "../adopt/init-repo.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";

/** `scopesync init [DIR]`: a new, valid policy repository in DIR (default: the current directory). */
export async function initCommand(options: { dir?: string }, io: Io): Promise<number> {
  const dir = resolve(io.cwd, options.dir ?? ".");
  const files = initRepo(dir);
  io.out(`created a scopesync policy repository in ${options.dir ?? "."} (${files.length} files)`);
  io.out(`next: scopesync validate --repo ${options.dir ?? "."} && scopesync plan --repo ${options.dir ?? "."}`);
  io.out("then uncomment your sources and targets in scopesync.yaml, and run scopesync import --target NAME for each existing app");
  return ExitCode.ok;
}
