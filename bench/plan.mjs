// Planner benchmark: the whole pipeline (load + validate YAML, ingest the HR export, resolve
// identities, read the target states, plan) on synthetic organisations of 10k, 100k and 300k
// people with a fifth as many non-human identities and ten apps (bench/synthetic-org.mjs).
//
// Each size is planned twice, each time in a fresh child process so that its peak RSS is its own:
//   1. `compile()` exactly as `scopesync plan` calls it: total seconds and peak RSS;
//   2. the same stages called one by one, timed separately (load, ingest, resolve, targets, plan).
// Both must produce the same plan fingerprint. Everything but the timings is deterministic.
//
//   npm run build && node bench/plan.mjs [people ...]
import { fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateOrg, NOW } from "./synthetic-org.mjs";

const SELF = fileURLToPath(import.meta.url);
const DIST = new URL("../dist/", import.meta.url);
/** People per size; NHIs are a fifth of that; ten apps each. */
const SIZES = [10_000, 100_000, 300_000];
const NHI_RATIO = 0.2;
const APPS = 10;
const STAGES = ["load", "ingest", "resolve", "targets", "plan"];

const dist = (file) => import(new URL(file, DIST).href);
const elapsed = (started) => Number(process.hrtime.bigint() - started) / 1e9;
// maxRSS is in kilobytes: the peak of this process, which did nothing but this plan.
const peakRssMb = () => Math.max(process.resourceUsage().maxRSS / 1024, process.memoryUsage().rss / 1024 / 1024);

function summarise(plan) {
  return { changes: plan.changes.length, findings: plan.findings.length, blocked: plan.blocked, fingerprint: plan.fingerprint, summary: plan.summary };
}

/** Child process: the real `compile()`, as the CLI runs it. */
async function measureCompile(dir) {
  const { compile } = await dist("compile.js");
  const { workingTree } = await dist("config/repo-files.js");
  const started = process.hrtime.bigint();
  const result = await compile({ repoDir: dir, files: workingTree(dir), env: {}, now: Date.parse(NOW) });
  const seconds = elapsed(started);
  if (!result.ok) throw new Error(`compile failed: ${result.diagnostics.slice(0, 3).map((d) => `${d.file}:${d.line}: ${d.message}`).join("; ")}`);
  return { seconds, peakRssMb: peakRssMb(), identities: result.value.identities.length, ...summarise(result.value.plan) };
}

/** Child process: the stages of `compile()` (src/compile.ts) called one by one, each timed. */
async function measureStages(dir) {
  const { loadRepo } = await dist("config/load-repo.js");
  const { workingTree } = await dist("config/repo-files.js");
  const { ingestSources } = await dist("sources/ingest.js");
  const { resolveIdentities } = await dist("resolve/resolve-identities.js");
  const { readTargets } = await dist("targets/read-targets.js");
  const { buildPlan } = await dist("plan/build-plan.js");
  const now = Date.parse(NOW);
  const seconds = {};
  const time = async (stage, fn) => {
    const started = process.hrtime.bigint();
    const value = await fn();
    seconds[stage] = elapsed(started);
    return value;
  };
  const loaded = await time("load", () => loadRepo(workingTree(dir)));
  if (!loaded.repo) throw new Error(`invalid repository: ${loaded.diagnostics.slice(0, 3).map((d) => `${d.file}:${d.line}: ${d.message}`).join("; ")}`);
  const repo = loaded.repo;
  const ingest = await time("ingest", () => ingestSources(repo, { repoDir: dir, env: {}, now }));
  if (ingest.snapshots.size > 0) throw new Error("the synthetic organisation has no snapshots; this benchmark does not time the prior resolve");
  const resolved = await time("resolve", () => resolveIdentities(repo, ingest.records));
  const targets = await time("targets", () => readTargets(repo, dir));
  const plan = await time("plan", () =>
    buildPlan({ repo, identities: resolved.identities, findings: [...ingest.findings, ...resolved.findings], targets, sourcesRead: new Set(ingest.records.keys()), now }),
  );
  const accounts = [...targets.values()].reduce((n, t) => n + t.state.accounts.length, 0);
  return { seconds, peakRssMb: peakRssMb(), documents: repo.groups.length + repo.nhis.length + repo.apps.length + repo.people.length, accounts, identities: resolved.identities.length, ...summarise(plan) };
}

function inChild(mode, dir) {
  return new Promise((resolve, reject) => {
    const child = fork(SELF, ["--measure", mode, dir], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.once("message", resolve);
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`measuring ${mode} in ${dir} failed with exit code ${code}`));
    });
  });
}

/** Generates each organisation, plans it in child processes, prints and returns the results. */
export async function run({ sizes = SIZES, log = console.log } = {}) {
  const results = [];
  for (const people of sizes) {
    const nhis = Math.round(people * NHI_RATIO);
    const dir = await mkdtemp(path.join(tmpdir(), "scopesync-plan-"));
    try {
      const generatedAt = process.hrtime.bigint();
      await generateOrg(dir, { people, nhis, apps: APPS });
      const generateSeconds = elapsed(generatedAt);
      const total = await inChild("compile", dir);
      const stages = await inChild("stages", dir);
      if (stages.fingerprint !== total.fingerprint) throw new Error(`${people} people: the staged run planned ${stages.fingerprint}, compile() planned ${total.fingerprint}`);
      if (total.blocked) throw new Error(`${people} people: the plan is blocked; the synthetic organisation must plan cleanly`);
      results.push({ people, nhis, apps: APPS, generateSeconds, accounts: stages.accounts, documents: stages.documents, identities: total.identities, changes: total.changes, findings: total.findings, fingerprint: total.fingerprint, stages: stages.seconds, stagesPeakRssMb: stages.peakRssMb, seconds: total.seconds, peakRssMb: total.peakRssMb });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  log(table(results));
  return results;
}

function table(results) {
  const rows = [["people", "NHIs", "apps", "accounts", "changes", ...STAGES.map((s) => `${s} s`), "total s", "peak RSS MB"]];
  for (const r of results) {
    rows.push([r.people, r.nhis, r.apps, r.accounts, r.changes].map((n) => n.toLocaleString("en-US")).concat(STAGES.map((s) => r.stages[s].toFixed(2)), [r.seconds.toFixed(2), r.peakRssMb.toFixed(0)]));
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => row.map((cell, column) => cell.padStart(widths[column])).join("  "));
  lines.splice(1, 0, widths.map((width) => "-".repeat(width)).join("  "));
  for (const r of results) lines.push(`${r.people.toLocaleString("en-US")} people: ${r.documents.toLocaleString("en-US")} YAML documents, ${r.identities.toLocaleString("en-US")} identities, ${r.findings.toLocaleString("en-US")} findings, plan ${r.fingerprint}`);
  const [small, ...larger] = [...results].sort((a, b) => a.people - b.people);
  for (const large of larger) {
    lines.push(`${large.people / small.people}x the people took ${(large.seconds / small.seconds).toFixed(1)}x the time and ${(large.peakRssMb / small.peakRssMb).toFixed(1)}x the memory`);
  }
  return lines.join("\n");
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly && process.argv[2] === "--measure") {
  const measure = process.argv[3] === "compile" ? measureCompile : measureStages;
  measure(process.argv[4]).then(
    (result) => process.send(result, () => process.exit(0)),
    (error) => {
      console.error(error instanceof Error ? error.stack : String(error));
      process.exit(1);
    },
  );
} else if (invokedDirectly) {
  const sizes = process.argv.slice(2).map(Number);
  run(sizes.length > 0 ? { sizes } : {}).catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
