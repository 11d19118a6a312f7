import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import { oktaSource } from "../../src/sources/okta/index.js";
import { FIXTURES, readError, sourceContext } from "./helpers.js";

const exportedAt = { exportedAt: "2025-03-01T06:00:00Z" };

describe("okta source", () => {
  it("reads GET /api/v1/users output and maps every lifecycle status", async () => {
    const records = await oktaSource.read(sourceContext("okta", "okta", "okta/users.json", exportedAt));
    expect(records.map((r) => [r.externalId, r.userName, r.status, r.kind, r.position])).toEqual([
      ["00u1ada0000000000001", "ada@example.com", "active", "person", "okta/users.json entry 1"],
      ["00u1bob0000000000002", "bob@example.com", "active", "person", "okta/users.json entry 2"],
      ["00u1eve0000000000003", "eve@example.com", "suspended", "person", "okta/users.json entry 3"],
      ["00u1dan0000000000004", "dan@example.com", "terminated", "person", "okta/users.json entry 4"],
      ["00u1svc0000000000005", "svc-ci@example.com", "active", "service-account", "okta/users.json entry 5"],
    ]);
    const ada = records[0]!;
    expect(ada).toMatchObject({
      source: "okta",
      emails: ["ada.lovelace@example.com"],
      name: { given: "Ada", family: "Lovelace", display: "Ada Lovelace" },
      employeeId: "1001",
      department: "Engineering",
      title: "Principal Engineer",
      manager: "00u1boss000000000001",
      employmentType: "employee",
      groups: [],
      exportedAt: "2025-03-01T06:00:00.000Z",
    });
    expect(ada.raw["profile.secondEmail"]).toBe("ada.home@gmail.com");
    expect(ada.raw["lastLogin"]).toBe("2025-02-27T08:14:31.000Z");
    expect(ada.raw["passwordChanged"]).toBe("2024-11-02T17:30:00.000Z");
    expect(ada.raw["credentials.provider.type"]).toBe("OKTA");
    expect(Object.keys(ada.raw).filter((key) => /password$|recovery|_links/.test(key))).toEqual([]);
    expect(records[1]!.employmentType).toBe("contractor");
  });

  // transitioningToStatus is "the target status of an in-progress asynchronous status transition",
  // present only while it runs (Okta Management API, User object): DEPROVISIONED during a
  // deactivation, ACTIVE or PROVISIONED during an activation
  // (https://developer.okta.com/docs/api/openapi/okta-management/management/tags/userlifecycle/other/deactivateuser).
  it("reads a user Okta is still deactivating as terminated; an activation under way gives nothing until it is done", async () => {
    const records = await oktaSource.read(sourceContext("okta", "okta", "okta/transitioning.json", exportedAt));
    expect(records.map((r) => [r.userName, r.raw["status"], r.attributes?.transitioningToStatus, r.status])).toEqual([
      // Before: active, as its status alone said.
      ["ann@example.com", "ACTIVE", "DEPROVISIONED", "terminated"],
      ["sue@example.com", "SUSPENDED", "DEPROVISIONED", "terminated"],
      // A reactivation under way: still DEPROVISIONED until Okta shows them ACTIVE.
      ["dee@example.com", "DEPROVISIONED", "ACTIVE", "terminated"],
      ["sam@example.com", "STAGED", "PROVISIONED", "active"],
      ["tim@example.com", "STAGED", "ACTIVE", "active"],
      // Some clients write the property as null when no transition runs.
      ["ned@example.com", "ACTIVE", undefined, "active"],
    ]);
    expect(records[5]!.attributes).toEqual({ oktaOrg: "example.okta.com" });
  });

  it("reads a directory of page files in page order", async () => {
    const records = await oktaSource.read(sourceContext("okta", "okta", "okta/pages", exportedAt));
    expect(records.map((r) => r.position)).toEqual([
      "okta/pages/page-1.json entry 1",
      "okta/pages/page-1.json entry 2",
      "okta/pages/page-2.json entry 1",
      "okta/pages/page-2.json entry 2",
      "okta/pages/page-2.json entry 3",
    ]);
  });

  describe("pages follow Okta's Link headers (saved beside each page as curl -D writes them)", () => {
    const cases: Array<[string, string]> = [
      [
        "pages-truncated",
        'source "okta": okta/pages-truncated/page-1.json: Link rel="next" points to a next page that is not in the export (truncated export)',
      ],
      [
        "pages-no-headers",
        'source "okta": okta/pages-no-headers/page-2.json: no response headers beside this page (okta/pages-no-headers/page-2.headers); without its Link header the GET /api/v1/users export cannot be shown complete',
      ],
      [
        "pages-gap",
        'source "okta": okta/pages-gap/page-2.json: this page is https://example.okta.com/api/v1/users?after=00u1zed0000000000009&limit=2, but okta/pages-gap/page-1.json points to https://example.okta.com/api/v1/users?after=00u1bob0000000000002&limit=2 next: that page is missing from the export (or the pages come from different exports)',
      ],
      ["pages-rate-limited", 'source "okta": okta/pages-rate-limited/page-2.headers: the response was HTTP 429, not 200: this page holds no list'],
    ];
    it.each(cases)("%s", async (folder, message) => {
      const error = await readError(oktaSource, sourceContext("okta", "okta", `okta/${folder}`, exportedAt));
      expect(error.message).toBe(message);
      expect(error.hint ?? "").toMatch(/curl -D|every page/i);
    });

    it("pages: single with a folder path says why the folder's pages need their headers (rv87 L2)", async () => {
      const error = await readError(oktaSource, sourceContext("okta", "okta", "okta/pages-no-headers", { ...exportedAt, pages: "single" }));
      expect(error.message).toBe(
        'source "okta": okta/pages-no-headers/page-2.json: no response headers beside this page (okta/pages-no-headers/page-2.headers); without its Link header the GET /api/v1/users export cannot be shown complete; options.pages: single takes only a file the path names as a whole list, and this one is read from the folder okta/pages-no-headers/, whose files are pages',
      );
      expect(error.hint).toContain("If okta/pages-no-headers/page-2.json is the whole list, point the path at the file itself (not its folder).");
      expect(error.hint).toContain("curl -D");
    });

    it("a group's member pages are held to the same chain", async () => {
      const error = await readError(oktaSource, sourceContext("okta", "okta", "okta/users.json", { ...exportedAt, groups: "okta/groups/groups.json", groupMembers: "okta/groups-truncated-members" }));
      expect(error.message).toBe(
        'source "okta": okta/groups-truncated-members/00g1emaKYZTWRYYRRTSK/page-1.json: Link rel="next" points to a next page that is not in the export (truncated export)',
      );
    });
  });

  describe("rejects malformed exports", () => {
    const cases: Array<[string, string, string]> = [
      ["missing-anchor.json", 'source "okta": okta/missing-anchor.json entry 2: id is missing', "GET /api/v1/users"],
      ["unknown-status.json", 'source "okta": okta/unknown-status.json entry 2: unknown status "ARCHIVED"', "DEPROVISIONED"],
      // A transition no one can read might take access away: it stops the run as a status would.
      ["unknown-transition.json", 'source "okta": okta/unknown-transition.json entry 2: unknown transitioningToStatus "ARCHIVED"', "DEPROVISIONED"],
      ["truncated.json", 'source "okta": okta/truncated.json: JSON ends before the document is complete (truncated export?)', "copied completely"],
      ["not-json.json", 'source "okta": okta/not-json.json: invalid JSON at line 1 column 36', "copied completely"],
      ["invalid-utf8.json", 'source "okta": okta/invalid-utf8.json line 16: invalid UTF-8 byte sequence at byte 463', "UTF-8"],
      ["absent.json", 'source "okta": export file not found: okta/absent.json', "sources.okta.path"],
    ];
    it.each(cases)("%s", async (file, message, hint) => {
      const error = await readError(oktaSource, sourceContext("okta", "okta", `okta/${file}`, exportedAt));
      expect(error.message).toBe(message);
      expect(error.hint).toContain(hint);
    });

    it("a directory without page files", async () => {
      const error = await readError(oktaSource, sourceContext("okta", "okta", "csv", exportedAt));
      expect(error.message).toBe('source "okta": csv holds no *.json page files');
    });

    it("a body that is not a list of users", async () => {
      const error = await readError(oktaSource, sourceContext("okta", "okta", "entra/users.json", exportedAt));
      expect(error.message).toBe('source "okta": entra/users.json: expected a JSON array of users (the body of GET /api/v1/users)');
    });
  });
});

