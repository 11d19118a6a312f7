// A leaver's offboarding undone outside scopesync, against the scimmy SCIM server: apply disabled
// linus and revoked his group (the journal records both), then someone re-enabled him and put him
// back in the group by hand. The next plan disables and revokes again, as it always did, but it
// said so as if it were the first offboarding: nothing told the reviewer that scopesync had done it
// already and someone undid it. Now the plan carries an offboarding-undone warning naming when
// scopesync took each away (the journal's file:line), and each change's reason and evidence cite
// the journal line. A state file pulled before the apply is no undoing: it still shows the account
// as it was then. In an app that links by login, the account is known by its id in the journal
// even after the snapshot let the leaver go, when no identity links it any more (rv86 H1).
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import type { Person } from "./helpers/policy-repo.js";
import { scimEngineering } from "./helpers/scim-engineering.js";
import { scimView, user } from "./helpers/scim-state.js";

const base: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W4", login: "linus", department: "Engineering" },
];
const scim = scimEngineering(base);

/** A SCIM PATCH as an administrator would send it from the app's console. */
async function patch(path: string, operations: object[]): Promise<void> {
  const r = await fetch(`${scim.server().url}${path}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${scim.server().token}`, "content-type": "application/scim+json" },
    body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: operations }),
  });
  expect(r.ok, await r.text()).toBe(true);
}

/** linus left; the reviewed offboarding is applied. Returns the journal's done lines of it, 1-based. */
async function offboardLinus(): Promise<{ disabledAt: string; disableLine: number; revokedAt: string; revokeLine: number }> {
  expect((await scim.repo().cli(["apply", "--auto-approve"], scim.env())).code).toBe(0);
  scim.repo().setPeople(base.map((p) => (p.login === "linus" ? { ...p, status: "Terminated" as const } : p)));
  await scim.repo().plan(scim.env(), "reviewed.json");
  const applied = await scim.repo().cli(["apply", "--plan", "reviewed.json"], scim.env());
  expect(applied.code, applied.stderr).toBe(0);
  expect(user(await scimView(scim.server()), "linus")!.active).toBe(false);
  const journal = scim.repo().read(".scopesync/journal.jsonl").split("\n");
  const lineOf = (action: string) => journal.findIndex((l) => l.includes('"phase":"done"') && l.includes(`"action":"${action}"`) && l.includes('"identity":"linus"') && l.includes('"review":"reviewed"')) + 1;
  const at = (line: number) => (JSON.parse(journal[line - 1]!) as { at: string }).at;
  return { disabledAt: at(lineOf("disable-account")), disableLine: lineOf("disable-account"), revokedAt: at(lineOf("revoke")), revokeLine: lineOf("revoke") };
}

/** What an administrator does by hand: linus active again, and back in Engineering. */
async function reEnableByHand(): Promise<void> {
  const linus = user(await scimView(scim.server()), "linus")!;
  await patch(`/Users/${linus.id}`, [{ op: "replace", path: "active", value: true }]);
  const groups = (await (await fetch(`${scim.server().url}/Groups?filter=${encodeURIComponent('displayName eq "Engineering"')}`, { headers: { authorization: `Bearer ${scim.server().token}` } })).json()) as { Resources: Array<{ id: string }> };
  await patch(`/Groups/${groups.Resources[0]!.id}`, [{ op: "add", path: "members", value: [{ value: linus.id }] }]);
  expect(user(await scimView(scim.server()), "linus")!.active).toBe(true);
}

