// Preloaded (node --require) into the CLI by bench/journal.mjs: on exit, the process's peak
// resident memory and CPU time, written to BENCH_USAGE_FILE (stdout and stderr are the CLI's).
const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
});
