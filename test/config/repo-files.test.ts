import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { afterEach, describe, expect, it } from "vitest";
import { filesAtRevision } from "../../src/config/git-files.js";
import { workingTree } from "../../src/config/repo-files.js";
import { pathOutsideRepo } from "../../src/model/repo-path.js";
import { copyFixture, FIXTURES, runCli } from "../helpers/run-cli.js";

const NOW = "2026-11-26T09:00:00Z";
const done: Array<() => void> = [];
afterEach(() => {
  while (done.length) done.pop()!();
});

/** A copy of the minimal repository whose github target plans from a saved (empty) state. */
function minimal(): string {
  const repo = copyFixture(join(FIXTURES, "minimal"));
  done.push(repo.cleanup);
  const config = join(repo.dir, "scopesync.yaml");
  writeFileSync(config, readFileSync(config, "utf8").replace("    org: minimal-org\n", "    org: minimal-org\n    state: state/github.json\n"));
  writeFileSync(join(repo.dir, "state", "github.json"), '{"formatVersion":1,"accounts":[],"credentials":[]}\n');
  return repo.dir;
}
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-outside-"));
  done.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("files under identities/ and policies/", () => {
  it("a symlink to a file inside the repository is read under its own path, and plans as the file would", async () => {
    const plain = minimal();
    const linked = minimal();
    const file = join(linked, "identities", "service-accounts", "svc-bot.yaml");
    mkdirSync(join(linked, "shared"));
    renameSync(file, join(linked, "shared", "svc-bot.yaml"));
    symlinkSync("../../shared/svc-bot.yaml", file);
    expect(workingTree(linked).list("identities")).toContain("identities/service-accounts/svc-bot.yaml");
    const [a, b] = [await runCli(["plan", "--repo", plain, "--format", "json", "--now", NOW]), await runCli(["plan", "--repo", linked, "--format", "json", "--now", NOW])];
    expect(b.stderr).toBe("");
    expect(b.code).toBe(a.code);
    expect(b.stdout).toBe(a.stdout);
    expect(b.stdout).toContain("svc-bot");
  });

  it("a symlink to a folder inside is walked; a link back up the tree does not loop", () => {
    const repo = minimal();
    mkdirSync(join(repo, "shared", "groups"), { recursive: true });
    writeFileSync(join(repo, "shared", "groups", "ops.yaml"), "kind: Group\nid: ops\n");
    symlinkSync("../shared/groups", join(repo, "identities", "more"));
    symlinkSync("..", join(repo, "identities", "groups", "up"));
    const files = workingTree(repo);
    expect(files.list("identities")).toEqual(["identities/groups/admins.yaml", "identities/more/ops.yaml", "identities/service-accounts/svc-bot.yaml"]);
    expect(files.refused("identities")).toEqual([]);
  });

  it("git revisions: a link inside the tree is read through, one leaving it is refused", async () => {
    const repo = minimal();
    const outside = scratch();
    writeFileSync(join(outside, "g.yaml"), "kind: Group\nid: outside\n");
    mkdirSync(join(repo, "shared"));
    writeFileSync(join(repo, "shared", "ops.yaml"), "kind: Group\nid: ops\n");
    symlinkSync("../../shared/ops.yaml", join(repo, "identities", "groups", "ops.yaml"));
    symlinkSync(join(outside, "g.yaml"), join(repo, "identities", "outside.yaml"));
    const git = simpleGit({ baseDir: repo });
    await git.init().addConfig("user.email", "t@example.com").addConfig("user.name", "t").add(".").commit("base");
    const files = await filesAtRevision(repo, "HEAD");
    expect(files.list("identities")).toContain("identities/groups/ops.yaml");
    expect(new TextDecoder().decode(files.read("identities/groups/ops.yaml"))).toBe("kind: Group\nid: ops\n");
    expect(files.refused("identities").map((r) => [r.path, r.problem])).toEqual([["identities/outside.yaml", "symbolic link to a file outside the repository; it is not read"]]);
  });
});

