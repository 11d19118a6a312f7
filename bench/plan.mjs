// Planner benchmark: the whole pipeline (load + validate YAML, ingest the HR export, resolve
// identities, read the target states, plan, write the JSON) on synthetic organisations of 100k,
// 300k and 1M people with a fifth as many non-human identities, and an NHI-heavy one (100k people,
// 900k NHIs, 880k of them from an AWS credential report), ten apps each (bench/synthetic-org.mjs).
// Beside each plan, the floor: the same bytes read and parsed by the plainest means, in the same run.
//
// Each size is planned twice, each time in a fresh child process so that its peak RSS is its own:
//   1. `scopesync plan --format json --out FILE` through the CLI's main(): total seconds and peak RSS;
//   2. the same stages called one by one, timed separately (load, ingest, resolve, targets, plan).
// Both must produce the same plan fingerprint. Everything but the timings is deterministic.
// An organisation the default heap cannot hold is refused by the CLI before any work (see
// src/memory-budget.ts); the benchmark then says so and plans it again with the heap the
// refusal asks for (`--max-old-space-size`), as a person would. One that the default heap holds
// only near its limit is planned there, slower, with a warning naming the heap for full speed:
// the benchmark keeps that run's figures and plans it again with that heap too.
//
// The CLI run plans on the planning thread (src/cli/plan-thread.ts) where the CLI would: every
// size here has 64 MB of inputs or more. SCOPESYNC_PLAN_THREAD=off plans without it, to compare.
//
//   npm run build && node bench/plan.mjs [people[:nhis[:discovered]] ...]
import { fork, spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateOrg, NOW } from "./synthetic-org.mjs";

const SELF = fileURLToPath(import.meta.url);
const DIST = new URL("../dist/", import.meta.url);
/**
 * People, NHIs declared in YAML, and NHIs discovered in an AWS credential report (a tenth of them
 * declared too, the rest undeclared) per organisation; ten apps each. NHIs are a fifth of the
 * people, and in the NHI-heavy shape 100k people have 900k NHIs, nearly all from the export.
 */
const SIZES = [
  [100_000, 20_000, 0],
  [300_000, 60_000, 0],
  [1_000_000, 200_000, 0],
  [100_000, 20_000, 880_000],
];
const NHI_RATIO = 0.2;
const APPS = 10;
const STAGES = ["load", "ingest", "resolve", "targets", "plan"];

const dist = (file) => import(new URL(file, DIST).href);
const elapsed = (started) => Number(process.hrtime.bigint() - started) / 1e9;
// maxRSS is in kilobytes: the peak of this process, which did nothing but this plan.
const peakRssMb = () => Math.max(process.resourceUsage().maxRSS / 1024, process.memoryUsage().rss / 1024 / 1024);
/**
 * CPU seconds (user, system) and pages of fresh memory the process touched (minor page faults)
 * since `from`. On a virtual machine whose host backs guest memory lazily, touching a fresh page
 * can cost far more than using it: the system seconds and the faults say how much of a run that was.
 */
const usage = () => process.resourceUsage();
const usageSince = (from) => {
  const now = usage();
  return { userSeconds: (now.userCPUTime - from.userCPUTime) / 1e6, systemSeconds: (now.systemCPUTime - from.systemCPUTime) / 1e6, freshMb: ((now.minorPageFault - from.minorPageFault) * 4096) / 2 ** 20 };
};

function summarise(plan) {
  return { changes: plan.changes.length, findings: plan.findings.length, blocked: plan.blocked, fingerprint: plan.fingerprint, summary: plan.summary };
}

