// planInputsSince (src/github/inputs-since.ts) on real git repositories in temp dirs: do the
// commits after a run's own change a file its plan reads? Apply and sync go ahead only on "no",
// so every case git cannot compare must come out "changed", with why.
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { planInputsSince } from "../../src/github/inputs-since.js";

const AUTHOR = ["-c", "user.name=Ada Tester", "-c", "user.email=ada@corp.example"];

/** A csv source read from exports/, its snapshot where the config names none, a file target. */
const CONFIG = `version: 1
organisation: Acme Robotics
sources:
  hr:
    type: csv
    path: exports/hr.csv
targets:
  wiki:
    type: file
    path: state/wiki.json
  crm:
    type: scim
    url: https://crm.acme.example/scim/v2
    token: \${env:CRM_TOKEN}
`;

let root: string;
let git: SimpleGit;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

async function commit(message: string): Promise<string> {
  await git.add(["-A", "."]);
  await git.raw([...AUTHOR, "commit", "-q", "-m", message]);
  return (await git.revparse(["HEAD"])).trim();
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "scopesync-inputs-since-"));
  git = simpleGit({ baseDir: root });
  await git.init(["-q", "-b", "main"]);
  write("scopesync.yaml", CONFIG);
  write("identities/people/ada.yaml", "kind: Person\nid: ada\n");
  write("exports/hr.csv", "WorkerID,UserID\nW1,ada\n");
  write("state/wiki.json", "{}\n");
  write("README.md", "# Acme access\n");
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("planInputsSince: did the commits after a run's own change what its plan reads?", () => {
  it("a README-only commit after it: nothing the plan reads changed, and the files it did change are named", async () => {
    const x = await commit("policy");
    write("README.md", "# Acme access, now with a how-to\n");
    write("docs/how-to.md", "Open a pull request.\n");
    const y = await commit("docs");

    expect(await planInputsSince(root, x, y)).toEqual({ changed: false, files: ["README.md", "docs/how-to.md"] });
  });

  it.each([
    ["an identity", "identities/people/grace.yaml", "kind: Person\nid: grace\n"],
    ["the export scopesync.yaml names (sources.hr.path)", "exports/hr.csv", "WorkerID,UserID\nW1,ada\nW2,grace\n"],
    ["the source's snapshot where the config names none (state/sources/hr.json)", "state/sources/hr.json", "{}\n"],
    ["the file target's file (targets.wiki.path)", "state/wiki.json", '{"accounts":[]}\n'],
    ["a live target's state file where the config names none (state/crm.json)", "state/crm.json", "{}\n"],
    ["a policy", "policies/apps/wiki.yaml", "kind: AppPolicy\nid: wiki\ntarget: wiki\n"],
  ])("a commit that changes %s: changed, naming the file and the newest commit that changed an input", async (_what, path, text) => {
    const x = await commit("policy");
    write(path, text);
    const y = await commit("the input");
    write("README.md", "# later docs\n");
    const z = await commit("docs");

    expect(await planInputsSince(root, x, z)).toEqual({ changed: true, why: `the commits since change what the plan reads (${path})`, newest: y });
  });

  it("scopesync.yaml itself changed (a path the tip's config names and the run's did not): changed", async () => {
    const x = await commit("policy");
    write("scopesync.yaml", CONFIG.replace("exports/hr.csv", "exports/hr-v2.csv"));
    const y = await commit("move the export");

    expect(await planInputsSince(root, x, y)).toMatchObject({ changed: true, why: "the commits since change what the plan reads (scopesync.yaml)", newest: y });
  });

  it("the policy repository in a folder of the git repository (repository-path): its paths are the folder's, a change beside it is not read", async () => {
    // access/ holds the policy repository; README.md at the git root is no input.
    mkdirSync(join(root, "access"));
    for (const p of ["scopesync.yaml", "identities", "exports", "state"]) renameSync(join(root, p), join(root, "access", p));
    const x = await commit("the policy repository in access/");
    write("README.md", "# the root's docs\n");
    const docs = await commit("docs at the root");
    write("access/identities/people/grace.yaml", "kind: Person\nid: grace\n");
    const grace = await commit("grace");
    const dir = join(root, "access");

    expect(await planInputsSince(dir, x, docs)).toEqual({ changed: false, files: ["README.md"] });
    expect(await planInputsSince(dir, x, grace)).toEqual({ changed: true, why: "the commits since change what the plan reads (access/identities/people/grace.yaml)", newest: grace });
  });

  describe("fails closed: changed, with why, wherever git cannot compare", () => {
    const cannot = (why: string) => ({ changed: true, why: `whether the commits since change what the plan reads cannot be told (${why})` });

    it("the tip is not in the checkout", async () => {
      const x = await commit("policy");
      const missing = "0123456789abcdef0123456789abcdef01234567";
      expect(await planInputsSince(root, x, missing)).toEqual(cannot("0123456789ab is not in this checkout"));
    });

    it("the run's commit is not an ancestor of the tip (the branch was force-pushed)", async () => {
      const x = await commit("policy");
      await git.raw(["switch", "-q", "--orphan", "rewritten"]);
      write("README.md", "# rewritten\n");
      const y = await commit("rewritten history");
      expect(await planInputsSince(root, x, y)).toEqual(cannot(`${x.slice(0, 12)} is not an ancestor of ${y.slice(0, 12)}: the branch's history was rewritten`));
    });

    it("scopesync.yaml does not validate at the run's commit", async () => {
      write("scopesync.yaml", "version: 1\norganisation: Acme Robotics\n");
      const x = await commit("half a config");
      write("README.md", "# docs\n");
      const y = await commit("docs");
      expect(await planInputsSince(root, x, y)).toEqual(cannot(`scopesync.yaml is missing or does not validate at ${x.slice(0, 12)}, so which files the plan reads is not known`));
    });

    it("an identity file is a symbolic link (git compares the link's text, not the file read through it)", async () => {
      write("shared/grace.yaml", "kind: Person\nid: grace\n");
      symlinkSync("../../shared/grace.yaml", join(root, "identities/people/grace.yaml"));
      const x = await commit("policy");
      write("shared/grace.yaml", "kind: Person\nid: grace\nbreakGlass: true\n");
      const y = await commit("shared/ changes grace through the link");
      expect(await planInputsSince(root, x, y)).toEqual(cannot(`identities/people/grace.yaml is a symbolic link or submodule at ${x.slice(0, 12)}, and what it points to is not compared`));
    });

    it("a folder on the way to the export is a symbolic link", async () => {
      rmSync(join(root, "exports"), { recursive: true });
      write("drops/hr.csv", "WorkerID,UserID\nW1,ada\n");
      symlinkSync("drops", join(root, "exports"));
      const x = await commit("policy");
      write("drops/hr.csv", "WorkerID,UserID\n");
      const y = await commit("the export changes through the link");
      expect(await planInputsSince(root, x, y)).toEqual(cannot(`exports is a symbolic link or submodule at ${x.slice(0, 12)}, and what it points to is not compared`));
    });

    it("a path outside the repository (allowPathsOutsideRepo): git does not see it", async () => {
      write("scopesync.yaml", `${CONFIG.replace("path: exports/hr.csv", "path: /srv/exports/hr.csv")}allowPathsOutsideRepo:\n  - path: /srv/exports\n    reason: the nightly export job writes here\n`);
      const x = await commit("policy");
      write("README.md", "# docs\n");
      const y = await commit("docs");
      expect(await planInputsSince(root, x, y)).toEqual(cannot(`scopesync.yaml at ${x.slice(0, 12)} names /srv/exports/hr.csv, outside the repository, where git does not see it`));
    });
  });
});
