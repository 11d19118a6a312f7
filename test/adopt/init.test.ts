// `scopesync init`: a repository that validates and plans as written, that never overwrites, and
// whose workflows are the ones scopesync ships (copied at run time, not a second text).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const dirs: string[] = [];
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), "scopesync-init-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("scopesync init", () => {
  it("writes a repository that validates and plans", async () => {
    const cwd = temp();
    const init = await runCli(["init", "new-org"], { cwd });
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("created a scopesync policy repository in new-org");
    const repo = join(cwd, "new-org");
    const validate = await runCli(["validate", "--repo", repo]);
    expect(validate.stderr).toBe("");
    expect(validate.code).toBe(0);
    const plan = await runCli(["plan", "--repo", repo, "--now", "2026-01-02T00:00:00Z", "--format", "json"]);
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout).summary).toEqual({ "create-account": 2, grant: 2 });
    // The workflows are scopesync's own, byte for byte; ci.yml (scopesync's tests) is not copied.
    expect(readdirSync(join(repo, ".github/workflows")).sort()).toEqual(["apply.yml", "plan.yml", "sync.yml"]);
    for (const f of ["plan.yml", "apply.yml", "sync.yml"]) expect(readFileSync(join(repo, ".github/workflows", f), "utf8")).toBe(readFileSync(join(ROOT, ".github/workflows", f), "utf8"));
    expect(readFileSync(join(repo, ".gitignore"), "utf8")).toMatch(/^\.scopesync\/$/m);
    expect(readFileSync(join(repo, ".github/CODEOWNERS"), "utf8")).toMatch(/^\/identities\/ +@/m);
    // Every source and target type has a commented example; the only secrets are ${env:…} references.
    const config = readFileSync(join(repo, "scopesync.yaml"), "utf8");
    for (const type of ["csv", "ldif", "ldap", "okta", "entra", "google", "scim", "file", "github"]) expect(config, type).toMatch(new RegExp(`type: ${type}\\b`));
    for (const m of config.matchAll(/(?:token|password): (.*)$/gm)) expect(m[1]).toMatch(/^"\$\{env:[A-Z_]+\}"$/);
    expect(readFileSync(join(repo, "identities/groups/engineering.yaml"), "utf8")).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/schemas\/group\.schema\.json$/m);
    expect(existsSync(join(repo, "schemas/group.schema.json"))).toBe(true);
  });

  it("refuses to write over existing files, names them, and writes nothing", async () => {
    const repo = temp();
    writeFileSync(join(repo, "scopesync.yaml"), "version: 1\n");
    writeFileSync(join(repo, "README.md"), "ours\n");
    const r = await runCli(["init", repo]);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe("error: init would overwrite 1 file it did not write: scopesync.yaml");
    expect(readdirSync(repo).sort()).toEqual(["README.md", "scopesync.yaml"]);
    expect(readFileSync(join(repo, "scopesync.yaml"), "utf8")).toBe("version: 1\n");
  });
});
