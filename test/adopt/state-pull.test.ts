// `scopesync state pull` against the real SCIM test server, and how old a state is in a plan:
// every output says it, maxStateAge turns an old one into a finding, apply holds back what a plan made so gives.
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { runCli } from "../helpers/run-cli.js";
import { configYaml, hrCsv, scimSeed, workers, writeFile } from "./org-fixtures.js";

let server: ScimServer;
const dirs: string[] = [];
const people = workers(40);

function repo(url: string): string {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-pull-"));
  dirs.push(dir);
  writeFile(dir, "scopesync.yaml", configYaml(`  crm:\n    type: scim\n    url: ${url}\n    token: "\${env:CRM_TOKEN}"\n    maxStateAge: 1d\n`));
  writeFile(dir, "exports/hr.csv", hrCsv(people));
  return dir;
}

beforeAll(async () => {
  server = await startScimServer();
  const seed = scimSeed(people, 4);
  await server.seed({ users: seed.users, groups: seed.groups });
}, 30_000);
afterAll(async () => {
  await server?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("state pull", () => {
  it("writes state/crm.json, sorted and the same bytes on a second pull", async () => {
    const dir = repo(server.url);
    const env = { CRM_TOKEN: server.token };
    const first = await runCli(["state", "pull", "--repo", dir, "--now", "2026-12-01T08:00:00Z"], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("crm: wrote state/crm.json\n");
    const text = readFileSync(join(dir, "state/crm.json"), "utf8");
    const state = JSON.parse(text) as { readAt: string; accounts: Array<{ login: string; entitlements: string[] }> };
    expect(state.readAt).toBe("2026-12-01T08:00:00.000Z");
    // The endpoint it was read from, right after the target's name.
    expect(text.split("\n").slice(2, 5)).toEqual(['  "target": "crm",', `  "endpoint": "${server.url}",`, '  "readAt": "2026-12-01T08:00:00.000Z",']);
    expect(state.accounts).toHaveLength(46);
    const logins = state.accounts.map((a) => a.login.toLowerCase());
    expect(logins).toEqual([...logins].sort());
    expect(text).not.toContain(server.token);
    const second = await runCli(["state", "pull", "--target", "crm", "--repo", dir, "--now", "2026-12-01T08:00:00Z"], { env });
    expect(second.stdout).toBe("crm: unchanged state/crm.json\n");
    expect(readFileSync(join(dir, "state/crm.json"), "utf8")).toBe(text);

    // Two days later, planning from that file: every format says how old it is.
    const later = "2026-12-03T09:00:00Z";
    const plainText = await runCli(["plan", "--repo", dir, "--now", later], { env });
    expect(plainText.stdout).toMatch(/^crm \(46 accounts, read from state\/crm\.json, state 2 d old\): /m);
    const markdown = await runCli(["plan", "--repo", dir, "--now", later, "--format", "markdown"], { env });
    expect(markdown.stdout).toContain("Target state: **crm** state/crm.json, state 2 d old");
    const json = JSON.parse((await runCli(["plan", "--repo", dir, "--now", later, "--format", "json"], { env })).stdout) as { targets: Record<string, unknown>; findings: Array<{ rule: string; severity: string; message: string }> };
    // Where it was read from, and a sample of its account ids, bind a reviewed plan to this app (apply/tenant-binding.ts).
    const ids = state.accounts.map((a) => (a as unknown as { id: string }).id);
    expect(json.targets.crm).toEqual({ accounts: 46, readFrom: "state/crm.json", readAt: "2026-12-01T08:00:00.000Z", ageSeconds: 176_400, endpoint: server.url, accountSample: expect.any(Array) });
    const sample = (json.targets.crm as { accountSample: string[] }).accountSample;
    expect(sample).toHaveLength(16);
    expect(sample).toEqual([...sample].sort());
    expect(sample.every((id) => ids.includes(id))).toBe(true);
    expect(json.findings.filter((f) => f.rule === "stale-target-state")).toEqual([expect.objectContaining({ severity: "warning", message: 'target "crm": the plan was made from state/crm.json, read at 2026-12-01T08:00:00.000Z, older than maxStateAge 1d; apply holds back the grants, creates, enables and updates of a reviewed plan made from it' })]);
    const sarif = JSON.parse((await runCli(["plan", "--repo", dir, "--now", later, "--format", "sarif"], { env })).stdout) as { runs: Array<{ properties: { targets: Record<string, { ageSeconds: number }> } }> };
    expect(sarif.runs[0]!.properties.targets.crm!.ageSeconds).toBe(176_400);
    // Within maxStateAge: no finding.
    const fresh = JSON.parse((await runCli(["plan", "--repo", dir, "--now", "2026-12-01T20:00:00Z", "--format", "json"], { env })).stdout) as { findings: Array<{ rule: string }> };
    expect(fresh.findings.map((f) => f.rule)).not.toContain("stale-target-state");

    // apply does not apply what a reviewed plan made from the stale state gives, and says so first
    // (test/github/apply-reviewed-stale-state.test.ts follows what it applies and holds back).
    await runCli(["plan", "--repo", dir, "--now", later, "--format", "json", "--out", join(dir, "reviewed.json")], { env });
    const apply = await runCli(["apply", "--plan", join(dir, "reviewed.json"), "--repo", dir, "--now", later], { env });
    expect(apply.stderr.split("\n")[0]).toMatch(/^warning: the reviewed plan was made from a stale target state; what it grants, creates, enables or updates there is held back, and its revocations apply only as unreviewed ones \(apply\.unreviewed\): target "crm": /);
  }, 60_000);

  it("a state file read from one SCIM app blocks the plan once scopesync.yaml points at another, until it is pulled from that one", async () => {
    const other = await startScimServer();
    try {
      await other.seed({ users: [{ userName: "someone.else" }] });
      const dir = repo(server.url);
      const now = "2026-12-01T08:00:00Z";
      expect((await runCli(["state", "pull", "--repo", dir, "--now", now], { env: { CRM_TOKEN: server.token } })).code).toBe(0);
      // A reviewed plan made from that state file, in the production app.
      expect((await runCli(["plan", "--repo", dir, "--now", now, "--format", "json", "--out", join(dir, "reviewed.json")], { env: {} })).code).toBe(0);
      writeFile(dir, "scopesync.yaml", configYaml(`  crm:\n    type: scim\n    url: ${other.url}\n    token: "\${env:CRM_TOKEN}"\n`));
      const env = { CRM_TOKEN: other.token };
      const blocked = await runCli(["plan", "--repo", dir, "--now", now, "--format", "json"], { env });
      expect(blocked.code).toBe(3);
      const plan = JSON.parse(blocked.stdout) as { findings: Array<{ rule: string; message: string; remediation: string }>; blockedReasons: string[] };
      expect(plan.findings.filter((f) => f.rule === "target-state-elsewhere").map((f) => f.message)).toEqual([`target "crm": state/crm.json was read from ${server.url}, but scopesync.yaml points the target at ${other.url}: every change for "crm" would be computed against the other system's accounts and applied to this one`]);
      // The reviewed plan from the old app is refused by apply, before anything is written to the new one.
      const applied = await runCli(["apply", "--plan", join(dir, "reviewed.json"), "--repo", dir, "--now", now], { env });
      expect(applied.code).toBe(1);
      expect(applied.stderr).toContain(`target "crm": the reviewed plan was made from ${server.url}, but scopesync.yaml points the target at ${other.url}`);
      expect((await other.stats()).requests["POST /Users"] ?? 0).toBe(0);
      // Pulled from the app it points at now: planned from that one.
      expect((await runCli(["state", "pull", "--repo", dir, "--now", now], { env })).code).toBe(0);
      const fresh = await runCli(["plan", "--repo", dir, "--now", now, "--format", "json"], { env });
      expect((JSON.parse(fresh.stdout) as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule)).not.toContain("target-state-elsewhere");
    } finally {
      await other.stop();
    }
  }, 60_000);

  it("--target NAME needs only that target's token: another target's missing token does not stop it", async () => {
    const dir = repo(server.url);
    writeFile(dir, "scopesync.yaml", configYaml(`  crm:\n    type: scim\n    url: ${server.url}\n    token: "\${env:CRM_TOKEN}"\n  erp:\n    type: scim\n    url: ${server.url}\n    token: "\${env:ERP_TOKEN}"\n`));
    const r = await runCli(["state", "pull", "--target", "crm", "--repo", dir, "--now", "2026-12-01T08:00:00Z"], { env: { CRM_TOKEN: server.token } });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("crm: wrote state/crm.json\n");
    expect(existsSync(join(dir, "state/erp.json"))).toBe(false);
  });

  it("an unreachable target: a line per retry, then one error, exit 1, nothing written", async () => {
    const dir = repo("http://127.0.0.1:9/scim/v2");
    const r = await runCli(["state", "pull", "--repo", dir, "--now", "2026-12-01T08:00:00Z"], { env: { CRM_TOKEN: "x" } });
    expect(r.code).toBe(1);
    // Six attempts: five say why and how long the wait before the next is; the sixth is the error.
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(7);
    for (const [i, line] of lines.slice(0, 5).entries()) expect(line).toMatch(new RegExp(`^crm: attempt ${i + 1} to read failed \\(scim GET /ServiceProviderConfig: connection failed .*\\); reading again in [0-9.]+ s$`));
    expect(lines[5]).toMatch(/^error: target "crm": scim GET \/ServiceProviderConfig: connection failed/);
    expect(lines[6]).toMatch(/^  fix: /);
    expect(existsSync(join(dir, "state"))).toBe(false);
  });
});
