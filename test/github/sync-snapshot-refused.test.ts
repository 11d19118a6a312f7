// The daily sync on a day its source snapshot is refused (rv52 finding 1). The directory export is
// real ldapsearch output from a real slapd, written with -LLL: no search result in the file
// ("result: 0 Success" is written only without -L, -LL and -LLL: ldapsearch(1),
// https://www.openldap.org/software/man.cgi?query=ldapsearch), so the export cannot prove it is
// whole and `scopesync snapshot` refuses it (exit 3). sync.yml used to run the snapshot under
// `bash -e` before the step that applies the day's revocations: the refusal failed that step, every
// later step was skipped, and HR's leaver was never offboarded. Here sync.yml's own steps run as
// the runner runs them, from the snapshot to the sync (the Action, in process): the refusal no longer
// stops the sync, the leaver's account is disabled, the run's summary and the sync PR say the
// snapshot was refused and why, and the sync step fails so that the refusal is seen.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { SYNC_BRANCH } from "../../src/github/sync-pr.js";
import { peopleAttributes } from "../../src/sources/ldap/read-ldap.js";
import { runCli } from "../helpers/run-cli.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { PEOPLE_DN, startSlapd, type SlapdServer } from "../servers/slapd.js";
import { ActionHarness, NOW } from "./action-harness.js";
import { BOT, ORG, REPO } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin/scopesync.js");
const SUFFIX = "dc=globex,dc=example";
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const PEOPLE = [
  { n: 1, uid: "ana", worker: "W1" },
  { n: 2, uid: "cleo", worker: "W2" },
  { n: 3, uid: "dmitri", worker: "W3" },
];

interface Step { name?: string; id?: string; run?: string; uses?: string; shell?: string; if?: string; "continue-on-error"?: boolean; with?: Record<string, string> }

const git = (dir: string, ...args: string[]): string => {
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.test", ...args], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
};

const hrCsv = (cleo: "Active" | "Terminated") =>
  ["WorkerID,UserID,FirstName,LastName,Email,WorkerStatus", ...PEOPLE.map((p) => `${p.worker},${p.uid},${p.uid},Person,${p.uid}@globex.example,${p.uid === "cleo" ? cleo : "Active"}`)].join("\n") + "\n";

const CONFIG = `version: 1
organisation: globex
sources:
  hr:
    type: csv
    path: exports/hr.csv
    snapshot: state/sources/hr.json
    authoritative: [name, status, employeeId]
    gates: { required: [externalId, userName, status], minRecords: 3 }
    options:
      exportedAt: "2026-11-26T06:00:00Z"
      columns: { externalId: WorkerID, employeeId: WorkerID, userName: UserID, givenName: FirstName, familyName: LastName, email: Email, status: WorkerStatus }
      statusValues: { Active: active, Terminated: terminated }
  ldap:
    type: ldif
    path: exports/people.ldif
    snapshot: state/sources/ldap.json
    gates: { minRecords: 3 }
    options:
      exportedAt: "2026-11-26T05:30:00Z"
      anchor: entryUUID
correlation:
  keys: [anchor, email]
  precedence: [hr, ldap]
targets:
  wiki:
    type: file
    path: state/wiki.json
apply:
  unreviewed: revocations-only
`;

const POLICY = `kind: AppPolicy
id: wiki
target: wiki
scope:
  include:
    - kinds: [person]
accounts:
  login: userName
onLeaveScope: disable
`;

/**
 * Runs sync.yml's steps from the one that writes the snapshot up to the sync step, as the runner
 * does (docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax): a `run` step
 * with no `shell` runs as `bash -e {0}`, with `shell: bash` as `bash --noprofile --norc -eo
 * pipefail {0}`; a failed step skips every later step whose `if` is the default success(), unless
 * it is `continue-on-error`; `steps.<id>.outcome` is success or failure. Other actions (the
 * journal's cache) are taken as succeeding. Returns the sync step, whether it runs, and the outcomes.
 */
