import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrg, NOW } from "../bench/synthetic-org.mjs";
import { APPLY_HEAP_PER_BYTE, BASE_HEAP_PER_INPUT_BYTE, checkMemory, CONNECTORS_HEAP, IMPORT_HEAP_PER_STATE_BYTE, CLI_HEAP, heapNeeded, HEADROOM, HEAP_PER_INPUT_BYTE, HEAP_PER_JOURNAL_BYTE, HEAP_PER_SNAPSHOT_BYTE, HOLDINGS_PER_STATE_BYTE, inputSizes, LEAST_HEADROOM, LIVE_HEAP_PER_STATE_BYTE, PLANNING_PER_SOURCE_BYTE, SHARD_FIXED_HEAP, memoryPlan, REPORT_HEAP, reportHeap, shardMemory, yamlBytes } from "../src/memory-budget.js";
import { loadConfigOnly } from "../src/config/load-repo.js";
import { weigh } from "../src/compile.js";
import { workingTree } from "../src/config/repo-files.js";
import { ScopesyncError } from "../src/model/errors.js";

// An organisation larger than the heap is refused before any work, with what it needs and what to
// do, instead of a V8 fatal error minutes later. The CLI tests run bin/scopesync.js (dist/: npm
// run build first) in a child process whose heap is forced small with --max-old-space-size.

const BIN = new URL("../bin/scopesync.js", import.meta.url).pathname;
const MB = 2 ** 20;

