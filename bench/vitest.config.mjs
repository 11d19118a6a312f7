// The import benchmark starts the GitHub fake, which is TypeScript (test/servers/github-fake):
// vitest runs it, and only it; `npm test` never includes bench/.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["bench/**/*.bench-run.ts"], testTimeout: 1_800_000, hookTimeout: 120_000, reporters: ["dot"] },
});
