// A leaver's NHIs in `scopesync report leavers`: noor.haddad left on 2026-11-20 and owned an agent
// that works through a GitHub App installation, a role GitHub Actions assumes through OIDC, and a
// client certificate listed with no target. No vendor lets scopesync revoke those narrowly, so the
// findings name them; the report said "nothing outstanding" and exited 0 all the same. Now each is
// an outstanding line of hers (the NHI, what works, where, the manual step) until the export no
// longer shows it working: then the NHI is done, with the export's time as the evidence.
// What is no such evidence is said too: an export that no longer shows the NHI (unverified), a
// finding an exception waives (outstanding by that exception), and her own token that the target
// cannot revoke (credential-manual-revocation); each once read "nothing outstanding".
// The exports are GitHub's answer to GET /orgs/{org}/installations
// (https://docs.github.com/en/rest/orgs/orgs#list-app-installations-for-an-organization) and
// `aws iam get-account-authorization-details --filter Role`, as test/policy/offboarded-still-working.test.ts writes them.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LeaversReport } from "../../src/model/leavers-report.js";
import { runCli } from "../helpers/run-cli.js";
import { installations, REPORT, ROLES } from "../helpers/still-working-exports.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const NOW = "2026-11-26T09:00:00Z";
const dirs = tempDirs();

const HR = `WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,TerminationDate
E200,noor.haddad,Noor,Haddad,noor.haddad@northwind.example,Terminated,Employee,Staff Engineer,Engineering,2026-11-20
E201,piet.visser,Piet,Visser,piet.visser@northwind.example,Active,Employee,Engineer,Engineering,
`;

function repo(suspendedAt: string | null, extra: Record<string, string> = {}): string {
  const d = dirs("leaver-nhis-");
  const files: Record<string, string> = {
    "scopesync.yaml": `version: 1\norganisation: northwind\nsources:\n  hr:\n    type: csv\n    path: exports/hr.csv\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\n  gh:\n    type: github\n    path: exports/github/installations.json\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\n  aws:\n    type: aws-iam\n    path: exports/aws/credential-report.csv\n    options:\n      roles: exports/aws/roles.json\n      exportedAt: "2026-11-26T06:30:00Z"\ntargets:\n  local:\n    type: file\n    path: state/local.json\n`,
    "exports/hr.csv": HR,
    "exports/github/installations.json": JSON.stringify(installations(suspendedAt)),
    "exports/aws/roles.json": JSON.stringify(ROLES),
    "exports/aws/credential-report.csv": REPORT,
    "identities/agents/agent-coder.yaml": "kind: Agent\nid: agent-coder\nowner: noor.haddad\nexpiresAt: \"2027-05-15\"\npurpose: Picks up labelled issues and opens pull requests.\ndiscoveredBy:\n  - source: gh\n    id: installation:58211904\n",
    "identities/service-accounts/nightly-export.yaml": "kind: ServiceAccount\nid: nightly-export\nowner: noor.haddad\npurpose: Nightly S3 export from GitHub Actions (OIDC role).\ndiscoveredBy:\n  - { source: aws, id: role/nightly-export }\ncredentials:\n  - { id: export-mtls, type: certificate, issuedAt: \"2026-09-14\", expiresAt: \"2027-09-14\" }\n",
    "policies/apps/local.yaml": "kind: AppPolicy\nid: local\ntarget: local\nscope:\n  include:\n    - kinds: [person]\n",
    "state/local.json": '{ "formatVersion": 1, "target": "local", "readAt": "2026-11-26T06:00:00Z", "accounts": [], "credentials": [] }\n',
    ...extra,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(d, path, ".."), { recursive: true });
    writeFileSync(join(d, path), text);
  }
  return d;
}

/** The repository with gh's export held to a gate it fails: by default a maxAge its export (06:00, the plan at 09:00) exceeds. */
function failingGh(suspendedAt: string | null, extra: Record<string, string> = {}, gate = "maxAge: 1h"): string {
  const d = repo(suspendedAt, extra);
  const config = join(d, "scopesync.yaml");
  writeFileSync(config, readFileSync(config, "utf8").replace("      exportedAt: \"2026-11-26T06:00:00Z\"\n  aws:", `      exportedAt: "2026-11-26T06:00:00Z"\n    gates:\n      ${gate}\n  aws:`));
  return d;
}

// These repositories keep no journal unless a test writes one: said with --without-journal, so that
// what the report counts is the NHIs', not a missing journal's (report-leavers-evidence.test.ts).
const report = (d: string, format: string) =>
  runCli(["report", "leavers", "--repo", d, "--since", "2026-11-01", "--now", NOW, "--format", format, ...(existsSync(join(d, ".scopesync/journal.jsonl")) ? [] : ["--without-journal"])], { env: {} });

