// A policy repository where apply's journal decides something on each target, and that journal,
// its lines as apply's runner writes them (apply/runner.ts: entry(), then journalled()): a return
// with what its offboarding took for good (return-not-restored, on local), an offboarding undone
// by hand (offboarding-undone, local), a safety override used up by an applied reviewed plan
// (wiki), a key revoked after the credential report was made (credential-report-lag, iam), and an
// unmanaged account's grace counted from scopesync's own disable (app). For the tests that check
// every plan reads the journal: one process, shards, the Action's jobs.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { changeId, type Action } from "../../src/model/change.js";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { CREDENTIAL_REPORT, ownerLeftRepos } from "./owner-left-repo.js";

const repoWith = ownerLeftRepos();
/** The repository's targets. */
export const JOURNAL_TARGETS = ["app", "iam", "local", "wiki"];
const KEY = "access-key:etl-runner:AKIAEXAMPLEETLRUN001";
/** The reviewed plan of an earlier layoff, which used wiki's override (safety.overrides[0]). */
const LAYOFF = `sha256:${"1".repeat(64)}`;
export const DAILY = `sha256:${"2".repeat(64)}`;

/**
 * A change applied, as apply's runner journals it: its `start` line (entry()), then its `done`
 * line (journalled()), the fields in that order.
 */
export function done(at: string, fingerprint: string, target: string, action: Action, identity: string, more: Partial<JournalRecord> = {}): string {
  const detail = more.entitlement ?? more.credential ?? "";
  const entry: JournalRecord = { at, run: `run-${fingerprint.slice(7, 9)}-${at.slice(0, 10)}`, fingerprint, review: "reviewed", replan: fingerprint, planTime: at, change: changeId(target, action, identity, detail), target, action, identity, ...more, phase: "start" };
  return `${JSON.stringify(entry)}\n${JSON.stringify({ ...entry, phase: "done", outcome: "applied", attempts: 1 })}\n`;
}

/** Every decision's line; each on its own target, so each shard decides its own from the journal. */
export const JOURNAL = [
  // wiki: the layoff's reviewed plan disabled three accounts with the override: it is used up.
  ...["w1", "w2", "w3"].map((id) => done("2026-11-02T10:00:00.000Z", LAYOFF, "wiki", "disable-account", `account:${id}`, { account: id, login: id, why: "unmanaged account" })),
  // app: scopesync disabled old-demo on 2026-11-10; the state's own date is older: the grace counts from the journal's.
  done("2026-11-10T06:00:00.000Z", DAILY, "app", "disable-account", "account:old-demo", { account: "m2", login: "old-demo", why: "unmanaged account" }),
  // local: ada was offboarded by mistake (HR error), and her team-maintainer role went for good; she is back.
  done("2026-11-12T08:00:00.000Z", DAILY, "local", "delete-account", "ada.lovelace", { account: "l1", login: "ada.lovelace", lost: ["team-maintainer of team:platform (held by hand)"], why: "left the organisation" }),
  // local: grace.hopper was disabled when she left, and someone enabled her again by hand.
  done("2026-11-21T08:00:00.000Z", DAILY, "local", "disable-account", "grace.hopper", { account: "l3", login: "grace.hopper", why: "left the organisation" }),
  // iam: svc-etl's key, revoked an hour after the credential report was made.
  done("2026-11-26T07:12:00.000Z", DAILY, "iam", "revoke-credential", "svc-etl", { account: "AIDAEXAMPLEETLRUN001", login: "etl-runner", credential: KEY, why: "quarantined" }),
].join("");

const state = (target: string, accounts: object[], credentials: object[] = [], readAt = "2026-11-26T08:30:00Z") => `${JSON.stringify({ formatVersion: 1, target, readAt, accounts, credentials })}\n`;
const unmanaged = (ids: string[]) => ids.map((id) => ({ id, login: id, active: true, attributes: {}, entitlements: [] }));

/** The policy repository: grace.hopper left on 2026-11-20 (owner of svc-etl), ada.lovelace is active. */
export function journalRepo(): string {
  return repoWith({
    sources: `  aws:\n    type: aws-iam\n    path: exports/aws/credential-report.csv\n    options: { exportedAt: "2026-11-26T06:00:00Z" }\n`,
    targets: [
      "  app:\n    type: file\n    path: state/app.json\n",
      "  iam:\n    type: aws-iam\n    state: state/iam.json\n",
      "  wiki:\n    type: file\n    path: state/wiki.json\n",
    ].join(""),
    files: {
      "exports/aws/credential-report.csv": CREDENTIAL_REPORT,
      "identities/service-accounts/svc-etl.yaml": "kind: ServiceAccount\nid: svc-etl\nowner: grace.hopper\nstatus: active\npurpose: Nightly ETL from S3.\nattributes:\n  awsUser: etl-runner\ndiscoveredBy:\n  - { source: aws, id: etl-runner }\n",
      "policies/apps/iam.yaml": "kind: AppPolicy\nid: iam\ntarget: iam\nscope:\n  include:\n    - kinds: [service-account]\n      where: { awsUser: [etl-runner] }\naccounts:\n  login: awsUser\n",
      // The key is gone from the state read after the revoke (revoke: delete).
      "state/iam.json": state("iam", [{ id: "AIDAEXAMPLEETLRUN001", login: "etl-runner", active: true, attributes: { arn: "arn:aws:iam::123456789012:user/etl-runner" }, entitlements: [] }]),
      "policies/apps/local.yaml": "kind: AppPolicy\nid: local\ntarget: local\nscope:\n  include:\n    - kinds: [person]\n",
      "state/local.json": state("local", [{ id: "l3", login: "grace.hopper", externalId: "hr:W3", active: true, attributes: {}, entitlements: [] }]),
      "policies/apps/app.yaml": "kind: AppPolicy\nid: app\ntarget: app\nscope:\n  include:\n    - kinds: [person]\n      where: { department: [Nobody] }\nonLeaveScope: delete\ndeleteGracePeriod: 30d\nunmanagedAccounts: disable\n",
      "state/app.json": state("app", [{ id: "m2", login: "old-demo", active: false, disabledAt: "2026-10-01T00:00:00Z", attributes: {}, entitlements: [] }]),
      "policies/apps/wiki.yaml": "kind: AppPolicy\nid: wiki\ntarget: wiki\nscope:\n  include:\n    - kinds: [person]\n      where: { department: [Nobody] }\nunmanagedAccounts: disable\n",
      "state/wiki.json": state("wiki", unmanaged(["w4", "w5", "w6"])),
    },
  });
}

/** wiki's limit and the layoff's override, which names no identities. */
export function withOverride(dir: string): void {
  const file = join(dir, "scopesync.yaml");
  writeFileSync(file, `${readFileSync(file, "utf8")}safety:\n  targets:\n    wiki:\n      disables: { count: 2 }\n  overrides:\n    - target: wiki\n      limit: disables\n      allow: 3\n      reason: "Closing the Lyon office (HR-2231)"\n      expiresAt: "2026-12-08"\n`);
}

export function withJournal(dir: string, path = ".scopesync/journal.jsonl"): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), JOURNAL);
}

