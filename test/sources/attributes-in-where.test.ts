// What the sources read must be usable where policies are written: a record's further attributes
// (every title, Entra directory roles, Google admin flags and organisational unit) reach the
// identity, and `where:` matches any value of a list.
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import { matchesWhere } from "../../src/policy/selector.js";
import { personMerger } from "../../src/resolve/merge-person.js";
import { entraSource } from "../../src/sources/entra/index.js";
import { googleSource } from "../../src/sources/google/index.js";
import { ldifSource } from "../../src/sources/ldif/index.js";
import { FIXTURES, sourceContext } from "./helpers.js";

const exportedAt = { exportedAt: "2026-11-26T10:00:00Z" };

function identityOf(records: SourceRecord[], sources: Record<string, { type: string; authoritative?: string[] }>) {
  const findings: Finding[] = [];
  const merged = personMerger({ sources, precedence: Object.keys(sources) })(records, findings);
  return { id: merged.userName, ...merged };
}

describe("source attributes in where: selectors", () => {
  it("matches any of a person's titles, and keeps the first as the title an app receives", async () => {
    const context = { ...sourceContext("planet", "ldif", "../ldap/planet-express.ldif", { ...exportedAt, anchor: "uid" }), repoDir: FIXTURES };
    const leela = (await ldifSource.read(context)).find((r) => r.userName === "leela")!;
    const identity = identityOf([leela], { planet: { type: "ldif" } });
    expect(identity.attributes.title).toEqual(["Captain", "Pilot"]);
    expect(identity.provenance.title).toMatchObject({ source: "planet" });
    expect(matchesWhere(identity, { title: "pilot" })).toBe(true);
    expect(matchesWhere(identity, { title: "Captain" })).toBe(true);
    expect(matchesWhere(identity, { title: "Navigator" })).toBe(false);
    expect(matchesWhere(identity, { employmentType: ["pilot", "doctor"] })).toBe(true);
  });

  it("takes a multi-valued title only from the record the title was taken from", async () => {
    const context = { ...sourceContext("planet", "ldif", "../ldap/planet-express.ldif", { ...exportedAt, anchor: "uid" }), repoDir: FIXTURES };
    const leela = (await ldifSource.read(context)).find((r) => r.userName === "leela")!;
    const hr: SourceRecord = { ...leela, source: "hr", title: "Ship Captain", attributes: undefined, raw: {} };
    delete hr.attributes;
    const identity = identityOf([hr, leela], { hr: { type: "csv", authoritative: ["title"] }, planet: { type: "ldif" } });
    expect(identity.attributes.title).toBe("Ship Captain");
    expect(matchesWhere(identity, { title: "Pilot" })).toBe(false);
  });

  it("matches Entra directory roles and Google admin flags and organisational units", async () => {
    const [adele] = await entraSource.read(sourceContext("entra", "entra", "entra/member-of.json", exportedAt));
    const entra = identityOf([adele!], { entra: { type: "entra" } });
    expect(matchesWhere(entra, { directoryRoles: "Global Administrator" })).toBe(true);

    const [ada, byron] = await googleSource.read(sourceContext("google", "google", "google/multi-domain.json", exportedAt));
    const admin = identityOf([ada!], { google: { type: "google" } });
    const contractor = identityOf([byron!], { google: { type: "google" } });
    expect(matchesWhere(admin, { isAdmin: true })).toBe(true);
    expect(matchesWhere(contractor, { isAdmin: true })).toBe(false);
    expect(matchesWhere(contractor, { orgUnitPath: "/Contractors" })).toBe(true);
    expect(contractor.provenance.orgUnitPath).toEqual({ source: "google", at: "google/multi-domain.json entry 2", rule: "precedence: google" });
  });
});
