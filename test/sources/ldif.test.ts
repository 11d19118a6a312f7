import { describe, expect, it } from "vitest";
import { ldifSource } from "../../src/sources/ldif/index.js";
import type { Finding } from "../../src/model/finding.js";
import { readError, sourceContext } from "./helpers.js";

const exportedAt = { exportedAt: "2025-03-01T06:00:00Z" };
const byId = <T extends { externalId: string }>(records: T[], id: string): T => {
  const record = records.find((r) => r.externalId === id);
  expect(record, `record ${id}`).toBeDefined();
  return record!;
};

describe("ldif source: OpenLDAP (ldapsearch -L)", () => {
  it("reads people and service accounts, skips containers, resolves groups both ways", async () => {
    const records = await ldifSource.read(sourceContext("ldap", "ldif", "ldif/openldap.ldif", exportedAt));
    expect(records.map((r) => [r.externalId, r.userName, r.kind, r.status, r.position])).toEqual([
      ["5f0c2a1e-8d3b-4c2a-9f1e-1a2b3c4d5e6f", "ada", "person", "active", "ldif/openldap.ldif entry 3 (line 25)"],
      ["0d9e8f7a-1b2c-4d3e-8f4a-5b6c7d8e9f00", "jose", "person", "suspended", "ldif/openldap.ldif entry 4 (line 47)"],
      ["7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d", "jenkins", "service-account", "active", "ldif/openldap.ldif entry 5 (line 60)"],
    ]);
    const [ada, jose, jenkins] = records;
    expect(ada).toMatchObject({
      source: "ldap",
      emails: ["ada@example.org", "ada.lovelace@example.org"],
      name: { given: "Ada", family: "Lovelace", display: "Ada Lovelace" },
      employeeId: "1001",
      department: "Engineering",
      title: "Principal Engineer",
      employmentType: "employee",
      groups: ["developers", "engineers", "vpn-users"],
      exportedAt: "2025-03-01T06:00:00.000Z",
    });
    expect(ada!.raw["description"]).toBe("A very long description that ldapsearch folds because it is longer than seventy-six characters in total.");
    expect(ada!.raw["dn"]).toBe("uid=ada,ou=people,dc=example,dc=org");
    expect(ada!.raw["mail"]).toEqual(["Ada@Example.org", "ada.lovelace@example.org", "ada@example.org"]);
    expect(ada!.raw).not.toHaveProperty("userPassword");
    expect(jose).toMatchObject({
      name: { given: "José", family: "Padilla", display: "José Padilla" },
      department: "Research",
      manager: "uid=ada, ou=people, dc=example, dc=org",
      groups: ["auditors", "engineers"],
    });
    expect(jose!.raw["dn"]).toBe("uid=josé,ou=people,dc=example,dc=org");
    expect(jenkins).toMatchObject({ groups: ["developers"], emails: [], name: {} });
    expect(JSON.stringify(jenkins!.raw)).not.toContain("plain-text-secret");
  });

  // A cn is not unique in a tree (cn=admins under two OUs): the group's DN is its id.
  it("keeps each group's DN beside its name, also for a group outside the export", async () => {
    const records = await ldifSource.read(sourceContext("ldap", "ldif", "ldif/openldap.ldif", exportedAt));
    expect(records[0]!.groupRefs).toEqual([
      { id: "cn=developers,ou=groups,dc=example,dc=org", name: "developers" },
      { id: "cn=engineers,ou=groups,dc=example,dc=org", name: "engineers" },
      { id: "cn=vpn-users,ou=groups,dc=example,dc=org", name: "vpn-users" },
    ]);
  });

  it("uses options.anchor instead of entryUUID", async () => {
    const records = await ldifSource.read(sourceContext("ldap", "ldif", "ldif/openldap.ldif", { ...exportedAt, anchor: "uid" }));
    expect(records.map((r) => r.externalId)).toEqual(["ada", "jose", "jenkins"]);
  });
});

