// One world for the Action's end-to-end tests (apply queue, daily sync): a GitHub org in the
// OpenAPI-checked fake, a policy repository in git whose `github` target reads that org, its saved
// state written by the real `state pull` (endpoint and org id included), and the Action harness.
// Each test gets its own TMPDIR, so what the Action leaves in it can be seen and is removed after.
// The files keep their own scenario (people, teams, policy, extra targets); only the set-up and
// the clean-up, which were the same in every file, live here.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { expect } from "vitest";
import { MARKER_CONTEXT } from "../../src/github/apply-queue.js";
import { REVIEWED_ARTIFACT, REVIEWED_FOR_FILE, REVIEWED_PLAN_FILE } from "../../src/github/reviewed-plan.js";
import { APPLY_WORKFLOW, PUBLISH_WORKFLOW } from "../../src/github/trusted-run.js";
import type { Plan } from "../../src/plan/plan.js";
import type { QueueFile } from "../../src/github/queue-file.js";
import { runCli } from "../helpers/run-cli.js";
import { PolicyRepo, type GroupSpec, type Person } from "../apply/helpers/policy-repo.js";
import { actionsOf, startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { ActionHarness, NOW, SERVER } from "./action-harness.js";
import { BOT, ORG, REPO } from "./helpers.js";
import { TOKENS_WITH_JOB_TOKENS } from "./job-tokens.js";

export const AUTHOR = ["-c", "user.name=Ada Tester", "-c", "user.email=ada@corp.example"];

export interface ActionWorldSpec {
  /** Prefix of the test's own TMPDIR. */
  tmpPrefix: string;
  /** Org members, added in this order (their ids follow it). */
  members: readonly string[];
  /** Teams in this order, each with its members (added after every team exists). */
  teams: Readonly<Record<string, readonly string[]>>;
  people: Person[];
  groups: GroupSpec[];
  /** The github app policy (kind, id and target are filled in). */
  policy: Record<string, unknown>;
  /** More of the `github` target's settings (e.g. `maxStateAge`). */
  target?: Record<string, unknown>;
  /** When the saved state was read (default: the harness's NOW). */
  stateReadAt?: string;
  /** The fake also knows the apply jobs' own tokens (the apply queue's tests). */
  jobTokens?: boolean;
  /** Before the first commit and before github's state is pulled: more files, targets or snapshots. */
  prepare?: (world: ActionWorld) => Promise<void> | void;
  /** The last apply before the test marked the first commit as applied (the queue starts after it). */
  markedApplied?: boolean;
}

export interface ActionWorld {
  fake: GithubFake;
  repo: PolicyRepo;
  git: SimpleGit;
  h: ActionHarness;
  /** The first commit of main. */
  base: string;
  /** The test's TMPDIR. */
  tmp: string;
  /** The `github` target as scopesync.yaml has it. */
  target: Record<string, unknown>;
  commit(message: string): Promise<string>;
}

/** A pull request as the workflows saw it: planned by the untrusted job, published by the trusted one. */
export interface ReviewedPullRequest {
  number: number;
  branch: string;
  head: string;
  /** The publish run, whose artifact holds the reviewed plan. */
  publishRun: number;
  /** The publish step's reviewed-dir output (the artifact's files). */
  reviewedDir: string;
  plan: Plan;
}

/** ada and linus in Engineering, in the org's team `engineering` that their department gives: the daily sync's world, where linus leaves. */
export const engineeringPeople = (linus: "Active" | "Terminated"): Person[] => [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W4", login: "linus", department: "Engineering", status: linus },
];

/** The world of engineeringPeople, both active at first. */
export function engineeringWorld(tmpPrefix: string): ActionWorldSpec {
  return {
    tmpPrefix,
    members: ["ada", "linus"],
    teams: { engineering: ["ada", "linus"] },
    people: engineeringPeople("Active"),
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] }, accounts: { login: "userName" }, entitlements: [{ group: "engineering", entitlement: "team:engineering" }] },
  };
}

/** Commits everything in the working tree as the tests' author; answers the new HEAD. */
export async function commitAll(git: SimpleGit, message: string): Promise<string> {
  await git.add(".");
  await git.raw([...AUTHOR, "commit", "-q", "-m", message]);
  return (await git.revparse(["HEAD"])).trim();
}

let savedTmpdir: string | undefined;
let current: ActionWorld | undefined;

