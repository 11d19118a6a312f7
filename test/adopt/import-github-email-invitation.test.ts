// An active new hire whose only GitHub presence is a pending invitation sent to her e-mail address,
// through import, acceptance, state pull and her leaving: the OpenAPI-checked GitHub fake driven by
// the real @octokit/rest, through the real CLI.
// GitHub: "Invite people to an organization by using their GitHub user ID or their email address"
// (https://docs.github.com/en/rest/orgs/members#create-an-organization-invitation), and the pending
// list says "If the invitee is not a GitHub member, the `login` field in the return hash will be
// `null`" (#list-pending-organization-invitations). On acceptance the invitation leaves that list
// and the user, under a login chosen then, is a member with its role and teams; nothing on the
// member names the address (the member lists carry none).
// Before: import wrote the address as her githubLogin; once she accepted, her account matched no
// identity, and her leaving offboarded nothing in GitHub.
// rv53: which member accepted was then guessed from role and teams, and an invitation that EXPIRED
// was taken for an accepted one: a member an owner added by hand that week was removed from the org
// as her account when she left, and import wrote his login into her file. Now an invitation GitHub
// lists as failed is never an acceptance, and only the org's SAML identity naming the address
// offboards or links; a member that only fits is named (email-invitation-accepted), never acted on.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { samlOf, startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { runCli } from "../helpers/run-cli.js";
import { configYaml, hrCsv, writeFile, type Worker } from "./org-fixtures.js";

const ORG = "acme";
const person = (workerId: string, login: string, status: Worker["status"] = "Active"): Worker => ({ workerId, login, given: login.split(".")[0]!, family: login.split(".")[1]!, email: `${login}@example.com`, department: "Engineering", status });
const ADA = person("W100", "ada.lind");
const BO = person("W101", "bo.strand");
const DEE = person("W102", "dee.nova");

interface PlanJson { changes: Array<{ action: string; identity: string; login?: string; reason: string; entitlement?: string }>; findings: Array<{ rule: string; identity?: string; message: string; remediation?: string; severity: string }> }