describe("checkMemory", () => {
  it("needs the measured factor per byte of each kind of input, with head room", () => {
    expect(heapNeeded({ yaml: MB, sources: 0, states: 0 })).toBe(HEADROOM * (CLI_HEAP + HEAP_PER_INPUT_BYTE.yaml * MB));
    expect(heapNeeded({ yaml: 0, sources: MB, states: 2 * MB })).toBe(HEADROOM * (CLI_HEAP + (HEAP_PER_INPUT_BYTE.sources + 2 * HEAP_PER_INPUT_BYTE.states) * MB));
    // A base revision: its YAML, and per byte of exports its identities and the records kept for them.
    expect(heapNeeded({ yaml: MB, sources: MB, states: 0, base: true })).toBe(HEADROOM * (CLI_HEAP + (HEAP_PER_INPUT_BYTE.yaml + BASE_HEAP_PER_INPUT_BYTE.yaml + HEAP_PER_INPUT_BYTE.sources + BASE_HEAP_PER_INPUT_BYTE.identities + BASE_HEAP_PER_INPUT_BYTE.records) * MB));
    // An export the base reads again with its own scopesync.yaml entry holds a second set of records.
    expect(heapNeeded({ yaml: MB, sources: MB, states: 0, base: true, rereadAtBase: MB }) - heapNeeded({ yaml: MB, sources: MB, states: 0, base: true })).toBe(HEADROOM * BASE_HEAP_PER_INPUT_BYTE.records * MB);
  });

  it("weighs a credential report by what it holds, each active credential with every finding it can draw, each naming its user", () => {
    const names = { rows: 10_000, activeKeys: 10_000, activeCertificates: 0, passwords: 0 };
    const report = { rows: 1000, bytes: 200_000, activeKeys: 1000, activeCertificates: 0, inactiveCredentials: 500, passwords: 0, userBytes: names, federation: false };
    // A row: its own heap, its bytes, nhi-undeclared; an active key: its heap and three findings;
    // every finding the bytes of its user's name.
    const findings = 1000 + 3 * 1000;
    expect(reportHeap(report)).toBe(1000 * REPORT_HEAP.row + 200_000 * REPORT_HEAP.byte + findings * REPORT_HEAP.finding + (10_000 + 3 * 10_000) * REPORT_HEAP.name + 1000 * REPORT_HEAP.activeCredential + 500 * REPORT_HEAP.inactiveCredential);
    // Where the account trusts GitHub's OIDC issuer a key can also draw nhi-long-lived-key; a password nhi-undeclared-interactive.
    expect(reportHeap({ ...report, federation: true }) - reportHeap(report)).toBe(1000 * REPORT_HEAP.finding + 10_000 * REPORT_HEAP.name);
    expect(reportHeap({ ...report, passwords: 10, userBytes: { ...names, passwords: 100 } }) - reportHeap(report)).toBe(10 * REPORT_HEAP.finding + 100 * REPORT_HEAP.name);
    // Longer names weigh more.
    expect(reportHeap({ ...report, userBytes: { ...names, rows: 64_000, activeKeys: 64_000 } })).toBeGreaterThan(reportHeap(report));
    // The report is weighed by its census; the other exports' bytes by the common factor.
    const sizes = { yaml: 0, sources: 300_000, reports: [report], states: 0 };
    expect(heapNeeded(sizes)).toBe(HEADROOM * (CLI_HEAP + reportHeap(report) + 100_000 * HEAP_PER_INPUT_BYTE.sources));
  });

  it("tells apart two reports of the same size, one of unused old keys and one without any", () => {
    // 300,000 rows of 250 bytes (72 MB) each: rows with four active credentials need far more than
    // rows with none, which need less than an HR export of the same bytes.
    const rows = 300_000;
    const bare = { rows, bytes: rows * 250, activeKeys: 0, activeCertificates: 0, inactiveCredentials: 0, passwords: 0, userBytes: { rows: rows * 14, activeKeys: 0, activeCertificates: 0, passwords: 0 }, federation: false };
    const full = { ...bare, activeKeys: 2 * rows, activeCertificates: 2 * rows, passwords: rows, userBytes: { rows: rows * 14, activeKeys: 2 * rows * 14, activeCertificates: 2 * rows * 14, passwords: rows * 14 } };
    const sizes = (report: typeof bare) => ({ yaml: 0, sources: report.bytes, reports: [report], states: 0 });
    expect(memoryPlan(sizes(bare), 1800 * MB)).toEqual({ batches: [[""]] });
    expect(memoryPlan({ yaml: 0, sources: bare.bytes, states: 0 }, 1800 * MB).tight).toBeDefined();
    expect(() => memoryPlan(sizes(full), 1800 * MB)).toThrow(/cannot be planned in less than/);
  });

  it("passes what fits, if need be a target at a time, and refuses what does not, saying how much, how to raise the limit and how to shard", () => {
    // The 1M-person synthetic organisation's inputs: ten targets of 103 MB each.
    const targets = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`app-${i}`, 103 * MB]));
    const sizes = { yaml: 107 * MB, sources: 124 * MB, states: 1030 * MB, targets };
    expect(memoryPlan(sizes, 8 * 2 ** 30)).toEqual({ batches: [Object.keys(targets)] });
    const batched = memoryPlan(sizes, 5 * 2 ** 30);
    expect(batched.tight).toBeUndefined();
    expect(batched.batches.length).toBeGreaterThan(1);
    expect(batched.batches.flat()).toEqual(Object.keys(targets));
    let error: unknown;
    try {
      checkMemory(sizes, 3.5 * 2 ** 30);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScopesyncError);
    const e = error as ScopesyncError;
    // Resolving the identities needs 1.5 x (16 MB + 107 MB x 9 + 124 MB x 18) to run at speed, and 1.2 x that at the least.
    expect(e.message).toBe("this organisation needs about 4.8 GB of memory to plan (1.0 GB of target state, 124 MB of source exports, 107 MB of YAML), more than the 3.5 GB this Node.js process may use, and cannot be planned in less than 3.8 GB; nothing was read or planned");
    expect(e.hint).toContain("NODE_OPTIONS=--max-old-space-size=5120");
    // Resolving the identities is what does not fit, and every shard job holds them all: sharding
    // is no way out here, so it is not advised (rv114: the advice led to refusals at the same heap).
    expect(e.hint).not.toContain("plan --target");
  });

  // rv115: drift, plan --live and apply read every target live at once; the budget had counted on
  // batches, and they died of heap at the least it accepted.
  it("weighs live reads of every target as read at once, not in batches", () => {
    const targets = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`app-${i}`, 103 * MB]));
    const sizes = { yaml: 107 * MB, sources: 124 * MB, states: 1030 * MB, targets };
    const batched = memoryPlan(sizes, 5 * 2 ** 30);
    expect(batched.tight).toBeUndefined();
    expect(batched.batches.length).toBeGreaterThan(1);
    // Live, the same limit holds the identities and every state at once only near it, or not at all.
    expect(() => memoryPlan(sizes, 5 * 2 ** 30, "live")).toThrow(/^this organisation needs about [\d.]+ GB of memory to plan \(1\.0 GB of target state, 124 MB of source exports, 107 MB of YAML\), more than the 5\.0 GB this Node\.js process may use, and cannot be planned in less than ([\d.]+) GB/);
    // The connectors' code (CONNECTORS_HEAP) and accounts as objects (LIVE_HEAP_PER_STATE_BYTE), beside what every target keeps once planned.
    const least = LEAST_HEADROOM * (CLI_HEAP + CONNECTORS_HEAP + 107 * MB * HEAP_PER_INPUT_BYTE.yaml + 124 * MB * PLANNING_PER_SOURCE_BYTE + 1030 * MB * (HOLDINGS_PER_STATE_BYTE + LIVE_HEAP_PER_STATE_BYTE));
    expect(memoryPlan(sizes, least, "live").batches).toHaveLength(1);
    expect(() => memoryPlan(sizes, least - MB, "live")).toThrow(/cannot be planned in less than/);
    // A limit a megabyte short of the least: both 7.4 GB to one decimal, and the refusal read "more
    // than the 7.4 GB this Node.js process may use, and cannot be planned in less than 7.4 GB".
    const refusal = (() => {
      try {
        memoryPlan(sizes, least - MB, "live");
      } catch (e) {
        return (e as Error).message;
      }
    })();
    const [, limitShown, leastShown] = /more than the ([\d.]+) GB .* in less than ([\d.]+) GB/.exec(refusal ?? "") ?? [];
    expect([limitShown, leastShown]).toEqual([(Math.floor(((least - MB) / 2 ** 30) * 10) / 10).toFixed(1), (Math.ceil((least / 2 ** 30) * 10) / 10).toFixed(1)]);
    expect(Number(limitShown)).toBeLessThan(Number(leastShown));
    // One target read live (drift --target, apply --target): that target's state alone.
    expect(memoryPlan(sizes, 5 * 2 ** 30, { liveTarget: "app-3" }).batches).toEqual([["app-3"]]);
  });

  // rv115: apply died of heap after its first changes at the least heap the budget accepted for its re-plan.
  it("weighs apply with the reviewed plan and the file targets' stores beside its re-plan, and says it applies", () => {
    const targets = { "app-1": 100 * MB, "app-2": 20 * MB };
    const sizes = { yaml: 10 * MB, sources: 30 * MB, states: 120 * MB, targets };
    const replan = CLI_HEAP + CONNECTORS_HEAP + 10 * MB * HEAP_PER_INPUT_BYTE.yaml + 30 * MB * PLANNING_PER_SOURCE_BYTE + 120 * MB * (HOLDINGS_PER_STATE_BYTE + LIVE_HEAP_PER_STATE_BYTE);
    const apply = { reviewedPlan: 50 * MB, written: 100 * MB };
    const least = LEAST_HEADROOM * (replan + 50 * MB * APPLY_HEAP_PER_BYTE.reviewedPlan + 100 * MB * APPLY_HEAP_PER_BYTE.written);
    expect(memoryPlan({ ...sizes, apply }, least, "live").batches).toHaveLength(1);
    expect(() => memoryPlan({ ...sizes, apply }, least - MB, "live")).toThrow(/^this organisation needs about [\d.]+ [MG]B of memory to re-plan and apply \(120 MB of target state, 30 MB of source exports, 10 MB of YAML, 50 MB of reviewed plan\), more than the [\d.]+ [MG]B this Node\.js process may use, and cannot be applied in less than [\d.]+ [MG]B; nothing was read or applied$/);
    // What fits the re-plan alone no longer fits with the reviewed plan and the stores beside it.
    expect(memoryPlan(sizes, least - MB, "live").batches).toHaveLength(1);
    expect(memoryPlan({ ...sizes, apply }, least, "live").tight?.message).toMatch(/to re-plan and apply at full speed .*: re-planning and applying near that limit, which is slower$/);
  });

  it("weighs import with its one target read live and what it writes of it, and says it imports", () => {
    const targets = { "app-1": 100 * MB, "app-2": 20 * MB };
    const sizes = { yaml: 10 * MB, sources: 3 * MB, states: 120 * MB, targets };
    const least = LEAST_HEADROOM * (CLI_HEAP + CONNECTORS_HEAP + 10 * MB * HEAP_PER_INPUT_BYTE.yaml + 3 * MB * PLANNING_PER_SOURCE_BYTE + 20 * MB * (HOLDINGS_PER_STATE_BYTE + LIVE_HEAP_PER_STATE_BYTE + IMPORT_HEAP_PER_STATE_BYTE));
    expect(memoryPlan(sizes, least, { imported: "app-2" }).batches).toEqual([["app-2"]]);
    expect(() => memoryPlan(sizes, least - MB, { imported: "app-2" })).toThrow(/^this organisation needs about \d+ MB of memory to import its target \(20 MB of target state, 3 MB of source exports, 10 MB of YAML\), more than the \d+ MB this Node\.js process may use, and cannot be imported in less than \d+ MB; nothing was read or imported$/);
    // A live read of the same target alone fits there.
    expect(memoryPlan(sizes, least - MB, { liveTarget: "app-2" }).batches).toEqual([["app-2"]]);
  });

  it("weighs resolve --out without the target states it never reads, and says it resolves", () => {
    const targets = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`app-${i}`, 103 * MB]));
    const sizes = { yaml: 107 * MB, sources: 124 * MB, states: 1030 * MB, targets };
    // The whole plan is refused at 3.5 GB (above); resolving alone needs 1.5 x (16 + 107 x 9 + 124 x 18) MB.
    const resolving = HEADROOM * (CLI_HEAP + 107 * MB * HEAP_PER_INPUT_BYTE.yaml + 124 * MB * HEAP_PER_INPUT_BYTE.sources);
    expect(memoryPlan(sizes, resolving, "resolve")).toEqual({ batches: [[]] });
    expect(memoryPlan(sizes, resolving - MB, "resolve").tight?.message).toMatch(/^this organisation needs about [\d.]+ GB of memory to resolve its identities at full speed \(124 MB of source exports, 107 MB of YAML\), more than the [\d.]+ GB this Node.js process may use: resolving them near that limit, which is slower$/);
    expect(() => memoryPlan(sizes, 2 * 2 ** 30, "resolve")).toThrow(/^this organisation needs about [\d.]+ GB of memory to resolve its identities \(124 MB of source exports, 107 MB of YAML\), more than the 2\.0 GB this Node\.js process may use, and cannot be resolved in less than [\d.]+ GB; nothing was read or resolved$/);
    // A shard that resolves its identities itself reads its one target's state, not all ten.
    expect(memoryPlan(sizes, resolving + HEADROOM * 103 * MB * HEAP_PER_INPUT_BYTE.states, { target: "app-3" })).toEqual({ batches: [["app-3"]] });
  });

  it("plans what fits only near the limit in smaller batches, and says it will be slower and how to make it fast", () => {
    const targets = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`app-${i}`, 103 * MB]));
    const sizes = { yaml: 107 * MB, sources: 124 * MB, states: 1030 * MB, targets };
    // The default heap of a 64-bit Node.js on a machine with 16 GB or more: the 1M organisation planned in it.
    const tight = memoryPlan(sizes, 4 * 2 ** 30);
    expect(tight.batches.flat()).toEqual(Object.keys(targets));
    expect(tight.batches.length).toBe(5);
    expect(tight.tight?.message).toBe("this organisation needs about 4.8 GB of memory to plan at full speed (1.0 GB of target state, 124 MB of source exports, 107 MB of YAML), more than the 4.0 GB this Node.js process may use: planning it in 5 batches near that limit, which is slower");
    expect(tight.tight?.hint).toContain("NODE_OPTIONS=--max-old-space-size=5120");
    // With head room the same batches would be fewer: near the limit, less of the states at once.
    expect(memoryPlan(sizes, 4.8 * 2 ** 30).tight).toBeUndefined();
  });
});

