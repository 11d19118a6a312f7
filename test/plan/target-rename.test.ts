// A target renamed in scopesync.yaml with its system unchanged (rv73 finding 1): `plan --base`
// took `erp:` → `ledger:` (same type, same state file) for a removal plus a new target, warned that
// the pull request "cancels" the base's revocations on erp ("once merged, nothing plans them")
// while the same plan made them on ledger, and marked every ledger change "this PR". Now the
// rename is recognised and said (target-renamed), the base's changes count under the new name,
// and `formerNames` makes the apply journal's records under the old name the new one's.
// Real git repositories in temp dirs, the real CLI.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { repoOnBranch } from "../helpers/branch-repo.js";
import { edit, FILES, NOW } from "../helpers/offboarding-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();

const ERP = "  erp:\n    type: file\n    path: state/erp.json\n";

/** The pull request renames erp to ledger: the same state file, the policy's target follows. */
async function renamed(formerNames?: string): Promise<string> {
  const { dir, git } = await repoOnBranch(join(tempDir("scopesync-target-rename-"), "repo"), FILES);
  edit(dir, "scopesync.yaml", ERP, `  ledger:\n    type: file\n    path: state/erp.json\n${formerNames ? `    formerNames: ${formerNames}\n` : ""}`);
  edit(dir, "policies/apps/erp.yaml", "target: erp", "target: ledger");
  await git.add(".").commit("erp is ledger now");
  return dir;
}

async function planJson(dir: string, code = 0): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(code);
  return JSON.parse(r.stdout) as Plan;
}

const line = (c: Plan["changes"][number]): string => [c.action, c.identity, c.entitlement, c.target, c.origin].filter(Boolean).join(" ");
const about = (plan: Plan, rule: string) => plan.findings.filter((f) => f.rule === rule).map(({ rule: _r, ...f }) => f);

