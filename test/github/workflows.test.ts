// Lints the workflows and the action as data (parsed with `yaml`): triggers, least privilege on
// every job, no pull_request_target, apply serialised and behind a protected environment, Node 20+,
// apply fanned out over the targets. What it cannot check: that the actions' inputs exist upstream
// (actionlint would; it needs a Go binary).
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DIR = `${ROOT}.github/workflows/`;

interface Step { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string; id?: string }
interface Job { permissions?: Record<string, string> | string; environment?: string | { name: string }; strategy?: { matrix?: Record<string, unknown> }; steps?: Step[]; needs?: string | string[]; env?: Record<string, string> }
interface Workflow { on: Record<string, unknown>; permissions?: unknown; concurrency?: { group: string; "cancel-in-progress"?: boolean }; jobs: Record<string, Job> }

const load = (file: string): Workflow => parse(readFileSync(`${DIR}${file}`, "utf8")) as Workflow;
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const all = files.map((f) => [f, load(f)] as const);

/** Scopes a job of each workflow may write, and why; anything else is a finding. */
const WRITES: Record<string, string[]> = {
  "plan.yml": ["pull-requests", "checks", "security-events"],
  "apply.yml": ["pull-requests"],
  "sync.yml": ["contents", "pull-requests"],
  "ci.yml": [],
};

