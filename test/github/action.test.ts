// The Action's entry (src/github/action.ts) run in-process on the example organisation (this
// repository's root), against the OpenAPI-validated fake. `scopesync apply` is replaced by a
// recording stand-in (SCOPESYNC_BIN): the apply command is tested on its own.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseReviewedPlan, reconcile } from "../../src/apply/reviewed.js";
import { runAction } from "../../src/github/action.js";
import { APPLY_MARKER } from "../../src/github/action-apply.js";
import { parseReviewedMarker } from "../../src/github/reviewed-marker.js";
import { SYNC_BRANCH } from "../../src/github/sync-pr.js";
import { fingerprint } from "../../src/plan/build-plan.js";
import { REVOCATIONS } from "../../src/model/change.js";
import type { Plan } from "../../src/plan/plan.js";
import { COMMENT_MARKER } from "../../src/plan/render/markdown.js";
import { BOT, ORG, REPO, startWorld, writes, type World } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NOW = "2026-11-26T09:00:00Z";
const TARGET_TOKEN = "ghp_targetOWNERtoken0123456789SECRET";
/** The only writes the plan command may make: its comment and its check run. */
const WORKFLOW_WRITES = new Set(["issues/create-comment", "issues/update-comment", "checks/create", "checks/update"]);

let w: World;
let dir: string;
let out: string[];

beforeEach(async () => {
  w = await startWorld();
  // A live org the plan must never touch.
  w.fake.org.addMember("marcus.chen", "admin");
  w.fake.org.addTeam("platform-admins");
  w.fake.org.addTeamMember("platform-admins", "marcus.chen");
  dir = mkdtempSync(join(tmpdir(), "scopesync-action-"));
  out = [];
});
afterEach(async () => {
  rmSync(dir, { recursive: true, force: true });
  try {
    w.fake.assertNoViolations();
  } finally {
    await w.fake.close();
  }
});

function env(command: string, extra: Record<string, string> = {}): Record<string, string> {
  writeFileSync(join(dir, "event.json"), JSON.stringify({ pull_request: { number: w.pr, head: { sha: w.headSha } } }));
  return {
    PATH: process.env.PATH ?? "", INPUT_COMMAND: command, INPUT_TOKEN: w.fake.token, INPUT_REPOSITORY_PATH: ROOT, INPUT_NOW: NOW,
    GITHUB_REPOSITORY: `${ORG}/${REPO}`, GITHUB_API_URL: w.fake.url, GITHUB_SERVER_URL: "https://github.example", GITHUB_RUN_ID: "4242",
    GITHUB_EVENT_PATH: join(dir, "event.json"), GITHUB_OUTPUT: join(dir, "output.txt"), GITHUB_STEP_SUMMARY: join(dir, "summary.md"),
    GITHUB_TOKEN: TARGET_TOKEN, SCOPESYNC_WAIT_SCALE: "0.001", ...extra,
  };
}

const run = (e: Record<string, string>) => runAction({ out: (t) => out.push(t), err: (t) => out.push(t), env: e, cwd: dir });

function outputs(): Record<string, string> {
  const text = readFileSync(join(dir, "output.txt"), "utf8");
  const result: Record<string, string> = {};
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) result[m[1]!] = m[3]!;
  return result;
}

/** Everything the action printed or wrote: stdout/stderr, outputs, summary, files, and the fake's comments and checks. */
function everything(): string {
  const files = readdirSync(dir, { withFileTypes: true }).filter((f) => f.isFile()).map((f) => readFileSync(join(dir, f.name), "utf8"));
  const github = [...w.fake.org.prs.comments.values()].map((c) => c.body).concat([...w.fake.org.prs.checkRuns.values()].map((r) => JSON.stringify(r)), w.fake.org.prs.pulls.map((p) => `${p.title}${p.body}`));
  return [...out, ...files, ...github].join("\n");
}

