// A source authoritative for groups decides a person's groups; groups another source lists for
// them are then not used, and that is said (attribute-conflict), as for any other attribute.
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import { personMerger } from "../../src/resolve/merge-person.js";

const record = (source: string, groups: string[]): SourceRecord => ({ source, externalId: "7", kind: "person", userName: "ada", emails: ["ada@corp.example"], name: { display: "Ada" }, status: "active", groups, raw: {}, exportedAt: "2026-11-26T06:00:00.000Z", position: `${source}.csv row 1 (line 2)` });

describe("groups from a source that is not authoritative for them", () => {
  const merge = personMerger({ sources: { hr: { type: "csv", path: "hr.csv" }, dir: { type: "ldif", path: "dir.ldif", authoritative: ["groups"] } }, precedence: ["hr", "dir"] });

  it("are not used, and an attribute-conflict says which", () => {
    const findings: Finding[] = [];
    const person = merge([record("hr", ["finance", "payroll-admins"]), record("dir", ["engineering", "finance"])], findings);
    expect(person.attributes.groups).toEqual(["engineering", "finance"]);
    expect(findings).toEqual([{
      rule: "attribute-conflict",
      severity: "info",
      message: 'groups: dir decides them (authoritative: groups); hr also says ["payroll-admins"], which is not used',
      remediation: "correct the record in hr, or make the intended source authoritative for groups in scopesync.yaml",
      location: "hr hr.csv row 1 (line 2)",
    }]);
  });

  it("say nothing when they are among the authoritative source's, or when no source decides them", () => {
    const subset: Finding[] = [];
    merge([record("hr", ["finance"]), record("dir", ["engineering", "finance"])], subset);
    expect(subset).toEqual([]);
    const union: Finding[] = [];
    const person = personMerger({ sources: { hr: { type: "csv", path: "hr.csv" }, dir: { type: "ldif", path: "dir.ldif" } }, precedence: ["hr", "dir"] })([record("hr", ["payroll-admins"]), record("dir", ["engineering"])], union);
    expect(person.attributes.groups).toEqual(["engineering", "payroll-admins"]);
    expect(union).toEqual([]);
  });
});
