// Unit tests of the apply runner (src/apply/runner.ts) and its retry loop (retry.ts), with an
// in-memory connector and an injected timing that records waits instead of sleeping.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal } from "../../src/apply/journal.js";
import { duration, MAX_WAIT_MS, withRetry, type RetryPolicy, type Timing } from "../../src/apply/retry.js";
import { runApply, type ChangeResult } from "../../src/apply/runner.js";
import type { Change } from "../../src/model/change.js";
import type { AdminsOrder } from "../../src/model/admins-order.js";
import type { TargetConnector } from "../../src/targets/connector.js";
import { TargetError } from "../../src/targets/target-error.js";
import { lineOf, memoryConnector, mk, settle, type Script } from "./helpers/memory-connector.js";

const RETRY: RetryPolicy = { maxAttempts: 4, baseMs: 250, maxMs: 15_000 };

let dir: string;
let journal: Journal;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scopesync-runner-"));
  journal = new Journal(join(dir, "journal.jsonl"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A timing that never waits and remembers what it was asked to wait. */
function recordingTiming(random = 0.5): Timing & { waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms), random: () => random };
}

function run(changes: Change[], connectors: Record<string, TargetConnector>, extra: { concurrency?: number; timing?: Timing; retry?: RetryPolicy } = {}) {
  return runApply({
    changes,
    connectors: new Map(Object.entries(connectors)),
    journal,
    run: "run-1",
    fingerprint: "sha256:test",
    replan: "sha256:test",
    planTime: Date.parse("2026-11-26T09:00:00Z"),
    review: () => "reviewed",
    concurrency: extra.concurrency ?? 8,
    retry: extra.retry ?? RETRY,
    timing: extra.timing ?? recordingTiming(),
    clock: () => Date.parse("2026-11-26T09:00:00Z"),
  });
}

const byLine = (results: ChangeResult[]) => Object.fromEntries(results.map((r) => [lineOf(r.change), r]));