describe("workflows", () => {
  it("are the four expected ones", () => {
    expect(files).toEqual(["apply.yml", "ci.yml", "plan.yml", "sync.yml"]);
  });

  it("never use pull_request_target (it would run PR code with write tokens and secrets)", () => {
    for (const [file] of all) expect(readFileSync(`${DIR}${file}`, "utf8"), file).not.toMatch(/pull_request_target/);
  });

  it("have the documented triggers", () => {
    const triggers = Object.fromEntries(all.map(([f, w]) => [f, Object.keys(w.on).sort()]));
    expect(triggers).toEqual({ "apply.yml": ["push"], "ci.yml": ["pull_request", "push"], "plan.yml": ["pull_request"], "sync.yml": ["schedule", "workflow_dispatch"] });
    expect(load("apply.yml").on.push).toEqual({ branches: ["main"] });
    expect((load("sync.yml").on.schedule as Array<{ cron: string }>)[0]!.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
  });

  it("grant nothing at the top and least privilege on every job: an explicit map, only the writes each needs", () => {
    for (const [file, w] of all) {
      expect(w.permissions, `${file}: top-level permissions`).toEqual({});
      for (const [name, job] of Object.entries(w.jobs)) {
        const p = job.permissions;
        expect(typeof p, `${file} ${name}: permissions must be a map, not ${String(p)}`).toBe("object");
        for (const [scope, level] of Object.entries(p as Record<string, string>)) {
          expect(["read", "write", "none"], `${file} ${name} ${scope}`).toContain(level);
          if (level === "write") expect(WRITES[file], `${file} ${name}: ${scope}: write`).toContain(scope);
        }
      }
    }
    expect(load("plan.yml").jobs.plan!.permissions).toEqual({ contents: "read", "pull-requests": "write", checks: "write", "security-events": "write" });
  });

  it("plan: full history for --base, Node 20, validate, the action's plan, SARIF, plan artifact, failure when blocked, read-only credentials", () => {
    const job = load("plan.yml").jobs.plan!;
    const steps = job.steps!;
    expect(steps[0]).toMatchObject({ uses: "actions/checkout@v4", with: { "fetch-depth": 0 } });
    expect(steps.some((s) => s.run?.includes("npx scopesync validate"))).toBe(true);
    expect(steps.find((s) => s.uses === "./")).toMatchObject({ with: { command: "plan", base: "origin/${{ github.base_ref }}" } });
    expect(steps.some((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"))).toBe(true);
    expect(steps.some((s) => s.uses?.startsWith("actions/upload-artifact@") && s.with?.name === "scopesync-plan")).toBe(true);
    expect(steps.some((s) => s.if?.includes("steps.plan.outputs.blocked == 'true'") && s.run?.includes("exit 1"))).toBe(true);
    expect(Object.values(job.env ?? {}).every((v) => /READ_TOKEN/.test(v))).toBe(true);
    expect(job.environment).toBeUndefined();
  });

  it("apply: one at a time and never cancelled, matrix over the targets, write credentials only in the production environment", () => {
    const w = load("apply.yml");
    expect(w.concurrency).toEqual({ group: "scopesync-apply", "cancel-in-progress": false });
    const apply = w.jobs.apply!;
    expect(apply.environment).toBe("production");
    expect(apply.strategy?.matrix?.target).toBe("${{ fromJSON(needs.reviewed-plan.outputs.targets) }}");
    expect(apply.steps!.find((s) => s.uses === "./")?.with).toMatchObject({ command: "apply", target: "${{ matrix.target }}" });
    for (const [name, job] of Object.entries(w.jobs)) {
      const writesCredentials = Object.values(job.env ?? {}).some((v) => /WRITE_TOKEN/.test(v));
      if (writesCredentials) expect(job.environment, `${name} holds write credentials`).toBe("production");
    }
    expect(w.jobs.report!.steps!.find((s) => s.uses === "./")?.with).toMatchObject({ command: "report", pr: "${{ needs.reviewed-plan.outputs.pr }}" });
    expect(w.jobs["reviewed-plan"]!.permissions).toEqual({ contents: "read", "pull-requests": "read", checks: "read" });
  });

  it("sync: shares apply's concurrency group, runs in production, applies via the action and reports drift", () => {
    const w = load("sync.yml");
    expect(w.concurrency).toEqual({ group: "scopesync-apply", "cancel-in-progress": false });
    const job = w.jobs.sync!;
    expect(job.environment).toBe("production");
    expect(job.steps!.find((s) => s.uses === "./")?.with).toMatchObject({ command: "sync", "sync-branch": "scopesync/sync" });
    expect(job.steps!.some((s) => s.run?.includes("scopesync drift"))).toBe(true);
  });

  it("set up Node 20 or later wherever Node is set up, and check out without persisting the token where nothing is pushed", () => {
    for (const [file, w] of all) {
      for (const [name, job] of Object.entries(w.jobs)) {
        const steps = job.steps ?? [];
        const setup = steps.filter((s) => s.uses?.startsWith("actions/setup-node@"));
        expect(setup.length, `${file} ${name}: setup-node`).toBe(1);
        for (const s of setup) expect(Number(s.with?.["node-version"]), `${file} ${name}`).toBeGreaterThanOrEqual(20);
        const checkout = steps.find((s) => s.uses?.startsWith("actions/checkout@"));
        if (file !== "sync.yml") expect(checkout?.with?.["persist-credentials"], `${file} ${name}`).toBe(false);
      }
    }
  });
});

describe("action.yml", () => {
  const action = parse(readFileSync(`${ROOT}action.yml`, "utf8")) as { runs: { using: string; steps: Step[] }; inputs: Record<string, { required?: boolean; default?: string }>; outputs: Record<string, { value: string }> };

  it("is a composite action that installs itself and runs dist/github/action.js", () => {
    expect(action.runs.using).toBe("composite");
    expect(action.runs.steps[0]!.run).toContain('npm ci --prefix "$GITHUB_ACTION_PATH"');
    expect(action.runs.steps[1]!.run).toBe('node "$GITHUB_ACTION_PATH/dist/github/action.js"');
  });

  it("passes every input to the script as INPUT_* (composite actions do not do it by themselves)", () => {
    const env = action.runs.steps[1]!.env!;
    for (const name of Object.keys(action.inputs).filter((n) => n !== "targets")) {
      expect(env[`INPUT_${name.replace(/-/g, "_").toUpperCase()}`], name).toBe(`\${{ inputs.${name} }}`);
    }
    expect(action.inputs.command!.required).toBe(true);
  });

  it("exposes fingerprint, changes and blocked", () => {
    for (const name of ["fingerprint", "changes", "blocked"]) expect(action.outputs[name]!.value).toBe(`\${{ steps.run.outputs.${name} }}`);
  });

  it("names only commands the entry point knows", async () => {
    const { COMMANDS } = await import("../../src/github/action.js");
    const documented = (action.inputs.command as { description?: string }).description!.split("|").map((s) => s.trim());
    expect(documented).toEqual([...COMMANDS]);
  });
});