/** Builds the world; the test file's afterEach calls closeActionWorld(). */
export async function startActionWorld(spec: ActionWorldSpec): Promise<ActionWorld> {
  savedTmpdir = process.env.TMPDIR;
  const tmp = mkdtempSync(join(tmpdir(), spec.tmpPrefix));
  process.env.TMPDIR = tmp;
  const fake = await startGithubFake({ org: ORG, self: BOT, ...(spec.jobTokens ? { tokens: TOKENS_WITH_JOB_TOKENS } : {}) });
  const o = fake.org;
  o.addRepo(REPO);
  for (const login of spec.members) o.addMember(login, "member");
  for (const team of Object.keys(spec.teams)) o.addTeam(team);
  for (const [team, logins] of Object.entries(spec.teams)) for (const login of logins) o.addTeamMember(team, login);

  const target = { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: BOT, state: "state/github.json", ...spec.target, options: { baseUrl: fake.url, patGrants: false, minAdmins: 0 } };
  const repo = new PolicyRepo({ targetName: "github", target, people: spec.people, groups: spec.groups, policy: spec.policy });
  const git = simpleGit({ baseDir: repo.dir });
  const world: ActionWorld = { fake, repo, git, h: new ActionHarness(fake), base: "", tmp, target, commit: (message) => commitAll(git, message) };
  current = world;
  repo.write(".gitignore", ".scopesync/\n");
  await spec.prepare?.(world);
  // The saved state as `state pull` writes it (the real command, once the repository validates):
  // with the endpoint and the org's id, so that every plan the Action makes from it is bound to
  // the org and apply checks it. Only github's: the targets `prepare` adds keep their own files.
  const pulled = await runCli(["state", "pull", "--target", "github", "--repo", repo.dir, "--now", spec.stateReadAt ?? NOW], { env: { GH_TOKEN: fake.token }, cwd: repo.dir });
  expect(pulled.code, pulled.stderr).toBe(0);
  await git.init(["-q", "-b", "main"]);
  world.base = await world.commit("policy repository");
  o.prs.setBranch(REPO, "main", world.base);
  if (spec.markedApplied) markApplied(fake, world.base);
  return world;
}

/** The departments whose groups the apply queue's tests read from HR (the other teams' groups are files). */
const DEPARTMENT_GROUPS: GroupSpec[] = [{ id: "platform", departments: ["Platform"] }, { id: "engineering", departments: ["Engineering"] }];

/** A group file as the apply queue's tests write it: its members on the rota (none: no `members` key). */
export const groupFile = (id: string, members: readonly string[]): string =>
  `kind: Group\nid: ${id}\n${members.length ? `members:\n${members.map((m) => `  - identity: ${m}\n    reason: on the rota\n`).join("")}` : ""}`;

/** The apply queue's policy: Platform and Engineering in scope, each team given by the group of its name, then `more`. */
export function queuePolicy(teams: readonly string[], more: readonly { group: string; entitlement: string }[] = []): Record<string, unknown> {
  return {
    scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }] },
    accounts: { login: "userName" },
    entitlements: [...teams.map((g) => ({ group: g, entitlement: `team:${g}` })), ...more],
  };
}

/**
 * The apply queue's world, where the org and the policy agree at the start: every person an org
 * member (in the order given); platform and engineering grouped by department; each other team a
 * group file with the team's members; every team granted by the group of its name (queuePolicy);
 * the apply jobs' own tokens known to the fake.
 */
export function startQueueWorld(spec: Omit<ActionWorldSpec, "members" | "groups" | "policy" | "jobTokens">): Promise<ActionWorld> {
  const files = Object.entries(spec.teams).filter(([team]) => !DEPARTMENT_GROUPS.some((g) => g.id === team));
  return startActionWorld({
    ...spec,
    jobTokens: true,
    members: spec.people.map((p) => p.login),
    groups: DEPARTMENT_GROUPS,
    policy: queuePolicy(Object.keys(spec.teams)),
    prepare: async (world) => {
      for (const [team, members] of files) world.repo.write(`identities/groups/${team}.yaml`, groupFile(team, members));
      await spec.prepare?.(world);
    },
  });
}

/**
 * The apply queue's "applied" marker on `sha`, as the apply run `runId` sets it (by default a new
 * push run of the apply workflow for that commit, as the last apply before a test's merges).
 */
export function markApplied(fake: GithubFake, sha: string, runId?: number, createdAt = "2026-11-26T08:00:00Z"): void {
  const o = fake.org;
  const run = runId ?? actionsOf(o).addRun(REPO, { event: "push", path: APPLY_WORKFLOW, headBranch: "main", headSha: sha }).id;
  actionsOf(o).statuses.push({ id: o.id(), repo: REPO, sha, state: "success", context: MARKER_CONTEXT, description: "applied", targetUrl: `${SERVER}/${ORG}/${REPO}/actions/runs/${run}`, creatorId: o.self.id, createdAt });
}

