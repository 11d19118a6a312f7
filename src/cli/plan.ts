import { resolve } from "node:path";
import { DEFAULT_RETRY, realTiming, retryingReads } from "../apply/retry.js";
import { baseOptions, compile, weighLive } from "../compile.js";
import { formatDiagnostic } from "../config/diagnostic.js";
import { workingTree } from "../config/repo-files.js";
import { ScopesyncError } from "../model/errors.js";
import { emitPlan, loadedConfig, type PlanOptions } from "./emit-plan.js";
import { readTargetsLive } from "../targets/read-targets.js";
import { planWithLoginOwners } from "../login-owners.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { parseNow } from "../model/now.js";
import { withHeartbeat } from "./progress.js";
import { checkOutputPath } from "./write-out.js";
import { outFile } from "./out-destination.js";
import { PLAN_FORMATS } from "./plan-formats.js";
import { warnOnStderr } from "./load-or-report.js";
import { readRetryNotice } from "./read-retry-notice.js";


export type { PlanOptions };

/** How a plan runs: `debug` as --debug gave it; `onThread` on the planning thread (plan-thread.ts), with the heap it plans for. */
export interface PlanRun {
  debug?: boolean;
  onThread?: { heapLimit: number };
}

/** `scopesync plan`: read-only by construction; prints or writes the plan, exits per docs/formats.md "Exit codes". */
export async function planCommand(given: PlanOptions, io: Io, run: PlanRun = {}): Promise<number> {
  // `--out -` is standard output: the same as no --out, for the whole plan, a shard and a merge.
  const { out: _out, ...rest } = given;
  const out = outFile(given.out, io.cwd);
  const options: PlanOptions = out === undefined ? rest : { ...rest, out };
  const format = options.format ?? "text";
  if (!(PLAN_FORMATS as readonly string[]).includes(format)) {
    throw new ScopesyncError(`unknown format "${format}"`, `valid formats: ${PLAN_FORMATS.join(", ")}`);
  }
  if (options.action === "merge") return (await import("./plan-shards.js")).planMergeCommand(options, io);
  if (options.shards?.length) throw new ScopesyncError(`unexpected argument "${options.shards[0]}"`, "to merge shards: scopesync plan merge crm.json github.json …");
  if (options.target !== undefined) return (await import("./plan-shards.js")).planShardCommand(options, io);
  if (options.identities) throw new ScopesyncError("--identities plans from an identities snapshot: it needs --target NAME (one shard) or plan merge", "scopesync plan --target crm --identities identities.snapshot --out crm.json");
  const now = parseNow(options.now);
  if (options.out) checkOutputPath(resolve(io.cwd, options.out), options.out);
  if (!run.onThread) {
    const thread = await import("./plan-thread.js");
    if (thread.planThreadWanted(options, io)) return thread.planOnThread(options, io, run.debug ?? false);
  }
  // --live reads targets through their connectors; planning still gets only their read side. The
  // connectors (the GitHub, SCIM and AWS clients) are loaded only then: an offline plan starts faster.
  const base = await baseOptions(options.repo, options.base, options.fetchedExports);
  const heap = run.onThread ? { heapLimit: run.onThread.heapLimit } : {};
  if (options.live) weighLive({ repoDir: options.repo, files: workingTree(options.repo), ...base, ...heap });
  const live = options.live ? await import("../connectors.js") : undefined;
  const connectors = live?.openConnectors(loadedConfig(options.repo), options.repo, io.env, () => now);
  let result;
  try {
    const compiling = compile({
      ...(connectors ? { readTargets: () => readTargetsLive(retryingReads(connectors, DEFAULT_RETRY, realTiming, readRetryNotice(io))), lookUpLogins: connectors } : {}),
      repoDir: options.repo,
      files: workingTree(options.repo),
      env: io.env,
      now,
      onMemoryWarning: warnOnStderr(io),
      ...heap,
      ...(options.fromSnapshots ? { fromSnapshots: true } : {}),
      ...(options.journal ? { journalPath: resolve(options.repo, options.journal) } : {}),
      ...base,
    });
    result = await (connectors ? withHeartbeat(io, "plan: reading the targets live", compiling) : compiling);
    // Live: whom each login to be invited names now (login-owners.ts), while the connectors are open.
    if (connectors && result.ok) result = { ...result, value: { ...result.value, plan: await planWithLoginOwners(result.value.plan, connectors) } };
  } finally {
    if (connectors) await live!.closeConnectors(connectors);
  }
  if (!result.ok) {
    for (const d of result.diagnostics) io.err(formatDiagnostic(d));
    io.err(`\n${result.diagnostics.length} problem${result.diagnostics.length === 1 ? "" : "s"} found; nothing was planned.`);
    return ExitCode.invalid;
  }
  const plan = result.value.plan;
  // What compile() returns beside the plan (the identities, the loaded YAML) is let go before the
  // plan is written: at a million identities that is over a gigabyte of heap that writing, which
  // makes garbage as it goes, would otherwise collect around again and again.
  result = undefined;
  return emitPlan(plan, options, io);
}

