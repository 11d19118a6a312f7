// Runs the Action in process as the runner would: inputs as INPUT_* variables, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, an event payload file, the fake as GITHUB_API_URL. One harness per test.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runAction } from "../../src/github/action.js";
import type { GithubFake } from "../servers/github-fake/index.js";
import { ORG, REPO } from "./helpers.js";

export const NOW = "2026-11-26T09:00:00Z";
export const SERVER = "https://github.example";

export class ActionHarness {
  readonly dir = mkdtempSync(join(tmpdir(), "scopesync-action-"));
  readonly out: string[] = [];
  private step = 0;

  constructor(private readonly fake: GithubFake) {}

  /**
   * One step: `inputs` become INPUT_<NAME> exactly as the runner names them for a JavaScript
   * action (upper case, hyphens kept), the event is written to its payload file, and each step
   * gets fresh output and summary files.
   */
  async run(command: string, inputs: Record<string, string>, options: { event?: unknown; env?: Record<string, string>; runId?: number; sha?: string } = {}): Promise<{ code: number; outputs: Record<string, string>; text: string }> {
    this.step++;
    const output = join(this.dir, `output-${this.step}.txt`);
    const eventPath = join(this.dir, `event-${this.step}.json`);
    writeFileSync(eventPath, JSON.stringify(options.event ?? {}));
    writeFileSync(output, "");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "", INPUT_COMMAND: command, INPUT_TOKEN: this.fake.token, INPUT_NOW: NOW,
      GITHUB_REPOSITORY: `${ORG}/${REPO}`, GITHUB_API_URL: this.fake.url, GITHUB_SERVER_URL: SERVER, GITHUB_RUN_ID: String(options.runId ?? 4242),
      GITHUB_EVENT_PATH: eventPath, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: join(this.dir, "summary.md"), SCOPESYNC_WAIT_SCALE: "0.001",
      ...(options.sha ? { GITHUB_SHA: options.sha } : {}),
      // NOW is days behind the wall clock, and the sync refuses a `now` that far from it
      // (github/action-now.ts): its tests step time, as allow-any-now is for. The test of that
      // refusal sets the input to "false" itself.
      ...(command === "sync" ? { "INPUT_ALLOW-ANY-NOW": "true" } : {}),
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
      ...options.env,
    };
    const before = this.out.length;
    const code = await runAction({ out: (t) => this.out.push(t), err: (t) => this.out.push(t), env, cwd: this.dir });
    return { code, outputs: parseOutputs(readFileSync(output, "utf8")), text: this.out.slice(before).join("\n") };
  }

  /** Everything the Action printed and every file it left in its directory. */
  everything(): string {
    const files = readdirSync(this.dir, { withFileTypes: true, recursive: true }).filter((f) => f.isFile()).map((f) => readFileSync(join(f.parentPath, f.name), "utf8"));
    return [...this.out, ...files].join("\n");
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function parseOutputs(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) result[m[1]!] = m[3]!;
  return result;
}