// f108: a shard reads the apply journal as the one-process plan does, and keeps what its
// offboardings took while the target is planned: a year of journal weighs on the shard's heap.
describe("shardMemory", () => {
  const sizes = { snapshot: 100 * MB, state: 20 * MB, yaml: MB };
  const live = CLI_HEAP + SHARD_FIXED_HEAP + sizes.snapshot * HEAP_PER_SNAPSHOT_BYTE + sizes.state * HEAP_PER_INPUT_BYTE.states + sizes.yaml * HEAP_PER_INPUT_BYTE.yaml;

  it("weighs the apply journal a shard reads, and names it", () => {
    const limit = HEADROOM * live + MB;
    expect(shardMemory(sizes, limit)).toBeUndefined();
    const journal = 400 * MB;
    expect(() => shardMemory({ ...sizes, journal }, limit)).toThrow(ScopesyncError);
    const warned = shardMemory({ ...sizes, journal }, HEADROOM * (live + journal * HEAP_PER_JOURNAL_BYTE) - MB);
    expect(warned?.message).toMatch(/^this shard needs about \d+ MB of memory to plan at full speed \(100 MB of identities snapshot, 20 MB of target state, 1 MB of YAML, 400 MB of apply journal\)/);
    expect(shardMemory({ ...sizes, journal }, HEADROOM * (live + journal * HEAP_PER_JOURNAL_BYTE))).toBeUndefined();
  });
});