describe("runner: order and parallelism", () => {
  it("applies one identity's changes strictly in the action order, whatever order they came in", async () => {
    const app = memoryConnector();
    const leaver = [mk("disable-account", "lea"), mk("revoke", "lea", { entitlement: "team:a" }), mk("revoke-credential", "lea", { credential: "key-1" }), mk("delete-account", "lea")];
    const joiner = [mk("grant", "jo", { entitlement: "team:b" }), mk("update-account", "jo"), mk("create-account", "jo"), mk("grant", "jo", { entitlement: "team:a" })];
    const mover = [mk("grant", "mo", { entitlement: "team:new" }), mk("revoke", "mo", { entitlement: "team:old" }), mk("enable-account", "mo")];
    const { results } = await run([...leaver, ...joiner, ...mover].reverse(), { app }, { concurrency: 1 });
    const of = (who: string) => app.calls.map((c) => c.line).filter((l) => l.split(" ")[1] === who);
    expect(of("lea")).toEqual(["revoke-credential lea key-1", "revoke lea team:a", "disable-account lea", "delete-account lea"]);
    expect(of("jo")[0]).toBe("create-account jo");
    expect(of("jo")[1]).toBe("update-account jo");
    expect(of("jo").slice(2).sort()).toEqual(["grant jo team:a", "grant jo team:b"]);
    expect(of("mo")).toEqual(["revoke mo team:old", "enable-account mo", "grant mo team:new"]);
    expect(results.every((r) => r.status === "applied" && r.attempts === 1)).toBe(true);
    expect(results).toHaveLength(11);
  });

  it("runs identities in parallel up to the concurrency limit, and one identity's changes never at once", async () => {
    const app = memoryConnector();
    app.hold = true;
    const changes = ["a", "b", "c", "d", "e"].flatMap((who) => [mk("create-account", who), mk("grant", who, { entitlement: "team:x" })]);
    const done = run(changes, { app }, { concurrency: 3 });
    await settle();
    // Three identities started, each with its first change only.
    expect(app.calls.map((c) => c.line)).toEqual(["create-account a", "create-account b", "create-account c"]);
    while (app.held.length > 0) {
      app.releaseAll();
      await settle();
    }
    const { results } = await done;
    expect(results).toHaveLength(10);
    expect(app.maxInFlight).toBe(3);
    for (const who of ["a", "b", "c", "d", "e"]) {
      const lines = app.calls.map((c) => c.line).filter((l) => l.endsWith(` ${who}`) || l.includes(` ${who} `));
      expect(lines).toEqual([`create-account ${who}`, `grant ${who} team:x`]);
    }
  });

  it("the connector's own maxConcurrency lowers the limit; targets run side by side", async () => {
    const slow = memoryConnector("slow", { maxConcurrency: 2 });
    const other = memoryConnector("other");
    slow.hold = true;
    other.hold = true;
    const changes = [..."abcdef"].map((who) => mk("create-account", who, {}, "slow")).concat([..."uvwxyz"].map((who) => mk("create-account", who, {}, "other")));
    const done = run(changes, { slow, other }, { concurrency: 4 });
    await settle();
    expect(slow.calls).toHaveLength(2);
    expect(other.calls).toHaveLength(4);
    while (slow.held.length + other.held.length > 0) {
      slow.releaseAll();
      other.releaseAll();
      await settle();
    }
    await done;
    expect([slow.maxInFlight, other.maxInFlight]).toEqual([2, 4]);
    expect(slow.calls).toHaveLength(6);
  });

  it("hands the account a create made to the same identity's later changes", async () => {
    const app = memoryConnector("app", { script: (c) => ({ status: "applied", ...(c.action === "create-account" ? { account: "acct-77" } : {}) }) });
    await run([mk("create-account", "jo"), mk("grant", "jo", { entitlement: "team:a" })], { app });
    expect(app.calls).toEqual([
      { line: "create-account jo", inFlight: 1 },
      { line: "grant jo team:a", account: "acct-77", inFlight: 1 },
    ]);
  });
});

