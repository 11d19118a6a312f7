import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import { googleSource } from "../../src/sources/google/index.js";
import { readError, sourceContext } from "./helpers.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { adminSdkUsers, type CloudUser } from "../helpers/cloud-directory.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const exportedAt = { exportedAt: "2025-03-01T06:00:00Z" };

describe("google source", () => {
  it("reads an Admin SDK users.list response", async () => {
    const records = await googleSource.read(sourceContext("google", "google", "google/users.json", exportedAt));
    expect(records.map((r) => [r.externalId, r.userName, r.status, r.position])).toEqual([
      ["104937561234567890123", "ada.lovelace", "active", "google/users.json entry 1"],
      ["104937561234567890124", "bob", "suspended", "google/users.json entry 2"],
      ["104937561234567890125", "cat", "terminated", "google/users.json entry 3"],
    ]);
    const ada = records[0]!;
    expect(ada).toMatchObject({
      source: "google",
      kind: "person",
      emails: ["ada.lovelace@example.com", "ada@example.com"],
      name: { given: "Ada", family: "Lovelace", display: "Ada Lovelace" },
      employeeId: "E-1001",
      department: "Engineering",
      title: "Principal Engineer",
      manager: "boss@example.com",
      groups: [],
      exportedAt: "2025-03-01T06:00:00.000Z",
    });
    expect(ada.raw["orgUnitPath"]).toBe("/Engineering");
    expect(ada.raw["changePasswordAtNextLogin"]).toBe("false");
    expect(ada.raw).not.toHaveProperty("password");
    expect(ada.raw).not.toHaveProperty("hashFunction");
    expect(records[1]).toMatchObject({ emails: ["bob@example.com"], name: { display: "Bob Jones" } });
  });

  it("uses the whole address as userName with options.userName: email, and reads pages", async () => {
    const records = await googleSource.read(sourceContext("google", "google", "google/pages", { ...exportedAt, userName: "email" }));
    expect(records.map((r) => [r.userName, r.position])).toEqual([
      ["ada.lovelace@example.com", "google/pages/page-1.json entry 1"],
      ["bob@example.com", "google/pages/page-1.json entry 2"],
      ["cat@example.com", "google/pages/page-2.json entry 1"],
    ]);
  });

  it("reads a deleted user (deletionTime, as showDeleted=true lists it) as terminated, whatever suspended says", async () => {
    const records = await googleSource.read(sourceContext("google", "google", "google/with-deleted.json", exportedAt));
    expect(records.map((r) => [r.userName, r.status])).toEqual([
      ["ada.lovelace", "active"],
      ["dan.deleted", "terminated"],
    ]);
  });

  it("leaves out a deleted user whose address a new account has now, and says so", async () => {
    const warnings: Finding[] = [];
    const context = { ...sourceContext("google", "google", "google/deleted-address-reused.json", exportedAt), warn: (f: Finding) => warnings.push(f) };
    const records = await googleSource.read(context);
    expect(records.map((r) => [r.externalId, r.userName, r.status])).toEqual([
      ["104937561234567890123", "ada.lovelace", "active"],
      ["100000000000000000009", "dan.deleted", "active"],
    ]);
    expect(warnings.map((w) => [w.rule, w.severity, w.message])).toEqual([
      ["source-deleted-replaced", "info", 'source "google": google/deleted-address-reused.json entry 2: the deleted user 100000000000000000005 (deleted 2026-11-20T10:00:00.000Z) has "dan.deleted", which a current user has now: Google gave the address to a new account, so the deleted one is not read (accounts marked with its anchor are offboarded as no longer in the source)'],
    ]);
  });

  describe("rejects malformed exports", () => {
    const cases: Array<[string, string, string]> = [
      ["truncated-pages", 'source "google": google/truncated-pages/page-1.json: nextPageToken points to a next page that is not in the export (truncated export)', "Export every page"],
      ["missing-anchor.json", 'source "google": google/missing-anchor.json entry 1: id is missing', "projection=full"],
      ["bad-type.json", 'source "google": google/bad-type.json entry 1: suspended is "false", expected true or false', "save the API's response body as it came"],
      ["wrong-kind.json", 'source "google": google/wrong-kind.json: expected a users.list response ("kind": "admin#directory#users")', "Admin SDK"],
      ["truncated.json", 'source "google": google/truncated.json: JSON ends before the document is complete (truncated export?)', "copied completely"],
      ["invalid-utf8.json", 'source "google": google/invalid-utf8.json line 11: invalid UTF-8 byte sequence at byte 294', "UTF-8"],
      // A lost middle page: page-1 still has its nextPageToken and page-3 has none, so only the
      // numbering of the files shows the gap.
      ["missing-middle-page", 'source "google": google/missing-middle-page: a page file numbered between page-1.json and page-3.json is missing: the export is incomplete', "following nextPageToken"],
      // users.list?showDeleted=true lists deleted users only: everyone else would read as gone.
      ["deleted-only.json", 'source "google": every one of the 1 users in the export has a deletionTime: this is the deleted users listing (users.list?showDeleted=true), not the users list', "without showDeleted"],
    ];
    it.each(cases)("%s", async (file, message, hint) => {
      const error = await readError(googleSource, sourceContext("google", "google", `google/${file}`, exportedAt));
      expect(error.message).toBe(message);
      expect(error.hint ?? "").toContain(hint);
    });

    it("an invalid userName option", async () => {
      const error = await readError(googleSource, sourceContext("google", "google", "google/users.json", { userName: "upn" }));
      expect(error.message).toBe('source "google": options.userName must be one of auto, local, email');
    });
  });
});