describe("an organisation too large for the heap", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scopesync-memory-"));
    // Small enough to generate in seconds, large enough to need more than the 96 MB of heap that
    // --max-old-space-size=48 gives (the CLI itself needs about that much to start).
    await generateOrg(dir, { people: 35_000, nhis: 500, apps: 2 });
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const plan = (heapMb: number, ...args: string[]) =>
    spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, BIN, "plan", "--repo", dir, "--format", "json", "--out", join(dir, "plan.json"), "--now", NOW, ...args], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });

  it("weighs apply's stores by the state files of the file targets it writes, of the one target with --target", () => {
    const files = workingTree(dir);
    const sizes = inputSizes(loadConfigOnly(files)!, dir, yamlBytes(dir, files));
    const limit = 64 * MB;
    const least = (weighing: () => unknown) => {
      try {
        weighing();
      } catch (e) {
        return Number(/cannot be applied in less than (\d+) MB/.exec((e as Error).message)?.[1]);
      }
      throw new Error("not refused");
    };
    const all = least(() => weigh({ repoDir: dir, files, applying: { reviewedPlan: 3 * MB }, heapLimit: limit }, "live"));
    const one = least(() => weigh({ repoDir: dir, files, applying: { reviewedPlan: 3 * MB }, liveTarget: "app-02", heapLimit: limit }, { liveTarget: "app-02" }));
    // Both apps are file targets: every state is read again for writing, or app-02's alone.
    expect(all).toBe(least(() => memoryPlan({ ...sizes, apply: { reviewedPlan: 3 * MB, written: sizes.states } }, limit, "live")));
    expect(one).toBe(least(() => memoryPlan({ ...sizes, apply: { reviewedPlan: 3 * MB, written: sizes.targets!["app-02"]! } }, limit, { liveTarget: "app-02" })));
    expect(all).toBeGreaterThan(least(() => memoryPlan({ ...sizes, apply: { reviewedPlan: 3 * MB, written: 0 } }, limit, "live")));
    expect(one).toBeLessThan(all);
  });

  it("counts the bytes of its YAML, source exports and target states", () => {
    const files = workingTree(dir);
    const sizes = inputSizes(loadConfigOnly(files)!, dir, yamlBytes(dir, files));
    expect(sizes.yaml).toBeGreaterThan(MB / 4);
    expect(sizes.yaml).toBeLessThan(2 * MB);
    expect(sizes.sources).toBeGreaterThan(4 * MB);
    expect(sizes.states).toBeGreaterThan(10 * MB);
  });

  it("counts every export file a source's options name, its snapshot, each once, and nothing outside the repository", () => {
    const repo = mkdtempSync(join(tmpdir(), "scopesync-budget-"));
    try {
      const write = (file: string, bytes: number) => {
        mkdirSync(join(repo, file, ".."), { recursive: true });
        writeFileSync(join(repo, file), "x".repeat(bytes));
      };
      // A credential report of two users, one with an active key, one with an inactive one.
      const report = [
        "user,arn,user_creation_time,password_enabled,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date",
        "a,arn:aws:iam::123456789012:user/a,2025-01-01T00:00:00+00:00,true,false,true,2025-01-01T00:00:00+00:00,N/A,false,N/A,N/A",
        "b,arn:aws:iam::123456789012:user/b,2025-01-01T00:00:00+00:00,false,false,false,2025-01-01T00:00:00+00:00,N/A,false,N/A,N/A",
        "",
      ].join("\n");
      mkdirSync(join(repo, "exports"), { recursive: true });
      writeFileSync(join(repo, "exports/credential-report.csv"), report);
      write("exports/roles/page-1.json", 700);
      write("exports/roles/page-2.json", 300);
      write("exports/deploy-keys.json", 40);
      write("hr.csv", 2000);
      write("state/sources/hr.json", 900);
      writeFileSync(
        join(repo, "scopesync.yaml"),
        [
          "version: 1",
          "organisation: budget",
          "sources:",
          "  hr: { type: csv, path: hr.csv }",
          "  aws: { type: aws-iam, path: exports/credential-report.csv, options: { roles: exports/roles, ownerTag: exports } }",
          "  gh: { type: github, path: exports/deploy-keys.json, options: { deployKeys: exports/deploy-keys.json, patGrants: /usr } }",
          "targets:",
          "  local: { type: file, path: state/local.json }",
          "",
        ].join("\n"),
      );
      const files = workingTree(repo);
      const sizes = inputSizes(loadConfigOnly(files)!, repo, 0);
      // ownerTag is not a path option: the folder it happens to name is not counted; a file named
      // twice (gh's path and deployKeys) is counted once; hr's snapshot at its default place is
      // counted, apart; /usr (outside, refused by validate) is not walked. The report itself is weighed by
      // its census, not its roles (which tell that the account may trust GitHub's OIDC issuer).
      expect(sizes.sources).toBe(report.length + 700 + 300 + 40 + 2000);
      // hr's snapshot is weighed apart: JSON of records, not an export (SNAPSHOT_HEAP_PER_BYTE).
      expect(sizes.snapshots).toBe(900);
      // In parts (sources/snapshot-parts.ts): its head and the parts it lists, not a file only named like one.
      const part = (n: number) => ({ file: `hr.part-0${n}-of-02.json`, records: 1, sha256: "0".repeat(64) });
      const head = JSON.stringify({ exportedAt: "", formatVersion: 2, parts: [part(1), part(2)], source: "hr", type: "csv" });
      writeFileSync(join(repo, "state/sources/hr.json"), head);
      write("state/sources/hr.part-01-of-02.json", 5000);
      write("state/sources/hr.part-02-of-02.json", 4000);
      write("state/sources/hr.part-01-of-04.json", 7000);
      expect(inputSizes(loadConfigOnly(files)!, repo, 0).snapshots).toBe(head.length + 5000 + 4000);
      expect(sizes.reports).toEqual([{ rows: 2, bytes: report.length, activeKeys: 1, activeCertificates: 0, inactiveCredentials: 1, passwords: 1, userBytes: { rows: 2, activeKeys: 1, activeCertificates: 0, passwords: 1 }, federation: true }]);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it("is refused at once with exit code 1 and a one-line error, not a V8 fatal error", () => {
    const r = plan(48);
    expect(r.stderr).toMatch(/^error: this organisation needs about \d+ MB of memory to plan \(\d+ MB of target state, \d+ MB of source exports, \d+ MB of YAML\), more than the \d+ MB this Node\.js process may use, and cannot be planned in less than \d+ MB; nothing was read or planned\n {2}fix: raise the limit, e\.g\. NODE_OPTIONS=--max-old-space-size=\d+ \(on a machine with that much memory free\)\n$/);
    expect(r.stderr).not.toMatch(/FATAL|heap out of memory|\n\s+at /);
    expect(r.status).toBe(1);
  });

  it("plans near the limit, slower, with a warning that says how to make it fast, and the same plan", () => {
    const refused = plan(48);
    const least = Number(/cannot be planned in less than (\d+) MB/.exec(refused.stderr)?.[1]);
    const full = Number(/max-old-space-size=(\d+)/.exec(refused.stderr)?.[1]);
    expect(least).toBeGreaterThan(48);
    expect(full).toBeGreaterThan(least);
    const tight = plan(least);
    expect(tight.stderr).toMatch(/^warning: this organisation needs about \d+ MB of memory to plan at full speed \(.*\), more than the \d+ MB this Node\.js process may use: planning it in [2-9] batches near that limit, which is slower\n {2}fix: raise the limit, e\.g\. NODE_OPTIONS=--max-old-space-size=\d+/);
    expect(tight.status).toBe(0);
    const ample = plan(full);
    expect(ample.stderr).not.toContain("warning:");
    const fingerprint = (stderr: string) => /\(\d+ changes, (?:not )?blocked, (sha256:[0-9a-f]{64})\)/.exec(stderr)?.[1];
    expect(fingerprint(tight.stderr)).toMatch(/^sha256:/);
    expect(fingerprint(tight.stderr)).toBe(fingerprint(ample.stderr));
  }, 240_000);

  it("weighs a base revision too: its files and identities sit beside the change's, and the records stay for its resolve", () => {
    const git = (...args: string[]) => spawnSync("git", ["-C", dir, "-c", "user.email=test@example.com", "-c", "user.name=Test", ...args], { encoding: "utf8" });
    if (git("rev-parse", "--verify", "--quiet", "HEAD").status !== 0) {
      expect(git("init", "-q", "--initial-branch=main").status).toBe(0);
      expect(git("add", "-A").status).toBe(0);
      expect(git("commit", "-q", "-m", "base").status).toBe(0);
    }
    const least = (r: ReturnType<typeof plan>) => Number(/cannot be planned in less than (\d+) MB/.exec(r.stderr)?.[1]);
    const alone = least(plan(48));
    const refused = plan(48, "--base", "main");
    expect(refused.stderr).toContain("resolved a second time with the base revision's files");
    expect(least(refused)).toBeGreaterThan(alone * 1.3);
    // Planned at the least it accepts with the base (where it ran out of heap at the least it
    // accepted without, in a V8 fatal error), and the same plan.
    const tight = plan(least(refused), "--base", "main");
    expect(tight.stderr).not.toMatch(/FATAL|heap out of memory/);
    expect(tight.status).toBe(0);
    expect(tight.stderr).toContain("plan written to");
  }, 240_000);

  it("weighs a shard before it reads the identities snapshot, and plans it at the least heap it accepts", () => {
    const snapshot = join(dir, "identities.snapshot");
    const resolved = spawnSync(process.execPath, [BIN, "resolve", "--repo", dir, "--out", snapshot, "--now", NOW], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    expect(resolved.status, resolved.stderr).toBe(0);
    const shard = (heapMb: number) => spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, BIN, "plan", "--repo", dir, "--target", "app-01", "--identities", snapshot, "--out", join(dir, "app-01.json")], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    const refused = shard(48);
    expect(refused.stderr).toMatch(/^error: this shard needs about \d+ MB of memory to plan \(\d+ MB of identities snapshot, \d+ MB of target state, \d+ MB of YAML\), more than the \d+ MB this Node\.js process may use, and cannot be planned in less than (\d+) MB; nothing was read or planned\n {2}fix: raise the limit/);
    expect(refused.status).toBe(1);
    // At the least it accepts (the shard died in a V8 fatal error at the plan's own least before).
    const least = Number(/cannot be planned in less than (\d+) MB/.exec(refused.stderr)![1]);
    const tight = shard(least);
    expect(tight.stderr).not.toMatch(/FATAL|heap out of memory/);
    expect(tight.stderr).toMatch(/^warning: this shard needs about \d+ MB of memory to plan at full speed/);
    expect(tight.status).toBe(0);
    // plan merge too: it reads the whole snapshot and every shard.
    const other = spawnSync(process.execPath, [BIN, "plan", "--repo", dir, "--target", "app-02", "--identities", snapshot, "--out", join(dir, "app-02.json")], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    expect(other.status, other.stderr).toBe(0);
    const merge = (heapMb: number) => spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, BIN, "plan", "merge", join(dir, "app-01.json"), join(dir, "app-02.json"), "--repo", dir, "--identities", snapshot, "--format", "json", "--out", join(dir, "merged.json")], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    const mergeRefused = merge(48);
    expect(mergeRefused.stderr).toMatch(/^error: this merge needs about \d+ MB of memory to plan \(\d+ MB of identities snapshot, \d+ MB of shards, \d+ MB of YAML\)/);
    expect(mergeRefused.status).toBe(1);
    const merged = merge(Number(/cannot be planned in less than (\d+) MB/.exec(mergeRefused.stderr)![1]));
    expect(merged.stderr).not.toMatch(/FATAL|heap out of memory/);
    expect(merged.status).toBe(0);
  }, 240_000);

  // rv114: resolve --out was weighed as the whole plan, every target state it never reads
  // included, and advised sharding, which starts with the resolve that had just been refused.
  it("weighs resolve --out by what it reads: no target state, and resolves at the least heap it accepts", () => {
    const resolveAt = (heapMb: number) => spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, BIN, "resolve", "--repo", dir, "--out", join(dir, "ids.snapshot"), "--now", NOW], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    const refused = resolveAt(48);
    expect(refused.stderr).toMatch(/^error: this organisation needs about \d+ MB of memory to resolve its identities \(\d+ MB of source exports, \d+ MB of YAML\), more than the 48 MB this Node\.js process may use, and cannot be resolved in less than (\d+) MB; nothing was read or resolved\n {2}fix: raise the limit, e\.g\. NODE_OPTIONS=--max-old-space-size=\d+ \(on a machine with that much memory free\)\n$/);
    expect(refused.status).toBe(1);
    const least = Number(/cannot be resolved in less than (\d+) MB/.exec(refused.stderr)![1]);
    const planLeast = Number(/cannot be planned in less than (\d+) MB/.exec(plan(48).stderr)![1]);
    // Here resolving is what the whole plan needs most too; with large target states the plan needs more.
    expect(least).toBeLessThanOrEqual(planLeast);
    const resolved = resolveAt(least);
    expect(resolved.stderr).not.toMatch(/FATAL|heap out of memory/);
    expect(resolved.status, resolved.stderr).toBe(0);
    expect(resolved.stderr).toMatch(/identities written to .*ids\.snapshot \(35500 identities, \d+ findings?, sha256:[0-9a-f]{64}\)/);
  }, 120_000);

  // identities and nhi report were weighed as a plan: at a million people the warning said "to plan
  // ... in 5 batches" of a command that plans nothing.
  it("weighs identities and nhi report as resolving, and lists at the least heap it accepts", () => {
    const run = (heapMb: number, ...args: string[]) => spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, BIN, ...args, "--repo", dir, "--now", NOW, "--format", "json"], { encoding: "utf8", maxBuffer: 512 * 2 ** 20, env: { ...process.env, NODE_OPTIONS: "" } });
    for (const command of [["identities"], ["nhi", "report"]]) {
      const refused = run(48, ...command);
      expect(refused.stderr, command.join(" ")).toMatch(/^error: this organisation needs about \d+ MB of memory to resolve its identities \(\d+ MB of source exports, \d+ MB of YAML\), more than the 48 MB this Node\.js process may use, and cannot be resolved in less than (\d+) MB; nothing was read or resolved\n/);
      expect(refused.status).toBe(1);
      const ran = run(Number(/cannot be resolved in less than (\d+) MB/.exec(refused.stderr)![1]), ...command);
      expect(ran.stderr).not.toMatch(/FATAL|heap out of memory/);
      expect(ran.status, ran.stderr.slice(-500)).toBe(0);
      if (command[0] === "identities") expect((JSON.parse(ran.stdout) as { identities: unknown[] }).identities).toHaveLength(35_500);
      else expect(ran.stdout.length).toBeGreaterThan(1000);
    }
  }, 180_000);

  // validate resolves the identities to check the references to people, and was not weighed at
  // all: too large for the heap, it died in a V8 fatal error.
  it("weighs validate as resolving, and validates at the least heap it accepts", () => {
    const validate = (heapMb: number) => spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, BIN, "validate", "--repo", dir, "--now", NOW], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    const refused = validate(48);
    expect(refused.stderr).toMatch(/^error: this organisation needs about \d+ MB of memory to resolve its identities for validate \(\d+ MB of source exports, \d+ MB of YAML\), more than the 48 MB this Node\.js process may use, and cannot be validated in less than (\d+) MB; nothing was read or validated\n/);
    expect(refused.status).toBe(1);
    const ran = validate(Number(/cannot be validated in less than (\d+) MB/.exec(refused.stderr)![1]));
    expect(ran.stderr).not.toMatch(/FATAL|heap out of memory/);
    expect(ran.status, ran.stderr.slice(-500)).toBe(0);
    expect(ran.stdout).toMatch(/^valid: scopesync\.yaml and \d+ documents .*; references checked against 35000 people from the sources\n$/);
  }, 120_000);

  // snapshot read every source unweighed: too large for the heap, it died in a V8 fatal error
  // and left its snapshot's temp file behind.
  it("weighs snapshot by the sources it reads, and snapshots at the least heap it accepts", () => {
    // A copy: a snapshot written here would be weighed, and read, by the tests after this one.
    const copy = mkdtempSync(join(tmpdir(), "scopesync-memory-snapshot-"));
    try {
      cpSync(dir, copy, { recursive: true });
      const snapshot = (heapMb: number) => spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, BIN, "snapshot", "--repo", copy, "--now", NOW], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
      const refused = snapshot(48);
      expect(refused.stderr).toMatch(/^error: this organisation needs about \d+ MB of memory to read its sources for their snapshots \(\d+ MB of source exports, \d+ MB of YAML\), more than the 48 MB this Node\.js process may use, and cannot be snapshotted in less than (\d+) MB; nothing was read or snapshotted\n/);
      expect(refused.status).toBe(1);
      expect(existsSync(join(copy, "state", "sources"))).toBe(false);
      const ran = snapshot(Number(/cannot be snapshotted in less than (\d+) MB/.exec(refused.stderr)![1]));
      expect(ran.stderr).not.toMatch(/FATAL|heap out of memory/);
      expect(ran.status, ran.stderr.slice(-500)).toBe(0);
      expect(readdirSync(join(copy, "state", "sources"))).toEqual(["hr.json"]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 120_000);

  it("plans once the limit is raised as the error says", () => {
    const refused = plan(48);
    const suggested = Number(/max-old-space-size=(\d+)/.exec(refused.stderr)?.[1]);
    expect(suggested).toBeGreaterThan(48);
    const r = plan(suggested);
    expect(r.stderr).toContain("plan written to");
    expect(r.status).toBe(0);
  }, 180_000);
});