describe("okta source: groups", () => {
  const groups = { ...exportedAt, groups: "okta/groups/groups.json", groupMembers: "okta/groups/members" };

  it("reads GET /api/v1/groups and each group's members (one file, or a folder of pages)", async () => {
    const records = await oktaSource.read(sourceContext("okta", "okta", "okta/users.json", groups));
    expect(records.map((r) => [r.userName, r.groups])).toEqual([
      ["ada@example.com", ["Everyone", "Okta Administrators", "West Coast Users"]],
      ["bob@example.com", ["Everyone", "West Coast Users"]],
      ["eve@example.com", ["Everyone"]],
      ["dan@example.com", ["Everyone"]],
      ["svc-ci@example.com", ["Everyone", "West Coast Users"]],
    ]);
  });

  // Okta keeps groups imported from AD, LDAP and apps beside its own (help.okta.com, "Okta group
  // source types"), so a profile.name may be shared; the group's id is kept to tell them apart.
  it("keeps each group's id beside its name", async () => {
    const records = await oktaSource.read(sourceContext("okta", "okta", "okta/users.json", groups));
    expect(records[0]!.groupRefs).toEqual([
      { id: "00g1admins0000000002", name: "Okta Administrators" },
      { id: "00g1emaKYZTWRYYRRTSK", name: "West Coast Users" },
      { id: "00g1everyone00000001", name: "Everyone" },
    ]);
  });

  it("fails naming the group whose members were not exported", async () => {
    const error = await readError(oktaSource, sourceContext("okta", "okta", "okta/users.json", { ...exportedAt, groups: "okta/groups-missing/groups.json", groupMembers: "okta/groups-missing/members" }));
    expect(error.message).toBe(
      'source "okta": okta/groups-missing/groups.json entry 1: no members export for group 00g1emaKYZTWRYYRRTSK (looked for okta/groups-missing/members/00g1emaKYZTWRYYRRTSK.json and okta/groups-missing/members/00g1emaKYZTWRYYRRTSK/)',
    );
    expect(error.hint).toContain("GET /api/v1/groups/{id}/users");
  });

  it("needs both options", async () => {
    const error = await readError(oktaSource, sourceContext("okta", "okta", "okta/users.json", { ...exportedAt, groups: "okta/groups/groups.json" }));
    expect(error.message).toBe('source "okta": options.groups and options.groupMembers go together');
  });
});