describe("git's own files", () => {
  // actions/checkout persists its token in .git/config as
  // `git config --local http.https://github.com/.extraheader "AUTHORIZATION: basic ***"`
  // (https://github.com/actions/checkout/issues/181); a YAML error quotes the text it stopped at.
  const credential = Buffer.from("x-access-token:ghs_notARealTokenButShapedLikeOne0123456").toString("base64");

  it("a link into .git is refused without reading it, and nothing of what it points to is shown", async () => {
    const repo = minimal();
    const git = simpleGit({ baseDir: repo });
    await git.init().addConfig("http.https://github.com/.extraheader", `AUTHORIZATION: basic ${credential}`);
    symlinkSync("../../.git/config", join(repo, "identities", "groups", "ops.yaml"));
    const r = await runCli(["validate", "--repo", repo]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("identities/groups/ops.yaml:1:1: symbolic link into .git (git's own files, which can hold credentials); it is not read");
    expect(r.stderr).not.toContain(credential.slice(0, 12));
    expect(r.stderr).not.toMatch(/AUTHORIZATION|extraheader|\[core\]/i);
    expect(workingTree(repo).exists("identities/groups/ops.yaml")).toBe(false);
  });

  it("a nested repository's .git under identities/ is refused, and a configured path into .git is an error at its position", async () => {
    const repo = minimal();
    mkdirSync(join(repo, "identities", "vendored", ".git"), { recursive: true });
    writeFileSync(join(repo, "identities", "vendored", ".git", "config.yaml"), "kind: Group\nid: vendored\n");
    expect(workingTree(repo).refused("identities").map((e) => [e.path, e.problem])).toEqual([["identities/vendored/.git", "git's own files (a nested repository's .git); they are not read"]]);
    rmSync(join(repo, "identities", "vendored"), { recursive: true });
    const config = join(repo, "scopesync.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("path: exports/hr.csv", "path: .git/config"));
    const r = await runCli(["validate", "--repo", repo]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/scopesync\.yaml:\d+:\d+: sources\.hr\.path "\.git\/config" points into \.git, git's own files/);
  });

  it("a link into .git stored in git is refused at the revision too", async () => {
    const repo = minimal();
    symlinkSync("../../.git/config", join(repo, "identities", "groups", "ops.yaml"));
    const git = simpleGit({ baseDir: repo });
    await git.init().addConfig("user.email", "t@example.com").addConfig("user.name", "t").add(".").commit("base");
    const files = await filesAtRevision(repo, "HEAD");
    expect(files.refused("identities").map((r) => [r.path, r.problem])).toEqual([["identities/groups/ops.yaml", "symbolic link into .git (git's own files, which can hold credentials); it is not read"]]);
  });
});

describe("configured paths", () => {
  it("judges a path by its text: inside, ../ past the root, absolute, and listed exceptions", () => {
    expect(pathOutsideRepo("exports/hr.csv")).toBe(false);
    expect(pathOutsideRepo("./exports/../state/x.json")).toBe(false);
    expect(pathOutsideRepo("exports/../../x.csv")).toBe(true);
    expect(pathOutsideRepo("..\\..\\etc\\passwd")).toBe(true);
    expect(pathOutsideRepo("/etc/passwd")).toBe(true);
    expect(pathOutsideRepo("C:\\exports\\hr.csv")).toBe(true);
    expect(pathOutsideRepo("/srv/exports/hr.csv", ["/srv/exports"])).toBe(false);
    expect(pathOutsideRepo("/srv/exports-old/hr.csv", ["/srv/exports"])).toBe(true);
    expect(pathOutsideRepo("/srv/exports/../secrets/x", ["/srv/exports"])).toBe(true);
    expect(pathOutsideRepo("../shared/hr.csv", ["../shared"])).toBe(false);
    expect(pathOutsideRepo("/shared/hr.csv", ["../shared"])).toBe(true); // relative entries match relative paths only
  });

  it("a path outside that allowPathsOutsideRepo lists (with a reason) is read", async () => {
    const repo = minimal();
    const outside = scratch();
    cpSync(join(repo, "exports", "hr.csv"), join(outside, "hr.csv"));
    rmSync(join(repo, "exports"), { recursive: true });
    const config = readFileSync(join(repo, "scopesync.yaml"), "utf8").replace("path: exports/hr.csv", `path: ${join(outside, "hr.csv")}`);
    writeFileSync(join(repo, "scopesync.yaml"), config);
    const refused = await runCli(["plan", "--repo", repo, "--now", NOW]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`sources.hr.path "${join(outside, "hr.csv")}" points outside the repository`);
    writeFileSync(join(repo, "scopesync.yaml"), `${config}allowPathsOutsideRepo:\n  - path: ${outside}\n    reason: the nightly export job writes here\n`);
    const allowed = await runCli(["plan", "--repo", repo, "--now", NOW]);
    expect(allowed.stderr).toBe("");
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain("ada.lovelace");
  });

  it("apply --journal with an absolute path writes there, a relative one under the repository", async () => {
    const repo = minimal();
    const outside = scratch();
    const journal = join(outside, "logs", "journal.jsonl");
    const r = await runCli(["apply", "--repo", repo, "--auto-approve", "--target", "local", "--journal", journal, "--now", NOW]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readFileSync(journal, "utf8")).toContain('"phase":"done"');
    expect(existsSync(join(repo, outside))).toBe(false);
    const fresh = minimal();
    const relative = await runCli(["apply", "--repo", fresh, "--auto-approve", "--target", "local", "--journal", "run/journal.jsonl", "--now", NOW]);
    expect(relative.code).toBe(0);
    expect(readFileSync(join(fresh, "run", "journal.jsonl"), "utf8")).toContain('"phase":"done"');
  });
});
