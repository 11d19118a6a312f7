import { loadRepo } from "../config/load-repo.js";
import { workingTree } from "../config/repo-files.js";
import { checkGates, measureChurn } from "../sources/quality-gates.js";
import { readSource } from "../sources/registry.js";
import { sourceConfigAt } from "../sources/source.js";
import { makeSnapshot, readSnapshot, snapshotPath, writeSnapshot } from "../sources/snapshot.js";
import { termText } from "../plan/render/escape.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { valueOrReport } from "./load-or-report.js";
import { parseNow } from "../model/now.js";

export interface SnapshotOptions { repo: string; now?: string }

/**
 * `scopesync snapshot`: reads every source and writes its normalised, sorted, secret-free snapshot
 * under state/sources/. Committing it in a PR is how a reviewer accepts a new baseline; churn
 * against the old one is printed for that review. Data-quality gates still apply; churn does not,
 * because accepting the churn is the point.
 */
export async function snapshotCommand(options: SnapshotOptions, io: Io): Promise<number> {
  const loaded = loadRepo(workingTree(options.repo));
  const repo = valueOrReport(loaded.repo ? { ok: true, value: loaded.repo } : { ok: false, diagnostics: loaded.diagnostics }, io);
  if (!repo) return ExitCode.invalid;
  const now = parseNow(options.now);
  const pending: Array<{ write: () => void; name: string; what: string }> = [];
  let failed = false;
  for (const [name, config] of Object.entries(repo.config.value.sources).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const records = await readSource({ name, config, repoDir: options.repo, env: io.env, now, at: sourceConfigAt(repo.config, name) });
    const gates = { ...config.gates };
    delete gates.maxChurn;
    const findings = checkGates({ source: name, records, gates, now, configAt: repo.config.file });
    for (const f of findings) io.err(`error ${f.rule}: ${termText(f.message, 600)}\n  fix: ${f.remediation ?? ""}`);
    if (findings.length > 0) {
      failed = true;
      continue;
    }
    const path = snapshotPath(name, config);
    const previous = readSnapshot(options.repo, path, name);
    const churn = previous ? measureChurn(previous.records, records) : undefined;
    const what = `${records.length} records → ${path}${churn ? ` (${churn.added} added, ${churn.removed} gone, ${churn.statusChanged} changed status: ${churn.percent.toFixed(1)}%)` : " (first snapshot)"}`;
    pending.push({ write: () => writeSnapshot(options.repo, path, makeSnapshot(name, config, records)), name, what });
  }
  // All or nothing: a snapshot set where one source failed would mix two points in time. A line
  // says a snapshot was written only once it was.
  if (failed) {
    for (const p of pending) io.out(`${p.name}: ${p.what}: not written`);
    io.err("no snapshot was written: fix the sources above first");
    return ExitCode.blocked;
  }
  for (const p of pending) {
    p.write();
    io.out(`${p.name}: ${p.what}`);
  }
  return ExitCode.ok;
}