describe("runner: failures", () => {
  it("a failed create skips that identity's grants and update, reports them, and an unrelated identity still applies", async () => {
    const script: Script = (c) => (c.action === "create-account" && c.identity === "bad" ? new TargetError("app", "create-account bad: 409 uniqueness", { status: 409 }) : { status: "applied" });
    const app = memoryConnector("app", { script });
    const { results } = await run(
      [mk("create-account", "bad"), mk("update-account", "bad"), mk("grant", "bad", { entitlement: "team:a" }), mk("create-account", "good"), mk("grant", "good", { entitlement: "team:a" })],
      { app },
    );
    const r = byLine(results);
    expect(r["create-account bad"]).toMatchObject({ status: "failed", attempts: 1, error: 'target "app": create-account bad: 409 uniqueness' });
    expect(r["update-account bad"]).toMatchObject({ status: "skipped", attempts: 0, error: "skipped: create-account of bad failed first" });
    expect(r["grant bad team:a"]).toMatchObject({ status: "skipped", attempts: 0, error: "skipped: create-account of bad failed first" });
    expect(r["create-account good"]!.status).toBe("applied");
    expect(r["grant good team:a"]!.status).toBe("applied");
    expect(app.calls.map((c) => c.line)).not.toContain("grant bad team:a");
    const phases = [...journal.records()].map((j) => `${j.phase} ${j.action} ${j.identity}`);
    expect(phases).toContain("failed create-account bad");
    expect(phases).toContain("skipped grant bad");
    expect(phases).toContain("skipped update-account bad");
    expect(phases).not.toContain("start grant bad");
  });

  it("a failed credential revoke does not stop the entitlement revokes after it (taking access away goes on)", async () => {
    const app = memoryConnector("app", { script: (c) => (c.action === "revoke-credential" ? new TargetError("app", "boom", { status: 400 }) : { status: "applied" }) });
    const { results } = await run([mk("revoke-credential", "lea", { credential: "k" }), mk("revoke", "lea", { entitlement: "team:a" }), mk("revoke", "other", { entitlement: "team:a" })], { app });
    expect(results.map((r) => `${r.change.action} ${r.change.identity} ${r.status}`).sort()).toEqual(["revoke lea applied", "revoke other applied", "revoke-credential lea failed"]);
  });

  it("a failed credential revoke does not keep the account: the leaver is still disabled and deleted, the revoke reported as failed", async () => {
    // A GitHub deploy key's delete can fail on every run (a 403 for a token without
    // Administration: write; a PAT-grant revoke, which GitHub lets only Apps make). Holding the
    // removal back for it kept the leaver an org member for good. The key stays attributed to the
    // leaver's login (heldBy) and the next plan revokes it: github-deploy-key-holder-e2e.
    const refusals: Record<string, TargetError> = {
      "key-1": new TargetError("app", "500 Server Error", { status: 500, retryable: true }),
      "key-2": new TargetError("app", "403 Resource not accessible by integration", { status: 403 }),
    };
    const app = memoryConnector("app", { script: (c) => (c.action === "revoke-credential" ? refusals[c.credential!]! : { status: "applied" }) });
    const lea = { anchor: "nhi:lea", account: "41" };
    const { results } = await run(
      [mk("delete-account", "lea", lea), mk("disable-account", "lea", lea), mk("revoke", "lea", { ...lea, entitlement: "team:a" }), mk("revoke-credential", "lea", { ...lea, credential: "key-1" }), mk("disable-account", "bob"), mk("revoke-credential", "bob", { credential: "key-2" })],
      { app },
      { retry: { maxAttempts: 2, baseMs: 1, maxMs: 1 } },
    );
    const r = byLine(results);
    expect(r["revoke-credential lea key-1"]).toMatchObject({ status: "failed", attempts: 2, error: 'target "app": 500 Server Error' });
    expect(r["revoke-credential bob key-2"]).toMatchObject({ status: "failed", attempts: 1, error: 'target "app": 403 Resource not accessible by integration' });
    for (const line of ["revoke lea team:a", "disable-account lea", "delete-account lea", "disable-account bob"]) expect(r[line]).toMatchObject({ status: "applied", attempts: 1 });
    // Still in the action order: the credential is tried first, and its failure stops nothing.
    const of = (who: string) => app.calls.map((c) => c.line).filter((l) => l.split(" ")[1] === who);
    expect(of("lea")).toEqual(["revoke-credential lea key-1", "revoke-credential lea key-1", "revoke lea team:a", "disable-account lea", "delete-account lea"]);
    expect(of("bob")).toEqual(["revoke-credential bob key-2", "disable-account bob"]);
    const phases = [...journal.records()].map((j) => `${j.phase} ${j.action} ${j.identity}`);
    expect(phases).toEqual(expect.arrayContaining(["failed revoke-credential lea", "done disable-account lea", "done delete-account lea", "failed revoke-credential bob", "done disable-account bob"]));
    expect(phases.filter((p) => p.startsWith("skipped"))).toEqual([]);
  });

  it("a change for a target without connector is skipped and reported", async () => {
    const { results } = await run([mk("create-account", "jo", {}, "ghost")], {});
    expect(results).toEqual([expect.objectContaining({ status: "skipped", attempts: 0, error: 'no connector for target "ghost"' })]);
    expect([...journal.records()].map((j) => j.phase)).toEqual(["skipped"]);
  });

  it("retries a retryable TargetError, never sooner than Retry-After, and journals the attempts", async () => {
    const script: Script = (_c, attempt) =>
      attempt === 1 ? new TargetError("app", "429", { status: 429, retryable: true, retryAfterMs: 5000 })
      : attempt === 2 ? new TargetError("app", "503", { status: 503, retryable: true })
      : { status: "applied", account: "acct-1" };
    const app = memoryConnector("app", { script });
    const timing = recordingTiming(0.5);
    const { results } = await run([mk("create-account", "jo")], { app }, { timing });
    expect(results[0]).toMatchObject({ status: "applied", attempts: 3 });
    // 1st wait: Retry-After 5000 beats the jittered 0.5 × 250; 2nd: 0.5 × min(15000, 250 × 2).
    expect(timing.waits).toEqual([5000, 250]);
    expect([...journal.records()].map((j) => [j.phase, j.attempts ?? null])).toEqual([["start", null], ["done", 3]]);
  });

  it("gives up after maxAttempts of a retryable error and reports the last error", async () => {
    const app = memoryConnector("app", { script: () => new TargetError("app", "create-account jo: 500 Internal", { status: 500, retryable: true }) });
    const timing = recordingTiming(1);
    const { results } = await run([mk("create-account", "jo"), mk("grant", "jo", { entitlement: "team:a" })], { app }, { timing });
    expect(results.map((r) => [r.status, r.attempts])).toEqual([["failed", 4], ["skipped", 0]]);
    expect(app.calls).toHaveLength(4);
    // Full jitter with random() = 1: the cap itself, doubling: 250, 500, 1000.
    expect(timing.waits).toEqual([250, 500, 1000]);
  });

  it("fails a non-retryable error at once, without waiting, and says it was one attempt", async () => {
    const app = memoryConnector("app", { script: () => new TargetError("app", "401 unauthorised", { status: 401, retryable: false }) });
    const timing = recordingTiming();
    const { results } = await run([mk("disable-account", "lea")], { app }, { timing });
    expect(results[0]).toMatchObject({ status: "failed", attempts: 1 });
    expect(app.calls).toHaveLength(1);
    expect(timing.waits).toEqual([]);
    expect([...journal.records()].at(-1)).toMatchObject({ phase: "failed", attempts: 1, error: 'target "app": 401 unauthorised' });
  });

  it("a connector bug (not a TargetError) fails the change once and is not retried", async () => {
    const app = memoryConnector("app", { script: () => new TypeError("cannot read x of undefined") });
    const { results } = await run([mk("grant", "jo", { entitlement: "team:a" })], { app });
    expect(results[0]).toMatchObject({ status: "failed", attempts: 1, error: "cannot read x of undefined" });
  });

  it("`unchanged` answers count as done", async () => {
    const app = memoryConnector("app", { script: () => ({ status: "unchanged" }) });
    const { results } = await run([mk("create-account", "jo")], { app });
    expect(results[0]!.status).toBe("unchanged");
    expect([...journal.records()].at(-1)).toMatchObject({ phase: "done", outcome: "unchanged" });
  });
});

