// Two files that name one GitHub login, one of whose identities loses access here (a disabled
// bot's file kept beside its successor's, an NHI outside the app's scope): GitHub links accounts
// by login, so both find the one account, and the one losing access offboarded it, token, team
// and all, with no finding. The account is the one that keeps access's; the plan is blocked
// until a file is corrected. Real git repositories in temp dirs, the CLI as a user runs it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { editFile, EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

const BOT = join("identities", "service-accounts", "svc-staging-deployer.yaml");

/** The example on main, with `id`'s file: a copy of the active bot's, login and all, changed by `edit`. */
async function exampleWithCopy(id: string, edit: (text: string) => string): Promise<string> {
  const dir = exampleForTest();
  writeFileSync(join(dir, "identities", "service-accounts", `${id}.yaml`), edit(readFileSync(join(dir, BOT), "utf8").replace("id: svc-staging-deployer", `id: ${id}`).replace(/^credentials:[\s\S]*$/m, "")));
  const git = simpleGit({ baseDir: dir });
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.email", "test@example.com").addConfig("user.name", "Test");
  await git.add(".").commit("base");
  return dir;
}

async function plan(dir: string, code: number, ...args: string[]): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW, ...args]);
  expect(r.code, r.stderr).toBe(code);
  return JSON.parse(r.stdout) as Plan;
}

const onTheAccount = (p: Plan) => p.changes.filter((c) => c.login === "acme-staging-deployer").map((c) => `${c.action} ${c.identity}`);
const collisions = (p: Plan) => p.findings.filter((f) => f.rule === "login-collision").map((f) => [f.severity, f.identity, f.message, f.remediation]);

describe("a GitHub login named by one identity that keeps access and one that loses it", () => {
  it("a disabled bot's file beside the active one's: the account stays the active bot's, with or without a base, and the plan is blocked", async () => {
    const dir = await exampleWithCopy("svc-staging-old", (t) => t.replace("status: active", "status: disabled"));
    for (const p of [await plan(dir, 3), await plan(dir, 3, "--base", "main")]) {
      // Before: revoke-credential, revoke team:staging-deployers and disable-account, all svc-staging-old's.
      expect(onTheAccount(p)).toEqual([]);
      expect(collisions(p)).toEqual([
        [
          "error",
          "svc-staging-old",
          'svc-staging-old (disabled) and svc-staging-deployer both have the githubLogin "acme-staging-deployer" in github: the account under it is left to svc-staging-deployer, who keeps access, and nothing is offboarded for svc-staging-old',
          "correct the file that gives a login that is not its identity's: svc-staging-old's (identities/service-accounts/svc-staging-old.yaml:2), or svc-staging-deployer's (identities/service-accounts/svc-staging-deployer.yaml:2)",
        ],
      ]);
    }
  });

  it("an NHI outside GitHub's scope: blocked where leaving the scope disables the account, nothing at all where the app keeps such accounts", async () => {
    const dir = await exampleWithCopy("svc-aws-thing", (t) => t.replace("platform: github", "platform: aws"));
    const disabling = await plan(dir, 3);
    expect(onTheAccount(disabling)).toEqual([]);
    expect(collisions(disabling).map(([severity, identity]) => `${severity} ${identity}`)).toEqual(["error svc-aws-thing"]);

    editFile(join(dir, "policies", "apps", "github.yaml"), (t) => t.replace("onLeaveScope: disable", "onLeaveScope: keep"));
    const keeping = await plan(dir, 0);
    expect(onTheAccount(keeping)).toEqual([]);
    expect(collisions(keeping)).toEqual([]);
  });
});