describe("google source: multi-domain customers, admin flags, organisational units", () => {
  const path = "google/multi-domain.json";

  it("names users by their whole address only where a login is used at two domains, and warns", async () => {
    const warnings: Finding[] = [];
    const context = { ...sourceContext("google", "google", path, exportedAt), warn: (f: Finding) => warnings.push(f) };
    const records = await googleSource.read(context);
    expect(records.map((r) => r.userName)).toEqual(["ada@example.com", "ada@example.net", "bob"]);
    expect(warnings.map((w) => [w.rule, w.message])).toEqual([
      ["source-login-collision", 'source "google": 1 login(s) are used at more than one domain (ada); those users are named by their whole address'],
    ]);
  });

  it("keeps isAdmin, isDelegatedAdmin and orgUnitPath as attributes", async () => {
    const records = await googleSource.read(sourceContext("google", "google", path, exportedAt));
    expect(records.map((r) => r.attributes)).toEqual([
      { isAdmin: true, isDelegatedAdmin: false, orgUnitPath: "/Engineering", googleCustomerId: "C03az79cb" },
      { isAdmin: false, isDelegatedAdmin: true, orgUnitPath: "/Contractors", googleCustomerId: "C03az79cb" },
      { isAdmin: false, isDelegatedAdmin: false, orgUnitPath: "/Offboarding", googleCustomerId: "C03az79cb" },
    ]);
  });

  it("correlates only on addresses at the organisation's domains, unless options.emails is all", async () => {
    const [, byron] = await googleSource.read(sourceContext("google", "google", path, exportedAt));
    expect(byron!.emails).toEqual(["ada@example.net"]);
    const [, all] = await googleSource.read(sourceContext("google", "google", path, { ...exportedAt, emails: "all" }));
    expect(all!.emails).toEqual(["ada@example.net", "ada.byron.private@gmail.com", "ada.home@gmail.com"]);
  });

  it("keeps the local part for everyone with options.userName: local", async () => {
    const records = await googleSource.read(sourceContext("google", "google", path, { ...exportedAt, userName: "local" }));
    expect(records.map((r) => r.userName)).toEqual(["ada", "ada", "bob"]);
  });
});

describe("google source: groups", () => {
  const path = "google/multi-domain.json";
  const groups = { ...exportedAt, groups: "google/groups/groups.json", groupMembers: "google/groups/members" };

  it("reads groups.list and members.list (paged), follows groups inside groups, names groups by address", async () => {
    const records = await googleSource.read(sourceContext("google", "google", path, groups));
    expect(records.map((r) => [r.userName, r.groups])).toEqual([
      ["ada@example.com", ["all-staff@example.com", "sales@example.com"]],
      // all-staff@'s CUSTOMER member (C03az79cb, the export's customer) is every user of the export.
      ["ada@example.net", ["all-staff@example.com", "contractors@example.net"]],
      ["bob", ["all-staff@example.com", "sales@example.com"]],
    ]);
  });

  it("fails naming the group whose members were not exported", async () => {
    const error = await readError(googleSource, sourceContext("google", "google", path, { ...groups, groupMembers: "google/groups/nowhere" }));
    expect(error.message).toBe(
      'source "google": google/groups/groups.json entry 1: no members export for group 03ep43zb2k1abcd (looked for google/groups/nowhere/03ep43zb2k1abcd.json and google/groups/nowhere/03ep43zb2k1abcd/)',
    );
  });
});

// rv85 #4: users.list pages of two customers (a reseller's two accounts, a page saved from another
// tenant) were read as one directory. Each user carries its customer's `customerId` (Admin SDK
// Directory API, users resource: output only), so the read refuses a second one.
describe("google source: pages of two customers", () => {
  const temp = tempDirs();
  const ada: CloudUser = { id: "104937561234567890123", local: "ada", given: "Ada", family: "Lovelace" };
  const bob: CloudUser = { id: "104937561234567890456", local: "bob", given: "Bob", family: "Byte" };
  /** Two pages of users.list: page 1 with a nextPageToken, page 2 (bob's) of `customerId`. */
  const pages = (customerId: string) => {
    const dir = temp("scopesync-google-customers-");
    mkdirSync(join(dir, "pages"));
    writeFileSync(join(dir, "pages/page-1.json"), JSON.stringify({ ...JSON.parse(adminSdkUsers([ada])), nextPageToken: "Q2hhbmdlZA" }));
    writeFileSync(join(dir, "pages/page-2.json"), adminSdkUsers([bob]).replaceAll('"C03az79cb"', JSON.stringify(customerId)));
    return { ...sourceContext("google", "google", "pages", exportedAt), repoDir: dir };
  };

  it("reads the pages of one customer (the control)", async () => {
    expect((await googleSource.read(pages("C03az79cb"))).map((r) => r.userName)).toEqual(["ada", "bob"]);
  });

  it("refuses a page of another customer, naming the page and both ids", async () => {
    const error = await readError(googleSource, pages("C0999zzzz"));
    expect(error.message).toBe('source "google": pages/page-2.json entry 1 is a user of customer "C0999zzzz", and pages/page-1.json entry 1 of customer "C03az79cb": the pages are of two Google Workspace customers');
    expect(error.hint).toContain("customer=my_customer");
  });
});
