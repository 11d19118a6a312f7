// One world for the Action's end-to-end tests (apply queue, daily sync): a GitHub org in the
// OpenAPI-checked fake, a policy repository in git whose `github` target reads that org, its saved
// state read live through the real connector (what `state pull` writes), and the Action harness.
// Each test gets its own TMPDIR, so what the Action leaves in it can be seen and is removed after.
// The files keep their own scenario (people, teams, policy, extra targets); only the set-up and
// the clean-up, which were the same in every file, live here.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { MARKER_CONTEXT } from "../../src/github/apply-queue.js";
import { APPLY_WORKFLOW } from "../../src/github/trusted-run.js";
import { createConnector } from "../../src/targets/registry.js";
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
  /** Before the first commit, after the saved state is written: more files, targets or snapshots. */
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
  const state = await createConnector(target as never, { name: "github", repoDir: repo.dir, env: { GH_TOKEN: fake.token }, now: () => Date.parse(spec.stateReadAt ?? NOW) }).read();
  repo.write("state/github.json", `${JSON.stringify(state, null, 2)}\n`);
  repo.write(".gitignore", ".scopesync/\n");
  await spec.prepare?.(world);
  await git.init(["-q", "-b", "main"]);
  world.base = await world.commit("policy repository");
  o.prs.setBranch(REPO, "main", world.base);
  if (spec.markedApplied) markApplied(fake, world.base);
  return world;
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