describe("withRetry", () => {
  it("caps the backoff at maxMs", async () => {
    const timing = recordingTiming(1);
    let n = 0;
    await expect(
      withRetry(async () => {
        n++;
        throw new TargetError("app", "x", { retryable: true });
      }, { maxAttempts: 5, baseMs: 1000, maxMs: 3000 }, timing),
    ).rejects.toThrow('target "app": x');
    expect(n).toBe(5);
    expect(timing.waits).toEqual([1000, 2000, 3000, 3000]);
  });

  it("reports each retry to onRetry with the attempt and the wait", async () => {
    const seen: Array<[number, number]> = [];
    let n = 0;
    const { value, attempts } = await withRetry(async () => {
      if (++n < 3) throw new TargetError("app", "x", { retryable: true, retryAfterMs: 10 });
      return "ok";
    }, RETRY, recordingTiming(0), (attempt, _e, wait) => seen.push([attempt, wait]));
    expect([value, attempts]).toEqual(["ok", 3]);
    expect(seen).toEqual([[1, 10], [2, 10]]);
  });
});

describe("withRetry: a wait longer than scopesync's", () => {
  const asking = (retryAfterMs: number) => new TargetError("app", "create-account jo: 503 down for maintenance", { status: 503, retryable: true, retryAfterMs });

  it("a Retry-After of exactly the longest wait (an hour and five minutes by default: a GitHub reset an hour ahead, plus the second past it) is waited out", async () => {
    const timing = recordingTiming(0);
    let n = 0;
    const { attempts } = await withRetry(async () => {
      if (++n === 1) throw asking(MAX_WAIT_MS);
      return "ok";
    }, RETRY, timing);
    expect(attempts).toBe(2);
    expect(timing.waits).toEqual([3_900_000]);
  });

  it("a longer one fails at once, not retryable, saying how long the target asked for", async () => {
    const timing = recordingTiming(0);
    let n = 0;
    const e = (await withRetry(async () => {
      n++;
      throw asking(MAX_WAIT_MS + 1000);
    }, RETRY, timing).catch((x: unknown) => x)) as TargetError;
    expect(n).toBe(1);
    expect(timing.waits).toEqual([]);
    expect(e).toBeInstanceOf(TargetError);
    expect(e.retryable).toBe(false);
    expect(e.message).toBe('target "app": create-account jo: 503 down for maintenance (it asked to wait 1 h 6 min before trying again, longer than the 1 h 5 min scopesync waits)');
    expect(e.hint).toBe("run the command again in 1 h 6 min or later");
    expect(e.details).toMatchObject({ status: 503, retryAfterMs: MAX_WAIT_MS + 1000 });
  });

  it("the policy's maxWaitMs sets the longest wait", async () => {
    const timing = recordingTiming(0);
    const e = (await withRetry(async () => {
      throw asking(90_000);
    }, { ...RETRY, maxWaitMs: 60_000 }, timing).catch((x: unknown) => x)) as TargetError;
    expect(e.message).toContain("(it asked to wait 90 s before trying again, longer than the 60 s scopesync waits)");
    expect(timing.waits).toEqual([]);
  });

  it("duration: seconds up to two minutes, then minutes, then hours and minutes, rounded up", () => {
    expect([999, 1000, 119_000, 119_001, 3_540_000, 3_600_000, 5_400_000, 86_400_000].map(duration)).toEqual(["1 s", "1 s", "119 s", "2 min", "59 min", "1 h", "1 h 30 min", "24 h"]);
  });
});

