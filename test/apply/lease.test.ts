// The apply lease (src/apply/lease.ts) on its own: exclusive, named holder, expiry, takeover of a
// lease its holder left behind (expired, or a local process that is gone), and a file that is not
// a lease is never taken over. An injected clock: nothing here waits for real time.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLease, type LeaseHolder, type LeaseOptions } from "../../src/apply/lease.js";

let dir: string;
let path: string;
let now: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scopesync-lease-"));
  path = join(dir, "leases", "crm.lease");
  now = Date.parse("2026-11-26T09:00:00Z");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const holder = (run: string, pid = 4242, host = "runner-1"): LeaseHolder => ({ run, pid, host, started: "2026-11-26T09:00:00.000Z" });
function options(extra: Partial<LeaseOptions> = {}): LeaseOptions {
  return { ttlMs: 60_000, waitMs: 0, pollMs: 1000, clock: () => now, sleep: async (ms) => void (now += ms), alive: () => true, ...extra };
}

describe("apply lease", () => {
  it("is exclusive: a second run is refused at once with the holder named, and gets it once released", async () => {
    const first = await acquireLease(path, "crm", holder("run-a"), options());
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ run: "run-a", pid: 4242, host: "runner-1", started: "2026-11-26T09:00:00.000Z", target: "crm", expires: "2026-11-26T09:01:00.000Z" });
    await expect(acquireLease(path, "crm", holder("run-b", 77), options())).rejects.toThrow('target "crm" is being applied by another run (pid 4242 on runner-1, started 2026-11-26T09:00:00.000Z, run run-a); nothing was applied');
    first.release();
    expect(existsSync(path)).toBe(false);
    const second = await acquireLease(path, "crm", holder("run-b", 77), options());
    second.release();
  });

  it("a waiting run polls until the deadline, tells once whom it waits for, then is refused", async () => {
    await acquireLease(path, "crm", holder("run-a"), options());
    const told: string[] = [];
    const waits: number[] = [];
    const start = now;
    await expect(acquireLease(path, "crm", holder("run-b"), options({ waitMs: 5000, sleep: async (ms) => void (waits.push(ms), (now += ms)), onWait: (h) => told.push(h.run) }))).rejects.toThrow(/being applied by another run/);
    expect(told).toEqual(["run-a"]);
    expect(waits).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect(now - start).toBe(5000);
  });

  it("takes over a lease whose expiry has passed (its holder crashed on another machine)", async () => {
    await acquireLease(path, "crm", holder("run-a", 1, "other-host"), options());
    now += 60_001;
    const lease = await acquireLease(path, "crm", holder("run-b"), options());
    expect(JSON.parse(readFileSync(path, "utf8")).run).toBe("run-b");
    lease.release();
  });

  it("takes over at once the lease of a process on this host that is gone, never one on another host", async () => {
    await acquireLease(path, "crm", holder("run-a", 999_999, hostname()), options());
    const lease = await acquireLease(path, "crm", holder("run-b", 1, hostname()), options({ alive: (pid) => pid !== 999_999 }));
    expect(JSON.parse(readFileSync(path, "utf8")).run).toBe("run-b");
    lease.release();
    await acquireLease(path, "crm", holder("run-c", 999_999, "elsewhere"), options());
    await expect(acquireLease(path, "crm", holder("run-d"), options({ alive: () => false }))).rejects.toThrow(/run run-c/);
  });

  it("a file there that is not a lease is refused, not taken over", async () => {
    await acquireLease(path, "crm", holder("run-a"), options()).then((l) => l.release());
    writeFileSync(path, "hand-written\n");
    now += 3_600_000;
    await expect(acquireLease(path, "crm", holder("run-b"), options())).rejects.toThrow(`target "crm": ${path} exists but is not a scopesync lease; nothing was applied`);
    expect(readFileSync(path, "utf8")).toBe("hand-written\n");
  });

  it("release leaves another run's lease alone (its own lapsed and was taken over)", async () => {
    const a = await acquireLease(path, "crm", holder("run-a"), options());
    now += 60_001;
    const b = await acquireLease(path, "crm", holder("run-b"), options());
    a.release();
    expect(JSON.parse(readFileSync(path, "utf8")).run).toBe("run-b");
    b.release();
    expect(existsSync(path)).toBe(false);
  });

  it("its holder renews it while it runs, so a long apply does not lose it (real timers, a 300 ms lease)", async () => {
    const real = { clock: Date.now, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
    const a = await acquireLease(path, "crm", holder("run-a"), options({ ttlMs: 300, ...real }));
    await new Promise((r) => setTimeout(r, 1000));
    await expect(acquireLease(path, "crm", holder("run-b"), options({ ttlMs: 300, ...real }))).rejects.toThrow(/run run-a/);
    a.release();
    // Released: no more renewals, and the next run gets it.
    (await acquireLease(path, "crm", holder("run-b"), options({ ttlMs: 300, ...real }))).release();
  });
});
