import { describe, expect, it } from "vitest";
import { scimSource } from "../../src/sources/scim/index.js";
import { readError, sourceContext } from "./helpers.js";

const exportedAt = { exportedAt: "2025-03-01T06:00:00Z" };
const ADA = "2819c223-7f76-453a-919d-413861904646";
const GRACE = "26118915-6090-4610-87e4-49d8ca9f808d";

describe("scim source", () => {
  it("reads Users and Groups from one ListResponse and joins membership both ways", async () => {
    const records = await scimSource.read(sourceContext("crm", "scim", "scim/mixed.json", exportedAt));
    expect(records.map((r) => [r.externalId, r.userName, r.status, r.groups, r.position])).toEqual([
      [ADA, "ada", "active", ["Engineers"], "scim/mixed.json entry 1"],
      ["902c246b-6245-4190-8e05-00816be7344a", "bob", "suspended", [], "scim/mixed.json entry 2"],
      [GRACE, "grace", "active", ["Admins", "Engineers"], "scim/mixed.json entry 3"],
    ]);
    const ada = records[0]!;
    expect(ada).toMatchObject({
      source: "crm",
      kind: "person",
      emails: ["ada@example.com"],
      name: { given: "Ada", family: "Lovelace", display: "Ada Lovelace" },
      employeeId: "1001",
      department: "Engineering",
      title: "Principal Engineer",
      manager: GRACE,
      employmentType: "employee",
      exportedAt: "2025-03-01T06:00:00.000Z",
    });
    expect(ada.raw["externalId"]).toBe("ext-ada");
    expect(ada.raw["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.costCenter"]).toBe("CC-100");
    expect(ada.raw).not.toHaveProperty("password");
    expect(JSON.stringify(ada.raw)).not.toContain("t1meMa$heen");
  });

  // RFC 7643 section 8.7.1 gives Group.displayName "uniqueness": "none": the id tells groups apart.
  it("keeps each group's id beside its name, from Group.members and User.groups", async () => {
    const records = await scimSource.read(sourceContext("crm", "scim", "scim/mixed.json", exportedAt));
    expect(records.map((r) => r.groupRefs)).toEqual([
      [{ id: "e9e30dba-f08f-4109-8486-d5c6a331660a", name: "Engineers" }],
      undefined,
      [{ id: "e9e30dba-f08f-4109-8486-d5c6a331660a", name: "Engineers" }, { id: "f1a2b3c4-0000-4000-8000-000000000001", name: "Admins" }],
    ]);
  });

  it("reads a directory of user pages and a group listing", async () => {
    const records = await scimSource.read(sourceContext("crm", "scim", "scim/export", exportedAt));
    expect(records.map((r) => [r.userName, r.groups, r.position])).toEqual([
      ["ada", ["Engineers"], "scim/export/users-1.json entry 1"],
      ["bob", [], "scim/export/users-1.json entry 2"],
      ["grace", ["Admins", "Engineers"], "scim/export/users-2.json entry 1"],
    ]);
  });

  describe("rejects malformed exports", () => {
    const cases: Array<[string, string, string]> = [
      ["truncated-list.json", 'source "crm": scim/truncated-list.json: ListResponse totalResults is 3 but the export holds 2 (truncated export)', "totalResults"],
      ["gap", 'source "crm": scim/gap/page-2.json: page starts at index 3, expected 2 (a page is missing or the pages are out of order)', "Export every page"],
      ["missing-anchor.json", 'source "crm": scim/missing-anchor.json entry 2: id is missing', "service provider's id"],
      ["unknown-resource.json", 'source "crm": scim/unknown-resource.json entry 2: resource is neither a User nor a Group (no core User or Group schema in schemas)', "Users and Groups"],
      ["truncated.json", 'source "crm": scim/truncated.json: JSON ends before the document is complete (truncated export?)', "copied completely"],
      ["invalid-utf8.json", 'source "crm": scim/invalid-utf8.json line 21: invalid UTF-8 byte sequence at byte 496', "UTF-8"],
      ["../okta/users.json", 'source "crm": okta/users.json: expected a SCIM ListResponse (schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"])', "SCIM service"],
    ];
    it.each(cases)("%s", async (file, message, hint) => {
      const error = await readError(scimSource, sourceContext("crm", "scim", `scim/${file}`, exportedAt));
      expect(error.message).toBe(message);
      expect(error.hint ?? "").toContain(hint);
    });
  });

  it("reads a User without active as active (RFC 7643 makes it optional; the scim target reads it the same way)", async () => {
    const [bob] = await scimSource.read(sourceContext("crm", "scim", "scim/missing-active.json", exportedAt));
    expect(bob).toMatchObject({ userName: "bob", status: "active" });
  });

  it("correlates on the primary and work addresses only, unless options.emails is all", async () => {
    const [ada] = await scimSource.read(sourceContext("crm", "scim", "scim/mixed.json", { ...exportedAt, emails: "all" }));
    expect(ada!.emails).toEqual(["ada@example.com", "ada.home@example.net"]);
    expect(ada!.raw["emails"]).toEqual(expect.arrayContaining([expect.stringContaining("ada.home@example.net")]));
  });
});
