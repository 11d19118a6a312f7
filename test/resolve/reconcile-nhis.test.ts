// Which NHI file a discovered record belongs to: by a `discoveredBy` ref of that source (its id or
// its login, in any case), else by the NHI's id when the file names no ref of that source; the
// rest are undeclared. A declared ref that a read source did not answer is `notFoundIn`.
import { describe, expect, it } from "vitest";
import type { NhiDoc } from "../../src/model/documents.js";
import type { Finding } from "../../src/model/finding.js";
import type { Identity } from "../../src/model/identity.js";
import type { Located } from "../../src/model/located.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import { reconcileNhis } from "../../src/resolve/reconcile-nhis.js";

function nhiFile(value: Partial<NhiDoc> & { id: string }, line: number): Located<NhiDoc> {
  return { value: { kind: "ServiceAccount", ...value } as NhiDoc, file: "identities/nhis.yaml", line, col: 1, locate: () => ({ line, col: 1 }), locateKey: () => ({ line, col: 1 }) };
}

function record(source: string, externalId: string, userName: string): SourceRecord {
  return { source, externalId, kind: "service-account", userName, emails: [], name: {}, status: "active", groups: [], raw: {}, exportedAt: "2026-12-01T06:00:00Z", position: `${source}.csv row ${externalId}`, credentials: [{ id: `${externalId}-key`, type: "api-key", issuedAt: "2026-11-01", discoveredBy: source }] };
}

function reconcile(nhis: Located<NhiDoc>[], discovered: Record<string, SourceRecord[]>, unreliable: string[] = []): { identities: Map<string, Identity>; findings: Finding[] } {
  const identities = new Map<string, Identity>();
  const findings: Finding[] = [];
  reconcileNhis({ nhis, discovered: new Map(Object.entries(discovered)), unreliable: new Set(unreliable), quarantine: new Set(), identities, findings });
  return { identities, findings };
}

describe("reconcileNhis", () => {
  const deployer = nhiFile({ id: "deployer", owner: "ada", discoveredBy: [{ source: "aws", id: "CI-Deployer" }] }, 1);

  it("merges a record into the file whose ref of that source names its id, in any case", () => {
    const { identities } = reconcile([deployer], { aws: [record("aws", "ci-deployer", "ci-deployer")] });
    expect([...identities.keys()]).toEqual(["deployer"]);
    expect(identities.get("deployer")!.records).toEqual(["aws:ci-deployer"]);
    expect(identities.get("deployer")!.credentials!.map((c) => c.id)).toEqual(["ci-deployer-key"]);
    expect(identities.get("deployer")!.notFoundIn).toBeUndefined();
  });

  it("merges by the record's login when its id is not the ref", () => {
    const { identities } = reconcile([deployer], { aws: [record("aws", "AIDA0001", "CI-DEPLOYER")] });
    expect([...identities.keys()]).toEqual(["deployer"]);
    expect(identities.get("deployer")!.records).toEqual(["aws:AIDA0001"]);
  });

  it("does not take another source's record with the same id for the ref: it is undeclared there", () => {
    const { identities } = reconcile([deployer], { aws: [record("aws", "ci-deployer", "ci-deployer")], gcp: [record("gcp", "ci-deployer", "ci-deployer-gcp")] });
    expect([...identities.keys()].sort()).toEqual(["ci-deployer-gcp", "deployer"]);
    expect(identities.get("ci-deployer-gcp")!.undeclared).toBe("report");
    expect(identities.get("deployer")!.records).toEqual(["aws:ci-deployer"]);
  });

  it("merges by the NHI's id only for a source its file names no ref of", () => {
    const named = reconcile([deployer], { gcp: [record("gcp", "sa-1", "deployer")] });
    expect([...named.identities.keys()]).toEqual(["deployer"]);
    expect(named.identities.get("deployer")!.records).toEqual(["gcp:sa-1"]);
    // aws has a ref for it, CI-Deployer: an aws record named "deployer" is another NHI.
    const other = reconcile([deployer], { aws: [record("aws", "ci-deployer", "ci-deployer"), record("aws", "deployer", "deployer")] });
    expect([...other.identities.keys()].sort()).toEqual(["aws.deployer", "deployer"]);
    expect(other.identities.get("aws.deployer")!.records).toEqual(["aws:deployer"]);
  });

  it("marks a ref that a read source did not answer, unless the source failed its gates or was not read", () => {
    const both = nhiFile({ id: "both", discoveredBy: [{ source: "aws", id: "both-user" }, { source: "gcp", id: "both-sa" }] }, 9);
    const answered = reconcile([both], { aws: [record("aws", "BOTH-USER", "both-user")], gcp: [] });
    expect(answered.identities.get("both")!.notFoundIn).toEqual(["gcp:both-sa"]);
    expect(reconcile([both], { aws: [], gcp: [] }).identities.get("both")!.notFoundIn).toEqual(["aws:both-user", "gcp:both-sa"]);
    expect(reconcile([both], { aws: [], gcp: [] }, ["gcp"]).identities.get("both")!.notFoundIn).toEqual(["aws:both-user"]);
    expect(reconcile([both], { aws: [] }).identities.get("both")!.notFoundIn).toEqual(["aws:both-user"]);
  });

  it("makes an undeclared NHI of a record no file declares, with or without an owner", () => {
    const people = new Map<string, Identity>();
    const findings: Finding[] = [];
    people.set("ada", { id: "ada", kind: "person", anchor: "hr:1", records: ["hr:1"], aliases: [], status: "active", attributes: { email: "ada@example.com" }, provenance: {}, breakGlass: false });
    const owned = { ...record("aws", "owned", "owned"), owners: ["ADA@example.com"] };
    reconcileNhis({ nhis: [], discovered: new Map([["aws", [owned, record("aws", "orphan", "orphan")]]]), unreliable: new Set(), quarantine: new Set(), identities: people, findings });
    expect(people.get("owned")).toMatchObject({ kind: "service-account", anchor: "nhi:owned", owner: "ada", undeclared: "report", discoveredBy: ["aws"] });
    expect(people.get("orphan")!.owner).toBeUndefined();
    expect("owner" in people.get("orphan")!).toBe(false);
    expect(findings).toEqual([]);
  });
});

