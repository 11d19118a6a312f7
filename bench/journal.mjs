// Journal benchmark: what a year of apply's journal costs `plan` and `apply` (rv76 #1). The journal
// is only ever appended to and the workflows carry it from run to run: at 15% yearly turnover over
// ten apps, a 100k-person organisation writes about a million lines a year. Every reader used to
// take it whole into one string: 537 MB for a plan at 400k lines, and past V8's longest string
// (~900k lines) every plan, explain and apply stopped. Now it is streamed a megabyte at a time.
//
// A minimal repository (two people, one leaver, one file target) with a journal of 100k, 400k and
// 1M lines of the shape apply writes (start/done pairs, ~580 bytes a line, three targets); the
// CLI runs as a child process, and its wall time, CPU time and peak RSS are measured. `apply`
// is `apply --auto-approve` of the leaver's two changes: nearly all of it is reading the journal
// on the way in (resume) and the plan's readers.
//
//   npm run build && node bench/journal.mjs
//   BENCH_CLI=/path/to/other/bin/scopesync.js node bench/journal.mjs   (another build, for before/after)
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync, readFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CLI = process.env.BENCH_CLI ?? fileURLToPath(new URL("../bin/scopesync.js", import.meta.url));
const PRELOAD = fileURLToPath(new URL("./max-rss.cjs", import.meta.url));
const SIZES = (process.env.BENCH_JOURNAL_LINES ?? "100000,400000,1000000").split(",").map(Number);
const NOW = "2026-11-26T09:00:00Z";

const CONFIG = `version: 1
organisation: kestrel
sources:
  hr:
    type: csv
    path: exports/hr.csv
    authoritative: [name, department, title, status, employeeId]
    gates: { required: [externalId, userName, status], minRecords: 1 }
    options:
      exportedAt: "2026-11-26T06:00:00Z"
      columns: { externalId: id, employeeId: id, userName: login, email: email, givenName: first, familyName: last, status: status, department: department }
      statusValues: { Active: active, Terminated: terminated }
targets:
  wiki:
    type: file
    path: state/wiki.json
safety:
  default:
    changes: { count: 500, percent: 100 }
    disables: { count: 50, percent: 100 }
    removals: { count: 50, percent: 100 }
`;

function repo() {
  const dir = mkdtempSync(path.join(tmpdir(), "scopesync-bench-journal-"));
  for (const d of ["exports", "state", "identities/groups", "policies/apps", ".scopesync"]) mkdirSync(path.join(dir, d), { recursive: true });
  writeFileSync(path.join(dir, "scopesync.yaml"), CONFIG);
  writeFileSync(path.join(dir, "exports/hr.csv"), "id,login,email,first,last,status,department\nW1,ines,ines@kestrel.example,Ines,Ortega,Active,Engineering\nW2,tlind,tlind@kestrel.example,Tomas,Lind,Terminated,Engineering\n");
  writeFileSync(path.join(dir, "identities/groups/engineering.yaml"), "kind: Group\nid: engineering\nowners: [ines]\nbirthright: [ { kinds: [person], where: { department: Engineering } } ]\n");
  writeFileSync(path.join(dir, "policies/apps/wiki.yaml"), 'kind: AppPolicy\nid: wiki\ntarget: wiki\nscope: { include: [ { kinds: [person], where: { department: Engineering } } ] }\nentitlements:\n  - { group: engineering, entitlement: "group:engineering" }\nonLeaveScope: disable\n');
  spawnSync("git", ["init", "-q"], { cwd: dir });
  return dir;
}

function state(dir) {
  writeFileSync(path.join(dir, "state/wiki.json"), JSON.stringify({ formatVersion: 1, accounts: [
    { id: "w1", login: "ines", externalId: "hr:W1", active: true, attributes: {}, entitlements: ["group:engineering"] },
    { id: "w2", login: "tlind", externalId: "hr:W2", active: true, attributes: {}, entitlements: ["group:engineering"] },
  ], credentials: [] }));
}

/** `n` lines of start/done pairs over a year, as apply writes them (model/journal-record.ts). */
function journal(file, n) {
  const fd = openSync(file, "w");
  const acts = ["revoke", "disable-account", "grant", "create-account", "revoke-credential"];
  const t0 = Date.parse("2025-11-26T07:00:00Z");
  let buf = [];
  for (let i = 0; i < n; i += 2) {
    const day = Math.floor(i / (n / 365));
    const at = new Date(t0 + day * 86400000 + (i % 1000) * 1000).toISOString();
    const id = `p${i % 5000}`;
    const action = acts[(i / 2) % 5];
    const b = { at, run: `run-${day}`, fingerprint: `sha256:${day.toString(16).padStart(64, "0")}`, review: "unreviewed-revocation", replan: `sha256:${"b".repeat(64)}`, planTime: at, change: (i * 7919).toString(16).padStart(16, "0"), target: ["github", "crm", "wiki"][i % 3], action, identity: id, account: String(200000 + (i % 5000)), login: id };
    if (action === "revoke" || action === "grant") b.entitlement = `team:eng-${i % 40}`;
    const s = { ...b, why: "left the organisation on 2026-01-01 (status terminated in hr)", evidence: [`hr exports/hr.csv row ${i % 5000} (line ${(i % 5000) + 1})`], phase: "start" };
    buf.push(JSON.stringify(s), JSON.stringify({ ...s, phase: "done", outcome: "applied", attempts: 1 }));
    if (buf.length >= 10000) {
      writeSync(fd, `${buf.join("\n")}\n`);
      buf = [];
    }
  }
  if (buf.length) writeSync(fd, `${buf.join("\n")}\n`);
  closeSync(fd);
}

function timed(dir, args) {
  const usage = path.join(dir, "usage.json");
  rmSync(usage, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", PRELOAD, CLI, ...args], { cwd: dir, env: { ...process.env, BENCH_USAGE_FILE: usage }, encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const u = JSON.parse(readFileSync(usage, "utf8"));
  const failed = r.status !== 0 && r.status !== 2 ? (r.stderr.split("\n").find((l) => l.startsWith("error:")) ?? `exit ${r.status}`) : undefined;
  return { seconds, cpu: u.cpuUs / 1e6, rssMb: u.maxRssKb / 1024, failed };
}

const cell = (m) => (m.failed ? `fails: ${m.failed.slice(0, 70)}` : `${m.seconds.toFixed(1)} s (${m.cpu.toFixed(1)} s CPU), ${Math.round(m.rssMb)} MB`);

export async function run() {
  console.log(`CLI ${CLI}; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}`);
  console.log("| journal | size | plan | apply --auto-approve |");
  console.log("|---|---|---|---|");
  for (const n of [0, ...SIZES]) {
    const dir = repo();
    try {
      state(dir);
      const file = path.join(dir, ".scopesync/journal.jsonl");
      if (n > 0) journal(file, n);
      const mb = n > 0 ? `${Math.round(statSync(file).size / 1e6)} MB` : "-";
      const plan = timed(dir, ["plan", "--now", NOW]);
      const apply = timed(dir, ["apply", "--auto-approve", "--now", NOW]);
      console.log(`| ${n === 0 ? "none" : `${n.toLocaleString("en")} lines`} | ${mb} | ${cell(plan)} | ${cell(apply)} |`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