/** Child process: `scopesync plan --format json --out FILE`, through the CLI's own main(). */
async function measureCompile(dir) {
  const { main } = await dist("cli/main.js");
  // Beside the organisation, not in it: the floor reads every file in it.
  const out = `${dir}.plan.json`;
  let stderr = "";
  // SCOPESYNC_PLAN_THREAD (on, off) passes through, to compare planning with and without its own thread.
  const thread = process.env.SCOPESYNC_PLAN_THREAD;
  const io = { out: () => {}, err: (t) => (stderr += `${t}\n`), isTTY: false, env: thread ? { SCOPESYNC_PLAN_THREAD: thread } : {}, cwd: dir };
  const before = usage();
  const started = process.hrtime.bigint();
  const code = await main(["plan", "--repo", dir, "--format", "json", "--out", out, "--now", NOW], io);
  const seconds = elapsed(started);
  const asked = /needs about .*max-old-space-size=(\d+)/s.exec(stderr);
  if (code !== 0 && asked && stderr.includes("nothing was read or planned")) return { refused: stderr.trim(), heapMb: Number(asked[1]) };
  if (code !== 0) throw new Error(`plan exited ${code}: ${stderr.trim().slice(0, 500)}`);
  const tight = asked && stderr.startsWith("warning:") ? { warning: stderr.split("\n")[0], heapMb: Number(asked[1]) } : undefined;
  // "plan written to FILE (N changes, not blocked, sha256:…)": parsing a 1M-change plan back would cost more than planning it.
  const written = /\((\d+) changes, (blocked|not blocked), (sha256:[0-9a-f]+)\)/.exec(stderr);
  if (!written) throw new Error(`unexpected output: ${stderr.trim().slice(0, 500)}`);
  return { seconds, ...usageSince(before), peakRssMb: peakRssMb(), ...(tight ? { tight } : {}), changes: Number(written[1]), blocked: written[2] === "blocked", fingerprint: written[3], bytes: (await stat(out)).size };
}

/**
 * Child process: the floor. Every input file read and parsed by the plainest means, in the same
 * run as the plan: JSON.parse for the state files, the `yaml` library for the YAML (every document
 * to plain values), a line-and-comma split for CSV. Nothing is kept, so the figure is the cost of
 * reading the bytes once, below which no planner can go.
 */
async function measureFloor(dir) {
  const { parseAllDocuments } = await import("yaml");
  const before = usage();
  const started = process.hrtime.bigint();
  const seconds = { yaml: 0, csv: 0, json: 0 };
  let bytes = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const at = pending.pop();
    for (const entry of await readdir(at, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const file = path.join(at, entry.name);
      if (entry.isDirectory()) {
        pending.push(file);
        continue;
      }
      const kind = /\.ya?ml$/.test(entry.name) ? "yaml" : entry.name.endsWith(".csv") ? "csv" : entry.name.endsWith(".json") ? "json" : undefined;
      if (!kind) continue;
      const t = process.hrtime.bigint();
      const text = await readFile(file, "utf8");
      bytes += Buffer.byteLength(text);
      if (kind === "yaml") for (const doc of parseAllDocuments(text)) doc.toJS();
      else if (kind === "csv") for (const line of text.split("\n")) line.split(",");
      else JSON.parse(text);
      seconds[kind] += elapsed(t);
    }
  }
  return { seconds: elapsed(started), ...usageSince(before), bytes, parts: seconds, peakRssMb: peakRssMb() };
}

/**
 * Child process: the stages of `compile()` (src/compile.ts) called one by one, each timed. Targets
 * are read and planned in the batches the memory budget gives for this process's heap, as the CLI
 * does; "targets" and "plan" are the sums over the batches.
 */
async function measureStages(dir) {
  const { loadRepo, loadConfigOnly } = await dist("config/load-repo.js");
  const { workingTree } = await dist("config/repo-files.js");
  const { ingestSources } = await dist("sources/ingest.js");
  const { resolveIdentities } = await dist("resolve/resolve-identities.js");
  const { readTargets } = await dist("targets/read-targets.js");
  const { addBatch, emptyPlanned, finishPlanned, planBatch, planSetup } = await dist("plan/build-plan.js");
  const { inputSizes, targetBatches, yamlBytes } = await dist("memory-budget.js");
  const now = Date.parse(NOW);
  const seconds = { load: 0, ingest: 0, resolve: 0, targets: 0, plan: 0 };
  const time = async (stage, fn) => {
    const started = process.hrtime.bigint();
    const value = await fn();
    seconds[stage] += elapsed(started);
    return value;
  };
  const files = workingTree(dir);
  const batches = targetBatches(inputSizes(loadConfigOnly(files), dir, yamlBytes(dir, files)));
  const loaded = await time("load", () => loadRepo(files));
  if (!loaded.repo) throw new Error(`invalid repository: ${loaded.diagnostics.slice(0, 3).map((d) => `${d.file}:${d.line}: ${d.message}`).join("; ")}`);
  const repo = loaded.repo;
  // In a function of its own, as in compile(): the records are let go once resolved.
  const prepared = await (async () => {
    const ingest = await time("ingest", () => ingestSources(repo, { repoDir: dir, env: {}, now }));
    if (ingest.snapshots.size > 0) throw new Error("the synthetic organisation has no snapshots; this benchmark does not time the prior resolve");
    const resolved = await time("resolve", () => resolveIdentities(repo, ingest.records, ingest.gatesFailed));
    return { identities: resolved.identities, findings: [...ingest.findings, ...resolved.findings], sourcesRead: new Set(ingest.records.keys()), sourcesFailingGates: ingest.gatesFailed };
  })();
  const setup = await time("plan", () => planSetup({ repo, ...prepared, now }, batches.flat()));
  const planned = emptyPlanned(setup);
  let accounts = 0;
  for (const batch of batches) {
    const targets = await time("targets", () => readTargets(repo, dir, batch));
    for (const t of targets.values()) accounts += t.state.accounts.length;
    await time("plan", () => addBatch(planned, planBatch(setup, targets)));
  }
  const plan = await time("plan", () => finishPlanned(planned).plan);
  return { seconds, peakRssMb: peakRssMb(), batches: batches.length, documents: repo.groups.length + repo.nhis.length + repo.apps.length + repo.people.length, accounts, identities: prepared.identities.length, ...summarise(plan) };
}

