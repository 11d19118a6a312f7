import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
    // Finds slapd, zsh and fish: tests that need a missing one are skipped locally, and fail in CI.
    globalSetup: ["./test/global-setup.ts"],
    // Integration tests start real servers (slapd, SCIM) as child processes; give them room.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
