import { describe, expect, it } from "vitest";
import { entraSource } from "../../src/sources/entra/index.js";
import { readError, sourceContext } from "./helpers.js";
import type { Finding } from "../../src/model/finding.js";

const exportedAt = { exportedAt: "2025-03-01T06:00:00Z" };

describe("entra source", () => {
  it("reads a Graph /users response", async () => {
    const records = await entraSource.read(sourceContext("entra", "entra", "entra/users.json", exportedAt));
    expect(records.map((r) => [r.externalId, r.userName, r.status, r.employmentType, r.manager])).toEqual([
      ["4f1d6c2e-8a7b-4c3d-9e2f-1a0b9c8d7e6f", "ada@example.com", "active", "employee", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"],
      ["2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091", "bob@example.com", "suspended", undefined, undefined],
      ["3c4d5e6f-7081-4923-8b4c-5d6e7f809102", "partner_contoso.com#EXT#@example.onmicrosoft.com", "active", "guest", undefined],
      ["5e6f7081-9203-4a45-8d6e-7f8091021324", "carol@example.com", "terminated", "contractor", undefined],
      ["6f708192-0314-4b56-9e7f-809102132435", "dave@example.com", "active", undefined, undefined],
    ]);
    const ada = records[0]!;
    expect(ada).toMatchObject({
      source: "entra",
      kind: "person",
      emails: ["ada.lovelace@example.com", "ada@example.onmicrosoft.com"],
      name: { given: "Ada", family: "Lovelace", display: "Ada Lovelace" },
      employeeId: "E-1001",
      department: "Engineering",
      title: "Principal Engineer",
      hireDate: "2019-04-01T00:00:00.000Z",
      position: "entra/users.json entry 1",
      exportedAt: "2025-03-01T06:00:00.000Z",
    });
    expect(ada.raw["onPremisesImmutableId"]).toBe("LooCbzs7X06KmwwdLj9KWw==");
    expect(ada.raw["manager.id"]).toBe("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
    expect(Object.keys(ada.raw).filter((key) => key.includes("password") || key.includes("@odata"))).toEqual([]);
    expect(records[3]!.terminationDate).toBe("2025-02-28T17:00:00.000Z");
    expect(records[4]!.terminationDate).toBe("2025-06-30T17:00:00.000Z");
  });

  it("reads page files in order when every page but the last has a nextLink", async () => {
    const records = await entraSource.read(sourceContext("entra", "entra", "entra/pages", exportedAt));
    expect(records.map((r) => [r.userName, r.position])).toEqual([
      ["ada@example.com", "entra/pages/page-1.json entry 1"],
      ["bob@example.com", "entra/pages/page-1.json entry 2"],
      ["partner_contoso.com#EXT#@example.onmicrosoft.com", "entra/pages/page-2.json entry 1"],
      ["carol@example.com", "entra/pages/page-2.json entry 2"],
      ["dave@example.com", "entra/pages/page-3.json entry 1"],
    ]);
  });

  describe("rejects malformed exports", () => {
    const cases: Array<[string, string, string]> = [
      ["truncated-pages", 'source "entra": entra/truncated-pages/page-2.json: @odata.nextLink points to a next page that is not in the export (truncated export)', "Export every page"],
      ["mixed-pages", 'source "entra": entra/mixed-pages/page-1.json: page has no @odata.nextLink but more page files follow (entra/mixed-pages/page-2.json)', "one export"],
      ["missing-anchor.json", 'source "entra": entra/missing-anchor.json entry 2: id is missing', "$select="],
      ["bad-date.json", 'source "entra": entra/bad-date.json entry 2: employeeLeaveDateTime "31/12/2024" is not a date (expected YYYY-MM-DD or an RFC 3339 date-time with a time zone)', ""],
      ["default-select.json", 'source "entra": entra/default-select.json entry 1: accountEnabled is missing', "accountEnabled"],
      ["truncated.json", 'source "entra": entra/truncated.json: JSON ends before the document is complete (truncated export?)', "copied completely"],
      ["invalid-utf8.json", 'source "entra": entra/invalid-utf8.json line 10: invalid UTF-8 byte sequence at byte 510', "UTF-8"],
      ["okta/users.json", 'source "entra": okta/users.json: expected a Graph response with a "value" list of users', "Graph returns it"],
    ];
    it.each(cases)("%s", async (file, message, hint) => {
      const where = file.includes("/") ? file : `entra/${file}`;
      const error = await readError(entraSource, sourceContext("entra", "entra", where, exportedAt));
      expect(error.message).toBe(message);
      expect(error.hint ?? "").toContain(hint);
    });
  });
});

// employeeLeaveDateTime: "the date and time when the user left or will leave the organization", a
// DateTimeOffset "always in UTC time", null when unset (learn.microsoft.com/graph/api/resources/user;
// learn.microsoft.com/graph/tutorial-lifecycle-workflows-set-employeeleavedatetime). The export is
// taken on the 1st; lena leaves at 17:00Z on the 3rd, rafa too but is rehired on the 10th, nina has
// no leave date (null), fred leaves on the 31st of December. It was judged at the export's time
// only, so a plan on the 5th kept lena active, and her access with her.
describe("entra source: employeeLeaveDateTime judged at the plan's clock", () => {
  const at = (now?: string) => ({ ...sourceContext("entra", "entra", "entra/leave-dates.json", { exportedAt: "2026-11-01T06:00:00Z" }), ...(now ? { now: Date.parse(now) } : {}) });
  const statuses = async (now?: string) => (await entraSource.read(at(now))).map((r) => [r.userName, r.status, r.attributes?.["terminatedBy"]]);

  it.each([
    ["a second before the leave date", "2026-11-03T16:59:59Z", "active", undefined],
    ["at the leave date", "2026-11-03T17:00:00Z", "terminated", "employeeLeaveDateTime"],
    ["two days after it", "2026-11-05T09:00:00Z", "terminated", "employeeLeaveDateTime"],
  ])("%s (--now %s) the leaver is %s, with the date that decided it", async (_when, now, lena, terminatedBy) => {
    expect(await statuses(now)).toEqual([
      ["lena@example.com", lena, terminatedBy],
      // Hired again after the leave date: accountEnabled decides; the planner keeps the gap a leaver's (policy/rehire-gap.ts).
      ["rafa@example.com", "active", undefined],
      ["nina@example.com", "active", undefined],
      // A leave date still to come is a future leave: active until then.
      ["fred@example.com", "active", undefined],
    ]);
  });

  it("keeps the leave date as the termination date whichever way it is judged, and the export's time as the record's", async () => {
    const lena = (await entraSource.read(at("2026-11-05T09:00:00Z")))[0]!;
    expect(lena).toMatchObject({ terminationDate: "2026-11-03T17:00:00.000Z", hireDate: "2022-05-02T08:00:00.000Z", exportedAt: "2026-11-01T06:00:00.000Z" });
  });

  // An export time after the plan's clock (rv85 #1: a typo in options.exportedAt, a clock ahead)
  // fails its gate (sources/export-time.ts), and no date is judged at it: a leave date between
  // the plan and the export has not come. Before, lena left on the 3rd in a plan on the 2nd.
  it("without a clock, judges at the export's time; with a clock before the export, at the clock", async () => {
    expect((await statuses()).map((s) => s[1])).toEqual(["active", "active", "active", "active"]);
    const late = (exportedAt: string) => ({ ...sourceContext("entra", "entra", "entra/leave-dates.json", { exportedAt }), now: Date.parse("2026-11-02T00:00:00Z") });
    expect((await entraSource.read({ ...late("2026-11-04T06:00:00Z"), now: undefined })).map((r) => r.status)).toEqual(["terminated", "active", "active", "active"]);
    expect((await entraSource.read(late("2026-11-04T06:00:00Z"))).map((r) => r.status)).toEqual(["active", "active", "active", "active"]);
  });
});

describe("entra source: memberships, directory roles, service accounts", () => {
  it("reads a rehire whose earlier employeeLeaveDateTime was never cleared by the later employeeHireDate", async () => {
    const records = await entraSource.read(sourceContext("entra", "entra", "entra/rehires.json", exportedAt));
    expect(records.map((r) => [r.userName, r.status, r.hireDate, r.terminationDate])).toEqual([
      // Hired again after the leave date, by the export: accountEnabled decides, as for anyone.
      ["rex@example.com", "active", "2025-02-03T00:00:00.000Z", "2024-06-30T23:59:59.000Z"],
      ["rita@example.com", "suspended", "2025-02-03T00:00:00.000Z", "2024-06-30T23:59:59.000Z"],
      // Rehired from a day still to come: accountEnabled decides here too, and the planner makes
      // the gap a leaver's in each app until the rehire's access begins (policy/rehire-gap.ts).
      ["ron@example.com", "active", "2025-04-01T00:00:00.000Z", "2024-06-30T23:59:59.000Z"],
      // Hired before leaving: the leave date is the leaving.
      ["lea@example.com", "terminated", "2021-09-01T00:00:00.000Z", "2025-02-28T17:00:00.000Z"],
    ]);
  });

  it("reads groups and directory roles from memberOf, and classifies a shared mailbox as a service account", async () => {
    const records = await entraSource.read(sourceContext("entra", "entra", "entra/member-of.json", exportedAt));
    expect(records.map((r) => [r.userName, r.kind, r.groups, r.attributes])).toEqual([
      ["AdeleV@contoso.com", "person", ["HR Taskforce"], { directoryRoles: ["Global Administrator"] }],
      ["admin_fabrikam.com#EXT#@contoso.onmicrosoft.com", "person", [], undefined],
      // Its sign-in blocked, as a shared mailbox's is: Entra's words are kept, as for anyone (sign-in-blocked.ts).
      ["reception@contoso.com", "service-account", [], { accountDisabled: "accountEnabled false: sign-in blocked" }],
    ]);
  });

  // A displayName is not unique in Entra (azure-cli#24162); the group's id is
  // (learn.microsoft.com/graph/api/resources/group). user-list-memberof returns both.
  it("keeps each group's id beside its name, and refuses a group without one", async () => {
    const records = await entraSource.read(sourceContext("entra", "entra", "entra/member-of.json", exportedAt));
    expect(records.map((r) => r.groupRefs)).toEqual([[{ id: "02bd9fd6-8f93-4758-87c3-1fb73740a315", name: "HR Taskforce" }], undefined, undefined]);
    const error = await readError(entraSource, sourceContext("entra", "entra", "entra/member-of-no-id.json", exportedAt));
    expect(error.message).toBe('source "entra": entra/member-of-no-id.json entry 1: memberOf entry 1 (group "HR Taskforce") has no id');
    expect(error.hint).toContain("$expand=memberOf($select=id,displayName)");
  });

  it("classifies by configured rules instead of the default", async () => {
    const records = await entraSource.read(
      sourceContext("entra", "entra", "entra/member-of.json", { ...exportedAt, serviceAccounts: [{ attribute: "userPrincipalName", matches: "#EXT#" }] }),
    );
    expect(records.map((r) => r.kind)).toEqual(["person", "service-account", "person"]);
  });

  it("refuses a bad rule, naming it", async () => {
    const error = await readError(entraSource, sourceContext("entra", "entra", "entra/member-of.json", { serviceAccounts: [{ attribute: "upn" }] }));
    expect(error.message).toBe('source "entra": options.serviceAccounts [0] needs equals or matches');
  });

  it("fails on a memberOf list that continues at a next link, naming the user", async () => {
    const error = await readError(entraSource, sourceContext("entra", "entra", "entra/member-of-next-link.json", exportedAt));
    expect(error.message).toBe(
      'source "entra": entra/member-of-next-link.json entry 1: memberOf continues at memberOf@odata.nextLink, which is not in the export (3 memberships read)',
    );
    expect(error.hint).toContain("GET /users/{id}/memberOf, following @odata.nextLink");
  });

  // rv106 M1: Graph writes "memberOf": [] for a user in no group, so a user without the key had its
  // list never saved (a failed per-user GET /users/{id}/memberOf). Read as none, a source
  // authoritative for groups revoked what those groups gave, with no finding.
  it("fails on a user without memberOf when other users carry it, naming the user", async () => {
    const error = await readError(entraSource, sourceContext("entra", "entra", "entra/member-of-absent.json", exportedAt));
    expect(error.message).toBe(
      'source "entra": entra/member-of-absent.json entry 3: user "reception@contoso.com" has no memberOf: its memberships were not exported, and a missing list is not an empty one',
    );
    expect(error.hint).toContain('"memberOf": [] for a user in no group');
  });

  it("fails on a user without memberOf when the source is authoritative for groups, though no user carries it", async () => {
    const context = sourceContext("entra", "entra", "entra/users.json", exportedAt);
    const error = await readError(entraSource, { ...context, config: { ...context.config, authoritative: ["groups"] } });
    expect(error.message).toBe(
      'source "entra": entra/users.json entry 1: user "ada@example.com" has no memberOf: its memberships were not exported, and a missing list is not an empty one',
    );
  });

  it("says that an export without any memberOf gives no groups, rather than reading everyone as in none", async () => {
    const findings: Finding[] = [];
    const records = await entraSource.read({ ...sourceContext("entra", "entra", "entra/users.json", exportedAt), warn: (f) => findings.push(f) });
    expect(records.every((r) => r.groups.length === 0)).toBe(true);
    expect(findings).toEqual([expect.objectContaining({ rule: "source-no-groups", severity: "info", location: "entra/users.json" })]);
    expect(findings[0]!.message).toContain("no user of the export carries memberOf, so this source gives no groups (its users' groups are unknown, not none)");
    findings.length = 0;
    await entraSource.read({ ...sourceContext("entra", "entra", "entra/member-of.json", exportedAt), warn: (f) => findings.push(f) });
    expect(findings).toEqual([]);
  });

  it("fails on a memberOf list as long as Graph's $expand limit, which may be cut short", async () => {
    const error = await readError(entraSource, sourceContext("entra", "entra", "entra/member-of-expand-limit.json", exportedAt));
    expect(error.message).toContain("entry 1: memberOf holds 20 entries, Graph's $expand limit: the list may be cut short");
  });
});

// A page file lost from the middle of an export leaves the nextLink chain looking whole (the last
// page still has none): what the export itself proves must catch it, or those users read as leavers.
describe("entra source: exports that are not the whole user list", () => {
  it("reads a $count=true export whose @odata.count matches the users read", async () => {
    const records = await entraSource.read(sourceContext("entra", "entra", "entra/pages", exportedAt));
    expect(records).toHaveLength(5);
  });

  it("fails when a numbered page file is missing from the middle", async () => {
    const error = await readError(entraSource, sourceContext("entra", "entra", "entra/missing-middle-page", exportedAt));
    expect(error.message).toBe(
      'source "entra": entra/missing-middle-page: a page file numbered between page-1.json and page-3.json is missing: the export is incomplete',
    );
    expect(error.hint).toContain("following @odata.nextLink from the first page to the last");
  });

  it("fails when @odata.count says there are more users than the pages hold", async () => {
    const error = await readError(entraSource, sourceContext("entra", "entra", "entra/count-short", exportedAt));
    expect(error.message).toBe(
      'source "entra": entra/count-short/users-first.json: @odata.count says there are 5 users, but the 2 page files hold 3: a page is missing from the export',
    );
    expect(error.hint).toContain("following @odata.nextLink from the first page");
  });

  it("refuses a delta query response (its last page carries @odata.deltaLink)", async () => {
    const error = await readError(entraSource, sourceContext("entra", "entra", "entra/delta", exportedAt));
    expect(error.message).toBe(
      'source "entra": entra/delta/page-1.json: this is a delta query response (it carries @odata.deltaLink), not the whole list; export GET /users',
    );
    expect(error.hint).toContain("not GET /users/delta");
  });

  it("refuses a delta query response by its @removed entries, before asking for properties an @removed entry never has", async () => {
    const error = await readError(entraSource, sourceContext("entra", "entra", "entra/delta-removed", exportedAt));
    expect(error.message).toBe(
      'source "entra": entra/delta-removed/page-1.json entry 2: this is a delta query response (the entry is an "@removed" notice, not an object), not the whole list; export GET /users',
    );
  });
});
