import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The repository root: the bundled example organisation's policy repository. */
export const EXAMPLE_ROOT = new URL("../../", import.meta.url).pathname;
export const EXAMPLE_NOW = "2026-11-26T09:00:00Z";

/** A throwaway copy of the example's policy files, for commands that write (apply, --out). */
export function copyExample(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-example-"));
  for (const part of ["scopesync.yaml", "identities", "policies", "examples"]) cpSync(join(EXAMPLE_ROOT, part), join(dir, part), { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
