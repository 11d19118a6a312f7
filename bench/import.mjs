// Import benchmark: `scopesync import` of a 10,000-member GitHub org and a 10,000-user SCIM app.
// The GitHub fake is TypeScript, so vitest runs bench/import-org.bench-run.ts (bench/vitest.config.mjs)
// and this prints the table it writes. Needs `npm run build` first (npm run bench does it).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export async function run() {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const dir = mkdtempSync(path.join(tmpdir(), "scopesync-bench-"));
  const out = path.join(dir, "import.md");
  try {
    const r = spawnSync(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", "bench/vitest.config.mjs", "import-org"], { cwd: root, env: { ...process.env, SCOPESYNC_BENCH_OUT: out }, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`import benchmark failed:\n${r.stdout}\n${r.stderr}`);
    console.log(readFileSync(out, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
