import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixture, FIXTURES, runCli } from "../helpers/run-cli.js";
import { badInputs, type BadInput } from "./bad-input-corpus.js";

// Runs every case of the bad-input corpus and holds each to the same standard: the exit code of
// the contract, a one-line error that says where (file:line:col, or `error:` for a command) and
// what, a `fix:` line that says what to do next, no stack trace, nothing on stdout, and none of the
// text the case says must never appear. The README's "Reliability" section shows the figures this
// test computes; it fails when they differ (SCOPESYNC_UPDATE_README=1 writes them).

interface Outcome { name: string; clear: boolean; withFix: boolean; stackTrace: boolean; problems: string[] }
const outcomes: Outcome[] = [];
const README = new URL("../../README.md", import.meta.url).pathname;
const ERROR_LINE = /^(?:[^\s:]+:\d+:\d+: |error: )\S/;

async function run(c: BadInput): Promise<Outcome> {
  const repo = copyFixture(join(FIXTURES, "minimal"));
  const outside = mkdtempSync(join(tmpdir(), "scopesync-outside-"));
  try {
    c.setup(repo.dir, outside);
    const r = await runCli([...(c.args ?? ["validate"]), "--repo", repo.dir]);
    const lines = r.stderr.split("\n");
    const all = r.stdout + r.stderr;
    const problems: string[] = [];
    const stackTrace = /\n\s+at [^\n]+:\d+:\d+\)?/.test(all) || all.includes("unexpected failure");
    if (r.code !== (c.code ?? 1)) problems.push(`exit ${r.code}, expected ${c.code ?? 1}`);
    const errors = lines.filter((l) => ERROR_LINE.test(l));
    if (errors.length === 0) problems.push("no one-line error with a position or `error:`");
    if (c.expect && !lines.some((l) => l.startsWith(c.expect!))) problems.push(`no line starts with ${JSON.stringify(c.expect)}`);
    if (r.stdout !== "") problems.push("wrote to stdout");
    for (const text of c.never ?? []) if (all.includes(text)) problems.push(`shows ${JSON.stringify(text)}`);
    if (stackTrace) problems.push("stack trace");
    // Every error line is followed by its fix.
    const withFix = errors.length > 0 && lines.every((l, i) => !ERROR_LINE.test(l) || (lines[i + 1] ?? "").startsWith("  fix: "));
    if (problems.length > 0) problems.push(`stderr:\n${r.stderr}`);
    return { name: c.name, clear: problems.length === 0, withFix, stackTrace, problems };
  } finally {
    repo.cleanup();
    rmSync(outside, { recursive: true, force: true });
  }
}

/** The README block, from the figures. */
function reliabilitySection(o: Outcome[]): string {
  const n = o.length;
  return [
    "<!-- reliability:begin (written by test/config/bad-input-corpus.test.ts; do not edit by hand) -->",
    `- **${n}** bad-input cases in the corpus (\`test/config/bad-input-corpus.ts\` and \`test/fixtures/invalid/\`): broken YAML, unknown keys and kinds, inline secrets (values, URL passwords, comments), files that are not read (other extensions, symbolic links leaving the repository), configured paths outside the repository, NUL bytes and other encodings, nesting 20,000 deep, an empty \`scopesync.yaml\`.`,
    `- **${o.filter((x) => x.clear).length}** of ${n} end with the contract's exit code and a one-line error saying where and what, and nothing else on stdout; **${o.filter((x) => x.withFix).length}** of ${n} also say how to fix each error.`,
    `- **${o.filter((x) => x.stackTrace).length}** stack traces.`,
    "<!-- reliability:end -->",
  ].join("\n");
}

const cases = badInputs();

describe("the bad-input corpus", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const outcome = await run(c);
    outcomes.push(outcome);
    expect(outcome.problems).toEqual([]);
  });

  it("holds at least one case for each hole the corpus was grown for", () => {
    const names = cases.map((c) => c.name).join("\n");
    for (const topic of [/symlink/, /\.YAML/, /json$/m, /path-escape/, /absolute/, /url-password/, /comment-secret/, /20,000 deep/, /NUL/, /empty/]) expect(names).toMatch(topic);
  });
});

afterAll(() => {
  if (outcomes.length !== cases.length) return; // a filtered run: figures would be partial
  const section = reliabilitySection(outcomes);
  const readme = readFileSync(README, "utf8");
  const current = /<!-- reliability:begin[^]*?<!-- reliability:end -->/.exec(readme)?.[0];
  if (process.env.SCOPESYNC_UPDATE_README === "1" && current) writeFileSync(README, readme.replace(current, section));
  else expect(current, "README's Reliability section is stale: run SCOPESYNC_UPDATE_README=1 npx vitest run test/config/bad-input-corpus.test.ts").toBe(section);
});
