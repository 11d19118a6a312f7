// An e-mail invitation scopesync itself cancelled is never taken for an accepted one, whatever the
// next read shows: the OpenAPI-checked GitHub fake driven by the real @octokit/rest, through the
// real CLI. Dee, a new hire, is invited by e-mail (role member, team eng); her offer is withdrawn
// and apply cancels the invitation (DELETE /orgs/{org}/invitations/{invitation_id},
// https://docs.github.com/en/rest/orgs/members#cancel-an-organization-invitation: 204, journalled
// `applied`). The invitation leaves the pending list, as an accepted one does, and GitHub does not
// list it as failed (failed_invitations' documented reasons are expiry and refusals, not a
// cancellation: https://github.com/github/docs/issues/4423). That week an owner adds dnova-gh to
// eng by hand, and the org's SAML identity of it has Dee's address as NameID. Before, the next
// state pull recorded dnova-gh as the invitee (`acceptedInvitationBy: saml`), and the plan removed
// the member from the org as the terminated Dee's account; import would have linked it to her.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { samlOf, startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { runCli } from "../helpers/run-cli.js";
import { configYaml, hrCsv, writeFile, type Worker } from "./org-fixtures.js";

const ORG = "acme";
const person = (workerId: string, login: string, status: Worker["status"] = "Active"): Worker => ({ workerId, login, given: login.split(".")[0]!, family: login.split(".")[1]!, email: `${login}@example.com`, department: "Engineering", status });
const ADA = person("W100", "ada.lind");
const BO = person("W101", "bo.strand");
const DEE = person("W102", "dee.nova");

interface PlanJson { changes: Array<{ action: string; identity: string; account?: string }>; findings: Array<{ rule: string; identity?: string }> }
interface StateJson { accounts: Array<{ id: string; login: string; attributes: Record<string, string> }> }

let fake: GithubFake | undefined;
const dirs: string[] = [];
afterEach(async () => {
  fake?.assertNoViolations();
  await fake?.close();
  fake = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Ada and Bo own the org and are in team eng, with SAML identities under their HR addresses; Dee is invited by e-mail to eng. */
async function setUp(): Promise<{ dir: string; env: Record<string, string>; hr: (dee: Worker["status"]) => void }> {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  const org = fake.org;
  org.addTeam("eng");
  for (const [w, login] of [[ADA, "ada-l"], [BO, "bo-s"]] as const) {
    org.addMember(login, "admin");
    org.addTeamMember("eng", login);
    samlOf(org).identities.push({ login, saml: { nameId: w.email, emails: [w.email] } });
  }
  samlOf(org).enabled = true;
  org.inviteByEmail(DEE.email, "member", ["eng"]);
  const dir = mkdtempSync(join(tmpdir(), "scopesync-cancelled-invite-"));
  dirs.push(dir);
  writeFile(dir, "scopesync.yaml", configYaml(`  github:\n    type: github\n    org: ${ORG}\n    token: "\${env:GH_TOKEN}"\n    runAs: scopesync-bot\n    options: { baseUrl: "${fake.url}", deployKeys: false, patGrants: false, saml: true }\n`));
  const hr = (dee: Worker["status"]): void => writeFile(dir, "exports/hr.csv", hrCsv([ADA, BO, { ...DEE, status: dee }]));
  hr("Active");
  return { dir, env: { GH_TOKEN: fake.token }, hr };
}

const cli = (args: string[], dir: string, env: Record<string, string>, now: string) => runCli([...args, "--repo", dir, "--now", now], { env, cwd: dir });

describe("an e-mail invitation scopesync cancelled", () => {
  it("is never recorded as accepted: not by state pull, nor by a live plan, though a new member's SAML NameID is its address", async () => {
    const { dir, env, hr } = await setUp();
    expect((await cli(["import", "--target", "github"], dir, env, "2026-12-02T08:00:00Z")).code).toBe(0);
    const invitation = (JSON.parse(readFileSync(join(dir, "state/github.json"), "utf8")) as StateJson).accounts.find((a) => a.login === DEE.email)!.id;

    // Her offer is withdrawn: apply cancels her invitation, and the journal says so.
    hr("Terminated");
    const planned = await cli(["plan", "--live", "--format", "json", "--out", "reviewed.json"], dir, env, "2026-12-02T09:00:00Z");
    expect(planned.code, planned.stderr).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, "reviewed.json"), "utf8")) as PlanJson).changes.map((c) => `${c.action} ${c.account}`).sort()).toEqual([`disable-account ${invitation}`, `revoke ${invitation}`]);
    const applied = await cli(["apply", "--plan", "reviewed.json"], dir, env, "2026-12-02T09:00:00Z");
    expect(applied.code, applied.stderr).toBe(0);
    expect(fake!.org.emailInvitations.size).toBe(0);
    const journal = readFileSync(join(dir, ".scopesync/journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord);
    // Her team's revoke cancels it (204, applied); the disable then finds it gone (404, unchanged).
    expect(journal.filter((r) => r.phase === "done").map((r) => `${r.action} ${r.account} ${r.outcome}`)).toEqual([`revoke ${invitation} applied`, `disable-account ${invitation} unchanged`]);

    // That week an owner adds dnova-gh to eng by hand; the IdP's identity of it has her address.
    fake!.org.addMember("dnova-gh");
    fake!.org.addTeamMember("eng", "dnova-gh");
    samlOf(fake!.org).identities.push({ login: "dnova-gh", saml: { nameId: DEE.email, emails: [DEE.email] } });

    // A live plan against the state file that still holds the invitation: the member is not hers.
    const live = await cli(["plan", "--live", "--format", "json"], dir, env, "2026-12-03T06:00:00Z");
    expect(live.code, live.stderr).toBe(0);
    const livePlan = JSON.parse(live.stdout) as PlanJson;
    expect(livePlan.changes.filter((c) => c.identity === "account:dnova-gh")).toEqual([]);
    expect(livePlan.findings.filter((f) => f.rule === "email-invitation-accepted")).toEqual([]);

    // state pull records nothing on the member, and the plan from it leaves the member alone (unmanaged, said so).
    expect((await cli(["state", "pull"], dir, env, "2026-12-03T07:00:00Z")).code).toBe(0);
    const member = (JSON.parse(readFileSync(join(dir, "state/github.json"), "utf8")) as StateJson).accounts.find((a) => a.login === "dnova-gh")!;
    expect(Object.keys(member.attributes).filter((k) => k.startsWith("acceptedInvitation"))).toEqual([]);
    const offline = await cli(["plan", "--format", "json"], dir, env, "2026-12-03T08:00:00Z");
    const plan = JSON.parse(offline.stdout) as PlanJson;
    expect(plan.changes.filter((c) => c.identity === "account:dnova-gh")).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity)).toContain("dnova-gh");
  }, 60_000);
});
