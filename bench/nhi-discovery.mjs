// NHI discovery benchmark: ingest of discovered NHIs at scale. Generates an IAM credential report
// (the largest flat NHI export: one row per user, two key slots) with N users, then in a child
// process (so peak RSS belongs to this run alone): reads it with the aws-iam source, reconciles
// the records with N/10 declared NHI files (each naming its user under discoveredBy; the rest are
// undeclared), and computes the NHI inventory. Prints seconds per stage and peak RSS.
//
//   npm run build && node bench/nhi-discovery.mjs            (100k and 1M)
import { fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { REPORT_HEADER } from "./synthetic-org.mjs";

const SELF = fileURLToPath(import.meta.url);
const DIST = new URL("../dist/", import.meta.url);
const SIZES = [100_000, 1_000_000];
const NOW = Date.parse("2026-11-26T09:00:00Z");

const day = (i) => new Date(Date.UTC(2024, 0, 1) + (i % 1000) * 86_400_000).toISOString().replace(".000Z", "+00:00");

async function writeReport(file, count) {
  const out = createWriteStream(file);
  const write = (text) => (out.write(text) ? Promise.resolve() : new Promise((r) => out.once("drain", r)));
  await write(`${REPORT_HEADER}\n`);
  for (let i = 1; i <= count; i++) {
    // Every user has key 1 (a third never used); every other user a second, inactive key.
    const used = i % 3 === 0 ? "N/A,N/A,N/A" : `${day(i + 300)},eu-west-1,s3`;
    const key2 = i % 2 === 0 ? `false,${day(i + 17)},N/A,N/A,N/A` : "false,N/A,N/A,N/A,N/A";
    await write(`svc-${i},arn:aws:iam::123456789012:user/svc-${i},${day(i)},false,N/A,N/A,N/A,false,true,${day(i + 5)},${used},${key2},false,N/A,false,N/A\n`);
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
}

/** Child process: the three stages on one export. */
async function measure(file, count) {
  const { getSourceAdapter } = await import(new URL("sources/registry.js", DIST).href);
  const { reconcileNhis } = await import(new URL("resolve/reconcile-nhis.js", DIST).href);
  const { nhiInventory } = await import(new URL("policy/nhi-inventory.js", DIST).href);
  const lap = (() => {
    let t = process.hrtime.bigint();
    return () => {
      const now = process.hrtime.bigint();
      const s = Number(now - t) / 1e9;
      t = now;
      return s;
    };
  })();
  const context = { name: "aws", config: { type: "aws-iam", path: file, options: { exportedAt: "2026-11-26T06:00:00Z" } }, repoDir: path.dirname(file), env: {} };
  const records = await getSourceAdapter("aws-iam").read(context);
  const read = lap();
  // Declared NHI files as the loader gives them (a value and its positions), one per tenth user.
  const nhis = [];
  for (let i = 10; i <= count; i += 10) {
    nhis.push({ file: `identities/service-accounts/svc-${i}.yaml`, line: 1, value: { kind: "ServiceAccount", id: `svc-${i}`, discoveredBy: [{ source: "aws", id: `svc-${i}` }] }, locate: () => ({ line: 1, col: 1 }) });
  }
  const identities = new Map();
  const findings = [];
  reconcileNhis({ nhis, discovered: new Map([["aws", records]]), unreliable: new Set(), quarantine: new Set(), identities, findings });
  const reconcile = lap();
  const repo = { ruleSets: [] };
  const inventory = nhiInventory(repo, [...identities.values()], NOW);
  const report = lap();
  const peakRssMb = Math.max(process.resourceUsage().maxRSS / 1024, process.memoryUsage().rss / 1024 / 1024);
  return { records: records.length, identities: identities.size, declared: inventory.declared, credentials: inventory.credentials, unused: inventory.unused, read, reconcile, report, peakRssMb };
}

function inChild(file, count) {
  return new Promise((resolve, reject) => {
    const child = fork(SELF, ["--measure", file, String(count)], { stdio: ["ignore", "inherit", "inherit", "ipc"], execArgv: ["--max-old-space-size=8192"] });
    child.once("message", resolve);
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`measuring ${count} NHIs failed with exit code ${code}`));
    });
  });
}

export async function run({ sizes = SIZES, log = console.log } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), "scopesync-nhi-"));
  const results = [];
  try {
    for (const size of sizes) {
      const file = path.join(dir, `credential-report-${size}.csv`);
      await writeReport(file, size);
      const r = await inChild(file, size);
      if (r.records !== size || r.identities !== size || r.declared !== size / 10) throw new Error(`${size}: read ${r.records}, ${r.identities} identities, ${r.declared} declared`);
      results.push({ size, ...r });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const rows = [["NHIs", "credentials", "read s", "reconcile s", "inventory s", "total s", "peak RSS MB"]];
  for (const r of results) rows.push([r.size.toLocaleString("en-US"), r.credentials.toLocaleString("en-US"), r.read.toFixed(2), r.reconcile.toFixed(2), r.report.toFixed(2), (r.read + r.reconcile + r.report).toFixed(2), r.peakRssMb.toFixed(0)]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const lines = rows.map((row) => row.map((cell, c) => cell.padStart(widths[c])).join("  "));
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  log(lines.join("\n"));
  return results;
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly && process.argv[2] === "--measure") {
  measure(process.argv[3], Number(process.argv[4])).then(
    (result) => process.send(result, () => process.exit(0)),
    (error) => {
      console.error(error instanceof Error ? error.stack : String(error));
      process.exit(1);
    },
  );
} else if (invokedDirectly) {
  run().catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
