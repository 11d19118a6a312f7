import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "./run-cli.js";
import { SCENARIO_NOW, SCENARIOS } from "./scenario.js";

/**
 * Plans the scenario base with some files added or replaced (path → content), and returns the
 * plan. For tests that need one small variation each, written inline where the reader sees it.
 */
export async function planWith(files: Record<string, string>, options: { now?: string; format?: string; baseline?: boolean } = {}): Promise<{ plan: Plan; code: number; stdout: string; stderr: string }> {
  const now = options.now ?? SCENARIO_NOW;
  const format = options.format ?? "json";
  const dir = mkdtempSync(join(tmpdir(), "scopesync-with-"));
  try {
    cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
    // With a baseline, the unchanged base is accepted as the source snapshot first (movers, joiners).
    if (options.baseline && (await runCli(["snapshot", "--repo", dir, "--now", now])).code !== 0) throw new Error("snapshot failed");
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const r = await runCli(["plan", "--repo", dir, "--format", format, "--now", now]);
    if (r.code === 1) throw new Error(`plan failed: ${r.stderr}`);
    return { plan: format === "json" ? (JSON.parse(r.stdout) as Plan) : (undefined as unknown as Plan), ...r };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const BASE_STATE = JSON.parse(readFileSync(join(SCENARIOS, "_base/state/app.json"), "utf8")) as { accounts: Array<Record<string, unknown>>; credentials: Array<Record<string, unknown>> };

/** The base target state with some accounts changed (by login) and others added. */
export function stateWith(changed: Record<string, Record<string, unknown>>, added: Array<Record<string, unknown>> = [], credentials: Array<Record<string, unknown>> = []): string {
  const accounts = BASE_STATE.accounts.map((a) => ({ ...a, ...changed[a.login as string] }));
  return JSON.stringify({ ...BASE_STATE, accounts: [...accounts, ...added], credentials: [...BASE_STATE.credentials, ...credentials] });
}

/** The scenario base's app policy with an `accounts:` block: its lines, indented ("  preStart: 7d"). */
export const appPolicyWithAccounts = (accounts: string): string => `kind: AppPolicy
id: app
target: app
scope:
  include:
    - kinds: [person]
      where: { department: [Engineering, Platform] }
accounts:
${accounts}
entitlements:
  - group: engineering
    entitlement: team:engineering
  - group: platform-admins
    entitlement: role:admin
onLeaveScope: disable
`;

/** An identity's changes as "action entitlement", in plan order. */
export const changesOf = (plan: Plan, id: string): string[] => plan.changes.filter((c) => c.identity === id).map((c) => `${c.action}${c.entitlement ? ` ${c.entitlement}` : ""}`);
