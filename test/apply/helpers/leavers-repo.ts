// A policy repository for the leavers report's tests: one SCIM target, crm, read from its state
// file (its readAt and maxStateAge given), and journal lines of the shape apply writes
// (docs/formats.md, "The apply journal"). The report is run as the CLI runs it, in both formats.
import { expect } from "vitest";
import type { LeaversReport } from "../../../src/model/leavers-report.js";
import { PolicyRepo, type Person } from "./policy-repo.js";

export interface Account { id: string; login: string; externalId: string; active: boolean; entitlements: string[] }

/**
 * `readAt: null`: the state file has none. `journal: null`: there is no journal file. Each repo is
 * pushed on `repos`, for the test file's afterEach to clean up.
 */
export function leaversRepo(repos: PolicyRepo[], people: Person[], accounts: Account[], journal: Array<Record<string, unknown>> | null, readAt: string | null = "2026-11-26T06:00:00Z", maxStateAge?: string): PolicyRepo {
  const r = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: "https://crm.example.com/scim/v2", token: "${env:CRM_TOKEN}", state: "state/crm.json", ...(maxStateAge ? { maxStateAge } : {}) },
    people,
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"] }] }, entitlements: [{ group: "engineering", entitlement: "group:Engineering" }] },
  });
  repos.push(r);
  r.write("state/crm.json", JSON.stringify({ formatVersion: 1, target: "crm", ...(readAt !== null ? { readAt } : {}), accounts: accounts.map((a) => ({ ...a, attributes: {} })), credentials: [] }));
  const base = { run: "r1", fingerprint: "sha256:aaaa", review: "reviewed", target: "crm", attempts: 1 };
  if (journal !== null) r.write(".scopesync/journal.jsonl", journal.map((l, i) => `${JSON.stringify({ ...base, change: `c${i}`, ...l })}\n`).join(""));
  return r;
}

/** The report for --since … --until 2026-11-30, as JSON and as Markdown (which exit alike), with stderr. */
export async function leaversOf(r: PolicyRepo, since: string, ...args: string[]): Promise<{ code: number; report: LeaversReport; markdown: string; stderr: string }> {
  const json = await r.cli(["report", "leavers", "--since", since, "--until", "2026-11-30", "--format", "json", ...args], { CRM_TOKEN: "not-used" });
  const md = await r.cli(["report", "leavers", "--since", since, "--until", "2026-11-30", ...args], { CRM_TOKEN: "not-used" });
  expect(md.code).toBe(json.code);
  return { code: json.code, report: JSON.parse(json.stdout) as LeaversReport, markdown: md.stdout, stderr: json.stderr };
}
