import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pullRequestIn } from "./branch-repo.js";
import { onTestFinished } from "vitest";

/** The repository root: the bundled example organisation's policy repository. */
export const EXAMPLE_ROOT = new URL("../../", import.meta.url).pathname;
export const EXAMPLE_NOW = "2026-11-26T09:00:00Z";

/** A throwaway copy of the example's policy files, for commands that write (apply, --out). */
export function copyExample(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-example-"));
  for (const part of ["scopesync.yaml", "identities", "policies", "examples"]) cpSync(join(EXAMPLE_ROOT, part), join(dir, part), { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** copyExample inside a test: the copy is removed when the test finishes. */
export function exampleForTest(): string {
  const copy = copyExample();
  onTestFinished(copy.cleanup);
  return copy.dir;
}

/** Rewrites a file in place: what a person editing it in a pull request would do. */
export function editFile(path: string, change: (text: string) => string): void {
  writeFileSync(path, change(readFileSync(path, "utf8")));
}

/** The example committed on main, then `change` made and committed on branch pr: a pull request to plan with `--base main`. */
export async function examplePullRequest(change: (dir: string) => void): Promise<string> {
  return pullRequestIn(exampleForTest(), change);
}
