// rv83 finding 2: `apply --now` a year ahead of the wall clock, against a plan reviewed today,
// re-planned by that date and revoked for real what is still valid today: an admin grant `until`
// next month, as an unreviewed revocation, exit 0. --now is for reproducing a plan; apply now
// refuses one more than 5 minutes from the wall clock unless it is the reviewed plan's own time
// (apply/now-skew.ts), before anything is read; tests that step time pass --allow-any-now.
// `plan --now` and `apply --auto-approve --now` (nothing reviewed) are unchanged. A file target (the live target here), dates relative to the clock.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runCli } from "../helpers/run-cli.js";

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();
let dir: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

const app = () => readFileSync(join(dir, "app.json"), "utf8");
const cli = (args: string[]) => runCli([...args, "--repo", dir], { cwd: dir });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scopesync-now-"));
  const now = Date.now();
  write("scopesync.yaml", stringify({
    version: 1, organisation: "rv83",
    sources: { hr: { type: "csv", path: "hr.csv", authoritative: ["name", "department", "title", "manager", "employmentType", "status", "employeeId"], gates: { required: ["externalId", "userName", "status"] }, options: { exportedAt: iso(now - 3 * 3_600_000) } } },
    targets: { app: { type: "file", path: "app.json" } },
  }));
  write("hr.csv", "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate\nW1,ada,Ada,L,ada@corp.example,Active,Employee,Engineer,Engineering,,2020-01-06,\n");
  write("identities/groups/admins.yaml", stringify({ kind: "Group", id: "admins", privileged: true, members: [{ identity: "ada", until: iso(now + 30 * DAY).slice(0, 10), reason: "on-call cover" }] }));
  write("policies/apps/app.yaml", stringify({ kind: "AppPolicy", id: "app", target: "app", scope: { include: [{ kinds: ["person"] }] }, entitlements: [{ group: "admins", entitlement: "group:admins" }] }));
  write("app.json", `${JSON.stringify({ formatVersion: 1, target: "app", readAt: iso(now), accounts: [{ id: "u1", login: "ada", externalId: "hr:W1", active: true, attributes: {}, entitlements: ["group:admins"] }] }, null, 2)}\n`);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("apply --now", () => {
  it("a year ahead of the clock is refused, naming both times, and nothing is read or changed; at the reviewed plan's own time it is applied", async () => {
    expect((await cli(["plan", "--format", "json", "--out", "reviewed.json"])).code).toBe(0);
    const generatedAt = (JSON.parse(readFileSync(join(dir, "reviewed.json"), "utf8")) as { generatedAt: string }).generatedAt;
    const before = app();
    const far = iso(Date.now() + 365 * DAY);
    const r = await cli(["apply", "--plan", "reviewed.json", "--now", far]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: --now ${far.replace(/[.]/g, "\\.")} is 365 days ahead of the wall clock \\(.+\\), and 365 days ahead of the reviewed plan's time \\(its generatedAt, ${generatedAt.replace(/[.]/g, "\\.")}\\): apply would judge every expiry and last day by it and act on the live targets; nothing was read or applied\n  fix: leave --now out`));
    expect(app()).toBe(before);

    // At the reviewed plan's own time it is applied, though far from the clock: it reproduces the review.
    const then = "2026-01-15T09:00:00Z";
    // Its export taken before that time, as a review of then had it (one taken later fails source-gate-future-export).
    write("scopesync.yaml", readFileSync(join(dir, "scopesync.yaml"), "utf8").replace(/exportedAt: .*/, "exportedAt: 2026-01-15T06:00:00.000Z"));
    expect((await cli(["plan", "--format", "json", "--out", "reviewed.json", "--now", then])).code).toBe(0);
    const same = await cli(["apply", "--plan", "reviewed.json", "--now", then]);
    expect(same.code, same.stderr).toBe(0);
  });

  it("near the clock is applied; far from it with --allow-any-now too (and then judged by it: the grant has ended)", async () => {
    expect((await cli(["plan", "--format", "json", "--out", "reviewed.json"])).code).toBe(0);
    expect((await cli(["apply", "--plan", "reviewed.json", "--now", iso(Date.now() + 60_000)])).code).toBe(0);
    expect(app()).toContain('"group:admins"');
    const far = await cli(["apply", "--plan", "reviewed.json", "--now", iso(Date.now() + 365 * DAY), "--allow-any-now"]);
    expect(far.code, far.stderr).toBe(0);
    expect(app()).not.toContain('"group:admins"');
  });
});
