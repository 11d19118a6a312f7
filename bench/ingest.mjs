// Ingest benchmark: how long the file-based source adapters take to read large exports, and how
// much memory they need. Generates synthetic HR CSV and LDIF exports into a temp dir, reads each
// in its own child process (so peak RSS belongs to that read alone), and prints a table. The
// 10k/100k pairs check that reading stays linear in the number of records.
//
//   npm run build && node bench/ingest.mjs
import { fork } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const SELF = fileURLToPath(import.meta.url);
const REGISTRY = new URL("../dist/sources/registry.js", import.meta.url);
const EXPORTED_AT = "2025-03-01T06:00:00Z";
const SIZES = [10_000, 100_000];
const STATUSES = ["Active", "Active", "Active", "Active", "On Leave", "Terminated"];
const DEPARTMENTS = ["Engineering", "Sales", "Finance", "Research", "Support", "Legal"];
// Users per LDIF group: every user is a member of one group, listed on both sides (member + memberOf).
const GROUP_SIZE = 1000;

function hrCsv(count) {
  const lines = ["WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate,EmployeeID"];
  for (let i = 1; i <= count; i++) {
    const status = STATUSES[i % STATUSES.length];
    lines.push(
      [
        `W${i}`, `user${i}`, `Given${i}`, `"Family, ${i}"`, `User${i}@Example.com`, status,
        i % 7 === 0 ? "Contractor" : "Employee", `"Engineer ""L${i % 5}"""`, DEPARTMENTS[i % DEPARTMENTS.length],
        i > 1 ? `W${Math.ceil(i / 8)}` : "", `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`,
        status === "Terminated" ? "2024-12-31" : "", `E-${i}`,
      ].join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

function uuid(i) {
  const hex = i.toString(16).padStart(12, "0");
  return `5f0c2a1e-8d3b-4c2a-9f1e-${hex}`;
}

function ldif(count) {
  const groups = Math.ceil(count / GROUP_SIZE);
  const parts = ["version: 1\n"];
  for (let i = 1; i <= count; i++) {
    const group = Math.ceil(i / GROUP_SIZE);
    parts.push(
      `dn: uid=user${i},ou=people,dc=example,dc=org\nobjectClass: top\nobjectClass: person\nobjectClass: inetOrgPerson\n` +
        `uid: user${i}\ncn: Given${i} Family${i}\nsn: Family${i}\ngivenName: Given${i}\nmail: User${i}@Example.org\n` +
        `employeeNumber: ${i}\ndepartmentNumber: ${DEPARTMENTS[i % DEPARTMENTS.length]}\ntitle: Engineer L${i % 5}\n` +
        `manager: uid=user${Math.ceil(i / 8)},ou=people,dc=example,dc=org\nentryUUID: ${uuid(i)}\n` +
        `description: A description long enough that ldapsearch folds it onto a second line when it\n  exceeds seventy-six characters.\n` +
        `userPassword:: e1NTSEF9c2VjcmV0c2FsdA==\nmemberOf: cn=group${group},ou=groups,dc=example,dc=org\n`,
    );
  }
  for (let g = 1; g <= groups; g++) {
    const members = [];
    for (let i = (g - 1) * GROUP_SIZE + 1; i <= Math.min(count, g * GROUP_SIZE); i++) {
      members.push(`member: uid=user${i},ou=people,dc=example,dc=org`);
    }
    parts.push(`dn: cn=group${g},ou=groups,dc=example,dc=org\nobjectClass: groupOfNames\ncn: group${g}\n${members.join("\n")}\n`);
  }
  return `${parts.join("\n")}\n`;
}

/** Child process: read one export and report records, seconds and peak RSS. */
async function measure(type, file) {
  const { getSourceAdapter } = await import(REGISTRY.href);
  const context = {
    name: `bench-${type}`,
    config: { type, path: file, options: { exportedAt: EXPORTED_AT } },
    repoDir: path.dirname(file),
    env: {},
  };
  const started = process.hrtime.bigint();
  const records = await getSourceAdapter(type).read(context);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // maxRSS is in kilobytes; it is the peak of this process, which did nothing but this read.
  const peakRssMb = Math.max(process.resourceUsage().maxRSS / 1024, process.memoryUsage().rss / 1024 / 1024);
  return { records: records.length, seconds, peakRssMb };
}

function inChild(type, file) {
  return new Promise((resolve, reject) => {
    const child = fork(SELF, ["--measure", type, file], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.once("message", resolve);
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`measuring ${type} ${file} failed with exit code ${code}`));
    });
  });
}

/** Generates the exports, reads each in a child process, prints and returns the results. */
export async function run({ sizes = SIZES, log = console.log } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), "scopesync-ingest-"));
  const results = [];
  try {
    for (const size of sizes) {
      const csvFile = path.join(dir, `hr-${size}.csv`);
      const ldifFile = path.join(dir, `directory-${size}.ldif`);
      await writeFile(csvFile, hrCsv(size));
      await writeFile(ldifFile, ldif(size));
      for (const [type, file] of [["csv", csvFile], ["ldif", ldifFile]]) {
        const result = await inChild(type, file);
        if (result.records !== size) throw new Error(`${type}: read ${result.records} records, generated ${size}`);
        results.push({ type, size, ...result });
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  log(table(results));
  return results;
}

function table(results) {
  const rows = [["source", "records", "seconds", "records/s", "peak RSS MB"]];
  for (const r of results) {
    rows.push([r.type, String(r.records), r.seconds.toFixed(3), Math.round(r.records / r.seconds).toLocaleString("en-US"), r.peakRssMb.toFixed(0)]);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  "));
  lines.splice(1, 0, widths.map((width) => "-".repeat(width)).join("  "));
  for (const type of new Set(results.map((r) => r.type))) {
    const [small, large] = results.filter((r) => r.type === type).sort((a, b) => a.size - b.size);
    if (small && large && large !== small) {
      lines.push(`${type}: ${large.size / small.size}x the records took ${(large.seconds / small.seconds).toFixed(1)}x the time`);
    }
  }
  return lines.join("\n");
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly && process.argv[2] === "--measure") {
  measure(process.argv[3], process.argv[4]).then(
    (result) => process.send(result, () => process.exit(0)),
    (error) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
} else if (invokedDirectly) {
  run().catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