describe("the owners a system names (system-owners.ts)", () => {
  const person = (id: string, anchor: string, status: Identity["status"], email: string, extra: Partial<Identity> = {}): Identity => ({ id, kind: "person", anchor, records: [anchor], aliases: [], status, attributes: { email }, provenance: {}, breakGlass: false, ...extra });
  const owned = (owners: SourceRecord["owners"]): SourceRecord => ({ ...record("entra-apps", "app-1", "ledger-bridge"), owners });
  function owners(people: Identity[], rec: SourceRecord, prior?: Identity[]): Identity {
    const identities = new Map(people.map((p) => [p.id, p] as const));
    reconcileNhis({ nhis: [], discovered: new Map([["entra-apps", [rec]]]), unreliable: new Set(), quarantine: new Set(), identities, findings: [], ...(prior ? { prior } : {}) });
    return identities.get("ledger-bridge")!;
  }

  it("takes the active person among several owners, whatever order they sort in", () => {
    const people = [person("linus", "hr:W4", "terminated", "linus@corp.example"), person("abe", "hr:W6", "active", "abe@corp.example"), person("zed", "hr:W5", "active", "zed@corp.example")];
    expect(owners(people, owned(["linus@corp.example", "zed@corp.example"])).owner).toBe("zed");
    expect(owners(people, owned(["abe@corp.example", "linus@corp.example"])).owner).toBe("abe");
    expect(owners(people, owned(["linus@corp.example", "zed@corp.example"])).systemOwners).toEqual([
      { name: "linus@corp.example", match: "person", id: "linus" },
      { name: "zed@corp.example", match: "person", id: "zed" },
    ]);
  });

  it("looks one owner up by each of its names, and never looks a non-person up among people", () => {
    const people = [person("ada", "hr:W1", "active", "ada@corp.example"), person("servicePrincipal:x", "hr:W9", "active", "sp@corp.example")];
    const nhi = owners(people, owned([{ names: ["ada@corp.onmicrosoft.com", "ada@corp.example"] }, { names: ["serviceprincipal:x"], notPerson: "servicePrincipal" }]));
    expect(nhi.owner).toBe("ada");
    expect(nhi.systemOwners).toEqual([
      { name: "ada@corp.onmicrosoft.com", match: "person", id: "ada" },
      { name: "serviceprincipal:x", match: "not-person", type: "servicePrincipal" },
    ]);
  });

  it("an owner only the last accepted snapshot knew has left; one it knew under an address since changed is the same person; one nobody knew is unknown", () => {
    const now = [person("ada", "hr:W1", "active", "ada.lovelace@corp.example")];
    const before = [person("ada", "hr:W1", "active", "ada@corp.example"), person("linus", "hr:W4", "active", "linus@corp.example")];
    expect(owners(now, owned(["linus@corp.example"]), before)).toMatchObject({ owner: "linus", systemOwners: [{ name: "linus@corp.example", match: "former", id: "linus" }] });
    expect(owners(now, owned(["ada@corp.example"]), before)).toMatchObject({ owner: "ada", systemOwners: [{ name: "ada@corp.example", match: "person", id: "ada" }] });
    expect(owners(now, owned(["linus@corp.example"]))).toMatchObject({ owner: "linus@corp.example", systemOwners: [{ name: "linus@corp.example", match: "unknown" }] });
  });

  it("a snapshot's dropped owner is an owner: a person while one goes by their name or id, else unknown, never none", () => {
    // The snapshot's record as `scopesync snapshot` wrote it after Graph dropped linus from the owners (model/dropped-owner.ts).
    const kept: SourceRecord = { ...owned([]), droppedOwners: [{ name: "linus@corp.example", id: "linus", source: "entra-apps", droppedAt: "2026-11-26T06:00:00.000Z" }] };
    const dropped = { droppedBy: "entra-apps", droppedAt: "2026-11-26T06:00:00.000Z" };
    expect(owners([person("linus", "hr:W4", "terminated", "linus@corp.example")], kept)).toMatchObject({ owner: "linus", systemOwners: [{ name: "linus@corp.example", match: "person", id: "linus", ...dropped }] });
    // Gone from every source and the snapshot's 90 days: unknown (the quarantine is held), named as the system named them, the id kept for the next snapshot.
    expect(owners([], kept)).toMatchObject({ owner: "linus@corp.example", systemOwners: [{ name: "linus@corp.example", match: "unknown", id: "linus", ...dropped }] });
    // An active owner listed now: the dropped one no longer counts.
    expect(owners([person("zed", "hr:W5", "active", "zed@corp.example")], { ...kept, owners: ["zed@corp.example"] }).systemOwners).toEqual([{ name: "zed@corp.example", match: "person", id: "zed" }]);
  });

  it("a login the sources renamed still names its person", () => {
    const renamed = person("ada.lovelace", "hr:W1", "active", "ada.lovelace@corp.example", { formerIds: ["ada"] });
    expect(owners([renamed], owned(["ada"]))).toMatchObject({ owner: "ada.lovelace", systemOwners: [{ name: "ada", match: "person", id: "ada.lovelace" }] });
  });
});