describe("plan --base when the pull request renames a target", () => {
  it("recognises the rename: main's offboarding is ledger's, not cancelled and not this PR's; the missing formerNames is a warning with the line to add", async () => {
    const plan = await planJson(await renamed());
    expect(plan.changes.map(line)).toEqual(["revoke milton.waddams group:finance ledger source", "disable-account milton.waddams ledger source"]);
    expect(about(plan, "pr-cancels-revocations")).toEqual([]);
    expect(about(plan, "target-renamed")).toEqual([
      {
        severity: "warning",
        target: "ledger",
        message: "target ledger is main's target erp renamed (the same system: file, state state/erp.json), planned as a rename; but ledger does not name erp in formerNames, so once merged the apply journal's records under erp (what earlier offboardings took, the logins accounts had, the e-mail invitations scopesync cancelled) would not count for ledger",
        remediation: "add formerNames: [erp] under targets.ledger in scopesync.yaml (or keep the name erp)",
        location: "scopesync.yaml:15",
      },
    ]);
    expect(plan.blocked).toBe(false);
  });

  it("with formerNames: [erp], says what the rename changes, as info", async () => {
    const plan = await planJson(await renamed("[erp]"));
    expect(plan.changes.map(line)).toEqual(["revoke milton.waddams group:finance ledger source", "disable-account milton.waddams ledger source"]);
    expect(about(plan, "pr-cancels-revocations")).toEqual([]);
    expect(about(plan, "target-renamed").map((f) => [f.severity, f.message])).toEqual([
      ["info", "this pull request renames target erp to ledger (the same system: file, state state/erp.json): nothing moves and nothing is cancelled; what main plans for erp is ledger's, and the apply journal's records under erp (what earlier offboardings took, the logins accounts had, the e-mail invitations scopesync cancelled) count for ledger (formerNames)"],
    ]);
  });

  it("a former name that read another state is no rename: the plan is blocked, and main's revocations on erp are named as cancelled", async () => {
    const { dir, git } = await repoOnBranch(join(tempDir("scopesync-target-rename-"), "repo"), FILES);
    edit(dir, "scopesync.yaml", ERP, "  ledger:\n    type: file\n    path: state/ledger.json\n    formerNames: [erp]\n");
    writeFileSync(join(dir, "state/ledger.json"), JSON.stringify({ formatVersion: 1, accounts: [], credentials: [] }));
    edit(dir, "policies/apps/erp.yaml", "target: erp", "target: ledger");
    await git.add(".").commit("ledger replaces erp");
    const plan = await planJson(dir, 3);
    expect(about(plan, "target-renamed").map((f) => [f.severity, f.message, f.remediation])).toEqual([
      ["error", "target ledger names erp in formerNames, but main's erp read another system or state (file, state state/erp.json; ledger: file, state state/ledger.json): erp is removed, not renamed, and the apply journal's records under erp (what earlier offboardings took, the logins accounts had, the e-mail invitations scopesync cancelled) are not ledger's", "delete erp from targets.ledger.formerNames, or point ledger at the system erp read"],
    ]);
    expect(about(plan, "pr-cancels-revocations").map((f) => f.target)).toEqual(["erp"]);
  });

  it("sharded (resolve, plan --target, plan merge) gives the one-process plan, byte for byte", async () => {
    const dir = await renamed();
    const one = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", NOW]);
    const snapshot = join(dir, "..", "identities.snapshot");
    expect((await runCli(["resolve", "--repo", dir, "--base", "main", "--now", NOW, "--out", snapshot])).code).toBe(0);
    const shard = (t: string) => join(dir, "..", `shard-${t}.json`);
    for (const t of ["ledger", "wiki"]) expect((await runCli(["plan", "--repo", dir, "--target", t, "--identities", snapshot, "--out", shard(t)])).code).toBe(0);
    const merged = await runCli(["plan", "merge", shard("ledger"), shard("wiki"), "--repo", dir, "--identities", snapshot, "--format", "json"]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(one.stdout);
  });
});

describe("formerNames after the merge: the apply journal's records under the old name are the target's", () => {
  // scopesync deleted milton's erp account (its journal says so, under erp); milton is back at work.
  async function returning(formerNames?: string): Promise<Plan> {
    const dir = await renamed(formerNames);
    edit(dir, "exports/personio.csv", "Waddams,inactive,", "Waddams,active,");
    writeFileSync(join(dir, "state/erp.json"), JSON.stringify({ formatVersion: 1, accounts: [{ id: "2", login: "bill.lumbergh", externalId: "hr:E2", active: true, attributes: {}, entitlements: ["group:finance"] }], credentials: [] }));
    const record = { at: "2026-11-20T06:00:00.000Z", run: "r1", phase: "done", outcome: "applied", target: "erp", action: "delete-account", identity: "milton.waddams", account: "3", login: "milton.waddams" };
    mkdirSync(join(dir, ".scopesync"));
    writeFileSync(join(dir, ".scopesync/journal.jsonl"), `${JSON.stringify(record)}\n`);
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Plan;
  }
  const create = (plan: Plan) => plan.changes.find((c) => c.action === "create-account" && c.identity === "milton.waddams")!;

  it("with formerNames: [erp], milton's new ledger account is a return, naming the journal's removal", async () => {
    const plan = await returning("[erp]");
    expect(create(plan).target).toBe("ledger");
    expect(create(plan).reason).toMatch(/^returns: hr:E3 is in the scope of erp again; scopesync removed "milton.waddams" on 2026-11-20 \(\.scopesync\/journal\.jsonl:1\)/);
  });

  it("without it, the record under erp counts for nothing: milton reads as a joiner (what the plan --base warning says)", async () => {
    expect(create(await returning()).reason).toMatch(/^joiner: /);
  });
});

describe("validate: a former name", () => {
  it("that a target has now, or that two targets claim, is an error at its line", async () => {
    const { dir } = await repoOnBranch(join(tempDir("scopesync-target-rename-"), "repo"), FILES);
    edit(dir, "scopesync.yaml", ERP, `${ERP}    formerNames: [wiki, books]\n  ledger:\n    type: file\n    path: state/ledger.json\n    formerNames: [books]\n`);
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('scopesync.yaml:17:19: target "erp" names "wiki" as a former name, but "wiki" is a target now');
    expect(r.stderr).toContain('scopesync.yaml:21:19: target "ledger" names "books" as a former name, as target "erp" already does');
  });
});
