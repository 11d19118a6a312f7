// The GitHub Action's dispatcher: which command runs, with which GitHub client. Inputs come from
// INPUT_* variables, outputs go to $GITHUB_OUTPUT, the job summary to $GITHUB_STEP_SUMMARY. It
// calls the library (plan, apply), never the CLI. The bundle's entry is action-main.ts.
//
//   plan     untrusted: plan the PR's checkout, no token, no GitHub call; files for the artifact
//            (sharding: with `target` one target's shard, with `shards-dir` the merge of all)
//   resolve  sharding: the identities snapshot the shards plan from, and the targets (plan.yml,
//            untrusted; publish.yml, trusted: there the planned PR's base)
//   publish  trusted (workflow_run): re-plan the PR's files, compare, post comment and check run
//   queue    the merged commits since the last applied one, each with its trusted reviewed plan
//   apply    one target works through the queue in order (phase revocations | all), if main's
//            tip on GitHub still plans as the queue's head does
//   report   a result comment per merged PR; the applied marker on each applied commit
//   sync     plan against fresh exports, apply revocations at once, open/refresh the sync PR
import { ScopesyncError, stackFrames } from "../model/errors.js";
import { termMessage } from "../plan/render/escape.js";
import { applyAction } from "./action-apply.js";
import { ActionContext, type ActionIo } from "./action-io.js";
import { planAction, planBase, repositoryPath } from "./action-plan.js";
import { mergeAction, resolveAction, shardAction } from "./action-shards.js";
import { plannedRun, publishAction, trustedTree } from "./action-publish.js";
import { defaultBranch, queueAction } from "./action-queue.js";
import { carryJournalForPlan } from "./carried-journal.js";
import { reportAction } from "./action-report.js";
import { syncAction } from "./action-sync.js";
import { createWorkflow, type GithubWorkflow } from "./client.js";

export const COMMANDS = ["plan", "resolve", "publish", "queue", "apply", "report", "sync"] as const;
type Command = (typeof COMMANDS)[number];

/** The login whose comments and statuses are scopesync's: the bot-login input, else the token's own user. */
async function selfLogin(ctx: ActionContext, gh: GithubWorkflow): Promise<string> {
  const explicit = ctx.input("bot-login");
  if (explicit) return explicit;
  return gh.call("read the token's own user (GET /user)", async () => (await gh.octokit.rest.users.getAuthenticated()).data.login);
}

function client(ctx: ActionContext): GithubWorkflow {
  const waitScale = Number(ctx.io.env.SCOPESYNC_WAIT_SCALE ?? 1);
  return createWorkflow({
    token: ctx.token(),
    repository: ctx.input("repository") || ctx.io.env.GITHUB_REPOSITORY || "",
    ...(ctx.io.env.GITHUB_API_URL ? { baseUrl: ctx.io.env.GITHUB_API_URL } : {}),
    ...(Number.isFinite(waitScale) && waitScale > 0 ? { waitScale } : {}),
  });
}

async function dispatch(ctx: ActionContext, command: Command): Promise<number> {
  // plan needs no GitHub: it has no write token and makes no call (but one to read the journal: carry-journal).
  if (command === "plan") {
    // carry-journal: the journal apply reads, read-only (carried-journal.ts): the one GitHub call a
    // plan job then makes, with its read-only token (actions: read).
    if (ctx.flag("carry-journal", false)) await carryJournalForPlan(ctx, client(ctx), repositoryPath(ctx), defaultBranch(ctx));
    // sharding: true: one job per target writes a shard (target), one job merges them (shards-dir).
    const target = ctx.input("target");
    const shardsDir = ctx.input("shards-dir");
    if (target) return shardAction(ctx, target);
    return planAction(ctx, shardsDir ? () => mergeAction(ctx, shardsDir) : undefined);
  }
  // In publish.yml (a workflow_run) resolve is the trusted re-plan's first step: the base is the
  // planned PR's, which for a fork only the API names (read with the job's read-only token).
  if (command === "resolve" && !ctx.event().workflow_run) return resolveAction(ctx, await planBase(ctx, repositoryPath(ctx)));
  // apply talks to the targets, and asks GitHub one thing: the default branch's tip, with the
  // workflow token (contents: read), before it applies anything (branch-tip.ts). The client is made
  // there, so that a missing token is the job's one line "applied nothing", not an error before it.
  if (command === "apply") return applyAction(ctx, () => client(ctx));
  const gh = client(ctx);
  if (command === "resolve") {
    // The tree the plan job planned, checked out here for the shard jobs too: they merge the head
    // into the base commit this job outputs (the snapshot's base).
    const tree = await trustedTree(ctx, await plannedRun(ctx, gh), repositoryPath(ctx), ctx.input("planned-for"));
    if (tree) ctx.setOutput("base", tree.base);
    return resolveAction(ctx, tree?.base);
  }
  if (command === "sync") return syncAction(ctx, gh);
  const author = await selfLogin(ctx, gh);
  if (command === "publish") {
    if (ctx.flag("carry-journal", false)) await carryJournalForPlan(ctx, gh, repositoryPath(ctx), defaultBranch(ctx));
    return publishAction(ctx, gh, author);
  }
  if (command === "queue") return queueAction(ctx, gh, author);
  return reportAction(ctx, gh, author);
}

export async function runAction(io: ActionIo): Promise<number> {
  const ctx = new ActionContext(io);
  try {
    const command = ctx.required("command");
    if (!(COMMANDS as readonly string[]).includes(command)) throw new ScopesyncError(`unknown command "${command}"`, `valid commands: ${COMMANDS.join(", ")}`);
    return await dispatch(ctx, command as Command);
  } catch (e) {
    if (e instanceof ScopesyncError) {
      // Message and hint one line each: either can quote a server.
      ctx.annotate("error", `${termMessage(e.message)}${e.hint ? `\nfix: ${termMessage(e.hint)}` : ""}`);
    } else {
      // Never a stack or a request object by default: either can carry the token.
      ctx.annotate("error", `unexpected failure: ${termMessage(e instanceof Error ? e.message : String(e))}`);
      if (io.env.RUNNER_DEBUG === "1" && e instanceof Error && e.stack) ctx.log(stackFrames(e));
    }
    return 1;
  }
}
