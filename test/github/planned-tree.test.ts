// The git steps that let publish plan the plan job's tree: whether a commit is on a branch (the
// plan job's word about its base is taken only then), and the merge of a head into a base commit,
// made the same in every job, refused where it conflicts. Real git repositories in temp dirs.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isAncestor } from "../../src/config/git-files.js";
import { mergeIntoBase } from "../../src/github/planned-tree.js";

let dir: string;
let git: SimpleGit;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "scopesync-tree-"));
  git = simpleGit({ baseDir: dir });
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.email", "test@example.com").addConfig("user.name", "Test");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function commitFile(name: string, text: string): Promise<string> {
  writeFileSync(join(dir, name), text);
  await git.add(".").commit(`${name}: ${text.trim()}`);
  return (await git.revparse(["HEAD"])).trim();
}

/** main: a, then b; branch pr from a: c. */
async function diverged(prFile = "c.txt", prText = "c\n"): Promise<{ a: string; b: string; c: string }> {
  const a = await commitFile("a.txt", "a\n");
  const b = await commitFile("b.txt", "b\n");
  await git.checkout(["-q", "-b", "pr", a]);
  const c = await commitFile(prFile, prText);
  return { a, b, c };
}

describe("isAncestor", () => {
  it("is true for the commit itself and its ancestors, false for a commit on another branch and for an unknown one", async () => {
    const { a, b, c } = await diverged();
    expect(await isAncestor(dir, a, b)).toBe(true);
    expect(await isAncestor(dir, b, b)).toBe(true);
    // `merge-base --is-ancestor` says no by exit code only, which simple-git would take for a yes.
    expect(await isAncestor(dir, c, b)).toBe(false);
    expect(await isAncestor(dir, b, c)).toBe(false);
    expect(await isAncestor(dir, "f".repeat(40), b)).toBe(false);
  });
});

describe("mergeIntoBase", () => {
  it("merges the head into a base it does not contain and checks the merge out: base and head as parents, both sides' files, the same commit wherever it is made", async () => {
    const { b, c } = await diverged();
    const made = await mergeIntoBase(dir, b);
    expect(made.merged).toBe(true);
    expect((await git.raw(["rev-list", "--parents", "-n", "1", "HEAD"])).trim().split(" ")).toEqual([made.commit, b, c]);
    expect((await git.raw(["ls-tree", "--name-only", "HEAD"])).trim().split("\n")).toEqual(["a.txt", "b.txt", "c.txt"]);
    // Names and dates are fixed, so another job's merge of the same two commits is this commit.
    await git.checkout(["-q", "--detach", c]);
    expect((await mergeIntoBase(dir, b)).commit).toBe(made.commit);
  });

  it("leaves a head that contains the base as it is", async () => {
    const { a, c } = await diverged();
    expect(await mergeIntoBase(dir, a)).toEqual({ base: a.slice(0, 12), commit: c, tree: (await git.revparse(["HEAD^{tree}"])).trim(), merged: false });
    expect((await git.revparse(["HEAD"])).trim()).toBe(c);
  });

  it("refuses a head that conflicts with the base, naming the file, and leaves the checkout as it was", async () => {
    const { c } = await diverged("b.txt", "not b\n");
    const { b } = { b: (await git.revparse(["main"])).trim() };
    await expect(mergeIntoBase(dir, b)).rejects.toThrow(`the pull request's head ${c.slice(0, 12)} does not merge cleanly into ${b}: b.txt`);
    expect((await git.revparse(["HEAD"])).trim()).toBe(c);
    await expect(mergeIntoBase(dir, "no-such-branch")).rejects.toThrow("the base no-such-branch is not a commit in");
  });

  it("refuses a checkout with changes not committed, which would be planned as the pull request's, before it merges", async () => {
    const { b, c } = await diverged();
    writeFileSync(join(dir, "a.txt"), "edited in the checkout\n");
    await expect(mergeIntoBase(dir, b)).rejects.toThrow(/has changes that are not committed \(M a\.txt\)/);
    expect((await git.revparse(["HEAD"])).trim()).toBe(c);
  });
});