/**
 * Child process: what this machine charges for memory a process touches for the first time, in
 * seconds per GB: 512 MB written twice, the first time fresh from the kernel, the second time not.
 * On an ordinary machine the difference is a fraction of a second per GB; where the host backs a
 * virtual machine's memory lazily (and takes freed pages back), it can be seconds, and a plan that
 * touches gigabytes pays it on each.
 */
async function measureTouch() {
  const chunks = Array.from({ length: 8 }, () => new Uint8Array(64 * 2 ** 20));
  const fill = (value) => {
    const started = process.hrtime.bigint();
    for (const chunk of chunks) chunk.fill(value);
    return elapsed(started);
  };
  const first = fill(1);
  const again = fill(2);
  return { secondsPerGb: (first - again) * 2 };
}

/**
 * Waits for the disk to take what was written so far (sync(1)), before a run is timed. Writing a
 * gigabyte of organisation, or of a previous run's plan, leaves it dirty in memory for a slow
 * disk to take over the next minute; meanwhile the kernel holds back a process that writes more
 * (its dirty-page limits), and a plan's own 1.8 GB took 2.5 s or 16 s to write depending on what
 * had run just before it. A machine without sync(1), or whose sync takes over ten minutes, times
 * the runs as they come.
 */
function settle() {
  spawnSync("sync", { stdio: "ignore", timeout: 600_000 });
}

function inChild(mode, dir, heapMb) {
  if (mode === "compile") settle();
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
  const touch = await inChild("touch", "");
  log(`this machine: ${touch.secondsPerGb.toFixed(2)} s per GB of memory touched for the first time`);
  for (const size of sizes) {
    const [people, declared, discovered = 0] = Array.isArray(size) ? size : [size, Math.round(size * NHI_RATIO)];
    const nhis = declared + discovered;
    const dir = await mkdtemp(path.join(tmpdir(), "scopesync-plan-"));
    try {
      const generatedAt = process.hrtime.bigint();
      await generateOrg(dir, { people, nhis: declared, discovered, apps: APPS });
      const generateSeconds = elapsed(generatedAt);
      let total = await inChild("compile", dir);
      let heapMb;
      if (total.refused) {
        heapMb = total.heapMb;
        await rm(`${dir}.plan.json`, { force: true });
        log(`${people.toLocaleString("en-US")} people + ${nhis.toLocaleString("en-US")} NHIs, default heap: ${total.refused.split("\n")[0]}`);
        total = await inChild("compile", dir, heapMb);
      }
      let tight;
      if (total.tight) {
        // Planned near the default heap's limit: keep its figures, then plan at full speed as the warning says.
        tight = { seconds: total.seconds, peakRssMb: total.peakRssMb, freshMb: total.freshMb, fingerprint: total.fingerprint };
        heapMb = total.tight.heapMb;
        await rm(`${dir}.plan.json`, { force: true });
        log(`${people.toLocaleString("en-US")} people + ${nhis.toLocaleString("en-US")} NHIs, default heap: ${total.tight.warning}: plan --out ${tight.seconds.toFixed(1)} s, peak RSS ${tight.peakRssMb.toFixed(0)} MB, fresh ${(tight.freshMb / 1024).toFixed(2)} GB; ${tight.fingerprint}`);
        total = await inChild("compile", dir, heapMb);
        if (total.fingerprint !== tight.fingerprint) throw new Error(`${people} people: planned ${tight.fingerprint} near the heap limit, ${total.fingerprint} with ${heapMb} MB`);
      }
      const floor = await inChild("floor", dir);
      const stages = await inChild("stages", dir, heapMb);
      if (stages.fingerprint !== total.fingerprint) throw new Error(`${people} people: the staged run planned ${stages.fingerprint}, compile() planned ${total.fingerprint}`);
      if (total.blocked) throw new Error(`${people} people: the plan is blocked; the synthetic organisation must plan cleanly`);
      log(`${people.toLocaleString("en-US")} people + ${nhis.toLocaleString("en-US")} NHIs: plan --out ${total.seconds.toFixed(1)} s, peak RSS ${total.peakRssMb.toFixed(0)} MB, ${heapMb ? `heap ${heapMb} MB` : "default heap"}, ${stages.batches} batch(es); floor ${floor.seconds.toFixed(1)} s; ${total.fingerprint}`);
      results.push({ people, nhis, apps: APPS, generateSeconds, heapMb, ...(tight ? { tight } : {}), batches: stages.batches, accounts: stages.accounts, documents: stages.documents, identities: stages.identities, changes: total.changes, findings: stages.findings, planBytes: total.bytes, fingerprint: total.fingerprint, stages: stages.seconds, stagesPeakRssMb: stages.peakRssMb, seconds: total.seconds, userSeconds: total.userSeconds, systemSeconds: total.systemSeconds, freshMb: total.freshMb, peakRssMb: total.peakRssMb, floor });
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(`${dir}.plan.json`, { force: true });
    }
  }
  log(table(results, touch));
  return results;
}