let fake: GithubFake | undefined;
const dirs: string[] = [];
afterEach(async () => {
  fake?.assertNoViolations();
  await fake?.close();
  fake = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Ada and Bo own the org and are in team eng (SAML identities under their HR addresses where `saml`); Dee is invited by e-mail to eng. */
async function setUp(saml = false): Promise<{ dir: string; env: Record<string, string>; hr: (dee: Worker["status"]) => void }> {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  const org = fake.org;
  org.addTeam("eng");
  for (const [w, login] of [[ADA, "ada-l"], [BO, "bo-s"]] as const) {
    org.addMember(login, "admin");
    org.addTeamMember("eng", login);
    if (saml) samlOf(org).identities.push({ login, saml: { nameId: w.email, emails: [w.email] } });
  }
  samlOf(org).enabled = saml;
  org.inviteByEmail(DEE.email, "member", ["eng"]);
  const dir = mkdtempSync(join(tmpdir(), "scopesync-email-invite-"));
  dirs.push(dir);
  writeFile(dir, "scopesync.yaml", configYaml(`  github:\n    type: github\n    org: ${ORG}\n    token: "\${env:GH_TOKEN}"\n    runAs: scopesync-bot\n    options: { baseUrl: "${fake.url}", deployKeys: false, patGrants: false${saml ? ", saml: true" : ""} }\n`));
  // Ada's and Bo's logins as hand-written overlays would give them (import links them by overlay, or by SAML).
  if (!saml) for (const [w, login] of [[ADA, "ada-l"], [BO, "bo-s"]] as const) writeFile(dir, `identities/people/${w.login}.yaml`, `kind: Person\nid: ${w.login}\nattributes:\n  githubLogin: ${login}\n  githubImported: true\n`);
  const hr = (dee: Worker["status"]): void => writeFile(dir, "exports/hr.csv", hrCsv([ADA, BO, { ...DEE, status: dee }]));
  hr("Active");
  return { dir, env: { GH_TOKEN: fake.token }, hr };
}

async function plan(dir: string, env: Record<string, string>, now: string): Promise<PlanJson> {
  const r = await runCli(["plan", "--repo", dir, "--now", now, "--format", "json"], { env });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as PlanJson;
}

const people = (dir: string): string => readFileSync(join(dir, "identities/imported/people.yaml"), "utf8");
const deeOverlay = (dir: string): string => people(dir).split("---").find((d) => d.includes("id: dee.nova"))!;
/** What import wrote for dee.nova, "" when it wrote nothing for her (no imported people at all, or none for her). */
const deeImported = (dir: string): string => (existsSync(join(dir, "identities/imported/people.yaml")) ? (people(dir).split("---").find((d) => d.includes("id: dee.nova")) ?? "") : "");

describe("import --target github: an active person whose only GitHub presence is a pending e-mail invitation", () => {
  it("gets no githubLogin (the address is nobody's login): import says which invitation and what to do, and the plan says missing-login and changes nothing", async () => {
    const { dir, env } = await setUp();
    const r = await runCli(["import", "--target", "github", "--repo", dir, "--now", "2026-12-02T08:00:00Z"], { env });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("note: github: invitation:100004 is a pending e-mail invitation to dee.nova@example.com, dee.nova's address: dee.nova gets no githubLogin until it is accepted (the plan says missing-login); once it is accepted, run `scopesync state pull` and then `scopesync import --target github` again (they link the member who accepted it where the org's SAML identity of it names the address, and otherwise name the member that may be theirs, for you to answer), or write githubLogin in a hand-written overlay of dee.nova\n");
    // In the imported scope, with no login; the note names the invitation and the way on.
    expect(deeOverlay(dir)).toContain("attributes:\n  githubImported: true\nnote:");
    expect(deeOverlay(dir)).not.toContain("githubLogin:");
    expect(deeOverlay(dir)).toContain("github account invitation:100004 (a pending e-mail invitation to dee.nova@example.com) gives no githubLogin");
    // Nowhere is the address written as a login, and there is nothing to answer for it.
    expect(people(dir)).not.toContain("githubLogin: dee.nova@example.com");
    expect(readFileSync(join(dir, "imported/github/link-proposals.yaml"), "utf8")).not.toContain("invitation:100004");
    // What the invitation gives is hers in the desired state: once her login is known, nothing changes.
    const groups = readFileSync(join(dir, "identities/imported/github/groups.yaml"), "utf8");
    expect(groups.split("---").find((g) => g.includes("id: github-team-eng"))).toContain("identity: dee.nova");

    const p = await plan(dir, env, "2026-12-02T08:05:00Z");
    expect(p.changes).toEqual([]);
    expect(p.findings.filter((f) => f.rule === "missing-login").map((f) => f.identity)).toEqual(["dee.nova"]);
    // The invitation itself is reported, as the connector's readme says of an active person's.
    expect(p.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity)).toEqual(["dee.nova@example.com"]);
  }, 60_000);

  it("once she accepts under her own login (no SAML), state pull records the member as fitting only: nothing is linked or taken away, while she is active or after she leaves, and import names it instead of linking it", async () => {
    const { dir, env, hr } = await setUp();
    expect((await runCli(["import", "--target", "github", "--repo", dir, "--now", "2026-12-02T08:00:00Z"], { env })).code).toBe(0);
    fake!.org.acceptEmailInvitation(DEE.email, "dnova-gh");
    expect((await runCli(["state", "pull", "--repo", dir, "--now", "2026-12-03T07:00:00Z"], { env })).code).toBe(0);
    const member = (JSON.parse(readFileSync(join(dir, "state/github.json"), "utf8")) as { accounts: Array<{ login: string; attributes: Record<string, string> }> }).accounts.find((a) => a.login === "dnova-gh")!;
    expect(member.attributes).toEqual({ acceptedInvitation: "invitation:100004", acceptedInvitationBy: "fit", acceptedInvitationEmail: "dee.nova@example.com", acceptedInvitationSeen: "2026-12-02T08:00:00.000Z/2026-12-03T07:00:00.000Z" });

    // Active: nothing is linked or changed on a guess; the finding names her and the member.
    const active = await plan(dir, env, "2026-12-03T08:00:00Z");
    expect(active.changes).toEqual([]);
    const [accepted, ...more] = active.findings.filter((f) => f.rule === "email-invitation-accepted");
    expect(more).toEqual([]);
    expect(accepted).toMatchObject({ identity: "dee.nova", severity: "warning" });
    expect(accepted!.message).toBe('github account "dnova-gh" joined between the reads of 2026-12-02T08:00:00.000Z and 2026-12-03T07:00:00.000Z, when the e-mail invitation invitation:100004 sent to dee.nova@example.com went, and holds its role and teams (GitHub gives a member no trace of the address it was invited at): it may be dee.nova\'s, but so may any member who joined then with that role and those teams (an owner can add one by hand), so nothing links it or takes it away: it is left as an unmanaged account; should dee.nova leave, nothing takes it away until someone writes githubLogin: dnova-gh in a hand-written overlay of dee.nova or removes the member');
    expect(accepted!.remediation).toContain("write githubLogin: dnova-gh in a hand-written overlay of dee.nova");

    // She leaves before anyone links it: the guess takes nothing away, and the finding says her access stays.
    hr("Terminated");
    const left = await plan(dir, env, "2026-12-03T08:00:00Z");
    expect(left.changes).toEqual([]);
    expect(left.findings.filter((f) => f.rule === "email-invitation-accepted").map((f) => f.message)).toEqual([expect.stringContaining("dee.nova loses access here, but dee.nova's access there stays until someone writes githubLogin: dnova-gh in a hand-written overlay of dee.nova or removes the member")]);

    // Active again, import again: the member is named, not linked; it waits in the link proposals.
    hr("Active");
    const again = await runCli(["import", "--target", "github", "--repo", dir, "--now", "2026-12-03T09:00:00Z"], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('note: github: member "dnova-gh" joined when the e-mail invitation invitation:100004 to dee.nova@example.com went (the address is dee.nova\'s) and holds its role and teams, so it may be dee.nova\'s; so may any member who joined then with that role and those teams, so it is linked to no one: dee.nova\'s access there stays, even after they leave, until someone writes githubLogin: dnova-gh in a hand-written overlay of dee.nova (or answers in the link proposals) or removes the member\n');
    expect(deeImported(dir)).not.toContain("githubLogin:");
    expect(readFileSync(join(dir, "imported/github/link-proposals.yaml"), "utf8")).toContain("dnova-gh");
    // The record is carried by later pulls.
    expect((await runCli(["state", "pull", "--repo", dir, "--now", "2026-12-04T07:00:00Z"], { env })).code).toBe(0);
    expect(readFileSync(join(dir, "state/github.json"), "utf8")).toContain('"acceptedInvitation": "invitation:100004"');
  }, 60_000);

  it("rv53: her invitation EXPIRED (GitHub lists it as failed) and an owner added omar-k to eng that week: nothing is recorded on him, her leaving leaves him alone, and a re-import does not link him", async () => {
    const { dir, env, hr } = await setUp();
    expect((await runCli(["import", "--target", "github", "--repo", dir, "--now", "2026-12-02T08:00:00Z"], { env })).code).toBe(0);
    fake!.org.expireEmailInvitation(DEE.email, "2026-12-09T08:00:00Z");
    fake!.org.addMember("omar-k");
    fake!.org.addTeamMember("eng", "omar-k");
    expect((await runCli(["state", "pull", "--repo", dir, "--now", "2026-12-09T09:00:00Z"], { env })).code).toBe(0);
    const omar = (JSON.parse(readFileSync(join(dir, "state/github.json"), "utf8")) as { accounts: Array<{ login: string; attributes: Record<string, string> }> }).accounts.find((a) => a.login === "omar-k")!;
    expect(omar.attributes).toEqual({});

    // Still active, import again (adopt.md's way on): omar-k is not written as her login.
    const again = await runCli(["import", "--target", "github", "--repo", dir, "--now", "2026-12-09T09:30:00Z"], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain("omar-k");
    expect(deeImported(dir)).not.toContain("githubLogin:");

    // Her offer is withdrawn: the plan does not remove omar-k, offline or live.
    hr("Terminated");
    const left = await plan(dir, env, "2026-12-09T10:00:00Z");
    expect(left.changes.filter((c) => JSON.stringify(c).includes("omar-k"))).toEqual([]);
    expect(left.findings.filter((f) => f.rule === "email-invitation-accepted")).toEqual([]);
    expect(left.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity)).toContain("omar-k");
    const r = await runCli(["plan", "--live", "--repo", dir, "--now", "2026-12-09T10:00:00Z", "--format", "json"], { env });
    expect((JSON.parse(r.stdout) as PlanJson).changes.filter((c) => JSON.stringify(c).includes("omar-k"))).toEqual([]);
  }, 60_000);

  it("a live plan compares the read with the state file: she accepted after the last pull (her SAML identity names the address) and left, and the member is offboarded", async () => {
    const { dir, env, hr } = await setUp(true);
    expect((await runCli(["import", "--target", "github", "--repo", dir, "--now", "2026-12-02T08:00:00Z"], { env })).code).toBe(0);
    fake!.org.acceptEmailInvitation(DEE.email, "dnova-gh");
    samlOf(fake!.org).identities.push({ login: "dnova-gh", saml: { nameId: DEE.email, emails: [DEE.email] } });
    hr("Terminated");
    const r = await runCli(["plan", "--live", "--repo", dir, "--now", "2026-12-03T08:00:00Z", "--format", "json"], { env });
    const live = JSON.parse(r.stdout) as PlanJson;
    expect(live.changes.filter((c) => c.action === "disable-account").map((c) => c.identity)).toEqual(["account:dnova-gh"]);
  }, 60_000);

  it("a live plan without SAML: she accepted after the last pull and left, and the member that only fits is not offboarded", async () => {
    const { dir, env, hr } = await setUp();
    expect((await runCli(["import", "--target", "github", "--repo", dir, "--now", "2026-12-02T08:00:00Z"], { env })).code).toBe(0);
    fake!.org.acceptEmailInvitation(DEE.email, "dnova-gh");
    hr("Terminated");
    const r = await runCli(["plan", "--live", "--repo", dir, "--now", "2026-12-03T08:00:00Z", "--format", "json"], { env });
    const live = JSON.parse(r.stdout) as PlanJson;
    expect(live.changes).toEqual([]);
    expect(live.findings.filter((f) => f.rule === "email-invitation-accepted").map((f) => f.identity)).toEqual(["dee.nova"]);
  }, 60_000);

  it("two new members fit the invitation: neither is linked or offboarded, and the finding names both", async () => {
    const { dir, env, hr } = await setUp();
    expect((await runCli(["import", "--target", "github", "--repo", dir, "--now", "2026-12-02T08:00:00Z"], { env })).code).toBe(0);
    fake!.org.acceptEmailInvitation(DEE.email, "dnova-gh");
    // Someone else joined team eng between the same two reads: which of them accepted is unknown.
    fake!.org.addMember("other-gh");
    fake!.org.addTeamMember("eng", "other-gh");
    expect((await runCli(["state", "pull", "--repo", dir, "--now", "2026-12-03T07:00:00Z"], { env })).code).toBe(0);
    hr("Terminated");
    const left = await plan(dir, env, "2026-12-03T08:00:00Z");
    expect(left.changes).toEqual([]);
    const findings = left.findings.filter((f) => f.rule === "email-invitation-accepted");
    expect(findings.map((f) => f.identity)).toEqual(["dee.nova", "dee.nova"]);
    expect(findings.map((f) => f.message).join("\n")).toContain('github account "dnova-gh" joined between the reads of 2026-12-02T08:00:00.000Z and 2026-12-03T07:00:00.000Z, when more than one e-mail invitation it fits went');
    expect(findings.map((f) => f.message).join("\n")).toContain('github account "other-gh"');
    expect(findings.map((f) => f.message).join("\n")).toContain("another new member fits too");
  }, 60_000);

  it("with SAML, the new member whose SAML identity is the address is the one recorded, though another new member fits too", async () => {
    const { dir, env, hr } = await setUp(true);
    expect((await runCli(["import", "--target", "github", "--repo", dir, "--now", "2026-12-02T08:00:00Z"], { env })).code).toBe(0);
    expect(deeOverlay(dir)).not.toContain("githubLogin:");
    fake!.org.acceptEmailInvitation(DEE.email, "dnova-gh");
    // She signs in through the IdP: GraphQL externalIdentities links her account to its NameID.
    samlOf(fake!.org).identities.push({ login: "dnova-gh", saml: { nameId: DEE.email, emails: [DEE.email] } });
    fake!.org.addMember("other-gh");
    fake!.org.addTeamMember("eng", "other-gh");
    expect((await runCli(["state", "pull", "--repo", dir, "--now", "2026-12-03T07:00:00Z"], { env })).code).toBe(0);
    const state = readFileSync(join(dir, "state/github.json"), "utf8");
    expect((JSON.parse(state) as { accounts: Array<{ login: string; attributes: Record<string, string> }> }).accounts.filter((a) => a.attributes.acceptedInvitation).map((a) => `${a.login} ${a.attributes.acceptedInvitationBy}`)).toEqual(["dnova-gh saml"]);
    hr("Terminated");
    const left = await plan(dir, env, "2026-12-03T08:00:00Z");
    expect(left.changes.filter((c) => c.action === "disable-account").map((c) => c.identity)).toEqual(["account:dnova-gh"]);
    expect(left.changes.find((c) => c.action === "disable-account")!.reason).toContain(`"dnova-gh" joined between the reads of 2026-12-02T08:00:00.000Z and 2026-12-03T07:00:00.000Z, when the e-mail invitation invitation:100004 sent to dee.nova@example.com went, and the org's SAML identity of it has dee.nova@example.com as NameID: it is the account of the invitee`);
    expect(left.changes.map((c) => c.identity)).not.toContain("account:other-gh");

    // Active, import again: the member her SAML identity names is hers, and the plan changes nothing for it.
    hr("Active");
    expect((await runCli(["import", "--target", "github", "--repo", dir, "--now", "2026-12-03T09:00:00Z"], { env })).code).toBe(0);
    expect(deeOverlay(dir)).toContain("githubLogin: dnova-gh");
    const linked = await plan(dir, env, "2026-12-03T09:05:00Z");
    expect(linked.changes.filter((c) => c.identity.includes("dnova-gh") || c.identity === "dee.nova")).toEqual([]);
  }, 60_000);
});
