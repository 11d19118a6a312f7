// scopesync.yaml's apply.journal: one place for the apply journal, read by every command. Before,
// `apply --journal` wrote elsewhere while `plan` and `explain` read only .scopesync/journal.jsonl:
// a team that journalled elsewhere got plans that called a returning leaver a joiner (and forgot
// what the offboarding took). Real git repositories in temp dirs, the real CLI.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { repoOnBranch } from "../helpers/branch-repo.js";
import { edit, FILES, NOW } from "../helpers/offboarding-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();

/** milton is back at work; scopesync deleted his erp account, as the journal at `journal` records. */
async function returning(config: string, journal: string): Promise<string> {
  const { dir } = await repoOnBranch(join(tempDir("scopesync-configured-journal-"), "repo"), FILES);
  edit(dir, "scopesync.yaml", "safety:\n", `${config}safety:\n`);
  edit(dir, "exports/personio.csv", "Waddams,inactive,", "Waddams,active,");
  writeFileSync(join(dir, "state/erp.json"), JSON.stringify({ formatVersion: 1, accounts: [{ id: "2", login: "bill.lumbergh", externalId: "hr:E2", active: true, attributes: {}, entitlements: ["group:finance"] }], credentials: [] }));
  const record = { at: "2026-11-20T06:00:00.000Z", run: "r1", phase: "done", outcome: "applied", target: "erp", action: "delete-account", identity: "milton.waddams", account: "3", login: "milton.waddams" };
  mkdirSync(join(dir, journal, ".."), { recursive: true });
  writeFileSync(join(dir, journal), `${JSON.stringify(record)}\n`);
  return dir;
}

const create = (plan: Plan) => plan.changes.find((c) => c.action === "create-account" && c.identity === "milton.waddams" && c.target === "erp")!;

async function planOf(dir: string, ...more: string[]): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW, ...more]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Plan;
}

describe("apply.journal in scopesync.yaml", () => {
  it("plan reads the configured journal: milton's new erp account is a return naming its line", async () => {
    const dir = await returning("apply:\n  journal: audit/journal.jsonl\n", "audit/journal.jsonl");
    expect(create(await planOf(dir)).reason).toMatch(/^returns: hr:E3 is in the scope of erp again; scopesync removed "milton\.waddams" on 2026-11-20 \(audit\/journal\.jsonl:1\)/);
  });

  it("plan --journal reads the journal apply --journal wrote, over the configured one", async () => {
    const dir = await returning("apply:\n  journal: audit/none-yet.jsonl\n", "elsewhere/apply.jsonl");
    expect(create(await planOf(dir, "--journal", "elsewhere/apply.jsonl")).reason).toMatch(/^returns: .*\(elsewhere\/apply\.jsonl:1\)/);
  });

  it("explain reads it too, without --journal", async () => {
    const dir = await returning("apply:\n  journal: audit/journal.jsonl\n", "audit/journal.jsonl");
    const r = await runCli(["explain", "milton.waddams", "--app", "erp", "--repo", dir, "--now", NOW]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("(audit/journal.jsonl:1)");
  });

  it("a configured journal that does not exist yet is a first run: the plan is a joiner's, no error", async () => {
    const dir = await returning("apply:\n  journal: audit/none-yet.jsonl\n", "audit/journal.jsonl");
    expect(create(await planOf(dir)).reason).toMatch(/^joiner: /);
  });

  it("apply --auto-approve writes the configured journal, not the default", async () => {
    const { dir } = await repoOnBranch(join(tempDir("scopesync-configured-journal-"), "repo"), FILES);
    edit(dir, "scopesync.yaml", "safety:\n", "apply:\n  journal: audit/journal.jsonl\nsafety:\n");
    const r = await runCli(["apply", "--auto-approve", "--repo", dir, "--now", NOW]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, ".scopesync/journal.jsonl"))).toBe(false);
    const lines = readFileSync(join(dir, "audit/journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { identity: string; phase: string });
    expect(lines.filter((l) => l.phase === "done").map((l) => l.identity)).toEqual(["milton.waddams", "milton.waddams"]);
  });

  it("validate: a journal outside the repository is refused at its line, unless allowPathsOutsideRepo lists it", async () => {
    const { dir } = await repoOnBranch(join(tempDir("scopesync-configured-journal-"), "repo"), FILES);
    edit(dir, "scopesync.yaml", "safety:\n", "apply:\n  journal: ../journal.jsonl\nsafety:\n");
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('scopesync.yaml:21:12: apply.journal "../journal.jsonl" points outside the repository');
    edit(dir, "scopesync.yaml", "safety:\n", "allowPathsOutsideRepo:\n  - { path: ../journal.jsonl, reason: the audit team collects journals beside the checkout }\nsafety:\n");
    const ok = await runCli(["validate", "--repo", dir]);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
  });
});
