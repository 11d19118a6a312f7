// A policy repository whose one NHI owner, grace.hopper, left on 2026-11-20 (HR says Terminated),
// with a file target for people and whatever else a test adds: the setting of review rv81's
// findings about an offboarded NHI's secrets. Files are written as a person would write them.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "./run-cli.js";
import { tempDirs } from "./temp-dirs.js";

export const OWNER_LEFT_NOW = "2026-11-26T09:00:00Z";

const HR = `WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate
W1,ada.lovelace,Ada,Lovelace,ada@rv81.example,Active,Employee,Engineer,Engineering,,2020-01-06,
W3,grace.hopper,Grace,Hopper,grace@rv81.example,Terminated,Employee,Engineer,Engineering,W1,2019-03-01,2026-11-20
`;

/** The report's header (`aws iam get-credential-report`), and etl-runner's row: access_key_1 active, made 2025-10-06, last used 2026-11-25. */
export const CREDENTIAL_REPORT = `user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
etl-runner,arn:aws:iam::123456789012:user/etl-runner,2024-08-19T12:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-10-06T12:00:00+00:00,2026-11-25T17:32:00+00:00,eu-central-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
`;

/**
 * A maker of such repositories for one test file: `sources` and `targets` are scopesync.yaml's
 * entries beyond HR and the file target `local`, `files` the other files by path.
 */
export function ownerLeftRepos(): (setup: { sources?: string; targets?: string; files: Record<string, string> }) => string {
  const dirs = tempDirs();
  return ({ sources = "", targets = "", files }) => {
    const dir = dirs("scopesync-owner-left-");
    const all: Record<string, string> = {
      "scopesync.yaml": `version: 1\norganisation: rv81\nsources:\n  hr:\n    type: csv\n    path: exports/hr.csv\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\n${sources}targets:\n${targets}  local:\n    type: file\n    path: state/local.json\n`,
      "exports/hr.csv": HR,
      "policies/apps/local.yaml": "kind: AppPolicy\nid: local\ntarget: local\nscope:\n  include:\n    - kinds: [person]\n",
      "state/local.json": '{ "formatVersion": 1, "target": "local", "readAt": "2026-11-26T06:00:00Z", "accounts": [], "credentials": [] }\n',
      ...files,
    };
    for (const [path, text] of Object.entries(all)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };
}

/** The plan of `dir` at OWNER_LEFT_NOW, as JSON; `args` are more options (`--journal FILE`). */
export async function planOf(dir: string, ...args: string[]): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", OWNER_LEFT_NOW, ...args]);
  if (r.stderr !== "") throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Plan;
}

/** The findings of `rule` about `identity`. */
export function findingsOf(plan: Plan, rule: string, identity: string): Plan["findings"] {
  return plan.findings.filter((f) => f.rule === rule && f.identity === identity);
}