function runStepsBeforeSync(steps: Step[], cwd: string, env: Record<string, string>): { sync: Step; runs: boolean; outcomes: Map<string, string>; logs: string[] } {
  const first = steps.findIndex((s) => /scopesync(\.js)? snapshot/.test(s.run ?? ""));
  const at = steps.findIndex((s) => s.uses === "./" && s.with?.command === "sync");
  expect([first >= 0, at > first]).toEqual([true, true]);
  const outcomes = new Map<string, string>();
  const logs: string[] = [];
  let failed = false;
  for (const step of steps.slice(first, at)) {
    // No condition is modelled but the default one: a step that asks for another is a change to look at here.
    expect(step.if, step.name).toBeUndefined();
    if (failed) {
      if (step.id) outcomes.set(step.id, "skipped");
      continue;
    }
    let ok = true;
    if (step.run !== undefined) {
      const script = join(env.RUNNER_TEMP!, `step-${logs.length}.sh`);
      // The workflow runs the CLI of its own checkout (`node bin/scopesync.js`): here, this one's.
      writeFileSync(script, step.run.replaceAll("node bin/scopesync.js ", `node ${JSON.stringify(BIN)} `));
      const shell = step.shell === "bash" ? ["--noprofile", "--norc", "-eo", "pipefail", script] : step.shell === undefined ? ["-e", script] : undefined;
      expect(shell, `${step.name}: shell ${step.shell}`).toBeDefined();
      const r = spawnSync("bash", shell!, { cwd, env, encoding: "utf8" });
      logs.push(`${step.name}: exit ${r.status}\n${r.stdout}${r.stderr}`);
      ok = r.status === 0;
    }
    if (step.id) outcomes.set(step.id, ok ? "success" : "failure");
    if (!ok && step["continue-on-error"] !== true) failed = true;
  }
  const sync = steps[at]!;
  return { sync, runs: !failed || /always\(\)|!cancelled\(\)|failure\(\)/.test(sync.if ?? ""), outcomes, logs };
}

/** The sync step's `with:` as the runner evaluates it, for the expressions this test can know. */
function evaluateWith(sync: Step, outcomes: Map<string, string>, runnerTemp: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(sync.with ?? {})) {
    if (!/^snapshot-/.test(key)) continue;
    out[key] = String(value)
      .replace(/\$\{\{ steps\.([\w-]+)\.outcome \}\}/g, (_, id: string) => outcomes.get(id) ?? "")
      .replace(/\$\{\{ runner\.temp \}\}/g, runnerTemp);
  }
  return out;
}