function table(results, touch) {
  const rows = [["people", "NHIs", "apps", "accounts", "changes", "findings", ...STAGES.map((s) => `${s} s`), "plan --out s", "user s", "sys s", "fresh GB", "peak RSS MB", "heap limit", "batches", "input MB", "floor s", "floor fresh GB", "floor RSS MB", "plan/floor"]];
  for (const r of results) {
    rows.push(
      [r.people, r.nhis, r.apps, r.accounts, r.changes, r.findings]
        .map((n) => n.toLocaleString("en-US"))
        .concat(STAGES.map((s) => r.stages[s].toFixed(2)), [r.seconds.toFixed(2), r.userSeconds.toFixed(1), r.systemSeconds.toFixed(1), (r.freshMb / 1024).toFixed(2), r.peakRssMb.toFixed(0), r.heapMb ? `${r.heapMb} MB` : "default", String(r.batches), (r.floor.bytes / 2 ** 20).toFixed(0), r.floor.seconds.toFixed(2), (r.floor.freshMb / 1024).toFixed(2), r.floor.peakRssMb.toFixed(0), (r.seconds / r.floor.seconds).toFixed(2)]),
    );
  }
  const widths = rows[0].map((_, column) => rows.reduce((w, row) => Math.max(w, row[column].length), 0));
  const lines = rows.map((row) => row.map((cell, column) => cell.padStart(widths[column])).join("  "));
  lines.splice(1, 0, widths.map((width) => "-".repeat(width)).join("  "));
  for (const r of results) {
    const floor = Object.entries(r.floor.parts).map(([kind, s]) => `${kind} ${s.toFixed(2)} s`).join(", ");
    lines.push(`${r.people.toLocaleString("en-US")} people + ${r.nhis.toLocaleString("en-US")} NHIs: ${r.documents.toLocaleString("en-US")} YAML documents, ${r.identities.toLocaleString("en-US")} identities, plan of ${(r.planBytes / 2 ** 20).toFixed(0)} MB, ${r.fingerprint}; floor: ${floor}; peak RSS ${(r.peakRssMb / r.floor.bytes * 2 ** 20).toFixed(1)}x the input bytes; first touch of ${(r.freshMb / 1024).toFixed(2)} GB of fresh memory: about ${((r.freshMb / 1024) * touch.secondsPerGb).toFixed(1)} s of the plan (the floor's ${((r.floor.freshMb / 1024) * touch.secondsPerGb).toFixed(1)} s)`);
  }
  const identities = (r) => r.people + r.nhis;
  const [small, ...larger] = [...results].sort((a, b) => identities(a) - identities(b));
  for (const large of larger) {
    lines.push(`${(identities(large) / identities(small)).toFixed(1)}x the identities took ${(large.seconds / small.seconds).toFixed(1)}x the time and ${(large.peakRssMb / small.peakRssMb).toFixed(1)}x the memory`);
  }
  return lines.join("\n");
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly && process.argv[2] === "--measure") {
  const measure = { compile: measureCompile, stages: measureStages, floor: measureFloor, touch: measureTouch }[process.argv[3]];
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
