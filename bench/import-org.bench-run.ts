// Import of a 10,000-member GitHub org (the OpenAPI-checked fake, 200 teams of ~100, SAML, deploy keys,
// token grants) and of a 2,000-user SCIM app (the scimmy test server, whose list handler rebuilds
// every user for each page: at 10,000 users one page takes it minutes, which would time the server,
// not scopesync), each by `scopesync import` in a child process, as a person runs it: wall time
// and that process's peak resident memory. Run by bench/import.mjs (npm run bench), which prints
// the table this writes, and the load average, since the fake and the server share the machine.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { startGithubFake } from "../test/servers/github-fake/index.js";
import { startScimServer } from "../test/servers/scim-server.js";
import { seedGithubOrg } from "../test/adopt/github-org.js";
import { configYaml, hrCsv, scimSeed, workers, writeFile } from "../test/adopt/org-fixtures.js";

const BIN = fileURLToPath(new URL("../bin/scopesync.js", import.meta.url));
const MEMBERS = 10_000;
const SCIM_USERS = 2_000;
// Prints the child's peak RSS (KiB) on stderr as it exits: no wrapper process in the figure.
const PEAK = `data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("peak-rss-kib "+u.maxRSS+" cpu-us "+(u.userCPUTime+u.systemCPUTime)+"\\n")})`;

/** Wall time, peak RSS, and the CPU time the import process itself used (the rest is waiting for the target). */
function runImport(dir: string, target: string, env: Record<string, string>): Promise<{ seconds: number; cpuSeconds: number; peakMiB: number; stdout: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", PEAK, BIN, "import", "--target", target, "--repo", dir, "--now", "2026-12-02T08:00:00Z"], { env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => {
      const seconds = (performance.now() - started) / 1000;
      const m = /peak-rss-kib (\d+) cpu-us (\d+)/.exec(stderr);
      if (code !== 0 || !m) reject(new Error(`import exited ${code}: ${stderr}`));
      else resolve({ seconds, cpuSeconds: Number(m[2]) / 1e6, peakMiB: Number(m[1]) / 1024, stdout });
    });
  });
}

it("imports a 10k-member GitHub org and a 10k-user SCIM app", async () => {
  const people = workers(MEMBERS + 20, 17);
  const rows: string[] = [];
  const dirs: string[] = [];

  const fake = await startGithubFake();
  try {
    const org = seedGithubOrg(fake.org, people, { members: MEMBERS, teams: 200, saml: true, teamShare: 0.01 });
    const dir = mkdtempSync(join(tmpdir(), "scopesync-bench-import-"));
    dirs.push(dir);
    writeFile(dir, "scopesync.yaml", configYaml(`  github:\n    type: github\n    org: acme-robotics\n    token: "\${env:GH_TOKEN}"\n    runAs: scopesync-bot\n    options: { baseUrl: "${fake.url}", saml: true, machineAccounts: "-bot$" }\n`));
    writeFile(dir, "exports/hr.csv", hrCsv(people));
    const r = await runImport(dir, "github", { GH_TOKEN: fake.token });
    expect(r.stdout).toContain(`imported github: ${MEMBERS} accounts linked`);
    fake.assertNoViolations();
    rows.push(`| GitHub org (fake) | ${fake.org.members.size.toLocaleString("en-US")} members, ${fake.org.teams.size} teams, ${org.invited.length} invitations | ${fake.requests.length.toLocaleString("en-US")} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} | ${Math.round(r.peakMiB)} |`);
  } finally {
    await fake.close();
  }

  const scim = await startScimServer({ maxResults: 1000 });
  try {
    const seed = scimSeed(people.slice(0, SCIM_USERS), 40);
    // The test server checks userName uniqueness by a scan per user: seed in slices (each admin
    // call stays short), then create the groups through SCIM itself, members by id.
    const ids: Record<string, string> = {};
    for (let i = 0; i < seed.users.length; i += 500) Object.assign(ids, (await scim.seed({ users: seed.users.slice(i, i + 500) })).users);
    for (const g of seed.groups) {
      const r = await fetch(`${scim.url}/Groups`, { method: "POST", headers: { authorization: `Bearer ${scim.token}`, "content-type": "application/scim+json" }, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: g.displayName, members: g.members.map((m) => ({ value: ids[m.toLowerCase()] })) }) });
      if (r.status !== 201) throw new Error(`POST /Groups ${g.displayName}: ${r.status} ${await r.text()}`);
    }
    const dir = mkdtempSync(join(tmpdir(), "scopesync-bench-import-"));
    dirs.push(dir);
    writeFile(dir, "scopesync.yaml", configYaml(`  crm:\n    type: scim\n    url: ${scim.url}\n    token: "\${env:CRM_TOKEN}"\n    options: { pageSize: 500, timeoutMs: 600000 }\n`));
    writeFile(dir, "exports/hr.csv", hrCsv(people));
    const r = await runImport(dir, "crm", { CRM_TOKEN: scim.token });
    const stats = await scim.stats();
    rows.push(`| SCIM app (scimmy) | ${stats.store.users.toLocaleString("en-US")} users, ${stats.store.groups} groups | ${Object.values(stats.requests).reduce((a, b) => a + b, 0)} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} | ${Math.round(r.peakMiB)} |`);
  } finally {
    await scim.stop();
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  const load = loadavg().map((l) => l.toFixed(1)).join(", ");
  writeFileSync(process.env.SCOPESYNC_BENCH_OUT ?? join(tmpdir(), "scopesync-bench-import.md"), ["| target | holds | requests | import s | import CPU s | peak MiB |", "|---|---|---:|---:|---:|---:|", ...rows, "", `load average at the end: ${load} (${cpus().length} cores)`].join("\n") + "\n");
});
