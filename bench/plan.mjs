// Planner benchmark: the whole pipeline (load + validate YAML, ingest the HR export, resolve
// identities, read the target states, plan, write the JSON) on synthetic organisations of 100k,
// 300k and 1M people with a fifth as many non-human identities, and an NHI-heavy one (50k people,
// 450k NHIs), ten apps each (bench/synthetic-org.mjs).
//
// Each size is planned twice, each time in a fresh child process so that its peak RSS is its own:
//   1. `scopesync plan --format json --out FILE` through the CLI's main(): total seconds and peak RSS;
//   2. the same stages called one by one, timed separately (load, ingest, resolve, targets, plan).
// Both must produce the same plan fingerprint. Everything but the timings is deterministic.
// An organisation the default heap cannot hold is refused by the CLI before any work (see
// src/memory-budget.ts); the benchmark then says so and plans it again with the heap the
// refusal asks for (`--max-old-space-size`), as a person would.
//
//   npm run build && node bench/plan.mjs [people[:nhis] ...]
import { fork } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateOrg, NOW } from "./synthetic-org.mjs";

const SELF = fileURLToPath(import.meta.url);
const DIST = new URL("../dist/", import.meta.url);
/** People and NHIs per organisation: NHIs a fifth of the people, and one NHI-heavy shape; ten apps each. */
const SIZES = [
  [100_000, 20_000],
  [300_000, 60_000],
  [1_000_000, 200_000],
  [50_000, 450_000],
];
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

/** Child process: `scopesync plan --format json --out FILE`, through the CLI's own main(). */
async function measureCompile(dir) {
  const { main } = await dist("cli/main.js");
  const out = path.join(dir, "plan.json");
  let stderr = "";
  const io = { out: () => {}, err: (t) => (stderr += `${t}\n`), isTTY: false, env: {}, cwd: dir };
  const started = process.hrtime.bigint();
  const code = await main(["plan", "--repo", dir, "--format", "json", "--out", out, "--now", NOW], io);
  const seconds = elapsed(started);
  const refused = /needs about .* max-old-space-size=(\d+)/s.exec(stderr);
  if (refused) return { refused: stderr.trim(), heapMb: Number(refused[1]) };
  if (code !== 0) throw new Error(`plan exited ${code}: ${stderr.trim().slice(0, 500)}`);
  // "plan written to FILE (N changes, not blocked, sha256:…)": parsing a 1M-change plan back would cost more than planning it.
  const written = /\((\d+) changes, (blocked|not blocked), (sha256:[0-9a-f]+)\)/.exec(stderr);
  if (!written) throw new Error(`unexpected output: ${stderr.trim().slice(0, 500)}`);
  return { seconds, peakRssMb: peakRssMb(), changes: Number(written[1]), blocked: written[2] === "blocked", fingerprint: written[3], bytes: (await stat(out)).size };
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

function inChild(mode, dir, heapMb) {
  return new Promise((resolve, reject) => {
    const execArgv = heapMb ? [`--max-old-space-size=${heapMb}`] : [];
    const child = fork(SELF, ["--measure", mode, dir], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
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
  for (const size of sizes) {
    const [people, nhis] = Array.isArray(size) ? size : [size, Math.round(size * NHI_RATIO)];
    const dir = await mkdtemp(path.join(tmpdir(), "scopesync-plan-"));
    try {
      const generatedAt = process.hrtime.bigint();
      await generateOrg(dir, { people, nhis, apps: APPS });
      const generateSeconds = elapsed(generatedAt);
      let total = await inChild("compile", dir);
      let heapMb;
      if (total.refused) {
        heapMb = total.heapMb;
        log(`${people.toLocaleString("en-US")} people + ${nhis.toLocaleString("en-US")} NHIs, default heap: ${total.refused.split("\n")[0]}`);
        total = await inChild("compile", dir, heapMb);
      }
      const stages = await inChild("stages", dir, heapMb);
      if (stages.fingerprint !== total.fingerprint) throw new Error(`${people} people: the staged run planned ${stages.fingerprint}, compile() planned ${total.fingerprint}`);
      if (total.blocked) throw new Error(`${people} people: the plan is blocked; the synthetic organisation must plan cleanly`);
      results.push({ people, nhis, apps: APPS, generateSeconds, heapMb, accounts: stages.accounts, documents: stages.documents, identities: stages.identities, changes: total.changes, findings: stages.findings, planBytes: total.bytes, fingerprint: total.fingerprint, stages: stages.seconds, stagesPeakRssMb: stages.peakRssMb, seconds: total.seconds, peakRssMb: total.peakRssMb });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  log(table(results));
  return results;
}

function table(results) {
  const rows = [["people", "NHIs", "apps", "accounts", "changes", "findings", ...STAGES.map((s) => `${s} s`), "plan --out s", "peak RSS MB", "heap limit"]];
  for (const r of results) {
    rows.push([r.people, r.nhis, r.apps, r.accounts, r.changes, r.findings].map((n) => n.toLocaleString("en-US")).concat(STAGES.map((s) => r.stages[s].toFixed(2)), [r.seconds.toFixed(2), r.peakRssMb.toFixed(0), r.heapMb ? `${r.heapMb} MB` : "default"]));
  }
  const widths = rows[0].map((_, column) => rows.reduce((w, row) => Math.max(w, row[column].length), 0));
  const lines = rows.map((row) => row.map((cell, column) => cell.padStart(widths[column])).join("  "));
  lines.splice(1, 0, widths.map((width) => "-".repeat(width)).join("  "));
  for (const r of results) lines.push(`${r.people.toLocaleString("en-US")} people + ${r.nhis.toLocaleString("en-US")} NHIs: ${r.documents.toLocaleString("en-US")} YAML documents, ${r.identities.toLocaleString("en-US")} identities, plan of ${(r.planBytes / 2 ** 20).toFixed(0)} MB, ${r.fingerprint}`);
  const identities = (r) => r.people + r.nhis;
  const [small, ...larger] = [...results].sort((a, b) => identities(a) - identities(b));
  for (const large of larger) {
    lines.push(`${(identities(large) / identities(small)).toFixed(1)}x the identities took ${(large.seconds / small.seconds).toFixed(1)}x the time and ${(large.peakRssMb / small.peakRssMb).toFixed(1)}x the memory`);
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
  const sizes = process.argv.slice(2).map((arg) => (arg.includes(":") ? arg.split(":").map(Number) : Number(arg)));
  run(sizes.length > 0 ? { sizes } : {}).catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
