// A repository with one source of people, its `gates`, and one file target `app` every person has
// an account in (none yet): for tests of a source's quality gates, which write the export themselves.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "./run-cli.js";

export interface GatedSource { name: string; type: string; path: string; gates: string; options: string }

/** Writes scopesync.yaml, the app policy and the empty state into `dir`, and makes the export's folder. */
export function writeGatedSourceRepo(dir: string, s: GatedSource): void {
  for (const sub of ["policies/apps", "identities/groups", "state", join(s.path, "..")]) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(
    join(dir, "scopesync.yaml"),
    ["version: 1", "organisation: test", "sources:", `  ${s.name}:`, `    type: ${s.type}`, `    path: ${s.path}`, "    authoritative: [name, status]", `    gates: ${s.gates}`, `    options: ${s.options}`, "targets:", "  app: { type: file, path: state/app.json }", ""].join("\n"),
  );
  writeFileSync(join(dir, "policies/apps/app.yaml"), ["kind: AppPolicy", "id: app", "target: app", "description: Everyone.", "scope: { include: [ { kinds: [person] } ] }", "accounts: { login: userName }", ""].join("\n"));
  writeFileSync(join(dir, "state/app.json"), JSON.stringify({ formatVersion: 1, target: "app", readAt: "2026-11-26T06:00:00Z", accounts: [] }));
}

/** `plan --format json` of the repo at `now`: the plan when one was written, and what was said on standard error. */
export async function gatedPlan(dir: string, now: string): Promise<{ code: number; plan: Plan | undefined; stderr: string }> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", now]);
  return { code: r.code, plan: r.stdout ? (JSON.parse(r.stdout) as Plan) : undefined, stderr: r.stderr };
}

/** The plan's source-gate-account findings (none without a plan). */
export const accountGate = (p: Plan | undefined) => (p?.findings ?? []).filter((f) => f.rule === "source-gate-account");
