// Whose offboarding the leavers report shows (rv96): never "done" while the plan, the journal or
// the state say otherwise. A person HR stops exporting is offboarded by the plan before any apply
// has written a line for them (H1); a state read before scopesync created the leaver's account
// shows "no account" while the journal records it made (M2); a login HR gave a new hire does not
// make the old holder's failed disable the new hire's (M1); a leaver HR renamed after offboarding
// keeps the steps the journal records for their account, as `explain --history` reads them (M3).
// The CLI on a policy repository with a SCIM target read from its state file, and journal lines
// of the shape apply writes (docs/formats.md, "The apply journal").
import { afterEach, describe, expect, it } from "vitest";
import type { PolicyRepo, Person } from "./helpers/policy-repo.js";
import { leaversOf, leaversRepo, type Account } from "./helpers/leavers-repo.js";

const repos: PolicyRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

const repo = (people: Person[], accounts: Account[], journal: Array<Record<string, unknown>>, readAt?: string, maxStateAge?: string) => leaversRepo(repos, people, accounts, journal, readAt, maxStateAge);

const ADA: Person = { worker: "W1", login: "ada", department: "Engineering" };
const ADA_ACCOUNT: Account = { id: "u1", login: "ada", externalId: "hr:W1", active: true, entitlements: ["group:Engineering"] };
const LEFT = "left the organisation on 2026-10-15 (status terminated in hr)";

const report = (r: PolicyRepo, since: string) => leaversOf(r, since);

describe("report leavers: whom the plan offboards", () => {
  it("a person HR stopped exporting, offboarded by the plan before any apply, is listed as gone with the planned steps outstanding (exit 2)", async () => {
    const r = repo([ADA], [ADA_ACCOUNT, { id: "u2", login: "bob", externalId: "hr:W2", active: true, entitlements: ["group:Engineering"] }], []);
    const { code, report: got, markdown } = await report(r, "2026-10-01");
    expect(code).toBe(2);
    expect(got.leavers.map((l) => [l.identity, l.status, l.placed, l.left.reason, l.outstanding])).toEqual([["hr:W2", "gone", "undated", 'hr:W2 is no longer in source "hr" (the export passed its gates (required) and the built-in checks)', 2]]);
    expect(got.leavers[0]!.targets[0]!.outstanding.map((o) => [o.kind, o.kind === "planned" ? o.action : undefined])).toEqual([["planned", "revoke"], ["planned", "disable-account"]]);
    expect(markdown).not.toContain("nothing outstanding");
  });
});

describe("report leavers: whose a journal line is", () => {
  it("an old leaver's failed disable is their account's owner's, not the new hire's who has the login now (exit 2)", async () => {
    const r = repo(
      [ADA, { worker: "W9", login: "jsmith", department: "Engineering", hired: "2026-11-10" }],
      [ADA_ACCOUNT, { id: "u5", login: "jsmith", externalId: "hr:W5", active: true, entitlements: ["group:Engineering"] }],
      [{ at: "2026-10-16T10:00:01.000Z", action: "disable-account", identity: "jsmith", account: "u5", login: "jsmith", why: LEFT, phase: "failed", error: "HTTP 500 from PATCH /Users/u5" }],
    );
    const { code, report: got } = await report(r, "2026-10-01");
    expect(code).toBe(2);
    expect(got.leavers.map((l) => [l.identity, l.status, l.outstanding, l.targets.flatMap((t) => t.steps.map((s) => [s.account, s.result]))])).toEqual([["hr:W5", "gone", 2, [["u5", "failed"]]]]);
    const disable = got.leavers[0]!.targets[0]!.outstanding.find((o) => o.kind === "planned" && o.action === "disable-account");
    expect(disable).toMatchObject({ lastAttempt: "failed at 2026-10-16T10:00:01.000Z: HTTP 500 from PATCH /Users/u5 (.scopesync/journal.jsonl:1)" });
  });

  it("a leaver HR renamed after offboarding keeps the steps the journal records for their account, in one entry", async () => {
    const pr = { commit: "1111111111111111111111111111111111111111", pr: 42, why: "left the organisation on 2026-11-20 (status terminated in hr)", phase: "done", outcome: "applied" };
    const r = repo(
      [ADA, { worker: "W2", login: "robert", department: "Engineering", status: "Terminated" }],
      [ADA_ACCOUNT, { id: "u2", login: "bob", externalId: "hr:W2", active: false, entitlements: [] }],
      [
        { ...pr, at: "2026-11-21T10:00:00.000Z", action: "revoke", identity: "bob", account: "u2", login: "bob", entitlement: "group:Engineering" },
        { ...pr, at: "2026-11-21T10:00:01.000Z", action: "disable-account", identity: "bob", account: "u2", login: "bob" },
      ],
    );
    const { code, report: got } = await report(r, "2026-11-01");
    expect(code).toBe(0);
    expect(got.leavers.map((l) => [l.identity, l.status, l.targets.flatMap((t) => t.steps.map((s) => [s.action, s.pr, s.line]))])).toEqual([
      ["robert", "terminated", [["revoke", 42, ".scopesync/journal.jsonl:1"], ["disable-account", 42, ".scopesync/journal.jsonl:2"]]],
    ]);
  });
});

describe("report leavers: a state read before scopesync gave the leaver access", () => {
  it("an account and a grant the journal records after the read, with nothing removing them, are outstanding (unconfirmed), not done", async () => {
    const given = { phase: "done", outcome: "applied", identity: "bob", account: "u2", login: "bob" };
    const people: Person[] = [ADA, { worker: "W2", login: "bob", department: "Engineering", status: "Terminated", hired: "2026-09-20" }];
    const lines = [
      { ...given, at: "2026-09-21T10:00:01.000Z", action: "create-account" },
      { ...given, at: "2026-09-21T10:00:03.000Z", action: "grant", entitlement: "group:Engineering" },
    ];
    const r = repo(people, [ADA_ACCOUNT], lines, "2026-09-01T06:00:00Z", "7d");
    const { code, report: got, markdown } = await report(r, "2026-11-01");
    expect(code).toBe(2);
    const crm = got.leavers.find((l) => l.identity === "bob")!.targets.find((t) => t.target === "crm")!;
    expect(crm.outstanding).toEqual([
      { kind: "unconfirmed", action: "create-account", at: "2026-09-21T10:00:01.000Z", line: ".scopesync/journal.jsonl:1", readAt: "2026-09-01T06:00:00Z" },
      { kind: "unconfirmed", action: "grant", entitlement: "group:Engineering", at: "2026-09-21T10:00:03.000Z", line: ".scopesync/journal.jsonl:2", readAt: "2026-09-01T06:00:00Z" },
      // The state is older than crm's maxStateAge: the plan warns stale-target-state.
      { kind: "unverified", readFrom: "state/crm.json", readAt: "2026-09-01T06:00:00Z", maxStateAge: "7d", fix: "scopesync state pull --target crm" },
    ]);
    expect(markdown).toContain("create\\-account: done at 2026\\-09\\-21T10:00:01.000Z (.scopesync/journal.jsonl:1), after the state was read");

    // A disable the journal records after them takes both away: done.
    const disabled = repo(people, [ADA_ACCOUNT], [...lines, { ...given, at: "2026-11-21T10:00:00.000Z", action: "disable-account", why: "left the organisation on 2026-11-20 (status terminated in hr)" }], "2026-09-01T06:00:00Z");
    const after = await report(disabled, "2026-11-01");
    expect(after.code, after.markdown).toBe(0);
  });
});
