// Snapshots are committed to git: they keep what planning reads plus an allow-list, never photos.
import { describe, expect, it } from "vitest";
import type { SourceRecord } from "../../src/model/source-record.js";
import { makeSnapshot } from "../../src/sources/snapshot.js";

const leela: SourceRecord = {
  source: "planet",
  externalId: "6a1f0000-0000-4000-8000-000000000005",
  kind: "person",
  userName: "leela",
  emails: ["leela@planetexpress.com"],
  name: { given: "Leela", family: "Turanga", display: "Turanga Leela" },
  title: "Captain",
  attributes: { title: ["Captain", "Pilot"] },
  status: "active",
  groups: ["ship_crew"],
  raw: {
    dn: "cn=Turanga Leela,ou=people,dc=planetexpress,dc=com",
    description: "Mutant",
    telephoneNumber: "+1 555 0100",
    postalAddress: "Planet Express Building$New New York",
    jpegPhoto: "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw//2Q==",
    employeeNumber: "PE-0005",
    ou: "Delivering Crew",
  },
  exportedAt: "2026-11-26T10:00:00.000Z",
  position: "cn=Turanga Leela,ou=people,dc=planetexpress,dc=com",
};

describe("source snapshots", () => {
  it("keep dn and the attributes gates.required checks, drop the rest of raw", () => {
    const snapshot = makeSnapshot("planet", { type: "ldap", gates: { required: ["employeeNumber"] } }, [leela]);
    expect(snapshot.records[0]!.raw).toEqual({ dn: leela.raw["dn"], employeeNumber: "PE-0005" });
    const { raw: _raw, ...rest } = snapshot.records[0]!;
    const { raw: _original, ...expected } = leela;
    expect(rest).toEqual(expected);
  });

  it("keep what snapshotAttributes lists (any case), but never a binary attribute", () => {
    const snapshot = makeSnapshot("planet", { type: "ldap", snapshotAttributes: ["OU", "jpegPhoto"] }, [leela]);
    expect(snapshot.records[0]!.raw).toEqual({ dn: leela.raw["dn"], ou: "Delivering Crew" });
  });

  it("leave the records it was given untouched", () => {
    makeSnapshot("planet", { type: "ldap" }, [leela]);
    expect(leela.raw["telephoneNumber"]).toBe("+1 555 0100");
  });
});
