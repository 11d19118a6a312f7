// rv102 #2 and #5. A Google group member of type CUSTOMER "represents all users in a domain. An
// email address is not returned and the ID returned is the customer ID" (Admin SDK Directory API,
// Member resource): Groups' "all users in the organisation". It was read as no one, so
// all-staff@ granted nothing and everyone was revoked what it gave. And a member group missing
// from groups.list (exported with ?domain=, which leaves out the customer's other domains) was
// ignored: its people silently lost what the parent group grants.
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import { googleSource } from "../../src/sources/google/index.js";
import { googleGroupsByUser } from "../../src/sources/google/groups.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import { CUSTOMER, googleUser, groupsList, membersList, usersList, writeFiles } from "../helpers/google-workspace.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { readError, sourceContext } from "./helpers.js";

const tempDir = tempDirs();
const ANA = googleUser(1, "ana");
const BO = googleUser(2, "bo");
/** A deleted user (users.list?showDeleted=true merged in): no longer a user of the domain. */
const GONE = googleUser(3, "gone", { deletionTime: "2026-10-01T10:00:00.000Z" });

/** A source context over a temp folder holding users.json, groups.json and members/<id>.json. */
function exportOf(users: Record<string, unknown>[], groups: Array<{ id: string; email: string }>, members: Record<string, object>, warnings: Finding[] = []) {
  const dir = tempDir("scopesync-google-members-");
  writeFiles(dir, { "users.json": usersList(users), "groups.json": groupsList(groups), ...Object.fromEntries(Object.entries(members).map(([id, m]) => [`members/${id}.json`, m])) });
  const context = sourceContext("google", "google", "users.json", { exportedAt: "2026-11-26T06:00:00Z", groups: "groups.json", groupMembers: "members" });
  return { ...context, repoDir: dir, warn: (f: Finding) => warnings.push(f) };
}

const groupsOf = async (context: ReturnType<typeof exportOf>) => (await googleSource.read(context)).map((r) => [r.userName, r.groups]);

describe("google groups: a member of type CUSTOMER", () => {
  it("is every user of the export's customer (not the deleted ones), and counts for the groups it is nested in", async () => {
    const context = exportOf([ANA, BO, GONE], [{ id: "01all", email: "all-staff@acme.example" }, { id: "02every", email: "everyone@acme.example" }], {
      "01all": membersList(`CUSTOMER ${CUSTOMER}`),
      "02every": membersList("GROUP all-staff@acme.example"),
    });
    expect(await groupsOf(context)).toEqual([
      ["ana", ["all-staff@acme.example", "everyone@acme.example"]],
      ["bo", ["all-staff@acme.example", "everyone@acme.example"]],
      ["gone", []],
    ]);
  });

  // f191: whom a CUSTOMER member stands for was worked out again at each appearance, a pass over
  // every user of the domain per group; a domain whose groups each hold one paid users × groups.
  it("in two groups: both groups are every user's, and the users are looked over once, not once per group", async () => {
    const context = exportOf([ANA, BO], [{ id: "01all", email: "all-staff@acme.example" }, { id: "02office", email: "office@acme.example" }], {
      "01all": membersList(`CUSTOMER ${CUSTOMER}`),
      "02office": membersList(`CUSTOMER ${CUSTOMER}`),
    });
    // Each user's raw record counts its reads: the deletionTime looked up to leave a deleted user out.
    let reads = 0;
    const counted = (n: number): SourceRecord => {
      const raw = { deletionTime: undefined };
      return Object.defineProperty({ externalId: `u${n}`, attributes: { googleCustomerId: CUSTOMER } }, "raw", { get: () => (reads++, raw) }) as unknown as SourceRecord;
    };
    const users = [counted(1), counted(2), counted(3)];
    const byUser = await googleGroupsByUser(context, users, new Set(["acme.example"]));
    expect([...byUser!]).toEqual([
      ["u1", ["all-staff@acme.example", "office@acme.example"]],
      ["u2", ["all-staff@acme.example", "office@acme.example"]],
      ["u3", ["all-staff@acme.example", "office@acme.example"]],
    ]);
    expect(reads).toBe(users.length);
    // Through the source, the same two groups for each user.
    expect(await groupsOf(context)).toEqual([
      ["ana", ["all-staff@acme.example", "office@acme.example"]],
      ["bo", ["all-staff@acme.example", "office@acme.example"]],
    ]);
  });

  it("of another customer is refused, naming the member and both customers", async () => {
    const context = exportOf([ANA], [{ id: "01all", email: "all-staff@acme.example" }], { "01all": membersList("CUSTOMER C09zzzzzz") });
    const error = await readError(googleSource, context);
    expect(error.message).toBe(
      'source "google": members/01all.json entry 1: a member of type CUSTOMER ("C09zzzzzz": every user of that customer) is not the customer of the users export (C01abcdef): its users were not read',
    );
    expect(error.hint).toMatch(/^Export users\.list\?customer=my_customer/);
  });

  it("is refused when no user of the export names a customer (a fields= mask without customerId)", async () => {
    const { customerId: _dropped, ...masked } = ANA;
    const error = await readError(googleSource, exportOf([masked], [{ id: "01all", email: "all-staff@acme.example" }], { "01all": membersList(`CUSTOMER ${CUSTOMER}`) }));
    expect(error.message).toBe(
      'source "google": members/01all.json entry 1: a member of type CUSTOMER ("C01abcdef": every user of that customer) cannot be resolved: no user in the users export names its customerId',
    );
  });
});