describe("runner: told of each wait", () => {
  it("onWait hears the change, the attempt that failed, the error and the wait, before each wait", async () => {
    const script: Script = (_c, attempt) => (attempt <= 2 ? new TargetError("app", "429", { status: 429, retryable: true, retryAfterMs: 30_000 * attempt }) : { status: "applied" });
    const app = memoryConnector("app", { script });
    const heard: string[] = [];
    const { results } = await runApply({
      changes: [mk("create-account", "jo")],
      connectors: new Map([["app", app]]),
      journal,
      run: "run-1",
      fingerprint: "sha256:test",
      replan: "sha256:test",
      planTime: 0,
      review: () => "reviewed",
      concurrency: 1,
      retry: RETRY,
      timing: recordingTiming(0),
      clock: () => 0,
      onWait: (change, attempt, error, waitMs) => heard.push(`${change.action} ${change.identity} attempt ${attempt} ${error.details.status} ${waitMs}`),
    });
    expect(results[0]).toMatchObject({ status: "applied", attempts: 3 });
    expect(heard).toEqual(["create-account jo attempt 1 429 30000", "create-account jo attempt 2 429 60000"]);
  });
});

describe("runner: one name, two accounts", () => {
  it("a rehire's new account gets its own create and grants; the leaver's old account's id is passed to none of them", async () => {
    // The plan names both by the login: the old account (linked to hr:N007) is disabled, a new one
    // is made for the person's new anchor and granted a team.
    const old = mk("disable-account", "gia", { anchor: "hr:N007", account: "old-1" });
    const create = mk("create-account", "gia", { anchor: "hr:N042" });
    const grant = mk("grant", "gia", { anchor: "hr:N042", entitlement: "team:a" });
    const script: Script = (c) => (c.action === "create-account" ? { status: "applied", account: "new-9" } : { status: "applied", account: c.account ?? "?" });
    const app = memoryConnector("app", { script });
    const { results } = await run([grant, create, old], { app }, { concurrency: 1 });
    expect(app.calls.map((c) => `${c.line} @${c.account ?? "-"}`)).toEqual(["disable-account gia @old-1", "create-account gia @-", "grant gia team:a @new-9"]);
    expect(results.every((r) => r.status === "applied")).toBe(true);
  });

  it("a failed create skips the grants of its own anchor only", async () => {
    const script: Script = (c) => (c.action === "create-account" ? new TargetError("app", "409 uniqueness", { status: 409 }) : { status: "applied" });
    const app = memoryConnector("app", { script });
    const { results } = await run([mk("create-account", "gia", { anchor: "hr:N042" }), mk("grant", "gia", { anchor: "hr:N042", entitlement: "team:a" }), mk("update-account", "gia", { anchor: "hr:N007", account: "old-1" })], { app }, { concurrency: 1 });
    expect(Object.fromEntries(results.map((r) => [`${r.change.action} ${r.change.anchor}`, r.status]))).toEqual({ "create-account hr:N042": "failed", "grant hr:N042": "skipped", "update-account hr:N007": "applied" });
  });
});

