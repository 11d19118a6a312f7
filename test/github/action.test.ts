// The Action's planning half, in process, on the example organisation (this repository's root),
// against the OpenAPI-validated fake: `plan` (the untrusted job: no token, no GitHub call) and
// `publish` (the trusted workflow_run job: re-plans the PR's files, compares, posts).
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { simpleGit } from "simple-git";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHECK_NAME } from "../../src/github/check-run.js";
import { parseReviewedMarker } from "../../src/github/reviewed-marker.js";
import { COMMENT_MARKER } from "../../src/plan/render/markdown.js";
import { actionsOf } from "../servers/github-fake/index.js";
import { ActionHarness } from "./action-harness.js";
import { REPO, startWorld, stopWorld, writes, type World } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MINIMAL = fileURLToPath(new URL("../fixtures/minimal/", import.meta.url));
/** The only writes publish may make: its comment and its check run. */
const WORKFLOW_WRITES = new Set(["issues/create-comment", "issues/update-comment", "checks/create", "checks/update"]);

let w: World;
let h: ActionHarness;
let scratch: string;

beforeEach(async () => {
  w = await startWorld();
  // A live org that planning must never touch.
  w.fake.org.addMember("marcus.chen", "admin");
  h = new ActionHarness(w.fake);
  scratch = mkdtempSync(join(tmpdir(), "scopesync-action-repo-"));
});
afterEach(async () => {
  h.cleanup();
  rmSync(scratch, { recursive: true, force: true });
  await stopWorld(w);
});

/**
 * The minimal fixture as a git repository (the PR's checkout; HEAD is its base) with a saved
 * state for its github target, so it plans offline. `invalid` adds an unknown key at a known line.
 */
async function smallRepo(invalid = false): Promise<string> {
  cpSync(MINIMAL, scratch, { recursive: true });
  appendFileSync(join(scratch, "scopesync.yaml"), "    state: state/github.json\n");
  writeFileSync(join(scratch, "state/github.json"), '{"formatVersion":1,"accounts":[],"credentials":[]}\n');
  if (invalid) writeFileSync(join(scratch, "identities/groups/admins.yaml"), "kind: Group\nid: admins\nprivileged: true\nowners: [ada.lovelace]\ncolour: blue\n");
  const git = simpleGit({ baseDir: scratch });
  await git.init();
  await git.add(".");
  await git.raw(["-c", "user.name=Ada Tester", "-c", "user.email=ada@corp.example", "commit", "-q", "-m", "base"]);
  return scratch;
}

/** The workflow_run event of the untrusted plan run (id 777) for the world's PR. */
function planRunEvent(pulls: "listed" | "fork" = "listed", visibility = "private") {
  return {
    workflow_run: { id: 777, event: "pull_request", head_sha: w.headSha, pull_requests: pulls === "listed" ? [{ number: w.pr, head: { sha: w.headSha }, base: { ref: "main" } }] : [] },
    repository: { visibility, default_branch: "main" },
  };
}

async function untrustedPlan(repo: string): Promise<string> {
  const dir = join(h.dir, "untrusted");
  const r = await h.run("plan", { "repository-path": repo, "plan-dir": dir }, { env: { INPUT_TOKEN: "" } });
  expect(r.outputs["plan-dir"]).toBe(dir);
  return dir;
}

describe("action: plan (the untrusted job)", () => {
  it("needs no token and makes no GitHub request: it leaves the plan JSON and SARIF for the artifact", async () => {
    const dir = join(h.dir, "untrusted");
    const r = await h.run("plan", { "repository-path": ROOT, "plan-dir": dir }, { env: { INPUT_TOKEN: "" } });

    expect(r.code).toBe(0);
    expect(w.fake.requests).toEqual([]);
    const plan = JSON.parse(readFileSync(join(dir, "scopesync-plan.json"), "utf8")) as { fingerprint: string; changes: unknown[] };
    expect(r.outputs).toMatchObject({ fingerprint: plan.fingerprint, changes: String(plan.changes.length), blocked: "false" });
    expect(JSON.parse(readFileSync(join(dir, "scopesync.sarif"), "utf8")).version).toBe("2.1.0");
  });

  it("annotates each validation problem on its line and leaves the problems for the publish job (exit 1)", async () => {
    const dir = join(h.dir, "untrusted");
    const r = await h.run("plan", { "repository-path": await smallRepo(true), "plan-dir": dir }, { env: { INPUT_TOKEN: "" } });

    expect(r.code).toBe(1);
    expect(r.text).toMatch(/^::error file=identities\/groups\/admins\.yaml,line=5,col=1,title=scopesync%3A invalid::.*colour/m);
    const problems = JSON.parse(readFileSync(join(dir, "scopesync-diagnostics.json"), "utf8")) as Array<{ file: string; line: number }>;
    expect(problems).toContainEqual(expect.objectContaining({ file: "identities/groups/admins.yaml", line: 5 }));
    expect(w.fake.requests).toEqual([]);
  });
});

