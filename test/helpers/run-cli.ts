import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Io } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs the CLI in-process and captures what a person at the terminal would see. */
export async function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; tty?: boolean } = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    out: (t) => { stdout += t.endsWith("\n") ? t : `${t}\n`; },
    err: (t) => { stderr += t.endsWith("\n") ? t : `${t}\n`; },
    isTTY: options.tty ?? false,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** A throwaway copy of a fixture repository; removed by the returned cleanup. */
export function copyFixture(fixture: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-"));
  cpSync(fixture, dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;
