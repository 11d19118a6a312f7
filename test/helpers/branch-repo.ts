// A policy repository in a real git repository: the files committed on main, then a branch for a
// pull request's change, for tests that plan with `--base main`.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";

/** Writes `files` (path → text) into `dir`, commits them on main, and checks out branch "pr". */
export async function repoOnBranch(dir: string, files: Record<string, string>): Promise<{ dir: string; git: SimpleGit }> {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const git = simpleGit({ baseDir: dir });
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.email", "test@initech.example").addConfig("user.name", "Test");
  await git.add(".").commit("base");
  await git.checkoutLocalBranch("pr");
  return { dir, git };
}

/** The files in `dir` committed on main, then `change` made and committed on branch pr: a pull request to plan with `--base main`. */
export async function pullRequestIn(dir: string, change: (dir: string) => void): Promise<string> {
  const git = simpleGit({ baseDir: dir });
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.email", "test@acme.example").addConfig("user.name", "Test");
  await git.add(".").commit("base");
  await git.checkoutLocalBranch("pr");
  change(dir);
  await git.add(".").commit("the change");
  return dir;
}
