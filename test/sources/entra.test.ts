import { describe, expect, it } from "vitest";
import { entraSource } from "../../src/sources/entra/index.js";
import { readError, sourceContext } from "./helpers.js";

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