describe("runner: what this run did", () => {
  it("a change found in place on the retry after a lost answer counts as applied by this run", async () => {
    const script: Script = (_c, attempt) => (attempt === 1 ? new TargetError("app", "connection reset after the write", { retryable: true }) : { status: "unchanged", account: "acct-1" });
    const app = memoryConnector("app", { script });
    const { results } = await run([mk("create-account", "jo")], { app });
    expect(results[0]).toMatchObject({ status: "applied", attempts: 2 });
    expect([...journal.records()].at(-1)).toMatchObject({ phase: "done", outcome: "applied", attempts: 2 });
  });

  it("after a 429 (refused, nothing done) a change found in place was already in place", async () => {
    const script: Script = (_c, attempt) => (attempt === 1 ? new TargetError("app", "429", { status: 429, retryable: true }) : { status: "unchanged" });
    const { results } = await run([mk("grant", "jo", { entitlement: "team:a" })], { app: memoryConnector("app", { script }) });
    expect(results[0]).toMatchObject({ status: "unchanged", attempts: 2 });
  });
});

describe("runner: each journal line says why, and where it was approved", () => {
  // A GitHub-token-shaped value a deploy key's title could hold, quoted in a reason.
  const token = `ghp_${"A1b2C3d4E5".repeat(4)}`;
  const opts = (review: (c: Change) => "reviewed" | "unreviewed-revocation", approval?: { commit: string; pr?: number }) => ({
    connectors: new Map([["app", memoryConnector()]]), journal, run: "run-1", fingerprint: "sha256:reviewed", replan: "sha256:replan",
    planTime: 0, review, concurrency: 1, retry: RETRY, timing: recordingTiming(), clock: () => 0, ...(approval ? { approval } : {}),
  });

  it("keeps the change's reason (masked as the plan's texts are) and evidence on every line of it", async () => {
    const revoke = mk("revoke-credential", "lea", { credential: "key-1", account: "a9", reason: `left the organisation on 2026-11-20 (status terminated in hr): deploy key "${token}"`, evidence: ["hr hr.csv row 3", "policies/apps/app.yaml:4"] });
    await runApply({ changes: [revoke], ...opts(() => "unreviewed-revocation") });
    const lines = [...journal.records()];
    expect(lines.map((l) => l.phase)).toEqual(["start", "done"]);
    for (const l of lines) {
      expect(l.why).toBe("left the organisation on 2026-11-20 (status terminated in hr): deploy key (a value not shown: it looks like a secret, GitHub token)");
      expect(l.why).not.toContain(token);
      expect(l.evidence).toEqual(["hr hr.csv row 3", "policies/apps/app.yaml:4"]);
    }
    expect(readFileSync(journal.path, "utf8")).not.toContain(token);
  });

  it("names the commit and pull request a reviewed change was approved in, and claims none for an unreviewed one", async () => {
    const reviewed = mk("revoke", "lea", { entitlement: "team:a", account: "a9" });
    const unreviewed = mk("disable-account", "max", { account: "a10" });
    const commit = "0123456789abcdef0123456789abcdef01234567";
    await runApply({ changes: [reviewed, unreviewed], ...opts((c) => (c === reviewed ? "reviewed" : "unreviewed-revocation"), { commit, pr: 42 }) });
    const lines = [...journal.records()];
    expect(lines.filter((l) => l.identity === "lea").map((l) => [l.phase, l.review, l.commit, l.pr])).toEqual([["start", "reviewed", commit, 42], ["done", "reviewed", commit, 42]]);
    expect(lines.filter((l) => l.identity === "max").map((l) => [l.phase, l.review, "commit" in l, "pr" in l])).toEqual([["start", "unreviewed-revocation", false, false], ["done", "unreviewed-revocation", false, false]]);
  });

  it("writes no approval when the caller knows none (apply --plan from the command line)", async () => {
    await runApply({ changes: [mk("revoke", "lea", { entitlement: "team:a", account: "a9" })], ...opts(() => "reviewed") });
    expect([...journal.records()].every((l) => !("commit" in l) && !("pr" in l))).toBe(true);
  });
});

