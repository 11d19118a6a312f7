// The file target writes the changes that arrive together in one write, answers each only once the
// file holding it is in place, and when that write fails, fails every change in it and keeps none:
// the next attempt finds them not made and makes them. The real connector on a real file.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { changeId, type Change } from "../../src/model/change.js";
import type { TargetAccount } from "../../src/model/target-state.js";
import { createFileConnector } from "../../src/targets/file/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const account = (id: string, login: string): TargetAccount => ({ id, login, externalId: `hr:${login}`, active: true, attributes: {}, entitlements: [] });
const disable = (a: TargetAccount): Change => ({ id: changeId("app", "disable-account", a.login), target: "app", action: "disable-account", identity: a.login, login: a.login, anchor: a.externalId!, account: a.id, origin: "source", reason: "leaver", privileged: false, evidence: [] });

/** A file target over `accounts`, whose clock counts the times it is asked (one time per write). */
function target(accounts: TargetAccount[], more: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-file-writes-"));
  dirs.push(dir);
  const file = join(dir, "app.json");
  writeFileSync(file, JSON.stringify({ formatVersion: 1, accounts, credentials: [], ...more }));
  let tick = 0;
  const connector = createFileConnector({ type: "file", path: "app.json" } as never, { name: "app", repoDir: dir, env: {}, now: () => Date.UTC(2026, 11, 1) + 1000 * tick++ });
  const read = () => JSON.parse(readFileSync(file, "utf8")) as { accounts: TargetAccount[]; readAt: string };
  return { file, connector, read, writes: () => tick };
}

describe("the file target's writes", () => {
  it("puts the changes sent at once into one write, and those sent one after another into one each", async () => {
    const people = ["ada", "alan", "grace", "ken"].map((l, i) => account(`acct-${i}`, l));
    const t = target(people);
    const together = await Promise.all(people.slice(0, 3).map((a) => t.connector.apply(disable(a))));
    expect(together.map((o) => o.status)).toEqual(["applied", "applied", "applied"]);
    expect(t.writes()).toBe(1);
    const after = t.read();
    expect(after.accounts.filter((a) => !a.active).map((a) => `${a.login} ${a.disabledAt}`)).toEqual(["ada 2026-12-01T00:00:00.000Z", "alan 2026-12-01T00:00:00.000Z", "grace 2026-12-01T00:00:00.000Z"]);
    expect(await t.connector.apply(disable(people[3]!))).toEqual({ status: "applied", account: "acct-3" });
    expect(await t.connector.apply(disable(people[3]!))).toEqual({ status: "unchanged", account: "acct-3" });
    expect(t.writes()).toBe(3);
    expect(t.read().accounts.find((a) => a.login === "ken")!.disabledAt).toBe("2026-12-01T00:00:01.000Z");
  });

  it("answers a change refused in a write with its error, and writes the others", async () => {
    const people = [account("acct-0", "ada"), account("acct-1", "alan")];
    const t = target(people);
    const gone = disable(account("acct-9", "nobody"));
    const outcomes = await Promise.allSettled([t.connector.apply(disable(people[0]!)), t.connector.apply(gone), t.connector.apply(disable(people[1]!))]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain("no account for this change in app.json");
    expect(t.read().accounts.map((a) => a.active)).toEqual([false, false]);
  });

  it("fails every change of a write that cannot be put in place, keeps none of them, and makes them at the next attempt", async () => {
    const people = ["ada", "alan", "grace"].map((l, i) => account(`acct-${i}`, l));
    const t = target(people);
    expect((await t.connector.apply(disable(people[0]!))).status).toBe("applied");
    const written = readFileSync(t.file);
    // A folder where the file was: the rename that puts the new file in place fails.
    rmSync(t.file);
    mkdirSync(t.file);
    const failed = await Promise.allSettled(people.slice(1).map((a) => t.connector.apply(disable(a))));
    expect(failed.map((o) => o.status)).toEqual(["rejected", "rejected"]);
    expect(String((failed[0] as PromiseRejectedResult).reason)).toContain('target "app": cannot write app.json');
    rmSync(t.file, { recursive: true });
    writeFileSync(t.file, written);
    // Had the store kept them, it would answer "unchanged" and the file would still lack them.
    const again = await Promise.all(people.slice(1).map((a) => t.connector.apply(disable(a))));
    expect(again.map((o) => o.status)).toEqual(["applied", "applied"]);
    expect(t.read().accounts.map((a) => `${a.login} ${a.active}`)).toEqual(["ada false", "alan false", "grace false"]);
  });

  it("reads the file as it is on disk, also after changes were written", async () => {
    const people = [account("acct-0", "ada")];
    const t = target(people);
    await t.connector.apply(disable(people[0]!));
    const read = await t.connector.read();
    expect(read.accounts.map((a) => a.active)).toEqual([false]);
    expect(read.readAt).toBe(t.read().readAt);
  });

  it("keeps what the file says it was read from (endpoint, tenantId, the target it was pulled for) through a write", async () => {
    const people = [account("acct-0", "ada")];
    const from = { endpoint: "https://scim.example.com/v2", tenantId: "tenant-42", target: "other-app" };
    const t = target(people, from);
    const before = await t.connector.read();
    expect(before.tenant).toEqual({ endpoint: from.endpoint, id: from.tenantId, pulledFor: from.target });
    await t.connector.apply(disable(people[0]!));
    const written = JSON.parse(readFileSync(t.file, "utf8")) as Record<string, unknown>;
    expect({ endpoint: written.endpoint, tenantId: written.tenantId, target: written.target }).toEqual(from);
    expect(written.tenant).toBeUndefined();
    expect((await t.connector.read()).tenant).toEqual(before.tenant);
  });
});
