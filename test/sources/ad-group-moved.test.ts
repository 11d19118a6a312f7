// An AD group moved to another OU (or renamed) keeps its objectGUID and changes its DN (Microsoft,
// "Using objectGUID to Bind to an Object": "An object distinguished name changes if the object is
// renamed or moved ... an object's objectGUID property never changes"). Its id is the objectGUID,
// so a move is no event: a name the snapshot bound still means it, a `groupIds` policy still matches
// it. What was written while the DN was the id (a snapshot's binding, a policy's groupIds) is read
// or refused as src/resolve/dn-group-ids.ts says. rv99 finding 02.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { adEntry, adGroupEntry, adUserDn, writeAdRepo, type AdUser } from "../helpers/ad-ldif.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const VPN_GUID = "55555555-0000-4000-8000-000000000001";
const people: AdUser[] = ["ann", "bob", "cat"].map((sam, i) => ({ sam, given: sam.toUpperCase(), family: "Lee", guid: `44444444-0000-4000-8000-00000000000${i + 1}`, uac: 512, ou: "Staff" }));
const [ann, bob, cat] = people as [AdUser, AdUser, AdUser];
const oldDn = "CN=VPN Users,OU=Groups,DC=contoso,DC=example";
const newDn = "CN=VPN Users,OU=Security Groups,DC=contoso,DC=example";

const temp = tempDirs();

/** One search as `ldapsearch` without -L writes it: its result proves it whole. */
function search(entries: string[]): string {
  const body = entries.map((e) => `${e.replaceAll("changetype: add\r\n", "")}\r\n`).join("");
  return `# extended LDIF\r\n\r\n${body}# search result\r\nsearch: 2\r\nresult: 0 Success\r\n\r\n# numEntries: ${entries.length}\r\n`;
}

/** The AD export of the day: the three people, and VPN Users at `dn` with `members`. */
function exportAd(dir: string, dn: string, members: AdUser[]): void {
  writeAdRepo(dir, { ad: people });
  writeFileSync(join(dir, "exports/ad.ldf"), `${search(people.map(adEntry))}\r\n${search([adGroupEntry({ dn, guid: VPN_GUID, member: members.map(adUserDn) })])}`);
}

function repo(where: string): string {
  const dir = temp("scopesync-ad-group-moved-");
  for (const d of ["exports", "state/sources", "policies/apps", "identities/groups"]) mkdirSync(join(dir, d), { recursive: true });
  exportAd(dir, oldDn, [ann, bob]);
  writeFileSync(join(dir, "identities/groups/vpn.yaml"), `kind: Group\nid: vpn\nowners: [ann]\nbirthright:\n  - kinds: [person]\n    where: ${where}\n`);
  writeFileSync(join(dir, "policies/apps/wiki.yaml"), "kind: AppPolicy\nid: wiki\ntarget: wiki\nscope:\n  include:\n    - kinds: [person]\naccounts:\n  login: userName\n  onSuspended: disable\nentitlements:\n  - group: vpn\n    entitlement: group:vpn\nonLeaveScope: disable\n");
  const account = (u: AdUser, ents: string[]) => ({ id: `u-${u.sam}`, login: u.sam, externalId: `ad:${u.guid}`, active: true, attributes: {}, entitlements: ents });
  writeFileSync(join(dir, "state/wiki.json"), JSON.stringify({ formatVersion: 1, target: "wiki", readAt: "2026-11-26T06:10:00Z", accounts: [account(ann, ["group:vpn"]), account(bob, ["group:vpn"]), account(cat, [])] }));
  return dir;
}

