// Sharded planning through the CLI: `resolve` once, `plan --target NAME` per target, `plan merge`.
// The merged plan must be the one-process plan byte for byte, findings, blocked state and summary
// included, on the example organisation (with and without --base) and on a 10k-person synthetic
// organisation; and every way of mixing shards that do not belong together is refused.
import { createHash } from "node:crypto";
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/model/canonical-json.js";
import type { Plan } from "../../src/plan/plan.js";
import { repoOnBranch } from "../helpers/branch-repo.js";
import { copyExample, EXAMPLE_NOW, EXAMPLE_ROOT } from "../helpers/example-copy.js";
import { CONFIG, edit, FILES, NOW, state } from "../helpers/offboarding-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { shardAndMerge } from "../helpers/sharded-plan.js";
import { generateOrg, NOW as SYNTHETIC_NOW } from "../../bench/synthetic-org.mjs";

let out: string;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "scopesync-shards-"));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(args);
}

/** resolve, one shard per target, merge: the merged plan's JSON and each step's exit code. */
const sharded = (repo: string, targets: readonly string[], tag: string, extra: string[] = []) => shardAndMerge(repo, targets, out, tag, extra);

/** A copy of the example committed on main, and a branch from it for a pull request's change. */
async function exampleOnBranch(branch: string): Promise<{ dir: string; git: SimpleGit; cleanup: () => void }> {
  const { dir, cleanup } = copyExample();
  const git = simpleGit({ baseDir: dir });
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.email", "test@example.com").addConfig("user.name", "Test");
  await git.add(".").commit("base");
  await git.checkoutLocalBranch(branch);
  return { dir, git, cleanup };
}