describe("an offboarding undone outside scopesync", () => {
  it("is planned again with a warning and reasons that cite the journal lines", async () => {
    const done = await offboardLinus();
    await reEnableByHand();

    const { plan } = await scim.repo().plan(scim.env(), "again.json");
    const linus = plan.changes.filter((c) => c.identity === "linus").map((c) => [c.action, c.entitlement ?? "", c.reason, c.evidence.at(-1)]);
    expect(linus).toEqual([
      ["revoke", "group:Engineering", `left the organisation on 2026-11-20 (status terminated in hr); scopesync revoked it at ${done.revokedAt} (.scopesync/journal.jsonl:${done.revokeLine}) and it is held again: given back outside scopesync`, `.scopesync/journal.jsonl:${done.revokeLine}`],
      ["disable-account", "", `left the organisation on 2026-11-20 (status terminated in hr); scopesync disabled it at ${done.disabledAt} (.scopesync/journal.jsonl:${done.disableLine}) and it is active again: given back outside scopesync`, `.scopesync/journal.jsonl:${done.disableLine}`],
    ]);
    const findings = plan.findings.filter((f) => f.rule === "offboarding-undone");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "warning", identity: "linus" });
    expect(findings[0]!.message).toBe(`linus's crm account "linus" was offboarded by scopesync and given back outside it: scopesync disabled it at ${done.disabledAt} (.scopesync/journal.jsonl:${done.disableLine}) and it is active again; it holds again group:Engineering (revoked at ${done.revokedAt}, .scopesync/journal.jsonl:${done.revokeLine}); no scopesync apply since gave it back, so someone re-enabled it by hand, or another system did; this plan takes it away again`);
    // A warning: the plan is not blocked, and the daily sync applies the revocations at once.
    expect(plan.blocked).toBe(false);

    // The text plan shows it too, where a reviewer reads the findings.
    const text = await scim.repo().cli(["plan", "--live"], scim.env());
    expect(text.stdout).toContain("offboarding-undone");
  }, 90_000);

  it("a state file pulled before the apply is no undoing: the account shows as it was then", async () => {
    expect((await scim.repo().cli(["apply", "--auto-approve"], scim.env())).code).toBe(0);
    // Pulled as a scheduled job does (no --now): readAt is the wall clock, before the offboarding.
    expect((await runCli(["state", "pull", "--repo", scim.repo().dir], { env: scim.env(), cwd: scim.repo().dir })).code).toBe(0);
    scim.repo().setPeople(base.map((p) => (p.login === "linus" ? { ...p, status: "Terminated" as const } : p)));
    await scim.repo().plan(scim.env(), "reviewed.json");
    expect((await scim.repo().cli(["apply", "--plan", "reviewed.json"], scim.env())).code).toBe(0);

    const offline = await scim.repo().cli(["plan", "--format", "json"], scim.env());
    const plan = JSON.parse(offline.stdout) as Plan;
    // The stale file still shows linus active: the disable is planned, as before, with no claim of undoing.
    expect(plan.changes.some((c) => c.identity === "linus" && c.action === "disable-account" && !c.reason.includes("scopesync disabled it"))).toBe(true);
    expect(plan.findings.filter((f) => f.rule === "offboarding-undone")).toEqual([]);

    // Pulled again after someone re-enabled him: the file's readAt is after the journal's lines.
    await reEnableByHand();
    expect((await runCli(["state", "pull", "--repo", scim.repo().dir], { env: scim.env(), cwd: scim.repo().dir })).code).toBe(0);
    const pulled = JSON.parse((await scim.repo().cli(["plan", "--format", "json"], scim.env())).stdout) as Plan;
    expect(pulled.findings.filter((f) => f.rule === "offboarding-undone").map((f) => f.identity)).toEqual(["linus"]);
  }, 90_000);

  it("in an app that links by login, after the snapshot let the leaver go: the account re-enabled by hand is still theirs, taken away again", async () => {
    scim.repo().writePolicy({ scope: { include: [{ kinds: ["person"] }] }, accounts: { linkBy: "login" }, entitlements: [{ group: "engineering", entitlement: "group:Engineering" }] });
    const at = (now: string, ...args: string[]) => runCli([...args, "--repo", scim.repo().dir, "--now", now], { env: scim.env(), cwd: scim.repo().dir });
    const done = await offboardLinus();
    expect((await at("2026-11-27T09:00:00Z", "snapshot")).code).toBe(0);
    // HR purges the record: the snapshot keeps linus as departed for 90 days, then lets him go.
    scim.repo().setPeople(base.filter((p) => p.login !== "linus"));
    expect((await at("2026-12-01T09:00:00Z", "snapshot")).code).toBe(0);
    expect((await at("2027-03-15T09:00:00Z", "snapshot")).code).toBe(0);
    await reEnableByHand();

    const out = await at("2027-03-16T09:00:00Z", "plan", "--live", "--format", "json");
    expect(out.code, out.stderr).toBe(0);
    const plan = JSON.parse(out.stdout) as Plan;
    const id = user(await scimView(scim.server()), "linus")!.id;
    expect(plan.changes.map((c) => [c.action, c.identity, c.account, c.evidence.at(-1)])).toEqual([
      ["revoke", "linus", id, `.scopesync/journal.jsonl:${done.revokeLine}`],
      ["disable-account", "linus", id, `.scopesync/journal.jsonl:${done.disableLine}`],
    ]);
    expect(plan.findings.filter((f) => f.rule === "offboarding-undone").map((f) => f.identity)).toEqual(["linus"]);
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account")).toEqual([]);

    // The report reads the state file: pulled after the re-enable, it shows the account active.
    expect((await at("2027-03-16T09:00:00Z", "state", "pull")).code).toBe(0);
    const report = await at("2027-03-16T09:00:00Z", "report", "leavers", "--since", "2026-11-01", "--format", "json");
    expect(report.code, report.stderr).toBe(2);
    expect((JSON.parse(report.stdout) as { outstanding: number }).outstanding).toBe(2);
  }, 90_000);

  it("a return scopesync applies is no undoing: the rehire's account is not flagged", async () => {
    await offboardLinus();
    // HR rehires him: the plan enables the account and grants the group, and apply does it.
    scim.repo().setPeople(base);
    await scim.repo().plan(scim.env(), "rehire.json");
    expect((await scim.repo().cli(["apply", "--plan", "rehire.json"], scim.env())).code).toBe(0);
    expect(user(await scimView(scim.server()), "linus")!.active).toBe(true);
    // He leaves again: the plan offboards him, with no word of an undoing.
    scim.repo().setPeople(base.map((p) => (p.login === "linus" ? { ...p, status: "Terminated" as const } : p)));
    const { plan } = await scim.repo().plan(scim.env(), "again.json");
    expect(plan.changes.filter((c) => c.identity === "linus").map((c) => c.action)).toEqual(["revoke", "disable-account"]);
    expect(plan.changes.every((c) => !c.reason.includes("given back outside scopesync"))).toBe(true);
    expect(plan.findings.filter((f) => f.rule === "offboarding-undone")).toEqual([]);
  }, 90_000);
});
