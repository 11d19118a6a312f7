// A group name is bound, in the accepted snapshot, to the group it was first known by
// (src/resolve/group-bindings.ts), and no daily snapshot rebinds it: not after the governed group
// is renamed for a day (an ordinary admin action in Entra: PATCH /groups/{id} displayName,
// learn.microsoft.com/graph/api/group-update), nor when it is deleted or left without members, nor
// when a look-alike is the only group of the name. The repo, its Entra export and the vendor pages
// they follow are in test/helpers/entra-group-names.ts.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { acceptSnapshot, ambiguous, BILL, changes, exportUsers, GOVERNED, lookalike, LOOKALIKE, members, plan, repo, type Member } from "../helpers/entra-group-names.js";

const STAFF = { id: "aaaaaaaa-0000-4000-8000-000000000009", name: "Staff" };
const LEGACY = { id: GOVERNED, name: "GitHub Org Owners (legacy)" };
const MALLORY = "mallory@initech.example";

interface SnapshotFile { groupNames?: { name: string; id: string }[]; records: { userName: string; groupRefs?: { id: string; name: string; lookAlike?: true }[] }[] }
const snapshotOf = (dir: string): SnapshotFile => JSON.parse(readFileSync(join(dir, "state/sources/entra.json"), "utf8")) as SnapshotFile;

/** Bill and Peter (owners) in `billsGroup`, Mallory in `mallorysGroup`. */
function people(billsGroup: Member["group"], mallorysGroup: Member["group"]): Member[] {
  const [bill, peter, mallory] = members();
  return [{ ...bill!, group: billsGroup }, { ...peter!, group: billsGroup }, { ...mallory!, group: mallorysGroup }];
}

/**
 * Day 0: only the governed group has the name, accepted. Day 1: Mallory makes a self-service group
 * with the same name, and the daily snapshot is accepted, as every day.
 */
async function lookAlikeAccepted(): Promise<string> {
  const dir = repo('{ groups: "GitHub Org Owners" }');
  exportUsers(dir, people(GOVERNED_GROUP, STAFF));
  await acceptSnapshot(dir, "2026-11-24T09:00:00Z");
  exportUsers(dir, people(GOVERNED_GROUP, lookalike()));
  await acceptSnapshot(dir, "2026-11-25T09:00:00Z");
  return dir;
}
const GOVERNED_GROUP = { id: GOVERNED, name: "GitHub Org Owners" };