describe("shard and merge equal the one-process plan, byte for byte", () => {
  it("on the example organisation", async () => {
    const one = await cli(["plan", "--repo", EXAMPLE_ROOT, "--now", EXAMPLE_NOW, "--format", "json"]);
    const s = await sharded(EXAMPLE_ROOT, ["crm", "github", "local"], "example", ["--now", EXAMPLE_NOW]);
    expect(s.codes).toEqual([0, 0, 0, 0, one.code]);
    expect(s.json).toBe(one.stdout);
    const plan = JSON.parse(s.json) as Plan;
    expect(plan.fingerprint).toBe("sha256:d57dda608a92a6116c632b6c0a1c21dad657119da6654be861fcb365b99b1ce7");
    // Plan-wide findings came through once each: gates and correlation, and rules across targets.
    expect(plan.findings.filter((f) => f.rule === "privilege-after-move")).toHaveLength(1);
    expect(plan.findings.length).toBe(29); // 18 of people and access, 11 from the NHI discovery exports (demo-lab-provisioner's secret, still active, is named too)
    // A target's findings say which target found them, in the merge as in one process; rules over identities say none.
    const byTarget: Record<string, string[]> = {};
    for (const f of plan.findings) (byTarget[f.target ?? "—"] ??= []).push(f.rule);
    expect({ crm: byTarget.crm, github: byTarget.github, wide: byTarget["—"]?.length }).toEqual({ crm: ["unmanaged-account"], github: ["unmanaged-account"], wide: 27 });
    // Text and Markdown too: an update lists its attributes in the policy's order (title before
    // department in local.yaml), though the shards are canonical JSON, which sorts them by name.
    for (const format of ["text", "markdown"]) {
      const whole = await cli(["plan", "--repo", EXAMPLE_ROOT, "--now", EXAMPLE_NOW, "--format", format]);
      const merged = await s.merge(format);
      expect(merged.code).toBe(whole.code);
      expect(merged.stdout).toBe(whole.stdout);
    }
    const text = (await s.merge("text")).stdout;
    expect(text.indexOf("title: Senior Platform Engineer → Account Executive")).toBeLessThan(text.indexOf("department: Platform → Sales"));
  });

  it("a membership privileged only by its mapping: each shard carries it, so privilege-after-move names the mover in the merge as in one process", async () => {
    // platform-admins without its own `privileged:` flag: github.yaml's mappings (privileged: true) still make it so.
    const { dir, cleanup } = copyExample();
    try {
      const file = join(dir, "identities/groups/platform-admins.yaml");
      writeFileSync(file, readFileSync(file, "utf8").replace("privileged: true\n", ""));
      const one = await cli(["plan", "--repo", dir, "--now", EXAMPLE_NOW, "--format", "json"]);
      const s = await sharded(dir, ["crm", "github", "local"], "mapping-privileged", ["--now", EXAMPLE_NOW]);
      expect(s.json).toBe(one.stdout);
      const plan = JSON.parse(s.json) as Plan;
      expect(plan.findings.filter((f) => f.rule === "privilege-after-move").map((f) => f.message)).toEqual([
        "marcus.chen moved (department Platform → Sales, title Senior Platform Engineer → Account Executive) and is still an explicit member of platform-admins, which gives the privileged github role:admin, github team:platform-admins",
      ]);
    } finally {
      cleanup();
    }
  });

  it("with --base: this PR's changes are marked in the shards, its YAML diff comes from the snapshot", async () => {
    const { dir, git, cleanup } = await exampleOnBranch("grant-admin");
    try {
      appendFileSync(join(dir, "identities/groups/platform-admins.yaml"), "  - identity: theo.martin\n    reason: INC-3001 on-call cover\n");
      await git.add(".").commit("grant tomas platform admin");
      const one = await cli(["plan", "--repo", dir, "--base", "main", "--now", EXAMPLE_NOW, "--format", "json"]);
      const s = await sharded(dir, ["crm", "github", "local"], "base", ["--base", "main", "--now", EXAMPLE_NOW]);
      expect(s.json).toBe(one.stdout);
      const plan = JSON.parse(s.json) as Plan;
      expect(plan.base).toBe("main");
      expect(plan.changes.filter((c) => c.origin === "pr").length).toBeGreaterThan(0);
      expect(plan.desiredStateDiff?.map((d) => d.file)).toEqual(["identities/groups/platform-admins.yaml"]);
      // rv114: the base given by its commit, not by the name the snapshot was resolved with, is the same base.
      const snapshot = join(out, "base-by-name.snapshot");
      expect((await cli(["resolve", "--repo", dir, "--base", "main", "--now", EXAMPLE_NOW, "--out", snapshot])).code).toBe(0);
      const commit = (await git.revparse(["main"])).trim();
      const byCommit = await cli(["plan", "--repo", dir, "--target", "crm", "--identities", snapshot, "--base", commit, "--out", join(out, "base-by-commit.json")]);
      expect(byCommit.code, byCommit.stderr).toBe(0);
      const other = await cli(["plan", "--repo", dir, "--target", "crm", "--identities", snapshot, "--base", "HEAD", "--out", join(out, "base-other.json")]);
      expect(other.code).toBe(1);
      expect(other.stderr).toContain(`--base HEAD differs from the base ${snapshot} was resolved against (main)`);
    } finally {
      cleanup();
    }
  });

  it("with --base: a bot's GitHub login given to a person in the PR that changes the bot's is login-reused, in the shards as in one process", async () => {
    const { dir, git, cleanup } = await exampleOnBranch("bot-login-to-person");
    try {
      const edit = (file: string, from: RegExp, to: string) => writeFileSync(join(dir, file), readFileSync(join(dir, file), "utf8").replace(from, to));
      edit("identities/service-accounts/svc-ci-deployer.yaml", /githubLogin: acme-ci-deployer$/m, "githubLogin: acme-ci-deployer2");
      edit("identities/people/daniel.reyes.yaml", /githubLogin: .*/, "githubLogin: acme-ci-deployer");
      await git.add(".").commit("the bot's login to daniel");
      const one = await cli(["plan", "--repo", dir, "--base", "main", "--now", EXAMPLE_NOW, "--format", "json"]);
      expect(one.code).toBe(3);
      const s = await sharded(dir, ["crm", "github", "local"], "bot-login", ["--base", "main", "--now", EXAMPLE_NOW]);
      expect(s.json).toBe(one.stdout);
      const plan = JSON.parse(s.json) as Plan;
      expect(plan.findings.filter((f) => f.rule === "login-reused").map((f) => f.message.slice(0, f.message.indexOf(" (identities")))).toEqual([
        'the githubLogin "acme-ci-deployer" is nhi:svc-ci-deployer (CI deployer (production))\'s at main and hr:W1002 (Daniel Reyes)\'s in this change',
      ]);
    } finally {
      cleanup();
    }
  });

  it("with --base: a bot whose login changed and one whose file was deleted lose their old accounts, in the shards as in one process", async () => {
    const { dir, git, cleanup } = await exampleOnBranch("bots-gone");
    try {
      const edit = (file: string, from: RegExp, to: string) => writeFileSync(join(dir, file), readFileSync(join(dir, file), "utf8").replace(from, to));
      edit("identities/service-accounts/svc-ci-deployer.yaml", /githubLogin: acme-ci-deployer$/m, "githubLogin: acme-ci-deployer2");
      rmSync(join(dir, "identities/service-accounts/svc-staging-deployer.yaml"));
      await git.add(".").commit("one bot's new login, the other bot gone");
      const one = await cli(["plan", "--repo", dir, "--base", "main", "--now", EXAMPLE_NOW, "--format", "json"]);
      const s = await sharded(dir, ["crm", "github", "local"], "bots-gone", ["--base", "main", "--now", EXAMPLE_NOW]);
      expect(s.json).toBe(one.stdout);
      const plan = JSON.parse(s.json) as Plan;
      expect(plan.changes.filter((c) => c.action === "disable-account" && c.target === "github").map((c) => c.identity)).toEqual(expect.arrayContaining(["account:acme-ci-deployer", "account:acme-staging-deployer"]));
    } finally {
      cleanup();
    }
  });

  it("on a 10k-person synthetic organisation with ten apps", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scopesync-synthetic-"));
    try {
      await generateOrg(dir, { people: 10_000, nhis: 2_000, apps: 10, seed: 16 });
      // A rule that needs two targets' state after the plan: only the merge can see both.
      mkdirSync(join(dir, "policies/rules"), { recursive: true });
      writeFileSync(join(dir, "policies/rules/cross-app.yaml"), ["kind: RuleSet", "id: cross-app", "rules:", "  - id: engineers-in-two-apps", "    severity: warning", "    match: { kinds: [person], entitlements: [\"app-02:group:engineers\"] }", "    forbid: { entitlements: [\"app-07:group:engineers\"] }", "    message: holds engineers in both app-02 (code) and app-07 (chat)", ""].join("\n"));
      const one = await cli(["plan", "--repo", dir, "--now", SYNTHETIC_NOW, "--format", "json"]);
      const plan = JSON.parse(one.stdout) as Plan;
      expect(plan.changes.length).toBeGreaterThan(1_000);
      const targets = Object.keys(plan.targets);
      expect(targets).toHaveLength(10);
      const s = await sharded(dir, targets, "synthetic", ["--now", SYNTHETIC_NOW]);
      expect(s.codes.slice(0, -1).every((c) => c === 0)).toBe(true);
      expect(s.codes.at(-1)).toBe(one.code);
      // Compared whole: a diff of two 10 MB strings would be unreadable, so first the parts.
      const merged = JSON.parse(s.json) as Plan;
      expect(merged.fingerprint).toBe(plan.fingerprint);
      expect(merged.findings).toEqual(plan.findings);
      expect({ blocked: merged.blocked, reasons: merged.blockedReasons, summary: merged.summary, approvals: merged.approvals }).toEqual({ blocked: plan.blocked, reasons: plan.blockedReasons, summary: plan.summary, approvals: plan.approvals });
      expect(s.json === one.stdout).toBe(true);
      // Rules that cross targets had something to find here.
      expect(plan.findings.filter((f) => f.rule === "engineers-in-two-apps").length).toBeGreaterThan(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

// The base's plan in a shard must use the base's own source status, as `plan --base` does
// (compile.ts plans the base with what resolveAtBase read): which sources the base reads, which
// fail a gate there. The snapshot once kept only this change's, so a pull request that retires a
// source, or accepts churn, had a merged plan unlike the one-process plan.
describe("with --base, the shards plan the base with the base's own source status", () => {
  // SAP Fieldglass's Active Worker Download (CSV): "Worker ID", "Security ID", "First name",
  // "Last name", "Worker email", "Status" (Active, Closed, Withdrawn), "Business unit name"; it
  // lists only workers whose status is not Closed, so a contractor who left is absent from it
  // (https://help.sap.com/doc/9cfd5c12ee3046d59453e73974f9c4b7/cloud/en-US/5cbd340eaa474a5e9c30cd59c56d01be.html).
  const FIELDGLASS = `  fieldglass:
    type: csv
    path: exports/fieldglass.csv
    gates: { required: [externalId, userName, status], minRecords: 1 }
    options:
      exportedAt: "2026-11-26T06:00:00Z"
      columns: { externalId: Worker ID, userName: Security ID, email: Worker email, givenName: First name, familyName: Last name, status: Status, department: Business unit name }
      statusValues: { Active: active, Closed: terminated, Withdrawn: terminated }
`;

  it("a pull request that retires a source: the leaver main offboards from it is named (pr-cancels-revocations), as in one process", async () => {
    // Contractors moved into HR: main still reads Fieldglass, where dee.vane's work order closed
    // today (she is no longer in its export) and her wiki account is still active.
    const { dir, git } = await repoOnBranch(join(out, "retire-source", "repo"), {
      ...FILES,
      "scopesync.yaml": CONFIG.replace("targets:\n", `${FIELDGLASS}targets:\n`),
      "exports/fieldglass.csv": "Worker ID,Security ID,First name,Last name,Worker email,Status,Business unit name\nW200,cy.tallow,Cy,Tallow,cy.tallow@initech.example,Active,Finance\n",
      "state/wiki.json": state([
        { id: "w2", login: "bill.lumbergh", externalId: "hr:E2", active: true, attributes: {}, entitlements: ["group:finance"] },
        { id: "w4", login: "cy.tallow", externalId: "fieldglass:W200", active: true, attributes: {}, entitlements: ["group:finance"] },
        { id: "w5", login: "dee.vane", externalId: "fieldglass:W201", active: true, attributes: {}, entitlements: ["group:finance"] },
      ]),
    });
    edit(dir, "scopesync.yaml", FIELDGLASS, "");
    edit(dir, "exports/personio.csv", "Accountant\n", "Accountant\nE4,cy.tallow,cy.tallow@initech.example,Cy,Tallow,active,Finance,Contractor\n");
    await git.add(".").commit("retire Fieldglass: contractors are in Personio now");
    const one = await cli(["plan", "--repo", dir, "--base", "main", "--now", NOW, "--format", "json"]);
    expect(one.code, one.stderr).toBe(0);
    const warned = (JSON.parse(one.stdout) as Plan).findings.filter((f) => f.rule === "pr-cancels-revocations").map((f) => [f.target, f.message.slice(0, f.message.indexOf(" ("))]);
    expect(warned).toEqual([["wiki", "this pull request cancels 2 revocations that main's desired state makes on wiki: revoke fieldglass:W201 group:finance"]]);
    const s = await sharded(dir, ["erp", "wiki"], "retire-source", ["--base", "main", "--now", NOW]);
    expect(s.codes, s.stderr).toEqual([0, 0, 0, 0]);
    expect(s.json).toBe(one.stdout);
  });

  it("a pull request that accepts a reduction in force (gates.accept): the offboardings it unlocks are this PR's, as in one process", async () => {
    // 20 people; the export lists current staff (a Personio report on status active), so the 4
    // who left today are absent from it: 20% churn against maxChurn 10%. On main the gate fails
    // and their absence decides nothing; the pull request commits the documented `accept`.
    const people = Array.from({ length: 20 }, (_, i) => `E${10 + i}`);
    const row = (id: string) => `${id},p${id.toLowerCase()}.person,p${id.toLowerCase()}.person@initech.example,P${id},Person,active,Finance,Analyst`;
    const accounts = people.map((id) => ({ id, login: `p${id.toLowerCase()}.person`, externalId: `hr:${id}`, active: true, attributes: {}, entitlements: ["group:finance"] }));
    const header = FILES["exports/personio.csv"]!.split("\n")[0];
    const gates = "gates: { required: [externalId, userName, status], minRecords: 1 }";
    const { dir, git } = await repoOnBranch(join(out, "accept-churn", "repo"), {
      ...FILES,
      "scopesync.yaml": CONFIG.replace(gates, `gates: { required: [externalId, userName, status], minRecords: 1, maxChurn: "10%" }`),
      "exports/personio.csv": [header, ...people.map(row)].join("\n") + "\n",
      "identities/groups/finance.yaml": "kind: Group\nid: finance\nowners: [pe10.person]\nbirthright: [ { kinds: [person], where: { department: Finance } } ]\n",
      "state/erp.json": state(accounts),
      "state/wiki.json": state(accounts),
    });
    // main accepted yesterday's export as the baseline, then today's arrived without 4 people.
    await git.checkout("main");
    const snap = await cli(["snapshot", "--repo", dir, "--now", NOW]);
    expect(snap.code, snap.stderr).toBe(0);
    writeFileSync(join(dir, "exports/personio.csv"), [header, ...people.slice(4).map(row)].join("\n") + "\n");
    await git.add(".").commit("accepted snapshot; today's export: 4 leavers");
    await git.branch(["-D", "pr"]);
    await git.checkoutLocalBranch("pr");
    edit(dir, "scopesync.yaml", 'maxChurn: "10%" }', 'maxChurn: "10%", accept: { churnUpTo: "25%", reason: "Finance reduction in force RIF-11, confirmed by HR" } }');
    await git.add(".").commit("accept the Finance reduction in force");
    const one = await cli(["plan", "--repo", dir, "--base", "main", "--now", NOW, "--format", "json"]);
    const plan = JSON.parse(one.stdout) as Plan;
    // Each leaver loses group:finance and the account on erp and wiki: 16 changes, all this PR's.
    expect(plan.changes.map((c) => c.origin)).toEqual(Array(16).fill("pr"));
    const s = await sharded(dir, ["erp", "wiki"], "accept-churn", ["--base", "main", "--now", NOW]);
    expect(s.codes, s.stderr).toEqual([0, 0, 0, one.code]);
    expect(s.json).toBe(one.stdout);
  });
});

describe("what plan merge and plan --target refuse", () => {
  let snapshot: string;
  const shard = (t: string) => join(out, `refuse-${t}.json`);
  beforeAll(async () => {
    snapshot = join(out, "refuse.snapshot");
    expect((await cli(["resolve", "--repo", EXAMPLE_ROOT, "--now", EXAMPLE_NOW, "--out", snapshot])).code).toBe(0);
    for (const t of ["crm", "github", "local"]) expect((await cli(["plan", "--repo", EXAMPLE_ROOT, "--target", t, "--identities", snapshot, "--out", shard(t)])).code).toBe(0);
  });
  const merge = (files: string[], extra: string[] = []) => cli(["plan", "merge", ...files, "--repo", EXAMPLE_ROOT, "--identities", snapshot, ...extra]);

  it("two shards of one target", async () => {
    copyFileSync(shard("crm"), shard("crm-again"));
    const r = await merge([shard("crm"), shard("github"), shard("local"), shard("crm-again")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${shard("crm")} and ${shard("crm-again")} both plan target "crm"`);
  });

  it("a target without a shard", async () => {
    const r = await merge([shard("crm"), shard("local")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no shard plans target "github": a merged plan must cover every target`);
    // The command that makes it, with the snapshot this merge was given.
    expect(r.stderr).toContain(`scopesync plan --target github --identities ${snapshot} --out github.json`);
  });

  it("a shard asked to read the sources' snapshots from identities resolved from their exports (--from-snapshots)", async () => {
    const r = await cli(["plan", "--repo", EXAMPLE_ROOT, "--target", "crm", "--identities", snapshot, "--from-snapshots", "--out", join(out, "from-snapshots.json")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: --from-snapshots: ${snapshot} was resolved from the sources' exports, not from their committed snapshots`);
  });

  it("a snapshot from standard input (--identities -), which resolve --out - prints", async () => {
    const r = await cli(["plan", "--repo", EXAMPLE_ROOT, "--target", "crm", "--identities", "-", "--out", join(out, "stdin.json")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: --identities -: the identities snapshot is read from a file, not from standard input\n  fix: pass the file scopesync resolve --out FILE wrote\n");
  });

  it("a shard planned for another time (--now)", async () => {
    const other = join(out, "other-now.snapshot");
    await cli(["resolve", "--repo", EXAMPLE_ROOT, "--now", "2026-11-27T09:00:00Z", "--out", other]);
    await cli(["plan", "--repo", EXAMPLE_ROOT, "--target", "github", "--identities", other, "--out", join(out, "github-later.json")]);
    const r = await merge([shard("crm"), join(out, "github-later.json"), shard("local")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/github-later\.json was planned from other identities \(sha256:[0-9a-f]{64}\) than this merge uses/);
    // And a --now that contradicts the snapshot's.
    const now = await merge([shard("crm"), shard("github"), shard("local")], ["--now", "2026-11-27T09:00:00Z"]);
    expect(now.code).toBe(1);
    expect(now.stderr).toContain(`--now 2026-11-27T09:00:00Z differs from the time ${snapshot} was resolved for (2026-11-26T09:00:00.000Z)`);
  });

  it("a merge without --identities: the missing option, before any source is read again", async () => {
    const files = [shard("crm"), shard("github"), shard("local")];
    const r = await cli(["plan", "merge", ...files, "--repo", EXAMPLE_ROOT]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error: plan merge needs --identities FILE: the identities snapshot the shards were planned from");
    expect(r.stderr).toContain(`fix: scopesync plan merge ${files.join(" ")} --identities identities.snapshot`);
    // Not a shard blamed for identities the merge resolved itself.
    expect(r.stderr).not.toContain("was planned from other identities");
  });

  it("a snapshot resolved from other policy files than the checkout's", async () => {
    const { dir, cleanup } = copyExample();
    try {
      appendFileSync(join(dir, "identities/groups/platform-admins.yaml"), "  - identity: tomas.eriksson\n    reason: INC-3001\n");
      const r = await cli(["plan", "--repo", dir, "--target", "crm", "--identities", snapshot]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`${snapshot.replace(/[.]/g, "\\.")} was resolved from other policy files \\(sha256:[0-9a-f]{64}\\) than this repository's \\(sha256:[0-9a-f]{64}\\)`));
      expect(r.stderr).not.toContain("    at ");
    } finally {
      cleanup();
    }
  });

  it.each([
    [1, "format 1 has no source status of the base"],
    [2, "format 2 may hold a secret-shaped id or value an export carried"],
  ])("a format-%i snapshot (made before the base's source status was kept; before no secret-shaped value was): refused by its version, not planned", async (version, why) => {
    // The file an earlier scopesync wrote: the same lines, its header saying its format, sealed as
    // it sealed it (sha256 of the header without its fingerprint, then every later line).
    const [head, ...rest] = readFileSync(snapshot, "utf8").split("\n");
    const { fingerprint: _, ...fields }: Record<string, unknown> = { ...(JSON.parse(head!) as Record<string, unknown>), formatVersion: version };
    const hash = createHash("sha256").update(`${canonicalJson(fields, 0)}\n`);
    for (const line of rest.slice(0, -1)) hash.update(`${line}\n`);
    const old = join(out, `format-${version}.snapshot`);
    writeFileSync(old, [canonicalJson({ ...fields, fingerprint: `sha256:${hash.digest("hex")}` }, 0), ...rest].join("\n"));
    for (const args of [["plan", "--target", "crm"], ["plan", "merge", shard("crm"), shard("github"), shard("local")]]) {
      const r = await cli([...args, "--repo", EXAMPLE_ROOT, "--identities", old]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`${old}:1: identities snapshot format ${version}, this scopesync reads format 3 (${why})`);
      expect(r.stderr).toContain("resolve again with this scopesync (scopesync resolve --out FILE), then plan and merge every shard with it");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("an edited or cut snapshot, a whole plan given as a shard, an unknown target", async () => {
    const text = readFileSync(snapshot, "utf8");
    const edited = join(out, "edited.snapshot");
    writeFileSync(edited, text.replace('"status":"active"', '"status":"terminated"'));
    const e = await cli(["plan", "--repo", EXAMPLE_ROOT, "--target", "crm", "--identities", edited]);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain(`${edited}:1: the content does not match the fingerprint`);
    const cut = join(out, "cut.snapshot");
    writeFileSync(cut, text.split("\n").slice(0, 20).join("\n"));
    expect((await cli(["plan", "--repo", EXAMPLE_ROOT, "--target", "crm", "--identities", cut])).stderr).toContain("cut short");

    const whole = join(out, "whole.json");
    await cli(["plan", "--repo", EXAMPLE_ROOT, "--now", EXAMPLE_NOW, "--format", "json", "--out", whole]);
    const w = await merge([shard("crm"), whole, shard("local")]);
    expect(w.code).toBe(1);
    expect(w.stderr).toContain(`${whole}: a whole plan (scopesync plan --format json), not a plan shard`);
    expect(w.stderr).toContain(`leave ${whole} out of plan merge`);
    // rv114: the snapshot among the shards, a shard given to apply, the same file twice.
    const s = await merge([shard("crm"), snapshot, shard("local")]);
    expect(s.stderr).toContain(`${snapshot}: an identities snapshot, not a plan shard`);
    expect(s.stderr).toContain(`pass it as --identities ${snapshot}`);
    const a = await cli(["apply", "--repo", EXAMPLE_ROOT, "--plan", shard("crm"), "--target", "local", "--allow-any-now"]);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(`${shard("crm")} is one target's plan shard, not a plan`);
    const twice = await merge([shard("crm"), shard("crm"), shard("github"), shard("local")]);
    expect(twice.stderr).toContain(`error: ${shard("crm")} is given twice`);

    const u = await cli(["plan", "--repo", EXAMPLE_ROOT, "--target", "crn", "--identities", snapshot]);
    expect(u.code).toBe(1);
    expect(u.stderr).toContain(`unknown target "crn"`);
    expect(u.stderr).toContain("crm, github, local");
  });
});