/**
 * A branch from the world's base with `edit` committed, opened as ada's pull request, planned by the
 * Action's untrusted plan job and published by the trusted publish run (started, as GitHub does, from
 * the default branch's workflow file), whose reviewed-plan artifact the fake then keeps, as
 * actions/upload-artifact would. Not merged.
 */
export async function reviewedPullRequest(w: ActionWorld, branch: string, title: string, edit: () => void): Promise<ReviewedPullRequest> {
  const { fake, git, h, base } = w;
  await git.raw(["switch", "-q", "-c", branch, base]);
  edit();
  const head = await w.commit(title);
  await git.raw(["switch", "-q", "main"]);
  const pull = fake.org.prs.openPull(REPO, { head: branch, headSha: head, title, userId: fake.org.user("ada")!.id });
  // The PR's checkout (data for the trusted job; the untrusted job's working copy).
  const checkout = mkdtempSync(join(tmpdir(), "scopesync-pr-"));
  await git.raw(["worktree", "add", "-q", "--detach", checkout, head]);
  try {
    const planDir = join(h.dir, `plan-${pull.number}`);
    const planned = await h.run("plan", { "repository-path": checkout, "plan-dir": planDir, base }, { env: { INPUT_TOKEN: "" } });
    expect(planned.code, planned.text).toBe(0);
    const publish = actionsOf(fake.org).addRun(REPO, { event: "workflow_run", path: PUBLISH_WORKFLOW, headBranch: "main", headSha: base });
    const event = { workflow_run: { id: 7000 + pull.number, event: "pull_request", head_sha: head, pull_requests: [{ number: pull.number, head: { sha: head }, base: { ref: "main" } }] }, repository: { visibility: "private", default_branch: "main" } };
    const published = await h.run("publish", { "repository-path": checkout, "plan-dir": planDir, base, "bot-login": BOT, "reviewed-plan-file": join(h.dir, `reviewed-${pull.number}`, REVIEWED_PLAN_FILE) }, { event, runId: publish.id });
    expect(published.code, published.text).toBe(0);
    const reviewedDir = published.outputs["reviewed-dir"]!;
    actionsOf(fake.org).addArtifact(publish.id, REVIEWED_ARTIFACT, Object.fromEntries([REVIEWED_PLAN_FILE, REVIEWED_FOR_FILE].map((f) => [f, readFileSync(join(reviewedDir, f), "utf8")])));
    const plan = JSON.parse(readFileSync(join(reviewedDir, REVIEWED_PLAN_FILE), "utf8")) as Plan;
    return { number: pull.number, branch, head, publishRun: publish.id, reviewedDir, plan };
  } finally {
    await git.raw(["worktree", "remove", "--force", checkout]);
  }
}

/** The merge button: a merge commit on main (the reviewed head as its second parent), recorded on the pull request. */
export async function mergePullRequest(w: ActionWorld, pr: { number: number }, branch: string): Promise<string> {
  await w.git.raw([...AUTHOR, "merge", "-q", "--no-ff", "-m", `Merge pull request #${pr.number}`, branch]);
  const sha = (await w.git.revparse(["HEAD"])).trim();
  w.fake.org.prs.merge(REPO, pr.number, sha);
  w.fake.org.prs.setBranch(REPO, "main", sha);
  return sha;
}

/**
 * An apply run of `sha` that starts (in progress, as GitHub reports it while its jobs run) and its
 * queue job: the run's id, the queue directory its apply jobs read, their context, and the queue.
 */
export async function queueJob(w: ActionWorld, sha: string): Promise<{ runId: number; queueDir: string; ctx: { runId: number; sha: string; event: unknown }; queue: QueueFile }> {
  const run = actionsOf(w.fake.org).addRun(REPO, { event: "push", path: APPLY_WORKFLOW, headBranch: "main", headSha: sha, status: "in_progress" });
  const queueDir = join(w.h.dir, `queue-${run.id}`);
  const ctx = { runId: run.id, sha, event: { repository: { default_branch: "main" } } };
  const queued = await w.h.run("queue", { "repository-path": w.repo.dir, "queue-dir": queueDir, "bot-login": BOT }, ctx);
  expect(queued.code, queued.text).toBe(0);
  return { runId: run.id, queueDir, ctx, queue: JSON.parse(readFileSync(join(queueDir, "queue.json"), "utf8")) as QueueFile };
}

/** Restores TMPDIR and removes what the test left; the fake is checked against GitHub's OpenAPI description, then closed. */
export async function closeActionWorld(): Promise<void> {
  const world = current;
  current = undefined;
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  if (!world) return;
  rmSync(world.tmp, { recursive: true, force: true });
  world.h.cleanup();
  world.repo.cleanup();
  try {
    world.fake.assertNoViolations();
  } finally {
    await world.fake.close();
  }
}
