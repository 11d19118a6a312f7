// The step summary stays within GitHub's limit, which is in bytes: "$GITHUB_STEP_SUMMARY upload
// aborted, supports content up to a size of 1024k" drops the whole summary of a step that passes
// 1024 KiB. Before, the plan was cut at 1,000,000 UTF-16 code units; a large change with names in
// Japanese (three bytes a character in UTF-8) wrote 999,952 characters in 1,077,703 bytes.
import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STEP_SUMMARY_BYTES } from "../../src/github/action-io.js";
import { runAction } from "../../src/github/action.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const GITHUB_LIMIT = 1024 * 1024;
const FAMILY = ["佐々木", "高橋", "渡辺", "伊藤", "山本", "中村", "小林", "加藤"];
const GIVEN = ["陽菜", "結衣", "蓮", "湊", "大翔", "美咲", "悠真", "葵"];

/** `scopesync init`, then `joiners` invented people with Japanese names in its HR export (an acquisition's import), committed. */
async function policyRepo(joiners: number): Promise<string> {
  const dir = tempDir("scopesync-summary-");
  const repo = join(dir, "repo");
  const git = (...args: string[]) => execFileSync("git", ["-C", repo, ...args]);
  execFileSync("git", ["init", "-q", "-b", "main", repo]);
  git("config", "user.email", "a@example.invalid");
  git("config", "user.name", "a");
  expect((await runCli(["init", repo])).code).toBe(0);
  const rows = Array.from({ length: joiners }, (_, i) => `W${900000 + i},emp${String(i).padStart(5, "0")},${GIVEN[i % 8]},${FAMILY[(i >> 3) % 8]},emp${String(i).padStart(5, "0")}@example.invalid,Active,Employee,エンジニア,Engineering,,2025-01-13,`);
  appendFileSync(join(repo, "exports/hr.csv"), `${rows.join("\n")}\n`);
  const config = join(repo, "scopesync.yaml");
  writeFileSync(config, readFileSync(config, "utf8").replace('maxChurn: "10%"', "# maxChurn"));
  git("add", "-A");
  git("commit", "-qm", "import");
  return dir;
}

async function planStep(dir: string): Promise<{ code: number; log: string }> {
  writeFileSync(join(dir, "event.json"), "{}");
  writeFileSync(join(dir, "output.txt"), "");
  const lines: string[] = [];
  const code = await runAction({
    out: (t) => lines.push(t),
    err: (t) => lines.push(t),
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", INPUT_COMMAND: "plan", "INPUT_REPOSITORY-PATH": "repo", "INPUT_PLAN-DIR": "plan", INPUT_NOW: "2026-11-26T09:00:00Z", GITHUB_OUTPUT: join(dir, "output.txt"), GITHUB_STEP_SUMMARY: join(dir, "summary.md"), GITHUB_EVENT_PATH: join(dir, "event.json") },
  });
  return { code, log: lines.join("\n") };
}

describe("the plan job's step summary", () => {
  it("a large change with names in Japanese: as much of the plan as fits GitHub's limit in bytes, not in characters", async () => {
    const dir = await policyRepo(6000);
    writeFileSync(join(dir, "summary.md"), "");
    const { code, log } = await planStep(dir);
    expect(code, log).toBe(0);
    const text = readFileSync(join(dir, "summary.md"), "utf8");
    const bytes = statSync(join(dir, "summary.md")).size;
    // Before: 1,077,703 bytes in 999,952 characters.
    expect(bytes).toBeLessThanOrEqual(STEP_SUMMARY_BYTES);
    expect(STEP_SUMMARY_BYTES).toBeLessThan(GITHUB_LIMIT);
    expect(bytes).toBeGreaterThan(STEP_SUMMARY_BYTES * 0.9); // the room is used, not given up
    expect(text.length).toBeLessThan(bytes); // the names took more bytes than characters
    expect(text).toMatch(/^## /);
    expect(text).toContain("高橋");
  });

  it("a summary file that earlier steps filled nearly to the limit: the plan is laid out to what is left", async () => {
    const dir = await policyRepo(200);
    const earlier = "x".repeat(STEP_SUMMARY_BYTES - 40_000) + "\n";
    writeFileSync(join(dir, "summary.md"), earlier);
    const { code, log } = await planStep(dir);
    expect(code, log).toBe(0);
    const bytes = statSync(join(dir, "summary.md")).size;
    expect(bytes).toBeLessThanOrEqual(STEP_SUMMARY_BYTES);
    const added = readFileSync(join(dir, "summary.md"), "utf8").slice(earlier.length);
    // Less than 40,000 bytes were left: what fits is the plan's summary cut by priority, not nothing.
    expect(added).toMatch(/^## /);
    expect(Buffer.byteLength(added)).toBeLessThan(40_000);
  });
});