describe("action: publish (the trusted workflow_run job)", () => {
  it("re-plans the PR's files, finds the plan job's copy identical, posts one comment naming this run and one check run; a re-run updates the comment", async () => {
    const repo = await smallRepo();
    const dir = await untrustedPlan(repo);
    const inputs = { "repository-path": repo, "plan-dir": dir, base: "HEAD", "bot-login": "scopesync-bot", "reviewed-plan-file": join(h.dir, "reviewed/scopesync-plan.json") };

    const first = await h.run("publish", inputs, { event: planRunEvent(), runId: 9001 });
    const second = await h.run("publish", inputs, { event: planRunEvent(), runId: 9002 });

    expect([first.code, second.code]).toEqual([0, 0]);
    expect(first.text).toContain("the plan job's copy: match");
    const reviewed = JSON.parse(readFileSync(second.outputs["reviewed-plan-file"]!, "utf8")) as { fingerprint: string; changes: Array<{ id: string }> };
    expect(reviewed.fingerprint).toBe(JSON.parse(readFileSync(join(dir, "scopesync-plan.json"), "utf8")).fingerprint);
    const comments = w.fake.org.prs.commentsOn(REPO, w.pr);
    expect(comments).toHaveLength(1);
    expect(parseReviewedMarker(comments[0]!.body, COMMENT_MARKER)).toMatchObject({ fingerprint: reviewed.fingerprint, head: w.headSha, run: "9002", ids: reviewed.changes.map((c) => c.id).sort() });
    const checks = [...w.fake.org.prs.checkRuns.values()];
    expect(checks.map((c) => [c.name, c.conclusion, c.headSha])).toEqual([[CHECK_NAME, "success", w.headSha], [CHECK_NAME, "success", w.headSha]]);
    expect(writes(w.fake).every((x) => WORKFLOW_WRITES.has(x.split(" ")[1]!))).toBe(true);
    expect(h.everything()).not.toContain(w.fake.token);
  });

  it("fails the check and warns on the comment when the plan job's plan is not the trusted re-plan (the PR changed how scopesync plans)", async () => {
    const repo = await smallRepo();
    const dir = await untrustedPlan(repo);
    const file = join(dir, "scopesync-plan.json");
    const theirs = JSON.parse(readFileSync(file, "utf8"));
    theirs.fingerprint = `sha256:${"ab".repeat(32)}`;
    writeFileSync(file, JSON.stringify(theirs));

    const r = await h.run("publish", { "repository-path": repo, "plan-dir": dir, base: "HEAD", "bot-login": "scopesync-bot" }, { event: planRunEvent(), runId: 9001 });

    expect(r.code).toBe(1);
    const [check] = [...w.fake.org.prs.checkRuns.values()];
    expect([check!.conclusion, check!.title]).toEqual(["failure", "The pull request's own plan differs"]);
    expect(w.fake.org.prs.commentsOn(REPO, w.pr)[0]!.body).toContain(`differs from the plan the default branch's scopesync makes of its files`);
  });

  it("finds a fork's pull request by its head commit (the event lists none) and never trusts the artifact for it", async () => {
    const repo = await smallRepo();
    const dir = await untrustedPlan(repo);
    const r = await h.run("publish", { "repository-path": repo, "plan-dir": dir, base: "HEAD", "bot-login": "scopesync-bot" }, { event: planRunEvent("fork"), runId: 9001 });
    expect(r.code).toBe(0);
    expect(w.fake.count("repos/list-pull-requests-associated-with-commit")).toBe(1);
    expect(w.fake.org.prs.commentsOn(REPO, w.pr)).toHaveLength(1);
  });

  it("turns validation problems into the sticky comment and check-run annotations, so every plan reports", async () => {
    const repo = await smallRepo(true);
    const dir = join(h.dir, "untrusted");
    await h.run("plan", { "repository-path": repo, "plan-dir": dir }, { env: { INPUT_TOKEN: "" } });

    const r = await h.run("publish", { "repository-path": repo, "plan-dir": dir, base: "HEAD", "bot-login": "scopesync-bot" }, { event: planRunEvent(), runId: 9001 });

    expect(r.code).toBe(1);
    const body = w.fake.org.prs.commentsOn(REPO, w.pr)[0]!.body;
    expect(body.split("\n").slice(0, 2)).toEqual([COMMENT_MARKER, "## scopesync plan: ❌ the policy repository does not validate"]);
    expect(body).toMatch(/- `identities\/groups\/admins\.yaml:5:1` .*colour/);
    const [check] = [...w.fake.org.prs.checkRuns.values()];
    expect(check!.conclusion).toBe("failure");
    expect(check!.annotations).toContainEqual(expect.objectContaining({ path: "identities/groups/admins.yaml", start_line: 5, annotation_level: "failure" }));
  });

  it("uploads SARIF only where code scanning is available: asks GitHub for a private repository, not for a public one", async () => {
    const repo = await smallRepo();
    const dir = await untrustedPlan(repo);
    const inputs = { "repository-path": repo, "plan-dir": dir, base: "HEAD", "bot-login": "scopesync-bot" };
    const answer = async (visibility: string, setting = "auto") => (await h.run("publish", { ...inputs, "code-scanning": setting }, { event: planRunEvent("listed", visibility) })).outputs["code-scanning"];

    expect(await answer("private")).toBe("false"); // the fake answers 403: not enabled
    actionsOf(w.fake.org).codeScanning = "no-analysis";
    expect(await answer("private")).toBe("true"); // 404 "no analysis found": enabled, nothing uploaded yet
    const asked = w.fake.count("code-scanning/list-recent-analyses");
    expect(await answer("public")).toBe("true");
    expect(await answer("private", "false")).toBe("false");
    expect(w.fake.count("code-scanning/list-recent-analyses")).toBe(asked);
    expect(asked).toBe(2);
  });

  it("writes SARIF code scanning shows whole for a plan of more than 5,000 findings, and says in the log and the file what it left out", async () => {
    const repo = await smallRepo();
    // 5,100 accounts no identity matches: one unmanaged-account finding each.
    const state = join(repo, "state/local.json");
    const local = JSON.parse(readFileSync(state, "utf8")) as { accounts: unknown[] };
    for (let k = 0; k < 5_100; k++) local.accounts.push({ id: `x${k}`, login: `stray-${String(k).padStart(5, "0")}`, active: true, attributes: {}, entitlements: [] });
    writeFileSync(state, JSON.stringify(local));
    const planned = await h.run("plan", { "repository-path": repo, "plan-dir": join(h.dir, "untrusted") }, { env: { INPUT_TOKEN: "" } });
    const sarifFile = join(h.dir, "published.sarif");
    const r = await h.run("publish", { "repository-path": repo, "plan-dir": join(h.dir, "untrusted"), base: "HEAD", "bot-login": "scopesync-bot", "sarif-file": sarifFile }, { event: planRunEvent("listed", "public") });

    expect(r.code).toBe(0);
    const line = /: ([\d,]+) of ([\d,]+) findings are not in this SARIF: .* Left out: unmanaged-account ([\d,]+)[,.].* Every finding is in the plan JSON: `scopesync-plan.json`/;
    expect(planned.text).toMatch(line);
    const [, left, all] = line.exec(r.text)!;
    const reviewed = JSON.parse(readFileSync(r.outputs["reviewed-plan-file"]!, "utf8")) as { findings: unknown[] };
    expect(Number(all!.replaceAll(",", ""))).toBe(reviewed.findings.length);
    const run = (JSON.parse(readFileSync(r.outputs["sarif-file"]!, "utf8")) as { runs: Array<{ results: Array<{ ruleId: string; properties?: { omitted?: Record<string, number> } }> }> }).runs[0]!;
    expect(run.results).toHaveLength(5_000);
    const omitted = run.results.find((x) => x.ruleId === "sarif-results-omitted")!.properties!.omitted!;
    expect(Object.values(omitted).reduce((a, b) => a + b, 0)).toBe(Number(left!.replaceAll(",", "")));
  });

  it("posts only the check run for a merge group (no pull request to comment on)", async () => {
    const repo = await smallRepo();
    const dir = await untrustedPlan(repo);
    const event = { workflow_run: { id: 778, event: "merge_group", head_sha: "d".repeat(40), pull_requests: [] }, repository: { visibility: "private" } };
    const r = await h.run("publish", { "repository-path": repo, "plan-dir": dir, base: "HEAD", "bot-login": "scopesync-bot" }, { event, runId: 9003 });
    expect(r.code).toBe(0);
    expect(writes(w.fake)).toEqual(["POST checks/create"]);
    expect([...w.fake.org.prs.checkRuns.values()][0]!.headSha).toBe("d".repeat(40));
  });

  it("shows the text of an error inert in its annotation: escapes written out, no line break that starts a command of its own", async () => {
    // An input is text from the workflow file; a target's or GitHub's answer reaches the same annotation.
    const r = await h.run("plan\u001b[2K\r\n::warning title=scopesync::review passed \u202Eexe.txt", {});
    expect(r.code).toBe(1);
    expect(r.text).toContain('::error::unknown command "plan\\u001b[2K\\u000d\\u000a::warning title=scopesync::review passed \\u202eexe.txt"%0Afix: valid commands:');
    expect(r.text).not.toMatch(/[\u001b\u202e]/);
    expect(r.text).not.toMatch(/^::warning/m);
  });

  it("refuses to run on anything but the plan workflow's workflow_run event", async () => {
    const r = await h.run("publish", { "repository-path": ROOT, "bot-login": "scopesync-bot" }, { event: { pull_request: { number: w.pr } } });
    expect(r.code).toBe(1);
    expect(r.text).toContain("::error::publish needs the workflow_run event of the plan workflow");
    expect(writes(w.fake)).toEqual([]);
  });
});