/** A stand-in for bin/scopesync.js: records its arguments and whether it saw the workflow token, exits `code`. */
function fakeApply(code: number): string {
  const bin = join(dir, "fake-scopesync.mjs");
  writeFileSync(bin, `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(join(dir, "apply-calls.jsonl"))}, JSON.stringify({ args: process.argv.slice(2), sawWorkflowToken: "INPUT_TOKEN" in process.env, sawTargetToken: process.env.GITHUB_TOKEN === ${JSON.stringify(TARGET_TOKEN)} }) + "\\n");\nconsole.log("applied 3 changes");\nprocess.exit(${code});\n`);
  chmodSync(bin, 0o755);
  return bin;
}
const applyCalls = () => readFileSync(join(dir, "apply-calls.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { args: string[]; sawWorkflowToken: boolean; sawTargetToken: boolean });

describe("action: plan", () => {
  it("writes only its comment and check run: no write at all to org, team or any target endpoint", async () => {
    const members = JSON.stringify([...w.fake.org.members]);

    const code = await run(env("plan"));

    expect(code).toBe(0);
    const nonWorkflow = w.fake.requests.filter((r) => r.method !== "GET" && !WORKFLOW_WRITES.has(r.operationId ?? ""));
    expect(nonWorkflow).toEqual([]);
    expect(w.fake.requests.some((r) => /^(orgs|teams|repos\/(list-deploy|delete))/.test(r.operationId ?? ""))).toBe(false);
    expect(JSON.stringify([...w.fake.org.members])).toBe(members);
    expect(writes(w.fake)).toEqual(["POST issues/create-comment", "POST checks/create"]);
  });

  it("posts the sticky comment with the reviewed-plan block, a check run, files and outputs; a second push updates the comment", async () => {
    expect(await run(env("plan"))).toBe(0);
    expect(await run(env("plan"))).toBe(0);

    const o = outputs();
    expect(o).toMatchObject({ changes: "41", blocked: "false", fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    const plan = JSON.parse(readFileSync(o["plan-file"]!, "utf8")) as { fingerprint: string; changes: Array<{ id: string }> };
    expect(plan.fingerprint).toBe(o.fingerprint);
    expect(JSON.parse(readFileSync(o["sarif-file"]!, "utf8")).version).toBe("2.1.0");
    const comments = w.fake.org.prs.commentsOn(REPO, w.pr);
    expect(comments).toHaveLength(1);
    const ref = parseReviewedMarker(comments[0]!.body, COMMENT_MARKER)!;
    expect(ref).toMatchObject({ fingerprint: plan.fingerprint, head: w.headSha, run: "4242", changes: 41, ids: plan.changes.map((c) => c.id).sort() });
    expect(comments[0]!.body).toContain("## scopesync plan: ✅ ready for review");
    expect(w.fake.org.prs.checkRuns.size).toBe(2);
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toContain("## scopesync plan");
    expect(everything()).not.toContain(w.fake.token);
    expect(everything()).not.toContain(TARGET_TOKEN);
  });

  it("finds its own login with GET /user when bot-login is not given, and with it ignores a forged marker comment", async () => {
    w.fake.org.prs.addComment(REPO, w.pr, w.fake.org.user("ada")!.id, `${COMMENT_MARKER}\nforged`);
    expect(await run(env("plan"))).toBe(0);
    expect(w.fake.count("users/get-authenticated")).toBe(1);
    expect(w.fake.org.prs.commentsOn(REPO, w.pr).map((c) => c.body.split("\n")[1])).toEqual(["forged", "<!-- scopesync-reviewed-plan v1"]);
  });

  it("reports a refused token without printing it", async () => {
    const code = await run(env("plan", { INPUT_TOKEN: "ghp_wrongTOKENwrongTOKEN0123456789" }));
    expect(code).toBe(1);
    const text = out.join("\n");
    expect(text).toMatch(/::error::GitHub: read the token's own user \(GET \/user\): 401 Bad credentials/);
    expect(text).not.toContain("ghp_wrongTOKENwrongTOKEN0123456789");
  });
});

/** The example's plan JSON, made by the plan command of the Action (no GitHub writes needed to read it). */
async function planFileOfExample(): Promise<string> {
  const sub = mkdtempSync(join(dir, "p-"));
  const e = env("plan", { INPUT_PLAN_FILE: join(sub, "plan.json"), GITHUB_OUTPUT: join(sub, "out.txt") });
  expect(await run(e)).toBe(0);
  return join(sub, "plan.json");
}

describe("action: reviewed plan and apply on merge", () => {
  async function planAndMerge(): Promise<{ fingerprint: string; planFile: string; mergeSha: string }> {
    expect(await run(env("plan", { INPUT_BOT_LOGIN: BOT }))).toBe(0);
    const o = outputs();
    rmSync(join(dir, "output.txt"));
    const mergeSha = "e".repeat(40);
    w.fake.org.prs.merge(REPO, w.pr, mergeSha);
    return { fingerprint: o.fingerprint!, planFile: o["plan-file"]!, mergeSha };
  }

  it("finds the merged PR of the merge commit and the reviewed plan, and uses the artifact only if it is that plan", async () => {
    const { fingerprint, planFile, mergeSha } = await planAndMerge();

    expect(await run(env("reviewed-plan", { GITHUB_SHA: mergeSha, INPUT_BOT_LOGIN: BOT }))).toBe(0);
    expect(outputs()).toMatchObject({ pr: String(w.pr), fingerprint, "plan-run-id": "4242", targets: JSON.stringify(["crm", "github", "local"]) });
    expect(w.fake.count("repos/list-pull-requests-associated-with-commit")).toBe(1);
    expect(w.fake.count("checks/list-for-ref")).toBe(1);

    rmSync(join(dir, "output.txt"));
    expect(await run(env("reviewed-plan", { GITHUB_SHA: mergeSha, INPUT_BOT_LOGIN: BOT, INPUT_PLAN_FILE: planFile }))).toBe(0);
    expect(outputs()["reviewed-plan-file"]).toBe(planFile);

    const tampered = JSON.parse(readFileSync(planFile, "utf8"));
    tampered.changes[0].action = "grant";
    tampered.changes[0].entitlement = "role:admin";
    writeFileSync(planFile, JSON.stringify(tampered));
    expect(await run(env("reviewed-plan", { GITHUB_SHA: mergeSha, INPUT_BOT_LOGIN: BOT, INPUT_PLAN_FILE: planFile }))).toBe(1);
    expect(out.join("\n")).toContain("the plan artifact's changes do not hash to its own fingerprint");
  });

  it("refuses a plan artifact that is internally consistent but is not the reviewed plan", async () => {
    const { planFile, mergeSha } = await planAndMerge();
    const other = JSON.parse(readFileSync(planFile, "utf8"));
    other.changes = other.changes.slice(1);
    other.fingerprint = fingerprint(other.changes);
    writeFileSync(planFile, JSON.stringify(other));

    expect(await run(env("reviewed-plan", { GITHUB_SHA: mergeSha, INPUT_BOT_LOGIN: BOT, INPUT_PLAN_FILE: planFile }))).toBe(1);
    expect(out.join("\n")).toContain("is not the reviewed plan");
  });

  it("apply stops with what to do when the plan artifact is missing (expired)", async () => {
    const { mergeSha } = await planAndMerge();
    const bin = fakeApply(0);
    expect(await run(env("apply", { GITHUB_SHA: mergeSha, INPUT_BOT_LOGIN: BOT, INPUT_PLAN_FILE: "reviewed/scopesync-plan.json", SCOPESYNC_BIN: bin }))).toBe(1);
    expect(out.join("\n")).toContain(`the plan artifact of #${w.pr} is missing (reviewed/scopesync-plan.json)`);
    expect(out.join("\n")).toContain('download artifact "scopesync-plan" of run 4242');
  });

  it("refuses a bot comment someone edited (it no longer matches the check run)", async () => {
    const { mergeSha } = await planAndMerge();
    const comment = w.fake.org.prs.commentsOn(REPO, w.pr)[0]!;
    // A person with write access rewrites the block to a smaller, self-consistent one.
    comment.body = comment.body.replace(/fingerprint=sha256:[0-9a-f]{64}\nids-digest=sha256:[0-9a-f]{64}\nchanges=\d+/, `fingerprint=sha256:${"9".repeat(64)}\nids-digest=sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nchanges=0`).replace(/\nids=[0-9a-f,]*\n/, "\nids=\n");

    expect(await run(env("reviewed-plan", { GITHUB_SHA: mergeSha, INPUT_BOT_LOGIN: BOT }))).toBe(1);
    expect(out.join("\n")).toContain("does not match its \"scopesync plan\" check run");
  });

  it("refuses when only someone else's comment carries the marker", async () => {
    const { mergeSha } = await planAndMerge();
    const ours = w.fake.org.prs.commentsOn(REPO, w.pr)[0]!;
    w.fake.org.prs.comments.delete(ours.id);
    w.fake.org.prs.addComment(REPO, w.pr, w.fake.org.user("ada")!.id, ours.body);

    expect(await run(env("reviewed-plan", { GITHUB_SHA: mergeSha, INPUT_BOT_LOGIN: BOT }))).toBe(1);
    expect(out.join("\n")).toContain(`#${w.pr} has no plan comment by ${BOT}`);
  });

  it("treats a direct push as nothing reviewed: an empty plan that scopesync apply accepts, applying only revocations", async () => {
    expect(await run(env("reviewed-plan", { GITHUB_SHA: "f".repeat(40), INPUT_BOT_LOGIN: BOT }))).toBe(0);
    const text = readFileSync(outputs()["reviewed-plan-file"]!, "utf8");
    expect(out.join("\n")).toContain("::warning::commit ffffffffffff came from no merged pull request");
    // The apply command's own reader and reconciler (src/apply/) accept it as the reviewed plan.
    const reviewed = parseReviewedPlan(text, "empty.json");
    const current = JSON.parse(readFileSync(await planFileOfExample(), "utf8")) as Plan;
    const r = reconcile(current, reviewed, "revocations-only");
    expect(r.reviewed).toEqual([]);
    expect(r.unreviewedRevocations.length).toBeGreaterThan(0);
    expect(r.unreviewedRevocations.every((c) => REVOCATIONS.has(c.action))).toBe(true);
    expect(r.held.every((c) => !REVOCATIONS.has(c.action))).toBe(true);
  });

  it("runs `scopesync apply --plan FILE --target NAME` without the workflow token, passes its exit code, and reports on the PR once", async () => {
    const { mergeSha, planFile } = await planAndMerge();
    const bin = fakeApply(3);

    const code = await run(env("apply", { GITHUB_SHA: mergeSha, INPUT_BOT_LOGIN: BOT, INPUT_TARGET: "github", INPUT_PLAN_FILE: planFile, SCOPESYNC_BIN: bin }));

    expect(code).toBe(3);
    const [call] = applyCalls();
    expect(call!.args).toEqual(["apply", "--repo", ROOT.replace(/\/$/, ""), "--plan", planFile, "--target", "github", "--now", NOW]);
    expect(call!.sawWorkflowToken).toBe(false);
    expect(call!.sawTargetToken).toBe(true);
    const result = JSON.parse(readFileSync(join(dir, "scopesync-apply-github.json"), "utf8"));
    expect(result).toMatchObject({ target: "github", exitCode: 3, status: "blocked", pr: w.pr });

    expect(await run(env("report", { INPUT_PR: String(w.pr), INPUT_BOT_LOGIN: BOT, INPUT_RESULTS_DIR: dir }))).toBe(1);
    expect(await run(env("report", { INPUT_PR: String(w.pr), INPUT_BOT_LOGIN: BOT, INPUT_RESULTS_DIR: dir }))).toBe(1);
    const reports = w.fake.org.prs.commentsOn(REPO, w.pr).filter((c) => c.body.startsWith(APPLY_MARKER));
    expect(reports).toHaveLength(1);
    expect(reports[0]!.body).toContain("| github | ⛔ blocked: nothing applied (exit 3) |");
    expect(everything()).not.toContain(w.fake.token);
  });
});

describe("action: scheduled sync", () => {
  it("applies revocations with nothing reviewed and opens the sync PR once, never a second on the next run", async () => {
    w.fake.org.prs.setBranch(REPO, SYNC_BRANCH, "c".repeat(40));
    const bin = fakeApply(0);
    const e = env("sync", { INPUT_BOT_LOGIN: BOT, SCOPESYNC_BIN: bin });

    expect(await run(e)).toBe(0);
    expect(await run(e)).toBe(0);

    const syncPulls = w.fake.org.prs.pulls.filter((p) => p.head === SYNC_BRANCH);
    expect(syncPulls).toHaveLength(1);
    expect(syncPulls[0]!.title).toMatch(/^scopesync: review \d+ access grants? from the sync$/);
    expect(syncPulls[0]!.body).toContain("revocation(s) were applied at once");
    const calls = applyCalls();
    expect(calls).toHaveLength(2);
    const reviewed = parseReviewedPlan(readFileSync(calls[0]!.args[calls[0]!.args.indexOf("--plan") + 1]!, "utf8"), "empty.json");
    expect(reviewed).toMatchObject({ changes: [], organisation: "acme", fingerprint: fingerprint([]) });
    expect(outputs().grants).toMatch(/^[1-9]\d*$/);
    // The sync opened a PR and nothing else: no comment, no check, no target write.
    expect(writes(w.fake)).toEqual(["POST pulls/create"]);
    expect(everything()).not.toContain(w.fake.token);
  });
});