interface Plan { changes: Array<{ action: string; login?: string; entitlement?: string }>; findings: Array<{ rule: string; remediation?: string }> }
async function plan(dir: string): Promise<{ code: number; plan?: Plan; stderr: string }> {
  const r = await runCli(["plan", "--now", "2026-11-27T09:00:00Z", "--format", "json", "--out", "plan.json"], { cwd: dir });
  return { code: r.code, stderr: r.stderr, plan: r.code === 1 ? undefined : (JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as Plan) };
}
const vpnChanges = (p: Plan) => p.changes.filter((c) => c.entitlement === "group:vpn").map((c) => `${c.action} ${c.login}`);
const snapshotFile = (dir: string) => join(dir, "state/sources/ad.json");

async function snapshot(dir: string): Promise<void> {
  const r = await runCli(["snapshot", "--now", "2026-11-26T09:00:00Z"], { cwd: dir });
  expect(r.stderr).toBe("");
}

/** The snapshot as a version that took the DN for the id wrote it: DN ids, no `dn`. */
function asWrittenWithDnIds(dir: string): void {
  const text = readFileSync(snapshotFile(dir), "utf8").replaceAll(`"${VPN_GUID}"`, JSON.stringify(oldDn)).replaceAll(`"dn": ${JSON.stringify(oldDn)},`, "");
  writeFileSync(snapshotFile(dir), text);
  expect(text).not.toContain(VPN_GUID);
}

describe("an AD group moved to another OU", () => {
  it("is the same group by the name the snapshot bound: a member added after the move is granted it", async () => {
    const dir = repo('{ groups: "VPN Users" }');
    await snapshot(dir);
    exportAd(dir, newDn, [ann, bob, cat]);
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(0);
    expect(vpnChanges(p!)).toEqual(["grant cat"]);
    expect(p!.findings.map((f) => f.rule)).not.toContain("group-name-ambiguous");
  });

  it("is the same group by its id: no member loses what groupIds gives", async () => {
    const dir = repo(`{ groupIds: "${VPN_GUID}" }`);
    exportAd(dir, newDn, [ann, bob]);
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(0);
    expect(vpnChanges(p!)).toEqual([]);
  });
});

describe("what was written while an LDAP group's DN was its id", () => {
  it("a snapshot's binding to the DN means the group that has the DN today, and the next snapshot writes its id", async () => {
    const dir = repo('{ groups: "VPN Users" }');
    await snapshot(dir);
    asWrittenWithDnIds(dir);
    exportAd(dir, oldDn, [ann, bob, cat]);
    const { plan: p } = await plan(dir);
    expect(vpnChanges(p!)).toEqual(["grant cat"]);
    expect(p!.findings.map((f) => f.rule)).not.toContain("group-name-ambiguous");
    await snapshot(dir);
    expect(JSON.parse(readFileSync(snapshotFile(dir), "utf8")).groupNames).toEqual([{ name: "VPN Users", id: VPN_GUID }]);
  });

  it("a binding to a DN no group has today is warned about without offering that DN as the fix", async () => {
    const dir = repo('{ groups: "VPN Users" }');
    await snapshot(dir);
    asWrittenWithDnIds(dir);
    exportAd(dir, newDn, [ann, bob, cat]);
    const { plan: p } = await plan(dir);
    const finding = p!.findings.find((f) => f.rule === "group-name-ambiguous")!;
    expect(finding.remediation).not.toContain(`groupIds: ${JSON.stringify(oldDn)}`);
    expect(finding.remediation).toContain(`no group of today's export has the id ${JSON.stringify(oldDn)}`);
    expect(vpnChanges(p!)).toEqual([]);
  });

  it("a policy's groupIds naming the group by its DN stops the run at its line, naming the id to write", async () => {
    const dir = repo(`{ groupIds: "${oldDn}" }`);
    const { code, stderr } = await plan(dir);
    expect(code).toBe(1);
    expect(stderr).toContain(`identities/groups/vpn.yaml:6:24: group vpn's birthright names the group by its DN "${oldDn}"; source "ad" identifies that group ("VPN Users") by its id "${VPN_GUID}"`);
    expect(stderr).toContain(`where: { groupIds: "${VPN_GUID}" }`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
