// An Okta `GET /api/v1/users?limit=100` export saved without its response headers (page 1 of 2;
// Okta pages by the Link header's rel="next") cannot be proven complete: a source-unproven-export
// warning. Such a source decides nothing about who left: the users on page 2 are unknown, not gone,
// as for a source that fails a quality gate. Before, they were planned as leavers ("the export
// passed every quality gate") in the same plan that warned the export was unproven, and with
// `apply.unreviewed: revocations-only` the scheduled sync would have applied that unreviewed. The
// users the export does list still count: an explicit DEPROVISIONED is offboarded as ever; and
// `options.pages: single` (the operator says each file is whole) still decides.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";

const NOW = "2026-11-26T09:00:00Z";
const ORG = 108; // users in the org; the unproven export holds the first 100 (limit=100)
const PAGE = 100;

const uid = (n: number): string => `00u${String(n).padStart(17, "0")}`;
const login = (n: number): string => `user${String(n).padStart(3, "0")}@example.com`;

function user(n: number, status = "ACTIVE"): Record<string, unknown> {
  return {
    id: uid(n),
    status,
    created: "2024-01-10T09:00:00.000Z",
    activated: "2024-01-10T09:00:01.000Z",
    statusChanged: "2024-01-10T09:00:01.000Z",
    lastLogin: "2026-11-25T08:00:00.000Z",
    lastUpdated: "2026-11-01T00:00:00.000Z",
    type: { id: "oty1a2b3c4d5e6f7g8h9" },
    profile: { firstName: "User", lastName: `N${String(n).padStart(3, "0")}`, login: login(n), email: login(n) },
    credentials: { provider: { type: "OKTA", name: "OKTA" } },
    _links: { self: { href: `https://example.okta.com/api/v1/users/${uid(n)}` } },
  };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

interface RepoOptions {
  /** `options.pages` of the okta source; unset: the default, `checked`. */
  pages?: "single";
  /** Users whose Okta status is not ACTIVE. */
  statuses?: Record<number, string>;
  /** Add a second app whose accounts link by login (no externalId of ours): leavers are found through the accepted snapshot. */
  byLogin?: boolean;
}

/** Gates, safety and apply as `scopesync init` writes them; one app of everyone, its state holding all 108 users' accounts. */
function writeRepo(dir: string, users: readonly number[], options: RepoOptions = {}): void {
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write(
    "scopesync.yaml",
    `version: 1
organisation: rv
sources:
  okta:
    type: okta
    path: exports/okta/users.json
    authoritative: [name, department, title, status]
    gates: { required: [externalId, userName, status], minRecords: 1, maxChurn: "10%" }
    options: { exportedAt: "2026-11-26T06:00:00Z"${options.pages ? `, pages: ${options.pages}` : ""} }
correlation: { keys: [anchor, employeeId, email], precedence: [okta] }
targets:
  app: { type: file, path: state/app.json }
${options.byLogin ? "  wiki: { type: file, path: state/wiki.json }\n" : ""}safety:
  default:
    deletes: { count: 5, percent: 10 }
    disables: { count: 10, percent: 25 }
    removals: { count: 20, percent: 25 }
    changes: { count: 100, percent: 30 }
    floor: 10
apply:
  unreviewed: revocations-only
`,
  );
  const app = (id: string, linkBy: string) => `kind: AppPolicy
id: ${id}
target: ${id}
description: Everyone.
scope: { include: [ { kinds: [person] } ] }
accounts: { login: userName, onSuspended: disable${linkBy} }
entitlements: [ { group: everyone, entitlement: "group:everyone" } ]
onLeaveScope: disable
`;
  write("policies/apps/app.yaml", app("app", ""));
  write("identities/groups/everyone.yaml", "kind: Group\nid: everyone\ndescription: every person\nbirthright:\n  - kinds: [person]\n");
  write("exports/okta/users.json", JSON.stringify(users.map((n) => user(n, options.statuses?.[n])), null, 1));
  const accounts = (marked: boolean) => range(1, ORG).map((n) => ({ id: `u-${n}`, login: login(n), ...(marked ? { externalId: `okta:${uid(n)}` } : {}), active: true, attributes: {}, entitlements: ["group:everyone"] }));
  write("state/app.json", JSON.stringify({ formatVersion: 1, target: "app", readAt: "2026-11-26T06:00:00Z", credentials: [], accounts: accounts(true) }, null, 1));
  if (options.byLogin) {
    write("policies/apps/wiki.yaml", app("wiki", ", linkBy: login"));
    write("state/wiki.json", JSON.stringify({ formatVersion: 1, target: "wiki", readAt: "2026-11-26T06:00:00Z", credentials: [], accounts: accounts(false) }, null, 1));
  }
}

function tempRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-okta-unproven-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function plan(dir: string, format = "json"): Promise<{ plan: Plan; stdout: string; code: number }> {
  const r = await runCli(["plan", "--repo", dir, "--format", format, "--now", NOW]);
  if (r.code === 1) throw new Error(`plan failed: ${r.stderr}`);
  return { plan: format === "json" ? (JSON.parse(r.stdout) as Plan) : (undefined as unknown as Plan), stdout: r.stdout, code: r.code };
}

const disabled = (p: Plan) => p.changes.filter((c) => c.action === "disable-account").map((c) => `${c.target} ${c.identity}`);
const page2 = range(PAGE + 1, ORG);

describe("okta: an export that cannot be proven complete decides nothing about who left", () => {
  it("leaves the accounts of the users it lacks alone, and its warning says why and names them", async () => {
    const dir = tempRepo();
    writeRepo(dir, range(1, PAGE));
    const { plan: p } = await plan(dir);
    expect(p.blocked).toBe(false);
    // Before: the 8 users on page 2 were disabled, each "no longer in source "okta" (the export passed every quality gate)".
    expect(disabled(p)).toEqual([]);
    expect(p.changes.filter((c) => /is no longer in source "okta"/.test(c.reason))).toEqual([]);
    const unproven = p.findings.filter((f) => f.rule === "source-unproven-export");
    expect(unproven).toHaveLength(1);
    expect(unproven[0]!.severity).toBe("warning");
    // No accepted snapshot: the app's own accounts say who, by their login there; named first (rv52 #2).
    const who = page2.map((n) => `app login ${login(n)}`);
    const anchors = page2.map((n, k) => `okta:${uid(n)} (${who[k]})`);
    expect(unproven[0]!.message).toBe(
      `source "okta": 8 records it lacks are left alone, unknown rather than gone: ${who.join(", ")}; ` +
        'exports/okta/users.json is a single file without response headers: the export cannot be proven complete (one request returns only the first page), so no one is taken as a leaver for being absent from it; the users it lists still count, an explicit DEPROVISIONED or SUSPENDED status too' +
        `; it could not account for 8 record(s) that accounts are linked to: ${anchors.join(", ")}. They are unknown, not gone: no leaver change is planned from their absence`,
    );
    expect(unproven[0]!.remediation).toContain("curl -D page-1.headers");
    expect(unproven[0]!.remediation).toContain("sources.okta.options.pages: single");
  });

  it("explain says the account is left alone because the export cannot be proven complete", async () => {
    const dir = tempRepo();
    writeRepo(dir, range(1, PAGE));
    const r = await runCli(["explain", `account:${login(ORG)}`, "--repo", dir, "--now", NOW]);
    expect(r.stdout).toContain(`leave alone: marked okta:${uid(ORG)}, but source "okta" cannot be proven complete (finding source-unproven-export), so its absence decides nothing`);
  });

  it("still offboards a user it lists as DEPROVISIONED, and only them", async () => {
    const dir = tempRepo();
    writeRepo(dir, range(1, PAGE), { statuses: { 5: "DEPROVISIONED" } });
    const { plan: p } = await plan(dir);
    expect(p.findings.map((f) => f.rule)).toContain("source-unproven-export");
    // Before, the 8 on page 2 were disabled beside them.
    expect(disabled(p)).toEqual([`app ${login(5)}`]);
  });

  it("still decides with options.pages: single (each file declared whole): the users it lacks are leavers", async () => {
    const dir = tempRepo();
    writeRepo(dir, range(1, PAGE), { pages: "single" });
    const { plan: p } = await plan(dir);
    expect(p.findings.map((f) => f.rule)).not.toContain("source-unproven-export");
    expect(disabled(p)).toEqual(page2.map((n) => `app okta:${uid(n)}`));
    for (const c of p.changes.filter((x) => x.action === "disable-account")) expect(c.reason).toMatch(/^okta:00u\d{17} is no longer in source "okta" \(the export passed its gates \(required, minRecords 1, maxChurn 10%\) and the built-in checks\)$/);
  });

  it("leaves alone the accounts an app links by login, which the accepted snapshot ties to the users it lacks", async () => {
    const dir = tempRepo();
    // The accepted snapshot: the whole org, exported whole.
    writeRepo(dir, range(1, ORG), { pages: "single", byLogin: true });
    const snap = await runCli(["snapshot", "--repo", dir, "--now", NOW]);
    expect(snap.code).toBe(0);
    // Today: page 1 alone, without its headers.
    writeRepo(dir, range(1, PAGE), { byLogin: true });
    const { plan: p } = await plan(dir);
    expect(p.blocked).toBe(false);
    // Before: the 8 were disabled in both apps ("… is no longer in source "okta" (the export passed every quality gate); the account has their login …").
    expect(disabled(p)).toEqual([]);
    const r = await runCli(["explain", `account:${login(ORG)}`, "--app", "wiki", "--repo", dir, "--now", NOW]);
    expect(r.stdout).toContain(`but source "okta" cannot be proven complete (finding source-unproven-export), so their absence decides nothing`);
    // The same export declared whole decides: the snapshot's leavers are offboarded in both apps.
    writeRepo(dir, range(1, PAGE), { pages: "single", byLogin: true });
    const whole = await plan(dir);
    expect(disabled(whole.plan)).toHaveLength(16);
  });

  it("is refused as a snapshot: nothing is written, and the error says why and how to prove it", async () => {
    const dir = tempRepo();
    writeRepo(dir, range(1, ORG), { pages: "single" });
    expect((await runCli(["snapshot", "--repo", dir, "--now", NOW])).code).toBe(0);
    const accepted = readFileSync(join(dir, "state/sources/okta.json"), "utf8");
    // Today: page 1 alone, without its headers. Before, it was accepted without a word, and the
    // snapshot kept the 8 users on page 2 as gone (their leaving dated today), for later plans to offboard.
    writeRepo(dir, range(1, PAGE));
    const r = await runCli(["snapshot", "--repo", dir, "--now", NOW]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error source-unproven-export: source "okta": exports\/okta\/users\.json is a single file without response headers: the export cannot be proven complete/);
    expect(r.stderr).toContain("curl -D page-1.headers");
    expect(r.stderr).toMatch(/\nno snapshot was written: fix the sources above first\n$/);
    expect(readFileSync(join(dir, "state/sources/okta.json"), "utf8")).toBe(accepted);
    // Declared whole, the same file is a baseline the reviewer can accept.
    writeRepo(dir, range(1, PAGE), { pages: "single" });
    const whole = await runCli(["snapshot", "--repo", dir, "--now", NOW]);
    expect(whole.code).toBe(0);
    expect(whole.stderr).toBe("");
  });

  it("gives the same plan, byte for byte, each time", async () => {
    const dir = tempRepo();
    writeRepo(dir, range(1, PAGE), { statuses: { 5: "DEPROVISIONED" } });
    const first = await plan(dir, "json");
    const second = await plan(dir, "json");
    expect(second.stdout).toBe(first.stdout);
  });
});
