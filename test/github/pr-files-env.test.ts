// A job that plans a pull request's files hands the library no secret of its environment. The PR
// writes the `${env:NAME}` of its own scopesync.yaml; publish.yml's trusted jobs re-plan those files
// on workflow_run. Before, they passed the whole environment (minus the workflow token), so a PR
// that added a live LDAP source with `password: "${env:ACTIONS_RUNTIME_TOKEN}"` made the trusted
// publish job bind to the PR's host with the runner's artifact and cache credential in clear (a
// self-hosted runner's secrets alike). The runner puts ACTIONS_RUNTIME_TOKEN in the environment of
// every job that runs a JavaScript action.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ActionContext } from "../../src/github/action-io.js";
import { runAction } from "../../src/github/action.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const SECRET = "runtime-token-5f0c2e8b1d7a4c39e3b0c44298fc";

function context(event: Record<string, unknown>, env: Record<string, string> = {}): ActionContext {
  const dir = tempDir("scopesync-pr-env-");
  writeFileSync(join(dir, "event.json"), JSON.stringify(event));
  return new ActionContext({ out: () => {}, err: () => {}, cwd: dir, env: { GITHUB_EVENT_PATH: join(dir, "event.json"), ACTIONS_RUNTIME_TOKEN: SECRET, SCOPESYNC_CRM_TOKEN: "crm-token-0123456789", NODE_OPTIONS: "--max-old-space-size=6144", INPUT_TOKEN: "ghs_workflowtoken0000", ...env } });
}

describe("the environment the library sees", () => {
  it("a job planning a pull request's files (pull_request, merge_group, workflow_run): only names that hold no secret", () => {
    for (const event of [{ pull_request: { number: 12 } }, { merge_group: { head_sha: "a".repeat(40) } }, { workflow_run: { id: 7, event: "pull_request" } }]) {
      expect(context(event).libraryEnv()).toEqual({ NODE_OPTIONS: "--max-old-space-size=6144" });
    }
    // GITHUB_EVENT_NAME decides when the runner sets it.
    expect(context({}, { GITHUB_EVENT_NAME: "workflow_run" }).libraryEnv()).toEqual({ NODE_OPTIONS: "--max-old-space-size=6144" });
  });

  it("apply and sync (push, schedule, workflow_dispatch: the default branch's files): everything but the workflow token", () => {
    for (const [event, name] of [[{ ref: "refs/heads/main", commits: [] }, "push"], [{ schedule: "17 6 * * *" }, "schedule"], [{ inputs: {} }, "workflow_dispatch"]] as const) {
      const env = context(event, { GITHUB_EVENT_NAME: name }).libraryEnv();
      expect(env.SCOPESYNC_CRM_TOKEN).toBe("crm-token-0123456789");
      expect(env.ACTIONS_RUNTIME_TOKEN).toBe(SECRET);
      expect(env).not.toHaveProperty("INPUT_TOKEN");
    }
  });
});

describe("publish re-plans a pull request that adds a live LDAP source naming a runner variable", () => {
  let capture: Server | undefined;
  afterAll(() => capture?.close());

  it("sends the PR's host nothing: the variable is not set for the PR's files, and the run says so", async () => {
    // The PR author's LDAP server: keeps whatever a client sends.
    const received: Buffer[] = [];
    capture = createServer((socket) =>
      socket
        .on("data", (d) => {
          received.push(d);
          socket.destroy();
        })
        .on("error", () => {}),
    );
    const port = await new Promise<number>((resolve) => capture!.listen(0, "127.0.0.1", () => resolve((capture!.address() as { port: number }).port)));

    const dir = tempDir("scopesync-pr-env-");
    const repo = join(dir, "repo");
    const git = (...args: string[]) => execFileSync("git", ["-C", repo, ...args], { encoding: "utf8" }).trim();
    execFileSync("git", ["init", "-q", "-b", "main", repo]);
    git("config", "user.email", "a@example.invalid");
    git("config", "user.name", "a");
    expect((await runCli(["init", repo])).code).toBe(0);
    git("add", "-A");
    git("commit", "-qm", "init");
    git("switch", "-qc", "pr-add-directory");
    const config = join(repo, "scopesync.yaml");
    const text = readFileSync(config, "utf8");
    expect(text).toMatch(/^sources:\n/m);
    writeFileSync(config, text.replace(/^sources:\n/m, `sources:\n  directory:\n    type: ldap\n    options:\n      url: ldap://127.0.0.1:${port}\n      bindDN: cn=scopesync,dc=example,dc=com\n      password: "\${env:ACTIONS_RUNTIME_TOKEN}"\n      people: { baseDN: "ou=people,dc=example,dc=com" }\n`));
    git("commit", "-qam", "Add the corporate directory as a source");
    const head = git("rev-parse", "HEAD");
    git("switch", "-q", "main");

    const event = { workflow_run: { id: 777, event: "pull_request", head_sha: head, head_branch: "pr-add-directory", pull_requests: [{ number: 12, head: { sha: head }, base: { ref: "main" } }] }, repository: { visibility: "private", default_branch: "main" } };
    writeFileSync(join(dir, "event.json"), JSON.stringify(event));
    writeFileSync(join(dir, "output.txt"), "");
    const pr = join(dir, "pr");
    execFileSync("git", ["clone", "-q", repo, pr]);
    execFileSync("git", ["-C", pr, "checkout", "-q", head]);
    const lines: string[] = [];
    const code = await runAction({
      out: (t) => lines.push(t),
      err: (t) => lines.push(t),
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "", ACTIONS_RUNTIME_TOKEN: SECRET, INPUT_COMMAND: "publish", INPUT_TOKEN: "ghs_fakeworkflowtoken000000000000000000", "INPUT_REPOSITORY-PATH": "pr",
        "INPUT_PLAN-DIR": "untrusted-plan", "INPUT_BOT-LOGIN": "github-actions[bot]", INPUT_NOW: "2026-11-26T09:00:00Z",
        GITHUB_REPOSITORY: "acme/policy", GITHUB_API_URL: "http://127.0.0.1:1", GITHUB_RUN_ID: "778", GITHUB_EVENT_PATH: join(dir, "event.json"), GITHUB_OUTPUT: join(dir, "output.txt"),
      },
    });
    expect(code).toBe(1);
    expect(lines.join("\n")).toContain("environment variable ACTIONS_RUNTIME_TOKEN (options.password) is not set");
    // Before: the capture server received the bind DN and the token.
    expect(Buffer.concat(received).toString("latin1")).not.toContain(SECRET);
    expect(received).toEqual([]);
  });
});