describe("ldif source: Active Directory (ldifde, CRLF)", () => {
  it("decodes objectGUID, maps userAccountControl and accountExpires, skips computers", async () => {
    const records = await ldifSource.read(sourceContext("ad", "ldif", "ldif/active-directory.ldif", exportedAt));
    expect(records.map((r) => [r.externalId, r.userName, r.kind, r.status])).toEqual([
      ["6f1c8a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "alovelace", "person", "active"],
      ["a1b2c3d4-e5f6-4789-abcd-ef0123456789", "bjones", "person", "suspended"],
      ["0a0b0c0d-0e0f-4011-8213-141516171819", "csmith", "person", "terminated"],
      ["11111111-2222-4333-8444-555555555555", "svc-backup$", "service-account", "active"],
    ]);
    const ada = byId(records, "6f1c8a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
    expect(ada).toMatchObject({
      emails: ["ada.lovelace@example.com", "ada@corp.example.com"],
      name: { given: "Ada", family: "Lovelace", display: "Ada Lovelace" },
      employeeId: "E-1001",
      department: "Engineering",
      groups: ["All Staff", "Engineers"],
      position: "ldif/active-directory.ldif entry 1 (line 1)",
    });
    expect(ada.terminationDate).toBeUndefined();
    expect(ada.raw["objectSid"]).toBe("S-1-5-21-1004336348-1177238915-682003330-1105");
    expect(ada.raw["pwdLastSet"]).toBe("133500000000000000");
    expect(ada.raw).not.toHaveProperty("unicodePwd");
    expect(byId(records, "a1b2c3d4-e5f6-4789-abcd-ef0123456789").manager).toBe("CN=Ada Lovelace,OU=Staff,DC=corp,DC=example,DC=com");
    const carol = byId(records, "0a0b0c0d-0e0f-4011-8213-141516171819");
    expect(carol).toMatchObject({ terminationDate: "2024-12-31T00:00:00.000Z", groups: ["Engineers"], name: { display: "Carol Smith, Jr." } });
    expect(byId(records, "11111111-2222-4333-8444-555555555555").raw).not.toHaveProperty("msDS-ManagedPassword");
  });

  it("does not terminate an account that expires after the export", async () => {
    const records = await ldifSource.read(sourceContext("ad", "ldif", "ldif/active-directory.ldif", { exportedAt: "2024-06-01T00:00:00Z" }));
    expect(byId(records, "0a0b0c0d-0e0f-4011-8213-141516171819").status).toBe("active");
  });

  // bjones is userAccountControl 514 (NORMAL_ACCOUNT | ACCOUNTDISABLE, "The account is disabled":
  // MS-DRSR userAccountControl bits, learn.microsoft.com/en-us/openspecs/windows_protocols/ms-drsr/
  // ed5db046-d9f7-4da4-884c-e14b6bcf5471). Disabling the account is the usual AD leaver step and AD
  // has no "on leave": what it means is the organisation's to say, and the plan's texts say what AD said.
  it("reads a disabled account as options.disabledMeans says, and keeps AD's words for it", async () => {
    const bob = "a1b2c3d4-e5f6-4789-abcd-ef0123456789";
    const carol = "0a0b0c0d-0e0f-4011-8213-141516171819";
    const onLeave = await ldifSource.read(sourceContext("ad", "ldif", "ldif/active-directory.ldif", exportedAt));
    expect(byId(onLeave, bob)).toMatchObject({ status: "suspended", attributes: { accountDisabled: "userAccountControl 514: ACCOUNTDISABLE" } });
    expect(byId(onLeave, "6f1c8a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b").attributes?.["accountDisabled"]).toBeUndefined();
    const left = await ldifSource.read(sourceContext("ad", "ldif", "ldif/active-directory.ldif", { ...exportedAt, disabledMeans: "terminated" }));
    expect(byId(left, bob)).toMatchObject({ status: "terminated", attributes: { accountDisabled: "userAccountControl 514: ACCOUNTDISABLE" } });
    // Expired, not disabled: its expiry is its leaving, whatever disabledMeans says.
    expect(byId(left, carol).status).toBe("terminated");
    expect(byId(left, carol).attributes?.["accountDisabled"]).toBeUndefined();
    expect(left.filter((r) => r.status === "terminated").map((r) => r.userName)).toEqual(["bjones", "csmith"]);
  });

  // accountExpires (MS: "The date when the account expires", learn.microsoft.com/en-us/windows/
  // win32/adschema/a-accountexpires) is enforced by AD at that time: an export taken before it says
  // nothing about a plan made after it. csmith expires at 2024-12-31T00:00Z.
  it("terminates an account whose expiry passed after the export but by the plan's clock", async () => {
    const at = (now: string) => ({ ...sourceContext("ad", "ldif", "ldif/active-directory.ldif", { exportedAt: "2024-06-01T00:00:00Z" }), now: Date.parse(now) });
    const after = await ldifSource.read(at("2024-12-31T00:00:00Z"));
    expect(byId(after, "0a0b0c0d-0e0f-4011-8213-141516171819")).toMatchObject({ status: "terminated", terminationDate: "2024-12-31T00:00:00.000Z", exportedAt: "2024-06-01T00:00:00.000Z", attributes: { terminatedBy: "accountExpires" } });
    const before = await ldifSource.read(at("2024-12-30T23:59:59Z"));
    expect(byId(before, "0a0b0c0d-0e0f-4011-8213-141516171819")).toMatchObject({ status: "active", terminationDate: "2024-12-31T00:00:00.000Z" });
    expect(byId(before, "0a0b0c0d-0e0f-4011-8213-141516171819").attributes?.["terminatedBy"]).toBeUndefined();
  });
});

describe("ldif source: malformed exports", () => {
  const cases: Array<[string, string, string]> = [
    ["missing-anchor.ldif", 'source "ldap": ldif/missing-anchor.ldif entry 2 (line 10): no entryUUID (the anchor)', "'*' '+'"],
    ["invalid-utf8.ldif", 'source "ldap": ldif/invalid-utf8.ldif line 9: invalid UTF-8 byte sequence at byte 166', "UTF-8"],
    ["truncated.ldif", 'source "ldap": ldif/truncated.ldif line 12: file ends in the middle of a line (truncated export?)', "ends with a newline"],
    ["size-limit.ldif", 'source "ldap": ldif/size-limit.ldif line 12: ldapsearch reported result 4 "Size limit exceeded": the export is incomplete', "lift the export account's limit"],
    ["entry-count.ldif", 'source "ldap": ldif/entry-count.ldif line 15: ldapsearch reported 3 entries for this search but the file holds 1 (truncated export?)', "copied completely"],
    ["missing-login.ldif", 'source "ldap": ldif/missing-login.ldif entry 2 (line 10): no login (uid, or sAMAccountName for AD)', "add uid"],
    ["bad-expiry.ldif", 'source "ldap": ldif/bad-expiry.ldif entry 1 (line 1): accountExpires "2025-01-01" is not a Windows FILETIME', ""],
    ["bad-base64.ldif", 'source "ldap": ldif/bad-base64.ldif line 9: description:: value is not valid base64 (truncated export?)', "copied completely"],
    ["absent.ldif", 'source "ldap": export file not found: ldif/absent.ldif', "sources.ldap.path"],
  ];
  it.each(cases)("%s", async (file, message, hint) => {
    const error = await readError(ldifSource, sourceContext("ldap", "ldif", `ldif/${file}`, exportedAt));
    expect(error.message).toBe(message);
    expect(error.hint ?? "").toContain(hint);
  });
});

describe("ldif source: nested groups", () => {
  const path = "ldif/nested-groups.ldif";

  it("follows groups inside groups, reads configured group classes, and warns about a cycle", async () => {
    const warnings: Finding[] = [];
    const context = { ...sourceContext("planet", "ldif", path, { groupClasses: ["groupOfEntries"] }), warn: (f: Finding) => warnings.push(f) };
    const [fry] = await ldifSource.read(context);
    expect(fry!.groups).toEqual(["everyone", "oncall", "ops", "ship_crew", "staff"]);
    expect(warnings).toEqual([
      expect.objectContaining({
        rule: "source-group-cycle",
        severity: "warning",
        message: 'source "planet": groups "cn=oncall,ou=groups,dc=planetexpress,dc=com" and "cn=ops,ou=groups,dc=planetexpress,dc=com" are members of each other (a cycle); their members were given both',
      }),
    ]);
  });

  it("without the configured class, that entry is not a group", async () => {
    const [fry] = await ldifSource.read(sourceContext("planet", "ldif", path));
    expect(fry!.groups).toEqual(["oncall", "ops", "ship_crew", "staff"]);
  });

  it("fails, naming the person and the next level, when nesting is deeper than maxGroupDepth", async () => {
    const error = await readError(ldifSource, sourceContext("planet", "ldif", path, { maxGroupDepth: 1, groupClasses: ["groupOfEntries"] }));
    expect(error.message).toBe(
      "source \"planet\": ldif/nested-groups.ldif entry 1 (line 2): groups are nested more than 1 levels deep (next level: cn=everyone,ou=groups,dc=planetexpress,dc=com)",
    );
    expect(error.hint).toMatch(/Raise options.maxGroupDepth/);
  });

  it("maxGroupDepth 0 refuses any nesting rather than drop the inherited groups", async () => {
    const error = await readError(ldifSource, sourceContext("planet", "ldif", path, { maxGroupDepth: 0 }));
    expect(error.message).toContain("nested more than 0 levels deep");
  });
});