describe("runner: admin grants first", () => {
  // The order AdminsWatch.order (apply/admins-hold.ts) hands the runner, written out: which changes
  // grant the admins entitlement and which take it away. The end-to-end handover against the
  // GitHub fake is test/apply/github-owner-handover-e2e.test.ts.
  const order = (grants: Change[], lowering: Change[]): AdminsOrder => ({ grants: new Set(grants), lowering: new Set(lowering), refuse: () => undefined });

  it("runs what takes an admin away only after the grants, even when its lane comes first and one change runs at a time", async () => {
    const app = memoryConnector();
    const demote = mk("revoke", "old", { entitlement: "role:admin" });
    const promote = mk("grant", "new", { entitlement: "role:admin" });
    const other = mk("grant", "jo", { entitlement: "team:x" });
    const { results } = await runApply({ changes: [demote, other, promote], connectors: new Map([["app", app]]), journal, run: "run-1", fingerprint: "sha256:test", replan: "sha256:test", planTime: 0, review: () => "reviewed", concurrency: 1, retry: RETRY, timing: recordingTiming(), clock: () => 0, adminsOrder: order([promote], [demote]) });
    expect(app.calls.map((c) => c.line)).toEqual(["grant new role:admin", "revoke old role:admin", "grant jo team:x"]);
    expect(results.every((r) => r.status === "applied")).toBe(true);
  });

  it("does not deadlock on rehires whose lanes both demote an old account and promote a new one, with fewer workers than lanes", async () => {
    const app = memoryConnector();
    const lanes = ["a", "b", "c"].flatMap((who) => [mk("revoke", who, { entitlement: "role:admin", anchor: `hr:${who}-old`, account: `${who}-old` }), mk("grant", who, { entitlement: "role:admin", anchor: `hr:${who}-new`, account: `${who}-new` })]);
    const promote = mk("grant", "new", { entitlement: "role:admin" });
    const grants = [...lanes.filter((c) => c.action === "grant"), promote];
    const { results } = await runApply({ changes: [...lanes, promote], connectors: new Map([["app", app]]), journal, run: "run-1", fingerprint: "sha256:test", replan: "sha256:test", planTime: 0, review: () => "reviewed", concurrency: 2, retry: RETRY, timing: recordingTiming(), clock: () => 0, adminsOrder: order(grants, lanes.filter((c) => c.action === "revoke")) });
    expect(results).toHaveLength(7);
    // The lane that only promotes goes first; every demotion comes after it.
    expect(app.calls[0]!.line).toBe("grant new role:admin");
  });
});
