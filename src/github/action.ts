// The GitHub Action's entry: `node dist/github/action.js`, run by action.yml. Inputs come from
// INPUT_* variables, outputs go to $GITHUB_OUTPUT, the job summary to $GITHUB_STEP_SUMMARY. It
// calls the library, not the CLI, except for `apply`, which it runs as `scopesync apply --plan`.
//
//   plan           plan the PR (read side only), sticky comment, check run, SARIF and plan files
//   reviewed-plan  the merged PR of this push and the plan its reviewers saw → a plan file
//   apply          reviewed-plan, then `scopesync apply --plan FILE [--target NAME]`
//   report         one comment on the merged PR with each target's apply result
//   sync           plan against fresh exports, apply revocations, open/refresh the sync PR
import { pathToFileURL } from "node:url";
import { ScopesyncError } from "../model/errors.js";
import { applyAction, reportAction, resolveReviewed } from "./action-apply.js";
import { ActionContext, type ActionIo } from "./action-io.js";
import { planAction, syncAction } from "./action-plan.js";
import { createWorkflow, type GithubWorkflow } from "./client.js";

export const COMMANDS = ["plan", "reviewed-plan", "apply", "report", "sync"] as const;

/** The login whose comments are scopesync's: the bot-login input, else the token's own user. */
async function selfLogin(ctx: ActionContext, gh: GithubWorkflow): Promise<string> {
  const explicit = ctx.input("bot-login");
  if (explicit) return explicit;
  return gh.call("read the token's own user (GET /user)", async () => (await gh.octokit.rest.users.getAuthenticated()).data.login);
}

export async function runAction(io: ActionIo): Promise<number> {
  const ctx = new ActionContext(io);
  try {
    const command = ctx.required("command");
    if (!(COMMANDS as readonly string[]).includes(command)) throw new ScopesyncError(`unknown command "${command}"`, `valid commands: ${COMMANDS.join(", ")}`);
    const waitScale = Number(io.env.SCOPESYNC_WAIT_SCALE ?? 1);
    const gh = createWorkflow({
      token: ctx.required("token"),
      repository: ctx.input("repository") || io.env.GITHUB_REPOSITORY || "",
      ...(io.env.GITHUB_API_URL ? { baseUrl: io.env.GITHUB_API_URL } : {}),
      ...(Number.isFinite(waitScale) && waitScale > 0 ? { waitScale } : {}),
    });
    const author = await selfLogin(ctx, gh);
    switch (command) {
      case "plan":
        return await planAction(ctx, gh, author);
      case "reviewed-plan":
        await resolveReviewed(ctx, gh, author, false);
        return 0;
      case "apply":
        return await applyAction(ctx, gh, author);
      case "report":
        return await reportAction(ctx, gh, author);
      default:
        return await syncAction(ctx, gh);
    }
  } catch (e) {
    if (e instanceof ScopesyncError) {
      ctx.annotate("error", `${e.message}${e.hint ? `\nfix: ${e.hint}` : ""}`);
    } else {
      // Never a stack or a request object by default: either can carry the token.
      ctx.annotate("error", `unexpected failure: ${e instanceof Error ? e.message : String(e)}`);
      if (io.env.RUNNER_DEBUG === "1" && e instanceof Error && e.stack) ctx.log(e.stack);
    }
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runAction({
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    env: process.env,
    cwd: process.cwd(),
  });
}