// One `curl` of GET /api/v1/users saves page 1 alone; its body looks like a whole list. Without the
// response headers nothing proves it whole, so the read says so, and a file holding exactly a full
// page (Okta's limit, 200 users) stops the run.
describe("okta source: a single file without response headers", () => {
  const read = async (path: string, options: Record<string, unknown>, repoDir?: string) => {
    const warnings: Finding[] = [];
    const context = { ...sourceContext("okta", "okta", path, { ...exportedAt, ...options }), warn: (finding: Finding) => warnings.push(finding) };
    const records = await oktaSource.read(repoDir ? { ...context, repoDir } : context);
    return { records, warnings };
  };

  it("is read, for a users list, with one source-unproven-export warning naming it, saying absences from it decide nothing", async () => {
    const { records, warnings } = await read("okta/users.json", { groups: "okta/groups/groups.json", groupMembers: "okta/groups/members" });
    expect(records).toHaveLength(5);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      rule: "source-unproven-export",
      severity: "warning",
      message:
        'source "okta": okta/users.json is a single file without response headers: the export cannot be proven complete (one request returns only the first page), so no one is taken as a leaver for being absent from it; the users it lists still count, an explicit DEPROVISIONED or SUSPENDED status too',
      location: "okta/users.json",
    });
    expect(warnings[0]!.remediation).toContain("curl -D page-1.headers");
    expect(warnings[0]!.remediation).toContain("sources.okta.options.pages: single");
  });

  it("is refused for a group's member list: a member it lacks would lose what the group gives (rv29: 5 of 25 members revoked)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "okta-headerless-members-"));
    try {
      await cp(join(FIXTURES, "okta"), join(dir, "okta"), { recursive: true });
      await rm(join(dir, "okta/groups/members/00g1everyone00000001.headers"));
      const error = await readError(oktaSource, { ...sourceContext("okta", "okta", "okta/users.json", { ...exportedAt, groups: "okta/groups/groups.json", groupMembers: "okta/groups/members" }), repoDir: dir });
      expect(error.message).toBe('source "okta": okta/groups/members/00g1everyone00000001.json: a single file without response headers: the GET /api/v1/groups/00g1everyone00000001/users export cannot be proven complete (one request returns only the first page), and a member it lacks would lose what the group gives');
      expect(error.hint).toContain("options.pages: single");
      // Declared whole (a tool that follows the links gathered it): read.
      expect((await read("okta/users.json", { pages: "single", groups: "okta/groups/groups.json", groupMembers: "okta/groups/members" }, dir)).records).toHaveLength(5);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("gives no warning with options.pages: single (the files are whole lists), nor for pages with headers", async () => {
    expect((await read("okta/users.json", { pages: "single", groups: "okta/groups/groups.json", groupMembers: "okta/groups/members" })).warnings).toEqual([]);
    expect((await read("okta/pages", {})).warnings).toEqual([]);
  });

  describe("holding exactly a full page", () => {
    let dir: string;
    beforeAll(async () => {
      // 200 users made from the documented user object, each with its own id and login.
      const [template] = JSON.parse(await readFile(join(FIXTURES, "okta/users.json"), "utf8")) as Record<string, unknown>[];
      const users = Array.from({ length: 200 }, (_, i) => ({
        ...template,
        id: `00u1page${String(i).padStart(12, "0")}`,
        profile: { ...(template!["profile"] as Record<string, unknown>), login: `user${i}@example.com`, email: `user${i}@example.com` },
      }));
      dir = await mkdtemp(join(tmpdir(), "scopesync-okta-page-"));
      await writeFile(join(dir, "users.json"), JSON.stringify(users));
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("stops the run: it is almost surely page 1 of more", async () => {
      const error = await readError(oktaSource, { ...sourceContext("okta", "okta", "users.json", exportedAt), repoDir: dir });
      expect(error.message).toBe(
        'source "okta": users.json: holds exactly 200 items, a full page of GET /api/v1/users (its limit), and no response headers: this is almost surely the first page of a longer list',
      );
      expect(error.hint).toContain("curl -D page-1.headers");
      expect(error.hint).toContain("options.pages: single");
    });

    it("is read whole when options.pages: single says the file is the whole list", async () => {
      const { records, warnings } = await read("users.json", { pages: "single" }, dir);
      expect(records).toHaveLength(200);
      expect(warnings).toEqual([]);
    });
  });

  it("refuses an unknown pages value", async () => {
    const error = await readError(oktaSource, sourceContext("okta", "okta", "okta/users.json", { ...exportedAt, pages: "all" }));
    expect(error.message).toContain("options.pages");
  });
});