describe("a group name the accepted snapshot binds to the governed group", () => {
  it("is written to the snapshot when first known, and not rebound when a look-alike appears", async () => {
    const dir = await lookAlikeAccepted();
    const snapshot = snapshotOf(dir);
    expect(snapshot.groupNames).toEqual([
      { name: "GitHub Org Owners", id: GOVERNED },
      { name: "Staff", id: STAFF.id },
    ]);
    expect(snapshot.records.find((r) => r.userName === MALLORY)!.groupRefs).toEqual([{ id: LOOKALIKE, name: "GitHub Org Owners", lookAlike: true }]);
  });

  it("stays bound through a snapshot accepted while the governed group was renamed: once the name is back, it still means the governed group", async () => {
    // Day 2: IT renames the governed group, and that day's snapshot is accepted. Day 3: the rename is undone.
    const dir = await lookAlikeAccepted();
    exportUsers(dir, people(LEGACY, lookalike()));
    await acceptSnapshot(dir, "2026-11-26T09:00:00Z");
    exportUsers(dir, people(GOVERNED_GROUP, lookalike()));
    const { code, plan: p } = await plan(dir, "2026-11-27T09:00:00Z");
    expect(changes(p)).toEqual([]);
    expect(code).toBe(0);
    expect(ambiguous(p)[0]!.message).toContain(`knew one group by that name, ${GOVERNED}, so it still means that one; the members of ${LOOKALIKE} get nothing through it`);
    expect(ambiguous(p)[0]!.remediation).toContain(`where: { groupIds: "${GOVERNED}" }`);
    // The day-2 snapshot kept the binding, and the look-alike, the only group of the name that day, marked one.
    const snapshot = snapshotOf(dir);
    expect(snapshot.groupNames).toContainEqual({ name: "GitHub Org Owners", id: GOVERNED });
    expect(snapshot.records.find((r) => r.userName === MALLORY)!.groupRefs).toEqual([{ id: LOOKALIKE, name: "GitHub Org Owners", lookAlike: true }]);
  });

  it("while the governed group is renamed, gives the look-alike nothing, though it is the only group of the name, takes nothing from the governed group's members, and warns", async () => {
    const dir = await lookAlikeAccepted();
    exportUsers(dir, people(LEGACY, lookalike()));
    const { code, plan: p } = await plan(dir);
    expect(changes(p)).toEqual([]);
    expect(code).toBe(0);
    expect(ambiguous(p)).toEqual([
      expect.objectContaining({
        severity: "warning",
        location: "identities/groups/org-owners.yaml:8",
        message: `group org-owners's birthright names the group "GitHub Org Owners", but source "entra"'s accepted snapshot binds it to group ${GOVERNED}, now called "GitHub Org Owners (legacy)"; group ${LOOKALIKE} has the name but not the id: through the name nothing is given and nothing taken away until a policy names the group by id or a reviewer rebinds it`,
      }),
    ]);
    expect(ambiguous(p)[0]!.remediation).toContain(`where: { groupIds: "${GOVERNED}" }`);
    expect(ambiguous(p)[0]!.remediation).toContain(`a reviewer sets that group's id as the name's "id" in "groupNames" of state/sources/entra.json in a pull request`);
    // Accepting that day's snapshot binds nothing anew.
    await acceptSnapshot(dir, "2026-11-26T09:00:00Z");
    expect(snapshotOf(dir).groupNames).toContainEqual({ name: "GitHub Org Owners", id: GOVERNED });
  });

  it("when the governed group is gone (deleted, or no member in the export), gives the look-alike nothing and warns", async () => {
    const dir = await lookAlikeAccepted();
    exportUsers(dir, people(STAFF, lookalike()));
    const { plan: p } = await plan(dir);
    // Bill and Peter are in no group of the name: what it gave them goes, as a mover's.
    expect(changes(p)).toEqual([`revoke ${BILL} role:admin`, "revoke peter@initech.example role:admin"]);
    expect(ambiguous(p)[0]!.message).toContain(`binds it to group ${GOVERNED}, which no longer carries it (renamed, deleted, or without members); group ${LOOKALIKE} has the name but not the id`);
  });

  it("is not taken by a group made with the name after the governed one is gone, though no look-alike was ever seen", async () => {
    const dir = repo('{ groups: "GitHub Org Owners" }');
    exportUsers(dir, people(GOVERNED_GROUP, STAFF));
    await acceptSnapshot(dir, "2026-11-24T09:00:00Z");
    exportUsers(dir, people(STAFF, lookalike()));
    const { plan: p } = await plan(dir);
    expect(changes(p).filter((c) => c.includes(MALLORY))).toEqual([]);
    expect(ambiguous(p).map((f) => f.severity)).toEqual(["warning"]);
  });

  it("means the group a reviewer rebinds it to, in the committed snapshot", async () => {
    const dir = await lookAlikeAccepted();
    exportUsers(dir, people(LEGACY, lookalike()));
    const path = join(dir, "state/sources/entra.json");
    const snapshot = snapshotOf(dir);
    snapshot.groupNames = snapshot.groupNames!.map((b) => (b.name === "GitHub Org Owners" ? { ...b, id: LOOKALIKE } : b));
    writeFileSync(path, JSON.stringify(snapshot));
    const { plan: p } = await plan(dir);
    expect(changes(p)).toEqual([`grant ${MALLORY} role:admin`, `revoke ${BILL} role:admin`, "revoke peter@initech.example role:admin"]);
    expect(ambiguous(p)).toEqual([]);
  });
});

describe("a snapshot written before bindings were kept", () => {
  it("still keeps its marked look-alike from the name, when the look-alike is the only group of it", async () => {
    const dir = await lookAlikeAccepted();
    const path = join(dir, "state/sources/entra.json");
    // As the snapshot of the day before the governed group's rename was written then: marks, no bindings.
    const snapshot = snapshotOf(dir);
    delete snapshot.groupNames;
    snapshot.records = snapshot.records.filter((r) => r.userName === MALLORY);
    writeFileSync(path, JSON.stringify(snapshot));
    exportUsers(dir, people(LEGACY, lookalike()));
    const { plan: p } = await plan(dir);
    expect(changes(p).filter((c) => c.includes(MALLORY))).toEqual([]);
    expect(ambiguous(p)[0]!.message).toContain(`the last accepted snapshot marks ${LOOKALIKE} as a look-alike of a group it does not list`);
  });
});

describe("a hand-edited binding", () => {
  it("that is not a list of { name, id }, or binds a name twice, is named with the fix, never read as no binding", async () => {
    const dir = await lookAlikeAccepted();
    const path = join(dir, "state/sources/entra.json");
    const snapshot = snapshotOf(dir);
    for (const [groupNames, problem] of [
      [{ "GitHub Org Owners": GOVERNED }, 'groupNames must be a list of { "name": group name, "id": group id } (text), one per name'],
      [[{ name: "GitHub Org Owners" }], 'groupNames entry 1: groupNames must be a list of { "name": group name, "id": group id } (text), one per name'],
      [[{ name: "GitHub Org Owners", id: GOVERNED }, { name: "github org owners", id: LOOKALIKE }], 'groupNames entry 2: the name "github org owners" is bound twice (names compare without case); keep one entry'],
    ] as const) {
      writeFileSync(path, JSON.stringify({ ...snapshot, groupNames }));
      const r = await runCli(["plan", "--repo", dir, "--now", "2026-11-26T09:00:00Z"]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`snapshot state/sources/entra.json of source "entra" is unreadable: ${problem}`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