describe.skipIf(!inject("tools").slapd)("the daily sync when the day's snapshot is refused (an -LLL LDIF export)", () => {
  let slapd: SlapdServer;
  let fake: GithubFake;
  let tmp: string;
  let repo: string;
  let origin: string;
  let runnerTemp: string;
  let h: ActionHarness;

  const ldapsearch = (flags: string[]) => {
    const r = spawnSync("ldapsearch", ["-x", ...flags, "-H", slapd.url, "-D", slapd.bindDN, "-w", slapd.password, "-b", PEOPLE_DN, "(objectClass=inetOrgPerson)", ...peopleAttributes({ anchor: "entryUUID" })], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };

  beforeAll(async () => {
    slapd = await startSlapd({
      suffix: SUFFIX,
      ldif: PEOPLE.map((p) => `dn: uid=${p.uid},${PEOPLE_DN}\nobjectClass: inetOrgPerson\nuid: ${p.uid}\ncn: ${p.uid}\nsn: Person\nmail: ${p.uid}@globex.example\nentryUUID: ${uuid(p.n)}\n`).join("\n"),
    });
    fake = await startGithubFake({ org: ORG, self: BOT });
    fake.org.addRepo(REPO);
    tmp = mkdtempSync(join(tmpdir(), "scopesync-sync-refused-"));
    repo = join(tmp, "policy");
    origin = join(tmp, "origin.git");
    runnerTemp = join(tmp, "runner-temp");
    mkdirSync(runnerTemp);
    for (const d of ["exports", "policies/apps", "identities/people", "state"]) mkdirSync(join(repo, d), { recursive: true });
    writeFileSync(join(repo, "scopesync.yaml"), CONFIG);
    writeFileSync(join(repo, "policies/apps/wiki.yaml"), POLICY);
    writeFileSync(join(repo, "state/wiki.json"), '{"formatVersion":1,"target":"wiki","accounts":[]}\n');
    writeFileSync(join(repo, ".gitignore"), ".scopesync/\n");
    // Day 0: an export that proves itself (without -L), its snapshot accepted, the wiki accounts made.
    writeFileSync(join(repo, "exports/hr.csv"), hrCsv("Active"));
    writeFileSync(join(repo, "exports/people.ldif"), ldapsearch([]));
    const snap = await runCli(["snapshot", "--now", NOW], { cwd: repo });
    expect(snap.code, snap.stderr).toBe(0);
    const made = await runCli(["apply", "--auto-approve", "--now", NOW], { cwd: repo });
    expect(made.code, made.stdout + made.stderr).toBe(0);
    git(tmp, "init", "-q", "--bare", origin);
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "day 0");
    git(repo, "remote", "add", "origin", origin);
    git(repo, "push", "-q", "origin", "main");
    git(repo, "fetch", "-q", "origin");
    fake.org.prs.setBranch(REPO, "main", git(repo, "rev-parse", "HEAD"));
    h = new ActionHarness(fake);
  }, 60_000);

  afterAll(async () => {
    h?.cleanup();
    await slapd?.stop();
    try {
      fake?.assertNoViolations();
    } finally {
      await fake?.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("still disables HR's leaver, says in the summary and the sync PR that the snapshot was refused and why, and fails the run", async () => {
    // Day 1: HR terminates cleo; the directory's cron job writes -LLL output (no search result).
    writeFileSync(join(repo, "exports/hr.csv"), hrCsv("Terminated"));
    const lll = ldapsearch(["-LLL"]);
    expect(lll).not.toMatch(/^result:/m);
    writeFileSync(join(repo, "exports/people.ldif"), lll);
    // `npx scopesync` as the workflow calls it, from this checkout.
    const shims = join(tmp, "bin");
    mkdirSync(shims, { recursive: true });
    writeFileSync(join(shims, "npx"), `#!/bin/sh\n[ "$1" = scopesync ] || exit 127\nshift\nexec node ${JSON.stringify(BIN)} "$@"\n`);
    chmodSync(join(shims, "npx"), 0o755);
    const env = { PATH: `${shims}:${process.env.PATH ?? ""}`, HOME: tmp, RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: join(runnerTemp, "output.txt"), GIT_CONFIG_NOSYSTEM: "1" };

    const steps = (parse(readFileSync(join(ROOT, ".github/workflows/sync.yml"), "utf8")) as { jobs: { sync: { steps: Step[] } } }).jobs.sync.steps;
    const ran = runStepsBeforeSync(steps, repo, env);

    // The snapshot was refused, and that stopped nothing: the branch was pushed, the sync runs.
    expect(ran.logs.join("\n")).toContain("no snapshot was written: fix the sources above first");
    expect(ran.runs, ran.logs.join("\n")).toBe(true);
    expect([...ran.outcomes.values()]).toContain("failure");
    expect(git(repo, "diff", "--name-only", "origin/main", `origin/${SYNC_BRANCH}`).split("\n")).toEqual(["exports/hr.csv", "exports/people.ldif"]);
    fake.org.prs.setBranch(REPO, SYNC_BRANCH, git(repo, "rev-parse", `origin/${SYNC_BRANCH}`));

    const r = await h.run("sync", { ...evaluateWith(ran.sync, ran.outcomes, runnerTemp), "repository-path": repo, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") });

    // cleo's wiki account is disabled: the plan is not blocked by the unproven export.
    const wiki = JSON.parse(readFileSync(join(repo, "state/wiki.json"), "utf8")) as { accounts: Array<{ login: string; active: boolean }> };
    expect(wiki.accounts.map((a) => `${a.login} ${a.active}`)).toEqual(["ana true", "cleo false", "dmitri true"]);
    expect(r.outputs["revocations-applied"]).toBe("1");
    // Named as an error of the run, with the snapshot's own reason, and the step fails.
    expect(r.text).toContain(`::error::the day's source snapshot was refused (scopesync snapshot: error source-unproven-export: source "ldap": exports/people.ldif has no search result`);
    expect(r.code, r.text).toBe(1);
    const summary = readFileSync(join(h.dir, "summary.md"), "utf8");
    expect(summary).toContain("**The day's source snapshot was refused**");
    expect(summary).toContain("no snapshot was written: fix the sources above first");
    expect(summary).toContain("Nothing reviewed, revocations only: applied; 1 applied");
    // The sync PR (it carries the day's exports) opens with the refusal, and its title says it.
    const pulls = fake.org.prs.pulls.filter((p) => p.head === SYNC_BRANCH);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.title).toBe("scopesync: the source snapshot of 2026-11-26 was refused");
    expect((pulls[0]!.body ?? "").startsWith("> ⚠️ **The day's source snapshot was refused**")).toBe(true);
    expect(pulls[0]!.body).toContain('error source-unproven-export: source "ldap"');
  }, 60_000);
});