describe("report leavers: the NHIs a leaver owned", () => {
  it("counts what of them still works that no plan revokes, each with the NHI, the system and the manual step", async () => {
    const d = repo(null);
    const json = await report(d, "json");
    expect(json.code, json.stderr).toBe(2);
    const r = JSON.parse(json.stdout) as LeaversReport;
    const noor = r.leavers.find((l) => l.identity === "noor.haddad")!;
    expect(noor.targets.flatMap((t) => t.outstanding)).toEqual([]);
    expect(noor.nhis!.map((n) => [n.nhi, n.offboarded, n.outstanding.map((o) => [o.credential, o.system, o.rules])])).toEqual([
      ["agent-coder", 'quarantined: owner "noor.haddad" is terminated; a new owner must be assigned', [["GitHub App installation 58211904 (nw-coding-agent)", "github (source gh)", ["nhi-owner-active"]]]],
      ["nightly-export", 'quarantined: owner "noor.haddad" is terminated; a new owner must be assigned', [
        ["IAM role nightly-export's trust policy (GitHub Actions workflows, through OIDC)", "aws-iam (source aws)", ["nhi-owner-active"]],
        // Named by two findings, counted once.
        ["certificate export-mtls", "the system that issued it (no target)", ["nhi-offboarded-credential-active", "nhi-owner-active"]],
      ]],
    ]);
    const app = noor.nhis![0]!.outstanding[0]!;
    expect(app.step).toBe("an organisation owner suspends or uninstalls the App in GitHub (organisation Settings → GitHub Apps → nw-coding-agent → Configure → Suspend, or Uninstall)");
    expect(noor.nhis![1]!.outstanding[0]!.step).toMatch(/^remove who may assume it \(`aws iam update-assume-role-policy --role-name nightly-export --policy-document file:\/\/deny-all\.json`/);
    expect(noor.outstanding).toBe(3);
    expect(r.outstanding).toBe(3);

    const md = await report(d, "markdown");
    expect(md.code).toBe(2);
    expect(md.stdout).toContain("**3 outstanding**");
    expect(md.stdout).toContain("### NHI agent\\-coder (agent, owned by them): ⚠️ 1 still working");
    expect(md.stdout).toContain("- GitHub App installation 58211904 \\(nw\\-coding\\-agent\\) in github \\(source gh\\) still works: an organisation owner suspends");
    // The same inputs, the same bytes.
    expect((await report(d, "json")).stdout).toBe(json.stdout);
  });

  it("an NHI the export shows switched off (a suspended installation) is done, with the export's time as evidence", async () => {
    const d = repo("2026-11-25T16:40:00Z");
    const r = JSON.parse((await report(d, "json")).stdout) as LeaversReport;
    const coder = r.leavers.find((l) => l.identity === "noor.haddad")!.nhis!.find((n) => n.nhi === "agent-coder")!;
    expect(coder.outstanding).toEqual([]);
    expect(coder.shownBy).toEqual([{ source: "gh", exportedAt: "2026-11-26T06:00:00.000Z" }]);
    expect(r.outstanding).toBe(2);
    const md = await report(d, "markdown");
    expect(md.stdout).toContain("### NHI agent\\-coder (agent, owned by them): ✅ switched off");
    expect(md.stdout).toContain("- nothing of it still works that the plan does not revoke, as the export of <code>gh</code> at 2026\\-11\\-26T06:00:00.000Z shows");
  });
});

describe("report leavers: what of a leaver is not done though no credential is counted", () => {
  it("an owned NHI the export no longer shows is unverified, not switched off, and the report exits 2", async () => {
    // GitHub's answer once the installation is gone from the org (or the export missed it): an empty list.
    const d = repo(null, { "exports/github/installations.json": JSON.stringify({ total_count: 0, installations: [] }) });
    const json = await report(d, "json");
    expect(json.code, json.stderr).toBe(2);
    const r = JSON.parse(json.stdout) as LeaversReport;
    const coder = r.leavers.find((l) => l.identity === "noor.haddad")!.nhis!.find((n) => n.nhi === "agent-coder")!;
    expect(coder.outstanding).toEqual([]);
    expect(coder.shownBy).toBeUndefined();
    expect(coder.unverified).toEqual([{ source: "gh", reason: "identities/agents/agent-coder.yaml:1 names it as gh:installation:58211904, and the export of gh at 2026-11-26T06:00:00.000Z, read whole, does not show it: deleted there, or missing from the export; check it in gh" }]);
    expect([r.outstanding, r.unverified, r.leavers[0]!.unverified]).toEqual([2, 1, 1]);
    const md = await report(d, "markdown");
    expect(md.stdout).toContain("**2 outstanding**, **1 unverified**");
    expect(md.stdout).toContain("### NHI agent\\-coder (agent, owned by them): ⚠️ 1 unverified");
    expect(md.stdout).not.toContain("switched off");
  });

  it("what an exception waives still works: counted by the exception's ticket and expiry, never read as done", async () => {
    const rules = "kind: RuleSet\nid: waivers\nexceptions:\n  - rule: nhi-owner-active\n    identity: agent-coder\n    expiresAt: \"2026-12-15\"\n    approver: piet.visser\n    ticket: SEC-812\n    reason: Piet takes the agent over once its repository access is reviewed.\n";
    const d = repo(null, { "policies/rules/waivers.yaml": rules });
    const json = await report(d, "json");
    expect(json.code, json.stderr).toBe(2);
    const r = JSON.parse(json.stdout) as LeaversReport;
    const coder = r.leavers.find((l) => l.identity === "noor.haddad")!.nhis!.find((n) => n.nhi === "agent-coder")!;
    expect(coder.outstanding).toEqual([]);
    expect(coder.shownBy).toBeUndefined();
    expect(coder.waived!.map((w) => [w.credential, w.rules, w.exception])).toEqual([
      ["GitHub App installation 58211904 (nw-coding-agent)", ["nhi-owner-active"], { ticket: "SEC-812", at: "policies/rules/waivers.yaml:4", expiresAt: "2026-12-15", approver: "piet.visser" }],
    ]);
    expect([r.outstanding, r.waived]).toEqual([2, 1]);
    const md = await report(d, "markdown");
    expect(md.stdout).toContain("**2 outstanding**, **1 still working by exception**");
    expect(md.stdout).toContain("waived by exception SEC\\-812 (policies/rules/waivers.yaml:4, approved by piet.visser) until 2026\\-12\\-15");
  });

  it("her own token that the target cannot revoke is outstanding until the target no longer lists it", async () => {
    const token = (listed: boolean) => JSON.stringify({ formatVersion: 1, target: "local", readAt: "2026-11-26T06:00:00Z", accounts: [{ id: "u-200", login: "noor.haddad", active: false, attributes: {}, entitlements: [] }], credentials: listed ? [{ id: "tok-7741", account: "u-200", type: "api-token", credentialId: "noor-ci-token", manualRevocation: "revoke token noor-ci-token under Admin → API tokens" }] : [] });
    const d = repo("2026-11-25T16:40:00Z", { "state/local.json": token(true) });
    const json = await report(d, "json");
    expect(json.code, json.stderr).toBe(2);
    const noor = (JSON.parse(json.stdout) as LeaversReport).leavers.find((l) => l.identity === "noor.haddad")!;
    expect(noor.stillWorking).toEqual([{ credential: 'api-token noor-ci-token on "noor.haddad"', system: 'target "local"', step: "run: revoke token noor-ci-token under Admin → API tokens", rules: ["credential-manual-revocation"] }]);
    expect(noor.outstanding).toBe(3);
    expect((await report(d, "markdown")).stdout).toContain("### Their credentials no target can revoke");
    const gone = JSON.parse((await report(repo("2026-11-25T16:40:00Z", { "state/local.json": token(false) }), "json")).stdout) as LeaversReport;
    expect(gone.leavers[0]!.stillWorking).toBeUndefined();
    expect(gone.leavers[0]!.outstanding).toBe(2);
  });
});

// A source that failed its quality gates decides nothing about who left: what its export shows of
// an NHI (switched off), and what it no longer shows, is no evidence. Before, the report read the
// NHI "switched off" on such an export, or on its file, and exited 0 with "nothing outstanding".
describe("report leavers: a source that failed its quality gates", () => {
  it("an NHI the failing export shows switched off is unverified there, and the report is not complete", async () => {
    const d = failingGh("2026-11-25T16:40:00Z");
    const json = await report(d, "json");
    expect(json.code, json.stderr).toBe(2);
    const r = JSON.parse(json.stdout) as LeaversReport;
    expect(r.sourcesFailingGates).toEqual(["gh"]);
    const coder = r.leavers.find((l) => l.identity === "noor.haddad")!.nhis!.find((n) => n.nhi === "agent-coder")!;
    expect(coder.shownBy).toBeUndefined();
    expect(coder.unverified).toEqual([{ source: "gh", reason: "the export of gh at 2026-11-26T06:00:00.000Z shows it, but gh failed its quality gates, so it decides nothing about it: what that export shows of it still working, or switched off, is no evidence, and what it lost of it is not there; check it in gh, and fix gh's export until it passes" }]);
    const md = (await report(d, "markdown")).stdout;
    expect(md).toContain("**1 unverified**, **not complete: 1 source failed its quality gates**");
    expect(md).toContain("⚠️ <code>gh</code> failed its quality gates (the plan's findings say which): it decides nothing about who left");
    expect(md).toContain("### NHI agent\\-coder (agent, owned by them): ⚠️ 1 unverified");
  });

  it("an NHI its file names in the failing export, which the export lacks, is unverified, not switched off on its file", async () => {
    // An empty, fresh export: minRecords is the gate it fails.
    const d = failingGh(null, { "exports/github/installations.json": JSON.stringify({ total_count: 0, installations: [] }) }, "minRecords: 1");
    const r = JSON.parse((await report(d, "json")).stdout) as LeaversReport;
    const coder = r.leavers.find((l) => l.identity === "noor.haddad")!.nhis!.find((n) => n.nhi === "agent-coder")!;
    expect(coder.shownBy).toBeUndefined();
    expect(coder.unverified).toEqual([{ source: "gh", reason: "identities/agents/agent-coder.yaml:1 names it as gh:installation:58211904, and the export of gh at 2026-11-26T06:00:00.000Z does not show it; gh failed its quality gates, so it decides nothing about it: deleted there, or missing from the export; check it in gh, and fix gh's export until it passes" }]);
  });

  it("with nothing of a leaver outstanding, a failing source still keeps the report from saying so", async () => {
    // Both NHIs are Piet's, who stays: nothing of Noor's is outstanding, waived or unverified.
    const d = failingGh("2026-11-25T16:40:00Z", { "identities/service-accounts/nightly-export.yaml": "kind: ServiceAccount\nid: nightly-export\nowner: piet.visser\npurpose: Nightly S3 export from GitHub Actions (OIDC role).\ndiscoveredBy:\n  - { source: aws, id: role/nightly-export }\n", "identities/agents/agent-coder.yaml": "kind: Agent\nid: agent-coder\nowner: piet.visser\nexpiresAt: \"2027-05-15\"\npurpose: Picks up labelled issues and opens pull requests.\n" });
    const json = await report(d, "json");
    const r = JSON.parse(json.stdout) as LeaversReport;
    expect([r.outstanding, r.waived, r.unverified, r.sourcesFailingGates]).toEqual([0, 0, 0, ["gh"]]);
    expect(json.code, json.stderr).toBe(2);
    expect((await report(d, "markdown")).stdout).not.toContain("nothing outstanding");
  });
});

// An NHI a leaver owned that only the last accepted snapshot knows now (no file declares it, its
// export no longer shows it) is listed under its owner with `present: false`. The journal's steps
// for it name it too: before, the report also listed it as a leaver of its own (`status: gone`,
// as a person no source exports any more), so it was listed twice and its steps counted twice.
describe("report leavers: an NHI only the snapshot and the journal know is listed once", () => {
  it("under its owner, with present: false and its journal steps, not again as a gone leaver", async () => {
    const tagged = { RoleDetailList: [{ ...ROLES.RoleDetailList[0]!, Tags: [{ Key: "owner", Value: "noor.haddad" }] }] };
    // nightly-export has no file: the role is an undeclared NHI its tag says noor.haddad owns.
    const d = repo(null, { "exports/aws/roles.json": JSON.stringify(tagged) });
    rmSync(join(d, "identities/service-accounts/nightly-export.yaml"));
    const snap = await runCli(["snapshot", "--repo", d, "--now", NOW], { env: {} });
    expect(snap.code, snap.stderr).toBe(0);
    // The role is deleted in AWS; apply had disabled its account on local while noor was leaving.
    writeFileSync(join(d, "exports/aws/roles.json"), JSON.stringify({ RoleDetailList: [] }));
    mkdirSync(join(d, ".scopesync"));
    const step = { at: "2026-11-21T06:00:00.000Z", run: "r1", phase: "done", outcome: "applied", target: "local", action: "disable-account", identity: "nightly-export", account: "a-9", login: "nightly-export" };
    writeFileSync(join(d, ".scopesync/journal.jsonl"), `${JSON.stringify(step)}\n`);
    const json = await report(d, "json");
    const r = JSON.parse(json.stdout) as LeaversReport;
    expect(r.leavers.map((l) => [l.identity, l.status]), json.stderr).toEqual([["noor.haddad", "terminated"]]);
    const nightly = r.leavers[0]!.nhis!.filter((n) => n.nhi === "nightly-export");
    expect(nightly.map((n) => [n.present, n.targets?.map((t) => [t.target, t.steps.map((s) => s.action)])])).toEqual([[false, [["local", ["disable-account"]]]]]);
  });
});
