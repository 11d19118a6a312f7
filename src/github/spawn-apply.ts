// Runs `scopesync apply` as a child process, as the apply job would by hand. The Action owns the
// pull-request side (which plan was reviewed); the apply command owns the targets.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ActionContext } from "./action-io.js";

/** bin/scopesync.js of the same installation as this file (dist/github/ → ../../bin). */
export const SCOPESYNC_BIN = fileURLToPath(new URL("../../bin/scopesync.js", import.meta.url));

export interface ApplyRun { args: string[]; target?: string; exitCode: number; status: "applied" | "failed" | "blocked" | "error"; tail: string[] }

export interface ApplyArgs { repo: string; planFile: string; target?: string; now?: string }

/** Exit codes of `scopesync apply` (README "Commands"): 0 all applied, 1 some change failed, 3 blocked. */
function status(code: number): ApplyRun["status"] {
  return code === 0 ? "applied" : code === 1 ? "failed" : code === 3 ? "blocked" : "error";
}

export async function spawnApply(ctx: ActionContext, a: ApplyArgs): Promise<ApplyRun> {
  const bin = ctx.io.env.SCOPESYNC_BIN ?? SCOPESYNC_BIN;
  const args = ["apply", "--repo", a.repo, "--plan", a.planFile, ...(a.target ? ["--target", a.target] : []), ...(a.now ? ["--now", a.now] : [])];
  // The workflow's token is for the pull request only: the apply child gets the targets' own
  // credentials (from the job's environment) and never INPUT_TOKEN.
  const env = Object.fromEntries(Object.entries(ctx.io.env).filter(([k]) => k !== "INPUT_TOKEN"));
  ctx.log(`$ scopesync ${args.join(" ")}`);
  const tail: string[] = [];
  const keep = (chunk: Buffer, write: (t: string) => void): void => {
    const text = ctx.scrub(chunk.toString("utf8"));
    write(text);
    tail.push(...text.split("\n").filter((l) => l.trim()));
    tail.splice(0, Math.max(tail.length - 40, 0));
  };
  const exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: ctx.io.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (c: Buffer) => keep(c, (t) => ctx.io.out(t)));
    child.stderr.on("data", (c: Buffer) => keep(c, (t) => ctx.io.err(t)));
    child.once("error", reject);
    child.once("close", (code) => resolve(code ?? 1));
  });
  return { args, ...(a.target ? { target: a.target } : {}), exitCode, status: status(exitCode), tail };
}
