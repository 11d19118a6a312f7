// A snapshot is committed to git and can be edited by hand: a record field of the wrong shape is
// named with its record, never a crash later in planning ("unexpected failure … a bug").
import { describe, expect, it } from "vitest";
import { storedSnapshot } from "../../src/sources/snapshot.js";

// Formats 1 and 2 keep each record's export time and position (snapshot-records.ts).
const placed = { exportedAt: "2026-11-12T06:00:00.000Z", position: "hr.csv row 1 (line 2)" };
const snapshot = (record: Record<string, unknown>) => JSON.stringify({ formatVersion: 1, source: "hr", type: "csv", exportedAt: "2026-11-12T06:00:00.000Z", records: [{ externalId: "W1", userName: "ada", ...placed }, { ...placed, ...record }] });
const problem = (record: Record<string, unknown>): string => {
  try {
    storedSnapshot(Buffer.from(snapshot(record)), "state/sources/hr.json", "hr");
    return "read";
  } catch (e) {
    return (e as Error).message;
  }
};

describe("a snapshot record's fields", () => {
  it("are read when they have the shape snapshot writes", () => {
    expect(problem({ externalId: "W2", logins: { githubLogin: "grace-h" }, formerIds: ["grace"] })).toBe("read");
    expect(problem({ externalId: "W2", groupRefs: [{ id: "aaaaaaaa-0000-4000-8000-000000000001", name: "GitHub Org Owners" }] })).toBe("read");
    expect(problem({ externalId: "W2", groupRefs: [{ id: "aaaaaaaa-0000-4000-8000-000000000666", name: "GitHub Org Owners", lookAlike: true }] })).toBe("read");
    expect(problem({ externalId: "W2", droppedOwners: [{ name: "linus@corp.example", id: "linus", source: "entra-apps", droppedAt: "2026-11-26T06:00:00Z" }] })).toBe("read");
  });

  it("of another shape are named with the record", () => {
    const at = 'snapshot state/sources/hr.json of source "hr" is unreadable: record 2 (W2): ';
    expect(problem({ externalId: "W2", logins: ["grace-h"] })).toBe(`${at}logins must map attributes to logins (text)`);
    expect(problem({ externalId: "W2", logins: { githubLogin: 7 } })).toBe(`${at}logins must map attributes to logins (text)`);
    expect(problem({ externalId: "W2", formerIds: "grace" })).toBe(`${at}formerIds must be a list of logins (text)`);
    expect(problem({ externalId: "W2", formerIds: [""] })).toBe(`${at}formerIds must be a list of logins (text)`);
    // A group kept by name alone could not be told from a look-alike (resolve/group-names.ts).
    expect(problem({ externalId: "W2", groupRefs: ["GitHub Org Owners"] })).toBe(`${at}groupRefs must be a list of groups ({ id, name, dn?, lookAlike?: true }, text)`);
    expect(problem({ externalId: "W2", groupRefs: [{ name: "GitHub Org Owners" }] })).toBe(`${at}groupRefs must be a list of groups ({ id, name, dn?, lookAlike?: true }, text)`);
    // A look-alike mark (a name settled on another group) is true or absent, never a guess.
    expect(problem({ externalId: "W2", groupRefs: [{ id: "g2", name: "GitHub Org Owners", lookAlike: "yes" }] })).toBe(`${at}groupRefs must be a list of groups ({ id, name, dn?, lookAlike?: true }, text)`);
    // An owner the system dropped holds an NHI's quarantine (model/dropped-owner.ts): one without its source or time is named, not read as no owner.
    expect(problem({ externalId: "W2", droppedOwners: [{ name: "linus@corp.example", id: "linus" }] })).toBe(`${at}droppedOwners must be a list of owners ({ name, id?, source, droppedAt }, text)`);
    expect(problem({ externalId: "W2", droppedOwners: "linus" })).toBe(`${at}droppedOwners must be a list of owners ({ name, id?, source, droppedAt }, text)`);
    expect(problem({ userName: "grace" })).toBe('snapshot state/sources/hr.json of source "hr" is unreadable: record 2: not a record with an externalId');
  });
});