describe("google groups: a member group the groups export does not list", () => {
  const groups = [{ id: "01eng", email: "eng@acme.example" }];

  it("at a domain of the organisation stops the read, naming it and its parent", async () => {
    // eng-emea@ is on a secondary domain some user has an address at: groups.list?domain=acme.example left it out.
    const uk = googleUser(4, "una", { primaryEmail: "una@acme-uk.example" });
    const error = await readError(googleSource, exportOf([ANA, uk], groups, { "01eng": membersList(`USER ${String(ANA["id"])}`, "GROUP eng-emea@acme-uk.example") }));
    expect(error.message).toBe(
      'source "google": members/01eng.json entry 2: group eng@acme.example has the member group eng-emea@acme-uk.example, which the groups export does not list, though acme-uk.example is a domain of this organisation: its members would get nothing through eng@acme.example',
    );
    expect(error.hint).toMatch(/groups\.list\?customer=my_customer/);
  });

  it("at another domain is read without its members, and a warning names it", async () => {
    const warnings: Finding[] = [];
    const context = exportOf([ANA], groups, { "01eng": membersList(`USER ${String(ANA["id"])}`, "GROUP partners@vendor.example") }, warnings);
    expect(await groupsOf(context)).toEqual([["ana", ["eng@acme.example"]]]);
    expect(warnings.map((w) => [w.rule, w.severity, w.message])).toEqual([
      [
        "source-group-unlisted",
        "warning",
        'source "google": 1 member group(s) at domains outside this organisation are not in the groups export, so their members are not read and get nothing through the groups they are in: partners@vendor.example (in eng@acme.example, members/01eng.json entry 2)',
      ],
    ]);
  });

  it("is no problem when the groups export lists it (the control)", async () => {
    const warnings: Finding[] = [];
    const both = [...groups, { id: "02emea", email: "eng-emea@acme-uk.example" }];
    const context = exportOf([ANA, BO], both, { "01eng": membersList("GROUP eng-emea@acme-uk.example"), "02emea": membersList(`USER ${String(BO["id"])}`) }, warnings);
    expect(await groupsOf(context)).toEqual([["ana", []], ["bo", ["eng-emea@acme-uk.example", "eng@acme.example"]]]);
    expect(warnings).toEqual([]);
  });
});
