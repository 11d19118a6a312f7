import { resolve } from "node:path";
import { initRepo } from "../adopt/init-repo.js";
import { ScopesyncError } from "../model/errors.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";

/**
 * `scopesync init [DIR]`: a new, valid policy repository in DIR, relative to the current
 * directory; without DIR, in the folder --repo names; without either, in the current directory.
 */
export async function initCommand(options: { dir?: string; repo?: string }, io: Io): Promise<number> {
  if (options.dir !== undefined && options.repo !== undefined && resolve(io.cwd, options.dir) !== resolve(io.cwd, options.repo)) {
    throw new ScopesyncError(
      `init was given two folders: DIR ${options.dir} and --repo ${options.repo}`,
      `name the folder once: scopesync init ${options.dir} or scopesync --repo ${options.repo} init`,
    );
  }
  const shown = options.dir ?? options.repo ?? ".";
  const files = initRepo(resolve(io.cwd, shown));
  io.out(`created a scopesync policy repository in ${shown} (${files.length} files)`);
  io.out(`next: scopesync validate --repo ${shown} && scopesync plan --repo ${shown}`);
  io.out("then uncomment your sources and targets in scopesync.yaml, and run scopesync import --target NAME for each existing app");
  return ExitCode.ok;
}
