// Apply benchmark: how many changes per second the apply runner and the scim connector get through
// against the SCIM test server (scimmy, test/servers/scim-server/server.mjs, started here as a
// child process on 127.0.0.1), at concurrency 1, 4 and 16, each on a fresh server. Beside it, the
// server's own capacity for the same writes: a plain HTTP load of POST /Users and one-member
// PATCH /Groups at 1, 4 and 16 requests in flight, so the figures say how much of the time is
// scopesync's. No faults; retries would not wait (zero-wait timing). Apply starts as
// `scopesync apply` does, with the connector's live read (not timed: it is the planning half).
// The machine is shared, so each row runs ROUNDS times, apply and server alone alternating, and
// keeps each side's best time; beside it, the CPU this process spent per change (the server is
// another process), which a loaded machine does not distort as much as the wall time.
//
//   npm run build && node bench/apply.mjs
import { fork, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("../test/servers/scim-server/server.mjs", import.meta.url));
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const PEOPLE = 300; // × (create + 3 grants) = 1,200 changes
const ROUNDS = 3;
const GROUPS = 50; // 10 members each per grant kind: small groups, as scimmy re-validates members on each PATCH
const CONCURRENCY = [1, 4, 16];

async function startServer() {
  const token = `bench-${randomBytes(12).toString("hex")}`;
  const child = fork(SERVER, [], { env: { PATH: process.env.PATH ?? "", SCIM_SERVER_TOKEN: token, SCIM_SERVER_MAX_RESULTS: "200" }, stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const port = await new Promise((resolve, reject) => {
    child.once("message", (m) => (m?.ready ? resolve(m.port) : reject(new Error(JSON.stringify(m)))));
    child.once("exit", (code) => reject(new Error(`scim server exited (${code})`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  const admin = async (p, body) => {
    const r = await fetch(`${origin}/__admin/${p}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
    if (!r.ok) throw new Error(`admin ${p}: ${r.status}`);
    return r.json();
  };
  return {
    url: `${origin}/scim/v2`,
    token,
    /** Empty store, then the groups; returns group ids by name. */
    async fresh() {
      await admin("reset");
      return (await admin("seed", { groups: groupNames().map((displayName) => ({ displayName })) })).groups;
    },
    stop: () => new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGTERM");
    }),
  };
}

function groupNames() {
  return ["squad", "guild", "site"].flatMap((k) => Array.from({ length: GROUPS / (k === "squad" ? 1 : k === "guild" ? 2 : 5) }, (_, g) => `${k}-${g}`));
}

/** The changes a plan of PEOPLE joiners has: create, then three group grants each. */
async function changes() {
  const { changeId } = await import(dist("model/change.js"));
  const out = [];
  const kinds = [["squad", GROUPS], ["guild", GROUPS / 2], ["site", GROUPS / 5]];
  for (let i = 0; i < PEOPLE; i++) {
    const login = `bench${String(i).padStart(4, "0")}`;
    const base = { target: "crm", identity: login, login, anchor: `hr:B${i}`, privileged: false, origin: "source", reason: "bench", evidence: [] };
    out.push({ ...base, id: changeId("crm", "create-account", login), action: "create-account", attributes: { displayName: { from: null, to: `Bench ${i}` }, externalId: { from: null, to: `hr:B${i}` } } });
    for (const [k, n] of kinds) {
      const entitlement = `group:${k}-${i % n}`;
      out.push({ ...base, id: changeId("crm", "grant", login, entitlement), action: "grant", entitlement });
    }
  }
  return out;
}

async function applyRun(server, all, concurrency, dir) {
  const { runApply } = await import(dist("apply/runner.js"));
  const { Journal } = await import(dist("apply/journal.js"));
  const { DEFAULT_RETRY } = await import(dist("apply/retry.js"));
  const { createScimConnector } = await import(dist("targets/scim/index.js"));
  await server.fresh();
  const connector = createScimConnector({ type: "scim", url: server.url, token: "${env:BENCH_SCIM_TOKEN}", options: { maxConcurrency: 64, timeoutMs: 30_000 } }, { name: "crm", repoDir: dir, env: { BENCH_SCIM_TOKEN: server.token } });
  const journal = new Journal(path.join(dir, `journal-${concurrency}.jsonl`));
  // As \`scopesync apply\` does: the live read (planning) first, under the lease, then the changes.
  await connector.read();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { results } = await runApply({ changes: all, connectors: new Map([["crm", connector]]), journal, run: "bench", fingerprint: "bench", concurrency, retry: DEFAULT_RETRY, timing: { sleep: async () => {}, random: Math.random }, now: Date.now });
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSince(cpu);
  const failed = results.filter((r) => r.status !== "applied").length;
  if (failed > 0) throw new Error(`${failed} changes not applied at concurrency ${concurrency}`);
  await connector.close();
  return { seconds, cpuSeconds };
}

/** The same writes without scopesync: POST each user, then PATCH one member into each group. */
async function rawRun(server, inFlight) {
  const groups = await server.fresh();
  const headers = { authorization: `Bearer ${server.token}`, "content-type": "application/scim+json" };
  const ids = new Array(PEOPLE);
  const pool = async (count, one) => {
    let next = 0;
    await Promise.all(Array.from({ length: inFlight }, async () => {
      for (let i = next++; i < count; i = next++) await one(i);
    }));
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await pool(PEOPLE, async (i) => {
    const r = await fetch(`${server.url}/Users`, { method: "POST", headers, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `raw${i}`, externalId: `hr:R${i}`, displayName: `Raw ${i}`, active: true }) });
    if (r.status !== 201) throw new Error(`POST /Users: ${r.status}`);
    ids[i] = (await r.json()).id;
  });
  const kinds = [["squad", GROUPS], ["guild", GROUPS / 2], ["site", GROUPS / 5]];
  await pool(PEOPLE * 3, async (j) => {
    const i = Math.floor(j / 3);
    const [k, n] = kinds[j % 3];
    const r = await fetch(`${server.url}/Groups/${groups[`${k}-${i % n}`]}`, { method: "PATCH", headers, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "add", path: "members", value: [{ value: ids[i] }] }] }) });
    if (r.status >= 300) throw new Error(`PATCH /Groups: ${r.status}`);
    await r.arrayBuffer();
  });
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSince(cpu) };
}

/** The GitHub half runs under vitest, as the GitHub fake is TypeScript; it writes its table to a file. */
async function githubRun(dir) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const out = path.join(dir, "apply-github.md");
  const r = spawnSync(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", "bench/vitest.config.mjs", "apply-github"], { cwd: root, env: { ...process.env, SCOPESYNC_BENCH_APPLY_OUT: out }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`github apply benchmark failed:\n${r.stdout}\n${r.stderr}`);
  return readFile(out, "utf8");
}

function cpuSince(start) {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
}

export async function run() {
  const server = await startServer();
  const dir = await mkdtemp(path.join(tmpdir(), "scopesync-bench-apply-"));
  try {
    const all = await changes();
    const rows = [];
    for (const c of CONCURRENCY) {
      let apply;
      let raw;
      for (let round = 0; round < ROUNDS; round++) {
        const a = await applyRun(server, all, c, dir);
        const r = await rawRun(server, c);
        if (!apply || a.seconds < apply.seconds) apply = a;
        if (!raw || r.seconds < raw.seconds) raw = r;
      }
      rows.push({ c, apply, raw });
    }
    const fmt = (n, d = 2) => n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
    const ms = (seconds) => fmt((seconds * 1000) / all.length, 2);
    console.log(`| concurrency | changes | apply s | apply changes/s | server alone s | server alone writes/s | apply / server | client CPU ms per change: apply / alone |`);
    console.log(`|---:|---:|---:|---:|---:|---:|---:|---:|`);
    for (const { c, apply, raw } of rows) {
      console.log(`| ${c} | ${all.length.toLocaleString("en-US")} | ${fmt(apply.seconds)} | ${fmt(all.length / apply.seconds, 0)} | ${fmt(raw.seconds)} | ${fmt(all.length / raw.seconds, 0)} | ${fmt((raw.seconds / apply.seconds) * 100, 0)}% | ${ms(apply.cpuSeconds)} / ${ms(raw.cpuSeconds)} |`);
    }
    console.log(`\nBest of ${ROUNDS} alternating rounds per row; load average ${loadavg().map((l) => l.toFixed(1)).join(", ")} on ${cpus().length} cores (shared machine).`);
    console.log(`\nGitHub (bench/apply-github.bench-run.ts):\n`);
    console.log(await githubRun(dir));
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
