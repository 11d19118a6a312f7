// `scopesync init`: a repository that validates and plans as written, that never overwrites, and
// whose workflows are the ones scopesync ships (copied at run time, not a second text).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
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
    // The workflows are scopesync's own; ci.yml (scopesync's tests) is not copied. Two edits fit
    // them to a policy repository: apply runs on a change to exports/ (not this repository's
    // examples/), and sync checks out scopesync's repository at a pinned commit and builds its CLI
    // there (never a package name from the npm registry, which anyone may publish: rv50 #2).
    expect(readdirSync(join(repo, ".github/workflows")).sort()).toEqual(["apply.yml", "plan.yml", "publish.yml", "sync.yml"]);
    const written = (f: string): string => readFileSync(join(repo, ".github/workflows", f), "utf8");
    const ours = (f: string): string => readFileSync(join(ROOT, ".github/workflows", f), "utf8");
    for (const f of ["plan.yml", "publish.yml"]) expect(written(f)).toBe(ours(f));
    expect(written("apply.yml")).toBe(ours("apply.yml").replace("      - examples/exports/**\n      - examples/state/**\n", "      - exports/**\n"));
    expect(written("apply.yml")).not.toContain("examples/");
    const sync = parse(written("sync.yml")) as { jobs: { sync: { steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown>; "working-directory"?: string }> } } };
    const steps = sync.jobs.sync.steps;
    const cli = steps.find((s) => s.with?.path === ".scopesync-cli")!;
    // Pinned as the workflow's own checkout is (one pin to update).
    expect(cli.uses).toBe(steps.find((s) => s.uses?.startsWith("actions/checkout@") && s !== cli)!.uses);
    expect(cli.uses).toMatch(/^actions\/checkout@[0-9a-f]{40}$/);
    // To be filled in with what `uses:` pins: until then the checkout fails, never runs another CLI.
    expect(cli.with).toEqual({ repository: "<owner>/scopesync", ref: "<commit>", path: ".scopesync-cli", "persist-credentials": false });
    const build = steps[steps.indexOf(cli) + 1]!;
    expect(build).toMatchObject({ "working-directory": ".scopesync-cli", run: "npm ci --ignore-scripts\nnpm run build\n" });
    const runs = steps.map((s) => s.run ?? "").join("\n");
    expect(runs).toContain('node .scopesync-cli/bin/scopesync.js snapshot 2>&1 | tee "$RUNNER_TEMP/scopesync-snapshot.txt"');
    expect(runs).toContain("node .scopesync-cli/bin/scopesync.js drift || [ $? -eq 2 ]");
    expect(runs).not.toMatch(/npx|node bin\//);
    // The checkout is git-ignored: the snapshot step's `git add -A` never commits it.
    expect(readFileSync(join(repo, ".gitignore"), "utf8")).toMatch(/^\.scopesync-cli\/$/m);
    // The tokens the commented targets name are the ones the workflows set.
    const names = [...readFileSync(join(repo, "scopesync.yaml"), "utf8").matchAll(/token: "\$\{env:([A-Z0-9_]+)\}"/g)].map((m) => m[1]!);
    expect(names).toEqual(["SCOPESYNC_GITHUB_TOKEN", "SCOPESYNC_CRM_TOKEN"]);
    for (const name of names) for (const f of ["apply.yml", "sync.yml"]) expect(written(f), `${name} in ${f}`).toContain(`          ${name}: \${{ secrets.`);
    expect(readFileSync(join(repo, ".gitignore"), "utf8")).toMatch(/^\.scopesync\/$/m);
    expect(readFileSync(join(repo, ".github/CODEOWNERS"), "utf8")).toMatch(/^\/identities\/ +@/m);
    // Every source and target type has a commented example; the only secrets are ${env:…} references.
    const config = readFileSync(join(repo, "scopesync.yaml"), "utf8");
    for (const type of ["csv", "ldif", "ldap", "okta", "entra", "google", "scim", "file", "github"]) expect(config, type).toMatch(new RegExp(`type: ${type}\\b`));
    for (const m of config.matchAll(/(?:token|password): (.*)$/gm)) expect(m[1]).toMatch(/^"\$\{env:[A-Z_]+\}"$/);
    expect(readFileSync(join(repo, "identities/groups/engineering.yaml"), "utf8")).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/schemas\/group\.schema\.json$/m);
    expect(existsSync(join(repo, "schemas/group.schema.json"))).toBe(true);
  });

  it("its app policy leaves contractors and guests out, and its pinned export time is named when maxAge judges it", async () => {
    const cwd = temp();
    expect((await runCli(["init", "org"], { cwd })).code).toBe(0);
    const repo = join(cwd, "org");
    // A guest, as an Entra export makes one (userType Guest: employmentType guest), beside the three.
    const hr = join(repo, "exports/hr.csv");
    writeFileSync(hr, `${readFileSync(hr, "utf8")}E103,pat.partner,Pat,Partner,pat@partner.example,Active,Guest,Consultant,Design,E100,2025-09-01,\n`);
    const plan = await runCli(["plan", "--repo", repo, "--now", "2026-01-02T00:00:00Z", "--format", "json"]);
    expect(plan.code).toBe(0);
    const created = JSON.parse(plan.stdout).changes.filter((c: { action: string }) => c.action === "create-account").map((c: { identity: string }) => c.identity);
    expect(created.sort()).toEqual(["alex.doe", "sam.roe"]);
    // maxAge, as the template's comment suggests: the export's time is the pin, and the fix says so.
    const config = join(repo, "scopesync.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("      # maxAge: 7d ", "      maxAge: 7d   "));
    const stale = await runCli(["plan", "--repo", repo, "--now", "2026-02-01T00:00:00Z", "--format", "json"]);
    expect(stale.code).toBe(3);
    const finding = JSON.parse(stale.stdout).findings.find((f: { rule: string }) => f.rule === "source-gate-max-age");
    expect(finding.message).toBe('source "hr": export is 30.8 days old (exported 2026-01-01T06:00:00.000Z, as options.exportedAt says); maxAge is 7d');
    expect(finding.remediation).toMatch(/^the export's time is pinned by options\.exportedAt \(2026-01-01T06:00:00Z\) at scopesync\.yaml:\d+:\d+: refresh the export and update options\.exportedAt with it, or remove it/);
  });

  it("refuses to write over existing files, names them, and writes nothing", async () => {
    const repo = temp();
    writeFileSync(join(repo, "scopesync.yaml"), "version: 1\n");
    writeFileSync(join(repo, "README.md"), "ours\n");
    const r = await runCli(["init", repo]);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe("error: init would overwrite 1 file it did not write: scopesync.yaml");
    // The fix names what init takes (a folder), not import's --out, which init refuses.
    expect(r.stderr.split("\n")[1]).toBe("  fix: move or remove them (or name another folder: scopesync init DIR), then run again; nothing was written");
    expect(readdirSync(repo).sort()).toEqual(["README.md", "scopesync.yaml"]);
    expect(readFileSync(join(repo, "scopesync.yaml"), "utf8")).toBe("version: 1\n");
  });

  it("--repo DIR names the folder when init is given no DIR; both naming different folders is refused", async () => {
    const cwd = temp();
    const r = await runCli(["--repo", "by-repo", "init"], { cwd });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").slice(0, 2)).toEqual([
      expect.stringMatching(/^created a scopesync policy repository in by-repo \(\d+ files\)$/),
      "next: scopesync validate --repo by-repo && scopesync plan --repo by-repo",
    ]);
    expect(readdirSync(cwd)).toEqual(["by-repo"]);
    expect(existsSync(join(cwd, "by-repo", "scopesync.yaml"))).toBe(true);
    // An absolute --repo, run elsewhere: written there, nothing in the current directory.
    const elsewhere = temp();
    const absolute = join(temp(), "org");
    expect((await runCli(["init", "--repo", absolute], { cwd: elsewhere })).code).toBe(0);
    expect(existsSync(join(absolute, "scopesync.yaml"))).toBe(true);
    expect(readdirSync(elsewhere)).toEqual([]);
    // DIR and --repo naming one folder is fine; naming two is an error, and nothing is written.
    expect((await runCli(["--repo", join(cwd, "same"), "init", "same"], { cwd })).code).toBe(0);
    const both = await runCli(["--repo", "one", "init", "two"], { cwd });
    expect(both.code).toBe(1);
    expect(both.stderr).toBe("error: init was given two folders: DIR two and --repo one\n  fix: name the folder once: scopesync init two or scopesync --repo one init\n");
    expect(readdirSync(cwd).sort()).toEqual(["by-repo", "same"]);
  });

  it("a DIR that is a file: one line, exit 1, nothing written", async () => {
    const cwd = temp();
    writeFileSync(join(cwd, "taken"), "ours\n");
    const r = await runCli(["init", "taken"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toMatch(/^error: init needs a folder at \/.*\/taken, but that is a file$/);
    expect(r.stderr.split("\n")).toHaveLength(3); // the error, its fix, the final newline
    expect(readdirSync(cwd)).toEqual(["taken"]);
    expect(readFileSync(join(cwd, "taken"), "utf8")).toBe("ours\n");
  });
});
